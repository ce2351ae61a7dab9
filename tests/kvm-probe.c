/* kvm-probe.c: can this host's KVM run a 32-bit paged guest? */
/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Used by tests/run-test (doc/design.md#the-kvm-test-host) to decide, once
 * per make run, whether tests that need a KVM (they call skip_without_kvm,
 * or carry "# kvm: paging") run directly on /dev/kvm or inside the KVM test
 * host, and by `make run` to say why it boots where it does. Deliberately
 * self-contained (raw ioctls, no libvmm), so the decision does not depend on
 * the code under test.
 *
 * It creates a VM and a vCPU, sets the registers of a paged protected-mode
 * start (CR0 = PE|ET|NE|PG, CR4 = PSE, CR3, flat segments) with KVM_SET_SREGS
 * and reads them back: kvm_pvm silently drops CR0.PG for a guest without
 * EFER.LME, so PG missing after the round trip means "cannot page".
 * Nothing is run, so no guest memory is needed.
 *
 * Exit status: 0 paging works, 1 a KVM that cannot page (real mode works),
 * 3 no KVM on this machine (/dev/kvm missing, or no KVM behind it),
 * 4 /dev/kvm exists but this user may not open it, 2 anything else failed.
 * One line on stdout says which.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define CR0_PE 0x00000001u
#define CR0_ET 0x00000010u
#define CR0_NE 0x00000020u
#define CR0_PG 0x80000000u
#define CR4_PSE 0x00000010u

static void flat_segment(struct kvm_segment *seg, unsigned selector,
                         unsigned type)
{
	memset(seg, 0, sizeof(*seg));
	seg->base = 0;
	seg->limit = 0xffffffffu;
	seg->selector = (unsigned short)selector;
	seg->type = (unsigned char)type;
	seg->present = 1;
	seg->dpl = 0;
	seg->db = 1;
	seg->s = 1;
	seg->g = 1;
}

/* Name the backend when it is the one known to refuse 32-bit paging. */
static const char *backend_note(void)
{
	struct stat st;

	if (stat("/sys/module/kvm_pvm", &st) == 0)
		return " (kvm_pvm is loaded)";
	return "";
}

int main(void)
{
	struct kvm_sregs sregs;
	int kvm, vm, vcpu;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		int err = errno;

		if (err == ENOENT || err == ENODEV || err == ENXIO) {
			printf("kvm-probe: this machine has no KVM "
			       "(/dev/kvm: %s)\n", strerror(err));
			return 3;
		}
		if (err == EACCES || err == EPERM) {
			printf("kvm-probe: no permission to use /dev/kvm: add "
			       "yourself to the kvm group (or run as root)\n");
			return 4;
		}
		printf("kvm-probe: cannot use /dev/kvm: %s\n", strerror(err));
		return 2;
	}
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		printf("kvm-probe: unexpected KVM API version\n");
		return 2;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("kvm-probe: KVM_CREATE_VM: %s\n", strerror(errno));
		return 2;
	}
	/* Intel wants a TSS address before any vCPU state; harmless elsewhere. */
	(void)ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		printf("kvm-probe: KVM_CREATE_VCPU: %s\n", strerror(errno));
		return 2;
	}
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
		printf("kvm-probe: KVM_GET_SREGS: %s\n", strerror(errno));
		return 2;
	}
	flat_segment(&sregs.cs, 0x08, 0xb);
	flat_segment(&sregs.ds, 0x10, 0x3);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
	sregs.cr4 = CR4_PSE;
	sregs.cr3 = 0x100000;
	sregs.efer = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) {
		printf("kvm-probe: KVM_SET_SREGS refused a paged start: %s%s\n",
		       strerror(errno), backend_note());
		return 1;
	}
	memset(&sregs, 0, sizeof(sregs));
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
		printf("kvm-probe: KVM_GET_SREGS: %s\n", strerror(errno));
		return 2;
	}
	close(vcpu);
	close(vm);
	close(kvm);
	if (!(sregs.cr0 & CR0_PG)) {
		printf("kvm-probe: this host's KVM cannot run 32-bit paged guests "
		       "(CR0.PG did not stick)%s\n", backend_note());
		return 1;
	}
	printf("kvm-probe: this host's KVM runs 32-bit paged guests\n");
	return 0;
}
