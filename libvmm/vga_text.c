/* vga_text.c: VGA text cells to plain UTF-8 text and to an ANSI repaint (pure: no KVM, unit-tested and fuzzed). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "vmm.h"

/*
 * Code page 437, the VGA's built-in font, as Unicode. The guest chooses
 * every byte of the screen: mapping each through this table is what keeps
 * its control bytes (ESC above all) out of the user's terminal. Cell 0x00
 * is a blank, as a cleared screen is all zeros.
 */
static const uint16_t cp437[256] = {
	0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
	0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
	0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
	0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
	/* 0x20-0x7E: ASCII, filled in by glyph() */
	[0x7F] = 0x2302,
	[0x80] = 0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

static unsigned glyph(uint8_t c)
{
	return c >= 0x20 && c < 0x7F ? c : cp437[c];
}

/* Appends to a bounded buffer, counting what would not fit (snprintf's
 * contract for the caller). */
struct sink {
	char *out;
	size_t len, pos;
};

static void put(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, s->pos++)
		if (s->pos + 1 < s->len)
			s->out[s->pos] = p[i];
}

static void put_utf8(struct sink *s, unsigned u)
{
	char b[3];

	if (u < 0x80) {
		b[0] = (char)u;
		put(s, b, 1);
	} else if (u < 0x800) {
		b[0] = (char)(0xC0 | u >> 6);
		b[1] = (char)(0x80 | (u & 0x3F));
		put(s, b, 2);
	} else {
		b[0] = (char)(0xE0 | u >> 12);
		b[1] = (char)(0x80 | ((u >> 6) & 0x3F));
		b[2] = (char)(0x80 | (u & 0x3F));
		put(s, b, 3);
	}
}

static size_t finish(struct sink *s)
{
	if (s->len)
		s->out[s->pos < s->len ? s->pos : s->len - 1] = '\0';
	return s->pos;
}

static bool blank(uint8_t c)
{
	return c == 0x00 || c == 0x20;
}

/* How many cells of ROW are left once trailing blanks go. */
static unsigned row_width(const uint8_t *cells, unsigned row)
{
	unsigned n = VMM_VGA_COLS;

	while (n && blank(cells[(row * VMM_VGA_COLS + n - 1) * 2]))
		n--;
	return n;
}

size_t vmm_vga_render_text(const uint8_t *cells, char *out, size_t len)
{
	struct sink s = { out, len, 0 };
	unsigned rows = VMM_VGA_ROWS;

	while (rows && row_width(cells, rows - 1) == 0)
		rows--;
	for (unsigned r = 0; r < rows; r++) {
		unsigned w = row_width(cells, r);

		for (unsigned c = 0; c < w; c++)
			put_utf8(&s, glyph(cells[(r * VMM_VGA_COLS + c) * 2]));
		put(&s, "\n", 1);
	}
	return finish(&s);
}

/* The VGA's colour order (blue is bit 0) against ANSI's (red is bit 0). */
static const uint8_t ansi_colour[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

/* The SGR sequence for attribute A: foreground bright with bit 3, the
 * background's bit 7 as blink (the VGA's default meaning of it). */
static void put_sgr(struct sink *s, uint8_t a)
{
	char b[32];
	unsigned fg = ansi_colour[a & 7], bg = ansi_colour[(a >> 4) & 7];
	int n = snprintf(b, sizeof(b), "\033[0;%s%u;%um", a & 0x80 ? "5;" : "",
	                 (a & 8 ? 90 : 30) + fg, 40 + bg);

	put(s, b, (size_t)n);
}

size_t vmm_vga_render_ansi(const uint8_t *cells, int cursor, char *out,
                           size_t len)
{
	struct sink s = { out, len, 0 };
	char b[32];
	int n;

	for (unsigned r = 0; r < VMM_VGA_ROWS; r++) {
		int prev = -1;

		/* Each row placed on its own: a terminal narrower than 80
		 * columns then cuts rows instead of shifting the screen. */
		n = snprintf(b, sizeof(b), "\033[%u;1H", r + 1);
		put(&s, b, (size_t)n);
		for (unsigned c = 0; c < VMM_VGA_COLS; c++) {
			const uint8_t *cell = &cells[(r * VMM_VGA_COLS + c) * 2];

			if (cell[1] != prev) {
				put_sgr(&s, cell[1]);
				prev = cell[1];
			}
			put_utf8(&s, glyph(cell[0]));
		}
	}
	put(&s, "\033[0m", 4);
	if (cursor >= 0 && cursor < VMM_VGA_COLS * VMM_VGA_ROWS) {
		n = snprintf(b, sizeof(b), "\033[%d;%dH\033[?25h",
		             cursor / VMM_VGA_COLS + 1, cursor % VMM_VGA_COLS + 1);
		put(&s, b, (size_t)n);
	} else {
		put(&s, "\033[?25l", 6);
	}
	return finish(&s);
}
