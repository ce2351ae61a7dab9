# tests/real-idle.S: test guest that prints a line and part of one by PUTCHAR, then computes with no exit at all.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	mov $msg, %si
	mov $0x500, %dx
1:	movb (%si), %bl
	test %bl, %bl
	jz 2f
	mov $0x01, %al             # PUTCHAR
	out %al, %dx
	inc %si
	jmp 1b
2:	jmp 2b                     # never exits again: only a timer shows "partial"

msg:	.asciz "whole line\npartial"
