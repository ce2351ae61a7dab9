/* pic.c: the two cascaded 8259A interrupt controllers of a PC as a pure register model. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "pic.h"

/* ICW1, OCW2 and OCW3 bits, from the 8259A datasheet. */
#define ICW1_IC4   0x01   /* ICW4 follows */
#define ICW1_SNGL  0x02   /* single chip: no ICW3, no cascade */
#define ICW1_INIT  0x10   /* a port 0 write with this bit is ICW1 */
#define OCW3_SEL   0x08   /* with bit 4 clear: OCW3, else OCW2 */
#define OCW3_POLL  0x04
#define OCW3_RR    0x02   /* RIS (bit 0) is valid */
#define OCW3_ESMM  0x40   /* SMM (bit 5) is valid */
#define OCW3_SMM   0x20
#define ICW4_AEOI  0x02
#define ICW4_SFNM  0x10

enum { MASTER = 0, SLAVE = 1 };

static bool cascaded(const struct pic_pair *p)
{
	return !(p->chip[MASTER].icw1 & ICW1_SNGL);
}

/* The input of highest priority among MASK's bits, or -1: priority runs
 * from the input after LOWEST round to LOWEST (fixed priority, IR0 first,
 * is LOWEST = 7). */
static int highest(uint8_t mask, uint8_t lowest)
{
	for (unsigned k = 1; k <= 8; k++) {
		unsigned i = (lowest + k) & 7;
		if (mask & (1u << i))
			return (int)i;
	}
	return -1;
}

/* 0 for the highest priority, 7 for the lowest. */
static unsigned rank(unsigned input, uint8_t lowest)
{
	return (input - lowest - 1) & 7;
}

static int chip_request(const struct pic_pair *p, unsigned c);

/* What chip C's IRR holds, the slave's INT output standing on the
 * master's cascade input as a level. */
static uint8_t requests(const struct pic_pair *p, unsigned c)
{
	uint8_t irr = p->chip[c].irr;

	if (c == MASTER && cascaded(p)) {
		irr &= (uint8_t)~(1u << PIC_CASCADE);
		if (chip_request(p, SLAVE) >= 0)
			irr |= 1u << PIC_CASCADE;
	}
	return irr;
}

/* The input chip C would interrupt for now, or -1: the highest unmasked
 * request, if it outranks everything in service. */
static int chip_request(const struct pic_pair *p, unsigned c)
{
	const struct pic_chip *k = &p->chip[c];
	uint8_t isr = k->isr;
	int req, in;

	if (k->step != PIC_READY || (c == SLAVE && !cascaded(p)))
		return -1;
	req = highest(requests(p, c) & (uint8_t)~k->imr, k->lowest);
	if (req < 0)
		return -1;
	/* Special mask mode: a masked input in service blocks nothing. */
	if (k->special_mask)
		isr &= (uint8_t)~k->imr;
	/* Special fully nested mode: a slave's request may outrank the one
	 * of the same slave in service, so the cascade input in service
	 * does not block the cascade input. */
	if (c == MASTER && (k->icw4 & ICW4_SFNM) && req == PIC_CASCADE)
		isr &= (uint8_t)~(1u << PIC_CASCADE);
	in = highest(isr, k->lowest);
	if (in >= 0 && rank((unsigned)req, k->lowest) >= rank((unsigned)in, k->lowest))
		return -1;
	return req;
}

void pic_init(struct pic_pair *p)
{
	memset(p, 0, sizeof(*p));
	for (unsigned c = 0; c < 2; c++) {
		struct pic_chip *k = &p->chip[c];
		k->icw1 = ICW1_INIT | ICW1_IC4;
		k->icw4 = 0x01;               /* 8086 mode */
		k->lowest = 7;
		k->step = PIC_READY;
	}
	p->chip[MASTER].vector_base = 0x08;
	p->chip[MASTER].icw3 = 1u << PIC_CASCADE;
	p->chip[MASTER].imr = (uint8_t)~(1u << PIC_CASCADE);
	p->chip[SLAVE].vector_base = 0x70;
	p->chip[SLAVE].icw3 = PIC_CASCADE;
	p->chip[SLAVE].imr = 0xFF;
}

/* The acknowledge of INPUT on chip C: in service (unless in automatic EOI
 * mode), its request consumed. */
static void take(struct pic_chip *k, unsigned input)
{
	k->irr &= (uint8_t)~(1u << input);
	if (!(k->icw4 & ICW4_AEOI))
		k->isr |= (uint8_t)(1u << input);
	else if (k->rotate_aeoi)
		k->lowest = (uint8_t)input;
}

uint8_t pic_acknowledge(struct pic_pair *p, int *line)
{
	struct pic_chip *m = &p->chip[MASTER], *s = &p->chip[SLAVE];
	int mi = chip_request(p, MASTER), si;
	int dummy;

	if (!line)
		line = &dummy;
	if (mi < 0) {
		/* The request went away before the acknowledge: the datasheet's
		 * default IR7 vector, with nothing put in service. */
		*line = -1;
		return (uint8_t)(m->vector_base | 7);
	}
	if (mi != PIC_CASCADE || !cascaded(p)) {
		take(m, (unsigned)mi);
		*line = mi;
		return (uint8_t)(m->vector_base | (unsigned)mi);
	}
	si = chip_request(p, SLAVE);
	take(m, PIC_CASCADE);
	if (si < 0) {
		/* Cannot happen while the master's IR2 follows the slave's
		 * output, but it is what the hardware does: the slave answers
		 * with its IR7, the master's IR2 stays in service. */
		*line = -1;
		return (uint8_t)(s->vector_base | 7);
	}
	take(s, (unsigned)si);
	*line = 8 + si;
	return (uint8_t)(s->vector_base | (unsigned)si);
}

bool pic_output(const struct pic_pair *p)
{
	return chip_request(p, MASTER) >= 0;
}

bool pic_line_enabled(const struct pic_pair *p, unsigned line)
{
	if (line >= PIC_LINES)
		return false;
	if (line < 8)
		return !(p->chip[MASTER].imr & (1u << line));
	return cascaded(p) && !(p->chip[SLAVE].imr & (1u << (line - 8))) &&
	       !(p->chip[MASTER].imr & (1u << PIC_CASCADE));
}

void pic_set_line(struct pic_pair *p, unsigned line, bool level)
{
	struct pic_chip *k;
	uint8_t bit;

	if (line >= PIC_LINES)
		return;
	k = &p->chip[line >> 3];
	bit = (uint8_t)(1u << (line & 7));
	if (!level) {
		k->lines &= (uint8_t)~bit;
		return;
	}
	/* Edge-triggered: only a rising edge latches a request, masked or
	 * not (the mask inhibits the interrupt, not the latch). */
	if (!(k->lines & bit))
		k->irr |= bit;
	k->lines |= bit;
}

static void write_icw1(struct pic_chip *k, uint8_t v)
{
	/* The datasheet's initialisation: edge sense reset (pending edges
	 * lost), IMR cleared, IR7 lowest priority, special mask mode off, IRR
	 * selected for reading, ICW4's functions off unless ICW4 follows.
	 * The ISR is cleared too, so that a kernel re-initialising the chip
	 * from inside a handler is not left with an input blocked forever. */
	k->icw1 = v;
	k->irr = k->isr = k->imr = 0;
	k->lowest = 7;
	k->special_mask = k->read_isr = k->poll = k->rotate_aeoi = false;
	if (!(v & ICW1_IC4))
		k->icw4 = 0;
	k->step = PIC_ICW2;
}

static void write_ocw2(struct pic_chip *k, uint8_t v)
{
	unsigned level = v & 7;
	int top = highest(k->isr, k->lowest);

	switch (v >> 5) {
	case 0: /* rotate in automatic EOI mode: clear */
		k->rotate_aeoi = false;
		break;
	case 4: /* rotate in automatic EOI mode: set */
		k->rotate_aeoi = true;
		break;
	case 1: /* non-specific EOI: the highest priority in service */
	case 5: /* the same, and that input becomes the lowest priority */
		if (top < 0)
			break;
		k->isr &= (uint8_t)~(1u << top);
		if (v >> 5 == 5)
			k->lowest = (uint8_t)top;
		break;
	case 3: /* specific EOI */
	case 7: /* rotate on specific EOI */
		k->isr &= (uint8_t)~(1u << level);
		if (v >> 5 == 7)
			k->lowest = (uint8_t)level;
		break;
	case 6: /* set priority: LEVEL is the lowest */
		k->lowest = (uint8_t)level;
		break;
	default: /* 2: no operation */
		break;
	}
}

static void write_ocw3(struct pic_chip *k, uint8_t v)
{
	if (v & OCW3_POLL)
		k->poll = true;
	if (v & OCW3_RR)
		k->read_isr = v & 1;
	if (v & OCW3_ESMM)
		k->special_mask = (v & OCW3_SMM) != 0;
}

static void write_data(struct pic_chip *k, uint8_t v)
{
	switch (k->step) {
	case PIC_ICW2:
		k->vector_base = v & 0xF8;   /* 8086 mode: bits 0-2 are the input */
		if (!(k->icw1 & ICW1_SNGL))
			k->step = PIC_ICW3;
		else
			k->step = k->icw1 & ICW1_IC4 ? PIC_ICW4 : PIC_READY;
		break;
	case PIC_ICW3:
		k->icw3 = v;
		k->step = k->icw1 & ICW1_IC4 ? PIC_ICW4 : PIC_READY;
		break;
	case PIC_ICW4:
		k->icw4 = v;
		k->step = PIC_READY;
		break;
	case PIC_READY:
		k->imr = v;                  /* OCW1 */
		break;
	}
}

/* OCW3's poll command: the next read of port 0 is the acknowledge of this
 * chip alone, answered with bit 7 and the input's number. */
static uint8_t poll(struct pic_pair *p, unsigned c)
{
	int req = chip_request(p, c);

	p->chip[c].poll = false;
	if (req < 0)
		return 0;
	take(&p->chip[c], (unsigned)req);
	return (uint8_t)(0x80 | req);
}

void pic_access(struct pic_pair *p, unsigned chip, unsigned reg, bool is_write,
                uint8_t *val)
{
	struct pic_chip *k = &p->chip[chip & 1];

	if (!is_write) {
		if (reg & 1)
			*val = k->imr;
		else if (k->poll)
			*val = poll(p, chip & 1);
		else
			*val = k->read_isr ? k->isr : requests(p, chip & 1);
		return;
	}
	if (reg & 1)
		write_data(k, *val);
	else if (*val & ICW1_INIT)
		write_icw1(k, *val);
	else if (*val & OCW3_SEL)
		write_ocw3(k, *val);
	else
		write_ocw2(k, *val);
}
