/* unit-linux.c: Check tests of the Linux 32-bit boot protocol: setup header refusals, zero page, e820 map, command line, initrd placement (no KVM needed). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "vmm.h"

#define RAM_SIZE   (32u << 20)
#define IMG_LEN    0x1800u    /* 2 setup sectors + 1, then 0x1200 of code */
#define ZERO_PAGE  0x2000u
#define CMDLINE    0x3000u
#define GDT        0x1000u

static uint8_t *ram;
static uint8_t img[0x4000];
static size_t img_len;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

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

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
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

/* A bzImage-like file: protocol 2.12, setup_sects 2 (so the protected-mode
 * code starts at file offset 0x600), loaded high at 0x100000, whose first
 * byte is hlt (0xF4) and whose last is 0x5A. */
static void linux_image(void)
{
	memset(img, 0, sizeof img);
	img_len = IMG_LEN;
	img[0x1F1] = 2;                            /* setup_sects */
	put16(img + 0x1FA, 0xFFFD);                /* vid_mode: ask */
	put16(img + 0x1FE, 0xAA55);                /* boot_flag */
	img[0x200] = 0xEB;                         /* jmp short: header */
	img[0x201] = 0x66;                         /* ends at 0x268 */
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020C);                /* version 2.12 */
	img[0x211] = 0x01;                         /* loadflags: LOADED_HIGH */
	put32(img + 0x214, 0x100000);              /* code32_start */
	put32(img + 0x22C, 0x7FFFFFFF);            /* initrd_addr_max */
	put32(img + 0x238, 255);                   /* cmdline_size */
	put32(img + 0x260, 0x4000);                /* init_size */
	img[0x600] = 0xF4;
	img[IMG_LEN - 1] = 0x5A;
}

static int load_opts(const struct vmm_boot_options *o, struct vmm_boot *b)
{
	return vmm_boot_load(ram, RAM_SIZE, img, img_len, o, b);
}

/* A refusal by OPT's protocol (NULL: --boot=linux) whose message holds
 * NEEDLE, is one line, and left RAM untouched. */
static void expect_refusal(const struct vmm_boot_options *opt,
                           const char *needle)
{
	struct vmm_boot_options o = { .protocol = VMM_BOOT_LINUX };
	struct vmm_boot b;
	const char *e;

	if (opt)
		o = *opt;
	memset(ram, 0xAA, 0x200000);
	ck_assert_int_eq(load_opts(&o, &b), -1);
	e = vmm_last_error();
	ck_assert_msg(strstr(e, needle) != NULL, "error '%s' lacks '%s'", e,
	              needle);
	ck_assert_ptr_null(strchr(e, '\n'));
	for (size_t i = 0; i < 0x200000; i += 0x100)
		ck_assert_uint_eq(ram[i], 0xAA);
}

START_TEST(test_detect)
{
	linux_image();
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_LINUX);
	ck_assert_str_eq(vmm_boot_protocol_name(VMM_BOOT_LINUX), "linux");
	/* Cut inside the signature: not Linux. */
	ck_assert_int_eq(vmm_boot_detect(img, 0x205), VMM_BOOT_VMM);
	/* A Multiboot header wins (doc/design.md#boot-protocols). */
	put32(img + 0x40, 0x1BADB002u);
	put32(img + 0x44, 0);
	put32(img + 0x48, (uint32_t)-0x1BADB002u);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_MULTIBOOT);
	linux_image();
	memcpy(img + 0x202, "HdrT", 4);
	ck_assert_int_eq(vmm_boot_detect(img, img_len), VMM_BOOT_VMM);
}
END_TEST

START_TEST(test_zero_page)
{
	static const uint8_t rd[] = "initrd bytes";
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_AUTO, .cmdline = "console=ttyS0,115200",
		.initrd = rd, .initrd_len = sizeof rd,
	};
	struct vmm_boot b;
	const uint8_t *zp = NULL, *e;
	uint32_t rd_at;

	linux_image();
	memset(ram, 0xAA, RAM_SIZE);
	ck_assert_int_eq(load_opts(&o, &b), 0);
	ck_assert_int_eq(b.protocol, VMM_BOOT_LINUX);
	ck_assert_uint_eq(b.entry, 0x100000);
	ck_assert_uint_eq(b.info, ZERO_PAGE);
	ck_assert(!b.flat);
	ck_assert_ptr_null(b.note);
	zp = ram + b.info;

	/* The protected-mode code at code32_start, init_size zeroed after. */
	ck_assert_uint_eq(ram[0x100000], 0xF4);
	ck_assert_uint_eq(ram[0x100000 + IMG_LEN - 0x600 - 1], 0x5A);
	ck_assert_uint_eq(ram[0x100000 + IMG_LEN - 0x600], 0);
	ck_assert_uint_eq(ram[0x100000 + 0x4000 - 1], 0);
	ck_assert_uint_eq(ram[0x100000 + 0x4000], 0xAA);

	/* The header, copied to 0x1F1 up to its end (0x268), then ours. */
	ck_assert_uint_eq(zp[0x1F1], 2);
	ck_assert_int_eq(memcmp(zp + 0x202, "HdrS", 4), 0);
	ck_assert_uint_eq(get32(zp + 0x260), 0x4000);
	ck_assert_uint_eq(zp[0x268], 0);
	ck_assert_uint_eq(zp[0x210], 0xFF);             /* type_of_loader */
	ck_assert_uint_eq(zp[0x1FA] | zp[0x1FB] << 8, 0xFFFF);  /* vid_mode */
	ck_assert_uint_eq(get32(zp + 0x228), CMDLINE);  /* cmd_line_ptr */
	ck_assert_str_eq((const char *)ram + CMDLINE, "console=ttyS0,115200");

	/* 80x25 text mode on a VGA; memory sizes. */
	ck_assert_uint_eq(zp[0x06], 3);
	ck_assert_uint_eq(zp[0x07], 80);
	ck_assert_uint_eq(zp[0x0E], 25);
	ck_assert_uint_eq(zp[0x0F], 1);
	ck_assert_uint_eq(zp[0x02] | zp[0x03] << 8, 31744);
	ck_assert_uint_eq(get32(zp + 0x1E0), 31744);

	/* e820: the Multiboot map's regions. */
	ck_assert_uint_eq(zp[0x1E8], 3);
	e = zp + 0x2D0;
	ck_assert_uint_eq(get64(e), 0);
	ck_assert_uint_eq(get64(e + 8), 0x9FC00);
	ck_assert_uint_eq(get32(e + 16), 1);
	ck_assert_uint_eq(get64(e + 20), 0x9FC00);
	ck_assert_uint_eq(get64(e + 28), 0x60400);
	ck_assert_uint_eq(get32(e + 36), 2);
	ck_assert_uint_eq(get64(e + 40), 0x100000);
	ck_assert_uint_eq(get64(e + 48), RAM_SIZE - 0x100000);
	ck_assert_uint_eq(get32(e + 56), 1);
	ck_assert_uint_eq(get32(e + 60), 0);

	/* The initrd: page-aligned, as high as RAM allows. */
	rd_at = get32(zp + 0x218);
	ck_assert_uint_eq(rd_at, RAM_SIZE - 0x1000);
	ck_assert_uint_eq(get32(zp + 0x21C), sizeof rd);
	ck_assert_int_eq(memcmp(ram + rd_at, rd, sizeof rd), 0);

	/* GDT: __BOOT_CS 0x10 code, __BOOT_DS 0x18 data, flat 4 GiB. */
	ck_assert_uint_eq(get32(ram + GDT + 0x10), 0x0000FFFF);
	ck_assert_uint_eq(get32(ram + GDT + 0x14) & 0x00FFFF00, 0x00CF9B00);
	ck_assert_uint_eq(get32(ram + GDT + 0x18), 0x0000FFFF);
	ck_assert_uint_eq(get32(ram + GDT + 0x1C) & 0x00FFFF00, 0x00CF9300);
}
END_TEST

START_TEST(test_initrd_limits)
{
	static uint8_t rd[0x3000];
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_LINUX, .initrd = rd, .initrd_len = sizeof rd,
	};
	struct vmm_boot b;

	/* Below initrd_addr_max (the highest byte it may occupy). */
	linux_image();
	put32(img + 0x22C, 0x00FFFFFF);
	ck_assert_int_eq(load_opts(&o, &b), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x218), 0x1000000 - 0x3000);
	/* An odd size still ends below the limit, its start page-aligned. */
	o.initrd_len = 0x2001;
	ck_assert_int_eq(load_opts(&o, &b), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x218), 0x1000000 - 0x3000);
	/* No initrd, or an empty one: zero. */
	o.initrd_len = 0;
	ck_assert_int_eq(load_opts(&o, &b), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x218), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x21C), 0);
	o.initrd = NULL;
	ck_assert_int_eq(load_opts(&o, &b), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x218), 0);
	ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x21C), 0);
}
END_TEST

START_TEST(test_header_refusals)
{
	struct vmm_boot_options o = { .protocol = VMM_BOOT_LINUX };

	linux_image();
	put16(img + 0x206, 0x0205);
	expect_refusal(NULL, "Linux boot protocol 2.05 is too old (2.06 or later");

	linux_image();
	img[0x211] = 0;
	expect_refusal(NULL, "lacks LOADED_HIGH");

	/* setup_sects past the end of the file; 0 stands for 4. */
	linux_image();
	img[0x1F1] = 200;
	expect_refusal(NULL, "setup_sects 200: the setup code (102912 bytes) "
	               "reaches past the end of the file");
	linux_image();
	img[0x1F1] = 0;
	img_len = 5 * 512;
	expect_refusal(NULL, "setup_sects 4:");
	img_len = 5 * 512 + 1;
	struct vmm_boot b;
	ck_assert_int_eq(load_opts(&o, &b), 0);

	/* The file ends inside the header. */
	linux_image();
	img_len = 0x240;
	expect_refusal(NULL, "inside the header");

	/* No signature. */
	linux_image();
	img[0x202] = 'X';
	expect_refusal(NULL, "no Linux setup header");
}
END_TEST

START_TEST(test_place_refusals)
{
	static uint8_t rd[0x1000];
	struct vmm_boot_options o = { .protocol = VMM_BOOT_LINUX };
	static const struct vmm_boot_module m = { rd, 1, "m" };

	/* The code (or init_size) past the end of RAM, without wrapping. */
	linux_image();
	put32(img + 0x214, RAM_SIZE - 0x1000);
	expect_refusal(NULL, "Linux protected-mode code (code32_start + size): "
	               "physical 0x01fff000-0x02003000 lies outside RAM");
	linux_image();
	put32(img + 0x260, 0xFFFFFFFF);
	expect_refusal(NULL, "0x00100000-0x1000fffff lies outside RAM");
	linux_image();
	put32(img + 0x214, 0xFFFFF000);
	expect_refusal(NULL, "lies outside RAM");
	/* Below 1 MiB: the loader's own memory. */
	linux_image();
	put32(img + 0x214, 0x10000);
	expect_refusal(NULL, "overlaps the reserved page 0x00000-0xfffff");

	/* An initrd that does not fit between the kernel and the limit. */
	linux_image();
	put32(img + 0x22C, 0x00104FFE);
	o.initrd = rd;
	o.initrd_len = sizeof rd;
	expect_refusal(&o, "the initrd (4096 bytes) does not fit in RAM between "
	               "the kernel's end 0x00104000 and 0x00104fff");
	/* One byte higher, it just fits. */
	put32(img + 0x22C, 0x00104FFF);
	{
		struct vmm_boot b;

		ck_assert_int_eq(load_opts(&o, &b), 0);
		ck_assert_uint_eq(get32(ram + ZERO_PAGE + 0x218), 0x104000);
	}
	o.initrd_len = (size_t)RAM_SIZE + 1;
	expect_refusal(&o, "does not fit in RAM");

	/* An initrd for a kernel of another protocol. */
	linux_image();
	o.initrd_len = 1;
	o.protocol = VMM_BOOT_VMM;
	expect_refusal(&o, "an initrd is for Linux kernels, and this one boots "
	               "by vmm");
	/* Modules for Linux. */
	o.protocol = VMM_BOOT_LINUX;
	o.initrd = NULL;
	o.initrd_len = 0;
	o.modules = &m;
	o.module_count = 1;
	expect_refusal(&o, "modules are for Multiboot kernels");

	/* A command line longer than cmdline_size. */
	linux_image();
	put32(img + 0x238, 3);
	o.modules = NULL;
	o.module_count = 0;
	o.cmdline = "abcd";
	expect_refusal(&o, "the command line (4 bytes) is longer than the "
	               "kernel's cmdline_size (3 bytes)");
}
END_TEST

static Suite *linux_suite(void)
{
	Suite *s = suite_create("linux");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_zero_page);
	tcase_add_test(tc, test_initrd_limits);
	tcase_add_test(tc, test_header_refusals);
	tcase_add_test(tc, test_place_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run_suite(linux_suite());
}
