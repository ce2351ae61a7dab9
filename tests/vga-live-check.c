/* vga-live-check.c: run vmm-pm with a pseudo-terminal as its stdin and stdout, as in a terminal window with job control, and keep everything it writes there (for tests/vga-live.test). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE 1  /* posix_openpt, ptsname, memmem */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/*
 * Usage: vga-live-check OUT exit|tstp|signal:N COMMAND [ARG]...
 * Runs COMMAND on a new pseudo-terminal (its stdin and stdout; stderr is
 * ours) in the terminal's foreground process group, as a shell with job
 * control does, and writes all it wrote there to OUT.
 *   exit      let it end by itself
 *   signal:N  send signal N once its first frame is painted
 *   tstp      once the first frame is painted: Ctrl-Z (SIGTSTP to its
 *             group; it must stop), then SIGCONT, and once it has
 *             painted again, SIGTERM
 * Every step waits for an event (a frame in the stream, a stop), never
 * for a clock. Prints how COMMAND ended ("exit N", "signal N", or what
 * went wrong) and exits 0, or 99 on a failure of its own.
 */

/* A frame places its last row and then the cursor (shown or hidden). */
static const char last_row[] = "\033[25;1H";
static const char cursor[] = "\033[?25";

static void die(const char *what)
{
	fprintf(stderr, "vga-live-check: %s: %s\n", what, strerror(errno));
	exit(99);
}

/* How many whole frames BUF holds. */
static unsigned frames(const char *buf, size_t len)
{
	unsigned n = 0;
	const char *p = buf, *end = buf + len, *q;

	while ((q = memmem(p, (size_t)(end - p), last_row, sizeof(last_row) - 1)) &&
	       (q = memmem(q, (size_t)(end - q), cursor, sizeof(cursor) - 1))) {
		n++;
		p = q + 1;
	}
	return n;
}

static void describe(int status)
{
	if (WIFSIGNALED(status))
		printf("signal %d\n", WTERMSIG(status));
	else if (WIFEXITED(status))
		printf("exit %d\n", WEXITSTATUS(status));
	else
		printf("status 0x%x\n", status);
	fflush(stdout);
}

/* The session leader: starts COMMAND in a foreground group of its own
 * and drives it as MODE says; each byte on EVENTS is one more frame. */
static int leader(const char *slave_name, const char *mode, int events,
                  int alive, char **cmd)
{
	int slave, status, sig = 0;
	char c;
	pid_t child;

	if (setsid() < 0)
		die("setsid");
	slave = open(slave_name, O_RDWR);   /* the controlling terminal */
	if (slave < 0)
		die("open the terminal");
	signal(SIGTTOU, SIG_IGN);
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		setpgid(0, 0);
		tcsetpgrp(slave, getpid());
		signal(SIGTTOU, SIG_DFL);
		dup2(slave, 0);
		dup2(slave, 1);
		close(slave);
		close(events);
		close(alive);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	setpgid(child, child);
	tcsetpgrp(slave, child);
	close(slave);
	if (strncmp(mode, "signal:", 7) == 0)
		sig = atoi(mode + 7);
	if (sig || strcmp(mode, "tstp") == 0) {
		if (read(events, &c, 1) != 1) {   /* the first frame */
			printf("no frame was painted\n");
			goto end;
		}
	}
	if (strcmp(mode, "tstp") == 0) {
		kill(-child, SIGTSTP);   /* what the terminal does on Ctrl-Z */
		if (waitpid(child, &status, WUNTRACED) < 0 || !WIFSTOPPED(status)) {
			printf("Ctrl-Z did not stop it: ");
			describe(status);
			return 0;
		}
		kill(-child, SIGCONT);
		if (read(events, &c, 1) != 1) {   /* painted again */
			printf("no frame after SIGCONT\n");
			goto end;
		}
		sig = SIGTERM;
	}
	if (sig)
		kill(child, sig);
end:
	if (waitpid(child, &status, 0) < 0)
		die("waitpid");
	describe(status);
	return 0;
}

int main(int argc, char **argv)
{
	int master, status, ev[2], alive[2];
	size_t len = 0, cap = 1 << 16;
	unsigned told = 0;
	char *buf = malloc(cap);
	FILE *out;
	pid_t pid;

	if (argc < 4 || !buf) {
		fprintf(stderr, "usage: vga-live-check OUT exit|tstp|signal:N COMMAND [ARG]...\n");
		return 99;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("posix_openpt");
	/* ALIVE's write end lives as long as the leader: its end, even a
	 * failure before COMMAND opened the terminal, ends the reading. */
	if (pipe(ev) < 0 || pipe(alive) < 0)
		die("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		char name[256];

		if (ptsname_r(master, name, sizeof(name)) != 0)
			die("ptsname");
		close(ev[1]);
		close(master);
		close(alive[0]);
		_exit(leader(name, argv[2], ev[0], alive[1], argv + 3));
	}
	close(ev[0]);
	close(alive[1]);
	signal(SIGPIPE, SIG_IGN);
	/* Read until the terminal's last user has gone (EIO), telling the
	 * leader of each new whole frame. */
	for (bool gone = false;;) {
		struct pollfd p[2] = { { master, POLLIN, 0 }, { alive[0], POLLIN, 0 } };
		ssize_t n;
		unsigned f;

		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			die("realloc");
		/* Once the leader is gone (COMMAND ended before it), take what
		 * is left without waiting. */
		if (!gone && poll(p, 2, -1) < 0 && errno != EINTR)
			die("poll");
		if (!gone && (p[1].revents & (POLLIN | POLLHUP))) {
			gone = true;
			fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
		}
		if (!gone && !(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(master, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		for (f = frames(buf, len); told < f; told++)
			if (write(ev[1], "f", 1) != 1)
				break;
	}
	close(ev[1]);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	out = fopen(argv[1], "wb");
	if (!out || fwrite(buf, 1, len, out) != len || fclose(out) != 0)
		die(argv[1]);
	/* The sanitizer build's leak checker runs when main returns. */
	free(buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}
