/* unit-core.c: Check tests of libvmm's guest-address checks, line buffer, UART, batching, console output batching and interrupt lines (no KVM). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check-main.h"
#include "gdb_proto.h"
#include "gdb_target.h"
#include "internal.h"
#include "uart.h"

/* ---- range_inside / vmm_gpa_to_hva ---- */

START_TEST(test_range_inside_bounds)
{
	ck_assert(range_inside(0x1000, 0x1000, 0x1000, 0x1000));
	ck_assert(range_inside(0x1fff, 1, 0x1000, 0x1000));
	ck_assert(!range_inside(0x1fff, 2, 0x1000, 0x1000));
	ck_assert(!range_inside(0xfff, 1, 0x1000, 0x1000));
	ck_assert(range_inside(0x1000, 0, 0x1000, 0x1000));
	ck_assert(!range_inside(0x2000, 0, 0x1000, 0x1000));  /* one past the end */
	ck_assert(!range_inside(0x2000, 1, 0x1000, 0x1000));
}
END_TEST

START_TEST(test_range_inside_overflow)
{
	/* Sums that would wrap must not sneak back inside. */
	ck_assert(!range_inside(0x1800, UINT64_MAX, 0x1000, 0x1000));
	ck_assert(!range_inside(UINT64_MAX, 2, 0x1000, 0x1000));
	ck_assert(!range_inside(0x1000, UINT64_MAX - 0xfff, 0x1000, 0x1000));
	ck_assert(range_inside(UINT64_MAX - 0xfff, 0x1000, UINT64_MAX - 0xfff, 0x1000));
	ck_assert(!range_inside(UINT64_MAX - 0xfff, 0x1001, UINT64_MAX - 0xfff, 0x1000));
}
END_TEST

START_TEST(test_gpa_to_hva_slots)
{
	static uint8_t a[0x2000], b[0x1000];
	struct vmm_vm vm;

	memset(&vm, 0, sizeof(vm));
	vm.ram[0] = (struct ram_slot){ 0x0, sizeof(a), a };
	vm.ram[1] = (struct ram_slot){ 0x40000, sizeof(b), b };
	vm.ram_count = 2;
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0, 16), a);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0x1ff0, 16), a + 0x1ff0);
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0x1ff0, 17));
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0x40000, 0x1000), b);
	/* A range may not span two slots, even adjacent ones. */
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0x2000, 1));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0x3ffff, 2));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, UINT64_MAX, 1));
}
END_TEST

/* PC RAM (pc_ram.c): one host mapping, seen by the translator as the
 * ranges around the read-only area below 1 MiB. */
START_TEST(test_gpa_to_hva_pc_ram)
{
	const uint64_t size = 4u << 20;
	uint8_t *ram = calloc(1, size);
	struct vmm_vm vm;

	ck_assert_ptr_nonnull(ram);
	memset(&vm, 0, sizeof(vm));
	/* With the read-only area: [0, 0xC0000) and [0x100000, 4 MiB). */
	vm.ram_count = pc_ram_ranges(size, true, ram, vm.ram);
	ck_assert_uint_eq(vm.ram_count, 2);
	/* Low RAM runs on into the VGA window: both are memory. */
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0x9F000, 0x2000), ram + 0x9F000);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0xB8000, 4000), ram + 0xB8000);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0xBFFFF, 1), ram + 0xBFFFF);
	/* Into, inside and across the read-only area: not RAM. */
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0xBFFFF, 2));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0xC0000, 1));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0xFFFFF, 1));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0xFFFFF, 2));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0xBF000, 0x42000));
	/* Above 1 MiB: the same mapping, at the same offset. */
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0x100000, 16), ram + 0x100000);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, size - 16, 16), ram + size - 16);
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, size - 16, 17));
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, UINT64_MAX, 2));
	/* Without it (the vmm protocol): RAM [0, size) is one range. */
	vm.ram_count = pc_ram_ranges(size, false, ram, vm.ram);
	ck_assert_uint_eq(vm.ram_count, 1);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0xBF000, 0x42000), ram + 0xBF000);
	ck_assert_ptr_eq(vmm_gpa_to_hva(&vm, 0, size), ram);
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0, size + 1));
	/* Exactly 1 MiB with the read-only area: nothing above it. */
	vm.ram_count = pc_ram_ranges(1u << 20, true, ram, vm.ram);
	ck_assert_uint_eq(vm.ram_count, 1);
	ck_assert_ptr_null(vmm_gpa_to_hva(&vm, 0x100000, 0));
	free(ram);
}
END_TEST

/* ---- line buffer ---- */

static char sink_buf[8192];
static size_t sink_len;
static unsigned sink_calls;

static void sink(void *opaque, const char *line, size_t len)
{
	(void)opaque;
	ck_assert_uint_le(sink_len + len, sizeof(sink_buf));
	memcpy(sink_buf + sink_len, line, len);
	sink_len += len;
	sink_calls++;
}

static void sink_reset(void)
{
	sink_len = 0;
	sink_calls = 0;
	memset(sink_buf, 0, sizeof(sink_buf));
}

START_TEST(test_linebuf_whole_lines)
{
	struct vmm_linebuf *lb = vmm_linebuf_new("[vCPU 1:counter] ", sink, NULL);

	sink_reset();
	vmm_linebuf_write(lb, (const uint8_t *)"0\n1", 3);
	ck_assert_str_eq(sink_buf, "[vCPU 1:counter] 0\n");
	vmm_linebuf_write(lb, (const uint8_t *)"2\n\n", 3);
	ck_assert_str_eq(sink_buf, "[vCPU 1:counter] 0\n[vCPU 1:counter] 12\n[vCPU 1:counter] \n");
	ck_assert_uint_eq(sink_calls, 3);
	vmm_linebuf_write(lb, (const uint8_t *)"tail", 4);
	ck_assert_uint_eq(sink_calls, 3);
	vmm_linebuf_flush(lb);
	ck_assert_uint_eq(sink_calls, 4);
	ck_assert(strstr(sink_buf, "[vCPU 1:counter] tail\n") != NULL);
	vmm_linebuf_flush(lb);  /* nothing pending: nothing emitted */
	ck_assert_uint_eq(sink_calls, 4);
	vmm_linebuf_free(lb);
}
END_TEST

START_TEST(test_linebuf_long_line_is_broken)
{
	struct vmm_linebuf *lb = vmm_linebuf_new("> ", sink, NULL);
	uint8_t big[5000];

	sink_reset();
	memset(big, 'x', sizeof(big));
	vmm_linebuf_write(lb, big, sizeof(big));
	/* One full line of 4096 bytes went out, prefixed and terminated. */
	ck_assert_uint_eq(sink_calls, 1);
	ck_assert_uint_eq(sink_len, 2 + 4096 + 1);
	ck_assert_int_eq(sink_buf[sink_len - 1], '\n');
	vmm_linebuf_flush(lb);
	ck_assert_uint_eq(sink_len, (2 + 4096 + 1) + (2 + 904 + 1));
	vmm_linebuf_free(lb);
}
END_TEST

/* ---- UART ---- */

static uint8_t input[8];
static size_t input_pos, input_len;
static char output[64];
static size_t output_len;

static void con_write(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	memcpy(output + output_len, buf, len);
	output_len += len;
}

static int con_read(void *opaque, int stop_fd)
{
	(void)opaque;
	(void)stop_fd;
	return input_pos < input_len ? input[input_pos++] : -1;
}

static bool con_ready(void *opaque)
{
	(void)opaque;
	return input_pos < input_len;
}

static const struct vmm_console_ops fake_console = { con_write, con_read, con_ready, NULL };

static uint8_t uart_rd(struct uart *u, unsigned reg)
{
	uint8_t v = 0x5a;

	ck_assert_int_eq(uart_access(u, &fake_console, NULL, reg, false, &v), 0);
	return v;
}

static int uart_wr(struct uart *u, unsigned reg, uint8_t v)
{
	return uart_access(u, &fake_console, NULL, reg, true, &v);
}

START_TEST(test_uart_thr_and_lsr)
{
	struct uart u;

	uart_init(&u);
	output_len = 0;
	input_pos = input_len = 0;
	ck_assert_int_eq(uart_rd(&u, UART_LSR), 0x60);  /* THR empty, no data */
	ck_assert_int_eq(uart_wr(&u, UART_RBR_THR, 'h'), 1);
	ck_assert_int_eq(uart_wr(&u, UART_RBR_THR, 'i'), 1);
	ck_assert_uint_eq(output_len, 2);
	ck_assert(memcmp(output, "hi", 2) == 0);
	ck_assert_int_eq(uart_wr(&u, UART_LSR, 0), 0);  /* read-only */
	ck_assert_int_eq(uart_rd(&u, UART_LSR), 0x60);
}
END_TEST

START_TEST(test_uart_rbr)
{
	struct uart u;

	uart_init(&u);
	memcpy(input, "ab", 2);
	input_pos = 0;
	input_len = 2;
	ck_assert_int_eq(uart_rd(&u, UART_LSR), 0x61);
	ck_assert_int_eq(uart_rd(&u, UART_RBR_THR), 'a');
	ck_assert_int_eq(uart_rd(&u, UART_RBR_THR), 'b');
	ck_assert_int_eq(uart_rd(&u, UART_LSR), 0x60);
	/* An empty receiver reads 0 without waiting. */
	ck_assert_int_eq(uart_rd(&u, UART_RBR_THR), 0);
}
END_TEST

START_TEST(test_uart_registers_read_back)
{
	struct uart u;

	uart_init(&u);
	output_len = 0;
	input_pos = input_len = 0;
	uart_wr(&u, UART_SCR, 0xa5);
	ck_assert_int_eq(uart_rd(&u, UART_SCR), 0xa5);
	uart_wr(&u, UART_IER, 0x0f);
	uart_wr(&u, UART_MCR, 0x0b);
	ck_assert_int_eq(uart_rd(&u, UART_IER), 0x0f);
	ck_assert_int_eq(uart_rd(&u, UART_MCR), 0x0b);
	/* Enabling THRI with THR empty latches a THRE interrupt; reading IIR
	 * acknowledges it. */
	ck_assert_int_eq(uart_rd(&u, UART_IIR_FCR), 0x02);
	ck_assert_int_eq(uart_rd(&u, UART_IIR_FCR), 0x01);
	/* With DLAB set, offsets 0 and 1 are the divisor latch, not THR/IER. */
	uart_wr(&u, UART_LCR, 0x83);
	ck_assert_int_eq(uart_wr(&u, UART_RBR_THR, 0x01), 0);
	uart_wr(&u, UART_IER, 0x00);
	ck_assert_int_eq(uart_rd(&u, UART_RBR_THR), 0x01);
	ck_assert_int_eq(uart_rd(&u, UART_IER), 0x00);
	uart_wr(&u, UART_LCR, 0x03);
	ck_assert_int_eq(uart_rd(&u, UART_IER), 0x0f);
	ck_assert_uint_eq(output_len, 0);
}
END_TEST

/* ---- one page-table walker: hypercalls, gdb and the crash report agree ---- */

/*
 * 4 MiB pages whose PDE bits 13-20 are physical address bits 32-39
 * (PSE-36): RAM at 0 ('L') and one page of RAM at 4 GiB ('H'). A walker
 * that dropped the high bits would find the low RAM for every case here.
 */
static uint8_t pse_low[0x200000], pse_high[0x1000];
static struct vmm_vm pse_vm;
static struct vmm_vcpu pse_vcpu;
static struct gdb_view pse_view;
static struct gdbp_target pse_gdb;

static void pse36_setup(void)
{
	uint32_t *pd = (uint32_t *)(pse_low + 0x100000);

	memset(&pse_vm, 0, sizeof(pse_vm));
	pse_vm.kvm_fd = pse_vm.vm_fd = -1;
	pse_vm.ram[0] = (struct ram_slot){ 0, sizeof(pse_low), pse_low };
	pse_vm.ram[1] = (struct ram_slot){ 0x100000000ull, sizeof(pse_high), pse_high };
	pse_vm.ram_count = 2;
	memset(pse_low, 'L', sizeof(pse_low));
	memset(pse_high, 'H', sizeof(pse_high));
	memset(pd, 0, 0x1000);
	pd[0] = 0x83;                  /* linear 0:        physical 0 */
	pd[1] = 0x83 | 1u << 13;       /* linear 0x400000: physical 4 GiB */
	pd[2] = 0x83 | 2u << 13;       /* linear 0x800000: physical 8 GiB, not RAM */
	pd[3] = 0x83 | 1u << 21;       /* linear 0xC00000: reserved bit, a fault */

	/* Registers "already read" (sregs_valid): nothing asks KVM. */
	memset(&pse_vcpu, 0, sizeof(pse_vcpu));
	pse_vcpu.vm = &pse_vm;
	pse_vcpu.fd = pse_vcpu.stop_fd = -1;
	pse_vcpu.sregs_valid = true;
	pse_vcpu.sregs.cr0 = 0x80000011;   /* PG, ET, PE */
	pse_vcpu.sregs.cr3 = 0x100000;
	pse_vcpu.sregs.cr4 = 0x10;         /* PSE */
	pse_view = (struct gdb_view){ &pse_vcpu, 0 };
	gdb_target_init(&pse_gdb, &pse_view);
}

/* What the crash report says of RIP = LINEAR. */
static const char *pse_dump(uint64_t linear)
{
	static char out[512];
	struct kvm_regs regs = { .rip = linear };

	dump_format_mapping(out, sizeof(out), &pse_vm, &regs, &pse_vcpu.sregs);
	return out;
}

START_TEST(test_walker_pse36_agree)
{
	uint8_t hc[16], gdb[16];
	uint64_t gpa, contig;

	pse36_setup();

	/* The normal case: all three find the low RAM. */
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0x1234, hc, 16), 0);
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0x1234, gdb, 16), 16);
	ck_assert_int_eq(hc[0], 'L');
	ck_assert_mem_eq(hc, gdb, 16);
	ck_assert_ptr_nonnull(strstr(pse_dump(0x1234), "PDE[0] "));
	ck_assert_ptr_nonnull(strstr(pse_dump(0x1234), "-> physical 0x00001234\n"));

	/* High bits that lead to RAM at 4 GiB: all three find it there. */
	ck_assert_int_eq(linear_to_phys(&pse_vcpu, 0x400010, &gpa, &contig), 0);
	ck_assert_uint_eq(gpa, 0x100000010ull);
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0x400010, hc, 16), 0);
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0x400010, gdb, 16), 16);
	ck_assert_int_eq(hc[0], 'H');
	ck_assert_mem_eq(hc, gdb, 16);
	ck_assert_ptr_nonnull(strstr(pse_dump(0x400010), "-> physical 0x100000010\n"));
	/* Running off the end of that RAM: the hypercall copy refuses it all,
	 * gdb gets the 8 bytes that are RAM, and writes nothing either. */
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0x400ff8, hc, 16), -1);
	memset(gdb, 0, sizeof(gdb));
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0x400ff8, gdb, 16), 8);
	ck_assert_int_eq(gdb[7], 'H');
	ck_assert_int_eq(pse_gdb.write_mem(pse_gdb.ctx, 0x400ff8, gdb, 16), -1);
	ck_assert_int_eq(pse_high[0xff8], 'H');

	/* High bits that lead beyond RAM: refused by all three, although
	 * bits 22-31 alone point into RAM. */
	ck_assert_int_eq(linear_check(&pse_vcpu, 0x800000, 1), -1);
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0x800000, hc, 16), -1);
	ck_assert_str_eq(vmm_last_error(), "guest address 0x800000 is not RAM");
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0x800000, gdb, 16), 0);
	ck_assert_int_eq(pse_gdb.write_mem(pse_gdb.ctx, 0x800000, gdb, 1), -1);
	ck_assert_ptr_nonnull(strstr(pse_dump(0x800000),
	                             "-> physical 0x200000000 (not RAM)\n"));

	/* The reserved bit 21: no page at all. */
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0xC00000, hc, 1), -1);
	ck_assert_str_eq(vmm_last_error(), "guest address 0xc00000 is not mapped");
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0xC00000, gdb, 1), 0);
	ck_assert_ptr_null(strstr(pse_dump(0xC00000), "physical"));
	ck_assert_ptr_nonnull(strstr(pse_dump(0xC00000), "reserved bit 21"));

	/* Without CR4.PSE, PDE 1 names a page table at 0x2000 (in RAM, all
	 * 'L'): not present, by all three. */
	pse_vcpu.sregs.cr4 = 0;
	ck_assert_int_eq(vmm_vcpu_read_linear(&pse_vcpu, 0x400010, hc, 1), -1);
	ck_assert_uint_eq(pse_gdb.read_mem(pse_gdb.ctx, 0x400010, gdb, 1), 0);
	memset(pse_low + 0x2000, 0, 0x1000);
	ck_assert_ptr_nonnull(strstr(pse_dump(0x400010), "PTE[0] "));
	ck_assert_ptr_nonnull(strstr(pse_dump(0x400010), "[not present]\n"));
}
END_TEST

/* ---- batching: a device asks for it when it registers a range ---- */

START_TEST(test_batch_offer_and_threshold)
{
	static struct vmm_vm vm;

	memset(&vm, 0, sizeof(vm));
	vm.kvm_fd = vm.vm_fd = -1;
	ck_assert_int_eq(vmm_uart_attach(&vm), 0);
	/* Only COM1's transmit register is offered; the public call offers
	 * nothing. */
	ck_assert_int_eq(vmm_io_register(&vm, VMM_IO_PORT, 0x2F8, 8, NULL, NULL), 0);
	ck_assert_uint_eq(vm.batch.count, 1);
	ck_assert_uint_eq(vm.batch.zone[0].base, VMM_COM1_BASE);
	ck_assert_uint_eq(vm.batch.zone[0].len, 1);
	/* COM1 is one range of eight, the hypothetical 0x2F8 device another. */
	ck_assert_uint_eq(vm.ports.count, 2);

	/* Enabled by hand (no KVM here): the zone is registered once 256
	 * bytes went out the slow way, and only writes to it count. */
	vm.batch.enabled = true;
	vm.batch.pending = 1;
	batch_saw_writes(&vm, VMM_IO_PORT, VMM_COM1_BASE, 200);
	batch_saw_writes(&vm, VMM_IO_PORT, VMM_COM1_BASE + 1, 100);
	batch_saw_writes(&vm, VMM_IO_MMIO, VMM_COM1_BASE, 100);
	ck_assert_uint_eq(vm.batch.pending, 1);
	batch_saw_writes(&vm, VMM_IO_PORT, VMM_COM1_BASE, 55);
	ck_assert_uint_eq(vm.batch.pending, 1);
	batch_saw_writes(&vm, VMM_IO_PORT, VMM_COM1_BASE, 1);
	ck_assert_uint_eq(vm.batch.pending, 0);
	/* KVM refused the zone (there is none here): nothing will ever be in
	 * the ring, so the run loop does not look at it. */
	ck_assert(!vm.batch.registered);
	for (unsigned i = 0; i < vm.device_count; i++)
		vm.device_free[i](vm.devices[i]);
}
END_TEST

/* ---- interrupt lines: levels and edges, no delivery yet ---- */

START_TEST(test_irq_levels_and_edges)
{
	static struct vmm_vm vm;

	memset(&vm, 0, sizeof(vm));
	ck_assert(!vm_irq_level(&vm, 4));
	vm_irq_set(&vm, 4, true);
	ck_assert(vm_irq_level(&vm, 4));
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 1);
	/* Raising a high line again is no new edge. */
	vm_irq_set(&vm, 4, true);
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 1);
	/* Lines are independent. */
	ck_assert(!vm_irq_level(&vm, 3));
	ck_assert_uint_eq(vm_irq_edges(&vm, 3), 0);
	vm_irq_set(&vm, 4, false);
	ck_assert(!vm_irq_level(&vm, 4));
	vm_irq_set(&vm, 4, false);
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 1);
	vm_irq_set(&vm, 4, true);
	ck_assert(vm_irq_level(&vm, 4));
	ck_assert_uint_eq(vm_irq_edges(&vm, 4), 2);
	vm_irq_set(&vm, VM_IRQ_LINES - 1, true);
	ck_assert(vm_irq_level(&vm, VM_IRQ_LINES - 1));
	ck_assert(vm_irq_level(&vm, 4));
	/* A line that does not exist is ignored. */
	vm_irq_set(&vm, VM_IRQ_LINES, true);
	ck_assert(!vm_irq_level(&vm, VM_IRQ_LINES));
	ck_assert_uint_eq(vm_irq_edges(&vm, VM_IRQ_LINES), 0);
	ck_assert_uint_eq(vm.irq.levels, 1u << 4 | 1u << (VM_IRQ_LINES - 1));
}
END_TEST

/* ---- statistics ---- */

START_TEST(test_stats_ports_overflow)
{
	struct vmm_stats st;

	memset(&st, 0, sizeof(st));
	for (unsigned p = 0; p < VMM_STATS_PORTS + 3; p++)
		stats_count_port(&st, (uint16_t)(0x100 + p));
	stats_count_port(&st, 0x100);
	ck_assert_uint_eq(st.ports[0].count, 2);
	ck_assert_uint_eq(st.other_ports, 3);
	stats_count_exit(&st, 2);
	stats_count_exit(&st, 9999);  /* out of the table: counted in total only */
	ck_assert_uint_eq(st.exits, 2);
	ck_assert_uint_eq(st.by_reason[2], 1);
	ck_assert_str_eq(vmm_exit_reason_name(2), "IO");
	ck_assert_str_eq(vmm_exit_reason_name(9999), "OTHER");
}
END_TEST

/* ---- outbuf: batched console output ---- */

static unsigned ob_writes;
static char ob_got[8192];
static size_t ob_got_len;

static void ob_sink(void *opaque, const uint8_t *buf, size_t len)
{
	(void)opaque;
	ob_writes++;
	ck_assert_uint_le(ob_got_len + len, sizeof(ob_got));
	memcpy(ob_got + ob_got_len, buf, len);
	ob_got_len += len;
}

static int ob_read(void *opaque, int stop_fd)
{
	(void)opaque;
	(void)stop_fd;
	return 'k';
}

static void ob_signal(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	outbuf_note_signal(info);
}

/* An outbuf with its idle timer on SIGUSR1, as in a vCPU thread. */
static void ob_setup(struct outbuf *ob, struct vmm_console_ops *con)
{
	static const struct vmm_console_ops sink = { ob_sink, ob_read, NULL, NULL };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = ob_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	ob_writes = 0;
	ob_got_len = 0;
	outbuf_init(ob, &sink, SIGUSR1);
	ck_assert(ob->timer_ok);
	outbuf_console(ob, con);
}

/* N one-byte writes (PUTCHAR) in lines of L bytes: at most ceil(N/L) writes,
 * the bytes unchanged. */
START_TEST(test_outbuf_one_write_per_line)
{
	static struct outbuf ob;
	struct vmm_console_ops con;
	char want[sizeof(ob_got)];
	const unsigned n = 4000, l = 64;

	ob_setup(&ob, &con);
	for (unsigned i = 0; i < n; i++) {
		uint8_t c = i % l == l - 1 ? '\n' : (uint8_t)('a' + i % 26);
		want[i] = (char)c;
		con.write(con.opaque, &c, 1);
	}
	outbuf_flush(&ob);
	ck_assert_uint_le(ob_writes, (n + l - 1) / l);
	ck_assert_uint_eq(ob_got_len, n);
	ck_assert(memcmp(ob_got, want, n) == 0);
	/* No newline at all: one write per full buffer. */
	ob_writes = ob_got_len = 0;
	for (unsigned i = 0; i < n; i++)
		con.write(con.opaque, (const uint8_t *)"x", 1);
	ck_assert_uint_le(ob_writes, n / OUTBUF_BYTES);
	outbuf_fini(&ob);
	ck_assert_uint_eq(ob_got_len, n);
}
END_TEST

/* A prompt without a newline goes out before a read, before a longer write
 * (WRITE), and once the idle timer fires. */
START_TEST(test_outbuf_flush_points)
{
	static struct outbuf ob;
	struct vmm_console_ops con;
	struct timespec t = { 0, 2 * OUTBUF_IDLE_MS * 1000000L };

	ob_setup(&ob, &con);
	con.write(con.opaque, (const uint8_t *)">", 1);
	ck_assert_uint_eq(ob_writes, 0);
	ck_assert_int_eq(con.read(con.opaque, -1), 'k');
	ck_assert_uint_eq(ob_writes, 1);
	con.write(con.opaque, (const uint8_t *)"a", 1);
	con.write(con.opaque, (const uint8_t *)"bc", 2);
	ck_assert_uint_eq(ob_writes, 3);
	ck_assert_uint_eq(ob_got_len, 4);
	ck_assert(memcmp(ob_got, ">abc", 4) == 0);
	/* The idle timer: a partial line, then no more output. */
	con.write(con.opaque, (const uint8_t *)"d", 1);
	outbuf_tick(&ob);
	ck_assert_uint_eq(ob_writes, 3);
	while (nanosleep(&t, &t) < 0)
		;   /* interrupted by the timer's signal: sleep the rest */
	outbuf_tick(&ob);
	ck_assert_uint_eq(ob_writes, 4);
	ck_assert_uint_eq(ob_got_len, 5);
	/* Again, after the first timer fired: it is armed anew. */
	con.write(con.opaque, (const uint8_t *)"e", 1);
	t.tv_nsec = 2 * OUTBUF_IDLE_MS * 1000000L;
	while (nanosleep(&t, &t) < 0)
		;
	outbuf_tick(&ob);
	ck_assert_uint_eq(ob_writes, 5);
	/* Traced (direct): every byte at once. */
	ob.direct = true;
	con.write(con.opaque, (const uint8_t *)"f", 1);
	ck_assert_uint_eq(ob_writes, 6);
	outbuf_fini(&ob);
	ck_assert(memcmp(ob_got, ">abcdef", 7) == 0);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *t = tcase_create("guestmem");

	tcase_add_test(t, test_range_inside_bounds);
	tcase_add_test(t, test_range_inside_overflow);
	tcase_add_test(t, test_gpa_to_hva_slots);
	tcase_add_test(t, test_gpa_to_hva_pc_ram);
	tcase_add_test(t, test_walker_pse36_agree);
	suite_add_tcase(s, t);
	t = tcase_create("linebuf");
	tcase_add_test(t, test_linebuf_whole_lines);
	tcase_add_test(t, test_linebuf_long_line_is_broken);
	suite_add_tcase(s, t);
	t = tcase_create("outbuf");
	tcase_add_test(t, test_outbuf_one_write_per_line);
	tcase_add_test(t, test_outbuf_flush_points);
	suite_add_tcase(s, t);
	t = tcase_create("uart");
	tcase_add_test(t, test_uart_thr_and_lsr);
	tcase_add_test(t, test_uart_rbr);
	tcase_add_test(t, test_uart_registers_read_back);
	suite_add_tcase(s, t);
	t = tcase_create("batch");
	tcase_add_test(t, test_batch_offer_and_threshold);
	suite_add_tcase(s, t);
	t = tcase_create("irq");
	tcase_add_test(t, test_irq_levels_and_edges);
	suite_add_tcase(s, t);
	t = tcase_create("stats");
	tcase_add_test(t, test_stats_ports_overflow);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suite(core_suite());
}
