/*
 * par.h - ordered parallel work: jobs numbered in the order their output
 * must appear are done by worker threads, and one thread (the caller's)
 * hands their output on in that order, so that what is printed is what
 * one thread doing the jobs one after another would print.
 *
 * A job's output arrives through par_deliver() (the sink of a worker's
 * output writer, see output_open_sink()).  While the job is not the
 * oldest unfinished one (the "head"), its output is kept; a job marked
 * streamable keeps up to PAR_KEEP_MAX bytes (and its last flush), then
 * waits until it is the head and writes what it kept and the rest
 * straight through, so that the output kept in memory is bounded by the
 * number of jobs in flight times PAR_KEEP_MAX and one buffer.  The
 * allowance lets a search that prints much run on while an earlier job
 * is still being searched, instead of waiting for it.  A
 * job that is not streamable keeps all its output until the caller has
 * seen it (par_ops.finish), which may then drop it.
 *
 * At most `ahead` jobs past the head are taken by workers at any time.
 * Jobs marked serial are never given to a worker: the caller's thread
 * runs them (par_ops.serial) when they are the head, with nothing else
 * writing.
 */
#ifndef LOGSCAN_PAR_H
#define LOGSCAN_PAR_H

#include <stddef.h>
#include <stdint.h>

/* Output a streamable job keeps before its turn before it waits. */
#define PAR_KEEP_MAX ((size_t)4 << 20)

typedef struct par par;
typedef struct par_worker par_worker;

/* What finish() tells the pool to do next. */
enum par_next {
	PAR_GO_ON = 0, /* the next job */
	PAR_STOP = 1   /* drop every job not yet finished: the run ends */
};

struct par_ops {
	/* A worker thread's own state (called in that thread). */
	void *(*worker_open)(void *arg, par_worker *w);
	void (*worker_close)(void *arg, void *ws);
	/* Do one job in a worker; its output goes to par_deliver(). */
	void (*run)(void *arg, void *ws, void *job);
	/* In a worker after run(): flush the worker's output writer (its
	 * sink then calls par_deliver(), as the job's last output). */
	void (*flush)(void *arg, void *ws);
	/* Write p[0, n) of a job's output where it goes, in order: in the
	 * caller's thread for output a job kept, or in the worker's thread
	 * while the caller waits for that job (a streamable head).  Returns
	 * 0 or an errno value (the job's writer then stops). */
	int (*emit)(void *arg, void *job, const char *p, size_t n);
	/* In the caller's thread, in order, when the job is done.  A
	 * streamable job's kept output was emitted before (kept is NULL);
	 * a job that is not streamable hands its whole output over as
	 * kept[0, n), for finish() to emit or drop.  Returns a par_next. */
	int (*finish)(void *arg, void *job, const char *kept, size_t n);
	/* In the caller's thread, in order: a serial job. Returns a
	 * par_next. */
	int (*serial)(void *arg, void *job);
	/* Free a job (after finish, or a job dropped by PAR_STOP or
	 * par_skip_until()). */
	void (*free_job)(void *arg, void *job);
};

/*
 * Start nthreads workers (at least 1) that take at most ahead jobs past
 * the head.  ops and arg must outlive the pool.  Never fails (a thread
 * that cannot be started exits, as allocation failure does).
 */
par *par_open(const struct par_ops *ops, void *arg, unsigned nthreads,
              size_t ahead);

/*
 * Add a job at the end of the order.  serial: run it in the caller's
 * thread; streamable: see the top.  Then hand on every job that is
 * finished in order, waiting for the head while `ahead` jobs are queued
 * behind it.  Returns a par_next: PAR_STOP once a finish() stopped the
 * run (the job was freed, not added).
 */
int par_add(par *p, void *job, int serial, int streamable);

/* Hand on every job still to come, waiting for them.  Returns PAR_STOP
 * when a finish() stopped the run, else PAR_GO_ON. */
int par_drain(par *p);

/*
 * From finish(): the jobs after the current one up to (not including)
 * the job added as number `until` (see par_count()) are dropped: not
 * run when not yet taken, and their output neither kept nor emitted;
 * finish() is not called for them.
 */
void par_skip_until(par *p, uint64_t until);

/* The number of jobs added so far (the number the next one gets). */
uint64_t par_count(const par *p);

/* In a worker: nonzero when the job being run was dropped (its work is
 * wasted; stop early if convenient). */
int par_dropped(par_worker *w);

/*
 * A worker's output sink (pass the par_worker as the ctx of
 * output_open_sink() via a small wrapper, or call it from one): p[0, n)
 * of the current job's output, kept or streamed as the top says.
 * Returns 0 or an errno value.
 */
int par_deliver(par_worker *w, const char *p, size_t n);

/* Before any job is added: what a streamable job keeps before its turn
 * (PAR_KEEP_MAX by default; 0: it waits as soon as its buffer fills). */
void par_set_keep_max(par *p, size_t n);

/* Nanoseconds the caller spent waiting for jobs in order (--stats). */
uint64_t par_wait_ns(const par *p);

/* Stop the workers and free the pool (after par_drain()); accepts NULL. */
void par_close(par *p);

#endif
