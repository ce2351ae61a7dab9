/* gdb_proto.c: the GDB remote protocol session: commands, breakpoints, stop replies (no KVM). */
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

static struct gdbp_swbp *find_swbp(struct gdbp_session *s, uint64_t addr)
{
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++)
		if (s->swbp[i].used && s->swbp[i].addr == addr)
			return &s->swbp[i];
	return NULL;
}

/* An int3 of ours. */
static bool planted(const struct gdbp_swbp *b)
{
	return b->used;
}

bool gdbp_has_swbp(const struct gdbp_session *s)
{
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++)
		if (planted(&s->swbp[i]))
			return true;
	return false;
}

void gdbp_remove_all(struct gdbp_session *s)
{
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++) {
		if (planted(&s->swbp[i]))
			s->target->remove_swbp(s->target->ctx, s->swbp[i].where,
			                       s->swbp[i].saved);
		s->swbp[i].used = false;
	}
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++)
		s->hw[i].used = false;
}

/* Whether the byte at ADDR lies in [START, START+LEN), without overflow. */
static bool in_range(uint64_t addr, uint64_t start, uint64_t len)
{
	return addr >= start && addr - start < len;
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
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++)
		if (planted(&s->swbp[i]) && in_range(s->swbp[i].addr, addr, got))
			buf[s->swbp[i].addr - addr] = s->swbp[i].saved;
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
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++) {
		struct gdbp_swbp *b = &s->swbp[i];
		uint8_t dummy;

		if (!planted(b) || !in_range(b->addr, addr, len))
			continue;
		if (s->target->insert_swbp(s->target->ctx, b->addr, &b->where, &dummy) == 0)
			b->saved = data[b->addr - addr];
		else
			b->used = false;  /* the memory is gone: so is the breakpoint */
	}
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

static void insert_sw(struct gdbp_session *s, uint64_t addr, struct gdbp_reply *r)
{
	struct gdbp_swbp *b = NULL;
	uint8_t byte;

	if (find_swbp(s, addr)) {
		gdbp_reply_str(r, "OK");   /* Z packets are idempotent */
		return;
	}
	for (unsigned i = 0; i < GDBP_MAX_SWBP && !b; i++)
		if (!s->swbp[i].used)
			b = &s->swbp[i];
	/* gdb expects an error for an address that is not memory. */
	if (!b || addr > UINT32_MAX ||
	    s->target->read_mem(s->target->ctx, addr, &byte, 1) != 1 ||
	    s->target->insert_swbp(s->target->ctx, addr, &b->where, &b->saved) < 0) {
		gdbp_reply_str(r, "E01");
		return;
	}
	b->slot = -1;
	for (int i = 0; i < GDBP_HW_SLOTS && b->slot < 0; i++) {
		struct gdbp_hwslot *h = &s->hw[i];

		if (h->used)
			continue;
		memset(h, 0, sizeof(*h));
		h->used = h->swbp = true;
		h->type = GDBP_HW_EXEC;
		h->addr = h->req_addr = addr;
		h->len = 1;
		h->req_len = 1;
		b->slot = i;
	}
	b->addr = addr;
	b->used = true;
	gdbp_reply_str(r, "OK");
}

static void remove_sw(struct gdbp_session *s, uint64_t addr, struct gdbp_reply *r)
{
	struct gdbp_swbp *b = find_swbp(s, addr);
	int ret = 0;

	if (b) {
		if (b->slot >= 0)
			s->hw[b->slot].used = false;
		ret = s->target->remove_swbp(s->target->ctx, b->where, b->saved);
		b->used = false;
	}
	gdbp_reply_str(r, ret < 0 ? "E01" : "OK");
}

/* Take debug registers from breakpoints (which keep their int3s) until
 * NEED are free; false (nothing taken) when that is impossible. */
static bool free_slots(struct gdbp_session *s, unsigned need)
{
	unsigned nfree = 0, movable = 0;

	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		nfree += !s->hw[i].used;
		movable += s->hw[i].used && s->hw[i].swbp;
	}
	if (nfree + movable < need)
		return false;
	for (unsigned i = 0; i < GDBP_MAX_SWBP && nfree < need; i++) {
		struct gdbp_swbp *b = &s->swbp[i];

		if (!b->used || b->slot < 0)
			continue;
		s->hw[b->slot].used = false;
		b->slot = -1;
		nfree++;
	}
	return nfree >= need;
}

static bool same_request(const struct gdbp_hwslot *h, unsigned ztype,
                         uint64_t addr, uint64_t len)
{
	return h->used && !h->swbp && h->ztype == ztype && h->req_addr == addr &&
	       h->req_len == len;
}

/* The debug register type for Z type 1-4. x86 cannot trap reads alone: a
 * read watchpoint (3) traps every access, and gdb, seeing the value
 * changed, takes a write for what it is. */
static enum gdbp_hw_type dr_type(unsigned ztype)
{
	return ztype == 1 ? GDBP_HW_EXEC : ztype == 2 ? GDBP_HW_WRITE : GDBP_HW_ACCESS;
}

/* A debug register covers an aligned 1, 2 or 4 bytes: a longer or unaligned
 * watch takes several, all or none. */
static void insert_hw(struct gdbp_session *s, unsigned ztype,
                      uint64_t addr, uint64_t len, struct gdbp_reply *r)
{
	struct { uint64_t addr; unsigned len; } piece[GDBP_HW_SLOTS];
	enum gdbp_hw_type type = dr_type(ztype);
	unsigned npieces = 0;

	if (type == GDBP_HW_EXEC)
		len = 1;    /* an execution breakpoint has length 1 (LEN = 00) */
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		if (same_request(&s->hw[i], ztype, addr, len)) {
			gdbp_reply_str(r, "OK");
			return;
		}
	}
	if (len == 0 || addr > UINT32_MAX || len > UINT32_MAX - addr + 1) {
		gdbp_reply_str(r, "E01");
		return;
	}
	for (uint64_t a = addr, left = len; left;) {
		unsigned size = 4;

		while (size > 1 && (a % size || size > left))
			size /= 2;
		if (npieces == GDBP_HW_SLOTS) {
			gdbp_reply_str(r, "E01");   /* needs more than 4 registers */
			return;
		}
		piece[npieces].addr = a;
		piece[npieces++].len = size;
		a += size;
		left -= size;
	}
	if (!free_slots(s, npieces)) {
		gdbp_reply_str(r, "E01");
		return;
	}
	for (unsigned i = 0, k = 0; i < GDBP_HW_SLOTS && k < npieces; i++) {
		struct gdbp_hwslot *h = &s->hw[i];

		if (h->used)
			continue;
		memset(h, 0, sizeof(*h));
		h->used = true;
		h->ztype = ztype;
		h->type = type;
		h->addr = piece[k].addr;
		h->len = piece[k].len;
		h->req_addr = addr;
		h->req_len = len;
		k++;
	}
	gdbp_reply_str(r, "OK");
}

static void remove_hw(struct gdbp_session *s, unsigned ztype,
                      uint64_t addr, uint64_t len, struct gdbp_reply *r)
{
	if (ztype == 1)
		len = 1;
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++)
		if (same_request(&s->hw[i], ztype, addr, len))
			s->hw[i].used = false;
	gdbp_reply_str(r, "OK");
}

/* Z/z TYPE,ADDR,KIND */
static void cmd_breakpoint(struct gdbp_session *s, bool insert, const uint8_t *p,
                           const uint8_t *end, struct gdbp_reply *r)
{
	uint64_t type, addr, kind;

	if (!gdbp_parse_num(&p, end, &type) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &addr) || !gdbp_expect(&p, end, ',') ||
	    !gdbp_parse_num(&p, end, &kind) || p != end) {
		/* Conditions and commands (";...") are never announced. */
		gdbp_reply_str(r, "E01");
		return;
	}
	switch (type) {
	case 0:
		if (insert)
			insert_sw(s, addr, r);
		else
			remove_sw(s, addr, r);
		return;
	case 1:
	case 2:
	case 3:
	case 4:
		if (insert)
			insert_hw(s, (unsigned)type, addr, kind, r);
		else
			remove_hw(s, (unsigned)type, addr, kind, r);
		return;
	default:
		gdbp_reply_str(r, "");   /* unknown type: unsupported */
		return;
	}
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
	case 'Z': cmd_breakpoint(s, true, p, end, r); break;
	case 'z': cmd_breakpoint(s, false, p, end, r); break;
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

bool gdbp_classify_debug(const struct gdbp_session *s, unsigned vector,
                         uint64_t dr6, uint64_t pc, bool stepping,
                         struct gdbp_stop *stop)
{
	memset(stop, 0, sizeof(*stop));
	stop->kind = GDBP_STOP_SIGNAL;
	stop->code = GDBP_SIGTRAP;
	if (vector == 3) {
		for (unsigned i = 0; i < GDBP_MAX_SWBP; i++) {
			if (planted(&s->swbp[i]) && s->swbp[i].addr == pc) {
				stop->kind = GDBP_STOP_SWBREAK;
				return true;
			}
		}
		return false;
	}
	if (vector != 1)
		return false;
	/* A watchpoint wins over a step that ended on the same instruction:
	 * gdb wants to hear about the data access. */
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		const struct gdbp_hwslot *h = &s->hw[i];

		if (!(dr6 & (1u << i)) || !h->used)
			continue;
		if (h->swbp) {
			stop->kind = GDBP_STOP_SWBREAK;
		} else if (h->type == GDBP_HW_EXEC) {
			stop->kind = GDBP_STOP_HWBREAK;
		} else {
			stop->kind = GDBP_STOP_WATCH;
			stop->watch_z = h->ztype;
			stop->watch_addr = h->addr;
		}
		return true;
	}
	/* Otherwise a step we asked for ended (whether or not the exit sets
	 * DR6.BS: emulated steps need not), or the #DB is the guest's own. */
	return stepping;
}

bool gdbp_debug_regs(const struct gdbp_session *s, uint64_t base,
                     uint64_t dr[GDBP_HW_SLOTS], uint64_t *dr7)
{
	bool any = false;

	/* Bit 10 always reads as 1; GE (bit 9) asks for exact data breakpoints. */
	*dr7 = 0x400 | 0x200;
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++) {
		const struct gdbp_hwslot *h = &s->hw[i];
		unsigned len_bits;

		dr[i] = 0;
		if (!h->used)
			continue;
		len_bits = h->len == 4 ? 3 : h->len == 2 ? 1 : 0;
		dr[i] = (base + h->addr) & 0xFFFFFFFFu;
		/* Gi (global enable), then R/Wi and LENi. */
		*dr7 |= (uint64_t)2 << (2 * i);
		*dr7 |= (uint64_t)h->type << (16 + 4 * i);
		*dr7 |= (uint64_t)len_bits << (18 + 4 * i);
		any = true;
	}
	return any;
}
