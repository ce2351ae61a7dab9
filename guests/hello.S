# guests/hello.S: the smallest guest: one WRITE hypercall prints a greeting, then HLT.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	# WRITE: DS:ESI = buffer, ECX = length; one exit for the whole line.
	mov $msg, %esi
	mov $msg_end - msg, %ecx
	mov $0x03, %al
	mov $0x500, %dx
	out %al, %dx
	# HLT stops the guest with status 0; loop in case it ever returns.
1:	hlt
	jmp 1b

msg:	.ascii "Hello from a real-mode guest!\n"
msg_end:
