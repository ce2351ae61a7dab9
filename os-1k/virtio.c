/* virtio.c: driver for a legacy (version 1) virtio-mmio block device, polled. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

/* Device registers (virtio spec, "MMIO Device Legacy Register Layout"). */
#define REG_MAGIC            0x000  /* "virt" */
#define REG_VERSION          0x004  /* 1 = legacy */
#define REG_DEVICE_ID        0x008  /* 2 = block device */
#define REG_HOST_FEATURES    0x010
#define REG_HOST_FEATURES_SEL 0x014
#define REG_GUEST_FEATURES   0x020
#define REG_GUEST_FEATURES_SEL 0x024
#define REG_GUEST_PAGE_SIZE  0x028
#define REG_QUEUE_SEL        0x030
#define REG_QUEUE_NUM_MAX    0x034
#define REG_QUEUE_NUM        0x038
#define REG_QUEUE_ALIGN      0x03c
#define REG_QUEUE_PFN        0x040
#define REG_QUEUE_NOTIFY     0x050
#define REG_STATUS           0x070
#define REG_CONFIG           0x100  /* block device: 64-bit capacity in sectors */

#define STATUS_ACK       1
#define STATUS_DRIVER    2
#define STATUS_DRIVER_OK 4

#define FEATURE_RO    (1u << 5)  /* the disk is read-only */
#define FEATURE_FLUSH (1u << 9)  /* the FLUSH request exists */

#define BLK_T_IN    0
#define BLK_T_OUT   1
#define BLK_T_FLUSH 4

#define DESC_F_NEXT  1
#define DESC_F_WRITE 2  /* the device writes this buffer */

#define QUEUE_SIZE 16
#define MAX_SECTORS_PER_REQUEST 128  /* 64 KiB */
#define POLL_LIMIT 100000000u        /* give up on a request after this many polls */

struct virtq_desc {
	uint64_t addr;  /* guest-physical */
	uint32_t len;
	uint16_t flags, next;
};

struct virtq_avail {
	uint16_t flags, idx, ring[QUEUE_SIZE], used_event;
};

struct virtq_used {
	uint16_t flags, idx;
	struct { uint32_t id, len; } ring[QUEUE_SIZE];
	uint16_t avail_event;
};

/* The legacy layout: descriptors, then the avail ring, then the used ring
 * on the next QueueAlign (= page) boundary. */
struct virtq {
	struct virtq_desc desc[QUEUE_SIZE];
	struct virtq_avail avail;
	struct virtq_used used __attribute__((aligned(PAGE_SIZE)));
};
/* The device sees these bytes: no padding allowed. */
_Static_assert(sizeof(struct virtq_desc) == 16, "descriptor layout");
_Static_assert(__builtin_offsetof(struct virtq_used, ring[1]) == 12, "used ring layout");
_Static_assert(__builtin_offsetof(struct virtq, used) == PAGE_SIZE, "legacy virtqueue layout");

struct blk_request {
	uint32_t type, reserved;
	uint64_t sector;
	uint8_t status;
};

static volatile uint8_t *regs;
static struct virtq *vq;
static struct blk_request *req;
static uint16_t last_used_idx;
static uint32_t capacity_sectors;
static uint32_t features;

static uint32_t reg_read(uint32_t off) { return *(volatile uint32_t *) (regs + off); }
static void reg_write(uint32_t off, uint32_t v) { *(volatile uint32_t *) (regs + off) = v; }

bool virtio_blk_init(paddr_t base)
{
	regs = mmio_map(base);
	if (reg_read(REG_MAGIC) != 0x74726976 || reg_read(REG_VERSION) != 1 ||
	    reg_read(REG_DEVICE_ID) != 2) {
		printf("virtio-blk: no legacy virtio block device at 0x%x\n", base);
		return false;
	}
	reg_write(REG_STATUS, 0); /* reset */
	reg_write(REG_STATUS, STATUS_ACK);
	reg_write(REG_STATUS, STATUS_ACK | STATUS_DRIVER);
	reg_write(REG_HOST_FEATURES_SEL, 0);
	features = reg_read(REG_HOST_FEATURES) & (FEATURE_RO | FEATURE_FLUSH);
	reg_write(REG_GUEST_FEATURES_SEL, 0);
	reg_write(REG_GUEST_FEATURES, features);
	reg_write(REG_GUEST_PAGE_SIZE, PAGE_SIZE);

	reg_write(REG_QUEUE_SEL, 0);
	uint32_t max = reg_read(REG_QUEUE_NUM_MAX);
	if (max < QUEUE_SIZE) {
		printf("virtio-blk: queue too small (%u entries)\n", max);
		return false;
	}
	/* The device is told physical page numbers: hand it physical memory. */
	vq = P2V(alloc_pages(ALIGN_UP(sizeof(struct virtq), PAGE_SIZE) / PAGE_SIZE));
	req = P2V(alloc_pages(1));
	reg_write(REG_QUEUE_NUM, QUEUE_SIZE);
	reg_write(REG_QUEUE_ALIGN, PAGE_SIZE);
	reg_write(REG_QUEUE_PFN, V2P(vq) / PAGE_SIZE);
	reg_write(REG_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_DRIVER_OK);

	/* Capacity: a 64-bit sector count; bytes must fit in 32 bits here. */
	uint32_t low = reg_read(REG_CONFIG), high = reg_read(REG_CONFIG + 4);
	if (high != 0 || low >= (1u << 23)) {
		printf("virtio-blk: disk too large (4 GiB or more)\n");
		return false;
	}
	capacity_sectors = low;
	printf("virtio-blk: capacity is %u bytes\n", capacity_sectors * SECTOR_SIZE);
	if (features & FEATURE_RO)
		printf("virtio-blk: the disk is read-only\n");
	return true;
}

uint32_t virtio_blk_capacity(void)
{
	return capacity_sectors * SECTOR_SIZE;
}

bool virtio_blk_read_only(void)
{
	return features & FEATURE_RO;
}

/* Send the chain starting at descriptor 0 and poll until the device is done. */
static bool submit(void)
{
	req->status = 0xff; /* anything the device does not overwrite is an error */
	vq->avail.ring[vq->avail.idx % QUEUE_SIZE] = 0;
	__sync_synchronize(); /* descriptors before the index that publishes them */
	vq->avail.idx++;
	__sync_synchronize();
	reg_write(REG_QUEUE_NOTIFY, 0);

	/* No interrupts in v1: poll the used ring, but not forever. */
	volatile uint16_t *used_idx = &vq->used.idx;
	for (uint32_t polls = 0; *used_idx == last_used_idx; polls++) {
		if (polls == POLL_LIMIT) {
			/* It may still answer later: never touch it again. */
			printf("virtio-blk: the device did not answer; disk disabled\n");
			regs = NULL;
			return false;
		}
		__asm__ volatile("pause");
	}
	__sync_synchronize(); /* read the status only after seeing the used index */
	last_used_idx++;
	return req->status == 0;
}

static void set_desc(int i, void *buf, uint32_t len, uint16_t flags)
{
	vq->desc[i] = (struct virtq_desc) {
		.addr = V2P(buf), .len = len, .flags = flags, .next = i + 1,
	};
}

/* Read or write COUNT sectors from SECTOR; BUF must be kernel RAM. */
bool virtio_blk_rw(void *buf, uint32_t sector, uint32_t count, bool write)
{
	if (!regs || sector > capacity_sectors || count > capacity_sectors - sector)
		return false;
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done;
		if (n > MAX_SECTORS_PER_REQUEST)
			n = MAX_SECTORS_PER_REQUEST;
		req->type = write ? BLK_T_OUT : BLK_T_IN;
		req->reserved = 0;
		req->sector = sector + done;
		set_desc(0, req, 16, DESC_F_NEXT);
		set_desc(1, (uint8_t *) buf + done * SECTOR_SIZE, n * SECTOR_SIZE,
		         DESC_F_NEXT | (write ? 0 : DESC_F_WRITE));
		set_desc(2, &req->status, 1, DESC_F_WRITE);
		if (!submit()) {
			printf("virtio-blk: %s error at sector %u\n", write ? "write" : "read",
			       sector + done);
			return false;
		}
		done += n;
	}
	if (write && (features & FEATURE_FLUSH)) {
		/* Ask the VMM to make the writes durable (fsync). */
		req->type = BLK_T_FLUSH;
		req->sector = 0;
		set_desc(0, req, 16, DESC_F_NEXT);
		vq->desc[0].next = 2;
		set_desc(2, &req->status, 1, DESC_F_WRITE);
		if (!submit()) {
			printf("virtio-blk: flush error\n");
			return false;
		}
	}
	return true;
}
