/* bios_tty.c: the console's view of the BIOS's text screen: where the terminal's cursor is, and the bytes that put a character where the screen shows it; pure. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "bios.h"

/*
 * A terminal or a pipe cannot go back up, but a line can be redrawn: a
 * character written left of the terminal's cursor (after a CR, a BS or a
 * cursor move) is reached with backspaces, one right of it by printing
 * again what the line already holds (blanks as spaces). Kept apart from
 * bios_video.c so that the unit tests and fuzz/bios-fuzz.c drive it alone.
 */

void bios_tty_reset(struct bios_tty *t)
{
	memset(t->line, ' ', sizeof(t->line));
	t->len = t->tcol = 0;
}

size_t bios_tty_put(struct bios_tty *t, unsigned col, uint8_t ch, uint8_t *out)
{
	size_t n = 0;

	if (col >= BIOS_COLS)
		col = BIOS_COLS - 1;
	if (col < t->tcol) {
		for (unsigned i = col; i < t->tcol; i++)
			out[n++] = '\b';
	} else {
		/* Blank cells (never written, or after an LF) print as spaces. */
		for (unsigned i = t->tcol; i < col; i++)
			out[n++] = t->line[i];
	}
	out[n++] = ch;
	t->line[col] = ch;
	t->tcol = col + 1;
	if (t->tcol > t->len)
		t->len = t->tcol;
	return n;
}

size_t bios_tty_newline(struct bios_tty *t, uint8_t *out)
{
	bios_tty_reset(t);
	out[0] = '\n';
	return 1;
}
