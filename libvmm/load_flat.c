/* load_flat.c: the checked flat-image loader of vmm-pm (vmm-abi(7), the vmm-pm boot protocol). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"

#include <string.h>

int vmm_load_flat(uint8_t *ram, uint64_t ram_size, const uint8_t *img,
                  size_t len, uint32_t load_addr)
{
	/* 64-bit: a 32-bit address plus a length no larger than RAM (checked
	 * first) cannot wrap. */
	uint64_t start = load_addr, end = start + (uint64_t)len;
	const uint64_t pgdir = VMM_PM_PGDIR_ADDR;

	if (len == 0)
		return set_error("flat image: the image is empty");
	if (len > ram_size || end > ram_size)
		return set_error("flat image: physical 0x%08llx-0x%08llx lies outside "
		                 "RAM (0x00000000-0x%08llx)", (unsigned long long)start,
		                 (unsigned long long)end, (unsigned long long)ram_size);
	if (start < 0x1000)
		return set_error("flat image: physical 0x%08llx-0x%08llx overlaps the "
		                 "reserved page 0x0000-0x0fff", (unsigned long long)start,
		                 (unsigned long long)end);
	if (start < pgdir + 0x1000 && pgdir < end)
		return set_error("flat image: physical 0x%08llx-0x%08llx overlaps the "
		                 "reserved page 0x100000-0x100fff",
		                 (unsigned long long)start, (unsigned long long)end);
	memcpy(ram + start, img, len);
	return 0;
}
