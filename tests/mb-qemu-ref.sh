#!/bin/sh
# mb-qemu-ref.sh: OUT KERNEL [QEMU-ARGS...]: the reference output of a Multiboot test kernel under qemu-system-i386 -kernel, made on the build host.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The machine is the one the tests give vmm-pm: 32 MiB, COM1 on stdout,
# port 0xE9 present (-debugcon: reading it returns 0xE9 as on vmm-pm) and
# isa-debug-exit at 0xF4, so that the kernel's exit 0x21 makes status
# (0x21 << 1) | 1 = 67. Without QEMU, or if it does not end that way, OUT
# says why in a first line "SKIP: ..." and the test skips the comparison.
# timeout is only a safety stop for the build, not part of any test.
out=$1
kernel=$2
shift 2
qemu=${MB_QEMU:-qemu-system-i386}
if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "SKIP: $qemu is not installed on the build host" >"$out"
	exit 0
fi
timeout 60 "$qemu" -kernel "$kernel" -m 32 -serial stdio -display none \
	-monitor none -no-reboot -debugcon null \
	-device isa-debug-exit,iobase=0xf4,iosize=4 "$@" </dev/null \
	>"$out.tmp" 2>&1
st=$?
if [ "$st" = 67 ]; then
	mv "$out.tmp" "$out"
else
	{ echo "SKIP: $qemu -kernel $kernel exited with status $st, not 67"
	  cat "$out.tmp"; } >"$out"
	rm -f "$out.tmp"
fi
