/* cmos.h: the MC146818 CMOS/RTC register model (ports 0x70/0x71) and its interrupt flags behind dev_pc.c (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_CMOS_H
#define VMM_CMOS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A pure model: the clock registers show WALL_NS, the host's UTC time in
 * nanoseconds since the epoch, which every access takes, so tests are
 * deterministic. Writes to the clock registers are ignored (the clock is
 * the host's); the other bytes are RAM, seeded with what a PC BIOS leaves.
 *
 * Interrupts: register C's flags are worked out when someone looks, from
 * the time of the last look: PF when a periodic tick (register A's rate)
 * passed, UF when a second ended, AF when a second ended on the alarm
 * registers' time. IRQF, and the IRQ8 line, is up while a flag whose
 * enable bit in B is set is up, until C is read. The model raises no
 * interrupt itself: cmos_irq_edge() says when the line rises, for the
 * caller's host timer. The caller serialises calls.
 */
enum {
	CMOS_INDEX = 0, CMOS_DATA = 1,
	CMOS_PORT_COUNT = 2,     /* ports the CMOS occupies */
};

enum {
	CMOS_SECONDS = 0x00, CMOS_MINUTES = 0x02, CMOS_HOURS = 0x04,
	CMOS_SEC_ALARM = 0x01, CMOS_MIN_ALARM = 0x03, CMOS_HOUR_ALARM = 0x05,
	CMOS_WEEKDAY = 0x06, CMOS_DAY = 0x07, CMOS_MONTH = 0x08,
	CMOS_YEAR = 0x09,
	CMOS_REG_A = 0x0A, CMOS_REG_B = 0x0B, CMOS_REG_C = 0x0C,
	CMOS_REG_D = 0x0D,
	CMOS_BASE_LO = 0x15, CMOS_BASE_HI = 0x16,     /* base memory, KiB */
	CMOS_EXT_LO = 0x17, CMOS_EXT_HI = 0x18,       /* above 1 MiB, KiB */
	CMOS_EXT2_LO = 0x30, CMOS_EXT2_HI = 0x31,     /* the same again */
	CMOS_CENTURY = 0x32,
	CMOS_HIGH_LO = 0x34, CMOS_HIGH_HI = 0x35,     /* above 16 MiB, 64 KiB */
	CMOS_BYTES = 128,
};

#define CMOS_A_UIP   0x80    /* update in progress */
#define CMOS_A_DV    0x70    /* divider: 010 counts, 11x holds it in reset */
#define CMOS_A_RATE  0x0F    /* periodic rate: 0 none, 65536 >> rate Hz (1, 2: as 8, 9) */
#define CMOS_B_SET   0x80    /* updates inhibited */
#define CMOS_B_PIE   0x40    /* periodic interrupt enable */
#define CMOS_B_AIE   0x20    /* alarm interrupt enable */
#define CMOS_B_UIE   0x10    /* update-ended interrupt enable */
#define CMOS_C_IRQF  0x80    /* an enabled flag is up: IRQ8 */
#define CMOS_C_PF    0x40    /* periodic tick */
#define CMOS_C_AF    0x20    /* alarm */
#define CMOS_C_UF    0x10    /* update ended */
/* An alarm byte from 0xC0 up matches every value ("don't care"). */
#define CMOS_ALARM_ANY 0xC0
#define CMOS_B_DM    0x04    /* binary, not BCD */
#define CMOS_B_24H   0x02    /* 24-hour clock */
#define CMOS_D_VRT   0x80    /* valid RAM and time */
/* UIP is set this long before each second's update (the datasheet's
 * 244 us), so a read that sees it clear may take the time at once. */
#define CMOS_UIP_NS  244000u
/* Periodic ticks come at most once a millisecond: the fastest rates
 * (8192 Hz at rate 3) count as 1000 Hz, the PIT's own floor (irq.c's
 * IRQ_TIMER_MIN_NS; an emulated host CPU cannot take more). */
#define CMOS_PERIODIC_MIN_NS 1000000u

struct cmos {
	uint8_t index;           /* 0-127: bit 7 (NMI mask) is dropped */
	uint8_t ram[CMOS_BYTES];
	uint8_t flags;           /* C's PF, AF and UF for events up to FLAGS_NS */
	uint64_t flags_ns;       /* the last look; 0 before the first access */
	uint64_t periodic_origin; /* periodic ticks come at origin + k * period */
	uint64_t irq_since;      /* while IRQF is up: when it rose */
};

/* A BIOS's leftovers for a PC with RAM_SIZE bytes of RAM from address 0:
 * 640 KiB base memory, RAM above 1 MiB and above 16 MiB (each capped at
 * 0xFFFF), register A 0x26, B 24-hour BCD, D valid. */
void cmos_init(struct cmos *c, uint64_t ram_size);

/* One byte access to port REG (CMOS_INDEX or CMOS_DATA) at WALL_NS.
 * Reading the index port returns 0xFF (it is write-only). A clock that
 * went back since the last access loses no flag and raises none twice:
 * events count from the earlier time again. */
void cmos_access(struct cmos *c, unsigned reg, bool is_write, uint8_t *val,
                 uint64_t wall_ns);

/* When IRQ8 rises, in the clock of the accesses: while IRQF is up, the
 * time it rose (the line stays up until C is read, so no new edge comes);
 * else the time the next enabled event will raise it; 0 if none ever
 * will (no enable bit, or no such event: updates stopped, an alarm that
 * matches no time). The same answer for the same state, so a caller
 * arms its timer again only when the answer changes. */
uint64_t cmos_irq_edge(const struct cmos *c);

/* Period of the periodic flag in ns (0: none), CMOS_PERIODIC_MIN_NS at least. */
uint64_t cmos_periodic_ns(const struct cmos *c);

#endif
