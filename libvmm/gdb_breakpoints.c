/* gdb_breakpoints.c: a gdb session's breakpoints and watchpoints: int3s, debug-register slots, what a debug exit means (no KVM). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "gdb_proto.h"

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

void gdbp_hide_swbps(const struct gdbp_session *s, uint64_t addr, uint8_t *buf,
                     size_t len)
{
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++)
		if (planted(&s->swbp[i]) && in_range(s->swbp[i].addr, addr, len))
			buf[s->swbp[i].addr - addr] = s->swbp[i].saved;
}

void gdbp_replant_swbps(struct gdbp_session *s, uint64_t addr,
                        const uint8_t *data, size_t len)
{
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
void gdbp_cmd_breakpoint(struct gdbp_session *s, bool insert, const uint8_t *p,
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
