/* load_elf.c: the checked ELF32 loader, placing segments by a boot protocol's layout (boot.h). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"

#include <stdio.h>
#include <string.h>

/*
 * The image is untrusted input: every field is read byte by byte (no
 * alignment or host-endianness assumptions), and every sum of two 32-bit
 * fields is computed in 64 bits, where it cannot wrap.
 */

#define EHDR_SIZE   52u   /* sizeof(Elf32_Ehdr) */
#define PHDR_SIZE   32u   /* sizeof(Elf32_Phdr) */
#define PT_LOAD_    1u
#define PN_XNUM_    0xffffu
#define ET_EXEC_    2u
#define EM_386_     3u
#define EV_CURRENT_ 1u
#define FOUR_GIB    (UINT64_C(1) << 32)

struct segment {
	uint32_t offset;   /* p_offset */
	uint32_t vaddr;    /* p_vaddr */
	uint32_t filesz;   /* p_filesz */
	uint32_t memsz;    /* p_memsz */
	uint64_t phys;     /* where it goes in guest RAM */
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool vmm_image_is_elf(const uint8_t *img, size_t len)
{
	return img != NULL && len >= 4 && memcmp(img, "\177ELF", 4) == 0;
}

/* PADDR with the layout's alias of RAM folded down onto RAM. */
static uint64_t fold(const struct boot_layout *layout, uint32_t paddr)
{
	if (layout->alias_base == 0 || paddr < layout->alias_base)
		return paddr;
	return paddr - layout->alias_base;
}

/* Validate program header INDEX (at PH) and fill SEG. Returns 1 for a
 * segment to load, 0 for one to skip, -1 on error. */
static int check_segment(const struct boot_layout *layout, unsigned index,
                         const uint8_t *ph, size_t len, uint64_t ram_size,
                         struct segment *seg)
{
	char what[32];
	uint32_t paddr;

	if (get32(ph) != PT_LOAD_)
		return 0;
	snprintf(what, sizeof what, "segment %u", index);
	seg->offset = get32(ph + 4);
	seg->vaddr = get32(ph + 8);
	paddr = get32(ph + 12);
	seg->filesz = get32(ph + 16);
	seg->memsz = get32(ph + 20);

	if (seg->filesz > seg->memsz)
		return set_error("%s: file size 0x%x is larger than its memory size "
		                 "0x%x", what, seg->filesz, seg->memsz);
	/* 64-bit sum: offset + filesz cannot wrap, and the comparison is with
	 * the real file size. */
	if ((uint64_t)seg->offset + seg->filesz > len)
		return set_error("%s: file range 0x%x+0x%x lies past the end of the "
		                 "file (%zu bytes)", what, seg->offset, seg->filesz,
		                 len);
	/* An empty PT_LOAD occupies nothing and is skipped. */
	if (seg->memsz == 0)
		return 0;
	if ((uint64_t)paddr + seg->memsz > FOUR_GIB)
		return set_error("%s: physical address range 0x%08x+0x%x wraps "
		                 "around 4 GiB", what, paddr, seg->memsz);
	if ((uint64_t)seg->vaddr + seg->memsz > FOUR_GIB)
		return set_error("%s: virtual address range 0x%08x+0x%x wraps "
		                 "around 4 GiB", what, seg->vaddr, seg->memsz);
	/* The higher half is an alias of RAM: fold it onto physical memory. */
	seg->phys = fold(layout, paddr);
	if (boot_check_phys(layout, what, seg->phys, seg->phys + seg->memsz,
	                    ram_size) < 0)
		return -1;
	return 1;
}

/*
 * e_entry is a virtual address by the ELF specification, but kernels linked
 * to start at their load address (Multiboot style) put a physical one there.
 * Both run, because RAM is mapped at 0 and at the layout's alias (vmm-pm:
 * 0x80000000), so accept an entry inside a segment's virtual range, or one
 * that the VMM's page directory translates into a segment's physical range.
 */
static bool entry_inside(const struct boot_layout *layout, uint32_t entry,
                         const struct segment *seg)
{
	uint64_t phys = fold(layout, entry);

	return (entry >= seg->vaddr && (uint64_t)entry < (uint64_t)seg->vaddr + seg->memsz) ||
	       (phys >= seg->phys && phys < seg->phys + seg->memsz);
}

int elf32_load(const struct boot_layout *layout, uint8_t *ram,
               uint64_t ram_size, const uint8_t *img, size_t len,
               uint32_t *entry_out)
{
	return elf32_load_span(layout, ram, ram_size, img, len, entry_out, NULL);
}

int elf32_load_span(const struct boot_layout *layout, uint8_t *ram,
                    uint64_t ram_size, const uint8_t *img, size_t len,
                    uint32_t *entry_out, uint64_t span[2])
{
	uint64_t lo = UINT64_MAX, hi = 0, entry_phys = 0;
	bool entry_virt = false;
	uint32_t entry, phoff, version;
	uint16_t type, machine, phentsize, phnum;
	unsigned loadable = 0;
	bool entry_ok = false;

	if (!vmm_image_is_elf(img, len))
		return set_error("not an ELF file");
	if (len < EHDR_SIZE)
		return set_error("ELF header is truncated (%zu bytes, need %u)", len,
		                 EHDR_SIZE);
	if (img[4] != 1)
		return set_error("ELF class is not 32-bit");
	if (img[5] != 1)
		return set_error("ELF data encoding is not little-endian");
	type = get16(img + 16);
	machine = get16(img + 18);
	version = get32(img + 20);
	entry = get32(img + 24);
	phoff = get32(img + 28);
	phentsize = get16(img + 42);
	phnum = get16(img + 44);
	if (img[6] != EV_CURRENT_ || version != EV_CURRENT_)
		return set_error("ELF version is %u, not %u", version != EV_CURRENT_ ?
		                 version : img[6], EV_CURRENT_);
	if (type != ET_EXEC_)
		return set_error("ELF type is %u, not an executable (ET_EXEC, 2)", type);
	if (machine != EM_386_)
		return set_error("ELF machine is %u, not i386 (3)", machine);
	if (phnum == 0)
		return set_error("no loadable segment (PT_LOAD)");
	/* With PN_XNUM the real count lives in section header 0; kernels never
	 * need that many segments. */
	if (phnum == PN_XNUM_)
		return set_error("ELF program header count 0xffff (PN_XNUM) is not "
		                 "supported");
	if (phentsize != PHDR_SIZE)
		return set_error("ELF program header size is %u, not %u", phentsize,
		                 PHDR_SIZE);
	/* At most 0xfffe * 32 bytes past a 32-bit offset: no 64-bit wrap. */
	if ((uint64_t)phoff + (uint64_t)phnum * phentsize > len)
		return set_error("program header table 0x%x+%u*%u lies past the end "
		                 "of the file (%zu bytes)", phoff, phnum, phentsize,
		                 len);

	/* Pass 1: validate everything; RAM is not touched until all is well. */
	for (unsigned i = 0; i < phnum; i++) {
		struct segment seg;
		int r = check_segment(layout, i, img + phoff + (size_t)i * PHDR_SIZE,
		                      len, ram_size, &seg);

		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		loadable++;
		if (entry_inside(layout, entry, &seg))
			entry_ok = true;
		/* Virtual to physical through the first segment whose virtual
		 * range holds the entry; else the entry is physical already. */
		if (!entry_virt && entry >= seg.vaddr &&
		    (uint64_t)entry < (uint64_t)seg.vaddr + seg.memsz) {
			entry_virt = true;
			entry_phys = seg.phys + (entry - seg.vaddr);
		}
		if (seg.phys < lo)
			lo = seg.phys;
		if (seg.phys + seg.memsz > hi)
			hi = seg.phys + seg.memsz;
	}
	if (loadable == 0)
		return set_error("no loadable segment (PT_LOAD)");
	if (!entry_ok)
		return set_error("entry point 0x%08x is not inside a loaded segment",
		                 entry);

	/* Pass 2: copy (RAM NULL: check only); the checks above cannot fail
	 * now. */
	for (unsigned i = 0; ram && i < phnum; i++) {
		struct segment seg;

		if (check_segment(layout, i, img + phoff + (size_t)i * PHDR_SIZE,
		                  len, ram_size, &seg) != 1)
			continue;
		memcpy(ram + seg.phys, img + seg.offset, seg.filesz);
		memset(ram + seg.phys + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	if (layout->entry_physical && entry_virt)
		entry = (uint32_t)entry_phys;
	if (entry_out)
		*entry_out = entry;
	if (span) {
		span[0] = lo;
		span[1] = hi;
	}
	return 0;
}
