# tests/real-exit3.S: test guest that prints a line and stops with EXIT status 3.
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
	mov $3, %ebx               # EXIT: EBX = status
	mov $0x00, %al
	out %al, %dx
1:	hlt                        # not reached
	jmp 1b

msg:	.ascii "exiting with 3\n"
msg_end:
