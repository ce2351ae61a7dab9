/* hostile-pm-wipe.S: vmm-pm test kernel that destroys its paging: with "cr3" on its command line it loads CR3 with an address outside RAM, else it zeroes the whole page directory; either way the next fetch faults into a triple fault the VMM must report cleanly. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp
	push %ebx                  /* the boot info (virtual) */
	mov $msg, %esi
	call pm_puts
	pop %ebx
	lidt null_idt
	cmpb $'c', 16(%ebx)        /* cmdline[0] */
	je 1f
	/* Zero all 1024 entries, the one mapping this code included. */
	mov $0x80100000, %edi
	xor %eax, %eax
	mov $1024, %ecx
	cld
	rep stosl
	mov %cr3, %eax             /* flush the TLB */
	mov %eax, %cr3
	jmp 2f
1:	mov $0x7FFFF000, %eax      /* no RAM there */
	mov %eax, %cr3
2:	/* Not reached: the fetch of this instruction faults. */
	mov $late, %esi
	call pm_puts
	xor %ebx, %ebx
	jmp pm_exit

	.section .rodata
msg:	.asciz "hostile-pm-wipe: pulling the floor away\n"
late:	.asciz "hostile-pm-wipe: still running?\n"
	.balign 8
null_idt:
	.word 0
	.long 0

	.bss
	.balign 4096
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
