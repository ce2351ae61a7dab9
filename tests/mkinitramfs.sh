#!/bin/sh
# tests/mkinitramfs.sh: a gzipped newc initramfs holding a static busybox and an /init script (for booting a Linux kernel in the tests).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   mkinitramfs.sh BUSYBOX INIT OUT
#
# OUT holds /bin/busybox (BUSYBOX, which /init installs its applets from),
# /init (INIT) and the mount points /proc, /sys and /tmp. /dev/console,
# which init's standard streams need, is in the kernel's own built-in
# initramfs, which OUT is unpacked over (so the build needs no mknod).
# Without BUSYBOX (deb-fetch.sh could not get it), OUT is not made and
# OUT.why repeats BUSYBOX.why; the status is 0 so that the build goes on.
set -u
me=mkinitramfs.sh
busybox=${1:?usage: $me BUSYBOX INIT OUT}
init=${2:?usage: $me BUSYBOX INIT OUT}
out=${3:?usage: $me BUSYBOX INIT OUT}

rm -f "$out" "$out.why"
if [ ! -f "$busybox" ]; then
	cat "$busybox.why" >"$out.why" 2>/dev/null || echo "no $busybox" >"$out.why"
	exit 0
fi
for tool in cpio gzip; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "$me: no $tool on the build host" >&2
		echo "no $tool on the build host to make the initramfs" >"$out.why"
		exit 0
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" &&
	cp "$busybox" "$root/bin/busybox" && cp "$init" "$root/init" &&
	chmod 755 "$root/bin/busybox" "$root/init" || exit 1
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$tmp/files.cpio" &&
	gzip -9n <"$tmp/files.cpio" >"$out.tmp" && mv "$out.tmp" "$out"
