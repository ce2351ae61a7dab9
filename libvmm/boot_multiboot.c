/* boot_multiboot.c: the Multiboot v1 boot protocol: header checks, ELF32 or a.out-kludge loading, modules, boot info, unpaged entry state. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"
#include "x86.h"

#include <stdio.h>
#include <string.h>

/*
 * The Multiboot specification 0.6.96, section 3. The image is untrusted:
 * fields are read byte by byte, and every sum of 32-bit fields is computed
 * in 64 bits, where it cannot wrap. Nothing is written to RAM until every
 * check has passed.
 */

#define MB_MAGIC          0x1BADB002u
#define MB_BOOT_MAGIC     0x2BADB002u
#define MB_SEARCH         8192u
#define MB_HDR_MIN        12u      /* magic, flags, checksum */
#define MB_HDR_AOUT       32u      /* ... and the five address fields */
#define MB_FLAG_ALIGN     (1u << 0)
#define MB_FLAG_MEMINFO   (1u << 1)
#define MB_FLAG_VIDEO     (1u << 2)
#define MB_FLAG_AOUT      (1u << 16)

/* multiboot_info flags */
#define MBI_MEM           (1u << 0)
#define MBI_CMDLINE       (1u << 2)
#define MBI_MODS          (1u << 3)
#define MBI_MMAP          (1u << 6)
#define MBI_LOADER_NAME   (1u << 9)

#define ONE_MIB           UINT64_C(0x100000)
#define LOW_END           UINT64_C(0x9FC00)   /* end of low RAM in the map */
#define PAGE              UINT64_C(0x1000)
#define MAX_MODULES       64u

/* The boot-info block, from its page-aligned base. */
#define OFF_GDT           0x80u    /* null, code 0x08, data 0x10 */
#define OFF_NAME          0xA0u
#define OFF_MMAP          0xB0u
#define MMAP_ENTRIES      3u
#define MMAP_ENTRY        24u      /* size field + 20 bytes */
#define OFF_MODS          0x100u
#define MOD_ENTRY         16u
#define OFF_STRINGS       (OFF_MODS + MAX_MODULES * MOD_ENTRY)
#define CODE_SEL          0x08
#define DATA_SEL          0x10
#define LOADER_NAME       "kvm-vmm"

static const char video_note[] =
	"the kernel's Multiboot header asks for a video mode (flag 2): ignored, "
	"the console stays as it is";

/* Multiboot loads to physical addresses: no alias, nothing reserved (the
 * boot info goes where the image is not). */
static const struct boot_layout mb_layout = {
	.alias_base = 0,
	.reserved = NULL,
	.reserved_count = 0,
	.entry_physical = true,
};

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

/* The offset of the first valid Multiboot header, or -1. */
static long find_header(const uint8_t *img, size_t len)
{
	size_t limit = len < MB_SEARCH ? len : MB_SEARCH;

	if (!img)
		return -1;
	for (size_t off = 0; off + MB_HDR_MIN <= limit; off += 4) {
		uint32_t magic = get32(img + off);

		if (magic == MB_MAGIC &&
		    (uint32_t)(magic + get32(img + off + 4) + get32(img + off + 8)) == 0)
			return (long)off;
	}
	return -1;
}

static bool mb_detect(const uint8_t *img, size_t len)
{
	return find_header(img, len) >= 0;
}

/* Where the a.out kludge puts the image: file bytes [OFF, OFF+FILESZ) to
 * physical LOAD, zeroed up to END; ENTRY physical. */
struct aout {
	uint64_t off, filesz, load, end;
	uint32_t entry;
};

static int check_aout(const uint8_t *img, size_t len, size_t hdr,
                      uint64_t ram_size, struct aout *a)
{
	uint32_t header_addr, load_addr, load_end, bss_end, entry;

	if ((uint64_t)hdr + MB_HDR_AOUT > len)
		return set_error("Multiboot header at 0x%zx: its address fields "
		                 "(flag 16) lie past the end of the file", hdr);
	header_addr = get32(img + hdr + 12);
	load_addr = get32(img + hdr + 16);
	load_end = get32(img + hdr + 20);
	bss_end = get32(img + hdr + 24);
	entry = get32(img + hdr + 28);

	if (load_addr > header_addr)
		return set_error("Multiboot load_addr 0x%08x is above header_addr "
		                 "0x%08x", load_addr, header_addr);
	/* The file offset that load_addr stands for. */
	if ((uint64_t)(header_addr - load_addr) > hdr)
		return set_error("Multiboot header_addr 0x%08x - load_addr 0x%08x "
		                 "reaches before the start of the file", header_addr,
		                 load_addr);
	a->off = hdr - (uint64_t)(header_addr - load_addr);
	a->load = load_addr;
	if (load_end == 0) {
		a->filesz = len - a->off;
	} else {
		if (load_end <= load_addr)
			return set_error("Multiboot load_end_addr 0x%08x is not above "
			                 "load_addr 0x%08x", load_end, load_addr);
		a->filesz = (uint64_t)load_end - load_addr;
		if (a->off + a->filesz > len)
			return set_error("Multiboot load_end_addr 0x%08x: 0x%llx bytes "
			                 "from file offset 0x%llx lie past the end of the "
			                 "file (%zu bytes)", load_end,
			                 (unsigned long long)a->filesz,
			                 (unsigned long long)a->off, len);
	}
	a->end = a->load + a->filesz;
	if (bss_end != 0) {
		if (bss_end < a->end)
			return set_error("Multiboot bss_end_addr 0x%08x is below the "
			                 "end of the loaded image 0x%08llx", bss_end,
			                 (unsigned long long)a->end);
		a->end = bss_end;
	}
	if (entry < a->load || entry >= a->load + a->filesz)
		return set_error("Multiboot entry_addr 0x%08x is not inside the "
		                 "loaded image 0x%08llx-0x%08llx", entry,
		                 (unsigned long long)a->load,
		                 (unsigned long long)(a->load + a->filesz));
	a->entry = entry;
	return boot_check_phys(&mb_layout, "Multiboot image", a->load, a->end,
	                       ram_size);
}

/* Where each part of the boot goes, all checked before RAM is written. */
struct mb_plan {
	uint64_t kstart, kend;            /* the kernel's physical span */
	uint64_t mod_addr[MAX_MODULES];   /* each module's start */
	uint64_t info, info_size;         /* the boot-info block */
};

static bool overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 < b1 && b0 < a1;
}

static int plan_layout(uint64_t ram_size, const struct vmm_boot_options *opt,
                       struct mb_plan *pl)
{
	uint64_t at = page_up(pl->kend), strings = 0, top;
	size_t cmdlen = opt->cmdline ? strlen(opt->cmdline) : 0;

	if (opt->module_count > MAX_MODULES)
		return set_error("%u Multiboot modules: at most %u are allowed",
		                 opt->module_count, MAX_MODULES);
	if (opt->module_count && !opt->modules)
		return set_error("Multiboot modules: no module list");
	for (unsigned i = 0; i < opt->module_count; i++) {
		const struct vmm_boot_module *m = &opt->modules[i];
		char what[40];

		/* A module never straddles the hole below 1 MiB. */
		if (at < ONE_MIB && at + (uint64_t)m->len > LOW_END)
			at = ONE_MIB;
		snprintf(what, sizeof what, "Multiboot module %u", i + 1);
		if ((uint64_t)m->len > ram_size || at + (uint64_t)m->len > ram_size)
			return set_error("%s (%zu bytes) does not fit in RAM above "
			                 "the kernel (0x%08llx-0x%08llx)", what, m->len,
			                 (unsigned long long)at,
			                 (unsigned long long)ram_size);
		pl->mod_addr[i] = at;
		at = page_up(at + m->len);
		strings += (m->string ? strlen(m->string) : 0) + 1;
	}
	pl->info_size = page_up(OFF_STRINGS + cmdlen + 1 + strings);
	top = at;

	/* The first page-aligned place below LOW_END (above the real-mode IVT
	 * and BIOS data page) that the kernel and modules leave free. */
	pl->info = PAGE;
	if (overlaps(pl->info, pl->info + pl->info_size, pl->kstart, top))
		pl->info = page_up(top);
	if (pl->info + pl->info_size > LOW_END)
		return set_error("no room below 0x9fc00 for the Multiboot boot "
		                 "information (0x%llx bytes): the kernel occupies "
		                 "0x%08llx-0x%08llx", (unsigned long long)pl->info_size,
		                 (unsigned long long)pl->kstart,
		                 (unsigned long long)pl->kend);
	return 0;
}

/* Copy string S (NULL: "") to RAM at *AT and return its address. */
static uint32_t put_string(uint8_t *ram, uint64_t *at, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	uint64_t addr = *at;

	if (n)
		memcpy(ram + addr, s, n);
	ram[addr + n] = 0;
	*at += n + 1;
	return (uint32_t)addr;
}


static void put_mmap(uint8_t *p, uint64_t base, uint64_t length, uint32_t type)
{
	put32(p, MMAP_ENTRY - 4);
	put64(p + 4, base);
	put64(p + 12, length);
	put32(p + 20, type);
}

static void write_info(uint8_t *ram, uint64_t ram_size,
                       const struct vmm_boot_options *opt,
                       const struct mb_plan *pl)
{
	uint8_t *info = ram + pl->info;
	uint64_t strings = pl->info + OFF_STRINGS;
	uint32_t flags = MBI_MEM | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;

	memset(info, 0, pl->info_size);
	boot_flat_descriptor(info + OFF_GDT + CODE_SEL, X86_SEG_CODE_XRA);
	boot_flat_descriptor(info + OFF_GDT + DATA_SEL, X86_SEG_DATA_RWA);
	memcpy(info + OFF_NAME, LOADER_NAME, sizeof LOADER_NAME);

	put_mmap(info + OFF_MMAP, 0, LOW_END, 1);
	put_mmap(info + OFF_MMAP + MMAP_ENTRY, LOW_END, ONE_MIB - LOW_END, 2);
	put_mmap(info + OFF_MMAP + 2 * MMAP_ENTRY, ONE_MIB, ram_size - ONE_MIB, 1);

	put32(info + 4, 639);                                   /* mem_lower */
	put32(info + 8, (uint32_t)((ram_size - ONE_MIB) / 1024)); /* mem_upper */
	put32(info + 16, put_string(ram, &strings, opt->cmdline));
	if (opt->module_count) {
		flags |= MBI_MODS;
		put32(info + 20, opt->module_count);
		put32(info + 24, (uint32_t)(pl->info + OFF_MODS));
		for (unsigned i = 0; i < opt->module_count; i++) {
			const struct vmm_boot_module *m = &opt->modules[i];
			uint8_t *e = info + OFF_MODS + i * MOD_ENTRY;

			memcpy(ram + pl->mod_addr[i], m->data, m->len);
			put32(e, (uint32_t)pl->mod_addr[i]);
			put32(e + 4, (uint32_t)(pl->mod_addr[i] + m->len));
			put32(e + 8, put_string(ram, &strings, m->string));
		}
	}
	put32(info + 44, MMAP_ENTRIES * MMAP_ENTRY);            /* mmap_length */
	put32(info + 48, (uint32_t)(pl->info + OFF_MMAP));      /* mmap_addr */
	put32(info + 64, (uint32_t)(pl->info + OFF_NAME));      /* boot_loader_name */
	put32(info, flags);
}

static int mb_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                   size_t len, const struct vmm_boot_options *opt,
                   struct vmm_boot *out)
{
	long found = find_header(img, len);
	struct mb_plan pl;
	struct aout a = { 0 };
	uint32_t flags;
	size_t hdr;

	if (found < 0)
		return set_error("no Multiboot header (magic 0x1badb002 with a valid "
		                 "checksum, 4-byte aligned in the first 8192 bytes)");
	hdr = (size_t)found;
	flags = get32(img + hdr + 4);
	for (unsigned bit = 3; bit < 16; bit++)
		if (flags & (1u << bit))
			return set_error("Multiboot header flag bit %u is not supported "
			                 "(flags 0x%08x)", bit, flags);
	if (ram_size < 2 * ONE_MIB || ram_size > (UINT64_C(1) << 32))
		return set_error("Multiboot needs between 2 MiB and 4 GiB of RAM "
		                 "(not %llu bytes)", (unsigned long long)ram_size);
	memset(&pl, 0, sizeof pl);

	if (flags & MB_FLAG_AOUT) {
		if (check_aout(img, len, hdr, ram_size, &a) < 0)
			return -1;
		pl.kstart = a.load;
		pl.kend = a.end;
	} else {
		if (len >= 5 && vmm_image_is_elf(img, len) && img[4] == 2)
			return set_error("an ELF64 kernel cannot boot by Multiboot v1 "
			                 "(it needs an ELF32 image or the a.out "
			                 "address fields, flag 16)");
		if (!vmm_image_is_elf(img, len))
			return set_error("not an ELF file, and its Multiboot header has "
			                 "no address fields (flag 16)");
	}

	if (!(flags & MB_FLAG_AOUT)) {
		uint64_t span[2];

		/* Check the ELF (RAM NULL: nothing is copied) and plan around
		 * its span before anything is written. */
		if (elf32_load_span(&mb_layout, NULL, ram_size, img, len, NULL,
		                    span) < 0)
			return -1;
		pl.kstart = span[0];
		pl.kend = span[1];
		if (plan_layout(ram_size, opt, &pl) < 0)
			return -1;
		if (elf32_load_span(&mb_layout, ram, ram_size, img, len,
		                    &out->entry, span) < 0)
			return -1;
	} else {
		if (plan_layout(ram_size, opt, &pl) < 0)
			return -1;
		memcpy(ram + a.load, img + a.off, a.filesz);
		memset(ram + a.load + a.filesz, 0, a.end - a.load - a.filesz);
		out->entry = a.entry;
	}
	write_info(ram, ram_size, opt, &pl);
	out->info = (uint32_t)pl.info;
	out->flat = false;
	out->note = flags & MB_FLAG_VIDEO ? video_note : NULL;
	return 0;
}

static int mb_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof regs);
	regs.rip = boot->entry;
	regs.rflags = X86_EFLAGS_FIXED;
	regs.rax = MB_BOOT_MAGIC;
	regs.rbx = boot->info;
	return boot_flat_setup(vcpu, boot->info + OFF_GDT, CODE_SEL, DATA_SEL, &regs);
}

const struct boot_protocol boot_multiboot = {
	.id = VMM_BOOT_MULTIBOOT,
	.name = "multiboot",
	.detect = mb_detect,
	.load = mb_load,
	.setup = mb_setup,
};
