/* vga-fuzz.c: libFuzzer target: guest-chosen VGA text cells and cursor through both renderers (libvmm/vga_text.c), checking lengths, bounds and that no guest byte becomes a terminal control. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

/*
 * Input: up to 4000 bytes of cells (the rest of the screen is zeros), then
 * two bytes of cursor (little-endian, minus 1: -1 to 65534) and one byte
 * giving a short output buffer's size. Checked: the length is the same
 * whatever the buffer; it fits the documented maximum; a short buffer
 * holds a NUL-terminated prefix of the full output; the plain text has no
 * byte below 0x20 but '\n'; in the repaint every ESC starts a CSI
 * ("ESC ["), and only the renderer's own control bytes appear.
 */

static char text[VMM_VGA_DUMP_MAX], ansi[VMM_VGA_ANSI_MAX];
static char shorter[256];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t cells[VMM_VGA_TEXT_BYTES] = { 0 };
	size_t n = size < sizeof(cells) ? size : sizeof(cells);
	int cursor = -1;
	size_t small = 0, len;

	memcpy(cells, data, n);
	if (size >= sizeof(cells) + 2)
		cursor = (int)(data[sizeof(cells)] | data[sizeof(cells) + 1] << 8) - 1;
	if (size >= sizeof(cells) + 3)
		small = data[sizeof(cells) + 2];

	len = vmm_vga_render_text(cells, text, sizeof(text));
	if (len >= sizeof(text) || strlen(text) != len)
		abort();
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 && text[i] != '\n')
			abort();
	if (vmm_vga_render_text(cells, shorter, small) != len)
		abort();
	if (small && (strlen(shorter) != (len < small ? len : small - 1) ||
	              memcmp(shorter, text, strlen(shorter)) != 0))
		abort();

	len = vmm_vga_render_ansi(cells, cursor, ansi, sizeof(ansi));
	if (len >= sizeof(ansi) || strlen(ansi) != len)
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)ansi[i];
		if (c == 0x1B && ansi[i + 1] != '[')
			abort();
		if (c < 0x20 && c != 0x1B)
			abort();
	}
	if (vmm_vga_render_ansi(cells, cursor, shorter, small) != len)
		abort();
	if (small && memcmp(shorter, ansi, strlen(shorter)) != 0)
		abort();
	return 0;
}
