/* batch.c: batched (coalesced) I/O: the write-only ranges devices offered with io_batch_writes(), when KVM starts queueing them, and replaying its ring. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

/*
 * KVM can queue a guest's writes to a registered zone in a ring page of
 * kvm_run instead of exiting for each one (KVM_CAP_COALESCED_MMIO, and
 * KVM_CAP_COALESCED_PIO for ports); the VMM replays them, oldest first,
 * the next time KVM_RUN returns. Only writes that need no answer may be
 * queued, so a device asks for it for such a part of its range in io.c
 * (io_batch_writes(), like kvmtool's IOTRAP_COALESCE); the tools switch it
 * on per VM with vmm_vm_enable_batching(), for a VM with one vCPU.
 */

void batch_probe(struct vmm_vm *vm)
{
	int page = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);

	vm->batch.ring_page = page > 0 ? page : 0;
}

void batch_offer(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                 uint64_t len)
{
	struct vm_batch *b = &vm->batch;
	unsigned max = sizeof(b->zone) / sizeof(b->zone[0]);

	if (b->count < max) {
		b->zone[b->count].space = space;
		b->zone[b->count].base = base;
		b->zone[b->count].len = len;
		b->count++;
	}
}

/*
 * The zones are registered with KVM only once the guest has written
 * BATCH_AFTER bytes to them the slow way (batch_saw_writes), not when
 * batching is enabled: registering a zone leaves KVM with about 15 ms of
 * work that the next memory-slot change or the VM's destruction waits for
 * (measured by make bench on kvm_pvm: hello.bin took 16 ms instead of 1.7,
 * a 30-byte COM1 hello 16 ms instead of 1.7). Batching saves a few
 * microseconds per byte, so it pays only for long output: short-lived
 * guests that print a few lines never register, and those that print a lot
 * pay BATCH_AFTER exits more (1.7 ms on kvm_pvm, where an exit costs 9 us,
 * once).
 */
#define BATCH_AFTER 256

int vmm_vm_enable_batching(struct vmm_vm *vm)
{
	struct vm_batch *b = &vm->batch;

	if (__atomic_load_n(&vm->vcpu_count, __ATOMIC_SEQ_CST) > 1)
		return set_error("batching needs a VM with a single vCPU");
	if (b->ring_page <= 0 ||
	    ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_PIO) <= 0)
		return 0;
	b->pending = (1u << b->count) - 1;
	b->enabled = b->count > 0;
	return 0;
}

int batch_claim_vcpu(struct vmm_vm *vm)
{
	unsigned none = 0;

	if (!vm->batch.enabled) {
		__atomic_add_fetch(&vm->vcpu_count, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	/* Check and count in one atomic step: two threads creating a batching
	 * VM's vCPUs at once cannot both see it free. */
	if (!__atomic_compare_exchange_n(&vm->vcpu_count, &none, 1, false,
	                                 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return set_error("this VM batches I/O and can have only one vCPU");
	return 0;
}

struct kvm_coalesced_mmio_ring *batch_ring(struct vmm_vm *vm, struct kvm_run *run)
{
	if (!vm->batch.enabled)
		return NULL;
	return (void *)((uint8_t *)run + (size_t)vm->batch.ring_page * (size_t)getpagesize());
}

/* batch_saw_writes() with zones still to register. */
void batch_count_writes(struct vmm_vm *vm, enum vmm_io_space space, uint64_t addr,
                        unsigned writes)
{
	struct vm_batch *b = &vm->batch;

	for (unsigned i = 0; i < b->count; i++) {
		struct kvm_coalesced_mmio_zone zone = {
			.addr = b->zone[i].base,
			.size = (uint32_t)b->zone[i].len,
			.pio = b->zone[i].space == VMM_IO_PORT,
		};

		if (!(b->pending & 1u << i) || b->zone[i].space != space ||
		    addr - zone.addr >= zone.size)
			continue;
		b->zone[i].unbatched += writes;
		if (b->zone[i].unbatched < BATCH_AFTER)
			continue;
		/* Once only, whatever the outcome: if KVM refuses, the writes
		 * simply keep exiting one by one, as without batching. (The
		 * sandbox allows this ioctl while the guest runs.) */
		b->pending &= ~(1u << i);
		if (ioctl(vm->vm_fd, KVM_REGISTER_COALESCED_MMIO, &zone) == 0)
			b->registered = true;
	}
}

/* batch_drain() once a zone is registered. */
int batch_replay(struct vmm_vcpu *vcpu)
{
	struct kvm_coalesced_mmio_ring *ring = vcpu->ring;
	const uint32_t max = (uint32_t)((getpagesize() - sizeof(*ring)) /
	                                sizeof(ring->coalesced_mmio[0]));
	uint32_t first;

	if (!ring)
		return 0;
	first = ring->first;
	while (first != __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE)) {
		struct kvm_coalesced_mmio *e = &ring->coalesced_mmio[first % max];
		unsigned len = e->len <= sizeof(e->data) ? e->len : sizeof(e->data);

		vcpu->stats.batched_writes++;
		if (e->pio)
			stats_count_port(&vcpu->stats, (uint16_t)e->phys_addr);
		if (len && io_dispatch(vcpu, e->pio ? VMM_IO_PORT : VMM_IO_MMIO,
		                       e->phys_addr, true, e->data, len) < 0)
			return -1;
		first = (first + 1) % max;
		__atomic_store_n(&ring->first, first, __ATOMIC_RELEASE);
	}
	return 0;
}
