# tests/boot-vga.S: a boot sector that prints a line through int 10h, then draws on the text screen itself (stores to 0xB8000): a boxed word in the middle and a status line at the bottom.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov $0xB800, %ax
	mov %ax, %es
	cld
	mov $hello, %si
	call puts

	# Row 11..13, column 30: a box of CP437 line characters around
	# "VGA text", white on blue.
	mov $(11 * 80 + 30) * 2, %di
	mov $top, %si
	call draw
	mov $(12 * 80 + 30) * 2, %di
	mov $mid, %si
	call draw
	mov $(13 * 80 + 30) * 2, %di
	mov $bot, %si
	call draw
	# The last row, column 0: black on grey, as a status line.
	mov $24 * 80 * 2, %di
	mov $status, %si
	mov $0x70, %ah
	call draw_ah

	mov $0, %bl
	jmp finish

# draw: the NUL-terminated string at DS:SI to ES:DI, attribute 0x1F.
draw:
	mov $0x1F, %ah
draw_ah:
1:	lodsb
	test %al, %al
	jz 2f
	stosw
	jmp 1b
2:	ret

hello:	.asciz "drawing on the screen\r\n"
top:	.byte 0xC9, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xBB, 0
mid:	.byte 0xBA
	.ascii " VGA text "
	.byte 0xBA, 0
bot:	.byte 0xC8, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xCD, 0xBC, 0
status:	.asciz "boot-vga: done"

#include "boot-lib.inc"
	.org 510
	.byte 0x55, 0xAA
