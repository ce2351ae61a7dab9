/* pm-segments.S: vmm-pm test kernel: checks the boot state, reloads every segment register, prints a line, exits 7. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	/* The boot protocol: EAX = "VMM1", EBX = boot info in the higher half. */
	cmp $0x564D4D31, %eax
	jne bad_boot
	cmp $0x80000400, %ebx
	jne bad_boot
	cmpl $0x564D4D31, (%ebx)
	jne bad_boot
	cmpl $1, 4(%ebx)
	jne bad_boot
	/* ...also seen through the identity map. */
	cmpl $0x564D4D31, 0x400
	jne bad_boot
	/* The VMM's GDT is what GDTR points to, through the higher half. */
	sgdt gdtr
	cmpw $23, gdtr
	jne bad_boot
	cmpl $0x80000800, gdtr + 2
	jne bad_boot

	/* Reload every segment register from the VMM's GDT: CS through a far
	 * jump, the data segments with MOV (this is what the seed could not
	 * do without a triple fault). */
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $stack_top, %esp

	/* The selectors stuck, and the stack works through the new SS. */
	mov %cs, %ax
	cmp $0x08, %ax
	jne bad_seg
	mov %ss, %ax
	cmp $0x10, %ax
	jne bad_seg
	push $0x12345678
	pop %eax
	cmp $0x12345678, %eax
	jne bad_seg

	mov $hello, %esi
	call pm_puts
	mov $line, %esi
	mov $line_end - line, %ecx
	call pm_write
	mov $7, %ebx
	jmp pm_exit

bad_boot:
	mov $boot_msg, %esi
	jmp fail
bad_seg:
	mov $seg_msg, %esi
fail:
	call pm_puts
	mov $1, %ebx
	jmp pm_exit

	.section .rodata
hello:	.asciz "pm-segments: "
line:	.ascii "segment registers reloaded\n"
line_end:
boot_msg: .asciz "FAIL: unexpected boot state\n"
seg_msg: .asciz "FAIL: segment registers\n"

	.bss
gdtr:	.skip 8
	.balign 16
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
