/* vga-boot.S: Multiboot v1 header and entry of the VGA test kernel (tests/vga-kernel.c): it halts when done, so that QEMU's screen can be saved. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mb-header.inc"

	.section .text
	.globl _start
_start:
	mov $stack_top, %esp
	call kernel_main
	/* Interrupts off and halted: vmm-pm stops ("halted", status 0);
	 * QEMU stays here until its monitor has saved the screen. */
	cli
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
