# tests/boot-screen.S: a boot sector that uses int 10h's text-screen services and reads the screen back, then plays rough: writes to the ROM, brings its own interrupt handler, floods int 10h and int 13h, and jumps into the ROM.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov $0xB800, %ax
	mov %ax, %fs

	mov $0x0003, %ax            # mode 3, a clear screen
	int $0x10
	mov $s_over, %si            # "abc", CR, "X": the screen shows Xbc
	call puts
	mov $s_scr, %si
	call puts
	mov %fs:0, %ax
	call hex16sp
	mov %fs:2, %ax
	call hex16sp
	mov %fs:4, %ax
	call hex16
	call crlf

	mov $0x0F, %ah
	int $0x10
	mov %bh, %dl
	mov $s_0f, %si
	call puts
	call hex16
	mov $s_bh, %si
	call puts
	mov %dl, %al
	call hex8
	call crlf

	call cursor
	mov %dx, %di
	mov $s_03, %si
	call puts
	mov %di, %ax
	call hex16
	call crlf

	# Three yellow-on-blue Zs where the cursor is, which stays there.
	mov $0x095A, %ax
	mov $0x001E, %bx
	mov $3, %cx
	int $0x10
	mov $0x08, %ah
	mov $0, %bh
	int $0x10
	push %ax
	call crlf
	pop %ax
	mov $s_08, %si
	call puts
	call hex16
	call crlf

	# A string by AH=13h at the cursor, which moves on.
	call cursor
	mov $0x1301, %ax
	mov $0x0007, %bx
	mov $s_13_end - s_13, %cx
	mov $s_13, %bp
	int $0x10

	# Column 10 of the cursor's row.
	call cursor
	mov $10, %dl
	mov $0x02, %ah
	int $0x10
	mov $s_col, %si
	call puts

	# Clear the whole screen: its first cell is a blank again.
	mov $0x0600, %ax
	mov $0x0700, %bx
	xor %cx, %cx
	mov $0x184F, %dx
	int $0x10
	mov $s_06, %si
	call puts
	mov %fs:0, %ax
	call hex16
	call crlf

	# The ROM is read-only: int 10h's stub stays as it is.
	mov $0xF000, %ax
	mov %ax, %gs
	movw $0x9090, %gs:0x40
	mov $s_rom, %si
	call puts
	mov %gs:0x40, %ax
	call hex16
	call crlf

	# A vector of our own.
	movw $own60, 0x180
	movw $0, 0x182
	int $0x60

	# Floods: bells (no output) and reads of sector 0.
	mov $1000, %cx
1:	mov $0x0E07, %ax
	int $0x10
	loop 1b
	mov $1000, %cx
2:	push %cx
	mov $0x0201, %ax
	mov $0x0001, %cx
	mov $0x0080, %dx
	mov $0x8000, %bx
	int $0x13
	pop %cx
	jc fail
	loop 2b
	mov $s_flood, %si
	call puts

	# The end: into the ROM's body, which is HLT.
	ljmp $0xF000, $0x8000

fail:
	mov $s_fail, %si
	call puts
	mov $1, %bl
	jmp finish

own60:
	push %si
	mov $s_60, %si
	call puts
	pop %si
	iret

# cursor: DX = the cursor's row and column (AH=03h, page 0).
cursor:
	push %ax
	push %bx
	push %cx
	mov $0x03, %ah
	mov $0, %bh
	int $0x10
	pop %cx
	pop %bx
	pop %ax
	ret

hex16sp:
	call hex16
	push %ax
	mov $' ', %al
	call putc
	pop %ax
	ret

#include "boot-lib.inc"

s_over:	.asciz "abc\rX\r\n"
s_scr:	.asciz "scr "
s_0f:	.asciz "0F "
s_bh:	.asciz " "
s_03:	.asciz "03 "
s_08:	.asciz "08 "
s_13:	.ascii "13 str\r\n"
s_13_end:
s_col:	.asciz "col10\r\n"
s_06:	.asciz "06 "
s_rom:	.asciz "ROM "
s_60:	.asciz "int 60h\r\n"
s_flood: .asciz "floods\r\n"
s_fail:	.asciz "FAIL\r\n"

	.org 510
	.byte 0x55, 0xAA
