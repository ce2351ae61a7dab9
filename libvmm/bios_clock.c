/* bios_clock.c: int 1Ah (the tick count since midnight, the real-time clock) and int 15h AH=86h's wait, from the host's clock. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <time.h>

#include "internal.h"
#include "bios.h"

/*
 * There is no timer interrupt in vmm-real: the tick count at 0x46C is
 * brought up to the host's clock (local time, as a PC's clock keeps it)
 * whenever the guest calls the BIOS, so a guest that reads it between two
 * calls sees it as of the last one.
 */

uint32_t bios_ticks(uint32_t sec, uint32_t nsec)
{
	/* 1193182 Hz / 65536, without overflow: sec < 86400 and ns < 1e9. */
	uint64_t t = ((uint64_t)sec * 1193182u +
	              (uint64_t)nsec * 1193182u / 1000000000u) / 65536u;

	return t >= BIOS_TICKS_PER_DAY ? BIOS_TICKS_PER_DAY - 1 : (uint32_t)t;
}

uint8_t bios_bcd(unsigned v)
{
	v %= 100;
	return (uint8_t)((v / 10) << 4 | v % 10);
}

/* Epoch second of the local midnight before T. */
static int64_t midnight_of(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return (int64_t)t - (int64_t)t % 86400;
	return (int64_t)t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

void bios_clock_update(struct bios *b)
{
	struct timespec now;
	int64_t into;
	uint32_t ticks;

	clock_gettime(CLOCK_REALTIME, &now);
	if (b->midnight < 0)
		b->midnight = midnight_of(now.tv_sec);
	into = (int64_t)now.tv_sec - b->midnight;
	if (into >= 86400 || into < 0) {
		/* A new day (or the clock went back): int 1Ah AH=00h says so. */
		if (into >= 86400)
			b->ram[BDA_MIDNIGHT] = 1;
		b->midnight = midnight_of(now.tv_sec);
		into = (int64_t)now.tv_sec - b->midnight;
		if (into < 0 || into >= 86400)
			into = 0;
	}
	ticks = bios_ticks((uint32_t)into, (uint32_t)now.tv_nsec);
	for (unsigned i = 0; i < 4; i++)
		b->ram[BDA_TICKS + i] = (uint8_t)(ticks >> (8 * i));
}

int bios_wait(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;
	uint32_t us = (uint32_t)((uint16_t)r->rcx) << 16 | (uint16_t)r->rdx;
	int st = vcpu_sleep(c->vcpu, (int64_t)us * 1000);

	if (st == VCPU_INPUT_FAILED)
		return -1;
	if (st == 0) {
		bios_clock_update(c->bios);
		bios_ok(c, true);
	}
	return 0;
}

int bios_clock(struct bios_call *c)
{
	struct bios *b = c->bios;
	struct kvm_regs *r = c->regs;
	struct timespec now;
	struct tm tm;

	switch (bios_ah(c)) {
	case 0x00:
		bios_set16(&r->rcx, bios_get16(b, BDA_TICKS + 2));
		bios_set16(&r->rdx, bios_get16(b, BDA_TICKS));
		bios_set8(&r->rax, 0, b->ram[BDA_MIDNIGHT]);
		b->ram[BDA_MIDNIGHT] = 0;
		return 0;
	case 0x02:
	case 0x04:
		clock_gettime(CLOCK_REALTIME, &now);
		if (!localtime_r(&now.tv_sec, &tm)) {
			bios_fail(c, 0);
			return 0;
		}
		if (bios_ah(c) == 0x02) {
			bios_set16(&r->rcx, (uint16_t)(bios_bcd((unsigned)tm.tm_hour) << 8 |
			                               bios_bcd((unsigned)tm.tm_min)));
			bios_set16(&r->rdx, (uint16_t)(bios_bcd((unsigned)tm.tm_sec) << 8 |
			                               (tm.tm_isdst > 0)));
		} else {
			unsigned year = (unsigned)tm.tm_year + 1900;

			bios_set16(&r->rcx, (uint16_t)(bios_bcd(year / 100) << 8 |
			                               bios_bcd(year % 100)));
			bios_set16(&r->rdx, (uint16_t)(bios_bcd((unsigned)tm.tm_mon + 1) << 8 |
			                               bios_bcd((unsigned)tm.tm_mday)));
		}
		bios_ok(c, false);
		return 0;
	default:
		bios_unknown(c);
		return 0;
	}
}
