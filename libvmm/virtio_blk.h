/* virtio_blk.h: private interface of the virtio-blk device, for unit tests and fuzzing. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_VIRTIO_BLK_H
#define VMM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

/*
 * The device is split in two layers so both can be exercised without KVM:
 *
 *  - the queue processor (vq_*, virtio_blk_queue.c): given guest RAM (a struct vmm_vm's RAM
 *    slots, reached only through vmm_gpa_to_hva) and a backing file, it
 *    validates a legacy split virtqueue and completes the requests in it;
 *  - the MMIO glue (virtio_blk_*, dev_virtio_blk.c): the register file,
 *    which configures the queue and calls the processor on QueueNotify.
 *
 * A unit test or fuzz target builds a struct vmm_vm by hand with one RAM
 * slot, creates the device with virtio_blk_new() and drives it through
 * virtio_blk_mmio() exactly as a guest's MMIO exits would.
 */

/* Guest-visible constants (virtio spec, "Legacy interface" for MMIO). */
#define VIRTIO_MMIO_SIZE          0x200u
#define VIRTIO_MMIO_MAGIC         0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VENDOR        0x4D4D564Bu  /* "KVMM" */
#define VIRTIO_ID_BLOCK           2u
#define VIRTIO_BLK_QUEUE_NUM_MAX  256u

#define VIRTIO_REG_MAGIC             0x000
#define VIRTIO_REG_VERSION           0x004
#define VIRTIO_REG_DEVICE_ID         0x008
#define VIRTIO_REG_VENDOR_ID         0x00c
#define VIRTIO_REG_HOST_FEATURES     0x010
#define VIRTIO_REG_HOST_FEATURES_SEL 0x014
#define VIRTIO_REG_GUEST_FEATURES    0x020
#define VIRTIO_REG_GUEST_FEATURES_SEL 0x024
#define VIRTIO_REG_GUEST_PAGE_SIZE   0x028
#define VIRTIO_REG_QUEUE_SEL         0x030
#define VIRTIO_REG_QUEUE_NUM_MAX     0x034
#define VIRTIO_REG_QUEUE_NUM         0x038
#define VIRTIO_REG_QUEUE_ALIGN       0x03c
#define VIRTIO_REG_QUEUE_PFN         0x040
#define VIRTIO_REG_QUEUE_NOTIFY      0x050
#define VIRTIO_REG_INTERRUPT_STATUS  0x060
#define VIRTIO_REG_INTERRUPT_ACK     0x064
#define VIRTIO_REG_STATUS            0x070
#define VIRTIO_REG_CONFIG            0x100

#define VIRTIO_STATUS_ACKNOWLEDGE    0x01
#define VIRTIO_STATUS_DRIVER         0x02
#define VIRTIO_STATUS_DRIVER_OK      0x04
#define VIRTIO_STATUS_FEATURES_OK    0x08
#define VIRTIO_STATUS_NEEDS_RESET    0x40
#define VIRTIO_STATUS_FAILED         0x80

#define VIRTIO_BLK_F_RO              5
#define VIRTIO_BLK_F_FLUSH           9

#define VIRTQ_DESC_F_NEXT            1
#define VIRTQ_DESC_F_WRITE           2
#define VIRTQ_DESC_F_INDIRECT        4

#define VIRTIO_BLK_T_IN              0
#define VIRTIO_BLK_T_OUT             1
#define VIRTIO_BLK_T_FLUSH           4
#define VIRTIO_BLK_T_GET_ID          8

#define VIRTIO_BLK_S_OK              0
#define VIRTIO_BLK_S_IOERR           1
#define VIRTIO_BLK_S_UNSUPP          2

#define VIRTIO_BLK_ID_BYTES          20
#define VIRTIO_BLK_SECTOR            512u

/* ---- Queue processor --------------------------------------------------- */

/* The backing file of a disk. */
struct vq_disk {
	int fd;
	bool read_only;
	uint64_t sectors;      /* capacity in 512-byte sectors */
	int write_errno;       /* the first failed write or fsync's errno, or 0 */
};

/* One descriptor of the chain being processed, already translated. */
struct vq_buf {
	uint8_t *hva;          /* NULL when [addr, addr+len) is not guest RAM */
	uint32_t len;
	uint16_t flags;
};

/* A live legacy split virtqueue in guest RAM. */
struct vq {
	struct vmm_vm *vm;
	uint16_t num;          /* queue size, a power of two */
	uint64_t desc_gpa, avail_gpa, used_gpa;
	uint8_t *desc, *avail, *used;  /* host addresses, checked at setup */
	uint16_t last_avail;   /* next avail ring slot the device will read */
	uint16_t used_idx;     /* the device's own copy of used->idx */
	struct vq_buf chain[VIRTIO_BLK_QUEUE_NUM_MAX];  /* scratch */
};

/*
 * Lay out a legacy virtqueue of NUM entries at guest-physical RING with used
 * ring alignment ALIGN, and check that all of it is guest RAM. Returns 0, or
 * -1 if any value is unusable (the caller marks the device broken).
 */
int vq_setup(struct vq *q, struct vmm_vm *vm, uint64_t ring, uint32_t num,
             uint32_t align);

/*
 * Complete every request the driver has made available since the last call;
 * *COMPLETED receives how many were placed in the used ring. Returns 0, or
 * -1 if the ring is malformed (the device must then be marked broken;
 * requests completed before the problem stay completed).
 */
int vq_process(struct vq *q, struct vq_disk *disk, unsigned *completed);

/* ---- MMIO glue --------------------------------------------------------- */

struct virtio_blk;

/*
 * A device over FD for VM, its registers at guest-physical BASE. Checks that
 * FD is a usable disk (NULL and set_error() otherwise). Does not register
 * the MMIO range: vmm_virtio_blk_attach() does that.
 */
struct virtio_blk *virtio_blk_new(struct vmm_vm *vm, uint64_t base, int fd,
                                  bool read_only);

/* fsync (if writable) and free; a device-free callback for vm_own_device. */
void virtio_blk_free(void *dev);

/* fsync (if writable): 0, or -1 with set_error() when that fails or when a
 * write failed earlier (write_errno); vmm_vm_flush() calls it. */
int virtio_blk_flush(void *dev);

/* The MMIO handler (vmm_io_fn); VCPU is not used and may be NULL. */
int virtio_blk_mmio(struct vmm_vcpu *vcpu, void *opaque, uint64_t addr,
                    bool is_write, uint8_t *data, unsigned size);

#endif
