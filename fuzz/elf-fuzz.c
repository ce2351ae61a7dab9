/* elf-fuzz.c: libFuzzer target for the ELF32 loader (vmm_load_elf32). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE (8u << 20)
#define GUARD    0xa5

/*
 * A fixed 8 MiB guest RAM, shared by all runs (a fresh one per input would
 * cost more than the loader). Besides what the sanitizers catch, check what
 * is cheap to check on every input: the reserved pages are never written,
 * and a failure leaves one non-empty line of message.
 */
static uint8_t *ram;

static void guard_fill(void)
{
	memset(ram, GUARD, 0x1000);
	memset(ram + VMM_PM_PGDIR_ADDR, GUARD, 0x1000);
}

static void guard_check(const char *when)
{
	for (size_t i = 0; i < 0x1000; i++)
		if (ram[i] != GUARD || ram[VMM_PM_PGDIR_ADDR + i] != GUARD) {
			fprintf(stderr, "elf-fuzz: reserved page written (%s)\n", when);
			abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t entry = 0;
	int r;

	if (!ram) {
		ram = calloc(1, RAM_SIZE);
		if (!ram)
			abort();
		guard_fill();
	}
	r = vmm_load_elf32(ram, RAM_SIZE, data, size, &entry);
	guard_check(r == 0 ? "after a load" : "after a refusal");
	if (r == 0) {
		if (!vmm_image_is_elf(data, size))
			abort();
	} else {
		const char *msg = vmm_last_error();

		if (r != -1 || !msg || !*msg || strchr(msg, '\n'))
			abort();
	}
	return 0;
}
