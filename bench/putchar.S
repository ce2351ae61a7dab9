# bench/putchar.S: prints COUNT bytes of 64-byte text lines, one PUTCHAR hypercall per byte.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	jmp start
	.balign 4
count:	.long 65536               # bytes; patched by make bench at offset 4
start:
	mov count, %ecx
	mov $0x500, %dx
	xor %si, %si
1:	mov line(%si), %bl
	mov $0x01, %al
	out %al, %dx
	inc %si
	and $63, %si
	dec %ecx
	jnz 1b
2:	hlt
	jmp 2b

line:	.ascii "The quick brown fox jumps over the lazy dog. 0123456789 ABCDEFG\n"
