/* vga-boot.S: Multiboot v1 header and entry of the VGA test kernel (tests/vga-kernel.c): it halts when done, so that QEMU's screen can be saved. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
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
	.skip 8192
stack_top:

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
