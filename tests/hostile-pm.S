/* hostile-pm.S: vmm-pm test kernel that owns its page directory (the VMM's, in its RAM) and abuses it: maps the reserved pages again, maps the directory into itself, points entries past RAM, at 4 GiB and at reserved bits, moves CR3; WRITE must follow exactly what the tables say. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32

/* check TEXT, EXPECTED: print "ok TEXT" if EAX == EXPECTED, else
 * "not ok TEXT eax=XXXXXXXX" and remember the failure. */
	.macro check text, expected
	mov $\text, %esi
	cmp $\expected, %eax
	call hcheck
	.endm

/* write BUF, LEN: the WRITE hypercall; EAX = its result. */
	.macro write buf, len
	mov $\buf, %esi
	mov $\len, %ecx
	call pm_write
	.endm

	.set PD, 0x80100000        /* the VMM's page directory, through the alias */
	.set PDE, PD               /* PDE n is at PDE + 4 * n */

	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp

	/* 1: the reserved first page (GDT, boot info) is the kernel's RAM:
	 * scribble over the boot info and the GDT's null and spare entries
	 * (the segment registers keep their cached descriptors), and WRITE
	 * works as before. */
	movl $0xDEADBEEF, 0x80000400        /* boot info magic */
	movl $0x11111111, 0x80000800        /* GDT entry 0 */
	movl $0x22222222, 0x80000804
	write hello, (hello_end - hello)
	check t1, (hello_end - hello)

	/* 2: map the first 4 MiB again at 0xC0000000 (PDE 0x300): the
	 * reserved pages are then visible there too. Text in the unused top of
	 * the page directory (entries 0x3C0 on: nothing of ours lives there),
	 * printed through the new mapping. */
	movl $0x00000083, PDE + 4 * 0x300
	mov $pd_text, %esi
	mov $PD + 0xF00, %edi
	mov $(pd_text_end - pd_text), %ecx
	cld
	rep movsb
	write 0xC0100F00, (pd_text_end - pd_text)
	check t2, (pd_text_end - pd_text)

	/* The directory mapped into itself (PDE 0x3FE -> the directory as
	 * a page table): 0xFFBFE000 is the directory. WRITE prints the text
	 * through it, and the CPU reads the same bytes there. */
	movl $0x00100003, PDE + 4 * 0x3FE
	write 0xFFBFEF00, (pd_text_end - pd_text)
	check t3, (pd_text_end - pd_text)
	mov 0xFFBFEF00, %eax
	cmp PD + 0xF00, %eax
	sete %al
	movzbl %al, %eax
	check t4, 1

	/* The last 4 MiB of the linear space mapped to RAM (PDE 0x3FF):
	 * a buffer ending exactly at 4 GiB is fine, one byte more wraps. */
	movl $0x00000083, PDE + 4 * 0x3FF
	mov $end_text, %esi
	mov $(0x80400000 - (end_text_end - end_text)), %edi
	mov $(end_text_end - end_text), %ecx
	rep movsb
	write (0x100000000 - (end_text_end - end_text)), (end_text_end - end_text)
	check t5, (end_text_end - end_text)
	write (0x100000000 - (end_text_end - end_text)), (end_text_end - end_text + 1)
	check t5a, -1

	/* 6, 7: a 4 MiB page with PSE-36 bits (physical 4 GiB) and one with
	 * reserved bit 21: not RAM, whatever bits 22-31 say. */
	movl $0x00002083, PDE + 4 * 0x301
	invlpg 0xC0400000
	write 0xC0400000, 4
	check t6, -1
	movl $0x00200083, PDE + 4 * 0x301
	invlpg 0xC0400000
	write 0xC0400000, 4
	check t7, -1

	/* 8, 9: a 4 MiB page at physical 1 GiB (no RAM there): WRITE is
	 * refused and the CPU reads all ones (MMIO nobody claims). */
	movl $0x40000083, PDE + 4 * 0x302
	invlpg 0xC0800000
	write 0xC0800000, 4
	check t8, -1
	mov 0xC0800000, %eax
	check t9, 0xFFFFFFFF

	/* 10: a page table outside RAM. */
	movl $0x7FFFF003, PDE + 4 * 0x303
	write 0xC0C00000, 1
	check t10, -1

	/* 11: the virtio window with no disk attached reads all ones. */
	movl $0xD0000083, PDE + 4 * 0x304
	invlpg 0xC1000000
	mov 0xC1000000, %eax
	check t11, 0xFFFFFFFF

	/* 12: a page directory of our own in the last page of RAM (a copy
	 * with PDE 0x305 mapping RAM again at 0xC1400000): the VMM follows
	 * CR3, not its own directory. */
	mov $PD, %esi
	mov $0x803FF000, %edi
	mov $1024, %ecx
	rep movsl
	movl $0x00000083, 0x803FF000 + 4 * 0x305
	mov $0x003FF000, %eax
	mov %eax, %cr3
	write (0xC1400000 + hello - 0x80000000), (hello_end - hello)
	check t12, (hello_end - hello)
	mov $0x00100000, %eax      /* back to the VMM's: 0xC1400000 is gone */
	mov %eax, %cr3
	write (0xC1400000 + hello - 0x80000000), (hello_end - hello)
	check t13, -1

	/* 14: exactly 1 MiB (the limit), all RAM: 1 MiB of zeros (untouched
	 * RAM at physical 2 MiB). */
	write 0x80200000, 0x100000
	check t14, 0x100000

	jmp pm_finish

/* hcheck: ZF = pass, ESI = text, EAX = the value. */
hcheck:
	push %eax
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
	call pm_puts
	pop %eax
	jz 2f
	push %esi
	mov $eax_, %esi
	call pm_puts
	pop %esi
	call puthex
2:	mov $'\n', %bl
	call pm_putc
	ret

/* puthex: EAX as 8 hex digits. */
puthex:
	push %eax
	push %ebx
	push %ecx
	push %edx
	mov %eax, %edx
	mov $8, %ecx
1:	rol $4, %edx
	mov %dl, %bl
	and $0xF, %bl
	add $'0', %bl
	cmp $'9', %bl
	jbe 2f
	add $('a' - '9' - 1), %bl
2:	call pm_putc
	loop 1b
	pop %edx
	pop %ecx
	pop %ebx
	pop %eax
	ret

	.section .rodata
hello:	.ascii "hostile-pm: WRITE from the kernel's image\n"
hello_end:
pd_text: .ascii "text kept in the page directory's spare entries\n"
pd_text_end:
end_text: .ascii "ends at 4 GiB\n"
end_text_end:
not_:	.asciz "not "
ok_:	.asciz "ok "
eax_:	.asciz " eax="
t1:	.asciz "the reserved page scribbled over, WRITE as before"
t2:	.asciz "the reserved pages mapped again at 0xC0000000"
t3:	.asciz "the page directory mapped into itself"
t4:	.asciz "the CPU sees the same bytes there"
t5:	.asciz "a buffer ending at 4 GiB"
t5a:	.asciz "one byte more wraps at 4 GiB"
t6:	.asciz "a 4 MiB page at physical 4 GiB (PSE-36)"
t7:	.asciz "a 4 MiB page with reserved bit 21"
t8:	.asciz "a 4 MiB page past RAM"
t9:	.asciz "reading it: all ones"
t10:	.asciz "a page table outside RAM"
t11:	.asciz "the virtio window without a disk: all ones"
t12:	.asciz "CR3 moved to a directory of the kernel's own"
t13:	.asciz "CR3 back: that mapping is gone"
t14:	.asciz "exactly 1 MiB"

	.bss
	.balign 4096
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
