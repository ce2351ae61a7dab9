/* pit.h: the 8254 PIT register model (ports 0x40-0x43) and port 0x61 behind dev_pc.c (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_PIT_H
#define VMM_PIT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A pure model: no KVM, no clock of its own. Every call takes NOW_NS, the
 * host's monotonic time in nanoseconds, so tests drive it with made-up
 * times; the counters run at PIT_HZ from the moment their count is loaded.
 * It raises no interrupt itself: pit_irq0_schedule() tells dev_pc.c when
 * channel 0's output rises, for irq.c's host timer. The caller serialises
 * calls.
 */
#define PIT_HZ 1193182u

enum {
	PIT_CH0 = 0, PIT_CH1 = 1, PIT_CH2 = 2, PIT_CONTROL = 3,
	PIT_REG_COUNT = 4,       /* ports the PIT occupies */
};

/* Port 0x61 (system control port B). */
#define PIT_P61_GATE2    0x01  /* channel 2's gate */
#define PIT_P61_SPEAKER  0x02  /* speaker data (stored only) */
#define PIT_P61_STORED   0x0F  /* bits 0-3 read back as written */
#define PIT_P61_REFRESH  0x10  /* toggles on every read */
#define PIT_P61_OUT2     0x20  /* channel 2's output */

struct pit_channel {
	uint8_t mode;            /* 0-5, as programmed (6, 7 are 2, 3) */
	uint8_t rw;              /* access: 1 lobyte, 2 hibyte, 3 lo then hi */
	bool bcd;                /* stored and reported; counting is binary */
	bool gate;
	bool loaded;             /* a count was written since the control word */
	bool null_count;         /* control word written, count not yet loaded */
	uint16_t reload;         /* the count register; 0 means 65536 */
	uint64_t start_ns;       /* when counting (re)started */
	uint64_t held;           /* ticks counted before start_ns */
	bool write_hi;           /* lo/hi access: next write is the high byte */
	uint8_t write_lo;
	bool read_hi;            /* lo/hi access: next read is the high byte */
	bool count_latched;
	uint16_t latch;
	uint8_t latch_left;      /* bytes of the latched count still to read */
	bool status_latched;
	uint8_t status;
};

struct pit {
	struct pit_channel ch[3];
	uint8_t port61;          /* bits 0-3 as written */
	bool refresh;
};

/* As QEMU resets it (what a BIOS leaves): every channel in mode 3 with
 * count 65536, lo/hi access; channel 2's gate low (port 0x61 bit 0). */
void pit_init(struct pit *p, uint64_t now_ns);

/* One byte access to register REG (0-3) at NOW_NS. Reading the control
 * register returns 0xFF (it is write-only). */
void pit_access(struct pit *p, unsigned reg, bool is_write, uint8_t *val,
                uint64_t now_ns);

/* Port 0x61. */
uint8_t pit_port61_read(struct pit *p, uint64_t now_ns);
void pit_port61_write(struct pit *p, uint8_t val, uint64_t now_ns);

/* When channel 0's output next rises (what raises IRQ0), for a host
 * timer: false if it never will (no count loaded); else *FIRST_NS, the
 * first rising edge since the count was loaded, and *PERIOD_NS between
 * edges (0 in mode 0 and the one-shot modes: it rises once). */
bool pit_irq0_schedule(const struct pit *p, uint64_t *first_ns,
                       uint64_t *period_ns);

/* Channel CH's output level and current count at NOW_NS (tests, read-back). */
bool pit_out(const struct pit *p, unsigned ch, uint64_t now_ns);
uint16_t pit_count(const struct pit *p, unsigned ch, uint64_t now_ns);

#endif
