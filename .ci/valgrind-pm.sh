#!/bin/sh
# .ci/valgrind-pm.sh: .ci/valgrind's part inside the KVM test host: vmm-pm under valgrind on the paged test kernels and an os-1k session.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run by tests/kvmhost.sh as a test (with $VMM_PM, $TESTGUESTS, $OS1K set
# as for `make check`); valgrind and its memcheck files are copied in by
# .ci/valgrind. Same rules as there: the same status and stdout as a plain
# run, valgrind's own failure status 1 (no run here expects 1).
set -u
VALGRIND="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --vgdb=no"
work=$(mktemp -d /tmp/vmm-valgrind.XXXXXX) || exit 99
runs=0
failed=0

vg() {
	input=$1
	shift
	runs=$((runs + 1))
	plain=0
	"$VMM_PM" --no-sandbox "$@" <"$input" >"$work/out1" 2>"$work/err1" || plain=$?
	under=0
	$VALGRIND "$VMM_PM" --no-sandbox "$@" <"$input" >"$work/out2" 2>"$work/err2" || under=$?
	if [ "$plain" != "$under" ] || ! cmp -s "$work/out1" "$work/out2"; then
		failed=$((failed + 1))
		echo "FAIL: vmm-pm $*: status $plain plainly, $under under valgrind; stderr:"
		sed 's/^/  /' "$work/err2"
	elif [ "$plain" = 1 ]; then
		failed=$((failed + 1))
		echo "FAIL: vmm-pm $*: status 1, which is valgrind's"
	else
		echo "ok: vmm-pm $* (status $plain)"
	fi
}

for k in pm-segments.elf pm-write.elf pm-triple.elf hostile-pm.elf; do
	[ -e "$TESTGUESTS/$k" ] && vg /dev/null --timeout 120 "$TESTGUESTS/$k"
done
[ -e "$TESTGUESTS/pm-segments.bin" ] && vg /dev/null --timeout 120 "$TESTGUESTS/pm-segments.bin"
if [ -e "$TESTGUESTS/hostile-pm-wipe.elf" ]; then
	vg /dev/null --timeout 120 "$TESTGUESTS/hostile-pm-wipe.elf"
	vg /dev/null --timeout 120 --append cr3 "$TESTGUESTS/hostile-pm-wipe.elf"
fi
# Interrupts: ten timer ticks across HLTs, IRQ0 nested in an IRQ1 handler,
# and an idle guest that waits in HLT for its 100 Hz timer until
# --timeout ends it.
if [ -e "$TESTGUESTS/irq-kernel.elf" ]; then
	vg /dev/null --timeout 120 --append test=ticks "$TESTGUESTS/irq-kernel.elf"
	vg /dev/null --timeout 120 --append test=nest "$TESTGUESTS/irq-kernel.elf"
	vg /dev/null --timeout 5 --append test=idle "$TESTGUESTS/irq-kernel.elf"
fi
# os-1k: a whole shell session on a disk of its own (a fresh copy per run,
# so that both runs see the same disk), and the read-only disk.
if [ -e "$OS1K/kernel.elf" ] && [ -e "$OS1K/disk.tar" ]; then
	printf 'hello\nreadfile\nwritefile\nreadfile\nls\nexit\n' >"$work/session"
	runs=$((runs + 1))
	cp "$OS1K/disk.tar" "$work/d1.tar"
	cp "$OS1K/disk.tar" "$work/d2.tar"
	plain=0
	"$VMM_PM" --no-sandbox --timeout 300 --disk "$work/d1.tar" "$OS1K/kernel.elf" \
		<"$work/session" >"$work/out1" 2>"$work/err1" || plain=$?
	under=0
	$VALGRIND "$VMM_PM" --no-sandbox --timeout 300 --disk "$work/d2.tar" "$OS1K/kernel.elf" \
		<"$work/session" >"$work/out2" 2>"$work/err2" || under=$?
	if [ "$plain" != "$under" ] || ! cmp -s "$work/out1" "$work/out2" ||
		! cmp -s "$work/d1.tar" "$work/d2.tar"; then
		failed=$((failed + 1))
		echo "FAIL: os-1k session: status $plain plainly, $under under valgrind; stderr:"
		sed 's/^/  /' "$work/err2"
	else
		echo "ok: os-1k session on a disk (status $plain)"
	fi
	cp "$OS1K/disk.tar" "$work/ro.tar"
	vg "$work/session" --timeout 300 --disk "$work/ro.tar:ro" "$OS1K/kernel.elf"
fi
rm -rf "$work"
echo "valgrind in the KVM test host: $runs runs, $failed failed"
[ "$failed" = 0 ]
