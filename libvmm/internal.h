/* internal.h: libvmm's private structures and helpers (not installed). */
#ifndef VMM_INTERNAL_H
#define VMM_INTERNAL_H

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>

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
};

struct io_table {
	struct io_range range[IO_MAX_RANGES];
	unsigned count;
};

struct vmm_vm {
	int kvm_fd;
	int vm_fd;
	int run_size;            /* size of the kvm_run mapping */
	int coalesced_ring_page; /* KVM_CAP_COALESCED_MMIO page offset, 0 if none */
	bool sync_regs;          /* KVM_CAP_SYNC_REGS usable */
	struct ram_slot ram[VMM_MAX_RAM_SLOTS];
	unsigned ram_count;
	struct io_table ports;
	struct io_table mmio;
	/* Write-only ranges devices offer for batching (vm_offer_batching). */
	struct {
		enum vmm_io_space space;
		uint64_t base, len;
		unsigned unbatched;  /* writes that exited before batching began */
	} batchable[4];
	unsigned batchable_count;
	bool batching;           /* vmm_vm_enable_batching() took effect */
	unsigned zones_pending;  /* batchable[i] not yet registered: bit i */
	unsigned vcpu_count;
	void *devices[8];        /* device state owned by the VM, freed with it */
	void (*device_free[8])(void *);
	unsigned device_count;
};

/* vm.c: the KVM device node: /dev/kvm, or $VMM_KVM_DEVICE (a test hook). */
const char *kvm_device_path(void);

/* vm.c: open the KVM device; on failure -1, with a message that tells a
 * missing KVM, a permission problem and an unloaded module apart. */
int kvm_open_device(void);

/* vm.c: offer [BASE, BASE+LEN) for batching: writes there need no answer. */
void vm_offer_batching(struct vmm_vm *vm, enum vmm_io_space space,
                       uint64_t base, uint64_t len);

/* vm.c: the vCPU handled WRITES writes to ADDR itself; if ADDR is
 * batchable and enough of them came, let KVM batch the writes that follow
 * (see vmm_vm_enable_batching). */
void vm_batch_from_now(struct vmm_vm *vm, enum vmm_io_space space, uint64_t addr,
                       unsigned writes);

/* vm.c: let the VM free STATE with FREE_FN when it is destroyed. */
int vm_own_device(struct vmm_vm *vm, void *state, void (*free_fn)(void *));

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

struct vmm_vcpu {
	struct vmm_vm *vm;
	unsigned index;
	int fd;
	struct kvm_run *run;
	struct kvm_coalesced_mmio_ring *ring;  /* NULL unless the VM batches */
	struct vmm_console_ops console;
	struct vmm_stats stats;
	int stop_fd;                    /* eventfd, readable once stop requested */
	volatile sig_atomic_t stop_requested;
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

	/* Set by devices to end the run after the current exit. */
	enum vmm_stop_reason pending_stop;
	int pending_status;
	char pending_detail[256];
};

/* vcpu.c: general and segment registers of the current exit. */
struct kvm_regs *vcpu_regs(struct vmm_vcpu *vcpu);
struct kvm_sregs *vcpu_sregs(struct vmm_vcpu *vcpu);
/*
 * Handle the exit described by vcpu->run (one KVM_RUN return); -1 only when
 * the VMM itself failed. The run loop's, and a test seam: the fuzz targets
 * (fuzz/hypercall-fuzz.c) hand it a kvm_run of their own making, with the
 * register cache filled and marked valid so that no ioctl is made.
 */
int vcpu_dispatch_exit(struct vmm_vcpu *vcpu);
/* Mark the general registers changed so they are written before re-entry. */
void vcpu_regs_changed(struct vmm_vcpu *vcpu);
/* The same for the segment and control registers. */
void vcpu_sregs_changed(struct vmm_vcpu *vcpu);

/* vcpu.c: attach DBG (copied) to VCPU; before vmm_vcpu_run(). */
void vcpu_set_debugger(struct vmm_vcpu *vcpu, const struct vcpu_debugger *dbg);
/* Ask the running vCPU to pause for its debugger (any thread,
 * async-signal-safe): the run loop calls VCPU_DEBUG_PAUSE at the next
 * point where the guest's state is complete, then carries on. */
void vcpu_request_pause(struct vmm_vcpu *vcpu);
/*
 * For a device whose blocking wait on the stop fd was cut short (the
 * console's read returned -2): 1 if the run must stop, 0 if it was a pause,
 * now served by the debugger, and the device should wait again (the guest's
 * state is then that of the current exit), -1 if the VMM failed.
 */
int vcpu_wait_interrupted(struct vmm_vcpu *vcpu);
/* End the run after this exit with REASON and STATUS (first call wins). */
void vcpu_set_stop(struct vmm_vcpu *vcpu, enum vmm_stop_reason reason,
                   int status, const char *detail);

/* io.c: hand an access to the device claiming ADDR; counts unclaimed ones
 * (reads of nothing return all ones). */
int io_dispatch(struct vmm_vcpu *vcpu, enum vmm_io_space space, uint64_t addr,
                bool is_write, uint8_t *data, unsigned size);

/* guestmem.c: [gpa, gpa+len) inside [base, base+size)? Overflow-safe. */
bool range_inside(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size);
/* Translate a guest-linear address of VCPU to a physical one; paging-aware.
 * Returns 0 and sets *GPA and *CONTIG (bytes contiguous from there). */
int linear_to_phys(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t *gpa,
                   uint64_t *contig);

/* Whether every byte of the guest-linear range is RAM (paging-aware). */
int linear_check(struct vmm_vcpu *vcpu, uint64_t linear, uint64_t len);

/* gdb_target.c: what the gdb stub debugs, VCPU, with gdb's address 0 at
 * guest-linear BASE (a real-mode guest's segment base, else 0). */
struct gdb_view {
	struct vmm_vcpu *vcpu;
	uint64_t base;
};
struct gdbp_target;
/* Fill T with callbacks (context VIEW) that read and write the guest's
 * memory by gdb address through its page tables, its registers, and plant
 * and take out int3s. */
void gdb_target_init(struct gdbp_target *t, struct gdb_view *view);

/* stats.c */
void stats_count_exit(struct vmm_stats *st, unsigned reason);
void stats_count_port(struct vmm_stats *st, uint16_t port);

/* dump.c: format registers (used by vmm_vcpu_dump and tests). */
bool dump_looks_reset(const struct kvm_regs *regs, const struct kvm_sregs *sregs);
void dump_format(char *buf, size_t len, const struct kvm_regs *regs,
                 const struct kvm_sregs *sregs);

#endif
