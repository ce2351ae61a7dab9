/* runner.c: one thread per vCPU, all started together, with a timeout. */
/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/*
 * The start line: every vCPU thread creates and sets up its vCPU, then waits
 * here until the caller's ready() hook has run (the sandbox covers only
 * threads that exist, and vCPU creation needs calls it forbids).
 */
struct start_line {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned arrived;           /* threads set up, or failed to */
	unsigned waiting;           /* of which set up and waiting */
	int go;                     /* 0 wait, 1 run, -1 do not run */
	char why[512];              /* ready()'s reason when go is -1 */
};

struct runner_slot {
	struct start_line *start;
	struct vmm_guest *guest;
	pthread_t thread;
	pthread_mutex_t lock;       /* guards vcpu against a concurrent stop */
	struct vmm_vcpu *vcpu;
	bool stop_requested, started, finished;
	sem_t *done;
};

static void *vcpu_thread(void *arg)
{
	struct runner_slot *slot = arg;
	struct vmm_guest *g = slot->guest;
	struct vmm_vcpu *vcpu;
	bool stop_early;

	struct start_line *start = slot->start;
	int go;

	vcpu = vmm_vcpu_create(g->vm, g->index, &g->console);
	if (!vcpu || (g->setup && g->setup(vcpu, g->setup_arg) < 0)) {
		g->stop.reason = VMM_STOP_ERROR;
		strncpy(g->stop.detail, vmm_last_error(), sizeof(g->stop.detail) - 1);
		vmm_vcpu_destroy(vcpu);
		pthread_mutex_lock(&start->lock);
		start->arrived++;
		pthread_cond_broadcast(&start->cond);
		pthread_mutex_unlock(&start->lock);
		goto out;
	}
	pthread_mutex_lock(&start->lock);
	start->arrived++;
	start->waiting++;
	pthread_cond_broadcast(&start->cond);
	while (start->go == 0)
		pthread_cond_wait(&start->cond, &start->lock);
	go = start->go;
	pthread_mutex_unlock(&start->lock);
	if (go < 0) {
		g->stop.reason = VMM_STOP_ERROR;
		strncpy(g->stop.detail, start->why, sizeof(g->stop.detail) - 1);
		vmm_vcpu_destroy(vcpu);
		goto out;
	}
	pthread_mutex_lock(&slot->lock);
	slot->vcpu = vcpu;
	stop_early = slot->stop_requested;
	pthread_mutex_unlock(&slot->lock);
	if (stop_early)
		vmm_vcpu_stop(vcpu);
	vmm_vcpu_run(vcpu, &g->stop);
	g->stats = *vmm_vcpu_stats(vcpu);
	pthread_mutex_lock(&slot->lock);
	slot->vcpu = NULL;
	pthread_mutex_unlock(&slot->lock);
	vmm_vcpu_destroy(vcpu);
out:
	pthread_mutex_lock(&slot->lock);
	slot->finished = true;
	pthread_mutex_unlock(&slot->lock);
	sem_post(slot->done);
	return NULL;
}

static void request_stop(struct runner_slot *slot, bool timeout)
{
	pthread_mutex_lock(&slot->lock);
	if (timeout && !slot->finished)
		slot->guest->timed_out = true;
	slot->stop_requested = true;
	if (slot->vcpu)
		vmm_vcpu_stop(slot->vcpu);
	pthread_mutex_unlock(&slot->lock);
}

/* Wait for one guest to finish; false when the deadline passed first. */
static bool wait_one(sem_t *done, const struct timespec *deadline)
{
	int r;

	do
		r = deadline ? sem_timedwait(done, deadline) : sem_wait(done);
	while (r < 0 && errno == EINTR);
	return r == 0;
}

/* Wait until every started thread is at the start line, call READY when
 * one of them can run, and let them go. Returns -1 when READY failed. */
static int release_start(struct start_line *start, unsigned started,
                         const struct vmm_run_options *opt)
{
	int go = 1;

	pthread_mutex_lock(&start->lock);
	while (start->arrived < started)
		pthread_cond_wait(&start->cond, &start->lock);
	bool anyone = start->waiting > 0;
	pthread_mutex_unlock(&start->lock);
	if (anyone && opt->ready && opt->ready(opt->ready_opaque) < 0) {
		snprintf(start->why, sizeof(start->why), "%s", vmm_last_error());
		go = -1;
	}
	pthread_mutex_lock(&start->lock);
	start->go = go;
	pthread_cond_broadcast(&start->cond);
	pthread_mutex_unlock(&start->lock);
	return go < 0 ? -1 : 0;
}

int vmm_run_guests(struct vmm_guest *guests, unsigned n, uint64_t timeout_ms)
{
	struct vmm_run_options opt = { .timeout_ms = timeout_ms };

	return vmm_run(guests, n, &opt);
}

int vmm_run(struct vmm_guest *guests, unsigned n,
            const struct vmm_run_options *options)
{
	static const struct vmm_run_options no_options;
	const struct vmm_run_options *opt = options ? options : &no_options;
	struct runner_slot *slots = calloc(n, sizeof(*slots));
	uint64_t timeout_ms = opt->timeout_ms;
	struct start_line start;
	struct timespec deadline;
	unsigned started = 0, finished = 0;
	sem_t done;
	int ret = 0;

	if (!slots)
		return set_error("out of memory");
	memset(&start, 0, sizeof(start));
	pthread_mutex_init(&start.lock, NULL);
	pthread_cond_init(&start.cond, NULL);
	sem_init(&done, 0, 0);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += (time_t)(timeout_ms / 1000);
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (unsigned i = 0; i < n; i++) {
		slots[i].start = &start;
		slots[i].guest = &guests[i];
		slots[i].done = &done;
		memset(&guests[i].stop, 0, sizeof(guests[i].stop));
		memset(&guests[i].stats, 0, sizeof(guests[i].stats));
		guests[i].timed_out = false;
		pthread_mutex_init(&slots[i].lock, NULL);
		if (pthread_create(&slots[i].thread, NULL, vcpu_thread, &slots[i]) != 0) {
			ret = set_error("cannot start a vCPU thread");
			break;
		}
		slots[i].started = true;
		started++;
	}
	if (ret < 0) {
		for (unsigned i = 0; i < started; i++)
			request_stop(&slots[i], false);
	}
	/* A thread that could not start stops the others before ready(), which
	 * is then not worth calling. */
	if (release_start(&start, started, ret < 0 ? &no_options : opt) < 0)
		ret = -1;
	while (finished < started) {
		if (wait_one(&done, ret == 0 && timeout_ms ? &deadline : NULL)) {
			finished++;
			continue;
		}
		/* Deadline passed: stop whoever is still running, then wait. */
		for (unsigned i = 0; i < started; i++)
			request_stop(&slots[i], true);
		timeout_ms = 0;
	}
	for (unsigned i = 0; i < n; i++) {
		if (slots[i].started)
			pthread_join(slots[i].thread, NULL);
		pthread_mutex_destroy(&slots[i].lock);
		if (guests[i].timed_out && guests[i].stop.reason != VMM_STOP_STOPPED)
			guests[i].timed_out = false;  /* it finished on its own meanwhile */
	}
	sem_destroy(&done);
	pthread_cond_destroy(&start.cond);
	pthread_mutex_destroy(&start.lock);
	free(slots);
	if (ret < 0 && start.go < 0)
		return set_error("%s", start.why);  /* this thread's message again */
	return ret;
}
