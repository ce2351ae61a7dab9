/* sandbox.c: the seccomp filter a tool enters once its guests are set up. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* program_invocation_short_name */
#endif
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#ifdef HAVE_SECCOMP
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

/*
 * What the process may still do once the guests are set up. Everything is
 * created by then (VMs, guest RAM, vCPUs and their threads, the disk file,
 * the terminal state): from here on the VMM only runs vCPUs, moves bytes
 * between guests and the file descriptors it already has, and tears down.
 *
 * No call that creates a file descriptor is allowed (open, socket, pipe,
 * dup, eventfd, memfd, recvmsg...; only accept4 with VMM_SANDBOX_NET, for a gdb
 * stub's listening socket), so the set of descriptors is fixed at entry: read and
 * write are therefore allowed on any descriptor, which is the same as
 * allowing exactly the ones in use. Nothing can be executed or mapped
 * executable, no process or thread can be created, no ioctl other than the
 * vCPU and terminal ones below can be made.
 */
static const int allowed_plain[] = {
	/* Guest I/O: console, disk, the vCPUs' stop eventfds. */
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(lseek),
	SCMP_SYS(fsync), SCMP_SYS(fdatasync), SCMP_SYS(close),
	SCMP_SYS(poll), SCMP_SYS(ppoll),
	/* Threads: locks, semaphores, joins, the stop kick, the timeout. */
	SCMP_SYS(futex), SCMP_SYS(sched_yield), SCMP_SYS(getpid),
	SCMP_SYS(gettid), SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	/* The vCPUs' console idle timers (libvmm/outbuf.c), made before. */
	SCMP_SYS(timer_settime), SCMP_SYS(timer_delete),
	/* Signals: the kick handler returning, Ctrl-C restoring the terminal
	 * and re-raising with the default action. */
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigaction), SCMP_SYS(restart_syscall),
	/* A thread created just before the filter (a setup hook's helper, such
	 * as the gdb stub's watcher) may still be in glibc's start-up, which
	 * registers these two per-thread areas: harmless, and without them it
	 * dies silently (SIGSYS is blocked there). */
	SCMP_SYS(rseq), SCMP_SYS(set_robust_list),
	/* Memory: malloc and free, thread stacks being released. */
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(madvise), SCMP_SYS(mremap),
	/* The tools' resource report (the soak test's hook): read-only. */
	SCMP_SYS(getrusage),
	/* The end. */
	SCMP_SYS(exit), SCMP_SYS(exit_group),
};

/* The ioctls of a running vCPU (KVM_RUN, registers for hypercalls, the
 * crash dump and a debugger) and of the terminal (raw mode is restored at
 * exit or on a signal). The kernel reads only the low 32 bits of the
 * request, so only those are compared. */
static const unsigned long allowed_ioctls[] = {
	KVM_RUN, KVM_GET_REGS, KVM_SET_REGS, KVM_GET_SREGS, KVM_SET_SREGS,
	KVM_SET_GUEST_DEBUG, KVM_GET_FPU,
	/* vmm-pm's PICs inject their interrupts (irq.c). */
	KVM_INTERRUPT,
	/* COM1 output is batched only once a guest has printed a lot
	 * (batch_saw_writes in batch.c): the zone is registered while it runs. */
	KVM_REGISTER_COALESCED_MMIO,
	/* The VGA screen is watched through the dirty log while it runs. */
	KVM_GET_DIRTY_LOG,
	TCGETS, TCSETS, TCSETSW, TCSETSF,
};

/*
 * With VMM_SANDBOX_NET: serving connections on sockets that already exist.
 * recv() and send() are recvfrom and sendto; recvmsg, which alone can
 * receive descriptors (SCM_RIGHTS) over a Unix socket, and sendmsg are not
 * allowed. accept4 (with SOCK_CLOEXEC only, as the gdb stub calls it; see
 * build()) works only on a listening socket, and the only one the process
 * has is the stub's, so it can only ever give the stub its next gdb.
 */
static const int allowed_net[] = {
	SCMP_SYS(recvfrom), SCMP_SYS(sendto),
	SCMP_SYS(shutdown), SCMP_SYS(setsockopt), SCMP_SYS(getsockopt),
	SCMP_SYS(getsockname), SCMP_SYS(getpeername),
};

/*
 * A build with AddressSanitizer checks for leaks when the process exits,
 * from a helper that shares its memory (clone with CLONE_VM|CLONE_UNTRACED),
 * stops the threads with ptrace and reads /proc/self: it needs these, or
 * every sanitizer test would die of the sandbox at exit. Only in such test
 * builds, and still no fork, no exec, no file opened for writing, nothing
 * executable. (A leak report then comes unsymbolized: the symbolizer would
 * be a new program. Rerun with --no-sandbox for names.)
 */
#if defined(__SANITIZE_ADDRESS__)
#define VMM_SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VMM_SANITIZER_BUILD 1
#endif
#endif
#ifdef VMM_SANITIZER_BUILD
static const int allowed_sanitizer[] = {
	SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(prctl),
	SCMP_SYS(getdents), SCMP_SYS(getdents64), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(sigaltstack), SCMP_SYS(readlink), SCMP_SYS(readlinkat),
	SCMP_SYS(newfstatat), SCMP_SYS(fstat), SCMP_SYS(getppid),
	SCMP_SYS(getrlimit), SCMP_SYS(prlimit64), SCMP_SYS(uname),
};

static int add_sanitizer_rules(scmp_filter_ctx ctx)
{
	int r;

	for (size_t i = 0; i < sizeof(allowed_sanitizer) / sizeof(allowed_sanitizer[0]); i++) {
		if (allowed_sanitizer[i] < 0)
			continue;
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed_sanitizer[i], 0);
		if (r < 0)
			return r;
	}
	/* The leak checker's helper: a thread-like clone, never a fork. */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	                     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_VM | CLONE_UNTRACED,
	                             CLONE_VM | CLONE_UNTRACED));
	if (r < 0)
		return r;
	/* /proc/self/maps and /proc/self/task, read-only. */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	                     SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDONLY));
	if (r < 0)
		return r;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
	                        SCMP_A1(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDONLY));
}
#endif

/* Names of the native system calls, looked up before the filter is loaded:
 * the SIGSYS handler may not allocate. */
#define NAME_SLOTS 512
static char syscall_names[NAME_SLOTS][24];

static void load_names(void)
{
	for (int nr = 0; nr < NAME_SLOTS; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

		if (name) {
			strncpy(syscall_names[nr], name, sizeof(syscall_names[nr]) - 1);
			free(name);
		}
	}
}

/* Async-signal-safe helpers for the one message. */
static size_t append(char *buf, size_t used, size_t len, const char *s)
{
	while (*s && used + 1 < len)
		buf[used++] = *s++;
	buf[used] = '\0';
	return used;
}

static size_t append_num(char *buf, size_t used, size_t len, unsigned long v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < (int)sizeof(digits));
	while (n > 0 && used + 1 < len)
		buf[used++] = digits[--n];
	buf[used] = '\0';
	return used;
}

/*
 * A forbidden call (SCMP_ACT_TRAP) lands here instead of running: say which
 * one on stderr, then die of SIGSYS, so that the parent sees the same
 * status as with SCMP_ACT_KILL_PROCESS. The call itself never ran.
 */
static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	char msg[160];
	size_t used = 0;
	unsigned nr = (unsigned)si->si_syscall;
	struct sigaction dfl;
	sigset_t set;
	ssize_t ignored;
	(void)ctx;

	used = append(msg, used, sizeof(msg), program_invocation_short_name);
	used = append(msg, used, sizeof(msg), ": sandbox: system call ");
	if (nr < NAME_SLOTS && syscall_names[nr][0]) {
		used = append(msg, used, sizeof(msg), syscall_names[nr]);
		used = append(msg, used, sizeof(msg), " (");
		used = append_num(msg, used, sizeof(msg), nr);
		used = append(msg, used, sizeof(msg), ")");
	} else {
		used = append_num(msg, used, sizeof(msg), nr);
	}
	used = append(msg, used, sizeof(msg), " is not allowed; killing the process\n");
	ignored = write(STDERR_FILENO, msg, used);
	(void)ignored;
	/* Dying of SIGSYS must not leave the terminal raw (or on the
	 * guest's screen) either. */
	vmm_input_restore();
	vmm_vga_live_restore();

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);  /* pending: SIGSYS is blocked while its handler runs */
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);  /* not reached */
}

static int add_list(scmp_filter_ctx ctx, const int *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* A name this kernel's libseccomp does not know is negative:
		 * nothing to allow then. */
		if (list[i] < 0)
			continue;
		int r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i], 0);
		if (r < 0)
			return r;
	}
	return 0;
}

static int build(scmp_filter_ctx ctx, unsigned flags)
{
	int r;

	r = add_list(ctx, allowed_plain, sizeof(allowed_plain) / sizeof(allowed_plain[0]));
	if (r < 0)
		return r;
	if (flags & VMM_SANDBOX_NET) {
		r = add_list(ctx, allowed_net, sizeof(allowed_net) / sizeof(allowed_net[0]));
		if (r < 0)
			return r;
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(accept4), 1,
		                     SCMP_A3(SCMP_CMP_EQ, (scmp_datum_t)SOCK_CLOEXEC));
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < sizeof(allowed_ioctls) / sizeof(allowed_ioctls[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		                     SCMP_A1_32(SCMP_CMP_EQ, (uint32_t)allowed_ioctls[i]));
		if (r < 0)
			return r;
	}
	/* Signals only to this process (the vCPU kick, raise()). */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
	                     SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	if (r < 0)
		return r;
	/* Memory for malloc and thread stacks, never executable. */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	                     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (r < 0)
		return r;
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	                     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (r < 0)
		return r;
#ifdef VMM_SANITIZER_BUILD
	r = add_sanitizer_rules(ctx);
	if (r < 0)
		return r;
#endif
	/* ioctl first: KVM_RUN is the call made once per exit, and libseccomp
	 * would otherwise compare its number with the forty others first. */
	r = seccomp_syscall_priority(ctx, SCMP_SYS(ioctl), 255);
	if (r < 0)
		return r;
	/* Every thread of the process, at once: the vCPU threads exist by now. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (r < 0)
		return r;
	/* Refused calls also go to the kernel's audit log (where the SIGSYS
	 * handler cannot speak: a thread that blocks SIGSYS dies silently). */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
	if (r < 0)
		return r;
	/* A foreign ABI (int 0x80, x32) must not slip past the filter. */
	return seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
}

bool vmm_sandbox_available(void)
{
	return true;
}

int vmm_sandbox_enter(unsigned flags)
{
	struct sigaction sa;
	scmp_filter_ctx ctx;
	int r;

	if (flags & ~(unsigned)VMM_SANDBOX_NET)
		return set_error("vmm_sandbox_enter: unknown flags 0x%x", flags);
	load_names();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return set_error_errno("sandbox: cannot handle SIGSYS");
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx)
		return set_error("sandbox: seccomp_init failed");
	r = build(ctx, flags);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0) {
		errno = -r;
		return set_error_errno("cannot enter the seccomp sandbox (run with --no-sandbox to do without)");
	}
	return 0;
}

#else /* !HAVE_SECCOMP */

bool vmm_sandbox_available(void)
{
	return false;
}

int vmm_sandbox_enter(unsigned flags)
{
	(void)flags;
	return set_error("libvmm was built without the seccomp sandbox (configure --disable-sandbox)");
}

#endif
