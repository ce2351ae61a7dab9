/* cmos.c: the CMOS/RTC as a pure register model: host time in BCD or binary, status registers, periodic, update and alarm flags, a BIOS's memory-size bytes. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "cmos.h"

#define NS 1000000000ull
#define DAY 86400u

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

/* Hour H (0-23) as the hours register shows it: 12-hour clocks count
 * 12, 1..11 with bit 7 for PM. */
static uint8_t encode_hour(const struct cmos *c, unsigned h)
{
	unsigned h12 = h % 12;

	if (c->ram[CMOS_REG_B] & CMOS_B_24H)
		return encode(c, h);
	return (uint8_t)(encode(c, h12 ? h12 : 12) | (h >= 12 ? 0x80 : 0));
}

/* A clock register: -1 for the others. */
static int clock_reg(const struct cmos *c, unsigned reg, uint64_t wall_ns)
{
	struct civil tm;

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
	case CMOS_HOURS: return encode_hour(c, tm.hour);
	case CMOS_WEEKDAY: return encode(c, tm.wday + 1);   /* Sunday = 1 */
	case CMOS_DAY: return encode(c, tm.mday);
	case CMOS_MONTH: return encode(c, tm.mon);
	case CMOS_YEAR: return encode(c, tm.year % 100);
	default: return encode(c, tm.year / 100 % 100);
	}
}

/* --- Interrupt flags --- */

/* Register A's divider bits 11x hold the chain in reset: no ticks, no
 * updates. */
static bool dividing(const struct cmos *c)
{
	return (c->ram[CMOS_REG_A] & 0x60) != 0x60;
}

static bool updating(const struct cmos *c)
{
	return dividing(c) && !(c->ram[CMOS_REG_B] & CMOS_B_SET);
}

uint64_t cmos_periodic_ns(const struct cmos *c)
{
	unsigned r = c->ram[CMOS_REG_A] & CMOS_A_RATE;

	if (!r || !dividing(c))
		return 0;
	if (r < 3)
		r += 7;              /* a 32.768 kHz crystal: 256 and 128 Hz */
	/* 65536 >> r Hz: 1953125 ns (512 Hz) at rate 7, doubling with each
	 * rate above; the faster ones are under the floor. */
	if (r < 7)
		return CMOS_PERIODIC_MIN_NS;
	return 1953125ull << (r - 7);
}

/* The first periodic tick after T (0: none). */
static uint64_t next_periodic(const struct cmos *c, uint64_t t)
{
	uint64_t p = cmos_periodic_ns(c), o = c->periodic_origin;

	if (!p)
		return 0;
	if (t < o)
		return o + p;
	return o + ((t - o) / p + 1) * p;
}

/* The first end of a second after T (0: none). */
static uint64_t next_update(const struct cmos *c, uint64_t t)
{
	return updating(c) ? (t / NS + 1) * NS : 0;
}

/* Which values 0..N-1 the alarm byte A matches, in MATCH; false if none. */
static bool alarm_field(const struct cmos *c, uint8_t a, unsigned n, bool hours,
                        bool *match)
{
	bool any = false;

	for (unsigned v = 0; v < n; v++) {
		match[v] = (a & CMOS_ALARM_ANY) == CMOS_ALARM_ANY ||
		           a == (hours ? encode_hour(c, v) : encode(c, (unsigned)v));
		any |= match[v];
	}
	return any;
}

/* The first end of a second after T that lands on the alarm time (0:
 * none). Every alarm that matches some time of day matches one within
 * the next day, so the search looks at most that far, field by field. */
static uint64_t next_alarm(const struct cmos *c, uint64_t t)
{
	bool ms[60], mm[60], mh[24];
	uint64_t first = t / NS + 1, day = first / DAY * DAY;
	unsigned tod = (unsigned)(first - day);
	unsigned h0 = tod / 3600, m0 = tod / 60 % 60, s0 = tod % 60;

	if (!updating(c) ||
	    !alarm_field(c, c->ram[CMOS_SEC_ALARM], 60, false, ms) ||
	    !alarm_field(c, c->ram[CMOS_MIN_ALARM], 60, false, mm) ||
	    !alarm_field(c, c->ram[CMOS_HOUR_ALARM], 24, true, mh))
		return 0;
	for (unsigned d = 0; d < 2; d++) {
		for (unsigned h = d ? 0 : h0; h < 24; h++) {
			bool now_h = !d && h == h0;

			if (!mh[h])
				continue;
			for (unsigned m = now_h ? m0 : 0; m < 60; m++) {
				bool now_m = now_h && m == m0;

				if (!mm[m])
					continue;
				for (unsigned s = now_m ? s0 : 0; s < 60; s++)
					if (ms[s])
						return (day + d * DAY + h * 3600u + m * 60u + s) * NS;
			}
		}
	}
	return 0;
}

/* The flags events in (FROM, TO] raise. An alarm can only come with an
 * update, so it is looked for only when a second ended. */
static uint8_t flags_between(const struct cmos *c, uint64_t from, uint64_t to)
{
	uint8_t f = 0;
	uint64_t t;

	t = next_periodic(c, from);
	if (t && t <= to)
		f |= CMOS_C_PF;
	t = next_update(c, from);
	if (t && t <= to) {
		f |= CMOS_C_UF;
		t = next_alarm(c, from);
		if (t && t <= to)
			f |= CMOS_C_AF;
	}
	return f;
}

static bool irqf(const struct cmos *c)
{
	return c->flags & c->ram[CMOS_REG_B] & (CMOS_C_PF | CMOS_C_AF | CMOS_C_UF);
}

/* With IRQF down: the first enabled event after the last look (0: none). */
static uint64_t next_edge(const struct cmos *c)
{
	uint8_t b = c->ram[CMOS_REG_B];
	uint64_t best = 0, t[3] = {
		b & CMOS_B_PIE ? next_periodic(c, c->flags_ns) : 0,
		b & CMOS_B_UIE ? next_update(c, c->flags_ns) : 0,
		b & CMOS_B_AIE ? next_alarm(c, c->flags_ns) : 0,
	};

	for (unsigned i = 0; i < 3; i++)
		if (t[i] && (!best || t[i] < best))
			best = t[i];
	return best;
}

uint64_t cmos_irq_edge(const struct cmos *c)
{
	if (!c->flags_ns)
		return 0;
	return irqf(c) ? c->irq_since : next_edge(c);
}

/* Take the flags of the events up to NOW (a look). */
static void advance(struct cmos *c, uint64_t now)
{
	uint64_t edge;
	bool was;

	if (!c->flags_ns || now < c->flags_ns) {
		/* The first look starts the clock; a clock that went back
		 * starts again from there. */
		if (!c->flags_ns)
			c->periodic_origin = now;
		c->flags_ns = now;
		return;
	}
	was = irqf(c);
	edge = was ? 0 : next_edge(c);
	c->flags |= flags_between(c, c->flags_ns, now);
	c->flags_ns = now;
	if (!was && irqf(c))
		c->irq_since = edge ? edge : now;
}

static uint8_t read_data(struct cmos *c, uint64_t wall_ns)
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
		/* Reading clears every flag and lowers IRQ8. */
		advance(c, wall_ns);
		v = c->flags | (irqf(c) ? CMOS_C_IRQF : 0);
		c->flags = 0;
		return (uint8_t)v;
	default:
		return c->ram[reg];
	}
}

static void write_data(struct cmos *c, uint8_t v, uint64_t wall_ns)
{
	unsigned reg = c->index;
	uint8_t old = c->ram[reg];
	bool was;

	if (clock_reg(c, reg, 0) >= 0)
		return;   /* the clock is the host's */
	/* Events so far count under the old settings, those after under
	 * the new. */
	if (reg == CMOS_REG_A || reg == CMOS_REG_B)
		advance(c, wall_ns);
	switch (reg) {
	case CMOS_REG_A:
		c->ram[reg] = v & (uint8_t)~CMOS_A_UIP;   /* UIP is read-only */
		/* A new rate or divider restarts the chain: ticks from now. */
		if ((old ^ c->ram[reg]) & (CMOS_A_DV | CMOS_A_RATE))
			c->periodic_origin = wall_ns;
		break;
	case CMOS_REG_B:
		was = irqf(c);
		/* Setting SET clears UIE (the datasheet): no update ends. */
		c->ram[reg] = v & CMOS_B_SET ? v & (uint8_t)~CMOS_B_UIE : v;
		/* Enabling a flag that is already up raises IRQ8 now. */
		if (!was && irqf(c))
			c->irq_since = wall_ns;
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
		write_data(c, *val, wall_ns);
	else
		*val = read_data(c, wall_ns);
}
