/*
 * test_merge.c - the k-way merge of records from producer threads
 * (merge.c): stable order by key, each source's order kept whatever its
 * keys, continued records kept together (also across blocks), bounded
 * queues with one running producer among many, a failed output, and a
 * record cut back to whole lines.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "merge.h"
#include "output.h"
#include "util.h"

/* What the merge wrote. */
struct sinkbuf {
	char *p;
	size_t n, cap;
	int fail_after; /* > 0: fail (ENOSPC) once this many bytes came */
};

static int
collect(void *ctx, const char *p, size_t n)
{
	struct sinkbuf *b = ctx;

	if (b->fail_after > 0 && b->n + n > (size_t)b->fail_after)
		return ENOSPC;
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* A source of records: keys[i] with text "<name><i>\n"; split: each
 * record is given in three appends, the last a continued record. */
struct src {
	const char *name;
	const int64_t *keys;
	size_t n;
	int split;
	int ret;
};

static int
produce(void *ctx, merge_feed *f)
{
	struct src *s = ctx;
	char buf[64];

	for (size_t i = 0; i < s->n; i++) {
		int len = snprintf(buf, sizeof(buf), "%s%zu\n", s->name, i);

		if (merge_begin(f, s->keys[i], 0) < 0)
			return -1;
		if (!s->split) {
			if (merge_append(f, buf, (size_t)len) < 0)
				return -1;
			continue;
		}
		if (merge_append(f, buf, 1) < 0 ||
		    merge_append(f, buf + 1, (size_t)len - 2) < 0 ||
		    merge_begin(f, s->keys[i], 1) < 0 ||
		    merge_append(f, buf + len - 1, 1) < 0)
			return -1;
	}
	return s->ret;
}

static char *
run(struct src *srcs, size_t n, unsigned threads)
{
	struct sinkbuf b = {NULL, 0, 0, 0};
	output *o = output_open_sink(collect, &b, 64);
	merge *m = merge_open(o, threads);

	for (size_t i = 0; i < n; i++)
		merge_add(m, produce, &srcs[i]);
	assert_int_equal(merge_run(m), 0);
	assert_int_equal(output_flush(o), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(merge_source_status(m, i), srcs[i].ret);
	merge_close(m);
	output_close(o);
	return b.p ? b.p : xstrdup("");
}

static void
test_stable_ties(void **state)
{
	static const int64_t a[] = {1, 3, 3, 5};
	static const int64_t b[] = {2, 3, 4, 5};
	static const int64_t c[] = {3, 5};
	struct src s[] = {{"a", a, 4, 0, 0}, {"b", b, 4, 0, 0},
	                  {"c", c, 2, 0, -1}};
	char *got;

	(void)state;
	got = run(s, 3, 2);
	assert_string_equal(got, "a0\nb0\na1\na2\nb1\nc0\nb2\na3\nb3\nc1\n");
	free(got);
	/* The same with the files in the other order: ties follow it. */
	{
		struct src r[] = {s[2], s[1], s[0]};

		got = run(r, 3, 1);
		assert_string_equal(got,
		                    "a0\nb0\nc0\nb1\na1\na2\nb2\nc1\nb3\na3\n");
		free(got);
	}
}

static void
test_step_back(void **state)
{
	/* b's clock steps back after b1: b2 and b3 still follow b1. */
	static const int64_t a[] = {10, 20, 30, 40};
	static const int64_t b[] = {15, 25, 5, 35};
	struct src s[] = {{"a", a, 4, 1, 0}, {"b", b, 4, 1, 0}};
	char *got;

	(void)state;
	got = run(s, 2, 4);
	assert_string_equal(got, "a0\nb0\na1\nb1\nb2\na2\nb3\na3\n");
	free(got);
}

/* One source: a record larger than a block, continued over several, and
 * an empty record before a continued one, which is then not glued to the
 * record before it. */
struct bigsrc {
	size_t big;
};

static int
produce_big(void *ctx, merge_feed *f)
{
	struct bigsrc *s = ctx;
	char *p = xmalloc(s->big);

	memset(p, 'x', s->big);
	p[s->big - 1] = '\n';
	if (merge_begin(f, 10, 0) < 0 || merge_append(f, "B:", 2) < 0 ||
	    merge_append(f, p, s->big) < 0) {
		free(p);
		return -1;
	}
	free(p);
	/* An entry at 30 whose first part printed nothing. */
	if (merge_begin(f, 30, 0) < 0 || merge_begin(f, 30, 1) < 0 ||
	    merge_append(f, "B30\n", 4) < 0)
		return -1;
	return 0;
}

static void
test_big_and_empty(void **state)
{
	static const int64_t a[] = {5, 11, 20, 40};
	struct bigsrc bs = {3 * MERGE_BLOCK + 17};
	struct src s = {"a", a, 4, 0, 0};
	struct sinkbuf b = {NULL, 0, 0, 0};
	output *o = output_open_sink(collect, &b, 4096);
	merge *m = merge_open(o, 1);
	const char *x;

	(void)state;
	merge_add(m, produce, &s);
	merge_add(m, produce_big, &bs);
	assert_int_equal(merge_run(m), 0);
	assert_int_equal(output_flush(o), 0);
	assert_int_equal(b.n, 3 + 2 + bs.big + 3 * 3 + 4);
	assert_memory_equal(b.p, "a0\nB:xxx", 8);
	/* The big record is whole: a1 comes only after its newline. */
	x = b.p + 3 + 2 + bs.big;
	assert_int_equal(x[-1], '\n');
	assert_int_equal(x[-2], 'x');
	assert_string_equal(x, "a1\na2\nB30\na3\n");
	merge_close(m);
	output_close(o);
	free(b.p);
}

/* Many sources, far more records than their queues hold, one producer
 * running at a time: nothing deadlocks, and the result is the merge. */
static void
test_many_sources_one_thread(void **state)
{
	enum { NS = 12, NR = 20000 };
	int64_t *keys = xcalloc(NS * NR, sizeof(*keys));
	struct src s[NS];
	char names[NS][8];
	char *got, *p;
	size_t lines = 0;

	(void)state;
	for (size_t i = 0; i < NS; i++) {
		for (size_t j = 0; j < NR; j++)
			keys[i * NR + j] = (int64_t)(j * 7 + (i * 3) % 7);
		snprintf(names[i], sizeof(names[i]), "s%zu:", i);
		s[i] = (struct src){names[i], keys + i * NR, NR, (int)(i & 1),
		                    0};
	}
	got = run(s, NS, 1);
	/* Every line once, keys never decreasing (each source is sorted),
	 * and on a tie the lower source first. */
	{
		int64_t last_key = INT64_MIN;
		size_t last_src = 0;

		for (p = got; *p != '\0'; lines++) {
			size_t si, ri;
			int64_t k;

			assert_int_equal(sscanf(p, "s%zu:%zu", &si, &ri), 2);
			k = keys[si * NR + ri];
			assert_true(k > last_key ||
			            (k == last_key && si >= last_src));
			last_key = k;
			last_src = si;
			p = strchr(p, '\n') + 1;
		}
	}
	assert_int_equal(lines, (size_t)NS * NR);
	free(got);
	free(keys);
}

/* The output fails part way: merge_run() says so and the producers stop
 * (their merge_append() fails) instead of waiting for ever. */
static void
test_output_fails(void **state)
{
	enum { NR = 200000 };
	int64_t *keys = xcalloc(NR, sizeof(*keys));
	struct src s[2];
	struct sinkbuf b = {NULL, 0, 0, 100000};
	output *o = output_open_sink(collect, &b, 4096);
	merge *m = merge_open(o, 2);

	(void)state;
	for (size_t j = 0; j < NR; j++)
		keys[j] = (int64_t)j;
	s[0] = (struct src){"a", keys, NR, 0, 0};
	s[1] = (struct src){"b", keys, NR, 0, 0};
	merge_add(m, produce, &s[0]);
	merge_add(m, produce, &s[1]);
	assert_int_equal(merge_run(m), -1);
	assert_int_equal(output_error(o), ENOSPC);
	assert_int_equal(merge_source_status(m, 0), -1);
	assert_int_equal(merge_source_status(m, 1), -1);
	merge_close(m);
	output_close(o);
	free(b.p);
	free(keys);
}

/* A read error cuts the record back to its last newline; an entry that
 * lost all its bytes so is not glued to the one before. */
static int
produce_cut(void *ctx, merge_feed *f)
{
	char *big = xmalloc(2 * MERGE_BLOCK);
	int rc;

	(void)ctx;
	memset(big, 'y', 2 * MERGE_BLOCK);
	assert_int_equal(merge_begin(f, 1, 0), 0);
	assert_int_equal(merge_append(f, "x1\npart", 7), 0);
	assert_int_equal(merge_cut_line(f), 0);
	assert_int_equal(merge_begin(f, 3, 0), 0);
	assert_int_equal(merge_append(f, "half", 4), 0);
	assert_int_equal(merge_cut_line(f), 0);
	assert_int_equal(merge_begin(f, 3, 1), 0);
	assert_int_equal(merge_append(f, "x3\n", 3), 0);
	/* Part of a record larger than a block was handed over. */
	assert_int_equal(merge_begin(f, 9, 0), 0);
	assert_int_equal(merge_append(f, big, 2 * MERGE_BLOCK), 0);
	rc = merge_cut_line(f);
	free(big);
	assert_int_equal(rc, -1);
	return 0;
}

static void
test_cut_line(void **state)
{
	static const int64_t a[] = {2, 4};
	struct src s = {"a", a, 2, 0, 0};
	struct sinkbuf b = {NULL, 0, 0, 0};
	output *o = output_open_sink(collect, &b, 4096);
	merge *m = merge_open(o, 2);

	(void)state;
	merge_add(m, produce_cut, NULL);
	merge_add(m, produce, &s);
	assert_int_equal(merge_run(m), 0);
	assert_int_equal(output_flush(o), 0);
	assert_int_equal(b.n, 3 + 3 + 3 + 3 + 2 * MERGE_BLOCK);
	assert_memory_equal(b.p, "x1\na0\nx3\na1\nyyy", 15);
	merge_close(m);
	output_close(o);
	free(b.p);
}

static void
test_no_sources(void **state)
{
	char *got = run(NULL, 0, 1);

	(void)state;
	assert_string_equal(got, "");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stable_ties),
	    cmocka_unit_test(test_step_back),
	    cmocka_unit_test(test_big_and_empty),
	    cmocka_unit_test(test_many_sources_one_thread),
	    cmocka_unit_test(test_output_fails),
	    cmocka_unit_test(test_cut_line),
	    cmocka_unit_test(test_no_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
