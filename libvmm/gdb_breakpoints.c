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

/*
 * Where the byte at gdb address ADDR lives, as insert_swbp names it, and how
 * many bytes from there on are contiguous: 0 or -1. One physical byte can
 * have several gdb addresses (vmm-pm maps RAM at 0 and at 0x80000000), and
 * its int3 is one, whichever alias gdb planted it through.
 */
static int place_of(const struct gdbp_session *s, uint64_t addr, uint64_t *where,
                    uint64_t *contig)
{
	if (s->target->where)
		return s->target->where(s->target->ctx, addr, where, contig);
	*where = addr;   /* a target without aliases: the address is the place */
	*contig = UINT64_MAX - addr + 1;
	if (*contig == 0)
		*contig = UINT64_MAX;
	return 0;
}

/* Another planted breakpoint than B with its int3 at WHERE, or NULL: the
 * int3 is shared, so is the guest's byte under it. */
static struct gdbp_swbp *sharer(struct gdbp_session *s, const struct gdbp_swbp *b,
                                uint64_t where)
{
	for (unsigned i = 0; i < GDBP_MAX_SWBP; i++)
		if (&s->swbp[i] != b && planted(&s->swbp[i]) && s->swbp[i].where == where)
			return &s->swbp[i];
	return NULL;
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
		struct gdbp_swbp *b = &s->swbp[i];
		bool was = planted(b);

		b->used = false;
		/* A shared int3 goes with the last breakpoint on it. */
		if (was && !sharer(s, b, b->where))
			s->target->remove_swbp(s->target->ctx, b->where, b->saved);
	}
	for (unsigned i = 0; i < GDBP_HW_SLOTS; i++)
		s->hw[i].used = false;
}

/* Whether the byte at ADDR lies in [START, START+LEN), without overflow. */
static bool in_range(uint64_t addr, uint64_t start, uint64_t len)
{
	return addr >= start && addr - start < len;
}

/* Call FN for every planted breakpoint whose int3 lies in the LEN bytes at
 * gdb address ADDR, with the offset of its byte there; the range is walked
 * by place, so an int3 planted through another alias is found too. */
static void each_swbp_in(struct gdbp_session *s, uint64_t addr, size_t len,
                         void (*fn)(struct gdbp_session *, struct gdbp_swbp *,
                                    size_t, void *),
                         void *arg)
{
	size_t off = 0;

	while (off < len) {
		uint64_t where, contig;
		size_t chunk;

		if (addr + off < addr || place_of(s, addr + off, &where, &contig) < 0 ||
		    contig == 0)
			break;
		chunk = len - off < contig ? len - off : (size_t)contig;
		for (unsigned i = 0; i < GDBP_MAX_SWBP; i++) {
			struct gdbp_swbp *b = &s->swbp[i];

			if (planted(b) && in_range(b->where, where, chunk))
				fn(s, b, off + (size_t)(b->where - where), arg);
		}
		off += chunk;
	}
}

static void hide_one(struct gdbp_session *s, struct gdbp_swbp *b, size_t at, void *buf)
{
	(void)s;
	((uint8_t *)buf)[at] = b->saved;
}

void gdbp_hide_swbps(struct gdbp_session *s, uint64_t addr, uint8_t *buf,
                     size_t len)
{
	each_swbp_in(s, addr, len, hide_one, buf);
}

static void replant_one(struct gdbp_session *s, struct gdbp_swbp *b, size_t at,
                        void *data)
{
	uint64_t where;
	uint8_t dummy;

	/* The write replaced the guest's byte under the int3 (and the int3). */
	if (s->target->insert_swbp(s->target->ctx, b->addr, &where, &dummy) == 0 &&
	    where == b->where)
		b->saved = ((const uint8_t *)data)[at];
	else
		b->used = false;  /* the memory is gone: so is the breakpoint */
}

void gdbp_replant_swbps(struct gdbp_session *s, uint64_t addr,
                        const uint8_t *data, size_t len)
{
	each_swbp_in(s, addr, len, replant_one, (void *)data);
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
	/* Another alias of the same byte already has our int3: what the
	 * target just saved is that 0xCC, the guest's byte is the other's. */
	struct gdbp_swbp *other = sharer(s, b, b->where);
	if (other)
		b->saved = other->saved;
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
		b->used = false;
		/* Removing one alias leaves the int3 of another in place. */
		if (!sharer(s, b, b->where))
			ret = s->target->remove_swbp(s->target->ctx, b->where, b->saved);
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
		uint64_t where, contig;
		bool placed = place_of(s, pc, &where, &contig) == 0;

		/* By place too: the guest may run the code through an alias of
		 * the address gdb planted the int3 at. */
		for (unsigned i = 0; i < GDBP_MAX_SWBP; i++) {
			if (planted(&s->swbp[i]) && (s->swbp[i].addr == pc ||
			                             (placed && s->swbp[i].where == where))) {
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
