/* bios-fuzz.c: libFuzzer target: int 13h requests (CHS registers and EDD packets) against the BIOS's pure decoder, on images of every size, checking that what it accepts lies inside the image; and the console model of the text screen. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bios.h"

/*
 * Input: 6 bytes of image size (bytes, up to 2^48) and a floppy flag, then
 * operations, each an opcode byte and its arguments:
 *   op % 3 == 0  CHS       count:1 cx:2 dh:1 es:2 bx:2
 *   op % 3 == 1  packet    length:1 (mod 25) bytes:24
 *   op % 3 == 2  console   column:1 character:1 (0: a new line)
 * Checked: an accepted request lies wholly inside the image, within the
 * call's limits and the geometry; CHS buffers stay below 1 MiB + 64 KiB;
 * a refused one says why with a known status; the console model never
 * emits more than BIOS_TTY_MAX bytes nor leaves the line.
 */

static uint64_t get(const uint8_t **p, size_t *n, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v |= (uint64_t)(*n ? **p : 0) << (8 * i);
		if (*n) {
			(*p)++;
			(*n)--;
		}
	}
	return v;
}

static void check_req(const struct bios_geom *g, uint8_t st,
                      const struct bios_disk_req *r, unsigned max)
{
	if (st != DISK_OK) {
		if (st != DISK_EPARAM && st != DISK_ENOTFOUND)
			abort();
		return;
	}
	if (r->count > max)
		abort();
	if (r->count && (r->lba >= g->total || r->count > g->total - r->lba))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	struct bios_geom g;
	struct bios_disk_req r;
	struct bios_tty t;
	uint8_t out[BIOS_TTY_MAX], pkt[BIOS_PACKET_FLAT];
	uint64_t bytes = get(&p, &n, 6);

	bios_geom_init(&g, bytes, get(&p, &n, 1) & 1);
	if (g.cylinders == 0 || g.heads == 0 || g.sectors == 0 || g.sectors > 63)
		abort();
	bios_tty_reset(&t);
	while (n > 0) {
		uint8_t op = (uint8_t)get(&p, &n, 1);

		switch (op % 3) {
		case 0: {
			uint8_t count = (uint8_t)get(&p, &n, 1);
			uint16_t cx = (uint16_t)get(&p, &n, 2);
			uint8_t dh = (uint8_t)get(&p, &n, 1);
			uint16_t es = (uint16_t)get(&p, &n, 2);
			uint16_t bx = (uint16_t)get(&p, &n, 2);
			uint8_t st = bios_decode_chs(&g, count, cx, dh, es, bx, &r);

			check_req(&g, st, &r, BIOS_CHS_MAX);
			if (st == DISK_OK &&
			    (r.count == 0 || r.buffer > 0xFFFF0u + 0xFFFFu ||
			     r.lba >= (uint64_t)g.cylinders * g.heads * g.sectors))
				abort();
			break;
		}
		case 1: {
			size_t len = (size_t)get(&p, &n, 1) % (BIOS_PACKET_FLAT + 1);

			for (size_t i = 0; i < sizeof(pkt); i++)
				pkt[i] = (uint8_t)get(&p, &n, 1);
			check_req(&g, bios_decode_packet(&g, pkt, len, &r), &r, BIOS_EDD_MAX);
			break;
		}
		default: {
			unsigned col = (unsigned)get(&p, &n, 1);
			uint8_t ch = (uint8_t)get(&p, &n, 1);
			size_t m = ch ? bios_tty_put(&t, col, ch, out)
			              : bios_tty_newline(&t, out);

			if (m == 0 || m > BIOS_TTY_MAX || t.len > BIOS_COLS ||
			    t.tcol > BIOS_COLS || t.tcol > t.len)
				abort();
			break;
		}
		}
	}
	return 0;
}
