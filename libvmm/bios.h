/* bios.h: the PC BIOS of boot sectors (vmm-real --boot): state, the calls' context and the pure helpers (not installed). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_BIOS_H
#define VMM_BIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The ROM at VMM_BIOS_ROM_BASE holds one 4-byte stub per interrupt vector,
 * "out %al, $VMM_BIOS_PORT; iret; nop", and every IVT entry points at its
 * stub. The OUT is the one exit of a service: bios.c finds the vector from
 * where the OUT lies, and the services (bios_*.c) work on the vCPU's
 * registers. Flags a service returns (CF, ZF) are written into the FLAGS
 * the INT pushed, which the stub's IRET then restores for the caller.
 */
#define BIOS_STUB_SIZE     4u
#define BIOS_STUBS_END     (256u * BIOS_STUB_SIZE)
/* Data in the ROM, as offsets in segment F000. */
#define BIOS_ROM_CONFIG    0x0400u   /* int 15h AH=C0h system configuration */
#define BIOS_ROM_FDPT      0x0410u   /* diskette parameter table (int 1Eh) */
#define BIOS_ROM_PNP       0x0420u   /* PnP installation check ($PnP) */
#define BIOS_ROM_PNP_ENTRY 0x0450u   /* its entry points: "unsupported" */
#define BIOS_ROM_RESET     0xFFF0u   /* the reset vector: int 19h */

/* The BIOS data area (segment 0x40), as physical addresses. */
#define BDA_COM1           0x400u
#define BDA_EQUIPMENT      0x410u
#define BDA_MEMORY_KB      0x413u
#define BDA_KBD_FLAGS      0x417u
#define BDA_KBD_HEAD       0x41Au
#define BDA_KBD_TAIL       0x41Cu
#define BDA_FLOPPY_STATUS  0x441u
#define BDA_VIDEO_MODE     0x449u
#define BDA_VIDEO_COLS     0x44Au
#define BDA_VIDEO_PAGESIZE 0x44Cu
#define BDA_CURSOR_POS     0x450u   /* 8 pages of (column, row) */
#define BDA_CURSOR_SHAPE   0x460u
#define BDA_VIDEO_PAGE     0x462u
#define BDA_CRTC_PORT      0x463u
#define BDA_TICKS          0x46Cu
#define BDA_MIDNIGHT       0x470u
#define BDA_DISK_STATUS    0x474u
#define BDA_DISK_COUNT     0x475u
#define BDA_KBD_START      0x480u
#define BDA_KBD_END        0x482u
#define BDA_VIDEO_ROWS     0x484u   /* rows - 1 */
#define BDA_CHAR_HEIGHT    0x485u

/* The text screen: mode 3, 80 x 25 at 0xB8000. */
#define BIOS_TEXT_BASE     0xB8000u
#define BIOS_COLS          80u
#define BIOS_ROWS          25u
#define BIOS_ATTR          0x07u     /* light grey on black */

/* Int 13h status codes (AH) the disk services return. */
#define DISK_OK            0x00
#define DISK_EPARAM        0x01      /* bad function, count or drive */
#define DISK_EWRPROT       0x03      /* :ro */
#define DISK_ENOTFOUND     0x04      /* outside the image or geometry */
#define DISK_EBUFFER       0x09      /* the buffer is not guest RAM */
#define DISK_EIO           0x20      /* the host's read or write failed */
#define BIOS_EUNKNOWN      0x86      /* unknown service (all interrupts) */

/* Ticks of the PC's timer per day (1193182 Hz / 65536). */
#define BIOS_TICKS_PER_DAY 0x1800B0u

/* ---- bios_disk_decode.c: int 13h requests, pure (no KVM) ---- */

/* The image's geometry: CHS as int 13h shows it, and its real size. */
struct bios_geom {
	bool floppy;
	uint32_t cylinders, heads, sectors;   /* sectors per track */
	uint64_t total;                       /* sectors in the image */
};

/* Fill G for an image of BYTES bytes (a partial last sector counts). */
void bios_geom_init(struct bios_geom *g, uint64_t bytes, bool floppy);

/* A decoded transfer: COUNT sectors from LBA, to or from guest-linear
 * BUFFER (physical in real mode). */
struct bios_disk_req {
	uint64_t lba;
	uint32_t count;
	uint64_t buffer;
};

/* Largest transfer of one call: 128 sectors (64 KiB) for CHS, and the
 * 127 blocks EDD allows in a packet. */
#define BIOS_CHS_MAX       128u
#define BIOS_EDD_MAX       127u
/* An EDD disk address packet: 16 bytes, or 24 with a flat buffer. */
#define BIOS_PACKET_MIN    0x10u
#define BIOS_PACKET_FLAT   0x18u
/* AH=48h's result: the EDD 1.x drive parameters. */
#define BIOS_EDD_PARAMS    0x1Au

/*
 * AH=02h/03h: AL sectors at CX (cylinder, sector) and DH (head) to ES:BX.
 * DISK_OK and *REQ, or the status to return (nothing in *REQ is then
 * meaningful).
 */
uint8_t bios_decode_chs(const struct bios_geom *g, uint8_t count, uint16_t cx,
                        uint8_t dh, uint16_t es, uint16_t bx,
                        struct bios_disk_req *req);
/*
 * AH=42h/43h: the packet's LEN bytes at P (as many as could be read, at
 * most BIOS_PACKET_FLAT). DISK_OK and *REQ (count 0: nothing to do), or
 * the status.
 */
uint8_t bios_decode_packet(const struct bios_geom *g, const uint8_t *p,
                           size_t len, struct bios_disk_req *req);
/* AH=08h: CX (last cylinder, sectors per track) and DH (last head). */
void bios_disk_params(const struct bios_geom *g, uint16_t *cx, uint8_t *dh);
/* AH=48h: the BIOS_EDD_PARAMS bytes of the result into OUT. */
void bios_edd_params(const struct bios_geom *g, uint8_t out[BIOS_EDD_PARAMS]);

/* ---- bios_tty.c: the console model of bios_video.c, pure ---- */

/*
 * What has reached the console of the current screen line: the text, how
 * much of it was printed (LEN) and where the terminal's cursor is (TCOL).
 * The screen's cursor may be elsewhere (after a CR, a BS or AH=02h): the
 * next character is printed where the screen shows it, by moving the
 * terminal's cursor with backspaces or by reprinting what is there.
 */
struct bios_tty {
	uint8_t line[BIOS_COLS];
	unsigned len, tcol;
};
/* The most bytes one tty call emits. */
#define BIOS_TTY_MAX       (BIOS_COLS + 2)

void bios_tty_reset(struct bios_tty *t);
/* Character CH at column COL of the current line: the bytes to print go
 * to OUT (at most BIOS_TTY_MAX), their number is returned. */
size_t bios_tty_put(struct bios_tty *t, unsigned col, uint8_t ch, uint8_t *out);
/* The cursor leaves the line (LF, wrap, scroll): "\n", and a new line. */
size_t bios_tty_newline(struct bios_tty *t, uint8_t *out);

/* ---- bios_kbd.c, pure ---- */

/* The key (scan code << 8 | character) that input byte C stands for. */
uint16_t bios_key_of_byte(uint8_t c);

/* ---- bios_clock.c, pure ---- */

/* Timer ticks since midnight for SEC seconds and NSEC ns into the day. */
uint32_t bios_ticks(uint32_t sec, uint32_t nsec);
/* V (0-99) in BCD. */
uint8_t bios_bcd(unsigned v);

#ifdef VMM_INTERNAL_H
/* ---- The device (needs the library's internals) ---- */

struct bios {
	struct vmm_vm *vm;
	uint8_t *ram;             /* host address of physical 0 (RAM slot) */
	uint8_t *text;            /* host address of the text screen */
	int fd;                   /* the image: not closed here */
	bool read_only;
	uint8_t drive;            /* DL at boot: 0x80, or 0x00 (floppy) */
	struct bios_geom geom;
	bool wrote;               /* fsync at flush */
	bool write_failed;        /* a write failed: the flush reports it */
	char write_error[160];
	struct bios_tty tty;
	int key;                  /* a key read ahead by AH=01h, or -1 */
	bool input_ended;
	int64_t midnight;         /* epoch second of the last local midnight */
	uint8_t *sector_buf;      /* BIOS_CHS_MAX sectors */
};

/* One call: the vCPU's registers, and what goes back into FLAGS. */
struct bios_call {
	struct vmm_vcpu *vcpu;
	struct bios *bios;
	struct kvm_regs *regs;
	struct kvm_sregs *sregs;
	uint8_t vector;
	bool set_cf, cf, set_zf, zf;
};

static inline uint8_t bios_ah(const struct bios_call *c) { return (uint8_t)(c->regs->rax >> 8); }
static inline uint8_t bios_al(const struct bios_call *c) { return (uint8_t)c->regs->rax; }
static inline uint16_t bios_ax(const struct bios_call *c) { return (uint16_t)c->regs->rax; }
/* Replace 8 bits of a register at SHIFT (0: low byte, 8: high byte). */
static inline void bios_set8(__u64 *reg, unsigned shift, uint8_t v)
{
	*reg = (*reg & ~(0xFFull << shift)) | (uint64_t)v << shift;
}
static inline void bios_set16(__u64 *reg, uint16_t v)
{
	*reg = (*reg & ~0xFFFFull) | v;
}

/* bios.c: vmm_bios_attach() once the VM has its RAM, VGA window and ROM
 * slots (a test seam: fuzz/biosdev-fuzz.c makes them by hand). */
int bios_install(struct vmm_vm *vm, int fd, unsigned flags);
/* bios.c: CF = 0 (and AH = 0 when SET_AH). */
void bios_ok(struct bios_call *c, bool set_ah);
/* bios.c: CF = 1 and AH = STATUS. */
void bios_fail(struct bios_call *c, uint8_t status);
/* bios.c: an unknown service: CF = 1, AH = 86h, named under --trace. */
void bios_unknown(struct bios_call *c);
/* bios.c: one "bios: ..." line under --trace. */
void bios_trace(struct bios_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* bios.c: the guest's memory through the one translator: -1 unless all of
 * [LINEAR, LINEAR+LEN) is RAM (for writes: RAM below the ROM). */
int bios_read(struct bios_call *c, uint64_t linear, void *buf, uint64_t len);
int bios_write(struct bios_call *c, uint64_t linear, const void *buf, uint64_t len);
/* bios.c: a segment:offset as a linear address. */
static inline uint64_t bios_linear(uint16_t seg, uint16_t off)
{
	return ((uint64_t)seg << 4) + off;
}
/* bios.c: little-endian words of the BIOS data area and the ROM. */
uint16_t bios_get16(const struct bios *b, uint32_t addr);
void bios_put16(struct bios *b, uint32_t addr, uint16_t v);

/* The services, one file each; 0, or -1 when the VMM itself failed. */
int bios_video(struct bios_call *c);                  /* 10h */
int bios_disk(struct bios_call *c);                   /* 13h */
int bios_system(struct bios_call *c);                 /* 11h, 12h, 15h */
int bios_keyboard(struct bios_call *c);               /* 16h */
int bios_clock(struct bios_call *c);                  /* 1Ah */
/* bios_clock.c: bring the tick count at 0x46C up to the host clock. */
void bios_clock_update(struct bios *b);
/* bios_clock.c: int 15h AH=86h: wait CX:DX microseconds. */
int bios_wait(struct bios_call *c);
/* bios_video.c: end the console's current line if it has text (before a
 * message of the VMM's own). */
void bios_video_end_line(struct bios_call *c);
/* bios_disk.c: the flush of vmm_vm_flush(). */
int bios_disk_flush(void *opaque);
#endif

#endif
