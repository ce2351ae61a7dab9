/* pm-write.S: vmm-pm test kernel: WRITE hypercalls with buffers that are not all guest RAM. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
	.code32

/* check N, TEXT, EXPECTED: print "ok N - TEXT" if EAX == EXPECTED. */
	.macro check n, text, expected
	mov $\n, %edi
	mov $\text, %esi
	cmp $\expected, %eax
	call pm_check
	.endm

/* write BUF, LEN: the WRITE hypercall; EAX = its result. */
	.macro write buf, len
	mov $\buf, %esi
	mov $\len, %ecx
	call pm_write
	.endm

	.section .text.start, "ax"
	.globl _start
_start:
	mov $stack_top, %esp

	/* 1: an ordinary buffer in the higher half. */
	write hello, (hello_end-hello)
	check 1, t1, (hello_end-hello)

	/* 2, 3: RAM is 4 MiB (the default), so the 4 MiB pages after it are
	 * not present, in the higher half and in the identity map. */
	write 0x803ffff0, 0x20
	check 2, t2, -1
	write 0x003ffff0, 0x20
	check 3, t3, -1

	/* 4, 5: map linear 0x400000 to physical 0x400000, just past RAM: the
	 * translation succeeds, but the bytes are not guest RAM. The page
	 * directory is the VMM's, reached through the higher half. */
	movl $0x00400083, 0x80100000 + 4 * 1
	invlpg 0x400000
	write 0x400000, 4
	check 4, t4, -1
	write 0x3ffffc, 8
	check 5, t5, -1

	/* 6: more than 1 MiB, even though it is all RAM. */
	write 0x80001000, 0x100001
	check 6, t6, -1

	/* 7, 8: linear 0x800000 through a page table (4 KiB pages): page 0 is
	 * the page holding page_msg, page 1 is not present. */
	movl $(page_table - 0x80000000 + 0x3), 0x80100000 + 4 * 2
	movl $(page_msg - 0x80000000 + 0x3), page_table
	invlpg 0x800000
	write 0x800000, (page_msg_end-page_msg)
	check 7, t7, (page_msg_end-page_msg)
	write 0x800ff0, 0x20
	check 8, t8, -1

	/* 9: nothing mapped there at all. */
	write 0xc0000000, 1
	check 9, t9, -1

	jmp pm_finish

	.section .rodata
hello:	.ascii "write: in RAM\n"
hello_end:
t1:	.asciz "WRITE returned the length"
t2:	.asciz "end of the higher-half RAM into an unmapped 4 MiB page"
t3:	.asciz "end of identity-mapped RAM into an unmapped 4 MiB page"
t4:	.asciz "a mapped page past the end of RAM"
t5:	.asciz "end of RAM into a mapped page past RAM"
t6:	.asciz "length over 1 MiB"
t7:	.asciz "WRITE through a 4 KiB page"
t8:	.asciz "a 4 KiB page into a page that is not present"
t9:	.asciz "an unmapped address"

	.data
	.balign 4096
page_msg:
	.ascii "write: through a 4 KiB page\n"
page_msg_end:

	.bss
	.balign 4096
page_table:
	.skip 4096
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
