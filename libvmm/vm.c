/* vm.c: opening KVM, creating a VM and giving it RAM slots. */
#define _GNU_SOURCE 1  /* secure_getenv */
#include <errno.h>
#include <fcntl.h>
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
	int page = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);
	vm->coalesced_ring_page = page > 0 ? page : 0;
	return vm;
fail:
	vmm_vm_destroy(vm);
	return NULL;
}

void *vmm_vm_add_ram(struct vmm_vm *vm, uint64_t gpa, uint64_t size)
{
	if (vm->ram_count == VMM_MAX_RAM_SLOTS)
		return set_error_null("too many RAM slots");
	if (size == 0 || (gpa | size) & 0xFFF || gpa + size < gpa)
		return set_error_null("RAM slot 0x%llx+0x%llx is not page-aligned",
		                      (unsigned long long)gpa, (unsigned long long)size);
	for (unsigned i = 0; i < vm->ram_count; i++) {
		const struct ram_slot *s = &vm->ram[i];
		if (gpa < s->gpa + s->size && s->gpa < gpa + size)
			return set_error_null("RAM slot at 0x%llx overlaps another",
			                      (unsigned long long)gpa);
	}
	/* MAP_NORESERVE: guest RAM costs nothing until the guest touches it. */
	void *hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (hva == MAP_FAILED) {
		set_error_errno("cannot allocate %llu bytes of guest RAM",
		                (unsigned long long)size);
		return NULL;
	}
	struct kvm_userspace_memory_region region = {
		.slot = vm->ram_count,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		set_error_errno("KVM_SET_USER_MEMORY_REGION failed");
		munmap(hva, size);
		return NULL;
	}
	vm->ram[vm->ram_count++] = (struct ram_slot){ gpa, size, hva };
	return hva;
}

void vm_offer_batching(struct vmm_vm *vm, enum vmm_io_space space,
                       uint64_t base, uint64_t len)
{
	unsigned max = sizeof(vm->batchable) / sizeof(vm->batchable[0]);

	if (vm->batchable_count < max) {
		vm->batchable[vm->batchable_count].space = space;
		vm->batchable[vm->batchable_count].base = base;
		vm->batchable[vm->batchable_count].len = len;
		vm->batchable_count++;
	}
}

/*
 * The zones are registered with KVM only once the guest has written
 * BATCH_AFTER bytes to them the slow way (vm_batch_from_now), not here:
 * registering a zone leaves KVM with about 15 ms of work that the next
 * memory-slot change or the VM's destruction waits for (measured by make
 * bench on kvm_pvm: hello.bin took 16 ms instead of 1.7, a 30-byte COM1
 * hello 16 ms instead of 1.7). Batching saves a few microseconds per byte,
 * so it pays only for long output: short-lived guests that print a few
 * lines never register, and those that print a lot pay BATCH_AFTER exits
 * more (1.7 ms on kvm_pvm, where an exit costs 9 us, once).
 */
#define BATCH_AFTER 256

int vmm_vm_enable_batching(struct vmm_vm *vm)
{
	if (vm->vcpu_count > 1)
		return set_error("batching needs a VM with a single vCPU");
	if (vm->coalesced_ring_page <= 0 ||
	    ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_PIO) <= 0)
		return 0;
	vm->zones_pending = (1u << vm->batchable_count) - 1;
	vm->batching = vm->batchable_count > 0;
	return 0;
}

void vm_batch_from_now(struct vmm_vm *vm, enum vmm_io_space space, uint64_t addr,
                       unsigned writes)
{
	for (unsigned i = 0; i < vm->batchable_count; i++) {
		struct kvm_coalesced_mmio_zone zone = {
			.addr = vm->batchable[i].base,
			.size = (uint32_t)vm->batchable[i].len,
			.pio = vm->batchable[i].space == VMM_IO_PORT,
		};

		if (!(vm->zones_pending & 1u << i) || vm->batchable[i].space != space ||
		    addr - zone.addr >= zone.size)
			continue;
		vm->batchable[i].unbatched += writes;
		if (vm->batchable[i].unbatched < BATCH_AFTER)
			continue;
		/* Once only, whatever the outcome: if KVM refuses, the writes
		 * simply keep exiting one by one, as without batching. */
		vm->zones_pending &= ~(1u << i);
		ioctl(vm->vm_fd, KVM_REGISTER_COALESCED_MMIO, &zone);
	}
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

void vmm_vm_destroy(struct vmm_vm *vm)
{
	if (!vm)
		return;
	for (unsigned i = vm->device_count; i-- > 0;)
		if (vm->device_free[i])
			vm->device_free[i](vm->devices[i]);
	for (unsigned i = 0; i < vm->ram_count; i++)
		munmap(vm->ram[i].hva, vm->ram[i].size);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm);
}
