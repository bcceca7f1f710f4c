/*
 * test_plan.c - time queries: the index's time spans and time fields, and
 * plans checked line by line against a brute-force answer on generated
 * logs (sorted, unsorted, with stack traces and a preamble), with and
 * without an index, with line ranges, small windows, streams, and an index
 * built on the way.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "index.h"
#include "plan.h"
#include "timectx.h"
#include "util.h"
#include "fixture.h"
#include "window.h"

#define NONE INDEX_TIME_NONE
#define SEC INT64_C(1000000000)
/* 2026-03-01T00:00:00Z */
#define DAY0 (INT64_C(1772323200) * SEC)

static uint64_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* ---- generated logs ------------------------------------------------- */

/* A log and, for each line, its entry time as the brute force sees it. */
struct synth {
	char *text;
	size_t len, nlines, cap;
	uint64_t *off;  /* start of each line */
	int64_t *entry; /* entry time of each line, or NONE */
};

enum { SORTED, UNSORTED, ALTERNATING };

static void
add_line(struct synth *s, const char *line, int64_t entry)
{
	size_t l = strlen(line);

	if ((s->nlines & 255) == 0) {
		s->off =
		    xreallocarray(s->off, s->nlines + 256, sizeof(*s->off));
		s->entry =
		    xreallocarray(s->entry, s->nlines + 256, sizeof(*s->entry));
	}
	if (s->len + l + 1 > s->cap) {
		s->cap = 2 * (s->len + l + 1) + 4096;
		s->text = xrealloc(s->text, s->cap);
	}
	s->off[s->nlines] = s->len;
	s->entry[s->nlines++] = entry;
	memcpy(s->text + s->len, line, l);
	s->len += l;
}

/*
 * nlines lines: `preamble` lines without a time first, then entries of
 * one timestamped line ("2026-03-01T10:00:00.250Z ...", or without the Z
 * when zoneless) and now and then a stack trace.  Times rise, jump about
 * (UNSORTED) or swap between two far-apart clocks every line
 * (ALTERNATING).  With partial, the last line has no newline.
 */
static void
synth(struct synth *s, uint64_t seed, size_t nlines, int order, int preamble,
      int zoneless, int partial)
{
	int64_t t = DAY0 + 10 * 3600 * SEC, cur = NONE;
	char line[256];

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < preamble && s->nlines < nlines; i++)
		add_line(s, "Starting up, no time here\n", NONE);
	while (s->nlines < nlines) {
		uint64_t r = rnd(&seed);
		int64_t tt, sec, ms;

		if (cur != NONE && r % 5 == 0) {
			int depth = 1 + (int)(rnd(&seed) % 9);

			for (int d = 0; d < depth && s->nlines < nlines; d++) {
				snprintf(line, sizeof(line),
				         "    at com.example.Frame%d.call"
				         "(Frame.java:%d)\n",
				         d, (int)(r % 100));
				add_line(s, line, cur);
			}
			continue;
		}
		t += (int64_t)(rnd(&seed) % 4000) * 1000000;
		tt = t;
		if (order == UNSORTED && r % 3 == 0)
			tt = t - (int64_t)(rnd(&seed) % 600) * SEC;
		if (order == ALTERNATING && s->nlines % 2)
			tt = t + 5 * 3600 * SEC;
		sec = (tt - DAY0) / SEC;
		ms = (tt - DAY0) % SEC / 1000000;
		snprintf(line, sizeof(line),
		         "2026-03-01T%02d:%02d:%02d.%03d%s INFO  [w-%d] "
		         "request %" PRIu64 " done\n",
		         (int)(sec / 3600), (int)(sec / 60 % 60),
		         (int)(sec % 60), (int)ms, zoneless ? "" : "Z",
		         (int)(r % 16), r);
		add_line(s, line, tt - tt % 1000000);
		cur = tt - tt % 1000000;
	}
	if (partial && s->len > 0 && s->text[s->len - 1] == '\n')
		s->len--;
}

static void
synth_free(struct synth *s)
{
	free(s->text);
	free(s->off);
	free(s->entry);
}

/* The brute-force answer: runs of consecutive selected lines. */
static size_t
brute(const struct synth *s, int64_t since, int64_t until, uint64_t from,
      uint64_t to, struct region **out)
{
	struct region *r = xreallocarray(NULL, s->nlines + 1, sizeof(*r));
	size_t n = 0;
	int open = 0;

	for (size_t i = 0; i < s->nlines; i++) {
		uint64_t line = i + 1;
		uint64_t end = i + 1 < s->nlines ? s->off[i + 1] : s->len;
		int sel = s->entry[i] != NONE && s->entry[i] >= since &&
		          s->entry[i] < until && line >= from && line <= to;

		if (sel && open) {
			r[n - 1].end = end;
		} else if (sel) {
			r[n++] = (struct region){s->off[i], end, line};
		}
		open = sel;
	}
	*out = r;
	return n;
}

/* ---- running plans -------------------------------------------------- */

struct query {
	const struct plan_params *o;
	const timectx *tc;
	int64_t since, until;
	uint64_t auto_min;
	size_t window;
};

/* Plan and run q on path; returns plan_regions()'s value.  *ps gets a
 * copy of the stats (index_path dropped). */
static int
run_plan(const char *path, const struct query *q, struct region **regs,
         size_t *n, struct plan_stats *ps, char *err)
{
	struct plan_time tm;
	window_file *wf;
	plan *p;
	int r;

	memset(&tm, 0, sizeof(tm));
	tm.tc = q->tc;
	tm.since = q->since;
	tm.until = q->until;
	tm.auto_index_min = q->auto_min ? q->auto_min : PLAN_AUTO_INDEX_MIN;
	*regs = NULL;
	*n = 0;
	if (window_open(&wf, path, q->window, err) < 0)
		return -1;
	if (plan_open(&p, q->o, &tm, path, wf, err) < 0) {
		window_close(wf);
		return -1;
	}
	r = plan_regions(p, regs, n, err);
	if (ps != NULL) {
		*ps = *plan_get_stats(p);
		ps->index_path = NULL;
	}
	plan_close(p);
	window_close(wf);
	return r;
}

static void
expect_regions(const struct region *want, size_t nwant,
               const struct region *got, size_t ngot, const char *what)
{
	if (nwant != ngot)
		fail_msg("%s: %zu runs, wanted %zu", what, ngot, nwant);
	for (size_t i = 0; i < nwant; i++)
		if (want[i].start != got[i].start ||
		    want[i].end != got[i].end ||
		    want[i].first_line != got[i].first_line)
			fail_msg("%s: run %zu is [%" PRIu64 ", %" PRIu64
			         ") line %" PRIu64 ", wanted [%" PRIu64
			         ", %" PRIu64 ") line %" PRIu64,
			         what, i, got[i].start, got[i].end,
			         got[i].first_line, want[i].start, want[i].end,
			         want[i].first_line);
}

/* Build the index of path with times, as `logscan index` does. */
static void
build_force(const char *path, const struct plan_params *o, const timectx *tc,
            int force, enum index_plan *plan_out)
{
	char err[LS_ERRSZ];
	struct index_timing t;
	index_build *b;
	timefmt *tf;

	if (index_build_begin(&b, path, &o->index, force, err) < 0)
		fail_msg("index_build_begin: %s", err);
	assert_true(timectx_file(tc, index_build_file(b), &tf, err) >= 0);
	t.tf = tf;
	t.zone = timectx_zone(tc);
	index_build_set_times(b, &t);
	if (plan_out)
		*plan_out = index_build_plan(b);
	if (index_build_run(b, NULL, NULL, err) < 0)
		fail_msg("index_build_run: %s", err);
	index_build_end(b);
	timefmt_close(tf);
}

static void
build(const char *path, const struct plan_params *o, const timectx *tc,
      enum index_plan *plan_out)
{
	build_force(path, o, tc, 0, plan_out);
}

static timectx *
open_ctx(int utc, const char *zone)
{
	struct timectx_params tp;
	char err[LS_ERRSZ];
	timectx *tc;

	if (zone)
		setenv("TZ", zone, 1);
	memset(&tp, 0, sizeof(tp));
	tp.utc = utc;
	if (timectx_open(&tc, &tp, err) < 0)
		fail_msg("timectx_open: %s", err);
	return tc;
}

/* Read the index of path and return it (fresh) in d. */
static void
load_index(const char *path, struct index_data *d)
{
	char err[LS_ERRSZ], *ip = xmalloc(strlen(path) + 8);

	sprintf(ip, "%s.lsidx", path);
	if (index_load(d, ip, NULL, err) != INDEX_LOAD_OK)
		fail_msg("index_load: %s", err);
	free(ip);
}

/* ---- the index's times ---------------------------------------------- */

static void
test_group_spans(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "spans.log");
	timectx *tc = open_ctx(1, NULL);
	struct plan_params o;

	for (int order = SORTED; order <= UNSORTED; order++) {
		for (int partial = 0; partial < 2; partial++) {
			struct synth s;
			struct index_data d;
			int64_t carry = NONE;

			synth(&s, 7 + (uint64_t)order, 400, order, 4, 0,
			      partial);
			fixture_write(log, s.text, s.len, "wb");
			memset(&o, 0, sizeof(o));
			o.index.group_lines = 4;
			o.index.group_bytes = 700;
			build(log, &o, tc, NULL);
			load_index(log, &d);
			assert_string_equal(d.time_format, "iso8601");
			assert_true(d.time_ref == 0);
			/* Every stamp has a Z: the zone does not matter. */
			assert_true(d.time_zone == 0);
			for (uint64_t g = 0; g < d.ngroups; g++) {
				uint64_t a = d.groups[g].first_line - 1;
				uint64_t b =
				    g + 1 < d.ngroups
				        ? d.groups[g + 1].first_line - 1
				        : s.nlines - (partial ? 1 : 0);
				int64_t lo = NONE, hi = NONE;

				for (uint64_t i = a; i < b; i++) {
					if (s.entry[i] == NONE)
						continue;
					if (lo == NONE || s.entry[i] < lo)
						lo = s.entry[i];
					if (hi == NONE || s.entry[i] > hi)
						hi = s.entry[i];
				}
				if (d.groups[g].time_min != lo ||
				    d.groups[g].time_max != hi)
					fail_msg("group %" PRIu64 " span", g);
			}
			/* The preamble's group has no time. */
			assert_true(d.groups[0].time_min == NONE);
			for (size_t i = 0; i < s.nlines - (partial ? 1 : 0);
			     i++)
				if (s.entry[i] != NONE)
					carry = s.entry[i];
			/* The last line, partial, is left to the tail. */
			assert_true(d.time_carry == carry);
			index_data_free(&d);
			synth_free(&s);
		}
	}
	timectx_close(tc);
	free(log);
}

/* Read a whole file into a new buffer. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	text = xmalloc((size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return text;
}

/* The span of entry times of lines [a, b) of text, read with tf, into
 * *lo and *hi (NONE when no line has one). */
static void
span_of(const timefmt *tf, const char *text, size_t n, uint64_t a, uint64_t b,
        int64_t *lo, int64_t *hi)
{
	int64_t c = NONE;
	uint64_t ln = 1;

	*lo = *hi = NONE;
	for (const char *p = text, *end = text + n; p < end && ln < b;) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		int64_t t;

		if (q == NULL)
			break; /* a partial last line is not indexed */
		if (timefmt_line_time(tf, p, (size_t)(q - p), &t))
			c = t;
		if (ln >= a && c != NONE) {
			if (*lo == NONE || c < *lo)
				*lo = c;
			if (*hi == NONE || c > *hi)
				*hi = c;
		}
		p = q + 1;
		ln++;
	}
}

/*
 * The sample logs of every format: the spans the index records equal
 * those computed line by line with timefmt_line_time(), whichever way the
 * index reads the lines (at a fixed column or searching), in a zone with
 * an odd offset so that zone-less stamps tell.
 */
static void
test_sample_spans(void **state)
{
	struct fixture *f = *state;
	const char *src = getenv("top_srcdir");
	char dir[4096], err[LS_ERRSZ];
	struct plan_params o;
	struct timectx_params tp;
	struct dirent *e;
	timectx *tc;
	int files = 0, searched = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/testdata/time", src ? src : ".");
	d = opendir(dir);
	if (d == NULL)
		skip();
	memset(&o, 0, sizeof(o));
	memset(&tp, 0, sizeof(tp));
	tp.year = 2026;
	o.index.group_lines = 2;
	setenv("TZ", "Asia/Kolkata", 1);
	assert_int_equal(timectx_open(&tc, &tp, err), 0);
	while ((e = readdir(d)) != NULL) {
		char in[8192], *log, *text;
		size_t len = strlen(e->d_name), col, n;
		struct index_data x;
		window_file *wf;
		timefmt *tf;

		if (len < 5 || strcmp(e->d_name + len - 4, ".log") != 0)
			continue;
		snprintf(in, sizeof(in), "%s/%s", dir, e->d_name);
		text = slurp(in, &n);
		log = fixture_path(f, e->d_name);
		fixture_write(log, text, n, "wb");
		build(log, &o, tc, NULL);
		load_index(log, &x);
		assert_int_equal(window_open(&wf, log, 0, err), 0);
		assert_int_equal(timectx_file(tc, wf, &tf, err), TIMECTX_FOUND);
		assert_string_equal(x.time_format, timefmt_chosen(tf)->name);
		searched += !timefmt_fixed_column(tf, &col);
		for (uint64_t i = 0; i < x.ngroups; i++) {
			uint64_t a = x.groups[i].first_line;
			uint64_t b = i + 1 < x.ngroups
			                 ? x.groups[i + 1].first_line
			                 : x.total_lines + 1;
			int64_t lo, hi;

			span_of(tf, text, n, a, b, &lo, &hi);
			if (x.groups[i].time_min != lo ||
			    x.groups[i].time_max != hi)
				fail_msg("%s group %" PRIu64 " span", e->d_name,
				         i);
		}
		timefmt_close(tf);
		window_close(wf);
		index_data_free(&x);
		free(text);
		free(log);
		files++;
	}
	closedir(d);
	timectx_close(tc);
	setenv("TZ", "UTC", 1);
	assert_true(files >= 10);
	print_message("%d sample logs, %d read by searching\n", files,
	              searched);
}

/* The index at path, from the other directory of test_resume. */
static void
load_other(const char *log, const char *dir, struct index_data *d)
{
	char err[LS_ERRSZ], *name = index_cache_name(log, err), *p;

	assert_non_null(name);
	p = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(p, "%s/%s", dir, name);
	if (index_load(d, p, NULL, err) != INDEX_LOAD_OK)
		fail_msg("index_load: %s", err);
	free(p);
	free(name);
}

static void
expect_same_index(const struct index_data *a, const struct index_data *b)
{
	unsigned char *ba, *bb;
	size_t la, lb;

	index_encode(a, &ba, &la);
	index_encode(b, &bb, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(ba, bb, la);
	free(ba);
	free(bb);
}

/*
 * An index resumed over an appended tail is byte for byte a full build,
 * whether the log was cut between lines or inside one (then the partial
 * line is indexed again when it is complete).
 */
static void
test_resume(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "grow.log"), *other = fixture_path(f, "other");
	/* Zone-less stamps: the zone's fingerprint must carry over too. */
	timectx *tc = open_ctx(0, "EST5EDT");
	struct synth s;
	struct plan_params o, o2;
	enum index_plan pl;
	size_t prev = 0;

	synth(&s, 11, 900, UNSORTED, 2, 1, 0);
	assert_int_equal(mkdir(other, 0700), 0);
	memset(&o, 0, sizeof(o));
	o.index.group_lines = 5;
	o.index.group_bytes = 1 << 20;
	o2 = o;
	o2.index.dir = other;
	for (size_t k = 1; k <= 7; k++) {
		size_t cut = k == 7 ? s.len : s.len / 7 * k + 13 * k;
		struct index_data a, b;

		fixture_write(log, s.text + prev, cut - prev, prev ? "ab" : "wb");
		prev = cut;
		build(log, &o, tc, &pl);
		assert_int_equal(pl,
		                 k == 1 ? INDEX_PLAN_FULL : INDEX_PLAN_TAIL);
		build_force(log, &o2, tc, 1, NULL);
		load_index(log, &a);
		load_other(log, other, &b);
		assert_true(a.time_zone != 0);
		expect_same_index(&a, &b);
		index_data_free(&a);
		index_data_free(&b);
	}
	synth_free(&s);
	timectx_close(tc);
	setenv("TZ", "UTC", 1);
	free(log);
	free(other);
}

static void
test_times_match(void **state)
{
	struct fixture *f = *state;
	char *zl = fixture_path(f, "zoneless.log"), *zz = fixture_path(f, "z.log");
	char err[LS_ERRSZ], why[LS_ERRSZ];
	timectx *utc = open_ctx(1, NULL), *est = open_ctx(0, "EST5EDT");
	timectx *ny = open_ctx(0, "America/New_York");
	struct synth a, b;
	struct plan_params o;
	struct index_data d;
	struct index_timing t;
	window_file *wf;
	timefmt *tf;

	synth(&a, 3, 200, SORTED, 0, 1, 0);
	synth(&b, 3, 200, SORTED, 0, 0, 0);
	fixture_write(zl, a.text, a.len, "wb");
	fixture_write(zz, b.text, b.len, "wb");
	memset(&o, 0, sizeof(o));

	/* Zone-less times indexed in UTC do not answer for EST5EDT... */
	build(zl, &o, utc, NULL);
	load_index(zl, &d);
	assert_true(d.time_zone != 0);
	assert_int_equal(window_open(&wf, zl, 0, err), 0);
	assert_int_equal(timectx_file(est, wf, &tf, err), TIMECTX_FOUND);
	t.tf = tf;
	t.zone = timectx_zone(est);
	assert_int_equal(index_times_match(&d, &t, why), 0);
	assert_string_equal(why, "indexed in another time zone");
	/* ... and a zone that reads the same as EST5EDT in 2026 matches one
	 * built in EST5EDT. */
	timefmt_close(tf);
	window_close(wf);
	index_data_free(&d);
	build(zl, &o, est, NULL);
	load_index(zl, &d);
	assert_int_equal(window_open(&wf, zl, 0, err), 0);
	assert_int_equal(timectx_file(ny, wf, &tf, err), TIMECTX_FOUND);
	t.tf = tf;
	t.zone = timectx_zone(ny);
	assert_int_equal(index_times_match(&d, &t, why), 1);
	timefmt_close(tf);
	window_close(wf);
	index_data_free(&d);

	/* Stamps with a zone: any zone reads them the same. */
	build(zz, &o, utc, NULL);
	load_index(zz, &d);
	assert_true(d.time_zone == 0);
	assert_int_equal(window_open(&wf, zz, 0, err), 0);
	assert_int_equal(timectx_file(est, wf, &tf, err), TIMECTX_FOUND);
	t.tf = tf;
	t.zone = timectx_zone(est);
	assert_int_equal(index_times_match(&d, &t, why), 1);
	/* Another format does not match, nor does no format. */
	strcpy(d.time_format, "rfc5424");
	assert_int_equal(index_times_match(&d, &t, why), 0);
	assert_string_equal(why, "times indexed as rfc5424, not iso8601");
	t.tf = NULL;
	assert_int_equal(index_times_match(&d, &t, why), 0);
	d.time_format[0] = '\0';
	assert_int_equal(index_times_match(&d, &t, why), 1);
	timefmt_close(tf);
	window_close(wf);
	index_data_free(&d);

	synth_free(&a);
	synth_free(&b);
	timectx_close(utc);
	timectx_close(est);
	timectx_close(ny);
	setenv("TZ", "UTC", 1);
	free(zl);
	free(zz);
}

/* Year-less syslog: the reference is recorded and must match. */
static void
test_yearless_reference(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "sys.log");
	const char text[] = "Dec 31 23:59:58 h a: one\n"
	                    "Dec 31 23:59:59 h a: two\n"
	                    "Jan  1 00:00:01 h a: three\n";
	struct plan_params o;
	struct timectx_params tp, tp27;
	char err[LS_ERRSZ], why[LS_ERRSZ];
	struct index_data d;
	struct index_timing t;
	timectx *tc, *tc27;
	window_file *wf;
	timefmt *tf;
	struct stat st;
	struct timespec ts[2];

	fixture_write(log, text, sizeof(text) - 1, "wb");
	/* mtime 2026-01-01T00:00:05Z */
	ts[0].tv_sec = ts[1].tv_sec = 1767225605;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, log, ts, 0), 0);
	memset(&o, 0, sizeof(o));
	memset(&tp, 0, sizeof(tp));
	tp.utc = 1;
	tp27 = tp;
	tp27.year = 2027;
	assert_int_equal(timectx_open(&tc, &tp, err), 0);
	assert_int_equal(timectx_open(&tc27, &tp27, err), 0);
	build(log, &o, tc, NULL);
	load_index(log, &d);
	assert_string_equal(d.time_format, "rfc3164");
	/* 2026-01-01T00:00:00Z */
	assert_true(d.time_ref == INT64_C(1767225600) * SEC);
	assert_true(d.groups[0].time_min == INT64_C(1767225598) * SEC);
	assert_true(d.groups[0].time_max == INT64_C(1767225601) * SEC);
	assert_int_equal(stat(log, &st), 0);
	/* --year 2027 reads the same lines a year later: no match. */
	assert_int_equal(window_open(&wf, log, 0, err), 0);
	assert_int_equal(timectx_file(tc27, wf, &tf, err), TIMECTX_FOUND);
	t.tf = tf;
	t.zone = timectx_zone(tc27);
	assert_int_equal(index_times_match(&d, &t, why), 0);
	timefmt_close(tf);
	window_close(wf);
	index_data_free(&d);
	timectx_close(tc);
	timectx_close(tc27);
	free(log);
}

/* An index written by an older logscan is stale, not corrupt. */
static void
test_old_version(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "old.log"), *ip = fixture_path(f, "old.log.lsidx");
	struct index_data d;
	struct index_lookup lk;
	unsigned char *b;
	size_t len;
	char err[LS_ERRSZ];
	window_file *wf;
	uint64_t h;

	fixture_write(log, "a\nb\n", 4, "wb");
	memset(&d, 0, sizeof(d));
	d.group_lines = d.group_bytes = 10;
	d.time_carry = NONE;
	index_encode(&d, &b, &len);
	b[8] = 1; /* version 1 */
	h = index_hash(b, len - 8);
	for (int i = 0; i < 8; i++)
		b[len - 8 + i] = (unsigned char)(h >> (8 * i));
	fixture_write(ip, (const char *)b, len, "wb");
	assert_int_equal(index_load(&d, ip, NULL, err), INDEX_LOAD_OLD);
	/* A version 1 index of an empty log was 160 bytes: still old. */
	fixture_write(ip, (const char *)b, 160, "wb");
	assert_int_equal(index_load(&d, ip, NULL, err), INDEX_LOAD_OLD);
	fixture_write(ip, (const char *)b, len, "wb");
	assert_int_equal(index_load(&d, ip, NULL, err), INDEX_LOAD_OLD);
	assert_string_equal(err,
	                    "written by an older logscan (index version 1)");
	assert_int_equal(window_open(&wf, log, 0, err), 0);
	assert_int_equal(index_lookup(&lk, log, NULL, wf, err), 0);
	assert_int_equal(lk.state, INDEX_STATE_STALE);
	assert_string_equal(lk.reason,
	                    "written by an older logscan (index version 1)");
	index_lookup_free(&lk);
	window_close(wf);
	free(b);
	free(log);
	free(ip);
}

/* ---- plans against the brute force ------------------------------------ */

static void
check_plans(const char *log, const struct synth *s, const timectx *tc,
            uint64_t seed, int rounds, const char *what)
{
	struct plan_params never, idx;

	memset(&never, 0, sizeof(never));
	never.index.mode = INDEX_NEVER;
	memset(&idx, 0, sizeof(idx));
	for (int round = 0; round < rounds; round++) {
		struct region *want, *got;
		size_t nwant, ngot;
		struct query q;
		char err[LS_ERRSZ], label[128];
		uint64_t from = 1, to = UINT64_MAX;
		size_t i = rnd(&seed) % s->nlines, j = rnd(&seed) % s->nlines;
		int64_t a = s->entry[i], b = s->entry[j];

		/* Bounds on entry times, just off them, or open. */
		if (a == NONE || rnd(&seed) % 7 == 0)
			a = INT64_MIN;
		if (b == NONE || rnd(&seed) % 7 == 0)
			b = INT64_MAX;
		if (rnd(&seed) % 3 == 0)
			a += a == INT64_MIN ? 0 : 1;
		if (rnd(&seed) % 3 == 0)
			b += b == INT64_MAX ? 0 : 1;
		if (rnd(&seed) % 4 == 0) {
			from = 1 + rnd(&seed) % s->nlines;
			to = from + rnd(&seed) % 60;
		}
		nwant = brute(s, a, b, from, to, &want);
		memset(&q, 0, sizeof(q));
		q.tc = tc;
		q.since = a;
		q.until = b;
		q.window = rnd(&seed) % 2 ? 4096 : 0;
		never.have_lines = idx.have_lines =
		    from != 1 || to != UINT64_MAX;
		never.line_from = idx.line_from = from;
		never.line_to = idx.line_to = to;
		for (int m = 0; m < 2; m++) {
			q.o = m ? &idx : &never;
			if (run_plan(log, &q, &got, &ngot, NULL, err) < 0)
				fail_msg("%s: plan: %s", what, err);
			snprintf(
			    label, sizeof(label),
			    "%s round %d (%s, lines %" PRIu64 ":%" PRIu64 ")",
			    what, round, m ? "index" : "no index", from, to);
			expect_regions(want, nwant, got, ngot, label);
			free(got);
		}
		free(want);
	}
}

static void
test_plans_random(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "r.log");
	timectx *tc = open_ctx(1, NULL);
	static const struct {
		int order, preamble, partial;
		uint64_t gl, gb;
	} cases[] = {
	    {SORTED, 0, 0, 7, 1 << 20},      {SORTED, 5, 1, 3, 1 << 20},
	    {UNSORTED, 2, 0, 4, 600},        {UNSORTED, 0, 1, 1, 1 << 20},
	    {ALTERNATING, 1, 0, 2, 1 << 20}, {SORTED, 3, 1, 50, 2048},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct synth s, view;
		struct plan_params o;
		char what[64];
		size_t k;

		synth(&s, 100 + c, 1800, cases[c].order, cases[c].preamble, 0,
		      0);
		/* First only a prefix, cut after a line or 30 bytes into a
		 * timestamped one (past its timestamp), is indexed. */
		for (k = s.nlines * 5 / 6;
		     s.entry[k] == NONE ||
		     (k > 0 && s.entry[k] == s.entry[k - 1]);
		     k++)
			;
		view = s;
		view.nlines = cases[c].partial ? k + 1 : k;
		view.len = cases[c].partial ? s.off[k] + 30 : s.off[k];
		fixture_write(log, s.text, view.len, "wb");
		memset(&o, 0, sizeof(o));
		o.index.group_lines = cases[c].gl;
		o.index.group_bytes = cases[c].gb;
		build(log, &o, tc, NULL);
		snprintf(what, sizeof(what), "case %zu", c);
		check_plans(log, &view, tc, 1000 + c, 50, what);
		/* The log grows past its index: the tail is scanned. */
		fixture_write(log, s.text + view.len, s.len - view.len, "ab");
		snprintf(what, sizeof(what), "case %zu appended", c);
		check_plans(log, &s, tc, 2000 + c, 50, what);
		synth_free(&s);
	}
	timectx_close(tc);
	free(log);
}

/* A log at least auto_index_min bytes gets an index before the answer;
 * one that has grown gets its tail indexed; a place where no index can be
 * written leaves the file scanned, with the same answer. */
static void
test_auto_index(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "auto.log"), *ro = fixture_path(f, "ro");
	timectx *tc = open_ctx(1, NULL);
	struct region *want, *got;
	size_t nwant, ngot, half;
	struct plan_stats ps;
	struct plan_params o;
	struct query q;
	struct synth s;
	char err[LS_ERRSZ];

	synth(&s, 5, 3000, UNSORTED, 2, 0, 0);
	half = s.off[1500];
	fixture_write(log, s.text, half, "wb");
	memset(&o, 0, sizeof(o));
	memset(&q, 0, sizeof(q));
	q.o = &o;
	q.tc = tc;
	q.since = s.entry[700];
	q.until = s.entry[700] + 90 * SEC;
	q.auto_min = 1;

	/* Below the threshold nothing is built. */
	q.auto_min = (uint64_t)half + 1;
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_int_equal(ps.state, INDEX_STATE_MISSING);
	assert_int_equal(ps.built, INDEX_PLAN_UPTODATE);
	assert_int_equal(ps.used, 0);
	free(got);

	q.auto_min = 1;
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_int_equal(ps.built, INDEX_PLAN_FULL);
	assert_int_equal(ps.state, INDEX_STATE_FRESH);
	assert_int_equal(ps.used, 1);
	assert_true(ps.groups_total > 0);
	free(got);

	/* Now it is there: used, not rebuilt. */
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_int_equal(ps.built, INDEX_PLAN_UPTODATE);
	assert_int_equal(ps.used, 1);
	free(got);

	/* Grown: the tail is indexed first. */
	fixture_write(log, s.text + half, s.len - half, "ab");
	q.since = s.entry[2500];
	q.until = s.entry[2500] + 60 * SEC;
	nwant = brute(&s, q.since, q.until, 1, UINT64_MAX, &want);
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_int_equal(ps.built, INDEX_PLAN_TAIL);
	assert_int_equal(ps.state, INDEX_STATE_FRESH);
	assert_true(ps.tail_bytes == 0);
	expect_regions(want, nwant, got, ngot, "after a tail build");
	free(got);

	/* Read in another zone, the index's times still serve this log:
	 * every stamp has a Z. */
	{
		timectx *est = open_ctx(0, "EST5EDT");

		q.tc = est;
		assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
		assert_int_equal(ps.built, INDEX_PLAN_UPTODATE);
		assert_int_equal(ps.used, 1);
		expect_regions(want, nwant, got, ngot, "another zone");
		free(got);
		q.tc = tc;
		timectx_close(est);
		setenv("TZ", "UTC", 1);
	}

	/* An index directory that cannot be created: scanned instead. */
	fixture_write(ro, "x", 1, "wb");
	o.index.dir = ro; /* a file, not a directory */
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_int_equal(ps.built, INDEX_PLAN_UPTODATE);
	assert_int_equal(ps.used, 0);
	assert_non_null(strstr(ps.reason, "cannot build"));
	expect_regions(want, nwant, got, ngot, "no index possible");
	free(got);
	free(want);

	synth_free(&s);
	timectx_close(tc);
	free(log);
	free(ro);
}

/* Every other line out of the range: one run per selected line, counted
 * in the stats, and still exact. */
static void
test_alternating_runs(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "alt.log");
	timectx *tc = open_ctx(1, NULL);
	struct region *want, *got;
	size_t nwant, ngot;
	struct plan_stats ps;
	struct plan_params o;
	struct query q;
	struct synth s;
	char err[LS_ERRSZ];

	synth(&s, 9, 4000, ALTERNATING, 0, 0, 0);
	fixture_write(log, s.text, s.len, "wb");
	memset(&o, 0, sizeof(o));
	o.index.group_lines = 64;
	build(log, &o, tc, NULL);
	memset(&q, 0, sizeof(q));
	q.o = &o;
	q.tc = tc;
	q.window = 4096;
	/* The early clock only: before the late one starts. */
	q.since = INT64_MIN;
	q.until = DAY0 + 15 * 3600 * SEC;
	nwant = brute(&s, q.since, q.until, 1, UINT64_MAX, &want);
	if (nwant < 500)
		fail_msg("only %zu runs", nwant);
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	expect_regions(want, nwant, got, ngot, "alternating");
	assert_true(ps.runs == nwant);
	assert_true(ps.used == 1);
	free(got);
	free(want);
	synth_free(&s);
	timectx_close(tc);
	free(log);
}

/*
 * Issue 24 item 2, an indexed tail drops continuation lines: the last
 * group holds only the unterminated last line (its times are "none"), so
 * the tail region must take the entry it continues from the index's carry,
 * before and after an append.
 */
static void
test_tail_continuation(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "tail.log");
	timectx *tc = open_ctx(1, NULL);
	static const char text[] = "2026-03-01T10:00:00Z a\n  cont1\n  cont2";
	struct region *got;
	size_t ngot;
	struct plan_stats ps;
	struct plan_params o;
	struct query q;
	char err[LS_ERRSZ];

	fixture_write(log, text, sizeof(text) - 1, "wb");
	memset(&o, 0, sizeof(o));
	o.index.group_lines = 2;
	build(log, &o, tc, NULL);
	memset(&q, 0, sizeof(q));
	q.o = &o;
	q.tc = tc;
	q.since = DAY0 + 10 * 3600 * SEC;
	q.until = INT64_MAX;
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_true(ps.used == 1);
	assert_int_equal(ngot, 1);
	assert_int_equal(got[0].start, 0);
	assert_int_equal(got[0].end, sizeof(text) - 1);
	free(got);
	/* Line 3 alone. */
	o.have_lines = 1;
	o.line_from = 3;
	o.line_to = 3;
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_true(ps.used == 1);
	assert_int_equal(ngot, 1);
	assert_int_equal(got[0].start, 31);
	assert_int_equal(got[0].first_line, 3);
	free(got);
	/* Appended to: the index is used for what it covers. */
	fixture_write(log, "\n  cont3\n", 9, "ab");
	o.have_lines = 0;
	assert_int_equal(run_plan(log, &q, &got, &ngot, &ps, err), 0);
	assert_true(ps.used == 1);
	assert_int_equal(ngot, 1);
	assert_int_equal(got[0].start, 0);
	assert_int_equal(got[0].end, sizeof(text) - 1 + 9);
	free(got);
	timectx_close(tc);
	free(log);
}

static void
test_no_timestamps(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "plain.log"), *empty = fixture_path(f, "empty.log");
	timectx *tc = open_ctx(1, NULL);
	struct region *got;
	size_t ngot;
	struct plan_params o;
	struct query q;
	char err[LS_ERRSZ];

	fixture_write(log, "no\ntimes\nhere\n", 14, "wb");
	fixture_write(empty, "", 0, "wb");
	memset(&o, 0, sizeof(o));
	memset(&q, 0, sizeof(q));
	q.o = &o;
	q.tc = tc;
	q.since = INT64_MIN;
	q.until = INT64_MAX;
	assert_int_equal(run_plan(log, &q, &got, &ngot, NULL, err), -1);
	assert_string_equal(err, "no timestamps found (try --time-format)");
	/* An empty log is no error: nothing is in any range. */
	assert_int_equal(run_plan(empty, &q, &got, &ngot, NULL, err), 0);
	assert_int_equal(ngot, 0);
	free(got);
	timectx_close(tc);
	free(log);
	free(empty);
}

/* A pipe: the format is detected from the first window. */
static void
test_stream(void **state)
{
	timectx *tc = open_ctx(1, NULL);
	struct plan_time tm;
	struct region *want, *got;
	size_t nwant, ngot;
	struct plan_params o;
	struct synth s;
	window_file *wf;
	char err[LS_ERRSZ];
	plan *p;
	int fds[2];

	(void)state;
	synth(&s, 21, 300, UNSORTED, 3, 0, 0);
	assert_true(s.len < 60000); /* fits in the pipe's buffer */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], s.text, s.len), (ssize_t)s.len);
	close(fds[1]);
	assert_int_equal(window_open_fd(&wf, fds[0], 4096, err), 0);
	memset(&o, 0, sizeof(o));
	memset(&tm, 0, sizeof(tm));
	tm.tc = tc;
	tm.since = s.entry[100];
	tm.until = s.entry[100] + 120 * SEC;
	tm.auto_index_min = 1;
	nwant = brute(&s, tm.since, tm.until, 1, UINT64_MAX, &want);
	assert_int_equal(plan_open(&p, &o, &tm, "-", wf, err), 0);
	assert_int_equal(plan_regions(p, &got, &ngot, err), 0);
	expect_regions(want, nwant, got, ngot, "stream");
	assert_int_equal(plan_get_stats(p)->state, INDEX_STATE_NONE);
	plan_close(p);
	window_close(wf);
	free(got);
	free(want);

	/* A stream without timestamps fails when it is read. */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "a\nb\n", 4), 4);
	close(fds[1]);
	assert_int_equal(window_open_fd(&wf, fds[0], 4096, err), 0);
	assert_int_equal(plan_open(&p, &o, &tm, "-", wf, err), 0);
	assert_int_equal(plan_regions(p, &got, &ngot, err), -1);
	assert_string_equal(err, "no timestamps found (try --time-format)");
	free(got);
	plan_close(p);
	window_close(wf);
	synth_free(&s);
	timectx_close(tc);
}

/* ---- timectx helpers -------------------------------------------------- */

static void
test_time_before(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "back.log");
	timectx *tc = open_ctx(1, NULL);
	char err[LS_ERRSZ];
	window_file *wf;
	timefmt *tf;
	int64_t t;
	uint64_t nread = 0, off;
	size_t big = 50000;
	char *line = xmalloc(big + 2);
	FILE *fp;

	/* A timestamped line, a line far longer than a read block, and a
	 * short one. */
	fp = fopen(log, "wb");
	assert_non_null(fp);
	fputs("2026-03-01T10:00:00Z first\n", fp);
	fputs("2026-03-01T10:00:01Z second\n", fp);
	memset(line, 'x', big);
	line[big] = '\n';
	line[big + 1] = '\0';
	fputs(line, fp);
	off = (uint64_t)ftell(fp);
	fputs("tail\n", fp);
	fclose(fp);

	assert_int_equal(window_open(&wf, log, 0, err), 0);
	assert_int_equal(timectx_file(tc, wf, &tf, err), TIMECTX_FOUND);
	assert_int_equal(
	    timectx_time_before(tf, window_fd(wf), off, &t, &nread, err), 1);
	assert_true(t == DAY0 + 36001 * SEC);
	assert_true(nread >= big);
	/* From the end, through the short line. */
	assert_int_equal(
	    timectx_time_before(tf, window_fd(wf), off + 5, &t, NULL, err), 1);
	assert_true(t == DAY0 + 36001 * SEC);
	/* Before the first line there is nothing. */
	assert_int_equal(
	    timectx_time_before(tf, window_fd(wf), 0, &t, NULL, err), 0);
	/* Just after the first line: the first line's time. */
	assert_int_equal(
	    timectx_time_before(tf, window_fd(wf), 27, &t, NULL, err), 1);
	assert_true(t == DAY0 + 36000 * SEC);
	/* Forwards from the long line: none. */
	assert_int_equal(timectx_time_after(tf, wf, off, &t, err), 0);
	assert_int_equal(timectx_time_after(tf, wf, 27, &t, err), 1);
	assert_true(t == DAY0 + 36001 * SEC);
	timefmt_close(tf);
	window_close(wf);
	timectx_close(tc);
	free(line);
	free(log);
}

/* ---- pieces of one entry each (plan_time.entries, for --merge) ------ */

struct piece_check {
	const struct synth *s;
	int keep_head;
	uint64_t pieces;
	uint64_t next_off; /* where the last piece ended */
	struct region *r;  /* the runs, as plan_regions() would give them */
	size_t n, cap;
};

/* Each piece holds whole lines of one entry, whose time it carries;
 * entry_start says whether its first line begins the entry. */
static int
check_piece(void *ctx, const struct plan_piece *pc)
{
	struct piece_check *c = ctx;
	const struct synth *s = c->s;
	size_t i = pc->first_line - 1;

	c->pieces++;
	assert_true(i < s->nlines);
	assert_true(s->off[i] == pc->offset);
	for (uint64_t off = pc->offset; off < pc->offset + pc->len; i++) {
		int64_t want = s->entry[i] == NONE ? INT64_MIN : s->entry[i];
		int stamped = strncmp(s->text + s->off[i], "2026-", 5) == 0;

		if (pc->time != want)
			fail_msg("line %zu: piece time %" PRId64
			         ", its entry's %" PRId64,
			         i + 1, pc->time, want);
		if (off == pc->offset) {
			int start = stamped || (i == 0 && s->entry[i] == NONE);

			/* A piece that does not start an entry continues
			 * one: a window's cut, or a region's first lines. */
			if (pc->entry_start != start)
				fail_msg("line %zu: entry_start %d, wanted %d",
				         i + 1, pc->entry_start, start);
		} else if (stamped) {
			fail_msg("line %zu: a second entry in one piece",
			         i + 1);
		}
		off = i + 1 < s->nlines ? s->off[i + 1] : s->len;
	}
	if (c->n > 0 && c->r[c->n - 1].end == pc->offset) {
		c->r[c->n - 1].end += pc->len;
	} else {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->r = xreallocarray(c->r, c->cap, sizeof(*c->r));
		}
		c->r[c->n++] = (struct region){pc->offset,
		                               pc->offset + pc->len,
		                               pc->first_line};
	}
	return 0;
}

static void
test_entries(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "entries.log");
	timectx *tc = open_ctx(1, NULL);
	struct plan_params o;
	struct synth s;
	char err[LS_ERRSZ];

	synth(&s, 11, 3000, UNSORTED, 3, 0, 0);
	fixture_write(log, s.text, s.len, "wb");
	memset(&o, 0, sizeof(o));
	o.index.group_lines = 16;
	for (int indexed = 0; indexed < 2; indexed++) {
		if (indexed)
			build(log, &o, tc, NULL);
		for (int k = 0; k < 4; k++) {
			/* The whole file with its head, then windows. */
			int64_t since = k == 0 ? INT64_MIN
			                       : DAY0 + 10 * 3600 * SEC +
			                             k * 400 * SEC;
			int64_t until = k == 0 ? INT64_MAX : since + 600 * SEC;
			struct piece_check c;
			struct plan_time tm;
			struct region *want;
			size_t nwant;
			window_file *wf;
			plan *p;

			memset(&c, 0, sizeof(c));
			c.s = &s;
			memset(&tm, 0, sizeof(tm));
			tm.tc = tc;
			tm.since = since;
			tm.until = until;
			tm.auto_index_min = UINT64_MAX;
			tm.entries = 1;
			tm.keep_head = k == 0;
			assert_int_equal(window_open(&wf, log, 4096, err), 0);
			assert_int_equal(plan_open(&p, &o, &tm, log, wf, err),
			                 0);
			assert_int_equal(plan_get_stats(p)->used, indexed);
			assert_int_equal(plan_run(p, check_piece, &c, err), 0);
			nwant = brute(&s, since, until, 1, UINT64_MAX, &want);
			if (k == 0) {
				/* keep_head: the preamble comes first. */
				assert_true(nwant == 1 && c.n == 1);
				want[0].start = 0;
				want[0].first_line = 1;
			}
			expect_regions(want, nwant, c.r, c.n, "entries");
			assert_true(c.n > 0 && c.pieces > c.n);
			free(want);
			free(c.r);
			plan_close(p);
			window_close(wf);
		}
	}
	synth_free(&s);
	timectx_close(tc);
	free(log);
}

/* The number of the line of s that starts at off (a line start). */
static uint64_t
line_of(const struct synth *s, uint64_t off)
{
	size_t a = 0, b = s->nlines;

	while (b - a > 1) {
		size_t m = a + (b - a) / 2;

		if (s->off[m] <= off)
			a = m;
		else
			b = m;
	}
	return a + 1;
}

/* Whether off is the end of one of p's candidate regions (the end of
 * the file for an open one). */
static int
at_region_end(const plan *p, const struct synth *s, uint64_t off)
{
	const struct region *c;
	size_t n;

	plan_candidates(p, &c, &n);
	for (size_t i = 0; i < n; i++)
		if ((c[i].end < s->len ? c[i].end : s->len) == off)
			return 1;
	return 0;
}

/* Whether off is the start of one of d's groups. */
static int
group_start(const struct index_data *d, uint64_t off)
{
	for (uint64_t i = 0; i < d->ngroups; i++)
		if (d->groups[i].offset == off)
			return 1;
	return 0;
}

/*
 * Threads' parts of a plan (plan_parts(), plan_part()): the parts tile
 * the candidate regions at line starts on the grid of multiples of the
 * part size (with an index, at group starts, whose numbers are known),
 * and the copies of the plan clipped to each part, in order,
 * select exactly what the whole plan selects (the brute force): entries
 * whose stack traces straddle a part boundary, out-of-order lines, a
 * line range, with and without an index.
 */
static void
test_parts(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "parts.log");
	timectx *tc = open_ctx(1, NULL);
	static const uint64_t sizes[] = {1000, 4096, 333, 65536, 1};
	uint64_t seed = 77;
	struct synth s;
	char err[LS_ERRSZ];

	synth(&s, 31, 3000, UNSORTED, 3, 0, 0);
	fixture_write(log, s.text, s.len, "wb");
	for (int ix = 0; ix < 2; ix++) {
		struct plan_params o;
		struct index_data d;

		memset(&o, 0, sizeof(o));
		memset(&d, 0, sizeof(d));
		o.index.group_lines = 16;
		if (ix) {
			build(log, &o, tc, NULL);
			load_index(log, &d);
		} else {
			o.index.mode = INDEX_NEVER;
		}
		for (int qn = 0; qn < 12; qn++) {
			int64_t a = DAY0 + 10 * 3600 * SEC +
			            (int64_t)(rnd(&seed) % 6000) * SEC;
			int64_t b = a + (int64_t)(rnd(&seed) % 4000) * SEC;
			struct plan_time tm;
			struct region *want;
			size_t nwant;

			memset(&tm, 0, sizeof(tm));
			tm.tc = tc;
			tm.since = a;
			tm.until = b;
			tm.auto_index_min = UINT64_MAX;
			o.have_lines = qn % 3 == 2;
			o.line_from = 1 + rnd(&seed) % 1500;
			o.line_to = o.line_from + rnd(&seed) % 1500;
			nwant = brute(&s, a, b, o.have_lines ? o.line_from : 1,
			              o.have_lines ? o.line_to : UINT64_MAX,
			              &want);
			for (size_t z = 0; z < sizeof(sizes) / sizeof(*sizes);
			     z++) {
				struct region *parts, *got = NULL;
				size_t nparts, ngot = 0;
				window_file *wf;
				plan *p;
				char what[96];

				snprintf(what, sizeof(what),
				         "index %d query %d parts of %" PRIu64,
				         ix, qn, sizes[z]);
				assert_int_equal(
				    window_open(&wf, log, 4096, err), 0);
				assert_int_equal(
				    plan_open(&p, &o, &tm, log, wf, err), 0);
				assert_int_equal(plan_parts(p, sizes[z], &parts,
				                            &nparts, err),
				                 0);
				for (size_t k = 0; k < nparts; k++) {
					struct region *r;
					size_t nr;
					plan *q;
					uint64_t g = parts[k].end / sizes[z];

					/* Whole lines, on the grid. */
					if (line_of(&s, parts[k].start) < 1 ||
					    s.off[line_of(&s, parts[k].start) -
					          1] != parts[k].start)
						fail_msg("%s: part %zu starts "
						         "mid-line",
						         what, k);
					/* It ends at its region's end; or
					 * with an index at a group start,
					 * whose number the next part knows;
					 * else (past the last group start of
					 * its region) at the first line start
					 * at or after a multiple of the
					 * size. */
					if (at_region_end(p, &s,
					                  parts[k].end))
						;
					else if (ix &&
					         group_start(&d, parts[k].end))
						assert_true(
						    k + 1 < nparts &&
						    parts[k + 1].first_line ==
						        line_of(&s, parts[k].end));
					else if (g * sizes[z] <=
					         s.off[line_of(&s, parts[k].end -
					                               1) -
					               1])
						fail_msg("%s: part %zu ends "
						         "off the grid",
						         what, k);
					if (parts[k].first_line != 0 &&
					    parts[k].first_line !=
					        line_of(&s, parts[k].start))
						fail_msg("%s: part %zu's line",
						         what, k);
					assert_int_equal(
					    plan_part(p, wf, &q), 0);
					plan_clip(q, parts[k].start,
					          parts[k].end,
					          line_of(&s, parts[k].start));
					assert_int_equal(
					    plan_regions(q, &r, &nr, err), 0);
					for (size_t i = 0; i < nr; i++) {
						if (ngot > 0 &&
						    got[ngot - 1].end ==
						        r[i].start) {
							got[ngot - 1].end =
							    r[i].end;
							continue;
						}
						got = xreallocarray(
						    got, ngot + 1,
						    sizeof(*got));
						got[ngot++] = r[i];
					}
					free(r);
					plan_close(q);
				}
				expect_regions(want, nwant, got, ngot, what);
				if (ix) {
					/* Parts begin at group starts, not
					 * only at the regions' starts: their
					 * numbers are known. */
					const struct region *c;
					size_t known = 0, nc;

					plan_candidates(p, &c, &nc);
					for (size_t k = 0; k < nparts; k++)
						known += parts[k].first_line != 0;
					if (nparts > nc + 3 && known <= nc)
						fail_msg("%s: %zu of %zu parts "
						         "know their line",
						         what, known, nparts);
				}
				free(got);
				free(parts);
				plan_close(p);
				window_close(wf);
			}
			free(want);
		}
		index_data_free(&d);
	}
	synth_free(&s);
	timectx_close(tc);
	free(log);
}

static void
test_format_ns(void **state)
{
	char buf[TIMECTX_ISO_SIZE];

	(void)state;
	assert_string_equal(timectx_format_ns(DAY0 + 36000 * SEC, buf),
	                    "2026-03-01T10:00:00Z");
	assert_string_equal(
	    timectx_format_ns(DAY0 + 250 * INT64_C(1000000), buf),
	    "2026-03-01T00:00:00.250Z");
	assert_string_equal(timectx_format_ns(DAY0 + 1500, buf),
	                    "2026-03-01T00:00:00.000001500Z");
	assert_string_equal(timectx_format_ns(DAY0 + 123456000, buf),
	                    "2026-03-01T00:00:00.123456Z");
	assert_string_equal(timectx_format_ns(0, buf), "1970-01-01T00:00:00Z");
	assert_string_equal(timectx_format_ns(-1, buf),
	                    "1969-12-31T23:59:59.999999999Z");
}

static void
test_range(void **state)
{
	struct timectx_params tp;
	char err[LS_ERRSZ];
	timectx *tc;
	int64_t a, b;

	(void)state;
	memset(&tp, 0, sizeof(tp));
	tp.utc = 1;
	assert_int_equal(timectx_open(&tc, &tp, err), 0);
	assert_int_equal(timectx_range(tc, NULL, NULL, DAY0, &a, &b, err), 0);
	assert_true(a == INT64_MIN && b == INT64_MAX);
	assert_int_equal(timectx_range(tc, "2026-03-01 10:00", "+15m", DAY0,
	                               &a, &b, err),
	                 0);
	assert_true(a == DAY0 + 36000 * SEC && b == a + 900 * SEC);
	assert_int_equal(timectx_range(tc, NULL, "+15m", DAY0, &a, &b, err),
	                 -1);
	assert_non_null(strstr(err, "bad time '+15m': "));
	assert_int_equal(timectx_range(tc, NULL, "10:61", DAY0, &a, &b, err),
	                 -1);
	assert_non_null(strstr(err, "bad time '10:61'"));
	timectx_close(tc);
	tp.format = "nosuch";
	assert_int_equal(timectx_open(&tc, &tp, err), -1);
	assert_non_null(strstr(err, "unknown time format 'nosuch'"));
	assert_int_equal(timectx_parse_year("2026", &tp.year, err), 0);
	assert_int_equal(tp.year, 2026);
	assert_int_equal(timectx_parse_year("0", &tp.year, err), -1);
	assert_int_equal(timectx_parse_year("20x6", &tp.year, err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_group_spans, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_sample_spans, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_resume, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_times_match, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_yearless_reference, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_old_version, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_plans_random, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_auto_index, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_alternating_runs, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_tail_continuation, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_no_timestamps, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test(test_stream),
	    cmocka_unit_test_setup_teardown(test_time_before, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_entries, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_parts, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test(test_format_ns),
	    cmocka_unit_test(test_range),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
