/* mb-aout.S: Multiboot header with the a.out-kludge address fields (flag bit 16) and entry of the flat-binary test kernel (tests/mb-aout.c). */
/* SPDX-License-Identifier: MIT */
	.set MB_MAGIC, 0x1BADB002
	/* Page-align modules, memory info, and bit 16: the loader takes the
	 * addresses below instead of looking for an ELF header (the file is
	 * a flat binary made by objcopy -O binary, so there is none). */
	.set MB_FLAGS, 0x00010003

	.section .multiboot, "a"
	.align 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header                    /* header_addr: where this lies */
	.long _load_start                  /* load_addr: the file's first byte */
	.long _load_end                    /* load_end_addr: end of .data */
	.long _bss_end                     /* bss_end_addr: the loader zeroes */
	.long _start                       /* entry_addr */

	.section .bss
	.align 16
stack_bottom:
	.skip 16384
stack_top:

	.section .text
	.globl _start
_start:
	mov $stack_top, %esp
	push %ebx                          /* the Multiboot information */
	push %eax                          /* the boot loader's magic */
	call kernel_main
	cli
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
