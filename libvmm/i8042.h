/* i8042.h: the PC's i8042 keyboard controller (ports 0x60/0x64), a keyboard turning console bytes into scan-code set 1 and a still PS/2 mouse on the AUX port, as a pure model (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_I8042_H
#define VMM_I8042_H

#include <stdbool.h>
#include <stdint.h>

/*
 * No KVM, no console, no lock: the port device (dev_kbd.c) serialises the
 * calls, feeds console bytes in with i8042_input() only while
 * i8042_input_room() says so (so a flood of input waits in the host's
 * pipe, not here), and turns i8042_irq() into IRQ1's level and
 * i8042_irq12() into IRQ12's. The unit tests and the fuzzer drive it
 * directly.
 *
 * The AUX port has a PS/2 mouse that answers its commands (what Linux's
 * i8042 and psmouse drivers probe) but never moves: no console byte
 * becomes mouse data.
 */

/* Status register bits (port 0x64 reads). */
#define I8042_STR_OBF   0x01   /* output buffer full: port 0x60 has a byte */
#define I8042_STR_IBF   0x02   /* input buffer full: never, writes are taken at once */
#define I8042_STR_SYS   0x04   /* system flag, from the command byte */
#define I8042_STR_CMD   0x08   /* the last write was to 0x64 (a command) */
#define I8042_STR_UNLOCKED 0x10 /* keyboard not inhibited by the key lock */
#define I8042_STR_AUXDATA 0x20 /* the output buffer's byte is from the AUX port */

/* Output port bits (commands 0xD0/0xD1). */
#define I8042_OUT_RESET 0x01   /* low: the CPU is held in reset */
#define I8042_OUT_A20   0x02   /* the A20 gate */

/* Command byte bits (commands 0x20/0x60). */
#define I8042_CB_KBD_INT  0x01  /* raise IRQ1 when a keyboard byte arrives */
#define I8042_CB_AUX_INT  0x02  /* raise IRQ12 when an AUX byte arrives */
#define I8042_CB_SYS      0x04
#define I8042_CB_KBD_OFF  0x10  /* keyboard interface disabled (0xAD/0xAE) */
#define I8042_CB_AUX_OFF  0x20  /* aux interface disabled (0xA7/0xA8) */
#define I8042_CB_XLATE    0x40  /* set-2 to set-1 translation: always in effect */

/* Scan codes waiting behind the output buffer. Input is taken only while
 * I8042_INPUT_WORST fit, the longest sequence one byte can make: a held
 * ESC [ that turns out not to be an arrow (Escape and '[', make and
 * break) followed by a shifted key (Shift and key, make and break). */
#define I8042_QUEUE 32
#define I8042_INPUT_WORST 8
#define I8042_REPLIES 8

/* Where the output buffer's byte came from. */
enum i8042_source {
	I8042_SRC_CTRL = 0,      /* the controller itself: no interrupt */
	I8042_SRC_KBD,           /* the keyboard (IRQ1) */
	I8042_SRC_AUX,           /* the AUX port (IRQ12, status bit 5) */
};

struct i8042 {
	uint8_t out;              /* the output buffer (port 0x60 reads) */
	bool obf;
	bool out_from_kbd;        /* OUT came from the keyboard: IRQ1 may announce it */
	bool out_from_aux;        /* OUT came from the AUX port: IRQ12 may announce it */
	uint8_t cmd_byte;
	uint8_t out_port;         /* 0xD0/0xD1 */
	bool reset_requested;     /* the guest pulled the CPU's reset line (0xFE, 0xD1): the port device takes it */
	bool last_was_cmd;        /* status bit 3 */
	uint8_t pending;          /* a controller command waiting for its data byte (0 none) */
	uint8_t kbd_pending;      /* a keyboard command waiting for its argument (0 none) */
	bool scanning;            /* the keyboard's own enable (0xF4/0xF5) */
	uint8_t esc;              /* ANSI parser: 0 idle, 1 after ESC, 2 after ESC [ */
	/* Controller and keyboard replies come before scan codes. */
	uint8_t reply[I8042_REPLIES];
	unsigned reply_head, reply_count;
	uint8_t reply_src[I8042_REPLIES];   /* enum i8042_source */
	/* The mouse: its own enable (0xF4/0xF5), settings reported by 0xE9,
	 * and a command waiting for its argument (0 none). */
	bool mouse_on, mouse_scale21;
	uint8_t mouse_rate, mouse_res, mouse_pending;
	uint8_t queue[I8042_QUEUE];
	unsigned head, count;
	uint64_t dropped;         /* replies lost to a full reply queue (a guest's flood of commands) */
};

/* As firmware leaves it: translation, system flag, keyboard interrupt
 * enabled in the command byte (the PIC still masks IRQ1 until the guest
 * unmasks it), keyboard scanning. */
void i8042_init(struct i8042 *k);

/* One byte access: PORT 0x60 (data) or 0x64 (status/command). */
void i8042_access(struct i8042 *k, uint16_t port, bool is_write, uint8_t *val);

/* Whether a console byte can be taken now (room for its longest sequence). */
bool i8042_input_room(const struct i8042 *k);

/* A console byte: its make/break codes join the queue. A lone ESC is held
 * until the next byte says whether it starts an arrow key's sequence (ESC
 * [ A-D); i8042_input_idle() lets it go when no byte follows. Bytes with no
 * key are dropped. Call only when i8042_input_room(). */
void i8042_input(struct i8042 *k, uint8_t byte);

/* No more console bytes for now: a held ESC (or ESC [) becomes the Escape
 * key (and '['). */
void i8042_input_idle(struct i8042 *k);

/* Whether the model waits for more input: nothing is queued or held, so
 * reading the console would not overtake anything. */
bool i8042_wants_input(const struct i8042 *k);

/* IRQ1's level: a keyboard byte in the output buffer with the command
 * byte's interrupt bit set. */
bool i8042_irq(const struct i8042 *k);

/* IRQ12's level: an AUX byte in the output buffer with the command
 * byte's AUX interrupt bit set. */
bool i8042_irq12(const struct i8042 *k);

/* The set-1 make code of the key for console byte C, and whether Shift
 * (or, for control bytes, Ctrl) goes with it; 0 for none. For tests. */
uint8_t i8042_scancode(uint8_t c, uint8_t *modifier);

#endif
