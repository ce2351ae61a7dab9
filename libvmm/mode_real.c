/* mode_real.c: vCPU registers for a 16-bit real-mode start. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/ioctl.h>

#include "internal.h"
#include "x86.h"

static void real_segment(struct kvm_segment *seg, uint16_t selector, uint8_t type)
{
	/* KVM wants base = selector * 16 in real mode. */
	seg->selector = selector;
	seg->base = (uint64_t)selector << 4;
	seg->limit = 0xFFFF;
	seg->type = type;
	seg->present = 1;
	seg->s = 1;
	seg->dpl = 0;
	seg->db = 0;
	seg->g = 0;
	seg->l = 0;
	seg->unusable = 0;
}

int vmm_vcpu_setup_real(struct vmm_vcpu *vcpu, uint16_t segment, uint16_t ip,
                        uint16_t sp)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	real_segment(&sregs.cs, segment, X86_SEG_CODE_XRA);
	real_segment(&sregs.ds, segment, X86_SEG_DATA_RWA);
	real_segment(&sregs.es, segment, X86_SEG_DATA_RWA);
	real_segment(&sregs.fs, segment, X86_SEG_DATA_RWA);
	real_segment(&sregs.gs, segment, X86_SEG_DATA_RWA);
	real_segment(&sregs.ss, segment, X86_SEG_DATA_RWA);
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_SET_SREGS failed");
	regs.rip = ip;
	regs.rsp = sp;
	regs.rflags = X86_EFLAGS_FIXED;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return set_error_errno("KVM_SET_REGS failed");
	/* As in mode_paged.c: the cache must not write stale values back. */
	vcpu_load_state(vcpu, VCPU_STATE_DROP);
	return 0;
}
