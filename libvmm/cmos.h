/* cmos.h: the MC146818 CMOS/RTC register model (ports 0x70/0x71) behind dev_pc.c (private). */
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
 * No interrupts yet (IRQ8 is the interrupts issue's). The caller
 * serialises calls.
 */
enum {
	CMOS_INDEX = 0, CMOS_DATA = 1,
	CMOS_PORT_COUNT = 2,     /* ports the CMOS occupies */
};

enum {
	CMOS_SECONDS = 0x00, CMOS_MINUTES = 0x02, CMOS_HOURS = 0x04,
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
#define CMOS_B_SET   0x80    /* updates inhibited */
#define CMOS_B_DM    0x04    /* binary, not BCD */
#define CMOS_B_24H   0x02    /* 24-hour clock */
#define CMOS_D_VRT   0x80    /* valid RAM and time */
/* UIP is set this long before each second's update (the datasheet's
 * 244 us), so a read that sees it clear may take the time at once. */
#define CMOS_UIP_NS  244000u

struct cmos {
	uint8_t index;           /* 0-127: bit 7 (NMI mask) is dropped */
	uint8_t ram[CMOS_BYTES];
};

/* A BIOS's leftovers for a PC with RAM_SIZE bytes of RAM from address 0:
 * 640 KiB base memory, RAM above 1 MiB and above 16 MiB (each capped at
 * 0xFFFF), register A 0x26, B 24-hour BCD, D valid. */
void cmos_init(struct cmos *c, uint64_t ram_size);

/* One byte access to port REG (CMOS_INDEX or CMOS_DATA). Reading the
 * index port returns 0xFF (it is write-only). */
void cmos_access(struct cmos *c, unsigned reg, bool is_write, uint8_t *val,
                 uint64_t wall_ns);

#endif
