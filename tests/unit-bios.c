/* unit-bios.c: Check tests of the BIOS's pure parts: int 13h request decoding (CHS, EDD packets) and geometry, the console's view of the text screen, keys and clock (no KVM). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "bios.h"
#include "check-main.h"

/* A hard disk image of N sectors. */
static struct bios_geom hd(uint64_t sectors)
{
	struct bios_geom g;

	bios_geom_init(&g, sectors * 512, false);
	return g;
}

START_TEST(test_geometry)
{
	struct bios_geom g = hd(4);

	ck_assert_uint_eq(g.cylinders, 1);
	ck_assert_uint_eq(g.heads, 16);
	ck_assert_uint_eq(g.sectors, 63);
	ck_assert_uint_eq(g.total, 4);
	/* 1008 sectors a cylinder: 1009 need two. */
	ck_assert_uint_eq(hd(1008).cylinders, 1);
	ck_assert_uint_eq(hd(1009).cylinders, 2);
	/* CHS stops at 1024 cylinders; LBA reaches the rest. */
	g = hd(1024ull * 1008 * 4);
	ck_assert_uint_eq(g.cylinders, 1024);
	ck_assert_uint_eq(g.total, 1024ull * 1008 * 4);
	/* A partial last sector counts; an empty image has one cylinder. */
	bios_geom_init(&g, 700, false);
	ck_assert_uint_eq(g.total, 2);
	bios_geom_init(&g, 0, false);
	ck_assert_uint_eq(g.cylinders, 1);
	ck_assert_uint_eq(g.total, 0);
	bios_geom_init(&g, 1024, true);
	ck_assert(g.floppy);
	ck_assert_uint_eq(g.cylinders, 80);
	ck_assert_uint_eq(g.heads, 2);
	ck_assert_uint_eq(g.sectors, 18);
	ck_assert_uint_eq(g.total, 2);
}
END_TEST

START_TEST(test_chs)
{
	struct bios_geom g = hd(4096);
	struct bios_disk_req r;

	/* Cylinder 0, head 0, sector 2 to 0000:7E00. */
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0002, 0, 0, 0x7E00, &r), DISK_OK);
	ck_assert_uint_eq(r.lba, 1);
	ck_assert_uint_eq(r.count, 1);
	ck_assert_uint_eq(r.buffer, 0x7E00);
	/* Cylinder 2 (CH), head 3, sector 5, to 1234:0010. */
	ck_assert_uint_eq(bios_decode_chs(&g, 3, 0x0205, 3, 0x1234, 0x10, &r), DISK_OK);
	ck_assert_uint_eq(r.lba, (2 * 16 + 3) * 63 + 4);
	ck_assert_uint_eq(r.count, 3);
	ck_assert_uint_eq(r.buffer, 0x12350);
	/* Sector 0 and 64, head 16, a cylinder past the geometry. */
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0000, 0, 0, 0, &r), DISK_ENOTFOUND);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0040, 0, 0, 0, &r), DISK_ENOTFOUND);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0001, 16, 0, 0, &r), DISK_ENOTFOUND);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0501, 0, 0, 0, &r), DISK_ENOTFOUND);
	/* Counts: 0 and over 128 are bad requests. */
	ck_assert_uint_eq(bios_decode_chs(&g, 0, 0x0001, 0, 0, 0, &r), DISK_EPARAM);
	ck_assert_uint_eq(bios_decode_chs(&g, 129, 0x0001, 0, 0, 0, &r), DISK_EPARAM);
	ck_assert_uint_eq(bios_decode_chs(&g, 128, 0x0001, 0, 0, 0, &r), DISK_OK);
	/* The image's end: its last sector, not one more. */
	g = hd(4);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0004, 0, 0, 0, &r), DISK_OK);
	ck_assert_uint_eq(bios_decode_chs(&g, 2, 0x0004, 0, 0, 0, &r), DISK_ENOTFOUND);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0005, 0, 0, 0, &r), DISK_ENOTFOUND);
	/* CL bits 6-7 are cylinder bits 8-9. */
	g = hd(1024ull * 1008);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0xFFC1, 0, 0, 0, &r), DISK_OK);
	ck_assert_uint_eq(r.lba, 1023ull * 1008);
	/* A floppy: 18 sectors, 2 heads. */
	bios_geom_init(&g, 1474560, true);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0101, 1, 0, 0, &r), DISK_OK);
	ck_assert_uint_eq(r.lba, 54);
	ck_assert_uint_eq(bios_decode_chs(&g, 1, 0x0013, 0, 0, 0, &r), DISK_ENOTFOUND);
}
END_TEST

/* A packet: SIZE, COUNT blocks to SEG:OFF from LBA (FLAT after it). */
static void packet(uint8_t *p, uint8_t size, uint16_t count, uint16_t off,
                   uint16_t seg, uint64_t lba, uint64_t flat)
{
	memset(p, 0, BIOS_PACKET_FLAT);
	p[0] = size;
	p[2] = (uint8_t)count;
	p[3] = (uint8_t)(count >> 8);
	p[4] = (uint8_t)off;
	p[5] = (uint8_t)(off >> 8);
	p[6] = (uint8_t)seg;
	p[7] = (uint8_t)(seg >> 8);
	for (int i = 0; i < 8; i++) {
		p[8 + i] = (uint8_t)(lba >> (8 * i));
		p[16 + i] = (uint8_t)(flat >> (8 * i));
	}
}

START_TEST(test_packet)
{
	struct bios_geom g = hd(100);
	struct bios_disk_req r;
	uint8_t p[BIOS_PACKET_FLAT];

	packet(p, 0x10, 3, 0x8000, 0x1000, 97, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_OK);
	ck_assert_uint_eq(r.lba, 97);
	ck_assert_uint_eq(r.count, 3);
	ck_assert_uint_eq(r.buffer, 0x18000);
	/* One block more runs past the end. */
	packet(p, 0x10, 4, 0x8000, 0x1000, 97, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_ENOTFOUND);
	/* An LBA near 2^64 must not wrap into the image. */
	packet(p, 0x10, 2, 0, 0, UINT64_MAX, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_ENOTFOUND);
	packet(p, 0x10, 127, 0, 0, UINT64_MAX - 5, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_ENOTFOUND);
	/* Sizes and counts. */
	packet(p, 0x0F, 1, 0, 0, 0, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_EPARAM);
	packet(p, 0x10, 1, 0, 0, 0, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 15, &r), DISK_EPARAM);
	packet(p, 0x10, 128, 0, 0, 0, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_EPARAM);
	packet(p, 0x10, 0, 0, 0, 5000, 0);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_OK);
	ck_assert_uint_eq(r.count, 0);
	/* FFFF:FFFF in a 24-byte packet: the flat address. */
	packet(p, 0x18, 1, 0xFFFF, 0xFFFF, 1, 0x123456789ull);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 24, &r), DISK_OK);
	ck_assert_uint_eq(r.buffer, 0x123456789ull);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 16, &r), DISK_EPARAM);
	/* ...but a 16-byte packet has none: FFFF:FFFF is just an address. */
	packet(p, 0x10, 1, 0xFFFF, 0xFFFF, 1, 0x123456789ull);
	ck_assert_uint_eq(bios_decode_packet(&g, p, 24, &r), DISK_OK);
	ck_assert_uint_eq(r.buffer, 0xFFFF0 + 0xFFFF);
}
END_TEST

START_TEST(test_params)
{
	struct bios_geom g = hd(4);
	uint8_t out[BIOS_EDD_PARAMS];
	uint16_t cx;
	uint8_t dh;

	bios_disk_params(&g, &cx, &dh);
	ck_assert_uint_eq(cx, 0x003F);
	ck_assert_uint_eq(dh, 15);
	g = hd(1024ull * 1008 * 2);
	bios_disk_params(&g, &cx, &dh);
	ck_assert_uint_eq(cx, 0xFFFF);   /* cylinder 1023, 63 sectors */
	bios_geom_init(&g, 1474560, true);
	bios_disk_params(&g, &cx, &dh);
	ck_assert_uint_eq(cx, 0x4F12);
	ck_assert_uint_eq(dh, 1);

	g = hd(4);
	bios_edd_params(&g, out);
	static const uint8_t want[BIOS_EDD_PARAMS] = {
		0x1A, 0, 0x02, 0, 1, 0, 0, 0, 16, 0, 0, 0, 63, 0, 0, 0,
		4, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x02,
	};
	ck_assert_mem_eq(out, want, sizeof(want));
}
END_TEST

/* Put STR from column COL on, like teletype output; return what the
 * console got. */
static const char *put(struct bios_tty *t, unsigned col, const char *str)
{
	static char got[1024];
	uint8_t out[BIOS_TTY_MAX];
	size_t len = 0;

	for (; *str; str++, col++) {
		size_t n = bios_tty_put(t, col, (uint8_t)*str, out);
		memcpy(got + len, out, n);
		len += n;
	}
	got[len] = '\0';
	return got;
}

START_TEST(test_tty)
{
	struct bios_tty t;
	uint8_t out[BIOS_TTY_MAX];

	bios_tty_reset(&t);
	ck_assert_str_eq(put(&t, 0, "abc"), "abc");
	/* After a CR: back over what is there, then the new character. */
	ck_assert_str_eq(put(&t, 0, "X"), "\b\b\bX");
	/* Forward again over the line's own text. */
	ck_assert_str_eq(put(&t, 3, "d"), "bcd");
	ck_assert_uint_eq(bios_tty_newline(&t, out), 1);
	ck_assert_int_eq(out[0], '\n');
	/* An LF without CR keeps the column: blanks before the text. */
	ck_assert_str_eq(put(&t, 4, "e"), "    e");
	/* The last column. */
	bios_tty_reset(&t);
	ck_assert_uint_eq(strlen(put(&t, 79, "z")), 80);
	ck_assert_uint_eq(t.len, 80);
	/* A column past the screen is clamped, never written outside. */
	ck_assert_str_eq(put(&t, 200, "y"), "\by");
}
END_TEST

START_TEST(test_keys)
{
	ck_assert_uint_eq(bios_key_of_byte('a'), 0x1E61);
	ck_assert_uint_eq(bios_key_of_byte('A'), 0x1E41);
	ck_assert_uint_eq(bios_key_of_byte('q'), 0x1071);
	ck_assert_uint_eq(bios_key_of_byte('1'), 0x0231);
	ck_assert_uint_eq(bios_key_of_byte('!'), 0x0221);
	ck_assert_uint_eq(bios_key_of_byte(' '), 0x3920);
	ck_assert_uint_eq(bios_key_of_byte('~'), 0x297E);
	ck_assert_uint_eq(bios_key_of_byte('\n'), 0x1C0D);
	ck_assert_uint_eq(bios_key_of_byte('\r'), 0x1C0D);
	ck_assert_uint_eq(bios_key_of_byte('\t'), 0x0F09);
	ck_assert_uint_eq(bios_key_of_byte(0x1B), 0x011B);
	ck_assert_uint_eq(bios_key_of_byte(0x7F), 0x0E08);
	ck_assert_uint_eq(bios_key_of_byte(0x03), 0x2E03);   /* Ctrl-C */
	ck_assert_uint_eq(bios_key_of_byte(0x80), 0x0080);
	ck_assert_uint_eq(bios_key_of_byte(0x00), 0x0000);
}
END_TEST

START_TEST(test_clock)
{
	ck_assert_uint_eq(bios_ticks(0, 0), 0);
	/* 3600 s * 1193182 / 65536 = 65543.4 */
	ck_assert_uint_eq(bios_ticks(3600, 0), 65543);
	ck_assert_uint_eq(bios_ticks(86399, 999999999), BIOS_TICKS_PER_DAY - 1);
	ck_assert_uint_lt(bios_ticks(86399, 0), BIOS_TICKS_PER_DAY);
	ck_assert_uint_eq(bios_bcd(59), 0x59);
	ck_assert_uint_eq(bios_bcd(7), 0x07);
	ck_assert_uint_eq(bios_bcd(2026 % 100), 0x26);
}
END_TEST

static Suite *bios_suite(void)
{
	Suite *s = suite_create("bios");
	TCase *t = tcase_create("disk");

	tcase_add_test(t, test_geometry);
	tcase_add_test(t, test_chs);
	tcase_add_test(t, test_packet);
	tcase_add_test(t, test_params);
	suite_add_tcase(s, t);
	t = tcase_create("console");
	tcase_add_test(t, test_tty);
	tcase_add_test(t, test_keys);
	tcase_add_test(t, test_clock);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(bios_suite());
}
