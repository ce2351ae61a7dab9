/* unit-paged.c: Check tests of the paged-mode GDT, boot info and page directory (no KVM needed). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "vmm.h"

#define MIB       (1u << 20)
#define RAM_MAX   (1u << 30)
#define RAM_FILL  0xaa

static uint8_t *ram;

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void setup(void)
{
	/* Large enough for the 1 GiB case; only the first pages are filled, the
	 * rest stays untouched (and unbacked) by the code under test. */
	ram = malloc(RAM_MAX);
	ck_assert_ptr_nonnull(ram);
	memset(ram, RAM_FILL, 2 * MIB);
}

static void teardown(void)
{
	free(ram);
	ram = NULL;
}

/* Whether the first 2 MiB of RAM hold the fill except in [from, to). */
static bool filled_except(uint32_t from, uint32_t to)
{
	for (uint32_t i = 0; i < 2 * MIB; i++)
		if ((i < from || i >= to) && ram[i] != RAM_FILL)
			return false;
	return true;
}

/* Whether a build wrote nothing but the boot info, the GDT and the page
 * directory in the first 2 MiB. */
static bool only_tables_written(void)
{
	for (uint32_t i = 0; i < 2 * MIB; i++) {
		bool table = (i >= VMM_PM_BOOTINFO_ADDR &&
		              i < VMM_PM_BOOTINFO_ADDR + sizeof(struct vmm_boot_info)) ||
		             (i >= VMM_PM_GDT_ADDR && i < VMM_PM_GDT_ADDR + 24) ||
		             (i >= VMM_PM_PGDIR_ADDR && i < VMM_PM_PGDIR_ADDR + 4096);

		if (!table && ram[i] != RAM_FILL)
			return false;
	}
	return true;
}

/* ---- GDT ---- */

/* A segment descriptor's fields, decoded per Intel SDM vol. 3, 3.4.5. */
struct descriptor {
	uint32_t base, limit;
	unsigned type, s, dpl, p, avl, l, db, g;
};

static struct descriptor decode(uint64_t d)
{
	struct descriptor r;

	r.limit = (uint32_t)(d & 0xffff) | (uint32_t)((d >> 48) & 0xf) << 16;
	r.base = (uint32_t)((d >> 16) & 0xffffff) | (uint32_t)((d >> 56) & 0xff) << 24;
	r.type = (d >> 40) & 0xf;
	r.s = (d >> 44) & 1;
	r.dpl = (d >> 45) & 3;
	r.p = (d >> 47) & 1;
	r.avl = (d >> 52) & 1;
	r.l = (d >> 53) & 1;
	r.db = (d >> 54) & 1;
	r.g = (d >> 55) & 1;
	return r;
}

START_TEST(test_gdt)
{
	const uint8_t *gdt = ram + VMM_PM_GDT_ADDR;
	struct descriptor code, data;

	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, NULL, 0), 0);
	ck_assert_uint_eq(get64(gdt), 0);
	/* Flat 4 GiB ring-0 code (execute/read) and data (read/write), 32-bit,
	 * 4 KiB granularity; the accessed bit is set (type 0xb and 0x3). */
	ck_assert_uint_eq(get64(gdt + VMM_PM_CODE_SEL), UINT64_C(0x00CF9B000000FFFF));
	ck_assert_uint_eq(get64(gdt + VMM_PM_DATA_SEL), UINT64_C(0x00CF93000000FFFF));

	/* The same, field by field, against the SDM's layout. */
	code = decode(get64(gdt + VMM_PM_CODE_SEL));
	data = decode(get64(gdt + VMM_PM_DATA_SEL));
	ck_assert_uint_eq(code.base, 0);
	ck_assert_uint_eq(code.limit, 0xfffff);
	ck_assert_uint_eq(code.g, 1);      /* limit in 4 KiB units: 4 GiB */
	ck_assert_uint_eq(code.type, 0xb); /* code, execute/read, accessed */
	ck_assert_uint_eq(code.s, 1);
	ck_assert_uint_eq(code.dpl, 0);
	ck_assert_uint_eq(code.p, 1);
	ck_assert_uint_eq(code.db, 1);     /* 32-bit default operand size */
	ck_assert_uint_eq(code.l, 0);
	ck_assert_uint_eq(code.avl, 0);
	ck_assert_uint_eq(data.base, 0);
	ck_assert_uint_eq(data.limit, 0xfffff);
	ck_assert_uint_eq(data.g, 1);
	ck_assert_uint_eq(data.type, 0x3); /* data, read/write, accessed */
	ck_assert_uint_eq(data.s, 1);
	ck_assert_uint_eq(data.dpl, 0);
	ck_assert_uint_eq(data.p, 1);
	ck_assert_uint_eq(data.db, 1);     /* 32-bit stack (ESP) */
	ck_assert_uint_eq(data.l, 0);
	/* Nothing after the three entries. */
	ck_assert_uint_eq(ram[VMM_PM_GDT_ADDR + 24], RAM_FILL);
}
END_TEST

/* ---- boot info ---- */

START_TEST(test_boot_info)
{
	static const char cmdline[] = "console=hvc0 init=/bin/sh";
	const uint8_t *bi = ram + VMM_PM_BOOTINFO_ADDR;

	ck_assert_int_eq(vmm_paged_build(ram, 8 * MIB, cmdline, 0xD0000000u), 0);
	/* "VMM1" as a little-endian dword is the bytes '1' 'M' 'M' 'V'. */
	ck_assert_mem_eq(bi, "1MMV", 4);
	ck_assert_uint_eq(get32(bi), VMM_BOOT_MAGIC);
	ck_assert_uint_eq(get32(bi + 4), 1);
	ck_assert_uint_eq(get32(bi + 8), 8 * MIB);
	ck_assert_uint_eq(get32(bi + 12), 0xD0000000u);
	ck_assert_str_eq((const char *)bi + 16, cmdline);
	/* The unused rest of cmdline is zero, not stale RAM. */
	for (size_t i = sizeof cmdline; i < 256; i++)
		ck_assert_uint_eq(bi[16 + i], 0);
	ck_assert_uint_eq(sizeof(struct vmm_boot_info), 16 + 256);
	ck_assert_uint_eq(ram[VMM_PM_BOOTINFO_ADDR - 1], RAM_FILL);
	ck_assert_uint_eq(ram[VMM_PM_BOOTINFO_ADDR + 272], RAM_FILL);
}
END_TEST

START_TEST(test_boot_info_no_cmdline)
{
	const uint8_t *bi = ram + VMM_PM_BOOTINFO_ADDR;

	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, NULL, 0), 0);
	ck_assert_uint_eq(get32(bi + 8), 4 * MIB);
	ck_assert_uint_eq(get32(bi + 12), 0);
	for (size_t i = 0; i < 256; i++)
		ck_assert_uint_eq(bi[16 + i], 0);
}
END_TEST

START_TEST(test_cmdline_limit)
{
	char line[300];

	memset(line, 'x', sizeof line);
	line[255] = '\0';
	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, line, 0), 0);
	ck_assert_uint_eq(ram[VMM_PM_BOOTINFO_ADDR + 16 + 254], 'x');
	ck_assert_uint_eq(ram[VMM_PM_BOOTINFO_ADDR + 16 + 255], 0);

	memset(ram, RAM_FILL, 2 * MIB);
	line[255] = 'x';
	line[256] = '\0';
	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, line, 0), -1);
	ck_assert_str_eq(vmm_last_error(),
	                 "command line is 256 bytes long, at most 255 are allowed");
	ck_assert(filled_except(0, 0));
}
END_TEST

/* ---- page directory ---- */

static void check_pgdir(uint32_t ram_size)
{
	const uint8_t *pd = ram + VMM_PM_PGDIR_ADDR;
	uint32_t pages = ram_size >> 22;

	for (uint32_t i = 0; i < 1024; i++) {
		uint32_t pde = get32(pd + 4 * i);
		uint32_t expect = 0;

		/* P | RW | PS = 0x83 with the 4 MiB-aligned physical base. */
		if (i < pages)
			expect = (i << 22) | 0x83;
		else if (i >= 512 && i - 512 < pages)
			expect = ((i - 512) << 22) | 0x83;
		ck_assert_msg(pde == expect, "PDE %u is 0x%08x, expected 0x%08x",
		              i, pde, expect);
	}
}

START_TEST(test_pgdir_4m)
{
	const uint8_t *pd = ram + VMM_PM_PGDIR_ADDR;

	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, NULL, 0), 0);
	ck_assert_uint_eq(get32(pd), 0x00000083);
	ck_assert_uint_eq(get32(pd + 4 * 512), 0x00000083);
	ck_assert_uint_eq(get32(pd + 4), 0);
	ck_assert_uint_eq(get32(pd + 4 * 513), 0);
	check_pgdir(4 * MIB);
	ck_assert(only_tables_written());
}
END_TEST

START_TEST(test_pgdir_sizes)
{
	static const uint32_t sizes[] = { 8 * MIB, 64 * MIB, 1020 * MIB, RAM_MAX };

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		ck_assert_int_eq(vmm_paged_build(ram, sizes[i], NULL, 0), 0);
		check_pgdir(sizes[i]);
	}
	/* 1 GiB: 256 PDEs each side, the last at 0x3fc00000. */
	ck_assert_uint_eq(get32(ram + VMM_PM_PGDIR_ADDR + 4 * 255), 0x3fc00083);
	ck_assert_uint_eq(get32(ram + VMM_PM_PGDIR_ADDR + 4 * 767), 0x3fc00083);
	ck_assert_uint_eq(get32(ram + VMM_PM_PGDIR_ADDR + 4 * 768), 0);
}
END_TEST

/* A smaller build after a larger one leaves no stale entries. */
START_TEST(test_pgdir_rebuild)
{
	ck_assert_int_eq(vmm_paged_build(ram, 64 * MIB, NULL, 0), 0);
	ck_assert_int_eq(vmm_paged_build(ram, 4 * MIB, NULL, 0), 0);
	check_pgdir(4 * MIB);
}
END_TEST

static const uint64_t bad_sizes[] = {
	0, 2 * MIB, 4 * MIB + 4096, 6 * MIB, RAM_MAX + 4 * MIB,
	UINT64_C(4) << 30, UINT64_C(1) << 63,
};

START_TEST(test_bad_size)
{
	char expect[128];

	snprintf(expect, sizeof expect, "memory size %llu bytes is not a multiple "
	         "of 4 MiB between 4 MiB and 1 GiB",
	         (unsigned long long)bad_sizes[_i]);
	ck_assert_int_eq(vmm_paged_build(ram, bad_sizes[_i], "x", 0), -1);
	ck_assert_str_eq(vmm_last_error(), expect);
	ck_assert(filled_except(0, 0));
}
END_TEST

static Suite *paged_suite(void)
{
	Suite *s = suite_create("paged");
	TCase *tc = tcase_create("build");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_gdt);
	tcase_add_test(tc, test_boot_info);
	tcase_add_test(tc, test_boot_info_no_cmdline);
	tcase_add_test(tc, test_cmdline_limit);
	tcase_add_test(tc, test_pgdir_4m);
	tcase_add_test(tc, test_pgdir_sizes);
	tcase_add_test(tc, test_pgdir_rebuild);
	tcase_add_loop_test(tc, test_bad_size, 0,
	                    sizeof bad_sizes / sizeof bad_sizes[0]);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run_suite(paged_suite());
}
