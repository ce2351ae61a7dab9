# tests/hostile-thr.S: hostile real-mode guest that floods the COM1 transmit register: 1000 bytes with OUT, 1000 with rep outsb (enough for KVM's batching to start mid-run), then EXIT 0.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.include "hostile-real.inc"
	.globl _start

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov $COM1, %dx
	mov $1000, %cx
1:	mov $'o', %al
	out %al, %dx
	loop 1b
	mov $'\n', %al
	out %al, %dx
	mov $buf, %di              # 1000 's' for rep outsb
	mov %cs, %ax
	mov %ax, %es
	mov $'s', %al
	mov $1000, %cx
	rep stosb
	mov $buf, %si
	mov $1000, %cx
	rep outsb
	mov $'\n', %al
	out %al, %dx
	xor %ebx, %ebx
	HCALL HC_EXIT
1:	hlt
	jmp 1b

buf:
