# bench/com1.S: prints COUNT bytes of 64-byte text lines through the COM1 transmit register.
# SPDX-License-Identifier: MIT
#
# Like a minimal serial driver that trusts the UART to keep up, it does not
# poll LSR: each byte is one OUT to 0x3F8, which KVM may batch in its
# coalesced-I/O ring.
	.code16
	.text
	.globl _start
_start:
	jmp start
	.balign 4
count:	.long 65536               # bytes; patched by make bench at offset 4
start:
	mov count, %ecx
	mov $0x3F8, %dx
	xor %si, %si
1:	mov line(%si), %al
	out %al, %dx
	inc %si
	and $63, %si
	dec %ecx
	jnz 1b
2:	hlt
	jmp 2b

line:	.ascii "The quick brown fox jumps over the lazy dog. 0123456789 ABCDEFG\n"
