# tests/hostile-span.S: hostile real-mode guest: WRITE from the last 8 bytes of its RAM into the next guest's slot; with --shared-vm that is RAM (another guest's), alone it is not.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The image starts with the 8 bytes "PXQYPXQY" (push/pop pairs, harmless to
# run), so that what a neighbour reads of it is printable. It prints
#   span I: BUFFER? eax=XXXXXXXX
# where I is its slot and BUFFER? the bytes WRITE printed, if any.
	.code16
	.include "hostile-real.inc"
	.globl _start

	.set RAM, 0x40000

_start:
	.ascii "PXQYPXQY"
	cld
	mov %cs, %ax
	mov %ax, %ds
	shr $14, %ax
	add $'0', %al
	mov %al, own_slot

	# "span I->" in our last 8 bytes.
	mov %cs, %ax
	add $(RAM >> 4) - 1, %ax
	mov %ax, %es
	mov $8, %di
	mov $own, %si
	mov $8, %cx
	rep movsb

	mov $label, %si
	call puts
	mov $(RAM - 8), %esi
	mov $16, %ecx
	HCALL HC_WRITE
	SHOW " "
	FINISH

label:	.asciz "span: "
own:	.ascii "span "
own_slot: .ascii "?->"
