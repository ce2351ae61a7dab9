/* vga-spin.S: Multiboot test kernel: one store of two cells to the VGA screen, then it spins forever (tests/vga-live.test: an unchanged screen is painted once). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0x00000003

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text
	.globl _start
_start:
	/* "ok", light green on black: the whole screen change in one store. */
	movl $0x0A6B0A6F, 0xB8000
1:	jmp 1b

	.section .note.GNU-stack, "", @progbits
