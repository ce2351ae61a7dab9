/* vm.c: opening KVM, creating a VM and giving it RAM slots. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE 1  /* secure_getenv */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

/* Intel wants three pages for the real-mode TSS below 4 GiB; this address is
 * far above any RAM we hand out and below the virtio window. */
#define TSS_ADDR 0xfffbd000u

const char *kvm_device_path(void)
{
	/* Test hook (documented in vmm-real(1)): another node stands in for
	 * /dev/kvm, so the messages below can be tested on any host. */
	const char *path = secure_getenv("VMM_KVM_DEVICE");

	return path && *path ? path : "/dev/kvm";
}

int kvm_open_device(void)
{
	const char *path = kvm_device_path();
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
		return set_error("this machine has no KVM (%s does not exist): enable "
		                 "virtualization (VT-x/AMD-V) and load kvm_intel or "
		                 "kvm_amd, or use the KVM test host (make run in the "
		                 "source tree)", path);
	case EACCES:
	case EPERM:
		return set_error("no permission to use %s: add yourself to the kvm "
		                 "group (or run as root)", path);
	case ENXIO:
	case ENODEV:
		return set_error("%s exists but no KVM module serves it: load "
		                 "kvm_intel or kvm_amd", path);
	default:
		return set_error_errno("cannot open %s", path);
	}
}

static int open_kvm(void)
{
	int fd = kvm_open_device();

	if (fd < 0)
		return -1;
	int version = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION) {
		close(fd);
		return set_error("%s speaks KVM API %d, expected %d", kvm_device_path(),
		                 version, KVM_API_VERSION);
	}
	return fd;
}

struct vmm_vm *vmm_vm_create(void)
{
	struct vmm_vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		return set_error_null("out of memory");
	vm->vm_fd = -1;
	vm->vga_slot = -1;
	vm->kvm_fd = open_kvm();
	if (vm->kvm_fd < 0)
		goto fail;
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		set_error_errno("KVM_CREATE_VM failed");
		goto fail;
	}
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size <= 0) {
		set_error_errno("KVM_GET_VCPU_MMAP_SIZE failed");
		goto fail;
	}
	/* Harmless where not needed; Intel refuses real mode without it. */
	ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, TSS_ADDR);
	vm->sync_regs = (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) &
	                 (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) ==
	                (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS);
	batch_probe(vm);
	return vm;
fail:
	vmm_vm_destroy(vm);
	return NULL;
}

int vm_kvm_slot(struct vmm_vm *vm, uint64_t gpa, uint64_t size, void *hva,
                uint32_t flags)
{
	struct kvm_userspace_memory_region region = {
		.slot = vm->kvm_slots,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return set_error_errno("KVM_SET_USER_MEMORY_REGION failed");
	return (int)vm->kvm_slots++;
}

int vm_dirty_pages(struct vmm_vm *vm, int slot, uint64_t *bits)
{
	struct kvm_dirty_log log = { .slot = (uint32_t)slot };

	*bits = 0;
	log.dirty_bitmap = bits;
	if (slot < 0 || ioctl(vm->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0)
		return set_error_errno("KVM_GET_DIRTY_LOG failed");
	return 0;
}

/* Whether [GPA, GPA+SIZE) is free of the translator's ranges. */
int vm_ram_range_free(struct vmm_vm *vm, uint64_t gpa, uint64_t size)
{
	if (vm->ram_count == VMM_MAX_RAM_SLOTS)
		return set_error("too many RAM slots");
	if (size == 0 || (gpa | size) & 0xFFF || gpa + size < gpa)
		return set_error("RAM slot 0x%llx+0x%llx is not page-aligned",
		                 (unsigned long long)gpa, (unsigned long long)size);
	for (unsigned i = 0; i < vm->ram_count; i++) {
		const struct ram_slot *s = &vm->ram[i];
		if (gpa < s->gpa + s->size && s->gpa < gpa + size)
			return set_error("RAM slot at 0x%llx overlaps another",
			                 (unsigned long long)gpa);
	}
	return 0;
}

static void *add_slot(struct vmm_vm *vm, uint64_t gpa, uint64_t size,
                      uint32_t flags)
{
	if (vm_ram_range_free(vm, gpa, size) < 0)
		return NULL;
	/* MAP_NORESERVE: guest RAM costs nothing until the guest touches it. */
	void *hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (hva == MAP_FAILED) {
		set_error_errno("cannot allocate %llu bytes of guest RAM",
		                (unsigned long long)size);
		return NULL;
	}
	if (vm_kvm_slot(vm, gpa, size, hva, flags) < 0) {
		munmap(hva, size);
		return NULL;
	}
	vm->ram[vm->ram_count++] = (struct ram_slot){ gpa, size, hva };
	return hva;
}

void *vmm_vm_add_ram(struct vmm_vm *vm, uint64_t gpa, uint64_t size)
{
	return add_slot(vm, gpa, size, 0);
}

void *vm_add_rom(struct vmm_vm *vm, uint64_t gpa, uint64_t size)
{
	bool ro = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) > 0;

	return add_slot(vm, gpa, size, ro ? KVM_MEM_READONLY : 0);
}

int vm_own_device(struct vmm_vm *vm, void *state, void (*free_fn)(void *))
{
	unsigned max = sizeof(vm->devices) / sizeof(vm->devices[0]);

	if (vm->device_count == max)
		return set_error("too many devices");
	vm->devices[vm->device_count] = state;
	vm->device_free[vm->device_count] = free_fn;
	vm->device_count++;
	return 0;
}

void vm_device_flush(struct vmm_vm *vm, void *state, int (*flush_fn)(void *))
{
	for (unsigned i = 0; i < vm->device_count; i++)
		if (vm->devices[i] == state)
			vm->device_flush[i] = flush_fn;
}

int vmm_vm_flush(struct vmm_vm *vm)
{
	char first[512] = "";

	/* Every device, even after one failed; the first failure is reported. */
	for (unsigned i = 0; i < vm->device_count; i++)
		if (vm->device_flush[i] && vm->device_flush[i](vm->devices[i]) < 0 &&
		    !first[0])
			snprintf(first, sizeof(first), "%s", vmm_last_error());
	if (first[0])
		return set_error("%s", first);
	return 0;
}

void vmm_vm_destroy(struct vmm_vm *vm)
{
	if (!vm)
		return;
	for (unsigned i = vm->device_count; i-- > 0;)
		if (vm->device_free[i])
			vm->device_free[i](vm->devices[i]);
	for (unsigned i = 0; i < vm->ram_count; i++)
		if (!vm->pc_map || vm->ram[i].hva < vm->pc_map ||
		    vm->ram[i].hva >= vm->pc_map + vm->pc_map_len)
			munmap(vm->ram[i].hva, vm->ram[i].size);
	if (vm->pc_map)
		munmap(vm->pc_map, vm->pc_map_len);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm);
}
