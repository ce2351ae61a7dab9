# tests/boot-clock.S: a boot sector that reads the clock with int 1Ah (ticks, time, date), checks the BIOS data area's tick count, and waits 200 ms with int 15h AH=86h.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es

	mov $0x00, %ah
	int $0x1A
	mov %dx, t0
	mov %cx, t0 + 2
	# Right after the call, 0040:006C holds what it returned.
	cmp 0x46C, %dx
	jne 1f
	cmp 0x46E, %cx
	jne 1f
	mov $s_bda, %si
	call puts
1:
	mov $0x02, %ah
	int $0x1A
	jc fail
	mov %ch, %al
	mov $0x24, %ah
	call bcd
	mov %cl, %al
	mov $0x60, %ah
	call bcd
	mov %dh, %al
	mov $0x60, %ah
	call bcd
	mov $s_time, %si
	call puts

	mov $0x04, %ah
	int $0x1A
	jc fail
	cmp $0x20, %ch
	jne fail
	mov %cl, %al
	mov $0xA0, %ah
	call bcd
	mov %dh, %al
	mov $0x13, %ah
	call bcd
	mov %dl, %al
	mov $0x32, %ah
	call bcd
	mov $s_date, %si
	call puts

	# 200000 us = 0x00030D40: at least 3.6 ticks of 54.9 ms.
	mov $0x86, %ah
	mov $0x0003, %cx
	mov $0x0D40, %dx
	int $0x15
	jc fail
	mov $s_wait, %si
	call puts
	mov $0x00, %ah
	int $0x1A
	# Ticks since t0, across a midnight too.
	mov %cx, %bx
	shl $16, %ebx
	mov %dx, %bx
	sub t0, %ebx
	jns 2f
	add $0x1800B0, %ebx
2:	cmp $3, %ebx
	jb fail
	mov $s_ticks, %si
	call puts
	mov $0, %bl
	jmp finish

fail:
	mov $s_fail, %si
	call puts
	mov $1, %bl
	jmp finish

# bcd: AL must be two BCD digits below AH (also BCD), else fail.
bcd:
	push %ax
	and $0x0F, %al
	cmp $9, %al
	pop %ax
	ja fail
	cmp %ah, %al
	jae fail
	ret

#include "boot-lib.inc"

s_bda:	.asciz "int 1Ah AH=00h: 0040:006C holds the same tick count\r\n"
s_time:	.asciz "int 1Ah AH=02h: the time is BCD\r\n"
s_date:	.asciz "int 1Ah AH=04h: the date is BCD, century 20\r\n"
s_wait:	.asciz "int 15h AH=86h: waited 200 ms\r\n"
s_ticks: .asciz "the tick count went on by at least 3\r\n"
s_fail:	.asciz "FAILED\r\n"
	.balign 4
t0:	.long 0

	.org 510
	.byte 0x55, 0xAA
