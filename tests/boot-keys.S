# tests/boot-keys.S: a boot sector that echoes int 16h keys (AH=01h peeks, AH=00h reads) with their scan codes until 'q', then reads one more with AH=10h.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov $hello, %si
	call puts
	mov $0x02, %ah
	int $0x16
	mov $s_shift, %si
	call puts
	call hex8
	call crlf

next:
	# A key seen by AH=01h must be the one AH=00h then returns.
	mov $0x01, %ah
	int $0x16
	jz 1f
	mov %ax, peeked
	movb $1, have_peeked
1:	mov $0x00, %ah
	int $0x16
	cmpb $0, have_peeked
	je 2f
	movb $0, have_peeked
	cmp peeked, %ax
	je 2f
	mov $s_mismatch, %si
	call puts
2:	mov $s_key, %si
	call show
	cmp $'q', %al
	jne next

	mov $0x10, %ah
	int $0x16
	mov $s_key10, %si
	call show
	mov $bye, %si
	call puts
	mov $0, %bl
	jmp finish

# show: the string at SI, AX in hex and the character if printable.
show:
	call puts
	call hex16
	push %ax
	mov $' ', %al
	call putc
	pop %ax
	push %ax
	cmp $0x20, %al
	jb 1f
	cmp $0x7E, %al
	jbe 2f
1:	mov $'.', %al
2:	call putc
	call crlf
	pop %ax
	ret

#include "boot-lib.inc"

hello:	.asciz "type keys; q ends\r\n"
s_shift: .asciz "int 16h AH=02h shift flags: "
s_key:	.asciz "key "
s_key10: .asciz "AH=10h key "
s_mismatch: .asciz "AH=01h saw another key! "
bye:	.asciz "bye\r\n"
peeked:	.word 0
have_peeked: .byte 0

	.org 510
	.byte 0x55, 0xAA
