/* gdb.c: the gdb stub's KVM side: socket, watcher thread, debug exits, guest-debug ioctls. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE 1  /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_proto.h"
#include "gdb_target.h"
#include "internal.h"

/*
 * Who does what. The vCPU's thread does everything that touches the vCPU
 * or gdb's packets: it accepts the connection, and while the guest is
 * stopped it reads and answers packets (serve()). While the guest runs,
 * only the watcher thread looks at the socket, and only to notice that gdb
 * sent something (Ctrl-C, or the connection closing): it then asks the
 * vCPU to pause (vcpu_request_pause), and the vCPU's thread reads the
 * bytes. "Armed" says that the guest runs and the watcher may act;
 * disarm() returns only once the watcher has stopped polling, so the
 * socket is then the vCPU thread's alone (and may be closed).
 */
struct vmm_gdb {
	int listen_fd;           /* -1 once gdb has connected */
	uint16_t port;
	bool nowait;             /* VMM_GDB_NOWAIT: the guest runs until gdb comes */
	int conn;                /* -1 when no gdb is connected */
	int wake_fd;             /* eventfd that wakes the watcher */
	struct gdb_view view;    /* the vCPU, and gdb's address 0 in it */

	bool stepping;           /* the guest was resumed for one instruction */
	uint32_t reinject;       /* KVM_GUESTDBG_INJECT_* for the next resume */
	struct gdbp_target target;
	struct gdbp_session session;
	struct gdbp_rx rx;
	struct gdbp_reply reply;
	uint8_t frame[GDBP_FRAME_MAX];
	size_t frame_len;        /* the last framed reply, resent on '-' */
	uint8_t in[1024];        /* bytes received and not yet parsed */
	size_t in_pos, in_len;

	pthread_t watcher;
	bool watcher_started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool armed, polling, quit;
};

/* ---- The watcher thread ------------------------------------------------------- */

static void *watcher_main(void *arg)
{
	struct vmm_gdb *g = arg;
	uint64_t count;
	ssize_t ignored;

	pthread_mutex_lock(&g->lock);
	while (!g->quit) {
		struct pollfd p[2];
		int r;

		if (!g->armed) {
			pthread_cond_wait(&g->cond, &g->lock);
			continue;
		}
		/* Before gdb came (VMM_GDB_NOWAIT), its knock on the listening
		 * socket pauses the guest as a Ctrl-C would. */
		p[0] = (struct pollfd){ .fd = g->conn >= 0 ? g->conn : g->listen_fd,
		                        .events = POLLIN };
		p[1] = (struct pollfd){ .fd = g->wake_fd, .events = POLLIN };
		g->polling = true;
		pthread_mutex_unlock(&g->lock);
		r = poll(p, 2, -1);
		pthread_mutex_lock(&g->lock);
		g->polling = false;
		pthread_cond_broadcast(&g->cond);
		if (r > 0 && (p[1].revents & POLLIN))
			ignored = read(g->wake_fd, &count, sizeof(count));
		if (r > 0 && g->armed && p[0].revents) {
			/* gdb spoke, or left: the vCPU's thread will see which. */
			g->armed = false;
			vcpu_request_pause(g->view.vcpu);
		}
	}
	pthread_mutex_unlock(&g->lock);
	(void)ignored;
	return NULL;
}

static void arm(struct vmm_gdb *g)
{
	pthread_mutex_lock(&g->lock);
	g->armed = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void disarm(struct vmm_gdb *g)
{
	uint64_t one = 1;
	ssize_t ignored;

	pthread_mutex_lock(&g->lock);
	g->armed = false;
	if (g->polling) {
		ignored = write(g->wake_fd, &one, sizeof(one));
		(void)ignored;
		while (g->polling)
			pthread_cond_wait(&g->cond, &g->lock);
	}
	pthread_mutex_unlock(&g->lock);
}

/* ---- The connection --------------------------------------------------------- */

/* Send it all; false when gdb is gone. MSG_NOSIGNAL: no SIGPIPE. */
static bool send_all(struct vmm_gdb *g, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = send(g->conn, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

static bool send_reply(struct vmm_gdb *g, const struct gdbp_reply *r)
{
	g->frame_len = gdbp_frame(r->data, r->len, g->frame);
	return send_all(g, g->frame, g->frame_len);
}

/* Apply the guest-debug state for the way the guest resumes. */
static int set_guest_debug(struct vmm_gdb *g, bool step)
{
	struct kvm_guest_debug dbg;
	uint64_t dr[GDBP_HW_SLOTS], dr7;
	bool hw = gdbp_debug_regs(&g->session, g->view.base, dr, &dr7);
	bool sw = gdbp_has_swbp(&g->session);

	memset(&dbg, 0, sizeof(dbg));
	if (hw || sw || step || g->reinject) {
		dbg.control = KVM_GUESTDBG_ENABLE | g->reinject;
		if (sw)
			dbg.control |= KVM_GUESTDBG_USE_SW_BP;
		if (step)
			dbg.control |= KVM_GUESTDBG_SINGLESTEP;
		if (hw) {
			dbg.control |= KVM_GUESTDBG_USE_HW_BP;
			for (unsigned i = 0; i < GDBP_HW_SLOTS; i++)
				dbg.arch.debugreg[i] = dr[i];
			dbg.arch.debugreg[7] = dr7;
		}
	}
	if (ioctl(g->view.vcpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		return set_error_errno("KVM_SET_GUEST_DEBUG failed");
	g->reinject = 0;
	g->stepping = step;
	return 0;
}

/* gdb is gone (detached, or the connection dropped): take our breakpoints
 * out and let the guest run on undisturbed. */
static int drop_connection(struct vmm_gdb *g)
{
	disarm(g);
	if (g->conn < 0)
		return 0;
	gdbp_remove_all(&g->session);
	close(g->conn);
	g->conn = -1;
	g->reinject = 0;
	return set_guest_debug(g, false);
}

/* The next byte from gdb: 0-255, -1 when the connection is gone, -2 when
 * the vCPU is asked to stop meanwhile. */
static int next_byte(struct vmm_gdb *g)
{
	while (g->in_pos == g->in_len) {
		struct pollfd p[2] = {
			{ .fd = g->conn, .events = POLLIN },
			{ .fd = vmm_vcpu_stop_fd(g->view.vcpu), .events = POLLIN },
		};
		ssize_t n;

		if (__atomic_load_n(&g->view.vcpu->stop_requested, __ATOMIC_SEQ_CST))
			return -2;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* Not a stop: a pause request that raced with this stop (it
		 * is served when the guest resumes). Drained, or poll would
		 * return at once forever and burn a CPU while gdb thinks. */
		if (p[1].revents && vcpu_drain_stop_fd(g->view.vcpu))
			return -2;
		if (!p[0].revents)
			continue;
		n = recv(g->conn, g->in, sizeof(g->in), 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		g->in_pos = 0;
		g->in_len = (size_t)n;
	}
	return g->in[g->in_pos++];
}

/* Resume the guest as gdb asked. */
static int resume(struct vmm_gdb *g, bool step)
{
	if (set_guest_debug(g, step) < 0)
		return -1;
	arm(g);
	return 0;
}

/*
 * The guest is stopped: answer gdb until it resumes the guest, detaches,
 * kills it or leaves. Returns 0, or -1 when the VMM failed.
 */
static int serve(struct vmm_gdb *g)
{
	for (;;) {
		enum gdbp_action act;
		int c = next_byte(g);

		if (c == -2)
			return 0;    /* the run loop ends the run */
		if (c == -1)
			return drop_connection(g);
		switch (gdbp_rx_byte(&g->rx, (uint8_t)c)) {
		case GDBP_RX_PACKET:
			if (!g->session.no_ack && !send_all(g, (const uint8_t *)"+", 1))
				return drop_connection(g);
			if (g->rx.overflow) {
				gdbp_reply_clear(&g->reply);
				gdbp_reply_str(&g->reply, "E01");
				act = GDBP_STAY;
			} else {
				act = gdbp_handle(&g->session, g->rx.buf, g->rx.len, &g->reply);
			}
			if (!g->reply.none && !send_reply(g, &g->reply))
				return drop_connection(g);
			switch (act) {
			case GDBP_STAY:
				break;
			case GDBP_CONTINUE:
			case GDBP_STEP:
				return resume(g, act == GDBP_STEP);
			case GDBP_KILL:
				vcpu_set_stop(g->view.vcpu, VMM_STOP_STOPPED, 0, "killed by gdb");
				return drop_connection(g);
			case GDBP_DETACH:
				return drop_connection(g);
			}
			break;
		case GDBP_RX_BAD_CHECKSUM:
			if (!g->session.no_ack && !send_all(g, (const uint8_t *)"-", 1))
				return drop_connection(g);
			break;
		case GDBP_RX_NAK:
			if (g->frame_len && !send_all(g, g->frame, g->frame_len))
				return drop_connection(g);
			break;
		default:
			break;   /* acks; a Ctrl-C while stopped means nothing */
		}
	}
}

/* Tell gdb why the guest stopped, then serve it. */
static int report_stop(struct vmm_gdb *g, const struct gdbp_stop *st)
{
	g->stepping = false;
	gdbp_stop_reply(&g->session, st, &g->reply);
	if (!send_reply(g, &g->reply))
		return drop_connection(g);
	return serve(g);
}

/* ---- Events from the run loop ------------------------------------------------- */

/* gdb has just connected on CONN: the guest is stopped, serve gdb. */
static int connected(struct vmm_gdb *g, int conn)
{
	const struct kvm_sregs *sregs = vcpu_sregs(g->view.vcpu);
	int one = 1;

	if (!sregs) {
		close(conn);
		return set_error_errno("cannot read the vCPU's registers");
	}
	g->conn = conn;
	/* Packets are small and answered one at a time: no Nagle delays. */
	setsockopt(g->conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	close(g->listen_fd);
	g->listen_fd = -1;
	gdbp_rx_init(&g->rx);
	gdbp_session_init(&g->session, &g->target, !(sregs->cr0 & 1));
	g->frame_len = 0;
	g->in_pos = g->in_len = 0;
	return serve(g);   /* gdb's first '?' gets S05 */
}

static int on_start(struct vmm_gdb *g)
{
	struct pollfd p[2] = {
		{ .fd = g->listen_fd, .events = POLLIN },
		{ .fd = vmm_vcpu_stop_fd(g->view.vcpu), .events = POLLIN },
	};
	int conn;

	if (g->listen_fd < 0)
		return 0;    /* one gdb per vmm_gdb: it came and went */
	if (g->nowait) {
		arm(g);      /* the watcher waits for gdb; the guest runs */
		return 0;
	}
	for (;;) {
		if (__atomic_load_n(&g->view.vcpu->stop_requested, __ATOMIC_SEQ_CST))
			return 0;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return set_error_errno("waiting for gdb");
		}
		if (p[1].revents && vcpu_drain_stop_fd(g->view.vcpu))
			return 0;
		if (!p[0].revents)
			continue;
		conn = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (conn >= 0)
			return connected(g, conn);
		if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
			return set_error_errno("cannot accept gdb's connection");
	}
}

static int on_debug_exit(struct vmm_gdb *g)
{
	const struct kvm_debug_exit_arch *d = &g->view.vcpu->run->debug.arch;
	struct gdbp_stop st;
	bool ours;

	disarm(g);
	ours = gdbp_classify_debug(&g->session, d->exception, d->dr6,
	                           d->pc - g->view.base, g->stepping, &st);
	if (!ours)   /* the guest's own #BP/#DB: it gets it when gdb resumes */
		g->reinject = d->exception == 3 ? KVM_GUESTDBG_INJECT_BP :
		                                  KVM_GUESTDBG_INJECT_DB;
	if (g->conn < 0)   /* no gdb (any more): straight back to the guest */
		return set_guest_debug(g, false);
	return report_stop(g, &st);
}

static int on_pause(struct vmm_gdb *g)
{
	uint8_t buf[256];
	bool interrupted = false;
	ssize_t n;

	disarm(g);
	if (g->conn < 0 && g->listen_fd >= 0) {
		/* VMM_GDB_NOWAIT: gdb knocks while the guest runs. The
		 * listening socket does not block: a knock withdrawn meanwhile
		 * leaves the guest running, waiting for the next. */
		int conn = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (conn >= 0)
			return connected(g, conn);
		if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != ECONNABORTED)
			return set_error_errno("cannot accept gdb's connection");
		arm(g);
		return 0;
	}
	if (g->conn < 0)
		return 0;
	n = recv(g->conn, buf, sizeof(buf), MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		return drop_connection(g);
	for (ssize_t i = 0; i < n; i++)
		if (gdbp_rx_byte(&g->rx, buf[i]) == GDBP_RX_INTERRUPT)
			interrupted = true;
	if (!interrupted) {
		/* Nothing for us (a Ctrl-C already seen while stopped, or a
		 * stray ack): the guest goes on as it was. */
		arm(g);
		return 0;
	}
	struct gdbp_stop st = { .kind = GDBP_STOP_SIGNAL, .code = GDBP_SIGINT };
	return report_stop(g, &st);
}

static void on_end(struct vmm_gdb *g)
{
	struct gdbp_stop st = { .kind = GDBP_STOP_KILLED };

	disarm(g);
	if (g->conn < 0)
		return;
	switch (g->view.vcpu->pending_stop) {
	case VMM_STOP_EXIT:
	case VMM_STOP_HLT:
		st.kind = GDBP_STOP_EXITED;
		st.code = g->view.vcpu->pending_status;
		break;
	case VMM_STOP_CRASH: st.code = GDBP_SIGSEGV; break;
	case VMM_STOP_ERROR: st.code = GDBP_SIGABRT; break;
	default: st.code = GDBP_SIGKILL; break;
	}
	gdbp_stop_reply(&g->session, &st, &g->reply);
	send_reply(g, &g->reply);
	gdbp_remove_all(&g->session);
	close(g->conn);
	g->conn = -1;
}

static int gdb_event(struct vmm_vcpu *vcpu, void *opaque, enum vcpu_debug_event ev)
{
	struct vmm_gdb *g = opaque;

	(void)vcpu;
	switch (ev) {
	case VCPU_DEBUG_START: return on_start(g);
	case VCPU_DEBUG_EXIT: return on_debug_exit(g);
	case VCPU_DEBUG_PAUSE: return on_pause(g);
	case VCPU_DEBUG_END: on_end(g); return 0;
	}
	return 0;
}

static void stop_watcher(struct vmm_gdb *g)
{
	uint64_t one = 1;
	ssize_t ignored;

	if (!g->watcher_started)
		return;
	pthread_mutex_lock(&g->lock);
	g->quit = true;
	g->armed = false;
	pthread_cond_broadcast(&g->cond);
	ignored = write(g->wake_fd, &one, sizeof(one));
	(void)ignored;
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->watcher, NULL);
	g->watcher_started = false;
}

static void gdb_detach(struct vmm_vcpu *vcpu, void *opaque)
{
	struct vmm_gdb *g = opaque;

	(void)vcpu;
	stop_watcher(g);
	if (g->conn >= 0) {
		close(g->conn);
		g->conn = -1;
	}
	g->view.vcpu = NULL;
}

/* ---- Public API ------------------------------------------------------------------ */

struct vmm_gdb *vmm_gdb_listen(uint16_t port)
{
	return vmm_gdb_listen_flags(port, 0);
}

struct vmm_gdb *vmm_gdb_listen_flags(uint16_t port, unsigned flags)
{
	struct vmm_gdb *g;
	struct sockaddr_in sa;
	socklen_t sa_len = sizeof(sa);
	int one = 1;

	if (flags & ~VMM_GDB_NOWAIT)
		return set_error_null("unknown gdb flags 0x%x", flags & ~VMM_GDB_NOWAIT);
	g = calloc(1, sizeof(*g));
	if (!g)
		return set_error_null("out of memory");
	g->nowait = flags & VMM_GDB_NOWAIT;
	g->conn = -1;
	g->wake_fd = -1;
	g->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (g->listen_fd < 0) {
		set_error_errno("cannot create a socket for gdb");
		goto fail;
	}
	/* A restarted VMM can listen again at once on the same port. */
	setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(g->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		set_error_errno("cannot listen for gdb on 127.0.0.1:%u", port);
		goto fail;
	}
	if (listen(g->listen_fd, 1) < 0 ||
	    getsockname(g->listen_fd, (struct sockaddr *)&sa, &sa_len) < 0) {
		set_error_errno("cannot listen for gdb on 127.0.0.1:%u", port);
		goto fail;
	}
	g->port = ntohs(sa.sin_port);
	/* Without a wait, accept() is tried only when the watcher saw a
	 * knock: it must not block if the knock went away. */
	if (g->nowait && fcntl(g->listen_fd, F_SETFL,
	                       fcntl(g->listen_fd, F_GETFL) | O_NONBLOCK) < 0) {
		set_error_errno("cannot listen for gdb on 127.0.0.1:%u", port);
		goto fail;
	}
	g->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (g->wake_fd < 0) {
		set_error_errno("eventfd");
		goto fail;
	}
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	gdb_target_init(&g->target, &g->view);
	return g;
fail:
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	free(g);
	return NULL;
}

uint16_t vmm_gdb_port(const struct vmm_gdb *gdb)
{
	return gdb->port;
}

int vmm_vcpu_attach_gdb(struct vmm_vcpu *vcpu, struct vmm_gdb *gdb, uint64_t base)
{
	struct vcpu_debugger dbg = { gdb_event, gdb_detach, gdb };

	if (gdb->view.vcpu || vcpu->debugger.event)
		return set_error("a gdb stub debugs one vCPU, and a vCPU has one debugger");
	gdb->view.vcpu = vcpu;
	gdb->view.base = base;
	gdb->quit = false;
	/* The watcher starts now, before any sandbox forbids new threads. */
	if (pthread_create(&gdb->watcher, NULL, watcher_main, gdb) != 0) {
		gdb->view.vcpu = NULL;
		return set_error("cannot start the gdb stub's thread");
	}
	gdb->watcher_started = true;
	vcpu_set_debugger(vcpu, &dbg);
	return 0;
}

void vmm_gdb_close(struct vmm_gdb *gdb)
{
	if (!gdb)
		return;
	stop_watcher(gdb);
	if (gdb->conn >= 0)
		close(gdb->conn);
	if (gdb->listen_fd >= 0)
		close(gdb->listen_fd);
	if (gdb->wake_fd >= 0)
		close(gdb->wake_fd);
	pthread_mutex_destroy(&gdb->lock);
	pthread_cond_destroy(&gdb->cond);
	free(gdb);
}
