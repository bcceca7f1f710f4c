/*
 * multilit.c - the nibble-mask filter and exact check behind multilit.h.
 *
 * Building: each string gets its own window, the run of m bytes least
 * likely in text (m = min(3, shortest string)), at an offset of its own.
 * The distinct windows are sorted and cut into eight buckets of about as
 * many windows each, so that alike windows share a bucket and its masks
 * stay narrow, and one window shared by a thousand strings (ids of one
 * shape) takes one bucket, not all eight.  A bucket hashes its strings by
 * up to eight bytes around their windows: the bytes from the window on as
 * far as all of its strings go, then before it.
 *
 * Searching: a candidate at text position i for bucket b means that one
 * of b's strings may have its window at i, and so start at i less its
 * offset.  Candidates come in order of i, not of where their strings
 * start, so after the first occurrence found the search goes on for the
 * largest offset more positions: an occurrence that starts further left
 * would show up by then.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ML_X86 1
#endif

#include "multilit.h"
#include "util.h"

#define NBUCKETS 8
#define WIN 3     /* the most window bytes */
#define KEY_MAX 8 /* the most bytes hashed */
/* The largest offset tried for a window common to all the strings. */
#define COMMON_MAX 32

struct bucket {
	size_t back;   /* the hashed bytes start this far before a window */
	size_t keylen; /* and are this many */
	unsigned bits; /* log2 of the size of head */
	uint32_t *head; /* hash -> first string with it, plus one (0: none) */
};

struct multilit {
	/* For window byte j: the buckets that allow a low (high) nibble;
	 * beyond the window (j >= m) every bucket allows everything. */
	unsigned char lo[WIN][16], hi[WIN][16];
	unsigned char tab[WIN][256]; /* lo & hi of each byte: the scalar loop */
	size_t m;                    /* window bytes */
	size_t maxoff;               /* the largest bucket offset */
	struct bucket bk[NBUCKETS];
	int icase;
	unsigned char *text; /* the strings (in lower case under icase) */
	size_t *at, *len;    /* where each is in text, and its length */
	size_t *off;         /* where its window starts in each string */
	uint32_t *next;      /* hash chains: the next string plus one */
	size_t n;
	double rate;
	enum multilit_impl impl;
};

/* Fold the ASCII capitals among eight bytes, all at once. */
static inline uint64_t
fold8(uint64_t k)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	uint64_t low7 = k & ~high;
	uint64_t ge_a = low7 + (0x80 - 'A') * ones;
	uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones;

	return k | (((ge_a & ~gt_z & ~k) & high) >> 2);
}

static inline uint64_t
load_key(const unsigned char *u, size_t kl, int icase)
{
	uint64_t k = 0;

	memcpy(&k, u, kl);
	return icase ? fold8(k) : k;
}

static inline size_t
hash_key(uint64_t k, unsigned bits)
{
	return (size_t)((k * 0x9E3779B97F4A7C15u) >> (64 - bits));
}

/* How likely byte c (either case under icase) is at a text position. */
static double
byte_p(const double *prob, unsigned char c, int icase)
{
	if (icase && ls_is_alpha(c))
		return prob[c | 0x20] + prob[c & ~0x20];
	return prob[c];
}

/* The share of text bytes that the nibble sets lo and hi let through. */
static double
pass_rate(const double *prob, unsigned lo, unsigned hi)
{
	double p = 0;
	unsigned c;

	for (c = 0; c < 256; c++)
		if ((lo >> (c & 15) & 1) && (hi >> (c >> 4) & 1))
			p += prob[c];
	return p;
}

/* Add byte c (and its other case under icase) to the nibble sets. */
static void
allow(unsigned *lo, unsigned *hi, unsigned char c, int icase)
{
	*lo |= 1u << (c & 15);
	*hi |= 1u << (c >> 4);
	if (icase && ls_is_alpha(c)) {
		c ^= 0x20;
		*lo |= 1u << (c & 15);
		*hi |= 1u << (c >> 4);
	}
}

/* For sorting strings by their windows. */
struct order {
	const multilit *ml;
	size_t k;
};

static int
by_window(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	const multilit *ml = x->ml;
	int c = memcmp(ml->text + ml->at[x->k] + ml->off[x->k],
	               ml->text + ml->at[y->k] + ml->off[y->k], ml->m);

	if (c != 0)
		return c;
	return x->k < y->k ? -1 : x->k > y->k;
}

static const unsigned char *
window(const multilit *ml, size_t k)
{
	return ml->text + ml->at[k] + ml->off[k];
}

/*
 * The expected candidate rate of bucket b of the strings idx[0, cnt)
 * (sorted by window); with build, also its bits in the masks and its hash
 * table.
 */
static double
make_bucket(multilit *ml, const double *prob, unsigned b, const size_t *idx,
            size_t cnt, int build)
{
	struct bucket *bk = &ml->bk[b];
	size_t k, j, right = SIZE_MAX, left = SIZE_MAX, size;
	double q = 1;

	for (j = 0; j < ml->m; j++) {
		unsigned lo = 0, hi = 0, c;

		for (k = 0; k < cnt; k++)
			allow(&lo, &hi, window(ml, idx[k])[j], ml->icase);
		for (c = 0; c < 16 && build; c++) {
			if (lo >> c & 1)
				ml->lo[j][c] |= (unsigned char)(1u << b);
			if (hi >> c & 1)
				ml->hi[j][c] |= (unsigned char)(1u << b);
		}
		q *= pass_rate(prob, lo, hi);
	}
	if (!build)
		return q;
	for (k = 0; k < cnt; k++) {
		size_t x = idx[k];

		if (ml->len[x] - ml->off[x] < right)
			right = ml->len[x] - ml->off[x];
		if (ml->off[x] < left)
			left = ml->off[x];
	}
	bk->keylen = right < KEY_MAX ? right : KEY_MAX;
	bk->back = KEY_MAX - bk->keylen < left ? KEY_MAX - bk->keylen : left;
	bk->keylen += bk->back;
	for (bk->bits = 1, size = 2; size < 2 * cnt; size *= 2)
		bk->bits++;
	bk->head = xcalloc(size, sizeof(*bk->head));
	for (k = 0; k < cnt; k++) {
		size_t x = idx[k];
		const unsigned char *w = window(ml, x) - bk->back;
		size_t h = hash_key(load_key(w, bk->keylen, 0), bk->bits);

		ml->next[x] = bk->head[h];
		bk->head[h] = (uint32_t)(x + 1);
	}
	return q;
}

/*
 * Sort the strings by their windows (at ml->off) and deal the distinct
 * windows into buckets, about as many each; returns the expected
 * candidate rate.  With build, the buckets are made.
 */
static double
deal(multilit *ml, const double *prob, int build)
{
	struct order *ord = xreallocarray(NULL, ml->n, sizeof(*ord));
	size_t *idx = xreallocarray(NULL, ml->n, sizeof(*idx));
	size_t *first = xreallocarray(NULL, ml->n + 1, sizeof(*first));
	size_t k, b, nb, nwin = 0;
	double rate = 0;

	for (k = 0; k < ml->n; k++) {
		ord[k].ml = ml;
		ord[k].k = k;
	}
	qsort(ord, ml->n, sizeof(*ord), by_window);
	for (k = 0; k < ml->n; k++) {
		idx[k] = ord[k].k;
		if (k == 0 || memcmp(window(ml, idx[k - 1]),
		                     window(ml, idx[k]), ml->m) != 0)
			first[nwin++] = k;
	}
	first[nwin] = ml->n;
	nb = nwin < NBUCKETS ? nwin : NBUCKETS;
	for (b = 0; b < nb; b++) {
		size_t w0 = first[b * nwin / nb], w1 = first[(b + 1) * nwin / nb];

		rate += make_bucket(ml, prob, (unsigned)b, idx + w0, w1 - w0,
		                    build);
	}
	free(ord);
	free(idx);
	free(first);
	return rate;
}

multilit *
multilit_new(const char *const *s, const size_t *lens, size_t n, int icase,
             const double *prob)
{
	multilit *ml;
	double uniform[256];
	size_t *best_off, total = 0, minlen = SIZE_MAX, k, j, d;
	double best_rate;

	if (n == 0 || n >= UINT32_MAX)
		return NULL;
	ml = xcalloc(1, sizeof(*ml));
	if (prob == NULL) {
		for (k = 0; k < 256; k++)
			uniform[k] = 1.0 / 256;
		prob = uniform;
	}
	ml->icase = icase;
	ml->n = n;
	for (k = 0; k < n; k++) {
		total += lens[k];
		if (lens[k] < minlen)
			minlen = lens[k];
	}
	ml->m = minlen < WIN ? minlen : WIN;
	ml->text = xmalloc(total ? total : 1);
	ml->at = xreallocarray(NULL, n, sizeof(*ml->at));
	ml->len = xreallocarray(NULL, n, sizeof(*ml->len));
	ml->off = xcalloc(n, sizeof(*ml->off));
	ml->next = xcalloc(n, sizeof(*ml->next));
	for (k = 0, total = 0; k < n; k++) {
		ml->at[k] = total;
		ml->len[k] = lens[k];
		for (j = 0; j < lens[k]; j++)
			ml->text[total++] =
			    icase ? ls_fold((unsigned char)s[k][j])
			          : (unsigned char)s[k][j];
	}

	/* Each string's own least likely window; or one offset for all,
	 * which makes fewer distinct windows (ids of one shape): whichever
	 * is expected to let less through. */
	best_off = xreallocarray(NULL, n, sizeof(*best_off));
	for (k = 0; k < n; k++) {
		double best = 2;
		size_t off;

		for (off = 0; off + ml->m <= lens[k]; off++) {
			double q = 1;

			for (j = 0; j < ml->m; j++)
				q *= byte_p(prob, ml->text[ml->at[k] + off + j],
				            icase);
			if (q < best) {
				best = q;
				ml->off[k] = off;
			}
		}
	}
	memcpy(best_off, ml->off, n * sizeof(*best_off));
	best_rate = deal(ml, prob, 0);
	for (d = 0; d + ml->m <= minlen && d <= COMMON_MAX; d++) {
		double r;

		for (k = 0; k < n; k++)
			ml->off[k] = d;
		r = deal(ml, prob, 0);
		if (r < best_rate) {
			best_rate = r;
			for (k = 0; k < n; k++)
				best_off[k] = d;
		}
	}
	memcpy(ml->off, best_off, n * sizeof(*best_off));
	free(best_off);
	for (k = 0; k < n; k++)
		if (ml->off[k] > ml->maxoff)
			ml->maxoff = ml->off[k];
	for (j = ml->m; j < WIN; j++) {
		memset(ml->lo[j], 0xff, 16);
		memset(ml->hi[j], 0xff, 16);
	}
	ml->rate = deal(ml, prob, 1);
	for (j = 0; j < WIN; j++)
		for (k = 0; k < 256; k++)
			ml->tab[j][k] = ml->lo[j][k & 15] & ml->hi[j][k >> 4];
	multilit_set_impl(ml, MULTILIT_AUTO);
	return ml;
}

void
multilit_free(multilit *ml)
{
	size_t b;

	if (ml == NULL)
		return;
	for (b = 0; b < NBUCKETS; b++)
		free(ml->bk[b].head);
	free(ml->text);
	free(ml->at);
	free(ml->len);
	free(ml->off);
	free(ml->next);
	free(ml);
}

double
multilit_rate(const multilit *ml)
{
	return ml->rate;
}

int
multilit_set_impl(multilit *ml, enum multilit_impl impl)
{
#ifdef ML_X86
	if (impl == MULTILIT_AUTO)
		impl = __builtin_cpu_supports("avx2")    ? MULTILIT_AVX2
		       : __builtin_cpu_supports("ssse3") ? MULTILIT_SSSE3
		                                         : MULTILIT_SCALAR;
	if ((impl == MULTILIT_AVX2 && !__builtin_cpu_supports("avx2")) ||
	    (impl == MULTILIT_SSSE3 && !__builtin_cpu_supports("ssse3")))
		return -1;
#else
	if (impl == MULTILIT_AUTO)
		impl = MULTILIT_SCALAR;
	if (impl != MULTILIT_SCALAR)
		return -1;
#endif
	ml->impl = impl;
	return 0;
}

const char *
multilit_impl_name(const multilit *ml)
{
	switch (ml->impl) {
	case MULTILIT_AVX2:
		return "avx2";
	case MULTILIT_SSSE3:
		return "ssse3";
	default:
		return "scalar";
	}
}

/* Where the search stands: the leftmost occurrence so far, and the last
 * window position that could still find one further left. */
struct found {
	size_t start, end, lim, checks;
};

static inline int
same_text(const unsigned char *t, const unsigned char *s, size_t n,
          int icase)
{
	size_t i;

	if (!icase)
		return memcmp(t, s, n) == 0;
	for (i = 0; i < n; i++)
		if (ls_fold(t[i]) != s[i])
			return 0;
	return 1;
}

/* Check the candidates of the buckets in bits at window position pos. */
static void
check(const multilit *ml, const unsigned char *u, size_t n, size_t from,
      size_t pos, unsigned bits, struct found *f)
{
	while (bits != 0) {
		const struct bucket *bk = &ml->bk[__builtin_ctz(bits)];
		size_t x;

		bits &= bits - 1;
		f->checks++;
		/* Every string of the bucket would start before from, or
		 * end past n. */
		if (pos < from + bk->back || n - (pos - bk->back) < bk->keylen)
			continue;
		x = bk->head[hash_key(
		    load_key(u + pos - bk->back, bk->keylen, ml->icase),
		    bk->bits)];
		for (; x != 0; x = ml->next[x - 1]) {
			size_t len = ml->len[x - 1], off = ml->off[x - 1], p;

			if (pos < from + off)
				continue;
			p = pos - off;
			if (n - p < len ||
			    !same_text(u + p, ml->text + ml->at[x - 1], len,
			               ml->icase))
				continue;
			if (f->start == SIZE_MAX || p < f->start ||
			    (p == f->start && p + len > f->end)) {
				f->start = p;
				f->end = p + len;
				if (p + ml->maxoff < f->lim)
					f->lim = p + ml->maxoff;
			}
		}
	}
}

#ifdef ML_X86
/*
 * The vector loops: from *ip, the first block of window positions (64 or
 * 32 of them, said in *wp) with a candidate, no further than lim; returns
 * the candidate mask, with each position's bucket bits in acc, and sets
 * *ip to the block.  Returns 0 with *ip where the loop stopped (a load
 * would pass n, or lim was passed).  Every load of a block, window bytes
 * beyond m included, lies below n.
 */
#define NIB_AVX2(t, lo, hi)                                                   \
	_mm256_and_si256(                                                     \
	    _mm256_shuffle_epi8(lo, _mm256_and_si256(t, nib)),                 \
	    _mm256_shuffle_epi8(                                              \
	        hi, _mm256_and_si256(_mm256_srli_epi16(t, 4), nib)))

__attribute__((target("avx2"), noinline)) static uint64_t
scan_avx2(const multilit *ml, const unsigned char *u, size_t n, size_t lim,
          size_t *ip, size_t *wp, unsigned char acc[64])
{
	const __m256i nib = _mm256_set1_epi8(0x0f);
	const __m256i zero = _mm256_setzero_si256();
#define TAB(x) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(x)))
	const __m256i lo0 = TAB(ml->lo[0]), hi0 = TAB(ml->hi[0]);
	const __m256i lo1 = TAB(ml->lo[1]), hi1 = TAB(ml->hi[1]);
	const __m256i lo2 = TAB(ml->lo[2]), hi2 = TAB(ml->hi[2]);
#undef TAB
	size_t i = *ip;

	for (; i + 64 + WIN - 1 <= n && i <= lim; i += 64) {
		const unsigned char *p = u + i;
		__m256i a0 = _mm256_loadu_si256((const __m256i *)p);
		__m256i a1 = _mm256_loadu_si256((const __m256i *)(p + 1));
		__m256i a2 = _mm256_loadu_si256((const __m256i *)(p + 2));
		__m256i b0 = _mm256_loadu_si256((const __m256i *)(p + 32));
		__m256i b1 = _mm256_loadu_si256((const __m256i *)(p + 33));
		__m256i b2 = _mm256_loadu_si256((const __m256i *)(p + 34));
		__m256i r = _mm256_and_si256(
		    _mm256_and_si256(NIB_AVX2(a0, lo0, hi0),
		                     NIB_AVX2(a1, lo1, hi1)),
		    NIB_AVX2(a2, lo2, hi2));
		__m256i s = _mm256_and_si256(
		    _mm256_and_si256(NIB_AVX2(b0, lo0, hi0),
		                     NIB_AVX2(b1, lo1, hi1)),
		    NIB_AVX2(b2, lo2, hi2));

		_mm_prefetch((const char *)p + 2048, _MM_HINT_T0);
		if (!_mm256_testz_si256(_mm256_or_si256(r, s),
		                        _mm256_or_si256(r, s))) {
			uint32_t mr = ~(uint32_t)_mm256_movemask_epi8(
			    _mm256_cmpeq_epi8(r, zero));
			uint32_t ms = ~(uint32_t)_mm256_movemask_epi8(
			    _mm256_cmpeq_epi8(s, zero));

			_mm256_storeu_si256((__m256i *)acc, r);
			_mm256_storeu_si256((__m256i *)(acc + 32), s);
			*ip = i;
			*wp = 64;
			return (uint64_t)mr | (uint64_t)ms << 32;
		}
	}
	for (; i + 32 + WIN - 1 <= n && i <= lim; i += 32) {
		const unsigned char *p = u + i;
		__m256i a0 = _mm256_loadu_si256((const __m256i *)p);
		__m256i a1 = _mm256_loadu_si256((const __m256i *)(p + 1));
		__m256i a2 = _mm256_loadu_si256((const __m256i *)(p + 2));
		__m256i r = _mm256_and_si256(
		    _mm256_and_si256(NIB_AVX2(a0, lo0, hi0),
		                     NIB_AVX2(a1, lo1, hi1)),
		    NIB_AVX2(a2, lo2, hi2));
		uint32_t mr = ~(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(r, zero));

		if (mr != 0) {
			_mm256_storeu_si256((__m256i *)acc, r);
			*ip = i;
			*wp = 32;
			return mr;
		}
	}
	*ip = i;
	return 0;
}

#define NIB_SSSE3(t, lo, hi)                                                  \
	_mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(t, nib)),             \
	              _mm_shuffle_epi8(                                       \
	                  hi, _mm_and_si128(_mm_srli_epi16(t, 4), nib)))

__attribute__((target("ssse3"), noinline)) static uint64_t
scan_ssse3(const multilit *ml, const unsigned char *u, size_t n, size_t lim,
           size_t *ip, size_t *wp, unsigned char acc[64])
{
	const __m128i nib = _mm_set1_epi8(0x0f);
	const __m128i zero = _mm_setzero_si128();
#define TAB(x) _mm_loadu_si128((const __m128i *)(x))
	const __m128i lo0 = TAB(ml->lo[0]), hi0 = TAB(ml->hi[0]);
	const __m128i lo1 = TAB(ml->lo[1]), hi1 = TAB(ml->hi[1]);
	const __m128i lo2 = TAB(ml->lo[2]), hi2 = TAB(ml->hi[2]);
#undef TAB
	size_t i = *ip;

	for (; i + 32 + WIN - 1 <= n && i <= lim; i += 32) {
		const unsigned char *p = u + i;
		__m128i a0 = _mm_loadu_si128((const __m128i *)p);
		__m128i a1 = _mm_loadu_si128((const __m128i *)(p + 1));
		__m128i a2 = _mm_loadu_si128((const __m128i *)(p + 2));
		__m128i b0 = _mm_loadu_si128((const __m128i *)(p + 16));
		__m128i b1 = _mm_loadu_si128((const __m128i *)(p + 17));
		__m128i b2 = _mm_loadu_si128((const __m128i *)(p + 18));
		__m128i r = _mm_and_si128(_mm_and_si128(NIB_SSSE3(a0, lo0, hi0),
		                                        NIB_SSSE3(a1, lo1, hi1)),
		                          NIB_SSSE3(a2, lo2, hi2));
		__m128i s = _mm_and_si128(_mm_and_si128(NIB_SSSE3(b0, lo0, hi0),
		                                        NIB_SSSE3(b1, lo1, hi1)),
		                          NIB_SSSE3(b2, lo2, hi2));
		uint32_t mr = ~(uint32_t)_mm_movemask_epi8(
		                  _mm_cmpeq_epi8(r, zero)) &
		              0xffffu;
		uint32_t ms = ~(uint32_t)_mm_movemask_epi8(
		                  _mm_cmpeq_epi8(s, zero)) &
		              0xffffu;

		if ((mr | ms) != 0) {
			_mm_storeu_si128((__m128i *)acc, r);
			_mm_storeu_si128((__m128i *)(acc + 16), s);
			*ip = i;
			*wp = 32;
			return mr | ms << 16;
		}
	}
	*ip = i;
	return 0;
}
#endif

int
multilit_find(const multilit *ml, const char *h, size_t n, size_t from,
              size_t *start, size_t *end, size_t *checks)
{
	const unsigned char *u = (const unsigned char *)h;
	struct found f = {SIZE_MAX, 0, 0, 0};
	size_t i = from, m = ml->m;

	if (n < m || from > n - m)
		return 0;
	f.lim = n - m; /* the last window position */
#ifdef ML_X86
	if (ml->impl != MULTILIT_SCALAR) {
		unsigned char acc[64];

		while (i <= f.lim) {
			size_t w = 0;
			uint64_t mask = ml->impl == MULTILIT_AVX2
			                    ? scan_avx2(ml, u, n, f.lim, &i, &w,
			                                acc)
			                    : scan_ssse3(ml, u, n, f.lim, &i,
			                                 &w, acc);

			if (mask == 0)
				break;
			while (mask != 0) {
				size_t b = (size_t)__builtin_ctzll(mask);

				mask &= mask - 1;
				if (i + b > f.lim)
					break;
				check(ml, u, n, from, i + b, acc[b], &f);
			}
			i += w;
		}
	}
#endif
	for (; i <= f.lim; i++) {
		unsigned bits = ml->tab[0][u[i]];
		size_t j;

		for (j = 1; j < m && bits != 0; j++)
			bits &= ml->tab[j][u[i + j]];
		if (bits != 0)
			check(ml, u, n, from, i, bits, &f);
	}
	if (checks != NULL)
		*checks += f.checks;
	if (f.start == SIZE_MAX)
		return 0;
	*start = f.start;
	*end = f.end;
	return 1;
}
