/* trap_entry.S: the IDT entry stubs; they build a struct trap_frame and call trap_handler. */
/* SPDX-License-Identifier: MIT */

/*
 * The CPU pushes an error code for some exceptions only (8, 10-14, 17,
 * 21, 29, 30). Every stub makes the stack look the same: push a 0 where
 * the CPU did not, then the vector number; trap_common saves the rest.
 */
.macro TRAP_NOERR vector
	.globl trap\vector
trap\vector:
	push $0
	push $\vector
	jmp trap_common
.endm

.macro TRAP_ERR vector
	.globl trap\vector
trap\vector:
	push $\vector
	jmp trap_common
.endm

	.text
.irp vector, 8, 10, 11, 12, 13, 14, 17, 21, 29, 30
	TRAP_ERR \vector
.endr
.irp vector, 0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 18, 19, 20, 22, 23, 24, 25, 26, 27, 28, 31
	TRAP_NOERR \vector
.endr
	TRAP_NOERR 32		/* IRQ0 from the PIC: the timer */
	TRAP_NOERR 128		/* int 0x80: system call */

trap_common:
	pushal
	push %ds
	push %es
	push %fs
	push %gs
	mov $0x10, %ax		/* KERNEL_DS */
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	push %esp		/* struct trap_frame * */
	call trap_handler
	add $4, %esp
	pop %gs
	pop %fs
	pop %es
	pop %ds
	popal
	add $8, %esp		/* vector and error code */
	iret

	/* The addresses of the exception stubs, for trap_init(). */
	.section .rodata
	.globl trap_vectors
trap_vectors:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long trap\n
	.endr

	.section .note.GNU-stack, "", @progbits  /* no executable stack */
