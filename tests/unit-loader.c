/* unit-loader.c: Check tests of the ELF32 and flat loaders (no KVM needed). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "vmm.h"

#define RAM_SIZE  (4u << 20)
#define RAM_FILL  0xaa

/*
 * The base image, written byte by byte: an ELF32 header, two program headers
 * and their contents. Segment 0 is 0x100 bytes of text at 0x80001000 (file
 * 0x100), segment 1 is 0x80 bytes of data plus 0x180 of bss at 0x80002000
 * (file 0x200); the entry is 0x80001000. Each case below patches fields.
 */
#define BASE_LEN      0x280u
#define IMG_MAX       0x1000u

/* Offsets of ELF header and program header fields. */
#define EH_MAG1       1
#define EH_CLASS      4
#define EH_DATA       5
#define EH_IDVERSION  6
#define EH_TYPE       16
#define EH_MACHINE    18
#define EH_VERSION    20
#define EH_ENTRY      24
#define EH_PHOFF      28
#define EH_PHENTSIZE  42
#define EH_PHNUM      44
#define PH(i, field)  (52 + 32 * (i) + (field))
#define P_TYPE        0
#define P_OFFSET      4
#define P_VADDR       8
#define P_PADDR       12
#define P_FILESZ      16
#define P_MEMSZ       20

struct patch {
	unsigned off;     /* byte offset in the image */
	unsigned width;   /* 1, 2 or 4 bytes; 0 ends the list */
	uint32_t value;
};

static uint8_t *ram;
static uint8_t img[IMG_MAX];

static void put(uint8_t *p, unsigned width, uint32_t v)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t payload_byte(size_t off)
{
	return (uint8_t)(off * 7 + 3);
}

/* Build the base image into img[], apply PATCHES, return its length. */
static size_t build(const struct patch *patches, size_t len)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };

	memset(img, 0, sizeof img);
	memcpy(img, ident, sizeof ident);
	put(img + EH_TYPE, 2, 2);           /* ET_EXEC */
	put(img + EH_MACHINE, 2, 3);        /* EM_386 */
	put(img + EH_VERSION, 4, 1);
	put(img + EH_ENTRY, 4, 0x80001000);
	put(img + EH_PHOFF, 4, 52);
	put(img + 40, 2, 52);               /* e_ehsize */
	put(img + EH_PHENTSIZE, 2, 32);
	put(img + EH_PHNUM, 2, 2);
	/* segment 0: text */
	put(img + PH(0, P_TYPE), 4, 1);
	put(img + PH(0, P_OFFSET), 4, 0x100);
	put(img + PH(0, P_VADDR), 4, 0x80001000);
	put(img + PH(0, P_PADDR), 4, 0x80001000);
	put(img + PH(0, P_FILESZ), 4, 0x100);
	put(img + PH(0, P_MEMSZ), 4, 0x100);
	put(img + PH(0, 24), 4, 5);         /* R+X */
	put(img + PH(0, 28), 4, 0x1000);
	/* segment 1: data + bss */
	put(img + PH(1, P_TYPE), 4, 1);
	put(img + PH(1, P_OFFSET), 4, 0x200);
	put(img + PH(1, P_VADDR), 4, 0x80002000);
	put(img + PH(1, P_PADDR), 4, 0x80002000);
	put(img + PH(1, P_FILESZ), 4, 0x80);
	put(img + PH(1, P_MEMSZ), 4, 0x200);
	put(img + PH(1, 24), 4, 6);         /* R+W */
	put(img + PH(1, 28), 4, 0x1000);
	for (size_t off = 0x100; off < BASE_LEN; off++)
		img[off] = (uint8_t)payload_byte(off);
	for (; patches && patches->width; patches++)
		put(img + patches->off, patches->width, patches->value);
	return len ? len : BASE_LEN;
}

static void ram_reset(void)
{
	memset(ram, RAM_FILL, RAM_SIZE);
}

/* Whether RAM still holds only the fill pattern. */
static bool ram_untouched(void)
{
	for (size_t i = 0; i < RAM_SIZE; i++)
		if (ram[i] != RAM_FILL)
			return false;
	return true;
}

static void setup(void)
{
	ram = malloc(RAM_SIZE);
	ck_assert_ptr_nonnull(ram);
	ram_reset();
}

static void teardown(void)
{
	free(ram);
	ram = NULL;
}

/* ---- malformed images: exact messages, RAM untouched ---- */

struct bad_case {
	const char *name;
	size_t len;                 /* 0: BASE_LEN */
	struct patch patch[5];
	const char *message;
};

static const struct bad_case bad[] = {
	{ "too short for the magic", 3, { { 0 } }, "not an ELF file" },
	{ "wrong magic", 0, { { EH_MAG1, 1, 'X' } }, "not an ELF file" },
	{ "truncated header", 40, { { 0 } },
	  "ELF header is truncated (40 bytes, need 52)" },
	{ "64-bit class", 0, { { EH_CLASS, 1, 2 } }, "ELF class is not 32-bit" },
	{ "no class", 0, { { EH_CLASS, 1, 0 } }, "ELF class is not 32-bit" },
	{ "big-endian", 0, { { EH_DATA, 1, 2 } },
	  "ELF data encoding is not little-endian" },
	{ "ident version 0", 0, { { EH_IDVERSION, 1, 0 } },
	  "ELF version is 0, not 1" },
	{ "e_version 2", 0, { { EH_VERSION, 4, 2 } }, "ELF version is 2, not 1" },
	{ "shared object", 0, { { EH_TYPE, 2, 3 } },
	  "ELF type is 3, not an executable (ET_EXEC, 2)" },
	{ "relocatable", 0, { { EH_TYPE, 2, 1 } },
	  "ELF type is 1, not an executable (ET_EXEC, 2)" },
	{ "x86-64 machine", 0, { { EH_MACHINE, 2, 62 } },
	  "ELF machine is 62, not i386 (3)" },
	{ "no program headers", 0, { { EH_PHNUM, 2, 0 } },
	  "no loadable segment (PT_LOAD)" },
	{ "PN_XNUM", 0, { { EH_PHNUM, 2, 0xffff } },
	  "ELF program header count 0xffff (PN_XNUM) is not supported" },
	{ "Elf64 program header size", 0, { { EH_PHENTSIZE, 2, 56 } },
	  "ELF program header size is 56, not 32" },
	{ "phoff past EOF", 0, { { EH_PHOFF, 4, 0x1000 } },
	  "program header table 0x1000+2*32 lies past the end of the file "
	  "(640 bytes)" },
	{ "table straddles EOF", 0, { { EH_PHOFF, 4, 0x261 } },
	  "program header table 0x261+2*32 lies past the end of the file "
	  "(640 bytes)" },
	/* phoff + phnum * phentsize is exactly 2^32 + 0x34: it would pass a
	 * 32-bit check. */
	{ "phnum * phentsize wraps 32 bits", 0,
	  { { EH_PHOFF, 4, 0xffe00074 }, { EH_PHNUM, 2, 0xfffe } },
	  "program header table 0xffe00074+65534*32 lies past the end of the "
	  "file (640 bytes)" },
	{ "only a PT_NOTE", 0,
	  { { EH_PHNUM, 2, 1 }, { PH(0, P_TYPE), 4, 4 } },
	  "no loadable segment (PT_LOAD)" },
	{ "only empty PT_LOADs", 0,
	  { { PH(0, P_FILESZ), 4, 0 }, { PH(0, P_MEMSZ), 4, 0 },
	    { PH(1, P_FILESZ), 4, 0 }, { PH(1, P_MEMSZ), 4, 0 } },
	  "no loadable segment (PT_LOAD)" },
	{ "filesz > memsz", 0, { { PH(0, P_MEMSZ), 4, 0xff } },
	  "segment 0: file size 0x100 is larger than its memory size 0xff" },
	{ "file range past EOF", 0, { { PH(1, P_FILESZ), 4, 0x81 } },
	  "segment 1: file range 0x200+0x81 lies past the end of the file "
	  "(640 bytes)" },
	{ "file range past EOF in a short file", 0x27f, { { 0 } },
	  "segment 1: file range 0x200+0x80 lies past the end of the file "
	  "(639 bytes)" },
	/* 0xffffff80 + 0x100 wraps to 0x80 in 32 bits. */
	{ "file range wraps around", 0, { { PH(0, P_OFFSET), 4, 0xffffff80 } },
	  "segment 0: file range 0xffffff80+0x100 lies past the end of the file "
	  "(640 bytes)" },
	{ "physical range wraps 4 GiB", 0,
	  { { PH(1, P_PADDR), 4, 0xfffff000 }, { PH(1, P_MEMSZ), 4, 0x2000 } },
	  "segment 1: physical address range 0xfffff000+0x2000 wraps around "
	  "4 GiB" },
	{ "virtual range wraps 4 GiB", 0,
	  { { PH(1, P_VADDR), 4, 0xffffff00 } },
	  "segment 1: virtual address range 0xffffff00+0x200 wraps around 4 GiB" },
	{ "segment past RAM", 0,
	  { { PH(1, P_PADDR), 4, 0x3fff00 } },
	  "segment 1: physical 0x003fff00-0x00400100 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "high-half segment past RAM", 0,
	  { { PH(1, P_PADDR), 4, 0x80400000 } },
	  "segment 1: physical 0x00400000-0x00400200 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "segment at 1 GiB", 0,
	  { { PH(0, P_PADDR), 4, 0x40000000 } },
	  "segment 0: physical 0x40000000-0x40000100 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "segment at the top of the address space", 0,
	  { { PH(0, P_PADDR), 4, 0xffffff00 } },
	  "segment 0: physical 0x7fffff00-0x80000000 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "segment over the GDT page", 0,
	  { { PH(1, P_PADDR), 4, 0x800 }, { PH(1, P_MEMSZ), 4, 0x1000 } },
	  "segment 1: physical 0x00000800-0x00001800 overlaps the reserved page "
	  "0x0000-0x0fff" },
	{ "segment at 0", 0,
	  { { PH(0, P_PADDR), 4, 0x80000000 } },
	  "segment 0: physical 0x00000000-0x00000100 overlaps the reserved page "
	  "0x0000-0x0fff" },
	{ "segment ending in the GDT page", 0,
	  { { PH(1, P_PADDR), 4, 0x80000f00 } },
	  "segment 1: physical 0x00000f00-0x00001100 overlaps the reserved page "
	  "0x0000-0x0fff" },
	{ "segment over the page directory", 0,
	  { { PH(1, P_PADDR), 4, 0xfff00 } },
	  "segment 1: physical 0x000fff00-0x00100100 overlaps the reserved page "
	  "0x100000-0x100fff" },
	{ "high-half segment inside the page directory", 0,
	  { { PH(0, P_PADDR), 4, 0x80100800 } },
	  "segment 0: physical 0x00100800-0x00100900 overlaps the reserved page "
	  "0x100000-0x100fff" },
	{ "bss over the page directory", 0,
	  { { PH(1, P_PADDR), 4, 0x100f00 }, { PH(1, P_MEMSZ), 4, 0x10000 } },
	  "segment 1: physical 0x00100f00-0x00110f00 overlaps the reserved page "
	  "0x100000-0x100fff" },
	{ "a huge bss covering everything", 0,
	  { { PH(1, P_PADDR), 4, 0x2000 }, { PH(1, P_MEMSZ), 4, 0x7fffe000 } },
	  "segment 1: physical 0x00002000-0x80000000 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "entry outside every segment", 0, { { EH_ENTRY, 4, 0x80000000 } },
	  "entry point 0x80000000 is not inside a loaded segment" },
	{ "entry just past a segment", 0, { { EH_ENTRY, 4, 0x80001100 } },
	  "entry point 0x80001100 is not inside a loaded segment" },
	{ "entry in an empty segment", 0,
	  { { EH_ENTRY, 4, 0x80003000 }, { PH(1, P_VADDR), 4, 0x80003000 },
	    { PH(1, P_FILESZ), 4, 0 }, { PH(1, P_MEMSZ), 4, 0 } },
	  "entry point 0x80003000 is not inside a loaded segment" },
	{ "entry in a PT_NOTE", 0,
	  { { EH_ENTRY, 4, 0x80002000 }, { PH(1, P_TYPE), 4, 4 } },
	  "entry point 0x80002000 is not inside a loaded segment" },
};

START_TEST(test_bad_image)
{
	const struct bad_case *c = &bad[_i];
	size_t len = build(c->patch, c->len);
	uint32_t entry = 0x12345678;

	ck_assert_msg(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry) == -1,
	              "%s: accepted", c->name);
	ck_assert_msg(strcmp(vmm_last_error(), c->message) == 0,
	              "%s: message \"%s\", expected \"%s\"", c->name,
	              vmm_last_error(), c->message);
	ck_assert_msg(entry == 0x12345678, "%s: entry written", c->name);
	ck_assert_msg(ram_untouched(), "%s: RAM modified", c->name);
}
END_TEST

/* ---- valid images ---- */

/* Check that RAM at PHYS holds the image's FILESZ bytes from OFFSET followed
 * by zeros up to MEMSZ, and return nothing; fail the test otherwise. */
static void check_loaded(uint32_t phys, uint32_t offset, uint32_t filesz,
                         uint32_t memsz)
{
	ck_assert_mem_eq(ram + phys, img + offset, filesz);
	for (uint32_t i = filesz; i < memsz; i++)
		ck_assert_msg(ram[phys + i] == 0, "bss byte 0x%x is 0x%02x",
		              phys + i, ram[phys + i]);
}

/* Count the RAM bytes no longer holding the fill pattern. */
static size_t ram_changed(void)
{
	size_t n = 0;

	for (size_t i = 0; i < RAM_SIZE; i++)
		n += ram[i] != RAM_FILL;
	return n;
}

START_TEST(test_base_image)
{
	size_t len = build(NULL, 0);
	uint32_t entry = 0;

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), 0);
	ck_assert_uint_eq(entry, 0x80001000);
	check_loaded(0x1000, 0x100, 0x100, 0x100);
	check_loaded(0x2000, 0x200, 0x80, 0x200);
	/* Nothing else written: the bytes around the segments keep the fill. */
	ck_assert_uint_eq(ram[0xfff], RAM_FILL);
	ck_assert_uint_eq(ram[0x1100], RAM_FILL);
	ck_assert_uint_eq(ram[0x1fff], RAM_FILL);
	ck_assert_uint_eq(ram[0x2200], RAM_FILL);
	ck_assert_uint_eq(ram_changed() <= 0x300, 1);
}
END_TEST

/* Linked with AT(): virtual higher half, physical low addresses. */
START_TEST(test_physical_paddr)
{
	static const struct patch p[] = {
		{ PH(0, P_PADDR), 4, 0x1000 }, { PH(1, P_PADDR), 4, 0x3ffe00 }, { 0 }
	};
	size_t len = build(p, 0);
	uint32_t entry = 0;

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), 0);
	ck_assert_uint_eq(entry, 0x80001000);
	check_loaded(0x1000, 0x100, 0x100, 0x100);
	/* Segment 1 ends exactly at the end of RAM. */
	check_loaded(0x3ffe00, 0x200, 0x80, 0x200);
}
END_TEST

/* A Multiboot-style physical entry point is accepted too. */
START_TEST(test_physical_entry)
{
	static const struct patch p[] = { { EH_ENTRY, 4, 0x1010 }, { 0 } };
	size_t len = build(p, 0);
	uint32_t entry = 0;

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), 0);
	ck_assert_uint_eq(entry, 0x1010);
}
END_TEST

/* Entry through the alias of a segment linked at low addresses. */
START_TEST(test_identity_linked)
{
	static const struct patch p[] = {
		{ PH(0, P_VADDR), 4, 0x1000 }, { PH(0, P_PADDR), 4, 0x1000 },
		{ EH_ENTRY, 4, 0x800010ff }, { 0 }
	};
	size_t len = build(p, 0);
	uint32_t entry = 0;

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), 0);
	ck_assert_uint_eq(entry, 0x800010ff);
	check_loaded(0x1000, 0x100, 0x100, 0x100);
}
END_TEST

/* Segments touching the reserved pages without overlapping them, a bss-only
 * segment, a PT_NOTE and an empty PT_LOAD (ignored, whatever it says). */
START_TEST(test_edges)
{
	static const struct patch p[] = {
		{ EH_PHNUM, 2, 4 }, { EH_PHOFF, 4, 0x280 }, { 0 }
	};
	size_t len = build(p, 0x280 + 4 * 32);
	uint8_t *ph = img + 0x280;
	uint32_t entry = 0;

	/* 0: text ending exactly at the page directory */
	put(ph + P_TYPE, 4, 1);
	put(ph + P_OFFSET, 4, 0x100);
	put(ph + P_VADDR, 4, 0x800fff00);
	put(ph + P_PADDR, 4, 0x800fff00);
	put(ph + P_FILESZ, 4, 0x100);
	put(ph + P_MEMSZ, 4, 0x100);
	/* 1: bss only, starting exactly after the page directory */
	ph += 32;
	put(ph + P_TYPE, 4, 1);
	put(ph + P_VADDR, 4, 0x80101000);
	put(ph + P_PADDR, 4, 0x80101000);
	put(ph + P_MEMSZ, 4, 0x1000);
	/* 2: a note, with nonsense addresses */
	ph += 32;
	put(ph + P_TYPE, 4, 4);
	put(ph + P_OFFSET, 4, 0xfffffff0);
	put(ph + P_PADDR, 4, 0xfffffff0);
	put(ph + P_FILESZ, 4, 0x100);
	put(ph + P_MEMSZ, 4, 0x100);
	/* 3: an empty PT_LOAD at the GDT page */
	ph += 32;
	put(ph + P_TYPE, 4, 1);
	put(ph + P_OFFSET, 4, 0x200);
	put(ph + P_PADDR, 4, 0x800);
	put(img + EH_ENTRY, 4, 0x800fff00);

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), 0);
	ck_assert_uint_eq(entry, 0x800fff00);
	check_loaded(0xfff00, 0x100, 0x100, 0x100);
	check_loaded(0x101000, 0, 0, 0x1000);
	ck_assert_uint_eq(ram[0x100000], RAM_FILL);
	ck_assert_uint_eq(ram[0x100fff], RAM_FILL);
	ck_assert_uint_eq(ram[0x800], RAM_FILL);
	ck_assert_uint_eq(ram[0x102000], RAM_FILL);
}
END_TEST

/* Segments are placed by their own addresses, in the file's order. */
START_TEST(test_larger_ram)
{
	static const struct patch p[] = {
		{ PH(1, P_PADDR), 4, 0x807ffe00 }, { PH(1, P_VADDR), 4, 0x807ffe00 },
		{ 0 }
	};
	size_t len = build(p, 0);
	uint32_t entry = 0;
	uint8_t *big = malloc(8u << 20);

	ck_assert_ptr_nonnull(big);
	/* Refused with 4 MiB... */
	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, &entry), -1);
	ck_assert_str_eq(vmm_last_error(), "segment 1: physical 0x007ffe00-0x00800000 "
	                 "lies outside RAM (0x00000000-0x00400000)");
	/* ...loaded with 8 MiB. */
	memset(big, RAM_FILL, 8u << 20);
	ck_assert_int_eq(vmm_load_elf32(big, 8u << 20, img, len, &entry), 0);
	ck_assert_mem_eq(big + 0x7ffe00, img + 0x200, 0x80);
	ck_assert_uint_eq(big[0x7fffff], 0);
	free(big);
}
END_TEST

START_TEST(test_entry_optional)
{
	size_t len = build(NULL, 0);

	ck_assert_int_eq(vmm_load_elf32(ram, RAM_SIZE, img, len, NULL), 0);
}
END_TEST

START_TEST(test_is_elf)
{
	static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F' };
	static const uint8_t flat[] = { 0xfa, 0xb8, 0x10, 0x00, 0x8e };

	ck_assert(vmm_image_is_elf(elf, 4));
	ck_assert(!vmm_image_is_elf(elf, 3));
	ck_assert(!vmm_image_is_elf(flat, sizeof flat));
	ck_assert(!vmm_image_is_elf(NULL, 0));
}
END_TEST

/* ---- flat images ---- */

struct flat_case {
	const char *name;
	uint32_t load_addr;
	size_t len;
	const char *message;  /* NULL: loads */
};

static const struct flat_case flat[] = {
	{ "default address", 0x1000, 0x100, NULL },
	{ "up to the page directory", 0xff000, 0x1000, NULL },
	{ "right after the page directory", 0x101000, 0x100, NULL },
	{ "up to the end of RAM", 0x3fff00, 0x100, NULL },
	{ "empty", 0x1000, 0, "flat image: the image is empty" },
	{ "over the GDT page", 0xf00, 0x200,
	  "flat image: physical 0x00000f00-0x00001100 overlaps the reserved page "
	  "0x0000-0x0fff" },
	{ "at 0", 0, 1,
	  "flat image: physical 0x00000000-0x00000001 overlaps the reserved page "
	  "0x0000-0x0fff" },
	{ "over the page directory", 0xfff00, 0x200,
	  "flat image: physical 0x000fff00-0x00100100 overlaps the reserved page "
	  "0x100000-0x100fff" },
	{ "inside the page directory", 0x100fff, 1,
	  "flat image: physical 0x00100fff-0x00101000 overlaps the reserved page "
	  "0x100000-0x100fff" },
	{ "one byte past RAM", 0x3fff00, 0x101,
	  "flat image: physical 0x003fff00-0x00400001 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "at the top of 4 GiB", 0xffffffff, 2,
	  "flat image: physical 0xffffffff-0x100000001 lies outside RAM "
	  "(0x00000000-0x00400000)" },
	{ "a higher-half address", 0x80001000, 0x10,
	  "flat image: physical 0x80001000-0x80001010 lies outside RAM "
	  "(0x00000000-0x00400000)" },
};

START_TEST(test_flat)
{
	const struct flat_case *c = &flat[_i];
	static uint8_t data[0x1000];
	int r;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)payload_byte(i);
	r = vmm_load_flat(ram, RAM_SIZE, data, c->len, c->load_addr);
	if (c->message) {
		ck_assert_msg(r == -1, "%s: accepted", c->name);
		ck_assert_msg(strcmp(vmm_last_error(), c->message) == 0,
		              "%s: message \"%s\", expected \"%s\"", c->name,
		              vmm_last_error(), c->message);
		ck_assert_msg(ram_untouched(), "%s: RAM modified", c->name);
	} else {
		ck_assert_msg(r == 0, "%s: %s", c->name, vmm_last_error());
		ck_assert_mem_eq(ram + c->load_addr, data, c->len);
		ck_assert_uint_eq(ram_changed() <= c->len, 1);
	}
}
END_TEST

/* A length larger than RAM (and than any address) must not wrap. */
START_TEST(test_flat_huge_length)
{
	static const uint8_t byte = 1;

	ck_assert_int_eq(vmm_load_flat(ram, RAM_SIZE, &byte, SIZE_MAX, 0x1000), -1);
	ck_assert(ram_untouched());
}
END_TEST

static Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("elf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad_image, 0, sizeof bad / sizeof bad[0]);
	tcase_add_test(tc, test_base_image);
	tcase_add_test(tc, test_physical_paddr);
	tcase_add_test(tc, test_physical_entry);
	tcase_add_test(tc, test_identity_linked);
	tcase_add_test(tc, test_edges);
	tcase_add_test(tc, test_larger_ram);
	tcase_add_test(tc, test_entry_optional);
	tcase_add_test(tc, test_is_elf);
	suite_add_tcase(s, tc);

	tc = tcase_create("flat");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_flat, 0, sizeof flat / sizeof flat[0]);
	tcase_add_test(tc, test_flat_huge_length);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run_suite(loader_suite());
}
