/* testhooks.c: the tools' test-only hooks, switched on by the environment (sandbox self-test, resource and timing reports). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "testhooks.h"
#include "vmm.h"

/* One forbidden call per name (VMM_SANDBOX_SELFTEST): what an attacker
 * who took over the VMM would try first. Returns whether NAME is known. */
static bool selftest_call(const char *name)
{
	if (strcmp(name, "open") == 0) {
		/* Creating a file (where none can be: harmless when allowed). */
		int fd = open("/nonexistent/vmm-selftest", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	} else if (strcmp(name, "socket") == 0) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0)
			close(fd);
	} else if (strcmp(name, "exec") == 0) {
		/* A path that does not exist: harmless when it is allowed. */
		char *const argv[] = { (char *)"vmm-selftest", NULL };
		execv("/nonexistent/vmm-selftest", argv);
	} else if (strcmp(name, "ioctl") == 0) {
		/* Typing into a terminal; on no descriptor (EBADF) when it is
		 * allowed: the filter looks at the request, not the descriptor. */
		char c = ' ';
		ioctl(-1, TIOCSTI, &c);
	} else if (strcmp(name, "mmap-exec") == 0) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
	} else if (strcmp(name, "fork") == 0) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	} else if (strcmp(name, "kill") == 0) {
		kill(1, 0);  /* init, not this process */
	} else {
		return false;
	}
	return true;
}

void testhook_sandbox_selftest(const char *tool, bool sandboxed)
{
	const char *selftest = getenv("VMM_SANDBOX_SELFTEST");

	if (!selftest || !*selftest)
		return;
	if (sandboxed && !vmm_sandbox_available())
		fprintf(stderr, "%s: sandbox self-test: this build has no sandbox\n",
		        tool);
	if (!selftest_call(selftest))
		fprintf(stderr, "%s: sandbox self-test: unknown call '%s'\n",
		        tool, selftest);
	else
		fprintf(stderr, "%s: sandbox self-test: %s was allowed\n",
		        tool, selftest);
}

void cli_resource_report(const char *tool)
{
	const char *want = getenv("VMM_RESOURCE_REPORT");
	struct pollfd fds[1024];
	struct rusage ru;
	unsigned open_fds = 0;

	if (!want || strcmp(want, "1") != 0)
		return;
	/* poll() marks closed descriptors POLLNVAL: a count without opening
	 * /proc, which the sandbox forbids. */
	for (int i = 0; i < 1024; i++)
		fds[i] = (struct pollfd){ .fd = i, .events = 0 };
	if (poll(fds, 1024, 0) < 0)
		return;
	for (int i = 0; i < 1024; i++)
		if (!(fds[i].revents & POLLNVAL))
			open_fds++;
	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return;
	fprintf(stderr, "%s: resources: fds %u maxrss %ld\n", tool, open_fds,
	        ru.ru_maxrss);
}

/* At most this many notes; later ones are dropped (profiling only). */
#define TIMING_MAX 16

static struct timing_note {
	const char *phase;
	struct timespec at;
} timing_notes[TIMING_MAX];
static unsigned timing_count;
static int timing_on = -1;  /* decided at the first note, in main() */

void cli_timing(const char *phase)
{
	struct timespec now;
	unsigned i;

	if (timing_on < 0) {
		const char *v = getenv("VMM_TIMING");
		timing_on = v && strcmp(v, "1") == 0;
	}
	if (!timing_on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* vCPU threads note too: each takes its own slot. */
	i = __atomic_fetch_add(&timing_count, 1, __ATOMIC_RELAXED);
	if (i < TIMING_MAX)
		timing_notes[i] = (struct timing_note){ phase, now };
}

static long long timing_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

void cli_timing_report(const char *tool)
{
	unsigned n = timing_count < TIMING_MAX ? timing_count : TIMING_MAX;

	if (timing_on != 1 || n == 0)
		return;
	/* Threads may have taken their slots out of order: sort by time. */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && timing_ns(&timing_notes[j].at) <
		                              timing_ns(&timing_notes[j - 1].at); j--) {
			struct timing_note t = timing_notes[j];
			timing_notes[j] = timing_notes[j - 1];
			timing_notes[j - 1] = t;
		}
	fprintf(stderr, "%s-timing:", tool);
	for (unsigned i = 1; i < n; i++)
		fprintf(stderr, " %s=%lld", timing_notes[i].phase,
		        (timing_ns(&timing_notes[i].at) - timing_ns(&timing_notes[i - 1].at)) / 1000);
	fputc('\n', stderr);
}

void testhooks_finish(const char *tool)
{
	cli_timing("report+teardown");
	cli_timing_report(tool);
	cli_resource_report(tool);
}
