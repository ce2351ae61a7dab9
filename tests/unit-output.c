/* unit-output.c: Check tests of the tools' output loop (cli_write_all): signals and full pipes lose nothing. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check-main.h"
#include "cli.h"

#define PAYLOAD (256u * 1024u)

static void on_signal(int sig)
{
	(void)sig;
}

/* Like the vCPU kick: a handler without SA_RESTART, so a blocked write()
 * fails with EINTR. */
static void install_kick(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(sig, &sa, NULL), 0);
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* Fill the pipe's write end FD until it would block; returns the bytes. */
static size_t fill_pipe(int fd)
{
	static char junk[4096];
	int flags = fcntl(fd, F_GETFL);
	size_t total = 0;
	ssize_t n;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	memset(junk, 'j', sizeof(junk));
	while ((n = write(fd, junk, sizeof(junk))) > 0)
		total += (size_t)n;
	ck_assert(n < 0 && errno == EAGAIN);
	fcntl(fd, F_SETFL, flags);
	return total;
}

struct reader {
	int fd;
	pthread_t writer;       /* kicked while it blocks, when kicks > 0 */
	int kicks;
	size_t junk, got;       /* bytes of filler to skip; payload bytes read */
	bool payload_ok;
};

/* Wait, kick the writer a few times while it is blocked, then read all. */
static void *reader_main(void *arg)
{
	struct reader *r = arg;
	static char buf[65536];
	size_t pos = 0;
	ssize_t n;

	sleep_ms(100);
	for (int i = 0; i < r->kicks; i++) {
		pthread_kill(r->writer, SIGUSR1);
		sleep_ms(30);
	}
	r->payload_ok = true;
	while ((n = read(r->fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < n; i++, pos++) {
			if (pos < r->junk)
				continue;
			if ((unsigned char)buf[i] != (unsigned char)((pos - r->junk) % 251))
				r->payload_ok = false;
			r->got++;
		}
	}
	return NULL;
}

static char *payload(void)
{
	char *p = malloc(PAYLOAD);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < PAYLOAD; i++)
		p[i] = (char)(i % 251);
	return p;
}

/* Kicks while stdout is a full, blocking pipe: every write that was cut
 * short is retried, and the reader gets every byte in order. */
START_TEST(test_write_all_signals)
{
	struct reader r = { .kicks = 5 };
	pthread_t t;
	char *data = payload();
	int fds[2];

	install_kick(SIGUSR1);
	ck_assert_int_eq(pipe(fds), 0);
	r.fd = fds[0];
	r.writer = pthread_self();
	r.junk = fill_pipe(fds[1]);
	ck_assert_int_eq(pthread_create(&t, NULL, reader_main, &r), 0);
	ck_assert_int_eq(cli_write_all(fds[1], data, PAYLOAD), 0);
	close(fds[1]);
	pthread_join(t, NULL);
	close(fds[0]);
	ck_assert_uint_eq(r.got, PAYLOAD);
	ck_assert(r.payload_ok);
	free(data);
}
END_TEST

/* A non-blocking stdout that is full: EAGAIN means "wait", not "gone". */
START_TEST(test_write_all_nonblocking)
{
	struct reader r = { .kicks = 0 };
	pthread_t t;
	char *data = payload();
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	r.fd = fds[0];
	r.junk = fill_pipe(fds[1]);
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	ck_assert_int_eq(pthread_create(&t, NULL, reader_main, &r), 0);
	ck_assert_int_eq(cli_write_all(fds[1], data, PAYLOAD), 0);
	close(fds[1]);
	pthread_join(t, NULL);
	close(fds[0]);
	ck_assert_uint_eq(r.got, PAYLOAD);
	ck_assert(r.payload_ok);
	free(data);
}
END_TEST

/* The reader is gone: that, and only that kind of error, ends output. */
START_TEST(test_write_all_epipe)
{
	int fds[2];

	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[0]);
	errno = 0;
	ck_assert_int_eq(cli_write_all(fds[1], "x\n", 2), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(fds[1]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output");
	TCase *t = tcase_create("write_all");

	tcase_set_timeout(t, 20);
	tcase_add_test(t, test_write_all_signals);
	tcase_add_test(t, test_write_all_nonblocking);
	tcase_add_test(t, test_write_all_epipe);
	suite_add_tcase(s, t);
	return check_run_suite(s);
}
