/* trap_entry.S: the IDT entry stubs; they build a struct trap_frame and call trap_handler. */

/*
 * The CPU pushes an error code for some exceptions only. Every stub makes
 * the stack look the same: push a 0 where the CPU did not, then the
 * vector number, then trap_common saves the rest.
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
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
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
