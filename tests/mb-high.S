/* mb-high.S: Multiboot header and boot stub of the higher-half test kernel (tests/mb-high.c): the stub runs at its physical address, turns paging on with 0 and 0xC0000000 both mapping the first 4 MiB, and jumps high. */
/* SPDX-License-Identifier: MIT */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0x00000003          /* page-align modules, memory info */
	.set KERNEL_BASE, 0xC0000000       /* virtual = physical + this */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	/* Linked high like the rest but entered at its physical address
	 * with paging off: until the jump, every absolute address it uses
	 * is converted by hand (the code itself is position-independent). */
	.section .boot, "ax"
	.globl _start
_start:
	mov %eax, %esi                     /* keep magic and info pointer */
	mov %ebx, %edi
	/* Multiboot leaves ESP undefined: a stack (physical) before CALL. */
	mov $(stack_top - KERNEL_BASE), %esp
	call 1f                            /* where the loader entered us */
1:	pop %ebp
	sub $(1b - _start), %ebp
	/* One 4 MiB page (PSE) at both 0 and 0xC0000000: the identity half
	 * keeps the next instructions fetchable once CR0.PG is set. */
	mov $(page_dir - KERNEL_BASE), %ecx
	movl $0x00000083, (%ecx)           /* present, writable, 4 MiB */
	movl $0x00000083, (768 * 4)(%ecx)  /* 0xC0000000 >> 22 = 768 */
	mov %ecx, %cr3
	mov %cr4, %eax
	or $0x00000010, %eax               /* CR4.PSE */
	mov %eax, %cr4
	mov %cr0, %eax
	or $0x80000000, %eax               /* CR0.PG */
	mov %eax, %cr0
	lea higher_half, %eax              /* an absolute, high address */
	jmp *%eax

	.section .text
higher_half:
	/* The same stack, through the high map: the identity map goes later. */
	mov $stack_top, %esp
	add $KERNEL_BASE, %edi             /* the info, seen through the high map */
	push %ebp
	push %edi
	push %esi
	call kernel_main
	cli
1:	hlt
	jmp 1b

	.section .bss
	.align 4096
	.globl page_dir
page_dir:
	.skip 4096
stack_bottom:
	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
