# tests/real-loop.S: test guest that prints a line and then loops forever (for --timeout).
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
1:	jmp 1b                     # no exits at all from here on

msg:	.ascii "looping forever\n"
msg_end:
