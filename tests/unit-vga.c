/* unit-vga.c: Check tests of the VGA text renderers (libvmm/vga_text.c): plain-text dump and ANSI repaint, no KVM. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "vmm.h"

static uint8_t cells[VMM_VGA_TEXT_BYTES];

/* Clear to NUL cells (a zeroed screen), or to blanks with ATTR. */
static void clear(uint8_t fill, uint8_t attr)
{
	for (unsigned i = 0; i < VMM_VGA_COLS * VMM_VGA_ROWS; i++) {
		cells[2 * i] = fill;
		cells[2 * i + 1] = attr;
	}
}

static void put(unsigned row, unsigned col, const char *s, uint8_t attr)
{
	for (unsigned i = 0; s[i]; i++) {
		cells[(row * VMM_VGA_COLS + col + i) * 2] = (uint8_t)s[i];
		cells[(row * VMM_VGA_COLS + col + i) * 2 + 1] = attr;
	}
}

static const char *dump(void)
{
	static char out[VMM_VGA_DUMP_MAX];
	size_t n = vmm_vga_render_text(cells, out, sizeof(out));

	ck_assert_uint_lt(n, sizeof(out));
	ck_assert_uint_eq(strlen(out), n);
	return out;
}

START_TEST(test_dump_blank)
{
	clear(0, 0);
	ck_assert_str_eq(dump(), "");
	clear(' ', 0x1F);    /* blanks on blue are still blank */
	ck_assert_str_eq(dump(), "");
}
END_TEST

START_TEST(test_dump_trims)
{
	clear(0, 0x07);
	put(0, 0, "hello  ", 0x07);
	put(2, 3, "x", 0x4E);            /* a blank row in between stays */
	put(3, 78, "ab", 0x07);          /* the last columns */
	ck_assert_str_eq(dump(), "hello\n\n   x\n"
	                 "                                                  "
	                 "                            ab\n");
}
END_TEST

START_TEST(test_dump_full_screen)
{
	/* Every cell used: 25 lines of 80, nothing lost. */
	char expect[25 * 81 + 1], *p = expect;

	clear('#', 0x07);
	for (unsigned r = 0; r < 25; r++) {
		memset(p, '#', 80);
		p[80] = '\n';
		p += 81;
	}
	*p = '\0';
	ck_assert_str_eq(dump(), expect);
}
END_TEST

START_TEST(test_dump_cp437)
{
	clear(0, 0x07);
	/* Box corners and lines, shades, a block, and symbols. */
	static const uint8_t box[] = { 0xC9, 0xCD, 0xBB, 0xDA, 0xC4, 0xBF, 0xB0,
	                               0xB1, 0xB2, 0xDB, 0x01, 0x03, 0xE1, 0xF8, 0 };
	put(0, 0, (const char *)box, 0x07);
	ck_assert_str_eq(dump(), "╔═╗┌─┐░▒▓█☺♥ß°\n");
}
END_TEST

START_TEST(test_dump_no_control_bytes)
{
	/* Whatever the guest stores, no byte below 0x20 but '\n' comes out
	 * (no ESC, no BEL, no CR): every cell goes through the table. */
	char out[VMM_VGA_DUMP_MAX];
	size_t n;

	for (unsigned i = 0; i < VMM_VGA_COLS * VMM_VGA_ROWS; i++) {
		cells[2 * i] = (uint8_t)(i * 7 + 1);
		cells[2 * i + 1] = (uint8_t)i;
	}
	n = vmm_vga_render_text(cells, out, sizeof(out));
	ck_assert_uint_lt(n, sizeof(out));
	for (size_t i = 0; i < n; i++)
		ck_assert((unsigned char)out[i] >= 0x20 || out[i] == '\n');
	/* The worst case fits VMM_VGA_DUMP_MAX: every cell three bytes. */
	clear(0xC4, 0x07);
	ck_assert_uint_eq(vmm_vga_render_text(cells, out, sizeof(out)),
	                  25 * (80 * 3 + 1));
}
END_TEST

START_TEST(test_dump_truncates_like_snprintf)
{
	char out[8];

	clear(0, 0x07);
	put(0, 0, "abcdefghij", 0x07);
	ck_assert_uint_eq(vmm_vga_render_text(cells, out, sizeof(out)), 11);
	ck_assert_str_eq(out, "abcdefg");
	ck_assert_uint_eq(vmm_vga_render_text(cells, NULL, 0), 11);
}
END_TEST

START_TEST(test_ansi_repaint)
{
	static char out[VMM_VGA_ANSI_MAX];
	size_t n;

	clear(' ', 0x07);
	put(0, 0, "A", 0x1E);   /* yellow on blue */
	put(0, 1, "B", 0xC0);   /* black on blinking red */
	n = vmm_vga_render_ansi(cells, 81, out, sizeof(out));
	ck_assert_uint_lt(n, sizeof(out));
	/* Row 1: placed, each attribute change once. */
	ck_assert(strncmp(out, "\033[1;1H\033[0;93;44mA\033[0;5;30;41mB\033[0;37;40m ", 41) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\033[25;1H\033[0;37;40m "));
	/* The cursor at cell 81: row 2, column 2, shown. */
	ck_assert_str_eq(out + n - 16, "\033[0m\033[2;2H\033[?25h");
	n = vmm_vga_render_ansi(cells, -1, out, sizeof(out));
	ck_assert_str_eq(out + n - 10, "\033[0m\033[?25l");
	n = vmm_vga_render_ansi(cells, 2000, out, sizeof(out));
	ck_assert_str_eq(out + n - 10, "\033[0m\033[?25l");
}
END_TEST

START_TEST(test_ansi_worst_case_fits)
{
	static char out[VMM_VGA_ANSI_MAX];
	size_t n;

	/* A different blinking bright attribute and a 3-byte glyph in every
	 * cell; the guest's ESC (0x1B) shows as an arrow, never as ESC. */
	for (unsigned i = 0; i < VMM_VGA_COLS * VMM_VGA_ROWS; i++) {
		cells[2 * i] = i & 1 ? 0x1B : 0xDB;
		cells[2 * i + 1] = i & 1 ? 0xFF : 0xF8;
	}
	n = vmm_vga_render_ansi(cells, 1999, out, sizeof(out));
	ck_assert_uint_lt(n, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "█\033[0;5;97;47m←"));
	/* Escapes only where the renderer put them: each is followed by '['. */
	for (size_t i = 0; i < n; i++)
		if (out[i] == '\033')
			ck_assert_int_eq(out[i + 1], '[');
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vga");
	TCase *t = tcase_create("render");

	tcase_add_test(t, test_dump_blank);
	tcase_add_test(t, test_dump_trims);
	tcase_add_test(t, test_dump_full_screen);
	tcase_add_test(t, test_dump_cp437);
	tcase_add_test(t, test_dump_no_control_bytes);
	tcase_add_test(t, test_dump_truncates_like_snprintf);
	tcase_add_test(t, test_ansi_repaint);
	tcase_add_test(t, test_ansi_worst_case_fits);
	suite_add_tcase(s, t);
	return check_run_suite(s);
}
