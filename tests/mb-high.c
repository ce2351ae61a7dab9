/* mb-high.c: higher-half Multiboot test kernel: prints where it runs and what it reads through the high mapping, drops the identity mapping and exits. */
/* SPDX-License-Identifier: MIT */
#include "mb-io.h"

#define KERNEL_BASE 0xC0000000u

extern uint32_t page_dir[1024];

static volatile uint32_t data_word = 0x4161DA7A;

extern char _start[];

void kernel_main(uint32_t magic, const struct mb_info *mbi, uint32_t entered);

void kernel_main(uint32_t magic, const struct mb_info *mbi, uint32_t entered)
{
	uint32_t cr0, cr3, esp;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	puts("mb-high: higher-half kernel\nmagic ");
	puthex(magic, 8);
	/* Where the code is depends on the compiler; what it is relative to
	 * the link and load addresses does not. */
	puts("\nentered at physical ");
	puthex(entered, 8);
	puts(", _start linked at ");
	puthex((uint32_t)_start, 8);
	puts("\nkernel_main ");
	puts((uint32_t)kernel_main >= 0xC0100000u &&
	     (uint32_t)kernel_main < 0xC0200000u ?
	     "runs in the MiB at 0xc0100000" : "runs elsewhere");
	puts("\npaging ");
	puts(cr0 & 0x80000000u ? "on" : "off");
	puts(", page directory ");
	puts(cr3 == (uint32_t)page_dir - KERNEL_BASE ? "at" : "not at");
	puts(" its physical address\nstack ");
	puts(esp >= KERNEL_BASE ? "high" : "low");
	puts("\ndata ");
	puthex(data_word, 8);
	puts("\n");
	/* The identity half was only for the jump: drop it, flush the TLB,
	 * and read the info again through the high map alone. */
	page_dir[0] = 0;
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
	puts("identity mapping removed\nmem_lower ");
	putdec(mbi->mem_lower);
	puts(" KiB\nmem_upper ");
	putdec(mbi->mem_upper);
	puts(" KiB\nbye\n");
	debug_exit(0x21);
}
