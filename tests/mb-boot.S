/* mb-boot.S: Multiboot v1 header and entry of the Multiboot test kernel (tests/mb-kernel.c). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mb-header.inc"

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
