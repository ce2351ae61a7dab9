/* benchtime.c: run commands interleaved, print each run's wall time, peak RSS and status. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: benchtime [OPTIONS] @LABEL[=STATUS] [NAME=VALUE]... CMD [ARG]...
 *                  [@LABEL ...]...
 *
 * Each group starts with an argument "@LABEL" (optionally "=STATUS", the
 * exit status every run must have, default 0); NAME=VALUE arguments before
 * the command are added to its environment, as env(1) would, but without
 * an extra exec to distort the time. The groups run one after the
 * other, RUNS rounds of them, so that a slow patch of a noisy machine hurts
 * every group alike; WARMUP rounds come first and are not reported.
 *
 * For every reported run one line goes to stdout:
 *   S LABEL ROUND WALL_NS PATTERN_NS MAXRSS_KIB STATUS GUEST_RSS_KIB OTHER_RSS_KIB
 * WALL_NS spans spawning to reaping the child; PATTERN_NS is when PATTERN
 * first appeared on its stdout (-1 without -p); MAXRSS_KIB is the child's
 * peak resident set (getrusage via wait4). With -g, GUEST_RSS_KIB and
 * OTHER_RSS_KIB split the resident set (read from /proc/PID/smaps when the
 * pattern appeared) into the anonymous mapping(s) of exactly that many
 * bytes, guest RAM, and everything else; -1 otherwise.
 *
 * A run that ends with another status, or never prints the pattern, makes
 * benchtime fail (status 1) after saying which: a benchmark of a broken
 * command is worse than none. With -k, a run is killed (SIGKILL, with
 * everything it started: it runs in a process group of its own) as soon as
 * PATTERN appears, and counts as status 0 then: for a machine that never
 * ends by itself (QEMU's ISA PC after the guest halts).
 */

#define MAX_GROUPS 16

struct group {
	const char *label;
	int want_status;
	char **argv;
	char **envp;
};

struct options {
	unsigned runs, warmup;
	const char *input;       /* stdin of the child, default /dev/null */
	const char *pattern;     /* watch stdout for this */
	bool kill_at_pattern;    /* -k: end the run there */
	uint64_t guest_bytes;    /* -g: size of the guest RAM mapping */
	const char *stderr_to;   /* default /dev/null */
};

struct sample {
	int64_t wall_ns, pattern_ns;
	long maxrss_kib;
	int status;
	long guest_kib, other_kib;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr,
"usage: benchtime [-n RUNS] [-w WARMUP] [-i INPUT] [-e STDERR] [-p PATTERN [-g BYTES] [-k]]\n"
"                 @LABEL[=STATUS] CMD [ARG]... [@LABEL[=STATUS] CMD [ARG]...]...\n");
	exit(2);
}

/*
 * Split the resident set of PID at this moment: Rss of anonymous mappings
 * exactly GUEST bytes long (guest RAM) and of everything else.
 */
static void split_rss(pid_t pid, uint64_t guest, long *guest_kib, long *other_kib)
{
	char path[64], line[512];
	unsigned long long lo = 0, hi = 0;
	bool in_guest = false;
	FILE *f;

	*guest_kib = *other_kib = -1;
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	*guest_kib = *other_kib = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[256] = "";
		long kib;

		/* A mapping header: "start-end perms offset dev inode [name]". */
		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %255s", &lo, &hi, name) >= 2) {
			in_guest = hi - lo == guest && name[0] == '\0';
			continue;
		}
		if (sscanf(line, "Rss: %ld kB", &kib) == 1) {
			if (in_guest)
				*guest_kib += kib;
			else
				*other_kib += kib;
		}
	}
	fclose(f);
}

/* The environment for a group: ours with the NAME=VALUE arguments at ARGV
 * applied; *ARGV is advanced past them. */
static char **group_env(char ***argv)
{
	size_t n = 0, extra = 0;
	char **env;

	while (environ[n])
		n++;
	while ((*argv)[extra] && strchr((*argv)[extra], '=') && (*argv)[extra][0] != '=')
		extra++;
	env = calloc(n + extra + 1, sizeof(*env));
	if (!env) {
		perror("benchtime");
		exit(1);
	}
	memcpy(env, environ, n * sizeof(*env));
	for (size_t i = 0; i < extra; i++) {
		char *set = (*argv)[i];
		size_t len = (size_t)(strchr(set, '=') - set) + 1;
		size_t k = 0;

		while (k < n && strncmp(env[k], set, len) != 0)
			k++;
		env[k] = set;
		if (k == n)
			n++;
	}
	*argv += extra;
	return env;
}

/* Run ARGV once; fill S. Returns 0, or -1 if it could not be run at all. */
static int run_once(const struct options *o, char **argv, char **envp,
                    struct sample *s)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 };
	const char *in = o->input ? o->input : "/dev/null";
	const char *err = o->stderr_to ? o->stderr_to : "/dev/null";
	struct rusage ru;
	int64_t start;
	pid_t pid;
	int status, r;
	bool killed = false;

	s->pattern_ns = -1;
	s->guest_kib = s->other_kib = -1;
	if (o->pattern && pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
	if (o->pattern)
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_APPEND, 0644);

	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	if (o->kill_at_pattern) {
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
		posix_spawnattr_setpgroup(&attr, 0);
	}
	start = now_ns();
	r = posix_spawnp(&pid, argv[0], &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (r != 0) {
		fprintf(stderr, "benchtime: cannot run %s: %s\n", argv[0], strerror(r));
		if (o->pattern) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		return -1;
	}
	if (o->pattern) {
		/* Match across reads: keep the last strlen(pattern)-1 bytes. */
		size_t plen = strlen(o->pattern);
		char buf[8192 + 256];
		size_t keep = 0;
		ssize_t n;

		close(pipefd[1]);
		while ((n = read(pipefd[0], buf + keep, 8192)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			size_t have = keep + (size_t)n;
			if (s->pattern_ns < 0 && memmem(buf, have, o->pattern, plen)) {
				s->pattern_ns = now_ns() - start;
				if (o->guest_bytes)
					split_rss(pid, o->guest_bytes, &s->guest_kib, &s->other_kib);
				if (o->kill_at_pattern) {
					killed = kill(-pid, SIGKILL) == 0;
					break;
				}
			}
			keep = plen - 1 < have ? plen - 1 : have;
			if (plen > 256)
				keep = 0;
			memmove(buf, buf + have - keep, keep);
		}
		close(pipefd[0]);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	s->wall_ns = now_ns() - start;
	s->maxrss_kib = ru.ru_maxrss;
	s->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		s->status = 0;
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .runs = 5, .warmup = 1 };
	struct group g[MAX_GROUPS];
	unsigned ngroups = 0;
	int c;

	while ((c = getopt(argc, argv, "+n:w:i:p:g:e:k")) != -1) {
		switch (c) {
		case 'n': o.runs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': o.warmup = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'i': o.input = optarg; break;
		case 'p': o.pattern = optarg; break;
		case 'g': o.guest_bytes = strtoull(optarg, NULL, 0); break;
		case 'e': o.stderr_to = optarg; break;
		case 'k': o.kill_at_pattern = true; break;
		default: usage();
		}
	}
	if (optind >= argc || argv[optind][0] != '@' || o.runs == 0 ||
	    (o.pattern && !*o.pattern))
		usage();
	/* Cut argv into groups in place: each "@LABEL" ends the previous one. */
	for (int i = optind; i < argc; i++) {
		if (argv[i][0] != '@')
			continue;
		if (ngroups == MAX_GROUPS || i + 1 >= argc || argv[i + 1][0] == '@')
			usage();
		char *eq = strchr(argv[i], '=');
		g[ngroups].want_status = eq ? atoi(eq + 1) : 0;
		if (eq)
			*eq = '\0';
		g[ngroups].label = argv[i] + 1;
		g[ngroups].argv = &argv[i + 1];
		argv[i] = NULL;  /* terminates the previous group's argv */
		ngroups++;
	}
	for (unsigned k = 0; k < ngroups; k++) {
		g[k].envp = group_env(&g[k].argv);
		if (!g[k].argv[0])
			usage();
	}

	for (unsigned round = 0; round < o.warmup + o.runs; round++) {
		for (unsigned k = 0; k < ngroups; k++) {
			struct sample s;

			if (run_once(&o, g[k].argv, g[k].envp, &s) < 0)
				return 1;
			if (s.status != g[k].want_status) {
				fprintf(stderr, "benchtime: %s: exit status %d, expected %d\n",
				        g[k].label, s.status, g[k].want_status);
				return 1;
			}
			if (o.pattern && s.pattern_ns < 0) {
				fprintf(stderr, "benchtime: %s: never printed '%s'\n",
				        g[k].label, o.pattern);
				return 1;
			}
			if (round < o.warmup)
				continue;
			printf("S %s %u %lld %lld %ld %d %ld %ld\n", g[k].label,
			       round - o.warmup, (long long)s.wall_ns,
			       (long long)s.pattern_ns, s.maxrss_kib, s.status,
			       s.guest_kib, s.other_kib);
			fflush(stdout);
		}
	}
	return 0;
}
