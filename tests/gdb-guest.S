# tests/gdb-guest.S: real-mode guest for the gdb tests: calls tick until a counter in memory reaches 5, then EXITs with it.
# SPDX-License-Identifier: GPL-2.0-or-later
	.code16
	.text
	.globl _start
_start:
	mov $0x500, %dx
	movw $0, count
again:
	call tick
	cmpw $5, count
	jb again
	mov $msg, %esi             # WRITE: DS:ESI = buffer, ECX = length
	mov $msg_end - msg, %ecx
	mov $0x03, %al
	out %al, %dx
	movzwl count, %ebx         # EXIT with the counter as the status
	mov $0x00, %al
	out %al, %dx
1:	hlt
	jmp 1b

# Count one and print a dot. Keeps DX = 0x500.
	.globl tick
tick:
	incw count
	mov $'.', %bl              # PUTCHAR
	mov $0x01, %al
	out %al, %dx
	ret

msg:	.ascii "\ndone\n"
msg_end:
	.globl count
	.balign 2
count:	.word 0
