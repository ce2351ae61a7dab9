/* pty-check.c: run a tool with a pseudo-terminal as its stdin, as a shell would, and check that it leaves the terminal as it found it. */
#define _GNU_SOURCE 1  /* posix_openpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: pty-check MODE COMMAND [ARG]...
 *   exit        let COMMAND end by itself
 *   pipe        its stdout is a pipe nobody reads (closed): SIGPIPE
 *   signal N    send signal N once it has put the terminal in raw mode
 *   tstp        Ctrl-Z once raw, check, continue, check raw again, SIGTERM
 * Prints how COMMAND ended ("exit N" or "signal N") and exits 0 when the
 * terminal is cooked again (ICANON and ECHO on) afterwards, 1 when not,
 * 99 on a failure of its own. This process is the session leader of the
 * terminal, like a shell with job control: COMMAND runs in its own
 * foreground process group, so that Ctrl-Z can really stop it.
 */

static int slave = -1;

static void die(const char *what)
{
	fprintf(stderr, "pty-check: %s: %s\n", what, strerror(errno));
	exit(99);
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static bool cooked(void)
{
	struct termios t;

	if (tcgetattr(slave, &t) < 0)
		die("tcgetattr");
	return (t.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO);
}

/* Wait (at most 60 s: the KVM test host is slow) for the terminal to be
 * raw (RAW) or cooked; false if it never is. */
static bool wait_mode(bool raw)
{
	for (int i = 0; i < 600; i++) {
		if (cooked() != raw)
			return true;
		sleep_ms(100);
	}
	return false;
}

static void describe(int status)
{
	if (WIFEXITED(status))
		printf("exit %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("signal %d\n", WTERMSIG(status));
	fflush(stdout);
}

static int leader(const char *mode, int sig, char **cmd, const char *slave_name)
{
	int status, out[2] = { -1, -1 };
	pid_t child;
	bool ok = true;

	if (setsid() < 0)
		die("setsid");
	slave = open(slave_name, O_RDWR);   /* becomes the controlling terminal */
	if (slave < 0)
		die("open the pty");
	if (!cooked())
		die("the new terminal is not cooked");
	if (strcmp(mode, "pipe") == 0 && pipe(out) < 0)
		die("pipe");
	signal(SIGTTOU, SIG_IGN);   /* tcsetpgrp from the background below */
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		setpgid(0, 0);
		tcsetpgrp(slave, getpid());
		signal(SIGTTOU, SIG_DFL);
		dup2(slave, 0);
		if (out[1] >= 0) {
			dup2(out[1], 1);
			close(out[0]);
			close(out[1]);
		} else {
			int null = open("/dev/null", O_WRONLY);   /* guest output */

			if (null >= 0)
				dup2(null, 1);
		}
		close(slave);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	setpgid(child, child);
	tcsetpgrp(slave, child);
	if (out[0] >= 0) {
		close(out[0]);   /* nobody will read: the first write gets EPIPE */
		close(out[1]);
	}
	if (sig || strcmp(mode, "tstp") == 0) {
		if (!wait_mode(true)) {
			printf("the terminal never became raw\n");
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
			return 1;
		}
	}
	if (strcmp(mode, "tstp") == 0) {
		kill(-child, SIGTSTP);   /* what the terminal does on Ctrl-Z */
		if (waitpid(child, &status, WUNTRACED) < 0 || !WIFSTOPPED(status)) {
			printf("Ctrl-Z did not stop it: ");
			describe(status);
			return 1;
		}
		if (!cooked()) {
			printf("stopped, with the terminal left raw\n");
			ok = false;
		}
		kill(-child, SIGCONT);
		if (!wait_mode(true)) {
			printf("continued, and the terminal did not become raw again\n");
			ok = false;
		}
		sig = SIGTERM;
	}
	if (sig)
		kill(child, sig);
	if (waitpid(child, &status, 0) < 0)
		die("waitpid");
	describe(status);
	if (!cooked()) {
		printf("the terminal was left raw\n");
		ok = false;
	}
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode;
	int sig = 0, first = 2, master, status;
	pid_t pid;

	if (argc < 3)
		goto usage;
	mode = argv[1];
	if (strcmp(mode, "signal") == 0) {
		if (argc < 4)
			goto usage;
		sig = atoi(argv[2]);
		first = 3;
	} else if (strcmp(mode, "exit") != 0 && strcmp(mode, "pipe") != 0 &&
	           strcmp(mode, "tstp") != 0) {
		goto usage;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("cannot create a pseudo-terminal");
	/* The session leader must not already lead a process group. */
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		status = leader(mode, sig, argv + first, ptsname(master));
		fflush(stdout);
		_exit(status);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	close(master);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
usage:
	fprintf(stderr, "usage: pty-check exit|pipe|tstp|signal N COMMAND [ARG]...\n");
	return 99;
}
