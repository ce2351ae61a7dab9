/* mode_paged.c: GDT, boot info and page directory for paged kernels, and their vCPU registers. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"
#include "x86.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define FOUR_MIB      ((uint64_t)X86_PAGE_SIZE_4M)
#define GDT_ENTRIES   3u     /* null, code 0x08, data 0x10 */

/*
 * The descriptors carry the accessed bit already, so that they equal the
 * hidden segment state set below bit for bit (VMX insists that loaded
 * segments be "accessed"), and so that a kernel reloading a selector makes
 * the CPU write nothing into the GDT.
 */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A flat 4 GiB ring-0 32-bit segment descriptor (Intel SDM vol. 3, 3.4.5):
 * limit 0xfffff in 4 KiB units, base 0, S=1, P=1, D/B=1, G=1. */
static uint64_t flat_descriptor(unsigned type)
{
	return x86_descriptor(0, 0xFFFFF, type,
	                      X86_DESC_S | X86_DESC_P | X86_DESC_DB | X86_DESC_G);
}

int vmm_paged_build(uint8_t *ram, uint64_t ram_size, const char *cmdline,
                    uint32_t virtio_blk_base)
{
	size_t cmdlen = cmdline ? strlen(cmdline) : 0;
	uint8_t *gdt, *info, *pd;
	struct vmm_boot_info bi;

	/* Everything is checked before anything is written. */
	if (ram_size == 0 || ram_size % FOUR_MIB != 0 || ram_size > VMM_PM_MAX_MEM)
		return set_error("memory size %llu bytes is not a multiple of 4 MiB "
		                 "between 4 MiB and 1 GiB",
		                 (unsigned long long)ram_size);
	if (cmdlen >= sizeof bi.cmdline)
		return set_error("command line is %zu bytes long, at most %zu are "
		                 "allowed", cmdlen, sizeof bi.cmdline - 1);

	gdt = ram + VMM_PM_GDT_ADDR;
	memset(gdt, 0, GDT_ENTRIES * 8);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t d = flat_descriptor(i == 0 ? X86_SEG_CODE_XRA : X86_SEG_DATA_RWA);
		uint8_t *e = gdt + (i == 0 ? VMM_PM_CODE_SEL : VMM_PM_DATA_SEL);

		put32(e, (uint32_t)d);
		put32(e + 4, (uint32_t)(d >> 32));
	}

	/* The struct is packed and little-endian: fill it through put32 so the
	 * layout does not depend on the host. */
	info = ram + VMM_PM_BOOTINFO_ADDR;
	memset(info, 0, sizeof bi);
	put32(info + offsetof(struct vmm_boot_info, magic), VMM_BOOT_MAGIC);
	put32(info + offsetof(struct vmm_boot_info, version), 1);
	put32(info + offsetof(struct vmm_boot_info, mem_bytes), (uint32_t)ram_size);
	put32(info + offsetof(struct vmm_boot_info, virtio_blk_base),
	      virtio_blk_base);
	if (cmdlen)
		memcpy(info + offsetof(struct vmm_boot_info, cmdline), cmdline, cmdlen);

	/* One 4 MiB page per PDE; RAM at 0 and again at 0x80000000 (PDE 512). */
	pd = ram + VMM_PM_PGDIR_ADDR;
	memset(pd, 0, X86_PAGE_SIZE);
	for (uint64_t i = 0; i < ram_size / FOUR_MIB; i++) {
		uint32_t pde = (uint32_t)(i * FOUR_MIB) | X86_PTE_P | X86_PTE_RW | X86_PDE_PS;

		put32(pd + 4 * i, pde);
		put32(pd + 4 * (i + (VMM_PM_HIGH_BASE >> 22)), pde);
	}
	return 0;
}

void paged_sregs(struct kvm_sregs *sregs)
{
	vcpu_segment(&sregs->cs, 0, VMM_PM_CODE_SEL, X86_SEG_CODE_XRA, true);
	vcpu_segment(&sregs->ds, 0, VMM_PM_DATA_SEL, X86_SEG_DATA_RWA, true);
	sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;

	/* No LDT: a null, unusable selector. */
	memset(&sregs->ldt, 0, sizeof sregs->ldt);
	sregs->ldt.type = X86_SEG_SYS_LDT;
	sregs->ldt.unusable = 1;
	/* VMX requires a present, busy 32-bit TSS in TR even if nothing ever
	 * switches tasks; a 104-byte one at 0 satisfies the entry checks and
	 * is never used (the kernel loads its own before it needs ESP0). */
	memset(&sregs->tr, 0, sizeof sregs->tr);
	sregs->tr.type = X86_SEG_SYS_TSS32_BUSY;
	sregs->tr.present = 1;
	sregs->tr.limit = 0x67;

	/* The GDT is reached through the higher half, where the kernel lives,
	 * so that it stays valid once the kernel drops the identity map. */
	sregs->gdt.base = VMM_PM_HIGH_BASE + VMM_PM_GDT_ADDR;
	sregs->gdt.limit = GDT_ENTRIES * 8 - 1;
	/* An empty IDT: any exception before the kernel sets up its own
	 * becomes a triple fault, which the VMM reports as a crash. */
	sregs->idt.base = 0;
	sregs->idt.limit = 0;

	sregs->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG;
	sregs->cr2 = 0;
	sregs->cr3 = VMM_PM_PGDIR_ADDR;
	sregs->cr4 = X86_CR4_PSE;
	sregs->efer = 0;
}

int vmm_vcpu_setup_paged(struct vmm_vcpu *vcpu, uint32_t entry)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	paged_sregs(&sregs);
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_SET_SREGS failed");

	memset(&regs, 0, sizeof regs);
	regs.rip = entry;
	regs.rflags = X86_EFLAGS_FIXED;
	regs.rax = VMM_BOOT_MAGIC;
	regs.rbx = VMM_PM_HIGH_BASE + VMM_PM_BOOTINFO_ADDR;
	regs.rsp = VMM_PM_BOOT_STACK;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return set_error_errno("KVM_SET_REGS failed");
	/* The core's register cache no longer matches, and must not write
	 * stale values back over these. */
	vcpu_load_state(vcpu, VCPU_STATE_DROP);

	/* kvm_pvm drops CR0.PG silently outside long mode and the guest would
	 * then die on its first instruction: say so instead (doc/design.md#the-kvm-test-host). */
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return set_error_errno("KVM_GET_SREGS failed");
	if (!(sregs.cr0 & X86_CR0_PG)) {
		if (access("/sys/module/kvm_pvm", F_OK) == 0)
			return set_error("this host's KVM cannot run 32-bit paged guests "
			                 "(kvm_pvm supports paging only in long mode)");
		return set_error("this host's KVM cannot run 32-bit paged guests "
		                 "(it did not keep CR0.PG)");
	}
	return 0;
}
