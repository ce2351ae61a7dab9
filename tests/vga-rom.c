/* vga-rom.c: Multiboot test kernel: the memory below 1 MiB as vmm-pm gives it: the VGA window is RAM (hypercall buffers may use it, and run into it from low RAM), 0xC0000-0xFFFFF reads as zeros, ignores writes and is no buffer. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

#include "mb-io.h"

/* vmm-abi(7)'s WRITE hypercall: LEN bytes at physical ADDR (paging is
 * off); the length written, or 0xFFFFFFFF when the buffer is not RAM. */
static uint32_t hc_write(uint32_t addr, uint32_t len)
{
	uint32_t r;

	__asm__ volatile("outb %%al, %%dx"
	                 : "=a"(r)
	                 : "a"(3), "d"(0x500), "S"(addr), "c"(len)
	                 : "memory");
	return r;
}

static void copy(uint32_t addr, const char *s)
{
	volatile char *p = (volatile char *)addr;

	while (*s)
		*p++ = *s++;
}

static void try_write(const char *what, uint32_t addr, uint32_t len)
{
	uint32_t r;

	puts(what);
	puts(": ");
	r = hc_write(addr, len);
	puts(" -> ");
	puthex(r, 8);
	putc('\n');
}

void kernel_main(void)
{
	static const uint32_t rom[] = { 0xC0000, 0xE0000, 0xFFFF0 };

	for (unsigned i = 0; i < 3; i++) {
		volatile uint8_t *p = (volatile uint8_t *)rom[i];
		*p = 0xAA;
		puts("byte at ");
		puthex(rom[i], 8);
		puts(" after writing 0xaa: ");
		puthex(*p, 8);
		putc('\n');
	}
	copy(0xA0000, "VGA window");
	try_write("buffer in the VGA window", 0xA0000, 10);
	copy(0x9FFFB, "low+VGA");
	try_write("buffer from low RAM into the VGA window", 0x9FFFB, 7);
	try_write("buffer in the read-only area", 0xC0000, 4);
	try_write("buffer into the read-only area", 0xBFFFC, 8);
	try_write("buffer from the read-only area to RAM", 0xFFFFC, 8);
	/* The screen: what the loader left there is blank. */
	copy(0xB8000, "r\x07o\x07m\x07");
	puts("done\n");
}
