#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "litset.h"
#include "util.h"

static uint32_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*s >> 33);
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int
same(const char *a, const char *b, size_t n, int icase)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (icase
		        ? fold((unsigned char)a[i]) != fold((unsigned char)b[i])
		        : a[i] != b[i])
			return 0;
	return 1;
}

/*
 * Every occurrence the automaton reports, against the obvious search: by
 * end, the longest first, each string of a group of equal ones reachable
 * from the first through litset_same().
 */
static void
test_random(void **state)
{
	uint64_t seed = 3;
	int round;

	(void)state;
	for (round = 0; round < 300; round++) {
		int icase = round % 2;
		size_t n = 1 + rnd(&seed) % 12, len = rnd(&seed) % 200, k, i;
		char strs[12][6], text[200];
		const char *sp[12];
		size_t lens[12];
		litset *ls;
		struct litset_pos p;
		size_t s, e, id, want_e = 0, want_len = 0;
		int found;

		for (k = 0; k < n; k++) {
			lens[k] = 1 + rnd(&seed) % 5;
			for (i = 0; i < lens[k]; i++)
				strs[k][i] = "abAB\n"[rnd(&seed) % 5];
			sp[k] = strs[k];
		}
		for (i = 0; i < len; i++)
			text[i] = "abAB\nc"[rnd(&seed) % 6];
		ls = litset_new(sp, lens, n, icase, (size_t)1 << 20);
		assert_non_null(ls);
		litset_start(ls, &p, 0);
		/* Walk the expected occurrences in the same order. */
		for (e = 1; e <= len; e++) {
			size_t l;

			for (l = 6; l-- > 1;) {
				size_t first = SIZE_MAX, x;

				if (l > e)
					continue;
				for (k = 0; k < n; k++)
					if (lens[k] == l &&
					    same(strs[k], text + e - l, l,
					         icase)) {
						first = k;
						break;
					}
				if (first == SIZE_MAX)
					continue;
				found = litset_next(ls, &p, text, len, &s,
				                    &want_e, &id);
				if (!found || want_e != e || s != e - l)
					fail_msg("round %d: wanted [%zu, %zu), "
					         "got %d [%zu, %zu)",
					         round, e - l, e, found, s,
					         want_e);
				want_len = l;
				/* The group: every equal string, in order. */
				x = id;
				assert_int_equal(x, first);
				for (k = first + 1; k < n; k++) {
					if (lens[k] != l ||
					    !same(strs[k], strs[first], l,
					          icase))
						continue;
					x = litset_same(ls, x);
					assert_int_equal(x, k);
				}
				assert_int_equal(litset_same(ls, x), SIZE_MAX);
			}
		}
		(void)want_len;
		assert_int_equal(litset_next(ls, &p, text, len, &s, &e, &id),
		                 0);
		assert_int_equal(litset_maxlen(ls) <= 5, 1);
		litset_free(ls);
	}
}

/* A search can stop at any limit and go on with a bigger one. */
static void
test_resume(void **state)
{
	const char *sp[] = {"needle", "eed", "le"};
	size_t lens[] = {6, 3, 2}, s, e, id;
	const char text[] = "a needle and a needle";
	litset *ls = litset_new(sp, lens, 3, 0, (size_t)1 << 20);
	struct litset_pos p;

	(void)state;
	litset_start(ls, &p, 0);
	assert_int_equal(litset_next(ls, &p, text, 5, &s, &e, &id), 0);
	assert_int_equal(
	    litset_next(ls, &p, text, sizeof(text) - 1, &s, &e, &id), 1);
	assert_int_equal(id, 1);
	assert_int_equal(s, 3);
	assert_int_equal(
	    litset_next(ls, &p, text, sizeof(text) - 1, &s, &e, &id), 1);
	assert_int_equal(id, 0); /* "needle" before "le", which ends there */
	assert_int_equal(s, 2);
	assert_int_equal(
	    litset_next(ls, &p, text, sizeof(text) - 1, &s, &e, &id), 1);
	assert_int_equal(id, 2);
	/* From an offset, what lies before it is not seen. */
	litset_start(ls, &p, 16);
	assert_int_equal(
	    litset_next(ls, &p, text, sizeof(text) - 1, &s, &e, &id), 1);
	assert_int_equal(id, 1);
	assert_int_equal(s, 16);
	litset_free(ls);
}

/* Bytes of every value, and a table too big for the limit. */
static void
test_bytes_and_limit(void **state)
{
	char all[256];
	const char *sp[] = {all};
	size_t lens[] = {256}, i, s, e, id;
	struct litset_pos p;
	litset *ls;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (char)(255 - i);
	ls = litset_new(sp, lens, 1, 0, (size_t)1 << 20);
	assert_non_null(ls);
	litset_start(ls, &p, 0);
	assert_int_equal(litset_next(ls, &p, all, 256, &s, &e, &id), 1);
	assert_int_equal(s, 0);
	assert_int_equal(e, 256);
	litset_free(ls);
	assert_null(litset_new(sp, lens, 1, 0, 1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random),
	    cmocka_unit_test(test_resume),
	    cmocka_unit_test(test_bytes_and_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
