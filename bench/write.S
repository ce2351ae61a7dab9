# bench/write.S: prints COUNT times a 4 KiB buffer of 64-byte text lines, one WRITE hypercall each.
# SPDX-License-Identifier: MIT
#
# 4 KiB is what os-1k's kernel console collects before it sends a WRITE.
	.code16
	.text
	.globl _start
_start:
	jmp start
	.balign 4
count:	.long 16                  # WRITEs of 4 KiB; patched by make bench
start:
	mov count, %edi
	mov $0x500, %dx
1:	mov $buf, %esi
	mov $buf_end - buf, %ecx
	mov $0x03, %al
	out %al, %dx
	dec %edi
	jnz 1b
2:	hlt
	jmp 2b

buf:
	.rept 64
	.ascii "The quick brown fox jumps over the lazy dog. 0123456789 ABCDEFG\n"
	.endr
buf_end:
