#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "regex.h"
#include "util.h"

/* Compile one pattern or fail the test. */
static regex *
compile1(const char *pat, unsigned flags)
{
	regex *re = NULL;
	char err[LS_ERRSZ] = "";
	const char *pats[] = {pat};

	if (regex_compile(&re, pats, 1, flags, err) != 0)
		fail_msg("'%s' did not compile: %s", pat, err);
	return re;
}

/*
 * The lines of buf (a '|'-separated list of line numbers, 1-based) that
 * regex_next_line() reports, walking the buffer as the scanner does.
 */
static void
matching_lines(const regex *re, const char *buf, size_t len, char *out,
               size_t outsz)
{
	regex_matcher *m = regex_matcher_open(re);
	size_t from = 0, ls, le;
	int r;

	out[0] = '\0';
	while (from < len && (r = regex_next_line(m, buf, len, from, &ls, &le,
	                                          NULL)) != REGEX_NOMATCH) {
		size_t k, line = 1;

		assert_int_equal(r, REGEX_MATCH);
		/* A reported line is a whole line. */
		assert_true(ls == 0 || buf[ls - 1] == '\n');
		assert_true(le == len || buf[le] == '\n');
		assert_true(ls >= from && le >= ls);
		for (k = 0; k < ls; k++)
			line += buf[k] == '\n';
		snprintf(out + strlen(out), outsz - strlen(out), "%s%zu",
		         out[0] ? "|" : "", line);
		from = le + 1;
	}
	regex_matcher_close(m);
}

/* The same, the slow obvious way: every line alone. */
static void
reference_lines(const regex *re, const char *buf, size_t len, char *out,
                size_t outsz)
{
	regex_matcher *m = regex_matcher_open(re);
	size_t s = 0, line = 1, ms, me;

	out[0] = '\0';
	while (s < len) {
		const char *nl = memchr(buf + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - buf) : len;

		if (regex_match_line(m, buf + s, e - s, 0, &ms, &me) ==
		    REGEX_MATCH)
			snprintf(out + strlen(out), outsz - strlen(out),
			         "%s%zu", out[0] ? "|" : "", line);
		s = e + 1;
		line++;
	}
	regex_matcher_close(m);
}

static void
expect_lines(const char *pat, unsigned flags, const char *buf, const char *want)
{
	regex *re = compile1(pat, flags);
	char got[512];

	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("/%s/ (flags %#x, %s): lines %s, wanted %s", pat,
		         flags, regex_strategy_name(re), got, want);
	regex_free(re);
}

static void
test_strategy(void **state)
{
	static const struct {
		const char *pat;
		unsigned flags;
		enum regex_strategy want;
	} cases[] = {
	    {"foo", 0, REGEX_STRAT_LITERAL},
	    {"foo", REGEX_ICASE, REGEX_STRAT_LITERAL},
	    {"a.c", REGEX_FIXED, REGEX_STRAT_LITERAL},
	    {"192\\.168\\.0\\.1", 0, REGEX_STRAT_LITERAL},
	    {"foo", REGEX_WORD, REGEX_STRAT_LITERAL},
	    {"foo", REGEX_NO_FAST, REGEX_STRAT_BUFFER},
	    {"ERROR.*timeout", 0, REGEX_STRAT_PREFILTER},
	    {"\\d+ ERROR", 0, REGEX_STRAT_PREFILTER},
	    {"colou?r", 0, REGEX_STRAT_PREFILTER},
	    {"a\\s+b", 0, REGEX_STRAT_BUFFER},
	    {"foo|bar", 0, REGEX_STRAT_BUFFER},
	    {"(foo)+", 0, REGEX_STRAT_BUFFER},
	    {"(?i)foo", 0, REGEX_STRAT_BUFFER},
	    {"", 0, REGEX_STRAT_BUFFER},
	    {"(?<=a)b", 0, REGEX_STRAT_PERLINE},
	    {"(?<=a)bcd", 0, REGEX_STRAT_PREFILTER},
	    {"x(?!y)", 0, REGEX_STRAT_PERLINE},
	    {"\\Ax", 0, REGEX_STRAT_PERLINE},
	    {"x\\z", 0, REGEX_STRAT_PERLINE},
	    {"(*CR)x", 0, REGEX_STRAT_PERLINE},
	    {"(?-m)^x", 0, REGEX_STRAT_PERLINE},
	    {"(?-i)x", 0, REGEX_STRAT_BUFFER},
	    {"\\Q(?=\\E", 0, REGEX_STRAT_BUFFER},
	    {"[(?=]", 0, REGEX_STRAT_BUFFER},
	    {"a\\s+b", REGEX_NO_BUFFER, REGEX_STRAT_PERLINE},
	    /* Constructs that never give back what they took: one could
	     * take a '\n' in the buffer and then fail. */
	    {"a\\s*+b", 0, REGEX_STRAT_PERLINE},
	    {"a\\s{1,3}+b", 0, REGEX_STRAT_PERLINE},
	    {"(?>a\\s*)b", 0, REGEX_STRAT_PERLINE},
	    {"x\\R", 0, REGEX_STRAT_PERLINE},
	    {"x\\X", 0, REGEX_STRAT_PERLINE},
	    {"(a)(?1)", 0, REGEX_STRAT_PERLINE},
	    {"a*?b+?", 0, REGEX_STRAT_BUFFER},   /* lazy is not possessive */
	    {"(?x)a b", 0, REGEX_STRAT_PERLINE}, /* not read: no guessing */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		regex *re = compile1(cases[i].pat, cases[i].flags);

		if (regex_strategy(re) != cases[i].want)
			fail_msg("/%s/: strategy %s", cases[i].pat,
			         regex_strategy_name(re));
		regex_free(re);
	}
}

/* Per-line semantics however the buffer is searched. */
static void
test_line_semantics(void **state)
{
	static const char buf[] = "a\n"
	                          "b\n"
	                          "a b\n"
	                          "foo \n"
	                          "\n"
	                          "xay\n"
	                          "ab\n"
	                          "foo";
	static const struct {
		const char *pat, *want;
	} cases[] = {
	    {"a\\s+b", "3"}, /* not "a\nb" across lines 1-2 */
	    {"a[^x]b", "3"}, /* [^x] does not eat a '\n' */
	    {"a\\s*b", "3|7"},
	    {"\\s$", "4"}, /* "a\n" has no space at its end */
	    {"^$", "5"},
	    {"^", "1|2|3|4|5|6|7|8"},
	    {"$", "1|2|3|4|5|6|7|8"},
	    {"b$", "2|3|7"},
	    {"(?s)a.b", "3"},
	    {"\\Ab", "2"}, /* \A is each line's start */
	    {"a\\z", "1"},
	    {"a\\Z", "1"},
	    {"(?<![a-z ])b", "2"}, /* nothing before b at a line start */
	    {"a(?!\\s)", "1|6|7"}, /* what follows "a" at a line end is
	                            nothing, not the '\n' */
	    {"foo\\s?$", "4|8"},
	    {"\\bfoo\\b", "4|8"},
	    {"x*", "1|2|3|4|5|6|7|8"},
	    {"\\n", ""},
	    {"a\\nb", ""},
	    /* A possessive or atomic \s* takes the '\n' in the buffer and
	     * keeps it; alone, the line ends first. */
	    {"b\\s*+$", "2|3|7"},
	    {"b\\s{0,2}+$", "2|3|7"},
	    {"(?>b\\s*)$", "2|3|7"},
	    {"(a|b)\\s++[a-z]", "3"},
	};
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_BUFFER,
	                                 REGEX_NO_JIT,
	                                 REGEX_NO_JIT | REGEX_NO_FAST};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++)
			expect_lines(cases[i].pat, modes[k], buf,
			             cases[i].want);
}

/* \R and \X are atomic, and both take "\r\n" whole. */
static void
test_atomic_escapes(void **state)
{
	static const char buf[] = "x\r\n"
	                          "y\n"
	                          "x\r\n"
	                          "x\r";
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_BUFFER,
	                                 REGEX_NO_JIT};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
		expect_lines("x\\R$", modes[k], buf, "1|3|4");
		expect_lines("x\\X$", modes[k], buf, "1|3|4");
		expect_lines("\\R$", modes[k], buf, "1|3|4");
	}
}

static void
test_flags(void **state)
{
	static const char buf[] = "foo\n"
	                          "foobar\n"
	                          "bar foo baz\n"
	                          "barfoo foo\n"
	                          "FOO\n"
	                          "food foo_\n"
	                          "x-foo-y\n";
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_BUFFER};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
		unsigned m = modes[k];

		expect_lines("foo", m, buf, "1|2|3|4|6|7");
		expect_lines("foo", m | REGEX_ICASE, buf, "1|2|3|4|5|6|7");
		/* -w: a later occurrence in the line may qualify. */
		expect_lines("foo", m | REGEX_WORD, buf, "1|3|4|7");
		expect_lines("foo", m | REGEX_WORD | REGEX_ICASE, buf,
		             "1|3|4|5|7");
		expect_lines("foo", m | REGEX_LINE, buf, "1");
		expect_lines("foo", m | REGEX_LINE | REGEX_ICASE, buf, "1|5");
		expect_lines("fo+", m | REGEX_LINE, buf, "1");
		expect_lines("o.b", m | REGEX_FIXED, buf, "");
		expect_lines("o b", m | REGEX_FIXED, buf, "3");
		expect_lines("-foo-", m | REGEX_FIXED, buf, "7");
		expect_lines("-foo-", m | REGEX_FIXED | REGEX_WORD, buf, "");
		expect_lines("", m, buf, "1|2|3|4|5|6|7");
		expect_lines("", m | REGEX_LINE, buf, "");
		expect_lines("bar", m | REGEX_WORD, buf, "3");
	}
}

/* -x and -w wrap a pattern without changing what it says: an open \Q, a
 * (?x) comment or settings that must come first do not reach past it. */
static void
test_wrapping(void **state)
{
	static const char buf[] = "a(\n"
	                          "xa(\n"
	                          "ab\n"
	                          "ab c\n";
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_BUFFER};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
		expect_lines("\\Qa(", modes[k] | REGEX_LINE, buf, "1");
		expect_lines("\\Qa(", modes[k] | REGEX_WORD, buf, "1");
		expect_lines("(?x) a b # a comment", modes[k] | REGEX_LINE, buf,
		             "3");
		expect_lines("(?x) a b # a comment", modes[k] | REGEX_WORD, buf,
		             "3|4");
		expect_lines("(*UTF)ab", modes[k] | REGEX_WORD, buf, "3|4");
		expect_lines("(*UTF)ab", modes[k] | REGEX_LINE, buf, "3");
	}
}

static void
test_several_patterns(void **state)
{
	static const char buf[] = "alpha\nbeta\ngamma\na.c\nabc\n";
	const char *pats[] = {"beta", "a\\.c", "zzz"};
	const char *fixed[] = {"a.c", "gamma"};
	const char *nl[] = {"beta\ngamma"};
	regex *re;
	char err[LS_ERRSZ], got[128];

	(void)state;
	assert_int_equal(regex_compile(&re, pats, 3, 0, err), 0);
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "2|4");
	regex_free(re);

	assert_int_equal(regex_compile(&re, fixed, 2, REGEX_FIXED, err), 0);
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "3|4");
	regex_free(re);

	/* A newline inside a pattern makes two patterns, as in grep. */
	assert_int_equal(regex_compile(&re, nl, 1, 0, err), 0);
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "2|3");
	regex_free(re);

	/* Each pattern keeps its own group numbers and names, options, and
	 * quoting, however they are joined. */
	{
		static const struct {
			const char *pats[3];
			unsigned flags;
			const char *buf, *want;
		} c[] = {
		    {{"(a)\\1", "(b)\\1", NULL}, 0, "aa\nbb\nab\n", "1|2"},
		    {{"(?<n>a)x", "(?<n>b)y", NULL}, 0, "ax\nby\nbx\n", "1|2"},
		    {{"(?|(a)|(b))\\1", "(c)\\1", NULL},
		     0,
		     "bb\ncc\nbc\n",
		     "1|2"},
		    {{"(?i)a", "b", NULL}, 0, "A\nB\nb\n", "1|3"},
		    {{"\\Qa(", "b", NULL}, 0, "a(\nb\nc\n", "1|2"},
		    {{"(?x) a # a comment", "b", NULL}, 0, "a\nb\nc\n", "1|2"},
		    {{"\\Qa(", "b", NULL}, REGEX_WORD, "a(\nb\nba(\n", "1|2"},
		    {{"(?x) a # c", "b", NULL},
		     REGEX_WORD,
		     "a\nb\nab\n",
		     "1|2"},
		    {{"\\Qa(", "b", NULL}, REGEX_LINE, "a(\nb\nba(\n", "1|2"},
		    {{"(*UTF)a", "b", NULL}, REGEX_WORD, "a\nb\nab\n", "1|2"},
		    {{"a\\s*+$", "b(?=c)", NULL}, 0, "a \nbc\nb\n", "1|2"},
		};
		size_t i;

		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			size_t np = c[i].pats[2] ? 3 : 2;

			if (regex_compile(&re, c[i].pats, np, c[i].flags,
			                  err) != 0)
				fail_msg("case %zu: %s", i, err);
			matching_lines(re, c[i].buf, strlen(c[i].buf), got,
			               sizeof(got));
			if (strcmp(got, c[i].want) != 0)
				fail_msg("case %zu (%s): %s, wanted %s", i,
				         regex_strategy_name(re), got,
				         c[i].want);
			regex_free(re);
		}
	}

	/* No pattern at all matches nothing. */
	assert_int_equal(regex_compile(&re, NULL, 0, 0, err), 0);
	assert_int_equal(regex_strategy(re), REGEX_STRAT_NONE);
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "");
	regex_free(re);
}

static void
test_bad_patterns(void **state)
{
	static const struct {
		const char *pat;
		unsigned flags;
		const char *want;
	} cases[] = {
	    {"a(b", 0, "bad pattern at offset 3: missing closing parenthesis"},
	    {"a)b", 0,
	     "bad pattern at offset 1: unmatched closing parenthesis"},
	    /* Wrapping for -w/-x must not hide or move the error. */
	    {"a)b", REGEX_WORD,
	     "bad pattern at offset 1: unmatched closing parenthesis"},
	    {"a)(b", REGEX_LINE,
	     "bad pattern at offset 1: unmatched closing parenthesis"},
	    {"[a", 0,
	     "bad pattern at offset 2: missing terminating ] for "
	     "character class"},
	    {"x{2,1}", 0,
	     "bad pattern at offset 5: numbers out of order in {} "
	     "quantifier"},
	    {"*a", 0,
	     "bad pattern at offset 0: quantifier does not follow a "
	     "repeatable item"},
	    {"ab\\", 0, "bad pattern at offset 3: \\ at end of pattern"},
	};
	const char *two[] = {"ok", "b(("};
	regex *re = (regex *)1;
	char err[LS_ERRSZ];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *pats[] = {cases[i].pat};

		assert_int_equal(
		    regex_compile(&re, pats, 1, cases[i].flags, err), -1);
		assert_string_equal(err, cases[i].want);
	}
	assert_int_equal(regex_compile(&re, two, 2, 0, err), -1);
	assert_string_equal(err, "bad pattern 'b((' at offset 3: missing "
	                         "closing parenthesis");
	/* -F takes anything. */
	assert_int_equal(regex_compile(&re, two + 1, 1, REGEX_FIXED, err), 0);
	regex_free(re);
}

/* -o and colour: every match in a line, from an offset. */
static void
test_match_line(void **state)
{
	static const char line[] = "foo fooo fo ofoo";
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_JIT};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
		regex *re = compile1("foo", modes[k]);
		regex_matcher *m = regex_matcher_open(re);
		size_t ms, me, off = 0, n = 0;
		size_t starts[8];

		while (regex_match_line(m, line, strlen(line), off, &ms, &me) ==
		       REGEX_MATCH) {
			assert_int_equal(me - ms, 3);
			assert_memory_equal(line + ms, "foo", 3);
			starts[n++] = ms;
			off = me;
		}
		assert_int_equal(n, 3);
		assert_int_equal(starts[0], 0);
		assert_int_equal(starts[1], 4);
		assert_int_equal(starts[2], 13);
		/* Lookbehind sees what lies before the offset. */
		regex_matcher_close(m);
		regex_free(re);
	}
	{
		regex *re = compile1("(?<=o)foo", 0);
		regex_matcher *m = regex_matcher_open(re);
		size_t ms, me;

		assert_int_equal(
		    regex_match_line(m, line, strlen(line), 13, &ms, &me),
		    REGEX_MATCH);
		assert_int_equal(ms, 13);
		assert_int_equal(
		    regex_match_line(m, line, strlen(line), 14, &ms, &me),
		    REGEX_NOMATCH);
		regex_matcher_close(m);
		regex_free(re);
	}
	{
		/* \K: the match is reported from \K on. */
		regex *re = compile1("fo\\Ko+", 0);
		regex_matcher *m = regex_matcher_open(re);
		size_t ms, me;

		assert_int_equal(
		    regex_match_line(m, line, strlen(line), 0, &ms, &me),
		    REGEX_MATCH);
		assert_int_equal(ms, 2);
		assert_int_equal(me, 3);
		regex_matcher_close(m);
		regex_free(re);
	}
}

/* A tiny deterministic generator for the randomized tests. */
static uint32_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

/*
 * The vector substring search against the obvious per-line answer, over
 * random text from a small alphabet (so that probes agree often and
 * candidates sit on every position of a vector, at the ends of buffers
 * and on both sides of line ends), with and without -i, -w and -x.
 */
static void
test_literal_random(void **state)
{
	static const char alpha[] = "abAB\n -_";
	static const unsigned modes[] = {0, REGEX_ICASE, REGEX_WORD, REGEX_LINE,
	                                 REGEX_ICASE | REGEX_WORD};
	uint64_t seed = 42;
	int round;

	(void)state;
	for (round = 0; round < 400; round++) {
		char buf[300], needle[8];
		size_t len = rnd(&seed) % sizeof(buf),
		       nlen = 1 + rnd(&seed) % 6;
		size_t i, k;

		for (i = 0; i < len; i++)
			buf[i] = alpha[rnd(&seed) % 8];
		for (i = 0; i < nlen; i++)
			needle[i] = "abAB-"[rnd(&seed) % 5];
		needle[nlen] = '\0';
		for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
			unsigned fl = modes[k] | REGEX_FIXED;
			regex *fast = compile1(needle, fl);
			regex *slow = compile1(needle, fl | REGEX_NO_FAST);
			char got[1024], want[1024];

			assert_int_equal(regex_strategy(fast),
			                 REGEX_STRAT_LITERAL);
			matching_lines(fast, buf, len, got, sizeof(got));
			reference_lines(slow, buf, len, want, sizeof(want));
			if (strcmp(got, want) != 0)
				fail_msg("round %d, '%s' flags %#x: %s, wanted "
				         "%s",
				         round, needle, fl, got, want);
			regex_free(fast);
			regex_free(slow);
		}
	}
}

/* The same for regexes: every strategy agrees with line-by-line PCRE2. */
static void
test_regex_random(void **state)
{
	static const char *pats[] = {
	    "ab",       "a\\s*b",         "a[^b]",      "b$",
	    "^a",       "(?<=a)b",        "a(?!b)",     "[ab]{3}",
	    "(ab|ba)+", "\\bab\\b",       "ab\\s",      "a.b",
	    "-+",       "\\Aa",           "b\\z",       "aB",
	    "a\\Kb",    "a\\s*+b",        "(?>a\\s*)b", "b\\s*+$",
	    "[^a]++$",  "(a|b)\\s{0,2}+-"};
	static const char alpha[] = "abAB\n \t-";
	static const unsigned modes[] = {0,           REGEX_NO_FAST,
	                                 REGEX_ICASE, REGEX_NO_JIT,
	                                 REGEX_WORD,  REGEX_LINE};
	uint64_t seed = 7;
	int round;

	(void)state;
	for (round = 0; round < 100; round++) {
		char buf[200];
		size_t len = rnd(&seed) % sizeof(buf), i, p, k;

		for (i = 0; i < len; i++)
			buf[i] = alpha[rnd(&seed) % 8];
		for (p = 0; p < sizeof(pats) / sizeof(pats[0]); p++)
			for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
				regex *re = compile1(pats[p], modes[k]);
				regex *ref =
				    compile1(pats[p], modes[k] | REGEX_NO_FAST |
				                          REGEX_NO_BUFFER);
				char got[1024], want[1024];

				matching_lines(re, buf, len, got, sizeof(got));
				reference_lines(ref, buf, len, want,
				                sizeof(want));
				if (strcmp(got, want) != 0)
					fail_msg(
					    "round %d /%s/ flags %#x (%s): "
					    "%s, wanted %s",
					    round, pats[p], modes[k],
					    regex_strategy_name(re), got, want);
				regex_free(re);
				regex_free(ref);
			}
	}
}

/*
 * The NUL check that rides on the search: whatever the strategy, *nul says
 * whether a NUL lies between where the search started and the end of the
 * line it reports (or the end of the buffer).
 */
static void
test_nul_check(void **state)
{
	static const char *pats[] = {"ab",     "abAB",     "a",   "b-a",
	                             "a\\s*b", "(?<=a)bb", "ba+b"};
	static const unsigned modes[] = {0, REGEX_ICASE, REGEX_NO_FAST,
	                                 REGEX_WORD};
	uint64_t seed = 99;
	int round;
	char buf0[130];
	size_t at;

	(void)state;
	/* A NUL in each byte of a buffer the vector search has to share with
	 * scalar code: before its first probe byte, in the vector loop, in
	 * the tail after it. */
	for (at = 0; at < sizeof(buf0); at++) {
		regex *re = compile1("zzAB", 0);
		regex_matcher *m = regex_matcher_open(re);
		size_t ls, le;
		int nul = -1;

		memset(buf0, 'x', sizeof(buf0));
		buf0[sizeof(buf0) - 1] = '\n';
		buf0[at] = '\0';
		assert_int_equal(
		    regex_next_line(m, buf0, sizeof(buf0), 0, &ls, &le, &nul),
		    REGEX_NOMATCH);
		if (nul != 1)
			fail_msg("NUL at %zu not seen", at);
		/* And with a match after it. */
		memcpy(buf0 + sizeof(buf0) - 5, "zzAB", 4);
		if (at < sizeof(buf0) - 5) {
			assert_int_equal(regex_next_line(m, buf0, sizeof(buf0),
			                                 0, &ls, &le, &nul),
			                 REGEX_MATCH);
			if (nul != 1)
				fail_msg("NUL at %zu before a match not seen",
				         at);
		}
		regex_matcher_close(m);
		regex_free(re);
	}
	for (round = 0; round < 300; round++) {
		char buf[400];
		size_t len = 1 + rnd(&seed) % sizeof(buf), i, p, k;

		for (i = 0; i < len; i++)
			buf[i] = "abAB\n -x"[rnd(&seed) % 8];
		/* One NUL, or two, or none, anywhere. */
		for (i = rnd(&seed) % 3; i > 0; i--)
			buf[rnd(&seed) % len] = '\0';
		for (p = 0; p < sizeof(pats) / sizeof(pats[0]); p++)
			for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
				regex *re = compile1(pats[p], modes[k]);
				regex_matcher *m = regex_matcher_open(re);
				size_t from = 0, ls, le, end;
				int r, nul;

				while (from < len) {
					r = regex_next_line(m, buf, len, from,
					                    &ls, &le, &nul);
					end = r == REGEX_NOMATCH ? len
					      : le < len         ? le + 1
					                         : len;
					if (nul != (memchr(buf + from, '\0',
					                   end - from) != NULL))
						fail_msg(
						    "round %d /%s/ %#x "
						    "(%s): nul %d in "
						    "[%zu, %zu)",
						    round, pats[p], modes[k],
						    regex_strategy_name(re),
						    nul, from, end);
					if (r != REGEX_MATCH)
						break;
					from = le + 1;
				}
				regex_matcher_close(m);
				regex_free(re);
			}
	}
}

static void
test_match_limit(void **state)
{
	char line[200];
	char buf[256];
	regex *re;
	regex_matcher *m;
	size_t ls = 99, le = 99, ms, me;
	unsigned modes[] = {0, REGEX_NO_JIT};
	size_t k;

	(void)state;
	memset(line, 'a', 60);
	line[60] = '!';
	line[61] = '\0';
	snprintf(buf, sizeof(buf), "ok\n%s\nok\n", line);
	for (k = 0; k < 2; k++) {
		re = compile1("^(\\w+\\s?)*$", modes[k]);
		m = regex_matcher_open(re);
		assert_int_equal(
		    regex_next_line(m, buf, strlen(buf), 0, &ls, &le, NULL),
		    REGEX_MATCH);
		assert_int_equal(ls, 0);
		/* The second line makes PCRE2 give up: that line is named,
		 * not skipped as a non-match. */
		assert_int_equal(
		    regex_next_line(m, buf, strlen(buf), 3, &ls, &le, NULL),
		    REGEX_LIMIT);
		assert_int_equal(ls, 3);
		assert_int_equal(le, 64);
		assert_string_equal(regex_limit_name(m), "match limit");
		assert_int_equal(
		    regex_match_line(m, line, strlen(line), 0, &ms, &me),
		    REGEX_LIMIT);
		regex_matcher_close(m);
		regex_free(re);
	}
}

/*
 * Long lists: literals all go in one automaton, and regexes too many for
 * one PCRE2 program are split into several.
 */
static void
test_many_patterns(void **state)
{
	enum { N = 3000 };
	char **words = xreallocarray(NULL, N, sizeof(*words));
	char **res = xreallocarray(NULL, N, sizeof(*res));
	char *buf = xmalloc(8 * N), *p;
	regex *re;
	char err[LS_ERRSZ], got[128];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		words[i] = xmalloc(16);
		snprintf(words[i], 16, "w%zuz", i);
		res[i] = xmalloc(32);
		snprintf(res[i], 32, "^[ab]x{%zu}$", i + 1);
	}
	assert_int_equal(
	    regex_compile(&re, (const char *const *)words, N, REGEX_FIXED, err),
	    0);
	assert_int_equal(regex_strategy(re), REGEX_STRAT_LITERALS);
	strcpy(buf, "x w17z y\nw2999 \nw2999z\nw3000z\n");
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "1|3");
	regex_free(re);

	if (regex_compile(&re, (const char *const *)res, N, 0, err) != 0)
		fail_msg("%s", err);
	/* a + 5 x's, b + N x's, c + 2 x's, a + N + 1 x's. */
	p = buf;
	p += sprintf(p, "axxxxx\nb");
	memset(p, 'x', N);
	p += N;
	p += sprintf(p, "\ncxx\na");
	memset(p, 'x', N + 1);
	p += N + 1;
	*p = '\0';
	matching_lines(re, buf, strlen(buf), got, sizeof(got));
	assert_string_equal(got, "1|2");
	regex_free(re);

	for (i = 0; i < N; i++) {
		free(words[i]);
		free(res[i]);
	}
	free(words);
	free(res);
	free(buf);
}

/*
 * The literal a search looks for first: a pattern that is one literal is
 * searched for as it is; otherwise the rarest run of literal text that
 * every match holds (rare by the table of byte frequencies in log text,
 * so a longer run or one of rarer bytes), in any dialect; none where no
 * run is required.  The SIMD search probes its two rarest bytes.
 */
static void
test_required_literal(void **state)
{
	static const struct {
		const char *pat;
		unsigned flags;
		enum regex_strategy strat;
		const char *lit; /* NULL: none */
		size_t p0, p1;   /* the probes; p0 > p1: not checked */
	} c[] = {
	    {"ERROR", 0, REGEX_STRAT_LITERAL, "ERROR", 1, 0},
	    {"request_queue", 0, REGEX_STRAT_LITERAL, "request_queue", 2, 8},
	    {"Timeout", REGEX_ICASE, REGEX_STRAT_LITERAL, "timeout", 1, 0},
	    {"status=5[0-9]{2} .*latency_ms=[0-9]{4,}", REGEX_ERE,
	     REGEX_STRAT_PREFILTER, "latency_ms=", 1, 0},
	    {"status=5[0-9]\\{2\\} .*latency_ms=", REGEX_BRE,
	     REGEX_STRAT_PREFILTER, "latency_ms=", 1, 0},
	    /* " ERROR " beats "timeout": capitals are rarer in logs. */
	    {"^\\S+ ERROR .*timeout", 0, REGEX_STRAT_PREFILTER, " ERROR ", 1,
	     0},
	    /* What a quantifier may repeat stays; what it may drop goes. */
	    {"x+yz[0-9]", 0, REGEX_STRAT_PREFILTER, "xyz", 0, 2},
	    {"ab?cd[0-9]", 0, REGEX_STRAT_PREFILTER, "cd", 0, 1},
	    {"(ab)+qqq.", 0, REGEX_STRAT_PREFILTER, "qqq", 1, 0},
	    {"[0-9]+ qq$", REGEX_ERE, REGEX_STRAT_PREFILTER, " qq", 1, 2},
	    /* Nothing every match must hold. */
	    {"foo|bar", 0, REGEX_STRAT_BUFFER, NULL, 1, 0},
	    {"(foo)?b?a", 0, REGEX_STRAT_BUFFER, NULL, 1, 0},
	    {"(foo)?bar?", 0, REGEX_STRAT_PREFILTER, "ba", 1, 0},
	    {"a.b", 0, REGEX_STRAT_BUFFER, NULL, 1, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		regex *re = compile1(c[i].pat, c[i].flags);
		size_t len = 0, pr[2];
		const char *lit = regex_literal(re, &len, pr);

		if (regex_strategy(re) != c[i].strat)
			fail_msg("/%s/: %s", c[i].pat, regex_strategy_name(re));
		if (c[i].lit == NULL) {
			assert_null(lit);
		} else {
			if (lit == NULL || len != strlen(c[i].lit) ||
			    memcmp(lit, c[i].lit, len) != 0)
				fail_msg("/%s/: literal '%.*s', wanted '%s'",
				         c[i].pat, lit ? (int)len : 4,
				         lit ? lit : "none", c[i].lit);
			assert_true(pr[0] <= pr[1] && pr[1] < len);
			if (c[i].p0 <= c[i].p1 &&
			    (pr[0] != c[i].p0 || pr[1] != c[i].p1))
				fail_msg("/%s/: probes %zu %zu, wanted %zu %zu",
				         c[i].pat, pr[0], pr[1], c[i].p0,
				         c[i].p1);
		}
		regex_free(re);
	}
}

/*
 * A matcher given a big enough buffer probes the literal's bytes that are
 * rarest in that text rather than in the table's logs: the lines found
 * are the same, on a text full of near misses for either choice.
 */
static void
test_tuned_probes(void **state)
{
	static const char *const lines[] = {
	    "GET /a bytes=1234 status=200\n", "latency_ms=12 bytes=9\n",
	    "LATENCY_MS=7 y_=x\n", "lat ency_ms= bytes= =\n",
	    "status=503 x latency_ms=12345\n"};
	static const struct {
		const char *pat;
		unsigned flags;
	} c[] = {
	    {"latency_ms=", REGEX_FIXED},
	    {"latency_ms=", REGEX_FIXED | REGEX_ICASE},
	    {"status=5[0-9]{2} .*latency_ms=[0-9]{4,}", REGEX_ERE},
	    {"bytes=", REGEX_FIXED | REGEX_WORD},
	};
	enum { LEN = 40000 };
	char *buf = xmalloc(LEN + 64), *got = xmalloc(8 * LEN),
	     *want = xmalloc(8 * LEN);
	size_t len = 0, i, k = 0;

	(void)state;
	while (len < LEN) {
		size_t n = strlen(lines[k % 5]);

		memcpy(buf + len, lines[k % 5], n);
		len += n;
		k = k * 7 + 3;
	}
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		regex *re = compile1(c[i].pat, c[i].flags);

		matching_lines(re, buf, len, got, 8 * LEN);
		reference_lines(re, buf, len, want, 8 * LEN);
		if (strcmp(got, want) != 0)
			fail_msg("/%s/ %#x: tuned search differs", c[i].pat,
			         c[i].flags);
		assert_true(strlen(got) > 0);
		regex_free(re);
	}
	free(buf);
	free(got);
	free(want);
}

/*
 * -i on an ASCII literal is the literal search with case folded into its
 * compares, not PCRE2: only letters fold (OR-ing 0x20 into '@' or '['
 * would make '`' or '{'), whichever bytes are the probes.
 */
static void
test_icase_fast_path(void **state)
{
	static const struct {
		const char *pat, *buf, *want;
	} c[] = {
	    {"a@b", "a`b\nA@B\na@b\nA`B\n", "2|3"},
	    {"x[y", "x{y\nX[Y\nx[y\n", "2|3"},
	    {"Q_Q", "q_q\nQ\x7fQ\nqOq\n", "1"},
	    {"error", "ERROR\nErRoR x\nerr or\neRROr\n", "1|2|4"},
	    {"1Z", "1z\n1Z\n1\x1a\n\x11z\n", "1|2"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		regex *re = compile1(c[i].pat, REGEX_FIXED | REGEX_ICASE);

		assert_int_equal(regex_strategy(re), REGEX_STRAT_LITERAL);
		regex_free(re);
		expect_lines(c[i].pat, REGEX_FIXED | REGEX_ICASE, c[i].buf,
		             c[i].want);
		expect_lines(c[i].pat,
		             REGEX_FIXED | REGEX_ICASE | REGEX_NO_FAST,
		             c[i].buf, c[i].want);
	}
}

/*
 * Lists of literals (and of patterns whose required literals make the
 * prefilter's set) give the same lines through Vectorscan, through the
 * SIMD filter of multilit.h and through the automaton alone as line by
 * line: random lists over a small alphabet, with
 * -i, -w and -x, on buffers with more matching lines than one Vectorscan
 * call queues.
 */
static void
test_literal_lists(void **state)
{
	static const char alpha[] = "abAB _\n";
	static const unsigned flags[] = {REGEX_FIXED,
	                                 REGEX_FIXED | REGEX_ICASE,
	                                 REGEX_FIXED | REGEX_WORD,
	                                 REGEX_FIXED | REGEX_LINE,
	                                 REGEX_FIXED | REGEX_ICASE | REGEX_WORD,
	                                 0};
	enum { LEN = 3000 };
	char *buf = xmalloc(LEN + 1);
	char *got = xmalloc(8 * LEN), *slow = xmalloc(8 * LEN),
	     *ref = xmalloc(8 * LEN), *simd = xmalloc(8 * LEN);
	unsigned seed = 7;
	int round;

	(void)state;
	for (round = 0; round < 300; round++) {
		char pats[6][16];
		const char *pp[6];
		size_t np = 2 + (size_t)(round % 5), k, i;
		unsigned fl = flags[round % 6];
		regex *fast = NULL, *noscan = NULL, *ml = NULL;
		char err[LS_ERRSZ];

		for (i = 0; i < LEN; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alpha[(seed >> 16) % 7];
		}
		buf[LEN] = '\0';
		for (k = 0; k < np; k++) {
			/* A required literal has two bytes at least. */
			size_t n = (fl == 0 ? 2 : 1) + (size_t)(round + k) % 4;

			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				pats[k][i] = "abAB_"[(seed >> 16) % 5];
			}
			pats[k][n] = '\0';
			/* Without -F: a pattern the prefilter's set serves. */
			if (fl == 0)
				snprintf(pats[k] + n, sizeof(pats[k]) - n,
				         "[ab]");
			pp[k] = pats[k];
		}
		if (regex_compile(&fast, pp, np, fl, err) != 0 ||
		    regex_compile(&noscan, pp, np,
		                  fl | REGEX_NO_VECTORSCAN | REGEX_NO_MULTILIT,
		                  err) != 0 ||
		    regex_compile(&ml, pp, np,
		                  fl | REGEX_NO_VECTORSCAN |
		                      REGEX_ALWAYS_MULTILIT,
		                  err) != 0)
			fail_msg("round %d: %s", round, err);
		if (regex_multilit(ml) == NULL || regex_multilit(noscan) != NULL)
			fail_msg("round %d: the SIMD filter is %s / %s", round,
			         regex_multilit(ml) ? "on" : "off",
			         regex_multilit(noscan) ? "on" : "off");
#ifdef HAVE_VECTORSCAN
		if (regex_vectorscan_sound() && !regex_vectorscan(fast))
			fail_msg("round %d: no Vectorscan (%s)", round,
			         regex_strategy_name(fast));
#endif
		assert_false(regex_vectorscan(noscan));
		matching_lines(fast, buf, LEN, got, 8 * LEN);
		matching_lines(noscan, buf, LEN, slow, 8 * LEN);
		matching_lines(ml, buf, LEN, simd, 8 * LEN);
		reference_lines(noscan, buf, LEN, ref, 8 * LEN);
		if (strcmp(got, ref) != 0 || strcmp(slow, ref) != 0 ||
		    strcmp(simd, ref) != 0)
			fail_msg("round %d (flags %#x, %s): %s / %s / %s, "
			         "wanted %s",
			         round, fl, regex_strategy_name(fast), got,
			         slow, simd, ref);
		regex_free(fast);
		regex_free(noscan);
		regex_free(ml);
	}
	free(simd);
	free(buf);
	free(got);
	free(slow);
	free(ref);
}

/*
 * A BRE or ERE that is an alternation of plain literals goes to the
 * literal searches, with POSIX's leftmost-longest match; anything else in
 * it (an empty alternative, a special character, -P's leftmost-first
 * alternation) keeps PCRE2.
 */
static void
test_literal_alternation(void **state)
{
	static const struct {
		const char *pat;
		unsigned flags;
		enum regex_strategy want;
	} c[] = {
	    {"ERROR|WARN", REGEX_ERE, REGEX_STRAT_LITERALS},
	    {"ERROR\\|WARN", REGEX_BRE, REGEX_STRAT_LITERALS},
	    {"a+b\\|c{", REGEX_BRE, REGEX_STRAT_LITERALS},
	    {"ab|abc|x", REGEX_ERE | REGEX_ICASE, REGEX_STRAT_LITERALS},
	    {"ERROR|WARN", REGEX_BRE, REGEX_STRAT_LITERAL},
	    {"ERROR||WARN", REGEX_ERE, REGEX_STRAT_BUFFER},
	    {"ERROR|WA.N", REGEX_ERE, REGEX_STRAT_BUFFER},
	    {"ERROR|WARN", 0, REGEX_STRAT_BUFFER},
	    {"ERROR|WARN", REGEX_ERE | REGEX_NO_FAST, REGEX_STRAT_BUFFER},
	};
	size_t i, ms = 0, me = 0;
	regex *re;
	regex_matcher *m;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		re = compile1(c[i].pat, c[i].flags);
		if (regex_strategy(re) != c[i].want)
			fail_msg("/%s/ (flags %#x): %s", c[i].pat, c[i].flags,
			         regex_strategy_name(re));
		regex_free(re);
	}
	expect_lines("ERROR|WARN", REGEX_ERE, "x\nWARN\ny ERROR\nERR\n", "2|3");
	expect_lines("ERROR\\|WARN", REGEX_BRE | REGEX_WORD,
	             "WARNING\nERROR!\n", "2");
	expect_lines("ab|abc", REGEX_ERE | REGEX_LINE, "abcd\nabc\nab\n", "2|3");
	expect_lines("a+b\\|c{", REGEX_BRE, "xa+by\nc{\nab\n", "1|2");
	/* -o: the longest at the leftmost place, as POSIX has it. */
	re = compile1("ab|abc", REGEX_ERE);
	m = regex_matcher_open(re);
	assert_int_equal(regex_match_line(m, "xabc", 4, 0, &ms, &me),
	                 REGEX_MATCH);
	assert_int_equal(ms, 1);
	assert_int_equal(me, 4);
	regex_matcher_close(m);
	regex_free(re);
}

/*
 * Under caseless UTF-8 a literal with more k and s letters than the set
 * spells out (each may be written U+212A or U+017F) is stood for in a
 * prefilter by its longest run without them, and PCRE2 checks the lines.
 */
static void
test_icase_many_spellings(void **state)
{
	const unsigned fl = REGEX_FIXED | REGEX_ICASE | REGEX_UTF;
	const char *buf = "x SSSSSSSTIMEOUT\n"
	                  "\xC5\xBFssssssTimeout\n"
	                  "sssssstimeout\n"
	                  "timeout\n";
	regex *re = compile1("ssssssstimeout", fl);

	(void)state;
	assert_int_equal(regex_strategy(re), REGEX_STRAT_PREFILTER);
	regex_free(re);
	expect_lines("ssssssstimeout", fl, buf, "1|2");
	expect_lines("ssssssstimeout", fl | REGEX_NO_FAST, buf, "1|2");
	/* No run long enough: PCRE2 alone. */
	re = compile1("sksksksk", fl);
	assert_int_equal(regex_strategy(re), REGEX_STRAT_BUFFER);
	regex_free(re);
}

/* With several patterns, -o takes the leftmost match and the longest of
 * those starting there, as grep -F does. */
static void
test_longest(void **state)
{
	static const struct {
		const char *pats[3];
		unsigned flags;
		const char *line;
		size_t ms, me;
	} c[] = {
	    {{"a", "ab", "b"}, REGEX_FIXED, "xab", 1, 3},
	    {{"ab", "a", "b"}, REGEX_FIXED, "xab", 1, 3},
	    {{"b", "xa", "xab"}, REGEX_FIXED, "xab", 0, 3},
	    {{"a", "a.", "z"}, 0, "xab", 1, 3},
	    {{"a", "ab", "b"}, REGEX_FIXED | REGEX_WORD, "ab a", 0, 2},
	    {{"ab", "a", "abc"}, REGEX_FIXED | REGEX_WORD, "abc a", 0, 3},
	    {{"ab", "b", "bc"}, REGEX_FIXED | REGEX_WORD, "abc bc", 4, 6},
	};
	size_t i, ms, me;
	char err[LS_ERRSZ];

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		regex *re;
		regex_matcher *m;

		assert_int_equal(
		    regex_compile(&re, c[i].pats, 3, c[i].flags, err), 0);
		m = regex_matcher_open(re);
		assert_int_equal(regex_match_line(m, c[i].line,
		                                  strlen(c[i].line), 0, &ms,
		                                  &me),
		                 REGEX_MATCH);
		if (ms != c[i].ms || me != c[i].me)
			fail_msg("case %zu (%s): [%zu, %zu), wanted [%zu, %zu)",
			         i, regex_strategy_name(re), ms, me, c[i].ms,
			         c[i].me);
		regex_matcher_close(m);
		regex_free(re);
	}
}

/* A line that needs more JIT stack than the first allowance gets it. */
static void
test_jit_stack(void **state)
{
	size_t n = 300000 * 3 + 2, i;
	char *buf = xmalloc(n + 1);
	regex *re = compile1("^(\\w+\\s?)+$", 0);
	regex_matcher *m = regex_matcher_open(re);
	size_t ls, le;

	(void)state;
	for (i = 0; i + 3 < n; i += 3)
		memcpy(buf + i, "ab ", 3);
	memcpy(buf + i, "N\n", 2);
	buf[i + 2] = '\0';
	assert_int_equal(
	    regex_next_line(m, buf, strlen(buf), 0, &ls, &le, NULL),
	    REGEX_MATCH);
	regex_matcher_close(m);
	regex_free(re);
	free(buf);
}

static void
test_utf8(void **state)
{
	static const char buf[] = "caf\xc3\xa9\nCAF\xc3\x89\nbad \xe9 byte\n";

	(void)state;
	/* Under UTF-8, case folding reaches beyond ASCII. */
	expect_lines("caf\xc3\xa9", REGEX_UTF | REGEX_ICASE, buf, "1|2");
	expect_lines("caf\xc3\xa9", REGEX_ICASE, buf, "1");
	/* "." is one character, and bad bytes are not characters. */
	expect_lines("^caf.$", REGEX_UTF, buf, "1");
	expect_lines("^caf..$", 0, buf, "1");
	expect_lines("bad . byte", 0, buf, "3");
	expect_lines("bad . byte", REGEX_UTF, buf, "");
	/* k matches the Kelvin sign under UTF-8: no ASCII shortcut. */
	expect_lines("k", REGEX_UTF | REGEX_ICASE, "\xe2\x84\xaa\nk\n", "1|2");
	/* ... and s the long s, in literals of any number. */
	expect_lines("sky", REGEX_UTF | REGEX_ICASE | REGEX_FIXED,
	             "\xc5\xbfky\nS\xe2\x84\xaaY\nSKY\nsk\n", "1|2|3");
	expect_lines("sky", REGEX_ICASE | REGEX_FIXED,
	             "\xc5\xbfky\nS\xe2\x84\xaaY\nSKY\nsk\n", "3");
	{
		const char *pats[] = {"kiss", "ask"};
		char err[LS_ERRSZ], got[64];
		regex *re;

		assert_int_equal(
		    regex_compile(&re, pats, 2,
		                  REGEX_UTF | REGEX_ICASE | REGEX_FIXED, err),
		    0);
		assert_int_equal(regex_strategy(re), REGEX_STRAT_LITERALS);
		matching_lines(
		    re, "KI\xc5\xbf\xc5\xbf\nA\xc5\xbf\xe2\x84\xaa\nas\n",
		    strlen("KI\xc5\xbf\xc5\xbf\nA\xc5\xbf\xe2\x84\xaa\nas\n"),
		    got, sizeof(got));
		assert_string_equal(got, "1|2");
		regex_free(re);
	}
}

/*
 * REGEX_NULL_DATA (grep -z): records end in NUL and may hold '\n'.  The
 * records each search reports, with every strategy, are GNU grep -z's.
 */
static void
test_null_data(void **state)
{
	/* Records 1-7; the last has no NUL. */
	static const char buf[] = "alpha\0alpha\nbeta\0a b\0\0x\ny\0ab\ncd\0tail";
	static const struct {
		const char *pat;
		size_t len; /* 0: strlen */
		unsigned flags;
		const char *want;
	} cases[] = {
	    {"a.b", 0, REGEX_BRE, "2|3"},
	    {"^beta", 0, REGEX_BRE, ""},
	    {"alpha$", 0, REGEX_BRE, "1"},
	    {"^$", 0, REGEX_BRE, "4"},
	    {"x[^z]y", 0, REGEX_ERE, "5"},
	    {"x\\sy", 0, REGEX_ERE, "5"},
	    {"x.y", 0, REGEX_BRE | REGEX_LINE, "5"},
	    {"beta", 0, REGEX_BRE | REGEX_WORD, "2"},
	    {"b\\(eta\\|\\ncd\\)", 0, REGEX_BRE, "2"},
	    {"tail", 0, REGEX_FIXED | REGEX_LINE, "7"},
	    {"a b", 0, REGEX_FIXED, "3"},
	    /* A NUL in a pattern: a record never holds one. */
	    {"a\0a", 3, REGEX_FIXED, ""},
	    {"a\0a", 3, REGEX_BRE, ""},
	    {"a.b", 0, 0, "3"},
	    {"(?m)^beta", 0, 0, "2"},
	    {"alpha$", 0, 0, "1"},
	    {"^cd", 0, 0, ""},
	    {"a\\nb", 0, 0, "2"},
	    {"(?s)b.c", 0, 0, "6"},
	    {"y$", 0, REGEX_LINE, ""},
	};
	static const unsigned modes[] = {0, REGEX_NO_FAST, REGEX_NO_BUFFER,
	                                 REGEX_NO_JIT | REGEX_NO_FAST};
	size_t len = sizeof(buf) - 1;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
			const char *pats[] = {cases[i].pat};
			size_t lens[] = {cases[i].len ? cases[i].len
			                              : strlen(cases[i].pat)};
			regex *re = NULL;
			regex_matcher *m;
			char err[LS_ERRSZ], got[64] = "";
			size_t from = 0, ls, le;
			int r;

			if (regex_compile_n(&re, pats, lens, 1,
			                    cases[i].flags | modes[k] |
			                        REGEX_NULL_DATA,
			                    err) != 0)
				fail_msg("'%s': %s", cases[i].pat, err);
			m = regex_matcher_open(re);
			while (from < len &&
			       (r = regex_next_line(m, buf, len, from, &ls, &le,
			                            NULL)) != REGEX_NOMATCH) {
				size_t rec = 1;

				assert_int_equal(r, REGEX_MATCH);
				assert_true(ls == 0 || buf[ls - 1] == '\0');
				assert_true(le == len || buf[le] == '\0');
				for (size_t j = 0; j < ls; j++)
					rec += buf[j] == '\0';
				snprintf(got + strlen(got),
				         sizeof(got) - strlen(got), "%s%zu",
				         got[0] ? "|" : "", rec);
				from = le + 1;
			}
			if (strcmp(got, cases[i].want) != 0)
				fail_msg("'%s' flags %#x mode %#x: records %s, "
				         "want %s",
				         cases[i].pat, cases[i].flags, modes[k],
				         got, cases[i].want);
			regex_matcher_close(m);
			regex_free(re);
		}
	/* A match's span inside a record takes in its newline. */
	{
		regex *re = compile1("a.b", REGEX_BRE | REGEX_NULL_DATA);
		regex_matcher *m = regex_matcher_open(re);
		size_t ms, me;

		assert_int_equal(
		    regex_match_line(m, "alpha\nbeta", 10, 0, &ms, &me),
		    REGEX_MATCH);
		assert_int_equal(ms, 4);
		assert_int_equal(me, 7);
		regex_matcher_close(m);
		regex_free(re);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strategy),
	    cmocka_unit_test(test_line_semantics),
	    cmocka_unit_test(test_atomic_escapes),
	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_wrapping),
	    cmocka_unit_test(test_several_patterns),
	    cmocka_unit_test(test_bad_patterns),
	    cmocka_unit_test(test_match_line),
	    cmocka_unit_test(test_literal_random),
	    cmocka_unit_test(test_regex_random),
	    cmocka_unit_test(test_nul_check),
	    cmocka_unit_test(test_match_limit),
	    cmocka_unit_test(test_many_patterns),
	    cmocka_unit_test(test_literal_lists),
	    cmocka_unit_test(test_required_literal),
	    cmocka_unit_test(test_icase_fast_path),
	    cmocka_unit_test(test_tuned_probes),
	    cmocka_unit_test(test_literal_alternation),
	    cmocka_unit_test(test_icase_many_spellings),
	    cmocka_unit_test(test_longest),
	    cmocka_unit_test(test_jit_stack),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_null_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
