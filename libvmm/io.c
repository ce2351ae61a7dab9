/* io.c: the table that routes port and MMIO accesses to device handlers. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "internal.h"

static struct io_table *table_of(struct vmm_vm *vm, enum vmm_io_space space)
{
	return space == VMM_IO_PORT ? &vm->ports : &vm->mmio;
}

int io_register(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                uint64_t len, vmm_io_fn fn, void *opaque, unsigned flags)
{
	struct io_table *t = table_of(vm, space);

	if (len == 0 || base + len < base)
		return set_error("bad I/O range 0x%llx+0x%llx",
		                 (unsigned long long)base, (unsigned long long)len);
	if (t->count == IO_MAX_RANGES)
		return set_error("too many I/O ranges");
	for (unsigned i = 0; i < t->count; i++) {
		const struct io_range *r = &t->range[i];
		if (base < r->base + r->len && r->base < base + len)
			return set_error("I/O range 0x%llx+0x%llx is already claimed",
			                 (unsigned long long)base, (unsigned long long)len);
	}
	t->range[t->count++] = (struct io_range){ base, len, fn, opaque,
	                                          (flags & IO_OFFSET) != 0 };
	return 0;
}

int io_batch_writes(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                    uint64_t len)
{
	const struct io_table *t = table_of(vm, space);

	for (unsigned i = 0; i < t->count; i++) {
		const struct io_range *r = &t->range[i];
		if (range_inside(base, len, r->base, r->len)) {
			batch_offer(vm, space, base, len);
			return 0;
		}
	}
	return set_error("I/O range 0x%llx+0x%llx is not registered",
	                 (unsigned long long)base, (unsigned long long)len);
}

int vmm_io_register(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                    uint64_t len, vmm_io_fn fn, void *opaque)
{
	return io_register(vm, space, base, len, fn, opaque, 0);
}

VMM_HOT int io_dispatch(struct vmm_vcpu *vcpu, enum vmm_io_space space, uint64_t addr,
                bool is_write, uint8_t *data, unsigned size)
{
	const struct io_table *t = table_of(vcpu->vm, space);

	for (unsigned i = 0; i < t->count; i++) {
		const struct io_range *r = &t->range[i];
		if (addr >= r->base && addr - r->base < r->len)
			return r->fn(vcpu, r->opaque, r->offset ? addr - r->base : addr,
			             is_write, data, size);
	}
	vcpu->stats.unclaimed_io++;
	if (!is_write)
		memset(data, 0xFF, size);
	return 0;
}
