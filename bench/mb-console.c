/* mb-console.c: os-1k's console API over COM1 and QEMU's isa-debug-exit, for the Multiboot bench copy of the test kernel. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

/*
 * Under QEMU there is no hypercall port, so output goes byte by byte to the
 * COM1 transmit register (cheap there: QEMU emulates every instruction
 * anyway) and the VM stops through the isa-debug-exit device at port 0xF4,
 * which ends QEMU with status (value << 1) | 1.
 */
#define COM1_THR   0x3F8
#define DEBUG_EXIT 0xF4

static inline void outb(uint32_t port, uint8_t value)
{
	__asm__ volatile("outb %%al, %%dx" : : "a"(value), "d"(port));
}

void console_flush(void)
{
}

void putchar(char ch)
{
	outb(COM1_THR, (uint8_t) ch);
}

int console_getchar(void)
{
	return -1;
}

void vm_exit(int status)
{
	for (;;) {
		outb(DEBUG_EXIT, (uint8_t) status);
		__asm__ volatile("cli; hlt");
	}
}
