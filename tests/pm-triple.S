/* pm-triple.S: vmm-pm test kernel that triple-faults: empty IDT, then a divide error. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	mov $msg, %esi
	call pm_puts
	/* With a zero-limit IDT the #DE cannot be delivered (#GP), nor can
	 * that (#DF), and the CPU shuts down: a triple fault. */
	lidt null_idt
	xor %edx, %edx
	xor %ecx, %ecx
	mov $1, %eax
	div %ecx
	/* Not reached. */
	xor %ebx, %ebx
	jmp pm_exit

	.section .rodata
msg:	.asciz "pm-triple: dividing by zero without an IDT\n"
	.balign 8
null_idt:
	.word 0
	.long 0

	.section .note.GNU-stack, "", @progbits
