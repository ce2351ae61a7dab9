/* unit-pic.c: Check tests of the two cascaded 8259A PICs (libvmm/pic.c: initialisation, masks, EOIs, priorities, cascade, spurious IRQ7/15, poll) and of irq.c's timer lines and HLT decisions (no KVM). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check-main.h"
#include "internal.h"
#include "pic.h"

static void out(struct pic_pair *p, uint16_t port, uint8_t v)
{
	pic_access(p, port >= 0xA0, port & 1, true, &v);
}

static uint8_t in(struct pic_pair *p, uint16_t port)
{
	uint8_t v = 0x5A;

	pic_access(p, port >= 0xA0, port & 1, false, &v);
	return v;
}

/* What every tutorial does: ICW1-ICW4, vectors 0x20 and 0x28, then the
 * masks. */
static void remap(struct pic_pair *p, uint8_t mask1, uint8_t mask2)
{
	out(p, 0x20, 0x11);
	out(p, 0xA0, 0x11);
	out(p, 0x21, 0x20);
	out(p, 0xA1, 0x28);
	out(p, 0x21, 0x04);
	out(p, 0xA1, 0x02);
	out(p, 0x21, 0x01);
	out(p, 0xA1, 0x01);
	out(p, 0x21, mask1);
	out(p, 0xA1, mask2);
}

static void pulse(struct pic_pair *p, unsigned line)
{
	pic_set_line(p, line, true);
	pic_set_line(p, line, false);
}

/* Acknowledge and check the vector and line. */
static void ack(struct pic_pair *p, uint8_t vector, int line)
{
	int got;

	ck_assert(pic_output(p));
	ck_assert_int_eq(pic_acknowledge(p, &got), vector);
	ck_assert_int_eq(got, line);
}

START_TEST(test_reset_state)
{
	struct pic_pair p;

	pic_init(&p);
	/* As a BIOS leaves it: only the cascade open, vectors 0x08/0x70. */
	ck_assert_int_eq(in(&p, 0x21), 0xFB);
	ck_assert_int_eq(in(&p, 0xA1), 0xFF);
	pulse(&p, 0);
	ck_assert(!pic_output(&p));
	out(&p, 0x21, 0xFA);
	ack(&p, 0x08, 0);
	out(&p, 0x20, 0x20);
	out(&p, 0xA1, 0xFE);
	pulse(&p, 8);
	ack(&p, 0x70, 8);
}
END_TEST

START_TEST(test_remap_and_deliver)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	ck_assert(!pic_output(&p));
	pulse(&p, 0);
	ack(&p, 0x20, 0);
	/* In service: IRQ0 again is latched but waits for the EOI. */
	pulse(&p, 0);
	ck_assert(!pic_output(&p));
	out(&p, 0x20, 0x0B);                 /* OCW3: read ISR */
	ck_assert_int_eq(in(&p, 0x20), 0x01);
	out(&p, 0x20, 0x0A);                 /* read IRR */
	ck_assert_int_eq(in(&p, 0x20), 0x01);
	out(&p, 0x20, 0x20);                 /* non-specific EOI */
	ack(&p, 0x20, 0);
	out(&p, 0x20, 0x20);
	/* A slave line: the vector from 0x28, both chips in service. */
	pulse(&p, 14);
	ack(&p, 0x2E, 14);
	out(&p, 0x20, 0x0B);
	out(&p, 0xA0, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x04);
	ck_assert_int_eq(in(&p, 0xA0), 0x40);
	out(&p, 0xA0, 0x20);
	out(&p, 0x20, 0x20);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	ck_assert_int_eq(in(&p, 0xA0), 0x00);
	ck_assert(!pic_output(&p));
}
END_TEST

START_TEST(test_masks)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0xFE, 0xFF);               /* only IRQ0 */
	ck_assert_int_eq(in(&p, 0x21), 0xFE);
	pulse(&p, 1);
	pulse(&p, 9);
	ck_assert(!pic_output(&p));
	ck_assert(pic_line_enabled(&p, 0));
	ck_assert(!pic_line_enabled(&p, 1));
	ck_assert(!pic_line_enabled(&p, 9));
	/* Masked requests stay latched: unmasking delivers them. */
	out(&p, 0x21, 0xFC);
	ack(&p, 0x21, 1);
	out(&p, 0x20, 0x20);
	out(&p, 0xA1, 0xFD);                 /* IRQ9 open, but not the cascade */
	ck_assert(!pic_line_enabled(&p, 9));
	ck_assert(!pic_output(&p));
	out(&p, 0x21, 0xF8);
	ck_assert(pic_line_enabled(&p, 9));
	ack(&p, 0x29, 9);
	/* A masked line's edges do not pile up: one request, once. */
	out(&p, 0xA0, 0x20);
	out(&p, 0x20, 0x20);
	out(&p, 0x21, 0xFF);
	for (int i = 0; i < 1000; i++)
		pulse(&p, 0);
	out(&p, 0x21, 0xFE);
	ack(&p, 0x20, 0);
	out(&p, 0x20, 0x20);
	ck_assert(!pic_output(&p));
}
END_TEST

START_TEST(test_priority_and_nesting)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	/* IRQ3 and IRQ1 pending: IRQ1 first. */
	pulse(&p, 3);
	pulse(&p, 1);
	ack(&p, 0x21, 1);
	/* IRQ3 waits while IRQ1 is in service... */
	ck_assert(!pic_output(&p));
	/* ...but IRQ0 outranks it: nesting. */
	pulse(&p, 0);
	ack(&p, 0x20, 0);
	out(&p, 0x20, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x03);
	/* The non-specific EOI ends the highest in service: IRQ0. */
	out(&p, 0x20, 0x20);
	ck_assert_int_eq(in(&p, 0x20), 0x02);
	ck_assert(!pic_output(&p));
	out(&p, 0x20, 0x20);
	ack(&p, 0x23, 3);
	out(&p, 0x20, 0x20);
	/* Slave lines rank where IRQ2 does: above IRQ3, below IRQ1. */
	pulse(&p, 3);
	pulse(&p, 12);
	ack(&p, 0x2C, 12);
	pulse(&p, 1);
	ack(&p, 0x21, 1);
	out(&p, 0x20, 0x20);                 /* IRQ1 */
	out(&p, 0xA0, 0x20);
	out(&p, 0x20, 0x20);                 /* the cascade */
	ack(&p, 0x23, 3);
	out(&p, 0x20, 0x20);
	/* On the slave, IRQ8 before IRQ15. */
	pulse(&p, 15);
	pulse(&p, 8);
	ack(&p, 0x28, 8);
	out(&p, 0xA0, 0x20);
	out(&p, 0x20, 0x20);
	ack(&p, 0x2F, 15);
	out(&p, 0xA0, 0x20);
	out(&p, 0x20, 0x20);
	ck_assert(!pic_output(&p));
}
END_TEST

START_TEST(test_specific_eoi)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	pulse(&p, 4);
	ack(&p, 0x24, 4);
	pulse(&p, 0);
	ack(&p, 0x20, 0);
	/* A specific EOI of the lower-priority IRQ4 leaves IRQ0 in service. */
	out(&p, 0x20, 0x64);
	out(&p, 0x20, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x01);
	out(&p, 0x20, 0x60);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	/* An EOI of nothing in service changes nothing. */
	out(&p, 0x20, 0x20);
	out(&p, 0x20, 0x67);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
}
END_TEST

START_TEST(test_rotation)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	/* Rotate on non-specific EOI: IRQ0, once served, ranks last. */
	pulse(&p, 0);
	ack(&p, 0x20, 0);
	out(&p, 0x20, 0xA0);
	pulse(&p, 0);
	pulse(&p, 5);
	ack(&p, 0x25, 5);
	out(&p, 0x20, 0xE5);                 /* rotate on specific EOI 5 */
	ack(&p, 0x20, 0);
	out(&p, 0x20, 0x60);
	/* Set priority: IRQ7 lowest again (fixed priority). */
	out(&p, 0x20, 0xC7);
	pulse(&p, 6);
	pulse(&p, 1);
	ack(&p, 0x21, 1);
	out(&p, 0x20, 0x20);
	ack(&p, 0x26, 6);
	out(&p, 0x20, 0x20);
}
END_TEST

START_TEST(test_spurious)
{
	struct pic_pair p;
	int line = 99;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	/* Nothing to give at the acknowledge: the master's IR7 vector, and
	 * nothing in service (a handler must not EOI it). */
	ck_assert(!pic_output(&p));
	ck_assert_int_eq(pic_acknowledge(&p, &line), 0x27);
	ck_assert_int_eq(line, -1);
	out(&p, 0x20, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	/* A request masked away between INT and INTA: the same. */
	pulse(&p, 5);
	ck_assert(pic_output(&p));
	out(&p, 0x21, 0x20);
	ck_assert_int_eq(pic_acknowledge(&p, &line), 0x27);
	ck_assert_int_eq(line, -1);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	out(&p, 0x21, 0x00);
	ack(&p, 0x25, 5);
	out(&p, 0x20, 0x20);
	/* A real IRQ7 is not spurious: it goes in service. */
	pulse(&p, 7);
	ack(&p, 0x27, 7);
	ck_assert_int_eq(in(&p, 0x20), 0x80);
	out(&p, 0x20, 0x20);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
}
END_TEST

START_TEST(test_poll_and_aeoi)
{
	struct pic_pair p;

	pic_init(&p);
	remap(&p, 0x00, 0x00);
	out(&p, 0x20, 0x0C);                 /* poll */
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	pulse(&p, 3);
	out(&p, 0x20, 0x0C);
	ck_assert_int_eq(in(&p, 0x20), 0x83);
	out(&p, 0x20, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x08);
	out(&p, 0x20, 0x20);
	/* Automatic EOI: nothing stays in service. */
	out(&p, 0x20, 0x11);
	out(&p, 0x21, 0x20);
	out(&p, 0x21, 0x04);
	out(&p, 0x21, 0x03);
	ck_assert_int_eq(in(&p, 0x21), 0x00);  /* ICW1 cleared the mask */
	pulse(&p, 1);
	ack(&p, 0x21, 1);
	out(&p, 0x20, 0x0B);
	ck_assert_int_eq(in(&p, 0x20), 0x00);
	pulse(&p, 1);
	ack(&p, 0x21, 1);
}
END_TEST

START_TEST(test_init_sequence)
{
	struct pic_pair p;

	pic_init(&p);
	pulse(&p, 0);
	out(&p, 0x21, 0xFA);
	/* ICW1 forgets the latched request and waits for ICW2: no output
	 * mid-sequence, even with requests. */
	out(&p, 0x20, 0x11);
	ck_assert(!pic_output(&p));
	pulse(&p, 0);
	ck_assert(!pic_output(&p));
	out(&p, 0x21, 0x40);
	out(&p, 0x21, 0x04);
	out(&p, 0x21, 0x01);
	ack(&p, 0x40, 0);
	/* ICW2's low bits are not part of the base. */
	out(&p, 0x20, 0x11);
	out(&p, 0x21, 0x97);
	out(&p, 0x21, 0x04);
	out(&p, 0x21, 0x01);
	pulse(&p, 6);
	ack(&p, 0x96, 6);
	/* A level held high is one edge, not a stream. */
	out(&p, 0x20, 0x20);
	pic_set_line(&p, 4, true);
	pic_set_line(&p, 4, true);
	ack(&p, 0x94, 4);
	out(&p, 0x20, 0x20);
	ck_assert(!pic_output(&p));
	/* Out-of-range lines are ignored. */
	pic_set_line(&p, 16, true);
	pic_set_line(&p, 1000, true);
	ck_assert(!pic_output(&p));
	ck_assert(!pic_line_enabled(&p, 16));
}
END_TEST

/* ---- irq.c: what vCPU 0 sees of the PICs and the timer lines ---- */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A VM with the PICs and a vCPU 0 made by hand: no KVM, no host timer. */
static struct vmm_vm vm;
static struct vmm_vcpu vcpu;

static void vm_setup(uint8_t mask1)
{
	uint8_t v;

	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.thread = pthread_self();   /* the caller: no kick needed */
	ck_assert_int_eq(vm_irq_attach_pic(&vm), 0);
	vm.irq.target = &vcpu;
	remap(&vm.irq.pic, 0xFF, 0xFF);
	v = mask1;
	pic_access(&vm.irq.pic, 0, 1, true, &v);
}

START_TEST(test_timer_ticks_coalesce)
{
	uint64_t now = mono_ns(), period = 1000000;
	int line;

	vm_setup(0xFE);
	/* A 1 kHz timer whose first hundred ticks are long past: one edge
	 * stands for all of them, the next deadline is in the future. */
	vm_irq_set_timer(&vm, 0, now - 100 * period, period);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), 0);
	ck_assert_uint_eq(vm_irq_edges(&vm, 0), 1);
	ck_assert(vm.irq.timer[0].next > now);
	ck_assert(vm.irq.timer[0].next <= mono_ns() + period);
	ck_assert_int_eq(pic_acknowledge(&vm.irq.pic, &line), 0x20);
	ck_assert_int_eq(line, 0);
	/* In service, no EOI: HLT waits for the next deadline, no longer. */
	int64_t wait = irq_halt_wait_ns(&vcpu);
	ck_assert(wait > 0 && wait <= (int64_t)period);
	/* The same programming again changes nothing. */
	vm_irq_set_timer(&vm, 0, now - 100 * period, period);
	ck_assert(vm.irq.timer[0].next > now);
	/* Periods below the minimum count as the minimum (divisor 1). */
	vm_irq_set_timer(&vm, 0, now + 1000, 838);
	ck_assert_uint_eq(vm.irq.timer[0].period, IRQ_TIMER_MIN_NS);
}
END_TEST

START_TEST(test_halt_rule)
{
	uint64_t now = mono_ns();
	uint8_t v;

	/* No timer at all: nothing can wake a HLT. */
	vm_setup(0xFE);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), -1);
	/* A timer on a masked line is no source either. */
	vm_setup(0xFF);
	vm_irq_set_timer(&vm, 0, now + 1000000000ull, 10000000);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), -1);
	/* Unmasked, it is: HLT waits until its deadline. */
	v = 0xFE;
	pic_access(&vm.irq.pic, 0, 1, true, &v);
	ck_assert(irq_halt_wait_ns(&vcpu) > 0);
	/* Disarmed (PIT reprogrammed without a count): no source again. */
	vm_irq_set_timer(&vm, 0, 0, 0);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), -1);
	/* A one-shot timer fires once, then is gone. */
	vm_irq_set_timer(&vm, 0, now - 1000, 0);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), 0);
	ck_assert_uint_eq(vm.irq.timer[0].next, 0);
	/* A request already waiting wakes it at once, timer or not. */
	vm_setup(0xFD);
	vm_irq_set(&vm, 1, true);
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), 0);
	/* Only vCPU 0 takes interrupts: another vCPU's HLT stops. */
	vm.irq.target = NULL;
	ck_assert_int_eq(irq_halt_wait_ns(&vcpu), -1);
}
END_TEST

static Suite *pic_suite(void)
{
	Suite *s = suite_create("pic");
	TCase *t = tcase_create("8259a");

	tcase_add_test(t, test_reset_state);
	tcase_add_test(t, test_remap_and_deliver);
	tcase_add_test(t, test_masks);
	tcase_add_test(t, test_priority_and_nesting);
	tcase_add_test(t, test_specific_eoi);
	tcase_add_test(t, test_rotation);
	tcase_add_test(t, test_spurious);
	tcase_add_test(t, test_poll_and_aeoi);
	tcase_add_test(t, test_init_sequence);
	suite_add_tcase(s, t);
	t = tcase_create("irq");
	tcase_add_test(t, test_timer_ticks_coalesce);
	tcase_add_test(t, test_halt_rule);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(pic_suite());
}
