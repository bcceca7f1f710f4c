/*
 * test_multilit.c - the multi-literal filter against a naive search, for
 * every loop this processor runs, on thousands of random lists: short and
 * long strings, shared prefixes, strings inside others, small alphabets
 * that make occurrences overlap, case folding, texts at every alignment
 * and occurrences at the very start and end.  Each text lies in a buffer
 * of exactly its size, so that a read past it shows under ASan.
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

#include "multilit.h"
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

/* The answer multilit_find() must give, the slow way. */
static int
naive(char **s, const size_t *lens, size_t n, int icase, const char *h,
      size_t len, size_t from, size_t *start, size_t *end)
{
	size_t p, k;

	for (p = from; p < len; p++) {
		int found = 0;

		for (k = 0; k < n; k++)
			if (lens[k] <= len - p && same(h + p, s[k], lens[k], icase) &&
			    (!found || p + lens[k] > *end)) {
				*start = p;
				*end = p + lens[k];
				found = 1;
			}
		if (found)
			return 1;
	}
	return 0;
}

static const enum multilit_impl impls[] = {MULTILIT_SCALAR, MULTILIT_SSSE3,
                                           MULTILIT_AVX2};

/* Every occurrence, one after the other, by every loop, as naive(). */
static void
agree(multilit *ml, char **s, const size_t *lens, size_t n, int icase,
      const char *h, size_t len, size_t from0, size_t *found)
{
	size_t t;

	for (t = 0; t < sizeof(impls) / sizeof(impls[0]); t++) {
		size_t from = from0;

		if (multilit_set_impl(ml, impls[t]) < 0)
			continue;
		for (;;) {
			size_t a = 0, b = 0, x = 0, y = 0;
			int r = multilit_find(ml, h, len, from, &a, &b, NULL);
			int want = naive(s, lens, n, icase, h, len, from, &x, &y);

			if (r != want || (r && (a != x || b != y)))
				fail_msg("%s: from %zu in %zu bytes, %zu strings "
				         "(icase %d): got %d [%zu,%zu), want %d "
				         "[%zu,%zu)",
				         multilit_impl_name(ml), from, len, n, icase,
				         r, a, b, want, x, y);
			if (!r)
				break;
			*found += 1;
			from = a + 1;
		}
	}
}

/* Random strings from an alphabet of k letters (k < 0: any byte). */
static void
random_string(uint64_t *seed, char *out, size_t len, int k)
{
	static const char letters[] = "abcdABCD_=0123456789xyz \t";
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = k < 0 ? (char)(rnd(seed) & 0xff)
		               : letters[rnd(seed) % (unsigned)k];
}

static void
one_list(uint64_t *seed, size_t n, size_t maxlen, size_t textlen,
         size_t *found)
{
	char **s = xcalloc(n, sizeof(*s));
	size_t *lens = xcalloc(n, sizeof(*lens));
	int alpha = (int)(rnd(seed) % 6);
	int k_letters = alpha == 0 ? -1 : 2 + alpha * 4; /* 6..22, or bytes */
	int icase = rnd(seed) % 3 == 0;
	size_t k, i, from;
	char *h, *text;
	multilit *ml;

	for (k = 0; k < n; k++) {
		lens[k] = 1 + rnd(seed) % maxlen;
		s[k] = xmalloc(lens[k]);
		if (k > 0 && rnd(seed) % 3 == 0) {
			/* Share a prefix with (or lie inside) an earlier one. */
			size_t o = rnd(seed) % k, cut = rnd(seed) % (lens[o] + 1);

			if (cut > lens[k])
				cut = lens[k];
			memcpy(s[k], s[o], cut);
			random_string(seed, s[k] + cut, lens[k] - cut, k_letters);
		} else {
			random_string(seed, s[k], lens[k], k_letters);
		}
	}
	text = xmalloc(textlen + 1);
	random_string(seed, text, textlen, k_letters);
	/* Plant some strings, some at the edges, some in the other case. */
	for (i = rnd(seed) % 6; i > 0 && n > 0; i--) {
		size_t w = rnd(seed) % n, at;

		if (lens[w] > textlen)
			continue;
		switch (rnd(seed) % 4) {
		case 0:
			at = 0;
			break;
		case 1:
			at = textlen - lens[w];
			break;
		default:
			at = rnd(seed) % (textlen - lens[w] + 1);
		}
		memcpy(text + at, s[w], lens[w]);
		if (icase)
			for (k = at; k < at + lens[w]; k++)
				if (rnd(seed) & 1 && text[k] >= 'a' &&
				    text[k] <= 'z')
					text[k] = (char)(text[k] - 32);
	}
	ml = multilit_new((const char *const *)s, lens, n, icase, NULL);
	assert_non_null(ml);
	/* The text at its own exact allocation: a read past it is caught
	 * under ASan; and from a few starting points. */
	h = xmalloc(textlen ? textlen : 1);
	memcpy(h, text, textlen);
	from = textlen ? rnd(seed) % (textlen / 4 + 1) : 0;
	agree(ml, s, lens, n, icase, h, textlen, 0, found);
	agree(ml, s, lens, n, icase, h, textlen, from, found);
	/* The same text at every alignment of its start. */
	for (i = 1; i < 4 && i < textlen; i++)
		agree(ml, s, lens, n, icase, h + i, textlen - i, 0, found);
	multilit_free(ml);
	free(h);
	free(text);
	for (k = 0; k < n; k++)
		free(s[k]);
	free(s);
	free(lens);
}

static void
test_random_lists(void **state)
{
	uint64_t seed = 26;
	size_t found = 0, t;

	(void)state;
	/* Small lists on texts around the vector widths. */
	for (t = 0; t < 3000; t++)
		one_list(&seed, 1 + rnd(&seed) % 12, 1 + rnd(&seed) % 8,
		         rnd(&seed) % 200, &found);
	/* Longer strings and texts. */
	for (t = 0; t < 300; t++)
		one_list(&seed, 1 + rnd(&seed) % 40, 1 + rnd(&seed) % 24,
		         200 + rnd(&seed) % 1500, &found);
	/* Many strings: every bucket holds a lot. */
	for (t = 0; t < 20; t++)
		one_list(&seed, 200 + rnd(&seed) % 1500, 4 + rnd(&seed) % 16,
		         300 + rnd(&seed) % 600, &found);
	/* The test must have seen occurrences to mean anything. */
	assert_true(found > 10000);
}

/* The bench's case: many ids sharing a prefix, in text that has none. */
static void
test_shared_prefix(void **state)
{
	char *s[1000];
	size_t lens[1000], k, a, b, n = 1 << 16;
	char *h = xmalloc(n);
	multilit *ml;
	uint64_t seed = 7;

	(void)state;
	for (k = 0; k < 1000; k++) {
		s[k] = xmalloc(17);
		snprintf(s[k], 17, "user_id=%08zu", (k * 7919 + 12345) % 100000000);
		lens[k] = 16;
	}
	ml = multilit_new((const char *const *)s, lens, 1000, 0, NULL);
	for (k = 0; k < n; k++)
		h[k] = "abcdefghijklmnopqrstuvwxyz_=0123456789 \n"[rnd(&seed) % 40];
	assert_int_equal(multilit_find(ml, h, n, 0, &a, &b, NULL), 0);
	/* One of them near the end, one not in the list before it. */
	memcpy(h + n - 20, s[999], 16);
	memcpy(h + 100, "user_id=00000000", 16);
	assert_int_equal(multilit_find(ml, h, n, 0, &a, &b, NULL), 1);
	assert_int_equal(a, n - 20);
	assert_int_equal(b, n - 4);
	multilit_free(ml);
	free(h);
	for (k = 0; k < 1000; k++)
		free(s[k]);
}

/* Strings whose windows lie at different offsets: the leftmost start
 * wins even when a later-starting string's window comes first. */
static void
test_leftmost(void **state)
{
	const char *s[] = {"zzzzzzzzzzQ", "ab"};
	size_t lens[] = {11, 2}, a, b, t;
	const char *h = "..zzzzzzzzzzQab..";
	multilit *ml;

	(void)state;
	ml = multilit_new(s, lens, 2, 0, NULL);
	for (t = 0; t < sizeof(impls) / sizeof(impls[0]); t++) {
		if (multilit_set_impl(ml, impls[t]) < 0)
			continue;
		assert_int_equal(multilit_find(ml, h, strlen(h), 0, &a, &b, NULL),
		                 1);
		assert_int_equal(a, 2);
		assert_int_equal(b, 13);
		assert_int_equal(multilit_find(ml, h, strlen(h), 3, &a, &b, NULL),
		                 1);
		assert_int_equal(a, 13);
	}
	multilit_free(ml);
	assert_null(multilit_new(s, lens, 0, 0, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_lists),
	    cmocka_unit_test(test_shared_prefix),
	    cmocka_unit_test(test_leftmost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
