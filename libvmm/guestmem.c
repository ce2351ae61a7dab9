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

/* Walk the guest's 32-bit page tables (the only paged mode vmm-pm sets up;
 * PAE and long mode are not followed). */
static int walk_32bit(struct vmm_vm *vm, const struct kvm_sregs *sregs,
                      uint32_t linear, uint64_t *gpa, uint64_t *contig)
{
	uint64_t pd_base = sregs->cr3 & 0xFFFFF000u;
	uint32_t *pde_p = vmm_gpa_to_hva(vm, pd_base + (linear >> 22) * 4, 4);
	uint32_t pde, pte;
	uint32_t *pte_p;

	if (!pde_p)
		return -1;
	memcpy(&pde, pde_p, 4);
	if (!(pde & X86_PTE_P))
		return -1;
	if ((pde & X86_PDE_PS) && (sregs->cr4 & X86_CR4_PSE)) {
		uint32_t off = linear & 0x3FFFFFu;

		/* A 4 MiB page's bits 13-20 are physical address bits 32-39
		 * (PSE-36) and bit 21 is reserved (the processor faults): the
		 * page is not where bits 22-31 alone would put it. */
		if (pde & (1u << 21))
			return -1;
		*gpa = ((uint64_t)((pde >> 13) & 0xFFu) << 32) +
		       (pde & 0xFFC00000u) + off;
		*contig = 0x400000u - off;
		return 0;
	}
	pte_p = vmm_gpa_to_hva(vm, (pde & 0xFFFFF000u) + ((linear >> 12) & 0x3FF) * 4, 4);
	if (!pte_p)
		return -1;
	memcpy(&pte, pte_p, 4);
	if (!(pte & X86_PTE_P))
		return -1;
	*gpa = (pte & 0xFFFFF000u) + (linear & 0xFFFu);
	*contig = 0x1000u - (linear & 0xFFFu);
	return 0;
}

int linear_to_phys(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t *gpa,
                   uint64_t *contig)
{
	const struct kvm_sregs *sregs = vcpu_sregs(vcpu);

	if (!sregs)
		return -1;
	if (!(sregs->cr0 & X86_CR0_PG)) {
		*gpa = linear;
		*contig = UINT64_MAX - linear;
		return 0;
	}
	if (linear > UINT32_MAX || (sregs->cr4 & X86_CR4_PAE) || (sregs->efer & X86_EFER_LMA))
		return -1; /* beyond 4 GiB, PAE or long mode: not ours to walk */
	return walk_32bit(vcpu->vm, sregs, (uint32_t)linear, gpa, contig);
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

/* Walk [LINEAR, LINEAR+LEN) page by page and slot by slot (a buffer may
 * continue in an adjacent slot: every byte is RAM); copy into BUF unless
 * it is NULL. */
static int walk_linear(struct vmm_vcpu *vcpu, uint64_t linear, uint8_t *buf,
                       uint64_t len)
{
	for (uint64_t done = 0; done < len;) {
		uint64_t gpa, contig, chunk, avail;
		uint8_t *hva;

		if (linear + done < linear)
			return set_error("guest buffer wraps around the address space");
		if (linear_to_phys(vcpu, linear + done, &gpa, &contig) < 0)
			return set_error("guest address 0x%llx is not mapped",
			                 (unsigned long long)(linear + done));
		chunk = len - done < contig ? len - done : contig;
		hva = slot_span(vcpu->vm, gpa, &avail);
		if (!hva)
			return set_error("guest address 0x%llx is not RAM",
			                 (unsigned long long)(linear + done));
		if (chunk > avail)
			chunk = avail;
		if (buf)
			memcpy(buf + done, hva, chunk);
		done += chunk;
	}
	return 0;
}

int linear_check(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t len)
{
	return walk_linear(vcpu, linear, NULL, len);
}

int vmm_vcpu_read_linear(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                         uint64_t len)
{
	/* Check every page first: nothing is copied on failure. */
	if (linear_check(vcpu, linear, len) < 0)
		return -1;
	return walk_linear(vcpu, linear, buf, len);
}
