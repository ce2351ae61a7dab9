/* bios_video.c: int 10h on the 80x25 text screen at 0xB8000, and the console view of it (teletype output as lines). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "internal.h"
#include "bios.h"

/*
 * Two views of one screen. The text buffer gets what a PC's BIOS writes
 * there (characters and attributes, scrolling), so a guest that reads it
 * back finds it. The console gets the lines a reader of that screen would
 * see: a CR moves back to the line's start without printing anything, an
 * LF ends the line, characters written over earlier ones on the same line
 * move the terminal's cursor back (backspaces) first. The cursor is the
 * one in the BIOS data area (page 0), so a guest that sets it there
 * directly is followed too.
 */

static void emit(struct bios_call *c, const uint8_t *buf, size_t n)
{
	if (n)
		vcpu_output(c->vcpu, buf, n);
}

void bios_video_end_line(struct bios_call *c)
{
	uint8_t out[BIOS_TTY_MAX];

	if (c->bios->tty.len > 0)
		emit(c, out, bios_tty_newline(&c->bios->tty, out));
}

static void get_cursor(struct bios *b, unsigned *row, unsigned *col)
{
	/* Guests may store anything there: keep it on the screen. */
	*col = b->ram[BDA_CURSOR_POS] % BIOS_COLS;
	*row = b->ram[BDA_CURSOR_POS + 1] % BIOS_ROWS;
}

static void put_cursor(struct bios *b, unsigned row, unsigned col)
{
	b->ram[BDA_CURSOR_POS] = (uint8_t)col;
	b->ram[BDA_CURSOR_POS + 1] = (uint8_t)row;
}

static uint8_t *cell(struct bios *b, unsigned row, unsigned col)
{
	return b->text + 2 * (row * BIOS_COLS + col);
}

/* Scroll rows TOP..BOTTOM, columns LEFT..RIGHT (inclusive, on screen) by
 * N lines, up or down; N = 0 or more than the window clears it. */
static void scroll(struct bios *b, unsigned top, unsigned left, unsigned bottom,
                   unsigned right, unsigned n, bool up, uint8_t attr)
{
	unsigned height = bottom - top + 1, width = right - left + 1;

	if (n == 0 || n > height)
		n = height;
	for (unsigned i = 0; i < height; i++) {
		unsigned dst = up ? top + i : bottom - i;
		uint8_t *d = cell(b, dst, left);

		if (i + n < height)
			memmove(d, cell(b, up ? dst + n : dst - n, left), 2 * width);
		else
			for (unsigned x = 0; x < width; x++) {
				d[2 * x] = ' ';
				d[2 * x + 1] = attr;
			}
	}
}

/* The cursor moves down a line (LF, or past the last column). */
static void line_feed(struct bios_call *c, unsigned *row)
{
	uint8_t out[BIOS_TTY_MAX];

	emit(c, out, bios_tty_newline(&c->bios->tty, out));
	if (*row + 1 < BIOS_ROWS) {
		(*row)++;
		return;
	}
	scroll(c->bios, 0, 0, BIOS_ROWS - 1, BIOS_COLS - 1, 1, true, BIOS_ATTR);
}

/* Character CH at the cursor, on the screen and the console, and the
 * cursor on (AH=0Eh, and AH=13h's strings). */
static void teletype(struct bios_call *c, uint8_t ch, int attr)
{
	struct bios *b = c->bios;
	uint8_t out[BIOS_TTY_MAX];
	unsigned row, col;

	get_cursor(b, &row, &col);
	switch (ch) {
	case '\r':
		col = 0;
		break;
	case '\n':
		line_feed(c, &row);
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case 0x07:   /* the bell: no sound here */
		break;
	default:
		cell(b, row, col)[0] = ch;
		if (attr >= 0)
			cell(b, row, col)[1] = (uint8_t)attr;
		emit(c, out, bios_tty_put(&b->tty, col, ch, out));
		if (++col == BIOS_COLS) {
			col = 0;
			line_feed(c, &row);
		}
		break;
	}
	put_cursor(b, row, col);
}

/* AH=02h: the console follows a move down with new lines, and a move up
 * (a new screen, usually) with the end of the current line. */
static void set_cursor(struct bios_call *c, unsigned row, unsigned col)
{
	struct bios *b = c->bios;
	uint8_t out[BIOS_TTY_MAX];
	unsigned old_row, old_col;

	row %= BIOS_ROWS;
	col %= BIOS_COLS;
	get_cursor(b, &old_row, &old_col);
	if (row > old_row)
		for (unsigned i = old_row; i < row; i++)
			emit(c, out, bios_tty_newline(&b->tty, out));
	else if (row < old_row)
		bios_video_end_line(c);
	put_cursor(b, row, col);
}

/* AH=09h/0Ah: COUNT copies of CH from the cursor on, which stays. */
static void write_chars(struct bios_call *c, uint8_t ch, int attr, uint16_t count)
{
	struct bios *b = c->bios;
	uint8_t out[BIOS_TTY_MAX];
	unsigned row, col, cells = BIOS_COLS * BIOS_ROWS;

	get_cursor(b, &row, &col);
	for (unsigned i = 0, at = row * BIOS_COLS + col; i < count && at < cells; i++, at++) {
		b->text[2 * at] = ch;
		if (attr >= 0)
			b->text[2 * at + 1] = (uint8_t)attr;
		/* The console shows the cursor's line only. */
		if (at / BIOS_COLS == row)
			emit(c, out, bios_tty_put(&b->tty, at % BIOS_COLS, ch, out));
	}
}

/* AH=13h: CX characters at ES:BP (with attributes when AL bit 1) from
 * DH:DL; the cursor stays unless AL bit 0. */
static void write_string(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;
	uint8_t mode = bios_al(c), buf[256];
	uint16_t count = (uint16_t)r->rcx;
	unsigned step = mode & 2 ? 2 : 1, row, col;
	uint64_t at = c->sregs->es.base + (uint16_t)r->rbp;
	uint64_t len = (uint64_t)count * step;

	/* All of it must be RAM, or nothing is written. */
	if (len && linear_check(c->vcpu, at, len) < 0) {
		bios_trace(c, "the string is not guest RAM");
		return;
	}
	get_cursor(c->bios, &row, &col);
	set_cursor(c, (uint8_t)(r->rdx >> 8), (uint8_t)r->rdx);
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (bios_read(c, at + done, buf, n) < 0)
			return;
		for (uint64_t i = 0; i + step <= n; i += step)
			teletype(c, buf[i], step == 2 ? buf[i + 1] : (uint8_t)r->rbx);
		done += n;
	}
	if (!(mode & 1))
		put_cursor(c->bios, row, col);
}

static void set_mode(struct bios_call *c)
{
	struct bios *b = c->bios;
	uint8_t mode = bios_al(c) & 0x7F;

	/* Text modes only: 40 or 80 columns, colour or not, all shown as
	 * 80x25 here. */
	if (mode > 3 && mode != 7) {
		bios_unknown(c);
		return;
	}
	b->ram[BDA_VIDEO_MODE] = mode;
	if (!(bios_al(c) & 0x80))
		scroll(b, 0, 0, BIOS_ROWS - 1, BIOS_COLS - 1, 0, true, BIOS_ATTR);
	bios_video_end_line(c);
	put_cursor(b, 0, 0);
}

int bios_video(struct bios_call *c)
{
	struct bios *b = c->bios;
	struct kvm_regs *r = c->regs;
	unsigned row, col;

	vga_host_write_begin(b->vm);
	switch (bios_ah(c)) {
	case 0x00:
		set_mode(c);
		break;
	case 0x01:
		bios_put16(b, BDA_CURSOR_SHAPE, (uint16_t)r->rcx);
		break;
	case 0x02:
		set_cursor(c, (uint8_t)(r->rdx >> 8), (uint8_t)r->rdx);
		break;
	case 0x03:
		get_cursor(b, &row, &col);
		bios_set16(&r->rdx, (uint16_t)(row << 8 | col));
		bios_set16(&r->rcx, bios_get16(b, BDA_CURSOR_SHAPE));
		break;
	case 0x06:
	case 0x07: {
		unsigned top = (uint8_t)(r->rcx >> 8), left = (uint8_t)r->rcx;
		unsigned bottom = (uint8_t)(r->rdx >> 8), right = (uint8_t)r->rdx;

		if (bottom >= BIOS_ROWS)
			bottom = BIOS_ROWS - 1;
		if (right >= BIOS_COLS)
			right = BIOS_COLS - 1;
		if (top > bottom || left > right)
			break;
		scroll(b, top, left, bottom, right, bios_al(c), bios_ah(c) == 0x06,
		       (uint8_t)(r->rbx >> 8));
		/* A cleared screen starts the console afresh too. */
		if (bios_al(c) == 0 && top == 0 && bottom == BIOS_ROWS - 1)
			bios_video_end_line(c);
		break;
	}
	case 0x08:
		get_cursor(b, &row, &col);
		bios_set16(&r->rax, (uint16_t)(cell(b, row, col)[1] << 8 | cell(b, row, col)[0]));
		break;
	case 0x09:
		write_chars(c, bios_al(c), (uint8_t)r->rbx, (uint16_t)r->rcx);
		break;
	case 0x0A:
		write_chars(c, bios_al(c), -1, (uint16_t)r->rcx);
		break;
	case 0x0E:
		teletype(c, bios_al(c), -1);
		break;
	case 0x0F:
		bios_set16(&r->rax, (uint16_t)(BIOS_COLS << 8 | b->ram[BDA_VIDEO_MODE]));
		bios_set8(&r->rbx, 8, 0);
		break;
	case 0x13:
		write_string(c);
		break;
	default:
		bios_unknown(c);
		break;
	}
	vga_host_write_end(b->vm);
	return 0;
}
