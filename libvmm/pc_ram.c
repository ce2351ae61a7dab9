/* pc_ram.c: a PC's memory layout over one host mapping: RAM, the VGA window as a dirty-logged slot, the read-only area below 1 MiB. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "internal.h"

/*
 * One contiguous host mapping backs all of guest-physical [0, SIZE), so
 * that loaders keep writing at RAM + GPA. KVM sees it as up to four
 * memslots, because what differs is how KVM treats the guest's stores:
 *
 *   [0, 0xA0000)          RAM
 *   [0xA0000, 0xC0000)    the VGA window: RAM with KVM_MEM_LOG_DIRTY_PAGES,
 *                         so that the text screen is seen to change
 *                         without an exit per store (dev_vga.c)
 *   [0xC0000, 0x100000)   with VMM_PC_RAM_ROM: read-only zeros (option
 *                         ROMs and the BIOS on a PC); else RAM
 *   [0x100000, SIZE)      RAM
 *
 * The translator (vmm_gpa_to_hva) sees the RAM ranges as they are joined
 * in the host: [0, 0xC0000) is one range (a guest buffer may run from low
 * RAM into the VGA window, both ordinary memory), and with the read-only
 * area [0x100000, SIZE) is another: a guest pointer into or across the
 * read-only area is refused, as the memory map says it is not RAM (a
 * device must not write into ROM for the guest). Without VMM_PC_RAM_ROM
 * everything is one range, as with vmm_vm_add_ram().
 */

#define PC_LOW_END  0xA0000u
#define PC_ROM_BASE 0xC0000u
#define PC_ROM_END  0x100000u

/* Stores to the read-only slot exit as MMIO: a PC ignores them. */
static int rom_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t addr,
                  bool is_write, uint8_t *data, unsigned size)
{
	(void)vcpu;
	(void)opaque;
	(void)addr;
	if (!is_write)
		for (unsigned i = 0; i < size; i++)
			data[i] = 0;
	return 0;
}

unsigned pc_ram_ranges(uint64_t size, bool rom, uint8_t *hva,
                       struct ram_slot out[2])
{
	if (!rom) {
		out[0] = (struct ram_slot){ .gpa = 0, .size = size, .hva = hva };
		return 1;
	}
	out[0] = (struct ram_slot){ .gpa = 0, .size = PC_ROM_BASE, .hva = hva };
	if (size == PC_ROM_END)
		return 1;
	out[1] = (struct ram_slot){ .gpa = PC_ROM_END, .size = size - PC_ROM_END,
	                            .hva = hva + PC_ROM_END };
	return 2;
}

void *vmm_vm_add_pc_ram(struct vmm_vm *vm, uint64_t size, unsigned flags)
{
	bool rom = flags & VMM_PC_RAM_ROM;
	uint8_t *hva;

	if (flags & ~VMM_PC_RAM_ROM)
		return set_error_null("unknown PC RAM flags 0x%x", flags);
	if (size < PC_ROM_END)
		return set_error_null("a PC needs at least 1 MiB of RAM");
	if (vm->vga_slot >= 0)
		return set_error_null("the VM has PC RAM already");
	if (vm_ram_range_free(vm, 0, size) < 0 || vm->ram_count + 2 > VMM_MAX_RAM_SLOTS)
		return set_error_null("%s", vm->ram_count + 2 > VMM_MAX_RAM_SLOTS ?
		                      "too many RAM slots" : vmm_last_error());
	/* Where KVM cannot make a slot read-only (KVM_CAP_READONLY_MEM), the
	 * area stays zeroed RAM: a kernel that scribbles there only sees its
	 * own bytes again, the next boot starts clean. */
	if (rom && ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0)
		rom = false;
	hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (hva == MAP_FAILED) {
		set_error_errno("cannot allocate %llu bytes of guest RAM",
		                (unsigned long long)size);
		return NULL;
	}
	vm->pc_map = hva;
	vm->pc_map_len = size;
	int vga;
	if (vm_kvm_slot(vm, 0, PC_LOW_END, hva, 0) < 0 ||
	    (vga = vm_kvm_slot(vm, PC_LOW_END, PC_ROM_BASE - PC_LOW_END,
	                       hva + PC_LOW_END, KVM_MEM_LOG_DIRTY_PAGES)) < 0 ||
	    vm_kvm_slot(vm, PC_ROM_BASE, PC_ROM_END - PC_ROM_BASE,
	                hva + PC_ROM_BASE, rom ? KVM_MEM_READONLY : 0) < 0 ||
	    (size > PC_ROM_END &&
	     vm_kvm_slot(vm, PC_ROM_END, size - PC_ROM_END, hva + PC_ROM_END, 0) < 0) ||
	    (rom && io_register(vm, VMM_IO_MMIO, PC_ROM_BASE, PC_ROM_END - PC_ROM_BASE,
	                        rom_io, NULL, 0) < 0)) {
		/* The slots made so far point into the mapping: it must stay.
		 * The VM is of no use now; vmm_vm_destroy() unmaps it. */
		return NULL;
	}
	vm->vga_slot = vga;
	vm->vga_hva = hva + PC_LOW_END;
	vm->ram_count += pc_ram_ranges(size, rom, hva, &vm->ram[vm->ram_count]);
	return hva;
}
