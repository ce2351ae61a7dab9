/* boot.S: kernel entry from vmm-pm: clear BSS, set up a stack, call kernel_main. */
/* SPDX-License-Identifier: MIT */

/*
 * vmm-pm enters here with paging on and this code mapped at its linked,
 * higher-half address. EAX holds the boot magic and EBX the (virtual)
 * address of struct boot_info; both are handed to kernel_main(magic, info).
 */
	.section .text.boot, "ax"
	.globl _start
_start:
	cld
	/* Zero the BSS: vmm-pm zeroes RAM, but a kernel should not rely on it. */
	mov %eax, %edx
	mov $__bss, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	mov $__stack_top, %esp
	push %ebx         /* info */
	push %edx         /* magic */
	call kernel_main
1:	hlt               /* kernel_main never returns; HLT would stop the VM */
	jmp 1b

	.section .note.GNU-stack, "", @progbits  /* no executable stack */
