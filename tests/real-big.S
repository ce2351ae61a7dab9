# tests/real-big.S: test guest of exactly the largest size, 256 KiB: prints a line from its last bytes, then HLT.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	# The message sits at the end of the image, past the first 64 KiB:
	# reach it through a segment 0x3000 paragraphs further.
	mov %cs, %ax
	add $0x3000, %ax
	mov %ax, %ds
	mov $msg - 0x30000, %esi
	mov $msg_end - msg, %ecx
	mov $0x03, %al             # WRITE
	mov $0x500, %dx
	out %al, %dx
1:	hlt
	jmp 1b

	.org 0x3fff0
msg:	.ascii "big guest\n"
msg_end:
	.org 0x40000               # pad to exactly 256 KiB
