/* timer.c: the 8259A PICs, the 8254 PIT at 100 Hz, and the IRQ0 handler that preempts. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

#define PIC1_CMD  0x20  /* master PIC: IRQ 0-7 */
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0  /* slave PIC: IRQ 8-15, cascaded on the master's IRQ2 */
#define PIC2_DATA 0xa1
#define PIC_EOI   0x20  /* non-specific end of interrupt */

#define PIT_CH0   0x40
#define PIT_CMD   0x43
#define PIT_HZ    1193182  /* the PIT's input clock */

volatile uint32_t ticks; /* IRQ0s since timer_init() */

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

void timer_init(void)
{
	/*
	 * At boot the master PIC sends IRQ 0-7 as vectors 0x08-0x0f, which
	 * are the CPU's own exceptions (0x08 is the double fault). Move both
	 * PICs above the exceptions: IRQ 0-7 -> 0x20-0x27, IRQ 8-15 -> 0x28-0x2f.
	 */
	outb(PIC1_CMD, 0x11);   /* ICW1: initialise, an ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE);     /* ICW2: the first vector */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 0x04);  /* ICW3: the slave is on the master's IRQ2 */
	outb(PIC2_DATA, 0x02);  /*       and this is its cascade identity */
	outb(PIC1_DATA, 0x01);  /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xfe);  /* masks: only IRQ0, the timer, may interrupt */
	outb(PIC2_DATA, 0xff);

	/* PIT channel 0, low then high byte, mode 2 (rate generator). */
	uint32_t divisor = PIT_HZ / TIMER_HZ;
	outb(PIT_CMD, 0x34);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
}

/*
 * IRQ0, TIMER_HZ times a second. Interrupts are only enabled in user mode
 * and while the idle process halts, so the kernel is never preempted: a
 * tick that lands in kernel mode (the idle HLT) is only counted. A tick
 * that lands in user mode takes the CPU away from the process (preemption):
 * yield() saves its kernel stack, which holds this trap frame, and runs the
 * next process; much later, a yield() back returns here and the frame's
 * iret resumes the process exactly where the tick stopped it.
 */
void timer_interrupt(struct trap_frame *f)
{
	ticks++;
	wake_sleepers();
	outb(PIC1_CMD, PIC_EOI); /* else the PIC sends no further IRQ0 */
	if ((f->cs & 3) == 3)
		yield();
}
