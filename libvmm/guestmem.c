/* guestmem.c: the one checked translator from guest addresses to host memory. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "internal.h"
#include "x86.h"

bool range_inside(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size)
{
	/* Written so that no sum can wrap: gpa - base is only taken once
	 * gpa >= base, and len is compared with what is left. */
	if (gpa < base || gpa - base > size)
		return false;
	if (len > size - (gpa - base))
		return false;
	if (len == 0 && gpa - base == size)
		return false;
	return true;
}

void *vmm_gpa_to_hva(struct vmm_vm *vm, uint64_t gpa, uint64_t len)
{
	for (unsigned i = 0; i < vm->ram_count; i++) {
		const struct ram_slot *s = &vm->ram[i];

		if (range_inside(gpa, len, s->gpa, s->size))
			return s->hva + (gpa - s->gpa);
	}
	return NULL;
}

/*
 * The one page-table walker. Everything that turns a guest-linear address
 * into a physical one comes here: the hypercalls' buffers (all or
 * nothing), gdb's memory reads (as many bytes as are mapped) and the crash
 * report's "which entries map RIP" (linear_lookup).
 *
 * Only 32-bit paging is followed (the only paged mode vmm-pm sets up); PAE
 * and long mode are refused.
 */

/* Read the 4-byte page-table entry at GPA into *ENTRY; -1 if it is not RAM. */
static int read_entry(struct vmm_vm *vm, uint64_t gpa, uint32_t *entry)
{
	const void *p = vmm_gpa_to_hva(vm, gpa, 4);

	if (!p)
		return -1;
	memcpy(entry, p, 4);
	return 0;
}

int linear_lookup(struct vmm_vm *vm, const struct kvm_sregs *sregs,
                  uint64_t linear, struct linear_map *m)
{
	uint32_t off;

	memset(m, 0, sizeof(*m));
	if (!(sregs->cr0 & X86_CR0_PG)) {
		m->gpa = linear;
		m->contig = UINT64_MAX - linear;
		return 0;
	}
	if (linear > UINT32_MAX || (sregs->cr4 & X86_CR4_PAE) ||
	    (sregs->efer & X86_EFER_LMA))
		return -1; /* beyond 4 GiB, PAE or long mode: not ours to walk */
	m->walked = true;
	m->pde_gpa = (sregs->cr3 & X86_PTE_ADDR) + (linear >> 22) * 4;
	if (read_entry(vm, m->pde_gpa, &m->pde) < 0)
		return -1;
	m->have_pde = true;
	if (!(m->pde & X86_PTE_P))
		return -1;
	if ((m->pde & X86_PDE_PS) && (sregs->cr4 & X86_CR4_PSE)) {
		m->large = true;
		/* The page is not where bits 22-31 alone would put it: its
		 * high address bits are in the PDE too (x86.h). */
		if (m->pde & X86_PDE_4M_RESERVED)
			return -1;
		off = (uint32_t)linear & (X86_PAGE_SIZE_4M - 1);
		m->gpa = ((uint64_t)((m->pde >> X86_PDE_4M_HIGH_SHIFT) & X86_PDE_4M_HIGH) << 32) +
		         (m->pde & X86_PDE_4M_ADDR) + off;
		m->contig = X86_PAGE_SIZE_4M - off;
		return 0;
	}
	m->pte_gpa = (m->pde & X86_PTE_ADDR) +
	             ((linear >> 12) & (X86_PT_ENTRIES - 1)) * 4;
	if (read_entry(vm, m->pte_gpa, &m->pte) < 0)
		return -1;
	m->have_pte = true;
	if (!(m->pte & X86_PTE_P))
		return -1;
	off = (uint32_t)linear & (X86_PAGE_SIZE - 1);
	m->gpa = (m->pte & X86_PTE_ADDR) + off;
	m->contig = X86_PAGE_SIZE - off;
	return 0;
}

int linear_to_phys(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t *gpa,
                   uint64_t *contig)
{
	const struct kvm_sregs *sregs = vcpu_sregs(vcpu);
	struct linear_map m;

	if (!sregs || linear_lookup(vcpu->vm, sregs, linear, &m) < 0)
		return -1;
	*gpa = m.gpa;
	*contig = m.contig;
	return 0;
}

/* The host address of GPA, and in *AVAIL how many bytes from there on are
 * in the same RAM slot; NULL when GPA is not RAM. */
static uint8_t *slot_span(struct vmm_vm *vm, uint64_t gpa, uint64_t *avail)
{
	for (unsigned i = 0; i < vm->ram_count; i++) {
		const struct ram_slot *s = &vm->ram[i];

		if (gpa >= s->gpa && gpa - s->gpa < s->size) {
			*avail = s->size - (gpa - s->gpa);
			return s->hva + (gpa - s->gpa);
		}
	}
	return NULL;
}

/*
 * Walk [LINEAR, LINEAR+LEN) page by page and slot by slot (a buffer may
 * continue in an adjacent slot: every byte is RAM), copying as DIR says.
 * Returns how many leading bytes are mapped RAM (and were copied); when
 * that is short of LEN and REPORT is set, the error says why.
 */
static uint64_t walk_linear(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                            uint64_t len, enum linear_dir dir, bool report)
{
	uint64_t done = 0;

	while (done < len) {
		uint64_t gpa, contig, chunk, avail;
		uint8_t *hva;

		if (linear + done < linear) {
			if (report)
				set_error("guest buffer wraps around the address space");
			break;
		}
		if (linear_to_phys(vcpu, linear + done, &gpa, &contig) < 0) {
			if (report)
				set_error("guest address 0x%llx is not mapped",
				          (unsigned long long)(linear + done));
			break;
		}
		chunk = len - done < contig ? len - done : contig;
		hva = slot_span(vcpu->vm, gpa, &avail);
		if (!hva || chunk == 0) {
			if (report)
				set_error("guest address 0x%llx is not RAM",
				          (unsigned long long)(linear + done));
			break;
		}
		if (chunk > avail)
			chunk = avail;
		if (dir == LINEAR_READ)
			memcpy((uint8_t *)buf + done, hva, chunk);
		else if (dir == LINEAR_WRITE)
			memcpy(hva, (const uint8_t *)buf + done, chunk);
		done += chunk;
	}
	return done;
}

int linear_copy(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                uint64_t len, enum linear_dir dir)
{
	/* Check every page first: nothing is copied on failure. */
	if (walk_linear(vcpu, linear, NULL, len, LINEAR_CHECK, true) != len)
		return -1;
	if (dir == LINEAR_CHECK)
		return 0;
	return walk_linear(vcpu, linear, buf, len, dir, true) == len ? 0 : -1;
}

uint64_t linear_copy_some(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                          uint64_t len, enum linear_dir dir)
{
	return walk_linear(vcpu, linear, buf, len, dir, false);
}

int linear_check(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t len)
{
	return linear_copy(vcpu, linear, NULL, len, LINEAR_CHECK);
}

int vmm_vcpu_read_linear(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                         uint64_t len)
{
	return linear_copy(vcpu, linear, buf, len, LINEAR_READ);
}
