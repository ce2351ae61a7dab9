/* linux-fuzz.c: libFuzzer target for the Linux 32-bit boot protocol's loader (vmm_boot_load with VMM_BOOT_LINUX). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE  (8u << 20)
#define ZERO_PAGE 0x2000u

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * The input is the kernel image; an initrd and a command line ride along
 * so that their placement is exercised too. ASan catches any write outside
 * RAM; besides, a load must put the zero page where ESI will point, the
 * code at or above 1 MiB, the initrd page-aligned inside RAM and the
 * command line NUL-terminated; a refusal must leave one non-empty line.
 */
static uint8_t *ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t initrd[] = "initrd";
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_LINUX, .cmdline = "console=ttyS0",
		.initrd = initrd, .initrd_len = sizeof initrd,
	};
	struct vmm_boot b;
	int r;

	if (!ram) {
		ram = calloc(1, RAM_SIZE);
		if (!ram)
			abort();
	}
	r = vmm_boot_load(ram, RAM_SIZE, data, size, &o, &b);
	if (r == 0) {
		const uint8_t *zp = ram + ZERO_PAGE;
		uint32_t rd = get32(zp + 0x218), cmd = get32(zp + 0x228);

		if (b.protocol != VMM_BOOT_LINUX || b.info != ZERO_PAGE ||
		    b.entry < 0x100000 || b.entry >= RAM_SIZE ||
		    rd % 0x1000 || rd < 0x100000 ||
		    (uint64_t)rd + get32(zp + 0x21C) > RAM_SIZE ||
		    get32(zp + 0x21C) != sizeof initrd || zp[0x210] != 0xFF ||
		    cmd >= 0x9FC00 || strcmp((const char *)ram + cmd, o.cmdline))
			abort();
	} else {
		const char *msg = vmm_last_error();

		if (r != -1 || !msg || !*msg || strchr(msg, '\n'))
			abort();
	}
	return 0;
}
