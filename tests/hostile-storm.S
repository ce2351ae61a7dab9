# tests/hostile-storm.S: hostile real-mode guest that keeps the VMM busy: a 20000-byte line, unknown hypercalls, string I/O to unclaimed ports, writes to unmapped memory, then EXIT 9.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.include "hostile-real.inc"
	.globl _start

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %es

	mov $20000, %cx            # one 20000-byte line, a byte per exit
	mov $'z', %bl
1:	mov $HC_PUTCHAR, %al
	mov $HC, %dx
	out %al, %dx
	loop 1b
	mov $'\n', %al
	call putc

	mov $2000, %cx             # unknown hypercalls
1:	mov %cl, %al
	or $0x80, %al
	mov $HC, %dx
	out %al, %dx
	loop 1b

	mov $0x80, %dx             # string I/O nobody claims
	xor %si, %si
	mov $512, %cx
	rep outsb
	mov $0x1234, %dx
	mov $0x8000, %di
	mov $512, %cx
	rep insb

	mov %cs, %ax               # 4 KiB of writes past our RAM
	add $0x4000, %ax
	mov %ax, %es
	xor %di, %di
	mov $0xCC, %al
	mov $4096, %cx
	rep stosb

	mov $done, %si
	call puts
	mov $9, %ebx
	HCALL HC_EXIT
1:	hlt
	jmp 1b

done:	.asciz "storm over\n"
