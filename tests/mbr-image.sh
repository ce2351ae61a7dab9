#!/bin/sh
# tests/mbr-image.sh: a hard disk image for a third-party MBR: its code in front of a partition table whose only partition (active or not) holds a boot sector of ours.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   mbr-image.sh MBR VBR active|inactive OUT
#
# Sector 0: MBR's first 440 bytes (the code area of a PC MBR), a disk
# signature, the partition table and 0x55AA. Partition 1 starts at LBA 3
# and holds VBR (its sector 0 gets 0x55AA if it lacks it: syslinux's
# handoff.bin is 420 bytes). Sectors 1 and 2 hold VBR's sectors 1 and 2
# too: our boot sectors load their next stages by absolute disk address, as
# a sector written for sector 0 does, and must find them where they are
# when they are booted directly. The CHS fields use 16 heads, 63 sectors;
# the image is that small that only the sector numbers matter.
set -eu
mbr=$1 vbr=$2 how=$3 out=$4
case $how in active) flag='\200' ;; inactive) flag='\000' ;;
*) echo "mbr-image.sh: active or inactive, not $how" >&2; exit 2 ;; esac
tmp=$out.tmp
rm -f "$tmp"
vsize=$(wc -c <"$vbr")
vsect=$(( (vsize + 511) / 512 ))
[ "$vsect" -ge 1 ] && [ "$vsect" -le 60 ] || { echo "mbr-image.sh: $vbr: $vsize bytes" >&2; exit 1; }
last=$((3 + vsect - 1))
oct() { printf "\\$(printf %03o "$1")"; }
# Sector 0.
dd if="$mbr" of="$tmp" bs=440 count=1 conv=sync 2>/dev/null
{
	printf '\170\126\064\022\000\000'		# disk signature 0x12345678
	printf "$flag"; printf '\000\004\000'		# status, CHS 0/0/4 = LBA 3
	printf '\203'; printf '\000'; oct $((last + 1)); printf '\000'	# type, CHS end
	printf '\003\000\000\000'; oct "$vsect"; printf '\000\000\000'	# LBA, count
	dd if=/dev/zero bs=48 count=1 2>/dev/null	# partitions 2 to 4: none
	printf '\125\252'
} >>"$tmp"
# Sectors 1 and 2: VBR's (zeros where it has none).
dd if="$vbr" of="$tmp" bs=512 skip=1 seek=1 count=2 conv=notrunc 2>/dev/null
dd if=/dev/zero of="$tmp" bs=512 seek=3 count=0 2>/dev/null
# Partition 1.
dd if="$vbr" of="$tmp" bs=512 seek=3 conv=notrunc 2>/dev/null
dd if=/dev/zero of="$tmp" bs=512 seek=$((last + 1)) count=0 2>/dev/null
sig=$(dd if="$tmp" bs=1 skip=$((3 * 512 + 510)) count=2 2>/dev/null | od -An -tx1 | tr -d ' \n')
[ "$sig" = 55aa ] ||
	printf '\125\252' | dd of="$tmp" bs=1 seek=$((3 * 512 + 510)) conv=notrunc 2>/dev/null
mv "$tmp" "$out"
