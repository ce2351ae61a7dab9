/* pit.c: the 8254 PIT counters and port 0x61 as a pure register model, counting from an injected host clock. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "pit.h"

/* Modes 6 and 7 are 2 and 3 on a real 8254; 1, 4 and 5 (gate- and
 * strobe-triggered) count like mode 0 here: down once, output high at the
 * terminal count. */
static unsigned behaviour(const struct pit_channel *c)
{
	return c->mode == 2 || c->mode == 3 ? c->mode : 0;
}

static uint64_t period(const struct pit_channel *c)
{
	return c->reload ? c->reload : 65536;
}

/* Input clock ticks the channel has counted by NOW_NS. */
static uint64_t ticks(const struct pit_channel *c, uint64_t now_ns)
{
	if (!c->loaded)
		return 0;
	if (!c->gate || now_ns < c->start_ns)
		return c->held;
	return c->held + (uint64_t)((unsigned __int128)(now_ns - c->start_ns) *
	                            PIT_HZ / 1000000000u);
}

bool pit_out(const struct pit *p, unsigned ch, uint64_t now_ns)
{
	const struct pit_channel *c = &p->ch[ch];
	uint64_t n = period(c), t;

	if (!c->loaded)
		return behaviour(c) != 0;  /* mode 0 starts low, 2 and 3 high */
	t = ticks(c, now_ns);
	switch (behaviour(c)) {
	case 2:
		return !c->gate || t % n != n - 1;
	case 3:
		return !c->gate || t % n < (n + 1) / 2;
	default:
		return t >= n;
	}
}

/* The first nanosecond by which T input ticks have been counted. */
static uint64_t ticks_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * 1000000000u + PIT_HZ - 1) / PIT_HZ);
}

bool pit_irq0_schedule(const struct pit *p, uint64_t *first_ns,
                       uint64_t *period_ns)
{
	const struct pit_channel *c = &p->ch[PIT_CH0];
	uint64_t n = period(c);

	/* Channel 0's gate is tied high on a PC: it counts from start_ns. In
	 * modes 2 and 3 the output rises each time the count reloads, every N
	 * input ticks; in the others it rises once, at the terminal count. */
	if (!c->loaded || !c->gate)
		return false;
	*first_ns = c->start_ns + ticks_ns(n - (c->held % n));
	*period_ns = behaviour(c) ? ticks_ns(n) : 0;
	return true;
}

uint16_t pit_count(const struct pit *p, unsigned ch, uint64_t now_ns)
{
	const struct pit_channel *c = &p->ch[ch];
	uint64_t n = period(c), t, phase, first;

	if (!c->loaded)
		return c->reload;
	t = ticks(c, now_ns);
	switch (behaviour(c)) {
	case 2:
		return (uint16_t)(n - t % n);
	case 3:
		/* Down by two each tick, through each half of the period. */
		phase = t % n;
		first = (n + 1) / 2;
		if (phase < first)
			return (uint16_t)((first - phase) * 2);
		return (uint16_t)((n / 2 - (phase - first)) * 2);
	default:
		/* Past the terminal count it keeps counting down, wrapping. */
		return (uint16_t)(n - t);
	}
}

static void load(struct pit_channel *c, uint16_t count, uint64_t now_ns)
{
	c->reload = count;
	c->loaded = true;
	c->null_count = false;
	c->held = 0;
	c->start_ns = now_ns;
}

static void set_gate(struct pit_channel *c, bool gate, uint64_t now_ns)
{
	if (gate == c->gate)
		return;
	if (!gate) {
		c->held = ticks(c, now_ns);   /* mode 0 pauses where it is */
	} else {
		if (behaviour(c) != 0)
			c->held = 0;              /* modes 2 and 3 start over */
		c->start_ns = now_ns;
	}
	c->gate = gate;
}

void pit_init(struct pit *p, uint64_t now_ns)
{
	memset(p, 0, sizeof(*p));
	for (unsigned i = 0; i < 3; i++) {
		struct pit_channel *c = &p->ch[i];
		c->mode = 3;
		c->rw = 3;
		c->gate = i != PIT_CH2;
		load(c, 0, now_ns);
	}
}

static void latch_count(struct pit_channel *c, const struct pit *p,
                        unsigned ch, uint64_t now_ns)
{
	if (c->count_latched)
		return;   /* the first latch holds until it is read */
	c->latch = pit_count(p, ch, now_ns);
	c->count_latched = true;
	c->latch_left = c->rw == 3 ? 2 : 1;
}

static void latch_status(struct pit_channel *c, const struct pit *p,
                         unsigned ch, uint64_t now_ns)
{
	if (c->status_latched)
		return;
	c->status = (uint8_t)((pit_out(p, ch, now_ns) ? 0x80 : 0) |
	                      (c->null_count ? 0x40 : 0) | c->rw << 4 |
	                      c->mode << 1 | (c->bcd ? 1 : 0));
	c->status_latched = true;
}

static void write_control(struct pit *p, uint8_t v, uint64_t now_ns)
{
	unsigned sc = v >> 6, rw = (v >> 4) & 3;

	if (sc == 3) {
		/* Read-back: bit 5 clear latches counts, bit 4 clear statuses,
		 * of the channels in bits 1-3. */
		for (unsigned i = 0; i < 3; i++) {
			if (!(v & (2u << i)))
				continue;
			if (!(v & 0x10))
				latch_status(&p->ch[i], p, i, now_ns);
			if (!(v & 0x20))
				latch_count(&p->ch[i], p, i, now_ns);
		}
		return;
	}
	struct pit_channel *c = &p->ch[sc];
	if (rw == 0) {
		latch_count(c, p, sc, now_ns);
		return;
	}
	c->mode = (v >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;
	c->rw = (uint8_t)rw;
	c->bcd = v & 1;
	c->loaded = false;
	c->null_count = true;
	c->write_hi = c->read_hi = false;
	c->count_latched = c->status_latched = false;
}

static void write_count(struct pit_channel *c, uint8_t v, uint64_t now_ns)
{
	switch (c->rw) {
	case 1:
		load(c, v, now_ns);
		break;
	case 2:
		load(c, (uint16_t)(v << 8), now_ns);
		break;
	default:
		if (!c->write_hi) {
			c->write_lo = v;
			c->write_hi = true;
			if (behaviour(c) == 0)
				c->loaded = false;   /* mode 0 stops, output low */
			break;
		}
		c->write_hi = false;
		load(c, (uint16_t)(c->write_lo | v << 8), now_ns);
		break;
	}
}

static uint8_t read_count(struct pit *p, unsigned ch, uint64_t now_ns)
{
	struct pit_channel *c = &p->ch[ch];
	uint16_t count;
	bool hi;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->count_latched) {
		count = c->latch;
		hi = c->rw == 2 || (c->rw == 3 && c->latch_left == 1);
		if (--c->latch_left == 0)
			c->count_latched = false;
	} else {
		count = pit_count(p, ch, now_ns);
		hi = c->rw == 2 || (c->rw == 3 && c->read_hi);
		if (c->rw == 3)
			c->read_hi = !c->read_hi;
	}
	return (uint8_t)(hi ? count >> 8 : count);
}

void pit_access(struct pit *p, unsigned reg, bool is_write, uint8_t *val,
                uint64_t now_ns)
{
	reg &= 3;
	if (reg == PIT_CONTROL) {
		if (is_write)
			write_control(p, *val, now_ns);
		else
			*val = 0xFF;
		return;
	}
	if (is_write)
		write_count(&p->ch[reg], *val, now_ns);
	else
		*val = read_count(p, reg, now_ns);
}

uint8_t pit_port61_read(struct pit *p, uint64_t now_ns)
{
	uint8_t v = p->port61;

	/* The DRAM refresh request that BIOS delay loops count. */
	p->refresh = !p->refresh;
	if (p->refresh)
		v |= PIT_P61_REFRESH;
	if (pit_out(p, PIT_CH2, now_ns))
		v |= PIT_P61_OUT2;
	return v;
}

void pit_port61_write(struct pit *p, uint8_t val, uint64_t now_ns)
{
	p->port61 = val & PIT_P61_STORED;
	set_gate(&p->ch[PIT_CH2], val & PIT_P61_GATE2, now_ns);
}
