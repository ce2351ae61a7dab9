/* console.c: guest input from a file descriptor, with a terminal in raw mode. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

struct vmm_input {
	int fd;
	bool eof;
	size_t pos, len;
	uint8_t buf[512];
};

/* Saved terminal state: global and plain so that a signal handler can put
 * the terminal back with only async-signal-safe calls. */
static struct termios saved_termios, raw_termios;
static volatile sig_atomic_t termios_fd = -1;

static void enter_raw_mode(int fd)
{
	struct termios raw;

	if (!isatty(fd) || tcgetattr(fd, &saved_termios) < 0)
		return;
	raw = saved_termios;
	/* Byte at a time, no echo (the guest echoes); keep ISIG so that Ctrl-C
	 * still ends the VMM, and keep output processing for "\n". */
	raw.c_lflag &= ~(ICANON | ECHO | ECHONL | IEXTEN);
	raw.c_iflag &= ~(ICRNL | INLCR | IGNCR | IXON | ISTRIP | BRKINT);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	raw_termios = raw;
	if (tcsetattr(fd, TCSANOW, &raw) == 0)  /* keep typeahead */
		termios_fd = fd;
}

void vmm_input_restore(void)
{
	int fd = termios_fd;

	if (fd >= 0) {
		tcsetattr(fd, TCSADRAIN, &saved_termios);
		termios_fd = -1;
	}
}

/* For a stop (Ctrl-Z): the shell gets the terminal as it was, and the
 * VMM's raw mode comes back when it continues. */
void vmm_input_suspend(void)
{
	int fd = termios_fd;

	if (fd >= 0)
		tcsetattr(fd, TCSADRAIN, &saved_termios);
}

void vmm_input_resume(void)
{
	int fd = termios_fd;

	if (fd >= 0)
		tcsetattr(fd, TCSANOW, &raw_termios);
}

struct vmm_input *vmm_input_open(int fd)
{
	struct vmm_input *in = calloc(1, sizeof(*in));

	if (!in)
		return set_error_null("out of memory");
	in->fd = fd;
	enter_raw_mode(fd);
	return in;
}

void vmm_input_close(struct vmm_input *in)
{
	if (!in)
		return;
	if (termios_fd == in->fd)
		vmm_input_restore();
	free(in);
}

static void fill(struct vmm_input *in)
{
	ssize_t n;

	do
		n = read(in->fd, in->buf, sizeof(in->buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		in->eof = true;  /* end of file, or an error that ends input */
		return;
	}
	in->pos = 0;
	in->len = (size_t)n;
}

bool vmm_input_ready(struct vmm_input *in)
{
	struct pollfd p = { .fd = in->fd, .events = POLLIN };

	if (in->pos < in->len)
		return true;
	if (in->eof || poll(&p, 1, 0) <= 0)
		return false;
	fill(in);
	return in->pos < in->len;
}

int vmm_input_read(struct vmm_input *in, int stop_fd)
{
	while (in->pos >= in->len) {
		struct pollfd p[2] = {
			{ .fd = in->fd, .events = POLLIN },
			{ .fd = stop_fd, .events = POLLIN },
		};

		if (in->eof)
			return -1;
		if (poll(p, stop_fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (stop_fd >= 0 && p[1].revents)
			return -2;
		if (p[0].revents)
			fill(in);
	}
	return in->buf[in->pos++];
}
