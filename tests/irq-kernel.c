/* irq-kernel.c: interrupt test kernel (Multiboot): remaps the 8259A PICs, installs an IDT, programs the PIT and reports what it sees on COM1; the command line picks the scenario. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

#include "mb-io.h"

/*
 * Written in the manner of the classic OS tutorials (Bran's, JamesM's):
 * the PICs remapped to vectors 0x20 and 0x28, a 256-entry IDT of
 * interrupt gates, the PIT's channel 0 at 100 Hz. Every number printed is
 * one the scenario makes deterministic (a handler that masks IRQ0 once it
 * has counted enough, waits measured in PIT counter wraps), never one that
 * depends on how fast the host is.
 *
 * Scenarios (the command line holds "test=NAME"):
 *   ticks   count ticks across HLTs, non-specific EOI; ends via 0xF4
 *   pic     masks, IF=0 holding an interrupt, no EOI, specific EOI,
 *           OCW3 ISR/IRR reads; ends via 0xF4
 *   clihlt  a timer armed, then CLI; HLT: the VM stops with status 0
 *   maskhlt IRQ0 masked, STI; HLT: no source, the VM stops with status 0
 *   idle    a 100 Hz timer with its handler, HLT forever
 *   flood   every line unmasked, never an EOI, PIT divisor 1, HLT forever
 *   ifloop  PIT divisor 1, IRQ0 unmasked, a loop with IF=0 forever
 *   badidt  the IDT placed outside RAM, then STI with a timer running
 *   kbdirq  IRQ1 only: the handler reads scan codes and echoes them as
 *           characters; at the end of input HLT stops the VM (status 0)
 *   kbdpoll no interrupts: polls the i8042's status and echoes scan codes
 *           as characters until the Escape key; ends via 0xF4
 *   kbdcmd  the i8042's commands: self-test, interface test, command
 *           byte written and read back, disable/enable, keyboard echo;
 *           ends via 0xF4
 *   comin   the PICs remapped with only IRQ0 unmasked (as os-1k does),
 *           then a line read from COM1: the remap's ICW1, which clears
 *           the masks for a moment, does not give stdin to the keyboard
 *   nest    one IRQ1 (the keyboard's echo command, no input needed) whose
 *           handler unmasks IRQ0, re-enables interrupts and waits for a
 *           tick: IRQ0 nests inside it (ISRs read back); ends via 0xF4
 *   nestkey the same for every key on stdin, echoed, until Escape; ends
 *           via 0xF4
 *   tickprint  a 100 Hz timer; each tick's count printed on its own line,
 *           forever (make bench's PIT figure)
 *   kbdirq timer  (an option of kbdirq) a 100 Hz timer running as well
 *   comtx   COM1 as a 16550A: FIFO and loopback probes as Linux makes
 *           them, then a line sent by THRE interrupts (IRQ4) alone;
 *           ends via 0xF4
 *   comecho comtx, then every byte received by RX interrupts is echoed
 *           (sent by THRE interrupts) until a newline, which ends via
 *           0xF4; at the end of input HLT stops the VM (status 0)
 *   rtc     the RTC's IRQ8 through the slave PIC: 32 periodic
 *           interrupts at 1024 Hz, 2 update-ended ones, an alarm 2 s
 *           ahead; register C's flags of each; ends via 0xF4
 */

static void puthex8(uint8_t v)
{
	puts("0x");
	putc("0123456789abcdef"[v >> 4]);
	putc("0123456789abcdef"[v & 15]);
}

/* ---- the IDT ---- */

struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t zero, type;
	uint16_t offset_hi;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static struct idt_gate idt[256];
extern const uint32_t exc_table[32], irq_table[16];

static void set_gate(unsigned v, uint32_t handler)
{
	idt[v].offset_lo = (uint16_t)handler;
	idt[v].selector = 0x08;
	idt[v].zero = 0;
	idt[v].type = 0x8E;      /* present, ring 0, 32-bit interrupt gate */
	idt[v].offset_hi = (uint16_t)(handler >> 16);
}

static void load_idt(uint32_t base, uint16_t limit)
{
	struct idt_ptr p = { limit, base };

	__asm__ volatile("lidt %0" : : "m"(p));
}

static void idt_install(void)
{
	for (unsigned v = 0; v < 32; v++)
		set_gate(v, exc_table[v]);
	for (unsigned i = 0; i < 16; i++)
		set_gate(0x20 + i, irq_table[i]);
	load_idt((uint32_t)idt, sizeof(idt) - 1);
}

void exception(uint32_t vector);
void exception(uint32_t vector)
{
	puts("exception ");
	putdec(vector);
	puts("\n");
	debug_exit(0x3F);
}

/* ---- the PICs ---- */

#define PIC1 0x20
#define PIC2 0xA0
#define EOI 0x20

/* ICW1 (edge, cascade, ICW4), ICW2 (vector base), ICW3 (IRQ2 cascade),
 * ICW4 (8086 mode); then the masks. */
static void pic_remap(uint8_t mask1, uint8_t mask2)
{
	outb(PIC1, 0x11);
	outb(PIC2, 0x11);
	outb(PIC1 + 1, 0x20);
	outb(PIC2 + 1, 0x28);
	outb(PIC1 + 1, 0x04);
	outb(PIC2 + 1, 0x02);
	outb(PIC1 + 1, 0x01);
	outb(PIC2 + 1, 0x01);
	outb(PIC1 + 1, mask1);
	outb(PIC2 + 1, mask2);
}

static uint8_t pic_isr(uint16_t pic)
{
	outb(pic, 0x0B);
	return inb(pic);
}

static uint8_t pic_irr(uint16_t pic)
{
	outb(pic, 0x0A);
	return inb(pic);
}

/* ---- the PIT ---- */

/* Channel 0, lo/hi, MODE, at 1193182 / DIVISOR Hz. */
static void pit_program(unsigned mode, uint16_t divisor)
{
	outb(0x43, (uint8_t)(0x30 | mode << 1));
	outb(0x40, (uint8_t)divisor);
	outb(0x40, (uint8_t)(divisor >> 8));
}

static uint16_t pit_read(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x00);            /* latch channel 0 */
	lo = inb(0x40);
	hi = inb(0x40);
	return (uint16_t)(lo | hi << 8);
}

/* Busy-wait until channel 0's count has reloaded N times (mode 3 reloads
 * twice a period): time measured by the guest's own PIT, whatever the
 * host's speed. */
static void wait_reloads(int n)
{
	uint16_t prev = pit_read(), now;

	while (n > 0) {
		now = pit_read();
		if (now > prev)
			n--;
		prev = now;
	}
}

/* ---- the i8042 keyboard ---- */

#define KBD_DATA   0x60
#define KBD_STATUS 0x64

/* Set-1 make codes 0x00-0x39 as the US layout types them. */
static const char kbd_lower[0x3A] =
	"\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char kbd_upper[0x3A] =
	"\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

static volatile int kbd_shift, kbd_ctrl, kbd_ext, kbd_escape;

/* One scan code: echo what it types on COM1; Escape sets kbd_escape. */
static void kbd_decode(uint8_t code)
{
	char c;

	if (code == 0xE0) {
		kbd_ext = 1;
		return;
	}
	if (kbd_ext) {
		kbd_ext = 0;
		switch (code) {
		case 0x48: puts("<up>"); break;
		case 0x50: puts("<down>"); break;
		case 0x4B: puts("<left>"); break;
		case 0x4D: puts("<right>"); break;
		}
		return;
	}
	switch (code) {
	case 0x2A: case 0x36: kbd_shift = 1; return;
	case 0xAA: case 0xB6: kbd_shift = 0; return;
	case 0x1D: kbd_ctrl = 1; return;
	case 0x9D: kbd_ctrl = 0; return;
	}
	if (code & 0x80 || code >= sizeof(kbd_lower))
		return;                  /* a release, or a key not on the table */
	c = (kbd_shift ? kbd_upper : kbd_lower)[code];
	if (c == '\033') {
		puts("<esc>");
		kbd_escape = 1;
	} else if (c == '\b') {
		puts("<bs>");
	} else if (c == '\t') {
		puts("<tab>");
	} else if (kbd_ctrl && c) {
		putc('^');
		putc(c);
	} else if (c) {
		putc(c);
	}
}

static void kbd_wait_output(void)
{
	while (!(inb(KBD_STATUS) & 1))
		;
}

static uint8_t kbd_command(uint8_t cmd)
{
	outb(KBD_STATUS, cmd);
	kbd_wait_output();
	return inb(KBD_DATA);
}

static void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }

/* ---- COM1 by interrupts ---- */

#define COM1 0x3F8
enum { COM_DATA, COM_IER, COM_IIR, COM_LCR, COM_MCR, COM_LSR, COM_MSR };

/* Bytes to send: the handler moves them into the 16-byte FIFO whenever
 * THRE says it is empty. Only the handler takes, only code running with
 * IF = 0 (the handler, or the main line before its STI) adds. */
static char tx_ring[256];
static volatile uint8_t tx_head, tx_tail;
static volatile int rx_newline;
static volatile uint32_t com_irqs;

static void com_queue(char c)
{
	tx_ring[tx_tail] = c;
	tx_tail = (uint8_t)(tx_tail + 1);
	/* THRI off to on with THR empty raises THRE: the handler starts. */
	outb(COM1 + COM_IER, inb(COM1 + COM_IER) | 0x02);
}

/* Ask IIR until it says nothing is pending, as Linux's 8250 driver does:
 * each source is served at its priority. */
static void com_irq(void)
{
	uint8_t iir;

	com_irqs++;
	while (!((iir = inb(COM1 + COM_IIR)) & 1)) {
		switch (iir & 0x0E) {
		case 0x06:               /* line status: reading LSR clears it */
			inb(COM1 + COM_LSR);
			break;
		case 0x04:               /* received data, or a character timeout */
		case 0x0C:
			while (inb(COM1 + COM_LSR) & 1) {
				char c = (char)inb(COM1 + COM_DATA);

				com_queue(c);
				if (c == '\n')
					rx_newline = 1;
			}
			break;
		case 0x02:               /* THR empty: the next FIFO's worth */
			for (int n = 0; n < 16 && tx_head != tx_tail; n++) {
				outb(COM1 + COM_DATA, (uint8_t)tx_ring[tx_head]);
				tx_head = (uint8_t)(tx_head + 1);
			}
			if (tx_head == tx_tail)
				outb(COM1 + COM_IER, inb(COM1 + COM_IER) & ~0x02);
			break;
		default:                 /* modem status: reading MSR clears it */
			inb(COM1 + COM_MSR);
			break;
		}
	}
}

/* The probes of Linux's 8250 autoconfig, and COM1 set up for interrupts:
 * FIFOs on, OUT2 (the PC's IRQ4 gate) set, IRQ4 unmasked. */
static void com_setup(void)
{
	uint8_t iir, msr;

	outb(COM1 + COM_IIR, 0x07);          /* FCR: FIFOs on and cleared */
	iir = inb(COM1 + COM_IIR);
	outb(COM1 + COM_MCR, 0x1A);          /* loopback, RTS and OUT2 */
	msr = inb(COM1 + COM_MSR) & 0xF0;
	outb(COM1 + COM_MCR, 0x0B);          /* DTR, RTS, OUT2 */
	inb(COM1 + COM_MSR);                 /* the deltas of leaving loopback */
	puts("COM1: IIR ");
	puthex8(iir);
	puts(", loopback MSR ");
	puthex8(msr);
	puts("\n");
	outb(PIC1 + 1, 0xEF);
}

static void com_send(const char *s)
{
	cli();
	while (*s)
		com_queue(*s++);
	while (tx_head != tx_tail)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	__asm__ volatile("sti" ::: "memory");
}

/* ---- the RTC ---- */

static volatile uint32_t rtc_irqs, rtc_limit, rtc_flagged, rtc_irqf;
static volatile uint8_t rtc_want;

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(0x70, reg);
	outb(0x71, v);
}

/* IRQ8: register C says why, and reading it lets the next one come. The
 * last one wanted first turns the interrupts off (B = 24-hour BCD), so
 * the count is exact and no later edge is left waiting in the PIC; its
 * C then shows the flag without IRQF (IRQF is an enabled flag). */
static void rtc_irq(void)
{
	uint8_t c;

	if (rtc_irqs + 1 >= rtc_limit)
		cmos_write(0x0B, 0x02);
	c = cmos_read(0x0C);
	if (c & rtc_want)
		rtc_flagged++;
	if (c & 0x80)
		rtc_irqf++;
	rtc_irqs++;
}

/* Register B = B until N interrupts came; how many showed the flag WANT
 * (named FLAG) and IRQF in C. */
static void rtc_count(const char *what, uint8_t b, uint8_t want,
                      const char *flag, uint32_t n)
{
	rtc_irqs = rtc_flagged = rtc_irqf = 0;
	rtc_want = want;
	rtc_limit = n;
	(void)cmos_read(0x0C);
	cmos_write(0x0B, b);
	while (rtc_irqs < n)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts("rtc ");
	puts(what);
	puts(": ");
	putdec(rtc_irqs);
	puts(" interrupts, ");
	putdec(rtc_flagged);
	puts(" with ");
	puts(flag);
	puts(", ");
	putdec(rtc_irqf);
	puts(" with IRQF\n");
}

/* ---- the interrupt handler ---- */

enum eoi_mode { EOI_NONSPECIFIC, EOI_SPECIFIC, EOI_NONE };

static volatile enum eoi_mode eoi_mode;
static volatile uint32_t ticks, tick_limit, other_irqs, spurious;
static volatile uint8_t isr_before, isr_after;
static volatile int record_isr;

/* IRQ0 nesting inside IRQ1 (test=nest, nestkey): what the ISR said on
 * entry to IRQ1, inside the nested IRQ0 and back in IRQ1, per IRQ1. */
static volatile int nest_mode, nest_waiting;
static volatile uint32_t nest_irq1s, nest_good;
static volatile uint8_t nest_isr_in, nest_isr_inner, nest_isr_back;
static volatile uint8_t nest_code;

/* IRQ1 with IRQ0 let in: unmask IRQ0, STI and wait for one tick, which
 * the PICs deliver although IRQ1 is still in service (IRQ0 has the higher
 * priority); then IF = 0 again and the EOI as usual. Keys after Escape
 * are read and dropped, so the counts end at Escape. */
static void irq1_nest(void)
{
	uint8_t code = inb(KBD_DATA), in = pic_isr(PIC1), back;

	if (kbd_escape)
		return;
	nest_code = code;
	if (nest_mode == 2)
		kbd_decode(code);
	tick_limit = ticks + 1;
	nest_waiting = 1;
	outb(PIC1 + 1, inb(PIC1 + 1) & 0xFE);
	sti();
	while (ticks < tick_limit)
		;
	cli();
	nest_waiting = 0;
	back = pic_isr(PIC1);
	if (!nest_irq1s) {
		nest_isr_in = in;
		nest_isr_back = back;
	}
	nest_irq1s++;
	if (in == 0x02 && nest_isr_inner == 0x03 && back == 0x02)
		nest_good++;
}

void irq_handler(uint32_t irq);
void irq_handler(uint32_t irq)
{
	/* A spurious IRQ7/15 is not in service: no EOI for it (IRQ15's
	 * master side, IRQ2, is, and needs one). */
	if (irq == 7 && !(pic_isr(PIC1) & 0x80)) {
		spurious++;
		return;
	}
	if (irq == 15 && !(pic_isr(PIC2) & 0x80)) {
		spurious++;
		outb(PIC1, EOI);
		return;
	}
	if (irq == 0) {
		if (nest_waiting)
			nest_isr_inner = pic_isr(PIC1);
		/* Past the limit IRQ0 is masked, so the count is exact. */
		if (++ticks >= tick_limit)
			outb(PIC1 + 1, inb(PIC1 + 1) | 0x01);
	} else if (irq == 1 && nest_mode) {
		irq1_nest();
	} else if (irq == 1) {
		kbd_decode(inb(KBD_DATA));
	} else if (irq == 4) {
		com_irq();
	} else if (irq == 8) {
		rtc_irq();
	} else {
		other_irqs++;
	}
	if (record_isr) {
		isr_before = pic_isr(PIC1);
	}
	switch (eoi_mode) {
	case EOI_NONE:
		break;
	case EOI_SPECIFIC:
		if (irq >= 8)
			outb(PIC2, (uint8_t)(0x60 | (irq - 8)));
		outb(PIC1, (uint8_t)(0x60 | (irq >= 8 ? 2 : irq)));
		break;
	default:
		if (irq >= 8)
			outb(PIC2, EOI);
		outb(PIC1, EOI);
		break;
	}
	if (record_isr) {
		isr_after = pic_isr(PIC1);
		record_isr = 0;
	}
}

/* ---- the scenarios ---- */

static void test_ticks(void)
{
	uint32_t hlts = 0;

	/* The PIT first, IRQ0 unmasked after: no tick of the BIOS's 18.2 Hz
	 * is waiting when the count starts. */
	pic_remap(0xFF, 0xFF);
	pit_program(3, 11932);       /* 100 Hz */
	outb(PIC1 + 1, 0xFE);
	tick_limit = 10;
	while (ticks < 10) {
		/* STI's one-instruction shadow: no tick slips in between the
		 * check and the HLT, so every HLT is woken by a tick. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		hlts++;
	}
	/* A tick latched while the loop ran with IF = 0 may be taken right
	 * at the STI, before its HLT (how early depends on the CPU and the
	 * hypervisor), so the HLTs may be fewer than the ticks, never more. */
	puts("took ");
	putdec(ticks);
	puts(" ticks across ");
	puts(hlts >= 1 && hlts <= ticks ? "at most as many" : "MORE");
	puts(" hlts\n");
	/* Ticks while the kernel spins without a single exit: only the
	 * VMM's own timer can get them in. */
	ticks = 0;
	tick_limit = 10;
	outb(PIC1 + 1, 0xFE);
	sti();
	while (ticks < 10)
		;
	cli();
	puts("busy-waited for ");
	putdec(ticks);
	puts(" ticks\n");
	puts("other interrupts ");
	putdec(other_irqs);
	puts(", spurious ");
	putdec(spurious);
	puts("\n");
}

static void test_pic(void)
{
	/* A masked line is not delivered, though the PIT runs. */
	pic_remap(0xFF, 0xFF);
	pit_program(3, 11932);
	tick_limit = 1;
	sti();
	wait_reloads(6);
	cli();
	puts("masked: ");
	putdec(ticks);
	puts(" ticks\n");
	/* Unmasked with IF = 0: the request waits, latched in the IRR... */
	outb(PIC1 + 1, 0xFE);
	wait_reloads(6);
	puts("IF=0: ");
	putdec(ticks);
	puts(" ticks, IRR ");
	puthex8(pic_irr(PIC1));
	puts("\n");
	/* ...and is delivered as soon as IF returns (once: the handler masks
	 * IRQ0 at its limit). */
	sti();
	__asm__ volatile("nop; nop; nop" ::: "memory");
	cli();
	puts("after sti: ");
	putdec(ticks);
	puts(" ticks\n");

	/* Without an EOI, IRQ0 stays in service and blocks itself. */
	eoi_mode = EOI_NONE;
	ticks = 0;
	tick_limit = 100;
	outb(PIC1 + 1, 0xFE);
	sti();
	wait_reloads(8);
	cli();
	puts("no EOI: ");
	putdec(ticks);
	puts(" ticks, ISR ");
	puthex8(pic_isr(PIC1));
	puts("\n");
	/* The EOI from outside the handler lets the next one in. */
	eoi_mode = EOI_NONSPECIFIC;
	tick_limit = 2;
	outb(PIC1, EOI);
	/* IF = 0 at each check: the pending tick cannot slip in between the
	 * check and the HLT, which would then wait for nothing (IRQ0 masked
	 * at the limit). */
	while (ticks < 2)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts("after EOI: ");
	putdec(ticks);
	puts(" ticks\n");

	/* Specific EOI (OCW2 0x60 | level), with the ISR read by OCW3. */
	eoi_mode = EOI_SPECIFIC;
	ticks = 0;
	tick_limit = 3;
	record_isr = 1;
	outb(PIC1 + 1, 0xFE);
	while (ticks < 3)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts("specific EOI: ");
	putdec(ticks);
	puts(" ticks, ISR ");
	puthex8(isr_before);
	puts(" then ");
	puthex8(isr_after);
	puts("\n");
	puts("masks ");
	puthex8(inb(PIC1 + 1));
	puts(" ");
	puthex8(inb(PIC2 + 1));
	puts(", spurious ");
	putdec(spurious);
	puts("\n");
}

/* As the tutorials do: keyboard off, buffer flushed, the command byte's
 * interrupt bit on (whatever firmware left), keyboard on, IRQ1 unmasked. */
static void kbd_irq_on(void)
{
	uint8_t cb;

	outb(KBD_STATUS, 0xAD);
	while (inb(KBD_STATUS) & 1)
		inb(KBD_DATA);
	cb = kbd_command(0x20);
	outb(KBD_STATUS, 0x60);
	outb(KBD_DATA, (uint8_t)(cb | 0x01));
	outb(KBD_STATUS, 0xAE);
	outb(PIC1 + 1, inb(PIC1 + 1) & 0xFD);
}

/* One IRQ1 raised by the keyboard's own echo reply (0xEE), so that QEMU,
 * whose keyboard takes no keys from a script, runs the same: IRQ0 nests
 * inside its handler (irq1_nest()). */
static void nest_start(int mode)
{
	pic_remap(0xFF, 0xFF);
	kbd_irq_on();
	pit_program(3, 11932);
	nest_mode = mode;
}

static void test_nest(void)
{
	nest_start(1);
	outb(KBD_DATA, 0xEE);
	while (!nest_irq1s)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts("IRQ1 (");
	puthex8(nest_code);
	puts(") in service: ISR ");
	puthex8(nest_isr_in);
	puts("\nIRQ0 nested inside it: ISR ");
	puthex8(nest_isr_inner);
	puts("\nback in IRQ1: ISR ");
	puthex8(nest_isr_back);
	puts("\nafter its EOI: ISR ");
	puthex8(pic_isr(PIC1));
	puts(", ticks ");
	putdec(ticks);
	puts("\n");
}

static void test_rtc(void)
{
	uint8_t sec;
	unsigned s;

	pic_remap(0xFB, 0xFE);       /* IRQ8 and the cascade only */
	cmos_write(0x0A, 0x26);      /* 1024 Hz */
	rtc_count("periodic", 0x42, 0x40, "PF", 32);
	rtc_count("update", 0x12, 0x10, "UF", 2);
	/* Two seconds ahead, minutes and hours "don't care". */
	sec = cmos_read(0x00);
	s = ((sec >> 4) * 10 + (sec & 15) + 2) % 60;
	cmos_write(0x01, (uint8_t)(s / 10 << 4 | s % 10));
	cmos_write(0x03, 0xFF);
	cmos_write(0x05, 0xC0);
	rtc_count("alarm", 0x22, 0x20, "AF", 1);
	puts("other interrupts ");
	putdec(other_irqs);
	puts(", spurious ");
	putdec(spurious);
	puts("\n");
}

static int has(const char *s, const char *word)
{
	for (; s && *s; s++) {
		const char *a = s, *b = word;
		while (*b && *a == *b)
			a++, b++;
		if (!*b && (*a == 0 || *a == ' '))
			return 1;
	}
	return 0;
}

void kernel_main(uint32_t magic, const struct mb_info *mbi);
void kernel_main(uint32_t magic, const struct mb_info *mbi)
{
	const char *cmdline = (magic == 0x2BADB002 && (mbi->flags & 4)) ?
	                      (const char *)mbi->cmdline : "";

	idt_install();
	if (has(cmdline, "test=ticks")) {
		test_ticks();
	} else if (has(cmdline, "test=pic")) {
		test_pic();
	} else if (has(cmdline, "test=rtc")) {
		test_rtc();
	} else if (has(cmdline, "test=clihlt")) {
		pic_remap(0xFE, 0xFF);
		pit_program(2, 11932);
		puts("cli; hlt\n");
		cli();
		hlt();
		puts("still running after cli; hlt\n");
	} else if (has(cmdline, "test=maskhlt")) {
		pic_remap(0xFF, 0xFF);
		pit_program(3, 11932);
		puts("sti; hlt with every line masked\n");
		sti();
		hlt();
		puts("still running after hlt\n");
	} else if (has(cmdline, "test=idle")) {
		/* A 100 Hz timer, served properly, and HLT forever: what an idle
		 * kernel does (for --timeout, Ctrl-C and the CPU it costs). */
		tick_limit = 0xFFFFFFFFu;
		pic_remap(0xFF, 0xFF);
		pit_program(3, 11932);
		outb(PIC1 + 1, 0xFE);
		puts("idle\n");
		for (;;)
			__asm__ volatile("sti; hlt" ::: "memory");
	} else if (has(cmdline, "test=flood")) {
		/* Every line open, the fastest PIT, never an EOI. */
		eoi_mode = EOI_NONE;
		tick_limit = 0xFFFFFFFFu;
		pic_remap(0x00, 0x00);
		pit_program(2, 1);
		puts("flood\n");
		for (;;)
			__asm__ volatile("sti; hlt" ::: "memory");
	} else if (has(cmdline, "test=ifloop")) {
		tick_limit = 0xFFFFFFFFu;
		pic_remap(0xFE, 0xFF);
		pit_program(2, 1);
		puts("loop with IF=0\n");
		for (;;)
			__asm__ volatile("cli" ::: "memory");
	} else if (has(cmdline, "test=badidt")) {
		pic_remap(0xFE, 0xFF);
		pit_program(3, 11932);
		load_idt(0xF0000000u, 0x7FF);
		puts("IDT at 0xf0000000\n");
		for (;;)
			__asm__ volatile("sti; hlt" ::: "memory");
	} else if (has(cmdline, "test=kbdirq")) {
		pic_remap(0xFF, 0xFF);
		kbd_irq_on();
		if (has(cmdline, "timer")) {
			/* A timer beside the keyboard, as a real kernel has. */
			tick_limit = 0xFFFFFFFFu;
			pit_program(3, 11932);
			outb(PIC1 + 1, 0xFC);
		}
		puts("keyboard on IRQ1\n");
		while (!kbd_escape)
			__asm__ volatile("sti; hlt; cli" ::: "memory");
	} else if (has(cmdline, "test=nest")) {
		test_nest();
	} else if (has(cmdline, "test=nestkey")) {
		nest_start(2);
		puts("keyboard on IRQ1, IRQ0 nesting in its handler\n");
		while (!kbd_escape)
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		puts("\nIRQ1 taken ");
		putdec(nest_irq1s);
		puts(" times, IRQ0 nested in ");
		putdec(nest_good);
		puts(" of them with ISR 0x02, 0x03, 0x02\n");
	} else if (has(cmdline, "test=tickprint")) {
		uint32_t seen = 0;

		tick_limit = 0xFFFFFFFFu;
		pic_remap(0xFF, 0xFF);
		pit_program(3, 11932);
		outb(PIC1 + 1, 0xFE);
		for (;;) {
			__asm__ volatile("sti; hlt; cli" ::: "memory");
			if (ticks != seen) {
				seen = ticks;
				putdec(seen);
				puts("\n");
			}
		}
	} else if (has(cmdline, "test=kbdpoll")) {
		pic_remap(0xFF, 0xFF);
		puts("polling the keyboard\n");
		while (!kbd_escape) {
			kbd_wait_output();
			kbd_decode(inb(KBD_DATA));
		}
		puts("\n");
		debug_exit(0x21);
	} else if (has(cmdline, "test=kbdcmd")) {
		uint8_t st;

		pic_remap(0xFF, 0xFF);
		puts("self-test ");
		puthex8(kbd_command(0xAA));
		puts(", interface test ");
		puthex8(kbd_command(0xAB));
		puts("\n");
		outb(KBD_STATUS, 0x60);
		outb(KBD_DATA, 0x44);
		puts("command byte ");
		puthex8(kbd_command(0x20));
		outb(KBD_STATUS, 0x60);
		outb(KBD_DATA, 0x45);
		puts(" then ");
		puthex8(kbd_command(0x20));
		puts("\n");
		outb(KBD_STATUS, 0xAD);
		st = inb(KBD_STATUS);
		puts("disabled: output ");
		puthex8(st & 1);
		outb(KBD_STATUS, 0xAE);
		puts(", enabled\n");
		outb(KBD_DATA, 0xEE);
		kbd_wait_output();
		puts("keyboard echo ");
		puthex8(inb(KBD_DATA));
		puts("\n");
	} else if (has(cmdline, "test=comin")) {
		uint8_t c;

		pic_remap(0xFE, 0xFF);
		puts("COM1 input after a remap: ");
		for (;;) {
			while (!(inb(0x3FD) & 1))
				;
			c = inb(0x3F8);
			if (c == '\n')
				break;
			putc((char)c);
		}
		puts("\n");
	} else if (has(cmdline, "test=comtx") || has(cmdline, "test=comecho")) {
		pic_remap(0xFF, 0xFF);
		com_setup();
		com_send("sent by THRE interrupts alone, sixteen bytes at a time\n");
		if (has(cmdline, "test=comecho")) {
			com_send("echo: ");
			cli();
			outb(COM1 + COM_IER, 0x01);  /* received data */
			/* STI's one-instruction shadow makes "sti; hlt" one step:
			 * no interrupt slips in between the test and the HLT. */
			while (!rx_newline || tx_head != tx_tail)
				__asm__ volatile("sti; hlt; cli" ::: "memory");
			sti();
		}
		outb(COM1 + COM_IER, 0x00);
		puts("COM1 interrupts taken: ");
		puts(com_irqs ? "some" : "none");
		puts("\n");
	} else {
		puts("no test= on the command line\n");
		return;
	}
	puts("bye\n");
}
