# guests/echo.S: copies input to output with GETCHAR/PUTCHAR until end of input, then EXIT 0.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	mov $0x500, %dx
next:
	mov $0x02, %al             # GETCHAR: EAX = byte, or 0xFFFFFFFF at end
	out %al, %dx
	cmp $0xFFFFFFFF, %eax
	je done
	mov %al, %bl               # PUTCHAR: BL = byte
	mov $0x01, %al
	out %al, %dx
	jmp next
done:
	xor %ebx, %ebx             # EXIT with status 0
	mov $0x00, %al
	out %al, %dx
1:	hlt
	jmp 1b
