/* host.c: probes of what this host's KVM can run. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"
#include "x86.h"

#include <fcntl.h>
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
	/* The registers vmm_vcpu_setup_paged() sets (mode_paged.c). */
	paged_sregs(&sregs);
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
