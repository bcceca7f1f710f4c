/*
 * test_posixnfa.c - the automaton for translated BRE/ERE: POSIX's match
 * (leftmost, then longest) on a table of patterns and lines, -i -w -x,
 * patterns a backtracking matcher gives up on, and what it refuses.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "posixnfa.h"
#include "posixre.h"
#include "util.h"

/* Compile ERE pattern ere (translated first) with flags. */
static posixnfa *
compile_ere(const char *ere, unsigned flags)
{
	char err[LS_ERRSZ];
	size_t len;
	char *t = posixre_translate(ere, strlen(ere), POSIXRE_ERE, &len, NULL,
	                            NULL, err);
	const char *p[1];
	posixnfa *a;

	assert_non_null(t);
	p[0] = t;
	a = posixnfa_compile(p, &len, 1, flags, (size_t)1 << 16);
	free(t);
	return a;
}

/* POSIXNFA_NULL_DATA (grep -z): the subject is a record in which '.',
 * a negated bracket and \s match '\n'. */
static void
test_null_data(void **state)
{
	static const struct {
		const char *ere, *line;
		unsigned flags;
		size_t ms, me;
	} cases[] = {
	    {"a.b", "xa\nb", 0, 1, 4},
	    {"a[^c]+b", "a\n\nb", 0, 0, 4},
	    {"a\\s*b", "a \n b", 0, 0, 5},
	    {"^.*$", "one\ntwo", POSIXNFA_LINE, 0, 7},
	    {"two", "one\ntwo", POSIXNFA_WORD, 4, 7},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char err[LS_ERRSZ];
		size_t len, ms = 99, me = 99, n = strlen(cases[k].line);
		char *t = posixre_translate(cases[k].ere, strlen(cases[k].ere),
		                            POSIXRE_ERE | POSIXRE_NULL_DATA,
		                            &len, NULL, NULL, err);
		const char *p[1] = {t};
		posixnfa *a, *lf;

		assert_non_null(t);
		a = posixnfa_compile(p, &len, 1,
		                     cases[k].flags | POSIXNFA_NULL_DATA,
		                     (size_t)1 << 16);
		assert_non_null(a);
		if (posixnfa_match(a, cases[k].line, n, 0, &ms, &me) != 1 ||
		    ms != cases[k].ms || me != cases[k].me)
			fail_msg("'%s': [%zu, %zu), wanted [%zu, %zu)",
			         cases[k].ere, ms, me, cases[k].ms,
			         cases[k].me);
		/* Without the flag '.' keeps out '\n'. */
		lf = posixnfa_compile(p, &len, 1, cases[k].flags,
		                      (size_t)1 << 16);
		if (k == 0 || k == 3)
			assert_int_equal(
			    posixnfa_match(lf, cases[k].line, n, 0, &ms, &me),
			    0);
		posixnfa_free(lf);
		posixnfa_free(a);
		free(t);
	}
}

static void
test_table(void **state)
{
	static const struct {
		const char *ere;
		unsigned flags;
		const char *line;
		int found;
		size_t ms, me;
	} cases[] = {
	    {"time|timeout=[0-9]+", 0, "timeout=30s", 1, 0, 10},
	    {"(a|ab)(c|bcd)?", 0, "abcd", 1, 0, 4},
	    {"ab|abcd|abc", 0, "xabcde", 1, 1, 5},
	    {"a+b", 0, "caaab", 1, 1, 5},
	    {"x{2,4}y?", 0, "xxxxxy", 1, 0, 4},
	    {"x{0,3}z", 0, "xxxxz", 1, 1, 5},
	    {"(ab|a)*$", 0, "ababa", 1, 0, 5},
	    {"[^a-c]+x", 0, "abddx", 1, 2, 5},
	    {"[]a-]+", 0, "x]-a", 1, 1, 4},
	    {"[[:digit:]]{2}", 0, "a1b23", 1, 3, 5},
	    {"a.c", 0, "a\tc", 1, 0, 3},
	    {"\\<root\\>", 0, "rooted root", 1, 7, 11},
	    {"\\bw\\B", 0, "a ww", 1, 2, 3},
	    {"^$", 0, "", 1, 0, 0},
	    {"^$", 0, "x", 0, 0, 0},
	    {"a|", 0, "b", 1, 0, 0},
	    {"\\s\\S", 0, "a b", 1, 1, 3},
	    {"a\\.b", 0, "axb a.b", 1, 4, 7},
	    {"AB", POSIXNFA_ICASE, "xaab", 1, 2, 4},
	    {"[a-c]+", POSIXNFA_ICASE, "xABCd", 1, 1, 4},
	    {"[^a]", POSIXNFA_ICASE, "Ab", 1, 1, 2},
	    {"[0-9]+|[0-9]+\\.[0-9]+", POSIXNFA_WORD, "v1.5 2.5x 3", 1, 3,
	     4},
	    {"ab|a", POSIXNFA_WORD, "ab", 1, 0, 2},
	    {"a|ab", POSIXNFA_LINE, "ab", 1, 0, 2},
	    {"a|ab", POSIXNFA_LINE, "abc", 0, 0, 0},
	    {"(.*a){3}$", 0, "xaxaxa", 1, 0, 6},
	    {"(a*)*b", 0, "aaac", 0, 0, 0},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		posixnfa *a = compile_ere(cases[k].ere, cases[k].flags);
		size_t ms = 99, me = 99;
		int r;

		assert_non_null(a);
		r = posixnfa_match(a, cases[k].line, strlen(cases[k].line), 0,
		                   &ms, &me);
		if (r != cases[k].found ||
		    (r && (ms != cases[k].ms || me != cases[k].me)))
			fail_msg("'%s' on '%s': %d [%zu, %zu), wanted %d [%zu, "
			         "%zu)",
			         cases[k].ere, cases[k].line, r, ms, me,
			         cases[k].found, cases[k].ms, cases[k].me);
		posixnfa_free(a);
	}
}

/* A search from an offset sees the bytes before it for anchors. */
static void
test_offset(void **state)
{
	posixnfa *a = compile_ere("\\<a+", 0);
	size_t ms, me;

	(void)state;
	assert_int_equal(posixnfa_match(a, "aa aa", 5, 1, &ms, &me), 1);
	assert_int_equal(ms, 3);
	assert_int_equal(me, 5);
	posixnfa_free(a);
	a = compile_ere("^a", 0);
	assert_int_equal(posixnfa_match(a, "aa", 2, 1, &ms, &me), 0);
	posixnfa_free(a);
}

/* Patterns that make a backtracking matcher give up take one pass. */
static void
test_no_blowup(void **state)
{
	static const char *const pats[] = {"(a+)+$", "(a|a)+$", "(.*a){12}$",
	                                   "(a|aa)*c"};
	size_t n = 30000, k, ms, me;
	char *line = xmalloc(n + 1);

	(void)state;
	memset(line, 'a', n);
	line[n] = 'b';
	for (k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		posixnfa *a = compile_ere(pats[k], 0);

		assert_non_null(a);
		assert_int_equal(posixnfa_match(a, line, n + 1, 0, &ms, &me),
		                 0);
		assert_int_equal(posixnfa_match(a, line, n, 0, &ms, &me),
		                 k < 3);
		posixnfa_free(a);
	}
	free(line);
}

/* Back references and automata beyond the limit are refused. */
static void
test_refused(void **state)
{
	const char *p[1];
	size_t len;

	(void)state;
	p[0] = "(a)\\g{1}";
	len = strlen(p[0]);
	assert_null(posixnfa_compile(p, &len, 1, 0, 1000));
	p[0] = "(?:a{1000}){1000}";
	len = strlen(p[0]);
	assert_null(posixnfa_compile(p, &len, 1, 0, 100000));
	p[0] = "a)";
	len = strlen(p[0]);
	assert_null(posixnfa_compile(p, &len, 1, 0, 1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_null_data),
	    cmocka_unit_test(test_offset),
	    cmocka_unit_test(test_no_blowup),
	    cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
