# bench/spin.S: a compute-bound guest: COUNT turns of an empty loop without a single exit, then HLT.
# SPDX-License-Identifier: MIT
	.code16
	.text
	.globl _start
_start:
	jmp start
	.balign 4
count:	.long 100000              # loop turns; patched by make bench at offset 4
start:
	mov count, %ecx
1:	dec %ecx
	jnz 1b
2:	hlt
	jmp 2b
