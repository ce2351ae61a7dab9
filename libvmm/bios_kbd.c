/* bios_kbd.c: int 16h: keys from the console's input (stdin), with the scan codes a PC keyboard would give. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "internal.h"
#include "bios.h"

/*
 * Input bytes stand for key presses on a US keyboard. An LF is the Enter
 * key (a terminal in raw mode sends CR, a pipe's lines end in LF; a PC's
 * Enter gives CR 0Dh). Bytes with no key of their own (above 7Fh) come with
 * scan code 0. At the end of input, no more keys will ever be pressed: a
 * read waits (for the --timeout or a signal), as on a PC nobody types at.
 */

/* Scan codes of the printable characters 20h-7Eh, US layout. */
static const uint8_t scan_printable[95] = {
	0x39, 0x02, 0x28, 0x04, 0x05, 0x06, 0x08, 0x28,  /*  !"#$%&' */
	0x0A, 0x0B, 0x09, 0x0D, 0x33, 0x0C, 0x34, 0x35,  /* ()*+,-./ */
	0x0B, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  /* 01234567 */
	0x09, 0x0A, 0x27, 0x27, 0x33, 0x0D, 0x34, 0x35,  /* 89:;<=>? */
	0x03, 0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22,  /* @ABCDEFG */
	0x23, 0x17, 0x24, 0x25, 0x26, 0x32, 0x31, 0x18,  /* HIJKLMNO */
	0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11,  /* PQRSTUVW */
	0x2D, 0x15, 0x2C, 0x1A, 0x2B, 0x1B, 0x07, 0x0C,  /* XYZ[\]^_ */
	0x29, 0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22,  /* `abcdefg */
	0x23, 0x17, 0x24, 0x25, 0x26, 0x32, 0x31, 0x18,  /* hijklmno */
	0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11,  /* pqrstuvw */
	0x2D, 0x15, 0x2C, 0x1A, 0x2B, 0x1B, 0x29,        /* xyz{|}~ */
};

uint16_t bios_key_of_byte(uint8_t c)
{
	switch (c) {
	case '\n':
	case '\r':
		return 0x1C0D;
	case '\b':
		return 0x0E08;
	case '\t':
		return 0x0F09;
	case 0x1B:
		return 0x011B;
	case 0x7F:   /* what terminals send for Backspace */
		return 0x0E08;
	}
	if (c >= 0x20 && c <= 0x7E)
		return (uint16_t)(scan_printable[c - 0x20] << 8 | c);
	/* Ctrl-A..Ctrl-Z: the letter's key. */
	if (c >= 0x01 && c <= 0x1A)
		return (uint16_t)(scan_printable['a' - 0x20 + c - 1] << 8 | c);
	return c;
}

/* The next key: 0 and *KEY, or VCPU_INPUT_STOPPED/FAILED. */
static int next_key(struct bios_call *c, uint16_t *key)
{
	struct bios *b = c->bios;
	int ch;

	if (b->key >= 0) {
		*key = (uint16_t)b->key;
		b->key = -1;
		return 0;
	}
	if (!b->input_ended) {
		ch = vcpu_wait_input(c->vcpu);
		if (ch >= 0) {
			*key = bios_key_of_byte((uint8_t)ch);
			return 0;
		}
		if (ch != VCPU_INPUT_END)
			return ch;
		b->input_ended = true;
	}
	ch = vcpu_sleep(c->vcpu, -1);
	return ch == 0 ? VCPU_INPUT_STOPPED : ch;
}

/* AH=01h: a key read ahead when one is there, without waiting. */
static bool peek_key(struct bios_call *c)
{
	struct bios *b = c->bios;
	const struct vmm_console_ops *con = vmm_vcpu_console(c->vcpu);
	int ch;

	if (b->key >= 0 || b->input_ended)
		return b->key >= 0;
	if (!con->input_ready || !con->input_ready(con->opaque))
		return false;
	ch = vcpu_wait_input(c->vcpu);
	if (ch >= 0)
		b->key = bios_key_of_byte((uint8_t)ch);
	else if (ch == VCPU_INPUT_END)
		b->input_ended = true;
	return b->key >= 0;
}

int bios_keyboard(struct bios_call *c)
{
	struct kvm_regs *r = c->regs;
	uint16_t key;
	int st;

	switch (bios_ah(c)) {
	case 0x00:
	case 0x10:
		st = next_key(c, &key);
		if (st == VCPU_INPUT_FAILED)
			return -1;
		if (st == 0)
			bios_set16(&r->rax, key);
		break;
	case 0x01:
	case 0x11:
		c->set_zf = true;
		c->zf = !peek_key(c);
		if (!c->zf)
			bios_set16(&r->rax, (uint16_t)c->bios->key);
		break;
	case 0x02:
	case 0x12:
		bios_set8(&r->rax, 0, c->bios->ram[BDA_KBD_FLAGS]);
		if (bios_ah(c) == 0x12)
			bios_set8(&r->rax, 8, 0);
		break;
	default:
		bios_unknown(c);
		break;
	}
	return 0;
}
