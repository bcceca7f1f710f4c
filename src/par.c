/*
 * par.c - ordered parallel work (see par.h).
 *
 * One mutex guards the queue: a ring of the jobs from the head (the
 * oldest not yet handed on) to the newest.  Workers take jobs in order,
 * so the head is always either running, done, serial (the caller's) or
 * dropped: a worker that waits for its turn to stream never waits for a
 * job that nobody runs.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "par.h"
#include "util.h"

enum { QUEUED = 0, RUNNING, DONE };

struct pjob {
	void *data;
	int serial, streamable;
	int state;
	int dropped;
	char *kept; /* output kept until the caller reaches the job */
	size_t nkept, capkept;
};

struct par_worker {
	par *p;
	pthread_t th;
	void *state;
	struct pjob *job; /* the job being run, or NULL */
	uint64_t jobno;
	int final; /* the job's last flush is on its way */
};

struct par {
	const struct par_ops *ops;
	void *arg;
	pthread_mutex_t mu;
	pthread_cond_t cv_work; /* a job to take, or closing */
	pthread_cond_t cv_done; /* a job is done */
	pthread_cond_t cv_head; /* the head moved */
	struct pjob **ring;
	size_t ring_size;
	uint64_t n;    /* jobs added */
	uint64_t head; /* the oldest job not handed on */
	uint64_t take; /* the next job a worker may take */
	size_t ahead;
	uint64_t skip_until;
	int stop;
	int closing;
	par_worker *ws;
	unsigned nth;
	uint64_t wait_ns;
	size_t keep_max; /* what a streamable job keeps before its turn */
};

static struct pjob *
slot(const par *p, uint64_t no)
{
	return p->ring[no % p->ring_size];
}

static void *
worker_main(void *arg)
{
	par_worker *w = arg;
	par *p = w->p;

	w->state = p->ops->worker_open(p->arg, w);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct pjob *j = NULL;

		/* The caller may have handed on (dropped) jobs no worker
		 * took. */
		if (p->take < p->head)
			p->take = p->head;
		while (p->take < p->n && p->take < p->head + p->ahead) {
			struct pjob *c = slot(p, p->take);

			p->take++;
			if (!c->serial && !c->dropped && !p->stop) {
				j = c;
				w->jobno = p->take - 1;
				break;
			}
		}
		if (j == NULL) {
			if (p->closing)
				break;
			pthread_cond_wait(&p->cv_work, &p->mu);
			continue;
		}
		j->state = RUNNING;
		w->job = j;
		pthread_mutex_unlock(&p->mu);
		p->ops->run(p->arg, w->state, j->data);
		w->final = 1;
		p->ops->flush(p->arg, w->state);
		w->final = 0;
		pthread_mutex_lock(&p->mu);
		w->job = NULL;
		j->state = DONE;
		pthread_cond_broadcast(&p->cv_done);
	}
	pthread_mutex_unlock(&p->mu);
	p->ops->worker_close(p->arg, w->state);
	return NULL;
}

par *
par_open(const struct par_ops *ops, void *arg, unsigned nthreads,
         size_t ahead)
{
	par *p = xcalloc(1, sizeof(*p));
	unsigned i;

	p->ops = ops;
	p->arg = arg;
	p->nth = nthreads > 0 ? nthreads : 1;
	p->ahead = ahead > 0 ? ahead : 1;
	p->ring_size = p->ahead + 1;
	p->keep_max = PAR_KEEP_MAX;
	p->ring = xcalloc(p->ring_size, sizeof(*p->ring));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_work, NULL);
	pthread_cond_init(&p->cv_done, NULL);
	pthread_cond_init(&p->cv_head, NULL);
	p->ws = xcalloc(p->nth, sizeof(*p->ws));
	for (i = 0; i < p->nth; i++) {
		p->ws[i].p = p;
		if (pthread_create(&p->ws[i].th, NULL, worker_main,
		                   &p->ws[i]) != 0) {
			/* As running out of memory: nothing to recover. */
			fprintf(stderr, "logscan: cannot start a thread\n");
			exit(2);
		}
	}
	return p;
}

static void
free_job(par *p, struct pjob *j)
{
	p->ops->free_job(p->arg, j->data);
	free(j->kept);
	free(j);
}

/*
 * Hand on the jobs that are finished in order; with block set, wait for
 * each until only `room` jobs (or none) are left behind the head.  Called
 * and returns with the lock held.
 */
static void
advance(par *p, uint64_t room)
{
	while (p->head < p->n && p->n - p->head > room) {
		struct pjob *j = slot(p, p->head);
		int rc = PAR_GO_ON;

		if (j->dropped || p->stop) {
			if (j->state == RUNNING) {
				pthread_cond_wait(&p->cv_done, &p->mu);
				continue;
			}
		} else if (j->serial) {
			pthread_mutex_unlock(&p->mu);
			rc = p->ops->serial(p->arg, j->data);
			pthread_mutex_lock(&p->mu);
		} else if (j->state != DONE) {
			uint64_t t0 = ls_now_ns();

			pthread_cond_wait(&p->cv_done, &p->mu);
			p->wait_ns += ls_now_ns() - t0;
			continue;
		} else {
			pthread_mutex_unlock(&p->mu);
			if (j->streamable) {
				if (j->nkept > 0)
					(void)p->ops->emit(p->arg, j->data,
					                   j->kept, j->nkept);
				rc = p->ops->finish(p->arg, j->data, NULL, 0);
			} else {
				rc = p->ops->finish(p->arg, j->data, j->kept,
				                    j->nkept);
			}
			pthread_mutex_lock(&p->mu);
		}
		if (rc == PAR_STOP)
			p->stop = 1;
		p->ring[p->head % p->ring_size] = NULL;
		p->head++;
		/* Freed unlocked: free_job() may take time. */
		pthread_mutex_unlock(&p->mu);
		free_job(p, j);
		pthread_mutex_lock(&p->mu);
		pthread_cond_broadcast(&p->cv_head);
		pthread_cond_broadcast(&p->cv_work);
	}
}

int
par_add(par *p, void *data, int serial, int streamable)
{
	struct pjob *j = xcalloc(1, sizeof(*j));
	int rc;

	j->data = data;
	j->serial = serial;
	j->streamable = streamable;
	pthread_mutex_lock(&p->mu);
	/* Room in the ring first (this hands on what is done). */
	advance(p, p->ring_size - 1);
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		free_job(p, j);
		return PAR_STOP;
	}
	if (p->n < p->skip_until)
		j->dropped = 1;
	p->ring[p->n % p->ring_size] = j;
	p->n++;
	pthread_cond_broadcast(&p->cv_work);
	/* Whatever is finished in order goes out now, without waiting. */
	while (p->head < p->n) {
		struct pjob *h = slot(p, p->head);

		if (!(h->serial || h->dropped || p->stop || h->state == DONE))
			break;
		advance(p, p->n - p->head - 1);
	}
	rc = p->stop ? PAR_STOP : PAR_GO_ON;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int
par_drain(par *p)
{
	int rc;

	pthread_mutex_lock(&p->mu);
	advance(p, 0);
	rc = p->stop ? PAR_STOP : PAR_GO_ON;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

void
par_skip_until(par *p, uint64_t until)
{
	uint64_t i;

	/* Called from finish(), unlocked, for the head's successors. */
	pthread_mutex_lock(&p->mu);
	for (i = p->head + 1; i < p->n && i < until; i++)
		slot(p, i)->dropped = 1;
	if (until > p->skip_until)
		p->skip_until = until;
	pthread_cond_broadcast(&p->cv_head);
	pthread_mutex_unlock(&p->mu);
}

uint64_t
par_count(const par *p)
{
	return p->n;
}

int
par_dropped(par_worker *w)
{
	par *p = w->p;
	int d;

	pthread_mutex_lock(&p->mu);
	d = p->stop || (w->job != NULL && w->job->dropped);
	pthread_mutex_unlock(&p->mu);
	return d;
}

int
par_deliver(par_worker *w, const char *buf, size_t n)
{
	par *p = w->p;
	struct pjob *j = w->job;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (j->dropped || p->stop) {
			pthread_mutex_unlock(&p->mu);
			return 0;
		}
		if (!j->streamable)
			break;
		if (p->head == w->jobno) {
			/* The caller waits for this job: nothing else
			 * writes.  What it kept goes first. */
			char *kept = j->kept;
			size_t nkept = j->nkept;
			int rc = 0;

			j->kept = NULL;
			j->nkept = j->capkept = 0;
			pthread_mutex_unlock(&p->mu);
			if (nkept > 0)
				rc = p->ops->emit(p->arg, j->data, kept, nkept);
			free(kept);
			if (rc == 0)
				rc = p->ops->emit(p->arg, j->data, buf, n);
			return rc;
		}
		/* Not its turn yet: keep up to keep_max, so that a
		 * search that prints much goes on while an earlier job
		 * runs, and wait beyond that (the last flush is kept). */
		if (w->final || j->nkept + n <= p->keep_max)
			break;
		pthread_cond_wait(&p->cv_head, &p->mu);
	}
	if (j->nkept + n > j->capkept) {
		j->capkept = (j->nkept + n) * 2;
		j->kept = xrealloc(j->kept, j->capkept);
	}
	memcpy(j->kept + j->nkept, buf, n);
	j->nkept += n;
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void
par_set_keep_max(par *p, size_t n)
{
	p->keep_max = n;
}

uint64_t
par_wait_ns(const par *p)
{
	return p->wait_ns;
}

void
par_close(par *p)
{
	unsigned i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->closing = 1;
	p->stop = 1;
	advance(p, 0);
	pthread_cond_broadcast(&p->cv_work);
	pthread_cond_broadcast(&p->cv_head);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->ws[i].th, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv_work);
	pthread_cond_destroy(&p->cv_done);
	pthread_cond_destroy(&p->cv_head);
	free(p->ws);
	free(p->ring);
	free(p);
}
