/* pic-fuzz.c: libFuzzer target: port writes and reads, line edges and acknowledges in any order against the 8259A pair model (libvmm/pic.c), checking the invariants of vmm-abi(7), INTERRUPTS. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pic.h"

/*
 * Input: operations, each an opcode byte and its argument:
 *   op % 4 == 0  port write   value:1 (bit 2 of op: slave, bit 3: port 1)
 *   op % 4 == 1  port read    (the same bits)
 *   op % 4 == 2  line         (op >> 2) & 15 to level (op >> 6) & 1
 *   op % 4 == 3  acknowledge
 * Checked: an acknowledge when the output is up gives an enabled line,
 * with the vector its chip's base plus the input, and consumes its
 * request; a spurious one gives a base plus 7 and changes nothing in
 * service; reading port 1 of an initialised chip returns the last OCW1
 * (ICW1 clears it); a rising edge latches the request; and nothing piles
 * up: without a new edge or write, at most 16 acknowledges deliver.
 */

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pic_pair p;
	uint8_t imr[2] = { 0xFB, 0xFF };
	unsigned delivered = 0;

	pic_init(&p);
	for (size_t i = 0; i < size; i++) {
		uint8_t op = data[i];
		unsigned chip = (op >> 2) & 1, reg = (op >> 3) & 1;
		uint8_t v;

		switch (op % 4) {
		case 0:
			if (++i >= size)
				return 0;
			v = data[i];
			if (reg == 0 && (v & 0x10))
				imr[chip] = 0;                 /* ICW1 */
			else if (reg == 1 && p.chip[chip].step == PIC_READY)
				imr[chip] = v;                 /* OCW1 */
			pic_access(&p, chip, reg, true, &v);
			delivered = 0;
			break;
		case 1:
			v = 0x5A;
			pic_access(&p, chip, reg, false, &v);
			if (reg == 1)
				check(v == imr[chip]);
			/* A poll acknowledges too. */
			delivered = 0;
			break;
		case 2: {
			unsigned line = (op >> 2) & 15;
			bool level = (op >> 6) & 1, was = p.chip[line >> 3].lines & (1u << (line & 7));

			pic_set_line(&p, line, level);
			if (level && !was)
				check(p.chip[line >> 3].irr & (1u << (line & 7)));
			delivered = 0;
			break;
		}
		default: {
			bool up = pic_output(&p);
			uint8_t isr0 = p.chip[0].isr, isr1 = p.chip[1].isr;
			int line;
			uint8_t vec = pic_acknowledge(&p, &line);

			if (!up) {
				check(line == -1 && (vec & 7) == 7);
				check(p.chip[0].isr == isr0 && p.chip[1].isr == isr1);
				check(vec == (p.chip[0].vector_base | 7));
				break;
			}
			/* The master said yes: only a slave gone quiet since can
			 * make it spurious, and the cascade line says so. */
			if (line < 0) {
				check(vec == (p.chip[1].vector_base | 7));
				break;
			}
			check(line < PIC_LINES && pic_line_enabled(&p, (unsigned)line));
			check(vec == (p.chip[line >> 3].vector_base | (line & 7)));
			check(!(p.chip[line >> 3].irr & (1u << (line & 7))));
			check(++delivered <= 16);
			break;
		}
		}
	}
	return 0;
}
