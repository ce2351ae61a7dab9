/* mb-kernel.c: Multiboot test kernel: prints the boot loader's magic and Multiboot information on COM1. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

#include "mb-io.h"

struct mb_module {
	uint32_t start, end, string, reserved;
} __attribute__((packed));

struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

/* At most N bytes of the module's text, up to its first newline. */
static void putline(const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n && s[i] && s[i] != '\n'; i++)
		putc(s[i]);
}

void kernel_main(uint32_t magic, const struct mb_info *mbi);

void kernel_main(uint32_t magic, const struct mb_info *mbi)
{
	static const char *const flag_names[] = {
		"mem", "boot-device", "cmdline", "mods", "aout-syms", "elf-shdr",
		"mmap", "drives", "config-table", "loader-name", "apm-table", "vbe",
	};

	puts("magic ");
	puthex(magic, 8);
	puts("\nflags");
	for (uint32_t i = 0; i < 32; i++) {
		if (!(mbi->flags & (1u << i)))
			continue;
		putc(' ');
		if (i < sizeof flag_names / sizeof flag_names[0]) {
			puts(flag_names[i]);
		} else {
			puts("bit");
			putdec(i);
		}
	}
	puts("\n");
	if (mbi->flags & (1u << 0)) {
		puts("mem_lower ");
		putdec(mbi->mem_lower);
		puts(" KiB\nmem_upper ");
		putdec(mbi->mem_upper);
		puts(" KiB\n");
	}
	if (mbi->flags & (1u << 2)) {
		puts("cmdline '");
		puts((const char *)mbi->cmdline);
		puts("'\n");
	}
	if (mbi->flags & (1u << 9)) {
		puts("boot loader '");
		puts((const char *)mbi->boot_loader_name);
		puts("'\n");
	}
	if (mbi->flags & (1u << 6)) {
		uint32_t p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		while (p < end) {
			const struct mb_mmap *e = (const struct mb_mmap *)p;

			puts("mmap ");
			puthex(e->addr, 9);
			puts(" len ");
			puthex(e->len, 9);
			puts(" type ");
			putdec(e->type);
			puts("\n");
			p += e->size + 4;
		}
	}
	if (mbi->flags & (1u << 3)) {
		const struct mb_module *m = (const struct mb_module *)mbi->mods_addr;

		puts("modules ");
		putdec(mbi->mods_count);
		puts("\n");
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			puts("module '");
			puts((const char *)m[i].string);
			puts("' size ");
			putdec(m[i].end - m[i].start);
			puts((m[i].start & 0xFFF) ? " unaligned" : " page-aligned");
			puts(" text '");
			putline((const char *)m[i].start, m[i].end - m[i].start);
			puts("'\n");
		}
	}
	puts("bye\n");
}
