/* irq-boot.S: Multiboot entry, GDT and interrupt stubs of the interrupt test kernel (tests/irq-kernel.c). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mb-header.inc"

	.section .data
	.align 8
/* Multiboot leaves GDTR undefined: the IDT's gates need a code selector
 * we know, so load our own flat GDT (0x08 code, 0x10 data). */
gdt:
	.quad 0
	.quad 0x00CF9A000000FFFF
	.quad 0x00CF92000000FFFF
gdt_end:
gdtr:
	.word gdt_end - gdt - 1
	.long gdt

	.section .text
	.globl _start
_start:
	cli
	mov $stack_top, %esp
	push %ebx                          /* the Multiboot information */
	push %eax                          /* the boot loader's magic */
	lgdt gdtr
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	call kernel_main
	/* QEMU's isa-debug-exit (and vmm-pm's port 0xF4): exit (v << 1) | 1. */
	mov $0xF4, %dx
	mov $0x21, %al
	out %al, %dx
	cli
2:	hlt
	jmp 2b

/* Vectors 0-31: the exceptions; the C side reports and ends the run, so
 * the error code some of them push does not matter: only the number on
 * top of the stack does. */
	.macro EXC n
	.globl exc\n
exc\n:
	push $\n
	jmp exc_common
	.endm
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	EXC \n
	.endr
exc_common:
	call exception
	cli
3:	hlt
	jmp 3b

/* Vectors 0x20-0x2F: IRQ 0-15. */
	.macro IRQ n
	.globl irq\n
irq\n:
	push $\n
	jmp irq_common
	.endm
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	IRQ \n
	.endr
irq_common:
	pusha
	cld
	push 32(%esp)                      /* the IRQ number, above pusha's 8 */
	call irq_handler
	add $4, %esp
	popa
	add $4, %esp
	iret

/* The stubs' addresses, for the C side's IDT. */
	.section .rodata
	.align 4
	.globl exc_table
exc_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long exc\n
	.endr
	.globl irq_table
irq_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.long irq\n
	.endr

	.section .note.GNU-stack, "", @progbits
