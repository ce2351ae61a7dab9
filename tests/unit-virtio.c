/* unit-virtio.c: Check unit tests of the virtio-blk device, driven through its MMIO handler. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check-main.h"
#include "internal.h"
#include "virtio_blk.h"

/*
 * A fake VM: one RAM slot over a malloc'd buffer, no KVM. The test plays the
 * guest driver: it writes descriptors and rings into that RAM and accesses
 * the registers through the MMIO handler the device registered, exactly as
 * the vCPU's MMIO exits would.
 */
#define RAM_SIZE   (1u << 20)
#define BASE       0xD0000000ull
#define DISK_SECTORS 64u
#define RING       0x10000u   /* queue memory (page-aligned) */
#define HDR        0x20000u   /* request header */
#define DATA       0x30000u   /* data buffers */
#define STATUS     0x40000u   /* status byte */

static struct vmm_vm vm;
static uint8_t *ram;
static char disk_path[256];
static int disk_fd = -1;
static vmm_io_fn mmio_fn;
static void *mmio_dev;
static uint32_t qnum;
static uint16_t avail_idx;

static uint8_t disk_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + off / 512 + 1);
}

/* A temporary disk of SIZE bytes with a known pattern. */
static int make_disk(uint64_t size, int flags)
{
	const char *dir = getenv("TMPDIR");
	uint8_t buf[512];
	uint64_t off;
	int fd;

	snprintf(disk_path, sizeof disk_path, "%s/unit-virtio-XXXXXX",
	         dir && *dir ? dir : "/tmp");
	fd = mkstemp(disk_path);
	ck_assert_int_ge(fd, 0);
	for (off = 0; off < size; off += sizeof buf) {
		size_t n = size - off < sizeof buf ? (size_t)(size - off) : sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = disk_byte(off + i);
		ck_assert_int_eq(pwrite(fd, buf, n, (off_t)off), (ssize_t)n);
	}
	if (flags != O_RDWR) {
		close(fd);
		fd = open(disk_path, flags);
		ck_assert_int_ge(fd, 0);
	}
	return fd;
}

static void fake_vm(void)
{
	memset(&vm, 0, sizeof vm);
	vm.kvm_fd = -1;
	vm.vm_fd = -1;
	ram = aligned_alloc(4096, RAM_SIZE);
	ck_assert_ptr_nonnull(ram);
	memset(ram, 0, RAM_SIZE);
	vm.ram[0].gpa = 0;
	vm.ram[0].size = RAM_SIZE;
	vm.ram[0].hva = ram;
	vm.ram_count = 1;
}

static void attach(bool read_only)
{
	unsigned i;

	ck_assert_msg(vmm_virtio_blk_attach(&vm, BASE, disk_fd, read_only) == 0,
	              "attach: %s", vmm_last_error());
	mmio_fn = NULL;
	for (i = 0; i < vm.mmio.count; i++)
		if (vm.mmio.range[i].base == BASE) {
			ck_assert_uint_eq(vm.mmio.range[i].len, VIRTIO_MMIO_SIZE);
			mmio_fn = vm.mmio.range[i].fn;
			mmio_dev = vm.mmio.range[i].opaque;
		}
	ck_assert_ptr_nonnull(mmio_fn);
}

static void setup_rw(void)
{
	fake_vm();
	disk_fd = make_disk(DISK_SECTORS * 512, O_RDWR);
	attach(false);
}

static void setup_ro(void)
{
	/* A writable descriptor, so that only the device's policy can refuse
	 * the guest's writes. */
	fake_vm();
	disk_fd = make_disk(DISK_SECTORS * 512, O_RDWR);
	attach(true);
}

static void teardown(void)
{
	unsigned i;

	/* What vmm_vm_destroy does for devices (the rest of it needs KVM). */
	for (i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	vm.device_count = 0;
	close(disk_fd);
	unlink(disk_path);
	free(ram);
}

/* ---- Register access as a guest does it ---------------------------------- */

static uint32_t rd(uint64_t off)
{
	uint8_t b[4];

	ck_assert_int_eq(mmio_fn(NULL, mmio_dev, BASE + off, false, b, 4), 0);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static void wr(uint64_t off, uint32_t val)
{
	uint8_t b[4] = { (uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16),
	                 (uint8_t)(val >> 24) };

	ck_assert_int_eq(mmio_fn(NULL, mmio_dev, BASE + off, true, b, 4), 0);
}

/* ---- Guest RAM helpers ------------------------------------------------- */

static void put16(uint64_t gpa, uint16_t v) { memcpy(ram + gpa, &v, 2); }
static void put32(uint64_t gpa, uint32_t v) { memcpy(ram + gpa, &v, 4); }
static void put64(uint64_t gpa, uint64_t v) { memcpy(ram + gpa, &v, 8); }
static uint16_t get16(uint64_t gpa) { uint16_t v; memcpy(&v, ram + gpa, 2); return v; }
static uint32_t get32(uint64_t gpa) { uint32_t v; memcpy(&v, ram + gpa, 4); return v; }

static uint64_t avail_gpa(void) { return RING + 16u * qnum; }
static uint64_t used_gpa(void)
{
	return (avail_gpa() + 6 + 2u * qnum + 4095) & ~4095ull;
}

/* Driver initialisation per the legacy interface, queue NUM at RING. */
static void driver_init(uint32_t num)
{
	wr(VIRTIO_REG_STATUS, 0);
	wr(VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_REG_GUEST_FEATURES_SEL, 0);
	wr(VIRTIO_REG_GUEST_FEATURES, 1u << VIRTIO_BLK_F_FLUSH);
	wr(VIRTIO_REG_GUEST_PAGE_SIZE, 4096);
	wr(VIRTIO_REG_QUEUE_SEL, 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_QUEUE_PFN), 0);
	ck_assert_uint_ge(rd(VIRTIO_REG_QUEUE_NUM_MAX), num);
	wr(VIRTIO_REG_QUEUE_NUM, num);
	wr(VIRTIO_REG_QUEUE_ALIGN, 4096);
	memset(ram + RING, 0, 0x8000);
	qnum = num;
	avail_idx = 0;
	wr(VIRTIO_REG_QUEUE_PFN, RING / 4096);
	wr(VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
	                      VIRTIO_STATUS_DRIVER_OK);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
}

static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                 uint16_t next)
{
	uint64_t d = RING + 16u * i;

	put64(d, addr);
	put32(d + 8, len);
	put16(d + 12, flags);
	put16(d + 14, next);
}

/* Make HEAD available and notify; returns the used ring length reported
 * for it, or -1 if nothing was completed. */
static int64_t submit(uint16_t head)
{
	uint16_t used_before = get16(used_gpa() + 2);

	put16(avail_gpa() + 4 + 2u * (avail_idx % qnum), head);
	avail_idx++;
	put16(avail_gpa() + 2, avail_idx);
	wr(VIRTIO_REG_QUEUE_NOTIFY, 0);
	if (get16(used_gpa() + 2) == used_before)
		return -1;
	ck_assert_uint_eq(get16(used_gpa() + 2), (uint16_t)(used_before + 1));
	ck_assert_uint_eq(get32(used_gpa() + 4 + 8u * (used_before % qnum)), head);
	return get32(used_gpa() + 4 + 8u * (used_before % qnum) + 4);
}

static void header(uint32_t type, uint64_t sector)
{
	put32(HDR, type);
	put32(HDR + 4, 0);
	put64(HDR + 8, sector);
}

/* A three-descriptor request (header, data, status) at descriptors 0-2. */
static int64_t request(uint32_t type, uint64_t sector, uint64_t data,
                       uint32_t len, uint16_t data_flags)
{
	header(type, sector);
	ram[STATUS] = 0xEE;
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, data, len, data_flags | VIRTQ_DESC_F_NEXT, 2);
	desc(2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	return submit(0);
}

static bool disk_matches_pattern(void)
{
	uint8_t buf[512];
	uint64_t off;

	for (off = 0; off < DISK_SECTORS * 512; off += 512) {
		ck_assert_int_eq(pread(disk_fd, buf, 512, (off_t)off), 512);
		for (unsigned i = 0; i < 512; i++)
			if (buf[i] != disk_byte(off + i))
				return false;
	}
	return true;
}

/* ---- Tests --------------------------------------------------------------- */

START_TEST(test_identity)
{
	uint8_t b[8];

	ck_assert_uint_eq(rd(VIRTIO_REG_MAGIC), 0x74726976);
	ck_assert_uint_eq(rd(VIRTIO_REG_VERSION), 1);
	ck_assert_uint_eq(rd(VIRTIO_REG_DEVICE_ID), 2);
	ck_assert_uint_eq(rd(VIRTIO_REG_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	wr(VIRTIO_REG_HOST_FEATURES_SEL, 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_HOST_FEATURES), 1u << VIRTIO_BLK_F_FLUSH);
	wr(VIRTIO_REG_HOST_FEATURES_SEL, 1);
	ck_assert_uint_eq(rd(VIRTIO_REG_HOST_FEATURES), 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_QUEUE_NUM_MAX), VIRTIO_BLK_QUEUE_NUM_MAX);
	wr(VIRTIO_REG_QUEUE_SEL, 1);   /* there is only queue 0 */
	ck_assert_uint_eq(rd(VIRTIO_REG_QUEUE_NUM_MAX), 0);
	/* Capacity: two 32-bit reads, one 64-bit read, single bytes. */
	ck_assert_uint_eq(rd(VIRTIO_REG_CONFIG), DISK_SECTORS);
	ck_assert_uint_eq(rd(VIRTIO_REG_CONFIG + 4), 0);
	ck_assert_int_eq(mmio_fn(NULL, mmio_dev, BASE + VIRTIO_REG_CONFIG, false, b, 8), 0);
	ck_assert_uint_eq(b[0], DISK_SECTORS);
	for (unsigned i = 1; i < 8; i++)
		ck_assert_uint_eq(b[i], 0);
	ck_assert_int_eq(mmio_fn(NULL, mmio_dev, BASE + 1, false, b, 1), 0);
	ck_assert_uint_eq(b[0], 'i');   /* "virt" little-endian */
	/* Config space is read-only; partial register writes are ignored. */
	wr(VIRTIO_REG_CONFIG, 12345);
	ck_assert_uint_eq(rd(VIRTIO_REG_CONFIG), DISK_SECTORS);
	b[0] = 0x7;
	ck_assert_int_eq(mmio_fn(NULL, mmio_dev, BASE + VIRTIO_REG_STATUS, true, b, 1), 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS), 0);
	/* Reads past the registers and the config return 0. */
	ck_assert_uint_eq(rd(0x1fc), 0);
}
END_TEST

START_TEST(test_read)
{
	memset(ram + DATA, 0xAA, 2048);
	driver_init(8);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 3, DATA, 1024, VIRTQ_DESC_F_WRITE), 1025);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	for (unsigned i = 0; i < 1024; i++)
		ck_assert_uint_eq(ram[DATA + i], disk_byte(3 * 512 + i));
	ck_assert_uint_eq(ram[DATA + 1024], 0xAA);
	ck_assert_uint_eq(rd(VIRTIO_REG_INTERRUPT_STATUS) & 1, 1);
	wr(VIRTIO_REG_INTERRUPT_ACK, 1);
	ck_assert_uint_eq(rd(VIRTIO_REG_INTERRUPT_STATUS), 0);
	/* The last sector is reachable. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, DISK_SECTORS - 1, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ram[DATA + 511], disk_byte(DISK_SECTORS * 512 - 1));
}
END_TEST

START_TEST(test_write_flush)
{
	uint8_t buf[1024];

	driver_init(8);
	for (unsigned i = 0; i < 1024; i++)
		ram[DATA + i] = (uint8_t)(i ^ 0x5A);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 5, DATA, 1024, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_int_eq(pread(disk_fd, buf, 1024, 5 * 512), 1024);
	ck_assert_int_eq(memcmp(buf, ram + DATA, 1024), 0);
	/* Neighbours untouched. */
	ck_assert_int_eq(pread(disk_fd, buf, 1, 5 * 512 - 1), 1);
	ck_assert_uint_eq(buf[0], disk_byte(5 * 512 - 1));
	ck_assert_int_eq(pread(disk_fd, buf, 1, 7 * 512), 1);
	ck_assert_uint_eq(buf[0], disk_byte(7 * 512));

	/* FLUSH: header and status only. */
	header(VIRTIO_BLK_T_FLUSH, 0);
	ram[STATUS] = 0xEE;
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_get_id_and_unsupported)
{
	driver_init(8);
	memset(ram + DATA, 0xAA, 32);
	ck_assert_int_eq(request(VIRTIO_BLK_T_GET_ID, 0, DATA, 20, VIRTQ_DESC_F_WRITE), 21);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_str_eq((const char *)ram + DATA, "kvm-vmm-virtio-blk");
	ck_assert_uint_eq(ram[DATA + 19], 0);
	ck_assert_uint_eq(ram[DATA + 20], 0xAA);
	/* A shorter buffer gets what fits. */
	memset(ram + DATA, 0xAA, 32);
	ck_assert_int_eq(request(VIRTIO_BLK_T_GET_ID, 0, DATA, 4, VIRTQ_DESC_F_WRITE), 5);
	ck_assert_int_eq(memcmp(ram + DATA, "kvm-\xAA", 5), 0);
	/* Into a driver-read-only buffer: error, nothing written. */
	memset(ram + DATA, 0xAA, 32);
	ck_assert_int_eq(request(VIRTIO_BLK_T_GET_ID, 0, DATA, 20, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(ram[DATA], 0xAA);
	/* Unknown request type. */
	ck_assert_int_eq(request(77, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_UNSUPP);
}
END_TEST

START_TEST(test_past_ram)
{
	driver_init(8);
	/* IN whose buffer straddles the end of RAM: IOERR, the part inside RAM
	 * untouched. */
	memset(ram + RAM_SIZE - 256, 0xAA, 256);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, RAM_SIZE - 256, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	for (unsigned i = 0; i < 256; i++)
		ck_assert_uint_eq(ram[RAM_SIZE - 256 + i], 0xAA);
	/* An address that wraps around 2^64. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, UINT64_MAX - 255, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* At the MMIO base, far outside RAM. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 0, BASE, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* A header outside RAM. */
	ram[STATUS] = 0xEE;
	desc(0, RAM_SIZE, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert(disk_matches_pattern());
	/* The device still works. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 1, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
}
END_TEST

START_TEST(test_bad_requests)
{
	driver_init(8);
	/* Sector past the end, length past the end, sector overflow. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, DISK_SECTORS, DATA, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, DISK_SECTORS - 1, DATA, 1024, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, UINT64_MAX, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, UINT64_MAX / 512 + 1, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* Not a whole number of sectors. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 0, DATA, 100, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* Wrong direction: IN into a read-only buffer, OUT from a writable one. */
	memset(ram + DATA, 0xAA, 512);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(ram[DATA], 0xAA);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* Indirect descriptors are not offered. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 0, DATA, 512, VIRTQ_DESC_F_INDIRECT), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* Header too short, header device-writable. */
	header(VIRTIO_BLK_T_IN, 0);
	desc(0, HDR, 8, VIRTQ_DESC_F_NEXT, 1);
	desc(1, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	desc(2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ram[STATUS] = 0xEE;
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	ram[STATUS] = 0xEE;
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* A lone writable descriptor: status byte but no header. */
	desc(3, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ram[STATUS] = 0xEE;
	ck_assert_int_eq(submit(3), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	/* The status byte is the last byte of a longer status descriptor. */
	header(VIRTIO_BLK_T_FLUSH, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 4, VIRTQ_DESC_F_WRITE, 0);
	memset(ram + STATUS, 0xEE, 4);
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS + 3], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ram[STATUS], 0xEE);

	ck_assert(disk_matches_pattern());
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
}
END_TEST

START_TEST(test_scatter_and_max_chain)
{
	/* A chain exactly as long as the queue is legal: header, two data
	 * buffers out of order in the table, status. */
	driver_init(4);
	header(VIRTIO_BLK_T_IN, 2);
	ram[STATUS] = 0xEE;
	desc(3, HDR, 16, VIRTQ_DESC_F_NEXT, 0);
	desc(0, DATA + 4096, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	desc(2, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(3), 1025);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ram[DATA + 4096], disk_byte(2 * 512));
	ck_assert_uint_eq(ram[DATA], disk_byte(3 * 512));
}
END_TEST

START_TEST(test_looped_chain)
{
	driver_init(8);
	header(VIRTIO_BLK_T_IN, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET,
	                  VIRTIO_STATUS_NEEDS_RESET);
	/* A self loop. */
	driver_init(8);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 0);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET,
	                  VIRTIO_STATUS_NEEDS_RESET);
	/* Broken: a valid request is ignored until reset. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, VIRTQ_DESC_F_WRITE), -1);
	ck_assert_uint_eq(ram[STATUS], 0xEE);
	/* Reset and set up again: works. */
	driver_init(8);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_malformed_ring)
{
	/* Descriptor index out of range (head, then next). */
	driver_init(8);
	ck_assert_int_eq(submit(8), -1);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	driver_init(8);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 200);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	/* Status descriptor read-only, or outside RAM, or empty. */
	driver_init(8);
	header(VIRTIO_BLK_T_FLUSH, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 1, 0, 0);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	driver_init(8);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, RAM_SIZE, 1, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	driver_init(8);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 0, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(0), -1);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	/* The avail index jumps by more than the queue size (every slot
	 * holding a valid request): nothing is processed. */
	driver_init(8);
	header(VIRTIO_BLK_T_GET_ID, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, DATA, 20, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	desc(2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	put16(avail_gpa() + 2, 9);
	wr(VIRTIO_REG_QUEUE_NOTIFY, 0);
	ck_assert_uint_ne(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	ck_assert_uint_eq(get16(used_gpa() + 2), 0);
	/* Writing 0 to Status clears it all. */
	wr(VIRTIO_REG_STATUS, 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_INTERRUPT_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_QUEUE_PFN), 0);
}
END_TEST

static void expect_setup_broken(uint32_t page, uint32_t num, uint32_t align,
                                uint32_t pfn)
{
	wr(VIRTIO_REG_STATUS, 0);
	wr(VIRTIO_REG_GUEST_PAGE_SIZE, page);
	wr(VIRTIO_REG_QUEUE_SEL, 0);
	wr(VIRTIO_REG_QUEUE_NUM, num);
	wr(VIRTIO_REG_QUEUE_ALIGN, align);
	wr(VIRTIO_REG_QUEUE_PFN, pfn);
	ck_assert_msg(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET,
	              "page %u num %u align %u pfn %#x accepted", page, num, align, pfn);
	/* Notifying a broken device does nothing (and does not crash). */
	wr(VIRTIO_REG_QUEUE_NOTIFY, 0);
}

START_TEST(test_bad_queue_setup)
{
	expect_setup_broken(4096, 0, 4096, RING / 4096);
	expect_setup_broken(4096, 3, 4096, RING / 4096);
	expect_setup_broken(4096, 512, 4096, RING / 4096);
	expect_setup_broken(4096, 8, 3000, RING / 4096);
	expect_setup_broken(3000, 8, 4096, RING / 4096);
	expect_setup_broken(0, 8, 4096, RING / 4096);
	/* Rings past the end of RAM, partly or wholly, and near 2^64. */
	expect_setup_broken(4096, 8, 4096, RAM_SIZE / 4096);
	expect_setup_broken(4096, 256, 4096, RAM_SIZE / 4096 - 1);
	expect_setup_broken(4096, 8, 4096, 0xFFFFFFFF);
	expect_setup_broken(0x80000000u, 8, 0x80000000u, 0xFFFFFFFF);
	/* The used ring pushed past RAM by a huge alignment. */
	expect_setup_broken(4096, 8, 0x80000000u, RING / 4096);
}
END_TEST

START_TEST(test_pfn_byte_address_default)
{
	/* Before the driver writes GuestPageSize, QueuePFN is a byte address
	 * (QEMU behaviour the 1K OS driver depends on); QueueAlign 0 is
	 * ignored. */
	wr(VIRTIO_REG_STATUS, 0);
	wr(VIRTIO_REG_QUEUE_SEL, 0);
	wr(VIRTIO_REG_QUEUE_NUM, 8);
	wr(VIRTIO_REG_QUEUE_ALIGN, 0);
	memset(ram + RING, 0, 0x8000);
	wr(VIRTIO_REG_QUEUE_PFN, RING);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_QUEUE_PFN), RING);
	qnum = 8;
	avail_idx = 0;
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	/* GuestPageSize survives a reset (Linux writes it once, then resets). */
	wr(VIRTIO_REG_GUEST_PAGE_SIZE, 4096);
	wr(VIRTIO_REG_STATUS, 0);
	wr(VIRTIO_REG_QUEUE_NUM, 8);
	wr(VIRTIO_REG_QUEUE_PFN, RING / 4096);
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS), 0);
	avail_idx = 0;
	memset(ram + RING, 0, 0x8000);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
}
END_TEST

START_TEST(test_batch_and_wrap)
{
	unsigned i;

	/* Several requests per notify, and the 16-bit indices wrapping. */
	driver_init(4);
	header(VIRTIO_BLK_T_GET_ID, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, DATA, 20, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	desc(2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	for (i = 0; i < 70000; i += 4) {
		for (unsigned k = 0; k < 4; k++)
			put16(avail_gpa() + 4 + 2u * ((avail_idx + k) % qnum), 0);
		avail_idx = (uint16_t)(avail_idx + 4);
		put16(avail_gpa() + 2, avail_idx);
		wr(VIRTIO_REG_QUEUE_NOTIFY, 0);
		ck_assert_uint_eq(get16(used_gpa() + 2), avail_idx);
	}
	ck_assert_uint_eq(rd(VIRTIO_REG_STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
	/* A notify with nothing new does nothing. */
	wr(VIRTIO_REG_INTERRUPT_ACK, 3);
	wr(VIRTIO_REG_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(rd(VIRTIO_REG_INTERRUPT_STATUS), 0);
	/* Notifying another queue does nothing either. */
	put16(avail_gpa() + 2, (uint16_t)(avail_idx + 1));
	wr(VIRTIO_REG_QUEUE_NOTIFY, 1);
	ck_assert_uint_eq(get16(used_gpa() + 2), avail_idx);
}
END_TEST

START_TEST(test_read_only)
{
	driver_init(8);
	ck_assert_uint_eq(rd(VIRTIO_REG_HOST_FEATURES),
	                  (1u << VIRTIO_BLK_F_FLUSH) | (1u << VIRTIO_BLK_F_RO));
	memset(ram + DATA, 0x33, 512);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 0, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert(disk_matches_pattern());
	/* Reads and flushes still work. */
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 1, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ram[DATA], disk_byte(512));
	header(VIRTIO_BLK_T_FLUSH, 0);
	desc(0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	desc(1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	ck_assert_int_eq(submit(0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_attach_errors)
{
	int fd;

	fake_vm();
	ck_assert_int_eq(vmm_virtio_blk_attach(&vm, BASE, -1, false), -1);
	ck_assert_ptr_nonnull(strstr(vmm_last_error(), "virtio-blk"));
	/* Read-only descriptor for a writable disk. */
	fd = make_disk(4096, O_RDONLY);
	ck_assert_int_eq(vmm_virtio_blk_attach(&vm, BASE, fd, false), -1);
	ck_assert_ptr_nonnull(strstr(vmm_last_error(), "read-only"));
	close(fd);
	unlink(disk_path);
	/* Not a file. */
	fd = open("/", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(vmm_virtio_blk_attach(&vm, BASE, fd, true), -1);
	ck_assert_ptr_nonnull(strstr(vmm_last_error(), "neither"));
	close(fd);
	ck_assert_uint_eq(vm.device_count, 0);
	ck_assert_uint_eq(vm.mmio.count, 0);
	free(ram);
}
END_TEST

START_TEST(test_read_only_fd)
{
	/* A disk opened O_RDONLY attaches read-only and reads fine. */
	fake_vm();
	disk_fd = make_disk(DISK_SECTORS * 512, O_RDONLY);
	attach(true);
	driver_init(8);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 4, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ram[DATA + 9], disk_byte(4 * 512 + 9));
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 4, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	teardown();
}
END_TEST

START_TEST(test_partial_sector_capacity)
{
	/* A 1000-byte file: one whole sector, the tail is unreachable. The
	 * caller's file offset is left where it was. */
	fake_vm();
	disk_fd = make_disk(1000, O_RDWR);
	ck_assert_int_eq(lseek(disk_fd, 7, SEEK_SET), 7);
	attach(false);
	ck_assert_int_eq(lseek(disk_fd, 0, SEEK_CUR), 7);
	ck_assert_uint_eq(rd(VIRTIO_REG_CONFIG), 1);
	driver_init(8);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 1, DATA, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 512, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_OK);
	teardown();
}
END_TEST

START_TEST(test_shrunk_file)
{
	/* The file shrinks behind the device's back: reads past the new end
	 * fail cleanly instead of looping on end of file. */
	driver_init(8);
	ck_assert_int_eq(ftruncate(disk_fd, 512), 0);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 2, DATA, 512, VIRTQ_DESC_F_WRITE), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(request(VIRTIO_BLK_T_IN, 0, DATA, 1024, VIRTQ_DESC_F_WRITE), 513);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
}
END_TEST

/* Put the write end of a pipe where the disk's descriptor is: fsync then
 * fails with EINVAL and pwrite with ESPIPE, as a failing disk would. */
static void break_disk(void)
{
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(dup2(p[1], disk_fd), disk_fd);
	close(p[0]);
	close(p[1]);
}

/* The final write-back is reported, not ignored. */
START_TEST(test_flush_failure_reported)
{
	ck_assert_int_eq(vmm_vm_flush(&vm), 0);
	break_disk();
	ck_assert_int_eq(vmm_vm_flush(&vm), -1);
	ck_assert_msg(strstr(vmm_last_error(), strerror(EINVAL)) != NULL,
	              "message: %s", vmm_last_error());
}
END_TEST

/* A guest write that failed while it ran (the guest saw IOERR) makes the
 * final write-back fail too: its data never reached the disk. */
START_TEST(test_write_failure_reported)
{
	driver_init(8);
	break_disk();
	memset(ram + DATA, 0x42, 512);
	ck_assert_int_eq(request(VIRTIO_BLK_T_OUT, 1, DATA, 512, 0), 1);
	ck_assert_uint_eq(ram[STATUS], VIRTIO_BLK_S_IOERR);
	ck_assert_int_eq(vmm_vm_flush(&vm), -1);
	ck_assert_msg(strstr(vmm_last_error(), strerror(ESPIPE)) != NULL,
	              "message: %s", vmm_last_error());
}
END_TEST

/* A read-only disk has nothing to write back. */
START_TEST(test_flush_read_only)
{
	break_disk();
	ck_assert_int_eq(vmm_vm_flush(&vm), 0);
}
END_TEST

static Suite *virtio_suite(void)
{
	Suite *s = suite_create("virtio-blk");
	TCase *rw = tcase_create("read-write");
	TCase *ro = tcase_create("read-only");
	TCase *misc = tcase_create("attach");

	tcase_add_checked_fixture(rw, setup_rw, teardown);
	tcase_add_test(rw, test_identity);
	tcase_add_test(rw, test_read);
	tcase_add_test(rw, test_write_flush);
	tcase_add_test(rw, test_get_id_and_unsupported);
	tcase_add_test(rw, test_past_ram);
	tcase_add_test(rw, test_bad_requests);
	tcase_add_test(rw, test_scatter_and_max_chain);
	tcase_add_test(rw, test_looped_chain);
	tcase_add_test(rw, test_malformed_ring);
	tcase_add_test(rw, test_bad_queue_setup);
	tcase_add_test(rw, test_pfn_byte_address_default);
	tcase_add_test(rw, test_batch_and_wrap);
	tcase_add_test(rw, test_shrunk_file);
	tcase_add_test(rw, test_flush_failure_reported);
	tcase_add_test(rw, test_write_failure_reported);
	tcase_set_timeout(rw, 30);
	suite_add_tcase(s, rw);

	tcase_add_checked_fixture(ro, setup_ro, teardown);
	tcase_add_test(ro, test_read_only);
	tcase_add_test(ro, test_flush_read_only);
	suite_add_tcase(s, ro);

	tcase_add_test(misc, test_attach_errors);
	tcase_add_test(misc, test_read_only_fd);
	tcase_add_test(misc, test_partial_sector_capacity);
	suite_add_tcase(s, misc);
	return s;
}

int main(void)
{
	return check_run_suite(virtio_suite());
}
