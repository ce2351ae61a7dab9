# tests/boot-e820.S: a boot sector that asks the BIOS about the machine (int 11h, 12h, 15h AH=88h/C0h/24h, the E820 memory map), tries two unknown services, and gives up with int 18h.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es

	int $0x12
	mov $s_12, %si
	call show
	int $0x11
	mov $s_11, %si
	call show
	mov $0x88, %ah
	int $0x15
	mov $s_88, %si
	call show
	mov $0xC0, %ah
	int $0x15
	jc fail
	mov %es:2(%bx), %al
	mov $0, %ah
	mov $s_c0, %si
	call show
	push %ds
	pop %es
	mov $0x2401, %ax
	int $0x15
	jc fail
	mov $0x2402, %ax
	int $0x15
	jc fail
	mov $s_a20, %si
	call show

	# The memory map, one 20-byte entry at a time into 0000:0600.
	xor %ebx, %ebx
1:	mov $0xE820, %eax
	mov $0x534D4150, %edx
	mov $20, %ecx
	mov $0x600, %di
	int $0x15
	jc fail
	cmp $0x534D4150, %eax
	jne fail
	mov $s_e820, %si
	call puts
	mov 0x602, %ax
	call hex16
	mov 0x600, %ax
	call hex16
	mov $s_len, %si
	call puts
	mov 0x60A, %ax
	call hex16
	mov 0x608, %ax
	call hex16
	mov $s_type, %si
	call puts
	mov 0x610, %al
	call hex8
	call crlf
	test %ebx, %ebx
	jnz 1b

	# Unknown services: CF = 1, AH = 86h.
	mov $0x9900, %ax
	int $0x15
	jnc fail
	mov $s_u15, %si
	call show
	mov $0x7700, %ax
	int $0x13
	jnc fail
	mov $s_u13, %si
	call show

	int $0x18
	mov $s_fail, %si
	call puts
	mov $2, %bl
	jmp finish

fail:
	mov $s_fail, %si
	call puts
	mov $1, %bl
	jmp finish

# show: the string at SI, AX in hex, a new line.
show:
	call puts
	call hex16
	jmp crlf

#include "boot-lib.inc"

s_12:	.asciz "int 12h: AX="
s_11:	.asciz "int 11h: AX="
s_88:	.asciz "int 15h AH=88h: AX="
s_c0:	.asciz "int 15h AH=C0h: model "
s_a20:	.asciz "int 15h AX=2402h: AX="
s_e820:	.asciz "E820: "
s_len:	.asciz " len "
s_type:	.asciz " type "
s_u15:	.asciz "int 15h AH=99h: AX="
s_u13:	.asciz "int 13h AH=77h: AX="
s_fail:	.asciz "FAILED\r\n"

	.org 510
	.byte 0x55, 0xAA
