/* memory.c: page allocator, page tables, and checks on user pointers. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

extern char __kernel_end[];

#define RESERVED_PGDIR_END 0x101000u  /* the VMM's page directory ends here */
#define MAX_RAM (1u << 30)            /* KERNEL_BASE + RAM must stay below MMIO_WINDOW */
#define LARGE_PAGE (4u << 20)

uint32_t free_ram_start, free_ram_end; /* physical */
static paddr_t next_free;              /* bump pointer into free RAM */
static paddr_t free_list;              /* pages given back, linked through their first word */

/* The kernel's own page directory: the model for every process's. */
static uint32_t kernel_pgdir[1024] __attribute__((aligned(PAGE_SIZE)));

void memory_init(const struct boot_info *info)
{
	/*
	 * Free RAM is what the boot info reports, minus the kernel image and
	 * the VMM's page directory (which lies above the kernel). Only whole
	 * 4 MiB pages are mapped, so a ragged end is ignored.
	 */
	uint32_t mem = info->mem_bytes;
	if (mem > MAX_RAM)
		mem = MAX_RAM;
	mem -= mem % LARGE_PAGE;
	free_ram_start = V2P(__kernel_end);
	if (free_ram_start < RESERVED_PGDIR_END)
		free_ram_start = RESERVED_PGDIR_END;
	free_ram_end = mem;
	if (free_ram_end <= free_ram_start)
		PANIC("too little RAM: %u bytes", info->mem_bytes);
	next_free = free_ram_start;

	/* RAM at KERNEL_BASE with 4 MiB pages, without PTE_U: supervisor-only. */
	for (uint32_t paddr = 0; paddr < mem; paddr += LARGE_PAGE)
		kernel_pgdir[(KERNEL_BASE + paddr) >> 22] = paddr | PTE_PS | PTE_RW | PTE_P;

	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | 0x10)); /* CR4.PSE */
	write_cr3(V2P(kernel_pgdir));
}

paddr_t kernel_pgdir_paddr(void)
{
	return V2P(kernel_pgdir);
}

/* N zeroed, physically contiguous pages; single pages are recycled. */
paddr_t alloc_pages(uint32_t n)
{
	paddr_t paddr;
	if (n == 1 && free_list) {
		paddr = free_list;
		free_list = *(paddr_t *) P2V(paddr);
	} else {
		if (n > (free_ram_end - next_free) / PAGE_SIZE)
			PANIC("out of memory (%u pages wanted)", n);
		paddr = next_free;
		next_free += n * PAGE_SIZE;
	}
	memset(P2V(paddr), 0, n * PAGE_SIZE);
	return paddr;
}

void free_page(paddr_t paddr)
{
	*(paddr_t *) P2V(paddr) = free_list;
	free_list = paddr;
}

/* A page directory holding the kernel's mappings and no user pages. */
uint32_t *new_pgdir(void)
{
	uint32_t *pgdir = P2V(alloc_pages(1));
	/* The kernel half never changes after boot, so a copy stays valid. */
	for (int i = KERNEL_BASE >> 22; i < 1024; i++)
		pgdir[i] = kernel_pgdir[i];
	return pgdir;
}

void map_page(uint32_t *pgdir, uint32_t vaddr, paddr_t paddr, uint32_t flags)
{
	if (!IS_ALIGNED(vaddr, PAGE_SIZE) || !IS_ALIGNED(paddr, PAGE_SIZE))
		PANIC("unaligned map_page(0x%x, 0x%x)", vaddr, paddr);
	uint32_t *pde = &pgdir[vaddr >> 22];
	if (!(*pde & PTE_P))
		/* The PDE allows everything; each PTE says what is allowed. */
		*pde = alloc_pages(1) | PTE_U | PTE_RW | PTE_P;
	uint32_t *table = P2V(*pde & ~0xfffu);
	table[(vaddr >> 12) & 0x3ff] = paddr | flags | PTE_P;
}

/* Give back the user pages and page tables of a dead process. */
void free_user_memory(uint32_t *pgdir)
{
	for (int i = 0; i < (int) (KERNEL_BASE >> 22); i++) {
		if (!(pgdir[i] & PTE_P))
			continue;
		uint32_t *table = P2V(pgdir[i] & ~0xfffu);
		for (int j = 0; j < 1024; j++)
			if (table[j] & PTE_P)
				free_page(table[j] & ~0xfffu);
		free_page(V2P(table));
	}
	free_page(V2P(pgdir));
}

/*
 * The 4 MiB page holding the device registers at physical BASE, mapped at
 * MMIO_WINDOW in the kernel's page directory (before any process exists,
 * so every process inherits it).
 */
void *mmio_map(paddr_t base)
{
	uint32_t frame = base & ~(LARGE_PAGE - 1);
	kernel_pgdir[MMIO_WINDOW >> 22] = frame | PTE_PS | PTE_PCD | PTE_PWT | PTE_RW | PTE_P;
	write_cr3(V2P(kernel_pgdir)); /* flush the TLB */
	return (void *) (MMIO_WINDOW + (base - frame));
}

/* Whether the current process may read (or write) [ADDR, ADDR+LEN) in user mode. */
bool user_range_ok(const void *addr, size_t len, bool write)
{
	uint32_t start = (uint32_t) addr;
	if (len == 0)
		return true;
	if (start >= KERNEL_BASE || len > KERNEL_BASE - start)
		return false;
	uint32_t *pgdir = current_proc->pgdir;
	uint32_t need = PTE_P | PTE_U | (write ? PTE_RW : 0);
	for (uint32_t page = start & ~0xfffu; page < start + len; page += PAGE_SIZE) {
		uint32_t pde = pgdir[page >> 22];
		if ((pde & need) != need || (pde & PTE_PS))
			return false;
		uint32_t pte = ((uint32_t *) P2V(pde & ~0xfffu))[(page >> 12) & 0x3ff];
		if ((pte & need) != need)
			return false;
	}
	return true;
}

bool copy_from_user(void *dst, const void *user_src, size_t len)
{
	if (!user_range_ok(user_src, len, false))
		return false;
	memcpy(dst, user_src, len);
	return true;
}

bool copy_to_user(void *user_dst, const void *src, size_t len)
{
	if (!user_range_ok(user_dst, len, true))
		return false;
	memcpy(user_dst, src, len);
	return true;
}

/* A NUL-terminated name of 1 to FILE_NAME_MAX - 1 bytes; false if invalid. */
bool copy_name_from_user(char *dst, const char *user_src)
{
	for (size_t i = 0; i < FILE_NAME_MAX; i++) {
		if (!copy_from_user(&dst[i], user_src + i, 1))
			return false;
		if (dst[i] == '\0')
			return i > 0;
	}
	return false;
}
