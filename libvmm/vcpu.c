/* vcpu.c: vCPU creation, the run loop, exit dispatch and stop reasons. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* ppoll */
#endif
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* The signal that kicks a vCPU thread out of KVM_RUN; the point is the
 * EINTR. It is also the output's idle timer signal (outbuf.c), which the
 * handler counts. */
#define KICK_SIGNAL SIGUSR1

/* The kvm_run of the vCPU this thread runs, for the kick handler. The
 * timer's signal carries a pointer too, but a queued signal outlives
 * timer_delete(), and its kvm_run may be unmapped by then (valgrind
 * caught one). Set and cleared in the vCPU's own thread. */
static __thread struct kvm_run *volatile thread_run;

static void kick_handler(int sig, siginfo_t *info, void *ctx)
{
	struct kvm_run *run;

	(void)sig;
	(void)ctx;
	outbuf_note_signal(info);
	/* irq.c's timer: a tick is due. Landing just before KVM_RUN, the
	 * signal alone would be lost and the guest would run on without its
	 * tick until some exit; immediate_exit makes that KVM_RUN return at
	 * once (as documented for signal handlers). */
	if (info && info->si_code == SI_TIMER && info->si_value.sival_ptr &&
	    (run = thread_run))
		__atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

static pthread_once_t kick_once = PTHREAD_ONCE_INIT;

static void install_kick_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = kick_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);  /* no SA_RESTART: we want EINTR */
}

struct vmm_vcpu *vmm_vcpu_create(struct vmm_vm *vm, unsigned index,
                                 const struct vmm_console_ops *console)
{
	struct vmm_vcpu *vcpu = calloc(1, sizeof(*vcpu));

	if (!vcpu)
		return set_error_null("out of memory");
	pthread_once(&kick_once, install_kick_handler);
	vcpu->vm = vm;
	vcpu->index = index;
	vcpu->thread = pthread_self();
	vcpu->run = MAP_FAILED;
	vcpu->wake_fd = -1;
	vcpu->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	vcpu->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vcpu->stop_fd < 0 || vcpu->wake_fd < 0) {
		set_error_errno("eventfd");
		goto fail;
	}
	/* The idle timer signals this thread, the one that runs the vCPU. */
	outbuf_init(&vcpu->out, console, KICK_SIGNAL);
	outbuf_console(&vcpu->out, &vcpu->console);
	if (batch_claim_vcpu(vm) < 0)
		goto fail;
	vcpu->counted = true;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, index);
	if (vcpu->fd < 0) {
		set_error_errno("KVM_CREATE_VCPU failed");
		goto fail;
	}
	vcpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
	                 vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		set_error_errno("cannot map the vCPU's kvm_run");
		goto fail;
	}
	thread_run = vcpu->run;
	if (vm->sync_regs)
		vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	vcpu->ring = batch_ring(vm, vcpu->run);
	if (irq_vcpu_attach(vcpu, KICK_SIGNAL) < 0)
		goto fail;
	return vcpu;
fail:
	vmm_vcpu_destroy(vcpu);
	return NULL;
}

void vmm_vcpu_destroy(struct vmm_vcpu *vcpu)
{
	if (!vcpu)
		return;
	if (vcpu->debugger.detach)
		vcpu->debugger.detach(vcpu, vcpu->debugger.opaque);
	irq_vcpu_detach(vcpu);
	outbuf_fini(&vcpu->out);
	if (vcpu->run != MAP_FAILED) {
		if (thread_run == vcpu->run)
			thread_run = NULL;
		munmap(vcpu->run, vcpu->vm->run_size);
	}
	if (vcpu->counted)
		__atomic_sub_fetch(&vcpu->vm->vcpu_count, 1, __ATOMIC_SEQ_CST);
	if (vcpu->fd > 0)
		close(vcpu->fd);
	if (vcpu->stop_fd >= 0)
		close(vcpu->stop_fd);
	if (vcpu->wake_fd >= 0)
		close(vcpu->wake_fd);
	free(vcpu);
}

unsigned vmm_vcpu_index(const struct vmm_vcpu *vcpu) { return vcpu->index; }
struct vmm_vm *vmm_vcpu_vm(const struct vmm_vcpu *vcpu) { return vcpu->vm; }
const struct vmm_stats *vmm_vcpu_stats(const struct vmm_vcpu *vcpu) { return &vcpu->stats; }
int vmm_vcpu_stop_fd(const struct vmm_vcpu *vcpu) { return vcpu->stop_fd; }

const struct vmm_console_ops *vmm_vcpu_console(struct vmm_vcpu *vcpu)
{
	return &vcpu->console;
}

void vmm_vcpu_output(struct vmm_vcpu *vcpu, const uint8_t *buf, size_t len)
{
	vcpu_output(vcpu, buf, len);
}

void vmm_vcpu_stop(struct vmm_vcpu *vcpu)
{
	uint64_t one = 1;
	ssize_t ignored;

	/* As in vcpu_request_pause: the flag before immediate_exit, both
	 * ordered against the vCPU thread's own atomic accesses. */
	__atomic_store_n(&vcpu->stop_requested, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	ignored = write(vcpu->stop_fd, &one, sizeof(one));
	(void)ignored;
	pthread_kill(vcpu->thread, KICK_SIGNAL);
}

void vcpu_kick(struct vmm_vcpu *vcpu)
{
	uint64_t one = 1;
	ssize_t ignored;

	/* No flag to set: the loop top looks at the interrupts every time. */
	__atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	ignored = write(vcpu->wake_fd, &one, sizeof(one));
	(void)ignored;
	pthread_kill(vcpu->thread, KICK_SIGNAL);
}

void vcpu_set_debugger(struct vmm_vcpu *vcpu, const struct vcpu_debugger *dbg)
{
	vcpu->debugger = *dbg;
}

void vcpu_request_pause(struct vmm_vcpu *vcpu)
{
	uint64_t one = 1;
	ssize_t ignored;

	/* The flag first: whoever sees immediate_exit (or the stop fd) set
	 * must find the flag set too. The stop fd wakes a device blocked on
	 * input (see vcpu_wait_input). */
	__atomic_store_n(&vcpu->pause_requested, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	ignored = write(vcpu->stop_fd, &one, sizeof(one));
	(void)ignored;
	pthread_kill(vcpu->thread, KICK_SIGNAL);
}

static inline void drop_state(struct vmm_vcpu *vcpu)
{
	vcpu->regs_valid = vcpu->sregs_valid = false;
	vcpu->regs_dirty = vcpu->sregs_dirty = false;
}

int vcpu_load_state(struct vmm_vcpu *vcpu, enum vcpu_state_load how)
{
	if (how == VCPU_STATE_DROP) {
		drop_state(vcpu);
		return 0;
	}
	if (!vcpu->regs_dirty) {
		if (ioctl(vcpu->fd, KVM_GET_REGS, &vcpu->regs) < 0)
			return set_error_errno("KVM_GET_REGS failed");
		vcpu->regs_valid = true;
	}
	if (!vcpu->sregs_dirty) {
		if (ioctl(vcpu->fd, KVM_GET_SREGS, &vcpu->sregs) < 0)
			return set_error_errno("KVM_GET_SREGS failed");
		vcpu->sregs_valid = true;
	}
	return 0;
}

static int debugger_event(struct vmm_vcpu *vcpu, enum vcpu_debug_event ev)
{
	if (!vcpu->debugger.event)
		return 0;
	/* What the guest printed so far is visible while it is stopped. */
	outbuf_flush(&vcpu->out);
	if ((ev == VCPU_DEBUG_START || ev == VCPU_DEBUG_PAUSE) &&
	    vcpu_load_state(vcpu, VCPU_STATE_FETCH) < 0)
		return -1;
	return vcpu->debugger.event(vcpu, vcpu->debugger.opaque, ev);
}

/* Without this drain, the next wait on the stop fd (a device's input, the
 * gdb stub's socket) would return at once, forever. */
bool vcpu_drain_stop_fd(struct vmm_vcpu *vcpu)
{
	uint64_t count, one = 1;
	ssize_t ignored;

	ignored = read(vcpu->stop_fd, &count, sizeof(count));
	if (__atomic_load_n(&vcpu->stop_requested, __ATOMIC_SEQ_CST)) {
		ignored = write(vcpu->stop_fd, &one, sizeof(one));
		(void)ignored;
		return true;
	}
	(void)ignored;
	return false;
}

/*
 * The console's read was cut short by the stop fd: 1 if the run must stop,
 * 0 if it was a pause, now served by the debugger, and the wait goes on,
 * -1 if the VMM failed.
 */
static int wait_interrupted(struct vmm_vcpu *vcpu)
{
	if (__atomic_load_n(&vcpu->stop_requested, __ATOMIC_SEQ_CST) ||
	    !vcpu->debugger.event)
		return 1;
	if (vcpu_drain_stop_fd(vcpu))
		return 1;
	if (__atomic_exchange_n(&vcpu->pause_requested, 0, __ATOMIC_SEQ_CST) &&
	    vcpu->debugger.event(vcpu, vcpu->debugger.opaque, VCPU_DEBUG_PAUSE) < 0)
		return -1;
	return vcpu->pending_stop != VMM_STOP_NONE || vcpu->stop_requested;
}

/* The console's read returns -2 when the stop fd cut its wait short (see
 * struct vmm_console_ops); that retry protocol stays here. */
int vcpu_wait_input(struct vmm_vcpu *vcpu)
{
	const struct vmm_console_ops *con = &vcpu->console;
	int c, why;

	if (!vm_input_claim(vcpu->vm, VM_INPUT_CONSOLE))
		return VCPU_INPUT_END;   /* stdin is the keyboard's */
	while ((c = con->read ? con->read(con->opaque, vcpu->stop_fd) : -1) == -2) {
		why = wait_interrupted(vcpu);
		if (why < 0)
			return VCPU_INPUT_FAILED;
		if (why > 0) {
			vcpu_set_stop(vcpu, VMM_STOP_STOPPED, 0, "stopped");
			return VCPU_INPUT_STOPPED;
		}
	}
	return c < 0 ? VCPU_INPUT_END : c;
}

int vcpu_sleep(struct vmm_vcpu *vcpu, int64_t ns)
{
	struct pollfd p = { .fd = vcpu->stop_fd, .events = POLLIN };
	struct timespec end = { 0 }, now, left;
	int why;

	/* What the guest printed before it waits is visible meanwhile. */
	outbuf_flush(&vcpu->out);
	if (ns >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &end);
		end.tv_sec += ns / 1000000000;
		end.tv_nsec += ns % 1000000000;
		if (end.tv_nsec >= 1000000000) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000;
		}
	}
	for (;;) {
		struct timespec *timeout = NULL;

		if (ns >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > end.tv_sec ||
			    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
				return 0;
			left.tv_sec = end.tv_sec - now.tv_sec;
			left.tv_nsec = end.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000;
			}
			timeout = &left;
		}
		int r = ppoll(&p, 1, timeout, NULL);

		/* EINTR: the kick signal (the output's idle timer). */
		if (r < 0 && errno != EINTR) {
			set_error_errno("waiting for the guest's delay failed");
			return VCPU_INPUT_FAILED;
		}
		if (r <= 0)
			continue;
		why = wait_interrupted(vcpu);
		if (why < 0)
			return VCPU_INPUT_FAILED;
		if (why > 0) {
			vcpu_set_stop(vcpu, VMM_STOP_STOPPED, 0, "stopped");
			return VCPU_INPUT_STOPPED;
		}
	}
}

/* vcpu_regs() when KVM does not sync them into kvm_run. */
struct kvm_regs *vcpu_fetch_regs(struct vmm_vcpu *vcpu)
{
	if (!vcpu->regs_valid) {
		if (ioctl(vcpu->fd, KVM_GET_REGS, &vcpu->regs) < 0)
			return NULL;
		vcpu->regs_valid = true;
	}
	return &vcpu->regs;
}

struct kvm_sregs *vcpu_sregs(struct vmm_vcpu *vcpu)
{
	if (!vcpu->sregs_valid) {
		if (vcpu->vm->sync_regs)
			vcpu->sregs = vcpu->run->s.regs.sregs;
		else if (ioctl(vcpu->fd, KVM_GET_SREGS, &vcpu->sregs) < 0)
			return NULL;
		vcpu->sregs_valid = true;
	}
	return &vcpu->sregs;
}

void vcpu_sregs_changed(struct vmm_vcpu *vcpu)
{
	vcpu->sregs_dirty = true;
}

void vcpu_set_stop(struct vmm_vcpu *vcpu, enum vmm_stop_reason reason,
                   int status, const char *detail)
{
	if (vcpu->pending_stop != VMM_STOP_NONE)
		return;
	vcpu->pending_stop = reason;
	vcpu->pending_status = status;
	snprintf(vcpu->pending_detail, sizeof(vcpu->pending_detail), "%s",
	         detail ? detail : "");
}

/* Registers changed by a device go back before the next KVM_RUN. */
static int write_back_regs(struct vmm_vcpu *vcpu)
{
	if (vcpu->sregs_dirty) {
		/* Only a debugger changes these, rarely: the plain ioctl. */
		vcpu->sregs_dirty = false;
		if (ioctl(vcpu->fd, KVM_SET_SREGS, &vcpu->sregs) < 0)
			return -1;
	}
	if (!vcpu->regs_dirty)
		return 0;
	vcpu->regs_dirty = false;
	if (vcpu->vm->sync_regs) {
		vcpu->run->s.regs.regs = vcpu->regs;
		vcpu->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return 0;
	}
	return ioctl(vcpu->fd, KVM_SET_REGS, &vcpu->regs);
}

static inline __attribute__((always_inline)) int handle_io(struct vmm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	unsigned size = run->io.size;
	uint64_t end = run->io.data_offset + (uint64_t)run->io.count * size;

	if (end > (uint64_t)vcpu->vm->run_size || (size != 1 && size != 2 && size != 4))
		return set_error("KVM reported a malformed I/O exit");
	/* String I/O (rep outsb) arrives as COUNT elements in one exit. */
	for (uint32_t i = 0; i < run->io.count; i++) {
		uint8_t *data = (uint8_t *)run + run->io.data_offset + i * size;

		stats_count_port(&vcpu->stats, run->io.port);
		if (io_dispatch(vcpu, VMM_IO_PORT, run->io.port,
		                run->io.direction == KVM_EXIT_IO_OUT, data, size) < 0)
			return -1;
		if (vcpu->pending_stop != VMM_STOP_NONE)
			break;
	}
	if (run->io.direction == KVM_EXIT_IO_OUT)
		batch_saw_writes(vcpu->vm, VMM_IO_PORT, run->io.port, run->io.count);
	return 0;
}

static int handle_mmio(struct vmm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	if (run->mmio.len == 0 || run->mmio.len > 8)
		return set_error("KVM reported a malformed MMIO exit");
	if (io_dispatch(vcpu, VMM_IO_MMIO, run->mmio.phys_addr,
	                run->mmio.is_write, run->mmio.data, run->mmio.len) < 0)
		return -1;
	if (run->mmio.is_write)
		batch_saw_writes(vcpu->vm, VMM_IO_MMIO, run->mmio.phys_addr, 1);
	return 0;
}

static void crash(struct vmm_vcpu *vcpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void crash(struct vmm_vcpu *vcpu, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	vcpu_set_stop(vcpu, VMM_STOP_CRASH, 0, what);
}

void vmm_vcpu_set_trace(struct vmm_vcpu *vcpu, vmm_trace_fn fn, void *opaque)
{
	vcpu->trace = fn;
	vcpu->trace_opaque = opaque;
	/* Traced, output keeps its place among the trace lines. */
	outbuf_flush(&vcpu->out);
	vcpu->out.direct = fn != NULL;
}

static uint64_t le_value(const uint8_t *data, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | data[i];
	return v;
}

static void trace_exit(struct vmm_vcpu *vcpu)
{
	const struct kvm_run *run = vcpu->run;
	const struct kvm_regs *regs = vcpu_regs(vcpu);
	unsigned long long rip = regs ? regs->rip : 0;
	char line[160];

	if (run->exit_reason == KVM_EXIT_IO) {
		const uint8_t *data = (const uint8_t *)run + run->io.data_offset;
		unsigned size = run->io.size <= 8 ? run->io.size : 8;
		snprintf(line, sizeof(line), "IO %s port=0x%x size=%u count=%u data=0x%llx rip=0x%llx",
		         run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
		         run->io.port, run->io.size, run->io.count,
		         run->io.direction == KVM_EXIT_IO_OUT ?
		         (unsigned long long)le_value(data, size) : 0ull, rip);
	} else if (run->exit_reason == KVM_EXIT_MMIO) {
		unsigned size = run->mmio.len <= 8 ? run->mmio.len : 8;
		snprintf(line, sizeof(line), "MMIO %s addr=0x%llx size=%u data=0x%llx rip=0x%llx",
		         run->mmio.is_write ? "write" : "read",
		         (unsigned long long)run->mmio.phys_addr, run->mmio.len,
		         run->mmio.is_write ? (unsigned long long)le_value(run->mmio.data, size) : 0ull,
		         rip);
	} else {
		snprintf(line, sizeof(line), "%s rip=0x%llx",
		         vmm_exit_reason_name(run->exit_reason), rip);
	}
	vcpu->trace(vcpu->trace_opaque, vcpu->index, line);
}

/*
 * The HLT rule of vmm-abi(7), HLT. With interrupts enabled and a source
 * armed (a timer on a line the PICs let through, a request already
 * waiting, the keyboard owning stdin with IRQ1 let through, or COM1 taking
 * received data by interrupt on IRQ4 while the console owns it), HLT waits
 * for the next interrupt (a key: in the console's read, when no timer
 * runs): in ppoll, until the next
 * timer deadline, a kick (wake_fd), a stop or a debugger's pause (the stop
 * fd). Otherwise, or when no source is left, the VM stops with status 0 as
 * it always did. KVM has already moved RIP past the HLT, so the guest
 * resumes after it, through the handler of the interrupt injected next.
 */
#define KBD_HALT_POLL_NS 1000000   /* 1 ms: the keyboard's latency target (doc/design.md#interrupts) */

static int halt(struct vmm_vcpu *vcpu)
{
	struct pollfd fds[2] = {
		{ .fd = vcpu->stop_fd, .events = POLLIN },
		{ .fd = vcpu->wake_fd, .events = POLLIN },
	};
	bool flushed = false;
	uint64_t drain;
	ssize_t ignored;

	if (!vcpu->run->if_flag) {
		vcpu_set_stop(vcpu, VMM_STOP_HLT, 0, NULL);
		return 0;
	}
	for (;;) {
		int64_t wait;
		struct timespec ts;
		bool keyboard, serial;
		int why;

		/* Keys already on stdin come first: they may be the interrupt. */
		kbd_poll_input(vcpu);
		uart_poll_input(vcpu);
		wait = irq_halt_wait_ns(vcpu);
		if (wait == 0)
			return 0;   /* the loop top injects it */
		keyboard = kbd_halt_source(vcpu);
		/* Only one device owns stdin, so at most one of them is armed. */
		serial = !keyboard && uart_halt_source(vcpu);
		if (wait < 0 && !keyboard && !serial) {
			vcpu_set_stop(vcpu, VMM_STOP_HLT, 0, NULL);
			return 0;
		}
		if (!flushed) {
			/* An idle guest's last words are out while it waits; the
			 * ppoll timeout stands in for the host timer meanwhile. */
			outbuf_flush(&vcpu->out);
			irq_timer_pause(vcpu);
			flushed = true;
		}
		if (wait < 0) {
			/* Only a key can come: wait in the console's read, which
			 * the stop fd cuts short. (A line raised by another vCPU's
			 * device meanwhile waits for the key or the stop.) */
			if ((keyboard ? kbd_wait_input(vcpu) : uart_wait_input(vcpu)) == -2) {
				why = wait_interrupted(vcpu);
				if (why < 0)
					return -1;
				if (why > 0) {
					vcpu_set_stop(vcpu, VMM_STOP_STOPPED, 0, "stopped");
					return 0;
				}
			}
			continue;
		}
		/* A timer and the keyboard: the console has no descriptor to
		 * poll beside ours, so look at stdin at least every
		 * KBD_HALT_POLL_NS (a key's latency while a timer runs). */
		if ((keyboard || serial) && wait > KBD_HALT_POLL_NS)
			wait = KBD_HALT_POLL_NS;
		ts.tv_sec = (time_t)(wait / 1000000000);
		ts.tv_nsec = (long)(wait % 1000000000);
		if (ppoll(fds, 2, &ts, NULL) < 0 && errno != EINTR)
			return set_error_errno("ppoll");
		if (fds[1].revents & POLLIN) {
			ignored = read(vcpu->wake_fd, &drain, sizeof(drain));
			(void)ignored;
		}
		if (!(fds[0].revents & POLLIN) &&
		    !__atomic_load_n(&vcpu->stop_requested, __ATOMIC_SEQ_CST))
			continue;
		why = wait_interrupted(vcpu);
		if (why < 0)
			return -1;
		if (why > 0) {
			vcpu_set_stop(vcpu, VMM_STOP_STOPPED, 0, "stopped");
			return 0;
		}
	}
}

/* One exit; returns -1 only when the VMM itself failed. Inlined into the
 * run loop (a call and its return less per exit); vcpu_dispatch_exit()
 * is the same for the fuzz targets. */
static inline __attribute__((always_inline)) int dispatch_exit(struct vmm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	stats_count_exit(&vcpu->stats, run->exit_reason);
	/* With synced registers a snapshot is a cheap copy; on SHUTDOWN the
	 * synced state may already be the reset state, so keep the older one. */
	if (vcpu->vm->sync_regs && run->exit_reason != KVM_EXIT_SHUTDOWN) {
		vcpu->last_regs = run->s.regs.regs;
		vcpu->last_sregs = run->s.regs.sregs;
		vcpu->have_last = true;
	}
	if (vcpu->trace)
		trace_exit(vcpu);
	/* Port I/O first, by a plain branch: the switch below is a jump
	 * table, one more indirect jump on the most common exit. */
	if (run->exit_reason == KVM_EXIT_IO)
		return handle_io(vcpu);
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		return handle_mmio(vcpu);
	case KVM_EXIT_HLT:
		return halt(vcpu);
	case KVM_EXIT_INTR:
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		return 0;   /* the loop top injects what is pending */
	case KVM_EXIT_DEBUG:
		if (vcpu->debugger.event)
			return debugger_event(vcpu, VCPU_DEBUG_EXIT);
		crash(vcpu, "debug exception with no debugger attached (KVM_EXIT_DEBUG)");
		return 0;
	case KVM_EXIT_SHUTDOWN:
		crash(vcpu, "triple fault (KVM_EXIT_SHUTDOWN)");
		return 0;
	case KVM_EXIT_FAIL_ENTRY:
		crash(vcpu, "VM entry failed (KVM_EXIT_FAIL_ENTRY, hardware reason 0x%llx)",
		      (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		return 0;
	case KVM_EXIT_INTERNAL_ERROR:
		crash(vcpu, "KVM internal error (KVM_EXIT_INTERNAL_ERROR, suberror %llu)",
		      (unsigned long long)run->internal.suberror);
		return 0;
	default:
		crash(vcpu, "unexpected KVM exit %u (%s)", run->exit_reason,
		      vmm_exit_reason_name(run->exit_reason));
		return 0;
	}
}

int vcpu_dispatch_exit(struct vmm_vcpu *vcpu)
{
	return dispatch_exit(vcpu);
}

/*
 * KVM_RUN, returning 0 or the errno it failed with. On x86-64 the system
 * call is made right here instead of through libc's ioctl(): that is a call
 * into another library, its PLT jump and a return, on every exit, which
 * matter where the machine is emulated (see dispatch_exit() and
 * doc/design.md#the-exit-path-is-short-and-mostly-inline).
 */
static inline int kvm_run_ioctl(int fd)
{
#if defined(__x86_64__) && defined(__linux__)
	long r;

	__asm__ volatile("syscall"
	                 : "=a"(r)
	                 : "0"((long)SYS_ioctl), "D"((long)fd), "S"((long)KVM_RUN), "d"(0L)
	                 : "rcx", "r11", "memory");
	return r < 0 && r >= -4095 ? (int)-r : 0;
#else
	return ioctl(fd, KVM_RUN, 0) < 0 ? errno : 0;
#endif
}

static void finish(struct vmm_vcpu *vcpu, struct vmm_stop *stop)
{
	size_t used;

	/* A partial line is out before anyone reports how the run ended. */
	outbuf_flush(&vcpu->out);
	/* The debugger tells gdb how the guest ended. */
	debugger_event(vcpu, VCPU_DEBUG_END);
	stop->reason = vcpu->pending_stop;
	stop->status = vcpu->pending_status;
	snprintf(stop->detail, sizeof(stop->detail), "%s", vcpu->pending_detail);
	if (stop->reason == VMM_STOP_CRASH) {
		used = strlen(stop->detail);
		if (used + 1 < sizeof(stop->detail)) {
			stop->detail[used++] = '\n';
			vmm_vcpu_dump(vcpu, stop->detail + used, sizeof(stop->detail) - used);
		}
	}
}

/*
 * KVM_RUN returned EINTR: a kick, a stop or a pause request. KVM completed
 * any pending I/O before returning, so this is the clean point to serve a
 * pause. Only this thread clears immediate_exit, and it does so before
 * looking at the request flags (a sequentially consistent store, then the
 * loads): a request made meanwhile either sees its immediate_exit survive,
 * so the next KVM_RUN returns at once, or is seen here and at the loop top.
 */
static int handle_interrupted_run(struct vmm_vcpu *vcpu)
{
	__atomic_store_n(&vcpu->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	if (!__atomic_exchange_n(&vcpu->pause_requested, 0, __ATOMIC_SEQ_CST))
		return 0;
	/* The request also wrote the stop fd, for a device blocked on input;
	 * left readable, it would wake the debugger's wait at once, forever. */
	if (vcpu_drain_stop_fd(vcpu))
		return 0;   /* stopped meanwhile: the loop top ends the run */
	vcpu_load_state(vcpu, VCPU_STATE_DROP);
	return debugger_event(vcpu, VCPU_DEBUG_PAUSE);
}

VMM_HOT int vmm_vcpu_run(struct vmm_vcpu *vcpu, struct vmm_stop *stop)
{
	memset(stop, 0, sizeof(*stop));
	vcpu->pending_stop = VMM_STOP_NONE;
	vcpu->have_last = ioctl(vcpu->fd, KVM_GET_REGS, &vcpu->last_regs) == 0 &&
	                  ioctl(vcpu->fd, KVM_GET_SREGS, &vcpu->last_sregs) == 0;
	if (debugger_event(vcpu, VCPU_DEBUG_START) < 0)
		goto failed;
	while (vcpu->pending_stop == VMM_STOP_NONE) {
		if (vcpu->stop_requested) {
			vcpu_set_stop(vcpu, VMM_STOP_STOPPED, 0, "stopped");
			break;
		}
		/* The idle timer fired (here or during the last KVM_RUN). */
		if (__atomic_load_n(&outbuf_ticks, __ATOMIC_RELAXED) != vcpu->out.seen)
			outbuf_tick(&vcpu->out);
		if (irq_before_run(vcpu) < 0)
			goto failed;
		if (vcpu->pending_stop != VMM_STOP_NONE)
			break;   /* an interrupt that cannot be delivered */
		if (write_back_regs(vcpu) < 0) {
			set_error_errno("KVM_SET_REGS failed");
			goto failed;
		}
		/* Written back: what KVM_RUN leaves is the guest's state. */
		drop_state(vcpu);
		int run_errno = kvm_run_ioctl(vcpu->fd);

		if (batch_drain(vcpu) < 0)
			goto failed;
		if (run_errno) {
			if (run_errno == EINTR || run_errno == EAGAIN) {
				if (handle_interrupted_run(vcpu) < 0)
					goto failed;
				continue;
			}
			errno = run_errno;
			set_error_errno("KVM_RUN failed");
			goto failed;
		}
		if (dispatch_exit(vcpu) < 0)
			goto failed;
	}
	finish(vcpu, stop);
	return 0;
failed:
	vcpu_set_stop(vcpu, VMM_STOP_ERROR, 0, vmm_last_error());
	finish(vcpu, stop);
	return -1;
}
