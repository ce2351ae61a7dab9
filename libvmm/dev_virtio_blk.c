/* dev_virtio_blk.c: the legacy virtio-mmio registers of the block device (the queue and its requests are in virtio_blk_queue.c). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* O_PATH */
#endif

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "virtio_blk.h"

/* ---- MMIO glue -------------------------------------------------------------- */

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

struct virtio_blk {
	pthread_mutex_t lock;    /* vCPUs may access the registers concurrently */
	struct vmm_vm *vm;
	uint64_t base;
	struct vq_disk disk;
	uint32_t host_features;  /* word 0; higher words are 0 */
	uint8_t config[8];       /* capacity, le64 */

	/* Registers. */
	uint32_t host_features_sel;
	uint32_t guest_features, guest_features_sel;
	uint32_t guest_page_size;
	uint32_t queue_sel, queue_num, queue_align, queue_pfn;
	uint32_t isr;
	uint32_t status;
	bool queue_live;         /* q is set up and checked */
	bool broken;             /* DEVICE_NEEDS_RESET */
	struct vq q;
};

/* Writing 0 to Status: back to the state right after attach. */
static void blk_reset(struct virtio_blk *d)
{
	d->host_features_sel = 0;
	d->guest_features = 0;
	d->guest_features_sel = 0;
	/* GuestPageSize survives: Linux writes it once at probe time, before
	 * the driver core resets the device (QEMU keeps it too). */
	d->queue_sel = 0;
	d->queue_num = 0;
	d->queue_align = 4096;   /* the legacy default (QEMU's too) */
	d->queue_pfn = 0;
	d->isr = 0;
	d->status = 0;
	d->queue_live = false;
	d->broken = false;
}

static void blk_broken(struct virtio_blk *d)
{
	d->broken = true;
	d->queue_live = false;
	/* Configuration change notification, as the spec asks when
	 * DEVICE_NEEDS_RESET is set. */
	d->isr |= 2;
}

static uint32_t reg_read(const struct virtio_blk *d, uint64_t off)
{
	switch (off) {
	case VIRTIO_REG_MAGIC:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_REG_VERSION:
		return 1;  /* legacy interface */
	case VIRTIO_REG_DEVICE_ID:
		return VIRTIO_ID_BLOCK;
	case VIRTIO_REG_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_REG_HOST_FEATURES:
		return d->host_features_sel == 0 ? d->host_features : 0;
	case VIRTIO_REG_QUEUE_NUM_MAX:
		return d->queue_sel == 0 ? VIRTIO_BLK_QUEUE_NUM_MAX : 0;
	case VIRTIO_REG_QUEUE_PFN:
		return d->queue_sel == 0 ? d->queue_pfn : 0;
	case VIRTIO_REG_INTERRUPT_STATUS:
		return d->isr;
	case VIRTIO_REG_STATUS:
		return d->status | (d->broken ? VIRTIO_STATUS_NEEDS_RESET : 0);
	default:
		return 0;  /* write-only and unknown registers read as 0 */
	}
}

static void reg_write(struct virtio_blk *d, uint64_t off, uint32_t val)
{
	unsigned done;

	switch (off) {
	case VIRTIO_REG_HOST_FEATURES_SEL:
		d->host_features_sel = val;
		break;
	case VIRTIO_REG_GUEST_FEATURES:
		/* Only word 0 exists; features not offered are not accepted. */
		if (d->guest_features_sel == 0)
			d->guest_features = val & d->host_features;
		break;
	case VIRTIO_REG_GUEST_FEATURES_SEL:
		d->guest_features_sel = val;
		break;
	case VIRTIO_REG_GUEST_PAGE_SIZE:
		d->guest_page_size = val;  /* validated when QueuePFN is written */
		break;
	case VIRTIO_REG_QUEUE_SEL:
		d->queue_sel = val;
		break;
	case VIRTIO_REG_QUEUE_NUM:
		if (d->queue_sel == 0)
			d->queue_num = val;  /* validated when QueuePFN is written */
		break;
	case VIRTIO_REG_QUEUE_ALIGN:
		/* 0 keeps the previous alignment, as QEMU does: drivers ported
		 * from QEMU-only code write it. */
		if (d->queue_sel == 0 && val != 0)
			d->queue_align = val;
		break;
	case VIRTIO_REG_QUEUE_PFN:
		if (d->queue_sel != 0)
			break;
		d->queue_pfn = val;
		d->queue_live = false;
		if (val == 0)
			break;  /* the driver stops using the queue */
		/* PFN < 2^32 and page size < 2^32: the product fits in 64 bits. */
		if (!is_pow2(d->guest_page_size) ||
		    vq_setup(&d->q, d->vm, (uint64_t)val * d->guest_page_size,
		             d->queue_num, d->queue_align) < 0) {
			blk_broken(d);
			break;
		}
		d->queue_live = true;
		break;
	case VIRTIO_REG_QUEUE_NOTIFY:
		if (val != 0 || !d->queue_live || d->broken)
			break;
		if (vq_process(&d->q, &d->disk, &done) < 0)
			blk_broken(d);
		if (done > 0)
			d->isr |= 1;  /* used buffer notification (polled: no IRQ line) */
		break;
	case VIRTIO_REG_INTERRUPT_ACK:
		d->isr &= ~val;
		break;
	case VIRTIO_REG_STATUS:
		if (val == 0)
			blk_reset(d);
		else  /* DEVICE_NEEDS_RESET is the device's to set */
			d->status = val & 0xff & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET;
		break;
	default:
		break;  /* read-only and unknown registers ignore writes */
	}
}

int virtio_blk_mmio(struct vmm_vcpu *vcpu, void *opaque, uint64_t addr,
                    bool is_write, uint8_t *data, unsigned size)
{
	struct virtio_blk *d = opaque;
	uint64_t off;
	unsigned i;

	(void)vcpu;  /* the device state is all in OPAQUE */
	if (size > 8)
		return 0;
	off = addr - d->base;  /* io.c only sends addresses >= base */
	pthread_mutex_lock(&d->lock);
	if (is_write) {
		/* Registers are 32 bits wide and written whole (as Linux and the
		 * spec do); the config space (capacity) is read-only. Anything
		 * else is ignored. */
		if (size == 4 && off < VIRTIO_REG_CONFIG && (off & 3) == 0)
			reg_write(d, off, (uint32_t)data[0] | (uint32_t)data[1] << 8 |
			                  (uint32_t)data[2] << 16 |
			                  (uint32_t)data[3] << 24);
	} else {
		/* Reads have no side effects, so any size at any offset is served
		 * byte by byte (config space is read with 1-8 byte accesses). */
		for (i = 0; i < size; i++) {
			uint8_t v = 0;

			if (addr < d->base || off >= VIRTIO_MMIO_SIZE) {
				v = 0;
			} else if (off + i < VIRTIO_REG_CONFIG) {
				uint64_t o = off + i;
				v = (uint8_t)(reg_read(d, o & ~(uint64_t)3) >> (8 * (o & 3)));
			} else if (off + i - VIRTIO_REG_CONFIG < sizeof d->config) {
				v = d->config[off + i - VIRTIO_REG_CONFIG];
			}
			data[i] = v;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return 0;
}

struct virtio_blk *virtio_blk_new(struct vmm_vm *vm, uint64_t base, int fd,
                                  bool read_only)
{
	struct virtio_blk *d;
	struct stat st;
	off_t cur, end;
	int flags;
	unsigned i;

	if (!vm)
		return set_error_null("virtio-blk: no VM");
	if (base > UINT64_MAX - VIRTIO_MMIO_SIZE)
		return set_error_null("virtio-blk: MMIO base 0x%llx is out of range",
		                      (unsigned long long)base);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0) {
		set_error_errno("virtio-blk: disk file descriptor %d is not usable", fd);
		return NULL;
	}
	if ((flags & O_PATH) || (flags & O_ACCMODE) == O_WRONLY)
		return set_error_null("virtio-blk: the disk file is not open for reading");
	if (!read_only && (flags & O_ACCMODE) == O_RDONLY)
		return set_error_null("virtio-blk: the disk file is open read-only; "
		                      "attach it read-only or open it for writing");
	if (fstat(fd, &st) < 0) {
		set_error_errno("virtio-blk: cannot examine the disk file");
		return NULL;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return set_error_null("virtio-blk: the disk is neither a regular file "
		                      "nor a block device");
	/* lseek to the end gives the size of block devices as well as files;
	 * the caller's file offset is put back (all I/O uses pread/pwrite). */
	cur = lseek(fd, 0, SEEK_CUR);
	end = lseek(fd, 0, SEEK_END);
	if (end < 0) {
		set_error_errno("virtio-blk: cannot determine the size of the disk");
		return NULL;
	}
	if (cur >= 0)
		(void)lseek(fd, cur, SEEK_SET);

	d = calloc(1, sizeof *d);
	if (!d)
		return set_error_null("virtio-blk: out of memory");
	if (pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return set_error_null("virtio-blk: cannot create a mutex");
	}
	d->vm = vm;
	d->base = base;
	d->disk.fd = fd;
	d->disk.read_only = read_only;
	/* Capacity counts whole sectors only: a tail shorter than 512 bytes
	 * at the end of the file is unreachable for the guest. */
	d->disk.sectors = (uint64_t)end / VIRTIO_BLK_SECTOR;
	for (i = 0; i < sizeof d->config; i++)
		d->config[i] = (uint8_t)(d->disk.sectors >> (8 * i));
	d->host_features = 1u << VIRTIO_BLK_F_FLUSH;
	if (read_only)
		d->host_features |= 1u << VIRTIO_BLK_F_RO;
	/* Until the driver writes GuestPageSize, QueuePFN is a byte address,
	 * as in QEMU (whose reset page shift is 0); the 1K OS relies on it. */
	d->guest_page_size = 1;
	blk_reset(d);
	return d;
}

int virtio_blk_flush(void *opaque)
{
	struct virtio_blk *d = opaque;
	int err;

	if (d->disk.read_only)
		return 0;
	pthread_mutex_lock(&d->lock);
	if (fsync(d->disk.fd) < 0 && !d->disk.write_errno)
		d->disk.write_errno = errno;
	err = d->disk.write_errno;
	pthread_mutex_unlock(&d->lock);
	if (err) {
		errno = err;
		return set_error_errno("the guest's writes to the disk did not all reach it");
	}
	return 0;
}

void virtio_blk_free(void *opaque)
{
	struct virtio_blk *d = opaque;

	if (!d)
		return;
	/* Make the guest's writes durable when the VM goes away (vmm-abi(7), VIRTIO-BLK);
	 * a failure is reported by virtio_blk_flush, called before this. */
	if (!d->disk.read_only)
		(void)fsync(d->disk.fd);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

int vmm_virtio_blk_attach(struct vmm_vm *vm, uint64_t base, int fd,
                          bool read_only)
{
	struct virtio_blk *d = virtio_blk_new(vm, base, fd, read_only);

	if (!d)
		return -1;
	if (vm_own_device(vm, d, virtio_blk_free) < 0) {
		virtio_blk_free(d);
		return -1;
	}
	vm_device_flush(vm, d, virtio_blk_flush);
	/* On failure the VM still owns (and will free) the device. */
	return vmm_io_register(vm, VMM_IO_MMIO, base, VIRTIO_MMIO_SIZE,
	                       virtio_blk_mmio, d);
}
