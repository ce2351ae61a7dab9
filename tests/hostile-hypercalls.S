# tests/hostile-hypercalls.S: hostile real-mode guest: every unknown hypercall number, every width, IN from the port, GETCHAR and PUTCHAR floods, string I/O (rep outs/ins) to the port, and an EXIT flood last.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run with "abc" on stdin. Expected output and status: tests/hostile-hypercalls.test.
	.code16
	.include "hostile-real.inc"
	.globl _start

_start:
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %es

	# Every unknown number (4-255) as a byte OUT: EAX = 0xFFFFFFFF each
	# time, no stop. EDI counts the wrong answers.
	xor %edi, %edi
	mov $4, %cx
1:	mov $0x12345600, %eax
	mov %cl, %al
	mov $HC, %dx
	out %al, %dx
	cmp $0xFFFFFFFF, %eax
	je 2f
	inc %edi
2:	inc %cx
	cmp $256, %cx
	jb 1b
	mov %edi, %eax
	CHECK "252 unknown numbers: all 0xFFFFFFFF", 0

	# The number is the low byte, whatever the width.
	mov $0x0004, %ax
	mov $HC, %dx
	out %ax, %dx
	CHECK "word OUT 0x0004 is unknown", 0xFFFFFFFF
	mov $0x0404, %ax
	out %ax, %dx
	CHECK "word OUT 0x0404 is unknown", 0xFFFFFFFF
	mov $'w', %bl
	mov $0x03030301, %eax
	out %eax, %dx              # PUTCHAR 'w', not WRITE
	mov %eax, %edi
	mov $'\n', %bl
	mov $HC_PUTCHAR, %al
	out %al, %dx
	mov %edi, %eax
	CHECK "dword OUT 0x03030301 is PUTCHAR", 0x03030301

	# IN from the port: all ones, in the width read only.
	mov $0x12345600, %eax
	in %dx, %al
	CHECK "IN byte from the hypercall port", 0x123456FF
	mov $0x12345600, %eax
	in %dx, %ax
	CHECK "IN word from the hypercall port", 0x1234FFFF
	mov $0x12345600, %eax
	in %dx, %eax
	CHECK "IN dword from the hypercall port", 0xFFFFFFFF

	# GETCHAR flood: "abc", then the end of input 9997 times.
	HCALL HC_GETCHAR
	CHECK "GETCHAR 1", 'a'
	HCALL HC_GETCHAR
	CHECK "GETCHAR 2", 'b'
	HCALL HC_GETCHAR
	CHECK "GETCHAR 3", 'c'
	xor %edi, %edi
	mov $9997, %ecx
1:	mov $0, %eax
	HCALL HC_GETCHAR
	cmp $0xFFFFFFFF, %eax
	jne 2f
	inc %edi
2:	loop 1b
	mov %edi, %eax
	CHECK "9997 GETCHARs at the end of input", 9997

	# PUTCHAR flood: 5000 'x' in one line.
	mov $5000, %cx
	mov $'x', %bl
1:	mov $HC_PUTCHAR, %al
	mov $HC, %dx
	out %al, %dx
	loop 1b
	mov $'\n', %bl
	mov $HC_PUTCHAR, %al
	out %al, %dx

	# String I/O: rep outsb/outsw/outsl of PUTCHARs, every element one
	# hypercall (KVM may hand them over in one exit: io.count).
	mov $HC, %dx
	mov $'s', %bl
	mov $ones_b, %si
	mov $8, %cx
	rep outsb
	mov $'w', %bl
	mov $ones_w, %si
	mov $4, %cx
	rep outsw
	mov $'l', %bl
	mov $ones_l, %si
	mov $2, %cx
	rep outsl
	mov $'\n', %bl
	mov $HC_PUTCHAR, %al
	out %al, %dx
	# Unknown numbers among them: no stop, the PUTCHARs still print.
	mov $'u', %bl
	mov $mixed, %si
	mov $mixed_end - mixed, %cx
	rep outsb
	mov $'\n', %bl
	mov $HC_PUTCHAR, %al
	out %al, %dx
	# rep insb from the port: all ones.
	mov $inbuf, %di
	mov $8, %cx
	rep insb
	mov inbuf, %eax
	CHECK "rep insb from the port, bytes 0-3", 0xFFFFFFFF
	mov inbuf + 4, %eax
	CHECK "rep insb from the port, bytes 4-7", 0xFFFFFFFF

	# EXIT flood: 64 EXITs in one rep outsb, EBX = 0x1234: the first ends
	# the guest with status 0x34 (the low byte); nothing runs after it.
	mov $0x1234, %ebx
	mov $exits, %si
	mov $64, %cx
	rep outsb
	mov $not_reached, %si
	call puts
	FINISH

ones_b:	.byte 1, 1, 1, 1, 1, 1, 1, 1
ones_w:	.word 0x0001, 0xFF01, 0x0101, 0x0301
ones_l:	.long 0x00000001, 0xFFFFFF01
mixed:	.byte 1, 4, 1, 0x80, 1, 0xFF, 1
mixed_end:
inbuf:	.long 0, 0
exits:	.fill 64, 1, 0
not_reached: .asciz "FAIL the guest ran on after EXIT\n"
