/* switch.S: switch_context between kernel stacks, and the first entry to user mode. */
/* SPDX-License-Identifier: MIT */

/*
 * void switch_context(uint32_t *prev_sp, uint32_t *next_sp)
 *
 * Saves the callee-saved registers on the current kernel stack, stores the
 * stack pointer in *prev_sp, and continues on the stack saved in *next_sp.
 * The caller-saved registers (EAX, ECX, EDX) are the C caller's business.
 */
	.text
	.globl switch_context
switch_context:
	mov 4(%esp), %eax	/* prev_sp */
	mov 8(%esp), %edx	/* next_sp */
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, (%eax)
	mov (%edx), %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/*
 * A new process's first switch_context "returns" here. create_process()
 * put an iret frame (EIP, CS, EFLAGS, ESP, SS of ring 3) above the return
 * address and the function to run in EBX, which user programs expect.
 */
	.globl user_entry
user_entry:
	mov $0x23, %ax		/* USER_DS */
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	xor %eax, %eax		/* leak no kernel values to user mode */
	xor %ecx, %ecx
	xor %edx, %edx
	iret

	.section .note.GNU-stack, "", @progbits  /* no executable stack */
