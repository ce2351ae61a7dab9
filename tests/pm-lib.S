/* pm-lib.S: hypercall helpers shared by the vmm-pm test kernels (guest ABI v1). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32
	.text

/* pm_putc: print the byte in BL (PUTCHAR). Preserves all but EAX. */
	.globl pm_putc
pm_putc:
	push %edx
	mov $0x500, %dx
	mov $0x01, %al
	out %al, %dx
	pop %edx
	ret

/* pm_puts: print the NUL-terminated string at ESI with PUTCHAR, byte by
 * byte, so that it does not depend on WRITE (which the tests check). */
	.globl pm_puts
pm_puts:
	push %esi
	push %ebx
1:	movb (%esi), %bl
	test %bl, %bl
	jz 2f
	call pm_putc
	inc %esi
	jmp 1b
2:	pop %ebx
	pop %esi
	ret

/* pm_write: WRITE ECX bytes at DS:ESI; returns the hypercall's EAX. */
	.globl pm_write
pm_write:
	push %edx
	mov $0x500, %dx
	mov $0x03, %al
	out %al, %dx
	pop %edx
	ret

/* pm_exit: EXIT with the status in EBX; never returns. */
	.globl pm_exit
pm_exit:
	mov $0x500, %dx
	mov $0x00, %al
	out %al, %dx
1:	hlt
	jmp 1b

/* pm_check: print "ok N - TEXT" if ZF is set, else "not ok N - TEXT" and
 * remember the failure; EDI = N (0-9), ESI = TEXT. Preserves ESI, EDI. */
	.globl pm_check
pm_check:
	push %ebx
	jz 1f
	movl $1, pm_failed
	push %esi
	mov $not_, %esi
	call pm_puts
	pop %esi
1:	push %esi
	mov $ok_, %esi
	call pm_puts
	pop %esi
	mov %edi, %ebx
	add $'0', %bl
	call pm_putc
	push %esi
	mov $dash_, %esi
	call pm_puts
	pop %esi
	call pm_puts
	mov $'\n', %bl
	call pm_putc
	pop %ebx
	ret

/* pm_finish: exit 0 if every pm_check passed, 1 otherwise. */
	.globl pm_finish
pm_finish:
	mov pm_failed, %ebx
	jmp pm_exit

	.section .rodata
not_:	.asciz "not "
ok_:	.asciz "ok "
dash_:	.asciz " - "

	.data
	.globl pm_failed
pm_failed:
	.long 0

	.section .note.GNU-stack, "", @progbits
