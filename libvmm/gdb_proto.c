/* gdb_proto.c: the GDB remote protocol session: commands, registers, memory, stop replies (no KVM). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gdb_proto.h"


/* ---- Session -------------------------------------------------------------- */

void gdbp_session_init(struct gdbp_session *s, const struct gdbp_target *t,
                       bool i8086)
{
	memset(s, 0, sizeof(*s));
	s->target = t;
	s->i8086 = i8086;
	/* Until the guest has run, gdb sees it stopped by SIGTRAP. */
	snprintf(s->last_stop, sizeof(s->last_stop), "S%02x", GDBP_SIGTRAP);
}

/* m ADDR,LEN: as many bytes as can be read (a short reply is allowed),
 * with our int3s hidden behind the bytes they replaced. */
static void cmd_read_mem(struct gdbp_session *s, const uint8_t *p,
                         const uint8_t *end, struct gdbp_reply *r)
{
	uint8_t buf[GDBP_REPLY_MAX / 2];
	uint64_t addr, len;
	size_t got;

	if (!gdbp_parse_num(&p, end, &addr) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &len) || p != end) {
		gdbp_reply_str(r, "E01");
		return;
	}
	if (len > sizeof(buf))
		len = sizeof(buf);   /* gdb asks again for the rest */
	if (addr != 0 && len != 0 && len - 1 > UINT64_MAX - addr)
		len = UINT64_MAX - addr + 1;   /* up to the last address */
	if (len == 0) {
		gdbp_reply_str(r, "");
		return;
	}
	got = s->target->read_mem(s->target->ctx, addr, buf, (size_t)len);
	if (got > len)
		got = (size_t)len;   /* a target must not claim more */
	if (got == 0) {
		gdbp_reply_str(r, "E14");  /* EFAULT, as gdbserver says it */
		return;
	}
	gdbp_hide_swbps(s, addr, buf, got);
	gdbp_reply_hex(r, buf, got);
}

/* Write DATA at ADDR; a write over one of our int3s changes the byte it
 * will restore, and the int3 stays. */
static void write_mem(struct gdbp_session *s, uint64_t addr, const uint8_t *data,
                      size_t len, struct gdbp_reply *r)
{
	if (len == 0) {
		gdbp_reply_str(r, "OK");  /* gdb probes 'X' with an empty write */
		return;
	}
	if (len - 1 > UINT64_MAX - addr ||
	    s->target->write_mem(s->target->ctx, addr, data, len) < 0) {
		gdbp_reply_str(r, "E14");
		return;
	}
	gdbp_replant_swbps(s, addr, data, len);
	gdbp_reply_str(r, "OK");
}

/* M ADDR,LEN:HEX */
static void cmd_write_hex(struct gdbp_session *s, const uint8_t *p,
                          const uint8_t *end, struct gdbp_reply *r)
{
	uint8_t buf[GDBP_PACKET_SIZE / 2];
	uint64_t addr, len;

	if (!gdbp_parse_num(&p, end, &addr) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &len) || !gdbp_expect(&p, end, ':') ||
	    len > sizeof(buf) || (uint64_t)(end - p) != 2 * len ||
	    !gdbp_parse_hexbytes(p, (size_t)len, buf)) {
		gdbp_reply_str(r, "E01");
		return;
	}
	write_mem(s, addr, buf, (size_t)len, r);
}

/* X ADDR,LEN:BINARY, where '}' escapes the next byte (XOR 0x20). */
static void cmd_write_bin(struct gdbp_session *s, const uint8_t *p,
                          const uint8_t *end, struct gdbp_reply *r)
{
	uint8_t buf[GDBP_PACKET_SIZE];
	uint64_t addr, len;
	size_t n = 0;

	if (!gdbp_parse_num(&p, end, &addr) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &len) || !gdbp_expect(&p, end, ':') ||
	    len > sizeof(buf)) {
		gdbp_reply_str(r, "E01");
		return;
	}
	while (p < end) {
		uint8_t c = *p++;

		if (c == '}') {
			if (p == end)
				break;        /* a dangling escape: malformed */
			c = *p++ ^ 0x20;
		}
		if (n == len) {
			n = (size_t)len + 1;  /* too much data */
			break;
		}
		buf[n++] = c;
	}
	if (n != len || p != end) {
		gdbp_reply_str(r, "E01");
		return;
	}
	write_mem(s, addr, buf, n, r);
}

static void cmd_read_regs(struct gdbp_session *s, struct gdbp_reply *r)
{
	uint32_t regs[GDBP_NUM_GREGS];

	if (s->target->get_regs(s->target->ctx, regs) < 0) {
		gdbp_reply_str(r, "E01");
		return;
	}
	for (unsigned i = 0; i < GDBP_NUM_GREGS; i++)
		gdbp_reply_u32(r, regs[i]);
}

static uint32_t le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/* G HEX: the 16 general registers; x87 bytes after them (when gdb sends
 * the whole set) must be well-formed but are not written. */
static void cmd_write_regs(struct gdbp_session *s, const uint8_t *p,
                           const uint8_t *end, struct gdbp_reply *r)
{
	uint8_t raw[GDBP_NUM_GREGS * 4];
	uint32_t regs[GDBP_NUM_GREGS];
	size_t full = 0, nhex = (size_t)(end - p);

	for (unsigned i = 0; i < GDBP_NUM_REGS; i++)
		full += gdbp_reg_size(i);
	if (nhex < 2 * sizeof(raw) || nhex > 2 * full || nhex % 2 ||
	    !gdbp_parse_hexbytes(p, sizeof(raw), raw)) {
		gdbp_reply_str(r, "E01");
		return;
	}
	for (size_t i = 2 * sizeof(raw); i < nhex; i++) {
		if (gdbp_hexval(p[i]) < 0) {
			gdbp_reply_str(r, "E01");
			return;
		}
	}
	for (unsigned i = 0; i < GDBP_NUM_GREGS; i++)
		regs[i] = le32(raw + 4 * i);
	gdbp_reply_str(r, s->target->set_regs(s->target->ctx, regs) < 0 ? "E01" : "OK");
}

/* p N */
static void cmd_read_reg(struct gdbp_session *s, const uint8_t *p,
                         const uint8_t *end, struct gdbp_reply *r)
{
	uint32_t regs[GDBP_NUM_GREGS];
	uint8_t buf[10];
	uint64_t n;

	if (!gdbp_parse_num(&p, end, &n) || p != end || n >= GDBP_NUM_REGS) {
		gdbp_reply_str(r, "E01");
		return;
	}
	if (n < GDBP_NUM_GREGS) {
		if (s->target->get_regs(s->target->ctx, regs) < 0)
			gdbp_reply_str(r, "E01");
		else
			gdbp_reply_u32(r, regs[n]);
		return;
	}
	if (s->target->get_fpu_reg(s->target->ctx, (unsigned)n, buf) < 0)
		gdbp_reply_str(r, "E01");
	else
		gdbp_reply_hex(r, buf, gdbp_reg_size((unsigned)n));
}

/* P N=HEX: general registers only; the x87 registers are read-only here. */
static void cmd_write_reg(struct gdbp_session *s, const uint8_t *p,
                          const uint8_t *end, struct gdbp_reply *r)
{
	uint32_t regs[GDBP_NUM_GREGS];
	uint8_t raw[4];
	uint64_t n;

	if (!gdbp_parse_num(&p, end, &n) || !gdbp_expect(&p, end, '=') ||
	    n >= GDBP_NUM_GREGS || end - p != 8 || !gdbp_parse_hexbytes(p, 4, raw) ||
	    s->target->get_regs(s->target->ctx, regs) < 0) {
		gdbp_reply_str(r, "E01");
		return;
	}
	regs[n] = le32(raw);
	gdbp_reply_str(r, s->target->set_regs(s->target->ctx, regs) < 0 ? "E01" : "OK");
}

/* c/s [ADDR] and C/S SIG[;ADDR]: resume, optionally at ADDR. The signal is
 * dropped: a guest has no signals to deliver. */
static enum gdbp_action cmd_resume(struct gdbp_session *s, uint8_t cmd,
                                   const uint8_t *p, const uint8_t *end,
                                   struct gdbp_reply *r)
{
	uint32_t regs[GDBP_NUM_GREGS];
	uint64_t addr, sig;
	bool with_sig = cmd == 'C' || cmd == 'S';
	bool at = false;

	if (with_sig) {
		if (!gdbp_parse_num(&p, end, &sig) || sig > 255) {
			gdbp_reply_str(r, "E01");
			return GDBP_STAY;
		}
		if (p < end && !gdbp_expect(&p, end, ';')) {
			gdbp_reply_str(r, "E01");
			return GDBP_STAY;
		}
	}
	if (p < end) {
		if (!gdbp_parse_num(&p, end, &addr) || p != end || addr > UINT32_MAX) {
			gdbp_reply_str(r, "E01");
			return GDBP_STAY;
		}
		at = true;
	}
	if (at) {
		if (s->target->get_regs(s->target->ctx, regs) < 0) {
			gdbp_reply_str(r, "E01");
			return GDBP_STAY;
		}
		regs[GDBP_EIP] = (uint32_t)addr;
		if (s->target->set_regs(s->target->ctx, regs) < 0) {
			gdbp_reply_str(r, "E01");
			return GDBP_STAY;
		}
	}
	r->none = true;   /* the stop reply comes when the guest stops */
	return cmd == 'c' || cmd == 'C' ? GDBP_CONTINUE : GDBP_STEP;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void cmd_xfer_features(struct gdbp_session *s, const uint8_t *p,
                              const uint8_t *end, struct gdbp_reply *r)
{
	const char *xml = gdbp_target_xml(s->i8086);
	size_t xml_len = strlen(xml);
	uint64_t off, len;

	if (!gdbp_starts(&p, end, "target.xml:")) {
		gdbp_reply_str(r, "E00");
		return;
	}
	if (!gdbp_parse_num(&p, end, &off) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &len) || p != end) {
		gdbp_reply_str(r, "E00");
		return;
	}
	if (off > xml_len) {
		gdbp_reply_str(r, "E01");
		return;
	}
	if (len > GDBP_REPLY_MAX - 1)
		len = GDBP_REPLY_MAX - 1;
	if (len > xml_len - off)
		len = xml_len - off;
	gdbp_reply_str(r, off + len == xml_len ? "l" : "m");
	gdbp_reply_bytes(r, xml + off, (size_t)len);
}

static void cmd_query(struct gdbp_session *s, const uint8_t *p,
                      const uint8_t *end, struct gdbp_reply *r)
{
	if (gdbp_starts(&p, end, "Supported")) {
		/* gdb's own features (after ':') need no answer. */
		gdbp_reply_fmt(r, "PacketSize=%x;qXfer:features:read+;swbreak+;"
		               "hwbreak+;QStartNoAckMode+", GDBP_PACKET_SIZE);
	} else if (gdbp_starts(&p, end, "Xfer:features:read:")) {
		cmd_xfer_features(s, p, end, r);
	} else if (gdbp_starts(&p, end, "Attached")) {
		/* "Attached to an existing process": gdb detaches rather than
		 * kills when it quits, so the guest runs on. */
		gdbp_reply_str(r, "1");
	} else if (gdbp_is(p, end, "C")) {
		gdbp_reply_str(r, "QC1");
	} else if (gdbp_is(p, end, "fThreadInfo")) {
		gdbp_reply_str(r, "m1");
	} else if (gdbp_is(p, end, "sThreadInfo")) {
		gdbp_reply_str(r, "l");
	} else if (gdbp_starts(&p, end, "Symbol:")) {
		gdbp_reply_str(r, "OK");   /* no symbols wanted */
	} else {
		gdbp_reply_str(r, "");     /* qTStatus, qOffsets...: not supported */
	}
}

enum gdbp_action gdbp_handle(struct gdbp_session *s, const uint8_t *pkt,
                             size_t len, struct gdbp_reply *r)
{
	const uint8_t *end = pkt + len, *p = pkt + 1;
	enum gdbp_action act = GDBP_STAY;

	gdbp_reply_clear(r);
	if (len == 0) {
		gdbp_reply_str(r, "");
		return GDBP_STAY;
	}
	switch (pkt[0]) {
	case '?':
		gdbp_reply_str(r, s->last_stop);
		break;
	case 'g':
		if (p == end)
			cmd_read_regs(s, r);
		else
			gdbp_reply_str(r, "E01");
		break;
	case 'G': cmd_write_regs(s, p, end, r); break;
	case 'p': cmd_read_reg(s, p, end, r); break;
	case 'P': cmd_write_reg(s, p, end, r); break;
	case 'm': cmd_read_mem(s, p, end, r); break;
	case 'M': cmd_write_hex(s, p, end, r); break;
	case 'X': cmd_write_bin(s, p, end, r); break;
	case 'c':
	case 's':
	case 'C':
	case 'S':
		act = cmd_resume(s, pkt[0], p, end, r);
		break;
	case 'Z': gdbp_cmd_breakpoint(s, true, p, end, r); break;
	case 'z': gdbp_cmd_breakpoint(s, false, p, end, r); break;
	case 'k':
		r->none = true;   /* gdb expects no reply to 'k' */
		act = GDBP_KILL;
		break;
	case 'D':
		gdbp_reply_str(r, "OK");
		act = GDBP_DETACH;
		break;
	case 'H':  /* Hg/Hc THREAD: there is one thread */
	case 'T':  /* T THREAD: it is alive */
		gdbp_reply_str(r, "OK");
		break;
	case 'q':
		cmd_query(s, p, end, r);
		break;
	case 'Q':
		if (gdbp_is(p, end, "StartNoAckMode")) {
			gdbp_reply_str(r, "OK");
			s->no_ack = true;  /* from the next packet on */
		} else {
			gdbp_reply_str(r, "");
		}
		break;
	case 'v':
		if (gdbp_starts(&p, end, "Kill")) {
			gdbp_reply_str(r, "OK");
			act = GDBP_KILL;
		} else {
			/* vMustReplyEmpty, vCont? (so gdb uses c and s)... */
			gdbp_reply_str(r, "");
		}
		break;
	default:
		gdbp_reply_str(r, "");   /* unknown: the documented empty reply */
		break;
	}
	if (r->overflow) {
		gdbp_reply_clear(r);
		gdbp_reply_str(r, "E01");
	}
	return act;
}

/* ---- Stops ------------------------------------------------------------------ */

void gdbp_stop_reply(struct gdbp_session *s, const struct gdbp_stop *st,
                     struct gdbp_reply *r)
{
	int code = st->code & 0xFF;

	gdbp_reply_clear(r);
	switch (st->kind) {
	case GDBP_STOP_SIGNAL:
		gdbp_reply_fmt(r, "T%02x", code);
		break;
	case GDBP_STOP_SWBREAK:
		gdbp_reply_fmt(r, "T%02xswbreak:;", GDBP_SIGTRAP);
		break;
	case GDBP_STOP_HWBREAK:
		gdbp_reply_fmt(r, "T%02xhwbreak:;", GDBP_SIGTRAP);
		break;
	case GDBP_STOP_WATCH:
		gdbp_reply_fmt(r, "T%02x%s:%llx;", GDBP_SIGTRAP,
		               st->watch_z == 2 ? "watch" : st->watch_z == 3 ? "rwatch" : "awatch",
		               (unsigned long long)st->watch_addr);
		break;
	case GDBP_STOP_EXITED:
		gdbp_reply_fmt(r, "W%02x", code);
		break;
	case GDBP_STOP_KILLED:
		gdbp_reply_fmt(r, "X%02x", code);
		break;
	}
	if (r->len < sizeof(s->last_stop)) {
		memcpy(s->last_stop, r->data, r->len);
		s->last_stop[r->len] = 0;
	}
}
