/* uart-fuzz.c: libFuzzer target: COM1 register sequences (byte accesses, port I/O exits of every size and count, HLT looks, IRQ4 masking) against a model of the 16550A of vmm-abi(7), interrupts and IRQ4 included. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "uart.h"

/*
 * Two ways in, both checked against one model written from vmm-abi(7),
 * COM1 UART, and the 16550A datasheet:
 *   - uart_access() on a struct uart of our own, one register at a time;
 *   - VM exits through vcpu_dispatch_exit() on a hand-made VM with the
 *     PICs and the UART attached (vmm_uart_attach), as hostile guests make
 *     them: IN/OUT of size 1, 2 and 4 at and around 0x3F8-0x3FF, string
 *     I/O; and the HLT paths (uart_poll_input, uart_halt_source).
 * The model: THR writes (DLAB clear) are console output, or received
 * again in loopback (MCR bit 4), and re-arm the THRE interrupt; RBR reads
 * take the oldest received byte, else the next input byte when one is
 * ready, else 0; with IER.RDI and OUT2 set (not in loopback) bytes are
 * taken from input while the receiver has room (16 with FIFOs, else 1);
 * LSR is THRE|TEMT plus DR and the overrun bit; IIR names the pending
 * source by the 16550A's priorities with bits 7-6 set when FIFOs are on;
 * MSR shows DCD|DSR|CTS, or MCR's outputs in loopback, with deltas;
 * IRQ4 is high when a source is pending with OUT2 set outside loopback.
 * DLAB switches offsets 0 and 1 to the divisor latch. A word or dword
 * access covers consecutive registers; bytes past 0x3FF read all ones.
 * An access is routed by its first port: one that starts below 0x3F8 is
 * unclaimed (all ones), whatever it overlaps.
 *
 * Input: operations, each an opcode byte:
 *   op % 8 == 0, 4  byte access  reg:1 write:1 value:1      (uart_access)
 *   op % 8 == 1, 5  I/O exit     dir:1 size:1 port:1 count:1, then data
 *                                (port 0x3F0 + port % 0x18)
 *   op % 8 == 2     input        len:1 bytes                (replaces it)
 *   op % 8 == 3     input ends   (no bytes left)
 *   op % 8 == 6     a HLT looks  (uart_poll_input, uart_halt_source)
 *   op % 8 == 7     IRQ4 at the PIC  mask:1 (bit 0: masked)
 */

struct model {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr, lines, delta, err;
	bool thre;
	uint8_t fifo[16];
	unsigned n;               /* bytes received; fifo[0] the oldest */
};

static void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->dll = 0x0C;
	m->lcr = 0x03;
	m->lines = 0xB0;
}

/* Output and input, the device's and the model's. */
static uint8_t out_dev[1 << 16], out_model[1 << 16];
static size_t out_dev_len, out_model_len;
static uint8_t input[256];
static size_t input_len, in_dev, in_model;

static void con_write(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	for (size_t i = 0; i < len; i++) {
		if (out_dev_len == sizeof(out_dev))
			abort();
		out_dev[out_dev_len++] = buf[i];
	}
}

static int con_read(void *opaque, int stop_fd)
{
	(void)opaque;
	if (stop_fd != -1)
		abort();  /* the UART never waits for input here */
	return in_dev < input_len ? input[in_dev++] : -1;
}

static bool con_ready(void *opaque)
{
	(void)opaque;
	return in_dev < input_len;
}

static void model_emit(uint8_t b)
{
	if (out_model_len == sizeof(out_model))
		abort();
	out_model[out_model_len++] = b;
}

static unsigned model_room(const struct model *m)
{
	unsigned cap = (m->fcr & 1) ? 16 : 1;

	return m->n < cap ? cap - m->n : 0;
}

static void model_receive(struct model *m, uint8_t b)
{
	if (!model_room(m))
		m->err |= 0x02;
	else
		m->fifo[m->n++] = b;
}

static uint8_t model_pop(struct model *m)
{
	uint8_t b;

	if (!m->n)
		return 0;
	b = m->fifo[0];
	memmove(m->fifo, m->fifo + 1, --m->n);
	return b;
}

static bool loop_on(const struct model *m)
{
	return m->mcr & 0x10;
}

static uint8_t model_iir(const struct model *m)
{
	static const uint8_t level[4] = { 1, 4, 8, 14 };
	uint8_t hi = (m->fcr & 1) ? 0xC0 : 0x00;

	if ((m->ier & 4) && m->err)
		return hi | 6;
	if ((m->ier & 1) && m->n)
		return hi | ((hi && m->n < level[m->fcr >> 6]) ? 0x0C : 4);
	if ((m->ier & 2) && m->thre)
		return hi | 2;
	if ((m->ier & 8) && m->delta)
		return hi;
	return hi | 1;
}

static bool model_irq(const struct model *m)
{
	return (m->mcr & 0x18) == 0x08 && !(model_iir(m) & 1);
}

/* Input is taken while the guest wants it by interrupt. */
static void model_pull(struct model *m)
{
	while ((m->ier & 1) && (m->mcr & 0x18) == 0x08 && model_room(m) && in_model < input_len)
		model_receive(m, input[in_model++]);
}

static void model_set_mcr(struct model *m, uint8_t val)
{
	uint8_t now, diff;

	m->mcr = val & 0x1F;
	now = !loop_on(m) ? 0xB0 :
	      (uint8_t)(((val & 2) << 3) | ((val & 1) << 5) | ((val & 4) << 4) | ((val & 8) << 4));
	diff = now ^ m->lines;
	m->delta |= (uint8_t)(((diff >> 4) & 0x0B) | ((diff & 0x40) && !(now & 0x40) ? 4 : 0));
	m->lines = now;
}

static uint8_t model_access(struct model *m, unsigned reg, bool is_write,
                            uint8_t val)
{
	bool dlab = m->lcr & 0x80;
	uint8_t r = val;

	if (is_write) {
		switch (reg) {
		case 0:
			if (dlab) {
				m->dll = val;
				break;
			}
			m->thre = true;
			if (loop_on(m))
				model_receive(m, val);
			else
				model_emit(val);
			break;
		case 1:
			if (dlab) {
				m->dlm = val;
				break;
			}
			if ((val & 2) && !(m->ier & 2))
				m->thre = true;
			m->ier = val & 0x0F;
			break;
		case 2:
			if ((val ^ m->fcr) & 1)
				m->n = 0;
			if (val & 1) {
				if (val & 2)
					m->n = 0;
				m->fcr = val & 0xC9;
			} else {
				m->fcr = 0;
			}
			break;
		case 3: m->lcr = val; break;
		case 4: model_set_mcr(m, val); break;
		case 7: m->scr = val; break;
		default: break;   /* LSR and MSR ignore writes */
		}
		model_pull(m);
		return r;
	}
	switch (reg) {
	case 0:
		if (dlab) {
			r = m->dll;
			break;
		}
		if (!m->n && !loop_on(m) && in_model < input_len)
			model_receive(m, input[in_model++]);
		r = model_pop(m);
		break;
	case 1: r = dlab ? m->dlm : m->ier; break;
	case 2:
		r = model_iir(m);
		if ((r & 0x0F) == 2)
			m->thre = false;
		break;
	case 3: r = m->lcr; break;
	case 4: r = m->mcr; break;
	case 5:
		r = (uint8_t)(0x60 | m->err | (m->n ? 1 : 0));
		if (!m->n && !loop_on(m) && in_model < input_len)
			r |= 1;
		m->err = 0;
		break;
	case 6:
		r = m->lines | m->delta;
		m->delta = 0;
		break;
	default: r = m->scr; break;
	}
	model_pull(m);
	return r;
}

static void fail(const char *what)
{
	fprintf(stderr, "uart-fuzz: %s\n", what);
	abort();
}

static struct vmm_vm vm;
static struct vmm_vcpu vcpu;
static uint8_t run_mem[0x3000];

static void do_exit(struct model *m, bool is_out, unsigned size, uint16_t port,
                    uint32_t count, const uint8_t *data, size_t data_len)
{
	struct kvm_run *run = (struct kvm_run *)run_mem;
	const uint32_t off = 0x1000;
	uint8_t *io = run_mem + off;
	uint8_t want[sizeof(run_mem) - 0x1000];
	uint64_t unclaimed0 = vcpu.stats.unclaimed_io;
	uint64_t unclaimed = 0;
	bool valid = (size == 1 || size == 2 || size == 4) &&
	             (uint64_t)off + (uint64_t)count * size <= sizeof(run_mem);
	int r;

	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = is_out ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = (uint8_t)size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = off;
	memset(io, 0x5A, sizeof(want));
	memcpy(io, data, data_len < sizeof(want) ? data_len : sizeof(want));
	memcpy(want, io, sizeof(want));
	for (uint32_t i = 0; valid && i < count; i++) {
		uint8_t *el = want + (size_t)i * size;

		if (port < VMM_COM1_BASE || port > VMM_COM1_BASE + 7) {
			unclaimed++;
			if (!is_out)
				memset(el, 0xFF, size);
			continue;
		}
		for (unsigned b = 0; b < size; b++) {
			unsigned reg = port - VMM_COM1_BASE + b;

			if (reg > 7) {
				if (!is_out)
					el[b] = 0xFF;
				continue;
			}
			el[b] = model_access(m, reg, is_out, el[b]);
		}
	}
	r = vcpu_dispatch_exit(&vcpu);
	if (!valid) {
		if (r != -1)
			fail("a malformed I/O exit was accepted");
		return;
	}
	if (r != 0 || vcpu.pending_stop != VMM_STOP_NONE)
		fail("a UART access failed or stopped the guest");
	if (memcmp(io, want, sizeof(want)) != 0)
		fail("data returned to the guest differs from the model's");
	if (vcpu.stats.unclaimed_io - unclaimed0 != unclaimed)
		fail("unclaimed accesses counted wrongly");
	if (vm_irq_level(&vm, UART_COM1_IRQ) != model_irq(m))
		fail("IRQ4 differs from the model's");
}

/* IRQ4 let through (or not) at the master PIC, the rest masked. */
static void pic_mask_irq4(bool masked)
{
	uint8_t imr = masked ? 0xFF : 0xEF;

	pic_access(&vm.irq.pic, 0, 1, true, &imr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model direct_model, port_model;
	struct uart direct;
	size_t pos = 0;
	unsigned steps = 0;

	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	vm.run_size = sizeof(run_mem);
	if (vm_irq_attach_pic(&vm) < 0 || vmm_uart_attach(&vm) < 0)
		abort();
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.thread = pthread_self();   /* interrupts need no kick */
	vm.irq.target = &vcpu;
	vcpu.fd = vcpu.stop_fd = -1;
	vcpu.run = (struct kvm_run *)run_mem;
	vcpu.console = (struct vmm_console_ops){ con_write, con_read, con_ready, NULL };
	vcpu.regs_valid = vcpu.sregs_valid = true;

	uart_init(&direct);
	model_init(&direct_model);
	model_init(&port_model);
	out_dev_len = out_model_len = 0;
	input_len = in_dev = in_model = 0;

	while (pos < size && steps++ < 512) {
		uint8_t op = data[pos++];

		switch (op & 7) {
		case 0:
		case 4: {
			uint8_t val, want;
			if (size - pos < 3)
				goto done;
			val = data[pos + 2];
			want = model_access(&direct_model, data[pos] & 7, data[pos + 1] & 1, val);
			/* Register numbers are taken modulo 8, as the port is. */
			uart_access(&direct, &vcpu.console, NULL, data[pos], data[pos + 1] & 1, &val);
			if (val != want)
				fail("uart_access differs from the model");
			pos += 3;
			break;
		}
		case 1:
		case 5: {
			static const unsigned sizes[8] = { 1, 2, 4, 1, 1, 2, 4, 3 };
			const uint8_t *b = data + pos;
			unsigned sz;
			size_t n;
			if (size - pos < 4)
				goto done;
			pos += 4;
			sz = sizes[b[1] & 7];
			n = (size_t)b[3] * sz;
			if (n > size - pos)
				n = size - pos;
			do_exit(&port_model, b[0] & 1, sz, (uint16_t)(0x3F0 + b[2] % 0x18),
			        b[3], data + pos, n);
			pos += n;
			break;
		}
		case 2: {
			size_t len;
			if (size - pos < 1)
				goto done;
			len = data[pos++];
			if (len > size - pos)
				len = size - pos;
			memcpy(input, data + pos, len);
			pos += len;
			input_len = len;
			in_dev = in_model = 0;
			break;
		}
		case 3:
			in_dev = in_model = input_len;
			break;
		case 6: {
			/* What a HLT with IF set does: take input, then ask whether
			 * COM1 is a source to wait for. */
			bool armed;

			uart_poll_input(&vcpu);
			model_pull(&port_model);
			armed = (port_model.ier & 1) && (port_model.mcr & 0x18) == 0x08 &&
			        model_room(&port_model) && vm_irq_line_enabled(&vm, UART_COM1_IRQ);
			if (uart_halt_source(&vcpu) != armed)
				fail("uart_halt_source differs from the model");
			if (vm_irq_level(&vm, UART_COM1_IRQ) != model_irq(&port_model))
				fail("IRQ4 after a HLT's look differs from the model's");
			break;
		}
		case 7:
			if (size - pos < 1)
				goto done;
			pic_mask_irq4(data[pos++] & 1);
			break;
		}
		if (in_dev != in_model)
			fail("input consumed differs from the model's");
		if (out_dev_len != out_model_len ||
		    memcmp(out_dev, out_model, out_dev_len) != 0)
			fail("console output differs from the model's");
	}
done:
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	return 0;
}
