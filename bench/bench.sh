#!/bin/sh
# bench/bench.sh: `make bench`: runs bench/figures.sh here and in the KVM test host, prints the table, writes results.json.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: bench/bench.sh [--builddir DIR] [--srcdir DIR] [--runs N]
#          [--kvmhost-runs N] [--target MS] [--no-kvmhost] [--no-qemu]
#          [--baseline BUILDDIR]
#
# Every figure is labelled with where it ran:
#   host     this machine's /dev/kvm (named by its module, e.g. kvm_pvm)
#   kvmhost  the KVM test host: Debian's kernel with the real kvm_amd
#            module, itself running under QEMU's emulator (tests/kvmhost.sh)
# Figures that this host's KVM cannot run (32-bit paging: vmm-pm, os-1k,
# the interrupt figures) come only from the test host; the real-mode
# figures come from both.
# Baselines (the KVM floor, QEMU) are measured in the same run as what they
# are compared with, interleaved run by run. --baseline names another built
# tree (say, of the main branch) whose tools are measured alongside ours for
# the exit, start-up and os-1k figures: before/after in one run.

set -u
me=bench/bench.sh
builddir=${top_builddir:-.}
srcdir=
runs=7
kh_runs=5
target=300
use_kvmhost=1
use_qemu=1
baseline=
while [ $# -gt 0 ]; do
	case $1 in
	--builddir) builddir=$2; shift ;;
	--srcdir) srcdir=$2; shift ;;
	--runs) runs=$2; shift ;;
	--kvmhost-runs) kh_runs=$2; shift ;;
	--target) target=$2; shift ;;
	--no-kvmhost) use_kvmhost=0 ;;
	--no-qemu) use_qemu=0 ;;
	--baseline) baseline=$2; shift ;;
	-h | --help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "$me: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
builddir=$(cd "$builddir" && pwd) || exit 2
[ -n "$srcdir" ] || srcdir=$(cd "$(dirname "$0")/.." && pwd)
srcdir=$(cd "$srcdir" && pwd) || exit 2

die() {
	echo "$me: error: $*" >&2
	exit 1
}

failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT
: >"$work/figures"

# The tools themselves, not libtool's wrapper scripts: a wrapper would add a
# shell's start-up to every run.
prog() {
	if [ -x "$builddir/src/.libs/$1" ]; then
		echo "$builddir/src/.libs/$1"
	else
		echo "$builddir/src/$1"
	fi
}
LD_LIBRARY_PATH=$builddir/libvmm/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
top_builddir=$builddir
GUESTS=$builddir/guests
OS1K=$builddir/os-1k
export top_builddir GUESTS OS1K

# The baseline build's programs (ELF files) and library directory.
BASE_REAL= BASE_PM= BASE_LD=
if [ -n "$baseline" ]; then
	baseline=$(cd "$baseline" && pwd) || die "no baseline directory"
	for t in vmm-real vmm-pm; do
		f=$baseline/src/.libs/$t
		[ -x "$f" ] || f=$baseline/src/$t
		[ -x "$f" ] || die "no $t in the baseline $baseline"
		case $t in vmm-real) BASE_REAL=$f ;; *) BASE_PM=$f ;; esac
	done
	BASE_LD=$baseline/libvmm/.libs
fi
export BASE_REAL BASE_PM BASE_LD

# Collect figures.sh's F lines as WHERE|ID|UNIT|MEDIAN|MIN|MAX|RUNS|NOTE.
collect() {
	grep '^BENCH-FAIL' "$2" >&2 && return 1
	sed -n "s/^F|/$1|/p" "$2" >>"$work/figures"
	sed -n 's/^# kvm=\([^ ]*\).*/\1/p' "$2" | head -n 1
}

qemu_ok=0
command -v qemu-system-x86_64 >/dev/null 2>&1 && qemu_ok=1

# ---- this host ---------------------------------------------------------------
host_kvm=none
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	parts=real
	if "$builddir/tests/kvm-probe" >/dev/null 2>&1; then
		parts="$parts pm irq linux"
	fi
	[ "$use_qemu" = 1 ] && [ "$qemu_ok" = 1 ] && parts="$parts qemu"
	# Linux under QEMU interleaved with vmm-pm (linux_figures).
	linux_qemu=0
	[ "$use_qemu" = 1 ] && linux_qemu=1
	echo "$me: measuring on this host's KVM ($parts; $runs runs each)..." >&2
	VMM_REAL=$(prog vmm-real) VMM_PM=$(prog vmm-pm) BENCH_PARTS=$parts BENCH_LINUX_QEMU=$linux_qemu \
		BENCH_RUNS=$runs BENCH_TARGET=$target \
		sh "$srcdir/bench/figures.sh" >"$work/host.out" 2>&1
	host_kvm=$(collect host "$work/host.out") || {
		cat "$work/host.out" >&2
		die "the figures on this host failed"
	}
	grep '^# ' "$work/host.out" | sed 's/^/  host: /' >&2
elif [ "$use_qemu" = 1 ] && command -v qemu-system-i386 >/dev/null 2>&1; then
	# Debian's Linux under QEMU here, for the cross ratio with vmm-pm in
	# the test host (which has no QEMU).
	echo "$me: no usable /dev/kvm here: QEMU's side only (boot sectors, the Multiboot test kernel, Linux), the rest in the test host" >&2
	qparts=linux
	[ "$qemu_ok" = 1 ] && qparts="qemu linux"
	VMM_REAL=/nonexistent VMM_PM=/nonexistent BENCH_PARTS=$qparts BENCH_QEMU_OURS=0 \
		BENCH_LINUX_OURS=0 BENCH_LINUX_QEMU=1 \
		BENCH_RUNS=$runs BENCH_TARGET=$target \
		sh "$srcdir/bench/figures.sh" >"$work/host.out" 2>&1
	collect host "$work/host.out" >/dev/null || {
		cat "$work/host.out" >&2
		die "QEMU's figures on this host failed"
	}
else
	echo "$me: no usable /dev/kvm here: only the test host's figures" >&2
fi

# ---- the KVM test host ---------------------------------------------------------
kh_kvm=none
if [ "$use_kvmhost" = 1 ] && [ "$qemu_ok" = 1 ]; then
	echo "$me: measuring in the KVM test host (real pm irq linux; $kh_runs runs each; several minutes)..." >&2
	extra=${BASE_REAL:+"$BASE_REAL $BASE_PM $BASE_LD"}
	for f in benchtime kvm-floor irqtime floor.bin putchar.bin com1.bin write.bin spin.bin bootsect.bin \
		bios10h.img mb-testkernel.bin; do
		extra="$extra bench/$f"
	done
	if KVMHOST_EXTRA_FILES="$extra" KVMHOST_PASSENV="BENCH_PARTS BENCH_RUNS BENCH_TARGET BASE_REAL BASE_PM BASE_LD" \
		BENCH_PARTS="real pm irq linux" BENCH_RUNS=$kh_runs BENCH_TARGET=$target \
		VMM_REAL="$builddir/src/vmm-real" VMM_PM="$builddir/src/vmm-pm" \
		sh "$srcdir/tests/kvmhost.sh" --builddir "$builddir" --srcdir "$srcdir" \
		--test-timeout 3600 --results "$work/kh" bench/figures.sh >"$work/kh.out" 2>&1; then
		kh_kvm=$(collect kvmhost "$work/kh/bench/figures.sh.log") || {
			cat "$work/kh/bench/figures.sh.log" >&2
			echo "$me: error: the figures in the test host failed" >&2
			failed=1
		}
		grep '^# ' "$work/kh/bench/figures.sh.log" | sed 's/^/  kvmhost: /' >&2
	else
		# The host's figures are still worth the table; the status says it.
		cat "$work/kh.out" "$work/kh/bench/figures.sh.log" >&2 2>/dev/null
		echo "$me: error: the KVM test host failed" >&2
		failed=1
	fi
elif [ "$use_kvmhost" = 1 ]; then
	echo "$me: qemu-system-x86_64 not found: no test host figures (vmm-pm, os-1k)" >&2
fi

# Where this host's KVM could not run our side: QEMU here against vmm-pm
# and vmm-real in the test host, on the same files. Two different machines
# (the test host is itself emulated), so these ratios understate our
# advantage.
awk -F'|' '
	$1 == "host" && $2 == "qemu.testkernel.tcg" { q = $4 }
	$1 == "kvmhost" && $2 == "startup.pm.mb_testkernel" { v = $4 }
	$1 == "host" && $2 == "linux.boot.qemu_tcg" { lq = $4 }
	$1 == "host" && $2 == "qemu.boot.tcg" { bq = $4 }
	$1 == "host" && $2 == "qemu.boot.ratio_tcg" { hb = 1 }
	$1 == "host" && $2 == "qemu.bios10h.ratio_tcg" { hi = 1 }
	$1 == "host" && $2 == "qemu.testkernel.ratio_tcg" { ht = 1 }
	$1 == "kvmhost" && $2 == "startup.real.com1" { bv = $4 }
	$1 == "host" && $2 == "qemu.bios10h.tcg" { iq = $4 }
	$1 == "kvmhost" && $2 == "startup.real.bios10h" { iv = $4 }
	$1 == "kvmhost" && $2 == "linux.boot.ours" { lv = $4 }
	END {
		if (!ht && q != "" && v != "" && v > 0)
			printf "cross|qemu.testkernel.ratio_tcg|x|%.4g|||1|QEMU TCG here / vmm-pm inside the emulated test host, the same Multiboot file (a lower bound)\n", q / v
		if (!hb && bq != "" && bv != "" && bv > 0)
			printf "cross|qemu.boot.ratio_tcg|x|%.4g|||1|QEMU TCG here / vmm-real inside the emulated test host, bench/bootsect (a lower bound)\n", bq / bv
		if (!hi && iq != "" && iv != "" && iv > 0)
			printf "cross|qemu.bios10h.ratio_tcg|x|%.4g|||1|QEMU TCG here / vmm-real --boot inside the emulated test host, the same image (a lower bound; target >= 20)\n", iq / iv
		if (lq != "" && lv != "" && lv > 0)
			printf "cross|linux.boot.ratio_tcg|x|%.4g|||1|Debian Linux to init: QEMU -M isapc TCG here / vmm-pm inside the emulated test host (a lower bound)\n", lq / lv
	}' "$work/figures" >>"$work/figures"

# ---- table and JSON ------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
ncpu=$(nproc 2>/dev/null || echo '?')
kernel=$(uname -r)
when=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$builddir/bench"
txt=$builddir/bench/results.txt
json=$builddir/bench/results.json

{
	echo "make bench, $when"
	echo "machine: $cpu, $ncpu CPUs, Linux $kernel"
	echo "where:   host    = this machine's /dev/kvm ($host_kvm)"
	echo "         kvmhost = the KVM test host ($kh_kvm under QEMU TCG, 1 CPU)"
	echo "         cross   = computed from figures of both"
	echo
	awk -F'|' '
	function fmt(x) {
		if (x == "") return "-"
		a = x < 0 ? -x : x
		if (a >= 1000) return sprintf("%.0f", x)
		if (a >= 10) return sprintf("%.1f", x)
		return sprintf("%.3g", x)
	}
	{
		note = $8
		for (k = 9; k <= NF; k++) note = note "|" $k
		printf "%-8s %-34s %10s %10s %10s %-7s %s\n", $1, $2, fmt($4), fmt($5), fmt($6), $3, note
	}
	BEGIN { printf "%-8s %-34s %10s %10s %10s %-7s %s\n", "where", "figure", "median", "min", "max", "unit", "what" }
	' "$work/figures"
} >"$txt"
cat "$txt"

awk -F'|' -v when="$when" -v cpu="$cpu" -v ncpu="$ncpu" -v kernel="$kernel" \
	-v hk="$host_kvm" -v kk="$kh_kvm" -v runs="$runs" -v khruns="$kh_runs" -v q="'" '
	function str(s) {
		gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
		return "\"" s "\""
	}
	function num(x) { return x == "" ? "null" : x + 0 }
	BEGIN {
		printf "{\n  \"generated\": %s,\n", str(when)
		printf "  \"machine\": {\"cpu\": %s, \"cpus\": %s, \"kernel\": %s},\n", str(cpu), str(ncpu), str(kernel)
		printf "  \"where\": {\n"
		printf "    \"host\": {\"kvm\": %s, \"runs\": %d, \"about\": %s},\n", str(hk), runs, \
			str("this machine" q "s /dev/kvm")
		printf "    \"kvmhost\": {\"kvm\": %s, \"runs\": %d, \"about\": %s},\n", str(kk), khruns, \
			str("the KVM test host: real kvm_amd inside QEMU TCG (tests/kvmhost.sh)")
		printf "    \"cross\": {\"about\": %s}\n  },\n", str("computed from figures of both")
		printf "  \"figures\": ["
	}
	{
		note = $8
		for (k = 9; k <= NF; k++) note = note "|" $k
		printf "%s\n    {\"where\": %s, \"id\": %s, \"unit\": %s, \"median\": %s, \"min\": %s, \"max\": %s, \"runs\": %s, \"note\": %s}", \
			(NR > 1 ? "," : ""), str($1), str($2), str($3), num($4), num($5), num($6), num($7), str(note)
	}
	END { printf "\n  ]\n}\n" }
	' "$work/figures" >"$json"
echo
echo "$me: wrote $txt and $json" >&2
exit "$failed"
