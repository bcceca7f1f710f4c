/*
 * multilit.h - find where the first of many literal strings occurs in a
 * text, fast: a SIMD filter over nibble masks (the "Teddy" idea of
 * Hyperscan, also used by ripgrep) finds the few positions where one of
 * the strings may occur, and a hash of each string's first bytes checks
 * them exactly.
 *
 * Each string is watched for through a window of up to three of its bytes
 * (the run least likely to occur in log text, wherever it lies in the
 * string), and the windows are dealt into eight buckets.  For each window
 * byte two tables of sixteen entries say, for the low and for the high
 * nibble of a text byte, which buckets allow it there; a text position is
 * a candidate for a bucket when every window byte's two entries hold the
 * bucket's bit.  With
 * AVX2 (or SSSE3) that is a few byte shuffles per 32 (16) bytes of text; a
 * portable loop computes the same candidates from 256-entry tables.
 *
 * Nothing is ever missed for the filter's sake: a string occurring at p
 * always makes the position of its window a candidate of its bucket, and
 * every candidate is checked against every string of the bucket whose
 * bytes around the window hash alike.
 */
#ifndef LOGSCAN_MULTILIT_H
#define LOGSCAN_MULTILIT_H

#include <stddef.h>

typedef struct multilit multilit;

/* The search loops; MULTILIT_AUTO is the fastest this processor runs. */
enum multilit_impl {
	MULTILIT_AUTO,
	MULTILIT_SCALAR,
	MULTILIT_SSSE3,
	MULTILIT_AVX2
};

/*
 * Build the filter for the n strings s[k] of lens[k] bytes (n >= 1, each
 * at least one byte; duplicates are fine).  With icase, ASCII letters
 * match either case.  prob, when not NULL, gives each byte's share of the
 * text to be searched (it only guides which windows the buckets use).
 * Returns the handle for multilit_free(), or NULL when n is 0 or 2^32 - 1
 * or more.  Allocation failure exits.
 */
multilit *multilit_new(const char *const *s, const size_t *lens, size_t n,
                       int icase, const double *prob);

/* Free a filter; accepts NULL. */
void multilit_free(multilit *ml);

/* The share of text positions the filter is expected to pass to the exact
 * check (from prob): above a few percent, an automaton is faster. */
double multilit_rate(const multilit *ml);

/* Use loop impl for the searches from now on.  Returns 0, or -1 (and
 * changes nothing) when this processor cannot run it. */
int multilit_set_impl(multilit *ml, enum multilit_impl impl);

/* The name of the loop in use: "avx2", "ssse3" or "scalar". */
const char *multilit_impl_name(const multilit *ml);

/*
 * The leftmost occurrence of any of the strings in h[from, n): returns 1
 * with h[*start, *end) the longest string that starts there, or 0 when
 * none occurs.  Strings that would start before from are not looked at.
 * When checks is not NULL, the number of candidates checked is added to
 * it (for a caller that watches how well the filter does on its text).
 */
int multilit_find(const multilit *ml, const char *h, size_t n, size_t from,
                  size_t *start, size_t *end, size_t *checks);

#endif
