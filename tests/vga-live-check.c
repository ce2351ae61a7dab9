/* vga-live-check.c: run vmm-pm with a pseudo-terminal as its stdin and stdout, as in a terminal window, and keep everything it writes there (for tests/vga-live.test). */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE 1  /* posix_openpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/*
 * Usage: vga-live-check OUT SIGNAL COMMAND [ARG]...
 * Runs COMMAND on a new pseudo-terminal (its stdin and stdout; stderr is
 * ours) and writes all it wrote there to OUT. With SIGNAL > 0, the signal
 * is sent once the first frame has been painted on the alternate screen
 * (the event, not a clock). Prints how COMMAND ended ("exit N" or "signal N"); exits 0, or
 * 99 on a failure of its own.
 */

/* The end of vmm-pm's first frame on the alternate screen: attributes
 * reset, then the cursor placed or hidden. */
static const char frame_end[] = "\033[0m\033[";

static void die(const char *what)
{
	fprintf(stderr, "vga-live-check: %s: %s\n", what, strerror(errno));
	exit(99);
}

int main(int argc, char **argv)
{
	int master, sig, status;
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	bool sent = false;
	FILE *out;
	pid_t pid;

	if (argc < 4 || !buf) {
		fprintf(stderr, "usage: vga-live-check OUT SIGNAL COMMAND [ARG]...\n");
		return 99;
	}
	sig = atoi(argv[2]);
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("posix_openpt");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int slave;

		setsid();
		slave = open(ptsname(master), O_RDWR);
		if (slave < 0)
			die("open the terminal");
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		close(slave);
		close(master);
		execvp(argv[3], argv + 3);
		die(argv[3]);
	}
	/* Read until the terminal's last user has gone (EIO). */
	for (;;) {
		ssize_t n;

		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			die("realloc");
		n = read(master, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (sig > 0 && !sent && memmem(buf, len, frame_end, sizeof(frame_end) - 1)) {
			kill(pid, sig);
			sent = true;
		}
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	out = fopen(argv[1], "wb");
	if (!out || fwrite(buf, 1, len, out) != len || fclose(out) != 0)
		die(argv[1]);
	if (WIFSIGNALED(status))
		printf("signal %d\n", WTERMSIG(status));
	else
		printf("exit %d\n", WEXITSTATUS(status));
	return 0;
}
