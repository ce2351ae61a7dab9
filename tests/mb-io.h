/* mb-io.h: port I/O, COM1 output and the Multiboot info shared by the Multiboot test kernels (mb-kernel, mb-aout, mb-high, mb-pcports, irq-kernel, vga-rom). */
/* SPDX-License-Identifier: MIT */
#ifndef MB_IO_H
#define MB_IO_H
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* COM1, polled: waits for the transmitter so that QEMU's UART, which
 * does model the FIFO, loses nothing. */
static inline void putc(char c)
{
	while (!(inb(0x3FD) & 0x20))
		;
	outb(0x3F8, (uint8_t)c);
}

static inline void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static inline void puthex(uint64_t v, int digits)
{
	puts("0x");
	for (int i = digits - 1; i >= 0; i--)
		putc("0123456789abcdef"[(v >> (4 * i)) & 0xF]);
}

static inline void putdec(uint32_t v)
{
	char buf[11];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		putc(buf[--n]);
}

/* QEMU's isa-debug-exit (and vmm-pm's port 0xF4): status (v << 1) | 1. */
static inline __attribute__((noreturn)) void debug_exit(uint8_t v)
{
	outb(0xF4, v);
	for (;;)
		__asm__ volatile("cli; hlt");
}

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4];
	uint32_t mmap_length, mmap_addr, drives_length, drives_addr;
	uint32_t config_table, boot_loader_name;
} __attribute__((packed));

#endif
