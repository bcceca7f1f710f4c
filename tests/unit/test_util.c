#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static void
test_parse_u64(void **state)
{
	char err[LS_ERRSZ];
	uint64_t v = 0;

	(void)state;
	assert_int_equal(ls_parse_u64("0", 0, 10, &v, err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ls_parse_u64("18446744073709551615", 0, UINT64_MAX,
	    &v, err), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(ls_parse_u64("18446744073709551616", 0, UINT64_MAX,
	    &v, err), -1);
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(ls_parse_u64("11", 0, 10, &v, err), -1);
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(ls_parse_u64("0", 1, 10, &v, err), -1);
	v = 42;
	assert_int_equal(ls_parse_u64("", 0, 10, &v, err), -1);
	assert_int_equal(ls_parse_u64("-1", 0, 10, &v, err), -1);
	assert_int_equal(ls_parse_u64("+1", 0, 10, &v, err), -1);
	assert_int_equal(ls_parse_u64(" 1", 0, 10, &v, err), -1);
	assert_int_equal(ls_parse_u64("1x", 0, 10, &v, err), -1);
	assert_string_equal(err, "'1x' is not a non-negative integer");
	assert_int_equal(v, 42); /* untouched on failure */
}

static void
test_parse_size(void **state)
{
	char err[LS_ERRSZ];
	uint64_t v;

	(void)state;
	assert_int_equal(ls_parse_size("4096", 0, UINT64_MAX, &v, err), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(ls_parse_size("4k", 0, UINT64_MAX, &v, err), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(ls_parse_size("64M", 0, UINT64_MAX, &v, err), 0);
	assert_int_equal(v, 64u << 20);
	assert_int_equal(ls_parse_size("2GiB", 0, UINT64_MAX, &v, err), 0);
	assert_true(v == (uint64_t)2 << 30);
	assert_int_equal(ls_parse_size("1T", 0, UINT64_MAX, &v, err), 0);
	assert_true(v == (uint64_t)1 << 40);
	assert_int_equal(ls_parse_size("100b", 0, UINT64_MAX, &v, err), 0);
	assert_int_equal(v, 100);
	assert_int_equal(ls_parse_size("1Q", 0, UINT64_MAX, &v, err), -1);
	assert_non_null(strstr(err, "not a size"));
	assert_int_equal(ls_parse_size("M", 0, UINT64_MAX, &v, err), -1);
	assert_int_equal(ls_parse_size("1.5M", 0, UINT64_MAX, &v, err), -1);
	assert_int_equal(ls_parse_size("1Mi", 0, UINT64_MAX, &v, err), -1);
	assert_int_equal(ls_parse_size("16777216T", 0, UINT64_MAX, &v, err),
	    -1);
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(ls_parse_size("1k", 4096, 8192, &v, err), -1);
	assert_int_equal(ls_parse_size("9k", 4096, 8192, &v, err), -1);
}

static void
test_errf_truncates(void **state)
{
	char err[LS_ERRSZ];
	char big[LS_ERRSZ * 2];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ls_errf(err, "%s", big);
	assert_int_equal(strlen(err), LS_ERRSZ - 1);
	ls_errf(NULL, "ignored %d", 1); /* a NULL buffer is allowed */
}

static void
test_alloc(void **state)
{
	char *s;
	int *a;

	(void)state;
	s = xstrdup("window");
	assert_string_equal(s, "window");
	free(s);
	a = xcalloc(4, sizeof(*a));
	assert_int_equal(a[3], 0);
	a = xreallocarray(a, 1000, sizeof(*a));
	a[999] = 7;
	assert_int_equal(a[999], 7);
	free(a);
	assert_true(ls_now_ns() > 0);
}

static void
expect_clean(const char *in, const char *want)
{
	char *got = ls_utf8_clean(in);

	assert_string_equal(got, want);
	free(got);
}

/* Ill-formed UTF-8 becomes U+FFFD, one per byte; well-formed text stays. */
static void
test_utf8_clean(void **state)
{
	(void)state;
	expect_clean("", "");
	expect_clean("plain/log", "plain/log");
	expect_clean("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	             "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	expect_clean("a\xff" "b", "a\xef\xbf\xbd" "b");
	/* overlong '/', a surrogate, past U+10FFFF, a cut-off sequence */
	expect_clean("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	expect_clean("\xed\xa0\x80",
	             "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_clean("\xf4\x90\x80\x80x", "\xef\xbf\xbd\xef\xbf\xbd"
	                                     "\xef\xbf\xbd\xef\xbf\xbdx");
	expect_clean("ab\xe2\x82", "ab\xef\xbf\xbd\xef\xbf\xbd");
}

/* glibc's idea of UTF-8 (GNU grep's encoding errors), byte for byte as
 * grep 3.8 in C.UTF-8 was measured to take each sequence. */
static void
test_utf8_glibc_valid(void **state)
{
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
	    {"", 1},
	    {"plain ASCII text, longer than eight bytes", 1},
	    {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 1},
	    {"\xc2\x80", 1},
	    {"\xed\x9f\xbf", 1},          /* U+D7FF */
	    {"\xef\xbf\xbf", 1},          /* U+FFFF */
	    {"\xf4\x90\x80\x80", 1},      /* past U+10FFFF: glibc takes it */
	    {"\xf8\x88\x80\x80\x80", 1},  /* a 5-byte form */
	    {"\xfd\xbf\xbf\xbf\xbf\xbf", 1},
	    {"\xed\xa0\x80", 0},          /* a surrogate */
	    {"\xc0\x80", 0},              /* overlong */
	    {"\xe0\x80\x80", 0},
	    {"\xf0\x8f\xbf\xbf", 0},
	    {"\xf8\x87\xbf\xbf\xbf", 0},
	    {"\xfc\x83\xbf\xbf\xbf\xbf", 0},
	    {"\xc3", 0},                  /* cut short */
	    {"abcdefgh\xe2\x82", 0},
	    {"\xc3 a", 0},
	    {"a\x80", 0},                 /* a stray continuation byte */
	    {"\xfe", 0},
	    {"\xff and then ASCII for a while", 0},
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		if (ls_utf8_glibc_valid(cases[k].s, strlen(cases[k].s)) !=
		    cases[k].valid)
			fail_msg("case %zu: wanted %d", k, cases[k].valid);
	/* The length counts, not a NUL. */
	assert_true(ls_utf8_glibc_valid("a\0b", 3));
	assert_false(ls_utf8_glibc_valid("\xc3\xa9", 1));
}

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(ls_edit_distance("", ""), 0);
	assert_int_equal(ls_edit_distance("grep", "grep"), 0);
	assert_int_equal(ls_edit_distance("", "grep"), 4);
	assert_int_equal(ls_edit_distance("grep", ""), 4);
	assert_int_equal(ls_edit_distance("grp", "grep"), 1);
	assert_int_equal(ls_edit_distance("grepp", "grep"), 1);
	assert_int_equal(ls_edit_distance("grap", "grep"), 1);
	/* A swap of neighbours is one edit, not two. */
	assert_int_equal(ls_edit_distance("ignroe-case", "ignore-case"), 1);
	assert_int_equal(ls_edit_distance("rgep", "grep"), 1);
	assert_int_equal(ls_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(ls_edit_distance("slice", "index"), 5);
	assert_int_equal(ls_edit_distance("ab", "ba"), 1);
	assert_int_equal(ls_edit_distance("abc", "ca"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_errf_truncates),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_utf8_clean),
		cmocka_unit_test(test_utf8_glibc_valid),
		cmocka_unit_test(test_edit_distance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
