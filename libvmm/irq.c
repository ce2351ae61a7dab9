/* irq.c: the VM's interrupt lines: devices raise and lower them, knowing nothing of how an interrupt reaches the guest; the PICs and KVM_INTERRUPT deliver them. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/*
 * Every line's level and rising edges are recorded (the edges for tests).
 * A VM with the PC's PICs (vm_irq_attach_pic: vmm-pm) also delivers them:
 * there is no in-kernel irqchip (doc/design.md#no-in-kernel-irqchip: HLT must keep
 * exiting to us, and KVM_CREATE_IRQCHIP would change how vCPUs start), so
 * the 8259A pair is modelled here (pic.c) and vCPU 0's run loop injects
 * what its INT output presents with KVM_INTERRUPT, when kvm_run says the
 * guest can take it, or asks for an interrupt window when it cannot.
 *
 * Clock-driven lines (the PIT's IRQ0, the RTC's IRQ8) need no thread of
 * their own: vCPU 0's thread raises them when their time has come, before
 * each KVM_RUN and while a HLT waits, and a POSIX timer signals that
 * thread out of KVM_RUN at the next deadline. So the timer, the PICs and the injection
 * all happen in one thread, in order; only a line raised from another
 * thread (a second vCPU's device) needs a kick.
 *
 * The levels and edges are kept with __atomic builtins; delivery state is
 * under vm->irq.lock.
 */

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif


static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* With the lock held: the PICs' output changed to pending; a target
 * running elsewhere must come and look. */
static void wake_target(struct vmm_vm *vm)
{
	struct vmm_vcpu *t = vm->irq.target;

	if (t && !pthread_equal(t->thread, pthread_self()))
		vcpu_kick(t);
}

void vm_irq_set(struct vmm_vm *vm, unsigned line, bool level)
{
	uint32_t bit;

	if (line >= VM_IRQ_LINES)
		return;   /* a device's bug, not the guest's: ignored */
	bit = 1u << line;
	if (!level) {
		__atomic_fetch_and(&vm->irq.levels, ~bit, __ATOMIC_SEQ_CST);
	} else if (!(__atomic_fetch_or(&vm->irq.levels, bit, __ATOMIC_SEQ_CST) & bit)) {
		__atomic_add_fetch(&vm->irq.edges[line], 1, __ATOMIC_SEQ_CST);
	}
	if (!__atomic_load_n(&vm->irq.has_pic, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&vm->irq.lock);
	pic_set_line(&vm->irq.pic, line, level);
	if (pic_output(&vm->irq.pic))
		wake_target(vm);
	pthread_mutex_unlock(&vm->irq.lock);
}

bool vm_irq_level(struct vmm_vm *vm, unsigned line)
{
	if (line >= VM_IRQ_LINES)
		return false;
	return __atomic_load_n(&vm->irq.levels, __ATOMIC_SEQ_CST) & (1u << line);
}

uint64_t vm_irq_edges(struct vmm_vm *vm, unsigned line)
{
	if (line >= VM_IRQ_LINES)
		return 0;
	return __atomic_load_n(&vm->irq.edges[line], __ATOMIC_SEQ_CST);
}

static void fire_timers(struct vmm_vm *vm, uint64_t now);

bool vm_irq_line_enabled(struct vmm_vm *vm, unsigned line)
{
	bool on;

	if (!__atomic_load_n(&vm->irq.has_pic, __ATOMIC_ACQUIRE) || line >= VM_IRQ_LINES)
		return false;
	pthread_mutex_lock(&vm->irq.lock);
	on = pic_line_enabled(&vm->irq.pic, line);
	pthread_mutex_unlock(&vm->irq.lock);
	return on;
}

/* Ports 0x20/0x21 (opaque 0) and 0xA0/0xA1 (opaque 1). */
static int pic_io(struct vmm_vcpu *vcpu, void *opaque, uint64_t offset,
                  bool is_write, uint8_t *data, unsigned size)
{
	struct vmm_vm *vm = vcpu->vm;
	unsigned chip = opaque != NULL;

	pthread_mutex_lock(&vm->irq.lock);
	/* Edges are raised when someone looks, not when they happen: those
	 * due by now come before the access (an ICW1 must clear them, a read
	 * of the IRR must see them). */
	fire_timers(vm, now_ns());
	/* A word access is two byte accesses, the second to port + 1. */
	for (unsigned i = 0; i < size; i++) {
		/* An OCW1 to the master (port 0x21 once initialised): only a
		 * mask the guest chose counts as unmasking IRQ1, not the
		 * cleared IMR that ICW1 leaves during a remap. */
		bool ocw1 = is_write && chip == 0 && offset + i == 1 &&
		            vm->irq.pic.chip[0].step == PIC_READY;

		if (offset + i < 2)
			pic_access(&vm->irq.pic, chip, (unsigned)(offset + i), is_write,
			           &data[i]);
		else if (!is_write)
			data[i] = 0xFF;
		/* A kernel that only takes keys in its IRQ1 handler claims
		 * stdin by unmasking the line, before it ever touches 0x60. */
		if (ocw1 && vm->kbd && pic_line_enabled(&vm->irq.pic, 1))
			vm_input_claim(vm, VM_INPUT_KBD);
	}
	/* An unmask or an EOI may let a request through. */
	if (is_write && pic_output(&vm->irq.pic))
		wake_target(vm);
	pthread_mutex_unlock(&vm->irq.lock);
	return 0;
}

int vm_irq_attach_pic(struct vmm_vm *vm)
{
	pthread_mutex_lock(&vm->irq.lock);
	pic_init(&vm->irq.pic);
	pthread_mutex_unlock(&vm->irq.lock);
	if (io_register(vm, VMM_IO_PORT, 0x20, 2, pic_io, NULL, IO_OFFSET) < 0 ||
	    io_register(vm, VMM_IO_PORT, 0xA0, 2, pic_io, (void *)1, IO_OFFSET) < 0)
		return -1;
	__atomic_store_n(&vm->irq.has_pic, true, __ATOMIC_RELEASE);
	return 0;
}

void vm_irq_set_timer(struct vmm_vm *vm, unsigned line, uint64_t first_ns,
                      uint64_t period_ns)
{
	if (line >= VM_IRQ_LINES)
		return;
	if (period_ns && period_ns < IRQ_TIMER_MIN_NS)
		period_ns = IRQ_TIMER_MIN_NS;
	pthread_mutex_lock(&vm->irq.lock);
	if (vm->irq.timer[line].origin != first_ns ||
	    vm->irq.timer[line].period != period_ns) {
		/* The old schedule's edges due by now happened before the
		 * reprogramming. */
		fire_timers(vm, now_ns());
		vm->irq.timer[line].origin = first_ns;
		vm->irq.timer[line].next = first_ns;
		vm->irq.timer[line].period = period_ns;
		/* The target sets its host timer before it next runs. */
		wake_target(vm);
	}
	pthread_mutex_unlock(&vm->irq.lock);
}

/* With the lock held: raise (an edge) each line whose time has come, and
 * move it to its next deadline after NOW. Ticks missed meanwhile are not
 * owed: one edge stands for all of them (the PIC latches one anyway). */
static void fire_timers(struct vmm_vm *vm, uint64_t now)
{
	for (unsigned i = 0; i < VM_IRQ_LINES; i++) {
		uint64_t next = vm->irq.timer[i].next, period = vm->irq.timer[i].period;

		if (!next || now < next)
			continue;
		vm->irq.timer[i].next = period ? next + ((now - next) / period + 1) * period : 0;
		if (!(__atomic_fetch_or(&vm->irq.levels, 1u << i, __ATOMIC_SEQ_CST) & (1u << i)))
			__atomic_add_fetch(&vm->irq.edges[i], 1, __ATOMIC_SEQ_CST);
		__atomic_fetch_and(&vm->irq.levels, ~(1u << i), __ATOMIC_SEQ_CST);
		pic_set_line(&vm->irq.pic, i, true);
		pic_set_line(&vm->irq.pic, i, false);
	}
}

/* With the lock held: the earliest timer deadline, 0 if none; only those
 * of lines that can reach the CPU when ENABLED_ONLY. */
static uint64_t next_deadline(struct vmm_vm *vm, bool enabled_only)
{
	uint64_t best = 0;

	for (unsigned i = 0; i < VM_IRQ_LINES; i++) {
		uint64_t next = vm->irq.timer[i].next;

		if (!next || (enabled_only && !pic_line_enabled(&vm->irq.pic, i)))
			continue;
		if (!best || next < best)
			best = next;
	}
	return best;
}

static void set_host_timer(struct vmm_vcpu *vcpu, uint64_t at)
{
	struct itimerspec its;

	if (!vcpu->irq_timer_ok || at == vcpu->irq_timer_at)
		return;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(at / 1000000000u);
	its.it_value.tv_nsec = (long)(at % 1000000000u);
	/* A zero it_value disarms it. */
	if (timer_settime(vcpu->irq_timer, TIMER_ABSTIME, &its, NULL) == 0)
		vcpu->irq_timer_at = at;
}

int irq_vcpu_attach(struct vmm_vcpu *vcpu, int signo)
{
	struct vmm_vm *vm = vcpu->vm;
	struct sigevent sev;

	if (vcpu->index != 0)
		return 0;   /* a PC's interrupts go to the bootstrap processor */
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = signo;
	/* A value marks this timer's signal: the kick handler then sets the
	 * thread's own kvm_run's immediate_exit (vcpu.c); outbuf.c counts
	 * only signals without a value. */
	sev.sigev_value.sival_ptr = vcpu->run;
	sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &vcpu->irq_timer) < 0)
		return set_error_errno("cannot create the vCPU's interrupt timer");
	/* A HLT waits in ppoll() until the next tick: without this, Linux
	 * adds its default 50 us of timer slack to every such wake-up
	 * (measured: 120 us late at the median instead of 60-80 us). */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	vcpu->irq_timer_ok = true;
	pthread_mutex_lock(&vm->irq.lock);
	if (!vm->irq.target)
		vm->irq.target = vcpu;
	pthread_mutex_unlock(&vm->irq.lock);
	return 0;
}

void irq_vcpu_detach(struct vmm_vcpu *vcpu)
{
	struct vmm_vm *vm = vcpu->vm;

	pthread_mutex_lock(&vm->irq.lock);
	if (vm->irq.target == vcpu)
		vm->irq.target = NULL;
	pthread_mutex_unlock(&vm->irq.lock);
	/* In the vCPU's own thread, before its kvm_run is unmapped: a tick
	 * still pending for this thread is delivered (its handler writing to
	 * kvm_run) on the return from timer_delete, not later. */
	if (vcpu->irq_timer_ok)
		timer_delete(vcpu->irq_timer);
	vcpu->irq_timer_ok = false;
}

static void trace_injection(struct vmm_vcpu *vcpu, int line, uint8_t vector)
{
	char text[80];

	if (line < 0)
		snprintf(text, sizeof(text), "IRQ spurious vector=0x%02x injected", vector);
	else
		snprintf(text, sizeof(text), "IRQ %d vector=0x%02x injected", line, vector);
	vcpu->trace(vcpu->trace_opaque, vcpu->index, text);
}

/*
 * Whether the IDT entry (the IVT's in real mode) of VECTOR is guest RAM.
 * If it is not, no CPU could deliver the interrupt (an unmapped entry is
 * a page fault, whose own delivery fails the same way: a triple fault),
 * but KVM, asked to, may instead spin on it without ever exiting. So the
 * run ends here as a crash, with a report that says why; false then.
 */
static bool gate_in_ram(struct vmm_vcpu *vcpu, uint8_t vector)
{
	const struct kvm_sregs *sregs = vcpu_sregs(vcpu);
	unsigned size;
	char why[160];

	if (!sregs)
		return true;   /* let KVM's delivery decide */
	size = (sregs->cr0 & 1) ? 8 : 4;
	if (linear_check(vcpu, sregs->idt.base + (uint64_t)vector * size, size) == 0)
		return true;
	snprintf(why, sizeof(why),
	         "interrupt vector 0x%02x: its %s entry at 0x%llx is not in guest RAM",
	         vector, size == 8 ? "IDT" : "IVT",
	         (unsigned long long)(sregs->idt.base + (uint64_t)vector * size));
	vcpu_set_stop(vcpu, VMM_STOP_CRASH, 0, why);
	return false;
}

/* irq_before_run() for the vCPU that takes the interrupts. */
int irq_deliver(struct vmm_vcpu *vcpu)
{
	struct vmm_vm *vm = vcpu->vm;
	struct kvm_run *run = vcpu->run;
	struct kvm_interrupt intr;
	bool inject = false;
	uint64_t at;
	int line = -1;

	pthread_mutex_lock(&vm->irq.lock);
	fire_timers(vm, now_ns());
	if (pic_output(&vm->irq.pic) && run->ready_for_interrupt_injection &&
	    run->if_flag) {
		/* The acknowledge cycle happens now, as the CPU takes it. */
		intr.irq = pic_acknowledge(&vm->irq.pic, &line);
		inject = true;
	}
	/* Anything (still) pending waits for the guest to be able to take
	 * it: KVM exits with KVM_EXIT_IRQ_WINDOW_OPEN as soon as it can. */
	run->request_interrupt_window = pic_output(&vm->irq.pic);
	/* A masked line needs no host timer: its edges are caught up with
	 * (one for all) when an exit brings us here, as after the unmask. */
	at = next_deadline(vm, true);
	pthread_mutex_unlock(&vm->irq.lock);
	set_host_timer(vcpu, at);
	if (!inject)
		return 0;
	if (!gate_in_ram(vcpu, (uint8_t)intr.irq))
		return 0;
	if (ioctl(vcpu->fd, KVM_INTERRUPT, &intr) < 0)
		return set_error_errno("KVM_INTERRUPT failed");
	if (line >= 0)
		vcpu->stats.irqs[line]++;
	else
		vcpu->stats.spurious_irqs++;
	if (vcpu->trace)
		trace_injection(vcpu, line, (uint8_t)intr.irq);
	return 0;
}

int64_t irq_halt_wait_ns(struct vmm_vcpu *vcpu)
{
	struct vmm_vm *vm = vcpu->vm;
	uint64_t now, at;
	int64_t wait;

	if (!__atomic_load_n(&vm->irq.has_pic, __ATOMIC_ACQUIRE) ||
	    vm->irq.target != vcpu)
		return -1;
	now = now_ns();
	pthread_mutex_lock(&vm->irq.lock);
	fire_timers(vm, now);
	if (pic_output(&vm->irq.pic)) {
		wait = 0;
	} else {
		/* A masked line's timer wakes nobody: it is no source. */
		at = next_deadline(vm, true);
		wait = at ? (int64_t)(at - now) : -1;
	}
	pthread_mutex_unlock(&vm->irq.lock);
	return wait;
}

void irq_timer_pause(struct vmm_vcpu *vcpu)
{
	set_host_timer(vcpu, 0);
}
