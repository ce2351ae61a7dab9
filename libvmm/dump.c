/* dump.c: the crash report: registers, control registers with named bits,
 * segments, and the page-table entries that map RIP. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"
#include "x86.h"

struct bit_name {
	uint64_t mask;
	const char *name;
};

#define BIT(prefix, name) { X86_##prefix##_##name, #name }

static const struct bit_name cr0_bits[] = {
	BIT(CR0, PE), BIT(CR0, MP), BIT(CR0, EM), BIT(CR0, TS), BIT(CR0, ET),
	BIT(CR0, NE), BIT(CR0, WP), BIT(CR0, AM), BIT(CR0, NW), BIT(CR0, CD),
	BIT(CR0, PG), { 0, NULL }
};
static const struct bit_name cr4_bits[] = {
	BIT(CR4, VME), BIT(CR4, PVI), BIT(CR4, TSD), BIT(CR4, DE), BIT(CR4, PSE),
	BIT(CR4, PAE), BIT(CR4, MCE), BIT(CR4, PGE), BIT(CR4, PCE),
	BIT(CR4, OSFXSR), BIT(CR4, OSXMMEXCPT), BIT(CR4, VMXE), { 0, NULL }
};
static const struct bit_name flag_bits[] = {
	BIT(EFLAGS, CF), BIT(EFLAGS, PF), BIT(EFLAGS, AF), BIT(EFLAGS, ZF),
	BIT(EFLAGS, SF), BIT(EFLAGS, TF), BIT(EFLAGS, IF), BIT(EFLAGS, DF),
	BIT(EFLAGS, OF), BIT(EFLAGS, RF), BIT(EFLAGS, VM), { 0, NULL }
};
static const struct bit_name efer_bits[] = {
	BIT(EFER, SCE), BIT(EFER, LME), BIT(EFER, LMA), BIT(EFER, NXE), { 0, NULL }
};

#undef BIT

/* Appends to a fixed buffer and silently truncates: a dump must never fail. */
struct out {
	char *buf;
	size_t len, used;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->used >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n < o->len - o->used ? (size_t)n : o->len - o->used - 1;
}

static void put_bits(struct out *o, uint64_t value, const struct bit_name *names)
{
	const char *sep = "";

	put(o, " [");
	for (const struct bit_name *b = names; b->name; b++) {
		if (value & b->mask) {
			put(o, "%s%s", sep, b->name);
			sep = " ";
		}
	}
	put(o, "]");
}

/* 8 digits for 32-bit values, 16 when the upper half is in use. */
static void put_hex(struct out *o, const char *name, uint64_t v)
{
	if (v >> 32)
		put(o, "%s=0x%016llx", name, (unsigned long long)v);
	else
		put(o, "%s=0x%08llx", name, (unsigned long long)v);
}

static void put_segment(struct out *o, const char *name, const struct kvm_segment *s)
{
	put(o, "  %-4s sel=0x%04x base=0x%08llx limit=0x%08x type=0x%x s=%u dpl=%u "
	    "p=%u db=%u l=%u g=%u%s\n", name, s->selector,
	    (unsigned long long)s->base, s->limit, s->type, s->s, s->dpl,
	    s->present, s->db, s->l, s->g, s->unusable ? " unusable" : "");
}

void dump_format(char *buf, size_t len, const struct kvm_regs *r,
                 const struct kvm_sregs *s)
{
	struct out o = { buf, len, 0 };

	if (len == 0)
		return;
	buf[0] = '\0';
	put(&o, "  ");
	put_hex(&o, "RIP", r->rip);
	put(&o, " ");
	put_hex(&o, "RSP", r->rsp);
	put(&o, " ");
	put_hex(&o, "RFLAGS", r->rflags);
	put_bits(&o, r->rflags, flag_bits);
	put(&o, "\n  ");
	put_hex(&o, "RAX", r->rax); put(&o, " ");
	put_hex(&o, "RBX", r->rbx); put(&o, " ");
	put_hex(&o, "RCX", r->rcx); put(&o, " ");
	put_hex(&o, "RDX", r->rdx);
	put(&o, "\n  ");
	put_hex(&o, "RSI", r->rsi); put(&o, " ");
	put_hex(&o, "RDI", r->rdi); put(&o, " ");
	put_hex(&o, "RBP", r->rbp);
	put(&o, "\n  ");
	put_hex(&o, "CR0", s->cr0);
	put_bits(&o, s->cr0, cr0_bits);
	put(&o, " ");
	put_hex(&o, "CR2", s->cr2);
	put(&o, " ");
	put_hex(&o, "CR3", s->cr3);
	put(&o, " ");
	put_hex(&o, "CR4", s->cr4);
	put_bits(&o, s->cr4, cr4_bits);
	put(&o, " ");
	put_hex(&o, "EFER", s->efer);
	put_bits(&o, s->efer, efer_bits);
	put(&o, "\n");
	put_segment(&o, "CS", &s->cs);
	put_segment(&o, "DS", &s->ds);
	put_segment(&o, "ES", &s->es);
	put_segment(&o, "FS", &s->fs);
	put_segment(&o, "GS", &s->gs);
	put_segment(&o, "SS", &s->ss);
	put_segment(&o, "TR", &s->tr);
	put_segment(&o, "LDT", &s->ldt);
	put(&o, "  GDTR base=0x%08llx limit=0x%04x  IDTR base=0x%08llx limit=0x%04x\n",
	    (unsigned long long)s->gdt.base, s->gdt.limit,
	    (unsigned long long)s->idt.base, s->idt.limit);
}

/* Where the walk led: the hypercalls and gdb can reach it only if RAM. */
static void put_phys(struct out *o, struct vmm_vm *vm, uint64_t gpa)
{
	put(o, " -> physical 0x%08llx%s", (unsigned long long)gpa,
	    vmm_gpa_to_hva(vm, gpa, 1) ? "" : " (not RAM)");
}

/* One level of the walk M made for LINEAR: the PDE (IS_PDE) or the PTE,
 * its flags named (bit 7 is PS in a PDE only), and where it leads if it is
 * the last. */
static void put_level(struct out *o, struct vmm_vm *vm, const struct linear_map *m,
                      bool mapped, uint64_t linear, bool is_pde)
{
	const char *what = is_pde ? "PDE" : "PTE";
	uint64_t at = is_pde ? m->pde_gpa : m->pte_gpa;
	uint32_t e = is_pde ? m->pde : m->pte;

	if (!(is_pde ? m->have_pde : m->have_pte)) {
		put(o, "  %s for RIP: page %s entry at 0x%08llx is not RAM\n", what,
		    is_pde ? "directory" : "table", (unsigned long long)at);
		return;
	}
	put(o, "  %s[%llu] for RIP 0x%08llx at 0x%08llx = 0x%08x [%s%s%s%s]", what,
	    (unsigned long long)((linear >> (is_pde ? 22 : 12)) & (X86_PT_ENTRIES - 1)),
	    (unsigned long long)linear, (unsigned long long)at, e,
	    e & X86_PTE_P ? "P" : "not present", e & X86_PTE_RW ? " RW" : "",
	    e & X86_PTE_US ? " US" : "", is_pde && (e & X86_PDE_PS) ? " PS" : "");
	if (mapped && (!is_pde || m->large))
		put_phys(o, vm, m->gpa);
	else if (is_pde && m->large)
		put(o, " -> no page: reserved bit 21 is set");
	put(o, "\n");
}

/* With paging on, show how RIP is mapped, as guestmem.c's walker (the one
 * the hypercalls and gdb use) sees it: the usual first question after a
 * triple fault in a higher-half kernel. */
static void dump_rip_mapping(struct out *o, struct vmm_vm *vm,
                             const struct kvm_regs *r, const struct kvm_sregs *s)
{
	uint64_t linear = s->cs.base + r->rip;
	struct linear_map m;
	bool mapped = linear_lookup(vm, s, linear, &m) == 0;

	if (!m.walked)
		return;   /* no paging, PAE, long mode, or beyond 4 GiB */
	put_level(o, vm, &m, mapped, linear, true);
	if (m.have_pde && (m.pde & X86_PTE_P) && !m.large)
		put_level(o, vm, &m, mapped, linear, false);
}

void dump_format_mapping(char *buf, size_t len, struct vmm_vm *vm,
                         const struct kvm_regs *regs, const struct kvm_sregs *sregs)
{
	struct out o = { buf, len, 0 };

	if (len == 0)
		return;
	buf[0] = '\0';
	dump_rip_mapping(&o, vm, regs, sregs);
}

/* The x86 reset state: what an AMD vCPU shows after KVM re-initialised it. */
bool dump_looks_reset(const struct kvm_regs *regs, const struct kvm_sregs *sregs)
{
	return regs->rip == 0xFFF0 && sregs->cs.selector == 0xF000 &&
	       sregs->cs.base == 0xFFFF0000u && !(sregs->cr0 & X86_CR0_PE);
}

void vmm_vcpu_dump(struct vmm_vcpu *vcpu, char *buf, size_t len)
{
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct out o = { buf, len, 0 };

	if (len == 0)
		return;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0) {
		snprintf(buf, len, "  (registers unavailable)\n");
		return;
	}
	if (vcpu->run->exit_reason == KVM_EXIT_SHUTDOWN && vcpu->have_last &&
	    dump_looks_reset(&regs, &sregs) &&
	    !dump_looks_reset(&vcpu->last_regs, &vcpu->last_sregs)) {
		put(&o, "  KVM reset the vCPU on the triple fault (AMD does), so these are the\n"
		    "  registers at the last exit before it (or at start):\n");
		regs = vcpu->last_regs;
		sregs = vcpu->last_sregs;
	}
	dump_format(buf + o.used, len - o.used, &regs, &sregs);
	o.used += strlen(buf + o.used);
	dump_rip_mapping(&o, vcpu->vm, &regs, &sregs);
}
