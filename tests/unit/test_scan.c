#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"
#include "regex.h"
#include "scan.h"
#include "util.h"
#include "window.h"

/*
 * The scanner is driven here the way window_scan() drives it, with windows
 * crafted in memory: each window is a separate heap copy of some whole
 * lines, so a scanner that kept a pointer into an old window, or read past
 * one, would be caught (under the sanitizers) or print garbage.
 */

static struct scan_params
params(void)
{
	struct scan_params p;

	memset(&p, 0, sizeof(p));
	p.max_count = -1;
	return p;
}

struct outcome {
	char *out;              /* what was printed, NUL-terminated */
	size_t outlen;          /* its length (it may hold NUL bytes) */
	struct scan_result res; /* scan_end()'s report */
	int rc;                 /* the first nonzero scan_window() value */
	char err[LS_ERRSZ];
};

/*
 * Scan text with pattern pat, cut into windows at the byte offsets
 * cuts[0..ncuts) (each the start of a line), as one region from line 1.
 */
static void
run(const struct scan_params *p, const char *pat, unsigned rflags,
    const char *text, size_t len, const size_t *cuts, size_t ncuts,
    struct outcome *oc)
{
	char path[] = "/tmp/test_scan.XXXXXX";
	int fd = mkstemp(path);
	const char *pats[] = {pat};
	struct region whole = {0, UINT64_MAX, 1};
	char err[LS_ERRSZ];
	regex *re;
	output *out;
	scanner *sc;
	size_t k, start = 0;
	FILE *f;
	long n;

	assert_true(fd >= 0);
	unlink(path);
	if (regex_compile(&re, pats, 1, rflags, err) != 0)
		fail_msg("%s", err);
	out = output_open(fd, 0, 0);
	sc = scan_open(p, re, out);
	scan_begin(sc, "f");
	scan_region(sc, &whole);
	oc->rc = 0;
	oc->err[0] = '\0';
	for (k = 0; k <= ncuts && oc->rc == 0; k++) {
		size_t end = k < ncuts ? cuts[k] : len;
		struct window w;
		char *copy;

		if (end == start)
			continue;
		copy = xmalloc(end - start);
		memcpy(copy, text + start, end - start);
		w.data = copy;
		w.len = end - start;
		w.offset = start;
		w.last = end == len;
		oc->rc = scan_window(sc, &w);
		if (oc->rc < 0)
			snprintf(oc->err, sizeof(oc->err), "%s",
			         scan_error(sc));
		free(copy);
		start = end;
	}
	if (oc->rc >= 0)
		scan_end(sc, &oc->res);
	assert_int_equal(output_flush(out), 0);
	scan_close(sc);
	output_close(out);
	regex_free(re);

	f = fdopen(fd, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	oc->out = xmalloc((size_t)n + 1);
	assert_int_equal(fread(oc->out, 1, (size_t)n, f), (size_t)n);
	oc->out[n] = '\0';
	oc->outlen = (size_t)n;
	fclose(f);
}

/* Line starts of text (not counting 0), for cutting. */
static size_t
line_starts(const char *text, size_t len, size_t *starts, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i + 1 < len && n < max; i++)
		if (text[i] == '\n')
			starts[n++] = i + 1;
	return n;
}

/*
 * Scan text as one window and check the output; then again cut into
 * windows in several ways (at each line start alone, and at every line
 * start), which must not change a byte of it.
 */
static void
check(const struct scan_params *p, const char *pat, unsigned rflags,
      const char *text, size_t len, const char *want)
{
	struct outcome one, cut;
	size_t starts[256], n = line_starts(text, len, starts, 256), k;

	run(p, pat, rflags, text, len, NULL, 0, &one);
	if (want != NULL && strcmp(one.out, want) != 0)
		fail_msg("/%s/: got\n%s---\nwanted\n%s---", pat, one.out, want);
	for (k = 0; k <= n; k++) {
		if (k < n)
			run(p, pat, rflags, text, len, starts + k, 1, &cut);
		else
			run(p, pat, rflags, text, len, starts, n, &cut);
		if (strcmp(one.out, cut.out) != 0)
			fail_msg("/%s/ cut %s %zu: got\n%s---\nwanted\n%s---",
			         pat, k < n ? "at" : "everywhere",
			         k < n ? starts[k] : n, cut.out, one.out);
		assert_true(cut.res.selected == one.res.selected);
		assert_int_equal(cut.res.binary, one.res.binary);
		free(cut.out);
	}
	free(one.out);
}

#define CHECK(p, pat, text, want) check(p, pat, 0, text, strlen(text), want)

static const char numbered[] = "1 a\n2 foo\n3 b\n4 c\n5 d\n6 foo\n7 e\n8 foo\n"
                               "9 f\n10 g\n";

static void
test_plain(void **state)
{
	struct scan_params p = params();

	(void)state;
	CHECK(&p, "foo", numbered, "2 foo\n6 foo\n8 foo\n");
	CHECK(&p, "zzz", numbered, "");
	p.line_number = 1;
	CHECK(&p, "foo", numbered, "2:2 foo\n6:6 foo\n8:8 foo\n");
	p.byte_offset = 1;
	CHECK(&p, "foo", numbered, "2:4:2 foo\n6:22:6 foo\n8:32:8 foo\n");
	p.with_filename = 1;
	CHECK(&p, "^1", numbered, "f:1:0:1 a\nf:10:42:10 g\n");
	/* A last line without its newline gets one. */
	p = params();
	CHECK(&p, "b", "a\nb", "b\n");
	CHECK(&p, "", "", "");
}

static void
test_invert_and_count(void **state)
{
	struct scan_params p = params();

	(void)state;
	p.invert = 1;
	CHECK(&p, "foo|[a-e]$", numbered, "9 f\n10 g\n");
	p.line_number = 1;
	CHECK(&p, "^[0-8] ", numbered, "9:9 f\n10:10 g\n");
	p = params();
	p.count = 1;
	CHECK(&p, "foo", numbered, "3\n");
	p.invert = 1;
	CHECK(&p, "foo", numbered, "7\n");
	p.with_filename = 1;
	p.max_count = 2;
	CHECK(&p, "foo", numbered, "f:2\n");
	p.invert = 0;
	CHECK(&p, "zzz", numbered, "f:0\n");
	/* No trailing newline: the last line still counts. */
	p = params();
	p.count = 1;
	p.invert = 1;
	CHECK(&p, "x", "a\nb\nc", "3\n");
}

static void
test_context(void **state)
{
	struct scan_params p = params();

	(void)state;
	p.line_number = 1;
	p.separators = 1;
	p.before = p.after = 1;
	CHECK(&p, "foo", numbered,
	      "1-1 a\n2:2 foo\n3-3 b\n--\n5-5 d\n6:6 foo\n7-7 e\n8:8 foo\n"
	      "9-9 f\n");
	p.before = 3;
	p.after = 0;
	CHECK(&p, "foo", numbered,
	      "1-1 a\n2:2 foo\n3-3 b\n4-4 c\n5-5 d\n6:6 foo\n7-7 e\n8:8 foo\n");
	p.before = 0;
	CHECK(&p, "foo", numbered, "2:2 foo\n--\n6:6 foo\n--\n8:8 foo\n");
	/* Many lines back, across every window cut. */
	p.before = 8;
	CHECK(&p, "^9", numbered,
	      "1-1 a\n2-2 foo\n3-3 b\n4-4 c\n5-5 d\n6-6 foo\n7-7 e\n8-8 foo\n"
	      "9:9 f\n");
	p.before = 2;
	p.after = 2;
	p.invert = 1;
	CHECK(&p, "^[^9]", numbered, "7-7 e\n8-8 foo\n9:9 f\n10-10 g\n");
	/* -m: stop after the count, but print the trailing context, which
	 * may hold matching lines (as context). */
	p = params();
	p.line_number = 1;
	p.separators = 1;
	p.max_count = 1;
	p.after = 4;
	CHECK(&p, "foo", numbered, "2:2 foo\n3-3 b\n4-4 c\n5-5 d\n6-6 foo\n");
	p.max_count = 2;
	p.after = 1;
	p.before = 1;
	CHECK(&p, "foo", numbered,
	      "1-1 a\n2:2 foo\n3-3 b\n--\n5-5 d\n6:6 foo\n7-7 e\n");
}

static void
test_only_matching_and_color(void **state)
{
	struct scan_params p = params();

	(void)state;
	p.only_matching = 1;
	p.byte_offset = 1;
	CHECK(&p, "o+", "foo boo\nbar\nxo\n", "1:oo\n5:oo\n13:o\n");
	p.byte_offset = 0;
	/* Empty matches print nothing. */
	CHECK(&p, "o*", "foo boo\nbar\n", "oo\noo\n");
	p.invert = 1;
	CHECK(&p, "o", "foo\nbar\n", "");
	p = params();
	p.color = 1;
	p.with_filename = 1;
	p.line_number = 1;
	CHECK(&p, "o", "foo\nbar\n",
	      "\33[35m\33[Kf\33[m\33[K\33[36m\33[K:\33[m\33[K"
	      "\33[32m\33[K1\33[m\33[K\33[36m\33[K:\33[m\33[K"
	      "f\33[01;31m\33[Ko\33[m\33[K\33[01;31m\33[Ko\33[m\33[K\n");
}

static void
binary_cases(unsigned rflags)
{
	static const char text[] = "a foo\nb\nc \0 foo\nfoo\n";
	size_t len = sizeof(text) - 1;
	struct scan_params p = params();
	struct outcome oc;

	/* NUL in the (only) block: nothing printed, "binary file matches". */
	run(&p, "foo", rflags, text, len, NULL, 0, &oc);
	assert_string_equal(oc.out, "");
	assert_int_equal(oc.res.binary, 1);
	assert_true(oc.res.selected > 0);
	free(oc.out);
	/* No match after the NUL: not even that. */
	run(&p, "zzz", rflags, text, len, NULL, 0, &oc);
	assert_string_equal(oc.out, "");
	assert_int_equal(oc.res.binary, 0);
	free(oc.out);
	/* -c counts the pieces between NULs as lines, as grep does. */
	p.count = 1;
	run(&p, "foo", rflags, text, len, NULL, 0, &oc);
	assert_string_equal(oc.out, "3\n");
	assert_int_equal(oc.res.binary, 0);
	free(oc.out);
	p.invert = 1;
	run(&p, "foo", rflags, text, len, NULL, 0, &oc);
	assert_string_equal(oc.out, "2\n");
	free(oc.out);
	/* -a: text. */
	p = params();
	p.binary = BINARY_TEXT;
	run(&p, "c ", rflags, text, len, NULL, 0, &oc);
	assert_memory_equal(oc.out, "c \0 foo\n", 8);
	free(oc.out);
	/* -I: a binary file has no matches at all. */
	p.binary = BINARY_SKIP;
	p.count = 1;
	run(&p, "foo", rflags, text, len, NULL, 0, &oc);
	assert_string_equal(oc.out, "0\n");
	assert_true(oc.res.selected == 0);
	free(oc.out);
}

/* -Z, -T, the group separator, GREP_COLORS and grep's -w/-x quirks. */
static void
test_printer_options(void **state)
{
	struct scan_params p = params();
	palette *pal;

	(void)state;
	p.with_filename = 1;
	p.null_name = 1;
	CHECK(&p, "foo", "a\nfoo\n", "f\0foo\n");
	p.count = 1;
	CHECK(&p, "foo", "a\nfoo\n", "f\0" "1\n");
	p = params();
	p.null_name = 1;
	p.list_files = 1;
	CHECK(&p, "foo", "a\nfoo\n", "f\0");
	/* -T: a tab after a prefix, none before an empty line; numbers are
	 * not padded until scan_set_size() gives a width. */
	p = params();
	p.align_tabs = 1;
	p.line_number = 1;
	CHECK(&p, "^(foo)?$", "\nfoo\n", "1:\n2:\tfoo\n");
	p.line_number = 0;
	CHECK(&p, "foo", "foo\n", "foo\n");
	/* The group separator, and NULL for grep's "--". */
	p = params();
	p.separators = 1;
	p.group_sep = "XX";
	CHECK(&p, "foo", numbered, "2 foo\nXX\n6 foo\nXX\n8 foo\n");
	p.group_sep = "";
	CHECK(&p, "foo", numbered, "2 foo\n\n6 foo\n\n8 foo\n");
	p.group_sep = NULL;
	CHECK(&p, "foo", numbered, "2 foo\n--\n6 foo\n--\n8 foo\n");
	/* A palette: sl colours the rest of a selected line, ne drops the
	 * erase sequences. */
	pal = palette_open(NULL, "sl=1:ms=32:ne");
	p = params();
	p.color = 1;
	p.palette = pal;
	CHECK(&p, "o", "foo\n",
	      "\33[1mf\33[32mo\33[m\33[1m\33[32mo\33[m\n");
	palette_free(pal);
	/* grep -x -w takes the newline into the match for -o. */
	p = params();
	p.only_matching = 1;
	p.xw_newline = 1;
	check(&p, "a", REGEX_LINE | REGEX_WORD, "a\n", 2, "a\n\n");
	p.xw_newline = 0;
	check(&p, "a", REGEX_LINE | REGEX_WORD, "a\n", 2, "a\n");
	/* grep's matcher for several literals resumes as at a line start:
	 * no word break is needed right after a match. */
	p.fresh_start = 1;
	check(&p, "-a", REGEX_FIXED | REGEX_WORD, "-a-a\n", 5, "-a\n-a\n");
	p.fresh_start = 0;
	check(&p, "-a", REGEX_FIXED | REGEX_WORD, "-a-a\n", 5, "-a\n");
}

static void
test_binary(void **state)
{
	(void)state;
	binary_cases(0);             /* the NUL check rides on the search */
	binary_cases(REGEX_NO_FAST); /* a pass of its own */
}

/*
 * Lines before a NUL far into the file are still printed: those that end
 * in a 96 KiB block before the NUL's; the others are not.
 */
static void
test_binary_late(void **state)
{
	static const unsigned modes[] = {0, REGEX_NO_FAST};
	size_t len = 100000, i, k;
	char *text = xmalloc(len);
	struct scan_params p = params();
	struct outcome oc;

	(void)state;
	for (i = 0; i < len; i++)
		text[i] = i % 10 == 9 ? '\n' : 'x';
	memcpy(text, "foo", 3);
	memcpy(text + 50000, "foo", 3);
	memcpy(text + 99990, "foo", 3);
	text[len - 5] = '\0';
	for (k = 0; k < 2; k++) {
		run(&p, "foo", modes[k], text, len, NULL, 0, &oc);
		assert_string_equal(oc.out, "fooxxxxxx\nfooxxxxxx\n");
		assert_int_equal(oc.res.binary, 1);
		free(oc.out);
	}
	free(text);
}

/*
 * grep's binary-file rule, whatever the pattern, the mode and the windows:
 * a line is text when the file has no NUL before the end of the 96 KiB
 * block in which the line ends.  Windows smaller than a block, larger, and
 * cut anywhere (the lines of a block that goes on past a window are held
 * back until the next one).
 */
static void
test_binary_blocks(void **state)
{
	static const size_t nuls[] = {5,      60000,  98303,  98304, 98305,
	                              150000, 196607, 196608, 229990};
	static const size_t steps[] = {0, 4096, 40000, 150000};
	static const struct {
		unsigned rflags;
		int count, invert;
		const char *pat;
	} modes[] = {
	    {0, 0, 0, "foo"}, {REGEX_NO_FAST, 0, 0, "foo"},
	    {0, 1, 0, "foo"}, {REGEX_NO_FAST, 1, 0, "foo"},
	    {0, 0, 1, "foo"}, {0, 1, 1, "foo"},
	    {0, 0, 0, "fo+"}, {0, 0, 0, "^foo|bar"},
	};
	const uint64_t block = (uint64_t)96 << 10;
	size_t len = 230000, i, n, k, m, s;
	char *text = xmalloc(len), *want = xmalloc(len + 1);
	size_t *cuts = xreallocarray(NULL, len, sizeof(*cuts));
	struct outcome oc;

	(void)state;
	/* Lines of 10 bytes; "foo" starts every 7th. */
	for (i = 0; i < len; i++)
		text[i] = i % 10 == 9 ? '\n' : 'x';
	for (i = 0; i < len; i += 70)
		memcpy(text + i, "foo", 3);
	for (k = 0; k < sizeof(nuls) / sizeof(nuls[0]); k++) {
		size_t at = nuls[k];
		char saved = text[at];

		text[at] = '\0';
		for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			struct scan_params p = params();
			uint64_t cnt = 0;
			size_t wl = 0;

			p.count = modes[m].count;
			p.invert = modes[m].invert;
			/* What the rule prints, or counts, before the
			 * file turns binary. */
			for (i = 0; i < len; i += 10) {
				uint64_t eol = i + 9;
				int sel = memcmp(text + i, "foo", 3) == 0;

				if (modes[m].invert)
					sel = !sel;
				if ((eol / block + 1) * block > at)
					break;
				if (!sel)
					continue;
				cnt++;
				memcpy(want + wl, text + i, 10);
				wl += 10;
			}
			want[wl] = '\0';
			if (p.count)
				snprintf(want, len, "%llu\n",
				         (unsigned long long)cnt);
			for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
				n = 0;
				if (steps[s] > 0)
					for (i = steps[s]; i < len;
					     i += steps[s]) {
						size_t c = i - i % 10;

						if (n == 0 || c > cuts[n - 1])
							cuts[n++] = c;
					}
				run(&p, modes[m].pat, modes[m].rflags, text,
				    len, cuts, n, &oc);
				if (p.count) {
					/* The count goes on past the NUL,
					 * in pieces: only its start is
					 * checked. */
					if (oc.res.selected < cnt)
						fail_msg(
						    "NUL at %zu, mode %zu, "
						    "windows of %zu: count "
						    "%s",
						    at, m, steps[s], oc.out);
				} else if (strcmp(oc.out, want) != 0) {
					fail_msg("NUL at %zu, mode %zu, "
					         "windows of %zu: %zu bytes "
					         "printed, wanted %zu",
					         at, m, steps[s],
					         strlen(oc.out), strlen(want));
				}
				free(oc.out);
			}
		}
		text[at] = saved;
	}
	free(text);
	free(want);
	free(cuts);
}

static void
test_lists_and_quiet(void **state)
{
	struct scan_params p = params();
	struct outcome oc;

	(void)state;
	p.list_files = 1;
	p.with_filename = 1;
	run(&p, "foo", 0, numbered, strlen(numbered), NULL, 0, &oc);
	assert_string_equal(oc.out, "f\n");
	assert_int_equal(oc.rc, 1); /* the file stops at once */
	free(oc.out);
	run(&p, "zzz", 0, numbered, strlen(numbered), NULL, 0, &oc);
	assert_string_equal(oc.out, "");
	free(oc.out);
	p = params();
	p.list_nonmatching = 1;
	run(&p, "zzz", 0, numbered, strlen(numbered), NULL, 0, &oc);
	assert_string_equal(oc.out, "f\n");
	free(oc.out);
	run(&p, "foo", 0, numbered, strlen(numbered), NULL, 0, &oc);
	assert_string_equal(oc.out, "");
	free(oc.out);
	p = params();
	p.quiet = 1;
	run(&p, "foo", 0, numbered, strlen(numbered), NULL, 0, &oc);
	assert_string_equal(oc.out, "");
	assert_int_equal(oc.rc, 2); /* the whole run stops */
	free(oc.out);
}

/* Two regions with a gap: line numbers come from the regions, context
 * does not reach across the gap, and a separator marks it. */
static void
test_regions(void **state)
{
	struct scan_params p = params();
	const char *pats[] = {"foo"};
	struct region r1 = {0, 10, 1}, r2 = {22, 42, 6};
	char path[] = "/tmp/test_scan.XXXXXX";
	int fd = mkstemp(path);
	char err[LS_ERRSZ], buf[256];
	struct scan_result res;
	struct window w;
	regex *re;
	output *out;
	scanner *sc;
	ssize_t n;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	p.line_number = 1;
	p.separators = 1;
	p.before = p.after = 1;
	assert_int_equal(regex_compile(&re, pats, 1, 0, err), 0);
	out = output_open(fd, 0, 0);
	sc = scan_open(&p, re, out);
	scan_begin(sc, "f");
	scan_region(sc, &r1);
	w.data = numbered;
	w.len = 10;
	w.offset = 0;
	w.last = 1;
	assert_int_equal(scan_window(sc, &w), 0);
	scan_region(sc, &r2);
	w.data = numbered + 22;
	w.len = 20;
	w.offset = 22;
	assert_int_equal(scan_window(sc, &w), 0);
	scan_end(sc, &res);
	output_flush(out);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, "1-1 a\n2:2 foo\n--\n6:6 foo\n7-7 e\n8:8 foo\n"
	                         "9-9 f\n");
	assert_true(res.selected == 3);
	scan_close(sc);
	output_close(out);
	regex_free(re);
	close(fd);
}

/*
 * Issue 24 item 1, grep -B/-C with --since/--until loses before-context: a
 * time plan hands each window's selected lines over as a region of its
 * own, one after the other.  Lines held back for the binary-file check
 * (the windows end inside one block) and the -B history must survive the
 * next region when it starts where the last window ended, with and without
 * line numbers; a gap still cuts context.
 */
static void
test_context_pieces(void **state)
{
	const char *pats[] = {"6 foo"};
	char path[] = "/tmp/test_scan.XXXXXX";
	int fd = mkstemp(path);
	char err[LS_ERRSZ], buf[256];
	regex *re;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(regex_compile(&re, pats, 1, 0, err), 0);
	for (int numbers = 0; numbers < 2; numbers++) {
		for (int gap = 0; gap < 2; gap++) {
			struct scan_params p = params();
			struct scan_result res;
			size_t start = 0, len = sizeof(numbered) - 1;
			uint64_t line = 1;
			output *out;
			scanner *sc;
			ssize_t n;

			p.line_number = numbers;
			p.before = 2;
			assert_int_equal(ftruncate(fd, 0), 0);
			assert_true(lseek(fd, 0, SEEK_SET) == 0);
			out = output_open(fd, 0, 0);
			sc = scan_open(&p, re, out);
			scan_begin(sc, "f");
			/* One region per line; with gap, line 5 is not in
			 * the input. */
			while (start < len) {
				const char *nl = strchr(numbered + start, '\n');
				size_t end = (size_t)(nl - numbered) + 1;
				struct region r = {start, end, line};
				struct window w = {numbered + start, end - start,
				                   start, end == len};

				if (!(gap && line == 5)) {
					scan_region(sc, &r);
					assert_int_equal(scan_window(sc, &w), 0);
				}
				start = end;
				line++;
			}
			scan_end(sc, &res);
			output_flush(out);
			n = pread(fd, buf, sizeof(buf) - 1, 0);
			assert_true(n >= 0);
			buf[n] = '\0';
			if (gap)
				assert_string_equal(buf, numbers ? "6:6 foo\n"
				                                 : "6 foo\n");
			else
				assert_string_equal(
				    buf, numbers ? "4-4 c\n5-5 d\n6:6 foo\n"
				                 : "4 c\n5 d\n6 foo\n");
			assert_true(res.selected == 1);
			scan_close(sc);
			output_close(out);
		}
	}
	regex_free(re);
	close(fd);
}

/* Lines longer than a scan block, and a window of one huge line. */
static void
test_long_lines(void **state)
{
	size_t len = 3 * 70000 + 3, i;
	char *text = xmalloc(len + 1);
	struct scan_params p = params();

	(void)state;
	for (i = 0; i < len; i++)
		text[i] = (i + 1) % 70001 == 0 ? '\n' : 'a' + (char)(i % 3);
	text[len] = '\0';
	memcpy(text + 69990, "XYZ", 3);
	memcpy(text + 140010, "XYZ", 3);
	p.count = 1;
	check(&p, "XYZ", 0, text, len, "2\n");
	check(&p, "XYZ", REGEX_NO_FAST, text, len, "2\n");
	p.invert = 1;
	check(&p, "XYZ", 0, text, len, "1\n");
	p = params();
	p.only_matching = 1;
	p.byte_offset = 1;
	check(&p, "XYZ", 0, text, len, "69990:XYZ\n140010:XYZ\n");
	free(text);
}

static void
test_limit_error(void **state)
{
	char text[200];
	struct scan_params p = params();
	struct outcome oc;

	(void)state;
	memset(text, 0, sizeof(text));
	strcpy(text, "ok\nok\n");
	memset(text + 6, 'a', 60);
	strcpy(text + 66, "!\nok\n");
	p.line_number = 1;
	run(&p, "^(\\w+\\s?)*$", 0, text, strlen(text), NULL, 0, &oc);
	assert_int_equal(oc.rc, -1);
	assert_string_equal(oc.err,
	                    "pattern hit PCRE2's match limit on line 3");
	assert_string_equal(oc.out, "1:ok\n2:ok\n");
	free(oc.out);
}


/*
 * -z (null_data): NUL-terminated records, which may hold newlines, are
 * selected, numbered and printed whole, each ending in a NUL (a last one
 * without it gets one), whatever the windows they come in; -c still
 * ends in a newline.
 */
#define S(x) x, sizeof(x) - 1

static void
test_null_data(void **state)
{
	static const char text[] = "alpha\nbeta\0gamma\0\0a\nb\0tail a";
	static const struct {
		int flag; /* 'n', 'c', 'o', 'v', 'A' or 0 */
		const char *pat;
		const char *want;
		size_t wantlen;
	} cases[] = {
	    {0, "a.b", S("alpha\nbeta\0a\nb\0")},
	    {0, "^b", S("")},
	    {'n', "a$", S("1:alpha\nbeta\0002:gamma\0005:tail a\0")},
	    {'c', "a", S("4\n")},
	    {'o', "a.b", S("a\nb\0a\nb\0")},
	    {'v', "a", S("\0")},
	    {'A', "gamma", S("gamma\0\0")},
	};
	size_t len = sizeof(text) - 1;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scan_params p = params();
		size_t cuts[8], ncuts = 0;

		p.null_data = 1;
		p.line_number = cases[i].flag == 'n';
		p.count = cases[i].flag == 'c';
		p.only_matching = cases[i].flag == 'o';
		p.invert = cases[i].flag == 'v';
		p.after = cases[i].flag == 'A';
		for (size_t k = 0; k + 1 < len; k++)
			if (text[k] == '\0')
				cuts[ncuts++] = k + 1;
		/* One window, then a window per record. */
		for (int c = 0; c < 2; c++) {
			struct outcome oc;

			run(&p, cases[i].pat, REGEX_BRE | REGEX_NULL_DATA, text,
			    len, cuts, c ? ncuts : 0, &oc);
			if (oc.outlen != cases[i].wantlen ||
			    memcmp(oc.out, cases[i].want, oc.outlen) != 0)
				fail_msg("-z case %zu (/%s/, %s): %zu bytes "
				         "'%s', wanted %zu",
				         i, cases[i].pat, c ? "cut" : "whole",
				         oc.outlen, oc.out, cases[i].wantlen);
			free(oc.out);
		}
	}
}

/* utf8_text: a line to print that is not UTF-8 is left out and makes
 * res.binary (not under -I, and -a prints it), in the bulk writer and
 * with prefixes alike. */
static void
test_utf8_text(void **state)
{
	static const char text[] = "ok a\n\xff a\nz a\nlast\n";
	size_t len = sizeof(text) - 1, cuts[] = {5, 9};

	(void)state;
	for (int mode = 0; mode < 4; mode++)
		for (int c = 0; c < 2; c++) {
			struct scan_params p = params();
			struct outcome oc;
			const char *want = "ok a\nz a\nlast\n";

			p.utf8_text = 1;
			p.line_number = mode == 3;
			p.binary = mode == 1   ? BINARY_SKIP
			           : mode == 2 ? BINARY_TEXT
			                       : BINARY_DEFAULT;
			if (mode == 2)
				want = "ok a\n\xff a\nz a\nlast\n";
			if (mode == 3)
				want = "1:ok a\n3:z a\n4:last\n";
			run(&p, "a", REGEX_BRE | REGEX_UTF, text, len, cuts,
			    c ? 2 : 0, &oc);
			if (strcmp(oc.out, want) != 0)
				fail_msg("mode %d cut %d: got %zu bytes [%s]", mode, c,
				         oc.outlen, oc.out);
			assert_int_equal(oc.res.binary, mode == 0 || mode == 3);
			assert_true(oc.res.selected == 4);
			free(oc.out);
		}
}

/* ---- scan_owned(): parts of a file print the whole file's output ---- */

/*
 * What the scanner prints for the lines of text (a file) whose first byte
 * lies in [a, b), searched with scan_owned() as the whole file's part
 * (printed: whether output came before it).  Returns a malloc'ed,
 * NUL-terminated string; *sel the lines it selected.
 */
static char *
owned(const struct scan_params *p, const char *pat, const char *text,
      size_t len, uint64_t a, uint64_t b, int printed, uint64_t *sel)
{
	char path[] = "/tmp/test_scan_owned.XXXXXX";
	char opath[] = "/tmp/test_scan_owned_out.XXXXXX";
	int fd = mkstemp(path), ofd = mkstemp(opath);
	const char *pats[] = {pat};
	char err[LS_ERRSZ];
	struct region own;
	struct scan_result res;
	window_file *wf;
	regex *re;
	output *out;
	scanner *sc;
	char *buf;
	off_t n;

	assert_true(fd >= 0 && ofd >= 0);
	unlink(opath);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	assert_int_equal(window_open(&wf, path, 4096, err), 0);
	unlink(path);
	assert_int_equal(regex_compile(&re, pats, 1, 0, err), 0);
	out = output_open(ofd, 0, 0);
	sc = scan_open(p, re, out);
	assert_int_equal(window_line_start(wf, a, &own.start, err), 0);
	assert_int_equal(window_line_start(wf, b, &own.end, err), 0);
	own.first_line = 1;
	for (size_t i = 0; i < own.start; i++)
		own.first_line += text[i] == '\n';
	scan_set_printed(sc, printed);
	assert_int_not_equal(scan_owned(sc, wf, "f", &own, 0, &res, err),
	                     SCAN_ERROR);
	*sel = res.selected;
	output_flush(out);
	n = lseek(ofd, 0, SEEK_END);
	buf = malloc((size_t)n + 1);
	assert_int_equal(pread(ofd, buf, (size_t)n, 0), (ssize_t)n);
	buf[n] = '\0';
	scan_close(sc);
	output_close(out);
	regex_free(re);
	window_close(wf);
	close(ofd);
	return buf;
}

/* Every cut of the file into two parts and into three, for several
 * context settings: the parts' outputs, concatenated, are the whole
 * file's; the selected lines add up. */
static void
test_owned_tiles(void **state)
{
	static const char text[] = "m1\na\nb\nm2\nc\nd\ne\nf\nm3\nm4\ng\nh\nm5";
	size_t len = sizeof(text) - 1;
	struct {
		uint64_t before, after;
		int invert, number, offset;
	} cases[] = {
	    {0, 0, 0, 1, 0}, {1, 1, 0, 1, 1}, {2, 0, 0, 0, 0},
	    {0, 2, 0, 1, 0}, {3, 3, 0, 1, 0}, {1, 2, 1, 1, 1},
	    {0, 0, 1, 0, 0},
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct scan_params p = params();
		uint64_t wsel, s1, s2, s3;
		char *whole;

		p.before = cases[c].before;
		p.after = cases[c].after;
		p.separators = p.before > 0 || p.after > 0 || c == 0;
		p.invert = cases[c].invert;
		p.line_number = cases[c].number;
		p.byte_offset = cases[c].offset;
		whole = owned(&p, "m", text, len, 0, len, 0, &wsel);
		for (size_t i = 0; i <= len; i++) {
			for (size_t j = i; j <= len; j++) {
				char *x = owned(&p, "m", text, len, 0, i, 0,
				                &s1);
				/* The parts after the first assume output
				 * came before them when it did. */
				char *y = owned(&p, "m", text, len, i, j,
				                s1 > 0, &s2);
				char *z = owned(&p, "m", text, len, j, len,
				                s1 + s2 > 0, &s3);
				size_t lx = strlen(x), ly = strlen(y);
				char *cat = malloc(lx + ly + strlen(z) + 1);

				memcpy(cat, x, lx);
				memcpy(cat + lx, y, ly);
				strcpy(cat + lx + ly, z);
				if (strcmp(cat, whole) != 0)
					fail_msg("case %zu, cuts %zu %zu:\n%s\n"
					         "wanted:\n%s",
					         c, i, j, cat, whole);
				assert_int_equal(s1 + s2 + s3, wsel);
				free(x);
				free(y);
				free(z);
				free(cat);
			}
		}
		free(whole);
	}
}

/* What an output sink receives, appended. */
struct sunk {
	char *p;
	size_t n;
};

static int
to_sunk(void *ctx, const char *p, size_t n)
{
	struct sunk *s = ctx;

	s->p = xrealloc(s->p, s->n + n + 1);
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
	return 0;
}

/* Scan text from line first (noting numbers into l when not NULL, the
 * output's first byte at output_total() *base) into *s. */
static void
scan_numbered(const struct scan_params *p, const char *text,
              uint64_t first, struct scan_renums *l, uint64_t *base,
              struct sunk *s)
{
	const char *pats[] = {"x|y"};
	struct region rg = {0, UINT64_MAX, first};
	struct scan_result res;
	char err[LS_ERRSZ];
	struct window w = {text, strlen(text), 0, 1};
	output *out = output_open_sink(to_sunk, s, 64);
	regex *re;
	scanner *sc;

	assert_int_equal(regex_compile(&re, pats, 1, REGEX_ERE, err), 0);
	/* Something before, as a worker's earlier job. */
	output_puts(out, "earlier job\n");
	assert_int_equal(output_flush(out), 0);
	s->n = 0;
	sc = scan_open(p, re, out);
	scan_begin(sc, "f");
	scan_region(sc, &rg);
	if (base != NULL)
		*base = output_total(out);
	scan_set_renumber(sc, l);
	assert_int_equal(scan_window(sc, &w), 0);
	scan_end(sc, &res);
	scan_set_renumber(sc, NULL);
	assert_int_equal(output_flush(out), 0);
	scan_close(sc);
	output_close(out);
	regex_free(re);
}

/* Numbers printed from 1 and renumbered give what a scan from the right
 * first line prints: across a change in digits, with colour, context and
 * -o; numbers past a cut end are left out. */
static void
test_renumber(void **state)
{
	static const char text[] =
	    "x1\na\nb\nx2 y\nc\nd\ne\nf\ng\nh\nx3\ni\nx4 x5\n";
	static const unsigned flags[][3] = {
	    /* color, context, only_matching */
	    {0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {0, 0, 1}, {1, 0, 1}};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
		struct scan_params p = params();
		struct sunk rel = {NULL, 0}, want = {NULL, 0}, got = {NULL, 0};
		struct scan_renums l = {NULL, 0, 0};
		uint64_t base;
		output *o = output_open_sink(to_sunk, &got, 0);

		p.line_number = 1;
		p.color = flags[k][0];
		p.before = p.after = flags[k][1];
		p.separators = flags[k][1];
		p.only_matching = flags[k][2];
		scan_numbered(&p, text, 1, &l, &base, &rel);
		scan_numbered(&p, text, 95, NULL, NULL, &want);
		assert_true(l.n >= 4);
		assert_int_equal(
		    scan_renumber(o, rel.p, rel.n, base, &l, 94), 0);
		assert_int_equal(output_flush(o), 0);
		assert_int_equal(got.n, want.n);
		assert_memory_equal(got.p, want.p, want.n);
		/* Cut after the first line: the later numbers are not
		 * written into bytes that are not there. */
		got.n = 0;
		{
			const char *nl = memchr(rel.p, '\n', rel.n);
			const char *wnl = memchr(want.p, '\n', want.n);
			size_t cut = (size_t)(nl - rel.p) + 1;
			size_t wcut = (size_t)(wnl - want.p) + 1;

			assert_int_equal(
			    scan_renumber(o, rel.p, cut, base, &l, 94), 0);
			assert_int_equal(output_flush(o), 0);
			assert_int_equal(got.n, wcut);
			assert_memory_equal(got.p, want.p, wcut);
		}
		output_close(o);
		free(l.v);
		free(rel.p);
		free(want.p);
		free(got.p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_invert_and_count),
	    cmocka_unit_test(test_context),
	    cmocka_unit_test(test_only_matching_and_color),
	    cmocka_unit_test(test_printer_options),
	    cmocka_unit_test(test_binary),
	    cmocka_unit_test(test_binary_late),
	    cmocka_unit_test(test_binary_blocks),
	    cmocka_unit_test(test_lists_and_quiet),
	    cmocka_unit_test(test_regions),
	    cmocka_unit_test(test_context_pieces),
	    cmocka_unit_test(test_long_lines),
	    cmocka_unit_test(test_limit_error),
	    cmocka_unit_test(test_null_data),
	    cmocka_unit_test(test_utf8_text),
	    cmocka_unit_test(test_owned_tiles),
	    cmocka_unit_test(test_renumber),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
