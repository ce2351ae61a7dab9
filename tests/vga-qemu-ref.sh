#!/bin/sh
# tests/vga-qemu-ref.sh: the reference output of a VGA test kernel under qemu-system-i386 -kernel (build host): COM1's output, then the screen as vmm-pm --vga=dump prints it.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   vga-qemu-ref.sh VGA-SCREEN KERNEL OUT serial|screen MARKER [QEMU-ARGS...]
#
# QEMU runs KERNEL until MARKER shows on COM1 or on the screen, then its
# screen is saved through the monitor (tests/vga-screen.c: no sleeps). Without
# QEMU or the kernel, or when QEMU fails, OUT's first line is "SKIP: why"
# (the kernel's OUT.why from tests/deb-fetch.sh when there is one) and the
# test skips the comparison; the status is 0 either way, so the build goes on.
# KERNEL as drive:IMAGE boots IMAGE as QEMU's first hard disk instead (the
# boot-sector tests).
set -u
tool=$1 kernel=$2 out=$3 how=$4 marker=$5
shift 5
boot=-kernel
case $kernel in drive:*) kernel=${kernel#drive:} boot=-drive ;; esac
qemu=${VGA_QEMU:-qemu-system-i386}

rm -f "$out"
if [ ! -f "$kernel" ]; then
	{ printf 'SKIP: '; cat "$kernel.why" 2>/dev/null || echo "no $kernel"; } >"$out"
	exit 0
fi
if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "SKIP: $qemu is not installed on the build host" >"$out"
	exit 0
fi
d=$(mktemp -d "${TMPDIR:-/tmp}/vga-ref.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
# QEMU hands a Multiboot kernel its own path as the command line's first
# word: a short private copy keeps that word, and so the screen's line
# wrapping, the same whatever directory the build is in.
cp "$kernel" "$d/kernel" || exit 1
if [ "$boot" = -drive ]; then set -- -drive "file=kernel,format=raw" "$@"
else set -- -kernel kernel "$@"; fi
# timeout: a safety stop for a QEMU that never gets there, not a clock
# the result depends on.
if (cd "$d" && timeout 120 "$tool" qemu "$d" "$how" "$marker" "$qemu" \
	"$@" -display none -no-reboot) </dev/null >"$d/log" 2>&1 &&
	"$tool" render "$d/screen.raw" >"$d/screen.txt"; then
	cat "$d/serial.txt" "$d/screen.txt" >"$out.tmp" && mv "$out.tmp" "$out"
else
	{ echo "SKIP: $qemu $kernel (${boot#-}) did not show '$marker'"; cat "$d/log"; } >"$out"
fi
exit 0
