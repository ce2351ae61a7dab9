/* dev_uart.c: the 16550 UART model, mapped as COM1 at 0x3F8-0x3FF (no interrupts in ABI v1). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "uart.h"

void uart_init(struct uart *u)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	u->dll = 0x0C;  /* 9600 baud, what firmware leaves behind */
	u->lcr = 0x03;  /* 8N1 */
}

/* COM1's receiver sees stdin only while the console owns it (vmm-abi(7):
 * the first input device the guest uses keeps it). Reading the receive
 * register claims it; the line status only looks. */
static bool rx_ready(const struct vmm_console_ops *con, struct vmm_vm *vm,
                     bool claim)
{
	if (vm && vm->kbd &&
	    (claim ? !vm_input_claim(vm, VM_INPUT_CONSOLE) :
	     __atomic_load_n(&vm->input_owner, __ATOMIC_SEQ_CST) == VM_INPUT_KBD))
		return false;
	return con->input_ready && con->input_ready(con->opaque);
}

static uint8_t read_reg(struct uart *u, const struct vmm_console_ops *con,
                        struct vmm_vm *vm, unsigned reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_RBR_THR:
		if (dlab)
			return u->dll;
		if (rx_ready(con, vm, true) && con->read) {
			int c = con->read(con->opaque, -1);
			return c >= 0 ? (uint8_t)c : 0;
		}
		return 0;
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR_FCR:
		return 0x01;  /* no interrupt pending */
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR: {
		uint8_t lsr = UART_LSR_THRE | UART_LSR_TEMT;
		if (rx_ready(con, vm, false))
			lsr |= UART_LSR_DR;
		return lsr;
	}
	case UART_MSR:
		return u->msr;
	default:
		return u->scr;
	}
}

static int write_reg(struct uart *u, const struct vmm_console_ops *con,
                     unsigned reg, uint8_t val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_RBR_THR:
		if (dlab) {
			u->dll = val;
			return 0;
		}
		if (con->write)
			con->write(con->opaque, &val, 1);
		return 1;
	case UART_IER:
		if (dlab)
			u->dlm = val;
		else
			u->ier = val;
		return 0;
	case UART_IIR_FCR: u->fcr = val; return 0;
	case UART_LCR: u->lcr = val; return 0;
	case UART_MCR: u->mcr = val; return 0;
	case UART_LSR: return 0;  /* read-only */
	case UART_MSR: u->msr = val; return 0;
	default: u->scr = val; return 0;
	}
}

int uart_access(struct uart *u, const struct vmm_console_ops *con,
                struct vmm_vm *vm, unsigned reg, bool is_write, uint8_t *val)
{
	int out = 0;

	pthread_mutex_lock(&u->lock);
	if (is_write)
		out = write_reg(u, con, reg & 7, *val);
	else
		*val = read_reg(u, con, vm, reg & 7);
	pthread_mutex_unlock(&u->lock);
	return out;
}

/* OFFSET is the register number: io.c hands it over (IO_OFFSET), so the
 * model does not know at which ports it is mapped. */
static int uart_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                   bool is_write, uint8_t *data, unsigned size)
{
	/* A word or dword access touches consecutive registers, as on ISA. */
	for (unsigned i = 0; i < size; i++) {
		uint64_t reg = offset + i;
		if (reg > 7) {
			if (!is_write)
				data[i] = 0xFF;
			continue;
		}
		vcpu->stats.output_bytes +=
			uart_access(opaque, &vcpu->console, vcpu->vm, (unsigned)reg, is_write, &data[i]);
	}
	return 0;
}

/*
 * Map U's eight registers at ports BASE..BASE+7. A THR write needs no
 * answer, so KVM may batch it; with DLAB set the same port is the divisor
 * latch, which the in-order replay handles just as well. The other
 * registers are read back and exit every time.
 */
static int uart_map(struct vmm_vm *vm, struct uart *u, uint16_t base)
{
	if (io_register(vm, VMM_IO_PORT, base, UART_REG_COUNT, uart_io, u,
	                IO_OFFSET) < 0)
		return -1;
	return io_batch_writes(vm, VMM_IO_PORT, base + UART_RBR_THR, 1);
}

static void uart_free(void *state)
{
	struct uart *u = state;

	pthread_mutex_destroy(&u->lock);
	free(u);
}

int vmm_uart_attach(struct vmm_vm *vm)
{
	struct uart *u = malloc(sizeof(*u));

	if (!u)
		return set_error("out of memory");
	uart_init(u);
	if (vm_own_device(vm, u, uart_free) < 0) {
		uart_free(u);
		return -1;
	}
	/* From here on the VM frees U, whatever happens. */
	return uart_map(vm, u, VMM_COM1_BASE);
}
