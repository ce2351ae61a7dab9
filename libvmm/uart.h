/* uart.h: the 16550A UART behind COM1: a pure register model (uart.c) and the console glue of dev_uart.c (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_UART_H
#define VMM_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

enum {
	UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3,
	UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
	UART_REG_COUNT = 8,      /* ports one UART occupies */
};

#define UART_LCR_DLAB  0x80
#define UART_LSR_DR    0x01  /* data ready */
#define UART_LSR_OE    0x02  /* overrun: a byte arrived with the receiver full */
#define UART_LSR_THRE  0x20  /* transmit holding register empty */
#define UART_LSR_TEMT  0x40  /* transmitter empty */

#define UART_IER_RDI   0x01  /* received data available (and character timeout) */
#define UART_IER_THRI  0x02  /* transmit holding register empty */
#define UART_IER_RLSI  0x04  /* receiver line status */
#define UART_IER_MSI   0x08  /* modem status */

#define UART_IIR_NONE  0x01  /* no interrupt pending */
#define UART_IIR_MSI   0x00
#define UART_IIR_THRI  0x02
#define UART_IIR_RDI   0x04
#define UART_IIR_RLSI  0x06
#define UART_IIR_CTI   0x0C  /* character timeout: data below the trigger level */
#define UART_IIR_FIFO  0xC0  /* FIFOs enabled (a 16550A; a 16450 has none) */

#define UART_FCR_ENABLE   0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04

#define UART_MCR_DTR   0x01
#define UART_MCR_RTS   0x02
#define UART_MCR_OUT1  0x04
#define UART_MCR_OUT2  0x08  /* on a PC, gates the chip's interrupt onto IRQ4 */
#define UART_MCR_LOOP  0x10

#define UART_FIFO_SIZE 16
#define UART_COM1_IRQ  4

/*
 * No KVM, no console, no lock: dev_uart.c serialises the calls, hands
 * transmitted bytes to the console, feeds received ones in with
 * uart_rx_push() only while uart_rx_wants() says so (a flood of input
 * waits in the host's pipe, never here) and turns uart_irq() into IRQ4's
 * level. The unit tests and the fuzzer drive it directly.
 *
 * Transmitting takes no time: THR is empty again as soon as it is
 * written, so LSR always shows THRE and TEMT, and each THR write is
 * followed at once by a new THR-empty interrupt. There is no transmit
 * FIFO to model. The modem lines outside loopback are those of a
 * connected terminal: CTS, DSR and DCD asserted, RI not.
 */
struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	uint8_t fcr;              /* enable, DMA mode and trigger bits as written */
	uint8_t msr_lines;        /* MSR bits 4-7 now */
	uint8_t msr_delta;        /* MSR bits 0-3, cleared by reading MSR */
	uint8_t lsr_err;          /* LSR error bits (overrun), cleared by reading LSR */
	bool thre_pending;        /* the THR-empty interrupt is latched */
	uint8_t rx[UART_FIFO_SIZE];
	unsigned rx_head, rx_count;
	bool input_ended;         /* dev_uart.c: stdin reached its end */
};

/* After a reset, as firmware leaves it: 9600 baud 8N1, FIFOs off,
 * interrupts off. */
void uart_init(struct uart *u);

/* A read of register REG (0-7; higher bits ignored). RBR reads take the
 * oldest received byte (0 if none); IIR, LSR and MSR reads clear what the
 * datasheet says they clear. */
uint8_t uart_read(struct uart *u, unsigned reg);

/* A write of VAL to register REG (0-7). Returns true when VAL is a byte to
 * send out (a THR write outside loopback); in loopback it is received. */
bool uart_write(struct uart *u, unsigned reg, uint8_t val);

/* What IIR would read, without clearing anything. */
uint8_t uart_iir(const struct uart *u);

/* The chip's interrupt as IRQ4 sees it: a source pending, OUT2 set and
 * not in loopback (where the OUT pins are forced inactive). */
bool uart_irq(const struct uart *u);

/* Bytes the receiver can still take: 16 with FIFOs, 1 without. */
unsigned uart_rx_room(const struct uart *u);

/* Whether the device should feed console input now: the guest takes it by
 * interrupt (IER.RDI with OUT2 set, not looped back) and there is room.
 * A driver probing the chip (Linux's autoconfig sets IER to 0x0F with
 * OUT2 clear, then empties the FIFO) takes nothing from stdin that way. */
bool uart_rx_wants(const struct uart *u);

/* A byte arriving at the receiver; with no room it is lost and LSR shows
 * an overrun. */
void uart_rx_push(struct uart *u, uint8_t byte);

/*
 * dev_uart.c: one byte access to register REG of U with the console CON
 * behind it: THR writes go to CON->write; an RBR read with nothing
 * received takes a byte from CON when one is ready (0 otherwise: reading
 * an empty RBR does not wait), as the polling ABI v1 always did. Returns
 * the number of bytes of output produced (0 or 1). VM (NULL for none)
 * decides whether stdin is the console's or the keyboard's
 * (vm_input_claim) and gets IRQ4's level. The caller serialises.
 */
struct vmm_vm;
int uart_access(struct uart *u, const struct vmm_console_ops *con, struct vmm_vm *vm,
                unsigned reg, bool is_write, uint8_t *val);

#endif
