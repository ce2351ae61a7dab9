/* cpuid.c: what CPUID tells a vmm-pm guest: the leaves this host's KVM supports, set on the vCPU before it runs. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/*
 * A vCPU whose CPUID was never set answers zeros to every leaf: a kernel
 * sees no vendor, no TSC, no PAE and no caches (memtest86+ then shows
 * "Unidentified Processor" and no clock, and cannot time its tests).
 * Whatever KVM_GET_SUPPORTED_CPUID offers is what a guest of this host may
 * use (doc/design.md#boot-protocols).
 */

/* Leaves to start with; KVM says E2BIG when it has more. */
#define CPUID_FIRST 64u
#define CPUID_MAX   4096u

int boot_set_cpuid(struct vmm_vcpu *vcpu)
{
	struct kvm_cpuid2 *c = NULL;
	unsigned n = CPUID_FIRST;
	int r;

	for (;;) {
		struct kvm_cpuid2 *grown = realloc(c, sizeof *c +
		                                   n * sizeof c->entries[0]);

		if (!grown) {
			free(c);
			return set_error("out of memory");
		}
		c = grown;
		/* Defined bytes throughout, for memory checkers that do not
		 * know how much of the buffer the ioctl fills. */
		memset(c, 0, sizeof *c + n * sizeof c->entries[0]);
		c->nent = n;
		c->padding = 0;
		r = ioctl(vcpu->vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c);
		if (r == 0 || errno != E2BIG || n >= CPUID_MAX)
			break;
		n *= 2;
	}
	if (r < 0) {
		set_error_errno("KVM_GET_SUPPORTED_CPUID failed");
		free(c);
		return -1;
	}
	r = ioctl(vcpu->fd, KVM_SET_CPUID2, c);
	free(c);
	if (r < 0)
		return set_error_errno("KVM_SET_CPUID2 failed");
	return 0;
}
