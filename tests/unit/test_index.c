#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
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
#include <yaml.h>

#include "cmd.h"
#include "index.h"
#include "plan.h"
#include "timefmt.h"
#include "util.h"
#include "fixture.h"
#include "window.h"

static void
set_mtime(const char *path, time_t sec, long nsec)
{
	struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Deterministic text: lines of lengths 1..maxlen (including '\n'). */
static char *
make_log(uint64_t seed, size_t nlines, size_t maxlen, size_t *len)
{
	size_t cap = nlines * maxlen + 1, n = 0;
	char *s = xmalloc(cap);

	for (size_t i = 0; i < nlines; i++) {
		size_t l;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		l = 1 + (size_t)((seed >> 33) % maxlen);
		for (size_t j = 0; j + 1 < l; j++)
			s[n++] = (char)('a' + (j + i) % 26);
		s[n++] = '\n';
	}
	*len = n;
	return s;
}

/* Build the index of path in memory. */
static void
scan(const char *path, uint64_t gl, uint64_t gb, const struct index_data *prev,
     struct index_data *out)
{
	char err[LS_ERRSZ];
	window_file *wf;

	assert_int_equal(window_open(&wf, path, 4096, err), 0);
	if (index_scan_log(wf, gl, gb, prev, out, NULL, NULL, err) != 0)
		fail_msg("index_scan_log: %s", err);
	window_close(wf);
}

/* The cutting rule, one line at a time, as the reference. */
static void
reference_groups(const char *s, size_t n, uint64_t gl, uint64_t gb,
                 uint64_t *offs, uint64_t *lines, size_t *ng, uint64_t *total)
{
	uint64_t gstart = 0, glines = 0, line = 0;

	*ng = 0;
	if (n == 0) {
		*total = 0;
		return;
	}
	offs[0] = 0;
	lines[0] = 1;
	*ng = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		line++;
		glines++;
		if (i + 1 < n && (glines >= gl || i + 1 - gstart >= gb)) {
			offs[*ng] = i + 1;
			lines[*ng] = line + 1;
			(*ng)++;
			gstart = i + 1;
			glines = 0;
		}
	}
	*total = line + (s[n - 1] != '\n');
}

/* ---- hashing and counting -------------------------------------------- */

static void
test_hash_vectors(void **state)
{
	(void)state;
	/* Published FNV-1a 64 test vectors. */
	assert_true(index_hash("", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(index_hash("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(index_hash("foobar", 6) == UINT64_C(0x85944171f73967e8));
	assert_true(index_hash_update(index_hash("foo", 3), "bar", 3) ==
	            index_hash("foobar", 6));
}



/* ---- format ----------------------------------------------------------- */

static void
fill_sample(struct index_data *d, uint64_t ngroups)
{
	memset(d, 0, sizeof(*d));
	d->group_lines = 7;
	d->group_bytes = 1000;
	d->id = (struct index_identity){0x1234, 0xfeedbeefcafe, 0, -5, 1, 2};
	d->ngroups = ngroups;
	d->groups = xcalloc(ngroups ? ngroups : 1, sizeof(*d->groups));
	for (uint64_t i = 0; i < ngroups; i++) {
		d->groups[i].offset = i * 100;
		d->groups[i].first_line = i * 7 + 1;
		d->groups[i].time_min =
		    i % 2 ? INDEX_TIME_NONE : -(int64_t)i * 1000;
		d->groups[i].time_max =
		    i % 2 ? INDEX_TIME_NONE : (int64_t)i * 1000 + 1;
	}
	d->id.size = ngroups * 100;
	d->total_lines = ngroups * 7;
	d->tail_off = d->id.size;
	d->time_ref = INT64_MIN + 1;
	strcpy(d->time_format, "iso8601");
	d->time_def = UINT64_C(0x1122334455667788);
}

static void
test_round_trip(void **state)
{
	char err[LS_ERRSZ];

	(void)state;
	for (uint64_t ng = 0; ng < 40; ng += 13) {
		struct index_data d, e;
		unsigned char *buf, *buf2;
		size_t len, len2;

		fill_sample(&d, ng);
		if (ng == 0)
			d.time_ref = 0;
		index_encode(&d, &buf, &len);
		assert_int_equal(len, INDEX_HEADER_SIZE +
		                          ng * INDEX_RECORD_SIZE +
		                          INDEX_TRAILER_SIZE);
		if (index_decode(&e, buf, len, err) != 0)
			fail_msg("decode: %s", err);
		assert_true(e.group_lines == d.group_lines);
		assert_true(e.group_bytes == d.group_bytes);
		assert_memory_equal(&e.id, &d.id, sizeof(d.id));
		assert_true(e.total_lines == d.total_lines);
		assert_true(e.tail_off == d.tail_off);
		assert_true(e.time_ref == d.time_ref);
		assert_string_equal(e.time_format, d.time_format);
		assert_true(e.time_def == d.time_def);
		assert_true(e.ngroups == ng);
		for (uint64_t i = 0; i < ng; i++)
			assert_memory_equal(&e.groups[i], &d.groups[i],
			                    sizeof(d.groups[i]));
		index_encode(&e, &buf2, &len2);
		assert_int_equal(len, len2);
		assert_memory_equal(buf, buf2, len);
		free(buf);
		free(buf2);
		index_data_free(&d);
		index_data_free(&e);
	}
}

/* Formats for test_time_def: the same parser, told apart by name and
 * ident only. */
static size_t
parse_at_2(const struct timefmt_def *def, const char *line, size_t len,
           size_t pos, struct timefmt_fields *f)
{
	(void)def;
	if (pos != 2 || len < 4 || memcmp(line + 2, "TS", 2) != 0)
		return 0;
	memset(f, 0, sizeof(*f));
	f->year = 2026;
	f->month = 3;
	f->day = 1;
	return 2;
}

/* The fingerprint of a format definition and position rule. */
static uint64_t
def_print(const struct timefmt_def *def, const char *log)
{
	struct index_timing t;
	timefmt *tf;
	char err[LS_ERRSZ];
	uint64_t h;

	assert_int_equal(timefmt_open(&tf, NULL, err), 0);
	assert_int_equal(timefmt_add(tf, def, err), 0);
	assert_int_equal(timefmt_force(tf, def->name, err), 0);
	assert_int_equal(timefmt_detect(tf, log, strlen(log)), 1);
	t.tf = tf;
	t.zone = NULL;
	h = index_time_def(&t);
	timefmt_close(tf);
	return h;
}

static void
test_time_def(void **state)
{
	struct timefmt_def a = {.name = "mine", .parse = parse_at_2};
	struct timefmt_def b = a, c = a;
	const char *fixed = "[ TS x\n[ TS y\n";
	const char *varies = "[ TS x\na TS y\n";
	struct index_timing none = {NULL, NULL};
	uint64_t h;

	(void)state;
	assert_true(index_time_def(&none) == 0);
	h = def_print(&a, fixed);
	assert_true(h != 0);
	assert_true(def_print(&a, fixed) == h);
	/* the name counts, but not its case */
	b.name = "MINE";
	assert_true(def_print(&b, fixed) == h);
	b.name = "other";
	assert_true(def_print(&b, fixed) != h);
	/* so does the definition behind it */
	c.ident = "x\0y\0\0";
	c.ident_len = 5;
	assert_true(def_print(&c, fixed) != h);
	/* and the position rule: a search, not column 2 */
	assert_true(def_print(&a, varies) != h);
}

static void
test_layout_little_endian(void **state)
{
	struct index_data d;
	unsigned char *b;
	size_t len;

	(void)state;
	fill_sample(&d, 2);
	index_encode(&d, &b, &len);
	assert_memory_equal(b, "LSCANIDX", 8);
	assert_int_equal(b[8], INDEX_VERSION);
	assert_int_equal(b[12], INDEX_HEADER_SIZE);
	assert_int_equal(b[16], 7);    /* group lines */
	assert_int_equal(b[24], 0xe8); /* 1000 = 0x3e8 */
	assert_int_equal(b[25], 0x03);
	assert_int_equal(b[40], 0xfe); /* inode, low byte first */
	assert_int_equal(b[45], 0xfe);
	assert_int_equal(b[56], 0xfb); /* mtime -5 */
	assert_int_equal(b[63], 0xff);
	assert_memory_equal(b + 112, "iso8601\0", 8);
	assert_int_equal(b[168], 0x88); /* time_def, low byte first */
	assert_int_equal(b[175], 0x11);
	/* second record: offset 100, first line 8, then its check */
	assert_int_equal(INDEX_RECORD_SIZE, 40);
	assert_int_equal(b[INDEX_HEADER_SIZE + 40], 100);
	assert_int_equal(b[INDEX_HEADER_SIZE + 48], 8);
	free(b);
	index_data_free(&d);
}

/* Re-seal an image after editing it, so only the structure checks can
 * catch the edit. */
static void
reseal(unsigned char *b, size_t len)
{
	uint64_t h = index_hash(b, len - 8);

	for (int i = 0; i < 8; i++)
		b[len - 8 + i] = (unsigned char)(h >> (8 * i));
}

static void
put64(unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static void
expect_corrupt(const unsigned char *b, size_t len, const char *reason)
{
	struct index_data d;
	char err[LS_ERRSZ] = "";

	if (index_decode(&d, b, len, err) == 0)
		fail_msg("accepted an index that should be corrupt (%s)",
		         reason);
	if (reason != NULL && strstr(err, reason) == NULL)
		fail_msg("reason '%s', wanted '%s'", err, reason);
	assert_null(d.groups);
}

/* A compressed log's section of restart points: it round-trips, and a
 * damaged one is corrupt, never used. */
static void
test_compressed_section(void **state)
{
	struct index_data d, e;
	unsigned char *b, *c;
	size_t len;
	char err[LS_ERRSZ];

	(void)state;
	fill_sample(&d, 4);
	d.id.head_hash = d.id.tail_hash = 0;
	d.flags |= INDEX_F_COMPRESSED;
	d.comp_format = DECOMP_GZIP;
	d.comp_size = 150;
	d.comp_head_hash = 77;
	d.comp_tail_hash = 78;
	d.npoints = 2;
	d.points = xcalloc(2, sizeof(*d.points));
	d.points[0] = (struct decomp_point){40, 120, 3, 0, NULL, 5, 0};
	d.points[0].zwin = (unsigned char *)xstrdup("abcde");
	d.points[1] = (struct decomp_point){90, 260, 0, 1, NULL, 0, 0};
	index_encode(&d, &b, &len);
	assert_int_equal(len, INDEX_HEADER_SIZE + 4 * INDEX_RECORD_SIZE +
	                          INDEX_COMP_HEADER_SIZE +
	                          2 * INDEX_POINT_SIZE + 5 + INDEX_TRAILER_SIZE);
	assert_int_equal(index_decode(&e, b, len, err), 0);
	assert_int_equal(e.flags, INDEX_F_COMPRESSED);
	assert_int_equal(e.comp_format, DECOMP_GZIP);
	assert_int_equal(e.comp_size, 150);
	assert_int_equal(e.comp_head_hash, 77);
	assert_int_equal(e.npoints, 2);
	assert_int_equal(e.points[0].in, 40);
	assert_int_equal(e.points[0].out, 120);
	assert_int_equal(e.points[0].bits, 3);
	assert_int_equal(e.points[0].zwin_len, 5);
	assert_memory_equal(e.points[0].zwin, "abcde", 5);
	assert_int_equal(e.points[1].member, 1);
	index_data_free(&e);

	c = xmalloc(len);
	/* points out of order */
	memcpy(c, b, len);
	put64(c + len - 8 - 5 - 2 * 24 + 8, 300);
	reseal(c, len);
	expect_corrupt(c, len, "restart point");
	/* a window longer than the file holds */
	memcpy(c, b, len);
	c[len - 8 - 5 - 2 * 24 + 20] = 200;
	reseal(c, len);
	expect_corrupt(c, len, "restart point");
	/* a point count past the end */
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE + 4 * INDEX_RECORD_SIZE + 32, 1000);
	reseal(c, len);
	expect_corrupt(c, len, "restart point count");
	/* an unknown format */
	memcpy(c, b, len);
	c[INDEX_HEADER_SIZE + 4 * INDEX_RECORD_SIZE] = 9;
	reseal(c, len);
	expect_corrupt(c, len, "compressed");
	/* bzip2 points without their stream's block size digit; with it,
	 * they are read */
	memcpy(c, b, len);
	c[INDEX_HEADER_SIZE + 4 * INDEX_RECORD_SIZE] = DECOMP_BZIP2;
	reseal(c, len);
	expect_corrupt(c, len, "restart point");
	c[len - 8 - 5 - 2 * 24 + 18] = 9;
	c[len - 8 - 24 + 18] = 9;
	reseal(c, len);
	assert_int_equal(index_decode(&e, c, len, err), 0);
	assert_int_equal(e.comp_format, DECOMP_BZIP2);
	assert_int_equal(e.points[0].check, 9);
	index_data_free(&e);
	c[len - 8 - 24 + 18] = 10;
	reseal(c, len);
	expect_corrupt(c, len, "restart point");
	/* the section without the flag */
	memcpy(c, b, len);
	c[104] = 0;
	reseal(c, len);
	expect_corrupt(c, len, "group count");
	free(c);
	free(b);
	index_data_free(&d);
}

static void
test_corruption(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "c.log");
	size_t n, len;
	char *s = make_log(11, 300, 40, &n);
	struct index_data d;
	unsigned char *b, *c;
	uint64_t cases = 0;

	fixture_write(log, s, n, "wb");
	scan(log, 10, 200, NULL, &d);
	assert_true(d.ngroups > 10);
	index_encode(&d, &b, &len);
	c = xmalloc(len + 64);

	/* Every bit flipped at every position. */
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(c, b, len);
			c[i] ^= (unsigned char)(1u << bit);
			expect_corrupt(c, len, NULL);
			cases++;
		}
	}
	/* Every truncation. */
	for (size_t l = 0; l < len; l++) {
		expect_corrupt(b, l, NULL);
		cases++;
	}
	/* Extensions, by zeros and by copies of the end. */
	for (size_t extra = 1; extra <= 64; extra++) {
		memcpy(c, b, len);
		memset(c + len, extra % 2 ? 0 : 0xa5, extra);
		expect_corrupt(c, len + extra, NULL);
		memcpy(c + len, b + len - extra, extra);
		expect_corrupt(c, len + extra, NULL);
		cases += 2;
	}
	/* Structural lies behind a valid checksum. */
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE + 3 * INDEX_RECORD_SIZE, d.groups[2].offset);
	reseal(c, len);
	expect_corrupt(c, len, "out of order");
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE + 5 * INDEX_RECORD_SIZE + 8, 2);
	reseal(c, len);
	expect_corrupt(c, len, "out of order");
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE + (d.ngroups - 1) * INDEX_RECORD_SIZE, n + 5);
	reseal(c, len);
	expect_corrupt(c, len, "past the end");
	memcpy(c, b, len);
	put64(c + 88, n + 1); /* more lines than bytes */
	reseal(c, len);
	expect_corrupt(c, len, "line count");
	memcpy(c, b, len);
	put64(c + 80, d.ngroups + 1);
	reseal(c, len);
	expect_corrupt(c, len, "group count");
	memcpy(c, b, len);
	put64(c + 80, UINT64_MAX / 16);
	reseal(c, len);
	expect_corrupt(c, len, "group count");
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE, 1);
	reseal(c, len);
	expect_corrupt(c, len, "line 1");
	memcpy(c, b, len);
	put64(c + 16, 0);
	reseal(c, len);
	expect_corrupt(c, len, "zero group");
	memcpy(c, b, len);
	put64(c + 96, 3); /* resume offset without a partial line */
	reseal(c, len);
	expect_corrupt(c, len, "resume offset");
	memcpy(c, b, len);
	c[104] = 4; /* 1 and 2 are known flags */
	reseal(c, len);
	expect_corrupt(c, len, "flags");
	memcpy(c, b, len);
	c[112] = '\n';
	reseal(c, len);
	expect_corrupt(c, len, "format name");
	memcpy(c, b, len);
	put64(c + INDEX_HEADER_SIZE + 16, 10); /* min > max */
	put64(c + INDEX_HEADER_SIZE + 24, 5);
	reseal(c, len);
	expect_corrupt(c, len, "time span");
	memcpy(c, b, len);
	c[8] = INDEX_VERSION + 1;
	expect_corrupt(c, len, "version");
	memcpy(c, b, len);
	c[0] = 'X';
	expect_corrupt(c, len, "magic");
	cases += 14;
	print_message("%" PRIu64 " corrupt images rejected\n", cases);

	/* And on disk, through index_load(). */
	{
		char *ip = fixture_path(f, "c.lsidx");
		char err[LS_ERRSZ];
		struct index_data e;
		uint64_t fsz;

		fixture_write(ip, (const char *)b, len, "wb");
		assert_int_equal(index_load(&e, ip, &fsz, err), INDEX_LOAD_OK);
		assert_int_equal(fsz, len);
		index_data_free(&e);
		fixture_write(ip, (const char *)b, len / 2, "wb");
		assert_int_equal(index_load(&e, ip, NULL, err),
		                 INDEX_LOAD_CORRUPT);
		fixture_write(ip, "", 0, "wb");
		assert_int_equal(index_load(&e, ip, NULL, err),
		                 INDEX_LOAD_CORRUPT);
		assert_string_equal(err, "file too short");
		unlink(ip);
		assert_int_equal(index_load(&e, ip, NULL, err),
		                 INDEX_LOAD_MISSING);
		assert_int_equal(mkdir(ip, 0700), 0);
		assert_int_not_equal(index_load(&e, ip, NULL, err),
		                     INDEX_LOAD_OK);
		rmdir(ip);
		free(ip);
	}
	free(c);
	free(b);
	free(s);
	free(log);
	index_data_free(&d);
}

/* ---- building --------------------------------------------------------- */

static void
check_against_reference(const char *log, const char *s, size_t n, uint64_t gl,
                        uint64_t gb)
{
	size_t cap = n + 2, ng;
	uint64_t *offs = xmalloc(cap * sizeof(*offs));
	uint64_t *lines = xmalloc(cap * sizeof(*lines));
	uint64_t total;
	struct index_data d;
	char err[LS_ERRSZ];

	reference_groups(s, n, gl, gb, offs, lines, &ng, &total);
	scan(log, gl, gb, NULL, &d);
	if (d.ngroups != ng)
		fail_msg("gl=%" PRIu64 " gb=%" PRIu64 ": %" PRIu64
		         " groups, wanted %zu",
		         gl, gb, d.ngroups, ng);
	for (size_t i = 0; i < ng; i++) {
		if (d.groups[i].offset != offs[i] ||
		    d.groups[i].first_line != lines[i])
			fail_msg("gl=%" PRIu64 " gb=%" PRIu64 " group %zu: "
			         "(%" PRIu64 ", %" PRIu64 ") wanted (%" PRIu64
			         ", %" PRIu64 ")",
			         gl, gb, i, d.groups[i].offset,
			         d.groups[i].first_line, offs[i], lines[i]);
	}
	assert_true(d.total_lines == total);
	assert_true(d.id.size == n);
	assert_int_equal(index_validate(&d, err), 0);
	free(offs);
	free(lines);
	index_data_free(&d);
}

static void
test_group_cutting(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "g.log");
	static const uint64_t gls[] = {1, 2, 3, 7, 64, 100000};
	static const uint64_t gbs[] = {1, 5, 10, 31, 100, 4096, 1 << 20};
	size_t n;
	char *s = make_log(5, 2000, 30, &n);

	/* Exactly at both limits: 10-byte lines. */
	{
		char ten[300];
		struct index_data d;

		for (int i = 0; i < 30; i++)
			memcpy(ten + 10 * i, "123456789\n", 10);
		fixture_write(log, ten, sizeof(ten), "wb");
		scan(log, 3, 1000, NULL, &d); /* lines limit: every 3 lines */
		assert_int_equal(d.ngroups, 10);
		for (uint64_t i = 0; i < d.ngroups; i++) {
			assert_int_equal(d.groups[i].offset, 30 * i);
			assert_int_equal(d.groups[i].first_line, 3 * i + 1);
		}
		index_data_free(&d);
		/* bytes limit: a group closes at the first line start at or
		 * past 25 bytes, i.e. after 30 */
		scan(log, 1000, 25, NULL, &d);
		assert_int_equal(d.ngroups, 10);
		assert_int_equal(d.groups[1].offset, 30);
		index_data_free(&d);
		scan(log, 1000, 30, NULL, &d); /* 30 is reached exactly */
		assert_int_equal(d.ngroups, 10);
		assert_int_equal(d.groups[1].offset, 30);
		index_data_free(&d);
		scan(log, 1000, 31, NULL, &d);
		assert_int_equal(d.ngroups, 8);
		assert_int_equal(d.groups[1].offset, 40);
		index_data_free(&d);
		/* whichever comes first */
		scan(log, 2, 25, NULL, &d);
		assert_int_equal(d.groups[1].offset, 20);
		index_data_free(&d);
		scan(log, 5, 25, NULL, &d);
		assert_int_equal(d.groups[1].offset, 30);
		index_data_free(&d);
	}
	fixture_write(log, s, n, "wb");
	for (size_t i = 0; i < sizeof(gls) / sizeof(gls[0]); i++)
		for (size_t j = 0; j < sizeof(gbs) / sizeof(gbs[0]); j++)
			check_against_reference(log, s, n, gls[i], gbs[j]);
	/* No final newline, a lone newline, an empty file, one long line. */
	fixture_write(log, s, n - 1, "wb");
	check_against_reference(log, s, n - 1, 7, 100);
	fixture_write(log, "\n", 1, "wb");
	check_against_reference(log, "\n", 1, 1, 1);
	fixture_write(log, "", 0, "wb");
	check_against_reference(log, "", 0, 1, 1);
	{
		size_t big = 20000;
		char *l = xmalloc(big);

		memset(l, 'x', big);
		l[big - 1] = '\n';
		l[100] = '\n';
		fixture_write(log, l, big, "wb");
		check_against_reference(log, l, big, 3, 50);
		fixture_write(log, l, big - 1, "wb");
		check_against_reference(log, l, big - 1, 3, 50);
		free(l);
	}
	free(s);
	free(log);
}

static void
test_incremental_equals_full(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "a.log");
	size_t n;
	char *s = make_log(9, 600, 25, &n);
	static const size_t cuts[] = {0,    1,    5,    77,   500, 1999,
	                              2000, 4095, 4096, 4097, 5000};

	for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
		for (int partial = 0; partial < 2; partial++) {
			struct index_data prev, inc, full;
			unsigned char *b1, *b2;
			size_t l1, l2, cut = cuts[c];

			if (cut >= n)
				continue;
			/* Cut at a line end, or (partial) one byte into the
			 * next line so the prefix ends without '\n'. */
			while (cut > 0 && cut < n && s[cut - 1] != '\n')
				cut++;
			if (partial && cut + 1 < n)
				cut++;
			fixture_write(log, s, cut, "wb");
			scan(log, 5, 300, NULL, &prev);
			fixture_write(log, s + cut, n - cut, "ab");
			set_mtime(log, 1700000000, 5);
			scan(log, 5, 300, &prev, &inc);
			scan(log, 5, 300, NULL, &full);
			index_encode(&inc, &b1, &l1);
			index_encode(&full, &b2, &l2);
			if (l1 != l2 || memcmp(b1, b2, l1) != 0)
				fail_msg("append after %zu bytes differs from "
				         "a full build",
				         cut);
			free(b1);
			free(b2);
			index_data_free(&prev);
			index_data_free(&inc);
			index_data_free(&full);
		}
	}
	free(s);
	free(log);
}

/* ---- group checks (issue 24 item 3) ------------------------------------ */

/* Does changing byte p touch what group i's check covers: the
 * INDEX_CHECK_SPAN bytes either side of its offset (clipped to the file
 * and its end) and the last INDEX_CHECK_SPAN bytes before its end? */
static int
covered(const struct index_data *d, uint64_t i, uint64_t p)
{
	uint64_t off = d->groups[i].offset;
	uint64_t end = i + 1 < d->ngroups ? d->groups[i + 1].offset
	                                  : d->tail_off;
	uint64_t a0 = off > INDEX_CHECK_SPAN ? off - INDEX_CHECK_SPAN : 0;
	uint64_t a1 = off + INDEX_CHECK_SPAN < end ? off + INDEX_CHECK_SPAN
	                                           : end;
	uint64_t b0 = end > INDEX_CHECK_SPAN && end - INDEX_CHECK_SPAN > a1
	                  ? end - INDEX_CHECK_SPAN
	                  : a1;

	return (p >= a0 && p < a1) || (p >= b0 && p < end);
}

static int
verify_path(const char *log, const struct index_data *d, uint64_t i,
            char *why)
{
	int fd = open(log, O_RDONLY), r;

	assert_true(fd >= 0);
	r = index_verify_group(d, i, fd, why);
	close(fd);
	return r;
}

/* Every group verifies against its own log; a changed byte fails exactly
 * the groups whose edges hold it (the middle of a group is not seen: that
 * is the documented limit); a truncated log fails its last groups. */
static void
test_verify_groups(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "v.log");
	char why[LS_ERRSZ];
	size_t n;
	char *s = make_log(3, 600, 80, &n);
	struct index_data d;
	uint64_t seed = 5;

	for (int partial = 0; partial < 2; partial++) {
		size_t len = partial ? n - 1 : n;

		fixture_write(log, s, len, "wb");
		scan(log, 40, 1u << 20, NULL, &d);
		assert_true(d.ngroups > 5);
		for (uint64_t i = 0; i < d.ngroups; i++)
			assert_int_equal(verify_path(log, &d, i, why), 0);
		for (int k = 0; k < 60; k++) {
			uint64_t p;

			seed = seed * 6364136223846793005u + 1;
			p = (seed >> 33) % len;
			s[p] ^= 0x20;
			fixture_write(log, s, len, "wb");
			for (uint64_t i = 0; i < d.ngroups; i++) {
				int want = covered(&d, i, p);
				int got = verify_path(log, &d, i, why);

				if (got != want)
					fail_msg("byte %" PRIu64 " changed: group "
					         "%" PRIu64 " says %d, wanted %d",
					         p, i, got, want);
				if (got == 1 && strstr(why, "changed since it "
				                            "was indexed") == NULL)
					fail_msg("reason '%s'", why);
			}
			s[p] ^= 0x20;
		}
		/* Truncated: the last group cannot be read whole. */
		fixture_write(log, s, (size_t)d.groups[d.ngroups - 1].offset + 1,
		              "wb");
		assert_int_equal(verify_path(log, &d, d.ngroups - 1, why), 1);
		assert_int_equal(verify_path(log, &d, 0, why), 0);
		index_data_free(&d);
	}
	free(s);
	free(log);
}

/* ---- freshness -------------------------------------------------------- */

static int
check_path(const char *log, const struct index_data *d, char *err)
{
	struct stat st;
	int fd = open(log, O_RDONLY), r;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	r = index_check(d, fd, &st, err);
	close(fd);
	return r;
}

static void
test_freshness(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "f.log");
	char *other = fixture_path(f, "f.log.new");
	char err[LS_ERRSZ];
	struct index_data d;
	size_t n;
	char *s = make_log(21, 900, 30, &n);
	char *t = xmalloc(n);

	assert_true(n > 3 * INDEX_HASH_SPAN);
	fixture_write(log, s, n - 1000, "wb");
	set_mtime(log, 1700000000, 1);
	scan(log, 0, 0, NULL, &d);

	/* same */
	assert_int_equal(check_path(log, &d, err), INDEX_FRESH);
	/* appended */
	fixture_write(log, s + n - 1000, 1000, "ab");
	assert_int_equal(check_path(log, &d, err), INDEX_APPENDED);
	/* truncated */
	assert_int_equal(truncate(log, (off_t)(n - 2000)), 0);
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	assert_string_equal(err, "log truncated");
	/* rewritten, same size, new mtime */
	memcpy(t, s, n);
	t[n / 2] ^= 1;
	fixture_write(log, t, n - 1000, "wb");
	set_mtime(log, 1700000000, 2);
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	assert_string_equal(err, "log modified");
	/* rewritten at the end, same size and mtime: the tail hash */
	t[n / 2] ^= 1;
	t[n - 1001] = 'Z';
	fixture_write(log, t, n - 1000, "wb");
	set_mtime(log, 1700000000, 1);
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	assert_string_equal(err, "log rewritten");
	/* grown, but the head changed: not an append */
	t[n - 1001] = s[n - 1001];
	t[10] = 'Q';
	fixture_write(log, t, n, "wb");
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	assert_string_equal(err, "log rewritten");
	/* grown, but the bytes before the old end changed */
	t[10] = s[10];
	t[n - 1000 - INDEX_HASH_SPAN + 3] = 'Q';
	fixture_write(log, t, n, "wb");
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	/* back to the original content and mtime: fresh again */
	fixture_write(log, s, n - 1000, "wb");
	set_mtime(log, 1700000000, 1);
	assert_int_equal(check_path(log, &d, err), INDEX_FRESH);
	/* rotated: same content, new inode */
	fixture_write(other, s, n - 1000, "wb");
	set_mtime(other, 1700000000, 1);
	assert_int_equal(rename(other, log), 0);
	assert_int_equal(check_path(log, &d, err), INDEX_STALE);
	assert_string_equal(err, "log rotated (new inode)");
	index_data_free(&d);

	/* A short log (both hashes cover the same bytes), then appended. */
	fixture_write(log, "one\ntwo", 7, "wb");
	scan(log, 0, 0, NULL, &d);
	assert_int_equal(check_path(log, &d, err), INDEX_FRESH);
	fixture_write(log, "\nthree\n", 7, "ab");
	assert_int_equal(check_path(log, &d, err), INDEX_APPENDED);
	index_data_free(&d);
	/* An empty log that grows. */
	fixture_write(log, "", 0, "wb");
	scan(log, 0, 0, NULL, &d);
	assert_int_equal(d.ngroups, 0);
	fixture_write(log, "x\n", 2, "ab");
	assert_int_equal(check_path(log, &d, err), INDEX_APPENDED);
	index_data_free(&d);
	free(t);
	free(s);
	free(log);
	free(other);
}

/* ---- lookups and plans ------------------------------------------------ */

static void
test_find_group_boundaries(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "l.log");
	size_t n;
	char *s = make_log(13, 1000, 20, &n);
	struct index_data d;

	(void)state;
	fixture_write(log, s, n, "wb");
	scan(log, 9, 120, NULL, &d);
	assert_true(d.ngroups > 50);
	assert_int_equal(index_find_group(&d, 0), -1);
	for (uint64_t i = 0; i < d.ngroups; i++) {
		uint64_t fl = d.groups[i].first_line;
		uint64_t last = i + 1 < d.ngroups
		                    ? d.groups[i + 1].first_line - 1
		                    : d.total_lines;

		assert_int_equal(index_find_group(&d, fl), i);
		assert_int_equal(index_find_group(&d, last), i);
		if (i > 0)
			assert_int_equal(index_find_group(&d, fl - 1), i - 1);
	}
	assert_int_equal(index_find_group(&d, UINT64_MAX), d.ngroups - 1);
	index_data_free(&d);
	free(s);
	free(log);
}

/* Offset of the start of line k (1-based) in s, or n. */
static size_t
line_offset(const char *s, size_t n, uint64_t k)
{
	size_t off = 0;

	for (uint64_t l = 1; l < k && off < n; off++)
		if (s[off] == '\n')
			l++;
	return off;
}

/*
 * Plan lines [a, b] of the log s (n bytes, total lines) with the line
 * planner (plan.c, which reads the index): the one run selected must be
 * exactly those lines, and the index found in want_state.
 */
static void
check_plan(const struct plan_params *o, const char *log, const char *s, size_t n,
           uint64_t total, enum index_state want_state)
{
	struct region *r;
	size_t nr;
	struct plan_stats st;
	char err[LS_ERRSZ];
	window_file *wf;
	plan *p;
	uint64_t a = o->line_from, b = o->line_to;

	assert_int_equal(window_open(&wf, log, 0, err), 0);
	if (plan_open(&p, o, NULL, log, wf, err) != 0)
		fail_msg("plan: %s", err);
	if (plan_regions(p, &r, &nr, err) != 0)
		fail_msg("plan_regions: %s", err);
	st = *plan_get_stats(p);
	st.index_path = NULL;
	if (st.state != want_state)
		fail_msg("lines %" PRIu64 "..%" PRIu64 ": index %s, wanted %s "
		         "(%s)",
		         a, b, index_state_name(st.state),
		         index_state_name(want_state), st.reason);
	if (a > total) {
		assert_int_equal(nr, 0);
	} else {
		uint64_t last = b < total ? b : total;

		assert_int_equal(nr, 1);
		assert_int_equal(r[0].first_line, a);
		assert_int_equal(r[0].start, line_offset(s, n, a));
		assert_int_equal(r[0].end, line_offset(s, n, last + 1));
	}
	if (want_state == INDEX_STATE_FRESH ||
	    want_state == INDEX_STATE_APPENDED) {
		assert_true(st.used);
		if (a <= total && want_state == INDEX_STATE_FRESH)
			assert_true(st.groups_used >= 1);
		/* Only the groups that hold the lines were read. */
		assert_true(st.regions <= 1);
	} else {
		assert_false(st.used);
	}
	plan_close(p);
	window_close(wf);
	free(r);
}

static void
test_plan_lines(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "p.log");
	char *idx = fixture_path(f, "p.log.lsidx");
	char err[LS_ERRSZ];
	struct plan_params o;
	struct index_data d;
	window_file *wf;
	unsigned char *b;
	size_t n, len;
	char *s = make_log(17, 700, 20, &n);

	fixture_write(log, s, n, "wb");
	scan(log, 8, 100, NULL, &d);
	index_encode(&d, &b, &len);
	fixture_write(idx, (const char *)b, len, "wb");
	free(b);

	memset(&o, 0, sizeof(o));
	o.have_lines = 1;
	o.index.dir = NULL;
	/* Every group boundary as a start and as an end. */
	for (uint64_t i = 0; i < d.ngroups; i++) {
		uint64_t fl = d.groups[i].first_line;

		o.line_from = fl;
		o.line_to = fl;
		check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_FRESH);
		if (fl > 1) {
			o.line_from = fl - 1;
			o.line_to = fl;
			check_plan(&o, log, s, n, d.total_lines,
			           INDEX_STATE_FRESH);
			o.line_from = 1;
			o.line_to = fl - 1;
			check_plan(&o, log, s, n, d.total_lines,
			           INDEX_STATE_FRESH);
		}
	}
	o.line_from = d.total_lines;
	o.line_to = UINT64_MAX;
	check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_FRESH);
	/* Past the end: nothing, and nothing read. */
	o.line_from = d.total_lines + 1;
	check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_FRESH);
	{
		plan *p;

		assert_int_equal(window_open(&wf, log, 0, err), 0);
		assert_int_equal(plan_open(&p, &o, NULL, log, wf, err), 0);
		assert_int_equal(plan_get_stats(p)->regions, 0);
		plan_close(p);
		window_close(wf);
	}
	/* --index=never: the whole file. */
	o.index.mode = INDEX_NEVER;
	o.line_from = 300;
	o.line_to = 301;
	check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_NONE);
	o.index.mode = INDEX_AUTO;

	/* Appended: the prefix's groups plus the tail. */
	{
		size_t m;
		char *more = make_log(99, 50, 20, &m);
		char *all = xmalloc(n + m);

		memcpy(all, s, n);
		memcpy(all + n, more, m);
		fixture_write(log, more, m, "ab");
		o.line_from = d.total_lines - 2;
		o.line_to = d.total_lines + 10;
		check_plan(&o, log, all, n + m, d.total_lines + 50,
		           INDEX_STATE_APPENDED);
		o.line_from = d.total_lines + 3;
		o.line_to = UINT64_MAX;
		check_plan(&o, log, all, n + m, d.total_lines + 50,
		           INDEX_STATE_APPENDED);
		o.line_from = 2;
		o.line_to = 3;
		check_plan(&o, log, all, n + m, d.total_lines + 50,
		           INDEX_STATE_APPENDED);
		free(more);
		free(all);
	}
	/* Corrupt: the whole file, and the reason is reported. */
	fixture_write(idx, "garbage", 7, "wb");
	o.line_from = 5;
	o.line_to = 6;
	check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_CORRUPT);
	/* Stale (rotated): not used. */
	unlink(log);
	fixture_write(log, s, n, "wb");
	index_encode(&d, &b, &len);
	fixture_write(idx, (const char *)b, len, "wb");
	free(b);
	check_plan(&o, log, s, n, d.total_lines, INDEX_STATE_STALE);
	index_data_free(&d);
	free(s);
	free(log);
	free(idx);
}

/*
 * An index that passes its checks but says a group starts inside a line
 * (its edges hash the same: the group is small and near the start) is
 * corrupt: the line plan reads the whole file and still answers exactly.
 */
static void
test_plan_lying_offset(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "lie.log");
	char *idx = fixture_path(f, "lie.log.lsidx");
	struct plan_params o;
	struct index_data d;
	unsigned char *b;
	size_t n, len;
	char s[20 * 7 + 1];

	for (int i = 0; i < 20; i++)
		snprintf(s + 7 * i, 8, "line%02d\n", i + 1);
	n = 20 * 7;
	fixture_write(log, s, n, "wb");
	scan(log, 4, 1 << 20, NULL, &d);
	assert_true(d.ngroups == 5 && d.groups[2].offset == 56);
	/* Lines 9 and 10 are in group 2, and stay so for an honest index. */
	memset(&o, 0, sizeof(o));
	o.have_lines = 1;
	o.line_from = 9;
	o.line_to = 10;
	index_encode(&d, &b, &len);
	fixture_write(idx, (const char *)b, len, "wb");
	free(b);
	check_plan(&o, log, s, n, 20, INDEX_STATE_FRESH);
	d.groups[2].offset++;
	index_encode(&d, &b, &len);
	fixture_write(idx, (const char *)b, len, "wb");
	free(b);
	check_plan(&o, log, s, n, 20, INDEX_STATE_CORRUPT);
	index_data_free(&d);
	free(log);
	free(idx);
}

static void
test_plan_partial_tail(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "q.log");
	struct plan_params o;
	const char *all = "a\nbb\nccc\ndddd\neeeee\nffffff\n";
	size_t n = strlen(all);

	/* Indexed while the last line was half written. */
	fixture_write(log, all, 12, "wb"); /* ends in "dd" */
	memset(&o, 0, sizeof(o));
	{
		index_build *b;
		char err[LS_ERRSZ];

		assert_int_equal(index_build_begin(&b, log, &o.index, 0, err), 0);
		assert_int_equal(index_build_run(b, NULL, NULL, err), 0);
		index_build_end(b);
	}
	fixture_write(log, all + 12, n - 12, "ab");
	o.have_lines = 1;
	for (uint64_t a = 1; a <= 7; a++) {
		for (uint64_t z = a; z <= 8; z++) {
			o.line_from = a;
			o.line_to = z;
			check_plan(&o, log, all, n, 6, INDEX_STATE_APPENDED);
		}
	}
	free(log);
}

/* ---- building into files --------------------------------------------- */

static size_t
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t k = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			k++;
	closedir(d);
	return k;
}

static enum index_plan
build(const char *log, const struct plan_params *o, int force,
      struct index_build_stats *st, enum index_why *why)
{
	index_build *b;
	char err[LS_ERRSZ];
	enum index_plan p;

	if (index_build_begin(&b, log, &o->index, force, err) != 0)
		fail_msg("begin: %s", err);
	p = index_build_plan(b);
	if (why)
		*why = index_build_why(b, NULL);
	if (index_build_run(b, NULL, NULL, err) != 0)
		fail_msg("run: %s", err);
	if (st)
		*st = *index_build_get_stats(b);
	index_build_end(b);
	return p;
}

static void
test_build_files(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "b.log");
	char *idx = fixture_path(f, "b.log.lsidx");
	char *other = fixture_path(f, "b.log.1");
	struct index_build_stats st;
	struct plan_params o;
	enum index_why why;
	size_t n, len;
	char *s = make_log(23, 3000, 60, &n);
	unsigned char *img1, *img2;

	memset(&o, 0, sizeof(o));
	o.index.group_lines = 50;
	fixture_write(log, s, n / 2, "wb");
	assert_int_equal(build(log, &o, 0, &st, &why), INDEX_PLAN_FULL);
	assert_int_equal(why, INDEX_WHY_MISSING);
	assert_int_equal(count_entries(f->dir), 2); /* log + index */
	assert_int_equal(build(log, &o, 0, &st, NULL), INDEX_PLAN_UPTODATE);
	assert_int_equal(st.bytes_mapped, 0);

	/* Appended: only the tail is mapped. */
	fixture_write(log, s + n / 2, n - n / 2, "ab");
	assert_int_equal(build(log, &o, 0, &st, NULL), INDEX_PLAN_TAIL);
	assert_true(st.scan_start > 0);
	assert_true(st.bytes_mapped <= n - st.scan_start + 4096);
	img1 = (unsigned char *)fixture_read(idx, &len);
	assert_int_equal(build(log, &o, 1, &st, &why), INDEX_PLAN_FULL);
	assert_int_equal(why, INDEX_WHY_FORCED);
	assert_true(st.bytes_mapped + st.bytes_read >= n);
	img2 = (unsigned char *)fixture_read(idx, &n);
	assert_int_equal(len, n);
	assert_memory_equal(img1, img2, len);
	free(img1);
	free(img2);

	/* Unset parameters keep the index's; new ones rebuild it. */
	o.index.group_lines = 0;
	assert_int_equal(build(log, &o, 0, NULL, NULL), INDEX_PLAN_UPTODATE);
	o.index.group_lines = 60;
	assert_int_equal(build(log, &o, 0, NULL, &why), INDEX_PLAN_FULL);
	assert_int_equal(why, INDEX_WHY_PARAMS);

	/* Rotated: stale, rebuilt. */
	fixture_write(other, "new\nlog\n", 8, "wb");
	assert_int_equal(rename(other, log), 0);
	assert_int_equal(build(log, &o, 0, &st, &why), INDEX_PLAN_FULL);
	assert_int_equal(why, INDEX_WHY_STALE);
	assert_int_equal(st.lines, 2);

	/* Corrupt: rebuilt. */
	fixture_write(idx, "LSCANIDX and then nonsense", 26, "wb");
	assert_int_equal(build(log, &o, 0, NULL, &why), INDEX_PLAN_FULL);
	assert_int_equal(why, INDEX_WHY_CORRUPT);
	assert_int_equal(build(log, &o, 0, NULL, NULL), INDEX_PLAN_UPTODATE);
	/* No temporary or lock file is left behind. */
	assert_int_equal(count_entries(f->dir), 2);
	/* A lock file left by a killed builder does not get in the way. */
	{
		char *lock = fixture_path(f, "b.log.lsidx.lock");

		fixture_write(lock, "", 0, "wb");
		assert_int_equal(build(log, &o, 1, NULL, NULL),
		                 INDEX_PLAN_FULL);
		assert_int_equal(access(lock, F_OK), -1);
		free(lock);
	}

	/* --index-dir puts it under a derived name, and lookups find it. */
	{
		char *dir = fixture_path(f, "idx/sub");
		char *name, err[LS_ERRSZ], *cand[2];
		size_t nc;

		o.index.dir = dir;
		assert_int_equal(build(log, &o, 0, NULL, &why),
		                 INDEX_PLAN_FULL);
		assert_int_equal(why, INDEX_WHY_MISSING);
		name = index_cache_name(log, err);
		assert_non_null(name);
		assert_non_null(strstr(name, "b.log."));
		assert_non_null(strstr(name, ".lsidx"));
		assert_int_equal(index_candidates(log, dir, cand, &nc, err), 0);
		assert_int_equal(nc, 1);
		assert_non_null(strstr(cand[0], name));
		assert_int_equal(access(cand[0], R_OK), 0);
		free(cand[0]);
		free(name);
		free(dir);
		o.index.dir = NULL;
	}

	/* A directory we cannot write: the cache directory instead. */
	if (geteuid() != 0) {
		char *ro = fixture_path(f, "ro");
		char *rolog = fixture_path(f, "ro/r.log");
		char *cache = fixture_path(f, "cache");
		char *old = getenv("XDG_CACHE_HOME");
		char *saved = old ? xstrdup(old) : NULL;
		struct index_lookup lk;
		window_file *wf;
		char err[LS_ERRSZ];

		assert_int_equal(mkdir(ro, 0700), 0);
		fixture_write(rolog, "x\ny\n", 4, "wb");
		assert_int_equal(chmod(ro, 0500), 0);
		setenv("XDG_CACHE_HOME", cache, 1);
		assert_int_equal(build(rolog, &o, 0, NULL, NULL),
		                 INDEX_PLAN_FULL);
		assert_int_equal(count_entries(ro), 1);
		assert_int_equal(window_open(&wf, rolog, 0, err), 0);
		assert_int_equal(index_lookup(&lk, rolog, NULL, wf, err), 0);
		window_close(wf);
		assert_int_equal(lk.state, INDEX_STATE_FRESH);
		assert_non_null(strstr(lk.path, "/cache/logscan/r.log."));
		index_lookup_free(&lk);
		if (saved) {
			setenv("XDG_CACHE_HOME", saved, 1);
			free(saved);
		} else {
			unsetenv("XDG_CACHE_HOME");
		}
		chmod(ro, 0700);
		free(ro);
		free(rolog);
		free(cache);
	}
	free(s);
	free(log);
	free(idx);
	free(other);
}

/* ---- info's YAML ------------------------------------------------------ */

/* Run cmd_info with stdout redirected to a file; return the output. */
static char *
run_info(const struct fixture *f, char **argv, int argc, int *status)
{
	char *out = fixture_path(f, "info.out");
	int saved = dup(1), fd;
	size_t n;
	char *text;

	fflush(stdout);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 1);
	close(fd);
	*status = cmd_info(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	text = (char *)fixture_read(out, &n);
	text[n] = '\0';
	unlink(out);
	free(out);
	return text;
}

/*
 * Parse YAML text with libyaml (failing the test if it does not parse) and
 * return the number of documents; when key (a dotted path of mapping keys,
 * e.g. "index.freshness") names a scalar in document doc (0-based), copy it
 * to val, else leave val "".
 */
static int
yaml_lookup(const char *text, int doc, const char *key, char *val, size_t vsize)
{
	struct frame {
		char key[64];
		int expect_key; /* -1 in a sequence */
	} st[16];
	yaml_parser_t p;
	yaml_event_t ev;
	int top = -1, d = -1;

	val[0] = '\0';
	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text,
	                             strlen(text));
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			fail_msg("YAML does not parse: %s at line %zu",
			         p.problem, p.problem_mark.line + 1);
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			d++;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			assert_true(top + 1 < 16);
			top++;
			st[top].key[0] = '\0';
			st[top].expect_key =
			    ev.type == YAML_MAPPING_START_EVENT ? 1 : -1;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			top--;
			if (top >= 0 && st[top].expect_key == 0)
				st[top].expect_key = 1;
			break;
		case YAML_SCALAR_EVENT:
			if (top < 0 || st[top].expect_key < 0)
				break;
			if (st[top].expect_key) {
				snprintf(st[top].key, sizeof(st[top].key), "%s",
				         (char *)ev.data.scalar.value);
				st[top].expect_key = 0;
				break;
			}
			st[top].expect_key = 1;
			if (d == doc) {
				char path[256] = "";

				for (int i = 0; i <= top; i++) {
					if (i > 0)
						strcat(path, ".");
					strcat(path, st[i].key);
				}
				if (strcmp(path, key) == 0)
					snprintf(val, vsize, "%s",
					         (char *)ev.data.scalar.value);
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return d + 1;
}

static void
test_info_yaml(void **state)
{
	struct fixture *f = *state;
	char *log = fixture_path(f, "i: tricky # name.log");
	char *log2 = fixture_path(f, "plain.log");
	char cmd[] = "info";
	char *argv[] = {cmd, log, log2, NULL};
	char val[256], *text;
	struct plan_params o;
	int status;

	fixture_write(log, "a\nb\nc\n", 6, "wb");
	fixture_write(log2, "x\n", 2, "wb");
	memset(&o, 0, sizeof(o));
	assert_int_equal(build(log, &o, 0, NULL, NULL), INDEX_PLAN_FULL);

	text = run_info(f, argv, 3, &status);
	assert_int_equal(status, 0);
	assert_int_equal(yaml_lookup(text, 0, "path", val, sizeof(val)), 2);
	assert_string_equal(val, log);
	yaml_lookup(text, 0, "lines", val, sizeof(val));
	assert_string_equal(val, "3");
	yaml_lookup(text, 0, "size", val, sizeof(val));
	assert_string_equal(val, "6");
	yaml_lookup(text, 0, "index.freshness", val, sizeof(val));
	assert_string_equal(val, "fresh");
	yaml_lookup(text, 0, "index.groups", val, sizeof(val));
	assert_string_equal(val, "1");
	yaml_lookup(text, 1, "index.freshness", val, sizeof(val));
	assert_string_equal(val, "missing");
	yaml_lookup(text, 1, "lines", val, sizeof(val));
	assert_string_equal(val, "not indexed");
	free(text);

	fixture_write(log, "d\n", 2, "ab");
	text = run_info(f, argv, 2, &status);
	yaml_lookup(text, 0, "index.freshness", val, sizeof(val));
	assert_string_equal(val, "appended");
	yaml_lookup(text, 0, "index.appended_bytes", val, sizeof(val));
	assert_string_equal(val, "2");
	yaml_lookup(text, 0, "lines", val, sizeof(val));
	assert_string_equal(val, "4");
	free(text);
	free(log);
	free(log2);
}

/*
 * A link planted at the temporary name an index write would use (the
 * same seed gives the same first name) is not followed: the write gets
 * another name, and the link and its target stay as they were.
 */
static void
test_temp_symlink(void **state)
{
	struct fixture *f = *state;
	char *target = fixture_path(f, "precious");
	char tmp[NAME_MAX + 1], tmp2[NAME_MAX + 1], *link;
	unsigned char *got;
	struct stat st;
	size_t n;
	int dfd, fd;

	fixture_write(target, "precious\n", 9, "wb");
	dfd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	fd = index_temp_open(dfd, "app.log.lsidx", 42, tmp);
	assert_true(fd >= 0);
	assert_int_equal(strncmp(tmp, "app.log.lsidx.tmp.", 18), 0);
	assert_int_equal(strlen(tmp), 18 + 6);
	close(fd);
	assert_int_equal(unlinkat(dfd, tmp, 0), 0);
	/* The same seed, a link at its first name. */
	link = fixture_path(f, tmp);
	assert_int_equal(symlink(target, link), 0);
	fd = index_temp_open(dfd, "app.log.lsidx", 42, tmp2);
	assert_true(fd >= 0);
	assert_string_not_equal(tmp, tmp2);
	assert_int_equal(write(fd, "index", 5), 5);
	close(fd);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	got = fixture_read(target, &n);
	assert_int_equal(n, 9);
	assert_memory_equal(got, "precious\n", 9);
	free(got);
	/* A dangling link is not followed to create its target either. */
	assert_int_equal(unlinkat(dfd, tmp2, 0), 0);
	assert_int_equal(unlink(link), 0);
	free(target);
	target = fixture_path(f, "created-through-link");
	assert_int_equal(symlink(target, link), 0);
	fd = index_temp_open(dfd, "app.log.lsidx", 42, tmp2);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(stat(target, &st), -1);
	assert_int_equal(errno, ENOENT);
	free(target);
	free(link);
	close(dfd);
}

/* A small generator for test_merge_notes (xorshift64). */
static uint64_t
mn_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * The merge step of a parallel build (index_from_notes()) against the
 * rule written out line by line: random logs (empty lines, long lines,
 * lines without timestamps, times that go back, a last line without
 * '\n'), cut into random parts at line boundaries (empty parts too),
 * random group limits.  Every group, the line count, the tail and the
 * carried time must be those of the one-line-at-a-time rule.
 */
static void
test_merge_notes(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15u;

	(void)state;
	for (int round = 0; round < 400; round++) {
		uint64_t nl = 1 + mn_rand(&x) % 600, size = 0, gl, gb;
		uint64_t *len = xcalloc(nl, sizeof(*len));
		int64_t *ts = xcalloc(nl, sizeof(*ts)); /* INT64_MIN: none */
		int partial = mn_rand(&x) % 3 == 0, timed = round % 4 != 0;
		int64_t clock = 1700000000000000000;
		struct index_notes *parts;
		size_t nparts = 0;
		struct index_data want, got;
		uint64_t gstart = 0, glines = 0, lines = 0, off = 0;
		int64_t carry = INDEX_TIME_NONE;

		for (uint64_t i = 0; i < nl; i++) {
			uint64_t r = mn_rand(&x) % 100;

			len[i] = r < 10 ? 0 : r < 15 ? 200 + mn_rand(&x) % 3000
			                               : mn_rand(&x) % 120;
			size += len[i] + 1;
			ts[i] = INT64_MIN;
			if (timed && i > 2 && mn_rand(&x) % 3 != 0) {
				clock += (int64_t)(mn_rand(&x) % 1000000);
				ts[i] = mn_rand(&x) % 20 == 0
				            ? clock - 5000000000
				            : clock;
			}
		}
		if (len[nl - 1] == 0)
			partial = 0; /* an empty last line is no line */
		if (partial)
			size--; /* the last line has no '\n' */
		switch (mn_rand(&x) % 3) {
		case 0:
			gl = 1 + mn_rand(&x) % 8;
			gb = 1 + mn_rand(&x) % 400;
			break;
		case 1:
			gl = 1 + mn_rand(&x) % 40;
			gb = UINT64_MAX;
			break;
		default:
			gl = 100000;
			gb = 1 + mn_rand(&x) % 2000;
			break;
		}

		/* The rule, one line at a time. */
		memset(&want, 0, sizeof(want));
		want.groups = xcalloc(nl + 1, sizeof(*want.groups));
		want.groups[0] = (struct index_group){0, 1, INDEX_TIME_NONE,
		                                      INDEX_TIME_NONE, 0};
		want.ngroups = 1;
		for (uint64_t i = 0; i < nl; i++) {
			struct index_group *g = &want.groups[want.ngroups - 1];

			if (partial && i == nl - 1)
				break;
			if (ts[i] != INT64_MIN)
				carry = ts[i];
			if (carry != INDEX_TIME_NONE) {
				if (g->time_min == INDEX_TIME_NONE ||
				    carry < g->time_min)
					g->time_min = carry;
				if (g->time_max == INDEX_TIME_NONE ||
				    carry > g->time_max)
					g->time_max = carry;
			}
			off += len[i] + 1;
			lines++;
			glines++;
			if (off < size &&
			    (glines >= gl || off - gstart >= gb)) {
				want.groups[want.ngroups++] =
				    (struct index_group){off, lines + 1,
				                         INDEX_TIME_NONE,
				                         INDEX_TIME_NONE, 0};
				gstart = off;
				glines = 0;
			}
		}
		want.total_lines = nl;
		want.tail_off = partial ? off : size;

		/* Random parts, as workers would note them. */
		parts = xcalloc(3 * nl + 2, sizeof(*parts));
		off = 0;
		for (uint64_t i = 0; i < nl || nparts == 0;) {
			struct index_notes *p = &parts[nparts++];
			uint64_t k = mn_rand(&x) % 4 == 0 && nparts < 2 * nl
			                 ? 0
			                 : 1 + mn_rand(&x) % 50;
			int64_t c = INDEX_TIME_NONE;

			if (k > nl - i)
				k = nl - i;
			p->start = off;
			p->ends = xcalloc(k + 1, sizeof(*p->ends));
			p->times = timed ? xcalloc(k + 1, sizeof(*p->times))
			                 : NULL;
			p->last_nl = 1;
			for (uint64_t j = 0; j < k; j++, i++) {
				if (partial && i == nl - 1) {
					p->last_nl = 0;
					p->last_line = off;
					off += len[i];
					i++;
					break;
				}
				p->ends[p->n] = (uint32_t)(off + len[i] - p->start);
				if (ts[i] != INT64_MIN)
					c = ts[i];
				if (c == INDEX_TIME_NONE)
					p->lead++;
				else if (timed)
					p->times[p->n] = c;
				p->n++;
				off += len[i] + 1;
			}
			p->carry = c;
			p->end = off;
		}
		assert_int_equal(off, size);
		assert_int_equal(index_from_notes(gl, gb, size, parts, nparts,
		                                  &got),
		                 0);
		assert_int_equal(got.ngroups, want.ngroups);
		for (uint64_t i = 0; i < want.ngroups; i++) {
			assert_int_equal(got.groups[i].offset,
			                 want.groups[i].offset);
			assert_int_equal(got.groups[i].first_line,
			                 want.groups[i].first_line);
			assert_int_equal(got.groups[i].time_min,
			                 want.groups[i].time_min);
			assert_int_equal(got.groups[i].time_max,
			                 want.groups[i].time_max);
		}
		assert_int_equal(got.total_lines, want.total_lines);
		assert_int_equal(got.tail_off, want.tail_off);
		assert_int_equal(!!(got.flags & INDEX_F_PARTIAL_LAST), partial);
		if (timed)
			assert_int_equal(got.time_carry, carry);
		for (size_t i = 0; i < nparts; i++) {
			free(parts[i].ends);
			free(parts[i].times);
		}
		free(parts);
		index_data_free(&got);
		free(want.groups);
		free(len);
		free(ts);
	}
}

/*
 * The times an index records are those the reference reading gives
 * (timefmt_line_time_seq(), one line after another), whatever shortcut
 * the builder takes for lines in the hour and shape of the line before
 * (quick_key(), quick_time(), the lines without a digit where the year
 * goes): a log of every shape around them, read in order and in parts.
 */
/* Shape k of what follows the seconds of a timestamp, with v. */
static void
times_tail(char *b, size_t n, uint64_t k, int v)
{
	switch (k) {
	case 0: snprintf(b, n, ".%03dZ INFO a", v); break;
	case 1: snprintf(b, n, ".%06dZ WARN b", v * 997); break;
	case 2: snprintf(b, n, "Z DEBUG c"); break;
	case 3: snprintf(b, n, ".%01dZ d", v % 10); break;
	case 4: snprintf(b, n, ",%03dZ comma", v); break;
	case 5: snprintf(b, n, ".%03d+01:00 offset", v); break;
	case 6: snprintf(b, n, ".%03d zoneless", v); break;
	case 7: snprintf(b, n, ".%03dZ5 digit after", v); break;
	case 8: snprintf(b, n, ".%03dZ", v); break;
	case 9: snprintf(b, n, ".1234567891Z ten digits"); break;
	case 10: snprintf(b, n, ".%03dz lower", v); break;
	default: snprintf(b, n, ".%02dZ two", v % 100); break;
	}
}

static char *
times_log(uint64_t seed, const char *lead, uint64_t main, size_t nlines,
          size_t *len)
{
	size_t cap = nlines * 120 + 64, n = 0;
	char *s = xmalloc(cap);
	uint64_t x = seed * 2654435761u + 1;
	int64_t clock = 1772366400; /* 2026-03-01T12:00:00Z */

	for (size_t i = 0; i < nlines; i++) {
		uint64_t r = mn_rand(&x) % 100;
		char stamp[32], tail[64];
		time_t c;
		struct tm tm;

		clock += (int64_t)(mn_rand(&x) % 97);
		if (mn_rand(&x) % 50 == 0)
			clock -= 3600; /* back an hour */
		c = (time_t)clock;
		gmtime_r(&c, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		if (r < 2)
			stamp[17] = '6', stamp[18] = '0'; /* leap second */
		else if (r < 3)
			memcpy(stamp + 14, "61", 2); /* no minute */
		else if (r < 4)
			memcpy(stamp, "2026-02-30", 10); /* no date */
		if (r < 55)
			times_tail(tail, sizeof(tail), main,
			           (int)(mn_rand(&x) % 1000));
		else if (r < 80)
			times_tail(tail, sizeof(tail), mn_rand(&x) % 12,
			           (int)(mn_rand(&x) % 1000));
		if (r >= 80 && r < 88)
			n += (size_t)snprintf(s + n, cap - n,
			                      "\tat Foo.bar(Foo.java:%d)\n",
			                      (int)i);
		else if (r >= 88 && r < 91)
			n += (size_t)snprintf(s + n, cap - n, "\n");
		else if (r >= 91 && r < 93)
			n += (size_t)snprintf(s + n, cap - n,
			                      "\xEF\xBB\xBF%s%s.%03dZ bom\n", lead,
			                      stamp, (int)i % 1000);
		else if (r >= 93 && r < 95)
			n += (size_t)snprintf(s + n, cap - n, "x%s.250Z word\n",
			                      stamp);
		else if (r >= 95)
			n += (size_t)snprintf(s + n, cap - n, "%s%s.%03dZ\n",
			                      lead, stamp, (int)i % 1000);
		else
			n += (size_t)snprintf(s + n, cap - n, "%s%s%s\n", lead,
			                      stamp, tail);
	}
	*len = n;
	return s;
}

static void
test_times_exact(void **state)
{
	struct fixture *f = *state;
	const char *leads[] = {"", "["};
	/* The commonest shape of each log: a fraction of 3, 0, 1, 2 and 6
	 * digits. */
	const uint64_t mains[] = {0, 2, 3, 11, 1};

	for (size_t round = 0; round < 10; round++) {
		size_t li = round % 2;
		char *log = fixture_path(f, "times.log");
		size_t n;
		char *s = times_log(7 + round, leads[li], mains[round / 2], 6000,
		                    &n);
		char err[LS_ERRSZ];
		struct index_timing t;
		struct index_data d, dj;
		struct timefmt_seq seq;
		timefmt *tf;
		window_file *wf;
		size_t col;
		uint64_t g = 0, off = 0;
		int64_t carry = INDEX_TIME_NONE, lo = INDEX_TIME_NONE,
		        hi = INDEX_TIME_NONE;
		unsigned char *b1, *b2;
		size_t l1, l2;

		fixture_write(log, s, n, "wb");
		assert_int_equal(timefmt_open(&tf, NULL, err), 0);
		assert_int_equal(timefmt_detect(tf, s, n < 65536 ? n : 65536),
		                 1);
		assert_string_equal(timefmt_chosen(tf)->name, "iso8601");
		assert_true(timefmt_fixed_column(tf, &col));
		assert_int_equal(col, li);
		t.tf = tf;
		t.zone = NULL;
		assert_int_equal(window_open(&wf, log, 4096, err), 0);
		if (index_scan_log_timed(wf, 40, 2000, &t, NULL, &d, NULL, NULL,
		                         err) != 0)
			fail_msg("index_scan_log_timed: %s", err);
		window_close(wf);
		/* The reference, line by line, in the index's groups. */
		timefmt_seq_init(&seq, 1);
		while (off < n) {
			const char *p = s + off, *e = memchr(p, '\n', n - off);
			int64_t ns;

			if (g + 1 < d.ngroups && off == d.groups[g + 1].offset) {
				assert_int_equal(d.groups[g].time_min, lo);
				assert_int_equal(d.groups[g].time_max, hi);
				g++;
				lo = hi = INDEX_TIME_NONE;
			}
			if (timefmt_line_time_seq(tf, p, (size_t)(e - p), &seq,
			                          &ns) > 0)
				carry = ns;
			if (carry != INDEX_TIME_NONE) {
				if (lo == INDEX_TIME_NONE || carry < lo)
					lo = carry;
				if (hi == INDEX_TIME_NONE || carry > hi)
					hi = carry;
			}
			off = (uint64_t)(e + 1 - s);
		}
		assert_int_equal(g + 1, d.ngroups);
		assert_int_equal(d.groups[g].time_min, lo);
		assert_int_equal(d.groups[g].time_max, hi);
		assert_int_equal(d.time_carry, carry);
		/* In parts, by threads: the same index. */
		index_encode(&d, &b1, &l1);
		for (unsigned th = 2; th <= 3; th++) {
			assert_int_equal(window_open(&wf, log, 4096, err), 0);
			if (index_scan_log_jobs(wf, 40, 2000, &t, NULL, th,
			                        4096 * th + 1000, &dj, NULL,
			                        NULL, NULL, err) != 0)
				fail_msg("index_scan_log_jobs: %s", err);
			window_close(wf);
			index_encode(&dj, &b2, &l2);
			assert_int_equal(l1, l2);
			assert_memory_equal(b1, b2, l1);
			free(b2);
			index_data_free(&dj);
		}
		free(b1);
		index_data_free(&d);
		timefmt_close(tf);
		free(s);
		free(log);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_vectors),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_layout_little_endian),
	    cmocka_unit_test(test_compressed_section),
	    cmocka_unit_test(test_time_def),
	    cmocka_unit_test(test_merge_notes),
	    cmocka_unit_test_setup_teardown(test_times_exact, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_corruption, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_temp_symlink, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_group_cutting, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_groups, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_incremental_equals_full, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_freshness, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_find_group_boundaries, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_plan_lines, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_plan_lying_offset, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_plan_partial_tail, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_build_files, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_info_yaml, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
