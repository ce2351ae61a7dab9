# bench/floor.S: COUNT PUTCHAR hypercalls in the tightest loop, then HLT (the exit floor guest).
# SPDX-License-Identifier: MIT
#
# make bench patches COUNT (the 32-bit word at offset 4) in a copy of the
# image, so one build serves every count. The loop is as short as a
# PUTCHAR loop can be, because this host's KVM emulates every instruction:
# what is left per iteration is the exit.
	.code16
	.text
	.globl _start
_start:
	jmp start
	.balign 4
count:	.long 1000
start:
	mov count, %ecx
	mov $0x500, %dx
	mov $'x', %bl
1:	mov $0x01, %al            # the VMM may clobber EAX: reload AL each time
	out %al, %dx
	dec %ecx
	jnz 1b
2:	hlt
	jmp 2b
