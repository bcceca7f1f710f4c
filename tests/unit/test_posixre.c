/*
 * test_posixre.c - the BRE/ERE translator: pattern in, PCRE2 pattern (or
 * GNU grep's error and its offset) out, for every construct it knows.
 * The expectations were checked against GNU grep 3.8 in the C locale.
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

#include "posixre.h"
#include "util.h"

#define B 0           /* a BRE */
#define E POSIXRE_ERE /* an ERE */

/* A case: the pattern, its dialect, and the PCRE2 pattern it becomes,
 * or NULL and the error's message and offset. */
struct tcase {
	unsigned flags;
	const char *in;
	const char *out;
	const char *msg;
	size_t off;
};

static const struct tcase cases[] = {
    /* literals: plain text stays plain, metacharacters are escaped */
    {B, "ERROR", "ERROR", NULL, 0},
    {B, "", "", NULL, 0},
    {B, "main(", "main\\(", NULL, 0},
    {B, "f(x)", "f\\(x\\)", NULL, 0},
    {B, "a+b", "a\\+b", NULL, 0},
    {B, "a?b|c{1}", "a\\?b\\|c\\{1\\}", NULL, 0},
    {B, "cost $5", "cost \\$5", NULL, 0},
    {B, "key=v_1 #x", "key=v_1 #x", NULL, 0},
    {E, "a.b", "a.b", NULL, 0},
    {B, "a\\.b\\*", "a\\.b\\*", NULL, 0},
    {B, "\\d\\x41\\t", "dx41t", NULL, 0},
    {E, "\\{\\}\\(\\)\\|\\+\\?", "\\{\\}\\(\\)\\|\\+\\?", NULL, 0},
    {B, "a\\", NULL, "Trailing backslash", 1},
    /* BRE operators (GNU's extensions) */
    {B, "error\\|warn", "error|warn", NULL, 0},
    {B, "a\\+b\\?", "a+b?", NULL, 0},
    {B, "id=[0-9]\\{3\\}", "id=[0-9]{3}", NULL, 0},
    {B, "a\\{2,\\}b\\{1,3\\}", "a{2,}b{1,3}", NULL, 0},
    {B, "a\\{,2\\}", "a{0,2}", NULL, 0},
    {B, "a\\{0,\\}b\\{1,\\}c\\{0,1\\}", "a*b+c?", NULL, 0},
    {B, "\\(GET\\|POST\\) /api", "(GET|POST) /api", NULL, 0},
    {B, "\\(ab\\)\\1", "(ab)\\g{1}", NULL, 0},
    /* '*' literal at the start, after \( \| and anchors */
    {B, "*a", "\\*a", NULL, 0},
    {B, "\\(*a\\)", "(\\*a)", NULL, 0},
    {B, "a\\|*b", "a|\\*b", NULL, 0},
    {B, "^*a", "^\\*a", NULL, 0},
    {B, "\\+a", "\\+a", NULL, 0},
    {B, "\\{1\\}a", "\\{1\\}a", NULL, 0},
    {B, "a**", "a*", NULL, 0},
    {B, "a\\{2\\}*", "(?:a{2})*", NULL, 0},
    {B, "x\\{1\\}\\{2\\}", "(?:x{1}){2}", NULL, 0},
    /* ^ and $ are anchors only at the edges of a BRE, group or branch */
    {B, "a^b", "a\\^b", NULL, 0},
    {B, "a$b", "a\\$b", NULL, 0},
    {B, "^a$", "^a$", NULL, 0},
    {B, "\\(^a$\\)", "(^a$)", NULL, 0},
    {B, "a$\\|^b", "a$|^b", NULL, 0},
    {B, "^^$$", "^\\^\\$$", NULL, 0},
    /* BRE errors */
    {B, "a\\{1", NULL, "Unmatched \\{", 1},
    {B, "a\\{1,2", NULL, "Unmatched \\{", 1},
    {B, "a\\{\\}", NULL, "Invalid content of \\{\\}", 1},
    {B, "a\\{1a\\}", NULL, "Invalid content of \\{\\}", 1},
    {B, "a\\{2,1\\}", NULL, "Invalid content of \\{\\}", 1},
    {B, "a\\{32768\\}", NULL, "Regular expression too big", 1},
    {B, "\\(a", NULL, "Unmatched ( or \\(", 0},
    {B, "x\\(\\(a\\)", NULL, "Unmatched ( or \\(", 1},
    {B, "a\\)", NULL, "Unmatched ) or \\)", 1},
    {B, "\\(a\\)\\2", NULL, "Invalid back reference", 5},
    {B, "\\(a\\1\\)", NULL, "Invalid back reference", 3},
    /* ERE */
    {E, "ERROR|WARN", "ERROR|WARN", NULL, 0},
    {E, "(a|b)+c?d*", "(a|b)+c?d*", NULL, 0},
    {E, "a{2}b{2,}c{2,5}", "a{2}b{2,}c{2,5}", NULL, 0},
    {E, "a{,2}", "a{0,2}", NULL, 0},
    {E, "a{,}", "a*", NULL, 0},
    {E, "a{1", "a\\{1", NULL, 0},
    {E, "a{1,", "a\\{1,", NULL, 0},
    {E, "a{ 1}", "a\\{ 1\\}", NULL, 0},
    {E, "a{1a}", "a\\{1a\\}", NULL, 0},
    {E, "a{x*", "a\\{x*", NULL, 0},
    {E, "a{}", NULL, "Invalid content of \\{\\}", 1},
    {E, "a{2,1}", NULL, "Invalid content of \\{\\}", 1},
    {E, "a{1,2,3}", NULL, "Invalid content of \\{\\}", 1},
    {E, "a{32768}", NULL, "Regular expression too big", 1},
    {E, "a{32767}", "a{32767}", NULL, 0},
    {E, "x)", "x\\)", NULL, 0},
    {E, "(x", NULL, "Unmatched ( or \\(", 0},
    {E, "()a||b", "()a||b", NULL, 0},
    /* a repetition with nothing to repeat is ignored in an ERE */
    {E, "*a", "a", NULL, 0},
    {E, "a|*b", "a|b", NULL, 0},
    {E, "(+a)", "(a)", NULL, 0},
    {E, "{1}*a", "a", NULL, 0},
    {E, "{1}a", "a", NULL, 0},
    /* repetitions of repetitions */
    {E, "a**", "a*", NULL, 0},
    {E, "a*?", "a*", NULL, 0},
    {E, "a+?", "a*", NULL, 0},
    {E, "a++", "a+", NULL, 0},
    {E, "a??", "a?", NULL, 0},
    {E, "a{1}{2}", "(?:a{1}){2}", NULL, 0},
    {E, "(ab){2}*", "(?:(ab){2})*", NULL, 0},
    {E, "a^b$c", "a^b$c", NULL, 0},
    /* in an ERE an anchor is an atom a repetition applies to (GNU
     * grep's DFA), and a valid interval with nothing before it is
     * ignored */
    {E, "^*a", "(?:^)*a", NULL, 0},
    {E, "x$?", "x(?:$)?", NULL, 0},
    {E, "\\<*a", "(?:\\b(?=\\w))*a", NULL, 0},
    {E, "{", "\\{", NULL, 0},
    {E, "{1", "\\{1", NULL, 0},
    {E, "({2,3}a)", "(a)", NULL, 0},
    /* a back reference cannot reach into an earlier alternative */
    {E, "(a)|\\1", NULL, "Invalid back reference", 4},
    {B, "\\(a\\)\\|\\1", NULL, "Invalid back reference", 7},
    {E, "(a)(b|\\1)", "(a)(b|\\g{1})", NULL, 0},
    {E, "((a)|b)\\2", "((a)|b)\\g{2}", NULL, 0},
    {E, "(a|(b))c\\2", "(a|(b))c\\g{2}", NULL, 0},
    /* under -i a range's ends are checked in upper case (glibc) */
    {E | POSIXRE_ICASE, "[]-a]", NULL, "Invalid range end", 3},
    {E | POSIXRE_ICASE, "[_-a]", NULL, "Invalid range end", 3},
    {E | POSIXRE_ICASE, "[A-z]", "[A-Z]", NULL, 0},
    {E | POSIXRE_ICASE, "[a-z0-9]", "[A-Z0-9]", NULL, 0},
    {E, "(a)(b)\\2\\1", "(a)(b)\\g{2}\\g{1}", NULL, 0},
    {E, "(a)|\\2", NULL, "Invalid back reference", 4},
    /* GNU's escapes, the same in both */
    {E, "\\<root\\>", "\\b(?=\\w)root\\b(?<=\\w)", NULL, 0},
    {B, "\\bx\\B", "\\bx\\B", NULL, 0},
    {B, "\\w\\W\\s\\S", "\\w\\W\\s\\S", NULL, 0},
    {B, "\\`a\\'", "^a$", NULL, 0},
    {B, "\\<*a", "\\b(?=\\w)\\*a", NULL, 0},
    {B, "\\w*", "\\w*", NULL, 0},
    /* bracket expressions */
    {B, "[abc]", "[abc]", NULL, 0},
    {B, "[]a]", "[\\]a]", NULL, 0},
    {B, "[^]a]", "[^\\]a\\n]", NULL, 0},
    {B, "[^a]", "[^a\\n]", NULL, 0},
    {B, "[a-]", "[a\\-]", NULL, 0},
    {B, "[-a]", "[\\-a]", NULL, 0},
    {B, "[]-a]", "[\\]-a]", NULL, 0},
    {B, "[%--]", "[%-\\-]", NULL, 0},
    {B, "[--/]", "[\\--/]", NULL, 0},
    {B, "[a-a]", "[a-a]", NULL, 0},
    {B, "[\\w]", "[\\\\w]", NULL, 0},
    {B, "[a\\]", "[a\\\\]", NULL, 0},
    {B, "[[]", "[\\[]", NULL, 0},
    {B, "[a[b]", "[a\\[b]", NULL, 0},
    {B, "[^^]", "[^\\^\\n]", NULL, 0},
    {B, "[.$*]", "[\\.\\$\\*]", NULL, 0},
    {B, "[[:alpha:][:digit:]_]", "[[:alpha:][:digit:]_]", NULL, 0},
    {B, "[^[:space:]]", "[^[:space:]\\n]", NULL, 0},
    {B, "[[=a=]]", "[a]", NULL, 0},
    {B, "[[.-.]]", "[\\-]", NULL, 0},
    {B, "[[.a.]-c]", "[a-c]", NULL, 0},
    {B, "[a-[.c.]]", "[a-c]", NULL, 0},
    {B, "[[:alpha:]-]", "[[:alpha:]\\-]", NULL, 0},
    {B, "x[::]", "x[::]", NULL, 0},
    {B, "[a", NULL, "Unmatched [, [^, [:, [., or [=", 0},
    {B, "[]", NULL, "Unmatched [, [^, [:, [., or [=", 0},
    {B, "x[[:alpha:]", NULL, "Unmatched [, [^, [:, [., or [=", 1},
    {B, "[[:alpha]", NULL, "Unmatched [, [^, [:, [., or [=", 1},
    {B, "[[:foo:]]", NULL, "Invalid character class name", 1},
    {B, "[[:word:]]", NULL, "Invalid character class name", 1},
    {B, "[[.hyphen.]]", NULL, "Invalid collation character", 1},
    {B, "[[=ab=]]", NULL, "Invalid collation character", 1},
    {B, "[z-a]", NULL, "Invalid range end", 3},
    {B, "[a-c-e]", NULL, "Invalid range end", 4},
    {B, "[[:alpha:]-z]", NULL, "Invalid range end", 10},
    {B, "[a-[:alpha:]]", NULL, "Invalid range end", 3},
    {B, "[[=a=]-c]", NULL, "Invalid range end", 6},
    {B, "[:space:]", NULL,
     "character class syntax is [[:space:]], not [:space:]", 0},
    {E, "x[:alpha:]", NULL,
     "character class syntax is [[:space:]], not [:space:]", 1},
};

static void
test_table(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct tcase *c = &cases[k];
		char err[LS_ERRSZ];
		size_t len = 0, off = 999;
		unsigned info = 0;
		char *out = posixre_translate(c->in, strlen(c->in), c->flags,
		                              &len, &info, &off, err);

		if (c->out != NULL) {
			if (out == NULL)
				fail_msg("%s '%s': error '%s' at %zu",
				         c->flags ? "ERE" : "BRE", c->in, err, off);
			if (strcmp(out, c->out) != 0)
				fail_msg("%s '%s' gives '%s', wanted '%s'",
				         c->flags & E ? "ERE" : "BRE", c->in, out,
				         c->out);
			assert_int_equal(len, strlen(out));
			assert_true(len <= 8 * strlen(c->in) + 16);
			free(out);
		} else {
			if (out != NULL)
				fail_msg("%s '%s' gives '%s', wanted error '%s'",
				         c->flags ? "ERE" : "BRE", c->in, out,
				         c->msg);
			if (strcmp(err, c->msg) != 0 || off != c->off)
				fail_msg("%s '%s': '%s' at %zu, wanted '%s' at "
				         "%zu",
				         c->flags ? "ERE" : "BRE", c->in, err, off,
				         c->msg, c->off);
		}
	}
}

/* POSIXRE_NULL_DATA (grep -z): a negated bracket keeps out the NUL
 * that ends a record instead of '\n', which it then matches. */
static void
test_null_data(void **state)
{
	static const struct {
		unsigned flags;
		const char *in, *out;
	} tcases[] = {
	    {B, "[^a]", "[^a\\x{00}]"},
	    {E, "x[^[:space:]]*y", "x[^[:space:]\\x{00}]*y"},
	    {B, "a.b", "a.b"},
	    {E, "[a-c]", "[a-c]"},
	    {B, "[^a]", NULL}, /* the same without the flag: '\n' */
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(tcases) / sizeof(tcases[0]); k++) {
		char err[LS_ERRSZ];
		size_t len = 0, off;
		unsigned f = tcases[k].flags |
		             (tcases[k].out ? POSIXRE_NULL_DATA : 0);
		char *out = posixre_translate(tcases[k].in, strlen(tcases[k].in),
		                              f, &len, NULL, &off, err);
		const char *want = tcases[k].out ? tcases[k].out : "[^a\\n]";

		assert_non_null(out);
		if (strcmp(out, want) != 0)
			fail_msg("'%s' gives '%s', wanted '%s'", tcases[k].in,
			         out, want);
		assert_true(len <= 8 * strlen(tcases[k].in) + 16);
		free(out);
	}
}

/* GNU grep 3.8's warnings of a repetition with no atom before it (ERE
 * only), and glibc's error for one that a ')' follows in a group. */
static void
test_warnings(void **state)
{
	static const struct {
		unsigned flags;
		const char *in, *warn; /* warn NULL: E_PAREN at offset 0 */
	} tcases[] = {
	    {E, "*a", "* at start of expression\n"},
	    {E, "a|+b", "+ at start of expression\n"},
	    {E, "(?b)", "? at start of expression\n"},
	    {E, "{1}a", "{...} at start of expression\n"},
	    {E, "*a(+b|{1}c)", "* at start of expression\n"
	                       "+ at start of expression\n"
	                       "{...} at start of expression\n"},
	    {E, "**a", "* at start of expression\n* at start of expression\n"},
	    {E, "^*a", "* at start of expression\n"},
	    {E, "\\<+a", "+ at start of expression\n"},
	    {E, "{1}*a", "{...} at start of expression\n"},
	    {E, "a^*", ""},
	    {E, "()*a", ""},
	    {E, "\\w*", ""},
	    {E, "{1", ""},
	    {E, "a{1}{2}", ""},
	    {B, "*a", ""},
	    {B, "\\(*a\\)", ""},
	    {B, "a\\|\\+b", ""},
	    {E, "(*)", NULL},
	    {E, "(a^*)", NULL},
	    {E, "(x|+?)", NULL},
	    {E, "({1}*)", "{...} at start of expression\n"},
	    {E, "^*)", "* at start of expression\n"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(tcases) / sizeof(tcases[0]); k++) {
		char err[LS_ERRSZ], warn[256];
		size_t len, off = 99;
		char *out = posixre_translate_warn(
		    tcases[k].in, strlen(tcases[k].in), tcases[k].flags, &len,
		    NULL, &off, err, warn, sizeof(warn));

		if (tcases[k].warn == NULL) {
			if (out != NULL)
				fail_msg("'%s' gives '%s', wanted an error",
				         tcases[k].in, out);
			assert_string_equal(err, "Unmatched ( or \\(");
			assert_int_equal(off, 0);
			continue;
		}
		if (out == NULL)
			fail_msg("'%s': error '%s'", tcases[k].in, err);
		if (strcmp(warn, tcases[k].warn) != 0)
			fail_msg("'%s' warns '%s', wanted '%s'", tcases[k].in,
			         warn, tcases[k].warn);
		free(out);
	}
	/* Warnings that do not fit are left out whole. */
	{
		char err[LS_ERRSZ], warn[30];
		char *out = posixre_translate_warn("*+a", 3, E, NULL, NULL,
		                                   NULL, err, warn,
		                                   sizeof(warn));

		assert_non_null(out);
		assert_string_equal(warn, "* at start of expression\n");
		free(out);
	}
}

/* What the translator says about a pattern: back references, and whether
 * a match may have several lengths. */
static void
test_info(void **state)
{
	static const struct {
		unsigned flags;
		const char *in;
		unsigned info;
	} icases[] = {
	    {B, "ERROR", 0},
	    {B, "a.b[cd]", 0},
	    {B, "a\\|b", POSIXRE_VARLEN},
	    {E, "a|b", POSIXRE_VARLEN},
	    {E, "a+", POSIXRE_VARLEN},
	    {B, "a*", POSIXRE_VARLEN},
	    {B, "\\(a\\)\\1", POSIXRE_BACKREF},
	    {E, "(a*)\\1", POSIXRE_BACKREF | POSIXRE_VARLEN},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(icases) / sizeof(icases[0]); k++) {
		char err[LS_ERRSZ];
		unsigned info = 0;
		char *out = posixre_translate(icases[k].in, strlen(icases[k].in),
		                              icases[k].flags, NULL, &info, NULL,
		                              err);

		assert_non_null(out);
		if (info != icases[k].info)
			fail_msg("'%s': info %u, wanted %u", icases[k].in, info,
			         icases[k].info);
		free(out);
	}
}

/* NUL and other control bytes are searched for, written so that the
 * translation holds no NUL; bytes above 0x7F stand as they are; a UTF-8
 * character is one atom under POSIXRE_UTF. */
static void
test_bytes(void **state)
{
	char err[LS_ERRSZ];
	size_t len;
	char *out;

	(void)state;
	out = posixre_translate("a\0b\x01", 4, B, &len, NULL, NULL, err);
	assert_non_null(out);
	assert_string_equal(out, "a\\x{00}b\\x{01}");
	assert_int_equal(len, strlen(out));
	free(out);
	out = posixre_translate("[\0-\x1f]", 5, E, &len, NULL, NULL, err);
	assert_non_null(out);
	assert_string_equal(out, "[\\x{00}-\\x{1f}]");
	free(out);
	out = posixre_translate("\xc3\xa9+", 3, E, &len, NULL, NULL, err);
	assert_non_null(out);
	assert_string_equal(out, "\xc3\xa9+");
	free(out);
	/* A range of UTF-8 characters is checked by code point. */
	out = posixre_translate("[\xc3\xa9-\xc3\xbf]", 7, E | POSIXRE_UTF,
	                        &len, NULL, NULL, err);
	assert_non_null(out);
	assert_string_equal(out, "[\xc3\xa9-\xc3\xbf]");
	free(out);
	assert_null(posixre_translate("[\xc3\xbf-\xc3\xa9]", 7,
	                              E | POSIXRE_UTF, &len, NULL, NULL, err));
	assert_string_equal(err, "Invalid range end");
}

/* The output bound holds for the constructs that grow the most. */
static void
test_bound(void **state)
{
	static const char *const worst[] = {
	    "\\<\\>\\<\\>", "a{1}{1}{1}{1}", "\\1", "[^a][^b]", "(a){,}",
	};
	char buf[64], err[LS_ERRSZ];
	size_t k, len;
	char *out;

	(void)state;
	for (k = 0; k < sizeof(worst) / sizeof(worst[0]); k++) {
		out = posixre_translate(worst[k], strlen(worst[k]), E, &len,
		                        NULL, NULL, err);
		if (out != NULL) {
			assert_true(len <= 8 * strlen(worst[k]) + 16);
			free(out);
		}
	}
	memset(buf, 0, sizeof(buf));
	out = posixre_translate(buf, sizeof(buf), B, &len, NULL, NULL, err);
	assert_non_null(out);
	assert_int_equal(len, 6 * sizeof(buf));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_null_data),
	    cmocka_unit_test(test_warnings),
	    cmocka_unit_test(test_info),
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
