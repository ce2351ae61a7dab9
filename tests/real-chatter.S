# tests/real-chatter.S: test guest printing 8 long lines one PUTCHAR at a time, so that guests running at once would mix them without line buffering.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	cld
	mov $0x500, %dx
	movb $'1', num
line:
	mov $text, %si
1:	lodsb                      # PUTCHAR each byte of "chatter line N: a..z\n"
	test %al, %al
	jz 2f
	mov %al, %bl
	mov $0x01, %al
	out %al, %dx
	jmp 1b
2:	incb num
	cmpb $'8', num
	jbe line
3:	hlt
	jmp 3b

text:	.ascii "chatter line "
num:	.ascii "1"
	.asciz ": abcdefghijklmnopqrstuvwxyz\n"
