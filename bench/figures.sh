#!/bin/sh
# bench/figures.sh: measures make bench's figures on the KVM at hand and prints them as F| lines (POSIX sh, busybox-safe).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/bench.sh runs this script twice: on this host, and as a "test" in
# the KVM test host (tests/kvmhost.sh), which runs it with no arguments, so
# everything comes from the environment:
#   BENCH_PARTS   which figures: any of real pm irq qemu (default: real pm irq)
#   BENCH_RUNS    reported runs of every command (default 7; one more warms up)
#   BENCH_TARGET  roughly how long one run of a sized benchmark should take,
#                 in ms (default 300): counts are calibrated to it, so the
#                 same script suits a fast host and an emulated one
#   BASE_REAL, BASE_PM, BASE_LD  optional: the tools and library directory
#                 of another build (bench.sh --baseline): its start-up, exit
#                 and os-1k figures are measured too, interleaved with ours
#   VMM_REAL, VMM_PM, GUESTS, OS1K, top_builddir  as `make check` sets them
#                 (VMM_REAL and VMM_PM must be ELF programs, not libtool's
#                 wrapper scripts, or their start-up is not what is measured)
#
# Output, one line per figure, for bench.sh to label with where it ran:
#   F|ID|UNIT|MEDIAN|MIN|MAX|RUNS|NOTE
# plus "#" comment lines. A failure prints "BENCH-FAIL reason" and exits 1.

set -u
parts=${BENCH_PARTS:-real pm irq}
runs=${BENCH_RUNS:-7}
target_ms=${BENCH_TARGET:-300}
bdir=${BENCH_BIN:-$top_builddir/bench}
bt=$bdir/benchtime
floor=$bdir/kvm-floor

fail() {
	echo "BENCH-FAIL $*"
	exit 1
}

BASE_REAL=${BASE_REAL:-}
BASE_PM=${BASE_PM:-}
BASE_LD=${BASE_LD:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || fail "mktemp"
trap 'rm -rf "$work"' EXIT

for f in "$bt" "$floor"; do
	[ -x "$f" ] || fail "$f is missing (run make bench)"
done

# ---- helpers -----------------------------------------------------------------

# A copy of image $1 as $2 with its 32-bit count (offset 4) set to $3.
patch_count() {
	cp "$1" "$2" || fail "cannot copy $1"
	# shellcheck disable=SC2059 # the format is the escaped bytes
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) $(($3 >> 8 & 255)) \
		$(($3 >> 16 & 255)) $(($3 >> 24 & 255)))" |
		dd of="$2" bs=1 seek=4 count=4 conv=notrunc 2>/dev/null || fail "cannot patch $2"
}

# benchtime with the usual options; its samples go to file $1.
run_bt() {
	out=$1
	shift
	"$bt" -n "$runs" -w 1 "$@" >"$out" 2>"$out.err" || {
		cat "$out.err"
		fail "benchtime $*"
	}
}

# derive FILE EXPR: median, min, max and count over the rounds of the awk
# expression EXPR, in which W[L,i] is the wall time (ns) of group L in round
# i, P[L,i] the time to the pattern, M[L,i] the peak RSS (KiB), G[L,i] and
# O[L,i] the guest-RAM and other resident KiB at the pattern. A round whose
# EXPR is negative is left out (the count says how many were kept);
# steady(A, B) is true when A and B differ by at most 5%.
derive() {
	awk '
	function steady(a, b) { return a > 0 && b > 0 && (a > b ? a / b : b / a) <= 1.05 }
	$1 == "S" {
		W[$2, $3] = $4; P[$2, $3] = $5; M[$2, $3] = $6; G[$2, $3] = $8; O[$2, $3] = $9
		if ($3 + 1 > rounds) rounds = $3 + 1
	}
	END {
		n = 0
		for (i = 0; i < rounds; i++) {
			x = ('"$2"')
			if (x >= 0) v[n++] = x
		}
		for (i = 1; i < n; i++) {
			x = v[i]
			for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]
			v[j + 1] = x
		}
		if (n == 0) { print "nan nan nan 0"; exit }
		med = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
		printf "%.6g %.6g %.6g %d\n", med, v[0], v[n - 1], n
	}' "$1"
}

# fig ID UNIT FILE EXPR [NOTE]: one figure line.
fig() {
	set -- "$1" "$2" "$(derive "$3" "$4")" "${5-}"
	# shellcheck disable=SC2086 # split "median min max runs"
	set -- "$1" "$2" $3 "$4"
	echo "F|$1|$2|$3|$4|$5|$6|$7"
}

# The median, over all lines of file $1 (each "TOOL-timing: a=1 b=2 ..."),
# of every phase: one figure per phase, named $2.PHASE.
phase_figs() {
	awk -v id="$2" '
	{
		for (f = 2; f <= NF; f++) {
			split($f, kv, "=")
			if (!(kv[1] in cnt)) order[++nk] = kv[1]
			val[kv[1], cnt[kv[1]]++] = kv[2]
		}
	}
	END {
		for (k = 1; k <= nk; k++) {
			p = order[k]; n = cnt[p]
			for (i = 0; i < n; i++) v[i] = val[p, i]
			for (i = 1; i < n; i++) {
				x = v[i]
				for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]
				v[j + 1] = x
			}
			med = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
			printf "F|%s.%s|us|%.6g|%.6g|%.6g|%d|\n", id, p, med, v[0], v[n - 1], n
		}
	}' "$1"
}

# Wall time of one run of a command, in ns (for calibration).
once_ns() {
	"$bt" -n 1 -w 0 @once "$@" 2>"$work/once.err" | awk '{ print $4 }'
	[ -s "$work/once.err" ] && { cat "$work/once.err"; fail "$*"; }
	return 0
}

# calibrate IMAGE START: a count for IMAGE so that one run takes about
# target_ms beyond start-up: from count START, multiplied by 4 until a run
# takes a tenth of that longer than with count 1, then extrapolated.
calibrate() {
	patch_count "$1" "$work/cal.bin" 1
	base=$(once_ns "$VMM_REAL" -q "$work/cal.bin")
	c=$2
	while :; do
		patch_count "$1" "$work/cal.bin" "$c"
		t=$(once_ns "$VMM_REAL" -q "$work/cal.bin")
		if [ $((t - base)) -gt $((target_ms * 100000)) ] || [ "$c" -ge 268435456 ]; then
			break
		fi
		c=$((c * 4))
	done
	awk -v t="$t" -v b="$base" -v c="$c" -v goal="$target_ms" 'BEGIN {
		n = int(c * goal * 1e6 / (t - b > 0 ? t - b : 1))
		printf "%d\n", n < c ? c : n
	}'
}

# --stats of one vmm-real run: "exits output_bytes hypercalls batched".
real_stats() {
	"$VMM_REAL" --stats "$@" >/dev/null 2>"$work/stats" </dev/null
	stats_of "$work/stats"
}
stats_of() {
	awk '
	$1 == "[vCPU" && NF == 10 { exits = $5; out = $10 }
	$1 == "hypercalls" { hc = $2; b = $7; sub(",", "", b) }
	END { print exits + 0, out + 0, hc + 0, b + 0 }' "$1"
}

# pm_console INPUT ARGS...: one traced vmm-pm run; prints "exits
# output_bytes console_exits", console exits being the OUTs that carry
# output (PUTCHAR, WRITE, COM1 THR) and reached the VMM one by one.
pm_console() {
	in=$1
	shift
	"$VMM_PM" --stats --trace "$@" <"$in" >/dev/null 2>"$work/trace"
	# shellcheck disable=SC2046
	set -- $(stats_of "$work/trace")
	awk -v exits="$1" -v out="$2" '
	$1 == "trace:" && $2 == "IO" && $3 == "out" {
		port = $4; sub("port=", "", port)
		d = $7; sub("data=0x", "", d); d = substr("0" d, length(d), 2)
		if ((port == "0x500" && (d == "01" || d == "03")) || port == "0x3f8") con++
	}
	END { print exits, out, con + 0 }' "$work/trace"
}

kvm_name() {
	for m in kvm_pvm kvm_intel kvm_amd; do
		[ -d "/sys/module/$m" ] && { echo "$m"; return; }
	done
	echo unknown
}
echo "# kvm=$(kvm_name) cpus=$(nproc 2>/dev/null || echo '?') kernel=$(uname -r) runs=$runs"

# ---- real mode (vmm-real) ----------------------------------------------------

real_figures() {
	# 1. Exit floor: N PUTCHARs through a bare KVM_RUN loop and through
	# vmm-real (output to /dev/null); the count-1 runs remove start-up.
	n=$(calibrate "$bdir/floor.bin" 200)
	patch_count "$bdir/floor.bin" "$work/f1.bin" 1
	patch_count "$bdir/floor.bin" "$work/fn.bin" "$n"
	# The ratios compare vmm-real (and the baseline's) with the bare floor
	# run just before and just after them in the same round, and keep only
	# the rounds in which those two floors agree: a shared machine's speed
	# (the test host's above all) can change by half within a round.
	run_bt "$work/exit" @floor1 "$floor" "$work/f1.bin" @floorN "$floor" "$work/fn.bin" \
		@vmm1 "$VMM_REAL" -q "$work/f1.bin" @vmmN "$VMM_REAL" -q "$work/fn.bin" \
		${BASE_REAL:+@base1 "LD_LIBRARY_PATH=$BASE_LD" "$BASE_REAL" -q "$work/f1.bin"} \
		${BASE_REAL:+@baseN "LD_LIBRARY_PATH=$BASE_LD" "$BASE_REAL" -q "$work/fn.bin"} \
		@floorN2 "$floor" "$work/fn.bin" \
		@floorr1 "$floor" -r "$work/f1.bin" @floorrN "$floor" -r "$work/fn.bin" \
		@floorR1 "$floor" -R "$work/f1.bin" @floorRN "$floor" -R "$work/fn.bin" \
		@floorW1 "$floor" -R -w "$work/f1.bin" @floorWN "$floor" -R -w "$work/fn.bin"
	d=$((n - 1))
	fig exit.floor ns/exit "$work/exit" "(W[\"floorN\",i] - W[\"floor1\",i]) / $d" \
		"kvm-floor: bare KVM_RUN loop, $n OUTs to port 0x500"
	fig exit.floor_regs ns/exit "$work/exit" "(W[\"floorrN\",i] - W[\"floorr1\",i]) / $d" \
		"kvm-floor -r: the same, KVM syncing the general registers (KVM_SYNC_X86_REGS)"
	fig exit.floor_sregs ns/exit "$work/exit" "(W[\"floorRN\",i] - W[\"floorR1\",i]) / $d" \
		"kvm-floor -R: the same, KVM syncing general and segment registers"
	fig exit.floor_sregs_write ns/exit "$work/exit" "(W[\"floorWN\",i] - W[\"floorW1\",i]) / $d" \
		"kvm-floor -R -w: and a write(2) of each byte to /dev/null"
	fig exit.vmm ns/exit "$work/exit" "(W[\"vmmN\",i] - W[\"vmm1\",i]) / $d" \
		"vmm-real: $n PUTCHAR hypercalls to /dev/null"
	# The floor of a round: the mean of the two around vmm-real, or -1
	# (the round is left out) when they disagree.
	fl='(steady(W["floorN",i], W["floorN2",i]) ? (W["floorN",i] + W["floorN2",i]) / 2 - W["floor1",i] : -1)'
	fig exit.ratio x "$work/exit" \
		"($fl < 0 ? -1 : (W[\"vmmN\",i] - W[\"vmm1\",i]) / $fl)" \
		"vmm-real / kvm-floor per exit, rounds whose floor held steady (target <= 1.10)"
	[ -z "$BASE_REAL" ] || fig exit.vmm.baseline ns/exit "$work/exit" \
		"(W[\"baseN\",i] - W[\"base1\",i]) / $d" "the baseline build's vmm-real"
	[ -z "$BASE_REAL" ] || fig exit.ratio.baseline x "$work/exit" \
		"($fl < 0 ? -1 : (W[\"baseN\",i] - W[\"base1\",i]) / $fl)" \
		"the baseline build's vmm-real / kvm-floor per exit, the same rounds"

	# 2. Console throughput, by PUTCHAR, COM1 THR and 4 KiB WRITEs, each net
	# of start-up (minus the same guest printing one byte, or one WRITE).
	for g in putchar com1 write; do
		case $g in
		write) small=4; unit=4096 ;;
		*) small=256; unit=1 ;;
		esac
		c=$(calibrate "$bdir/$g.bin" "$small")
		patch_count "$bdir/$g.bin" "$work/${g}1.bin" 1
		patch_count "$bdir/$g.bin" "$work/${g}N.bin" "$c"
		bytes=$((c * unit))
		run_bt "$work/con-$g" @one "$VMM_REAL" -q "$work/${g}1.bin" @all "$VMM_REAL" -q "$work/${g}N.bin"
		# shellcheck disable=SC2046 # four numbers
		set -- $(real_stats "$work/${g}N.bin")
		fig "console.$g.mibps" MiB/s "$work/con-$g" \
			"$((bytes - unit)) / 1048576 / ((W[\"all\",i] - W[\"one\",i]) / 1e9)" \
			"$bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.3g", b / 1048576 }') MiB), net of start-up"
		fig "console.$g.wall" ms "$work/con-$g" "W[\"all\",i] / 1e6" "whole process, $bytes bytes"
		echo "F|console.$g.exits|exits|$1|$1|$1|1|$2 bytes out, $4 batched writes"
		echo "F|console.$g.bytes_per_exit|B/exit|$(awk -v o="$2" -v e="$1" 'BEGIN { printf "%.4g", o / e }')|||1|"
	done

	# 3. Start-up: hello.bin whole process, against the floor running the
	# same image and against a process that only starts (--version).
	run_bt "$work/start" @hello "$VMM_REAL" -q "$GUESTS/hello.bin" \
		@floor "$floor" "$GUESTS/hello.bin" @version "$VMM_REAL" --version @true true \
		@com1 "$VMM_REAL" -q "$bdir/bootsect.bin" \
		@bios10h "$VMM_REAL" -q --boot "$bdir/bios10h.img:ro" \
		${BASE_REAL:+@base "LD_LIBRARY_PATH=$BASE_LD" "$BASE_REAL" -q "$GUESTS/hello.bin"} \
		${BASE_REAL:+@basecom1 "LD_LIBRARY_PATH=$BASE_LD" "$BASE_REAL" -q "$bdir/bootsect.bin"}
	fig startup.real.hello ms "$work/start" 'W["hello",i] / 1e6' \
		"vmm-real guests/hello.bin, whole process (target <= 5 ms)"
	fig startup.real.floor ms "$work/start" 'W["floor",i] / 1e6' "kvm-floor guests/hello.bin, whole process"
	fig startup.real.version ms "$work/start" 'W["version",i] / 1e6' \
		"vmm-real --version: exec, dynamic linking, exit"
	fig startup.real.true ms "$work/start" 'W["true",i] / 1e6' "true(1): the cheapest process"
	fig startup.real.ratio x "$work/start" 'W["hello",i] / W["floor",i]' "vmm-real / kvm-floor"
	fig startup.real.com1 ms "$work/start" 'W["com1",i] / 1e6' \
		"vmm-real bench/bootsect.bin: the same line through COM1, whole process"
	fig startup.real.bios10h ms "$work/start" 'W["bios10h",i] / 1e6' \
		"vmm-real --boot bench/bios10h.img: a boot sector's line through int 10h, whole process"
	if [ -n "$BASE_REAL" ]; then
		fig startup.real.hello.baseline ms "$work/start" 'W["base",i] / 1e6' \
			"the baseline build's vmm-real guests/hello.bin"
		fig startup.real.com1.baseline ms "$work/start" 'W["basecom1",i] / 1e6' \
			"the baseline build's vmm-real bench/bootsect.bin"
	fi
	: >"$work/timing"
	VMM_TIMING=1 "$bt" -n "$runs" -w 1 -e "$work/timing" @t "$VMM_REAL" -q "$GUESTS/hello.bin" \
		>/dev/null || fail "VMM_TIMING run"
	grep '^vmm-real-timing:' "$work/timing" >"$work/timing.real"
	phase_figs "$work/timing.real" startup.real.phase
	: >"$work/ftiming"
	"$bt" -n "$runs" -w 1 -e "$work/ftiming" @t "$floor" -t "$GUESTS/hello.bin" >/dev/null ||
		fail "kvm-floor -t"
	sed 's/ exits=[0-9]*$//' "$work/ftiming" | grep '^kvm-floor-timing:' >"$work/ftiming.2"
	phase_figs "$work/ftiming.2" startup.floor.phase

	# 4. Scaling: one compute-bound guest against 2 and 4 at once, each in
	# its own VM and as vCPUs of one VM.
	s=$(calibrate "$bdir/spin.bin" 2000)
	patch_count "$bdir/spin.bin" "$work/spin.bin" "$s"
	sp=$work/spin.bin
	# The floor: as many kvm-floor processes at once, what the host allows.
	# shellcheck disable=SC2016 # for the inner shell
	par='for k in $(seq $2); do "$0" "$1" & done; wait'
	run_bt "$work/scale" @one "$VMM_REAL" -q "$sp" @two "$VMM_REAL" -q "$sp" "$sp" \
		@four "$VMM_REAL" -q "$sp" "$sp" "$sp" "$sp" \
		@two_shared "$VMM_REAL" -q --shared-vm "$sp" "$sp" \
		@four_shared "$VMM_REAL" -q --shared-vm "$sp" "$sp" "$sp" "$sp" \
		@floor_one sh -c "$par" "$floor" "$sp" 1 @floor_two sh -c "$par" "$floor" "$sp" 2 \
		@floor_four sh -c "$par" "$floor" "$sp" 4
	fig scale.one ms "$work/scale" 'W["one",i] / 1e6' "one guest, $s loop turns"
	for k in two four two_shared four_shared; do
		fig "scale.$k" x "$work/scale" "W[\"$k\",i] / W[\"one\",i]" \
			"time / time of one guest (target for four: <= 2.2)"
	done
	for k in two four; do
		fig "scale.floor_$k" x "$work/scale" "W[\"floor_$k\",i] / W[\"floor_one\",i]" \
			"$k kvm-floor processes at once / one: the floor"
	done
}

# ---- paged kernels (vmm-pm): the test kernel and os-1k ------------------------

pm_figures() {
	# 3. Start-up of the test kernel.
	run_bt "$work/pmstart" @tk "$VMM_PM" -q "$OS1K/testkernel.elf" @version "$VMM_PM" --version \
		@mb=1 "$VMM_PM" -q "$bdir/mb-testkernel.bin" \
		${BASE_PM:+@base "LD_LIBRARY_PATH=$BASE_LD" "$BASE_PM" -q "$OS1K/testkernel.elf"}
	fig startup.pm.testkernel ms "$work/pmstart" 'W["tk",i] / 1e6' \
		"vmm-pm os-1k/testkernel.elf, whole process (target <= 5 ms)"
	fig startup.pm.version ms "$work/pmstart" 'W["version",i] / 1e6' "vmm-pm --version"
	fig startup.pm.mb_testkernel ms "$work/pmstart" 'W["mb",i] / 1e6' \
		"vmm-pm bench/mb-testkernel.bin: the Multiboot file QEMU boots in qemu.testkernel.*"
	[ -z "$BASE_PM" ] || fig startup.pm.testkernel.baseline ms "$work/pmstart" 'W["base",i] / 1e6' \
		"the baseline build's vmm-pm os-1k/testkernel.elf"
	: >"$work/pmtiming"
	VMM_TIMING=1 "$bt" -n "$runs" -w 1 -e "$work/pmtiming" @t "$VMM_PM" -q "$OS1K/testkernel.elf" \
		>/dev/null || fail "VMM_TIMING vmm-pm"
	grep '^vmm-pm-timing:' "$work/pmtiming" >"$work/pmtiming.2"
	phase_figs "$work/pmtiming.2" startup.pm.phase
	# shellcheck disable=SC2046
	set -- $(pm_console /dev/null "$OS1K/testkernel.elf")
	echo "F|testkernel.exits|exits|$1|$1|$1|1|all exits; $3 of them carry console output, $2 bytes"
	echo "F|testkernel.bytes_per_exit|B/exit|$(awk -v o="$2" -v e="$3" 'BEGIN { printf "%.4g", o / e }')|||1|output bytes per console exit (target >= 64)"

	# 5. os-1k: to the prompt, and a whole scripted session; 6. memory.
	cp "$OS1K/disk.tar" "$work/disk.tar" || fail "no os-1k disk"
	printf 'exit\n' >"$work/boot.in"
	printf 'hello\nreadfile\nwritefile\nexit\n' >"$work/session.in"
	run_bt "$work/os1k-boot" -i "$work/boot.in" -p '> ' -g $((4 << 20)) \
		@boot "$VMM_PM" -q "$OS1K/kernel.elf" --disk "$work/disk.tar" \
		${BASE_PM:+@base "LD_LIBRARY_PATH=$BASE_LD" "$BASE_PM" -q "$OS1K/kernel.elf" --disk "$work/disk.tar"}
	run_bt "$work/os1k-session" -i "$work/session.in" -p '> ' \
		@session "$VMM_PM" -q "$OS1K/kernel.elf" --disk "$work/disk.tar" \
		${BASE_PM:+@base "LD_LIBRARY_PATH=$BASE_LD" "$BASE_PM" -q "$OS1K/kernel.elf" --disk "$work/disk.tar"}
	fig os1k.prompt ms "$work/os1k-boot" 'P["boot",i] / 1e6' "launch to the '> ' prompt (target <= 5 ms)"
	fig os1k.boot_exit ms "$work/os1k-boot" 'W["boot",i] / 1e6' "launch, boot, 'exit', process gone"
	fig os1k.session ms "$work/os1k-session" 'W["session",i] / 1e6' \
		"hello, readfile, writefile, exit: whole process"
	if [ -n "$BASE_PM" ]; then
		fig os1k.prompt.baseline ms "$work/os1k-boot" 'P["base",i] / 1e6' "the baseline build's vmm-pm"
		fig os1k.session.baseline ms "$work/os1k-session" 'W["base",i] / 1e6' "the baseline build's vmm-pm"
	fi
	# Boot with no input: to the prompt, then end of input ends the shell.
	# shellcheck disable=SC2046
	set -- $(pm_console /dev/null "$OS1K/kernel.elf" --disk "$work/disk.tar")
	echo "F|os1k.boot.exits|exits|$1|$1|$1|1|boot, prompt, end of input; $3 console exits, $2 bytes"
	echo "F|os1k.boot.bytes_per_exit|B/exit|$(awk -v o="$2" -v e="$3" 'BEGIN { printf "%.4g", o / e }')|||1|output bytes per console exit (target >= 64)"
	# shellcheck disable=SC2046
	set -- $(pm_console "$work/session.in" "$OS1K/kernel.elf" --disk "$work/disk.tar")
	echo "F|os1k.session.exits|exits|$1|$1|$1|1|the scripted session; $3 console exits, $2 bytes"
	echo "F|os1k.session.bytes_per_exit|B/exit|$(awk -v o="$2" -v e="$3" 'BEGIN { printf "%.4g", o / e }')|||1|each typed character is echoed before the next is read"
	fig mem.peak_rss KiB "$work/os1k-boot" 'M["boot",i]' "peak RSS of vmm-pm booting os-1k (4 MiB guest RAM)"
	fig mem.peak_minus_guest KiB "$work/os1k-boot" 'M["boot",i] - G["boot",i]' \
		"peak RSS minus the guest RAM resident at the prompt (target <= 4096)"
	fig mem.at_prompt.guest KiB "$work/os1k-boot" 'G["boot",i]' "guest RAM resident at the prompt"
	fig mem.at_prompt.vmm KiB "$work/os1k-boot" 'O["boot",i]' \
		"everything else resident at the prompt: the VMM's own memory"
}

# ---- interrupts (vmm-pm and tests/irq-kernel.elf) ----------------------------

# samples ID FILE: the numbers in FILE, one a line, as derive()'s samples
# of group ID (W[ID,i]), appended to $work/ID.
samples() {
	base=$(wc -l <"$work/$1")
	awk -v id="$1" -v base="$base" \
		'{ printf "S %s %d %s -1 -1 0 -1 -1\n", id, base + NR - 1, $1 }' "$2" >>"$work/$1"
}

# irqtime MODE N TEST [OPTION]: one bench/irqtime run of vmm-pm -q on the
# kernel's scenario TEST; its numbers to $work/it.out.
irqtime() {
	"$bdir/irqtime" "$1" "$2" "$VMM_PM" -q --append "test=$3${4:+ $4}" "$irqk" \
		</dev/null >"$work/it.out" 2>"$work/it.err" || {
		cat "$work/it.err"
		fail "irqtime $*"
	}
}

irq_figures() {
	irqk=${TESTGUESTS:-$top_builddir/tests}/irq-kernel.elf
	if [ ! -f "$irqk" ] || [ ! -x "$bdir/irqtime" ]; then
		fail "no $irqk or $bdir/irqtime (run make bench)"
	fi
	: >"$work/ticks"
	: >"$work/key"
	: >"$work/keytimer"
	: >"$work/idle"
	r=0
	while [ "$r" -lt "$runs" ]; do
		irqtime ticks 2 tickprint
		samples ticks "$work/it.out"
		irqtime keys 20 kbdirq
		samples key "$work/it.out"
		irqtime keys 20 kbdirq timer
		samples keytimer "$work/it.out"
		irqtime cpu 5 idle
		samples idle "$work/it.out"
		r=$((r + 1))
	done
	fig irq.pit_ticks ticks "$work/ticks" 'W["ticks",i]' \
		"IRQ0s a guest counted in 2 s of host time, PIT at 100 Hz (target 196-204: 200 within 2%)"
	fig irq.key_latency us "$work/key" 'W["key",i] / 1e3' \
		"newline on stdin to its echo from the guest's IRQ1 handler, over all keys (target <= 1000)"
	fig irq.key_latency_timer us "$work/keytimer" 'W["keytimer",i] / 1e3' \
		"the same with a 100 Hz timer running too (stdin looked at in 1 ms slices)"
	fig irq.idle_cpu % "$work/idle" 'W["idle",i]' \
		"CPU (user+sys) of vmm-pm while its guest waits in HLT for a 100 Hz timer, over 5 s (target < 5)"
}

# ---- against QEMU --------------------------------------------------------------

# What QEMU's three TCG rows measure (qemu_figures and qemu_only_figures).
what_boot_tcg="qemu-system-x86_64 -accel tcg, BIOS boots bench/bootsect.img (COM1, isa-debug-exit)"
what_bios10h_tcg="qemu-system-x86_64 -accel tcg boots bench/bios10h.img (int 10h line, isa-debug-exit)"
what_testkernel_tcg="qemu-system-x86_64 -accel tcg -kernel bench/mb-testkernel.bin (Multiboot copy)"

qemu_figures() {
	q=${QEMU:-qemu-system-x86_64}
	command -v "$q" >/dev/null 2>&1 || { echo "# qemu: $q not found, skipped"; return 0; }
	# BENCH_QEMU_OURS=0: QEMU's side only (no usable KVM here; bench.sh
	# divides by our figures from the test host).
	[ "${BENCH_QEMU_OURS:-1}" != 0 ] || { qemu_only_figures; return 0; }
	set -- -M pc -m 16 -nodefaults -display none -monitor none -no-reboot \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4
	qboot="-drive file=$bdir/bootsect.img,format=raw,if=ide"
	# shellcheck disable=SC2086 # qboot is a word list
	run_bt "$work/qemu" @ours "$VMM_REAL" -q "$bdir/bootsect.bin" \
		@hello "$VMM_REAL" -q "$GUESTS/hello.bin" \
		@qemu=1 "$q" -accel tcg "$@" $qboot
	fig qemu.boot.tcg ms "$work/qemu" 'W["qemu",i] / 1e6' \
		"$what_boot_tcg"
	fig qemu.boot.ours ms "$work/qemu" 'W["ours",i] / 1e6' "vmm-real bench/bootsect.bin: the same code"
	fig qemu.boot.ratio_tcg x "$work/qemu" 'W["qemu",i] / W["ours",i]' \
		"QEMU TCG / vmm-real, same job (target >= 40)"
	fig qemu.boot.ratio_hello x "$work/qemu" 'W["qemu",i] / W["hello",i]' \
		"QEMU TCG boot sector / vmm-real guests/hello.bin"
	# shellcheck disable=SC2086
	# The probes are limited: a KVM that cannot run the guest might loop.
	if timeout 120 "$q" -accel kvm "$@" $qboot </dev/null >"$work/qkvm.out" 2>&1; [ $? = 1 ] &&
		grep -q 'Hello from' "$work/qkvm.out"; then
		run_bt "$work/qemukvm" @ours "$VMM_REAL" -q "$bdir/bootsect.bin" \
			@qemu=1 "$q" -accel kvm "$@" $qboot
		fig qemu.boot.kvm ms "$work/qemukvm" 'W["qemu",i] / 1e6' "qemu-system-x86_64 -accel kvm, the same boot sector"
		fig qemu.boot.ratio_kvm x "$work/qemukvm" 'W["qemu",i] / W["ours",i]' "QEMU KVM / vmm-real"
	else
		echo "# qemu -accel kvm: $(head -c 300 "$work/qkvm.out" | tr '\n' ' ')"
		echo "F|qemu.boot.kvm|ms|||||does not run here: $(tail -n 1 "$work/qkvm.out" | cut -c 1-120)"
	fi
	# A boot sector printing one line through int 10h (bench/bios10h.img),
	# booted by vmm-real's BIOS and by QEMU's (SeaBIOS), whole process,
	# interleaved (QEMU's IDE disk cannot be read-only; the guest writes nothing).
	qbios="-drive file=$bdir/bios10h.img,format=raw,if=ide"
	# shellcheck disable=SC2086 # qbios is a word list
	run_bt "$work/qemubios" @ours "$VMM_REAL" -q --boot "$bdir/bios10h.img:ro" \
		@qemu=1 "$q" -accel tcg "$@" $qbios
	fig qemu.bios10h.tcg ms "$work/qemubios" 'W["qemu",i] / 1e6' \
		"$what_bios10h_tcg"
	fig qemu.bios10h.ours ms "$work/qemubios" 'W["ours",i] / 1e6' \
		"vmm-real --boot bench/bios10h.img: the same image, its BIOS"
	fig qemu.bios10h.ratio_tcg x "$work/qemubios" 'W["qemu",i] / W["ours",i]' \
		"QEMU TCG / vmm-real --boot, same image (target >= 20)"
	# The test kernel as a Multiboot kernel (bench/mb-testkernel.bin): the
	# same file under QEMU and, where this host's KVM runs vmm-pm, under
	# vmm-pm, interleaved.
	case " $parts " in
	*" pm "*)
		run_bt "$work/qemumb" @ours=1 "$VMM_PM" -q "$bdir/mb-testkernel.bin" \
			@qemu=1 "$q" -accel tcg "$@" -kernel "$bdir/mb-testkernel.bin"
		fig qemu.testkernel.ours ms "$work/qemumb" 'W["ours",i] / 1e6' \
			"vmm-pm bench/mb-testkernel.bin, the same file (Multiboot)"
		fig qemu.testkernel.ratio_tcg x "$work/qemumb" 'W["qemu",i] / W["ours",i]' \
			"QEMU TCG / vmm-pm, same Multiboot file"
		;;
	*)
		run_bt "$work/qemumb" @qemu=1 "$q" -accel tcg "$@" -kernel "$bdir/mb-testkernel.bin" ;;
	esac
	fig qemu.testkernel.tcg ms "$work/qemumb" 'W["qemu",i] / 1e6' \
		"$what_testkernel_tcg"
	timeout 120 "$q" -accel kvm "$@" -kernel "$bdir/mb-testkernel.bin" </dev/null >"$work/qkvm2.out" 2>&1
	st=$?
	if [ $st = 1 ] && grep -q 'memory test passed' "$work/qkvm2.out"; then
		run_bt "$work/qemumbkvm" @qemu=1 "$q" -accel kvm "$@" -kernel "$bdir/mb-testkernel.bin"
		fig qemu.testkernel.kvm ms "$work/qemumbkvm" 'W["qemu",i] / 1e6' "the same under -accel kvm"
	else
		echo "F|qemu.testkernel.kvm|ms|||||does not run here: no output, status $st$(
			[ -d /sys/module/kvm_pvm ] && echo ' (kvm_pvm refuses 32-bit paging: the guest triple-faults when it turns paging on)')"
	fi
}

# QEMU TCG booting the same files as qemu_figures, without our side.
qemu_only_figures() {
	set -- -M pc -m 16 -nodefaults -display none -monitor none -no-reboot \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4
	run_bt "$work/qemu" @qemu=1 "$q" -accel tcg "$@" \
		-drive "file=$bdir/bootsect.img,format=raw,if=ide" \
		@bios=1 "$q" -accel tcg "$@" -drive "file=$bdir/bios10h.img,format=raw,if=ide" \
		@mb=1 "$q" -accel tcg "$@" -kernel "$bdir/mb-testkernel.bin"
	fig qemu.boot.tcg ms "$work/qemu" 'W["qemu",i] / 1e6' \
		"$what_boot_tcg"
	fig qemu.bios10h.tcg ms "$work/qemu" 'W["bios",i] / 1e6' \
		"$what_bios10h_tcg"
	fig qemu.testkernel.tcg ms "$work/qemu" 'W["mb",i] / 1e6' \
		"$what_testkernel_tcg"
}

# ---- Debian's i386 Linux -------------------------------------------------------

# Launch to the first line of the init script (tests/linux-init.sh) of the
# busybox initramfs, each run killed there (benchtime -k): vmm-pm where
# BENCH_LINUX_OURS is not 0, and qemu-system-i386 -M isapc (TCG, and
# -accel kvm where that works) on the same files where BENCH_LINUX_QEMU is
# 1, interleaved run by run. BENCH_LINUX_RUNS runs (default 3: a boot takes
# seconds in QEMU, tens of seconds in the KVM test host).
linux_figures() {
	k=$top_builddir/tests/debian-i386.vmlinuz
	i=$top_builddir/tests/debian-i386.initrd.gz
	if [ ! -f "$k" ] || [ ! -f "$i" ]; then
		echo "F|linux.boot.ours|ms|||||not measured: $(cat "$k.why" "$i.why" 2>/dev/null | head -n 1)"
		return 0
	fi
	app='console=ttyS0 noapic nolapic'
	q=qemu-system-i386
	qargs="-M isapc -cpu max -m 128 -display none -serial stdio -monitor none -no-reboot"
	set --
	[ "${BENCH_LINUX_OURS:-1}" = 0 ] ||
		set -- "$@" @ours "$VMM_PM" -q --mem 128 --vga=none --append "$app" --initrd "$i" "$k"
	withq=0 withk=0
	if [ "${BENCH_LINUX_QEMU:-0}" = 1 ] && command -v "$q" >/dev/null 2>&1; then
		withq=1
		# shellcheck disable=SC2086 # qargs is a word list
		set -- "$@" @tcg "$q" -accel tcg $qargs -append "$app" -initrd "$i" -kernel "$k"
		# shellcheck disable=SC2086
		if "$bt" -n 1 -w 0 -e "$work/qlkvm.err" -p 'kvm-vmm-linux: init started' -k \
			@try timeout 120 "$q" -accel kvm $qargs -append "$app" -initrd "$i" -kernel "$k" \
			>/dev/null 2>&1; then
			withk=1
			# shellcheck disable=SC2086
			set -- "$@" @kvm "$q" -accel kvm $qargs -append "$app" -initrd "$i" -kernel "$k"
		else
			echo "F|linux.boot.qemu_kvm|ms|||||does not run here: $(head -n 1 "$work/qlkvm.err" | cut -c 1-120)"
		fi
	fi
	[ $# -gt 0 ] || return 0
	all_runs=$runs
	runs=${BENCH_LINUX_RUNS:-3}
	run_bt "$work/linux" -p 'kvm-vmm-linux: init started' -k "$@"
	runs=$all_runs
	[ "${BENCH_LINUX_OURS:-1}" = 0 ] ||
		fig linux.boot.ours ms "$work/linux" 'P["ours",i] / 1e6' \
			"vmm-pm: Debian's i386 Linux + busybox initramfs, launch to init's first line"
	[ $withq = 0 ] || fig linux.boot.qemu_tcg ms "$work/linux" 'P["tcg",i] / 1e6' \
		"qemu-system-i386 -M isapc -accel tcg, the same files"
	[ $withk = 0 ] || fig linux.boot.qemu_kvm ms "$work/linux" 'P["kvm",i] / 1e6' \
		"qemu-system-i386 -M isapc -accel kvm, the same files"
	if [ "${BENCH_LINUX_OURS:-1}" != 0 ] && [ $withq = 1 ]; then
		fig linux.boot.ratio_tcg x "$work/linux" 'P["tcg",i] / P["ours",i]' \
			"QEMU TCG / vmm-pm (target > 1)"
		[ $withk = 0 ] || fig linux.boot.ratio_kvm x "$work/linux" 'P["kvm",i] / P["ours",i]' \
			"QEMU KVM / vmm-pm (target > 1)"
	fi
}

for p in $parts; do
	case $p in
	real) real_figures ;;
	pm) pm_figures ;;
	irq) irq_figures ;;
	linux) linux_figures ;;
	qemu) qemu_figures ;;
	*) fail "unknown part $p" ;;
	esac
done
echo "# done"
exit 0
