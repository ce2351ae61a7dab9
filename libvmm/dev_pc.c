/* dev_pc.c: the PC's small devices for vmm-pm: debug ports 0xE9/0xF4, CMOS/RTC (IRQ8), the PIT (IRQ0) and PICs, the i8042 (dev_kbd.c), port 0x61, port 0x80, an empty PCI config space. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <time.h>

#include "cmos.h"
#include "internal.h"
#include "pit.h"

#define PC_DEBUGCON   0xE9    /* Bochs/QEMU debug console */
#define PC_DEBUG_EXIT 0xF4    /* QEMU's isa-debug-exit, iosize 4 */
#define PC_PIT        0x40
#define PC_PORT61     0x61
#define PC_CMOS       0x70
#define PC_POST       0x80    /* POST codes: ignored */
#define PC_PCI_CONFIG 0xCF8   /* address 0xCF8, data 0xCFC-0xCFF */
#define PC_RTC_IRQ    8

_Static_assert(CMOS_PERIODIC_MIN_NS == IRQ_TIMER_MIN_NS,
               "the RTC's periodic floor is the timers' own");

/* All the models of one VM, under one lock: the vCPUs of a shared VM
 * share them. */
struct pc_devices {
	pthread_mutex_t lock;
	struct pit pit;
	struct cmos cmos;
	uint64_t rtc_edge;       /* cmos_irq_edge() as irq.c's timer has it */
	uint64_t rtc_due;        /* and that timer's monotonic deadline */
	uint32_t pci_address;
};

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Bytes of an access past the end of a range are nobody's: a read gets
 * all ones there, a write is dropped. */
static unsigned in_range(uint64_t offset, unsigned size, unsigned len,
                         bool is_write, uint8_t *data)
{
	unsigned n = offset < len ? (unsigned)(len - offset) : 0;

	if (n > size)
		n = size;
	if (!is_write)
		for (unsigned i = n; i < size; i++)
			data[i] = 0xFF;
	return n;
}

static int pit_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                  bool is_write, uint8_t *data, unsigned size)
{
	struct pc_devices *pc = opaque;
	unsigned n = in_range(offset, size, PIT_REG_COUNT, is_write, data);
	uint64_t now = clock_ns(CLOCK_MONOTONIC);
	(void)vcpu;

	uint64_t first = 0, period = 0;

	pthread_mutex_lock(&pc->lock);
	for (unsigned i = 0; i < n; i++)
		pit_access(&pc->pit, (unsigned)offset + i, is_write, &data[i], now);
	if (is_write && !pit_irq0_schedule(&pc->pit, &first, &period))
		first = period = 0;
	pthread_mutex_unlock(&pc->lock);
	/* Channel 0's output is IRQ0: irq.c's timer raises it (unchanged
	 * programming changes nothing there). */
	if (is_write)
		vm_irq_set_timer(vcpu->vm, 0, first, period);
	return 0;
}

static int port61_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                     bool is_write, uint8_t *data, unsigned size)
{
	struct pc_devices *pc = opaque;
	uint64_t now = clock_ns(CLOCK_MONOTONIC);
	(void)vcpu;

	if (!in_range(offset, size, 1, is_write, data))
		return 0;
	pthread_mutex_lock(&pc->lock);
	if (is_write)
		pit_port61_write(&pc->pit, data[0], now);
	else
		data[0] = pit_port61_read(&pc->pit, now);
	pthread_mutex_unlock(&pc->lock);
	return 0;
}

static int cmos_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                   bool is_write, uint8_t *data, unsigned size)
{
	struct pc_devices *pc = opaque;
	unsigned n = in_range(offset, size, CMOS_PORT_COUNT, is_write, data);
	uint64_t now = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);
	uint64_t edge;

	pthread_mutex_lock(&pc->lock);
	for (unsigned i = 0; i < n; i++)
		cmos_access(&pc->cmos, (unsigned)offset + i, is_write, &data[i], now);
	/* IRQ8 rises at the edge the model names, raised by irq.c's timer
	 * (on the wall clock's time taken to the monotonic one; an edge due
	 * already fires at once). Armed again only when the edge moves: the
	 * same edge must not fire twice. Or when the timer came and went
	 * while the edge is still well ahead on the wall clock: the host's
	 * clock was set back, and the edge would otherwise never come. Under
	 * the lock, so two vCPUs' accesses cannot arm in the wrong order
	 * (irq.c never takes this lock). */
	edge = cmos_irq_edge(&pc->cmos);
	if (edge != pc->rtc_edge ||
	    (edge > now + IRQ_TIMER_MIN_NS && mono >= pc->rtc_due)) {
		pc->rtc_edge = edge;
		pc->rtc_due = !edge ? 0 : edge <= now ? mono : mono + (edge - now);
		vm_irq_set_timer(vcpu->vm, PC_RTC_IRQ, pc->rtc_due, 0);
	}
	pthread_mutex_unlock(&pc->lock);
	return 0;
}

/* Port 0x80 and PCI data: nothing there. */
static int empty_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                    bool is_write, uint8_t *data, unsigned size)
{
	(void)vcpu;
	(void)opaque;
	(void)offset;
	in_range(0, size, 0, is_write, data);
	return 0;
}

/* Configuration mechanism #1: only a dword at 0xCF8 is the address
 * register, kept for reading back; there is no device behind it. */
static int pci_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                  bool is_write, uint8_t *data, unsigned size)
{
	struct pc_devices *pc = opaque;
	(void)vcpu;

	if (offset != 0 || size != 4)
		return empty_io(vcpu, opaque, offset, is_write, data, size);
	pthread_mutex_lock(&pc->lock);
	if (is_write) {
		pc->pci_address = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
		                  (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
	} else {
		for (unsigned i = 0; i < 4; i++)
			data[i] = (uint8_t)(pc->pci_address >> (8 * i));
	}
	pthread_mutex_unlock(&pc->lock);
	return 0;
}

/* 0xE9: a byte written is console output, as PUTCHAR; reading returns
 * 0xE9 (how a guest detects the port). */
static int debugcon_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                       bool is_write, uint8_t *data, unsigned size)
{
	(void)opaque;
	if (!in_range(offset, size, 1, is_write, data))
		return 0;
	if (is_write)
		vcpu_output(vcpu, &data[0], 1);
	else
		data[0] = PC_DEBUGCON;
	return 0;
}

/*
 * 0xF4-0xF7: writing V (the whole access, as QEMU's isa-debug-exit with
 * iosize 4 takes it) stops the VM with status (V << 1) | 1. A process
 * exit status has 8 bits, and a shell sees QEMU's exit((V << 1) | 1)
 * modulo 256 too: the status is that, & 0xFF. Reads: all ones.
 */
static int debug_exit_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                         bool is_write, uint8_t *data, unsigned size)
{
	uint32_t v = 0;
	(void)opaque;
	(void)offset;

	if (!is_write) {
		in_range(0, size, 0, false, data);
		return 0;
	}
	for (unsigned i = 0; i < size && i < 4; i++)
		v |= (uint32_t)data[i] << (8 * i);
	vcpu_set_stop(vcpu, VMM_STOP_EXIT, (int)(((v << 1) | 1) & 0xFF), NULL);
	return 0;
}

static void pc_free(void *state)
{
	struct pc_devices *pc = state;

	pthread_mutex_destroy(&pc->lock);
	free(pc);
}

int vmm_pc_devices_attach(struct vmm_vm *vm, uint64_t ram_size)
{
	static const struct {
		uint16_t base, len;
		vmm_io_fn fn;
	} map[] = {
		{ PC_PIT, PIT_REG_COUNT, pit_io },
		{ PC_PORT61, 1, port61_io },
		{ PC_CMOS, CMOS_PORT_COUNT, cmos_io },
		{ PC_POST, 1, empty_io },
		{ PC_DEBUGCON, 1, debugcon_io },
		{ PC_DEBUG_EXIT, 4, debug_exit_io },
		{ PC_PCI_CONFIG, 4, pci_io },
		{ PC_PCI_CONFIG + 4, 4, empty_io },
	};
	struct pc_devices *pc = malloc(sizeof(*pc));
	uint64_t first, period;

	if (!pc)
		return set_error("out of memory");
	pthread_mutex_init(&pc->lock, NULL);
	pit_init(&pc->pit, clock_ns(CLOCK_MONOTONIC));
	cmos_init(&pc->cmos, ram_size);
	pc->rtc_edge = pc->rtc_due = 0;
	pc->pci_address = 0;
	if (vm_own_device(vm, pc, pc_free) < 0) {
		pc_free(pc);
		return -1;
	}
	/* From here on the VM frees PC, whatever happens. The PICs are
	 * irq.c's: they deliver what the lines raise. */
	if (vm_irq_attach_pic(vm) < 0 || vm_kbd_attach(vm, true, NULL, NULL) < 0)
		return -1;
	/* Channel 0 counts from reset, as a BIOS leaves it (18.2 Hz). */
	if (pit_irq0_schedule(&pc->pit, &first, &period))
		vm_irq_set_timer(vm, 0, first, period);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (io_register(vm, VMM_IO_PORT, map[i].base, map[i].len, map[i].fn,
		                pc, IO_OFFSET) < 0)
			return -1;
	return 0;
}
