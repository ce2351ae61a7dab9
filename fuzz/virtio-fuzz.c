/* virtio-fuzz.c: libFuzzer target: random guest RAM and register traffic against the virtio-blk device. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* memfd_create */
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "virtio_blk.h"

/*
 * The input is a little program for a hostile guest driver:
 *
 *   byte 0         flags: bit 0 = attach the disk read-only
 *   then ops       each introduced by one byte, low 3 bits = opcode:
 *     0  write register   off:1 (x4, 0..0x3fc)  value:4 (le)
 *     1  read register    off:2 (mod 0x200)     size:1 (1, 2, 4 or 8)
 *     2  poke RAM         addr:2 (mod RAM)      len:1  bytes:len
 *     3  notify queue 0
 *     4  set up queue     page_log:1 (mod 13)   num_log:1 (mod 10)
 *                         align_log:1 (mod 13)  pfn:4 (le)
 *     5  reset (write 0 to Status)
 *     6  write register   like 0, the value taken as a RAM address
 *                         (2 bytes, mod RAM, + RAM_GPA): reaches PFNs
 *     7  poke RAM le16    addr:2  value:2 (ring indices without luck)
 *
 * The device is attached to a hand-built VM with vmm_virtio_blk_attach() and
 * every access goes through io.c's dispatch, as a vCPU's MMIO exits do.
 * Guest RAM is one slot of RAM_SIZE bytes at RAM_GPA, in a buffer of exactly
 * that size, so AddressSanitizer catches any access the device makes
 * outside guest memory. The disk is a small memfd refilled every run.
 * Invariants checked after each run: the disk kept its size, and a
 * read-only disk its contents.
 */
#define RAM_GPA   0x2000u
#define RAM_SIZE  0x4000u
#define DISK_SIZE (8u * 512 + 100)  /* a partial last sector, unreachable */

static int disk_fd = -1;
static uint8_t disk_init[DISK_SIZE];

static void disk_prepare(void)
{
	size_t i;

	if (disk_fd < 0) {
		disk_fd = memfd_create("virtio-fuzz-disk", 0);
		if (disk_fd < 0) {
			perror("memfd_create");
			abort();
		}
		for (i = 0; i < DISK_SIZE; i++)
			disk_init[i] = (uint8_t)(i * 13 + 7);
	}
	if (ftruncate(disk_fd, DISK_SIZE) < 0 ||
	    pwrite(disk_fd, disk_init, DISK_SIZE, 0) != (ssize_t)DISK_SIZE) {
		perror("disk");
		abort();
	}
}

struct input {
	const uint8_t *p;
	size_t left;
};

static bool take(struct input *in, void *out, size_t n)
{
	if (in->left < n)
		return false;
	memcpy(out, in->p, n);
	in->p += n;
	in->left -= n;
	return true;
}

static uint32_t le(const uint8_t *b, unsigned n)
{
	uint32_t v = 0;

	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

/* An MMIO access as the vCPU's exit handler makes it, through io.c. */
static void mmio(struct vmm_vcpu *vcpu, uint64_t off, bool is_write,
                 uint8_t *data, unsigned size)
{
	if (io_dispatch(vcpu, VMM_IO_MMIO, VMM_VIRTIO_BLK_BASE + off, is_write,
	                data, size) != 0)
		abort();  /* the device never fails an access */
	if (vcpu->stats.unclaimed_io != 0)
		abort();  /* the whole 0x200 bytes are the device's */
}

static void reg_write(struct vmm_vcpu *vcpu, uint64_t off, uint32_t val)
{
	uint8_t b[4] = { (uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16),
	                 (uint8_t)(val >> 24) };

	mmio(vcpu, off, true, b, 4);
}

/*
 * guestmem.c also holds the paging-aware linear translator, which asks
 * vcpu.c for the segment registers; the device never translates linear
 * addresses, so a stand-in saying "no registers" keeps vcpu.c (and KVM)
 * out of this target.
 */
struct kvm_sregs *vcpu_sregs(struct vmm_vcpu *vcpu)
{
	(void)vcpu;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	static struct vmm_vm vm;      /* large: keep it off the stack */
	static struct vmm_vcpu vcpu;
	struct vmm_vcpu *cpu = &vcpu;
	uint8_t *ram, flags, op, b[8];
	bool read_only;
	unsigned steps = 0;

	if (!take(&in, &flags, 1))
		return 0;
	read_only = flags & 1;
	disk_prepare();

	memset(&vm, 0, sizeof vm);
	vm.kvm_fd = vm.vm_fd = -1;
	ram = calloc(1, RAM_SIZE);
	if (!ram)
		abort();
	vm.ram[0].gpa = RAM_GPA;
	vm.ram[0].size = RAM_SIZE;
	vm.ram[0].hva = ram;
	vm.ram_count = 1;

	memset(&vcpu, 0, sizeof vcpu);
	vcpu.vm = &vm;
	vcpu.fd = -1;
	if (vmm_virtio_blk_attach(&vm, VMM_VIRTIO_BLK_BASE, disk_fd, read_only) < 0) {
		fprintf(stderr, "vmm_virtio_blk_attach: %s\n", vmm_last_error());
		abort();
	}

	while (take(&in, &op, 1) && steps++ < 4096) {
		switch (op & 7) {
		case 0:
			if (!take(&in, b, 5))
				break;
			reg_write(cpu, (uint64_t)b[0] * 4 % VIRTIO_MMIO_SIZE, le(b + 1, 4));
			break;
		case 1: {
			static const unsigned sizes[4] = { 1, 2, 4, 8 };
			uint8_t out[8];

			if (!take(&in, b, 3))
				break;
			mmio(cpu, le(b, 2) % VIRTIO_MMIO_SIZE, false, out,
			     sizes[b[2] & 3]);
			break;
		}
		case 2: {
			uint32_t addr;

			if (!take(&in, b, 3))
				break;
			addr = le(b, 2) % RAM_SIZE;
			if (b[2] > in.left)
				b[2] = (uint8_t)in.left;
			if (b[2] > RAM_SIZE - addr)
				b[2] = (uint8_t)(RAM_SIZE - addr);
			take(&in, ram + addr, b[2]);
			break;
		}
		case 3:
			reg_write(cpu, VIRTIO_REG_QUEUE_NOTIFY, 0);
			break;
		case 4:
			if (!take(&in, b, 7))
				break;
			reg_write(cpu, VIRTIO_REG_GUEST_PAGE_SIZE, 1u << (b[0] % 13));
			reg_write(cpu, VIRTIO_REG_QUEUE_SEL, 0);
			reg_write(cpu, VIRTIO_REG_QUEUE_NUM, 1u << (b[1] % 10));
			reg_write(cpu, VIRTIO_REG_QUEUE_ALIGN, 1u << (b[2] % 13));
			reg_write(cpu, VIRTIO_REG_QUEUE_PFN, le(b + 3, 4));
			reg_write(cpu, VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
			          VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
			break;
		case 5:
			reg_write(cpu, VIRTIO_REG_STATUS, 0);
			break;
		case 6:
			if (!take(&in, b, 3))
				break;
			reg_write(cpu, (uint64_t)b[0] * 4 % VIRTIO_MMIO_SIZE,
			          RAM_GPA + le(b + 1, 2) % RAM_SIZE);
			break;
		case 7: {
			uint32_t addr;

			if (!take(&in, b, 4))
				break;
			addr = le(b, 2) % (RAM_SIZE - 1);
			ram[addr] = b[2];
			ram[addr + 1] = b[3];
			break;
		}
		}
	}

	/* What vmm_vm_destroy() does for devices (the rest of it is KVM's). */
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	free(ram);

	/* The device must never change the disk's size, nor a read-only
	 * disk's contents. */
	if (lseek(disk_fd, 0, SEEK_END) != (off_t)DISK_SIZE)
		abort();
	if (read_only) {
		uint8_t now[DISK_SIZE];

		if (pread(disk_fd, now, DISK_SIZE, 0) != (ssize_t)DISK_SIZE ||
		    memcmp(now, disk_init, DISK_SIZE) != 0)
			abort();
	}
	return 0;
}
