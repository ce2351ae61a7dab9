/* boot_bios.c: the PC boot-sector protocol: sector 0 at 0000:7C00, the entry state a BIOS hands over. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>
#include <sys/ioctl.h>

#include "boot.h"

/*
 * Only the hand-over lives here; the PC the boot sector then talks to
 * (ROM, vectors, data area, services) is the BIOS device, bios.c. A boot
 * sector has no header to recognise it by, so it is never auto-detected.
 */

static bool bios_detect(const uint8_t *img, size_t len)
{
	(void)img;
	(void)len;
	return false;
}

static int bios_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                     size_t len, const struct vmm_boot_options *opt,
                     struct vmm_boot *out)
{
	if (vmm_bios_check_boot_sector(img, len) < 0)
		return -1;
	if (ram_size < VMM_BIOS_LOAD_ADDR + VMM_BIOS_SECTOR)
		return set_error("a boot sector needs RAM up to 0x%x",
		                 VMM_BIOS_LOAD_ADDR + VMM_BIOS_SECTOR);
	memcpy(ram + VMM_BIOS_LOAD_ADDR, img, VMM_BIOS_SECTOR);
	out->flat = true;
	out->entry = VMM_BIOS_LOAD_ADDR;
	out->info = opt->floppy ? 0x00 : 0x80;
	return 0;
}

/* CS:IP = 0000:7C00, DS = ES = SS = 0, SP = 7C00h, DL = the drive. */
static int bios_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot)
{
	struct kvm_regs regs;

	if (vmm_vcpu_setup_real(vcpu, 0, (uint16_t)boot->entry, VMM_BIOS_LOAD_ADDR) < 0)
		return -1;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0)
		return set_error_errno("KVM_GET_REGS failed");
	regs.rdx = boot->info & 0xFF;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return set_error_errno("KVM_SET_REGS failed");
	vcpu_load_state(vcpu, VCPU_STATE_DROP);
	return 0;
}

const struct boot_protocol boot_bios = {
	.id = VMM_BOOT_BIOS,
	.name = "bios",
	.detect = bios_detect,
	.load = bios_load,
	.setup = bios_setup,
};
