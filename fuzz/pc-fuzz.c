/* pc-fuzz.c: libFuzzer target: register sequences against the PIT (with port 0x61) and CMOS/RTC models (with the RTC's interrupt flags) on a fuzzed clock, checking the invariants of vmm-abi(7), PC DEVICES. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmos.h"
#include "pit.h"

/*
 * Input: operations, each an opcode byte, a clock step byte and its
 * arguments; the clocks move forward (monotonic and wall, by step^3 ns,
 * so both tiny and multi-second steps come), except that a CMOS
 * operation with bit 7 set in its opcode turns the wall clock back by
 * twice the step (the host's clock being set):
 *   op % 6 == 0  PIT write        reg:1 value:1
 *   op % 6 == 1  PIT read         reg:1
 *   op % 6 == 2  port 0x61 write  value:1, then a read
 *   op % 6 == 3  CMOS write       port:1 value:1
 *   op % 6 == 4  CMOS read        port:1
 *   op % 6 == 5  PIT status       channel:1 (read-back of the status)
 * Checked: the control port and 0x70 read 0xFF; 0x61 reads back bits
 * 0-3, has bits 6-7 clear and bit 5 = channel 2's output; in BCD mode the
 * clock reads valid BCD; C has bits 0-3 clear and IRQF exactly when a
 * flag it shows is enabled in B, and a second read at the same time
 * gives 0; the interrupt edge is 0 with no enable bit, in the future
 * while IRQF is down, and the same when asked twice; IRQ8, raised as
 * dev_pc.c and irq.c do (a one-shot armed again when the edge moves),
 * rises at most once between two reads of C or writes of B, and the
 * read of C after it shows IRQF (unless B changed meanwhile; both only
 * while the clock never went back); D reads 0x80; RAM
 * bytes (B without UIE when SET is written) read back; a
 * status byte describes the programmed mode and access; counts stay in
 * their mode's range.
 */

static uint64_t now, wall = 1700000000ull * 1000000000ull;
static uint8_t cmos_shadow[CMOS_BYTES];
static bool shadow_valid[CMOS_BYTES];
static bool wall_went_back;

/* IRQ8 as dev_pc.c arms it and irq.c raises it: the edge the timer has,
 * when it is due (0: done or none), the rises since C was read or B
 * written, and whether the next C read owes IRQF. */
static uint64_t irq8_edge, irq8_due;
static unsigned irq8_rises;
static bool irq8_owed;

static void irq8_timer(void)
{
	if (!irq8_due || wall < irq8_due)
		return;
	irq8_due = 0;
	irq8_rises++;
	irq8_owed = true;
	if (irq8_rises > 1 && !wall_went_back)
		abort();
}

/* After a CMOS access: what dev_pc.c does (the old schedule's due edge
 * first, as vm_irq_set_timer() fires it before re-arming). */
static void irq8_glue(const struct cmos *c)
{
	uint64_t e = cmos_irq_edge(c);

	if (e == irq8_edge)
		return;
	irq8_timer();
	irq8_edge = irq8_due = e;
}

static bool bcd_ok(uint8_t v)
{
	return (v & 0x0F) <= 9 && (v >> 4) <= 9;
}

static bool is_clock(unsigned reg)
{
	return reg <= CMOS_YEAR && reg != 1 && reg != 3 && reg != 5 ? true :
	       reg == CMOS_CENTURY;
}

static void check_counts(const struct pit *p)
{
	for (unsigned i = 0; i < 3; i++) {
		const struct pit_channel *c = &p->ch[i];
		uint32_t n = c->reload ? c->reload : 65536;
		uint16_t count = pit_count(p, i, now);

		if (!c->loaded)
			continue;
		if (c->mode == 2 && n != 65536 && (count < 1 || count > n))
			abort();
		if (c->mode == 3 && (count & 1))
			abort();
	}
}

static void check_rtc(const struct cmos *c)
{
	uint64_t edge = cmos_irq_edge(c);
	bool up = c->flags & c->ram[CMOS_REG_B] & 0x70;

	if (edge != cmos_irq_edge(c))
		abort();
	if (!(c->ram[CMOS_REG_B] & 0x70) && edge)
		abort();
	if (!up && edge && edge <= c->flags_ns)
		abort();
	/* IRQF rose in the past, unless the clock was set back since. */
	if (up && edge > c->flags_ns && !wall_went_back)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pit pit;
	struct cmos cmos;
	size_t i = 0;
	uint8_t v;

	now = 1000000000ull;
	wall = 1700000000ull * 1000000000ull;
	wall_went_back = false;
	irq8_edge = irq8_due = 0;
	irq8_rises = 0;
	irq8_owed = false;
	pit_init(&pit, now);
	cmos_init(&cmos, (uint64_t)(size & 0xFF) << 22);
	memset(shadow_valid, 0, sizeof(shadow_valid));
	while (i + 2 <= size) {
		uint8_t op = data[i], step = data[i + 1];
		uint64_t d = (uint64_t)step * step * step;

		i += 2;
		now += d;
		wall += d;
		if ((op % 6 == 3 || op % 6 == 4) && (op & 0x80) && d) {
			wall -= 2 * d;
			wall_went_back = true;
		}
		irq8_timer();
		switch (op % 6) {
		case 0:
			if (i + 2 > size)
				return 0;
			v = data[i + 1];
			pit_access(&pit, data[i] & 3, true, &v, now);
			i += 2;
			break;
		case 1:
			if (i + 1 > size)
				return 0;
			pit_access(&pit, data[i] & 3, false, &v, now);
			if ((data[i] & 3) == PIT_CONTROL && v != 0xFF)
				abort();
			i += 1;
			break;
		case 2:
			if (i + 1 > size)
				return 0;
			pit_port61_write(&pit, data[i], now);
			v = pit_port61_read(&pit, now);
			if ((v & 0x0F) != (data[i] & 0x0F) || (v & 0xC0) ||
			    !(v & PIT_P61_OUT2) != !pit_out(&pit, PIT_CH2, now))
				abort();
			i += 1;
			break;
		case 3:
			if (i + 2 > size)
				return 0;
			v = data[i + 1];
			cmos_access(&cmos, data[i] & 1, true, &v, wall);
			/* A write of B may lower the line: a new edge is fair. */
			if ((data[i] & 1) == CMOS_DATA && cmos.index == CMOS_REG_B) {
				irq8_rises = 0;
				irq8_owed = false;
			}
			irq8_glue(&cmos);
			if ((data[i] & 1) == CMOS_DATA) {
				shadow_valid[cmos.index] = true;
				cmos_shadow[cmos.index] = v;
				/* SET clears UIE as it is written. */
				if (cmos.index == CMOS_REG_B && (v & CMOS_B_SET))
					cmos_shadow[cmos.index] &= (uint8_t)~CMOS_B_UIE;
			}
			i += 2;
			break;
		case 4: {
			unsigned reg = cmos.index;

			if (i + 1 > size)
				return 0;
			cmos_access(&cmos, data[i] & 1, false, &v, wall);
			i += 1;
			if ((data[i - 1] & 1) == CMOS_DATA && reg == CMOS_REG_C) {
				if (irq8_owed && !(v & CMOS_C_IRQF) && !wall_went_back)
					abort();
				irq8_rises = 0;
				irq8_owed = false;
			}
			irq8_glue(&cmos);
			if ((data[i - 1] & 1) == CMOS_INDEX) {
				if (v != 0xFF)
					abort();
				break;
			}
			if (is_clock(reg)) {
				if (!(cmos.ram[CMOS_REG_B] & CMOS_B_DM) &&
				    !bcd_ok(reg == CMOS_HOURS ? v & 0x7F : v))
					abort();
			} else if (reg == CMOS_REG_C) {
				uint8_t again = 0xFF, idx = CMOS_REG_C;

				if ((v & 0x0F) ||
				    !(v & CMOS_C_IRQF) != !(v & cmos.ram[CMOS_REG_B] & 0x70))
					abort();
				cmos_access(&cmos, CMOS_INDEX, true, &idx, wall);
				cmos_access(&cmos, CMOS_DATA, false, &again, wall);
				if (again != 0)
					abort();
			} else if (reg == CMOS_REG_D) {
				if (v != CMOS_D_VRT)
					abort();
			} else if (reg == CMOS_REG_A) {
				if (shadow_valid[reg] &&
				    (v & 0x7F) != (cmos_shadow[reg] & 0x7F))
					abort();
			} else if (shadow_valid[reg] && v != cmos_shadow[reg]) {
				abort();
			}
			break;
		}
		default: {
			unsigned ch;
			struct pit_channel *c;

			if (i + 1 > size)
				return 0;
			ch = data[i] % 3;
			i += 1;
			c = &pit.ch[ch];
			/* A status read comes first only if no status is
			 * pending already (the first one holds). */
			bool pending = c->status_latched;
			v = (uint8_t)(0xE0 | 2u << ch);
			pit_access(&pit, PIT_CONTROL, true, &v, now);
			pit_access(&pit, ch, false, &v, now);
			if (!pending && (v & 0x3F) !=
			    (c->rw << 4 | c->mode << 1 | (c->bcd ? 1 : 0)))
				abort();
			break;
		}
		}
		check_counts(&pit);
		check_rtc(&cmos);
	}
	return 0;
}
