/* mb-boot.S: a Multiboot entry for a bench copy of the test kernel: builds what vmm-pm would, then enters os-1k's _start. */
/* SPDX-License-Identifier: MIT */

/*
 * QEMU's -kernel loads a Multiboot image and enters mb_entry in 32-bit
 * protected mode with paging off. vmm-pm instead enters a kernel with paging
 * on, RAM mapped at 0 and at 0x80000000 with 4 MiB pages, a GDT with code at
 * 0x08 and data at 0x10, EAX = "VMM1" and EBX = the boot info (vmm-abi(7),
 * the vmm-pm boot protocol). This stub sets up exactly that and jumps to
 * os-1k's own entry, so the test kernel's code runs unchanged. Until paging
 * is on, this code runs at its physical address: every address is written
 * as VIRT - BASE.
 */
	.set BASE, 0x80000000
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0x00010000      /* the address fields below are valid */

	.section .multiboot, "a"
	.balign 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header - BASE         /* header_addr */
	.long __kernel_base - BASE     /* load_addr: the image is flat from here */
	.long 0                        /* load_end_addr: the whole file */
	.long __kernel_end - BASE      /* bss_end_addr */
	.long mb_entry - BASE          /* entry_addr */

	.section .text.mb, "ax"
	.globl mb_entry
mb_entry:
	cli
	lgdt gdt_desc - BASE
	ljmp $0x08, $(1f - BASE)
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $(pgdir - BASE), %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x10, %eax                 /* PSE: 4 MiB pages */
	mov %eax, %cr4
	mov %cr0, %eax
	or $0x80000001, %eax           /* PG | PE */
	mov %eax, %cr0
	mov $2f, %eax                  /* continue in the higher half */
	jmp *%eax
2:	mov $0x564D4D31, %eax          /* "VMM1" */
	mov $boot_info, %ebx
	jmp _start

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00CF9A000000FFFF       /* 0x08: flat ring-0 code */
	.quad 0x00CF92000000FFFF       /* 0x10: flat ring-0 data */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt - BASE

	.section .data
	.balign 4096
/* The first 4 MiB of RAM at 0 and at 0x80000000, as vmm-pm maps 4 MiB of RAM. */
pgdir:
	.long 0x00000083               /* P | RW | PS */
	.fill 511, 4, 0
	.long 0x00000083
	.fill 511, 4, 0

	.balign 4
boot_info:
	.long 0x564D4D31               /* magic */
	.long 1                        /* version */
	.long 4 << 20                  /* mem_bytes: vmm-pm's default */
	.long 0                        /* no virtio-blk */
	.fill 256, 1, 0                /* empty command line */

	.section .note.GNU-stack, "", @progbits
