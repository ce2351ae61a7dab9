/* mode_real.c: vCPU registers for a 16-bit real-mode start. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/ioctl.h>

#include "internal.h"
#include "x86.h"

int vmm_vcpu_setup_real(struct vmm_vcpu *vcpu, uint16_t segment, uint16_t ip,
                        uint16_t sp)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	/* KVM wants base = selector * 16 in real mode. */
	vcpu_segment(&sregs.cs, (uint64_t)segment << 4, segment, X86_SEG_CODE_XRA, false);
	vcpu_segment(&sregs.ds, (uint64_t)segment << 4, segment, X86_SEG_DATA_RWA, false);
	vcpu_segment(&sregs.es, (uint64_t)segment << 4, segment, X86_SEG_DATA_RWA, false);
	vcpu_segment(&sregs.fs, (uint64_t)segment << 4, segment, X86_SEG_DATA_RWA, false);
	vcpu_segment(&sregs.gs, (uint64_t)segment << 4, segment, X86_SEG_DATA_RWA, false);
	vcpu_segment(&sregs.ss, (uint64_t)segment << 4, segment, X86_SEG_DATA_RWA, false);
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
