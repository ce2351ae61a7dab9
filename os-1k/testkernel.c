/* testkernel.c: the vmm-pm test kernel: reports the boot state, tests memory, exits 0. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

extern char __kernel_base[], __bss[], __bss_end[], __kernel_end[];

#define RESERVED_PGDIR_END 0x101000u /* the VMM's page directory ends here */
#define TEST_ADDR ((volatile uint32_t *) 0x80010000)

void kernel_main(uint32_t magic, const struct boot_info *info);

void kernel_main(uint32_t magic, const struct boot_info *info)
{
	printf("vmm-pm test kernel\n");
	if (magic != BOOT_MAGIC || info->magic != BOOT_MAGIC)
		PANIC("bad boot magic 0x%x", magic);

	uint32_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	printf("protected mode: %s, paging: %s\n", (cr0 & 1) ? "on" : "off",
	       (cr0 & 0x80000000) ? "on" : "off");
	printf("kernel base: 0x%x\n", (uint32_t) __kernel_base);
	printf("bss: 0x%x - 0x%x\n", (uint32_t) __bss, (uint32_t) __bss_end);

	/* Free RAM starts after both the kernel and the VMM's page directory. */
	uint32_t start = V2P(__kernel_end);
	if (start < RESERVED_PGDIR_END)
		start = RESERVED_PGDIR_END;
	uint32_t end = info->mem_bytes;
	if (end <= start)
		PANIC("no free RAM (mem_bytes=0x%x)", end);
	printf("free RAM: 0x%x - 0x%x (%u KiB)\n", start, end, (end - start) / 1024);

	*TEST_ADDR = 0xdeadbeef;
	uint32_t got = *TEST_ADDR;
	printf("memory test: wrote 0xdeadbeef at 0x%x, read 0x%x\n",
	       (uint32_t) TEST_ADDR, got);
	if (got != 0xdeadbeef)
		PANIC("memory test failed");
	printf("memory test passed\n");
	vm_exit(0);
}
