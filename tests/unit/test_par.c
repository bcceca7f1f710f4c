/*
 * test_par.c - the ordered parallel pool (par.c) and the splitting of a
 * file into parts of whole lines (window_line_start(), window_has_nul()),
 * which together let several threads print what one thread prints.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "output.h"
#include "par.h"
#include "util.h"
#include "window.h"

/* ---- the pool ----------------------------------------------------------- */

/* A job writes "<n>:" and then `len` bytes of its letter, in pieces, into
 * its worker's writer (a small buffer, so that jobs stream and wait). */
struct tjob {
	unsigned n;
	size_t len;
	int serial;
};

struct tpool {
	par *p;
	char *out; /* what was emitted, in order */
	size_t nout, cap;
	pthread_mutex_t mu; /* emit() runs in workers too (streaming) */
	unsigned finished[4096];
	size_t nfinished;
	unsigned stop_at;   /* finish() of this job stops the run */
	unsigned skip_at;   /* finish() of this job drops the next skip_n */
	unsigned skip_n;
	int drop_kept;      /* non-streamable jobs: finish() drops output */
	int streamable;
	size_t keep_max;    /* par_set_keep_max() unless SIZE_MAX */
};

struct tworker {
	output *o;
	par_worker *w;
};

static void
append(struct tpool *tp, const char *p, size_t n)
{
	pthread_mutex_lock(&tp->mu);
	if (tp->nout + n > tp->cap) {
		tp->cap = (tp->nout + n) * 2;
		tp->out = xrealloc(tp->out, tp->cap);
	}
	memcpy(tp->out + tp->nout, p, n);
	tp->nout += n;
	pthread_mutex_unlock(&tp->mu);
}

static int
tsink(void *ctx, const char *p, size_t n)
{
	return par_deliver(((struct tworker *)ctx)->w, p, n);
}

static void *
t_open(void *arg, par_worker *w)
{
	struct tworker *tw = xcalloc(1, sizeof(*tw));

	(void)arg;
	tw->w = w;
	tw->o = output_open_sink(tsink, tw, 16);
	return tw;
}

static void
t_close(void *arg, void *ws)
{
	struct tworker *tw = ws;

	(void)arg;
	output_close(tw->o);
	free(tw);
}

static void
write_job(output *o, const struct tjob *j)
{
	char head[32];
	size_t i;

	snprintf(head, sizeof(head), "%u:", j->n);
	output_puts(o, head);
	for (i = 0; i < j->len; i++) {
		output_putc(o, 'a' + (int)(j->n % 26));
		/* Now and then let another thread run, so that jobs finish
		 * out of order. */
		if ((i + j->n) % 37 == 0)
			sched_yield();
	}
	output_putc(o, '\n');
}

static void
t_run(void *arg, void *ws, void *job)
{
	(void)arg;
	write_job(((struct tworker *)ws)->o, job);
}

static void
t_flush(void *arg, void *ws)
{
	(void)arg;
	output_flush(((struct tworker *)ws)->o);
}

static int
t_emit(void *arg, void *job, const char *p, size_t n)
{
	(void)job;
	append(arg, p, n);
	return 0;
}

static int
t_finish(void *arg, void *job, const char *kept, size_t n)
{
	struct tpool *tp = arg;
	struct tjob *j = job;

	if (kept != NULL && !tp->drop_kept)
		append(tp, kept, n);
	assert_true(tp->streamable ? kept == NULL : kept != NULL);
	tp->finished[tp->nfinished++] = j->n;
	if (j->n == tp->skip_at)
		par_skip_until(tp->p, j->n + 1 + tp->skip_n);
	return j->n == tp->stop_at ? PAR_STOP : PAR_GO_ON;
}

/* A serial job writes into the same place, in the caller's thread. */
static int
t_serial(void *arg, void *job)
{
	struct tpool *tp = arg;
	struct tjob *j = job;
	char buf[64];

	snprintf(buf, sizeof(buf), "%u:serial\n", j->n);
	append(tp, buf, strlen(buf));
	tp->finished[tp->nfinished++] = j->n;
	return j->n == tp->stop_at ? PAR_STOP : PAR_GO_ON;
}

static void
t_free(void *arg, void *job)
{
	(void)arg;
	free(job);
}

static const struct par_ops tops = {
    t_open, t_close, t_run, t_flush, t_emit, t_finish, t_serial, t_free,
};

/* What one thread doing jobs [0, n) in order would write, leaving out
 * jobs [skip_from, skip_to). */
static char *
expected(unsigned n, unsigned skip_from, unsigned skip_to, size_t *len)
{
	char *buf = xmalloc(1 << 20);
	size_t got = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		struct tjob j = {i, (i * 7919u) % 300, i % 13 == 5};
		char tmp[64];

		if (i >= skip_from && i < skip_to)
			continue;
		if (j.serial) {
			snprintf(tmp, sizeof(tmp), "%u:serial\n", i);
			memcpy(buf + got, tmp, strlen(tmp));
			got += strlen(tmp);
			continue;
		}
		snprintf(tmp, sizeof(tmp), "%u:", i);
		memcpy(buf + got, tmp, strlen(tmp));
		got += strlen(tmp);
		memset(buf + got, 'a' + (int)(i % 26), j.len);
		got += j.len;
		buf[got++] = '\n';
	}
	*len = got;
	return buf;
}

/* Run n jobs on nthreads workers; returns the stop status of the adds. */
static int
run_pool(struct tpool *tp, unsigned n, unsigned nthreads, size_t ahead)
{
	unsigned i;
	int rc = PAR_GO_ON;

	pthread_mutex_init(&tp->mu, NULL);
	tp->p = par_open(&tops, tp, nthreads, ahead);
	if (tp->keep_max != SIZE_MAX)
		par_set_keep_max(tp->p, tp->keep_max);
	for (i = 0; i < n && rc == PAR_GO_ON; i++) {
		struct tjob *j = xcalloc(1, sizeof(*j));

		j->n = i;
		j->len = (i * 7919u) % 300;
		j->serial = i % 13 == 5;
		rc = par_add(tp->p, j, j->serial, tp->streamable);
	}
	if (rc == PAR_GO_ON)
		rc = par_drain(tp->p);
	par_close(tp->p);
	pthread_mutex_destroy(&tp->mu);
	return rc;
}

static void
test_order(void **state)
{
	static const unsigned threads[] = {1, 2, 3, 7};
	size_t t, wantlen;
	char *want = expected(500, 0, 0, &wantlen);

	(void)state;
	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		/* Non-streamable; streamable jobs that wait as soon as
		 * their 16-byte buffer fills, that keep up to 100 bytes
		 * (most wait, after keeping some), and the default (all
		 * kept: the jobs are short). */
		for (int mode = 0; mode < 4; mode++) {
			static const size_t keep[] = {SIZE_MAX, 0, 100,
			                              SIZE_MAX};
			struct tpool tp;

			memset(&tp, 0, sizeof(tp));
			tp.stop_at = tp.skip_at = UINT32_MAX;
			tp.streamable = mode > 0;
			tp.keep_max = keep[mode];
			assert_int_equal(run_pool(&tp, 500, threads[t], 3),
			                 PAR_GO_ON);
			assert_int_equal(tp.nfinished, 500);
			for (unsigned i = 0; i < 500; i++)
				assert_int_equal(tp.finished[i], i);
			assert_int_equal(tp.nout, wantlen);
			assert_memory_equal(tp.out, want, wantlen);
			free(tp.out);
		}
	}
	free(want);
}

/* finish() drops the jobs after it (a file whose rest is not needed):
 * their output is neither emitted nor handed to finish(). */
static void
test_skip(void **state)
{
	size_t wantlen;
	char *want = expected(100, 41, 61, &wantlen);

	(void)state;
	for (int streamable = 0; streamable < 2; streamable++) {
		struct tpool tp;

		memset(&tp, 0, sizeof(tp));
		tp.stop_at = UINT32_MAX;
		tp.skip_at = 40;
		tp.skip_n = 20;
		tp.streamable = streamable;
		assert_int_equal(run_pool(&tp, 100, 3, 4), PAR_GO_ON);
		assert_int_equal(tp.nfinished, 80);
		assert_int_equal(tp.finished[40], 40);
		assert_int_equal(tp.finished[41], 61);
		assert_int_equal(tp.nout, wantlen);
		assert_memory_equal(tp.out, want, wantlen);
		free(tp.out);
	}
	free(want);
}

/* finish() stops the run (-q found a line): nothing after that job is
 * emitted, and adding more says so. */
static void
test_stop(void **state)
{
	size_t wantlen;
	char *want = expected(31, 0, 0, &wantlen);
	struct tpool tp;

	(void)state;
	memset(&tp, 0, sizeof(tp));
	tp.stop_at = 30;
	tp.skip_at = UINT32_MAX;
	tp.streamable = 1;
	assert_int_equal(run_pool(&tp, 400, 2, 8), PAR_STOP);
	assert_int_equal(tp.nfinished, 31);
	assert_int_equal(tp.nout, wantlen);
	assert_memory_equal(tp.out, want, wantlen);
	free(tp.out);
	free(want);
}

/* A job that is not streamable hands all its output to finish(), which
 * may drop it (a part whose -m count has to be searched again). */
static void
test_kept_dropped(void **state)
{
	struct tpool tp;

	(void)state;
	memset(&tp, 0, sizeof(tp));
	tp.stop_at = tp.skip_at = UINT32_MAX;
	tp.drop_kept = 1;
	assert_int_equal(run_pool(&tp, 60, 2, 2), PAR_GO_ON);
	assert_int_equal(tp.nfinished, 60);
	/* Only the serial jobs' lines, written by the caller. */
	assert_int_equal(tp.nout, strlen("5:serial\n18:serial\n31:serial\n"
	                                 "44:serial\n57:serial\n"));
	assert_memory_equal(tp.out, "5:serial\n18:serial\n31:serial\n"
	                            "44:serial\n57:serial\n", tp.nout);
	free(tp.out);
}

/* ---- parts of whole lines ---------------------------------------------- */

static window_file *
open_text(void **state, const char *name, const char *text, size_t n)
{
	char *path = fixture_path(*state, name);
	window_file *wf;
	char err[LS_ERRSZ];

	fixture_write(path, text, n, "wb");
	assert_int_equal(window_open(&wf, path, 0, err), 0);
	free(path);
	return wf;
}

/* For every offset, the first line start at or after it; and for every
 * part size, parts [start(k c), start((k + 1) c)) hold each line once. */
static void
test_line_start(void **state)
{
	char text[3000];
	size_t n = 0, off, c;
	window_file *wf;
	char err[LS_ERRSZ];
	uint64_t got, nl = 0;

	/* Empty lines, short lines, and a line longer than most parts. */
	for (int i = 0; n < 2000; i++) {
		size_t len = i % 7 == 3 ? 700 : (size_t)(i * 5 % 23);

		memset(text + n, 'x', len);
		n += len;
		text[n++] = '\n';
		nl++;
	}
	memcpy(text + n, "last line without a newline", 27);
	n += 27;
	wf = open_text(state, "lines.log", text, n);
	for (off = 0; off <= n + 5; off++) {
		size_t want = off;

		while (want < n && want > 0 && text[want - 1] != '\n')
			want++;
		if (off > n)
			want = n;
		assert_int_equal(window_line_start(wf, off, &got, err), 0);
		assert_int_equal(got, want);
	}
	for (c = 1; c < n + 2; c += c < 40 ? 1 : 97) {
		uint64_t prev = 0, lines = 0;
		size_t k;

		for (k = 0; k * c < n; k++) {
			uint64_t s, e;

			assert_int_equal(window_line_start(wf, k * c, &s, err),
			                 0);
			assert_int_equal(
			    window_line_start(wf, (k + 1) * c, &e, err), 0);
			/* Parts follow each other; an empty part is a line
			 * longer than the part. */
			assert_int_equal(s, prev);
			assert_true(e >= s);
			for (uint64_t i = s; i < e; i++)
				lines += text[i] == '\n';
			prev = e;
		}
		assert_int_equal(prev, n);
		assert_int_equal(lines, nl);
	}
	window_close(wf);
}

static void
test_has_nul(void **state)
{
	char text[200000];
	uint64_t at;
	window_file *wf;
	char err[LS_ERRSZ];

	memset(text, 'a', sizeof(text));
	for (size_t i = 99; i < sizeof(text); i += 100)
		text[i] = '\n';
	text[150000] = '\0';
	wf = open_text(state, "nul.log", text, sizeof(text));
	assert_int_equal(window_has_nul(wf, 0, 150000, err), 0);
	assert_int_equal(window_has_nul(wf, 0, 150001, err), 1);
	assert_int_equal(window_has_nul(wf, 150000, 150001, err), 1);
	assert_int_equal(window_has_nul(wf, 150001, UINT64_MAX, err), 0);
	assert_int_equal(window_has_nul(wf, 5, 5, err), 0);
	/* Its offset, read in big buffers or small ones. */
	assert_int_equal(window_first_nul(wf, 0, UINT64_MAX, &at, err), 1);
	assert_int_equal(at, 150000);
	assert_int_equal(window_first_nul(wf, 149990, 150010, &at, err), 1);
	assert_int_equal(at, 150000);
	assert_int_equal(window_first_nul(wf, 0, 150000, &at, err), 0);
	assert_int_equal(at, UINT64_MAX);
	window_close(wf);
}

/* A file that shrank: both say so, as the readers do. */
static void
test_shrunk(void **state)
{
	char text[300000], *path;
	window_file *wf;
	char err[LS_ERRSZ];
	uint64_t got;

	memset(text, 'b', sizeof(text));
	path = fixture_path(*state, "shrink.log");
	fixture_write(path, text, sizeof(text), "wb");
	assert_int_equal(window_open(&wf, path, 0, err), 0);
	assert_int_equal(truncate(path, 1000), 0);
	assert_int_equal(window_line_start(wf, 5000, &got, err), -1);
	assert_string_equal(err, "file shrank while being read");
	assert_int_equal(window_has_nul(wf, 2000, 9000, err), -1);
	assert_string_equal(err, "file shrank while being read");
	window_close(wf);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_skip),
	    cmocka_unit_test(test_stop),
	    cmocka_unit_test(test_kept_dropped),
	    cmocka_unit_test_setup_teardown(test_line_start, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_has_nul, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_shrunk, fixture_setup,
	                                    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
