/* pm-vga.S: vmm-pm test kernel (vmm protocol, paging on): the VGA screen through the higher-half alias, and [0xC0000, 0x100000) as ordinary RAM (a hypercall buffer too), as vmm-abi(7) keeps RAM [0, mem) for this protocol. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.set HIGH, 0x80000000
	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp
	/* Two cells on the screen: "pm", light green on black. */
	movl $0x0A6D0A70, HIGH + 0xB8000
	/* A line stored at 0xC0000 and at the top of the area, read back
	 * and printed by WRITE from there. */
	mov $line, %esi
	mov $HIGH + 0xC0000, %edi
	mov $line_len, %ecx
	rep movsb
	mov $line, %esi
	mov $HIGH + 0xFFFF0, %edi
	mov $line_len, %ecx
	rep movsb
	mov $HIGH + 0xC0000, %esi
	mov $line_len, %ecx
	call pm_write
	cmp $line_len, %eax
	jne fail
	/* Across the end of the area into the RAM above 1 MiB: one range. */
	mov $HIGH + 0xFFFF0, %esi
	mov $line_len, %ecx
	call pm_write
	cmp $line_len, %eax
	jne fail
	mov $0, %ebx
	jmp done
fail:
	mov $failed, %esi
	call pm_puts
	mov $1, %ebx
done:
	mov $0x500, %dx
	mov $0x00, %al            /* EXIT with EBX */
	out %al, %dx
	hlt

	.section .rodata
line:	.ascii "RAM at 0xC0000 in the vmm protocol, 0123456789\n"
	.set line_len, . - line
failed:	.asciz "pm-vga: a buffer was refused\n"

	.section .bss
	.align 16
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
