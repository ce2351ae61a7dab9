# tests/hostile-write.S: hostile real-mode guest: WRITE with lengths and addresses at and around every boundary (RAM end, 1 MiB, 4 GiB, segment base wrap).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run alone in a VM of its own (any slot). Expected output: tests/hostile-write.test.
	.code16
	.include "hostile-real.inc"
	.globl _start

	.set RAM, 0x40000          # 256 KiB from our segment base

# WRITE ESI_VALUE, ECX_VALUE: the hypercall with DS as it is.
.macro WRITE esi, ecx
	mov $\esi, %esi
	mov $\ecx, %ecx
	HCALL HC_WRITE
.endm

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	movzwl %ax, %eax
	shl $4, %eax
	mov %eax, base             # B, the linear address of our RAM

	# "tail of my RAM!\n" in the last 16 bytes of RAM (ES:0 = B + RAM - 16).
	mov %cs, %ax
	add $(RAM >> 4) - 1, %ax
	mov %ax, %es
	xor %di, %di
	mov $tail, %si
	mov $16, %cx
	rep movsb

	# Zero length: nothing to check, wherever it points.
	WRITE 0, 0
	CHECK "zero length at 0", 0
	WRITE RAM, 0
	CHECK "zero length past RAM", 0
	WRITE 0xFFFFFFFF, 0
	CHECK "zero length at 4 GiB - 1", 0

	# The end of RAM.
	WRITE (RAM-16), 16
	CHECK "the last 16 bytes of RAM", 16
	WRITE (RAM-1), 1
	CHECK "the last byte of RAM", 1
	WRITE (RAM-16), 17
	CHECK "one byte past the end of RAM", 0xFFFFFFFF
	WRITE RAM, 1
	CHECK "the first byte past RAM", 0xFFFFFFFF
	WRITE (RAM-0x10000), 0x10000
	CHECK "the last 64 KiB of RAM", 0x10000
	WRITE (RAM-0x10000), 0x10001
	CHECK "64 KiB and one byte past the end", 0xFFFFFFFF

	# Lengths: 1 MiB is the limit (and more than our RAM anyway).
	WRITE 0, 0x100000
	CHECK "1 MiB", 0xFFFFFFFF
	WRITE 0, 0x100001
	CHECK "1 MiB + 1", 0xFFFFFFFF
	WRITE 0, 0x80000000
	CHECK "2 GiB", 0xFFFFFFFF
	WRITE 0, 0xFFFFFFFF
	CHECK "4 GiB - 1", 0xFFFFFFFF

	# Around 4 GiB: linear = B + ESI.
	mov base, %esi
	neg %esi
	sub $8, %esi               # linear 4 GiB - 8
	mov $16, %ecx
	HCALL HC_WRITE
	CHECK "a buffer wrapping at 4 GiB", 0xFFFFFFFF
	mov base, %esi
	neg %esi
	sub $8, %esi
	mov $8, %ecx
	HCALL HC_WRITE
	CHECK "a buffer ending at 4 GiB", 0xFFFFFFFF

	# DS base + ESI wraps (32-bit linear addresses): DS = 0xFFFF (base
	# 0xFFFF0), ESI = B + wrapped - 0xFFFF0 (mod 4 GiB): our own bytes.
	mov base, %esi
	add $wrapped - 0xFFFF0, %esi
	mov $wrapped_end - wrapped, %ecx
	push %ds
	mov $0xFFFF, %ax
	mov %ax, %ds
	HCALL HC_WRITE
	pop %ds
	CHECK "DS base + ESI wrapping into RAM", (wrapped_end - wrapped)

	# DS decides: a base 0x30000 into RAM, ESI past 64 KiB.
	push %ds
	mov %cs, %ax
	add $0x3000, %ax
	mov %ax, %ds
	WRITE 0xFFF0, 16
	pop %ds
	CHECK "DS base inside RAM, offset to its end", 16

	# Other guests' slots are not ours (a VM of our own): above and below.
	push %ds
	mov %cs, %ax
	add $(RAM >> 4), %ax
	mov %ax, %ds
	WRITE 0, 1
	pop %ds
	CHECK "the next slot", 0xFFFFFFFF
	push %ds
	mov %cs, %ax
	sub $(RAM >> 4), %ax
	mov %ax, %ds
	WRITE (RAM-1), 1
	pop %ds
	CHECK "the slot below", 0xFFFFFFFF

	FINISH

base:	.long 0
tail:	.ascii "tail of my RAM!\n"
wrapped: .ascii "wrapped into RAM\n"
wrapped_end:
