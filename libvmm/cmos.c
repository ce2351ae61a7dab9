/* cmos.c: the CMOS/RTC as a pure register model: host time in BCD or binary, status registers, a BIOS's memory-size bytes. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "cmos.h"

static void put16(struct cmos *c, unsigned lo, uint64_t v)
{
	if (v > 0xFFFF)
		v = 0xFFFF;
	c->ram[lo] = (uint8_t)v;
	c->ram[lo + 1] = (uint8_t)(v >> 8);
}

void cmos_init(struct cmos *c, uint64_t ram_size)
{
	uint64_t mib = 1u << 20;

	memset(c, 0, sizeof(*c));
	c->ram[CMOS_REG_A] = 0x26;   /* 32.768 kHz base, 1024 Hz rate */
	c->ram[CMOS_REG_B] = CMOS_B_24H;
	c->ram[CMOS_REG_D] = CMOS_D_VRT;
	put16(c, CMOS_BASE_LO, 640);
	put16(c, CMOS_EXT_LO, ram_size > mib ? (ram_size - mib) >> 10 : 0);
	put16(c, CMOS_EXT2_LO, ram_size > mib ? (ram_size - mib) >> 10 : 0);
	put16(c, CMOS_HIGH_LO, ram_size > 16 * mib ? (ram_size - 16 * mib) >> 16 : 0);
}

static uint8_t encode(const struct cmos *c, unsigned v)
{
	if (c->ram[CMOS_REG_B] & CMOS_B_DM)
		return (uint8_t)v;
	return (uint8_t)((v / 10) << 4 | v % 10);
}

/* UTC date and time of SECS since the epoch, computed here: gmtime_r()
 * may open the time zone files, which the seccomp sandbox forbids once
 * the guest runs (days to civil date: H. Hinnant's algorithm). */
struct civil {
	unsigned sec, min, hour, wday, mday, mon, year;   /* mon 1-12 */
};

static void civil_from(uint64_t secs, struct civil *t)
{
	uint64_t days = secs / 86400, rem = secs % 86400;
	uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;

	t->sec = (unsigned)(rem % 60);
	t->min = (unsigned)(rem / 60 % 60);
	t->hour = (unsigned)(rem / 3600);
	t->wday = (unsigned)((days + 4) % 7);          /* 1970-01-01: Thursday */
	t->mday = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	t->mon = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	t->year = (unsigned)(yoe + era * 400 + (t->mon <= 2));
}

/* A clock register: -1 for the others. */
static int clock_reg(const struct cmos *c, unsigned reg, uint64_t wall_ns)
{
	struct civil tm;
	unsigned hour;

	switch (reg) {
	case CMOS_SECONDS: case CMOS_MINUTES: case CMOS_HOURS:
	case CMOS_WEEKDAY: case CMOS_DAY: case CMOS_MONTH: case CMOS_YEAR:
	case CMOS_CENTURY:
		break;
	default:
		return -1;
	}
	civil_from(wall_ns / 1000000000u, &tm);
	switch (reg) {
	case CMOS_SECONDS: return encode(c, tm.sec);
	case CMOS_MINUTES: return encode(c, tm.min);
	case CMOS_HOURS:
		if (c->ram[CMOS_REG_B] & CMOS_B_24H)
			return encode(c, tm.hour);
		/* 12-hour clock: 12, 1..11, with bit 7 for PM. */
		hour = tm.hour % 12;
		return encode(c, hour ? hour : 12) | (tm.hour >= 12 ? 0x80 : 0);
	case CMOS_WEEKDAY: return encode(c, tm.wday + 1);   /* Sunday = 1 */
	case CMOS_DAY: return encode(c, tm.mday);
	case CMOS_MONTH: return encode(c, tm.mon);
	case CMOS_YEAR: return encode(c, tm.year % 100);
	default: return encode(c, tm.year / 100 % 100);
	}
}

static uint8_t read_data(const struct cmos *c, uint64_t wall_ns)
{
	unsigned reg = c->index;
	int v = clock_reg(c, reg, wall_ns);

	if (v >= 0)
		return (uint8_t)v;
	switch (reg) {
	case CMOS_REG_A:
		if (!(c->ram[CMOS_REG_B] & CMOS_B_SET) &&
		    wall_ns % 1000000000u >= 1000000000u - CMOS_UIP_NS)
			return c->ram[reg] | CMOS_A_UIP;
		return c->ram[reg] & (uint8_t)~CMOS_A_UIP;
	case CMOS_REG_C:
		return 0;   /* no interrupt flags: no RTC interrupts yet */
	default:
		return c->ram[reg];
	}
}

static void write_data(struct cmos *c, uint8_t v)
{
	unsigned reg = c->index;

	if (clock_reg(c, reg, 0) >= 0)
		return;   /* the clock is the host's */
	switch (reg) {
	case CMOS_REG_A:
		c->ram[reg] = v & (uint8_t)~CMOS_A_UIP;   /* UIP is read-only */
		break;
	case CMOS_REG_C: case CMOS_REG_D:
		break;      /* read-only */
	default:
		c->ram[reg] = v;
		break;
	}
}

void cmos_access(struct cmos *c, unsigned reg, bool is_write, uint8_t *val,
                 uint64_t wall_ns)
{
	if (reg == CMOS_INDEX) {
		if (is_write)
			c->index = *val & 0x7F;
		else
			*val = 0xFF;
		return;
	}
	if (is_write)
		write_data(c, *val);
	else
		*val = read_data(c, wall_ns);
}
