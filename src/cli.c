/* cli.c: option parsing and printing helpers shared by the tools. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "testhooks.h"

/* Whether TEXT is DIGITS [. DIGITS] or . DIGITS: strtod() alone would
 * also take spaces, signs, exponents, hex, "inf" and "nan". */
static bool decimal_syntax(const char *text)
{
	bool digits = false;

	for (; *text >= '0' && *text <= '9'; text++)
		digits = true;
	if (*text == '.')
		for (text++; *text >= '0' && *text <= '9'; text++)
			digits = true;
	return digits && !*text;
}

int cli_parse_timeout(const char *text, uint64_t *ms)
{
	char *end;
	double s;

	if (!decimal_syntax(text))
		return -1;
	errno = 0;
	s = strtod(text, &end);
	if (errno || end == text || *end || !(s > 0) || s > 86400)
		return -1;
	*ms = (uint64_t)(s * 1000 + 0.5);
	if (*ms == 0)
		*ms = 1;
	return 0;
}

int cli_parse_size(const char *text, uint64_t *bytes)
{
	unsigned long long v;
	char *end;

	/* A digit first: strtoull() would skip spaces and take a sign (and
	 * " -18446744073709551615" would then be 1). */
	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (*end == 'i' && shift)   /* accept "4Mi" too */
		end++;
	if (*end == 'B' && shift)   /* and "4MB", "4MiB" */
		end++;
	if (*end || v > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

int cli_parse_mem(const char *text, uint64_t *bytes)
{
	size_t n = strlen(text);

	/* A plain number is MiB, as with QEMU's -m; a suffix says otherwise. */
	if (n && text[n - 1] >= '0' && text[n - 1] <= '9') {
		if (cli_parse_size(text, bytes) < 0 || *bytes > (UINT64_MAX >> 20))
			return -1;
		*bytes <<= 20;
		return 0;
	}
	return cli_parse_size(text, bytes);
}

int cli_parse_u32(const char *text, uint32_t *value)
{
	unsigned long long v;
	char *end;
	int base = 10;

	/* Decimal, or hex after 0x, and nothing but digits: never octal
	 * (base 0 would read "010" as 8), no spaces or sign (strtoull() skips
	 * and takes them), no second "0x" (base 16 takes one). */
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	if (!*text)
		return -1;
	for (const char *p = text; *p; p++)
		if (base == 16 ? !isxdigit((unsigned char)*p) : (*p < '0' || *p > '9'))
			return -1;
	errno = 0;
	v = strtoull(text, &end, base);
	if (errno || end == text || *end || v > UINT32_MAX)
		return -1;
	*value = (uint32_t)v;
	return 0;
}

void cli_guest_name(const char *path, char *name, size_t len)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t n;

	if (len == 0)
		return;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n >= len)
		n = len - 1;
	memcpy(name, base, n);
	name[n] = '\0';
}

/* What a file that is not a regular one is, for a message. */
static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int cli_open_regular(const char *path, int flags, const char *what,
                     bool block_ok, struct stat *st, char *err, size_t errlen)
{
	/* "cannot open disk 'x'", or for an image just "cannot open 'x'". */
	const char *sp = what && *what ? " " : "";
	/* O_NONBLOCK: opening a FIFO with no writer, or a terminal, would
	 * otherwise wait forever before fstat() could refuse it. */
	int fd = open(path, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (!what)
		what = "";
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s%s'%s': %s", what, sp, path,
		         strerror(errno));
		return -1;
	}
	if (fstat(fd, st) < 0) {
		snprintf(err, errlen, "cannot read %s%s'%s': %s", what, sp, path,
		         strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st->st_mode) && !*what) {
		snprintf(err, errlen, "'%s' is a directory, not an image", path);
		goto fail;
	}
	if (!S_ISREG(st->st_mode) && !(block_ok && S_ISBLK(st->st_mode))) {
		snprintf(err, errlen, "%s%s'%s' is %s, not a regular file%s", what, sp,
		         path, file_kind(st->st_mode), block_ok ? " or block device" : "");
		goto fail;
	}
	/* Whoever keeps the descriptor wants blocking reads and writes. */
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		snprintf(err, errlen, "cannot use %s%s'%s': %s", what, sp, path,
		         strerror(errno));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

int cli_read_file(const char *path, size_t max, uint8_t **data, size_t *len,
                  char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t got = 0;
	int fd = cli_open_regular(path, O_RDONLY, NULL, false, &st, err, errlen);

	if (fd < 0)
		return -1;
	if (st.st_size == 0) {
		snprintf(err, errlen, "'%s' is empty", path);
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(err, errlen, "'%s' is %llu bytes, more than the limit of %zu KiB",
		         path, (unsigned long long)st.st_size, max / 1024);
		goto fail;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		snprintf(err, errlen, "out of memory reading '%s'", path);
		goto fail;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "cannot read '%s': %s", path,
			         n < 0 ? strerror(errno) : "file shrank while reading");
			goto fail;
		}
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

void cli_describe_stop(const struct vmm_guest *g, uint64_t timeout_ms,
                       char *buf, size_t len)
{
	const struct vmm_stop *s = &g->stop;
	unsigned long long exits = (unsigned long long)g->stats.exits;
	const char *nl;

	switch (s->reason) {
	case VMM_STOP_HLT:
		snprintf(buf, len, "halted after %llu exits", exits);
		break;
	case VMM_STOP_EXIT:
		snprintf(buf, len, "exited with status %d after %llu exits", s->status, exits);
		break;
	case VMM_STOP_CRASH:
		nl = strchr(s->detail, '\n');
		snprintf(buf, len, "crashed after %llu exits: %.*s", exits,
		         nl ? (int)(nl - s->detail) : (int)strlen(s->detail), s->detail);
		break;
	case VMM_STOP_STOPPED:
		if (g->timed_out)
			snprintf(buf, len, "stopped: timeout after %llu.%03llu s (%llu exits)",
			         (unsigned long long)timeout_ms / 1000,
			         (unsigned long long)timeout_ms % 1000, exits);
		else
			snprintf(buf, len, "stopped after %llu exits", exits);
		break;
	case VMM_STOP_ERROR:
		snprintf(buf, len, "failed: %s", s->detail);
		break;
	case VMM_STOP_NONE:
		snprintf(buf, len, "did not run");
		break;
	}
}

void cli_print_version(FILE *f, const char *tool)
{
	fprintf(f, "%s (%s) %s\n", tool, PACKAGE_NAME, PACKAGE_VERSION);
	fputs("Copyright (C) 2026 The kvm-vmm authors.\n"
	      "License GPLv2+: GNU GPL version 2 or later <https://gnu.org/licenses/gpl.html>.\n"
	      "This is free software: you are free to change and redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n", f);
}

int cli_exit_status(const struct vmm_guest *guests, unsigned n)
{
	int status = 0;

	for (unsigned i = 0; i < n; i++)
		if (guests[i].stop.reason == VMM_STOP_ERROR)
			return EXIT_NOSTART;
	for (unsigned i = 0; i < n; i++)
		if (guests[i].stop.reason == VMM_STOP_CRASH)
			return EXIT_CRASHED;
	for (unsigned i = 0; i < n; i++)
		if (guests[i].timed_out)
			return EXIT_TIMEOUT;
	for (unsigned i = 0; i < n && status == 0; i++)
		status = guests[i].stop.status;
	return status;
}

/* Interrupts injected, by IRQ line: a line of their own, only for a
 * guest that took any (vmm-pm's PICs). */
static void cli_print_irqs(FILE *f, const struct vmm_stats *st)
{
	bool any = st->spurious_irqs != 0;

	for (unsigned i = 0; i < VMM_IRQ_LINES; i++)
		any |= st->irqs[i] != 0;
	if (!any)
		return;
	fprintf(f, "  interrupts:");
	for (unsigned i = 0; i < VMM_IRQ_LINES; i++)
		if (st->irqs[i])
			fprintf(f, " irq%u=%llu", i, (unsigned long long)st->irqs[i]);
	if (st->spurious_irqs)
		fprintf(f, " spurious=%llu", (unsigned long long)st->spurious_irqs);
	fprintf(f, "\n");
}

void cli_print_stats(FILE *f, const struct vmm_guest *guests,
                     const char *const *names, unsigned n)
{
	fprintf(f, "%-20s %-8s %6s %10s %8s %8s %6s %8s %10s\n", "guest", "stop",
	        "status", "exits", "io", "mmio", "hlt", "other", "out-bytes");
	for (unsigned i = 0; i < n; i++) {
		const struct vmm_stats *st = &guests[i].stats;
		uint64_t io = st->by_reason[VMM_EXIT_IO];
		uint64_t mmio = st->by_reason[VMM_EXIT_MMIO];
		uint64_t hlt = st->by_reason[VMM_EXIT_HLT];

		fprintf(f, "%-20s %-8s %6d %10llu %8llu %8llu %6llu %8llu %10llu\n",
		        names[i], vmm_stop_reason_name(guests[i].stop.reason),
		        guests[i].stop.status, (unsigned long long)st->exits,
		        (unsigned long long)io, (unsigned long long)mmio,
		        (unsigned long long)hlt,
		        (unsigned long long)(st->exits - io - mmio - hlt),
		        (unsigned long long)st->output_bytes);
		fprintf(f, "  hypercalls %llu (unknown %llu), batched writes %llu, unclaimed I/O %llu, ports:",
		        (unsigned long long)st->hypercalls,
		        (unsigned long long)st->bad_hypercalls,
		        (unsigned long long)st->batched_writes,
		        (unsigned long long)st->unclaimed_io);
		for (unsigned p = 0; p < VMM_STATS_PORTS && st->ports[p].count; p++)
			fprintf(f, " 0x%x=%llu", st->ports[p].port,
			        (unsigned long long)st->ports[p].count);
		if (st->other_ports)
			fprintf(f, " other=%llu", (unsigned long long)st->other_ports);
		fprintf(f, "\n");
		cli_print_irqs(f, st);
	}
}

int cli_report(const char *tool, const struct vmm_guest *guests,
               const char *const *labels, unsigned n, bool quiet, bool stats,
               uint64_t timeout_ms)
{
	for (unsigned i = 0; i < n; i++) {
		const struct vmm_stop *s = &guests[i].stop;
		char line[512];

		if (s->reason == VMM_STOP_ERROR) {
			fprintf(stderr, "%s: %s\n", tool, s->detail);
			continue;
		}
		cli_describe_stop(&guests[i], timeout_ms, line, sizeof(line));
		if (!quiet || s->reason == VMM_STOP_CRASH)
			fprintf(stderr, "%s %s\n", labels[i], line);
		if (s->reason == VMM_STOP_CRASH) {
			const char *dump = strchr(s->detail, '\n');
			if (dump)
				fputs(dump + 1, stderr);
		}
	}
	if (stats)
		cli_print_stats(stderr, guests, labels, n);
	return cli_exit_status(guests, n);
}

int cli_sandbox_ready(void *opaque)
{
	const struct cli_sandbox *sb = opaque;

	if (sb->enabled && vmm_sandbox_available() &&
	    vmm_sandbox_enter(sb->flags) < 0)
		return -1;
	testhook_sandbox_selftest(sb->tool, sb->enabled);
	return 0;
}

int cli_open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* The lowest free descriptor is FD itself. */
		int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (null != fd) {
			if (null >= 0)
				close(null);
			return -1;
		}
	}
	return 0;
}

/* The disk to fsync before dying of a signal (cli_flush_on_signal). */
static volatile sig_atomic_t signal_disk_fd = -1;
static const char *signal_disk_message;

void cli_flush_on_signal(const char *tool, int fd)
{
	static char msg[128];

	snprintf(msg, sizeof(msg), "%s: the disk could not be written back (fsync failed)\n",
	         tool);
	signal_disk_message = msg;
	signal_disk_fd = fd;
}

/* Only async-signal-safe calls: the terminal back, the disk durable, then
 * die of SIG as if there were no handler. */
static void on_fatal_signal(int sig)
{
	int fd = signal_disk_fd;

	vmm_input_restore();
	vmm_vga_live_restore();
	if (fd >= 0 && fsync(fd) < 0 && signal_disk_message) {
		ssize_t ignored = write(STDERR_FILENO, signal_disk_message,
		                        strlen(signal_disk_message));
		(void)ignored;
	}
	signal(sig, SIG_DFL);
	raise(sig);  /* pending (SIG is blocked in here) until we return */
}

/* Ctrl-Z: give the shell its terminal back, stop, and take raw mode again
 * once continued (as editors do). */
static void on_stop_signal(int sig)
{
	struct sigaction sa;
	sigset_t set;
	int saved_errno = errno;

	vmm_vga_live_suspend();
	vmm_input_suspend();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);  /* the stop happens here */
	pthread_sigmask(SIG_BLOCK, &set, NULL);    /* continued: SIGCONT */
	sa.sa_handler = on_stop_signal;
	sigaction(sig, &sa, NULL);
	vmm_input_resume();
	vmm_vga_live_resume();
	errno = saved_errno;
}

/* Install HANDLER for SIG unless SIG is ignored (nohup, a parent that
 * ignores SIGPIPE): an ignored signal stays ignored. */
static void handle(int sig, void (*handler)(int))
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void cli_install_signal_handlers(void)
{
	/* Every signal whose default action ends the process (SIGUSR1 is the
	 * vCPU kick; the sandbox has its own SIGSYS handler, which also
	 * restores the terminal): a raw terminal must never outlive us. */
	static const int fatal[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
		SIGUSR2, SIGSEGV, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ,
		SIGVTALRM, SIGPROF, SIGSYS, SIGIO, SIGPWR,
#ifdef SIGSTKFLT
		SIGSTKFLT,
#endif
	};

	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		handle(fatal[i], on_fatal_signal);
	handle(SIGTSTP, on_stop_signal);
	atexit(vmm_input_restore);
	atexit(vmm_vga_live_restore);
}

int cli_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		/* A vCPU kick (no SA_RESTART) or any other handled signal cut
		 * the write short: nothing is lost, so write again. */
		if (n < 0 && errno == EINTR)
			continue;
		/* A non-blocking stdout (shared with a parent that set
		 * O_NONBLOCK) is full: wait until it drains. */
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		if (n == 0)
			errno = EIO;  /* cannot happen for len > 0; never spin */
		return -1;
	}
	return 0;
}

void cli_die(const char *tool, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_NOSTART);
}

void cli_other_option(const char *tool, int c, char **argv,
                      void (*usage)(FILE *))
{
	switch (c) {
	case 'h':
		usage(stdout);
		exit(0);
	case 'V':
		cli_print_version(stdout, tool);
		exit(0);
	case ':':
		cli_die(tool, "option '%s' needs an argument (try --help)",
		        argv[optind - 1]);
	default:
		if (optopt && optopt != '?')
			cli_die(tool, "unknown option '-%c' (try --help)", optopt);
		cli_die(tool, "unknown option '%s' (try --help)", argv[optind - 1]);
	}
}

int cli_parse_gdb_port(const char *tool, const char *text)
{
	uint32_t port;

	if (cli_parse_u32(text, &port) < 0 || port > 65535)
		cli_die(tool, "invalid gdb port '%s' (0 to 65535)", text);
	return (int)port;
}

struct vmm_gdb *cli_gdb_listen(const char *tool, int port, bool nowait,
                               const char *what)
{
	struct vmm_gdb *gdb = vmm_gdb_listen_flags((uint16_t)port,
	                                           nowait ? VMM_GDB_NOWAIT : 0);

	if (!gdb)
		cli_die(tool, "%s", vmm_last_error());
	fprintf(stderr, "%s: %s on 127.0.0.1:%u%s\n", tool,
	        nowait ? "gdb can attach" : "waiting for gdb", vmm_gdb_port(gdb),
	        what);
	return gdb;
}

struct vmm_input *cli_input_open(const char *tool)
{
	struct vmm_input *input = vmm_input_open(STDIN_FILENO);

	if (!input)
		cli_die(tool, "%s", vmm_last_error());
	return input;
}

int cli_run(const char *tool, struct vmm_guest *guests, unsigned n,
            uint64_t timeout_ms, bool sandbox, struct vmm_gdb *gdb,
            struct vmm_input *input)
{
	/* gdb's connection is accepted once the guest is about to run, inside
	 * the sandbox: let it serve the listening socket it already has. */
	struct cli_sandbox sb = { tool, sandbox, gdb ? VMM_SANDBOX_NET : 0 };
	struct vmm_run_options run = {
		.timeout_ms = timeout_ms,
		.ready = cli_sandbox_ready,
		.ready_opaque = &sb,
	};
	int r = vmm_run(guests, n, &run);

	vmm_input_close(input);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", tool, vmm_last_error());
		return -1;
	}
	cli_timing("run");
	return 0;
}
