/* boot_vmm.c: the vmm-pm boot protocol (vmm-abi(7)): ELF32 or flat kernel, reserved pages, boot info, paged entry state. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"

#include <string.h>

/*
 * The protocol owns its memory layout: what the loaders may not overwrite
 * (boot info and GDT in the first page, the page directory at the seed's
 * address) and the higher-half alias of RAM. mode_paged.c writes those
 * pages and sets the registers; load_elf.c and load_flat.c place the image.
 */

/* The VMM's reserved pages, as [start, end) (vmm-abi(7), Reserved memory). */
static const struct boot_range vmm_reserved[] = {
	{ 0x000000, 0x001000, "0x0000-0x0fff" },
	{ VMM_PM_PGDIR_ADDR, VMM_PM_PGDIR_ADDR + 0x1000, "0x100000-0x100fff" },
};

const struct boot_layout boot_vmm_layout = {
	.alias_base = VMM_PM_HIGH_BASE,
	.reserved = vmm_reserved,
	.reserved_count = sizeof vmm_reserved / sizeof vmm_reserved[0],
};

int boot_check_phys(const struct boot_layout *layout, const char *what,
                    uint64_t start, uint64_t end, uint64_t ram_size)
{
	/* END below START: a length that wrapped past 2^64 (flat_load). */
	if (end > ram_size || end < start)
		return set_error("%s: physical 0x%08llx-0x%08llx lies outside RAM "
		                 "(0x00000000-0x%08llx)", what,
		                 (unsigned long long)start, (unsigned long long)end,
		                 (unsigned long long)ram_size);
	for (unsigned i = 0; i < layout->reserved_count; i++) {
		const struct boot_range *r = &layout->reserved[i];

		if (start < r->end && r->start < end)
			return set_error("%s: physical 0x%08llx-0x%08llx overlaps the "
			                 "reserved page %s", what,
			                 (unsigned long long)start,
			                 (unsigned long long)end, r->name);
	}
	return 0;
}

int vmm_load_elf32(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                   size_t len, uint32_t *entry_out)
{
	return elf32_load(&boot_vmm_layout, ram, ram_size, img, len, entry_out);
}

int vmm_load_flat(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                  size_t len, uint32_t load_addr)
{
	return flat_load(&boot_vmm_layout, ram, ram_size, img, len, load_addr);
}

/* Every image: an ELF file must load as one, anything else is flat. */
static bool vmm_detect(const uint8_t *img, size_t len)
{
	(void)img;
	(void)len;
	return true;
}

static int vmm_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                    size_t len, const struct vmm_boot_options *opt,
                    struct vmm_boot *out)
{
	int r;

	out->flat = !vmm_image_is_elf(img, len);
	if (!out->flat) {
		r = vmm_load_elf32(ram, ram_size, img, len, &out->entry);
	} else {
		out->entry = opt->entry_set ? opt->entry : VMM_PM_DEFAULT_ENTRY;
		r = vmm_load_flat(ram, ram_size, img, len,
		                  opt->load_set ? opt->load_addr : VMM_PM_DEFAULT_LOAD);
	}
	if (r < 0)
		return -1;
	out->info = VMM_PM_HIGH_BASE + VMM_PM_BOOTINFO_ADDR;
	return vmm_paged_build(ram, ram_size, opt->cmdline, opt->virtio_blk_base);
}

static int vmm_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot)
{
	return vmm_vcpu_setup_paged(vcpu, boot->entry);
}

const struct boot_protocol boot_vmm = {
	.id = VMM_BOOT_VMM,
	.name = "vmm",
	.detect = vmm_detect,
	.load = vmm_load,
	.setup = vmm_setup,
};

/* Most specific first: the vmm protocol, which claims every image, last. */
static const struct boot_protocol *const protocols[] = {
	&boot_bios,       /* never detected: only when asked for */
	&boot_multiboot,
	&boot_linux,
	&boot_vmm,
};
#define N_PROTOCOLS (sizeof protocols / sizeof protocols[0])

static const struct boot_protocol *boot_by_id(enum vmm_boot_protocol id)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i]->id == id)
			return protocols[i];
	return NULL;
}

enum vmm_boot_protocol vmm_boot_detect(const uint8_t *img, size_t len)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i]->detect(img, len))
			return protocols[i]->id;
	return VMM_BOOT_VMM;
}

const char *vmm_boot_protocol_name(enum vmm_boot_protocol protocol)
{
	const struct boot_protocol *p = boot_by_id(protocol);

	return p ? p->name : NULL;
}

int vmm_boot_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                  size_t len, const struct vmm_boot_options *opt,
                  struct vmm_boot *boot)
{
	static const struct vmm_boot_options none;
	const struct boot_protocol *p;

	if (!opt)
		opt = &none;
	p = boot_by_id(opt->protocol == VMM_BOOT_AUTO ?
	               vmm_boot_detect(img, len) : opt->protocol);
	if (!p)
		return set_error("unknown boot protocol %d", (int)opt->protocol);
	if (!img || len == 0)
		return set_error("the image is empty");
	if (opt->initrd && p->id != VMM_BOOT_LINUX)
		return set_error("an initrd is for Linux kernels, and this one "
		                 "boots by %s", p->name);
	memset(boot, 0, sizeof *boot);
	boot->protocol = p->id;
	return p->load(ram, ram_size, img, len, opt, boot);
}

int vmm_boot_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot)
{
	const struct boot_protocol *p = boot_by_id(boot->protocol);

	if (!p)
		return set_error("unknown boot protocol %d", (int)boot->protocol);
	if (boot_set_cpuid(vcpu) < 0)
		return -1;
	return p->setup(vcpu, boot);
}
