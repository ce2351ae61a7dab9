/* pic.h: two cascaded 8259A interrupt controllers (ports 0x20/0x21, 0xA0/0xA1) as a pure model (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_PIC_H
#define VMM_PIC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * No KVM, no clock, no lock: irq.c serialises the calls and turns the
 * master's INT output into KVM_INTERRUPT; the unit tests and the fuzzer
 * drive it directly. Inputs are edge-triggered as on a PC (ICW1's LTIM bit
 * is stored, not obeyed): a rising edge latches the IRR bit, which stays
 * until the interrupt is acknowledged (or ICW1 re-initialises the chip).
 * The slave's INT output drives the master's IR2 as a level, so a second
 * slave request is seen as soon as the first one is acknowledged.
 */
#define PIC_LINES 16
#define PIC_CASCADE 2           /* the master's input wired to the slave */

enum pic_init_step {
	PIC_READY,               /* initialised: port 1 writes are OCW1 */
	PIC_ICW2, PIC_ICW3, PIC_ICW4,
};

struct pic_chip {
	uint8_t irr, isr, imr;
	uint8_t lines;           /* input levels, for edge detection */
	uint8_t vector_base;     /* ICW2 & 0xF8 */
	uint8_t icw1, icw3, icw4;
	uint8_t lowest;          /* the input of lowest priority (rotation) */
	enum pic_init_step step;
	bool read_isr;           /* OCW3 RR/RIS: port 0 reads ISR, else IRR */
	bool poll;               /* OCW3 P: the next port 0 read is a poll */
	bool special_mask;       /* OCW3 SMM */
	bool rotate_aeoi;        /* OCW2 "rotate in automatic EOI mode" */
};

struct pic_pair {
	struct pic_chip chip[2]; /* 0 master, 1 slave */
};

/* As a PC BIOS leaves them: vector bases 0x08 and 0x70, the cascade
 * input open; but every device input masked, since there is no BIOS
 * handler behind them and a kernel that never set up an IDT must not be
 * interrupted. */
void pic_init(struct pic_pair *p);

/* One byte access: CHIP 0 (0x20/0x21) or 1 (0xA0/0xA1), REG 0 or 1. */
void pic_access(struct pic_pair *p, unsigned chip, unsigned reg, bool is_write,
                uint8_t *val);

/* Input LINE (0-15; others ignored) at LEVEL. */
void pic_set_line(struct pic_pair *p, unsigned line, bool level);

/* The master's INT output: an unmasked request outranks what is in service. */
bool pic_output(const struct pic_pair *p);

/* The interrupt acknowledge cycle: the vector the CPU reads. *LINE gets the
 * input it stands for, or -1 for a spurious interrupt (IR7 of the chip
 * that had nothing to give: the master's when the master's request went
 * away, the slave's, with the master's IR2 in service, when the slave's
 * did). LINE may be NULL. */
uint8_t pic_acknowledge(struct pic_pair *p, int *line);

/* Whether LINE (0-15) can reach the CPU at all: unmasked on its chip and,
 * for the slave's, the cascade input unmasked on the master. */
bool pic_line_enabled(const struct pic_pair *p, unsigned line);

#endif
