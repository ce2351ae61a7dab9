/* unit-multiboot.c: Check tests of the Multiboot v1 boot protocol: header refusals, a.out kludge, ELF32 by p_paddr, boot info (no KVM needed). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "vmm.h"

#define RAM_SIZE  (32u << 20)
#define IMG_MAX   0x4000u
#define HDR       0x40u     /* where the tests put the header */

static uint8_t *ram;
static uint8_t img[IMG_MAX];
static size_t img_len;

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void setup(void)
{
	ram = calloc(1, RAM_SIZE);
	ck_assert_ptr_nonnull(ram);
}

static void teardown(void)
{
	free(ram);
}

/* A header at HDR with FLAGS and a right checksum. */
static void header(uint32_t flags)
{
	put32(img + HDR, 0x1BADB002u);
	put32(img + HDR + 4, flags);
	put32(img + HDR + 8, (uint32_t)-(0x1BADB002u + flags));
}

/* An a.out-kludge image: the file loaded at 0x100000, header at HDR, code
 * 0xF4 (hlt) at 0x100100, 0x1000 bytes of bss after the file. */
static void aout_image(void)
{
	memset(img, 0, sizeof img);
	img_len = 0x200;
	header(0x10003);
	put32(img + HDR + 12, 0x100000 + HDR);   /* header_addr */
	put32(img + HDR + 16, 0x100000);         /* load_addr */
	put32(img + HDR + 20, 0);                /* load_end_addr: whole file */
	put32(img + HDR + 24, 0x101200);         /* bss_end_addr */
	put32(img + HDR + 28, 0x100100);         /* entry_addr */
	img[0x100] = 0xF4;
}

/* vmm_boot_load() by Multiboot; 0 or -1. */
static int load(const struct vmm_boot_options *extra, struct vmm_boot *b)
{
	struct vmm_boot_options o = { .protocol = VMM_BOOT_MULTIBOOT };

	if (extra)
		o = *extra;
	return vmm_boot_load(ram, RAM_SIZE, img, img_len, &o, b);
}

static void expect_refusal(const char *needle)
{
	struct vmm_boot b;

	memset(ram, 0xAA, 0x200000);
	ck_assert_int_eq(load(NULL, &b), -1);
	ck_assert_msg(strstr(vmm_last_error(), needle) != NULL,
	              "error '%s' lacks '%s'", vmm_last_error(), needle);
	/* RAM untouched. */
	for (size_t i = 0; i < 0x200000; i += 0x1000)
		ck_assert_uint_eq(ram[i], 0xAA);
}

START_TEST(test_detect)
{
	aout_image();
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_MULTIBOOT);
	/* Bad checksum: not Multiboot. */
	put32(img + HDR + 8, 0);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_VMM);
	/* Not 4-byte aligned. */
	aout_image();
	memmove(img + HDR + 2, img + HDR, 32);
	memset(img + HDR, 0, 2);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_VMM);
	/* Past the first 8192 bytes. */
	memset(img, 0, sizeof img);
	img_len = IMG_MAX;
	put32(img + 8192, 0x1BADB002u);
	put32(img + 8196, 0);
	put32(img + 8200, (uint32_t)-0x1BADB002u);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_VMM);
	/* At 8180, the last place: detected. */
	memset(img, 0, sizeof img);
	put32(img + 8180, 0x1BADB002u);
	put32(img + 8184, 0);
	put32(img + 8188, (uint32_t)-0x1BADB002u);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_MULTIBOOT);
	/* A header cut by the end of the file. */
	ck_assert_int_eq(vmm_boot_detect(img, 8188), VMM_BOOT_VMM);
	ck_assert_int_eq(vmm_boot_detect(NULL, 0), VMM_BOOT_VMM);
	ck_assert_str_eq(vmm_boot_protocol_name(VMM_BOOT_MULTIBOOT), "multiboot");
	ck_assert_str_eq(vmm_boot_protocol_name(VMM_BOOT_VMM), "vmm");
}
END_TEST

START_TEST(test_aout_and_info)
{
	static const uint8_t m1[] = "first module\n", m2[] = "xy";
	struct vmm_boot_module mods[2] = {
		{ m1, sizeof m1 - 1, "mod one" }, { m2, 2, NULL },
	};
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_AUTO, .cmdline = "root=x",
		.modules = mods, .module_count = 2,
	};
	struct vmm_boot b;
	const uint8_t *info, *mm, *mod;

	aout_image();
	memset(ram, 0xAA, RAM_SIZE);
	ck_assert_int_eq(load(&o, &b), 0);
	ck_assert_int_eq(b.protocol, VMM_BOOT_MULTIBOOT);
	ck_assert_ptr_null(b.note);
	ck_assert_uint_eq(b.entry, 0x100100);
	ck_assert_uint_eq(ram[0x100100], 0xF4);
	ck_assert_uint_eq(ram[0x101100], 0);          /* bss zeroed */
	ck_assert_uint_eq(b.info % 0x1000, 0);
	ck_assert_uint_lt(b.info + 0x400, 0x9FC00);
	info = ram + b.info;
	ck_assert_uint_eq(get32(info), 0x24D);     /* MEM CMDLINE MODS MMAP NAME */
	ck_assert_uint_eq(get32(info + 4), 639);
	ck_assert_uint_eq(get32(info + 8), (RAM_SIZE - 0x100000) / 1024);
	ck_assert_str_eq((const char *)ram + get32(info + 16), "root=x");
	ck_assert_str_eq((const char *)ram + get32(info + 64), "kvm-vmm");
	/* The memory map: low RAM, the hole up to 1 MiB, RAM above. */
	ck_assert_uint_eq(get32(info + 44), 3 * 24);
	mm = ram + get32(info + 48);
	ck_assert_uint_eq(get32(mm), 20);
	ck_assert_uint_eq(get32(mm + 4), 0);
	ck_assert_uint_eq(get32(mm + 12), 0x9FC00);
	ck_assert_uint_eq(get32(mm + 20), 1);
	ck_assert_uint_eq(get32(mm + 24 + 4), 0x9FC00);
	ck_assert_uint_eq(get32(mm + 24 + 12), 0x60400);
	ck_assert_uint_eq(get32(mm + 24 + 20), 2);
	ck_assert_uint_eq(get32(mm + 48 + 4), 0x100000);
	ck_assert_uint_eq(get32(mm + 48 + 12), RAM_SIZE - 0x100000);
	ck_assert_uint_eq(get32(mm + 48 + 20), 1);
	/* Modules: page-aligned after the kernel's bss, with their strings. */
	ck_assert_uint_eq(get32(info + 20), 2);
	mod = ram + get32(info + 24);
	ck_assert_uint_eq(get32(mod), 0x102000);
	ck_assert_uint_eq(get32(mod + 4), 0x102000 + sizeof m1 - 1);
	ck_assert_str_eq((const char *)ram + get32(mod + 8), "mod one");
	ck_assert_mem_eq(ram + 0x102000, m1, sizeof m1 - 1);
	ck_assert_uint_eq(get32(mod + 16), 0x103000);
	ck_assert_uint_eq(get32(mod + 20), 0x103002);
	ck_assert_str_eq((const char *)ram + get32(mod + 24), "");
	ck_assert_mem_eq(ram + 0x103000, m2, 2);
}
END_TEST

START_TEST(test_flag_refusals)
{
	aout_image();
	header(0x10003 | (1u << 3));
	expect_refusal("flag bit 3 is not supported");
	aout_image();
	header(0x10000 | (1u << 15));
	expect_refusal("flag bit 15 is not supported");
	/* Bits above 16 are not the loader's business. */
	aout_image();
	header(0x10003 | (1u << 20));
	{
		struct vmm_boot b;

		ck_assert_int_eq(load(NULL, &b), 0);
	}
}
END_TEST

START_TEST(test_video_note)
{
	struct vmm_boot b;

	aout_image();
	header(0x10007);
	ck_assert_int_eq(load(NULL, &b), 0);
	ck_assert_ptr_nonnull(b.note);
	ck_assert_ptr_nonnull(strstr(b.note, "video mode"));
}
END_TEST

START_TEST(test_aout_refusals)
{
	aout_image();
	put32(img + HDR + 16, 0x100000 + HDR + 4);   /* load_addr > header_addr */
	expect_refusal("is above header_addr");
	aout_image();
	put32(img + HDR + 16, 0x100000 - 0x1000);    /* before the file */
	expect_refusal("reaches before the start of the file");
	aout_image();
	put32(img + HDR + 20, 0x100000);             /* load_end == load */
	expect_refusal("load_end_addr 0x00100000 is not above");
	aout_image();
	put32(img + HDR + 20, 0x100000 + 0x201);     /* past the file */
	expect_refusal("past the end of the file");
	aout_image();
	put32(img + HDR + 24, 0x1001FF);             /* bss below the image */
	expect_refusal("bss_end_addr 0x001001ff is below");
	aout_image();
	put32(img + HDR + 28, 0x100200);             /* entry past the file */
	expect_refusal("entry_addr 0x00100200 is not inside");
	aout_image();
	put32(img + HDR + 24, 0xFFFFFFFF);           /* bss past RAM */
	expect_refusal("lies outside RAM");
	aout_image();
	put32(img + HDR + 12, 0xFFFFF000 + HDR);     /* at the top of 4 GiB */
	put32(img + HDR + 16, 0xFFFFF000);
	put32(img + HDR + 24, 0);
	put32(img + HDR + 28, 0xFFFFF100);
	expect_refusal("lies outside RAM");
	/* The address fields cut by the end of the file. */
	aout_image();
	img_len = HDR + 20;
	expect_refusal("past the end of the file");
	/* No flag 16 and no ELF. */
	aout_image();
	header(0x3);
	expect_refusal("not an ELF file");
}
END_TEST

START_TEST(test_no_header)
{
	memset(img, 0, sizeof img);
	img_len = 0x100;
	expect_refusal("no Multiboot header");
}
END_TEST

/* An ELF32 kernel linked in the higher half: vaddr 0xC0100000, paddr
 * 0x100000, entry 0xC0100010; the header in its first segment. */
static void elf_image(unsigned class)
{
	memset(img, 0, sizeof img);
	img_len = 0x1000 + 0x100;
	memcpy(img, "\177ELF", 4);
	img[4] = (uint8_t)class;
	img[5] = 1;
	img[6] = 1;
	img[16] = 2;              /* ET_EXEC */
	img[18] = 3;              /* EM_386 */
	put32(img + 20, 1);
	put32(img + 24, 0xC0100010);
	put32(img + 28, 52);
	img[42] = 32;
	img[44] = 1;
	put32(img + 52, 1);                  /* PT_LOAD */
	put32(img + 52 + 4, 0x1000);         /* offset */
	put32(img + 52 + 8, 0xC0100000);     /* vaddr */
	put32(img + 52 + 12, 0x100000);      /* paddr */
	put32(img + 52 + 16, 0x100);
	put32(img + 52 + 20, 0x2000);
	put32(img + 0x1000, 0x1BADB002u);
	put32(img + 0x1004, 3);
	put32(img + 0x1008, (uint32_t)-(0x1BADB002u + 3));
	img[0x1010] = 0xF4;
}

START_TEST(test_elf_physical)
{
	struct vmm_boot b;

	elf_image(1);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_MULTIBOOT);
	ck_assert_int_eq(load(NULL, &b), 0);
	ck_assert_uint_eq(b.entry, 0x100010);       /* virtual to physical */
	ck_assert_uint_eq(ram[0x100010], 0xF4);
	ck_assert_uint_eq(b.info, 0x1000);
	/* No modules: no MODS flag. */
	ck_assert_uint_eq(get32(ram + b.info), 0x245);
	ck_assert_str_eq((const char *)ram + get32(ram + b.info + 16), "");
}
END_TEST

START_TEST(test_elf_refusals)
{
	elf_image(2);
	expect_refusal("ELF64");
	elf_image(1);
	put32(img + 52 + 12, RAM_SIZE - 0x1000);    /* paddr: bss past RAM */
	expect_refusal("outside RAM");
	elf_image(1);
	put32(img + 24, 0xD0000000);                /* entry nowhere */
	expect_refusal("entry point");
}
END_TEST

START_TEST(test_info_placement)
{
	struct vmm_boot b;

	/* A kernel loaded at 0x1000 pushes the info above itself. */
	aout_image();
	put32(img + HDR + 12, 0x1000 + HDR);
	put32(img + HDR + 16, 0x1000);
	put32(img + HDR + 24, 0x3000);
	put32(img + HDR + 28, 0x1100);
	ck_assert_int_eq(load(NULL, &b), 0);
	ck_assert_uint_eq(b.info, 0x3000);
	/* One that covers low memory leaves no room. */
	aout_image();
	put32(img + HDR + 12, 0x1000 + HDR);
	put32(img + HDR + 16, 0x1000);
	put32(img + HDR + 24, 0x9F000);
	put32(img + HDR + 28, 0x1100);
	expect_refusal("no room below 0x9fc00");
}
END_TEST

START_TEST(test_module_refusals)
{
	static const uint8_t m[1];
	struct vmm_boot_module big = { m, RAM_SIZE, "big" };
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_MULTIBOOT, .modules = &big, .module_count = 1,
	};
	struct vmm_boot b;

	aout_image();
	ck_assert_int_eq(load(&o, &b), -1);
	ck_assert_ptr_nonnull(strstr(vmm_last_error(), "does not fit in RAM"));
	o.module_count = 65;
	ck_assert_int_eq(load(&o, &b), -1);
	ck_assert_ptr_nonnull(strstr(vmm_last_error(), "at most 64"));
}
END_TEST

static Suite *multiboot_suite(void)
{
	Suite *s = suite_create("multiboot");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_aout_and_info);
	tcase_add_test(tc, test_flag_refusals);
	tcase_add_test(tc, test_video_note);
	tcase_add_test(tc, test_aout_refusals);
	tcase_add_test(tc, test_no_header);
	tcase_add_test(tc, test_elf_physical);
	tcase_add_test(tc, test_elf_refusals);
	tcase_add_test(tc, test_info_placement);
	tcase_add_test(tc, test_module_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run_suite(multiboot_suite());
}
