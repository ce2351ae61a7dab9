/* boot_vmm.c: the vmm-pm boot protocol (vmm-abi(7)): ELF32 or flat kernel, reserved pages, boot info, paged entry state. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"

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
                    size_t len, const struct boot_params *p, uint32_t *entry)
{
	if (vmm_image_is_elf(img, len))
		return vmm_load_elf32(ram, ram_size, img, len, entry);
	*entry = p->entry_set ? p->entry : VMM_PM_DEFAULT_ENTRY;
	return vmm_load_flat(ram, ram_size, img, len,
	                     p->load_set ? p->load_addr : VMM_PM_DEFAULT_LOAD);
}

static int vmm_prepare(uint8_t *ram, uint64_t ram_size,
                       const struct boot_params *p)
{
	return vmm_paged_build(ram, ram_size, p->cmdline, p->virtio_blk_base);
}

const struct boot_protocol boot_vmm = {
	.name = "vmm",
	.detect = vmm_detect,
	.load = vmm_load,
	.prepare = vmm_prepare,
	.setup = vmm_vcpu_setup_paged,
};

/* Most specific first: the vmm protocol, which claims every image, last. */
static const struct boot_protocol *const protocols[] = {
	&boot_vmm,
};

const struct boot_protocol *boot_detect(const uint8_t *img, size_t len)
{
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (protocols[i]->detect(img, len))
			return protocols[i];
	return &boot_vmm;
}
