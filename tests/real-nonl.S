# tests/real-nonl.S: test guest whose output does not end with a newline.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	mov $msg, %esi
	mov $msg_end - msg, %ecx
	mov $0x03, %al             # WRITE
	mov $0x500, %dx
	out %al, %dx
1:	hlt
	jmp 1b

msg:	.ascii "first line\nno newline at the end"
msg_end:
