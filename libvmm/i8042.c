/* i8042.c: the i8042 keyboard controller, its keyboard and a still AUX mouse as a pure model: status, data, controller, keyboard and mouse commands, console bytes to scan-code set 1. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "i8042.h"

/* Set-1 codes of the keys used below (IBM PC/AT keyboard, translated). */
#define SC_ESC    0x01
#define SC_BKSP   0x0E
#define SC_TAB    0x0F
#define SC_ENTER  0x1C
#define SC_CTRL   0x1D
#define SC_LSHIFT 0x2A
#define SC_SPACE  0x39
#define SC_EXT    0xE0   /* prefix of the grey arrow keys */
#define SC_BREAK  0x80   /* a key's release: its make code with bit 7 */

/* Keyboard replies. */
#define KBD_ACK   0xFA
#define KBD_BAT_OK 0xAA
#define KBD_ECHO  0xEE
#define AUX_RESEND 0xFE  /* a mouse's answer to a command it does not know */

/* A mouse's settings after power-on and after 0xF6/0xFF: 100 samples a
 * second, 4 counts per mm, scaling 1:1, stream mode, not reporting. */
#define MOUSE_RATE 100
#define MOUSE_RES  2

/* The keys of the US layout's main block, by what they type unshifted and
 * shifted; the position in each string is not the code, KEY_CODES is. */
static const char unshifted[] = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./ ";
static const char shifted[]   = "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>? ";
static const uint8_t key_codes[] = {
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B,
	0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
	0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
	SC_SPACE,
};

_Static_assert(sizeof(unshifted) - 1 == sizeof(key_codes), "one code per key");
_Static_assert(sizeof(shifted) - 1 == sizeof(key_codes), "one code per key");

uint8_t i8042_scancode(uint8_t c, uint8_t *modifier)
{
	const char *p;

	*modifier = 0;
	switch (c) {
	case '\n': case '\r': return SC_ENTER;
	case '\b': case 0x7F: return SC_BKSP;
	case '\t': return SC_TAB;
	case 0x1B: return SC_ESC;
	case 0: return 0;  /* memchr below would find the strings' end */
	}
	/* Ctrl-A to Ctrl-Z (those not taken above): Ctrl with the letter. */
	if (c <= 0x1A) {
		*modifier = SC_CTRL;
		return key_codes[strchr(unshifted, 'a' + c - 1) - unshifted];
	}
	if ((p = memchr(unshifted, c, sizeof(unshifted) - 1)))
		return key_codes[p - unshifted];
	if ((p = memchr(shifted, c, sizeof(shifted) - 1))) {
		*modifier = SC_LSHIFT;
		return key_codes[p - shifted];
	}
	return 0;
}

void i8042_init(struct i8042 *k)
{
	memset(k, 0, sizeof(*k));
	k->cmd_byte = I8042_CB_XLATE | I8042_CB_SYS | I8042_CB_KBD_INT;
	/* As QEMU's: not in reset (bit 0), A20 on (bit 1), the keyboard's
	 * clock and data lines high. */
	k->out_port = I8042_OUT_RESET | I8042_OUT_A20 | 0xCC;
	k->scanning = true;
	k->mouse_rate = MOUSE_RATE;
	k->mouse_res = MOUSE_RES;
}

/* Move the next byte into an empty output buffer: replies first, then scan
 * codes while the keyboard interface and the keyboard are enabled. */
static void refill(struct i8042 *k)
{
	if (k->obf)
		return;
	if (k->reply_count) {
		k->out = k->reply[k->reply_head];
		k->out_from_kbd = k->reply_src[k->reply_head] == I8042_SRC_KBD;
		k->out_from_aux = k->reply_src[k->reply_head] == I8042_SRC_AUX;
		k->reply_head = (k->reply_head + 1) % I8042_REPLIES;
		k->reply_count--;
		k->obf = true;
		return;
	}
	if (k->count && k->scanning && !(k->cmd_byte & I8042_CB_KBD_OFF)) {
		k->out = k->queue[k->head];
		k->head = (k->head + 1) % I8042_QUEUE;
		k->count--;
		k->out_from_kbd = true;
		k->out_from_aux = false;
		k->obf = true;
	}
}

static void reply(struct i8042 *k, uint8_t v, enum i8042_source src)
{
	if (k->reply_count == I8042_REPLIES) {
		k->dropped++;
		return;
	}
	unsigned i = (k->reply_head + k->reply_count) % I8042_REPLIES;
	k->reply[i] = v;
	k->reply_src[i] = (uint8_t)src;
	k->reply_count++;
	refill(k);
}

/* A byte sent to the keyboard (a 0x60 write with no controller command
 * waiting). Every command is acknowledged; those with an argument take
 * the next byte. */
static void keyboard_write(struct i8042 *k, uint8_t v)
{
	if (k->kbd_pending) {
		k->kbd_pending = 0;
		reply(k, KBD_ACK, I8042_SRC_KBD);
		return;
	}
	switch (v) {
	case 0xEE:               /* echo */
		reply(k, KBD_ECHO, I8042_SRC_KBD);
		return;
	case 0xED:               /* LEDs */
	case 0xF0:               /* scan-code set: set 1 after translation, whatever is asked */
	case 0xF3:               /* typematic rate */
		k->kbd_pending = v;
		break;
	case 0xF2:               /* identify: an MF2 keyboard, as translated */
		reply(k, KBD_ACK, I8042_SRC_KBD);
		reply(k, 0xAB, I8042_SRC_KBD);
		reply(k, 0x41, I8042_SRC_KBD);
		return;
	case 0xF4:
		k->scanning = true;
		break;
	case 0xF5:               /* disable: also clears the keyboard's buffer */
		k->scanning = false;
		k->count = 0;
		break;
	case 0xFF:               /* reset: clears the buffer, passes its self-test */
		k->count = 0;
		k->scanning = true;
		reply(k, KBD_ACK, I8042_SRC_KBD);
		reply(k, KBD_BAT_OK, I8042_SRC_KBD);
		return;
	}
	reply(k, KBD_ACK, I8042_SRC_KBD);
}

static void mouse_defaults(struct i8042 *k)
{
	k->mouse_rate = MOUSE_RATE;
	k->mouse_res = MOUSE_RES;
	k->mouse_scale21 = false;
	k->mouse_on = false;
}

/* A byte for the mouse (0xD4 then a 0x60 write). It never moves, so
 * enabling it (0xF4) only changes what 0xE9 reports. */
static void mouse_write(struct i8042 *k, uint8_t v)
{
	uint8_t cmd = k->mouse_pending;

	k->mouse_pending = 0;
	if (cmd == 0xF3)
		k->mouse_rate = v;
	if (cmd == 0xE8)
		k->mouse_res = v & 3;
	if (cmd) {
		reply(k, KBD_ACK, I8042_SRC_AUX);
		return;
	}
	switch (v) {
	case 0xFF:               /* reset: passes its self-test, ID 0 (a plain mouse) */
		mouse_defaults(k);
		reply(k, KBD_ACK, I8042_SRC_AUX);
		reply(k, KBD_BAT_OK, I8042_SRC_AUX);
		reply(k, 0x00, I8042_SRC_AUX);
		return;
	case 0xF2:               /* identify */
		reply(k, KBD_ACK, I8042_SRC_AUX);
		reply(k, 0x00, I8042_SRC_AUX);
		return;
	case 0xE9:               /* status: mode and buttons, resolution, rate */
		reply(k, KBD_ACK, I8042_SRC_AUX);
		reply(k, (uint8_t)((k->mouse_on ? 0x20 : 0) |
		                   (k->mouse_scale21 ? 0x10 : 0)), I8042_SRC_AUX);
		reply(k, k->mouse_res, I8042_SRC_AUX);
		reply(k, k->mouse_rate, I8042_SRC_AUX);
		return;
	case 0xF3: case 0xE8:    /* sample rate, resolution: an argument follows */
		k->mouse_pending = v;
		break;
	case 0xF4: k->mouse_on = true; break;
	case 0xF5: k->mouse_on = false; break;
	case 0xF6: mouse_defaults(k); break;
	case 0xE6: k->mouse_scale21 = false; break;
	case 0xE7: k->mouse_scale21 = true; break;
	case 0xEA: case 0xF0:    /* stream, remote mode: the same when still */
		break;
	default:
		reply(k, AUX_RESEND, I8042_SRC_AUX);
		return;
	}
	reply(k, KBD_ACK, I8042_SRC_AUX);
}

static void data_write(struct i8042 *k, uint8_t v)
{
	uint8_t cmd = k->pending;

	k->pending = 0;
	switch (cmd) {
	case 0x60:
		k->cmd_byte = v;
		refill(k);   /* re-enabling the interface lets codes through */
		return;
	case 0xD1:
		/* Bit 0 low holds the CPU in reset: that is a request; the
		 * line itself reads high again. Bit 1 (A20) reads back as
		 * written, though memory never wraps at 1 MiB here. */
		if (!(v & I8042_OUT_RESET))
			k->reset_requested = true;
		k->out_port = v | I8042_OUT_RESET;
		return;
	case 0xD2:               /* as if the keyboard sent V */
		reply(k, v, I8042_SRC_KBD);
		return;
	case 0xD3:               /* as if the mouse sent V: Linux's AUX loopback test */
		reply(k, v, I8042_SRC_AUX);
		return;
	case 0xD4:
		mouse_write(k, v);
		return;
	}
	keyboard_write(k, v);
}

static void command(struct i8042 *k, uint8_t v)
{
	k->pending = 0;
	switch (v) {
	case 0x20:
		reply(k, k->cmd_byte, I8042_SRC_CTRL);
		break;
	case 0x60: case 0xD1: case 0xD2: case 0xD3: case 0xD4:
		k->pending = v;
		break;
	case 0xA7: k->cmd_byte |= I8042_CB_AUX_OFF; break;
	case 0xA8: k->cmd_byte &= ~I8042_CB_AUX_OFF; break;
	case 0xA9: reply(k, 0x00, I8042_SRC_CTRL); break;   /* AUX interface test: passed */
	case 0xAA:
		k->cmd_byte |= I8042_CB_SYS;
		reply(k, 0x55, I8042_SRC_CTRL);
		break;
	case 0xAB: reply(k, 0x00, I8042_SRC_CTRL); break;   /* keyboard interface test: passed */
	case 0xAD: k->cmd_byte |= I8042_CB_KBD_OFF; break;
	case 0xAE:
		k->cmd_byte &= ~I8042_CB_KBD_OFF;
		refill(k);
		break;
	case 0xD0: reply(k, k->out_port, I8042_SRC_CTRL); break;
	case 0xDD: k->out_port &= (uint8_t)~I8042_OUT_A20; break;  /* A20 off, as some controllers do */
	case 0xDF: k->out_port |= I8042_OUT_A20; break;
	default:
		/* 0xF0-0xFF pulse output bits 0-3 low: bit 0 is the CPU's reset
		 * (0xFE, the usual "reboot"); the others are not wired. */
		if (v >= 0xF0 && !(v & I8042_OUT_RESET))
			k->reset_requested = true;
		break;
	}
}

void i8042_access(struct i8042 *k, uint16_t port, bool is_write, uint8_t *val)
{
	if (port == 0x64) {
		if (is_write) {
			k->last_was_cmd = true;
			command(k, *val);
		} else {
			*val = (k->obf ? I8042_STR_OBF : 0) |
			       (k->cmd_byte & I8042_CB_SYS ? I8042_STR_SYS : 0) |
			       (k->last_was_cmd ? I8042_STR_CMD : 0) |
			       (k->obf && k->out_from_aux ? I8042_STR_AUXDATA : 0) |
			       I8042_STR_UNLOCKED;
		}
		return;
	}
	if (is_write) {
		k->last_was_cmd = false;
		data_write(k, *val);
		return;
	}
	/* Reading an empty buffer gives the last byte again, as hardware does. */
	*val = k->out;
	k->obf = false;
	refill(k);
}

bool i8042_input_room(const struct i8042 *k)
{
	return I8042_QUEUE - k->count >= I8042_INPUT_WORST;
}

static void push(struct i8042 *k, uint8_t code)
{
	if (k->count == I8042_QUEUE)
		return;   /* callers check i8042_input_room(): cannot happen */
	k->queue[(k->head + k->count) % I8042_QUEUE] = code;
	k->count++;
}

/* A key typed: modifier down, key down, key up, modifier up. */
static void type(struct i8042 *k, uint8_t c)
{
	uint8_t mod, code = i8042_scancode(c, &mod);

	if (!code || !k->scanning)
		return;
	if (mod)
		push(k, mod);
	push(k, code);
	push(k, code | SC_BREAK);
	if (mod)
		push(k, mod | SC_BREAK);
	refill(k);
}

static void arrow(struct i8042 *k, uint8_t code)
{
	if (!k->scanning)
		return;
	push(k, SC_EXT);
	push(k, code);
	push(k, SC_EXT);
	push(k, code | SC_BREAK);
	refill(k);
}

void i8042_input(struct i8042 *k, uint8_t byte)
{
	if (!i8042_input_room(k))
		return;
	switch (k->esc) {
	case 1:
		if (byte == '[') {
			k->esc = 2;
			return;
		}
		k->esc = 0;
		type(k, 0x1B);
		break;
	case 2:
		k->esc = 0;
		switch (byte) {
		case 'A': arrow(k, 0x48); return;
		case 'B': arrow(k, 0x50); return;
		case 'C': arrow(k, 0x4D); return;
		case 'D': arrow(k, 0x4B); return;
		}
		type(k, 0x1B);
		type(k, '[');
		break;
	}
	if (byte == 0x1B) {
		k->esc = 1;
		return;
	}
	type(k, byte);
}

void i8042_input_idle(struct i8042 *k)
{
	uint8_t esc = k->esc;

	k->esc = 0;
	if (esc >= 1)
		type(k, 0x1B);
	if (esc == 2)
		type(k, '[');
}

bool i8042_wants_input(const struct i8042 *k)
{
	return !k->obf && !k->count && !k->reply_count;
}

bool i8042_irq(const struct i8042 *k)
{
	return k->obf && k->out_from_kbd && (k->cmd_byte & I8042_CB_KBD_INT);
}

bool i8042_irq12(const struct i8042 *k)
{
	return k->obf && k->out_from_aux && (k->cmd_byte & I8042_CB_AUX_INT);
}
