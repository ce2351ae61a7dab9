/* irqtime.c: make bench's interrupt figures: PIT ticks a guest counts in host time, key-to-echo latency, CPU of an idle guest. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: irqtime ticks SECONDS CMD [ARG]...
 *        irqtime keys COUNT CMD [ARG]...
 *        irqtime cpu SECONDS CMD [ARG]...
 *
 * CMD is vmm-pm running tests/irq-kernel.elf; it is started with its
 * stdout (and for keys its stdin) on a pipe, and stopped with SIGTERM at
 * the end. Each mode starts measuring when the guest's first line arrives,
 * so the VMM's and the guest's start-up are left out.
 *
 * ticks: the guest (test=tickprint) prints its tick count on a line of its
 *   own at every IRQ0. Prints the ticks it counted during SECONDS of host
 *   time after the first line: the count on the last line that arrived
 *   within them minus the first line's.
 * keys: the guest (test=kbdirq) echoes each key from its IRQ1 handler.
 *   COUNT times: 20 ms of quiet (the guest halts), then one newline
 *   written to its stdin, timed until the echoed newline is read back.
 *   Prints each latency in ns, one a line.
 * cpu: the guest (test=idle) waits in HLT for its 100 Hz timer. Prints
 *   the CPU time (user + system, all threads, from /proc/PID/stat) the
 *   process used during SECONDS of wall time, as % of one CPU.
 *
 * Status 0, or 1 with a message when the command failed or said nothing.
 */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "irqtime: %s%s%s\n", what, errno ? ": " : "", errno ? strerror(errno) : "");
	exit(1);
}

static pid_t child;
static int child_out, child_in = -1;

static void start(char **argv, int with_stdin)
{
	int out[2], in[2];

	if (pipe(out) || (with_stdin && pipe(in)))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		dup2(out[1], 1);
		if (with_stdin)
			dup2(in[0], 0);
		close(out[0]);
		close(out[1]);
		if (with_stdin) {
			close(in[0]);
			close(in[1]);
		}
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	close(out[1]);
	child_out = out[0];
	if (with_stdin) {
		close(in[0]);
		child_in = in[1];
	}
}

static void stop(void)
{
	if (child_in >= 0)
		close(child_in);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	close(child_out);
}

/* One byte of the child's stdout; end of output is an error. */
static char get_byte(void)
{
	char c;
	ssize_t n;

	do
		n = read(child_out, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		errno = 0;
		die("the guest's output ended");
	}
	return c;
}

/* The rest of a line (after its first byte, already read). */
static long get_number_line(char first)
{
	long v = 0;
	char c = first;

	while (c != '\n') {
		if (c >= '0' && c <= '9')
			v = v * 10 + (c - '0');
		c = get_byte();
	}
	return v;
}

static void skip_line(void)
{
	while (get_byte() != '\n')
		;
}

static int ticks(double seconds)
{
	long first, last, v;
	int64_t t0, end;
	char c;

	first = last = get_number_line(get_byte());
	t0 = now_ns();
	end = t0 + (int64_t)(seconds * 1e9);
	for (;;) {
		c = get_byte();
		if (now_ns() > end)
			break;
		v = get_number_line(c);
		last = v;
	}
	printf("%ld\n", last - first);
	return 0;
}

static int keys(long count)
{
	struct timespec quiet = { 0, 20000000 };

	skip_line();                  /* "keyboard on IRQ1" */
	for (long i = 0; i < count; i++) {
		int64_t t;

		nanosleep(&quiet, NULL);
		t = now_ns();
		if (write(child_in, "\n", 1) != 1)
			die("write to the guest's stdin");
		while (get_byte() != '\n')
			;
		printf("%lld\n", (long long)(now_ns() - t));
	}
	return 0;
}

/* utime + stime of the child, all its threads, in clock ticks. */
static long long cpu_ticks(void)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
	f = fopen(path, "r");
	if (!f)
		die(path);
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		die(path);
	}
	fclose(f);
	p = strrchr(buf, ')');       /* the command name may hold spaces */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
	                 &ut, &st) != 2) {
		errno = 0;
		die("cannot parse /proc/PID/stat");
	}
	return (long long)(ut + st);
}

static int cpu(double seconds)
{
	struct timespec span = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) };
	long long c0, c1;
	int64_t t0, t1;

	skip_line();                  /* "idle" */
	c0 = cpu_ticks();
	t0 = now_ns();
	while (nanosleep(&span, &span) && errno == EINTR)
		;
	c1 = cpu_ticks();
	t1 = now_ns();
	printf("%.3f\n", (double)(c1 - c0) / (double)sysconf(_SC_CLK_TCK) /
	       ((double)(t1 - t0) / 1e9) * 100.0);
	return 0;
}

int main(int argc, char **argv)
{
	double arg;
	int st;

	if (argc < 4) {
		fprintf(stderr, "usage: irqtime ticks|keys|cpu N CMD [ARG]...\n");
		return 2;
	}
	arg = atof(argv[2]);
	signal(SIGPIPE, SIG_IGN);
	start(argv + 3, strcmp(argv[1], "keys") == 0);
	if (strcmp(argv[1], "ticks") == 0)
		st = ticks(arg);
	else if (strcmp(argv[1], "keys") == 0)
		st = keys((long)arg);
	else if (strcmp(argv[1], "cpu") == 0)
		st = cpu(arg);
	else {
		errno = 0;
		die("unknown mode");
	}
	stop();
	return st;
}
