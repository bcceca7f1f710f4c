/*
 * test_lastlines.c - where the last N lines start, checked against a brute
 * force on random logs (empty lines, long lines, with and without a final
 * newline), without an index, with a fresh index of small groups, with an
 * index of a prefix, with --index=never, and refused on a pipe; and the
 * last lines of a stream kept in memory, as tail keeps them.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "index.h"
#include "lastlines.h"
#include "plan.h"
#include "util.h"
#include "window.h"

static uint64_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* A random log of about nlines lines; *len its size. */
static char *
make_log(uint64_t seed, size_t nlines, int final_newline, size_t *len)
{
	char *t = xmalloc(nlines * 300 + 2);
	size_t n = 0;

	for (size_t i = 0; i < nlines; i++) {
		/* Mostly short, some empty, a few longer than a read chunk
		 * would be in a tiny configuration. */
		size_t l = rnd(&seed) % 10 == 0 ? 0 : rnd(&seed) % 290;

		for (size_t j = 0; j < l; j++)
			t[n++] = (char)('a' + rnd(&seed) % 26);
		t[n++] = '\n';
	}
	if (!final_newline && n > 0)
		t[n - 1] = 'z';
	*len = n;
	return t;
}

/* The brute force: the start and number of the first of the last k. */
static void
expect(const char *t, size_t len, uint64_t k, uint64_t *start,
       uint64_t *line)
{
	uint64_t nl = 0, total, want;
	size_t i, at = 0;

	for (i = 0; i < len; i++)
		nl += t[i] == '\n';
	total = nl + (len > 0 && t[len - 1] != '\n');
	want = total > k ? total - k + 1 : 1;
	*line = want;
	for (i = 0, nl = 1; i < len && nl < want; i++)
		if (t[i] == '\n' && ++nl == want)
			at = i + 1;
	*start = want == 1 ? 0 : at;
}

static void
check_all(const char *path, const char *t, size_t len,
          const struct plan_params *o, const char *what)
{
	static const uint64_t ks[] = {1,    2,    3,    4,    5,
	                              7,    50,   299,  300,  301,
	                              1000, 1499, 1500, 1501, UINT64_MAX};
	char err[LS_ERRSZ];
	window_file *wf;

	assert_int_equal(window_open(&wf, path, 0, err), 0);
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		struct region r;
		uint64_t start, line;

		expect(t, len, ks[i], &start, &line);
		if (lastlines_find(wf, path, &o->index, ks[i], &r, err) < 0)
			fail_msg("%s: k=%llu: %s", what,
			         (unsigned long long)ks[i], err);
		if (r.start != start || r.first_line != line ||
		    r.end != (len == 0 ? 0 : UINT64_MAX))
			fail_msg("%s: k=%llu: got start %llu line %llu, "
			         "wanted %llu %llu",
			         what, (unsigned long long)ks[i],
			         (unsigned long long)r.start,
			         (unsigned long long)r.first_line,
			         (unsigned long long)start,
			         (unsigned long long)line);
	}
	window_close(wf);
}

static void
build_index(const char *path, uint64_t group_lines)
{
	struct plan_params o;
	char err[LS_ERRSZ];
	index_build *b;

	memset(&o, 0, sizeof(o));
	o.index.group_lines = group_lines;
	if (index_build_begin(&b, path, &o.index, 1, err) < 0)
		fail_msg("index_build_begin: %s", err);
	if (index_build_run(b, NULL, NULL, err) < 0)
		fail_msg("index_build_run: %s", err);
	index_build_end(b);
}

static void
test_against_brute_force(void **state)
{
	struct fixture *f = *state;
	char *path = fixture_path(f, "app.log");
	struct plan_params o, never;

	memset(&o, 0, sizeof(o));
	never = o;
	never.index.mode = INDEX_NEVER;
	for (int nl = 0; nl <= 1; nl++) {
		size_t len, len2;
		/* Several of lastlines.c's 64 KiB read chunks. */
		char *t = make_log(42 + (uint64_t)nl, 1500, nl, &len);
		char *more = make_log(7, 40, 1, &len2);

		fixture_write(path, t, len, "w");
		check_all(path, t, len, &o, "no index");
		build_index(path, 3);
		check_all(path, t, len, &o, "fresh index");
		check_all(path, t, len, &never, "--index=never");
		/* The log grows: the index holds a prefix. */
		t = xrealloc(t, len + len2);
		memcpy(t + len, more, len2);
		fixture_write(path, more, len2, "a");
		check_all(path, t, len + len2, &o, "appended index");
		free(more);
		free(t);
		unlink(path);
		{
			char idx[4096];

			snprintf(idx, sizeof(idx), "%s%s", path, INDEX_SUFFIX);
			unlink(idx);
		}
	}
	free(path);
}

static void
test_small_files(void **state)
{
	struct fixture *f = *state;
	char *path = fixture_path(f, "s.log");
	struct plan_params o;
	static const char *const texts[] = {"", "\n", "\n\n", "a", "a\n",
	                                    "a\nb", "a\nb\n", "\n\nx\n\n"};

	memset(&o, 0, sizeof(o));
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		fixture_write(path, texts[i], strlen(texts[i]), "w");
		check_all(path, texts[i], strlen(texts[i]), &o, texts[i]);
	}
	free(path);
}

/* The last k lines of t[0, len) fed through a pipe by a child. */
static void
check_stream(const char *t, size_t len, uint64_t k)
{
	struct lastlines_tail tail;
	char err[LS_ERRSZ];
	uint64_t start, line;
	window_file *wf;
	int fds[2], st;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t off = 0;

		close(fds[0]);
		while (off < len) {
			ssize_t w = write(fds[1], t + off, len - off);

			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	/* Small windows, so that the lines kept cross many of them. */
	assert_int_equal(window_open_fd(&wf, fds[0], 4096, err), 0);
	assert_true(window_is_stream(wf));
	if (lastlines_read_stream(wf, k, &tail, err) < 0)
		fail_msg("k=%llu: %s", (unsigned long long)k, err);
	window_close(wf);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	expect(t, len, k, &start, &line);
	if (tail.offset != start || tail.len != len - start ||
	    memcmp(tail.data, t + start, tail.len) != 0 ||
	    (len > 0 && tail.first_line != line))
		fail_msg("stream k=%llu: got offset %llu len %zu line %llu, "
		         "wanted %llu %zu %llu",
		         (unsigned long long)k, (unsigned long long)tail.offset,
		         tail.len, (unsigned long long)tail.first_line,
		         (unsigned long long)start, len - (size_t)start,
		         (unsigned long long)line);
	lastlines_tail_free(&tail);
}

static void
test_streams(void **state)
{
	static const uint64_t ks[] = {1, 2, 3, 7, 50, 299, 300, 301, 100000};
	static const char *const smalls[] = {"", "\n", "a", "a\nb", "a\nb\n",
	                                     "\n\nx\n\n"};

	(void)state;
	for (int nl = 0; nl <= 1; nl++) {
		size_t len;
		char *t = make_log(99 + (uint64_t)nl, 300, nl, &len);

		for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
			check_stream(t, len, ks[i]);
		free(t);
	}
	for (size_t i = 0; i < sizeof(smalls) / sizeof(smalls[0]); i++)
		for (uint64_t k = 1; k <= 4; k++)
			check_stream(smalls[i], strlen(smalls[i]), k);
}

static void
test_pipe_refused(void **state)
{
	struct plan_params o;
	struct region r;
	char err[LS_ERRSZ];
	window_file *wf;
	int fds[2];

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "a\nb\n", 4), 4);
	close(fds[1]);
	assert_int_equal(window_open_fd(&wf, fds[0], 0, err), 0);
	assert_int_equal(lastlines_find(wf, "-", &o.index, 1, &r, err), -1);
	assert_non_null(strstr(err, "pipe"));
	window_close(wf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_against_brute_force,
		                                fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_small_files,
		                                fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test(test_pipe_refused),
		cmocka_unit_test(test_streams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
