/* biosdev-fuzz.c: libFuzzer target: BIOS calls of a hostile boot sector (any vector, any registers, any memory) through the run loop's exit dispatch, on a hand-made VM with the BIOS installed. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE 1  /* memfd_create */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "bios.h"

/*
 * No KVM: as fuzz/hypercall-fuzz.c, a struct vmm_vm with malloc'd slots
 * (640 KiB of RAM, the VGA window, the ROM: AddressSanitizer sees any
 * access outside them), the register cache filled by the input, and the
 * OUT of a ROM stub handed to vcpu_dispatch_exit() as KVM would hand it.
 * The image is a memfd. The vCPU is "asked to stop" from the start, so a
 * wait (int 15h AH=86h, int 16h at the end of input) returns at once.
 *
 * Checked: nothing crashes or reads out of bounds; the ROM never changes;
 * a call only stops the guest as the contract says (int 18h/19h: status 1;
 * vectors 0 and 6: crashed; a wait: stopped); the VMM itself never fails.
 *
 * Input: a 4-byte header, then operations, each an opcode byte:
 *   header  [0] bit 0 floppy, bit 1 read-only, bit 2 trace
 *           [1] image sectors - 1 (low 6 bits), bit 7: a partial last one
 *           [2..3] unused
 *   op % 4:
 *   0 poke   addr:3 (below 0x100000) len:1 bytes
 *   1 set    which:1 value:4   (AX BX CX DX SI DI BP SP, ES DS SS selectors)
 *   2 call   vector:1 ah:1     (bit 0 of the opcode's bit 2: the old
 *                               kernels' IP after the OUT)
 *   3 input  len:1 bytes       (then the end of input)
 */

#define RAM_END   0x100000u
#define RUN_SIZE  0x1000u

static uint8_t *ram, *vga, *rom, *rom_copy, *run_mem;
static uint8_t in_buf[256];
static size_t in_len, in_pos;

static void con_write(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	(void)buf;
	if (len > 4 * BIOS_TTY_MAX)
		abort();
}

static int con_read(void *opaque, int stop_fd)
{
	(void)opaque;
	(void)stop_fd;
	return in_pos < in_len ? in_buf[in_pos++] : -1;
}

static bool con_ready(void *opaque)
{
	(void)opaque;
	return in_pos < in_len;
}

static void on_trace(void *opaque, unsigned index, const char *line)
{
	(void)opaque;
	(void)index;
	if (strlen(line) >= 160)
		abort();
}

static void setup_once(void)
{
	if (run_mem)
		return;
	ram = malloc(VMM_BIOS_RAM_SIZE);
	vga = malloc(VMM_BIOS_VGA_SIZE);
	rom = malloc(VMM_BIOS_ROM_SIZE);
	rom_copy = malloc(VMM_BIOS_ROM_SIZE);
	run_mem = calloc(1, RUN_SIZE);
	if (!ram || !vga || !rom || !rom_copy || !run_mem)
		abort();
}

static uint64_t le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

/* Host address of guest-physical PA, or NULL. */
static uint8_t *phys(uint32_t pa)
{
	if (pa < VMM_BIOS_RAM_SIZE)
		return ram + pa;
	if (pa - VMM_BIOS_VGA_BASE < VMM_BIOS_VGA_SIZE)
		return vga + (pa - VMM_BIOS_VGA_BASE);
	return NULL;   /* the ROM is not the guest's to poke */
}

static void set_seg(struct kvm_segment *s, uint16_t sel)
{
	s->selector = sel;
	s->base = (uint64_t)sel << 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_vm vm;
	struct vmm_vcpu vcpu;
	const uint8_t *p = data;
	size_t n = size;
	uint8_t hdr[4] = { 0 };
	unsigned steps = 0;
	int fd, stop;

	setup_once();
	memcpy(hdr, data, n < 4 ? n : 4);
	p += n < 4 ? n : 4;
	n -= n < 4 ? n : 4;

	memset(ram, 0, VMM_BIOS_RAM_SIZE);
	memset(vga, 0, VMM_BIOS_VGA_SIZE);
	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	vm.run_size = RUN_SIZE;
	vm.ram[0] = (struct ram_slot){ 0, VMM_BIOS_RAM_SIZE, ram };
	vm.ram[1] = (struct ram_slot){ VMM_BIOS_VGA_BASE, VMM_BIOS_VGA_SIZE, vga };
	vm.ram[2] = (struct ram_slot){ VMM_BIOS_ROM_BASE, VMM_BIOS_ROM_SIZE, rom };
	vm.ram_count = 3;

	/* The image: sectors numbered in their first bytes. */
	fd = memfd_create("biosdev-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	unsigned sectors = (hdr[1] & 0x3F) + 1;
	for (unsigned i = 0; i < sectors; i++) {
		uint8_t sec[512];
		size_t len = (i + 1 == sectors && (hdr[1] & 0x80)) ? 100 : 512;

		memset(sec, (int)i, sizeof(sec));
		if (pwrite(fd, sec, len, (off_t)i * 512) != (ssize_t)len)
			abort();
	}
	if (bios_install(&vm, fd, (hdr[0] & 1 ? VMM_BIOS_FLOPPY : 0) |
	                          (hdr[0] & 2 ? VMM_BIOS_READ_ONLY : 0)) < 0)
		abort();
	memcpy(rom_copy, rom, VMM_BIOS_ROM_SIZE);

	stop = eventfd(1, EFD_CLOEXEC | EFD_NONBLOCK);
	if (stop < 0)
		abort();
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.fd = -1;
	vcpu.stop_fd = stop;
	vcpu.stop_requested = 1;
	vcpu.run = (struct kvm_run *)run_mem;
	vcpu.console = (struct vmm_console_ops){ con_write, con_read, con_ready, NULL };
	if (hdr[0] & 4)
		vmm_vcpu_set_trace(&vcpu, on_trace, NULL);
	vcpu.regs_valid = vcpu.sregs_valid = true;
	vcpu.regs.rflags = 2;
	vcpu.regs.rsp = 0x7C00;
	vcpu.sregs.cr0 = 0x10;
	vcpu.sregs.cs.base = VMM_BIOS_ROM_BASE;
	vcpu.sregs.cs.selector = VMM_BIOS_ROM_BASE >> 4;
	in_len = in_pos = 0;

	while (n > 0 && steps++ < 256) {
		uint8_t op = *p++, b[8] = { 0 };
		size_t take;

		n--;
		switch (op & 3) {
		case 0: {
			take = n < 4 ? n : 4;
			memcpy(b, p, take);
			p += take;
			n -= take;
			uint32_t addr = (uint32_t)le(b, 3) % RAM_END;
			size_t len = b[3] > n ? n : b[3];

			for (size_t i = 0; i < len; i++) {
				uint8_t *h = phys(addr + (uint32_t)i);
				if (h)
					*h = p[i];
			}
			p += len;
			n -= len;
			break;
		}
		case 1: {
			take = n < 5 ? n : 5;
			memcpy(b, p, take);
			p += take;
			n -= take;
			uint64_t v = le(b + 1, 4);

			switch (b[0] % 11) {
			case 0: vcpu.regs.rax = v; break;
			case 1: vcpu.regs.rbx = v; break;
			case 2: vcpu.regs.rcx = v; break;
			case 3: vcpu.regs.rdx = v; break;
			case 4: vcpu.regs.rsi = v; break;
			case 5: vcpu.regs.rdi = v; break;
			case 6: vcpu.regs.rbp = v; break;
			case 7: vcpu.regs.rsp = v; break;
			case 8: set_seg(&vcpu.sregs.es, (uint16_t)v); break;
			case 9: set_seg(&vcpu.sregs.ds, (uint16_t)v); break;
			case 10: set_seg(&vcpu.sregs.ss, (uint16_t)v); break;
			}
			break;
		}
		case 2: {
			take = n < 2 ? n : 2;
			memcpy(b, p, take);
			p += take;
			n -= take;
			struct kvm_run *run = vcpu.run;

			vcpu.regs.rax = (vcpu.regs.rax & ~0xFF00ull) | (uint64_t)b[1] << 8;
			vcpu.regs.rip = (uint64_t)b[0] * BIOS_STUB_SIZE + ((op & 4) ? 2 : 0);
			memset(run, 0, sizeof(*run));
			run->exit_reason = KVM_EXIT_IO;
			run->io.direction = KVM_EXIT_IO_OUT;
			run->io.size = 1;
			run->io.port = VMM_BIOS_PORT;
			run->io.count = 1;
			run->io.data_offset = 0x800;
			vcpu.pending_stop = VMM_STOP_NONE;
			if (vcpu_dispatch_exit(&vcpu) < 0)
				abort();
			switch (vcpu.pending_stop) {
			case VMM_STOP_NONE:
			case VMM_STOP_STOPPED:
				break;
			case VMM_STOP_EXIT:
				if ((b[0] != 0x18 && b[0] != 0x19) || vcpu.pending_status != 1)
					abort();
				break;
			case VMM_STOP_CRASH:
				if (b[0] != 0x00 && b[0] != 0x06)
					abort();
				break;
			default:
				abort();
			}
			/* The registers a call changed stay in the cache. */
			vcpu.regs_valid = vcpu.sregs_valid = true;
			vcpu.regs_dirty = vcpu.sregs_dirty = false;
			if (memcmp(rom, rom_copy, VMM_BIOS_ROM_SIZE) != 0)
				abort();
			break;
		}
		default: {
			size_t len = n ? *p : 0;

			if (n) {
				p++;
				n--;
			}
			if (len > n)
				len = n;
			if (len > sizeof(in_buf))
				len = sizeof(in_buf);
			memcpy(in_buf, p, len);
			in_len = len;
			in_pos = 0;
			p += len;
			n -= len;
			break;
		}
		}
	}
	/* The BIOS and the keyboard controller it brings. */
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	close(fd);
	close(stop);
	return 0;
}
