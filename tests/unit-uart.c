/* unit-uart.c: Check tests of COM1's 16550A (libvmm/uart.c and dev_uart.c): IIR priorities, Linux's FIFO detection, loopback, THRE re-arm, OUT2 gating of IRQ4, RX from stdin and the HLT source. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-main.h"
#include "internal.h"
#include "uart.h"

static void wr(struct uart *u, unsigned reg, uint8_t v)
{
	uart_write(u, reg, v);
}

static uint8_t rd(struct uart *u, unsigned reg)
{
	return uart_read(u, reg);
}

START_TEST(test_reset_state)
{
	struct uart u;

	uart_init(&u);
	ck_assert_uint_eq(rd(&u, UART_IER), 0x00);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x01);
	ck_assert_uint_eq(rd(&u, UART_LCR), 0x03);
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x60);
	/* A terminal is there: DCD, DSR, CTS; no deltas. */
	ck_assert_uint_eq(rd(&u, UART_MSR), 0xB0);
	ck_assert(!uart_irq(&u));
	/* IER's upper half reads 0 (Linux would take it for an XScale). */
	wr(&u, UART_IER, 0xFF);
	ck_assert_uint_eq(rd(&u, UART_IER), 0x0F);
}
END_TEST

/* The order drivers/tty/serial/8250/8250_port.c's autoconfig probes in:
 * the IER existence test, loopback, the EFR/FCR sequence, IIR's FIFO bits. */
START_TEST(test_linux_autoconfig)
{
	struct uart u;
	uint8_t save_mcr;

	uart_init(&u);
	wr(&u, UART_IER, 0);
	ck_assert_uint_eq(rd(&u, UART_IER) & 0x0F, 0);
	wr(&u, UART_IER, 0x0F);
	ck_assert_uint_eq(rd(&u, UART_IER) & 0x0F, 0x0F);
	wr(&u, UART_IER, 0);
	save_mcr = rd(&u, UART_MCR);
	/* Loopback: RTS and OUT2 come back as CTS and DCD. */
	wr(&u, UART_MCR, UART_MCR_LOOP | 0x0A);
	ck_assert_uint_eq(rd(&u, UART_MSR) & 0xF0, 0x90);
	wr(&u, UART_MCR, save_mcr);
	/* LCR 0xBF, "EFR" 0 (our FCR), then FIFOs on: IIR bits 7-6 = 3. */
	wr(&u, UART_LCR, 0xBF);
	wr(&u, UART_IIR_FCR, 0);
	wr(&u, UART_LCR, 0);
	wr(&u, UART_IIR_FCR, UART_FCR_ENABLE);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR) >> 6, 3);
	/* No EFR behind DLAB (IIR reads nonzero there), no 64-byte FIFO. */
	wr(&u, UART_LCR, 0x80);
	ck_assert_uint_ne(rd(&u, UART_IIR_FCR), 0);
	wr(&u, UART_IIR_FCR, UART_FCR_ENABLE | 0x20);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR) & 0x20, 0);
	wr(&u, UART_LCR, 0);
	/* FIFOs off: a 16450's IIR. */
	wr(&u, UART_IIR_FCR, 0);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x01);
}
END_TEST

START_TEST(test_iir_priorities)
{
	struct uart u;

	uart_init(&u);
	wr(&u, UART_IIR_FCR, UART_FCR_ENABLE | 0x80);   /* trigger level 8 */
	wr(&u, UART_IER, 0x0F);
	/* Only THRE (raised by enabling THRI). */
	ck_assert_uint_eq(uart_iir(&u), 0xC2);
	/* A modem status change ranks below THRE. */
	wr(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR);
	ck_assert_uint_eq(uart_iir(&u), 0xC2);
	/* Loopback data outranks THRE: below the trigger, a timeout. */
	wr(&u, UART_RBR_THR, 'x');
	ck_assert_uint_eq(uart_iir(&u), 0xCC);
	/* Fill past the trigger level: received data available. */
	for (int i = 0; i < 7; i++)
		wr(&u, UART_RBR_THR, 'y');
	ck_assert_uint_eq(uart_iir(&u), 0xC4);
	/* Overrun outranks everything; reading LSR clears it. */
	for (int i = 0; i < 9; i++)
		wr(&u, UART_RBR_THR, 'z');
	ck_assert_uint_eq(uart_iir(&u), 0xC6);
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x63);
	ck_assert_uint_eq(uart_iir(&u), 0xC4);
	/* Drain: 16 bytes, the first 'x', then THRE again, then modem status. */
	ck_assert_uint_eq(rd(&u, UART_RBR_THR), 'x');
	for (int i = 0; i < 15; i++)
		rd(&u, UART_RBR_THR);
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x60);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0xC2);   /* acknowledges THRE */
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0xC0);   /* modem status */
	/* Loopback with DTR alone: CTS and DCD dropped, DSR stayed. */
	ck_assert_uint_eq(rd(&u, UART_MSR), 0x29);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0xC1);
}
END_TEST

START_TEST(test_loopback)
{
	struct uart u;

	uart_init(&u);
	wr(&u, UART_MCR, UART_MCR_LOOP);
	/* Bytes sent come back, none goes out. */
	ck_assert(!uart_write(&u, UART_RBR_THR, 'a'));
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x61);
	ck_assert_uint_eq(rd(&u, UART_RBR_THR), 'a');
	/* Without FIFOs the receiver holds one byte: the second overruns. */
	wr(&u, UART_RBR_THR, 'b');
	wr(&u, UART_RBR_THR, 'c');
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x63);
	ck_assert_uint_eq(rd(&u, UART_RBR_THR), 'b');
	/* Each MCR output is an MSR input. */
	wr(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT1 | UART_MCR_OUT2);
	ck_assert_uint_eq(rd(&u, UART_MSR) & 0xF0, 0xF0);
	/* RI going inactive is TERI; the others count any change. */
	wr(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	ck_assert_uint_eq(rd(&u, UART_MSR), 0xB4);
	ck_assert_uint_eq(rd(&u, UART_MSR), 0xB0);
	/* Out of loopback, transmitting is output again. */
	wr(&u, UART_MCR, 0);
	ck_assert(uart_write(&u, UART_RBR_THR, 'd'));
}
END_TEST

START_TEST(test_thre_rearm)
{
	struct uart u;

	uart_init(&u);
	wr(&u, UART_MCR, UART_MCR_OUT2);
	/* THRI enabled with THR empty: pending; IIR acknowledges it. */
	wr(&u, UART_IER, UART_IER_THRI);
	ck_assert(uart_irq(&u));
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x02);
	ck_assert(!uart_irq(&u));
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x01);
	/* Linux's THRE test: off and on again re-asserts it. */
	wr(&u, UART_IER, 0);
	wr(&u, UART_IER, UART_IER_THRI);
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x02);
	/* Each transmitted byte raises it again. */
	ck_assert(uart_write(&u, UART_RBR_THR, 'a'));
	ck_assert(uart_irq(&u));
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x02);
	ck_assert(!uart_irq(&u));
	/* Rewriting IER with THRI still set raises nothing. */
	wr(&u, UART_IER, UART_IER_THRI);
	ck_assert(!uart_irq(&u));
	/* A divisor latch write is no transmission. */
	wr(&u, UART_LCR, 0x83);
	wr(&u, UART_RBR_THR, 1);
	wr(&u, UART_LCR, 0x03);
	ck_assert(!uart_irq(&u));
}
END_TEST

START_TEST(test_out2_gating)
{
	struct uart u;

	uart_init(&u);
	wr(&u, UART_IER, UART_IER_THRI);
	ck_assert_uint_eq(uart_iir(&u), 0x02);
	ck_assert(!uart_irq(&u));            /* pending, but OUT2 is low */
	wr(&u, UART_MCR, UART_MCR_OUT2);
	ck_assert(uart_irq(&u));
	/* Loopback forces the OUT pins inactive: no IRQ4. */
	wr(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_LOOP);
	ck_assert(!uart_irq(&u));
	wr(&u, UART_MCR, UART_MCR_OUT2);
	ck_assert(uart_irq(&u));
}
END_TEST

START_TEST(test_fifo_control)
{
	struct uart u;

	uart_init(&u);
	wr(&u, UART_IIR_FCR, UART_FCR_ENABLE);
	ck_assert_uint_eq(uart_rx_room(&u), 16);
	wr(&u, UART_MCR, UART_MCR_LOOP);
	wr(&u, UART_RBR_THR, '1');
	wr(&u, UART_RBR_THR, '2');
	/* Clearing the RX FIFO empties it, the FIFOs stay on. */
	wr(&u, UART_IIR_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX);
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x60);
	ck_assert_uint_eq(uart_iir(&u) & 0xC0, 0xC0);
	/* Switching them off empties them too, and leaves one byte of room. */
	wr(&u, UART_RBR_THR, '3');
	wr(&u, UART_IIR_FCR, 0);
	ck_assert_uint_eq(rd(&u, UART_LSR), 0x60);
	ck_assert_uint_eq(uart_rx_room(&u), 1);
	/* RX is fed only when the guest asked for it by interrupt, with
	 * OUT2 letting the interrupt out. */
	wr(&u, UART_MCR, 0);
	ck_assert(!uart_rx_wants(&u));
	wr(&u, UART_IER, UART_IER_RDI);
	ck_assert(!uart_rx_wants(&u));
	wr(&u, UART_MCR, UART_MCR_OUT2);
	ck_assert(uart_rx_wants(&u));
	uart_rx_push(&u, 'q');
	ck_assert(!uart_rx_wants(&u));
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x04);
	ck_assert_uint_eq(rd(&u, UART_RBR_THR), 'q');
	ck_assert_uint_eq(rd(&u, UART_IIR_FCR), 0x01);
}
END_TEST

/* ---- dev_uart.c: the console, stdin's owner and IRQ4 on a VM with PICs ---- */

static char output[64];
static size_t output_len;
static const char *input;
static size_t input_pos, input_len;

static void con_write(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	for (size_t i = 0; i < len && output_len < sizeof(output); i++)
		output[output_len++] = (char)buf[i];
}

static int con_read(void *opaque, int stop_fd)
{
	(void)opaque;
	(void)stop_fd;
	return input_pos < input_len ? (uint8_t)input[input_pos++] : -1;
}

static bool con_ready(void *opaque)
{
	(void)opaque;
	return input_pos < input_len;
}

static struct vmm_vm vm;
static struct vmm_vcpu vcpu;

static void set_input(const char *s)
{
	input = s;
	input_pos = 0;
	input_len = strlen(s);
}

/* A VM with the PICs (IRQ4 unmasked at vector 0x20 + 4), COM1, and a
 * vCPU 0 made by hand: no KVM. */
static void vm_setup(void)
{
	static const uint8_t init[2][4] = { { 0x11, 0x20, 0x04, 0x01 }, { 0x11, 0x28, 0x02, 0x01 } };
	uint8_t v;

	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	vm.kvm_fd = vm.vm_fd = -1;
	vcpu.vm = &vm;
	vcpu.thread = pthread_self();
	vcpu.stop_fd = -1;
	vcpu.console = (struct vmm_console_ops){ con_write, con_read, con_ready, NULL };
	ck_assert_int_eq(vm_irq_attach_pic(&vm), 0);
	vm.irq.target = &vcpu;
	for (unsigned c = 0; c < 2; c++)
		for (unsigned i = 0; i < 4; i++) {
			v = init[c][i];
			pic_access(&vm.irq.pic, c, i ? 1 : 0, true, &v);
		}
	v = 0xEF;
	pic_access(&vm.irq.pic, 0, 1, true, &v);
	ck_assert_int_eq(vmm_uart_attach(&vm), 0);
	output_len = 0;
	set_input("");
}

static void vm_teardown(void)
{
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
	vm.device_count = 0;
}

static void port_out(unsigned reg, uint8_t v)
{
	ck_assert_int_eq(io_dispatch(&vcpu, VMM_IO_PORT, VMM_COM1_BASE + reg, true, &v, 1), 0);
}

static uint8_t port_in(unsigned reg)
{
	uint8_t v = 0x5A;

	ck_assert_int_eq(io_dispatch(&vcpu, VMM_IO_PORT, VMM_COM1_BASE + reg, false, &v, 1), 0);
	return v;
}

START_TEST(test_device_thre_edges)
{
	vm_setup();
	port_out(UART_IER, UART_IER_THRI);
	/* OUT2 low: the chip's interrupt does not reach IRQ4. */
	ck_assert(!vm_irq_level(&vm, 4));
	port_out(UART_MCR, UART_MCR_OUT2);
	ck_assert(vm_irq_level(&vm, 4));
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 1);
	/* Every byte is a new edge, even with the last THRE unacknowledged. */
	port_out(UART_RBR_THR, 'h');
	port_out(UART_RBR_THR, 'i');
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 3);
	ck_assert_uint_eq(output_len, 2);
	ck_assert_mem_eq(output, "hi", 2);
	ck_assert_uint_eq(port_in(UART_IIR_FCR), 0x02);
	ck_assert(!vm_irq_level(&vm, 4));
	vm_teardown();
}
END_TEST

START_TEST(test_device_rx_interrupts)
{
	vm_setup();
	set_input("abc");
	/* Polling as ABI v1: LSR looks, RBR reads (and claims stdin). */
	ck_assert_uint_eq(port_in(UART_LSR), 0x61);
	ck_assert_uint_eq(input_pos, 0);
	ck_assert_uint_eq(port_in(UART_RBR_THR), 'a');
	ck_assert_uint_eq(input_pos, 1);
	/* By interrupt: the FIFO takes what stdin has, 16 bytes at most. */
	port_out(UART_IIR_FCR, UART_FCR_ENABLE);
	port_out(UART_MCR, UART_MCR_OUT2);
	port_out(UART_IER, UART_IER_RDI);
	ck_assert_uint_eq(input_pos, 3);
	ck_assert(vm_irq_level(&vm, 4));
	ck_assert_uint_eq(port_in(UART_IIR_FCR), 0xC4);
	ck_assert_uint_eq(port_in(UART_RBR_THR), 'b');
	ck_assert_uint_eq(port_in(UART_RBR_THR), 'c');
	ck_assert(!vm_irq_level(&vm, 4));
	ck_assert_uint_eq(port_in(UART_IIR_FCR), 0xC1);
	/* A HLT may wait for more: COM1 is an armed source... */
	ck_assert(uart_halt_source(&vcpu));
	/* ...and a byte arriving meanwhile is taken and raises IRQ4. */
	set_input("0123456789abcdefXYZ");
	uart_poll_input(&vcpu);
	ck_assert_uint_eq(input_pos, 16);
	ck_assert(vm_irq_level(&vm, 4));
	ck_assert(!uart_halt_source(&vcpu));   /* full: the rest waits */
	ck_assert_uint_eq(port_in(UART_RBR_THR), '0');
	ck_assert_uint_eq(input_pos, 17);
	/* With IRQ4 masked at the PIC it is no source. */
	uint8_t v = 0xFF;
	pic_access(&vm.irq.pic, 0, 1, true, &v);
	ck_assert(!uart_halt_source(&vcpu));
	vm_teardown();
}
END_TEST

START_TEST(test_device_keyboard_owns_stdin)
{
	struct vm_kbd *fake = (struct vm_kbd *)&vm;   /* only compared with NULL */

	vm_setup();
	vm.kbd = fake;
	set_input("k");
	ck_assert(vm_input_claim(&vm, VM_INPUT_KBD));
	port_out(UART_MCR, UART_MCR_OUT2);
	port_out(UART_IER, UART_IER_RDI);
	ck_assert_uint_eq(port_in(UART_LSR), 0x60);
	ck_assert_uint_eq(port_in(UART_RBR_THR), 0);
	ck_assert_uint_eq(input_pos, 0);
	ck_assert(!uart_halt_source(&vcpu));
	vm.kbd = NULL;
	vm_teardown();
}
END_TEST

START_TEST(test_device_ier_claims_stdin)
{
	struct vm_kbd *fake = (struct vm_kbd *)&vm;

	vm_setup();
	vm.kbd = fake;
	/* A kernel reading COM1 only in its IRQ4 handler asks for RDI first. */
	port_out(UART_IER, UART_IER_RDI);
	ck_assert_int_eq(vm.input_owner, VM_INPUT_CONSOLE);
	vm.kbd = NULL;
	vm_teardown();
}
END_TEST

static Suite *uart_suite(void)
{
	Suite *s = suite_create("uart");
	TCase *t = tcase_create("16550a");

	tcase_add_test(t, test_reset_state);
	tcase_add_test(t, test_linux_autoconfig);
	tcase_add_test(t, test_iir_priorities);
	tcase_add_test(t, test_loopback);
	tcase_add_test(t, test_thre_rearm);
	tcase_add_test(t, test_out2_gating);
	tcase_add_test(t, test_fifo_control);
	suite_add_tcase(s, t);
	t = tcase_create("com1");
	tcase_add_test(t, test_device_thre_edges);
	tcase_add_test(t, test_device_rx_interrupts);
	tcase_add_test(t, test_device_keyboard_owns_stdin);
	tcase_add_test(t, test_device_ier_claims_stdin);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(uart_suite());
}
