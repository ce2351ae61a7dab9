/* gdb-fuzz.c: libFuzzer target for the gdb stub's framing, packet parser and replies (gdb_proto.c). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "gdb_proto.h"

/*
 * The input is what gdb might send: it goes byte by byte through the
 * framing, and every complete packet is handled against a fake target (a
 * small guest memory at FAKE_BASE, registers, x87 registers). The fake
 * target checks every access it is asked for against its memory, so the
 * sanitizers see any out-of-bounds use by the parser; replies must frame
 * into something the framing reads back as one good packet.
 */
#define FAKE_BASE 0x1000u
#define FAKE_SIZE 0x2000u

static uint8_t mem[FAKE_SIZE];
static uint8_t shadow[FAKE_SIZE];   /* mem as gdb wrote it, without int3s */
static uint32_t regs[GDBP_NUM_GREGS];
static int fail_regs;  /* some register writes fail, as a real target's may */

static size_t f_read_mem(void *ctx, uint64_t addr, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (addr < FAKE_BASE || addr - FAKE_BASE >= FAKE_SIZE)
		return 0;
	if (len > FAKE_SIZE - (addr - FAKE_BASE))
		len = FAKE_SIZE - (addr - FAKE_BASE);
	memcpy(buf, mem + (addr - FAKE_BASE), len);
	return len;
}

static int f_write_mem(void *ctx, uint64_t addr, const uint8_t *buf, size_t len)
{
	(void)ctx;
	if (addr < FAKE_BASE || addr - FAKE_BASE >= FAKE_SIZE ||
	    len > FAKE_SIZE - (addr - FAKE_BASE))
		return -1;
	memcpy(mem + (addr - FAKE_BASE), buf, len);
	memcpy(shadow + (addr - FAKE_BASE), buf, len);
	return 0;
}

static int f_get_regs(void *ctx, uint32_t r[GDBP_NUM_GREGS])
{
	(void)ctx;
	memcpy(r, regs, sizeof(regs));
	return 0;
}

static int f_set_regs(void *ctx, const uint32_t r[GDBP_NUM_GREGS])
{
	(void)ctx;
	if (fail_regs && r[GDBP_CS] != regs[GDBP_CS])
		return -1;
	memcpy(regs, r, sizeof(regs));
	return 0;
}

static int f_get_fpu_reg(void *ctx, unsigned n, uint8_t *buf)
{
	(void)ctx;
	if (n < GDBP_ST0 || n >= GDBP_NUM_REGS)
		abort();   /* the parser must have checked the number */
	memset(buf, (int)n, gdbp_reg_size(n));
	return 0;
}

static int f_insert_swbp(void *ctx, uint64_t addr, uint64_t *where, uint8_t *saved)
{
	(void)ctx;
	if (addr < FAKE_BASE || addr - FAKE_BASE >= FAKE_SIZE)
		return -1;
	*where = addr;
	*saved = mem[addr - FAKE_BASE];
	mem[addr - FAKE_BASE] = 0xCC;
	return 0;
}

static int f_remove_swbp(void *ctx, uint64_t where, uint8_t saved)
{
	(void)ctx;
	if (where < FAKE_BASE || where - FAKE_BASE >= FAKE_SIZE)
		abort();   /* only handles that insert_swbp gave out come back */
	if (mem[where - FAKE_BASE] == 0xCC)
		mem[where - FAKE_BASE] = saved;
	return 0;
}

static const struct gdbp_target target = {
	NULL, f_read_mem, f_write_mem, f_get_regs, f_set_regs, f_get_fpu_reg,
	f_insert_swbp, f_remove_swbp, NULL,
};

/* A framed reply must read back as exactly one good packet. */
static void check_frame(const struct gdbp_reply *reply)
{
	static uint8_t frame[GDBP_FRAME_MAX];
	static struct gdbp_rx rx;
	size_t n = gdbp_frame(reply->data, reply->len, frame);
	int packets = 0;

	if (n > sizeof(frame))
		abort();
	gdbp_rx_init(&rx);
	for (size_t i = 0; i < n; i++) {
		enum gdbp_rx_event ev = gdbp_rx_byte(&rx, frame[i]);

		if (ev == GDBP_RX_BAD_CHECKSUM)
			abort();
		packets += ev == GDBP_RX_PACKET;
	}
	if (packets != 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdbp_session s;
	static struct gdbp_rx rx;
	static struct gdbp_reply reply;

	for (size_t i = 0; i < FAKE_SIZE; i++)
		mem[i] = shadow[i] = (uint8_t)(i * 7);
	for (unsigned i = 0; i < GDBP_NUM_GREGS; i++)
		regs[i] = i * 0x11111111u;
	fail_regs = size > 0 && (data[0] & 1);
	gdbp_session_init(&s, &target, size > 0 && (data[0] & 2));
	gdbp_rx_init(&rx);
	for (size_t i = 0; i < size; i++) {
		if (gdbp_rx_byte(&rx, data[i]) != GDBP_RX_PACKET)
			continue;
		if (rx.len > GDBP_PACKET_SIZE)
			abort();
		gdbp_handle(&s, rx.buf, rx.len, &reply);
		if (reply.len > sizeof(reply.data))
			abort();
		check_frame(&reply);

		/* Debug exceptions and stops with values from the packet. */
		struct gdbp_stop st;
		uint64_t dr[GDBP_HW_SLOTS], dr7, pc = FAKE_BASE + (rx.len ? rx.buf[0] : 0);
		gdbp_classify_debug(&s, rx.len & 1 ? 3 : 1, rx.len, pc, rx.len & 2, &st);
		gdbp_stop_reply(&s, &st, &reply);
		check_frame(&reply);
		gdbp_debug_regs(&s, 0, dr, &dr7);
	}
	/* Every int3 comes out again, leaving what gdb wrote. */
	gdbp_remove_all(&s);
	if (memcmp(mem, shadow, FAKE_SIZE) != 0)
		abort();
	return 0;
}
