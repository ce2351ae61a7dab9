/* outbuf.c: a vCPU's console output, batched per line (issue 13 item 8). */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PUTCHAR and COM1 hand over one byte per exit; passing each on at once
 * costs a write(2) per byte. Bytes of one byte are kept here and passed to
 * the caller's console in one call when
 *   - a newline arrives or the buffer is full,
 *   - the guest reads input (the console's read(): GETCHAR, the UART's
 *     receive register), so a prompt is visible before the wait,
 *   - the run ends (halt, EXIT, crash, stop or timeout) or a debugger
 *     takes the vCPU, before anything else is printed,
 *   - OUTBUF_IDLE_MS after the first byte of a partial line, so a guest that
 *     prints part of a line and then computes without an exit still shows
 *     it (the idle timer below).
 * Longer writes (WRITE hypercall chunks) are already batched by the guest:
 * whatever is pending goes first, then the chunk, unchanged.
 *
 * The idle timer is a POSIX timer per vCPU, created in the vCPU's thread,
 * that sends the kick signal to that thread (SIGEV_THREAD_ID). Its
 * handler only counts the tick (outbuf_ticks); KVM_RUN returns EINTR, or,
 * when the signal lands outside KVM_RUN, the run loop sees the count change
 * before the next KVM_RUN; either way the vCPU thread itself flushes, with
 * no lock and no other thread touching the buffer. It is armed only when a
 * partial line starts and no tick is outstanding: at most one
 * timer_settime(2) and one signal per OUTBUF_IDLE_MS, against the write(2)
 * per byte it saves. A flusher thread was the other choice: it would need a
 * lock on every byte, a thread per process (slow to create under TCG, and
 * not allowed once the sandbox is on) and its own wake-ups.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* glibc before 2.35 does not name the thread-id member. */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

unsigned outbuf_ticks;

void outbuf_note_signal(const siginfo_t *info)
{
	/* Only the idle timers' (no value): irq.c's timer carries its
	 * vCPU's kvm_run. */
	if (info && info->si_code == SI_TIMER && !info->si_value.sival_ptr)
		__atomic_add_fetch(&outbuf_ticks, 1, __ATOMIC_RELAXED);
}

void outbuf_init(struct outbuf *ob, const struct vmm_console_ops *sink,
                 int signo)
{
	struct sigevent sev;

	memset(ob, 0, sizeof(*ob));
	if (sink)
		ob->sink = *sink;
	ob->seen = __atomic_load_n(&outbuf_ticks, __ATOMIC_RELAXED);
	if (signo <= 0)
		return;   /* no timer: every byte is passed on at once */
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = signo;
	sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	ob->timer_ok = timer_create(CLOCK_MONOTONIC, &sev, &ob->timer) == 0;
}

void outbuf_fini(struct outbuf *ob)
{
	outbuf_flush(ob);
	if (ob->timer_ok)
		timer_delete(ob->timer);
	ob->timer_ok = false;
}

void outbuf_flush(struct outbuf *ob)
{
	size_t len = ob->len;

	if (!len)
		return;
	ob->len = 0;
	if (ob->sink.write)
		ob->sink.write(ob->sink.opaque, ob->buf, len);
}

static void arm(struct outbuf *ob)
{
	struct itimerspec its = {
		.it_value = { 0, OUTBUF_IDLE_MS * 1000000L },
	};

	/* Should arming fail, stop batching rather than hold bytes back. */
	if (timer_settime(ob->timer, 0, &its, NULL) == 0)
		ob->armed = true;
	else
		ob->timer_ok = false;
}

VMM_HOT void outbuf_write(struct outbuf *ob, const uint8_t *buf, size_t len)
{
	if (!len)
		return;
	if (len > 1 || !ob->timer_ok || ob->direct) {
		outbuf_flush(ob);
		if (ob->sink.write)
			ob->sink.write(ob->sink.opaque, buf, len);
		return;
	}
	if (ob->len == 0 && !ob->armed)
		arm(ob);
	ob->buf[ob->len++] = buf[0];
	if (buf[0] == '\n' || ob->len == sizeof(ob->buf))
		outbuf_flush(ob);
}

void outbuf_tick(struct outbuf *ob)
{
	unsigned now = __atomic_load_n(&outbuf_ticks, __ATOMIC_RELAXED);

	if (now == ob->seen)
		return;
	/* Some vCPU's timer fired, maybe not ours: if ours is still pending,
	 * re-arming it only moves it, and only for a newer partial line. */
	ob->seen = now;
	ob->armed = false;
	outbuf_flush(ob);
}

/* The console the devices see: reads flush first. */
VMM_HOT static void console_write(void *opaque, const uint8_t *buf, size_t len)
{
	outbuf_write(opaque, buf, len);
}

static int console_read(void *opaque, int stop_fd)
{
	struct outbuf *ob = opaque;

	outbuf_flush(ob);
	return ob->sink.read(ob->sink.opaque, stop_fd);
}

static bool console_input_ready(void *opaque)
{
	struct outbuf *ob = opaque;

	/* No flush: a UART driver asks before every byte it sends. */
	return ob->sink.input_ready(ob->sink.opaque);
}

void outbuf_console(struct outbuf *ob, struct vmm_console_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	ops->opaque = ob;
	if (ob->sink.write)
		ops->write = console_write;
	if (ob->sink.read)
		ops->read = console_read;
	if (ob->sink.input_ready)
		ops->input_ready = console_input_ready;
}
