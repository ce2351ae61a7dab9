/* gdb_target.c: the gdb stub's view of a vCPU: memory by gdb address through the page tables, registers, int3s. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>
#include <sys/ioctl.h>

#include "gdb_proto.h"
#include "gdb_target.h"
#include "internal.h"

/* ---- Guest memory by gdb address ------------------------------------------ */

/* Translate the gdb address ADDR to guest-physical; *PAGE_LEFT gets the
 * bytes up to the end of its page (never more than what is contiguous). */
static int gdb_to_phys(struct gdb_view *g, uint64_t addr, uint64_t *gpa,
                       uint64_t *page_left)
{
	uint64_t linear, contig;

	if (addr > UINT64_MAX - g->base)
		return -1;
	linear = g->base + addr;
	if (linear_to_phys(g->vcpu, linear, gpa, &contig) < 0)
		return -1;
	*page_left = 0x1000 - (*gpa & 0xFFF);
	if (*page_left > contig)
		*page_left = contig;
	return 0;
}

/* gdb's memory is guest-linear memory from BASE on, through guestmem.c's
 * walker: reads give the leading bytes that are mapped, writes all or
 * nothing. */
static size_t t_read_mem(void *ctx, uint64_t addr, uint8_t *buf, size_t len)
{
	struct gdb_view *g = ctx;

	if (addr > UINT64_MAX - g->base)
		return 0;
	return (size_t)linear_copy_some(g->vcpu, g->base + addr, buf, len, LINEAR_READ);
}

static int t_write_mem(void *ctx, uint64_t addr, const uint8_t *buf, size_t len)
{
	struct gdb_view *g = ctx;

	if (addr > UINT64_MAX - g->base)
		return -1;
	return linear_copy(g->vcpu, g->base + addr, (void *)buf, len, LINEAR_WRITE);
}

static int t_insert_swbp(void *ctx, uint64_t addr, uint64_t *where, uint8_t *saved)
{
	struct gdb_view *g = ctx;
	uint64_t gpa, left;
	uint8_t *hva;

	if (gdb_to_phys(g, addr, &gpa, &left) < 0 ||
	    !(hva = vmm_gpa_to_hva(g->vcpu->vm, gpa, 1)))
		return -1;
	/* Remember the physical byte: the breakpoint stays removable after
	 * the guest switches to other page tables. */
	*where = gpa;
	*saved = *hva;
	*hva = 0xCC;   /* int3 */
	return 0;
}

static int t_remove_swbp(void *ctx, uint64_t where, uint8_t saved)
{
	struct gdb_view *g = ctx;
	uint8_t *hva = vmm_gpa_to_hva(g->vcpu->vm, where, 1);

	if (!hva)
		return -1;
	if (*hva == 0xCC)   /* unless the guest has written over it since */
		*hva = saved;
	return 0;
}

static int t_where(void *ctx, uint64_t addr, uint64_t *where, uint64_t *contig)
{
	/* By guest-physical address, as t_insert_swbp keeps them. */
	return gdb_to_phys(ctx, addr, where, contig);
}

/* ---- Registers ---------------------------------------------------------------- */

static int t_get_regs(void *ctx, uint32_t r[GDBP_NUM_GREGS])
{
	struct gdb_view *g = ctx;
	const struct kvm_regs *regs = vcpu_regs(g->vcpu);
	const struct kvm_sregs *sregs = vcpu_sregs(g->vcpu);

	if (!regs || !sregs)
		return -1;
	r[GDBP_EAX] = (uint32_t)regs->rax;
	r[GDBP_ECX] = (uint32_t)regs->rcx;
	r[GDBP_EDX] = (uint32_t)regs->rdx;
	r[GDBP_EBX] = (uint32_t)regs->rbx;
	r[GDBP_ESP] = (uint32_t)regs->rsp;
	r[GDBP_EBP] = (uint32_t)regs->rbp;
	r[GDBP_ESI] = (uint32_t)regs->rsi;
	r[GDBP_EDI] = (uint32_t)regs->rdi;
	/* gdb's pc must be the gdb address of the next instruction. */
	r[GDBP_EIP] = (uint32_t)(sregs->cs.base + regs->rip - g->base);
	r[GDBP_EFLAGS] = (uint32_t)regs->rflags;
	r[GDBP_CS] = sregs->cs.selector;
	r[GDBP_SS] = sregs->ss.selector;
	r[GDBP_DS] = sregs->ds.selector;
	r[GDBP_ES] = sregs->es.selector;
	r[GDBP_FS] = sregs->fs.selector;
	r[GDBP_GS] = sregs->gs.selector;
	return 0;
}

/* A segment register from gdb: in real mode the selector defines the base;
 * in protected mode a new selector would need its descriptor loaded, which
 * is the guest's business, so only the current value is accepted. */
static int set_segment(struct kvm_segment *seg, uint32_t value, bool real,
                       bool *changed)
{
	if (value == seg->selector)
		return 0;
	if (!real || value > 0xFFFF)
		return -1;
	seg->selector = (uint16_t)value;
	seg->base = (uint64_t)value << 4;
	*changed = true;
	return 0;
}

static int t_set_regs(void *ctx, const uint32_t r[GDBP_NUM_GREGS])
{
	struct gdb_view *g = ctx;
	struct kvm_regs *regs = vcpu_regs(g->vcpu);
	struct kvm_sregs *sregs = vcpu_sregs(g->vcpu);
	struct kvm_sregs news;
	bool real, seg_changed = false;

	if (!regs || !sregs)
		return -1;
	real = !(sregs->cr0 & 1);
	news = *sregs;
	if (set_segment(&news.cs, r[GDBP_CS], real, &seg_changed) < 0 ||
	    set_segment(&news.ss, r[GDBP_SS], real, &seg_changed) < 0 ||
	    set_segment(&news.ds, r[GDBP_DS], real, &seg_changed) < 0 ||
	    set_segment(&news.es, r[GDBP_ES], real, &seg_changed) < 0 ||
	    set_segment(&news.fs, r[GDBP_FS], real, &seg_changed) < 0 ||
	    set_segment(&news.gs, r[GDBP_GS], real, &seg_changed) < 0)
		return -1;   /* nothing changed */
	if (seg_changed) {
		*sregs = news;
		vcpu_sregs_changed(g->vcpu);
	}
	regs->rax = r[GDBP_EAX];
	regs->rcx = r[GDBP_ECX];
	regs->rdx = r[GDBP_EDX];
	regs->rbx = r[GDBP_EBX];
	regs->rsp = r[GDBP_ESP];
	regs->rbp = r[GDBP_EBP];
	regs->rsi = r[GDBP_ESI];
	regs->rdi = r[GDBP_EDI];
	regs->rip = (uint32_t)(r[GDBP_EIP] + g->base - sregs->cs.base);
	regs->rflags = r[GDBP_EFLAGS] | 2;   /* bit 1 is always set */
	vcpu_regs_changed(g->vcpu);
	return 0;
}

/* The x87 state from KVM_GET_FPU (FXSAVE layout) in gdb's layout. */
static int t_get_fpu_reg(void *ctx, unsigned n, uint8_t *buf)
{
	struct gdb_view *g = ctx;
	struct kvm_fpu fpu;
	uint32_t v;

	if (ioctl(g->vcpu->fd, KVM_GET_FPU, &fpu) < 0)
		return -1;
	if (n < GDBP_FCTRL) {
		/* FXSAVE keeps st(i) in stack order, as gdb numbers them. */
		memcpy(buf, fpu.fpr[n - GDBP_ST0], 10);
		return 0;
	}
	switch (n - GDBP_FCTRL) {
	case 0: v = fpu.fcw; break;
	case 1: v = fpu.fsw; break;
	case 2: {
		/* FXSAVE's abridged tag (1 = valid) back to the full tag word:
		 * 2 bits per physical register, from its contents. */
		unsigned top = (fpu.fsw >> 11) & 7;

		v = 0;
		for (unsigned phys = 0; phys < 8; phys++) {
			const uint8_t *st = fpu.fpr[(phys - top) & 7];
			unsigned exp = (unsigned)(st[9] & 0x7F) << 8 | st[8];
			bool integer_bit = st[7] & 0x80;
			bool mant_zero = true;
			unsigned tag;

			for (unsigned i = 0; i < 8; i++)
				mant_zero = mant_zero && st[i] == 0;
			if (!(fpu.ftwx & (1u << phys)))
				tag = 3;                 /* empty */
			else if (exp == 0x7FFF)
				tag = 2;                 /* special: inf, NaN */
			else if (exp == 0)
				tag = mant_zero ? 1 : 2; /* zero, or denormal */
			else
				tag = integer_bit ? 0 : 2;
			v |= tag << (2 * phys);
		}
		break;
	}
	case 3: v = (uint32_t)(fpu.last_ip >> 32) & 0xFFFF; break;  /* FCS */
	case 4: v = (uint32_t)fpu.last_ip; break;                    /* FIP */
	case 5: v = (uint32_t)(fpu.last_dp >> 32) & 0xFFFF; break;  /* FDS */
	case 6: v = (uint32_t)fpu.last_dp; break;                    /* FDP */
	default: v = fpu.last_opcode & 0x7FF; break;
	}
	buf[0] = (uint8_t)v;
	buf[1] = (uint8_t)(v >> 8);
	buf[2] = (uint8_t)(v >> 16);
	buf[3] = (uint8_t)(v >> 24);
	return 0;
}

void gdb_target_init(struct gdbp_target *t, struct gdb_view *view)
{
	*t = (struct gdbp_target){
		.ctx = view,
		.read_mem = t_read_mem,
		.write_mem = t_write_mem,
		.get_regs = t_get_regs,
		.set_regs = t_set_regs,
		.get_fpu_reg = t_get_fpu_reg,
		.insert_swbp = t_insert_swbp,
		.remove_swbp = t_remove_swbp,
		.where = t_where,
	};
}
