/* dev_uart.c: COM1 at 0x3F8-0x3FF: the 16550A model (uart.c) wired to the console, stdin's ownership rules and IRQ4. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>

#include "internal.h"
#include "uart.h"

struct vm_uart {
	pthread_mutex_t lock;    /* vCPUs of a shared VM share the one COM1 */
	struct uart model;
};

/* COM1's receiver sees stdin only while the console owns it (vmm-abi(7):
 * the first input device the guest uses keeps it). Without a keyboard
 * (vmm-real) nobody else could want it. */
static bool console_owns_input(struct vmm_vm *vm)
{
	return !vm || !vm->kbd ||
	       __atomic_load_n(&vm->input_owner, __ATOMIC_SEQ_CST) == VM_INPUT_CONSOLE;
}

/* Whether stdin has a byte for COM1, claiming stdin for the console first
 * when CLAIM (an RBR read); without, the line status only looks. */
static bool rx_ready(const struct vmm_console_ops *con, struct vmm_vm *vm,
                     bool claim)
{
	if (vm && vm->kbd &&
	    (claim ? !vm_input_claim(vm, VM_INPUT_CONSOLE) :
	     __atomic_load_n(&vm->input_owner, __ATOMIC_SEQ_CST) == VM_INPUT_KBD))
		return false;
	return con->input_ready && con->input_ready(con->opaque);
}

/* Feed the receiver while a guest taking input by interrupt has room, so
 * stdin is read only as fast as the guest drains the FIFO. */
static void pull(struct uart *u, const struct vmm_console_ops *con, struct vmm_vm *vm)
{
	if (!con->read || !con->input_ready || !console_owns_input(vm))
		return;
	while (!u->input_ended && uart_rx_wants(u) && con->input_ready(con->opaque)) {
		int c = con->read(con->opaque, -1);

		if (c < 0) {
			u->input_ended = true;
			break;
		}
		uart_rx_push(u, (uint8_t)c);
	}
}

int uart_access(struct uart *u, const struct vmm_console_ops *con,
                struct vmm_vm *vm, unsigned reg, bool is_write, uint8_t *val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;
	bool loop = u->mcr & UART_MCR_LOOP;
	int out = 0;

	reg &= 7;
	if (is_write) {
		if (reg == UART_IER && !dlab && (*val & UART_IER_RDI) && vm && vm->kbd)
			/* A kernel that reads COM1 only in its IRQ4 handler claims
			 * stdin by asking for the interrupt, as IRQ1's unmask does. */
			vm_input_claim(vm, VM_INPUT_CONSOLE);
		if (uart_write(u, reg, *val) && con->write) {
			con->write(con->opaque, val, 1);
			out = 1;
		}
	} else {
		/* The polling ABI v1: an RBR read with nothing received takes
		 * the next stdin byte itself. */
		if (reg == UART_RBR_THR && !dlab && !loop && !u->rx_count &&
		    !u->input_ended && con->read && rx_ready(con, vm, true)) {
			int c = con->read(con->opaque, -1);

			if (c >= 0)
				uart_rx_push(u, (uint8_t)c);
			else
				u->input_ended = true;
		}
		*val = uart_read(u, reg);
		if (reg == UART_LSR && !(*val & UART_LSR_DR) && !loop &&
		    !u->input_ended && rx_ready(con, vm, false))
			*val |= UART_LSR_DR;
	}
	pull(u, con, vm);
	if (vm) {
		/* A THR write is a new THRE interrupt even when the last one
		 * was never acknowledged: the edge-triggered PIC must see the
		 * line fall and rise again. */
		if (is_write && reg == UART_RBR_THR && !dlab)
			vm_irq_set(vm, UART_COM1_IRQ, false);
		vm_irq_set(vm, UART_COM1_IRQ, uart_irq(u));
	}
	return out;
}

/* OFFSET is the register number: io.c hands it over (IO_OFFSET), so the
 * model does not know at which ports it is mapped. */
static int uart_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                   bool is_write, uint8_t *data, unsigned size)
{
	struct vm_uart *d = opaque;

	pthread_mutex_lock(&d->lock);
	/* A word or dword access touches consecutive registers, as on ISA. */
	for (unsigned i = 0; i < size; i++) {
		uint64_t reg = offset + i;
		if (reg > 7) {
			if (!is_write)
				data[i] = 0xFF;
			continue;
		}
		vcpu->stats.output_bytes +=
			uart_access(&d->model, &vcpu->console, vcpu->vm, (unsigned)reg, is_write, &data[i]);
	}
	pthread_mutex_unlock(&d->lock);
	return 0;
}

bool uart_halt_source(struct vmm_vcpu *vcpu)
{
	struct vm_uart *d = vcpu->vm->uart;
	bool armed;

	if (!d || !console_owns_input(vcpu->vm) ||
	    !vm_irq_line_enabled(vcpu->vm, UART_COM1_IRQ))
		return false;
	pthread_mutex_lock(&d->lock);
	armed = !d->model.input_ended && uart_rx_wants(&d->model);
	pthread_mutex_unlock(&d->lock);
	return armed;
}

void uart_poll_input(struct vmm_vcpu *vcpu)
{
	struct vm_uart *d = vcpu->vm->uart;

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	pull(&d->model, &vcpu->console, vcpu->vm);
	vm_irq_set(vcpu->vm, UART_COM1_IRQ, uart_irq(&d->model));
	pthread_mutex_unlock(&d->lock);
}

int uart_wait_input(struct vmm_vcpu *vcpu)
{
	const struct vmm_console_ops *con = &vcpu->console;
	struct vm_uart *d = vcpu->vm->uart;
	int c;

	/* Unlocked while blocked: only this vCPU's halt reads here; an access
	 * from another vCPU meanwhile finds the input not ready. */
	c = con->read ? con->read(con->opaque, vcpu->stop_fd) : -1;
	if (c == -2)
		return -2;
	pthread_mutex_lock(&d->lock);
	if (c < 0)
		d->model.input_ended = true;
	else
		uart_rx_push(&d->model, (uint8_t)c);
	pull(&d->model, con, vcpu->vm);
	vm_irq_set(vcpu->vm, UART_COM1_IRQ, uart_irq(&d->model));
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/*
 * Map D's eight registers at ports BASE..BASE+7. A THR write needs no
 * answer, so KVM may batch it: replayed in order before the next exit is
 * handled, its THRE interrupt comes no later than the guest could look.
 * With DLAB set the same port is the divisor latch, which the in-order
 * replay handles just as well. The other registers exit every time.
 */
static int uart_map(struct vmm_vm *vm, struct vm_uart *d, uint16_t base)
{
	if (io_register(vm, VMM_IO_PORT, base, UART_REG_COUNT, uart_io, d,
	                IO_OFFSET) < 0)
		return -1;
	return io_batch_writes(vm, VMM_IO_PORT, base + UART_RBR_THR, 1);
}

static void uart_free(void *state)
{
	struct vm_uart *d = state;

	pthread_mutex_destroy(&d->lock);
	free(d);
}

int vmm_uart_attach(struct vmm_vm *vm)
{
	struct vm_uart *d = malloc(sizeof(*d));

	if (!d)
		return set_error("out of memory");
	pthread_mutex_init(&d->lock, NULL);
	uart_init(&d->model);
	if (vm_own_device(vm, d, uart_free) < 0) {
		uart_free(d);
		return -1;
	}
	/* From here on the VM frees D, whatever happens. */
	vm->uart = d;
	return uart_map(vm, d, VMM_COM1_BASE);
}
