/* bios_disk_decode.c: int 13h requests (CHS registers, EDD packets) to sector ranges, and the image's geometry; pure, no KVM. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "bios.h"

/*
 * Everything here comes from the guest's registers or memory: every field
 * is checked before it is used, and a request is either wholly inside the
 * image or refused with a status. Kept free of the VMM so that the unit
 * tests and fuzz/bios-fuzz.c can drive it directly.
 */

#define SECTOR 512u

/* A hard disk's CHS view: 16 heads of 63 sectors, as many cylinders as the
 * image needs, at most the 1024 that CHS calls can address (LBA reaches
 * the rest). */
#define HD_HEADS    16u
#define HD_SECTORS  63u
#define HD_MAX_CYL  1024u

void bios_geom_init(struct bios_geom *g, uint64_t bytes, bool floppy)
{
	memset(g, 0, sizeof(*g));
	g->floppy = floppy;
	g->total = bytes / SECTOR + (bytes % SECTOR != 0);
	if (floppy) {
		/* 1.44 MB: 80 cylinders, 2 heads, 18 sectors per track. */
		g->cylinders = 80;
		g->heads = 2;
		g->sectors = 18;
		return;
	}
	uint64_t per_cyl = HD_HEADS * HD_SECTORS;
	uint64_t cyl = (g->total + per_cyl - 1) / per_cyl;

	g->heads = HD_HEADS;
	g->sectors = HD_SECTORS;
	g->cylinders = (uint32_t)(cyl == 0 ? 1 : cyl > HD_MAX_CYL ? HD_MAX_CYL : cyl);
}

/* COUNT sectors from LBA lie inside the image (no sum can wrap). */
static bool in_image(const struct bios_geom *g, uint64_t lba, uint64_t count)
{
	return lba < g->total && count <= g->total - lba;
}

uint8_t bios_decode_chs(const struct bios_geom *g, uint8_t count, uint16_t cx,
                        uint8_t dh, uint16_t es, uint16_t bx,
                        struct bios_disk_req *req)
{
	/* CL bits 0-5: sector (from 1); CH and CL bits 6-7: cylinder. */
	uint32_t sector = cx & 0x3Fu;
	uint32_t cyl = (uint32_t)(cx >> 8) | (uint32_t)(cx & 0xC0u) << 2;
	uint32_t head = dh;

	memset(req, 0, sizeof(*req));
	if (count == 0 || count > BIOS_CHS_MAX)
		return DISK_EPARAM;
	if (sector == 0 || sector > g->sectors || head >= g->heads ||
	    cyl >= g->cylinders)
		return DISK_ENOTFOUND;
	req->lba = ((uint64_t)cyl * g->heads + head) * g->sectors + sector - 1;
	req->count = count;
	req->buffer = ((uint64_t)es << 4) + bx;
	if (!in_image(g, req->lba, count))
		return DISK_ENOTFOUND;
	return DISK_OK;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

uint8_t bios_decode_packet(const struct bios_geom *g, const uint8_t *p,
                           size_t len, struct bios_disk_req *req)
{
	memset(req, 0, sizeof(*req));
	/* The size byte first: a packet is at least 16 bytes, all readable. */
	if (len < BIOS_PACKET_MIN || p[0] < BIOS_PACKET_MIN)
		return DISK_EPARAM;
	uint64_t count = le(p + 2, 2);
	uint16_t off = (uint16_t)le(p + 4, 2), seg = (uint16_t)le(p + 6, 2);

	if (count > BIOS_EDD_MAX)
		return DISK_EPARAM;
	req->lba = le(p + 8, 8);
	req->count = (uint32_t)count;
	req->buffer = ((uint64_t)seg << 4) + off;
	/* FFFF:FFFF in a 24-byte packet: the 64-bit flat buffer follows. */
	if (seg == 0xFFFF && off == 0xFFFF && p[0] >= BIOS_PACKET_FLAT) {
		if (len < BIOS_PACKET_FLAT)
			return DISK_EPARAM;
		req->buffer = le(p + 16, 8);
	}
	if (count == 0)
		return DISK_OK;
	if (!in_image(g, req->lba, count))
		return DISK_ENOTFOUND;
	return DISK_OK;
}

void bios_disk_params(const struct bios_geom *g, uint16_t *cx, uint8_t *dh)
{
	uint32_t last = g->cylinders - 1;   /* cylinders >= 1 */

	*cx = (uint16_t)((last & 0xFFu) << 8 | (last >> 2 & 0xC0u) | (g->sectors & 0x3Fu));
	*dh = (uint8_t)(g->heads - 1);
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

void bios_edd_params(const struct bios_geom *g, uint8_t out[BIOS_EDD_PARAMS])
{
	/* Flags: bit 1, the CHS values are valid; bit 2, removable (floppy). */
	put_le(out + 0, BIOS_EDD_PARAMS, 2);
	put_le(out + 2, g->floppy ? 0x0006 : 0x0002, 2);
	put_le(out + 4, g->cylinders, 4);
	put_le(out + 8, g->heads, 4);
	put_le(out + 12, g->sectors, 4);
	put_le(out + 16, g->total, 8);
	put_le(out + 24, SECTOR, 2);
}
