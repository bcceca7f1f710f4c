#include "config.h"

/*
 * test_newline.c - the newline kernel against the obvious loops, at every
 * length around the vector sizes and with counters close to overflowing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newline.h"
#include "util.h"

static void
test_count_newlines(void **state)
{
	char buf[3000];
	uint64_t seed = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		seed = seed * 6364136223846793005u + 1;
		/* Bytes next to '\n' (0x0a) in value stress the lane trick. */
		buf[i] = (char)((seed >> 60) < 3 ? '\n' : (seed >> 40) & 0xff);
	}
	for (size_t start = 0; start < 9; start++) {
		for (size_t n = 0; start + n <= sizeof(buf); n += 1 + n / 3) {
			uint64_t want = 0;

			for (size_t i = 0; i < n; i++)
				want += buf[start + i] == '\n';
			assert_int_equal(newline_count(buf + start, n),
			                 want);
		}
	}
	memset(buf, '\n', sizeof(buf));
	assert_int_equal(newline_count(buf, sizeof(buf)), sizeof(buf));
	memset(buf, 0x0b, sizeof(buf));
	assert_int_equal(newline_count(buf, sizeof(buf)), 0);
	/* Long enough that the byte counters fold many times, and every byte
	 * a newline so that they come as close to overflowing as they can. */
	{
		size_t big = 100003;
		char *all = xmalloc(big);

		memset(all, '\n', big);
		for (size_t k = 0; k < 5; k++)
			assert_int_equal(newline_count(all + k, big - k),
			                 big - k);
		for (size_t k = 0; k < big; k += 97)
			all[k] = 'x';
		assert_int_equal(newline_count(all, big),
		                 big - (big + 96) / 97);
		free(all);
	}
}

/* The vector newline count, against the obvious one, on text from all
 * newlines to none, at every length around the vector sizes. */
/* The count with the NUL check: the same count, and a NUL seen wherever
 * it is (in the vector part, in the tail, first or last byte) or none. */
static void
test_count_nul(void **state)
{
	enum { N = 5000 };
	char *buf = xmalloc(N);
	uint64_t seed = 11;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		seed = seed * 6364136223846793005u + 1;
		buf[i] = (char)((seed >> 60) < 3 ? '\n'
		                                 : 1 + (seed >> 40) % 255);
	}
	for (size_t n = 0; n <= 1100; n += 1 + n / 7) {
		for (size_t start = 0; start < 5; start++) {
			const char *p = buf + start;
			int nul = -1;

			assert_int_equal(newline_count_nul(p, n, &nul),
			                 newline_count(p, n));
			assert_int_equal(nul, 0);
			for (size_t z = 0; z < n; z += 1 + z / 64) {
				char keep = buf[start + z];

				buf[start + z] = '\0';
				assert_int_equal(newline_count_nul(p, n, &nul),
				                 newline_count(p, n));
				assert_int_equal(nul, 1);
				buf[start + z] = keep;
			}
			if (n > 0) {
				char keep = buf[start + n - 1];

				buf[start + n - 1] = '\0';
				newline_count_nul(p, n, &nul);
				assert_int_equal(nul, 1);
				buf[start + n - 1] = keep;
			}
		}
	}
	free(buf);
}

static void
test_count_densities(void **state)
{
	static char buf[100000];
	uint64_t seed = 5, want;
	size_t i, n, density;

	(void)state;
	memset(buf, '\n', sizeof(buf));
	assert_true(newline_count(buf, sizeof(buf)) == sizeof(buf));
	for (density = 0; density <= 4; density++)
		for (n = 0; n < 300; n++) {
			want = 0;
			for (i = 0; i < n; i++) {
				seed = seed * 6364136223846793005u + 1;
				buf[i] =
				    (seed >> 60) < density * 4 ? '\n' : 'x';
				want += buf[i] == '\n';
			}
			assert_true(newline_count(buf, n) == want);
			assert_true(
			    newline_count(buf + 1, n ? n - 1 : 0) ==
			    want - (n && buf[0] == '\n'));
		}
}

/* newline_nth() against a walk, on lines of every length up to 300. */
static void
test_nth_newline(void **state)
{
	size_t n = 0, cap = 1 << 20;
	char *s = xmalloc(cap);
	uint64_t seen, lines = 0;

	(void)state;
	while (lines < 3000) {
		size_t len = (size_t)(lines * 7919 % 300);

		memset(s + n, 'a' + (int)(lines % 26), len);
		n += len;
		s[n++] = '\n';
		lines++;
	}
	assert_ptr_equal(newline_nth(s, n, 0, &seen), s);
	for (uint64_t k = 1; k <= lines + 1; k += 1 + k / 50) {
		const char *q = newline_nth(s, n, k, &seen);

		if (k > lines) {
			assert_null(q);
			assert_int_equal(seen, lines);
			continue;
		}
		assert_non_null(q);
		assert_int_equal(seen, k);
		assert_int_equal(q[-1], '\n');
		assert_int_equal(newline_count(s, (size_t)(q - s)), k);
	}
	assert_int_equal(newline_lines(s, n), lines);
	assert_int_equal(newline_lines(s, n - 1), lines);
	assert_int_equal(newline_lines(s, 0), 0);
	free(s);
}

/*
 * newline_find() against the obvious loop: every offset, in order, for
 * dense and sparse line ends, at lengths around the block size, with a
 * position array that fills up (the next call goes on where it stopped).
 */
static void
test_find(void **state)
{
	static const char eols[] = {'\n', '\0'};
	static const size_t maxes[] = {64, 65, 100, 4096};
	char buf[1500];
	uint32_t pos[4096];
	uint64_t seed = 5;

	(void)state;
	for (size_t e = 0; e < sizeof(eols); e++) {
		for (int density = 0; density < 3; density++) {
			for (size_t i = 0; i < sizeof(buf); i++) {
				seed = seed * 6364136223846793005u + 1;
				buf[i] = (char)((seed >> 58) <
				                        (uint64_t)(density * 24 + 1)
				                    ? eols[e]
				                    : (char)((seed >> 40) & 0xff));
			}
			for (size_t n = 0; n < sizeof(buf); n += 1 + n / 7) {
				for (size_t m = 0; m < 4; m++) {
					size_t at = 0, want = 0;

					while (at < n) {
						size_t sc, k = newline_find(
						    buf + at, n - at, eols[e], pos,
						    maxes[m], &sc);

						assert_true(sc <= n - at);
						assert_true(k <= maxes[m]);
						assert_true(sc > 0);
						for (size_t j = 0; j < k; j++) {
							while (buf[want] != eols[e])
								want++;
							assert_int_equal(at + pos[j],
							                 want);
							want++;
						}
						at += sc;
					}
					/* No line end was left out. */
					while (want < n && buf[want] != eols[e])
						want++;
					assert_int_equal(want, n);
				}
			}
		}
	}
}

/*
 * The same kernels counting another byte (-z's NUL, and a byte next to
 * it and to '\n' in value), against the obvious loop, at every length
 * around the vector sizes: '\n' must then count for nothing.
 */
static void
test_other_eol(void **state)
{
	static const char eols[] = {'\0', '\n', '\x01', '\xff'};
	char buf[2000];
	uint64_t seed = 11;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		seed = seed * 6364136223846793005u + 1;
		buf[i] = (seed >> 61) == 0   ? '\0'
		         : (seed >> 61) == 1 ? '\n'
		                             : (char)((seed >> 40) & 0xff);
	}
	for (size_t e = 0; e < sizeof(eols); e++) {
		char eol = eols[e];

		for (size_t start = 0; start < 5; start++)
			for (size_t n = 0; start + n <= sizeof(buf);
			     n += 1 + n / 4) {
				uint64_t want = 0, seen;
				const char *q;

				for (size_t i = 0; i < n; i++)
					want += buf[start + i] == eol;
				assert_int_equal(
				    newline_count_eol(buf + start, n, eol),
				    want);
				assert_int_equal(
				    newline_lines_eol(buf + start, n, eol),
				    want + (n > 0 && buf[start + n - 1] != eol));
				if (want == 0)
					continue;
				q = newline_nth_eol(buf + start, n, want, eol,
				                    &seen);
				assert_non_null(q);
				assert_int_equal(seen, want);
				assert_int_equal(q[-1], eol);
				assert_null(newline_nth_eol(buf + start, n,
				                            want + 1, eol,
				                            &seen));
				assert_int_equal(seen, want);
			}
	}
	/* All NULs: the counters come as close to overflowing as they
	 * can, and no '\n' is counted. */
	memset(buf, '\0', sizeof(buf));
	assert_int_equal(newline_count_eol(buf, sizeof(buf), '\0'),
	                 sizeof(buf));
	assert_int_equal(newline_count(buf, sizeof(buf)), 0);
}

/* The first NUL, wherever it lies against the vector loop's steps. */
static void
test_find_nul(void **state)
{
	char buf[700];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_null(newline_find_nul(buf, sizeof(buf)));
	for (size_t start = 0; start < 33; start++)
		for (size_t at = start; at < sizeof(buf); at += 7) {
			buf[at] = '\0';
			buf[sizeof(buf) - 1] = '\0';
			assert_ptr_equal(newline_find_nul(buf + start,
			                                  sizeof(buf) - start),
			                 buf + at);
			assert_null(newline_find_nul(buf + start, at - start));
			buf[at] = 'x';
			buf[sizeof(buf) - 1] = 'x';
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count_newlines),
	    cmocka_unit_test(test_count_nul),
	    cmocka_unit_test(test_count_densities),
	    cmocka_unit_test(test_nth_newline),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_other_eol),
	    cmocka_unit_test(test_find_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
