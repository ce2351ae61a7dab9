# guests/counter.S: prints 0 to 9, one number a line, with PUTCHAR, then HLT.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	mov $0x500, %dx
	mov $'0', %cl              # the digit to print next
next:
	# PUTCHAR: AL = 1, BL = byte. The VMM may clobber EAX (the result
	# register), so AL is reloaded before each call.
	mov %cl, %bl
	mov $0x01, %al
	out %al, %dx
	mov $'\n', %bl
	mov $0x01, %al
	out %al, %dx
	inc %cl
	cmp $'9', %cl
	jbe next
1:	hlt
	jmp 1b
