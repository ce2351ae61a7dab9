/* boot_flat.c: the flat 32-bit start that Multiboot and Linux kernels share: a loader's GDT entries, flat segments, paging and interrupts off. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>
#include <sys/ioctl.h>

#include "boot.h"
#include "x86.h"

void boot_flat_descriptor(uint8_t *p, unsigned type)
{
	uint64_t d = x86_descriptor(0, 0xFFFFF, type, X86_DESC_S | X86_DESC_P |
	                            X86_DESC_DB | X86_DESC_G);

	/* Little-endian whatever the host: the guest reads it. */
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(d >> (8 * i));
}

int boot_flat_setup(struct vmm_vcpu *vcpu, uint32_t gdt_base,
                    uint16_t code_sel, uint16_t data_sel,
                    const struct kvm_regs *regs)
{
	struct kvm_sregs sregs;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	vcpu_segment(&sregs.cs, 0, code_sel, X86_SEG_CODE_XRA, true);
	vcpu_segment(&sregs.ds, 0, data_sel, X86_SEG_DATA_RWA, true);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	memset(&sregs.ldt, 0, sizeof sregs.ldt);
	sregs.ldt.type = X86_SEG_SYS_LDT;
	sregs.ldt.unusable = 1;
	/* VMX wants a present busy TSS in TR; the kernel never uses it. */
	memset(&sregs.tr, 0, sizeof sregs.tr);
	sregs.tr.type = X86_SEG_SYS_TSS32_BUSY;
	sregs.tr.present = 1;
	sregs.tr.limit = 0x67;
	sregs.gdt.base = gdt_base;
	sregs.gdt.limit = (uint16_t)((code_sel > data_sel ? code_sel : data_sel) + 8 - 1);
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	sregs.cr0 = X86_CR0_PE | X86_CR0_ET;
	sregs.cr2 = 0;
	sregs.cr3 = 0;
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_SET_SREGS failed");
	if (ioctl(vcpu->fd, KVM_SET_REGS, regs) < 0)
		return set_error_errno("KVM_SET_REGS failed");
	/* The core's register cache no longer matches, and must not write
	 * stale values back over these. */
	vcpu_load_state(vcpu, VCPU_STATE_DROP);
	return 0;
}
