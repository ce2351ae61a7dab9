/* uart.c: the 16550A register model (interrupt identification, FIFOs, loopback, modem lines), pure: no console, no KVM. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "uart.h"

/* Outside loopback the far end is a terminal that is there. */
#define LINES_CONNECTED 0xB0   /* DCD, DSR, CTS */

/* MSR bits 4-7: CTS, DSR, RI, DCD. In loopback they are the MCR's
 * outputs RTS, DTR, OUT1 and OUT2, as Linux's autoconfig checks. */
static uint8_t modem_lines(const struct uart *u)
{
	uint8_t m = u->mcr;

	if (!(m & UART_MCR_LOOP))
		return LINES_CONNECTED;
	return (uint8_t)(((m & UART_MCR_RTS) ? 0x10 : 0) | ((m & UART_MCR_DTR) ? 0x20 : 0) |
	                 ((m & UART_MCR_OUT1) ? 0x40 : 0) | ((m & UART_MCR_OUT2) ? 0x80 : 0));
}

/* The lines may have changed: record the deltas (DCTS, DDSR, DDCD on any
 * change; TERI only when RI goes inactive, as the datasheet has it). */
static void update_lines(struct uart *u)
{
	uint8_t now = modem_lines(u), changed = now ^ u->msr_lines;

	if (changed & 0x10)
		u->msr_delta |= 0x01;
	if (changed & 0x20)
		u->msr_delta |= 0x02;
	if ((changed & 0x40) && !(now & 0x40))
		u->msr_delta |= 0x04;
	if (changed & 0x80)
		u->msr_delta |= 0x08;
	u->msr_lines = now;
}

void uart_init(struct uart *u)
{
	memset(u, 0, sizeof(*u));
	u->dll = 0x0C;  /* 9600 baud, what firmware leaves behind */
	u->lcr = 0x03;  /* 8N1 */
	u->msr_lines = modem_lines(u);
}

static bool fifo_on(const struct uart *u)
{
	return u->fcr & UART_FCR_ENABLE;
}

unsigned uart_rx_room(const struct uart *u)
{
	unsigned size = fifo_on(u) ? UART_FIFO_SIZE : 1;

	return u->rx_count < size ? size - u->rx_count : 0;
}

bool uart_rx_wants(const struct uart *u)
{
	return (u->ier & UART_IER_RDI) &&
	       (u->mcr & (UART_MCR_OUT2 | UART_MCR_LOOP)) == UART_MCR_OUT2 &&
	       uart_rx_room(u) > 0;
}

void uart_rx_push(struct uart *u, uint8_t byte)
{
	if (!uart_rx_room(u)) {
		u->lsr_err |= UART_LSR_OE;
		return;
	}
	u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
	u->rx_count++;
}

static void rx_clear(struct uart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

uint8_t uart_iir(const struct uart *u)
{
	static const unsigned trigger[4] = { 1, 4, 8, 14 };
	uint8_t fifo = fifo_on(u) ? UART_IIR_FIFO : 0;

	/* The 16550A's priorities, highest first. */
	if ((u->ier & UART_IER_RLSI) && u->lsr_err)
		return fifo | UART_IIR_RLSI;
	if ((u->ier & UART_IER_RDI) && u->rx_count) {
		/* No clock runs here, so bytes below the trigger level time
		 * out at once: the guest sees them as a character timeout. */
		if (fifo && u->rx_count < trigger[u->fcr >> 6])
			return fifo | UART_IIR_CTI;
		return fifo | UART_IIR_RDI;
	}
	if ((u->ier & UART_IER_THRI) && u->thre_pending)
		return fifo | UART_IIR_THRI;
	if ((u->ier & UART_IER_MSI) && u->msr_delta)
		return fifo | UART_IIR_MSI;
	return fifo | UART_IIR_NONE;
}

bool uart_irq(const struct uart *u)
{
	return (u->mcr & UART_MCR_OUT2) && !(u->mcr & UART_MCR_LOOP) &&
	       !(uart_iir(u) & UART_IIR_NONE);
}

uint8_t uart_read(struct uart *u, unsigned reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t v;

	switch (reg & 7) {
	case UART_RBR_THR:
		if (dlab)
			return u->dll;
		if (!u->rx_count)
			return 0;
		v = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
		u->rx_count--;
		return v;
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR_FCR:
		v = uart_iir(u);
		/* Reading IIR while it names THRE is what acknowledges it. */
		if ((v & 0x0F) == UART_IIR_THRI)
			u->thre_pending = false;
		return v;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		v = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_err;
		if (u->rx_count)
			v |= UART_LSR_DR;
		u->lsr_err = 0;
		return v;
	case UART_MSR:
		v = u->msr_lines | u->msr_delta;
		u->msr_delta = 0;
		return v;
	default:
		return u->scr;
	}
}

static void write_fcr(struct uart *u, uint8_t val)
{
	/* Switching the FIFOs on or off empties them; the other bits only
	 * count with the enable bit set. */
	if ((val ^ u->fcr) & UART_FCR_ENABLE)
		rx_clear(u);
	if (!(val & UART_FCR_ENABLE)) {
		u->fcr = 0;
		return;
	}
	if (val & UART_FCR_CLEAR_RX)
		rx_clear(u);
	/* The transmit FIFO is always empty: nothing to clear. */
	u->fcr = val & 0xC9;
}

bool uart_write(struct uart *u, unsigned reg, uint8_t val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg & 7) {
	case UART_RBR_THR:
		if (dlab) {
			u->dll = val;
			return false;
		}
		/* The write acknowledges THRE; the byte leaves at once and the
		 * holding register is empty again, which raises THRE anew. */
		u->thre_pending = true;
		if (u->mcr & UART_MCR_LOOP) {
			uart_rx_push(u, val);
			return false;
		}
		return true;
	case UART_IER:
		if (dlab) {
			u->dlm = val;
			return false;
		}
		/* Enabling THRI with THR empty raises it: Linux checks this. */
		if ((val & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
			u->thre_pending = true;
		u->ier = val & 0x0F;   /* bits 4-7 read 0 on a 16550A */
		return false;
	case UART_IIR_FCR:
		write_fcr(u, val);
		return false;
	case UART_LCR:
		u->lcr = val;
		return false;
	case UART_MCR:
		u->mcr = val & 0x1F;
		update_lines(u);
		return false;
	case UART_LSR:
	case UART_MSR:
		return false;   /* status registers: writes are ignored */
	default:
		u->scr = val;
		return false;
	}
}
