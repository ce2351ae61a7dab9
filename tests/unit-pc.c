/* unit-pc.c: Check tests of the PC device models (8254 PIT with port 0x61, CMOS/RTC) on a made-up clock (no KVM). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <time.h>

#include "check-main.h"
#include "cmos.h"
#include "pit.h"

/* The first nanosecond at which T input ticks have been counted, from a
 * count loaded at T0. */
#define T0 1000000000ull
static uint64_t at(uint64_t t)
{
	return T0 + (t * 1000000000ull + PIT_HZ - 1) / PIT_HZ;
}

static uint8_t rd(struct pit *p, unsigned reg, uint64_t now)
{
	uint8_t v = 0x5A;

	pit_access(p, reg, false, &v, now);
	return v;
}

static void wr(struct pit *p, unsigned reg, uint8_t v, uint64_t now)
{
	pit_access(p, reg, true, &v, now);
}

/* Program channel CH: MODE, lo/hi access, COUNT, at T0. */
static void program(struct pit *p, unsigned ch, unsigned mode, uint16_t count)
{
	wr(p, PIT_CONTROL, (uint8_t)(ch << 6 | 0x30 | mode << 1), T0);
	wr(p, ch, (uint8_t)count, T0);
	wr(p, ch, (uint8_t)(count >> 8), T0);
}

static uint16_t rd16(struct pit *p, unsigned ch, uint64_t now)
{
	uint16_t lo = rd(p, ch, now);

	return (uint16_t)(lo | rd(p, ch, now) << 8);
}

/* When channel 0's output rises (IRQ0), for irq.c's host timer. */
START_TEST(test_pit_irq0_schedule)
{
	struct pit p;
	uint64_t first = 1, period = 1;

	pit_init(&p, T0);
	/* From reset: mode 3, count 65536 (18.2 Hz). */
	ck_assert(pit_irq0_schedule(&p, &first, &period));
	ck_assert_uint_eq(first, at(65536));
	ck_assert_uint_eq(period, at(65536) - T0);
	/* 100 Hz in mode 3 and in mode 2: an edge every 11932 input ticks. */
	program(&p, PIT_CH0, 3, 11932);
	ck_assert(pit_irq0_schedule(&p, &first, &period));
	ck_assert_uint_eq(first, at(11932));
	ck_assert_uint_eq(period, 10000151);
	program(&p, PIT_CH0, 2, 11932);
	ck_assert(pit_irq0_schedule(&p, &first, &period));
	ck_assert_uint_eq(period, 10000151);
	/* Mode 0: once, at the terminal count. */
	program(&p, PIT_CH0, 0, 1000);
	ck_assert(pit_irq0_schedule(&p, &first, &period));
	ck_assert_uint_eq(first, at(1000));
	ck_assert_uint_eq(period, 0);
	/* A control word alone, or half a count, leaves nothing scheduled. */
	wr(&p, PIT_CONTROL, 0x30, T0);
	ck_assert(!pit_irq0_schedule(&p, &first, &period));
	wr(&p, PIT_CH0, 0x10, T0);
	ck_assert(!pit_irq0_schedule(&p, &first, &period));
	wr(&p, PIT_CH0, 0x00, T0);
	ck_assert(pit_irq0_schedule(&p, &first, &period));
	ck_assert_uint_eq(first, at(16));
}
END_TEST

START_TEST(test_pit_mode0_out2_via_port61)
{
	struct pit p;

	pit_init(&p, 0);
	/* What memtest86+ does: gate on, speaker off, channel 2 in mode 0. */
	pit_port61_write(&p, 0x01, T0);
	ck_assert_int_eq(pit_port61_read(&p, T0) & 0x0F, 0x01);
	program(&p, PIT_CH2, 0, 16);
	ck_assert_int_eq(pit_port61_read(&p, T0) & PIT_P61_OUT2, 0);
	ck_assert_int_eq(pit_port61_read(&p, at(15)) & PIT_P61_OUT2, 0);
	ck_assert_int_eq(pit_port61_read(&p, at(16)) & PIT_P61_OUT2, PIT_P61_OUT2);
	/* It stays high, the counter wrapping on below zero. */
	ck_assert_int_eq(pit_port61_read(&p, at(70000)) & PIT_P61_OUT2, PIT_P61_OUT2);
	ck_assert_int_eq(pit_count(&p, PIT_CH2, at(5)), 11);
	ck_assert_int_eq(pit_count(&p, PIT_CH2, at(17)), 0xFFFF);
	/* Bits 0-3 are stored, 4 toggles, 6-7 read 0. */
	pit_port61_write(&p, 0xF3, at(20));
	uint8_t a = pit_port61_read(&p, at(20)), b = pit_port61_read(&p, at(20));
	ck_assert_int_eq(a & 0xEF, 0x23);
	ck_assert_int_eq(b & 0xEF, 0x23);
	ck_assert_int_eq((a ^ b) & PIT_P61_REFRESH, PIT_P61_REFRESH);
}
END_TEST

START_TEST(test_pit_mode0_gate_pauses)
{
	struct pit p;

	pit_init(&p, 0);
	pit_port61_write(&p, 0x01, T0);
	program(&p, PIT_CH2, 0, 100);
	pit_port61_write(&p, 0x00, at(40));          /* gate low: paused */
	ck_assert_int_eq(pit_count(&p, PIT_CH2, at(1000)), 60);
	ck_assert(!pit_out(&p, PIT_CH2, at(1000)));
	pit_port61_write(&p, 0x01, at(1000));        /* counting on */
	ck_assert_int_eq(pit_count(&p, PIT_CH2, at(1000) + (at(10) - T0)), 50);
	ck_assert(pit_out(&p, PIT_CH2, at(1000) + (at(60) - T0)));
	/* Power-on: channel 2's gate is low, so it does not count. */
	pit_init(&p, 0);
	program(&p, PIT_CH2, 0, 5);
	ck_assert(!(pit_port61_read(&p, at(100)) & PIT_P61_OUT2));
}
END_TEST

START_TEST(test_pit_mode2_reload)
{
	struct pit p;

	pit_init(&p, 0);
	program(&p, PIT_CH0, 2, 100);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, T0), 100);
	ck_assert(pit_out(&p, PIT_CH0, at(98)));
	ck_assert(!pit_out(&p, PIT_CH0, at(99)));        /* one tick low at 1 */
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(99)), 1);
	ck_assert(pit_out(&p, PIT_CH0, at(100)));        /* reloaded */
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(100)), 100);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(250)), 50);
	/* Mode 6 is mode 2. */
	wr(&p, PIT_CONTROL, 0x3C, T0);
	wr(&p, PIT_CH0, 10, T0);
	wr(&p, PIT_CH0, 0, T0);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(13)), 7);
}
END_TEST

START_TEST(test_pit_mode3_square_wave)
{
	struct pit p;

	pit_init(&p, 0);
	program(&p, PIT_CH0, 3, 10);
	ck_assert(pit_out(&p, PIT_CH0, T0));
	ck_assert_int_eq(pit_count(&p, PIT_CH0, T0), 10);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(4)), 2);
	ck_assert(pit_out(&p, PIT_CH0, at(4)));
	ck_assert(!pit_out(&p, PIT_CH0, at(5)));
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(5)), 10);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(9)), 2);
	ck_assert(pit_out(&p, PIT_CH0, at(10)));
	ck_assert(!pit_out(&p, PIT_CH0, at(25)));
	/* Power-on state: mode 3, count 65536 (reads 0), counting. */
	pit_init(&p, T0);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, T0), 0);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(1)), 65534);
}
END_TEST

START_TEST(test_pit_latch)
{
	struct pit p;

	pit_init(&p, 0);
	program(&p, PIT_CH0, 2, 1000);
	wr(&p, PIT_CONTROL, 0x00, at(100));          /* latch channel 0 */
	wr(&p, PIT_CONTROL, 0x00, at(200));          /* ignored: still latched */
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(500)), 900);
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(500)), 500);   /* live again */
	/* A live lo/hi read alternates bytes. */
	ck_assert_int_eq(rd(&p, PIT_CH0, at(600)), 400 & 0xFF);
	ck_assert_int_eq(rd(&p, PIT_CH0, at(600)), 400 >> 8);
	/* The control port reads all ones. */
	ck_assert_int_eq(rd(&p, PIT_CONTROL, T0), 0xFF);
}
END_TEST

START_TEST(test_pit_read_back)
{
	struct pit p;

	pit_init(&p, 0);
	/* Control word, no count yet: null count, mode 0 output low. */
	wr(&p, PIT_CONTROL, 0xB0, T0);
	wr(&p, PIT_CONTROL, 0xE8, T0);               /* status of channel 2 */
	ck_assert_int_eq(rd(&p, PIT_CH2, T0), 0x70);
	program(&p, PIT_CH0, 2, 1000);
	wr(&p, PIT_CONTROL, 0xC2, at(10));           /* count and status, ch 0 */
	ck_assert_int_eq(rd(&p, PIT_CH0, at(20)), 0xB4);  /* out, lo/hi, mode 2 */
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(30)), 990);
	/* Count only, channels 0 and 2 at once. */
	pit_port61_write(&p, 0x01, T0);
	program(&p, PIT_CH2, 0, 500);
	wr(&p, PIT_CONTROL, 0xDA, at(100));
	ck_assert_int_eq(rd16(&p, PIT_CH2, at(300)), 400);
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(300)), 900);
	/* Status only: the count stays live. */
	wr(&p, PIT_CONTROL, 0xE2, at(300));
	ck_assert_int_eq(rd(&p, PIT_CH0, at(300)), 0xB4);
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(400)), 600);
}
END_TEST

START_TEST(test_pit_byte_access)
{
	struct pit p;

	pit_init(&p, 0);
	wr(&p, PIT_CONTROL, 0x14, T0);               /* ch 0, lobyte, mode 2 */
	wr(&p, PIT_CH0, 0x20, T0);
	ck_assert_int_eq(rd(&p, PIT_CH0, at(1)), 0x1F);
	ck_assert_int_eq(rd(&p, PIT_CH0, at(2)), 0x1E);
	wr(&p, PIT_CONTROL, 0x24, T0);               /* hibyte */
	wr(&p, PIT_CH0, 0x01, T0);                   /* count 0x100 */
	ck_assert_int_eq(rd(&p, PIT_CH0, T0), 0x01);
	ck_assert_int_eq(rd(&p, PIT_CH0, at(1)), 0x00);
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(1)), 0xFF);
	/* Lo/hi: the count loads only with its high byte. */
	wr(&p, PIT_CONTROL, 0x34, T0);
	wr(&p, PIT_CH0, 0x34, T0);
	wr(&p, PIT_CH0, 0x12, at(50));
	ck_assert_int_eq(pit_count(&p, PIT_CH0, at(50)), 0x1234);
	ck_assert_int_eq(rd16(&p, PIT_CH0, at(60)), 0x1234 - 10);
}
END_TEST

/*
 * Linux's two TSC calibrations against channel 2 (arch/x86/kernel/tsc.c:
 * quick_pit_calibrate() and pit_calibrate_tsc()), replayed on the model
 * by a guest whose every port access takes IO_NS of host time and whose
 * TSC counts nanoseconds (1 GHz, so a right answer is 1000000 kHz).
 * They show what the model gives and what they need from the host: the
 * quick one about 1 us per access (it must read the same counter MSB six
 * times in the 214 us it lasts), the slow one under 10 us (1000 polls
 * of port 0x61 in 10 ms).
 */
struct calib {
	struct pit p;
	uint64_t t, io_ns;
};

static uint8_t cal_in(struct calib *g, unsigned port)
{
	uint8_t v = 0;

	g->t += g->io_ns;
	if (port == 0x61)
		return pit_port61_read(&g->p, g->t);
	pit_access(&g->p, port - 0x40, false, &v, g->t);
	return v;
}

static void cal_out(struct calib *g, unsigned port, uint8_t v)
{
	g->t += g->io_ns;
	if (port == 0x61)
		pit_port61_write(&g->p, v, g->t);
	else
		pit_access(&g->p, port - 0x40, true, &v, g->t);
}

/* Channel 2 gated on, speaker off, mode 0 with lo/hi COUNT. */
static void cal_start(struct calib *g, uint16_t count)
{
	cal_out(g, 0x61, (uint8_t)((cal_in(g, 0x61) & ~0x02) | 0x01));
	cal_out(g, 0x43, 0xB0);
	cal_out(g, 0x42, (uint8_t)count);
	cal_out(g, 0x42, (uint8_t)(count >> 8));
}

/* Two reads without a latch: LSB, then the MSB that is compared. */
static bool cal_verify_msb(struct calib *g, uint8_t val)
{
	cal_in(g, 0x42);
	return cal_in(g, 0x42) == val;
}

static bool cal_expect_msb(struct calib *g, uint8_t val, uint64_t *tscp,
                           uint64_t *deltap)
{
	uint64_t tsc = 0, prev = 0;
	int count;

	for (count = 0; count < 50000; count++) {
		if (!cal_verify_msb(g, val))
			break;
		prev = tsc;
		tsc = g->t;
	}
	*deltap = g->t - prev;
	*tscp = tsc;
	return count > 5;
}

/* kHz, or 0 when it gives up (as Linux's "Fast TSC calibration failed"). */
static uint64_t cal_quick(struct calib *g)
{
	const unsigned max = 50 * PIT_HZ / 1000 / 256;
	uint64_t tsc, delta, d1, d2;

	cal_start(g, 0xFFFF);
	cal_verify_msb(g, 0);
	if (!cal_expect_msb(g, 0xFF, &tsc, &d1))
		return 0;
	for (unsigned i = 1; i <= max; i++) {
		if (!cal_expect_msb(g, (uint8_t)(0xFF - i), &delta, &d2))
			return 0;
		delta -= tsc;
		if (i == 1 && d1 + d2 >= (delta * max) >> 11)
			return 0;
		if (d1 + d2 >= delta >> 11)
			continue;
		if (!cal_verify_msb(g, (uint8_t)(0xFE - i)))
			return 0;
		return delta * PIT_HZ / (i * 256 * 1000);
	}
	return 0;
}

/* kHz over MS milliseconds, or 0 when OUT2 came with fewer than LOOPMIN
 * polls (Linux then finds "Unable to calibrate against PIT"). */
static uint64_t cal_slow(struct calib *g, unsigned ms, unsigned loopmin)
{
	uint64_t t1, t2;
	unsigned polls = 0;

	cal_start(g, (uint16_t)(PIT_HZ / (1000 / ms)));
	t1 = t2 = g->t;
	while (!(cal_in(g, 0x61) & PIT_P61_OUT2)) {
		t2 = g->t;
		polls++;
	}
	if (polls < loopmin)
		return 0;
	return (t2 - t1) / ms;
}

START_TEST(test_pit_linux_tsc_calibration)
{
	struct calib g;
	uint64_t khz;

	/* Bare metal's 1 us per access: the quick calibration, within 500 ppm. */
	pit_init(&g.p, T0);
	g.t = T0;
	g.io_ns = 1000;
	khz = cal_quick(&g);
	ck_assert_uint_ge(khz, 999500);
	ck_assert_uint_le(khz, 1000500);
	/* A userspace exit on KVM, a few us: the slow one, 10 ms and 50 ms. */
	g.io_ns = 4000;
	ck_assert_uint_eq(cal_quick(&g), 0);
	khz = cal_slow(&g, 10, 1000);
	ck_assert_uint_ge(khz, 999000);
	ck_assert_uint_le(khz, 1001000);
	khz = cal_slow(&g, 50, 5000);
	ck_assert_uint_ge(khz, 999000);
	ck_assert_uint_le(khz, 1001000);
	/* An exit of the KVM test host (KVM under an emulated CPU), some
	 * 150 us: both give up, as Linux's log there says; the counter is
	 * right, the guest only cannot look at it often enough. */
	g.io_ns = 150000;
	ck_assert_uint_eq(cal_quick(&g), 0);
	ck_assert_uint_eq(cal_slow(&g, 10, 1000), 0);
	ck_assert_uint_eq(cal_slow(&g, 50, 5000), 0);
}
END_TEST

static uint8_t cmos_rd(struct cmos *c, uint8_t reg, uint64_t wall)
{
	uint8_t v = 0x5A;

	cmos_access(c, CMOS_INDEX, true, &reg, wall);
	cmos_access(c, CMOS_DATA, false, &v, wall);
	return v;
}

static void cmos_wr(struct cmos *c, uint8_t reg, uint8_t v)
{
	cmos_access(c, CMOS_INDEX, true, &reg, 0);
	cmos_access(c, CMOS_DATA, true, &v, 0);
}

static unsigned cmos16(struct cmos *c, uint8_t lo)
{
	return cmos_rd(c, lo, 0) | cmos_rd(c, lo + 1, 0) << 8;
}

START_TEST(test_cmos_memory_bytes)
{
	static const struct {
		uint64_t mib;
		unsigned ext, high;
	} cases[] = {
		{ 4, 3072, 0 },
		{ 16, 15360, 0 },
		{ 32, 31744, 256 },
		{ 64, 0xFFFF, 768 },          /* 64512 fits; the cap from 65 MiB */
		{ 128, 0xFFFF, 1792 },
		{ 1024, 0xFFFF, 16128 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cmos c;

		cmos_init(&c, cases[i].mib << 20);
		ck_assert_uint_eq(cmos16(&c, CMOS_BASE_LO), 640);
		ck_assert_uint_eq(cmos16(&c, CMOS_EXT_LO),
		                  cases[i].mib == 64 ? 64512 : cases[i].ext);
		ck_assert_uint_eq(cmos16(&c, CMOS_EXT2_LO), cmos16(&c, CMOS_EXT_LO));
		ck_assert_uint_eq(cmos16(&c, CMOS_HIGH_LO), cases[i].high);
	}
}
END_TEST

/* 2026-12-06 13:23:45 UTC, a Sunday. */
#define WALL (1796563425ull * 1000000000ull)

START_TEST(test_cmos_time)
{
	struct cmos c;

	cmos_init(&c, 4 << 20);
	ck_assert_int_eq(cmos_rd(&c, CMOS_SECONDS, WALL), 0x45);
	ck_assert_int_eq(cmos_rd(&c, CMOS_MINUTES, WALL), 0x23);
	ck_assert_int_eq(cmos_rd(&c, CMOS_HOURS, WALL), 0x13);
	ck_assert_int_eq(cmos_rd(&c, CMOS_WEEKDAY, WALL), 1);
	ck_assert_int_eq(cmos_rd(&c, CMOS_DAY, WALL), 0x06);
	ck_assert_int_eq(cmos_rd(&c, CMOS_MONTH, WALL), 0x12);
	ck_assert_int_eq(cmos_rd(&c, CMOS_YEAR, WALL), 0x26);
	ck_assert_int_eq(cmos_rd(&c, CMOS_CENTURY, WALL), 0x20);
	/* The clock is the host's: writes change nothing. */
	cmos_wr(&c, CMOS_SECONDS, 0x00);
	ck_assert_int_eq(cmos_rd(&c, CMOS_SECONDS, WALL + 2000000000ull), 0x47);
	/* Binary, then 12-hour binary (bit 7: PM). */
	cmos_wr(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_DM);
	ck_assert_int_eq(cmos_rd(&c, CMOS_SECONDS, WALL), 45);
	ck_assert_int_eq(cmos_rd(&c, CMOS_MONTH, WALL), 12);
	cmos_wr(&c, CMOS_REG_B, CMOS_B_DM);
	ck_assert_int_eq(cmos_rd(&c, CMOS_HOURS, WALL), 0x81);
	cmos_wr(&c, CMOS_REG_B, 0);
	ck_assert_int_eq(cmos_rd(&c, CMOS_HOURS, WALL), 0x81);
	ck_assert_int_eq(cmos_rd(&c, CMOS_HOURS, WALL - 13 * 3600000000000ull), 0x12);
}
END_TEST

/* The model's own calendar (no gmtime_r(): the sandbox) against libc's,
 * binary mode, from 1970 to past 2100, leap days included. */
START_TEST(test_cmos_calendar)
{
	struct cmos c;

	cmos_init(&c, 4 << 20);
	cmos_wr(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_DM);
	for (uint64_t s = 0; s < 4200000000ull; s += 86400ull * 13 + 3607) {
		time_t t = (time_t)s;
		struct tm tm;
		uint64_t w = s * 1000000000ull;

		ck_assert(gmtime_r(&t, &tm));
		ck_assert_int_eq(cmos_rd(&c, CMOS_SECONDS, w), tm.tm_sec);
		ck_assert_int_eq(cmos_rd(&c, CMOS_MINUTES, w), tm.tm_min);
		ck_assert_int_eq(cmos_rd(&c, CMOS_HOURS, w), tm.tm_hour);
		ck_assert_int_eq(cmos_rd(&c, CMOS_WEEKDAY, w), tm.tm_wday + 1);
		ck_assert_int_eq(cmos_rd(&c, CMOS_DAY, w), tm.tm_mday);
		ck_assert_int_eq(cmos_rd(&c, CMOS_MONTH, w), tm.tm_mon + 1);
		ck_assert_int_eq(cmos_rd(&c, CMOS_YEAR, w), (tm.tm_year + 1900) % 100);
		ck_assert_int_eq(cmos_rd(&c, CMOS_CENTURY, w), (tm.tm_year + 1900) / 100);
	}
	/* 2000-02-29 and 2024-02-29 12:00 UTC. */
	ck_assert_int_eq(cmos_rd(&c, CMOS_DAY, 951825600ull * 1000000000ull), 29);
	ck_assert_int_eq(cmos_rd(&c, CMOS_MONTH, 1709208000ull * 1000000000ull), 2);
}
END_TEST

START_TEST(test_cmos_status_and_ram)
{
	struct cmos c;
	uint8_t v = 0;

	cmos_init(&c, 4 << 20);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_A, WALL + 500000000u), 0x26);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_A, WALL + 999800000u), 0xA6);  /* UIP */
	cmos_wr(&c, CMOS_REG_B, CMOS_B_SET | CMOS_B_24H);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_A, WALL + 999800000u), 0x26);
	cmos_wr(&c, CMOS_REG_A, 0xAF);                       /* UIP read-only */
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_A, WALL), 0x2F);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL), 0);
	cmos_wr(&c, CMOS_REG_D, 0);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_D, WALL), 0x80);
	/* Other bytes are RAM; the index's bit 7 (NMI mask) is dropped. */
	cmos_wr(&c, 0x40, 0xC3);
	ck_assert_int_eq(cmos_rd(&c, 0x40, WALL), 0xC3);
	ck_assert_int_eq(cmos_rd(&c, 0x80 | CMOS_BASE_LO, WALL), 0x80);
	ck_assert_int_eq(cmos_rd(&c, 0x80 | 0x40, WALL), 0xC3);
	cmos_wr(&c, CMOS_EXT_LO, 0x11);                      /* writable too */
	ck_assert_int_eq(cmos_rd(&c, CMOS_EXT_LO, WALL), 0x11);
	cmos_access(&c, CMOS_INDEX, false, &v, WALL);
	ck_assert_int_eq(v, 0xFF);
}
END_TEST

static void cmos_wr_at(struct cmos *c, uint8_t reg, uint8_t v, uint64_t wall)
{
	cmos_access(c, CMOS_INDEX, true, &reg, wall);
	cmos_access(c, CMOS_DATA, true, &v, wall);
}

#define MS 1000000ull
#define SEC 1000000000ull

START_TEST(test_rtc_periodic_rates)
{
	static const struct {
		uint8_t a;
		uint64_t ns;
	} cases[] = {
		{ 0x20, 0 },                      /* rate 0: none */
		{ 0x23, MS },                     /* 8192 Hz: the 1 ms floor */
		{ 0x26, MS },                     /* 1024 Hz: under it too */
		{ 0x27, 1953125 },                /* 512 Hz */
		{ 0x2F, 500 * MS },               /* 2 Hz */
		{ 0x21, 3906250 },                /* 256 Hz, as rate 8 */
		{ 0x22, 7812500 },                /* 128 Hz, as rate 9 */
		{ 0x66, 0 },                      /* divider in reset */
	};
	struct cmos c;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cmos_init(&c, 4 << 20);
		cmos_wr_at(&c, CMOS_REG_A, cases[i].a, WALL);
		ck_assert_uint_eq(cmos_periodic_ns(&c), cases[i].ns);
	}
}
END_TEST

START_TEST(test_rtc_periodic_flag_and_irq)
{
	struct cmos c;

	cmos_init(&c, 4 << 20);
	cmos_wr_at(&c, CMOS_REG_A, 0x2F, WALL);          /* 2 Hz from WALL */
	ck_assert_uint_eq(cmos_irq_edge(&c), 0);         /* nothing enabled */
	/* PF comes whether or not it is enabled; IRQF only when it is. */
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 600 * MS), CMOS_C_PF);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 700 * MS), 0);
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_PIE, WALL + 700 * MS);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 1000 * MS);
	/* The line is up from the tick until C is read: the same edge, however
	 * late someone looks. */
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_A, WALL + 1200 * MS), 0x2F);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 1000 * MS);
	/* UF comes with each second too, enabled or not. */
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 1300 * MS),
	                 CMOS_C_IRQF | CMOS_C_PF | CMOS_C_UF);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 1500 * MS);
	/* Ticks missed meanwhile are one flag, one edge. */
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 3700 * MS),
	                 CMOS_C_IRQF | CMOS_C_PF | CMOS_C_UF);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 3800 * MS), 0);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 4000 * MS);
	/* A new rate restarts the chain: 512 Hz from the write. */
	cmos_wr_at(&c, CMOS_REG_A, 0x27, WALL + 3900 * MS);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 3900 * MS + 1953125);
	/* Disabled: no edge; enabled with PF already up: the edge is now. */
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_24H, WALL + 3910 * MS);
	ck_assert_uint_eq(cmos_irq_edge(&c), 0);
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_PIE, WALL + 3920 * MS);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 3920 * MS);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 3920 * MS),
	                 CMOS_C_IRQF | CMOS_C_PF);
}
END_TEST

START_TEST(test_rtc_update_ended)
{
	struct cmos c;

	cmos_init(&c, 4 << 20);
	cmos_wr_at(&c, CMOS_REG_A, 0x20, WALL + 100 * MS);   /* no periodic flag */
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_UIE, WALL + 100 * MS);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + SEC);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 900 * MS), 0);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 1100 * MS),
	                 CMOS_C_IRQF | CMOS_C_UF);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 2 * SEC);
	/* SET stops the updates and clears UIE (the datasheet). */
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_SET | CMOS_B_24H | CMOS_B_UIE, WALL + 1200 * MS);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_B, WALL + 1200 * MS), CMOS_B_SET | CMOS_B_24H);
	ck_assert_uint_eq(cmos_irq_edge(&c), 0);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 5 * SEC), 0);
	/* A clock that goes back raises nothing twice and does not crash. */
	cmos_wr_at(&c, CMOS_REG_B, CMOS_B_24H | CMOS_B_UIE, WALL + 5 * SEC);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 6 * SEC), CMOS_C_IRQF | CMOS_C_UF);
	ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + 2 * SEC), 0);
	ck_assert_uint_eq(cmos_irq_edge(&c), WALL + 3 * SEC);
}
END_TEST

/* WALL is 13:23:45 UTC. */
START_TEST(test_rtc_alarm)
{
	static const struct {
		uint8_t b, sec, min, hour;
		uint64_t edge;                    /* after WALL; 0: never */
	} cases[] = {
		{ CMOS_B_24H, 0x50, 0x23, 0x13, 5 * SEC },
		{ CMOS_B_24H, 0x00, 0xC0, 0xFF, 15 * SEC },        /* every minute */
		{ CMOS_B_24H, 0xC0, 0xC0, 0xC0, 1 * SEC },         /* every second */
		{ CMOS_B_24H, 0x00, 0x00, 0xC0, 36 * 60 * SEC + 15 * SEC },  /* 14:00:00 */
		{ CMOS_B_24H, 0x00, 0x00, 0x13, (24 * 3600 - 23 * 60 - 45) * SEC },
		{ CMOS_B_24H, 0x45, 0x23, 0x13, 24 * 3600 * SEC },  /* tomorrow's */
		{ CMOS_B_24H | CMOS_B_DM, 50, 23, 13, 5 * SEC },   /* binary */
		{ 0, 0x50, 0x23, 0x81, 5 * SEC },                  /* 1 PM, 12-hour */
		{ CMOS_B_24H, 0x99, 0xC0, 0xC0, 0 },               /* no such second */
		{ CMOS_B_24H, 0x00, 0x00, 0x24, 0 },               /* no such hour */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cmos c;

		cmos_init(&c, 4 << 20);
		cmos_wr_at(&c, CMOS_REG_A, 0x20, WALL);
		cmos_wr_at(&c, CMOS_SEC_ALARM, cases[i].sec, WALL);
		cmos_wr_at(&c, CMOS_MIN_ALARM, cases[i].min, WALL);
		cmos_wr_at(&c, CMOS_HOUR_ALARM, cases[i].hour, WALL);
		cmos_wr_at(&c, CMOS_REG_B, cases[i].b | CMOS_B_AIE, WALL);
		ck_assert_msg(cmos_irq_edge(&c) == (cases[i].edge ? WALL + cases[i].edge : 0),
		              "case %zu", i);
		if (!cases[i].edge)
			continue;
		if (cases[i].edge > SEC)
			ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + cases[i].edge - SEC / 2),
			                 CMOS_C_UF);
		ck_assert_int_eq(cmos_rd(&c, CMOS_REG_C, WALL + cases[i].edge),
		                 CMOS_C_IRQF | CMOS_C_AF | CMOS_C_UF);
	}
}
END_TEST

static Suite *pc_suite(void)
{
	Suite *s = suite_create("pc");
	TCase *t = tcase_create("pit");

	tcase_add_test(t, test_pit_irq0_schedule);
	tcase_add_test(t, test_pit_mode0_out2_via_port61);
	tcase_add_test(t, test_pit_mode0_gate_pauses);
	tcase_add_test(t, test_pit_mode2_reload);
	tcase_add_test(t, test_pit_mode3_square_wave);
	tcase_add_test(t, test_pit_latch);
	tcase_add_test(t, test_pit_read_back);
	tcase_add_test(t, test_pit_byte_access);
	tcase_add_test(t, test_pit_linux_tsc_calibration);
	suite_add_tcase(s, t);
	t = tcase_create("cmos");
	tcase_add_test(t, test_cmos_memory_bytes);
	tcase_add_test(t, test_cmos_time);
	tcase_add_test(t, test_cmos_calendar);
	tcase_add_test(t, test_cmos_status_and_ram);
	tcase_add_test(t, test_rtc_periodic_rates);
	tcase_add_test(t, test_rtc_periodic_flag_and_irq);
	tcase_add_test(t, test_rtc_update_ended);
	tcase_add_test(t, test_rtc_alarm);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(pc_suite());
}
