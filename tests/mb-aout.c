/* mb-aout.c: a.out-kludge Multiboot test kernel (a flat binary): prints the boot loader's magic, its memory fields and whether .data arrived and .bss is zero, on COM1. */
/* SPDX-License-Identifier: MIT */
#include "mb-io.h"

extern char _load_start[], _load_end[], _bss_end[];

/* In the file: proves the loader copied up to load_end_addr. */
static volatile uint32_t data_word = 0x600DDA7A;
/* Past the file's end: only bss_end_addr makes the loader zero these
 * 64 KiB (nothing else touches them, unlike the stack). */
static volatile uint8_t bss_probe[65536];

void kernel_main(uint32_t magic, const struct mb_info *mbi);

void kernel_main(uint32_t magic, const struct mb_info *mbi)
{
	uint32_t nonzero = 0;

	puts("mb-aout: a.out kludge, flat binary\nmagic ");
	puthex(magic, 8);
	puts("\nloaded at ");
	puthex((uint32_t)_load_start, 8);
	puts(", bss ends ");
	puts((uint32_t)_bss_end > (uint32_t)_load_end ? "after" : "inside");
	puts(" it\nentry ");
	puts((uint32_t)kernel_main > (uint32_t)_load_start &&
	     (uint32_t)kernel_main < (uint32_t)_load_end ? "inside" : "outside");
	puts(" the loaded image\ndata ");
	puthex(data_word, 8);
	puts("\n");
	for (uint32_t i = 0; i < sizeof bss_probe; i++)
		nonzero += bss_probe[i] != 0;
	puts("bss ");
	putdec(sizeof bss_probe);
	puts(nonzero ? " bytes, not all zero\n" : " bytes, all zero\n");
	if (mbi->flags & 1u) {
		puts("mem_lower ");
		putdec(mbi->mem_lower);
		puts(" KiB\nmem_upper ");
		putdec(mbi->mem_upper);
		puts(" KiB\n");
	} else {
		puts("no memory fields\n");
	}
	puts("bye\n");
	debug_exit(0x21);
}
