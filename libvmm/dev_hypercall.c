/* dev_hypercall.c: the hypercall port 0x500 of guest ABI v1. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "internal.h"

/* WRITE copies through a bounce buffer so that the console never sees guest
 * memory the guest could change meanwhile (another vCPU of a shared VM). */
#define WRITE_CHUNK 4096

static uint32_t hc_write(struct vmm_vcpu *vcpu, const struct kvm_regs *regs)
{
	const struct kvm_sregs *sregs = vcpu_sregs(vcpu);
	uint32_t len = (uint32_t)regs->rcx;
	uint8_t chunk[WRITE_CHUNK];
	uint64_t linear;

	if (!sregs || len > VMM_HC_WRITE_MAX)
		return VMM_HC_ERROR;
	/* Linear addresses are 32 bits wide: a buffer that wraps at 4 GiB is
	 * refused rather than silently wrapped. */
	linear = (sregs->ds.base + (uint32_t)regs->rsi) & 0xFFFFFFFFu;
	if (linear + len > (1ull << 32))
		return VMM_HC_ERROR;
	/* Check the whole buffer before printing any of it. */
	if (linear_check(vcpu, linear, len) < 0)
		return VMM_HC_ERROR;
	for (uint64_t off = 0; off < len; off += WRITE_CHUNK) {
		uint64_t n = len - off < WRITE_CHUNK ? len - off : WRITE_CHUNK;
		if (vmm_vcpu_read_linear(vcpu, linear + off, chunk, n) < 0)
			return VMM_HC_ERROR;
		vcpu_output(vcpu, chunk, n);
	}
	return len;
}

VMM_HOT static int hypercall_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t port,
                        bool is_write, uint8_t *data, unsigned size)
{
	struct kvm_regs *regs;
	uint32_t result = 0;
	uint8_t byte;
	(void)opaque;
	(void)port;

	vcpu->stats.hypercalls++;
	if (!is_write) {
		/* Reading the hypercall port means nothing: all ones. */
		for (unsigned i = 0; i < size; i++)
			data[i] = 0xFF;
		return 0;
	}
	regs = vcpu_regs(vcpu);
	if (!regs)
		return set_error_errno("cannot read the guest's registers");
	switch (data[0]) {
	case VMM_HC_EXIT:
		vcpu_set_stop(vcpu, VMM_STOP_EXIT, (int)(regs->rbx & 0xFF), NULL);
		return 0;
	case VMM_HC_PUTCHAR:
		byte = (uint8_t)regs->rbx;
		vcpu_output(vcpu, &byte, 1);
		return 0;
	case VMM_HC_GETCHAR: {
		int c = vcpu_wait_input(vcpu);

		if (c == VCPU_INPUT_FAILED)
			return -1;
		if (c == VCPU_INPUT_STOPPED)
			return 0;
		result = c == VCPU_INPUT_END ? VMM_HC_ERROR : (uint32_t)c;
		break;
	}
	case VMM_HC_WRITE:
		result = hc_write(vcpu, regs);
		break;
	default:
		vcpu->stats.bad_hypercalls++;
		result = VMM_HC_ERROR;
		break;
	}
	regs->rax = result;
	vcpu_regs_changed(vcpu);
	return 0;
}

int vmm_hypercall_attach(struct vmm_vm *vm)
{
	return vmm_io_register(vm, VMM_IO_PORT, VMM_HC_PORT, 1, hypercall_io, NULL);
}
