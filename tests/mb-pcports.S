/* mb-pcports.S: Multiboot v1 header and entry of the PC-ports test kernel (tests/mb-pcports.c). */
/* SPDX-License-Identifier: MIT */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0x00000003          /* page-align modules, memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.align 16
stack_bottom:
	.skip 16384
stack_top:

	.section .text
	.globl _start
_start:
	mov $stack_top, %esp
	push %ebx                          /* the Multiboot information */
	push %eax                          /* the boot loader's magic */
	call kernel_main
	/* QEMU's isa-debug-exit (and vmm-pm's port 0xF4): exit (v << 1) | 1. */
	mov $0xF4, %dx
	mov $0x21, %al
	out %al, %dx
	cli
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
