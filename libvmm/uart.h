/* uart.h: the 16550 register model behind dev_uart.c (private). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_UART_H
#define VMM_UART_H

#include <pthread.h>

#include "vmm.h"

enum {
	UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3,
	UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
	UART_REG_COUNT = 8,      /* ports one UART occupies */
};

#define UART_LCR_DLAB  0x80
#define UART_LSR_DR    0x01  /* data ready */
#define UART_LSR_THRE  0x20  /* transmit holding register empty */
#define UART_LSR_TEMT  0x40  /* transmitter empty */

struct uart {
	pthread_mutex_t lock;    /* vCPUs of a shared VM share the one COM1 */
	uint8_t ier, lcr, mcr, msr, scr, dll, dlm, fcr;
};

void uart_init(struct uart *u);

/*
 * One byte access to register REG (0-7). A THR write goes to CON->write;
 * RBR reads take a byte from CON when one is ready (0 otherwise: like the
 * hardware, reading an empty RBR does not wait). Returns the number of
 * bytes of output produced (0 or 1). VM (NULL for none) decides whether
 * stdin is the console's or the keyboard's (vm_input_claim).
 */
struct vmm_vm;
int uart_access(struct uart *u, const struct vmm_console_ops *con, struct vmm_vm *vm,
                unsigned reg, bool is_write, uint8_t *val);

#endif
