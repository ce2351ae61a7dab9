/* boot_linux.c: the Linux 32-bit boot protocol: setup header checks, protected-mode code at code32_start, zero page with e820 map, command line, initrd, unpaged entry state. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"
#include "x86.h"

#include <string.h>

/*
 * The facts come from the kernel's Documentation/arch/x86/boot.rst: the
 * setup header at file offset 0x1F1, its "HdrS" signature at 0x202, and
 * the 32-bit entry, which skips the real-mode setup code (there is no BIOS
 * here for it to call). The loader does what that setup code would have
 * done: it writes the zero page (struct boot_params) with the header, an
 * e820 memory map and a text-mode screen description.
 *
 * The image is untrusted: fields are read byte by byte and every sum of
 * 32-bit fields is computed in 64 bits, where it cannot wrap. Nothing is
 * written to RAM until every check has passed.
 */

#define HDR_OFF            0x1F1u   /* the setup header in file and zero page */
#define HDR_MAGIC_OFF      0x202u
#define HDR_MAGIC          0x53726448u   /* "HdrS" */
#define HDR_MIN_LEN        0x268u   /* up to the 2.10 fields (init_size) */
#define HDR_MAX_END        0x290u   /* where boot_params' header area ends */
#define MIN_VERSION        0x0206u  /* cmdline_size is there from 2.06 */

/* Setup header fields, by file (and zero page) offset. */
#define H_SETUP_SECTS      0x1F1u
#define H_VID_MODE         0x1FAu
#define H_JUMP             0x200u
#define H_VERSION          0x206u
#define H_TYPE_OF_LOADER   0x210u
#define H_LOADFLAGS        0x211u
#define H_CODE32_START     0x214u
#define H_RAMDISK_IMAGE    0x218u
#define H_RAMDISK_SIZE     0x21Cu
#define H_CMD_LINE_PTR     0x228u
#define H_INITRD_ADDR_MAX  0x22Cu
#define H_CMDLINE_SIZE     0x238u
#define H_INIT_SIZE        0x260u

#define LOADED_HIGH        0x01u
#define LOADER_UNDEFINED   0xFFu    /* type_of_loader: no assigned id */
#define VID_MODE_NORMAL    0xFFFFu

/* Zero page fields outside the setup header. */
#define ZP_ORIG_X          0x000u
#define ZP_EXT_MEM_K       0x002u
#define ZP_VIDEO_MODE      0x006u
#define ZP_VIDEO_COLS      0x007u
#define ZP_VIDEO_LINES     0x00Eu
#define ZP_VIDEO_ISVGA     0x00Fu
#define ZP_VIDEO_POINTS    0x010u
#define ZP_ALT_MEM_K       0x1E0u
#define ZP_E820_ENTRIES    0x1E8u
#define ZP_E820_TABLE      0x2D0u
#define E820_ENTRY         20u      /* addr, size (64-bit), type */
#define E820_RAM           1u
#define E820_RESERVED      2u

#define ONE_MIB            UINT64_C(0x100000)
#define LOW_END            UINT64_C(0x9FC00)   /* end of low RAM in the map */
#define PAGE               UINT64_C(0x1000)
/* Where the kernel may look for an initrd at most (boot.rst: the kernel
 * maps only so much of low memory directly on 32-bit). */
#define INITRD_LIMIT       UINT64_C(0x38000000)

/*
 * The loader's own low memory, below any protected-mode code (which must
 * load at or above 1 MiB): page 1 holds the GDT and, above it, the small
 * stack ESP starts on; page 2 the zero page; the command line follows.
 * The real-mode IVT and BIOS data area in page 0 stay zero.
 */
#define GDT_ADDR           0x1000u
#define STACK_TOP          0x2000u
#define ZERO_PAGE          0x2000u
#define CMDLINE_ADDR       0x3000u
#define BOOT_CS            0x10u    /* __BOOT_CS */
#define BOOT_DS            0x18u    /* __BOOT_DS */

static const struct boot_range linux_reserved[] = {
	{ 0, ONE_MIB, "0x00000-0xfffff (the loader's zero page, GDT and "
	  "command line, and the PC's hole)" },
};

static const struct boot_layout linux_layout = {
	.alias_base = 0,
	.reserved = linux_reserved,
	.reserved_count = 1,
	.entry_physical = true,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static bool linux_detect(const uint8_t *img, size_t len)
{
	return img && len >= HDR_MAGIC_OFF + 4 &&
	       get32(img + HDR_MAGIC_OFF) == HDR_MAGIC;
}

/* What the checks decided, for writing RAM afterwards. */
struct linux_plan {
	uint64_t setup_len;      /* file bytes before the protected-mode code */
	uint64_t pm_len;         /* protected-mode code: the rest of the file */
	uint32_t code32;         /* where it goes and starts */
	uint64_t kernel_end;     /* code32 + what it needs (init_size) */
	uint64_t hdr_end;        /* file offset just past the setup header */
	uint64_t initrd;         /* physical, 0 if none */
	size_t cmd_len;          /* without its NUL */
};

static int check_header(const uint8_t *img, size_t len, uint64_t ram_size,
                        struct linux_plan *pl)
{
	unsigned setup_sects;
	uint16_t version = 0;
	uint64_t need;

	if (!linux_detect(img, len))
		return set_error("no Linux setup header (\"HdrS\" at file offset "
		                 "0x202)");
	if (len >= H_VERSION + 2) {
		version = get16(img + H_VERSION);
		if (version < MIN_VERSION)
			return set_error("Linux boot protocol %u.%02u is too old "
			                 "(2.06 or later is needed)", version >> 8,
			                 version & 0xFF);
	}
	if (len < HDR_MIN_LEN)
		return set_error("Linux setup header: the file ends at %zu bytes, "
		                 "inside the header", len);
	if (!(img[H_LOADFLAGS] & LOADED_HIGH))
		return set_error("the Linux kernel is not loaded high (loadflags "
		                 "0x%02x lacks LOADED_HIGH): a zImage cannot boot "
		                 "without its BIOS setup code", img[H_LOADFLAGS]);
	if (ram_size < 2 * ONE_MIB || ram_size > (UINT64_C(1) << 32))
		return set_error("Linux needs between 2 MiB and 4 GiB of RAM (not "
		                 "%llu bytes)", (unsigned long long)ram_size);

	setup_sects = img[H_SETUP_SECTS];
	if (setup_sects == 0)
		setup_sects = 4;   /* boot.rst: 0 stands for 4 */
	pl->setup_len = ((uint64_t)setup_sects + 1) * 512;
	if (pl->setup_len >= len)
		return set_error("Linux setup_sects %u: the setup code (%llu bytes) "
		                 "reaches past the end of the file (%zu bytes)",
		                 setup_sects, (unsigned long long)pl->setup_len, len);
	pl->pm_len = len - pl->setup_len;

	/* The header ends at 0x202 + the offset of its opening short jump. */
	pl->hdr_end = img[H_JUMP] == 0xEB ? HDR_MAGIC_OFF + img[H_JUMP + 1] :
	              HDR_MIN_LEN;
	if (pl->hdr_end > HDR_MAX_END)
		pl->hdr_end = HDR_MAX_END;
	if (pl->hdr_end < HDR_MIN_LEN)
		pl->hdr_end = HDR_MIN_LEN;

	pl->code32 = get32(img + H_CODE32_START);
	/* From 2.10 on, init_size says how much memory from the load address
	 * the kernel needs while it starts (its bss, its decompression). */
	need = pl->pm_len;
	if (version >= 0x020A && get32(img + H_INIT_SIZE) > need)
		need = get32(img + H_INIT_SIZE);
	pl->kernel_end = (uint64_t)pl->code32 + need;
	return boot_check_phys(&linux_layout, "Linux protected-mode code "
	                       "(code32_start + size)", pl->code32,
	                       pl->kernel_end, ram_size);
}

static int plan_rest(const uint8_t *img, uint64_t ram_size,
                     const struct vmm_boot_options *opt, struct linux_plan *pl)
{
	uint32_t cmdline_size = get32(img + H_CMDLINE_SIZE);
	uint64_t top, low;

	if (opt->module_count)
		return set_error("modules are for Multiboot kernels: a Linux "
		                 "kernel takes an initrd");
	pl->cmd_len = opt->cmdline ? strlen(opt->cmdline) : 0;
	if (pl->cmd_len > cmdline_size)
		return set_error("the command line (%zu bytes) is longer than the "
		                 "kernel's cmdline_size (%u bytes)", pl->cmd_len,
		                 cmdline_size);
	if (CMDLINE_ADDR + (uint64_t)pl->cmd_len + 1 > LOW_END)
		return set_error("the command line (%zu bytes) does not fit below "
		                 "0x9fc00", pl->cmd_len);

	pl->initrd = 0;
	/* An empty initrd is none: ramdisk_size 0 tells the kernel so. */
	if (!opt->initrd || opt->initrd_len == 0)
		return 0;
	/* As high as RAM, initrd_addr_max (the highest byte it may occupy)
	 * and the kernel's direct map allow, page-aligned. */
	top = ram_size;
	if ((uint64_t)get32(img + H_INITRD_ADDR_MAX) + 1 < top)
		top = (uint64_t)get32(img + H_INITRD_ADDR_MAX) + 1;
	if (INITRD_LIMIT < top)
		top = INITRD_LIMIT;
	low = (pl->kernel_end + PAGE - 1) & ~(PAGE - 1);
	if ((uint64_t)opt->initrd_len > top || top - opt->initrd_len < low ||
	    (((top - opt->initrd_len) & ~(PAGE - 1)) < low))
		return set_error("the initrd (%zu bytes) does not fit in RAM "
		                 "between the kernel's end 0x%08llx and 0x%08llx",
		                 opt->initrd_len, (unsigned long long)low,
		                 (unsigned long long)top);
	pl->initrd = (top - opt->initrd_len) & ~(PAGE - 1);
	return 0;
}


static void put_e820(uint8_t *zp, unsigned i, uint64_t base, uint64_t size,
                     uint32_t type)
{
	uint8_t *e = zp + ZP_E820_TABLE + i * E820_ENTRY;

	put64(e, base);
	put64(e + 8, size);
	put32(e + 16, type);
}

static void write_zero_page(uint8_t *ram, uint64_t ram_size,
                            const uint8_t *img, const struct vmm_boot_options *opt,
                            const struct linux_plan *pl)
{
	uint8_t *zp = ram + ZERO_PAGE;
	uint64_t ext_k = (ram_size - ONE_MIB) / 1024;

	memset(zp, 0, PAGE);
	memcpy(zp + HDR_OFF, img + HDR_OFF, pl->hdr_end - HDR_OFF);

	/* The screen the real-mode setup code would have found: 80x25 colour
	 * text (mode 3) on a VGA, cursor at the top left. */
	zp[ZP_ORIG_X] = 0;
	zp[ZP_VIDEO_MODE] = 3;
	zp[ZP_VIDEO_COLS] = 80;
	zp[ZP_VIDEO_LINES] = 25;
	zp[ZP_VIDEO_ISVGA] = 1;
	put16(zp + ZP_VIDEO_POINTS, 16);
	put16(zp + ZP_EXT_MEM_K, ext_k > 0xFFFF ? 0xFFFF : (uint16_t)ext_k);
	put32(zp + ZP_ALT_MEM_K, (uint32_t)ext_k);

	/* The same regions as the Multiboot memory map. */
	zp[ZP_E820_ENTRIES] = 3;
	put_e820(zp, 0, 0, LOW_END, E820_RAM);
	put_e820(zp, 1, LOW_END, ONE_MIB - LOW_END, E820_RESERVED);
	put_e820(zp, 2, ONE_MIB, ram_size - ONE_MIB, E820_RAM);

	put16(zp + H_VID_MODE, VID_MODE_NORMAL);
	zp[H_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	put32(zp + H_CMD_LINE_PTR, CMDLINE_ADDR);
	put32(zp + H_RAMDISK_IMAGE, (uint32_t)pl->initrd);
	put32(zp + H_RAMDISK_SIZE, pl->initrd ? (uint32_t)opt->initrd_len : 0);

	if (pl->cmd_len)
		memcpy(ram + CMDLINE_ADDR, opt->cmdline, pl->cmd_len);
	ram[CMDLINE_ADDR + pl->cmd_len] = 0;
}

static int linux_load(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                      size_t len, const struct vmm_boot_options *opt,
                      struct vmm_boot *out)
{
	struct linux_plan pl;

	memset(&pl, 0, sizeof pl);
	if (check_header(img, len, ram_size, &pl) < 0 ||
	    plan_rest(img, ram_size, opt, &pl) < 0)
		return -1;

	memset(ram + GDT_ADDR, 0, PAGE);
	boot_flat_descriptor(ram + GDT_ADDR + BOOT_CS, X86_SEG_CODE_XRA);
	boot_flat_descriptor(ram + GDT_ADDR + BOOT_DS, X86_SEG_DATA_RWA);
	write_zero_page(ram, ram_size, img, opt, &pl);
	memcpy(ram + pl.code32, img + pl.setup_len, pl.pm_len);
	/* What init_size asks beyond the file starts zeroed, as fresh RAM. */
	memset(ram + pl.code32 + pl.pm_len, 0,
	       pl.kernel_end - pl.code32 - pl.pm_len);
	if (pl.initrd)
		memcpy(ram + pl.initrd, opt->initrd, opt->initrd_len);

	out->entry = pl.code32;
	out->info = ZERO_PAGE;
	out->flat = false;
	out->note = NULL;
	return 0;
}

static int linux_setup(struct vmm_vcpu *vcpu, const struct vmm_boot *boot)
{
	struct kvm_regs regs;

	/* boot.rst: ESI the zero page; EBP, EDI and EBX zero. ESP is not the
	 * protocol's, but a kernel's first call needs a stack: a small one
	 * in the loader's GDT page. */
	memset(&regs, 0, sizeof regs);
	regs.rip = boot->entry;
	regs.rflags = X86_EFLAGS_FIXED;
	regs.rsi = boot->info;
	regs.rsp = STACK_TOP;
	return boot_flat_setup(vcpu, GDT_ADDR, BOOT_CS, BOOT_DS, &regs);
}

const struct boot_protocol boot_linux = {
	.id = VMM_BOOT_LINUX,
	.name = "linux",
	.detect = linux_detect,
	.load = linux_load,
	.setup = linux_setup,
};
