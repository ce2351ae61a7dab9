/* vga-kernel.c: Multiboot test kernel in the tutorials' style: coloured lines and box characters on the VGA text screen at 0xB8000, the cursor moved through the CRTC ports, a report on COM1. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

#define COLS 80
#define ROWS 25

static volatile uint16_t *const screen = (volatile uint16_t *)0xB8000;

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void serial_putc(char c)
{
	while (!(inb(0x3FD) & 0x20))
		;
	outb(0x3F8, (uint8_t)c);
}

static void serial_puts(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

static void serial_putdec(unsigned v)
{
	char buf[10];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		serial_putc(buf[--n]);
}

static void put_at(unsigned row, unsigned col, const char *s, uint8_t attr)
{
	for (unsigned i = 0; s[i]; i++)
		screen[row * COLS + col + i] = (uint16_t)((uint8_t)s[i] | attr << 8);
}

static uint8_t crtc_read(uint8_t index)
{
	outb(0x3D4, index);
	return inb(0x3D5);
}

void kernel_main(void)
{
	/* What QEMU's BIOS left on the screen goes: blank, grey on black. */
	for (unsigned i = 0; i < COLS * ROWS; i++)
		screen[i] = ' ' | 0x07 << 8;
	/* A tutorial's wait for the vertical retrace: in, then out of it.
	 * It must end, on real hardware as in a VMM. */
	while (!(inb(0x3DA) & 0x08))
		;
	while (inb(0x3DA) & 0x08)
		;

	put_at(0, 0, "kvm-vmm VGA text test", 0x1F);           /* white on blue */
	put_at(1, 0, "green on black", 0x02);
	put_at(2, 4, "bright red, indented", 0x0C);
	put_at(3, 0, "blinking yellow on magenta", 0xDE);
	/* A box in code page 437's single lines, then double lines. */
	put_at(5, 2, "\xDA\xC4\xC4\xC4\xC4\xBF", 0x0B);
	put_at(6, 2, "\xB3 ok \xB3", 0x0B);
	put_at(7, 2, "\xC0\xC4\xC4\xC4\xC4\xD9", 0x0B);
	put_at(5, 10, "\xC9\xCD\xCD\xBB \xB0\xB1\xB2\xDB", 0x0E);
	put_at(6, 10, "\xC8\xCD\xCD\xBC", 0x0E);
	/* Trailing blanks that are not spaces: NUL cells with a colour. */
	put_at(9, 0, "then blanks", 0x07);
	screen[9 * COLS + 11] = 0x4000;
	screen[9 * COLS + 12] = 0x4020;
	put_at(ROWS - 1, COLS - 11, "bottom line", 0x70);

	/* Cursor at row 9, column 11: the high byte by a 16-bit OUT (index
	 * and value together), the low one byte by byte; a two-line shape. */
	unsigned pos = 9 * COLS + 11;
	outw(0x3D4, (uint16_t)(0x0E | (pos >> 8) << 8));
	outb(0x3D4, 0x0F);
	outb(0x3D5, (uint8_t)pos);
	outw(0x3D4, 0x0E0A);
	outw(0x3D4, 0x0F0B);

	unsigned back = (unsigned)crtc_read(0x0E) << 8 | crtc_read(0x0F);
	serial_puts("vga-kernel: cursor at row ");
	serial_putdec(back / COLS);
	serial_puts(", column ");
	serial_putdec(back % COLS);
	serial_puts(", lines ");
	serial_putdec(crtc_read(0x0A) & 0x1F);
	serial_puts(" to ");
	serial_putdec(crtc_read(0x0B) & 0x1F);
	serial_puts("\nvga-kernel: done\n");
}
