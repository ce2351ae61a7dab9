/* vga_live.c: the guest's VGA text screen repainted live on a terminal's alternate screen, and the terminal put back at every exit. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* 20 ms between looks at the dirty log: at most 50 repaints a second. */
#define LIVE_PERIOD_NS 20000000L
/* Console output held while the screen is shown; beyond this it is
 * dropped, and the count said once the terminal is back. */
#define LIVE_HELD_MAX (16u << 20)

static const char enter_seq[] = "\033[?1049h\033[H\033[2J";
static const char leave_seq[] = "\033[0m\033[?25h\033[?1049l";

/* The terminal showing the screen (-1: none), for the signal-safe calls:
 * they need no lock and no allocation. */
static volatile sig_atomic_t shown_fd = -1;
static volatile sig_atomic_t suspended_fd = -1;
static volatile sig_atomic_t repaint_all;

struct vmm_vga_live {
	struct vmm_vga *vga;
	int fd;
	bool wait_for_screen;
	pthread_t thread;
	pthread_mutex_t lock;         /* entered, held: display and vCPU threads */
	bool quit;                    /* __atomic */
	bool entered;                 /* the alternate screen was entered */
	uint8_t *held;
	size_t held_len, held_cap, dropped;
	uint8_t cells[VMM_VGA_TEXT_BYTES];
	char frame[VMM_VGA_ANSI_MAX];
};

/* Async-signal-safe: write(), and poll() while a non-blocking terminal is
 * full. Errors end the attempt (the terminal is gone). */
static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return;
		} else {
			return;
		}
	}
}

void vmm_vga_live_restore(void)
{
	int fd = shown_fd;

	if (fd >= 0) {
		shown_fd = -1;
		suspended_fd = -1;
		write_all(fd, leave_seq, sizeof(leave_seq) - 1);
	}
}

void vmm_vga_live_suspend(void)
{
	int fd = shown_fd;

	if (fd >= 0) {
		int saved = errno;
		shown_fd = -1;
		suspended_fd = fd;
		write_all(fd, leave_seq, sizeof(leave_seq) - 1);
		errno = saved;
	}
}

void vmm_vga_live_resume(void)
{
	int fd = suspended_fd;

	if (fd >= 0) {
		int saved = errno;
		suspended_fd = -1;
		shown_fd = fd;
		write_all(fd, enter_seq, sizeof(enter_seq) - 1);
		repaint_all = 1;   /* the terminal's screen was the shell's */
		errno = saved;
	}
}

static void repaint(struct vmm_vga_live *l)
{
	int cursor = vmm_vga_read(l->vga, l->cells);
	size_t n = vmm_vga_render_ansi(l->cells, cursor, l->frame, sizeof(l->frame));

	/* Not while stopped by Ctrl-Z (the shell has the terminal). */
	if (shown_fd >= 0)
		write_all(l->fd, l->frame, n < sizeof(l->frame) ? n : sizeof(l->frame) - 1);
}

static void *live_thread(void *arg)
{
	struct vmm_vga_live *l = arg;
	const struct timespec period = { 0, LIVE_PERIOD_NS };
	sigset_t all;

	/* Signals are the main and vCPU threads' business. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (!__atomic_load_n(&l->quit, __ATOMIC_ACQUIRE)) {
		int changed = vmm_vga_poll(l->vga);

		if (changed < 0)
			break;    /* KVM failed: the run itself will say so */
		if (!l->entered &&
		    (!l->wait_for_screen || vmm_vga_written(l->vga))) {
			pthread_mutex_lock(&l->lock);
			/* Known before it is written: a signal that comes
			 * once the terminal shows it must undo it. */
			shown_fd = l->fd;
			write_all(l->fd, enter_seq, sizeof(enter_seq) - 1);
			l->entered = true;
			pthread_mutex_unlock(&l->lock);
			changed = 1;
		}
		if (repaint_all) {
			repaint_all = 0;
			changed = 1;
		}
		if (l->entered && changed)
			repaint(l);
		nanosleep(&period, NULL);
	}
	return NULL;
}

struct vmm_vga_live *vmm_vga_live_start(struct vmm_vga *vga, int fd,
                                        bool wait_for_screen)
{
	struct vmm_vga_live *l = calloc(1, sizeof(*l));
	int err;

	if (!l)
		return set_error_null("out of memory");
	l->vga = vga;
	l->fd = fd;
	l->wait_for_screen = wait_for_screen;
	pthread_mutex_init(&l->lock, NULL);
	err = pthread_create(&l->thread, NULL, live_thread, l);
	if (err) {
		pthread_mutex_destroy(&l->lock);
		free(l);
		errno = err;
		return set_error_null("cannot start the VGA display thread: %s",
		                      strerror(err));
	}
	return l;
}

void vmm_vga_live_write(struct vmm_vga_live *l, const uint8_t *buf, size_t len)
{
	pthread_mutex_lock(&l->lock);
	if (!l->entered) {
		write_all(l->fd, buf, len);
	} else if (l->held_len + len > LIVE_HELD_MAX) {
		l->dropped += len;
	} else {
		if (l->held_len + len > l->held_cap) {
			size_t cap = l->held_cap ? l->held_cap : 4096;
			while (cap < l->held_len + len)
				cap *= 2;
			uint8_t *p = realloc(l->held, cap);
			if (!p) {
				l->dropped += len;
				pthread_mutex_unlock(&l->lock);
				return;
			}
			l->held = p;
			l->held_cap = cap;
		}
		memcpy(l->held + l->held_len, buf, len);
		l->held_len += len;
	}
	pthread_mutex_unlock(&l->lock);
}

bool vmm_vga_live_stop(struct vmm_vga_live *l)
{
	bool entered;

	if (!l)
		return false;
	__atomic_store_n(&l->quit, true, __ATOMIC_RELEASE);
	pthread_join(l->thread, NULL);
	entered = l->entered;
	/* The guest may have changed the screen since the thread's last
	 * look: the last frame shows how it ended. */
	if (entered && vmm_vga_poll(l->vga) > 0)
		repaint(l);
	vmm_vga_live_restore();
	if (l->held_len)
		write_all(l->fd, l->held, l->held_len);
	if (l->dropped) {
		char msg[96];
		int n = snprintf(msg, sizeof(msg),
		                 "\n[%zu bytes of console output were dropped]\n",
		                 l->dropped);
		write_all(l->fd, msg, (size_t)n);
	}
	pthread_mutex_destroy(&l->lock);
	free(l->held);
	free(l);
	return entered;
}
