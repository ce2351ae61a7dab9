/* gdb_proto.h: the GDB remote serial protocol without KVM (private to libvmm). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_GDB_PROTO_H
#define VMM_GDB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Everything here is pure computation on bytes: framing, parsing, replies
 * (gdb_packet.c), the session (gdb_proto.c), the software-breakpoint table
 * and the debug-register plan (gdb_breakpoints.c). The KVM side
 * (gdb_target.c) supplies memory and registers through struct gdbp_target,
 * so all of it can be unit-tested and fuzzed without a VM. Addresses are gdb's
 * addresses throughout; what they mean in the guest is the target's business.
 */

/* The most packet data bytes we accept from gdb (announced as PacketSize). */
#define GDBP_PACKET_SIZE 4096
/* Room for one reply's data before framing (hex memory dumps fill it). */
#define GDBP_REPLY_MAX   4096
/* A framed reply: '$', data escaped (at most twice as long), '#', checksum. */
#define GDBP_FRAME_MAX   (2 * GDBP_REPLY_MAX + 4)

/* gdb's i386 register numbers: the 'g' packet holds the first 16. */
enum {
	GDBP_EAX, GDBP_ECX, GDBP_EDX, GDBP_EBX, GDBP_ESP, GDBP_EBP, GDBP_ESI,
	GDBP_EDI, GDBP_EIP, GDBP_EFLAGS, GDBP_CS, GDBP_SS, GDBP_DS, GDBP_ES,
	GDBP_FS, GDBP_GS,
	GDBP_NUM_GREGS,                /* 16 general registers, 4 bytes each */
	GDBP_ST0 = GDBP_NUM_GREGS,     /* st0-st7: 10 bytes each */
	GDBP_FCTRL = GDBP_ST0 + 8,     /* fctrl fstat ftag fiseg fioff foseg fooff fop */
	GDBP_NUM_REGS = GDBP_FCTRL + 8 /* 32: the i386 core feature */
};

/* Size in bytes of register N (0 if there is no such register). */
unsigned gdbp_reg_size(unsigned n);

/* ---- Framing: bytes from gdb -> packets ------------------------------- */

enum gdbp_rx_event {
	GDBP_RX_NONE,          /* byte consumed, nothing complete yet */
	GDBP_RX_PACKET,        /* a packet with a good checksum is in rx->buf */
	GDBP_RX_BAD_CHECKSUM,  /* a packet arrived damaged: answer '-' */
	GDBP_RX_INTERRUPT,     /* a 0x03 byte between packets (Ctrl-C) */
	GDBP_RX_ACK,           /* '+' */
	GDBP_RX_NAK,           /* '-': resend the last reply */
};

struct gdbp_rx {
	int state;
	uint8_t sum;           /* running checksum of the data */
	uint8_t their_sum;     /* the checksum gdb sent */
	size_t len;            /* data bytes stored in buf */
	bool overflow;         /* more data than fits: the packet is refused */
	uint8_t buf[GDBP_PACKET_SIZE + 1];  /* data, NUL-terminated for convenience */
};

void gdbp_rx_init(struct gdbp_rx *rx);
/* Feed one byte; on GDBP_RX_PACKET the data is rx->buf[0..rx->len). */
enum gdbp_rx_event gdbp_rx_byte(struct gdbp_rx *rx, uint8_t c);

/* ---- Replies -------------------------------------------------------------- */

struct gdbp_reply {
	bool none;             /* nothing to send (c, s, k) */
	bool overflow;         /* data did not fit: sent as an error instead */
	size_t len;
	uint8_t data[GDBP_REPLY_MAX];
};

void gdbp_reply_clear(struct gdbp_reply *r);
void gdbp_reply_str(struct gdbp_reply *r, const char *s);
void gdbp_reply_bytes(struct gdbp_reply *r, const void *buf, size_t len);
void gdbp_reply_hex(struct gdbp_reply *r, const void *buf, size_t len);
void gdbp_reply_fmt(struct gdbp_reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Frame DATA for the wire: '$', the data with '#', '$', '}' and '*' escaped
 * (so binary qXfer data and text share one path), '#', two hex checksum
 * digits. OUT must hold GDBP_FRAME_MAX bytes; returns the framed length.
 */
size_t gdbp_frame(const uint8_t *data, size_t len, uint8_t *out);

/* ---- The target: what the KVM side provides ---------------------------- */

struct gdbp_target {
	void *ctx;
	/* Copy up to LEN bytes at ADDR into BUF; returns how many leading
	 * bytes could be read (0 when ADDR itself is not readable). */
	size_t (*read_mem)(void *ctx, uint64_t addr, uint8_t *buf, size_t len);
	/* Write all LEN bytes at ADDR, or nothing: 0 or -1. */
	int (*write_mem)(void *ctx, uint64_t addr, const uint8_t *buf, size_t len);
	/* The 16 general registers as gdb numbers them: 0 or -1. */
	int (*get_regs)(void *ctx, uint32_t regs[GDBP_NUM_GREGS]);
	/* Set them all (a register the target cannot change must keep its
	 * value, or the call fails): 0 or -1. */
	int (*set_regs)(void *ctx, const uint32_t regs[GDBP_NUM_GREGS]);
	/* An x87 register (GDBP_ST0 <= N < GDBP_NUM_REGS) in gdb's layout,
	 * gdbp_reg_size(N) bytes: 0 or -1. */
	int (*get_fpu_reg)(void *ctx, unsigned n, uint8_t *buf);
	/* Plant an int3 at ADDR: save the byte there in *SAVED and where it
	 * lives in *WHERE (the target's choice: a physical address keeps a
	 * breakpoint removable after the guest switches page tables): 0 or -1. */
	int (*insert_swbp)(void *ctx, uint64_t addr, uint64_t *where, uint8_t *saved);
	/* Put SAVED back at WHERE if the int3 is still there: 0 or -1. */
	int (*remove_swbp)(void *ctx, uint64_t where, uint8_t saved);
	/* Where the byte at ADDR lives, as insert_swbp would say, and how many
	 * bytes from ADDR on lie contiguously there: 0 or -1. Breakpoints are
	 * kept by place, so aliases of one byte share its int3 and memory reads
	 * through any alias hide it. NULL: every address is its own place. */
	int (*where)(void *ctx, uint64_t addr, uint64_t *where, uint64_t *contig);
};

/* ---- Breakpoints and watchpoints ------------------------------------------ */

/*
 * A software breakpoint (Z0) is an int3 planted in guest memory and, while
 * one is free, also a debug register on the same address. Not every KVM
 * sees both: where KVM emulates the guest's instructions (kvm_pvm, in real
 * mode) int3 is not intercepted and would reach the guest, but the
 * emulator checks the debug registers, which fire first. A KVM nested in
 * QEMU's TCG (the KVM test host) is the same: QEMU checks the nested
 * guest's int3 against the software-interrupt intercept, not KVM's #BP
 * intercept, and (from QEMU 9.1) fires its debug registers. A watchpoint or
 * Z1 that needs a register held by a Z0 takes it; the int3 stays.
 */
#define GDBP_MAX_SWBP 64
#define GDBP_HW_SLOTS 4     /* DR0-DR3 */

enum gdbp_hw_type {
	GDBP_HW_EXEC = 0,       /* the DR7 R/W encodings */
	GDBP_HW_WRITE = 1,
	GDBP_HW_ACCESS = 3,
};

struct gdbp_swbp {
	bool used;
	uint64_t addr;          /* gdb's address */
	int slot;               /* debug register also used, or -1 */
	uint64_t where;         /* the int3's place (see insert_swbp) */
	uint8_t saved;          /* the guest's byte under the int3 */
};

struct gdbp_hwslot {
	bool used;
	bool swbp;              /* serves a Z0 (see above) */
	unsigned ztype;         /* otherwise the Z packet type: 1 to 4 */
	enum gdbp_hw_type type;
	uint64_t addr;          /* aligned to len */
	unsigned len;           /* 1, 2 or 4 */
	uint64_t req_addr;      /* the Z packet this slot serves (a watch may */
	uint64_t req_len;       /* need several slots) */
};

/* ---- Stops ------------------------------------------------------------------ */

enum gdbp_stop_kind {
	GDBP_STOP_SIGNAL,       /* plain stop with a signal (SIGTRAP after a step, SIGINT) */
	GDBP_STOP_SWBREAK,      /* one of our int3s */
	GDBP_STOP_HWBREAK,      /* a debug-register execution breakpoint */
	GDBP_STOP_WATCH,        /* a debug-register watchpoint */
	GDBP_STOP_EXITED,       /* the guest ended with status CODE */
	GDBP_STOP_KILLED,       /* the guest ended by signal CODE (crash, stop) */
};

#define GDBP_SIGINT  2
#define GDBP_SIGILL  4
#define GDBP_SIGTRAP 5
#define GDBP_SIGABRT 6
#define GDBP_SIGKILL 9
#define GDBP_SIGSEGV 11

struct gdbp_stop {
	enum gdbp_stop_kind kind;
	int code;               /* signal or exit status */
	uint64_t watch_addr;    /* GDBP_STOP_WATCH */
	unsigned watch_z;       /* 2 watch, 3 rwatch, 4 awatch */
};

/* ---- The session: one gdb connection ------------------------------------ */

enum gdbp_action {
	GDBP_STAY,              /* reply (if any) and wait for the next packet */
	GDBP_CONTINUE,          /* resume the guest */
	GDBP_STEP,              /* execute one instruction */
	GDBP_KILL,              /* end the guest */
	GDBP_DETACH,            /* remove breakpoints, let the guest run on alone */
};

struct gdbp_session {
	const struct gdbp_target *target;
	bool i8086;             /* real mode: the target description says i8086 */
	bool no_ack;            /* QStartNoAckMode accepted */
	struct gdbp_swbp swbp[GDBP_MAX_SWBP];
	struct gdbp_hwslot hw[GDBP_HW_SLOTS];
	char last_stop[64];     /* the reply to '?' */
};

void gdbp_session_init(struct gdbp_session *s, const struct gdbp_target *t,
                       bool i8086);

/*
 * Handle one packet (data without framing, LEN bytes) and fill REPLY (none
 * set when nothing is to be sent). Never reads outside PKT[0..LEN), whatever
 * the bytes; malformed packets get an error reply.
 */
enum gdbp_action gdbp_handle(struct gdbp_session *s, const uint8_t *pkt,
                             size_t len, struct gdbp_reply *reply);

/* The stop reply for ST ("T05swbreak:;", "W00"...), also kept for '?'. */
void gdbp_stop_reply(struct gdbp_session *s, const struct gdbp_stop *st,
                     struct gdbp_reply *reply);

/*
 * What a debug exception means: VECTOR 3 (#BP, PC = the int3's gdb address)
 * or 1 (#DB with DR6), STEPPING if a single step was requested. Fills STOP
 * and returns true when the exception is ours; false when it is the
 * guest's own (an int3 we did not plant, a #DB none of our slots or steps
 * explains), which then belongs back to the guest once gdb resumes it
 * (STOP still says SIGTRAP, for gdb to see it first).
 */
bool gdbp_classify_debug(const struct gdbp_session *s, unsigned vector,
                         uint64_t dr6, uint64_t pc, bool stepping,
                         struct gdbp_stop *stop);

/*
 * The debug registers for the current slots: DR[i] = slot address + BASE
 * (gdb address -> guest-linear), *DR7 = enables, types and lengths.
 * Returns whether any slot is in use.
 */
bool gdbp_debug_regs(const struct gdbp_session *s, uint64_t base,
                     uint64_t dr[GDBP_HW_SLOTS], uint64_t *dr7);

/* Whether any int3 is planted. */
bool gdbp_has_swbp(const struct gdbp_session *s);

/* Z/z TYPE,ADDR,KIND (P and END: the packet after 'Z' or 'z'): plant or
 * take out a breakpoint or watchpoint; "OK", "E01", or "" for a type we do
 * not support. */
void gdbp_cmd_breakpoint(struct gdbp_session *s, bool insert, const uint8_t *p,
                         const uint8_t *end, struct gdbp_reply *r);

/* BUF holds LEN guest bytes read from ADDR: put back the guest's own bytes
 * where our int3s are (planted through any alias), so gdb never sees them. */
void gdbp_hide_swbps(struct gdbp_session *s, uint64_t addr, uint8_t *buf,
                     size_t len);

/* DATA (LEN bytes) was just written at ADDR: the int3s in that range are
 * planted again over the new bytes, which they will restore. */
void gdbp_replant_swbps(struct gdbp_session *s, uint64_t addr,
                        const uint8_t *data, size_t len);

/* Take out every planted int3 (detach, end of session). */
void gdbp_remove_all(struct gdbp_session *s);

/* The target description for gdb (qXfer:features:read:target.xml). */
const char *gdbp_target_xml(bool i8086);

/* Parsing helpers shared by gdb_packet.c and gdb_proto.c. */
int gdbp_hexval(uint8_t c);                       /* -1 if C is no hex digit */
/* A hex number of 1 to 16 digits at *P, advancing *P. */
bool gdbp_parse_num(const uint8_t **p, const uint8_t *end, uint64_t *out);
/* Whether *P is C; if so, advance *P past it. */
bool gdbp_expect(const uint8_t **p, const uint8_t *end, uint8_t c);
/* NBYTES bytes from exactly 2*NBYTES hex digits at P. */
bool gdbp_parse_hexbytes(const uint8_t *p, size_t nbytes, uint8_t *out);
/* Whether [P, END) is exactly the text S. */
bool gdbp_is(const uint8_t *p, const uint8_t *end, const char *s);
/* Whether [P, END) starts with S; if so, advance *P past it. */
bool gdbp_starts(const uint8_t **p, const uint8_t *end, const char *s);
/* Append V as 8 hex digits, little-endian (a 32-bit register). */
void gdbp_reply_u32(struct gdbp_reply *r, uint32_t v);

#endif
