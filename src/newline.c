/*
 * newline.c - count newlines at the speed memory delivers them.
 *
 * Each kernel compares a vector of bytes with the line end ('\n', or the
 * NUL of -z) (all ones where equal),
 * subtracts the result from byte counters (adding one per match), and
 * folds the counters into a total with a sum of absolute differences
 * before any of them can pass 255.
 */
#include "config.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NL_X86 1
#endif

#include "newline.h"

#ifdef NL_X86
__attribute__((target("avx2"))) static uint64_t
count_avx2(const char *p, size_t n, char eol, size_t *done)
{
	const __m256i nl = _mm256_set1_epi8(eol);
	const __m256i zero = _mm256_setzero_si256();
	__m256i total = zero;
	size_t i = 0;

	while (n - i >= 128) {
		__m256i acc0 = zero, acc1 = zero;
		size_t rounds = (n - i) / 128, k;

		/* Each counter gains at most 2 per round: fold every 127. */
		if (rounds > 127)
			rounds = 127;
		for (k = 0; k < rounds; k++, i += 128) {
			__m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
			__m256i b =
			    _mm256_loadu_si256((const __m256i *)(p + i + 32));
			__m256i c =
			    _mm256_loadu_si256((const __m256i *)(p + i + 64));
			__m256i d =
			    _mm256_loadu_si256((const __m256i *)(p + i + 96));

			acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(a, nl));
			acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(b, nl));
			acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(c, nl));
			acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(d, nl));
		}
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc0, zero));
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc1, zero));
	}
	*done = i;
	return (uint64_t)_mm256_extract_epi64(total, 0) +
	       (uint64_t)_mm256_extract_epi64(total, 1) +
	       (uint64_t)_mm256_extract_epi64(total, 2) +
	       (uint64_t)_mm256_extract_epi64(total, 3);
}

/* count_avx2() that also keeps the smallest byte of each lane, so that
 * *nul says whether a NUL byte was among those counted: the binary-file
 * check rides on the counting pass instead of a pass of its own. */
__attribute__((target("avx2"))) static uint64_t
count_nul_avx2(const char *p, size_t n, char eol, size_t *done, int *nul)
{
	const __m256i nl = _mm256_set1_epi8(eol);
	const __m256i zero = _mm256_setzero_si256();
	__m256i total = zero, least = _mm256_set1_epi8(-1);
	size_t i = 0;

	while (n - i >= 128) {
		__m256i acc0 = zero, acc1 = zero;
		size_t rounds = (n - i) / 128, k;

		if (rounds > 127)
			rounds = 127;
		for (k = 0; k < rounds; k++, i += 128) {
			__m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
			__m256i b =
			    _mm256_loadu_si256((const __m256i *)(p + i + 32));
			__m256i c =
			    _mm256_loadu_si256((const __m256i *)(p + i + 64));
			__m256i d =
			    _mm256_loadu_si256((const __m256i *)(p + i + 96));

			_mm_prefetch(p + i + 1024, _MM_HINT_T0);
			least = _mm256_min_epu8(
			    least, _mm256_min_epu8(_mm256_min_epu8(a, b),
			                           _mm256_min_epu8(c, d)));
			acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(a, nl));
			acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(b, nl));
			acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(c, nl));
			acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(d, nl));
		}
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc0, zero));
		total = _mm256_add_epi64(total, _mm256_sad_epu8(acc1, zero));
	}
	*done = i;
	*nul = _mm256_movemask_epi8(_mm256_cmpeq_epi8(least, zero)) != 0;
	return (uint64_t)_mm256_extract_epi64(total, 0) +
	       (uint64_t)_mm256_extract_epi64(total, 1) +
	       (uint64_t)_mm256_extract_epi64(total, 2) +
	       (uint64_t)_mm256_extract_epi64(total, 3);
}

/* SSE2 is part of every x86-64 processor. */
static uint64_t
count_sse2(const char *p, size_t n, char eol, size_t *done)
{
	const __m128i nl = _mm_set1_epi8(eol);
	const __m128i zero = _mm_setzero_si128();
	__m128i total = zero;
	size_t i = 0;

	while (n - i >= 64) {
		size_t blocks = (n - i) / 64;
		__m128i acc = zero;

		/* 4 compares per step, at most 63 steps: <= 252 each. */
		if (blocks > 63)
			blocks = 63;
		for (size_t b = 0; b < blocks; b++, i += 64) {
			__m128i a0 = _mm_loadu_si128((const __m128i *)(p + i));
			__m128i a1 =
			    _mm_loadu_si128((const __m128i *)(p + i + 16));
			__m128i a2 =
			    _mm_loadu_si128((const __m128i *)(p + i + 32));
			__m128i a3 =
			    _mm_loadu_si128((const __m128i *)(p + i + 48));

			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a0, nl));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a1, nl));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a2, nl));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(a3, nl));
		}
		total = _mm_add_epi64(total, _mm_sad_epu8(acc, zero));
	}
	*done = i;
	return (uint64_t)_mm_cvtsi128_si64(total) +
	       (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(total, total));
}
#endif

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define LOWS UINT64_C(0x7f7f7f7f7f7f7f7f)

/*
 * 0x01 in every byte of x that is eol, 0x00 elsewhere.  The add cannot
 * carry between bytes because each lane is masked to 7 bits first, so the
 * result is exact (unlike the classic haszero() trick).
 */
static inline uint64_t
nl_lanes(uint64_t x, unsigned char eol)
{
	uint64_t y = x ^ (ONES * eol);
	uint64_t t = ((y & LOWS) + LOWS) | y;

	return (~t & HIGHS) >> 7;
}

/* Sum the eight byte lanes of acc (each at most 255). */
static inline uint64_t
lane_sum(uint64_t acc)
{
	uint64_t pairs = (acc & UINT64_C(0x00ff00ff00ff00ff)) +
	                 ((acc >> 8) & UINT64_C(0x00ff00ff00ff00ff));

	return (pairs * UINT64_C(0x0001000100010001)) >> 48;
}

/* A word at a time, for what the vectors left and for other processors. */
static uint64_t
count_words(const char *p, size_t n, char eol)
{
	uint64_t count = 0;
	size_t i = 0;

	while (n - i >= 8) {
		size_t words = (n - i) / 8;
		uint64_t acc = 0;

		if (words > 255)
			words = 255;
		for (size_t w = 0; w < words; w++, i += 8) {
			uint64_t x;

			memcpy(&x, p + i, 8);
			acc += nl_lanes(x, (unsigned char)eol);
		}
		count += lane_sum(acc);
	}
	for (; i < n; i++)
		count += p[i] == eol;
	return count;
}

uint64_t
newline_count_eol(const char *p, size_t n, char eol)
{
	uint64_t count = 0;
	size_t done = 0;

#ifdef NL_X86
	if (n >= 128 && __builtin_cpu_supports("avx2"))
		count = count_avx2(p, n, eol, &done);
	else if (n >= 64)
		count = count_sse2(p, n, eol, &done);
#endif
	return count + count_words(p + done, n - done, eol);
}

uint64_t
newline_count_nul(const char *p, size_t n, int *nul)
{
	uint64_t count = 0;
	size_t done = 0;

	*nul = 0;
#ifdef NL_X86
	if (n >= 128 && __builtin_cpu_supports("avx2"))
		count = count_nul_avx2(p, n, '\n', &done, nul);
#endif
	if (!*nul && memchr(p + done, '\0', n - done) != NULL)
		*nul = 1;
	return count + newline_count_eol(p + done, n - done, '\n');
}

uint64_t
newline_count(const char *p, size_t n)
{
	return newline_count_eol(p, n, '\n');
}

const char *
newline_nth(const char *p, size_t n, uint64_t k, uint64_t *seen)
{
	return newline_nth_eol(p, n, k, '\n', seen);
}

const char *
newline_nth_eol(const char *p, size_t n, uint64_t k, char eol,
                uint64_t *seen)
{
	/* Count whole blocks until the k-th newline is inside one, then walk
	 * that block with memchr(). */
	enum { BLOCK = 4096 };
	uint64_t got = 0;
	size_t i = 0;

	if (k == 0) {
		if (seen)
			*seen = 0;
		return p;
	}
	while (n - i > BLOCK) {
		uint64_t c = newline_count_eol(p + i, BLOCK, eol);

		if (got + c >= k)
			break;
		got += c;
		i += BLOCK;
	}
	while (i < n) {
		const char *q = memchr(p + i, eol, n - i);

		if (q == NULL)
			break;
		got++;
		i = (size_t)(q - p) + 1;
		if (got == k) {
			if (seen)
				*seen = got;
			return q + 1;
		}
	}
	if (seen)
		*seen = got;
	return NULL;
}

/* Append the offsets base + (bits of m) to pos[k...]; returns the new k. */
static inline size_t
put_bits(uint64_t m, uint32_t base, uint32_t *pos, size_t k)
{
	while (m != 0) {
		pos[k++] = base + (uint32_t)__builtin_ctzll(m);
		m &= m - 1;
	}
	return k;
}

#ifdef NL_X86
#ifndef NL_PREFETCH
#define NL_PREFETCH 16384 /* bytes ahead: a few pages */
#endif
/* A 64-byte block at a time: one bit per byte that is eol. */
__attribute__((target("avx2"))) static size_t
find_avx2(const char *p, size_t n, char eol, uint32_t *pos, size_t max,
          size_t *done)
{
	const __m256i nl = _mm256_set1_epi8(eol);
	size_t i = 0, k = 0;

	for (; n - i >= 64; i += 64) {
		__m256i a, b;
		uint64_t m;

		/* The hardware prefetcher stops at a page's end: ask for
		 * the bytes a few pages on. */
		_mm_prefetch(p + i + NL_PREFETCH, _MM_HINT_T0);
		a = _mm256_loadu_si256((const __m256i *)(p + i));
		b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
		m =
		    (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, nl)) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(
		        _mm256_cmpeq_epi8(b, nl))
		        << 32;

		if (m != 0) {
			if ((size_t)__builtin_popcountll(m) > max - k)
				break;
			k = put_bits(m, (uint32_t)i, pos, k);
		}
	}
	*done = i;
	return k;
}

static size_t
find_sse2(const char *p, size_t n, char eol, uint32_t *pos, size_t max,
          size_t *done)
{
	const __m128i nl = _mm_set1_epi8(eol);
	size_t i = 0, k = 0;

	for (; n - i >= 64; i += 64) {
		uint64_t m = 0;

		for (int j = 0; j < 4; j++) {
			__m128i a =
			    _mm_loadu_si128((const __m128i *)(p + i + 16 * j));

			m |= (uint64_t)(uint32_t)_mm_movemask_epi8(
			         _mm_cmpeq_epi8(a, nl))
			     << (16 * j);
		}
		if (m != 0) {
			if ((size_t)__builtin_popcountll(m) > max - k)
				break;
			k = put_bits(m, (uint32_t)i, pos, k);
		}
	}
	*done = i;
	return k;
}
#endif

size_t
newline_find(const char *p, size_t n, char eol, uint32_t *pos, size_t max,
             size_t *scanned)
{
	size_t i = 0, k = 0;

#ifdef NL_X86
	if (__builtin_cpu_supports("avx2"))
		k = find_avx2(p, n, eol, pos, max, &i);
	else
		k = find_sse2(p, n, eol, pos, max, &i);
	if (n - i >= 64) {
		/* pos is full before the block at i. */
		*scanned = i;
		return k;
	}
#endif
	/* Fewer than 64 bytes left (or no vectors): a word of bits. */
	for (; i < n; i += 64) {
		size_t len = n - i < 64 ? n - i : 64;
		uint64_t m = 0;

		for (size_t j = 0; j < len; j++)
			m |= (uint64_t)(p[i + j] == eol) << j;
		if ((size_t)__builtin_popcountll(m) > max - k)
			break;
		k = put_bits(m, (uint32_t)i, pos, k);
	}
	*scanned = i < n ? i : n;
	return k;
}

uint64_t
newline_lines(const char *p, size_t n)
{
	return newline_lines_eol(p, n, '\n');
}

uint64_t
newline_lines_eol(const char *p, size_t n, char eol)
{
	if (n == 0)
		return 0;
	return newline_count_eol(p, n, eol) + (p[n - 1] != eol);
}

/*
 * The first NUL of p[0, n): the first pass over every block of a file
 * (grep's binary-file rule), the one that waits for memory.  It asks for
 * the data a few hundred bytes ahead of where it reads, which the hardware
 * prefetcher alone does not do across page boundaries.
 */
#ifdef NL_X86
__attribute__((target("avx2"))) static const char *
find_nul_avx2(const char *p, size_t n)
{
	const __m256i zero = _mm256_setzero_si256();
	size_t i = 0;

	for (; i + 128 <= n; i += 128) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
		__m256i b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
		__m256i c = _mm256_loadu_si256((const __m256i *)(p + i + 64));
		__m256i d = _mm256_loadu_si256((const __m256i *)(p + i + 96));
		__m256i m = _mm256_min_epu8(_mm256_min_epu8(a, b),
		                            _mm256_min_epu8(c, d));

		_mm_prefetch(p + i + 512, _MM_HINT_T0);
		_mm_prefetch(p + i + 576, _MM_HINT_T0);
		if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(m, zero)) != 0)
			return memchr(p + i, '\0', 128);
	}
	return memchr(p + i, '\0', n - i);
}
#endif

const char *
newline_find_nul(const char *p, size_t n)
{
#ifdef NL_X86
	if (__builtin_cpu_supports("avx2"))
		return find_nul_avx2(p, n);
#endif
	return memchr(p, '\0', n);
}
