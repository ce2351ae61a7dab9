/* hypercall-fuzz.c: libFuzzer target: hostile VM exits (hypercalls, string I/O, every port, MMIO) checked against a model of guest ABI v1. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * No KVM here: a hand-made struct vmm_vm and vmm_vcpu with guest RAM in
 * malloc'd slots (so AddressSanitizer sees any access outside them), the
 * register cache filled by the input and marked valid (vcpu_regs() and
 * vcpu_sregs() then make no ioctl), and a kvm_run of our own handed to
 * vcpu_dispatch_exit(), exactly as the run loop hands it KVM's. Only the
 * hypercall device is attached: every other port and all MMIO is unclaimed.
 *
 * Every exit is also played on a model written from vmm-abi(7), HYPERCALLS
 * (independently of libvmm: its own page walk, its own RAM lookup), and the
 * results must agree exactly: EAX, the other registers, the console output,
 * the stop, the data returned to the guest, the counters.
 *
 * Guest RAM: slot 0 at GPA 0 (0x110000 bytes: room for a 1 MiB WRITE and
 * the VMM's page directory address 0x100000), slot 1 (0x3000 bytes) right
 * after it or after a gap, slot 2 (0x2000 bytes) ending at 4 GiB. Every
 * byte starts as a function of its address; pokes change it.
 *
 * Input: a 16-byte header, then operations, each an opcode byte:
 *   header  [0] bit 0 slot 1 adjacent to slot 0, bit 1 trace every exit
 *           [1] CR0.PG/CR4.PSE/CR4.PAE/EFER.LMA as bits 0-3
 *           [2..5] CR3  [6..9] DS base  [10..13] ESI  [14..15] unused
 *   op % 8:
 *   0 poke     addr:4 len:1 bytes        (addr into slot 0 mostly)
 *   1 poke32   addr:4 value:4            (page-table entries)
 *   2 set      which:1 value:8           (RBX RCX RSI DS.base CR3 CR0/4 EFER RAX)
 *   3 io       dir:1 size:1 port:2 count:1 then count*size data bytes
 *   4 mmio     addr:8 len:1 write:1 data:8
 *   5 other    reason:1                  (HLT, SHUTDOWN, INTR, ...)
 *   6 hcall    nr:1 size:1 rbx:4 rcx:4 rsi:4   (one OUT to port 0x500)
 *   7 input    len:1 bytes, then end of input after them
 */

#define NSLOTS 3
static const uint64_t slot_size[NSLOTS] = { 0x110000, 0x3000, 0x2000 };
static uint64_t slot_gpa[NSLOTS] = { 0, 0x110000, 0xFFFFE000u };
static uint8_t *slot_mem[NSLOTS];

#define RUN_SIZE 0x3000u

static uint8_t pattern(uint64_t gpa)
{
	return (uint8_t)((gpa ^ (gpa >> 8) ^ (gpa >> 16) ^ (gpa >> 24)) * 37 + 11);
}

/* ---- the console: output hashed, input from the fuzz input ---- */

/* Output is compared by length and FNV-1a hash: string I/O can repeat a
 * 1 MiB WRITE thousands of times in one exit, too much to keep. */
struct digest {
	uint64_t len, hash;
};

static void digest_reset(struct digest *d)
{
	d->len = 0;
	d->hash = 0xcbf29ce484222325ull;
}

static void digest_add(struct digest *d, uint8_t byte)
{
	d->hash = (d->hash ^ byte) * 0x100000001b3ull;
	d->len++;
}

static struct digest out;
static uint8_t in_buf[256];
static size_t in_len, in_pos;

static void con_write(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	for (size_t i = 0; i < len; i++)
		digest_add(&out, buf[i]);
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

/* ---- the model ---- */

#define CR0_PG   0x80000000u
#define CR4_PSE  0x10u
#define CR4_PAE  0x20u
#define EFER_LMA 0x400u

struct model {
	uint64_t cr0, cr3, cr4, efer, ds_base;
	size_t in_pos;
	struct digest out;
};

/* Is guest-physical PA RAM? Then the byte's host address. */
static uint8_t *model_ram(uint64_t pa)
{
	for (int i = 0; i < NSLOTS; i++)
		if (pa >= slot_gpa[i] && pa - slot_gpa[i] < slot_size[i])
			return slot_mem[i] + (pa - slot_gpa[i]);
	return NULL;
}

static bool model_read32(uint64_t pa, uint32_t *v)
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++) {
		uint8_t *p = model_ram(pa + i);
		if (!p)
			return false;
		b[i] = *p;
	}
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	     (uint32_t)b[3] << 24;
	return true;
}

/*
 * The 32-bit page walk as the processor does it. A 4 MiB page's PDE bits
 * 13-20 are physical address bits 32-39 (PSE-36), so such a page is never
 * RAM here (all RAM is below 4 GiB); bit 21 is reserved (a page fault).
 * PAE and long mode are not walked: such an address is refused.
 */
static bool model_translate(const struct model *m, uint32_t lin, uint64_t *pa)
{
	uint32_t pde, pte;

	if (!(m->cr0 & CR0_PG)) {
		*pa = lin;
		return true;
	}
	if ((m->cr4 & CR4_PAE) || (m->efer & EFER_LMA))
		return false;
	if (!model_read32((m->cr3 & 0xFFFFF000u) + 4ull * (lin >> 22), &pde) ||
	    !(pde & 1))
		return false;
	if ((pde & 0x80) && (m->cr4 & CR4_PSE)) {
		if (pde & (1u << 21))
			return false;
		*pa = (uint64_t)((pde >> 13) & 0xFF) << 32 | (pde & 0xFFC00000u) |
		      (lin & 0x3FFFFFu);
		return true;
	}
	if (!model_read32((pde & 0xFFFFF000u) + 4ull * ((lin >> 12) & 0x3FF), &pte) ||
	    !(pte & 1))
		return false;
	*pa = (pte & 0xFFFFF000u) | (lin & 0xFFFu);
	return true;
}

/* WRITE: the bytes, or 0xFFFFFFFF with nothing written. */
static uint32_t model_write(struct model *m, const struct kvm_regs *r)
{
	uint32_t len = (uint32_t)r->rcx;
	uint64_t lin = (m->ds_base + (uint32_t)r->rsi) & 0xFFFFFFFFu;
	struct digest start = m->out;
	uint64_t page_pa = 0;
	uint32_t page = 0;
	bool have_page = false;

	if (len > VMM_HC_WRITE_MAX || lin + len > (1ull << 32))
		return VMM_HC_ERROR;
	for (uint32_t i = 0; i < len; i++) {
		uint32_t l = (uint32_t)(lin + i);
		uint8_t *p;

		if (!have_page || (l & ~0xFFFu) != page) {
			page = l & ~0xFFFu;
			if (!model_translate(m, page, &page_pa)) {
				m->out = start;
				return VMM_HC_ERROR;
			}
			have_page = true;
		}
		p = model_ram(page_pa + (l & 0xFFF));
		if (!p) {
			m->out = start;
			return VMM_HC_ERROR;
		}
		digest_add(&m->out, *p);
	}
	return len;
}

/* ---- the fake VM ---- */

static struct vmm_vm vm;
static struct vmm_vcpu vcpu;
static uint8_t *run_mem;

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

static uint64_t le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

static void setup_once(void)
{
	if (run_mem)
		return;
	for (int i = 0; i < NSLOTS; i++) {
		slot_mem[i] = malloc(slot_size[i]);
		if (!slot_mem[i])
			abort();
	}
	run_mem = malloc(RUN_SIZE);
	if (!run_mem)
		abort();
}

/* Pages poked since the last reset (slot 0 is the largest: 272 pages),
 * so that a reset rewrites only those: a full one costs a millisecond. */
#define MAX_PAGES 0x110
static bool dirty[NSLOTS][MAX_PAGES];
static bool all_dirty = true;
static uint64_t pattern_base[NSLOTS];  /* slot_gpa[] the bytes were made for */

static void reset_ram(void)
{
	for (int i = 0; i < NSLOTS; i++) {
		bool whole = all_dirty || pattern_base[i] != slot_gpa[i];

		for (uint64_t pg = 0; pg < slot_size[i] / 0x1000; pg++) {
			if (!whole && !dirty[i][pg])
				continue;
			for (uint64_t off = pg * 0x1000; off < (pg + 1) * 0x1000; off++)
				slot_mem[i][off] = pattern(slot_gpa[i] + off);
			dirty[i][pg] = false;
		}
		pattern_base[i] = slot_gpa[i];
	}
	all_dirty = false;
}

/* Poke LEN bytes at a guest-physical address, RAM only. */
static void poke(uint64_t pa, const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		for (int s = 0; s < NSLOTS; s++) {
			if (pa + i >= slot_gpa[s] && pa + i - slot_gpa[s] < slot_size[s]) {
				uint64_t off = pa + i - slot_gpa[s];
				slot_mem[s][off] = b[i];
				dirty[s][off / 0x1000] = true;
			}
		}
	}
}

/* Map fuzz bits to an address that is mostly RAM, sometimes not. */
static uint64_t pick_addr(uint32_t v)
{
	switch (v >> 30) {
	case 0: case 1: return v % slot_size[0];
	case 2: return slot_gpa[1] + v % (slot_size[1] + 0x10);
	default: return slot_gpa[2] + v % slot_size[2];
	}
}

static void fail(const char *what)
{
	fprintf(stderr, "hypercall-fuzz: %s\n", what);
	abort();
}

/* The state the model starts an exit from. */
static void model_begin(struct model *m)
{
	m->cr0 = vcpu.sregs.cr0;
	m->cr3 = vcpu.sregs.cr3;
	m->cr4 = vcpu.sregs.cr4;
	m->efer = vcpu.sregs.efer;
	m->ds_base = vcpu.sregs.ds.base;
	m->in_pos = in_pos;
	digest_reset(&m->out);
}

/*
 * One I/O exit through vcpu_dispatch_exit(), and the model's view of it.
 */
static void do_io(bool is_out, unsigned size, uint16_t port, uint32_t count,
                  const uint8_t *data, size_t data_len)
{
	struct kvm_run *run = (struct kvm_run *)run_mem;
	const uint32_t data_offset = 0x1000;
	struct kvm_regs before = vcpu.regs, want = vcpu.regs;
	struct vmm_stats st0 = vcpu.stats;
	uint64_t hypercalls = 0, bad = 0, unclaimed = 0;
	enum vmm_stop_reason stop = VMM_STOP_NONE;
	int status = 0;
	uint8_t *io = run_mem + data_offset;
	uint8_t expect_io[RUN_SIZE];
	bool valid;
	struct model m;
	int r;

	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = is_out ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = (uint8_t)size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = data_offset;
	memset(io, 0xA5, RUN_SIZE - data_offset);
	memcpy(io, data, data_len < RUN_SIZE - data_offset ? data_len : RUN_SIZE - data_offset);
	memcpy(expect_io, io, RUN_SIZE - data_offset);

	model_begin(&m);
	valid = (size == 1 || size == 2 || size == 4) &&
	        (uint64_t)data_offset + (uint64_t)count * size <= RUN_SIZE;
	for (uint32_t i = 0; valid && i < count && stop == VMM_STOP_NONE; i++) {
		uint8_t *el = expect_io + (size_t)i * size;

		if (port != VMM_HC_PORT) {
			unclaimed++;
			if (!is_out)
				memset(el, 0xFF, size);
			continue;
		}
		hypercalls++;
		if (!is_out) {
			memset(el, 0xFF, size);
			continue;
		}
		switch (el[0]) {
		case VMM_HC_EXIT:
			stop = VMM_STOP_EXIT;
			status = (int)(want.rbx & 0xFF);
			break;
		case VMM_HC_PUTCHAR:
			digest_add(&m.out, (uint8_t)want.rbx);
			break;
		case VMM_HC_GETCHAR:
			want.rax = m.in_pos < in_len ? in_buf[m.in_pos++] : VMM_HC_ERROR;
			break;
		case VMM_HC_WRITE:
			want.rax = model_write(&m, &want);
			break;
		default:
			bad++;
			want.rax = VMM_HC_ERROR;
			break;
		}
	}

	digest_reset(&out);
	vcpu.pending_stop = VMM_STOP_NONE;
	r = vcpu_dispatch_exit(&vcpu);

	if (!valid) {
		if (r != -1)
			fail("a malformed I/O exit was accepted");
		return;
	}
	if (r != 0)
		fail("an I/O exit failed");
	if (memcmp(&vcpu.regs, &want, sizeof(want)) != 0)
		fail("registers differ from the model's");
	if (memcmp(&want, &before, sizeof(want)) != 0 && !vcpu.regs_dirty)
		fail("changed registers not marked for write-back");
	vcpu.regs_dirty = false;
	if (out.len != m.out.len || out.hash != m.out.hash)
		fail("console output differs from the model's");
	if (in_pos != m.in_pos)
		fail("input consumed differs from the model's");
	if (memcmp(io, expect_io, RUN_SIZE - data_offset) != 0)
		fail("data returned to the guest differs from the model's");
	if (vcpu.pending_stop != stop || (stop && vcpu.pending_status != status))
		fail("stop differs from the model's");
	if (vcpu.stats.hypercalls - st0.hypercalls != hypercalls ||
	    vcpu.stats.bad_hypercalls - st0.bad_hypercalls != bad ||
	    vcpu.stats.unclaimed_io - st0.unclaimed_io != unclaimed ||
	    vcpu.stats.output_bytes - st0.output_bytes != m.out.len)
		fail("counters differ from the model's");
	if (vcpu.stats.exits != st0.exits + 1)
		fail("exit not counted");
}

static void do_mmio(uint64_t addr, unsigned len, bool is_write, const uint8_t *data)
{
	struct kvm_run *run = (struct kvm_run *)run_mem;
	uint64_t unclaimed0 = vcpu.stats.unclaimed_io;
	uint8_t want[8];
	int r;

	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = addr;
	run->mmio.len = len;
	run->mmio.is_write = is_write;
	memcpy(run->mmio.data, data, 8);
	memcpy(want, data, 8);
	if (!is_write && len <= 8)
		memset(want, 0xFF, len);
	vcpu.pending_stop = VMM_STOP_NONE;
	r = vcpu_dispatch_exit(&vcpu);
	if (len == 0 || len > 8) {
		if (r != -1)
			fail("a malformed MMIO exit was accepted");
		return;
	}
	if (r != 0 || vcpu.pending_stop != VMM_STOP_NONE)
		fail("unclaimed MMIO failed or stopped the guest");
	if (memcmp(run->mmio.data, want, 8) != 0)
		fail("unclaimed MMIO read is not all ones");
	if (vcpu.stats.unclaimed_io != unclaimed0 + 1)
		fail("unclaimed MMIO not counted");
}

static void do_other(uint8_t code)
{
	static const uint32_t reasons[] = {
		KVM_EXIT_HLT, KVM_EXIT_SHUTDOWN, KVM_EXIT_FAIL_ENTRY,
		KVM_EXIT_INTERNAL_ERROR, KVM_EXIT_INTR, KVM_EXIT_UNKNOWN,
		KVM_EXIT_DEBUG, 0xFFFFFFFFu,
	};
	struct kvm_run *run = (struct kvm_run *)run_mem;
	uint32_t reason = reasons[code % 8];
	enum vmm_stop_reason want;

	memset(run, 0, sizeof(*run));
	run->exit_reason = reason;
	if (code & 0x80)
		run->exit_reason = code;  /* whatever number */
	reason = run->exit_reason;
	want = reason == KVM_EXIT_HLT ? VMM_STOP_HLT :
	       reason == KVM_EXIT_INTR ? VMM_STOP_NONE : VMM_STOP_CRASH;
	vcpu.pending_stop = VMM_STOP_NONE;
	if (vcpu_dispatch_exit(&vcpu) != 0 || vcpu.pending_stop != want)
		fail("a non-I/O exit was handled wrongly");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	uint8_t hdr[16] = { 0 }, op, b[64];
	unsigned steps = 0;

	setup_once();
	memcpy(hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
	in.p += size < sizeof(hdr) ? size : sizeof(hdr);
	in.left -= size < sizeof(hdr) ? size : sizeof(hdr);

	slot_gpa[1] = (hdr[0] & 1) ? slot_size[0] : 0x200000;
	reset_ram();
	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	vm.run_size = RUN_SIZE;
	for (int i = 0; i < NSLOTS; i++)
		vm.ram[i] = (struct ram_slot){ slot_gpa[i], slot_size[i], slot_mem[i] };
	vm.ram_count = NSLOTS;
	if (vmm_hypercall_attach(&vm) < 0)
		abort();

	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.fd = -1;
	vcpu.stop_fd = -1;
	vcpu.run = (struct kvm_run *)run_mem;
	vcpu.console = (struct vmm_console_ops){ con_write, con_read, con_ready, NULL };
	if (hdr[0] & 2)
		vmm_vcpu_set_trace(&vcpu, on_trace, NULL);
	vcpu.regs_valid = vcpu.sregs_valid = true;
	vcpu.sregs.cr0 = 0x11 | ((hdr[1] & 1) ? CR0_PG | 1 : 0);
	vcpu.sregs.cr4 = ((hdr[1] & 2) ? CR4_PSE : 0) | ((hdr[1] & 4) ? CR4_PAE : 0);
	vcpu.sregs.efer = (hdr[1] & 8) ? EFER_LMA | 0x100 : 0;
	vcpu.sregs.cr3 = le(hdr + 2, 4);
	vcpu.sregs.ds.base = le(hdr + 6, 4);
	vcpu.regs.rsi = le(hdr + 10, 4);
	vcpu.regs.rflags = 2;
	in_len = in_pos = 0;

	while (take(&in, &op, 1) && steps++ < 256) {
		switch (op & 7) {
		case 0: {
			uint8_t len;
			if (!take(&in, b, 5))
				break;
			len = b[4] > in.left ? (uint8_t)in.left : b[4];
			poke(pick_addr((uint32_t)le(b, 4)), in.p, len);
			in.p += len;
			in.left -= len;
			break;
		}
		case 1:
			if (!take(&in, b, 8))
				break;
			poke(pick_addr((uint32_t)le(b, 4)) & ~3ull, b + 4, 4);
			break;
		case 2: {
			uint64_t v;
			if (!take(&in, b, 9))
				break;
			v = le(b + 1, 8);
			switch (b[0] % 8) {
			case 0: vcpu.regs.rbx = v; break;
			/* Lengths near the interesting sizes more often than not. */
			case 1: vcpu.regs.rcx = (b[0] & 0x80) ? v : v % 0x2000 +
			        ((b[0] & 0x40) ? VMM_HC_WRITE_MAX - 0x1000 : 0); break;
			case 2: vcpu.regs.rsi = v; break;
			case 3: vcpu.sregs.ds.base = (b[0] & 0x80) ? v : (uint32_t)v; break;
			case 4: vcpu.sregs.cr3 = (b[0] & 0x80) ? v : pick_addr((uint32_t)v) & ~0xFFFull; break;
			case 5: vcpu.sregs.cr0 = (uint32_t)v; vcpu.sregs.cr4 = (uint32_t)(v >> 32); break;
			case 6: vcpu.sregs.efer = v; break;
			case 7: vcpu.regs.rax = v; break;
			}
			break;
		}
		case 3: {
			static const unsigned sizes[8] = { 1, 2, 4, 1, 2, 4, 3, 8 };
			unsigned sz;
			uint16_t port;
			uint32_t count;
			size_t n;
			if (!take(&in, b, 5))
				break;
			sz = sizes[b[1] & 7];
			port = (b[1] & 0x80) ? VMM_HC_PORT : (uint16_t)le(b + 2, 2);
			count = (b[1] & 0x40) ? b[4] * 64u : b[4];
			n = (size_t)count * sz;
			if (n > in.left)
				n = in.left;
			do_io(b[0] & 1, sz, port, count, in.p, n);
			in.p += n;
			in.left -= n;
			break;
		}
		case 4:
			if (!take(&in, b, 18))
				break;
			do_mmio(le(b, 8), b[8] % 10, b[9] & 1, b + 10);
			break;
		case 5:
			if (!take(&in, b, 1))
				break;
			do_other(b[0]);
			break;
		case 6: {
			static const unsigned sizes[4] = { 1, 2, 4, 4 };
			uint8_t el[4];
			if (!take(&in, b, 14))
				break;
			vcpu.regs.rbx = le(b + 2, 4);
			vcpu.regs.rcx = le(b + 6, 4);
			vcpu.regs.rsi = le(b + 10, 4);
			memset(el, b[1], sizeof(el));
			el[0] = b[0] % 6;  /* mostly known numbers */
			if (b[1] & 0x80)
				el[0] = b[0];
			do_io(true, sizes[b[1] & 3], VMM_HC_PORT, 1, el, sizes[b[1] & 3]);
			break;
		}
		case 7: {
			uint8_t len;
			if (!take(&in, &len, 1))
				break;
			if (len > in.left)
				len = (uint8_t)in.left;
			memcpy(in_buf, in.p, len);
			in.p += len;
			in.left -= len;
			in_len = len;
			in_pos = 0;
			break;
		}
		}
	}
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	return 0;
}
