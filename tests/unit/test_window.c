#include "config.h"

/*
 * test_window.c - the window layer against a trivial reader.
 *
 * Every case writes crafted bytes to a temp file and scans them with small
 * windows (one to four pages), once mapped, once read with pread(2) into
 * the read reader's buffer, once with --io=auto's probe switching readers
 * every window, and once as a stream fed through a pipe by a forked writer.  The windows must concatenate to exactly the
 * expected bytes, each must end at a line end, and the lines they hold must
 * be the lines getline(3) reads from the same file.
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"
#include "window.h"

static char tmpdir[4096];
static size_t page;

/* ---- helpers ---- */

static void
tmp_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (len > 0)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Lines of [start, stop) of a file as getline(3) reads them. */
struct lines {
	char **v;
	size_t *len;
	size_t n;
};

static void
lines_add(struct lines *l, const char *s, size_t n)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->len = realloc(l->len, (l->n + 1) * sizeof(*l->len));
	assert_non_null(l->v);
	assert_non_null(l->len);
	l->v[l->n] = malloc(n + 1);
	assert_non_null(l->v[l->n]);
	memcpy(l->v[l->n], s, n);
	l->len[l->n] = n;
	l->n++;
}

static void
lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

static void
reference_lines(const char *path, uint64_t start, uint64_t stop,
                struct lines *out)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	uint64_t off = 0;
	ssize_t n;

	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (off >= start && off < stop)
			lines_add(out, line, (size_t)n);
		off += (uint64_t)n;
	}
	free(line);
	fclose(f);
}

/* Where a scan of [start, end) must stop: after the line holding byte
 * end - 1, or at the end of the data. */
static uint64_t
expected_stop(const char *data, size_t len, uint64_t start, uint64_t end)
{
	const char *nl;

	if (end > len)
		end = len;
	if (start >= end)
		return start;
	nl = memchr(data + end - 1, '\n', len - (end - 1));
	return nl ? (uint64_t)(nl - data) + 1 : len;
}

/* What a scan saw, checked window by window as it runs. */
struct seen {
	const char *data; /* the file's bytes */
	size_t len;
	size_t wsize;
	uint64_t next; /* offset the next window must start at */
	uint64_t windows;
	int had_last;
	int final_last; /* last flag of the most recent window */
	struct lines lines;
	char bad[256];  /* first failed check, or "" */
	int stop_after; /* return stop_rc after this many windows, if > 0 */
	int stop_rc;
};

static void
seen_init(struct seen *s, const char *data, size_t len, size_t wsize)
{
	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
	s->wsize = wsize;
}

static int seen_fail(struct seen *s, const char *fmt, ...) LS_PRINTF(2, 3);

static int
seen_fail(struct seen *s, const char *fmt, ...)
{
	va_list ap;

	if (s->bad[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(s->bad, sizeof(s->bad), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Checks are recorded rather than asserted here, so that a failure never
 * unwinds through window_scan() with its SIGBUS handler installed. */
static int
collect(void *ctx, const struct window *w)
{
	struct seen *s = ctx;
	const char *p, *nl;
	size_t first;

	s->windows++;
	if (s->next != UINT64_MAX && w->offset != s->next)
		return seen_fail(s, "window at %llu, expected %llu",
		                 (unsigned long long)w->offset,
		                 (unsigned long long)s->next);
	if (w->len == 0)
		return seen_fail(s, "empty window at %llu",
		                 (unsigned long long)w->offset);
	if (s->had_last)
		return seen_fail(s, "window after the last one");
	if (w->offset + w->len > s->len ||
	    memcmp(w->data, s->data + w->offset, w->len) != 0)
		return seen_fail(s, "bytes differ in window at %llu",
		                 (unsigned long long)w->offset);
	if (w->data[w->len - 1] != '\n' && w->offset + w->len != s->len)
		return seen_fail(s, "window at %llu ends inside a line",
		                 (unsigned long long)w->offset);
	/* Larger than a window only to hold a first line that does not fit. */
	nl = memchr(w->data, '\n', w->len);
	first = nl ? (size_t)(nl - w->data) + 1 : w->len;
	if (w->len > s->wsize && first <= s->wsize)
		return seen_fail(s,
		                 "window at %llu is %zu bytes for a %zu-byte"
		                 " first line",
		                 (unsigned long long)w->offset, w->len, first);
	for (p = w->data; p < w->data + w->len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(w->data + w->len - p));
		if (nl == NULL)
			nl = w->data + w->len - 1;
		lines_add(&s->lines, p, (size_t)(nl - p) + 1);
	}
	s->next = w->offset + w->len;
	s->had_last = w->last;
	s->final_last = w->last;
	if (s->stop_after > 0 && s->windows == (uint64_t)s->stop_after)
		return s->stop_rc;
	return 0;
}

/* The lines the windows held must be the reference lines, in order. */
static void
assert_lines(const struct seen *s, const struct lines *ref)
{
	assert_int_equal(s->lines.n, ref->n);
	for (size_t i = 0; i < ref->n; i++) {
		assert_int_equal(s->lines.len[i], ref->len[i]);
		assert_memory_equal(s->lines.v[i], ref->v[i], ref->len[i]);
	}
}

/* Fork a writer that feeds data into a pipe in uneven pieces; returns the
 * read end and the writer's pid. */
static int
pipe_writer(const char *data, size_t len, unsigned seed, pid_t *pid)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		size_t off = 0;

		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		while (off < len) {
			size_t n = 1 + (size_t)rand_r(&seed) % (3 * page);
			ssize_t k;

			if (n > len - off)
				n = len - off;
			k = write(fds[1], data + off, n);
			if (k <= 0)
				_exit(k < 0 && errno == EPIPE ? 0 : 1);
			off += (size_t)k;
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

static void
reap(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) || WIFSIGNALED(status));
}

/*
 * Scan [start, end) of data with windows of wsize bytes, mapped from a file
 * and streamed through a pipe, and check both against getline.
 */
static void
check_range(const char *name, const char *data, size_t len, size_t wsize,
            uint64_t start, uint64_t end)
{
	char path[4200], err[LS_ERRSZ];
	uint64_t stop = expected_stop(data, len, start, end);
	struct lines ref = {0};
	window_file *wf;
	struct seen s;
	pid_t pid;
	int fd;

	tmp_path(path, sizeof(path), name);
	write_file(path, data, len);
	reference_lines(path, start, stop, &ref);

	/* Mapped (a file of size 0 is read as a stream: it may be /proc). */
	assert_int_equal(window_open(&wf, path, wsize, err), 0);
	assert_int_equal(window_is_stream(wf), len == 0);
	assert_true(window_file_size(wf) == (len ? len : UINT64_MAX));
	seen_init(&s, data, len, wsize);
	s.next = start;
	assert_int_equal(window_scan(wf, start, end, collect, &s, err), 0);
	if (s.bad[0])
		fail_msg("%s mapped, wsize %zu, [%llu,%llu): %s", name, wsize,
		         (unsigned long long)start, (unsigned long long)end,
		         s.bad);
	assert_true(s.next == (stop > start ? stop : start));
	assert_true(window_get_stats(wf)->windows == s.windows);
	if (s.windows > 0)
		assert_true(s.final_last);
	if (len == 0 || stop == start) {
		assert_true(s.windows == 0);
		assert_true(window_get_stats(wf)->bytes_mapped == 0);
	}
	assert_lines(&s, &ref);
	lines_free(&s.lines);
	window_close(wf);

	/* Read into the read reader's buffer (a window-sized one), and with
	 * --io=auto's probe in turns of a window: the readers take turns, and
	 * the lines still come whole and in order. */
	for (int io = 0; io < 2; io++) {
		assert_int_equal(window_open(&wf, path, wsize, err), 0);
		if (io == 0)
			window_set_io(wf, WINDOW_IO_READ);
		else
			window_set_io_probe(wf, WINDOW_IO_AUTO, 0, wsize);
		seen_init(&s, data, len, wsize);
		s.next = start;
		assert_int_equal(
		    window_scan(wf, start, end, collect, &s, err), 0);
		if (s.bad[0])
			fail_msg("%s %s, wsize %zu, [%llu,%llu): %s", name,
			         io == 0 ? "read" : "auto", wsize,
			         (unsigned long long)start,
			         (unsigned long long)end, s.bad);
		assert_true(s.next == (stop > start ? stop : start));
		if (s.windows > 0)
			assert_true(s.final_last);
		if (io == 0)
			assert_true(window_get_stats(wf)->bytes_mapped == 0);
		assert_lines(&s, &ref);
		lines_free(&s.lines);
		window_close(wf);
	}

	/* Streamed through a pipe. */
	fd = pipe_writer(data, len, (unsigned)len, &pid);
	assert_int_equal(window_open_fd(&wf, fd, wsize, err), 0);
	assert_true(window_is_stream(wf));
	assert_true(window_file_size(wf) == UINT64_MAX);
	seen_init(&s, data, len, wsize);
	s.next = start;
	assert_int_equal(window_scan(wf, start, end, collect, &s, err), 0);
	if (s.bad[0])
		fail_msg("%s stream, wsize %zu, [%llu,%llu): %s", name, wsize,
		         (unsigned long long)start, (unsigned long long)end,
		         s.bad);
	assert_true(s.next == (stop > start ? stop : start));
	assert_true(window_get_stats(wf)->windows == s.windows);
	/* A range that ends before the input does marks its last window. */
	if (stop < len && s.windows > 0)
		assert_true(s.final_last);
	assert_lines(&s, &ref);
	lines_free(&s.lines);
	window_close(wf);
	reap(pid);

	lines_free(&ref);
	unlink(path);
}

/* The whole file with windows of one to four pages. */
static void
check_all(const char *name, const char *data, size_t len)
{
	for (size_t k = 1; k <= 4; k++)
		check_range(name, data, len, k * page, 0, UINT64_MAX);
}

/* A growable byte string for building test files. */
struct buf {
	char *p;
	size_t len;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	b->p = realloc(b->p, b->len + n + 1);
	assert_non_null(b->p);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* A line of n bytes including its '\n' (n >= 1), filled with c. */
static void
put_line(struct buf *b, size_t n, char c)
{
	char *s = malloc(n);

	assert_non_null(s);
	memset(s, c, n);
	s[n - 1] = '\n';
	put(b, s, n);
	free(s);
}

/* ---- cases ---- */

/* What a scan with NUL as the line end saw. */
struct nulseen {
	const char *data;
	size_t len, wsize;
	uint64_t next;
	int bad;
};

static int
collect_nul(void *ctx, const struct window *w)
{
	struct nulseen *s = ctx;
	const char *z = memchr(w->data, '\0', w->len);
	size_t first = z ? (size_t)(z - w->data) + 1 : w->len;

	/* Contiguous, the file's bytes, cut after a NUL (or at the end),
	 * and bigger than a window only for a first record that needs it. */
	if (w->offset != s->next || w->len == 0 ||
	    w->offset + w->len > s->len ||
	    memcmp(w->data, s->data + w->offset, w->len) != 0 ||
	    (w->data[w->len - 1] != '\0' && w->offset + w->len != s->len) ||
	    (w->len > s->wsize && first <= s->wsize))
		s->bad = 1;
	s->next = w->offset + w->len;
	return 0;
}

/*
 * window_set_eol(wf, '\0'): windows hold whole NUL-terminated records,
 * which may hold newlines and be longer than a window, with every reader;
 * the newlines are no line ends any more.
 */
static void
test_nul_records(void **state)
{
	struct buf b = {0};
	char path[4200], err[LS_ERRSZ];

	(void)state;
	for (size_t i = 0; i < 40; i++) {
		size_t n = i % 9 == 4 ? 3 * page + i : 10 + i * 37 % 300;

		put_line(&b, n, (char)('a' + i % 26));
		b.p[b.len - 1 - n / 2] = '\n';
		b.p[b.len - 1] = '\0';
	}
	put(&b, "tail\nwithout a NUL", 19);
	tmp_path(path, sizeof(path), "nulrecs");
	write_file(path, b.p, b.len);
	for (int io = 0; io < 4; io++) {
		struct nulseen s = {b.p, b.len, page, 0, 0};
		window_file *wf;
		pid_t pid = 0;

		if (io < 3) {
			assert_int_equal(window_open(&wf, path, page, err), 0);
			window_set_io(wf, io == 0   ? WINDOW_IO_MMAP
			                  : io == 1 ? WINDOW_IO_READ
			                            : WINDOW_IO_AUTO);
		} else {
			int fd = pipe_writer(b.p, b.len, 5, &pid);

			assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
		}
		window_set_eol(wf, '\0');
		assert_int_equal(
		    window_scan(wf, 0, UINT64_MAX, collect_nul, &s, err), 0);
		if (s.bad)
			fail_msg("reader %d: a window is not whole records", io);
		assert_true(s.next == b.len);
		window_close(wf);
		if (pid)
			reap(pid);
	}
	unlink(path);
	free(b.p);
}

static void
test_granularity(void **state)
{
	(void)state;
	assert_true(map_granularity() >= 4096);
	assert_int_equal(map_granularity() & (map_granularity() - 1), 0);
}

/* Lines of one length after another, so that line ends fall on every
 * phase of the page boundaries. */
static void
test_straddle(void **state)
{
	size_t lens[] = {
	    1,        2,        3,    7,        100,     page / 2, page / 2 + 1,
	    page - 2, page - 1, page, page + 1, page + 2};

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct buf b = {0};

		while (b.len < 5 * page + 17)
			put_line(&b, lens[i], 'a' + (char)(b.len % 26));
		check_all("straddle", b.p, b.len);
		free(b.p);
	}
}

/* A line ends exactly one byte before, at and after each boundary. */
static void
test_line_ends_at_boundary(void **state)
{
	(void)state;
	for (int d = -2; d <= 2; d++) {
		struct buf b = {0};

		for (size_t k = 1; k <= 4; k++) {
			size_t want = k * page + (size_t)(ptrdiff_t)d;

			put_line(&b, want - b.len - 10, 'x');
			put_line(&b, 10, 'y');
		}
		check_all("boundary", b.p, b.len);
		free(b.p);
	}
}

static void
test_line_exactly_window(void **state)
{
	(void)state;
	for (size_t lead = 0; lead <= 20; lead += 10) {
		struct buf b = {0};

		if (lead)
			put_line(&b, lead, 'h');
		put_line(&b, page, 'w'); /* page bytes with its '\n' */
		put_line(&b, page + 1, 'v');
		put_line(&b, page - 1, 'u');
		put_line(&b, page, 'w');
		check_range("exact", b.p, b.len, page, 0, UINT64_MAX);
		free(b.p);
	}
}

static void
test_line_several_windows(void **state)
{
	struct buf b = {0};

	(void)state;
	put_line(&b, 30, 'a');
	put_line(&b, 5 * page + 13, 'L');
	put_line(&b, 40, 'b');
	put_line(&b, 9 * page, 'M');
	put_line(&b, 1, 'c');
	check_all("long", b.p, b.len);
	/* And as the last line, without a '\n', 9 pages long. */
	{
		char *t = malloc(9 * page);

		assert_non_null(t);
		memset(t, 'T', 9 * page);
		put(&b, t, 9 * page);
		free(t);
	}
	check_all("longtail", b.p, b.len);
	free(b.p);
}

static void
test_page_multiple(void **state)
{
	struct buf b = {0};

	(void)state;
	while (b.len < 4 * page - 64)
		put_line(&b, 64, 'p');
	put_line(&b, 4 * page - b.len, 'q');
	assert_int_equal(b.len, 4 * page);
	check_all("pagemult", b.p, b.len);
	/* The same size with no final '\n'. */
	b.p[b.len - 1] = 'z';
	check_all("pagemult-nonl", b.p, b.len);
	free(b.p);
}

static void
test_no_trailing_newline(void **state)
{
	const char *s = "one\ntwo\nthree";

	(void)state;
	check_all("nonl", s, strlen(s));
	check_all("nonl1", "no newline at all", 17);
}

static void
test_crlf(void **state)
{
	struct buf b = {0};

	(void)state;
	/* Lines end in "\r\n", and one '\r' falls on the last byte of each
	 * page with its '\n' on the next. */
	while (b.len < 3 * page) {
		size_t r = page - b.len % page;
		size_t n = r - 1 > 200 ? 198 : r - 1;

		for (size_t i = 0; i < n; i++)
			put(&b, "c", 1);
		put(&b, "\r\n", 2);
	}
	for (size_t k = 1; k < 3; k++) {
		assert_int_equal(b.p[k * page - 1], '\r');
		assert_int_equal(b.p[k * page], '\n');
	}
	check_all("crlf", b.p, b.len);
	free(b.p);
}

static void
test_empty_file(void **state)
{
	char path[4200], err[LS_ERRSZ];
	window_file *wf;
	struct seen s;

	(void)state;
	check_all("empty", "", 0);
	tmp_path(path, sizeof(path), "empty");
	write_file(path, "", 0);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	seen_init(&s, "", 0, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_true(s.windows == 0);
	assert_true(window_get_stats(wf)->bytes_read == 0);
	window_close(wf);
	unlink(path);
}

static void
test_one_byte(void **state)
{
	(void)state;
	check_all("onebyte", "x", 1);
	check_all("onenl", "\n", 1);
	check_all("twonl", "\n\n", 2);
}

static void
test_ranges(void **state)
{
	struct buf b = {0};
	uint64_t starts[8] = {0}, ends[] = {0, 1, 5, 0, 0, 0, 0, UINT64_MAX};
	size_t ns = 0;

	(void)state;
	for (int i = 0; i < 40; i++)
		put_line(&b, 1 + (size_t)i * 97 % (2 * page), 'r');
	put(&b, "end", 3);
	/* Line starts: the first, a few in the middle, the last. */
	starts[ns++] = 0;
	for (size_t off = 0, line = 0; off < b.len; line++) {
		const char *nl = memchr(b.p + off, '\n', b.len - off);

		if (!nl)
			break;
		off = (size_t)(nl - b.p) + 1;
		if (line == 3 || line == 11 || line == 25 || line == 39)
			starts[ns++] = off;
	}
	ends[3] = b.len / 2;     /* inside some line */
	ends[4] = starts[2] - 1; /* on a '\n' */
	ends[5] = starts[3];     /* just after a '\n' */
	ends[6] = b.len - 1;     /* inside the unterminated last line */
	for (size_t i = 0; i < ns; i++) {
		for (size_t j = 0; j < sizeof(ends) / sizeof(ends[0]); j++) {
			check_range("range", b.p, b.len, page, starts[i],
			            ends[j]);
			check_range("range", b.p, b.len, 3 * page, starts[i],
			            ends[j]);
		}
		/* A range of one byte delivers that line. */
		check_range("range", b.p, b.len, page, starts[i],
		            starts[i] + 1);
	}
	/* Start at or past the end. */
	check_range("range", b.p, b.len, page, b.len, UINT64_MAX);
	check_range("range", b.p, b.len, page, b.len + 10, UINT64_MAX);
	free(b.p);
}

/* Consecutive ranges on one handle cover the file exactly once. */
static void
test_consecutive_ranges(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct buf b = {0};
	window_file *wf;
	struct seen s;
	uint64_t cut;
	pid_t pid = 0;

	(void)state;
	for (int i = 0; i < 60; i++)
		put_line(&b, 1 + (size_t)i * 131 % (2 * page), 'k');
	tmp_path(path, sizeof(path), "consec");
	write_file(path, b.p, b.len);
	cut = expected_stop(b.p, b.len, 0, b.len / 3);
	assert_true(cut > 0 && cut < b.len);
	/* 0 mapped, 1 a stream, 2 and 3 read with pread: the buffer holds
	 * lines past the first range's end, which the second range must
	 * cut at its own line ends. */
	for (int stream = 0; stream <= 3; stream++) {
		if (stream == 1) {
			int fd = pipe_writer(b.p, b.len, 7, &pid);

			assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
		} else {
			assert_int_equal(window_open(&wf, path,
			                             stream == 3 ? 4 * page
			                                         : page,
			                             err),
			                 0);
			if (stream >= 2)
				window_set_io(wf, WINDOW_IO_READ);
		}
		seen_init(&s, b.p, b.len, stream == 3 ? 4 * page : page);
		assert_int_equal(
		    window_scan(wf, 0, b.len / 3, collect, &s, err), 0);
		assert_true(s.next == cut);
		assert_true(s.final_last);
		s.had_last = 0;
		if (stream >= 2) {
			/* A middle range, then the rest. */
			uint64_t cut2 =
			    expected_stop(b.p, b.len, cut, cut + page / 2);

			s.had_last = 0;
			assert_int_equal(window_scan(wf, cut, cut + page / 2,
			                             collect, &s, err),
			                 0);
			assert_string_equal(s.bad, "");
			assert_true(s.next == cut2);
			assert_true(s.final_last);
			s.had_last = 0;
			cut = cut2;
		}
		assert_int_equal(
		    window_scan(wf, cut, UINT64_MAX, collect, &s, err), 0);
		assert_string_equal(s.bad, "");
		assert_true(s.next == b.len);
		if (stream == 1) {
			/* A stream cannot go back. */
			assert_int_equal(
			    window_scan(wf, 0, UINT64_MAX, collect, &s, err),
			    -1);
			assert_string_equal(err, strerror(ESPIPE));
		}
		lines_free(&s.lines);
		window_close(wf);
		if (stream == 1)
			reap(pid);
		cut = expected_stop(b.p, b.len, 0, b.len / 3);
	}
	unlink(path);
	free(b.p);
}

/* A descriptor moved past offset 0 is read as a stream from where it
 * stands (as grep reads a partly consumed stdin); at 0 it is mapped. */
static void
test_fd_offset(void **state)
{
	char path[4200], err[LS_ERRSZ];
	const char *text = "xyz\nline two\nline three\n";
	window_file *wf;
	struct seen s;
	int fd;

	(void)state;
	tmp_path(path, sizeof(path), "fdoff");
	write_file(path, text, strlen(text));
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
	assert_false(window_is_stream(wf));
	assert_int_equal(window_fd(wf), fd);
	window_close(wf);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 4, SEEK_SET), 4);
	assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
	assert_true(window_is_stream(wf));
	seen_init(&s, text + 4, strlen(text) - 4, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_int_equal(s.lines.n, 2);
	assert_true(s.next == strlen(text) - 4);
	lines_free(&s.lines);
	window_close(wf);
	unlink(path);
}

/* fn's positive value stops the scan; -1 leaves err alone. */
static void
test_early_stop(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct buf b = {0};
	window_file *wf;
	struct seen s;

	(void)state;
	for (int i = 0; i < 100; i++)
		put_line(&b, 150, 's');
	tmp_path(path, sizeof(path), "stop");
	write_file(path, b.p, b.len);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	seen_init(&s, b.p, b.len, page);
	s.stop_after = 2;
	s.stop_rc = 7;
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 7);
	assert_true(s.windows == 2);
	lines_free(&s.lines);
	strcpy(err, "untouched");
	seen_init(&s, b.p, b.len, page);
	s.stop_after = 1;
	s.stop_rc = -1;
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), -1);
	assert_string_equal(err, "untouched");
	lines_free(&s.lines);
	window_close(wf);
	unlink(path);
	free(b.p);
}

/* Window sizes: 0 means the default, anything under a page is a page. */
static void
test_window_size_floor(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct buf b = {0};
	window_file *wf;
	struct seen s;

	(void)state;
	for (int i = 0; i < 200; i++)
		put_line(&b, 100, 'f');
	tmp_path(path, sizeof(path), "floor");
	write_file(path, b.p, b.len);
	assert_int_equal(window_open(&wf, path, 1, err), 0);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_true(s.windows >= b.len / page);
	lines_free(&s.lines);
	window_close(wf);
	assert_int_equal(window_open(&wf, path, 0, err), 0);
	/* Mapped: a small file would be read (see test_small_read). */
	window_set_io(wf, WINDOW_IO_MMAP);
	seen_init(&s, b.p, b.len, WINDOW_DEFAULT_SIZE);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_true(s.windows == 1);
	assert_true(window_get_stats(wf)->bytes_mapped == b.len);
	lines_free(&s.lines);
	window_close(wf);
	unlink(path);
	free(b.p);
}

static void
test_stats(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct buf b = {0};
	window_file *wf;
	struct seen s;
	pid_t pid;
	int fd;

	(void)state;
	for (int i = 0; i < 300; i++)
		put_line(&b, 33, 't');
	tmp_path(path, sizeof(path), "stats");
	write_file(path, b.p, b.len);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	window_set_io(wf, WINDOW_IO_MMAP);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_true(window_get_stats(wf)->windows == s.windows);
	/* With no long line, each mapping holds a window and the part of a
	 * page before it that rounding down adds; together they cover the
	 * file. */
	assert_true(window_get_stats(wf)->bytes_mapped >= b.len);
	assert_true(window_get_stats(wf)->bytes_mapped <=
	            s.windows * (2 * page - 1));
	assert_true(window_get_stats(wf)->bytes_read == 0);
	lines_free(&s.lines);
	window_close(wf);

	fd = pipe_writer(b.p, b.len, 3, &pid);
	assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_true(window_get_stats(wf)->bytes_read == b.len);
	assert_true(window_get_stats(wf)->bytes_mapped == 0);
	assert_true(window_get_stats(wf)->windows == s.windows);
	lines_free(&s.lines);
	window_close(wf);
	reap(pid);

	/* One line of 64 pages: its mapping grows by doubling, so all the
	 * mappings together stay within a small multiple of the line. */
	b.len = 0;
	put_line(&b, 64 * page, 'g');
	write_file(path, b.p, b.len);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_true(s.windows == 1);
	assert_true(window_get_stats(wf)->bytes_mapped < 4 * b.len);
	lines_free(&s.lines);
	window_close(wf);
	unlink(path);
	free(b.p);
}

/* Random line lengths (0 to beyond a page), random windows, random
 * ranges; a fixed seed so that a failure can be replayed. */
static void
test_random(void **state)
{
	unsigned seed = 20260301;

	(void)state;
	for (int round = 0; round < 150; round++) {
		struct buf b = {0};
		size_t nlines = (size_t)rand_r(&seed) % 60;
		size_t wsize = page * (1 + (size_t)rand_r(&seed) % 4);
		uint64_t start = 0, end = UINT64_MAX;
		size_t nstarts = 0, *starts;

		starts = malloc((nlines + 1) * sizeof(*starts));
		assert_non_null(starts);
		for (size_t i = 0; i < nlines; i++) {
			unsigned r = (unsigned)rand_r(&seed);
			size_t n;

			if (r % 10 == 0)
				n = 1; /* empty line */
			else if (r % 10 == 1)
				n = page + (size_t)rand_r(&seed) % (5 * page);
			else
				n = 1 + (size_t)rand_r(&seed) % 300;
			starts[nstarts++] = b.len;
			put_line(&b, n, 'a' + (char)(i % 26));
			if (n >= 2 && rand_r(&seed) % 7 == 0)
				b.p[b.len - 2] = '\r';
		}
		if (rand_r(&seed) % 3 == 0)
			put(&b, "unterminated", 1 + (size_t)rand_r(&seed) % 12);
		if (nstarts > 0 && rand_r(&seed) % 2 == 0) {
			start = starts[(size_t)rand_r(&seed) % nstarts];
			end = start + (uint64_t)rand_r(&seed) % (b.len + 1);
		}
		check_range("random", b.p ? b.p : "", b.len, wsize, start, end);
		free(starts);
		free(b.p);
	}
}

/* A FIFO opened by name, and "-" as standard input. */
static void
test_fifo_and_stdin(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct buf b = {0};
	struct lines ref = {0};
	window_file *wf;
	struct seen s;
	pid_t pid;
	int fd, saved;

	(void)state;
	for (int i = 0; i < 50; i++)
		put_line(&b, 1 + (size_t)i * 211 % (3 * page), 'f');
	tmp_path(path, sizeof(path), "fifo-ref");
	write_file(path, b.p, b.len);
	reference_lines(path, 0, UINT64_MAX, &ref);
	unlink(path);

	tmp_path(path, sizeof(path), "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, b.p, b.len) != (ssize_t)b.len)
			_exit(1);
		_exit(0);
	}
	assert_int_equal(window_open(&wf, path, page, err), 0);
	assert_true(window_is_stream(wf));
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_lines(&s, &ref);
	lines_free(&s.lines);
	window_close(wf);
	reap(pid);
	unlink(path);

	fd = pipe_writer(b.p, b.len, 11, &pid);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(window_open(&wf, "-", page, err), 0);
	assert_true(window_is_stream(wf));
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_lines(&s, &ref);
	lines_free(&s.lines);
	window_close(wf);
	/* Closing the handle left standard input open. */
	assert_int_not_equal(fcntl(STDIN_FILENO, F_GETFD), -1);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	reap(pid);
	lines_free(&ref);
	free(b.p);
}

/* A regular file whose size reads as 0 but has content. */
static void
test_proc_file(void **state)
{
	char err[LS_ERRSZ], want[8192];
	window_file *wf;
	struct seen s;
	ssize_t n;
	int fd;

	(void)state;
	/* /proc/version does not change between two reads. */
	fd = open("/proc/version", O_RDONLY);
	if (fd < 0)
		skip();
	n = read(fd, want, sizeof(want));
	close(fd);
	assert_true(n > 0);
	assert_int_equal(window_open(&wf, "/proc/version", page, err), 0);
	assert_true(window_is_stream(wf));
	seen_init(&s, want, (size_t)n, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_true(s.next == (uint64_t)n);
	lines_free(&s.lines);
	window_close(wf);
}

/* A sysfs file reports a size of a page but cannot be mapped. */
static void
test_sysfs_file(void **state)
{
	static const char *const paths[] = {
	    "/sys/devices/system/cpu/online",
	    "/sys/kernel/mm/transparent_hugepage/enabled"};
	char err[LS_ERRSZ], want[8192];
	const char *path = NULL;
	struct stat st;
	window_file *wf;
	struct seen s;
	ssize_t n = 0;
	int fd;

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		fd = open(paths[i], O_RDONLY);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (n = read(fd, want, sizeof(want))) > 0 &&
		    (uint64_t)n < (uint64_t)st.st_size)
			path = paths[i];
		close(fd);
		if (path)
			break;
	}
	if (path == NULL)
		skip();
	assert_int_equal(window_open(&wf, path, page, err), 0);
	assert_true(window_is_stream(wf));
	seen_init(&s, want, (size_t)n, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_true(s.next == (uint64_t)n);
	lines_free(&s.lines);
	window_close(wf);
}

static void
test_open_errors(void **state)
{
	char path[4200], err[LS_ERRSZ];
	window_file *wf = (window_file *)&wf;

	(void)state;
	assert_int_equal(window_open(&wf, tmpdir, page, err), -1);
	assert_null(wf);
	assert_string_equal(err, "Is a directory");
	tmp_path(path, sizeof(path), "does-not-exist");
	assert_int_equal(window_open(&wf, path, page, err), -1);
	assert_string_equal(err, "No such file or directory");
	window_close(NULL);
}

/* ---- window_open_at(): a regular file known by its directory entry ---- */

struct concat {
	char *buf;
	size_t len, cap;
};

static int
concat_fn(void *ctx, const struct window *w)
{
	struct concat *c = ctx;

	if (w->offset != c->len || c->len + w->len > c->cap)
		return -1;
	memcpy(c->buf + c->len, w->data, w->len);
	c->len += w->len;
	return 0;
}

static void
test_open_at(void **state)
{
	const size_t sizes[] = {1, 100, WINDOW_OPEN_PROBE - 1, WINDOW_OPEN_PROBE,
	                        WINDOW_OPEN_PROBE + 1, WINDOW_SMALL_BUF,
	                        WINDOW_SMALL_BUF + 1, 3 * WINDOW_SMALL_BUF + 7};
	char path[4200], err[LS_ERRSZ];
	window_file *wf;
	int dfd = open(tmpdir, O_RDONLY | O_DIRECTORY);

	(void)state;
	assert_true(dfd >= 0);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		char *data = xmalloc(n);
		struct concat c = {xmalloc(n), 0, n};

		for (size_t k = 0; k < n; k++)
			data[k] = k % 61 == 60 ? '\n' : (char)('a' + k % 23);
		tmp_path(path, sizeof(path), "at.log");
		write_file(path, data, n);
		assert_int_equal(window_open_at(&wf, dfd, "at.log", 0, 0, err),
		                 0);
		assert_int_equal(window_file_size(wf), n);
		assert_false(window_is_stream(wf));
		assert_int_equal(window_scan(wf, 0, UINT64_MAX, concat_fn, &c,
		                             err),
		                 0);
		assert_int_equal(c.len, n);
		assert_memory_equal(c.buf, data, n);
		window_close(wf);
		free(c.buf);
		free(data);
	}
	/* Empty: no window at all. */
	tmp_path(path, sizeof(path), "at.log");
	write_file(path, "", 0);
	assert_int_equal(window_open_at(&wf, dfd, "at.log", 0, 0, err), 0);
	{
		struct concat c = {NULL, 0, 0};

		assert_int_equal(window_scan(wf, 0, UINT64_MAX, concat_fn, &c,
		                             err),
		                 0);
		assert_int_equal(c.len, 0);
	}
	window_close(wf);
	/* No longer a regular file: a link (unless followed), a directory,
	 * a FIFO (not waited on). */
	tmp_path(path, sizeof(path), "at.link");
	assert_int_equal(symlink("at.log", path), 0);
	wf = (window_file *)&wf;
	assert_int_equal(window_open_at(&wf, dfd, "at.link", 0, 0, err),
	                 WINDOW_NOT_REGULAR);
	assert_null(wf);
	assert_int_equal(window_open_at(&wf, dfd, "at.link", 1, 0, err), 0);
	window_close(wf);
	tmp_path(path, sizeof(path), "at.dir");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(window_open_at(&wf, dfd, "at.dir", 0, 0, err),
	                 WINDOW_NOT_REGULAR);
	tmp_path(path, sizeof(path), "at.fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(window_open_at(&wf, dfd, "at.fifo", 0, 0, err),
	                 WINDOW_NOT_REGULAR);
	assert_int_equal(window_open_at(&wf, dfd, "at.none", 0, 0, err), -1);
	assert_string_equal(err, "No such file or directory");
	unlinkat(dfd, "at.fifo", 0);
	unlinkat(dfd, "at.dir", AT_REMOVEDIR);
	unlinkat(dfd, "at.link", 0);
	unlinkat(dfd, "at.log", 0);
	close(dfd);
}

/* ---- truncation under the mapping ---- */

struct shrink {
	const char *path;
	int touch; /* read the window's last byte after truncating */
	uint64_t windows;
	volatile char sink;
};

static int
shrink_fn(void *ctx, const struct window *w)
{
	struct shrink *sh = ctx;

	if (++sh->windows == 1) {
		if (truncate(sh->path, 0) != 0)
			return -1;
		/* The pages of this very window are gone now. */
		if (sh->touch)
			sh->sink = w->data[w->len - 1];
	}
	return 0;
}

static void
test_sigbus(void **state)
{
	char path[4200], err[LS_ERRSZ];
	struct sigaction before, after;
	struct buf b = {0};
	window_file *wf;
	struct seen s;

	(void)state;
	for (int i = 0; i < 200; i++)
		put_line(&b, 80, 'b');
	tmp_path(path, sizeof(path), "shrink");
	assert_int_equal(sigaction(SIGBUS, NULL, &before), 0);
	for (int touch = 0; touch <= 1; touch++) {
		struct shrink sh = {path, touch, 0, 0};

		write_file(path, b.p, b.len);
		assert_int_equal(window_open(&wf, path, page, err), 0);
		assert_int_equal(
		    window_scan(wf, 0, UINT64_MAX, shrink_fn, &sh, err), -1);
		assert_string_equal(err, "file shrank while being read");
		assert_true(sh.windows == 1);
		window_close(wf);
		assert_int_equal(sigaction(SIGBUS, NULL, &after), 0);
		assert_ptr_equal(after.sa_handler, before.sa_handler);
	}
	/* The read reader sees the short read and says the same. */
	{
		struct shrink sh = {path, 1, 0, 0};

		write_file(path, b.p, b.len);
		assert_int_equal(window_open(&wf, path, page, err), 0);
		window_set_io(wf, WINDOW_IO_READ);
		assert_int_equal(
		    window_scan(wf, 0, UINT64_MAX, shrink_fn, &sh, err), -1);
		assert_string_equal(err, "file shrank while being read");
		assert_true(sh.windows == 1);
		window_close(wf);
	}
	/* A later scan of another file works. */
	check_range("after-sigbus", b.p, b.len, page, 0, UINT64_MAX);
	write_file(path, b.p, b.len);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	lines_free(&s.lines);
	window_close(wf);
	unlink(path);
	free(b.p);
}

/* ---- offsets past 2 GiB and 4 GiB, on a sparse file ---- */

/* Windows of a file too big to hold in memory: kept as offsets and text. */
struct far {
	uint64_t off[8];
	size_t len[8];
	int last[8];
	size_t n;
};

static int
far_fn(void *ctx, const struct window *w)
{
	struct far *f = ctx;

	if (f->n == 8 || w->len > 64)
		return -1;
	f->off[f->n] = w->offset;
	f->len[f->n] = w->len;
	f->last[f->n] = w->last;
	f->n++;
	return 0;
}

static void
test_large_offsets(void **state)
{
	static const uint64_t at[] = {(uint64_t)1 << 31, (uint64_t)1 << 32,
	                              (uint64_t)5 << 32};
	static const char text[] = "\nfirst line\nsecond line\nlast";
	char path[4200], err[LS_ERRSZ];
	size_t tlen = sizeof(text) - 1;
	window_file *wf;
	struct far f;
	int fd;

	(void)state;
	tmp_path(path, sizeof(path), "sparse");
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		/* "first line" straddles the boundary at[i], so its window
		 * must grow across it. */
		uint64_t off = at[i] - 6, first = off + 1;

		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		if (pwrite(fd, text, tlen, (off_t)off) != (ssize_t)tlen) {
			close(fd);
			unlink(path);
			skip(); /* no sparse file this big here */
		}
		close(fd);
		assert_int_equal(window_open(&wf, path, page, err), 0);
		assert_true(window_file_size(wf) == off + tlen);

		memset(&f, 0, sizeof(f));
		assert_int_equal(
		    window_scan(wf, first, UINT64_MAX, far_fn, &f, err), 0);
		assert_int_equal(f.n, 1);
		assert_true(f.off[0] == first);
		assert_int_equal(f.len[0], tlen - 1);
		assert_true(f.last[0]);

		/* A range ending inside "second line" ends after it. */
		memset(&f, 0, sizeof(f));
		assert_int_equal(
		    window_scan(wf, first, first + 14, far_fn, &f, err), 0);
		assert_int_equal(f.n, 1);
		assert_true(f.off[0] == first);
		assert_int_equal(f.len[0], strlen("first line\nsecond line\n"));
		assert_true(f.last[0]);

		/* From the second line's start, nothing before is read. */
		memset(&f, 0, sizeof(f));
		assert_int_equal(
		    window_scan(wf, first + 11, UINT64_MAX, far_fn, &f, err),
		    0);
		assert_int_equal(f.n, 1);
		assert_true(f.off[0] == first + 11);
		assert_int_equal(f.len[0], strlen("second line\nlast"));
		window_close(wf);
	}
	unlink(path);
}

static int
group_setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	page = map_granularity();
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_window.XXXXXX",
	         t && *t ? t : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* window_lines_back() and window_lines_forward() from every line start,
 * every k, against a count done here; lines longer than the read buffer
 * too. */
static void
test_lines_around(void **state)
{
	char path[4200], err[LS_ERRSZ];
	size_t len = 0, nstarts = 0, i;
	uint64_t starts[64], out, got, k;
	char *text = malloc(100000);
	window_file *wf;

	(void)state;
	for (i = 0; i < 12; i++) {
		/* Lines of 0, 1, ..., and one of 40000 bytes. */
		size_t n = i == 6 ? 40000 : i;

		starts[nstarts++] = len;
		memset(text + len, 'a' + (int)i, n);
		len += n;
		text[len++] = '\n';
	}
	memcpy(text + len, "tail", 4); /* no final newline */
	starts[nstarts++] = len;
	len += 4;
	tmp_path(path, sizeof(path), "around");
	write_file(path, text, len);
	assert_int_equal(window_open(&wf, path, page, err), 0);
	for (i = 0; i < nstarts; i++) {
		for (k = 0; k < 16; k++) {
			assert_int_equal(window_lines_back(wf, starts[i], k, &out,
			                                   &got, err),
			                 0);
			assert_int_equal(got, k <= i ? k : i);
			assert_int_equal(out, starts[k <= i ? i - k : 0]);
			assert_int_equal(
			    window_lines_forward(wf, starts[i], k, &out, err), 0);
			assert_int_equal(out, i + k < nstarts ? starts[i + k]
			                                      : (uint64_t)len);
		}
	}
	/* From the end of the file. */
	assert_int_equal(window_lines_back(wf, len, 1, &out, &got, err), 0);
	assert_int_equal(out, starts[nstarts - 1]);
	assert_int_equal(window_lines_forward(wf, len, 3, &out, err), 0);
	assert_int_equal(out, len);
	window_close(wf);
	unlink(path);
	free(text);
}

static int
group_teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

/* window_peek() on a pipe: the first bytes (at least a whole line) are
 * there before the scan, and the scan still delivers every byte from 0;
 * a tap sees each window, in order, before the scan's function. */
struct tapped {
	uint64_t next;
	uint64_t windows;
	int bad;
};

static int
tap_cb(void *ctx, const struct window *w)
{
	struct tapped *t = ctx;

	t->bad |= w->offset != t->next;
	t->next = w->offset + w->len;
	t->windows++;
	return 0;
}

static void
test_peek_and_tap(void **state)
{
	struct buf {
		char *p;
		size_t len;
	} b = {NULL, 0};
	struct tapped t = {0, 0, 0};
	struct seen s;
	window_file *wf;
	const char *head;
	size_t hlen;
	char err[LS_ERRSZ];
	pid_t pid;
	int fd;

	(void)state;
	b.p = xmalloc(40 * page);
	for (size_t i = 0; b.len + 64 < 40 * page; i++)
		b.len += (size_t)snprintf(b.p + b.len, 64, "line %zu of the pipe\n",
		                          i);
	fd = pipe_writer(b.p, b.len, 9, &pid);
	assert_int_equal(window_open_fd(&wf, fd, page, err), 0);
	assert_int_equal(window_peek(wf, 2 * page, &head, &hlen, err), 0);
	assert_true(hlen > 0 && hlen <= 2 * page);
	assert_memory_equal(head, b.p, hlen);
	assert_non_null(memchr(head, '\n', hlen));
	window_set_tap(wf, tap_cb, &t);
	seen_init(&s, b.p, b.len, page);
	assert_int_equal(window_scan(wf, 0, UINT64_MAX, collect, &s, err), 0);
	assert_string_equal(s.bad, "");
	assert_true(s.next == b.len || s.had_last);
	assert_true(t.windows == s.windows && t.next == b.len && !t.bad);
	/* Once read past its start, a stream cannot be peeked at. */
	assert_int_equal(window_peek(wf, page, &head, &hlen, err), -1);
	lines_free(&s.lines);
	window_close(wf);
	reap(pid);
	free(b.p);
}

static int
count_cb(void *ctx, const struct window *w)
{
	(void)w;
	(*(unsigned *)ctx)++;
	return 0;
}

/* Read [from, to) of fd, so that the page cache holds it. */
static void
read_range(int fd, uint64_t from, uint64_t to)
{
	char buf[65536];

	while (from < to) {
		size_t want = to - from < sizeof(buf) ? (size_t)(to - from)
		                                      : sizeof(buf);
		ssize_t n = pread(fd, buf, want, (off_t)from);

		assert_true(n > 0);
		from += (uint64_t)n;
	}
}

/*
 * window_cache_probe(): a file just read is in the cache, the same file
 * fsynced and dropped with posix_fadvise(DONTNEED) is not, and one with
 * only its first half read back is cached in that half only.  DONTNEED
 * drops clean pages of a disk file that no one maps; tmpfs keeps them (its
 * pages are the file), so there only the cached half is asserted.
 */
static void
test_cache_probe(void **state)
{
	char path[4200], err[LS_ERRSZ];
	const uint64_t pages = 1024;
	uint64_t size = pages * page;
	char *text = xmalloc(size);
	unsigned in, n;
	struct statfs sf;
	int fd, drops;
	window_file *wf;

	(void)state;
	for (uint64_t i = 0; i < size; i++)
		text[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	tmp_path(path, sizeof(path), "probe.log");
	write_file(path, text, size);
	free(text);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(statfs(path, &sf), 0);
	drops = sf.f_type != 0x01021994; /* TMPFS_MAGIC */
	assert_int_equal(window_open(&wf, path, 4 * page, err), 0);

	/* Just read: every sample page is in. */
	read_range(fd, 0, size);
	n = window_cache_probe(wf, 0, size, &in);
	assert_int_equal(n, WINDOW_CACHE_SAMPLES);
	assert_int_equal(in, n);

	/* Written out and dropped: none is. */
	assert_int_equal(fsync(fd), 0);
	assert_int_equal(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
	n = window_cache_probe(wf, 0, size, &in);
	assert_int_equal(n, WINDOW_CACHE_SAMPLES);
	if (drops)
		assert_int_equal(in, 0);

	/* The first half read back (and what readahead took of the second
	 * dropped again): the samples of that half are in. */
	read_range(fd, 0, size / 2);
	assert_int_equal(posix_fadvise(fd, (off_t)(size / 2),
	                               (off_t)(size / 2), POSIX_FADV_DONTNEED),
	                 0);
	n = window_cache_probe(wf, 0, size / 2, &in);
	assert_int_equal(n, WINDOW_CACHE_SAMPLES);
	assert_int_equal(in, n);
	n = window_cache_probe(wf, 0, size, &in);
	assert_int_equal(n, WINDOW_CACHE_SAMPLES);
	if (drops) {
		assert_int_equal(in, WINDOW_CACHE_SAMPLES / 2);
		n = window_cache_probe(wf, size / 2 + 1, size, &in);
		assert_int_equal(n, WINDOW_CACHE_SAMPLES);
		assert_int_equal(in, 0);
	}

	/* Fewer pages than samples: each page once.  Nothing to ask about:
	 * 0. */
	n = window_cache_probe(wf, page, 4 * page - 1, &in);
	assert_int_equal(n, 3);
	assert_int_equal(in, 3);
	assert_int_equal(window_cache_probe(wf, 5, 5, &in), 0);
	assert_int_equal(window_cache_probe(wf, size, size + page, &in), 0);
	window_close(wf);

	/* window_prefer_read(): AUTO's choice becomes read(2); a reader
	 * named stands. */
	assert_int_equal(window_open(&wf, path, 4 * page, err), 0);
	window_set_io_probe(wf, WINDOW_IO_AUTO, page, page);
	window_prefer_read(wf, "auto: file not in page cache");
	assert_int_equal(window_get_stats(wf)->io, WINDOW_IO_READ);
	assert_string_equal(window_get_stats(wf)->io_why,
	                    "auto: file not in page cache");
	assert_int_equal(window_scan(wf, 0, size, count_cb, &n, err), 0);
	assert_int_equal(window_get_stats(wf)->bytes_mapped, 0);
	assert_true(window_get_stats(wf)->bytes_read >= size);
	window_close(wf);
	assert_int_equal(window_open(&wf, path, 4 * page, err), 0);
	window_set_io(wf, WINDOW_IO_MMAP);
	window_prefer_read(wf, "auto: file not in page cache");
	assert_int_equal(window_get_stats(wf)->io, WINDOW_IO_MMAP);
	assert_string_equal(window_get_stats(wf)->io_why, "--io=mmap");
	window_close(wf);

	/* --io=auto on a file dropped from the cache: read(2) at once, no
	 * timing (both readers would wait on the disk); once read back,
	 * auto measures again. */
	assert_int_equal(fsync(fd), 0);
	assert_int_equal(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
	assert_int_equal(window_open(&wf, path, 4 * page, err), 0);
	window_set_io_probe(wf, WINDOW_IO_AUTO, page, page);
	if (drops) {
		assert_int_equal(window_get_stats(wf)->io, WINDOW_IO_READ);
		assert_string_equal(window_get_stats(wf)->io_why,
		                    "auto: not in the page cache (0 of 32 "
		                    "sample pages)");
	}
	assert_int_equal(window_scan(wf, 0, size, count_cb, &n, err), 0);
	if (drops)
		assert_int_equal(window_get_stats(wf)->bytes_mapped, 0);
	window_close(wf);
	read_range(fd, 0, size);
	assert_int_equal(window_open(&wf, path, 4 * page, err), 0);
	window_set_io_probe(wf, WINDOW_IO_AUTO, page, page);
	assert_string_equal(window_get_stats(wf)->io_why, "auto: measuring");
	window_close(wf);
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_granularity),
	    cmocka_unit_test(test_peek_and_tap),
	    cmocka_unit_test(test_straddle),
	    cmocka_unit_test(test_line_ends_at_boundary),
	    cmocka_unit_test(test_line_exactly_window),
	    cmocka_unit_test(test_line_several_windows),
	    cmocka_unit_test(test_page_multiple),
	    cmocka_unit_test(test_no_trailing_newline),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_empty_file),
	    cmocka_unit_test(test_one_byte),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_consecutive_ranges),
	    cmocka_unit_test(test_fd_offset),
	    cmocka_unit_test(test_early_stop),
	    cmocka_unit_test(test_window_size_floor),
	    cmocka_unit_test(test_stats),
	    cmocka_unit_test(test_random),
	    cmocka_unit_test(test_fifo_and_stdin),
	    cmocka_unit_test(test_proc_file),
	    cmocka_unit_test(test_sysfs_file),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_open_at),
	    cmocka_unit_test(test_sigbus),
	    cmocka_unit_test(test_large_offsets),
	    cmocka_unit_test(test_nul_records),
	    cmocka_unit_test(test_lines_around),
	    cmocka_unit_test(test_cache_probe),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
