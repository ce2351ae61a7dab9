#!/bin/sh
# tests/soak-pm.sh: vmm-pm's part of `make soak`: SOAK_SESSIONS os-1k shell sessions in a row (where KVM pages, or inside the KVM test host), every transcript and disk checked against the first.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Each session boots os-1k on a fresh copy of its disk, runs the book's
# commands (writefile included) and exits; its stdout, exit status and the
# disk afterwards must equal the first session's, and its own resource
# report (VMM_RESOURCE_REPORT=1) must show only the inherited descriptors
# open at exit and a peak resident size that does not grow. Every fifth
# session uses the read-only disk instead, every seventh the flat kernel.
# POSIX sh, busybox-safe; prints one line of numbers.
set -u
sessions=${SOAK_SESSIONS:-100}
VMM_PM=${VMM_PM:-$top_builddir/src/vmm-pm}
OS1K=${OS1K:-$top_builddir/os-1k}
VMM_RESOURCE_REPORT=1
export VMM_RESOURCE_REPORT
work=$(mktemp -d "${TMPDIR:-/tmp}/vmm-soak-pm.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
inherited=$(($(ls /proc/self/fd </dev/null 2>/dev/null | wc -l) - 1))
printf 'hello\nreadfile\nwritefile\nreadfile\nls\ncat readme.txt\nexit\n' >"$work/in"

bad=0
: >"$work/rss"
i=1
while [ "$i" -le "$sessions" ]; do
	kind=rw
	[ $((i % 5)) = 0 ] && kind=ro
	kernel=$OS1K/kernel.elf
	[ $((i % 7)) = 0 ] && kernel=$OS1K/kernel.bin
	cp "$OS1K/disk.tar" "$work/disk.tar"
	disk=$work/disk.tar
	[ "$kind" = ro ] && disk=$disk:ro
	status=0
	"$VMM_PM" --timeout 300 --disk "$disk" "$kernel" <"$work/in" \
		>"$work/out" 2>"$work/err" || status=$?
	if [ ! -e "$work/ref-$kind.out" ]; then
		cp "$work/out" "$work/ref-$kind.out"
		cp "$work/disk.tar" "$work/ref-$kind.disk"
		echo "$status" >"$work/ref-$kind.status"
	elif [ "$status" != "$(cat "$work/ref-$kind.status")" ] ||
		! cmp -s "$work/out" "$work/ref-$kind.out" ||
		! cmp -s "$work/disk.tar" "$work/ref-$kind.disk"; then
		[ "$bad" = 0 ] && { echo "soak-pm: session $i ($kind disk, $kernel) differs from the first:"; cat "$work/err"; }
		bad=$((bad + 1))
	fi
	r=$(sed -n 's/^vmm-pm: resources: fds \([0-9]*\) maxrss \([0-9]*\)$/\1 \2/p' "$work/err")
	if [ -z "$r" ] || [ "${r% *}" != "$inherited" ]; then
		[ "$bad" = 0 ] && echo "soak-pm: session $i: descriptors at exit: '${r% *}', inherited $inherited"
		bad=$((bad + 1))
	else
		echo "${r#* }" >>"$work/rss"
	fi
	i=$((i + 1))
done
tenth=$((sessions / 10))
[ "$tenth" -ge 1 ] || tenth=1
set -- $(awk -v t="$tenth" -v n="$sessions" '
	NR == 1 || $1 < min { min = $1 }
	NR == 1 || $1 > max { max = $1 }
	NR <= t { first += $1 }
	NR > n - t { last += $1 }
	END { printf "%d %d %d %d", min, max, first / t, last / t }' "$work/rss")
if [ "$4" -gt $(($3 + 512)) ]; then
	echo "soak-pm: peak RSS grew from $3 KiB (first tenth) to $4 KiB (last tenth)"
	bad=$((bad + 1))
fi
# The written file reached the read-write disk, not the read-only one.
tar -xOf "$work/ref-rw.disk" hello.txt 2>/dev/null | grep -q 'Hello from shell!' ||
	{ echo "soak-pm: writefile did not reach the disk"; bad=$((bad + 1)); }
if [ -e "$work/ref-ro.disk" ]; then
	cmp -s "$work/ref-ro.disk" "$OS1K/disk.tar" ||
		{ echo "soak-pm: the read-only disk changed"; bad=$((bad + 1)); }
fi
echo "soak: vmm-pm os-1k sessions: $sessions, $bad bad; fds at exit $inherited (= inherited); maxrss $1-$2 KiB (first tenth $3, last $4)"
[ "$bad" = 0 ]
