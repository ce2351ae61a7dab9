/* virtio_blk_queue.c: the virtio-blk device's work on its queue: walking the split virtqueue and executing the block requests in it (read, write, flush, get ID) against guest RAM and the disk file. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <unistd.h>

#include "internal.h"
#include "virtio_blk.h"

/*
 * Everything the guest controls (registers, ring indices, descriptors,
 * request headers) is validated before use, with arithmetic that cannot
 * overflow, and guest memory is reached only through vmm_gpa_to_hva().
 * Two kinds of guest error are distinguished:
 *
 *  - a bad request (buffer outside RAM, wrong direction, short header,
 *    sector out of range...) whose status descriptor is usable completes
 *    with VIRTIO_BLK_S_IOERR, after nothing has been read or written;
 *  - a malformed ring (queue size or ring address unusable, avail index
 *    jumping by more than the queue size, a descriptor index out of range,
 *    a chain longer than the queue, i.e. a loop, or a chain without a
 *    usable status byte) marks the device broken: Status shows
 *    DEVICE_NEEDS_RESET (0x40) and notifications are ignored until the
 *    driver resets the device by writing 0 to Status.
 *
 * Host-side failures (pread/pwrite/fsync errors) also complete the request
 * with VIRTIO_BLK_S_IOERR; the MMIO handler itself never fails, so a guest
 * can never crash its vCPU or the VMM through this device.
 */

/* ---- Guest memory accessors -------------------------------------------- */

/*
 * Guest RAM may change under us (another vCPU), and rings need not be
 * naturally aligned when the guest misbehaves, so fields are read and
 * written byte by byte through volatile pointers: each value is fetched
 * exactly once into a local, and the compiler cannot re-read it later.
 */
static uint16_t ld16(const uint8_t *p)
{
	const volatile uint8_t *v = p;
	return (uint16_t)(v[0] | (unsigned)v[1] << 8);
}

static uint32_t ld32(const uint8_t *p)
{
	const volatile uint8_t *v = p;
	return (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 |
	       (uint32_t)v[3] << 24;
}

static uint64_t ld64(const uint8_t *p)
{
	return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static void st8(uint8_t *p, uint8_t val)
{
	volatile uint8_t *v = p;
	v[0] = val;
}

static void st16(uint8_t *p, uint16_t val)
{
	volatile uint8_t *v = p;
	v[0] = (uint8_t)val;
	v[1] = (uint8_t)(val >> 8);
}

static void st32(uint8_t *p, uint32_t val)
{
	st16(p, (uint16_t)val);
	st16(p + 2, (uint16_t)(val >> 16));
}

static bool is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* ---- Queue processor ----------------------------------------------------- */

/*
 * Legacy split virtqueue layout (virtio spec, "Legacy Interfaces: A Note on
 * Virtqueue Layout"): the descriptor table (16 bytes per entry), right after
 * it the available ring (flags, idx, ring[num], used_event), then, at the
 * next multiple of the queue alignment, the used ring (flags, idx,
 * ring[num] of {id, len}, avail_event).
 */
#define DESC_BYTES(num)  (16u * (uint64_t)(num))
#define AVAIL_BYTES(num) (6u + 2u * (uint64_t)(num))
#define USED_BYTES(num)  (6u + 8u * (uint64_t)(num))

int vq_setup(struct vq *q, struct vmm_vm *vm, uint64_t ring, uint32_t num,
             uint32_t align)
{
	uint64_t avail, avail_end, used;
	uint8_t *desc_hva, *avail_hva, *used_hva;

	if (!is_pow2(num) || num > VIRTIO_BLK_QUEUE_NUM_MAX || !is_pow2(align))
		return -1;
	/* num <= 256, so the sizes are small; only RING can be huge. */
	if (ring > UINT64_MAX - DESC_BYTES(num) - AVAIL_BYTES(num))
		return -1;
	avail = ring + DESC_BYTES(num);
	avail_end = avail + AVAIL_BYTES(num);
	if (avail_end > UINT64_MAX - (align - 1))
		return -1;
	used = (avail_end + (align - 1)) & ~((uint64_t)align - 1);

	/* vmm_gpa_to_hva checks [gpa, gpa+len) itself, overflow included. */
	desc_hva = vmm_gpa_to_hva(vm, ring, DESC_BYTES(num));
	avail_hva = vmm_gpa_to_hva(vm, avail, AVAIL_BYTES(num));
	used_hva = vmm_gpa_to_hva(vm, used, USED_BYTES(num));
	if (!desc_hva || !avail_hva || !used_hva)
		return -1;

	q->vm = vm;
	q->num = (uint16_t)num;
	q->desc_gpa = ring;
	q->avail_gpa = avail;
	q->used_gpa = used;
	q->desc = desc_hva;
	q->avail = avail_hva;
	q->used = used_hva;
	q->last_avail = 0;
	q->used_idx = 0;
	return 0;
}

/*
 * pread or pwrite all LEN bytes at OFF, retrying short transfers and EINTR.
 * Adds the bytes transferred to *DONE. Returns 0, or -1 on an error or an
 * unexpected end of file (the file shrank after the device was attached).
 */
static int disk_rw(struct vq_disk *disk, bool write, uint8_t *buf,
                   uint32_t len, uint64_t off, uint64_t *done)
{
	uint32_t pos = 0;

	while (pos < len) {
		ssize_t n;

		if (write)
			n = pwrite(disk->fd, buf + pos, len - pos, (off_t)(off + pos));
		else
			n = pread(disk->fd, buf + pos, len - pos, (off_t)(off + pos));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The guest gets an I/O error; the user hears of a lost
			 * write at the end too (vmm_vm_flush). */
			if (write && !disk->write_errno)
				disk->write_errno = n < 0 ? errno : ENOSPC;
			return -1;
		}
		pos += (uint32_t)n;
		*done += (uint64_t)n;
	}
	return 0;
}

/*
 * Carry out the request in chain[0..n-1] whose status descriptor is known to
 * be good. Returns a VIRTIO_BLK_S_* status; *WRITTEN receives the number of
 * bytes written into guest data buffers (not counting the status byte).
 */
static uint8_t blk_execute(struct vq *q, struct vq_disk *disk,
                           unsigned n, uint64_t *written)
{
	/* The answer to GET_ID: 20 bytes, NUL-padded. */
	static const char blk_id[VIRTIO_BLK_ID_BYTES] = "kvm-vmm-virtio-blk";
	const struct vq_buf *hdr = &q->chain[0];
	uint64_t total = 0, off, copied;
	bool any_readable = false, any_writable = false;
	uint32_t type;
	uint64_t sector;
	unsigned i;

	*written = 0;
	/* Without VIRTIO_F_ANY_LAYOUT the header is its own, first descriptor. */
	if (n < 2 || !hdr->hva || hdr->len < 16 ||
	    (hdr->flags & (VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_INDIRECT)))
		return VIRTIO_BLK_S_IOERR;
	type = ld32(hdr->hva);
	sector = ld64(hdr->hva + 8);

	/* Check every data buffer before touching any of them. */
	for (i = 1; i + 1 < n; i++) {
		const struct vq_buf *b = &q->chain[i];

		/* Indirect descriptors are not offered, so not accepted. */
		if (!b->hva || (b->flags & VIRTQ_DESC_F_INDIRECT))
			return VIRTIO_BLK_S_IOERR;
		total += b->len;  /* at most 255 * 4 GiB: no overflow */
		if (b->flags & VIRTQ_DESC_F_WRITE)
			any_writable = true;
		else
			any_readable = true;
	}

	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		if (type == VIRTIO_BLK_T_IN ? any_readable : any_writable)
			return VIRTIO_BLK_S_IOERR;  /* wrong direction */
		if (type == VIRTIO_BLK_T_OUT && disk->read_only)
			return VIRTIO_BLK_S_IOERR;
		/* Whole sectors, within the disk, and a length the used ring's
		 * 32-bit len can report (plus the status byte). */
		if (total % VIRTIO_BLK_SECTOR != 0 || total >= UINT32_MAX ||
		    sector > disk->sectors ||
		    total / VIRTIO_BLK_SECTOR > disk->sectors - sector)
			return VIRTIO_BLK_S_IOERR;
		off = sector * VIRTIO_BLK_SECTOR;  /* <= file size: fits */
		for (i = 1; i + 1 < n; i++) {
			const struct vq_buf *b = &q->chain[i];
			uint64_t moved = 0;

			if (disk_rw(disk, type == VIRTIO_BLK_T_OUT, b->hva, b->len,
			            off, &moved) < 0) {
				if (type == VIRTIO_BLK_T_IN)
					*written += moved;
				return VIRTIO_BLK_S_IOERR;
			}
			if (type == VIRTIO_BLK_T_IN)
				*written += moved;
			off += b->len;
		}
		return VIRTIO_BLK_S_OK;

	case VIRTIO_BLK_T_FLUSH:
		/* Nothing can have been written through a read-only disk. */
		if (!disk->read_only && fsync(disk->fd) < 0) {
			if (!disk->write_errno)
				disk->write_errno = errno;
			return VIRTIO_BLK_S_IOERR;
		}
		return VIRTIO_BLK_S_OK;

	case VIRTIO_BLK_T_GET_ID:
		if (any_readable)
			return VIRTIO_BLK_S_IOERR;
		copied = 0;
		for (i = 1; i + 1 < n && copied < sizeof blk_id; i++) {
			const struct vq_buf *b = &q->chain[i];
			uint64_t chunk = sizeof blk_id - copied;
			uint64_t k;

			if (chunk > b->len)
				chunk = b->len;
			for (k = 0; k < chunk; k++)
				st8(b->hva + k, (uint8_t)blk_id[copied + k]);
			copied += chunk;
		}
		*written = copied;
		return VIRTIO_BLK_S_OK;

	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

/*
 * Walk the chain starting at HEAD, translate its buffers and complete the
 * request. Returns the used length (bytes written into guest buffers,
 * status byte included), or -1 if the chain is malformed.
 */
static int64_t vq_chain(struct vq *q, struct vq_disk *disk,
                        uint16_t head)
{
	struct vq_buf *status;
	uint64_t written;
	uint16_t idx = head;
	unsigned n = 0;

	for (;;) {
		const uint8_t *d;
		uint64_t addr;
		uint32_t len;
		uint16_t flags;

		/* A chain can visit each descriptor at most once, so one longer
		 * than the queue contains a loop: stop instead of spinning. */
		if (idx >= q->num || n >= q->num)
			return -1;
		d = q->desc + 16u * idx;
		addr = ld64(d);
		len = ld32(d + 8);
		flags = ld16(d + 12);
		q->chain[n].hva = vmm_gpa_to_hva(q->vm, addr, len);
		q->chain[n].len = len;
		q->chain[n].flags = flags;
		n++;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		idx = ld16(d + 14);
	}

	/* The status byte is the last byte of the last descriptor; without a
	 * writable one the request cannot even be failed, so the ring is bad. */
	status = &q->chain[n - 1];
	if (!status->hva || status->len == 0 ||
	    (status->flags & (VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_INDIRECT)) !=
	        VIRTQ_DESC_F_WRITE)
		return -1;
	st8(status->hva + status->len - 1, blk_execute(q, disk, n, &written));
	return (int64_t)written + 1;
}

int vq_process(struct vq *q, struct vq_disk *disk, unsigned *completed)
{
	uint16_t avail_idx, pending;

	*completed = 0;
	avail_idx = ld16(q->avail + 2);
	/* Read the ring entries only after the index that publishes them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	pending = (uint16_t)(avail_idx - q->last_avail);
	if (pending > q->num)
		return -1;  /* the driver cannot have made more available */

	while (pending-- > 0) {
		uint16_t slot = q->last_avail & (uint16_t)(q->num - 1);
		uint16_t head = ld16(q->avail + 4 + 2u * slot);
		int64_t len = vq_chain(q, disk, head);
		uint8_t *elem;

		if (len < 0)
			return -1;
		elem = q->used + 4 + 8u * (q->used_idx & (uint16_t)(q->num - 1));
		st32(elem, head);
		st32(elem + 4, (uint32_t)len);
		/* The element must be visible before the index that publishes it. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		q->used_idx++;
		q->last_avail++;
		st16(q->used + 2, q->used_idx);
		(*completed)++;
	}
	return 0;
}
