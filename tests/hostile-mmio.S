# tests/hostile-mmio.S: hostile real-mode guest: reads, writes and string moves at guest-physical addresses that are not RAM (MMIO nobody claims): reads are all ones, writes vanish.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run alone (slot 0, a VM of its own: everything from 0x40000 up is
# unmapped). Expected output: tests/hostile-mmio.test.
	.code16
	.include "hostile-real.inc"
	.globl _start

	.set RAM, 0x40000

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %es
	mov $(RAM >> 4), %ax       # FS:0 = the first byte past our RAM
	mov %ax, %fs

	mov $0x12345678, %eax
	movb %fs:0, %al
	CHECK "byte read past RAM", 0x123456FF
	mov $0x12345678, %eax
	movw %fs:2, %ax
	CHECK "word read past RAM", 0x1234FFFF
	mov $0x12345678, %eax
	movl %fs:4, %eax
	CHECK "dword read past RAM", 0xFFFFFFFF
	movl $0x11223344, %fs:0x10
	movl %fs:0x10, %eax
	CHECK "a write there is not kept", 0xFFFFFFFF

	# Above 1 MiB (FFFF:0010 = 0x100000): no wrap to 0 (no A20 gate).
	push %fs
	mov $0xFFFF, %ax
	mov %ax, %fs
	movl %fs:0x10, %eax
	pop %fs
	CHECK "0x100000, not wrapped to 0", 0xFFFFFFFF

	# String moves from and to unmapped memory.
	push %ds
	mov %fs, %ax
	mov %ax, %ds
	xor %si, %si
	mov $buf, %di
	mov $16, %cx
	rep movsb
	pop %ds
	mov buf, %eax
	and buf + 4, %eax
	and buf + 8, %eax
	and buf + 12, %eax
	CHECK "rep movsb from past RAM: all ones", 0xFFFFFFFF
	push %es
	mov %fs, %ax
	mov %ax, %es
	xor %di, %di
	mov $0, %al
	mov $16, %cx
	rep stosb
	pop %es
	movl %fs:0, %eax
	CHECK "rep stosb past RAM is not kept", 0xFFFFFFFF

	# A dword half in RAM, half not: the RAM half, then all ones.
	push %ds
	mov %cs, %ax
	add $(RAM >> 4) - 1, %ax
	mov %ax, %ds
	movw $0xCDAB, 0xE          # the last two bytes of RAM
	mov 0xE, %eax
	pop %ds
	CHECK "a dword across the end of RAM", 0xFFFFCDAB

	FINISH

buf:	.fill 16, 1, 0
