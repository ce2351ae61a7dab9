/* internal.h: libvmm's private structures and helpers (not installed). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMM_INTERNAL_H
#define VMM_INTERNAL_H

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>

#include "pic.h"
#include "vmm.h"

/*
 * Names here deliberately do not start with "vmm_": the version script
 * exports exactly the vmm_ symbols, so everything below stays private.
 */

/* error.c: set the thread's error message; both return failure values. */
int set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *set_error_null(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, appending ": strerror(errno)". */
int set_error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What the translator (vmm_gpa_to_hva) sees as RAM: one entry per
 * guest-physical range backed by one host range. It need not be one KVM
 * memslot: pc_ram.c backs several slots with one mapping and lists them
 * here as the ranges a guest pointer may span. */
struct ram_slot {
	uint64_t gpa;
	uint64_t size;
	uint8_t *hva;
};

#define IO_MAX_RANGES 32

struct io_range {
	uint64_t base;
	uint64_t len;
	vmm_io_fn fn;
	void *opaque;
	bool offset;             /* fn gets ADDR - BASE (IO_OFFSET) */
};

/* io_register()'s flags. */
#define IO_OFFSET 0x1u         /* the handler gets the offset within the
                                * range, not the absolute port or address */

struct io_table {
	struct io_range range[IO_MAX_RANGES];
	unsigned count;
};

/* Write-only ranges offered for batching, and whether KVM batches them. */
struct vm_batch {
	int ring_page;           /* KVM_CAP_COALESCED_MMIO page offset, 0 if none */
	struct {
		enum vmm_io_space space;
		uint64_t base, len;
		unsigned unbatched;  /* writes that exited before batching began */
	} zone[4];
	unsigned count;
	bool enabled;            /* vmm_vm_enable_batching() took effect */
	unsigned pending;        /* zone[i] not yet registered with KVM: bit i */
	bool registered;         /* some zone is: the vCPU's ring may hold writes */
};

/* The VM's interrupt lines (irq.c): the ISA lines of a pair of 8259s. */
#define VM_IRQ_LINES 16

struct vm_irq {
	uint32_t levels;                 /* bit N: line N is high */
	uint64_t edges[VM_IRQ_LINES];    /* low-to-high transitions */

	/* Delivery, once vm_irq_attach_pic() ran (vmm-pm's PC); all under
	 * LOCK (a zeroed mutex is a valid one: tests build VMs with memset). */
	pthread_mutex_t lock;
	bool has_pic;
	struct pic_pair pic;
	struct vmm_vcpu *target;         /* vCPU 0: it takes the interrupts */
	/* Host timers raising a line (the PIT's IRQ0, the RTC's IRQ8), in
	 * CLOCK_MONOTONIC ns: next 0 means none; period 0, once. */
	struct { uint64_t origin, next, period; } timer[VM_IRQ_LINES];
};

struct vmm_vm {
	int kvm_fd;
	int vm_fd;
	int run_size;            /* size of the kvm_run mapping */
	bool sync_regs;          /* KVM_CAP_SYNC_REGS usable */
	struct ram_slot ram[VMM_MAX_RAM_SLOTS];
	unsigned ram_count;
	unsigned kvm_slots;      /* KVM memslots handed out (vm_kvm_slot) */
	int vga_slot;            /* KVM slot of [0xA0000, 0xC0000), dirty-logged; -1 */
	uint8_t *vga_hva;        /* its host address */
	struct vmm_vga *vga;     /* dev_vga.c's device once attached, else NULL */
	uint8_t *pc_map;         /* PC RAM's one mapping (pc_ram.c), unmapped */
	size_t pc_map_len;       /* once, not per ram[] range */
	struct io_table ports;
	struct io_table mmio;
	struct vm_batch batch;   /* batch.c's */
	struct vm_irq irq;       /* irq.c's */
	unsigned vcpu_count;
	int input_owner;         /* enum vm_input_owner, atomic: who has stdin */
	struct vm_kbd *kbd;      /* the i8042 (dev_kbd.c), vmm-pm only; NULL otherwise */
	struct vm_uart *uart;    /* COM1 (dev_uart.c), NULL until attached */
	void *devices[8];        /* device state owned by the VM, freed with it */
	void (*device_free[8])(void *);
	int (*device_flush[8])(void *);  /* NULL: nothing to write back */
	unsigned device_count;
};

/* vm.c: the KVM device node: /dev/kvm, or $VMM_KVM_DEVICE (a test hook). */
const char *kvm_device_path(void);

/* vm.c: open the KVM device; on failure -1, with a message that tells a
 * missing KVM, a permission problem and an unloaded module apart. */
int kvm_open_device(void);

/* batch.c: see there. Set up by vmm_vm_create() (batch_probe). */
void batch_probe(struct vmm_vm *vm);
/* Offer [BASE, BASE+LEN) for batching: writes there need no answer (io.c's
 * io_batch_writes()). */
void batch_offer(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                 uint64_t len);
/* vmm_vcpu_create(): count one more vCPU of VM, or -1 (error set, nothing
 * counted) if VM batches and has a vCPU already; the vCPU's ring in its
 * kvm_run RUN, or NULL when the VM does not batch. */
int batch_claim_vcpu(struct vmm_vm *vm);
struct kvm_coalesced_mmio_ring *batch_ring(struct vmm_vm *vm, struct kvm_run *run);
/* batch_saw_writes() and batch_drain() below, once there is work. */
void batch_count_writes(struct vmm_vm *vm, enum vmm_io_space space, uint64_t addr,
                        unsigned writes);
int batch_replay(struct vmm_vcpu *vcpu);

/* vm.c: vmm_vm_add_ram() for a ROM: read-only to the guest (its writes
 * become MMIO exits nobody claims) where KVM can, else plain RAM. */
void *vm_add_rom(struct vmm_vm *vm, uint64_t gpa, uint64_t size);
/* vm.c: register KVM memslot [GPA, GPA+SIZE) at HVA with KVM_MEM_* FLAGS;
 * its slot number, or -1 with the error set. */
int vm_kvm_slot(struct vmm_vm *vm, uint64_t gpa, uint64_t size, void *hva,
                uint32_t flags);
/* vm.c: 0 when [GPA, GPA+SIZE) is page-aligned, free of the translator's
 * ranges and one more range fits; else -1 with the error set. */
int vm_ram_range_free(struct vmm_vm *vm, uint64_t gpa, uint64_t size);
/* pc_ram.c: the translator's ranges for PC RAM of SIZE bytes at HVA, with
 * the read-only area (ROM) or without: stored in OUT, their count returned. */
unsigned pc_ram_ranges(uint64_t size, bool rom, uint8_t *hva,
                       struct ram_slot out[2]);
/* vm.c: the pages of KVM slot SLOT (at most 64 of them) written by the
 * guest since the last call, bit N for page N (KVM_GET_DIRTY_LOG); 0 or -1. */
int vm_dirty_pages(struct vmm_vm *vm, int slot, uint64_t *bits);

/* vm.c: let the VM free STATE with FREE_FN when it is destroyed. */
int vm_own_device(struct vmm_vm *vm, void *state, void (*free_fn)(void *));

/* vm.c: the device owning STATE has data to write back: vmm_vm_flush()
 * calls FLUSH_FN (0, or -1 with set_error()). */
void vm_device_flush(struct vmm_vm *vm, void *state, int (*flush_fn)(void *));

/*
 * A debugger attached to a vCPU (gdb.c). The run loop knows nothing of its
 * protocol: it calls EVENT at these points, in the vCPU's thread, with the
 * register cache (vcpu_regs(), vcpu_sregs()) valid for the guest's current
 * state. EVENT returns 0, or -1 when the VMM itself failed (the run then
 * ends with VMM_STOP_ERROR); it may end the run with vcpu_set_stop().
 */
enum vcpu_debug_event {
	VCPU_DEBUG_START,   /* before the first guest instruction */
	VCPU_DEBUG_EXIT,    /* KVM_EXIT_DEBUG (kvm_run->debug) */
	VCPU_DEBUG_PAUSE,   /* vcpu_request_pause() took effect */
	VCPU_DEBUG_END,     /* the run ended: pending_stop says why (result ignored) */
};

struct vcpu_debugger {
	int (*event)(struct vmm_vcpu *vcpu, void *opaque, enum vcpu_debug_event ev);
	/* The vCPU is being destroyed: forget it. */
	void (*detach)(struct vmm_vcpu *vcpu, void *opaque);
	void *opaque;
};

/*
 * outbuf.c: a vCPU's console output, batched until a newline, a full
 * buffer, an input read, the end of the run or OUTBUF_IDLE_MS (see there).
 * Only the vCPU's own thread touches it.
 */
#define OUTBUF_BYTES 1024
#define OUTBUF_IDLE_MS 20
struct outbuf {
	struct vmm_console_ops sink;    /* the caller's console */
	timer_t timer;                  /* the idle timer (timer_ok) */
	bool timer_ok, armed, direct;   /* direct: pass every byte on at once */
	unsigned seen;                  /* outbuf_ticks at the last tick */
	size_t len;
	uint8_t buf[OUTBUF_BYTES];
};
/* Idle-timer signals seen by the kick handler (__atomic builtins). */
extern unsigned outbuf_ticks;
/* SIGNO > 0: create the idle timer, signalling the calling thread. */
void outbuf_init(struct outbuf *ob, const struct vmm_console_ops *sink, int signo);
void outbuf_fini(struct outbuf *ob);
void outbuf_write(struct outbuf *ob, const uint8_t *buf, size_t len);
void outbuf_flush(struct outbuf *ob);
/* Flush if an idle timer fired since the last call: before each KVM_RUN. */
void outbuf_tick(struct outbuf *ob);
/* The kick signal's handler: count SI_TIMER signals; async-signal-safe. */
void outbuf_note_signal(const siginfo_t *info);
/* The console the devices use: writes batched here, reads flush first. */
void outbuf_console(struct outbuf *ob, struct vmm_console_ops *ops);

struct vmm_vcpu {
	struct vmm_vm *vm;
	unsigned index;
	int fd;
	struct kvm_run *run;
	struct kvm_coalesced_mmio_ring *ring;  /* NULL unless the VM batches */
	struct vmm_console_ops console;  /* outbuf's, over the caller's */
	struct outbuf out;
	struct vmm_stats stats;
	int stop_fd;                    /* eventfd, readable once stop requested */
	/* Set from other threads (vmm_vcpu_stop): __atomic builtins. */
	volatile sig_atomic_t stop_requested;
	bool counted;                   /* holds one of vm->vcpu_count */
	pthread_t thread;

	/* Register cache for the current exit (see vcpu_regs()). */
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	bool regs_valid, regs_dirty, sregs_valid, sregs_dirty;

	/* State at the last exit (or at start), for the crash report: on AMD,
	 * KVM resets the vCPU when the guest triple-faults. */
	struct kvm_regs last_regs;
	struct kvm_sregs last_sregs;
	bool have_last;

	vmm_trace_fn trace;
	void *trace_opaque;

	/* The attached debugger, if any, and its pause request: unlike
	 * stop_requested, a pause hands the vCPU to the debugger and then
	 * resumes the run. */
	struct vcpu_debugger debugger;
	int pause_requested;            /* accessed with __atomic builtins */

	/* Interrupt delivery (irq.c): eventfd that wakes a HLT wait, the
	 * host timer that kicks KVM_RUN at the next timer interrupt, and the
	 * deadline it is set to (0: disarmed). */
	int wake_fd;
	timer_t irq_timer;
	bool irq_timer_ok;
	uint64_t irq_timer_at;

	/* Set by devices to end the run after the current exit. */
	enum vmm_stop_reason pending_stop;
	int pending_status;
	char pending_detail[256];
};

/*
 * The run loop's hot path: what one exit (a PUTCHAR, a COM1 byte) runs
 * through. Such functions are marked VMM_HOT, which makes the compiler put
 * them together in .text.hot, and the checks that usually find nothing to
 * do are inline below, each calling out only when there is work. Why it
 * matters: where the whole machine is emulated (the KVM test host), every
 * VM exit flushes the emulator's TLB and jump cache, so each call, return
 * and code page after an exit costs a lookup (the measurements are in
 * doc/design.md#the-exit-path-is-short-and-mostly-inline).
 */
#define VMM_HOT __attribute__((hot))

/* stats.c's counters: an exit by its reason, a port access by its port. */
static inline void stats_count_exit(struct vmm_stats *st, unsigned reason)
{
	st->exits++;
	if (reason < VMM_EXIT_REASONS)
		st->by_reason[reason]++;
}

static inline void stats_count_port(struct vmm_stats *st, uint16_t port)
{
	for (unsigned i = 0; i < VMM_STATS_PORTS; i++) {
		if (st->ports[i].count == 0)
			st->ports[i].port = port;
		if (st->ports[i].port == port) {
			st->ports[i].count++;
			return;
		}
	}
	st->other_ports++;
}

/* batch.c: the run loop handled WRITES writes to ADDR itself; if ADDR is
 * batchable and enough of them came, let KVM batch the writes that follow. */
static inline void batch_saw_writes(struct vmm_vm *vm, enum vmm_io_space space,
                                    uint64_t addr, unsigned writes)
{
	if (vm->batch.pending)
		batch_count_writes(vm, space, addr, writes);
}

/* vcpu.c: the general registers of the current exit, or NULL: from
 * kvm_run when KVM syncs them there, else vcpu_fetch_regs()'s ioctl. */
struct kvm_regs *vcpu_fetch_regs(struct vmm_vcpu *vcpu);
static inline struct kvm_regs *vcpu_regs(struct vmm_vcpu *vcpu)
{
	if (!vcpu->regs_valid && vcpu->vm->sync_regs) {
		vcpu->regs = vcpu->run->s.regs.regs;
		vcpu->regs_valid = true;
	}
	return vcpu->regs_valid ? &vcpu->regs : vcpu_fetch_regs(vcpu);
}

/* vmm_vcpu_output() for the devices: counted, then to the vCPU's console. */
static inline void vcpu_output(struct vmm_vcpu *vcpu, const uint8_t *buf, size_t len)
{
	vcpu->stats.output_bytes += len;
	/* Through outbuf.c's console (the fuzz targets set their own). */
	if (vcpu->console.write && len)
		vcpu->console.write(vcpu->console.opaque, buf, len);
}

/* batch.c: after KVM_RUN returns, replay the writes KVM batched, oldest
 * first (they came before the exit being handled); -1 when a device failed. */
static inline int batch_drain(struct vmm_vcpu *vcpu)
{
	return vcpu->vm->batch.registered ? batch_replay(vcpu) : 0;
}

/* vcpu.c: segment registers of the current exit (and vcpu_regs() above). */
struct kvm_sregs *vcpu_sregs(struct vmm_vcpu *vcpu);
/*
 * vcpu.c: the one place the register cache is reset. VCPU_STATE_DROP:
 * KVM's registers changed behind the cache (a KVM_RUN, a boot setup's
 * KVM_SET_*REGS), so forget it, changes not yet written back included;
 * vcpu_regs() and vcpu_sregs() fetch again when asked. VCPU_STATE_FETCH:
 * fill it now with KVM_GET_*REGS, keeping changes not yet written back
 * (kvm_run's synced copy is only written by KVM_RUN: at the start, and
 * after an interrupted KVM_RUN, the ioctls are the documented source).
 * 0, or -1 with the error set.
 */
enum vcpu_state_load { VCPU_STATE_DROP, VCPU_STATE_FETCH };
int vcpu_load_state(struct vmm_vcpu *vcpu, enum vcpu_state_load how);
/*
 * Handle the exit described by vcpu->run (one KVM_RUN return); -1 only when
 * the VMM itself failed. The run loop inlines the same code; this is the
 * test seam: the fuzz targets (fuzz/hypercall-fuzz.c) hand it a kvm_run of
 * their own making, with the register cache filled and marked valid so
 * that no ioctl is made.
 */
int vcpu_dispatch_exit(struct vmm_vcpu *vcpu);
/* Mark the general registers changed so they are written before re-entry. */
static inline void vcpu_regs_changed(struct vmm_vcpu *vcpu)
{
	vcpu->regs_dirty = true;
}
/* The same for the segment and control registers. */
void vcpu_sregs_changed(struct vmm_vcpu *vcpu);

/* vcpu.c: make VCPU's thread look at its interrupts again, from any
 * thread: out of KVM_RUN (signal, immediate_exit) or out of a HLT wait. */
void vcpu_kick(struct vmm_vcpu *vcpu);

/* vcpu.c: attach DBG (copied) to VCPU; before vmm_vcpu_run(). */
void vcpu_set_debugger(struct vmm_vcpu *vcpu, const struct vcpu_debugger *dbg);
/* Ask the running vCPU to pause for its debugger (any thread,
 * async-signal-safe): the run loop calls VCPU_DEBUG_PAUSE at the next
 * point where the guest's state is complete, then carries on. */
void vcpu_request_pause(struct vmm_vcpu *vcpu);
/*
 * Empty the stop fd after a wake-up that was not a stop (a pause request
 * also writes it), so that waits on it block again; true if a stop came
 * meanwhile (the fd is then left readable).
 */
bool vcpu_drain_stop_fd(struct vmm_vcpu *vcpu);

/*
 * vcpu.c: the "wait for input" service of devices (GETCHAR). Blocks until
 * the vCPU's console has a byte and returns it (0-255), or one of these.
 * A debugger's pause that comes meanwhile is served inside, and the wait
 * goes on (the guest's state is then that of the current exit).
 */
#define VCPU_INPUT_END     (-1)  /* end of input, or no input attached */
#define VCPU_INPUT_STOPPED (-2)  /* the run ends after this exit (already
                                  * recorded): the device just returns */
#define VCPU_INPUT_FAILED  (-3)  /* the VMM failed (error set): return -1 */
int vcpu_wait_input(struct vmm_vcpu *vcpu);

/*
 * stdin goes to one input device for the whole run (vmm-abi(7)): the
 * first the guest uses. GETCHAR and COM1's receive register are the
 * console's; the i8042's ports, or unmasking IRQ1 at the PIC, the
 * keyboard's. A claim succeeds when nobody owned stdin yet or WHO already
 * does; the loser's device sees no input, as if none were attached.
 */
enum vm_input_owner { VM_INPUT_NONE, VM_INPUT_CONSOLE, VM_INPUT_KBD };

static inline bool vm_input_claim(struct vmm_vm *vm, enum vm_input_owner who)
{
	int none = VM_INPUT_NONE;

	if (__atomic_compare_exchange_n(&vm->input_owner, &none, (int)who, false,
	                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return true;
	return none == (int)who;
}

/*
 * dev_kbd.c: the i8042 at 0x60/0x64 (IRQ1) and port 0x92, attached by
 * vmm_pc_devices_attach (KEYS: stdin may become scan codes) and by the
 * BIOS (not KEYS: int 16h has stdin, the controller only answers, as for
 * A20). A reset request (the controller's pulse 0xFE or output port bit 0,
 * port 0x92 bit 0) calls RESET on the vCPU's thread with WHY naming the
 * port; with no RESET it does nothing. For the HLT rule (vcpu.c): whether
 * the keyboard is a source a halted guest may wait for (it owns stdin,
 * input has not ended, IRQ1 can reach the CPU and nothing is queued), and
 * taking what stdin has now (raising IRQ1 for it). kbd_wait_input() blocks
 * for one byte: 0 when it came (or input ended), -2 when the stop fd cut
 * the wait short.
 */
typedef void kbd_reset_fn(struct vmm_vcpu *vcpu, void *opaque, const char *why);
int vm_kbd_attach(struct vmm_vm *vm, bool keys, kbd_reset_fn *reset,
                  void *reset_opaque);
bool kbd_halt_source(struct vmm_vcpu *vcpu);
void kbd_poll_input(struct vmm_vcpu *vcpu);
int kbd_wait_input(struct vmm_vcpu *vcpu);

/* dev_vga.c: the VMM itself writes the text cells (the BIOS's int 10h)
 * between these two calls, so that vmm_vga_written() counts only the
 * guest's own changes. Nothing without a VGA device. */
void vga_host_write_begin(struct vmm_vm *vm);
void vga_host_write_end(struct vmm_vm *vm);

/*
 * dev_uart.c: COM1's side of the HLT rule, as the keyboard's above: a
 * source while the console owns stdin, input has not ended, the guest
 * takes received data by interrupt (IER.RDI, MCR.OUT2, IRQ4 let through)
 * and the FIFO has room; taking what stdin has now; blocking for one byte
 * (0, or -2 when the stop fd cut the wait short).
 */
bool uart_halt_source(struct vmm_vcpu *vcpu);
void uart_poll_input(struct vmm_vcpu *vcpu);
int uart_wait_input(struct vmm_vcpu *vcpu);
/* irq.c: whether LINE can reach the CPU (unmasked on its PIC and the cascade). */
bool vm_irq_line_enabled(struct vmm_vm *vm, unsigned line);
/*
 * vcpu.c: the "wait" service of devices (the BIOS's delays and its wait
 * for a key that will never come): sleep NS nanoseconds, or with NS < 0
 * until the vCPU is asked to stop. 0 when the time is up, else
 * VCPU_INPUT_STOPPED or VCPU_INPUT_FAILED as for vcpu_wait_input(); a
 * debugger's pause is served inside.
 */
int vcpu_sleep(struct vmm_vcpu *vcpu, int64_t ns);
/* End the run after this exit with REASON and STATUS (first call wins). */
void vcpu_set_stop(struct vmm_vcpu *vcpu, enum vmm_stop_reason reason,
                   int status, const char *detail);

/*
 * irq.c: set interrupt line LINE (below VM_IRQ_LINES; others are ignored)
 * of VM to LEVEL, from a device, in any vCPU's thread. Raising a line that
 * is low counts an edge. How (and whether) the guest is interrupted is not
 * the device's concern: see irq.c.
 */
void vm_irq_set(struct vmm_vm *vm, unsigned line, bool level);
/* irq.c: LINE's level, and how many times it was raised. */
bool vm_irq_level(struct vmm_vm *vm, unsigned line);
uint64_t vm_irq_edges(struct vmm_vm *vm, unsigned line);
/*
 * irq.c: give VM the PC's two 8259A PICs (ports 0x20/0x21, 0xA0/0xA1) and
 * deliver their interrupts to vCPU 0 with KVM_INTERRUPT. 0, or -1 with the
 * error set.
 */
int vm_irq_attach_pic(struct vmm_vm *vm);
/*
 * irq.c: a device's clock-driven line (the PIT's IRQ0, the RTC's IRQ8 as
 * a one-shot that dev_pc.c arms again after each read of register C):
 * raise LINE (an edge) at FIRST_NS (CLOCK_MONOTONIC) and then every
 * PERIOD_NS (0: once);
 * FIRST_NS 0 disarms it. Calling it again with the same FIRST_NS and
 * PERIOD_NS changes nothing. Edges the guest cannot take in time are
 * coalesced into one; periods below IRQ_TIMER_MIN_NS count as that:
 * 1 ms, the fastest rate kernels use (Linux at HZ=1000). A 100 us floor
 * (a PIT at divisor 1) once froze the whole KVM test host, an emulated
 * machine where each timer interrupt costs more than that.
 */
#define IRQ_TIMER_MIN_NS 1000000u
void vm_irq_set_timer(struct vmm_vm *vm, unsigned line, uint64_t first_ns,
                      uint64_t period_ns);
/* irq.c, for the run loop (vcpu.c) only. A vCPU is created/destroyed: */
int irq_vcpu_attach(struct vmm_vcpu *vcpu, int signo);
void irq_vcpu_detach(struct vmm_vcpu *vcpu);
/* Before each KVM_RUN: raise the lines whose time came, inject the
 * interrupt the PICs have when the guest can take it (else ask KVM for
 * an interrupt window), set the host timer to the next deadline. 0, or -1
 * with the error set (KVM_INTERRUPT failed); an interrupt whose IDT entry
 * is not guest RAM ends the run as a crash instead (pending_stop). */
int irq_deliver(struct vmm_vcpu *vcpu);
static inline int irq_before_run(struct vmm_vcpu *vcpu)
{
	struct vmm_vm *vm = vcpu->vm;

	/* Only the PICs' target has work here (vmm-pm's vCPU 0). */
	if (!__atomic_load_n(&vm->irq.has_pic, __ATOMIC_ACQUIRE) || vm->irq.target != vcpu)
		return 0;
	return irq_deliver(vcpu);
}
/* A HLT with IF set: raise the lines whose time came; 0 if an interrupt
 * is ready for the guest, the nanoseconds until the next clock-driven one
 * that can reach it, or -1 if none can come: nothing is armed (section
 * 12's HLT rule then stops the VM). */
int64_t irq_halt_wait_ns(struct vmm_vcpu *vcpu);
/* The host timer is not needed while a HLT waits with a timeout. */
void irq_timer_pause(struct vmm_vcpu *vcpu);

/* io.c: vmm_io_register() with FLAGS. With IO_OFFSET, FN's ADDR is the
 * offset within [BASE, BASE+LEN) (as in kvmtool and Firecracker), so a
 * device model does not depend on where it is mapped; the public call
 * keeps handing its callbacks the absolute port or address. */
int io_register(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                uint64_t len, vmm_io_fn fn, void *opaque, unsigned flags);
/* io.c: writes to [BASE, BASE+LEN), inside one registered range, need no
 * answer: KVM may queue them (batch.c); reads still exit. 0, or -1 with the
 * error set. */
int io_batch_writes(struct vmm_vm *vm, enum vmm_io_space space, uint64_t base,
                    uint64_t len);
/* io.c: hand an access to the device claiming ADDR; counts unclaimed ones
 * (reads of nothing return all ones). */
int io_dispatch(struct vmm_vcpu *vcpu, enum vmm_io_space space, uint64_t addr,
                bool is_write, uint8_t *data, unsigned size);

/* guestmem.c: [gpa, gpa+len) inside [base, base+size)? Overflow-safe. */
bool range_inside(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size);

/* What the page-table walk found for one guest-linear address. */
struct linear_map {
	uint64_t gpa;      /* the physical address (when mapped) */
	uint64_t contig;   /* bytes physically contiguous from there */
	bool walked;       /* 32-bit paging below 4 GiB: pde_gpa is set */
	bool have_pde;     /* the PDE lies in RAM and was read */
	bool large;        /* it maps a 4 MiB page; else, when present,
	                    * pte_gpa is set... */
	bool have_pte;     /* ...and the PTE lies in RAM and was read */
	uint64_t pde_gpa, pte_gpa;   /* where they lie */
	uint32_t pde, pte;
};
/* guestmem.c: the one page-table walker. Where LINEAR leads with the
 * control registers SREGS: 0 when it is mapped (*M's gpa and contig), else
 * -1, *M saying how far the walk got (which entries it read). */
int linear_lookup(struct vmm_vm *vm, const struct kvm_sregs *sregs,
                  uint64_t linear, struct linear_map *m);
/* The same for VCPU's current registers: 0 and *GPA, *CONTIG, or -1. */
int linear_to_phys(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t *gpa,
                   uint64_t *contig);

/* Copies between BUF and guest-linear [LINEAR, LINEAR+LEN), through the
 * page tables and across adjacent RAM slots. */
enum linear_dir {
	LINEAR_CHECK,   /* copy nothing, only see that the bytes are RAM */
	LINEAR_READ,    /* guest to BUF */
	LINEAR_WRITE,   /* BUF to guest */
};
/* All or nothing (the hypercalls): 0, or -1 with the error set and
 * nothing copied. */
int linear_copy(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                uint64_t len, enum linear_dir dir);
/* As much as is mapped (gdb): copies the leading bytes that are RAM and
 * returns how many; sets no error. */
uint64_t linear_copy_some(struct vmm_vcpu *vcpu, uint64_t linear, void *buf,
                          uint64_t len, enum linear_dir dir);
/* Whether every byte of the guest-linear range is RAM: linear_copy's
 * LINEAR_CHECK. */
int linear_check(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t len);

/* dump.c: format registers (used by vmm_vcpu_dump and tests). */
bool dump_looks_reset(const struct kvm_regs *regs, const struct kvm_sregs *sregs);
void dump_format(char *buf, size_t len, const struct kvm_regs *regs,
                 const struct kvm_sregs *sregs);
/* dump.c: the page-table entries that map RIP, as the crash report shows
 * them (empty without 32-bit paging). */
void dump_format_mapping(char *buf, size_t len, struct vmm_vm *vm,
                         const struct kvm_regs *regs, const struct kvm_sregs *sregs);

/* A present ring-0 code or data segment as KVM describes it: real mode's
 * 64 KiB segments (FLAT32 false: byte limit, 16-bit) or flat 32-bit ones
 * (FLAT32 true: 4 GiB page-granular limit, 32-bit default size). */
static inline void vcpu_segment(struct kvm_segment *s, uint64_t base,
                                uint16_t selector, uint8_t type, bool flat32)
{
	*s = (struct kvm_segment){
		.base = base,
		.limit = flat32 ? 0xFFFFFFFFu : 0xFFFFu,
		.selector = selector,
		.type = type,
		.present = 1,
		.s = 1,
		.db = flat32,
		.g = flat32,
	};
}

#endif
