/* multiboot-fuzz.c: libFuzzer target for the Multiboot v1 loader (vmm_boot_load with VMM_BOOT_MULTIBOOT). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE (8u << 20)

/*
 * The input is the kernel image; a fixed module rides along so that the
 * module placement is exercised too. ASan catches any write outside RAM;
 * besides, a load must say where the info is (below 0x9FC00, page-aligned)
 * and a refusal must leave one non-empty line of message.
 */
static uint8_t *ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mod[] = "module";
	struct vmm_boot_module m = { mod, sizeof mod, "m" };
	struct vmm_boot_options o = {
		.protocol = VMM_BOOT_MULTIBOOT, .cmdline = "fuzz",
		.modules = &m, .module_count = 1,
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
		if (b.protocol != VMM_BOOT_MULTIBOOT || b.info % 0x1000 ||
		    b.info >= 0x9FC00 || b.entry >= RAM_SIZE)
			abort();
	} else {
		const char *msg = vmm_last_error();

		if (r != -1 || !msg || !*msg || strchr(msg, '\n'))
			abort();
	}
	return 0;
}
