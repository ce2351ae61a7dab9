/* bios_disk.c: int 13h on the boot image: CHS and EDD transfers with pread/pwrite, parameters, status, and the fsync at the end. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "bios.h"

#define SECTOR VMM_BIOS_SECTOR

/* The status of the last operation, where the BIOS data area keeps it. */
static uint32_t status_addr(const struct bios *b)
{
	return b->geom.floppy ? BDA_FLOPPY_STATUS : BDA_DISK_STATUS;
}

static void finish(struct bios_call *c, uint8_t status)
{
	c->bios->ram[status_addr(c->bios)] = status;
	if (status == DISK_OK)
		bios_ok(c, true);
	else
		bios_fail(c, status);
}

/* Sectors [LBA, LBA+COUNT) of the image into guest memory at BUF, or the
 * other way when WRITE; the request is already inside the image. */
static uint8_t transfer(struct bios_call *c, const struct bios_disk_req *req,
                        bool write)
{
	struct bios *b = c->bios;
	size_t bytes = (size_t)req->count * SECTOR;

	if (req->count == 0)
		return DISK_OK;
	if (write && b->read_only)
		return DISK_EWRPROT;
	/* The whole buffer is checked before anything moves: a transfer is
	 * all or nothing. Reads land in RAM below the ROM only. */
	if (linear_check(c->vcpu, req->buffer, bytes) < 0 ||
	    (!write && !range_inside(req->buffer, bytes, 0, VMM_BIOS_ROM_BASE)))
		return DISK_EBUFFER;
	if (!write) {
		ssize_t got = pread(b->fd, b->sector_buf, bytes, (off_t)(req->lba * SECTOR));

		if (got < 0)
			return DISK_EIO;
		/* The image's last sector may be partial: zeros follow. */
		memset(b->sector_buf + got, 0, bytes - (size_t)got);
		if (bios_write(c, req->buffer, b->sector_buf, bytes) < 0)
			return DISK_EBUFFER;
		return DISK_OK;
	}
	if (bios_read(c, req->buffer, b->sector_buf, bytes) < 0)
		return DISK_EBUFFER;
	b->wrote = true;
	for (size_t done = 0; done < bytes;) {
		ssize_t n = pwrite(b->fd, b->sector_buf + done, bytes - done,
		                   (off_t)(req->lba * SECTOR + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!b->write_failed)
				snprintf(b->write_error, sizeof(b->write_error),
				         "a write of the guest to its disk failed: %s",
				         n < 0 ? strerror(errno) : "nothing written");
			b->write_failed = true;
			return DISK_EIO;
		}
		done += (size_t)n;
	}
	return DISK_OK;
}

/* AH=42h/43h: the packet at DS:SI. */
static uint8_t extended(struct bios_call *c, bool write)
{
	uint64_t at = c->sregs->ds.base + (uint16_t)c->regs->rsi;
	uint8_t p[BIOS_PACKET_FLAT];
	size_t len = BIOS_PACKET_FLAT;
	struct bios_disk_req req;
	uint8_t status;

	/* A 16-byte packet may end where RAM does. */
	if (bios_read(c, at, p, len) < 0) {
		len = BIOS_PACKET_MIN;
		if (bios_read(c, at, p, len) < 0)
			return DISK_EPARAM;
	}
	status = bios_decode_packet(&c->bios->geom, p, len, &req);
	if (status == DISK_OK)
		status = transfer(c, &req, write);
	bios_trace(c, "%s LBA %llu, %u sectors, buffer 0x%llx: status %02Xh",
	           write ? "write" : "read", (unsigned long long)req.lba, req.count,
	           (unsigned long long)req.buffer, status);
	/* The packet's count says how many blocks moved: none on an error. */
	if (status != DISK_OK) {
		static const uint8_t none[2];
		bios_write(c, at + 2, none, 2);
	}
	return status;
}

static uint8_t chs(struct bios_call *c, bool write)
{
	struct kvm_regs *r = c->regs;
	struct bios_disk_req req;
	uint8_t status;

	status = bios_decode_chs(&c->bios->geom, bios_al(c), (uint16_t)r->rcx,
	                         (uint8_t)(r->rdx >> 8), (uint16_t)c->sregs->es.selector,
	                         (uint16_t)r->rbx, &req);
	if (status == DISK_OK)
		status = transfer(c, &req, write);
	bios_trace(c, "%s CHS %u/%u/%u (LBA %llu), %u sectors: status %02Xh",
	           write ? "write" : "read", (unsigned)((r->rcx >> 8 & 0xFF) | (r->rcx & 0xC0) << 2),
	           (unsigned)(uint8_t)(r->rdx >> 8), (unsigned)(r->rcx & 0x3F),
	           (unsigned long long)req.lba, req.count, status);
	/* AL: the sectors transferred. */
	bios_set8(&r->rax, 0, status == DISK_OK ? (uint8_t)req.count : 0);
	return status;
}

static void set_es(struct bios_call *c, uint16_t seg)
{
	c->sregs->es.selector = seg;
	c->sregs->es.base = (uint64_t)seg << 4;
	vcpu_sregs_changed(c->vcpu);
}

/* AH=08h. */
static void params(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;
	uint16_t cx;
	uint8_t dh;

	bios_disk_params(&c->bios->geom, &cx, &dh);
	bios_set16(&r->rcx, cx);
	bios_set16(&r->rdx, (uint16_t)(dh << 8 | 1));   /* DL: one drive */
	bios_set8(&r->rax, 0, 0);
	if (c->bios->geom.floppy) {
		bios_set8(&r->rbx, 0, 4);               /* a 1.44 MB drive */
		bios_set16(&r->rdi, BIOS_ROM_FDPT);
		set_es(c, VMM_BIOS_ROM_BASE >> 4);
	}
	finish(c, DISK_OK);
}

/* AH=48h: the result buffer at DS:SI says its size first. */
static uint8_t edd_params(struct bios_call *c)
{
	uint64_t at = c->sregs->ds.base + (uint16_t)c->regs->rsi;
	uint8_t out[BIOS_EDD_PARAMS], w[2];

	if (bios_read(c, at, w, 2) < 0 || (unsigned)(w[0] | w[1] << 8) < BIOS_EDD_PARAMS)
		return DISK_EPARAM;
	bios_edd_params(&c->bios->geom, out);
	if (bios_write(c, at, out, sizeof(out)) < 0)
		return DISK_EPARAM;
	return DISK_OK;
}

int bios_disk(struct bios_call *c)
{
	struct bios *b = c->bios;
	struct kvm_regs *r = c->regs;
	uint8_t ah = bios_ah(c), status;

	if (ah == 0x01) {
		status = b->ram[status_addr(b)];
		bios_set8(&r->rax, 8, status);
		c->set_cf = true;
		c->cf = status != DISK_OK;
		return 0;
	}
	switch (ah) {
	case 0x00: case 0x02: case 0x03: case 0x08: case 0x15:
	case 0x41: case 0x42: case 0x43: case 0x48:
		break;
	default:
		bios_unknown(c);
		return 0;
	}
	/* One drive: the image, as DL named it at boot. */
	if ((uint8_t)r->rdx != b->drive) {
		bios_trace(c, "no drive %02Xh", (unsigned)(uint8_t)r->rdx);
		finish(c, DISK_EPARAM);
		return 0;
	}
	switch (ah) {
	case 0x00:
		finish(c, DISK_OK);
		break;
	case 0x02:
	case 0x03:
		finish(c, chs(c, ah == 0x03));
		break;
	case 0x08:
		params(c);
		break;
	case 0x15:
		/* AH is the drive type here, not a status. */
		bios_set8(&r->rax, 8, b->geom.floppy ? 0x01 : 0x03);
		if (!b->geom.floppy) {
			bios_set16(&r->rcx, (uint16_t)(b->geom.total >> 16));
			bios_set16(&r->rdx, (uint16_t)b->geom.total);
		}
		c->set_cf = true;
		c->cf = false;
		break;
	case 0x41:
		if ((uint16_t)r->rbx != 0x55AA) {
			finish(c, DISK_EPARAM);
			break;
		}
		/* EDD 1.1, the fixed-disk access subset (42h, 43h, 48h). */
		bios_set16(&r->rbx, 0xAA55);
		bios_set16(&r->rcx, 0x0001);
		bios_set8(&r->rax, 8, 0x21);
		c->set_cf = true;
		c->cf = false;
		break;
	case 0x42:
	case 0x43:
		finish(c, extended(c, ah == 0x43));
		break;
	case 0x48:
		finish(c, edd_params(c));
		break;
	}
	return 0;
}

int bios_disk_flush(void *opaque)
{
	struct bios *b = opaque;

	if (b->write_failed)
		return set_error("%s", b->write_error);
	if (b->wrote && fsync(b->fd) < 0)
		return set_error_errno("cannot write the boot image back (fsync)");
	return 0;
}
