/* rss-run.c: run a command, write its peak resident set (KiB, from wait4) to a file, exit with its status. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Usage: rss-run FILE CMD [ARG]...
 *
 * For tests that bound a tool's memory whatever it is fed (a flood of
 * input): FILE gets one line, the peak RSS in KiB; the status is the
 * command's, or 128 + the signal that killed it, as a shell reports it.
 * 127 when the command cannot be run, 125 on a usage or system error.
 */
int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: rss-run FILE CMD [ARG]...\n");
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		perror("rss-run: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("rss-run: wait4");
		return 125;
	}
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 || fclose(f) != 0) {
		perror(argv[1]);
		return 125;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
