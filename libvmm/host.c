/* host.c: probes of what this host's KVM can run. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"
#include "x86.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * Raw ioctls on a throwaway VM on purpose: the probe must not depend on the
 * core's VM and vCPU code (it also answers when those would refuse), and it
 * creates no guest memory, because setting the control registers reads none.
 */
static int probe_page32(int vcpu_fd)
{
	struct kvm_sregs sregs;

	if (ioctl(vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	/* Flat 32-bit segments, as vmm_vcpu_setup_paged() sets them. */
	memset(&sregs.cs, 0, sizeof sregs.cs);
	sregs.cs.limit = 0xffffffff;
	sregs.cs.selector = VMM_PM_CODE_SEL;
	sregs.cs.type = X86_SEG_CODE_XRA;
	sregs.cs.present = sregs.cs.db = sregs.cs.s = sregs.cs.g = 1;
	sregs.ds = sregs.cs;
	sregs.ds.selector = VMM_PM_DATA_SEL;
	sregs.ds.type = X86_SEG_DATA_RWA;
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 = X86_CR0_PG | X86_CR0_NE | X86_CR0_ET | X86_CR0_PE;
	sregs.cr3 = VMM_PM_PGDIR_ADDR;
	sregs.cr4 = X86_CR4_PSE;
	sregs.efer = 0;
	if (ioctl(vcpu_fd, KVM_SET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_SET_SREGS failed");
	if (ioctl(vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	return (sregs.cr0 & X86_CR0_PG) ? 1 : 0;
}

int vmm_host_can_page32(void)
{
	int kvm, vm = -1, vcpu = -1, result = -1;

	kvm = kvm_open_device();
	if (kvm < 0)
		return -1;
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		set_error("%s has an unsupported API version", kvm_device_path());
		goto out;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		set_error_errno("KVM_CREATE_VM failed");
		goto out;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		set_error_errno("KVM_CREATE_VCPU failed");
		goto out;
	}
	result = probe_page32(vcpu);
out:
	if (vcpu >= 0)
		close(vcpu);
	if (vm >= 0)
		close(vm);
	close(kvm);
	return result;
}
