/* uart-fuzz.c: libFuzzer target: COM1 register sequences (byte accesses and port I/O exits of every size and count) against a model of the 16550 subset of guest ABI v1. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "uart.h"

/*
 * Two ways in, both checked against one model written from vmm-abi(7),
 * COM1 UART, and uart.h:
 *   - uart_access() on a struct uart of our own, one register at a time;
 *   - VM exits through vcpu_dispatch_exit() on a hand-made VM with only
 *     the UART attached (vmm_uart_attach), as hostile guests make them:
 *     IN/OUT of size 1, 2 and 4 at and around 0x3F8-0x3FF, string I/O.
 * The model: THR writes (DLAB clear) are console output; RBR reads take
 * the next input byte when one is ready, else 0; LSR is THRE|TEMT plus DR
 * when input is ready; IIR reads 0x01; DLAB switches offsets 0 and 1 to
 * the divisor latch; every other register reads back what was written
 * (LSR ignores writes). A word or dword access covers consecutive
 * registers; bytes past 0x3FF read all ones. An access is routed by its
 * first port: one that starts below 0x3F8 is unclaimed (all ones),
 * whatever it overlaps.
 *
 * Input: operations, each an opcode byte:
 *   op % 4 == 0  byte access    reg:1 write:1 value:1      (uart_access)
 *   op % 4 == 1  I/O exit       dir:1 size:1 port:1 count:1, then data
 *                               (port 0x3F0 + port % 0x18)
 *   op % 4 == 2  input          len:1 bytes                (replaces it)
 *   op % 4 == 3  input ends     (no bytes left)
 */

struct model {
	uint8_t ier, lcr, mcr, msr, scr, dll, dlm, fcr;
};

static void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->dll = 0x0C;
	m->lcr = 0x03;
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
		abort();  /* the UART never waits for input */
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

static uint8_t model_access(struct model *m, unsigned reg, bool is_write,
                            uint8_t val)
{
	bool dlab = m->lcr & 0x80;
	bool ready = in_model < input_len;

	if (is_write) {
		switch (reg) {
		case 0: if (dlab) m->dll = val; else model_emit(val); break;
		case 1: if (dlab) m->dlm = val; else m->ier = val; break;
		case 2: m->fcr = val; break;
		case 3: m->lcr = val; break;
		case 4: m->mcr = val; break;
		case 5: break;
		case 6: m->msr = val; break;
		case 7: m->scr = val; break;
		}
		return val;
	}
	switch (reg) {
	case 0: return dlab ? m->dll : ready ? input[in_model++] : 0;
	case 1: return dlab ? m->dlm : m->ier;
	case 2: return 0x01;
	case 3: return m->lcr;
	case 4: return m->mcr;
	case 5: return 0x60 | (ready ? 1 : 0);
	case 6: return m->msr;
	default: return m->scr;
	}
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
	if (vmm_uart_attach(&vm) < 0)
		abort();
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
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

		switch (op & 3) {
		case 0: {
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
		case 1: {
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
		}
		if (in_dev != in_model)
			fail("input consumed differs from the model's");
		if (out_dev_len != out_model_len ||
		    memcmp(out_dev, out_model, out_dev_len) != 0)
			fail("console output differs from the model's");
	}
done:
	pthread_mutex_destroy(&direct.lock);
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	return 0;
}
