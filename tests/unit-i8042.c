/* unit-i8042.c: Check tests of the i8042 keyboard controller model (libvmm/i8042.c: scan-code set 1 for console bytes, Shift, Ctrl, ANSI arrows, controller, keyboard and AUX mouse commands, status bits, IRQ1 and IRQ12, the bounded queue). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "i8042.h"

static void out(struct i8042 *k, uint16_t port, uint8_t v)
{
	i8042_access(k, port, true, &v);
}

static uint8_t in(struct i8042 *k, uint16_t port)
{
	uint8_t v = 0x5A;

	i8042_access(k, port, false, &v);
	return v;
}

/* Feed S, let a held ESC go, and drain the output buffer the way a polling
 * kernel does (status bit 0, then a data read) into GOT; the count. */
static size_t type_and_drain(struct i8042 *k, const char *s, uint8_t *got, size_t max)
{
	size_t n = 0;

	for (; *s; s++) {
		ck_assert(i8042_input_room(k));
		i8042_input(k, (uint8_t)*s);
	}
	i8042_input_idle(k);
	while (in(k, 0x64) & I8042_STR_OBF) {
		ck_assert_uint_lt(n, max);
		got[n++] = in(k, 0x60);
	}
	return n;
}

static void expect(const char *s, const uint8_t *want, size_t len)
{
	struct i8042 k;
	uint8_t got[64];
	size_t n;

	i8042_init(&k);
	n = type_and_drain(&k, s, got, sizeof(got));
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(got, want, len);
	ck_assert(i8042_wants_input(&k));
}

START_TEST(test_reset_state)
{
	struct i8042 k;

	i8042_init(&k);
	/* No byte, system flag, not inhibited; command byte as firmware leaves it. */
	ck_assert_uint_eq(in(&k, 0x64), 0x14);
	ck_assert(!i8042_irq(&k));
	out(&k, 0x64, 0x20);
	ck_assert_uint_eq(in(&k, 0x64), 0x1D);
	ck_assert(!i8042_irq(&k));   /* a controller reply raises no IRQ1 */
	ck_assert_uint_eq(in(&k, 0x60), 0x45);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
	ck_assert(i8042_wants_input(&k));
}
END_TEST

START_TEST(test_letters_digits)
{
	static const uint8_t want[] = {
		0x1E, 0x9E,              /* a */
		0x2C, 0xAC,              /* z */
		0x02, 0x82,              /* 1 */
		0x0B, 0x8B,              /* 0 */
		0x39, 0xB9,              /* space */
		0x1C, 0x9C,              /* \n: Enter */
		0x1C, 0x9C,              /* \r: Enter */
	};
	expect("az10 \n\r", want, sizeof(want));
}
END_TEST

START_TEST(test_shift)
{
	static const uint8_t want[] = {
		0x2A, 0x23, 0xA3, 0xAA,  /* H */
		0x2A, 0x02, 0x82, 0xAA,  /* ! */
		0x2A, 0x28, 0xA8, 0xAA,  /* " */
		0x2A, 0x35, 0xB5, 0xAA,  /* ? */
		0x2A, 0x2B, 0xAB, 0xAA,  /* | */
	};
	expect("H!\"?|", want, sizeof(want));
}
END_TEST

START_TEST(test_punctuation)
{
	static const uint8_t want[] = {
		0x0C, 0x8C, 0x0D, 0x8D, 0x1A, 0x9A, 0x1B, 0x9B, 0x27, 0xA7,
		0x28, 0xA8, 0x29, 0xA9, 0x2B, 0xAB, 0x33, 0xB3, 0x34, 0xB4,
		0x35, 0xB5,
	};
	expect("-=[];'`\\,./", want, sizeof(want));
}
END_TEST

START_TEST(test_control_keys)
{
	static const uint8_t want[] = {
		0x0E, 0x8E,              /* \b */
		0x0E, 0x8E,              /* DEL */
		0x0F, 0x8F,              /* tab */
		0x1D, 0x2E, 0xAE, 0x9D,  /* Ctrl-C */
	};
	expect("\b\x7f\t\x03", want, sizeof(want));
}
END_TEST

START_TEST(test_escape_and_arrows)
{
	static const uint8_t arrows[] = {
		0xE0, 0x48, 0xE0, 0xC8,  /* up */
		0xE0, 0x50, 0xE0, 0xD0,  /* down */
		0xE0, 0x4D, 0xE0, 0xCD,  /* right */
		0xE0, 0x4B, 0xE0, 0xCB,  /* left */
	};
	static const uint8_t esc_x[] = { 0x01, 0x81, 0x2D, 0xAD };
	static const uint8_t esc_bracket_z[] = {
		0x01, 0x81, 0x1A, 0x9A, 0x2A, 0x2C, 0xAC, 0xAA,
	};
	static const uint8_t lone_esc[] = { 0x01, 0x81 };
	static const uint8_t lone_csi[] = { 0x01, 0x81, 0x1A, 0x9A };

	expect("\x1b[A\x1b[B\x1b[C\x1b[D", arrows, sizeof(arrows));
	expect("\x1bx", esc_x, sizeof(esc_x));
	expect("\x1b[Z", esc_bracket_z, sizeof(esc_bracket_z));
	expect("\x1b", lone_esc, sizeof(lone_esc));
	expect("\x1b[", lone_csi, sizeof(lone_csi));
}
END_TEST

START_TEST(test_no_key)
{
	/* NUL and bytes above 0x7F have no key: dropped. */
	static const uint8_t want[] = { 0x1E, 0x9E };
	expect("\x80\xff" "a", want, sizeof(want));
}
END_TEST

START_TEST(test_irq_follows_command_byte)
{
	struct i8042 k;

	i8042_init(&k);
	i8042_input(&k, 'a');
	ck_assert(i8042_irq(&k));
	/* Interrupt bit off: the byte waits, polling still sees it. */
	out(&k, 0x64, 0x60);
	out(&k, 0x60, 0x44);
	ck_assert(!i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 1);
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
	ck_assert(!i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0x9E);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
	/* Back on: each byte raises the line again after the read lowers it. */
	out(&k, 0x64, 0x60);
	out(&k, 0x60, 0x45);
	i8042_input(&k, 'b');
	ck_assert(i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0x30);
	ck_assert(i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0xB0);
	ck_assert(!i8042_irq(&k));
	/* An empty buffer reads the last byte again. */
	ck_assert_uint_eq(in(&k, 0x60), 0xB0);
}
END_TEST

START_TEST(test_disable_enable)
{
	struct i8042 k;

	i8042_init(&k);
	out(&k, 0x64, 0xAD);
	ck_assert_uint_eq(in(&k, 0x64), 0x1C);   /* command flag: last write to 0x64 */
	i8042_input(&k, 'a');
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
	ck_assert(!i8042_irq(&k));
	ck_assert(!i8042_wants_input(&k));       /* held codes: read no more */
	out(&k, 0x64, 0x20);
	ck_assert_uint_eq(in(&k, 0x60), 0x55);   /* 0x45 | disabled */
	out(&k, 0x64, 0xAE);
	ck_assert(i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
	ck_assert_uint_eq(in(&k, 0x60), 0x9E);
}
END_TEST

START_TEST(test_self_tests)
{
	struct i8042 k;

	i8042_init(&k);
	out(&k, 0x64, 0xAA);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 1);
	ck_assert(!i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0x55);
	out(&k, 0x64, 0xAB);
	ck_assert_uint_eq(in(&k, 0x60), 0x00);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
}
END_TEST

/* The output port: A20 as tutorials turn it on, and the CPU's reset line
 * as a request the port device takes. */
START_TEST(test_output_port)
{
	struct i8042 k;

	i8042_init(&k);
	out(&k, 0x64, 0xD0);
	ck_assert_uint_eq(in(&k, 0x60), 0xCF);   /* as QEMU's: A20 on */
	out(&k, 0x64, 0xDD);
	out(&k, 0x64, 0xD0);
	ck_assert_uint_eq(in(&k, 0x60), 0xCD);
	out(&k, 0x64, 0xDF);
	out(&k, 0x64, 0xD1);
	out(&k, 0x60, 0x03);
	out(&k, 0x64, 0xD0);
	ck_assert_uint_eq(in(&k, 0x60), 0x03);
	ck_assert(!k.reset_requested);
	/* Bit 0 low is a reset; the line reads high again. */
	out(&k, 0x64, 0xD1);
	out(&k, 0x60, 0x02);
	ck_assert(k.reset_requested);
	k.reset_requested = false;
	out(&k, 0x64, 0xD0);
	ck_assert_uint_eq(in(&k, 0x60), 0x03);
	/* Pulses: 0xFE (and any even 0xF0-0xFE) resets, odd ones do not. */
	out(&k, 0x64, 0xFF);
	out(&k, 0x64, 0xF1);
	ck_assert(!k.reset_requested);
	out(&k, 0x64, 0xFE);
	ck_assert(k.reset_requested);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
}
END_TEST

START_TEST(test_keyboard_commands)
{
	struct i8042 k;

	i8042_init(&k);
	out(&k, 0x60, 0xFF);                    /* reset */
	ck_assert(i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	ck_assert_uint_eq(in(&k, 0x60), 0xAA);
	out(&k, 0x60, 0xED);                    /* LEDs and their argument */
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	out(&k, 0x60, 0x07);
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	out(&k, 0x60, 0xEE);
	ck_assert_uint_eq(in(&k, 0x60), 0xEE);
	out(&k, 0x60, 0xF2);
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	ck_assert_uint_eq(in(&k, 0x60), 0xAB);
	ck_assert_uint_eq(in(&k, 0x60), 0x41);
	/* Scanning off: typed keys are not kept. */
	out(&k, 0x60, 0xF5);
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	i8042_input(&k, 'a');
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_OBF, 0);
	out(&k, 0x60, 0xF4);
	ck_assert_uint_eq(in(&k, 0x60), 0xFA);
	i8042_input(&k, 'a');
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
}
END_TEST

START_TEST(test_replies_before_codes)
{
	struct i8042 k;

	i8042_init(&k);
	i8042_input(&k, 'a');                   /* 0x1E in the buffer, 0x9E queued */
	out(&k, 0x64, 0xAA);
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
	ck_assert_uint_eq(in(&k, 0x60), 0x55);
	ck_assert_uint_eq(in(&k, 0x60), 0x9E);
}
END_TEST

START_TEST(test_bounded)
{
	struct i8042 k;
	unsigned taken = 0;

	i8042_init(&k);
	/* A flood: the model takes bytes only while a worst case fits. */
	while (i8042_input_room(&k)) {
		i8042_input(&k, 'A');
		taken++;
		ck_assert_uint_le(taken, I8042_QUEUE);
	}
	ck_assert_uint_le(k.count, I8042_QUEUE);
	ck_assert_uint_gt(taken, 0);
	/* Ignored when there is no room, not queued past the end. */
	i8042_input(&k, 'A');
	ck_assert_uint_le(k.count, I8042_QUEUE);
	/* Draining makes room again. */
	for (int i = 0; i < 8; i++)
		(void)in(&k, 0x60);
	ck_assert(i8042_input_room(&k));
	/* Replies never grow past theirs either. */
	for (int i = 0; i < 100; i++)
		out(&k, 0x64, 0xAA);
	ck_assert_uint_le(k.reply_count, I8042_REPLIES);
}
END_TEST

/* Linux's i8042_check_aux(), in the order it probes: the AUX loopback
 * (0xD3) with the port still disabled, the enable/disable bits in the
 * command byte, then the loopback again with the AUX interrupt on,
 * which must come as IRQ12 with status bit 5. */
START_TEST(test_aux_linux_probe)
{
	struct i8042 k;

	i8042_init(&k);
	out(&k, 0x64, 0x60);
	out(&k, 0x60, 0x74);                    /* XLATE, AUX and KBD off, SYS */
	out(&k, 0x64, 0xD3);
	out(&k, 0x60, 0x5A);
	ck_assert_uint_eq(in(&k, 0x64) & (I8042_STR_OBF | I8042_STR_AUXDATA), 0x21);
	ck_assert(!i8042_irq(&k) && !i8042_irq12(&k));   /* AUX interrupt off */
	ck_assert_uint_eq(in(&k, 0x60), 0x5A);
	ck_assert_uint_eq(in(&k, 0x64) & (I8042_STR_OBF | I8042_STR_AUXDATA), 0);
	out(&k, 0x64, 0xA9);
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_AUXDATA, 0);   /* the controller's */
	ck_assert_uint_eq(in(&k, 0x60), 0x00);
	out(&k, 0x64, 0xA8);
	out(&k, 0x64, 0x20);
	ck_assert_uint_eq(in(&k, 0x60) & I8042_CB_AUX_OFF, 0);
	out(&k, 0x64, 0xA7);
	out(&k, 0x64, 0x20);
	ck_assert_uint_eq(in(&k, 0x60) & I8042_CB_AUX_OFF, I8042_CB_AUX_OFF);
	out(&k, 0x64, 0x60);
	out(&k, 0x60, 0x47);                    /* both on, both interrupts */
	out(&k, 0x64, 0xD3);
	out(&k, 0x60, 0xA5);
	ck_assert(i8042_irq12(&k));
	ck_assert(!i8042_irq(&k));
	ck_assert_uint_eq(in(&k, 0x60), 0xA5);
	ck_assert(!i8042_irq12(&k));
	/* A keyboard byte is IRQ1's, not IRQ12's. */
	out(&k, 0x64, 0xD2);
	out(&k, 0x60, 0x1E);
	ck_assert(i8042_irq(&k) && !i8042_irq12(&k));
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_AUXDATA, 0);
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
}
END_TEST

/* Send V to the mouse and read N reply bytes, each with status bit 5. */
static void mouse(struct i8042 *k, uint8_t v, const uint8_t *want, size_t n)
{
	out(k, 0x64, 0xD4);
	out(k, 0x60, v);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(in(k, 0x64) & (I8042_STR_OBF | I8042_STR_AUXDATA), 0x21);
		ck_assert_uint_eq(in(k, 0x60), want[i]);
	}
	ck_assert_uint_eq(in(k, 0x64) & I8042_STR_OBF, 0);
}

START_TEST(test_aux_mouse)
{
	static const uint8_t ack[] = { 0xFA }, reset[] = { 0xFA, 0xAA, 0x00 },
		id[] = { 0xFA, 0x00 }, status0[] = { 0xFA, 0x00, 0x02, 100 },
		status1[] = { 0xFA, 0x30, 0x03, 40 }, resend[] = { 0xFE };
	struct i8042 k;

	i8042_init(&k);
	mouse(&k, 0xFF, reset, 3);
	mouse(&k, 0xF2, id, 2);
	mouse(&k, 0xE9, status0, 4);
	mouse(&k, 0xF3, ack, 1);                /* sample rate and its argument */
	mouse(&k, 40, ack, 1);
	mouse(&k, 0xE8, ack, 1);                /* resolution and its argument */
	mouse(&k, 3, ack, 1);
	mouse(&k, 0xE7, ack, 1);
	mouse(&k, 0xF4, ack, 1);
	mouse(&k, 0xE9, status1, 4);
	mouse(&k, 0xE6, ack, 1);
	mouse(&k, 0xF5, ack, 1);
	mouse(&k, 0xF6, ack, 1);                /* defaults again */
	mouse(&k, 0xE9, status0, 4);
	mouse(&k, 0x42, resend, 1);             /* not a command */
	/* Enabled, it still never moves: nothing comes unasked. */
	mouse(&k, 0xF4, ack, 1);
	i8042_input(&k, 'a');
	ck_assert_uint_eq(in(&k, 0x64) & I8042_STR_AUXDATA, 0);
	ck_assert_uint_eq(in(&k, 0x60), 0x1E);
}
END_TEST

static Suite *i8042_suite(void)
{
	Suite *s = suite_create("i8042");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_reset_state);
	tcase_add_test(tc, test_letters_digits);
	tcase_add_test(tc, test_shift);
	tcase_add_test(tc, test_punctuation);
	tcase_add_test(tc, test_control_keys);
	tcase_add_test(tc, test_escape_and_arrows);
	tcase_add_test(tc, test_no_key);
	tcase_add_test(tc, test_irq_follows_command_byte);
	tcase_add_test(tc, test_disable_enable);
	tcase_add_test(tc, test_self_tests);
	tcase_add_test(tc, test_output_port);
	tcase_add_test(tc, test_keyboard_commands);
	tcase_add_test(tc, test_replies_before_codes);
	tcase_add_test(tc, test_bounded);
	tcase_add_test(tc, test_aux_linux_probe);
	tcase_add_test(tc, test_aux_mouse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run_suite(i8042_suite());
}
