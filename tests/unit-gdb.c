/* unit-gdb.c: Check tests of the gdb stub's protocol layer (gdb_proto.c) against a fake target. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check-main.h"
#include "gdb_proto.h"

/* ---- A fake target: 4 KiB of memory at 0x1000, 16 registers ----------- */

#define MEM_BASE 0x1000u
#define MEM_SIZE 0x1000u

static uint8_t mem[MEM_SIZE];
static uint32_t regs[GDBP_NUM_GREGS];
static int set_regs_calls;

static size_t f_read_mem(void *ctx, uint64_t addr, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (addr < MEM_BASE || addr - MEM_BASE >= MEM_SIZE)
		return 0;
	if (len > MEM_SIZE - (addr - MEM_BASE))
		len = MEM_SIZE - (addr - MEM_BASE);
	memcpy(buf, mem + (addr - MEM_BASE), len);
	return len;
}

static int f_write_mem(void *ctx, uint64_t addr, const uint8_t *buf, size_t len)
{
	(void)ctx;
	if (addr < MEM_BASE || addr - MEM_BASE >= MEM_SIZE ||
	    len > MEM_SIZE - (addr - MEM_BASE))
		return -1;
	memcpy(mem + (addr - MEM_BASE), buf, len);
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
	set_regs_calls++;
	if (r[GDBP_CS] != regs[GDBP_CS])
		return -1;   /* like protected mode: segments stay */
	memcpy(regs, r, sizeof(regs));
	return 0;
}

static int f_get_fpu_reg(void *ctx, unsigned n, uint8_t *buf)
{
	(void)ctx;
	memset(buf, 0, gdbp_reg_size(n));
	buf[0] = (uint8_t)n;
	return 0;
}

static int f_insert_swbp(void *ctx, uint64_t addr, uint64_t *where, uint8_t *saved)
{
	(void)ctx;
	if (addr < MEM_BASE || addr - MEM_BASE >= MEM_SIZE)
		return -1;
	*where = addr;
	*saved = mem[addr - MEM_BASE];
	mem[addr - MEM_BASE] = 0xCC;
	return 0;
}

static int f_remove_swbp(void *ctx, uint64_t where, uint8_t saved)
{
	(void)ctx;
	if (mem[where - MEM_BASE] == 0xCC)
		mem[where - MEM_BASE] = saved;
	return 0;
}

static const struct gdbp_target target = {
	NULL, f_read_mem, f_write_mem, f_get_regs, f_set_regs, f_get_fpu_reg,
	f_insert_swbp, f_remove_swbp, NULL,
};

static struct gdbp_session s;
static struct gdbp_reply reply;

static void setup(void)
{
	for (unsigned i = 0; i < MEM_SIZE; i++)
		mem[i] = (uint8_t)i;
	for (unsigned i = 0; i < GDBP_NUM_GREGS; i++)
		regs[i] = 0x11111111u * i;
	regs[GDBP_CS] = 8;
	set_regs_calls = 0;
	gdbp_session_init(&s, &target, false);
}

/* Handle the text packet P; the reply as a NUL-terminated string. */
static const char *ask(const char *p, enum gdbp_action *act)
{
	static char text[GDBP_REPLY_MAX + 1];
	enum gdbp_action a = gdbp_handle(&s, (const uint8_t *)p, strlen(p), &reply);

	if (act)
		*act = a;
	else
		ck_assert_int_eq(a, GDBP_STAY);
	memcpy(text, reply.data, reply.len);
	text[reply.len] = 0;
	return text;
}

/* Fill Z bytes of hex for the reply comparison of a memory dump. */
static const char *hexmem(uint64_t addr, size_t len)
{
	static char text[GDBP_REPLY_MAX + 1];

	for (size_t i = 0; i < len; i++)
		sprintf(text + 2 * i, "%02x", mem[addr - MEM_BASE + i]);
	return text;
}

/* ---- Framing ------------------------------------------------------------ */

static enum gdbp_rx_event feed(struct gdbp_rx *rx, const char *bytes, size_t n)
{
	enum gdbp_rx_event last = GDBP_RX_NONE;

	for (size_t i = 0; i < n; i++) {
		enum gdbp_rx_event ev = gdbp_rx_byte(rx, (uint8_t)bytes[i]);
		if (ev != GDBP_RX_NONE)
			last = ev;
	}
	return last;
}

START_TEST(test_rx_good)
{
	struct gdbp_rx rx;

	gdbp_rx_init(&rx);
	ck_assert_int_eq(feed(&rx, "$g#67", 5), GDBP_RX_PACKET);
	ck_assert_uint_eq(rx.len, 1);
	ck_assert_str_eq((char *)rx.buf, "g");
	/* Checksum digits in upper case too. */
	ck_assert_int_eq(feed(&rx, "$qC#B4", 6), GDBP_RX_PACKET);
	ck_assert_str_eq((char *)rx.buf, "qC");
	/* An empty packet. */
	ck_assert_int_eq(feed(&rx, "$#00", 4), GDBP_RX_PACKET);
	ck_assert_uint_eq(rx.len, 0);
	/* Acks, Ctrl-C and noise between packets. */
	ck_assert_int_eq(gdbp_rx_byte(&rx, '+'), GDBP_RX_ACK);
	ck_assert_int_eq(gdbp_rx_byte(&rx, '-'), GDBP_RX_NAK);
	ck_assert_int_eq(gdbp_rx_byte(&rx, 0x03), GDBP_RX_INTERRUPT);
	ck_assert_int_eq(gdbp_rx_byte(&rx, 'x'), GDBP_RX_NONE);
	/* A NUL and a 0x03 inside a packet are data. */
	ck_assert_int_eq(feed(&rx, "$a\0\x03#64", 7), GDBP_RX_PACKET);
	ck_assert_uint_eq(rx.len, 3);
}
END_TEST

START_TEST(test_rx_bad)
{
	struct gdbp_rx rx;
	static char big[GDBP_PACKET_SIZE + 16];
	unsigned sum = 0;

	gdbp_rx_init(&rx);
	ck_assert_int_eq(feed(&rx, "$g#68", 5), GDBP_RX_BAD_CHECKSUM);
	ck_assert_int_eq(feed(&rx, "$g#6", 4), GDBP_RX_NONE);
	ck_assert_int_eq(gdbp_rx_byte(&rx, 'z'), GDBP_RX_BAD_CHECKSUM);
	ck_assert_int_eq(feed(&rx, "$g#x", 4), GDBP_RX_BAD_CHECKSUM);
	/* A '$' in the data restarts: the first packet lost its end. */
	ck_assert_int_eq(feed(&rx, "$m10$g#67", 9), GDBP_RX_PACKET);
	ck_assert_str_eq((char *)rx.buf, "g");
	/* Too long: still checksummed, but marked. */
	big[0] = '$';
	for (size_t i = 1; i <= GDBP_PACKET_SIZE + 10; i++) {
		big[i] = 'a';
		sum += 'a';
	}
	ck_assert_int_eq(feed(&rx, big, GDBP_PACKET_SIZE + 11), GDBP_RX_NONE);
	snprintf(big, sizeof(big), "#%02x", sum & 0xFF);
	ck_assert_int_eq(feed(&rx, big, 3), GDBP_RX_PACKET);
	ck_assert(rx.overflow);
	ck_assert_uint_eq(rx.len, GDBP_PACKET_SIZE);
}
END_TEST

START_TEST(test_frame)
{
	uint8_t out[GDBP_FRAME_MAX];
	size_t n;

	n = gdbp_frame((const uint8_t *)"OK", 2, out);
	ck_assert_uint_eq(n, 6);
	ck_assert(memcmp(out, "$OK#9a", 6) == 0);
	n = gdbp_frame((const uint8_t *)"", 0, out);
	ck_assert(memcmp(out, "$#00", 4) == 0 && n == 4);
	/* '#', '$', '}' and '*' are escaped as '}' and the byte XOR 0x20. */
	n = gdbp_frame((const uint8_t *)"a#$}*", 5, out);
	ck_assert_uint_eq(n, 1 + 9 + 3);
	ck_assert(memcmp(out, "$a}\x03}\x04}]}\x0a#", 11) == 0);
}
END_TEST

/* ---- Packets -------------------------------------------------------------- */

START_TEST(test_queries)
{
	const char *r;
	enum gdbp_action a;

	r = ask("qSupported:multiprocess+;swbreak+;hwbreak+", NULL);
	ck_assert(strstr(r, "PacketSize=1000") != NULL);
	ck_assert(strstr(r, "qXfer:features:read+") != NULL);
	ck_assert(strstr(r, "swbreak+") != NULL);
	ck_assert(strstr(r, "hwbreak+") != NULL);
	ck_assert_str_eq(ask("?", NULL), "S05");
	ck_assert_str_eq(ask("qAttached", NULL), "1");
	ck_assert_str_eq(ask("qAttached:1", NULL), "1");
	ck_assert_str_eq(ask("qC", NULL), "QC1");
	ck_assert_str_eq(ask("qfThreadInfo", NULL), "m1");
	ck_assert_str_eq(ask("qsThreadInfo", NULL), "l");
	ck_assert_str_eq(ask("Hg0", NULL), "OK");
	ck_assert_str_eq(ask("Hc-1", NULL), "OK");
	ck_assert_str_eq(ask("T1", NULL), "OK");
	ck_assert_str_eq(ask("qTStatus", NULL), "");
	ck_assert_str_eq(ask("qOffsets", NULL), "");
	ck_assert_str_eq(ask("vMustReplyEmpty", NULL), "");
	ck_assert_str_eq(ask("vCont?", NULL), "");
	ck_assert_str_eq(ask("!", NULL), "");
	ck_assert_str_eq(ask("", NULL), "");
	ck_assert_str_eq(ask("qSymbol::", NULL), "OK");
	ck_assert(!s.no_ack);
	ck_assert_str_eq(ask("QStartNoAckMode", NULL), "OK");
	ck_assert(s.no_ack);
	ck_assert_str_eq(ask("D", &a), "OK");
	ck_assert_int_eq(a, GDBP_DETACH);
	ask("k", &a);
	ck_assert_int_eq(a, GDBP_KILL);
	ck_assert(reply.none);
}
END_TEST

START_TEST(test_target_xml)
{
	const char *xml = gdbp_target_xml(false);
	size_t len = strlen(xml), got = 0;
	char req[64], whole[8192];
	const char *r;

	ck_assert(strstr(xml, "<architecture>i386</architecture>") != NULL);
	ck_assert(strstr(gdbp_target_xml(true), "<architecture>i8086</architecture>") != NULL);
	ck_assert(strstr(xml, "org.gnu.gdb.i386.core") != NULL);
	ck_assert(strstr(xml, "\"eflags\"") != NULL && strstr(xml, "\"st7\"") != NULL);
	/* Read it back in chunks of 100, as gdb would with a small packet. */
	for (;;) {
		snprintf(req, sizeof(req), "qXfer:features:read:target.xml:%zx,64", got);
		r = ask(req, NULL);
		ck_assert(r[0] == 'm' || r[0] == 'l');
		memcpy(whole + got, r + 1, strlen(r + 1));
		got += strlen(r + 1);
		if (r[0] == 'l')
			break;
		ck_assert_uint_eq(strlen(r + 1), 100);
	}
	ck_assert_uint_eq(got, len);
	ck_assert(memcmp(whole, xml, len) == 0);
	snprintf(req, sizeof(req), "qXfer:features:read:target.xml:%zx,10", len);
	ck_assert_str_eq(ask(req, NULL), "l");
	snprintf(req, sizeof(req), "qXfer:features:read:target.xml:%zx,10", len + 1);
	ck_assert_str_eq(ask(req, NULL), "E01");
	ck_assert_str_eq(ask("qXfer:features:read:other.xml:0,10", NULL), "E00");
	ck_assert_str_eq(ask("qXfer:features:read:target.xml:0", NULL), "E00");
	ck_assert_str_eq(ask("qXfer:features:read:target.xml:,5", NULL), "E00");
}
END_TEST

START_TEST(test_registers)
{
	char expect[GDBP_NUM_GREGS * 8 + 1], g[GDBP_NUM_GREGS * 8 + 2];
	const char *r;

	/* 'g': 16 little-endian 32-bit registers. */
	for (unsigned i = 0; i < GDBP_NUM_GREGS; i++) {
		uint32_t v = regs[i];
		sprintf(expect + 8 * i, "%02x%02x%02x%02x", v & 0xFF, (v >> 8) & 0xFF,
		        (v >> 16) & 0xFF, v >> 24);
	}
	ck_assert_str_eq(ask("g", NULL), expect);
	ck_assert_str_eq(ask("p8", NULL), "88888888");
	ck_assert_str_eq(ask("pa", NULL), "08000000");
	/* x87: st0 has 10 bytes, fctrl 4. */
	ck_assert_str_eq(ask("p10", NULL), "10000000000000000000");
	ck_assert_str_eq(ask("p18", NULL), "18000000");
	ck_assert_str_eq(ask("p20", NULL), "E01");
	ck_assert_str_eq(ask("p", NULL), "E01");
	ck_assert_str_eq(ask("p8x", NULL), "E01");
	ck_assert_str_eq(ask("p10000000000000000", NULL), "E01");  /* 17 digits */

	ck_assert_str_eq(ask("P0=78563412", NULL), "OK");
	ck_assert_uint_eq(regs[0], 0x12345678u);
	ck_assert_str_eq(ask("P0=785634", NULL), "E01");
	ck_assert_str_eq(ask("P0=7856341299", NULL), "E01");
	ck_assert_str_eq(ask("P0=7856341g", NULL), "E01");
	ck_assert_str_eq(ask("P10=00000000000000000000", NULL), "E01");  /* x87: read-only */
	ck_assert_str_eq(ask("Pa=10000000", NULL), "E01");   /* target refuses */
	ck_assert_uint_eq(regs[GDBP_CS], 8);

	/* 'G': the 16 registers, or the whole set with x87 bytes ignored. */
	sprintf(g, "G%s", expect);
	memcpy(g + 1, "01000000", 8);
	ck_assert_str_eq(ask(g, NULL), "OK");
	ck_assert_uint_eq(regs[0], 1);
	ck_assert_str_eq(ask("G0100", NULL), "E01");
	g[5] = 'q';
	ck_assert_str_eq(ask(g, NULL), "E01");
	r = ask("gx", NULL);
	ck_assert_str_eq(r, "E01");
}
END_TEST

START_TEST(test_memory)
{
	char req[64];

	ck_assert_str_eq(ask("m1000,4", NULL), "00010203");
	ck_assert_str_eq(ask("m1ffe,2", NULL), hexmem(0x1ffe, 2));
	/* A read running off the end is cut short; one that starts outside fails. */
	ck_assert_str_eq(ask("m1ffe,10", NULL), hexmem(0x1ffe, 2));
	ck_assert_str_eq(ask("m2000,1", NULL), "E14");
	ck_assert_str_eq(ask("m0,1", NULL), "E14");
	ck_assert_str_eq(ask("mffffffffffffffff,10", NULL), "E14");
	ck_assert_str_eq(ask("m1000,0", NULL), "");
	/* Malformed. */
	ck_assert_str_eq(ask("m1000", NULL), "E01");
	ck_assert_str_eq(ask("m,4", NULL), "E01");
	ck_assert_str_eq(ask("m1000,4x", NULL), "E01");
	ck_assert_str_eq(ask("m11112222333344445,4", NULL), "E01");
	/* A huge length gets what fits in a reply. */
	snprintf(req, sizeof(req), "m1000,%x", 0x100000);
	ck_assert_uint_eq(strlen(ask(req, NULL)), 2 * MEM_SIZE < GDBP_REPLY_MAX ? 2 * MEM_SIZE : GDBP_REPLY_MAX);

	ck_assert_str_eq(ask("M1004,2:abcd", NULL), "OK");
	ck_assert_uint_eq(mem[4], 0xab);
	ck_assert_uint_eq(mem[5], 0xcd);
	ck_assert_str_eq(ask("M1004,2:abc", NULL), "E01");
	ck_assert_str_eq(ask("M1004,2:abcdef", NULL), "E01");
	ck_assert_str_eq(ask("M1004,2:abzd", NULL), "E01");
	ck_assert_str_eq(ask("M1fff,2:abcd", NULL), "E14");   /* all or nothing */
	ck_assert_uint_eq(mem[0xfff], 0xff);
	ck_assert_str_eq(ask("M1004,2abcd", NULL), "E01");

	/* 'X': binary with '}' escapes; an empty write probes support. */
	ck_assert_str_eq(ask("X1000,0:", NULL), "OK");
	ck_assert_str_eq(ask("X1010,3:a}\x03*", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 'a');
	ck_assert_uint_eq(mem[0x11], '#');
	ck_assert_uint_eq(mem[0x12], '*');
	ck_assert_str_eq(ask("X1010,3:ab", NULL), "E01");
	ck_assert_str_eq(ask("X1010,1:ab", NULL), "E01");
	ck_assert_str_eq(ask("X1010,1:}", NULL), "E01");
}
END_TEST

START_TEST(test_resume)
{
	enum gdbp_action a;

	ask("c", &a);
	ck_assert_int_eq(a, GDBP_CONTINUE);
	ck_assert(reply.none);
	ask("s", &a);
	ck_assert_int_eq(a, GDBP_STEP);
	ask("c1234", &a);
	ck_assert_int_eq(a, GDBP_CONTINUE);
	ck_assert_uint_eq(regs[GDBP_EIP], 0x1234);
	ask("C05", &a);
	ck_assert_int_eq(a, GDBP_CONTINUE);
	ask("S02;2000", &a);
	ck_assert_int_eq(a, GDBP_STEP);
	ck_assert_uint_eq(regs[GDBP_EIP], 0x2000);
	ck_assert_str_eq(ask("cxyz", &a), "E01");
	ck_assert_int_eq(a, GDBP_STAY);
	ck_assert_str_eq(ask("C", &a), "E01");
	ck_assert_str_eq(ask("C100", &a), "E01");
	ck_assert_str_eq(ask("c100000000", &a), "E01");
}
END_TEST

START_TEST(test_swbreak)
{
	struct gdbp_stop st;

	uint64_t dr[GDBP_HW_SLOTS], dr7;

	/* Each breakpoint is an int3; the first four also take debug registers. */
	ck_assert(!gdbp_has_swbp(&s));
	ck_assert_str_eq(ask("Z0,1010,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,1010,1", NULL), "OK");   /* idempotent */
	ck_assert_str_eq(ask("Z0,1011,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,1012,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,1013,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 0xCC);
	ck_assert(gdbp_has_swbp(&s));
	ck_assert(gdbp_debug_regs(&s, 0, dr, &dr7));
	ck_assert_uint_eq(dr[0], 0x1010);
	ck_assert_uint_eq(dr[3], 0x1013);
	ck_assert_uint_eq(dr7, 0x600 | 0xaa);   /* G0-G3, execute, length 1 */
	/* The fifth is an int3 alone; int3s are hidden from reads, kept under writes. */
	ck_assert_str_eq(ask("Z0,1014,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x14], 0xCC);
	ck_assert_str_eq(ask("m100f,7", NULL), "0f101112131415");
	ck_assert_str_eq(ask("M1014,1:99", NULL), "OK");
	ck_assert_uint_eq(mem[0x14], 0xCC);
	ck_assert_str_eq(ask("m1014,1", NULL), "99");
	ck_assert_str_eq(ask("Z0,5000,1", NULL), "E01");  /* not memory */

	/* A #BP at the int3 is ours; one elsewhere is the guest's own. */
	ck_assert(gdbp_classify_debug(&s, 3, 0, 0x1014, false, &st));
	ck_assert_int_eq(st.kind, GDBP_STOP_SWBREAK);
	ck_assert(!gdbp_classify_debug(&s, 3, 0, 0x1020, false, &st));
	ck_assert_int_eq(st.kind, GDBP_STOP_SIGNAL);
	ck_assert_int_eq(st.code, GDBP_SIGTRAP);
	/* A #DB from the register holding 0x1011 (DR1) is a swbreak too. */
	ck_assert(gdbp_classify_debug(&s, 1, 0x2, 0x1011, false, &st));
	ck_assert_int_eq(st.kind, GDBP_STOP_SWBREAK);

	ck_assert_str_eq(ask("z0,1014,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x14], 0x99);
	ck_assert_str_eq(ask("z0,1014,1", NULL), "OK");   /* idempotent */
	ck_assert_str_eq(ask("z0,1010,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 0x10);
	ck_assert_str_eq(ask("Z0,1014,1", NULL), "OK");   /* takes the free register */
	ck_assert_uint_eq(mem[0x14], 0xCC);
	gdbp_debug_regs(&s, 0, dr, &dr7);
	ck_assert_uint_eq(dr[0], 0x1014);
	ck_assert_str_eq(ask("Z0,1010", NULL), "E01");
	ck_assert_str_eq(ask("Z0,1010,1;X1,0", NULL), "E01");
	ck_assert_str_eq(ask("Z9,1010,1", NULL), "");
}
END_TEST

/* ---- Aliases: the same 4 KiB also at 0x80001000, as vmm-pm maps RAM ---- */

#define ALIAS 0x80000000u

/* The offset in mem of gdb address ADDR through either mapping, or -1. */
static long alias_offset(uint64_t addr)
{
	if (addr >= ALIAS)
		addr -= ALIAS;
	return addr >= MEM_BASE && addr - MEM_BASE < MEM_SIZE ? (long)(addr - MEM_BASE) : -1;
}

static size_t a_read_mem(void *ctx, uint64_t addr, uint8_t *buf, size_t len)
{
	long off = alias_offset(addr);

	(void)ctx;
	if (off < 0)
		return 0;
	if (len > MEM_SIZE - (size_t)off)
		len = MEM_SIZE - (size_t)off;
	memcpy(buf, mem + off, len);
	return len;
}

static int a_write_mem(void *ctx, uint64_t addr, const uint8_t *buf, size_t len)
{
	long off = alias_offset(addr);

	(void)ctx;
	if (off < 0 || len > MEM_SIZE - (size_t)off)
		return -1;
	memcpy(mem + off, buf, len);
	return 0;
}

/* Like gdb_target.c: the int3's place is the physical address. */
static int a_insert_swbp(void *ctx, uint64_t addr, uint64_t *where, uint8_t *saved)
{
	long off = alias_offset(addr);

	(void)ctx;
	if (off < 0)
		return -1;
	*where = MEM_BASE + (uint64_t)off;
	*saved = mem[off];
	mem[off] = 0xCC;
	return 0;
}

static int a_where(void *ctx, uint64_t addr, uint64_t *where, uint64_t *contig)
{
	long off = alias_offset(addr);

	(void)ctx;
	if (off < 0)
		return -1;
	*where = MEM_BASE + (uint64_t)off;
	*contig = MEM_SIZE - (uint64_t)off;
	return 0;
}

static const struct gdbp_target alias_target = {
	NULL, a_read_mem, a_write_mem, f_get_regs, f_set_regs, f_get_fpu_reg,
	a_insert_swbp, f_remove_swbp, a_where,
};

/* Z0 at two aliases of one byte: one int3, the guest's byte saved once,
 * hidden from reads through either alias, gone only with the last one. */
START_TEST(test_swbreak_alias)
{
	struct gdbp_stop st;

	gdbp_session_init(&s, &alias_target, false);
	ck_assert_str_eq(ask("Z0,1010,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,80001010,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 0xCC);
	ck_assert_str_eq(ask("m1010,1", NULL), "10");
	ck_assert_str_eq(ask("m80001010,1", NULL), "10");
	/* Removing one keeps the other's int3. */
	ck_assert_str_eq(ask("z0,1010,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 0xCC);
	ck_assert_str_eq(ask("m1010,1", NULL), "10");
	ck_assert(gdbp_classify_debug(&s, 3, 0, 0x80001010, false, &st));
	/* The last one puts the guest's byte back, not an int3. */
	ck_assert_str_eq(ask("z0,80001010,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x10], 0x10);
	ck_assert(!gdbp_has_swbp(&s));

	/* In the other order, too. */
	ck_assert_str_eq(ask("Z0,80001011,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,1011,1", NULL), "OK");
	ck_assert_str_eq(ask("z0,80001011,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x11], 0xCC);
	ck_assert_str_eq(ask("z0,1011,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x11], 0x11);

	/* One alias planted: reads through the other hide the int3 too, and
	 * the guest running through the other alias hits a breakpoint of ours. */
	ck_assert_str_eq(ask("Z0,80001020,1", NULL), "OK");
	ck_assert_str_eq(ask("m101e,4", NULL), "1e1f2021");
	ck_assert(gdbp_classify_debug(&s, 3, 0, 0x1020, false, &st));
	ck_assert_int_eq(st.kind, GDBP_STOP_SWBREAK);
	/* A write through the other alias changes the byte the int3 restores. */
	ck_assert_str_eq(ask("M1020,1:aa", NULL), "OK");
	ck_assert_uint_eq(mem[0x20], 0xCC);
	ck_assert_str_eq(ask("m80001020,1", NULL), "aa");
	ck_assert_str_eq(ask("z0,80001020,1", NULL), "OK");
	ck_assert_uint_eq(mem[0x20], 0xaa);

	/* Detach with both aliases planted: the guest's byte comes back. */
	ck_assert_str_eq(ask("Z0,1030,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,80001030,1", NULL), "OK");
	gdbp_remove_all(&s);
	ck_assert_uint_eq(mem[0x30], 0x30);
}
END_TEST

START_TEST(test_watch)
{
	struct gdbp_stop st;
	uint64_t dr[GDBP_HW_SLOTS], dr7;

	ck_assert(!gdbp_debug_regs(&s, 0, dr, &dr7));
	/* Two breakpoints in registers give them up when a watch needs them. */
	ck_assert_str_eq(ask("Z0,1020,1", NULL), "OK");
	ck_assert_str_eq(ask("Z0,1021,1", NULL), "OK");
	/* 8 unaligned bytes from 0x1102: 2 + 4 + 2 = three registers. */
	ck_assert_str_eq(ask("Z2,1102,8", NULL), "OK");
	ck_assert(gdbp_has_swbp(&s));
	ck_assert(gdbp_debug_regs(&s, 0x10000, dr, &dr7));
	/* Both breakpoints are int3s; one keeps its register. */
	ck_assert(mem[0x20] == 0xCC && mem[0x21] == 0xCC);
	/* Whichever registers the watch took, it is 0x1102 (2), 0x1104 (4),
	 * 0x1108 (2): write (01) with LEN 01, 11, 01. */
	ck_assert_uint_eq(dr7 & 0x700, 0x600);
	unsigned found = 0;
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		uint64_t rw = (dr7 >> (16 + 4 * i)) & 3, len = (dr7 >> (18 + 4 * i)) & 3;
		ck_assert((dr7 >> (2 * i)) & 2);   /* Gi */
		if (dr[i] == 0x11102 || dr[i] == 0x11108) {
			ck_assert(rw == 1 && len == 1);
			found++;
		} else if (dr[i] == 0x11104) {
			ck_assert(rw == 1 && len == 3);
			found++;
		} else {
			ck_assert(rw == 0 && len == 0);   /* the breakpoint left */
			ck_assert(dr[i] == 0x11020 || dr[i] == 0x11021);
		}
	}
	ck_assert_uint_eq(found, 3);
	/* Another watch takes the last breakpoint's register... */
	ck_assert_str_eq(ask("Z4,1200,4", NULL), "OK");
	/* ...and then none is left. */
	ck_assert_str_eq(ask("Z2,1300,1", NULL), "E01");
	ck_assert_str_eq(ask("Z2,1102,8", NULL), "OK");   /* the same one */
	ck_assert_str_eq(ask("z4,1200,4", NULL), "OK");
	gdbp_debug_regs(&s, 0x10000, dr, &dr7);

	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		if (dr[i] != 0x11104)
			continue;
		ck_assert(gdbp_classify_debug(&s, 1, 1u << i, 0x1050, false, &st));
		ck_assert_int_eq(st.kind, GDBP_STOP_WATCH);
		ck_assert_uint_eq(st.watch_addr, 0x1104);
		gdbp_stop_reply(&s, &st, &reply);
		ck_assert(reply.len == strlen("T05watch:1104;") &&
		          memcmp(reply.data, "T05watch:1104;", reply.len) == 0);
		ck_assert_str_eq(ask("?", NULL), "T05watch:1104;");
	}
	/* A step that caused nothing else. */
	ck_assert(gdbp_classify_debug(&s, 1, 0x4000, 0x1050, true, &st));
	ck_assert_int_eq(st.kind, GDBP_STOP_SIGNAL);
	ck_assert(!gdbp_classify_debug(&s, 1, 0x4000, 0x1050, false, &st));

	ck_assert_str_eq(ask("z2,1102,8", NULL), "OK");
	ck_assert_str_eq(ask("Z4,1200,4", NULL), "OK");
	ck_assert_str_eq(ask("Z3,1300,1", NULL), "OK");   /* read: as access */
	ck_assert_str_eq(ask("Z1,1400,1", NULL), "OK");
	ck_assert_str_eq(ask("Z2,1500,0", NULL), "E01");
	ck_assert_str_eq(ask("Z2,ffffffff,2", NULL), "E01");
	ck_assert_str_eq(ask("Z2,1500,11", NULL), "E01");  /* more than 4 registers */
	gdbp_debug_regs(&s, 0, dr, &dr7);
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		if (dr[i] == 0x1300) {
			ck_assert_uint_eq((dr7 >> (16 + 4 * i)) & 3, 3);
			ck_assert(gdbp_classify_debug(&s, 1, 1u << i, 0, false, &st));
			gdbp_stop_reply(&s, &st, &reply);
			ck_assert(memcmp(reply.data, "T05rwatch:1300;", reply.len) == 0);
		}
		if (dr[i] == 0x1400) {
			ck_assert(gdbp_classify_debug(&s, 1, 1u << i, 0x1400, false, &st));
			ck_assert_int_eq(st.kind, GDBP_STOP_HWBREAK);
		}
	}
	/* Removing everything puts the int3s' bytes back. */
	gdbp_remove_all(&s);
	ck_assert_uint_eq(mem[0x20], 0x20);
	ck_assert_uint_eq(mem[0x21], 0x21);
	ck_assert(!gdbp_debug_regs(&s, 0, dr, &dr7));
}
END_TEST

START_TEST(test_stop_replies)
{
	struct gdbp_stop st = { .kind = GDBP_STOP_EXITED, .code = 10 };

	gdbp_stop_reply(&s, &st, &reply);
	ck_assert_str_eq(ask("?", NULL), "W0a");
	st.kind = GDBP_STOP_KILLED;
	st.code = GDBP_SIGSEGV;
	gdbp_stop_reply(&s, &st, &reply);
	ck_assert_str_eq(ask("?", NULL), "X0b");
	st.kind = GDBP_STOP_SIGNAL;
	st.code = GDBP_SIGINT;
	gdbp_stop_reply(&s, &st, &reply);
	ck_assert_str_eq(ask("?", NULL), "T02");
	st.kind = GDBP_STOP_HWBREAK;
	gdbp_stop_reply(&s, &st, &reply);
	ck_assert_str_eq(ask("?", NULL), "T05hwbreak:;");
}
END_TEST

int main(void)
{
	Suite *su = suite_create("gdb");
	TCase *t = tcase_create("framing");

	tcase_add_test(t, test_rx_good);
	tcase_add_test(t, test_rx_bad);
	tcase_add_test(t, test_frame);
	suite_add_tcase(su, t);
	t = tcase_create("packets");
	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, test_queries);
	tcase_add_test(t, test_target_xml);
	tcase_add_test(t, test_registers);
	tcase_add_test(t, test_memory);
	tcase_add_test(t, test_resume);
	tcase_add_test(t, test_swbreak);
	tcase_add_test(t, test_swbreak_alias);
	tcase_add_test(t, test_watch);
	tcase_add_test(t, test_stop_replies);
	suite_add_tcase(su, t);
	return check_run_suite(su);
}
