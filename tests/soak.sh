#!/bin/sh
# tests/soak.sh: `make soak`: the tools run over and over, every output checked exactly, descriptors and memory checked to stay put.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   tests/soak.sh [RUNS [MULTI_RUNS [PM_SESSIONS]]]   (default 1000 200 100)
#
# vmm-real: RUNS sequential runs of each guest of guests/ (with the input
# it needs), then MULTI_RUNS runs of four guests at once (each in a VM of
# its own) and as many with --shared-vm. Every run's stdout must equal the
# first run's (for several guests: each guest's lines, in order), with the
# same exit status. Each run reports, through the tools' test hook
# VMM_RESOURCE_REPORT=1, the descriptors it has open at the very end and its
# peak resident memory: the descriptors must be exactly those it inherited
# (nothing leaked), and the peak must not grow (the last tenth of the runs
# against the first tenth). Then a few runs under valgrind --track-fds=yes,
# when valgrind is there.
#
# vmm-pm: PM_SESSIONS os-1k shell sessions, each on a fresh copy of the
# disk, every transcript and resulting disk compared with the first:
# directly where KVM can run 32-bit paged guests, else all in one boot of
# the KVM test host (tests/soak-pm.sh).
#
# Run from the top build directory (make soak does); prints one line per
# series with its numbers; exit status 0 when every check held.
set -u
runs=${1:-1000}
multi=${2:-200}
sessions=${3:-100}
: "${top_builddir:=$(pwd)}" "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
VMM_REAL=${VMM_REAL:-$top_builddir/src/vmm-real}
G=$top_builddir/guests
work=$(mktemp -d "${TMPDIR:-/tmp}/vmm-soak.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
failed=0
VMM_RESOURCE_REPORT=1
export VMM_RESOURCE_REPORT

fail() {
	echo "soak: FAIL: $*"
	failed=$((failed + 1))
}

# The descriptors a child of this shell inherits, as the tools count them:
# open ones below 1024 (ls's own directory descriptor not counted).
inherited=$(($(ls /proc/self/fd </dev/null 2>/dev/null | wc -l) - 1))

# resources FILE: "FDS RSS" from a run's stderr (the test hook's line).
resources() {
	sed -n 's/^vmm-[a-z]*: resources: fds \([0-9]*\) maxrss \([0-9]*\)$/\1 \2/p' "$1"
}

# normalize FILE: several guests' lines interleave differently from run to
# run: each guest's lines, in their order, one guest after the other.
normalize() {
	sort -s -t ']' -k1,1 "$1"
}

# series NAME INPUT COUNT SORT ARGS...: COUNT runs of vmm-real ARGS.
series() {
	name=$1
	input=$2
	count=$3
	sorted=$4
	shift 4
	: >"$work/rss"
	bad=0
	i=1
	while [ "$i" -le "$count" ]; do
		status=0
		"$VMM_REAL" "$@" <"$input" >"$work/out" 2>"$work/err" || status=$?
		if [ "$sorted" = 1 ]; then normalize "$work/out" >"$work/cmp"; else cp "$work/out" "$work/cmp"; fi
		if [ "$i" = 1 ]; then
			cp "$work/cmp" "$work/ref"
			ref_status=$status
		elif [ "$status" != "$ref_status" ] || ! cmp -s "$work/ref" "$work/cmp"; then
			[ "$bad" = 0 ] && fail "$name: run $i differs from run 1 (status $status, first $ref_status)"
			bad=$((bad + 1))
		fi
		r=$(resources "$work/err")
		fds=${r% *}
		if [ -z "$r" ]; then
			[ "$bad" = 0 ] && fail "$name: run $i printed no resource line: $(tail -n 3 "$work/err")"
			bad=$((bad + 1))
		elif [ "$fds" != "$inherited" ]; then
			[ "$bad" = 0 ] && fail "$name: run $i ended with $fds descriptors open, $inherited inherited"
			bad=$((bad + 1))
		fi
		echo "${r#* }" >>"$work/rss"
		i=$((i + 1))
	done
	# Peak memory: min, max, and the first tenth against the last.
	tenth=$((count / 10))
	[ "$tenth" -ge 1 ] || tenth=1
	stats=$(awk -v t="$tenth" -v n="$count" '
		NR == 1 || $1 < min { min = $1 }
		NR == 1 || $1 > max { max = $1 }
		NR <= t { first += $1 }
		NR > n - t { last += $1 }
		END { printf "%d %d %d %d", min, max, first / t, last / t }' "$work/rss")
	set -- $stats
	if [ "$4" -gt $(($3 + 512)) ]; then
		fail "$name: peak RSS grew from $3 KiB (first tenth) to $4 KiB (last tenth)"
	fi
	echo "soak: $name: $count runs, $bad bad; status $ref_status; fds at exit $inherited (= inherited); maxrss $1-$2 KiB (first tenth $3, last $4)"
}

printf 'hello, echo\nsecond line\n' >"$work/echo-in"
for g in "$G"/*.bin; do
	name=guests/$(basename "$g")
	case $g in
	*/echo.bin) series "$name" "$work/echo-in" "$runs" 0 "$g" ;;
	*) series "$name" /dev/null "$runs" 0 "$g" ;;
	esac
done
series "4 guests" /dev/null "$multi" 1 \
	"$G/multiplication.bin" "$G/counter.bin" "$G/hctest.bin" "$G/hello.bin"
# Not hctest: it checks that the memory around its own is not RAM, which
# in one VM is the other guests'.
series "4 guests --shared-vm" /dev/null "$multi" 1 --shared-vm \
	"$G/counter.bin" "$G/hello.bin" "$G/multiplication.bin" "$G/echo.bin"

# A long run: a storm of exits in one process (peak memory beyond the
# image's RAM must stay small: guest RAM is mapped lazily).
if [ -e "$top_builddir/tests/hostile-storm.bin" ]; then
	series "hostile-storm (26000 exits)" /dev/null 20 0 "$top_builddir/tests/hostile-storm.bin"
fi

# Descriptors seen from outside, by valgrind.
if command -v valgrind >/dev/null 2>&1; then
	n=0
	for args in "$G/hello.bin" "$G/hctest.bin $G/counter.bin" "--shared-vm $G/hello.bin $G/counter.bin"; do
		# shellcheck disable=SC2086 # word splitting wanted
		"$top_builddir/libtool" --mode=execute valgrind -q --track-fds=yes \
			--log-fd=2 "$VMM_REAL" --no-sandbox $args </dev/null >/dev/null 2>"$work/vg"
		# valgrind lists every descriptor open at exit; only the inherited
		# ones may be there (in a clean environment: the three standard).
		open=$(sed -n 's/.*FILE DESCRIPTORS: \([0-9]*\) open.*/\1/p' "$work/vg")
		if [ -n "$open" ] && [ "$open" != "$inherited" ]; then
			fail "valgrind --track-fds: vmm-real $args: $open open at exit"
			cat "$work/vg"
		fi
		n=$((n + 1))
	done
	echo "soak: valgrind --track-fds=yes: $n runs, no descriptor left open"
fi

# ---- vmm-pm: os-1k sessions ----
if [ "$sessions" -gt 0 ]; then
	if "$top_builddir/tests/kvm-probe" >/dev/null 2>&1; then
		SOAK_SESSIONS=$sessions sh "$top_srcdir/tests/soak-pm.sh" || failed=$((failed + 1))
	else
		mkdir -p "$work/kvmhost"
		KVMHOST_PASSENV="${KVMHOST_PASSENV:+$KVMHOST_PASSENV }SOAK_SESSIONS VMM_RESOURCE_REPORT" \
		SOAK_SESSIONS=$sessions sh "$top_srcdir/tests/kvmhost.sh" \
			--builddir "$top_builddir" --srcdir "$top_srcdir" \
			--results "$work/kvmhost" tests/soak-pm.sh >"$work/kvmhost.out" 2>&1
		if [ -f "$work/kvmhost/tests/soak-pm.sh.status" ]; then
			cat "$work/kvmhost/tests/soak-pm.sh.log"
			[ "$(cat "$work/kvmhost/tests/soak-pm.sh.status")" = 0 ] || failed=$((failed + 1))
		else
			fail "the KVM test host gave no result:"
			tail -n 30 "$work/kvmhost.out"
		fi
	fi
fi

if [ "$failed" = 0 ]; then
	echo "soak: all checks held"
	exit 0
fi
echo "soak: $failed checks failed"
exit 1
