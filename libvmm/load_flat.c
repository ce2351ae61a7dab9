/* load_flat.c: the checked flat-image loader, placing an image by a boot protocol's layout (boot.h). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "boot.h"

#include <string.h>

int flat_load(const struct boot_layout *layout, uint8_t *ram,
              uint64_t ram_size, const uint8_t *img, size_t len,
              uint32_t load_addr)
{
	/* A 64-bit END that wraps (a length near SIZE_MAX) is below START:
	 * boot_check_phys() says it lies outside RAM. */
	uint64_t start = load_addr, end = start + (uint64_t)len;

	if (len == 0)
		return set_error("flat image: the image is empty");
	if (boot_check_phys(layout, "flat image", start, end, ram_size) < 0)
		return -1;
	memcpy(ram + start, img, len);
	return 0;
}
