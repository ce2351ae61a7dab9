/* gdb_packet.c: GDB remote protocol bytes: hex, framing, replies, target descriptions (no KVM). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gdb_proto.h"

/* ---- Registers ------------------------------------------------------------ */

unsigned gdbp_reg_size(unsigned n)
{
	if (n < GDBP_NUM_GREGS)
		return 4;
	if (n < GDBP_FCTRL)
		return 10;   /* the x87's 80-bit extended format */
	if (n < GDBP_NUM_REGS)
		return 4;
	return 0;
}

/* ---- Hex helpers ---------------------------------------------------------- */

int gdbp_hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char hexdigits[] = "0123456789abcdef";

/* A hex number of 1 to 16 digits at *P (no more: it would overflow). */
bool gdbp_parse_num(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	unsigned digits = 0;

	while (*p < end && gdbp_hexval(**p) >= 0) {
		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)gdbp_hexval(**p);
		(*p)++;
	}
	*out = v;
	return digits > 0;
}

bool gdbp_expect(const uint8_t **p, const uint8_t *end, uint8_t c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/* NBYTES bytes from exactly 2*NBYTES hex digits at P. */
bool gdbp_parse_hexbytes(const uint8_t *p, size_t nbytes, uint8_t *out)
{
	for (size_t i = 0; i < nbytes; i++) {
		int hi = gdbp_hexval(p[2 * i]), lo = gdbp_hexval(p[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* Whether [P, END) is exactly the text S. */
bool gdbp_is(const uint8_t *p, const uint8_t *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) == n && memcmp(p, s, n) == 0;
}

/* Whether [P, END) starts with S; if so, advance *P past it. */
bool gdbp_starts(const uint8_t **p, const uint8_t *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return false;
	*p += n;
	return true;
}

/* ---- Framing ------------------------------------------------------------- */

enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 };

void gdbp_rx_init(struct gdbp_rx *rx)
{
	rx->state = RX_IDLE;
	rx->len = 0;
	rx->sum = 0;
	rx->their_sum = 0;
	rx->overflow = false;
	rx->buf[0] = 0;
}

enum gdbp_rx_event gdbp_rx_byte(struct gdbp_rx *rx, uint8_t c)
{
	int v;

	switch (rx->state) {
	case RX_IDLE:
		switch (c) {
		case '$':
			rx->state = RX_DATA;
			rx->len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDBP_RX_NONE;
		case '+': return GDBP_RX_ACK;
		case '-': return GDBP_RX_NAK;
		case 0x03: return GDBP_RX_INTERRUPT;
		default: return GDBP_RX_NONE;  /* noise between packets */
		}
	case RX_DATA:
		if (c == '#') {
			rx->state = RX_SUM1;
			return GDBP_RX_NONE;
		}
		if (c == '$') {
			/* '$' is always escaped inside data: a new packet started
			 * and the old one lost its end. Start again. */
			rx->len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDBP_RX_NONE;
		}
		rx->sum = (uint8_t)(rx->sum + c);
		if (rx->len < GDBP_PACKET_SIZE)
			rx->buf[rx->len++] = c;
		else
			rx->overflow = true;
		return GDBP_RX_NONE;
	case RX_SUM1:
		v = gdbp_hexval(c);
		if (v < 0) {
			rx->state = RX_IDLE;
			return GDBP_RX_BAD_CHECKSUM;
		}
		rx->their_sum = (uint8_t)(v << 4);
		rx->state = RX_SUM2;
		return GDBP_RX_NONE;
	default: /* RX_SUM2 */
		rx->state = RX_IDLE;
		v = gdbp_hexval(c);
		if (v < 0 || (uint8_t)(rx->their_sum | v) != rx->sum)
			return GDBP_RX_BAD_CHECKSUM;
		rx->buf[rx->len] = 0;
		return GDBP_RX_PACKET;
	}
}

/* ---- Replies ------------------------------------------------------------- */

void gdbp_reply_clear(struct gdbp_reply *r)
{
	r->none = false;
	r->overflow = false;
	r->len = 0;
}

void gdbp_reply_bytes(struct gdbp_reply *r, const void *buf, size_t len)
{
	if (len > sizeof(r->data) - r->len) {
		r->overflow = true;
		return;
	}
	memcpy(r->data + r->len, buf, len);
	r->len += len;
}

void gdbp_reply_str(struct gdbp_reply *r, const char *s)
{
	gdbp_reply_bytes(r, s, strlen(s));
}

void gdbp_reply_hex(struct gdbp_reply *r, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	if (len > (sizeof(r->data) - r->len) / 2) {
		r->overflow = true;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		r->data[r->len++] = (uint8_t)hexdigits[b[i] >> 4];
		r->data[r->len++] = (uint8_t)hexdigits[b[i] & 15];
	}
}

void gdbp_reply_fmt(struct gdbp_reply *r, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		r->overflow = true;
		return;
	}
	gdbp_reply_bytes(r, tmp, (size_t)n);
}

void gdbp_reply_u32(struct gdbp_reply *r, uint32_t v)
{
	uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
	                  (uint8_t)(v >> 24) };

	gdbp_reply_hex(r, le, 4);
}

size_t gdbp_frame(const uint8_t *data, size_t len, uint8_t *out)
{
	size_t n = 0;
	uint8_t sum = 0;

	if (len > GDBP_REPLY_MAX)
		len = GDBP_REPLY_MAX;  /* cannot happen with a gdbp_reply */
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = data[i];

		if (c == '#' || c == '$' || c == '}' || c == '*') {
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		}
		out[n++] = c;
		sum = (uint8_t)(sum + c);
	}
	out[n++] = '#';
	out[n++] = (uint8_t)hexdigits[sum >> 4];
	out[n++] = (uint8_t)hexdigits[sum & 15];
	return n;
}

/* ---- Target description --------------------------------------------------- */

/* gdb's i386 architecture insists on the x87 registers in the core feature
 * (it rejects a description without them); the 'g' packet carries only the
 * 16 general registers, and gdb fetches the others with 'p' when shown. */
#define XML_HEAD \
	"<?xml version=\"1.0\"?>\n" \
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n" \
	"<target version=\"1.0\">\n"
#define XML_CORE \
	"<feature name=\"org.gnu.gdb.i386.core\">\n" \
	"<flags id=\"i386_eflags\" size=\"4\">\n" \
	"<field name=\"CF\" start=\"0\" end=\"0\"/>\n" \
	"<field name=\"PF\" start=\"2\" end=\"2\"/>\n" \
	"<field name=\"AF\" start=\"4\" end=\"4\"/>\n" \
	"<field name=\"ZF\" start=\"6\" end=\"6\"/>\n" \
	"<field name=\"SF\" start=\"7\" end=\"7\"/>\n" \
	"<field name=\"TF\" start=\"8\" end=\"8\"/>\n" \
	"<field name=\"IF\" start=\"9\" end=\"9\"/>\n" \
	"<field name=\"DF\" start=\"10\" end=\"10\"/>\n" \
	"<field name=\"OF\" start=\"11\" end=\"11\"/>\n" \
	"<field name=\"NT\" start=\"14\" end=\"14\"/>\n" \
	"<field name=\"RF\" start=\"16\" end=\"16\"/>\n" \
	"<field name=\"VM\" start=\"17\" end=\"17\"/>\n" \
	"<field name=\"AC\" start=\"18\" end=\"18\"/>\n" \
	"<field name=\"VIF\" start=\"19\" end=\"19\"/>\n" \
	"<field name=\"VIP\" start=\"20\" end=\"20\"/>\n" \
	"<field name=\"ID\" start=\"21\" end=\"21\"/>\n" \
	"</flags>\n" \
	"<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n" \
	"<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n" \
	"<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n" \
	"<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n" \
	"<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n" \
	"<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n" \
	"<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
	"<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
	"</feature>\n" \
	"</target>\n"

static const char xml_i386[] =
	XML_HEAD "<architecture>i386</architecture>\n" XML_CORE;
static const char xml_i8086[] =
	XML_HEAD "<architecture>i8086</architecture>\n" XML_CORE;

const char *gdbp_target_xml(bool i8086)
{
	return i8086 ? xml_i8086 : xml_i386;
}
