/*
 * regex.c - compile grep-style patterns into PCRE2 and search buffers of
 * whole lines with them.
 *
 * grep's semantics are per line: the pattern sees one line, without its
 * '\n'.  Calling PCRE2 once per line would cost a function call and a
 * start-up per line, so the search instead runs over a whole buffer of
 * lines at once in multiline mode and each match is widened to its line.
 * Why that gives the per-line answer, and when it does not:
 *
 *  - An attempt at a position of a line, run on the buffer, explores every
 *    path that the same attempt on the line alone does, in the same order,
 *    as long as each test of the subject gives the same answer in both.
 *    Inside the line it does.  At the line's end a path that consumes a
 *    byte fails on the line alone; in the buffer it may go on through the
 *    '\n' (\s, [^x], \n, (?s). ...), which only adds paths: a match found
 *    through them runs past the line and is retried on the line alone.
 *  - ^, $ (multiline) and \b see a '\n' just as they see the start or end
 *    of a subject, so they agree.  \A \z \Z \G, lookaround (which looks
 *    past the edges), conditions, and options that turn multiline off do
 *    not: analyze() marks those patterns unsafe.
 *  - Added paths are harmless only while backtracking can still reach the
 *    others.  A construct that throws alternatives away -- an atomic group,
 *    a possessive quantifier, \R and \X (atomic themselves), the (*VERBS)
 *    -- may commit to a path through the '\n' and fail where the line
 *    alone matches ("(ERROR|WARN)\s*+$" on "WARN\nnext").  So are
 *    recursion and subroutine calls, which some PCRE2 versions make
 *    atomic.  analyze() marks all of those unsafe too, and anything it
 *    cannot read; unsafe patterns are matched line by line.
 *
 * Most searches never reach PCRE2 for most lines: a pattern that is a
 * plain literal is found with a SIMD substring search, several literals
 * with an Aho-Corasick automaton (litset.h), and patterns that each
 * contain a literal every match needs ("ERROR" in "^\S+ ERROR .*timeout")
 * find candidate lines with those searches and run PCRE2 on those alone.
 *
 * Several patterns (-e, -f) are joined into one alternation only when
 * that cannot change what each means: a back reference, a group name, \Q
 * or a (?x) comment would reach across (analyze() says which); such
 * patterns get programs of their own, and a line matches when any program
 * does.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LS_X86 1
#endif

#ifdef HAVE_VECTORSCAN
#include <hs.h>
#include <pthread.h>
#endif

#include "litset.h"
#include "multilit.h"
#include "posixnfa.h"
#include "posixre.h"
#include "regex.h"
#include "util.h"

/* PCRE2's limits, per start position of a match attempt. */
#define MATCH_LIMIT 10000000u
#define HEAP_LIMIT_KIB (256u << 10)
/* The JIT stack starts at JIT_STACK_MIN, may grow to JIT_STACK_FIRST, and
 * on a line that needs more is made bigger, up to JIT_STACK_MAX. */
#define JIT_STACK_MIN ((size_t)32 << 10)
#define JIT_STACK_FIRST ((size_t)8 << 20)
#define JIT_STACK_MAX ((size_t)256 << 20)
/* The workspace of PCRE2's automaton, in ints: it starts small and grows
 * (four times at a step) for patterns with many states, up to the max. */
#define DFA_WS_MIN ((size_t)1 << 10)
#define DFA_WS_MAX ((size_t)1 << 24)
/* The most instructions the automaton of posixnfa.h may have (counted
 * repetitions are written out): its state sets are a few tens of bytes
 * per instruction. */
#define NFA_MAX ((size_t)1 << 18)
/* The most memory an Aho-Corasick table may take before the patterns are
 * searched with PCRE2 instead. */
#define LITSET_MAX ((size_t)256 << 20)
/* Vectorscan is given at most this many bytes a call (its lengths are
 * unsigned ints); longer buffers are cut at a line end. */
#define HS_PIECE_MAX ((size_t)1 << 30)
/* A matcher picks its literal's probe bytes again from the first buffer
 * that has at least TUNE_MIN bytes, counting TUNE_SAMPLE of them. */
#define TUNE_MIN ((size_t)16 << 10)
#define TUNE_SAMPLE ((size_t)64 << 10)
/* The SIMD filter is used for a list of literals when the share of text
 * positions it is expected to pass on is below ML_MAX_RATE; a matcher
 * drops it when, after ML_JUDGE bytes, it has checked more than one
 * candidate in ML_BYTES_PER_CHECK bytes (an automaton is cheaper then). */
#define ML_MAX_RATE 0.02
#define ML_JUDGE ((size_t)1 << 20)
#define ML_BYTES_PER_CHECK 32
/* The lines one Vectorscan call may queue before it stops. */
#define HS_QUEUE 64
/* ---- substring search -------------------------------------------------- */

/*
 * A literal to look for, case-sensitively or ignoring ASCII case.  The
 * search compares two of the needle's bytes, the two least likely to occur
 * in log text, at every position of a 32-byte (AVX2) or 16-byte (SSE2)
 * block at once and checks the whole needle only where both agree: most
 * of the text is passed over at a few cycles per block.
 */
struct lit {
	unsigned char *s; /* the needle, in lower case under icase */
	size_t n;
	int icase;
	size_t i1, i2;        /* offsets of the two probe bytes, i1 <= i2 */
	unsigned char b1, b2; /* the probe bytes (lower case under icase) */
	unsigned char m1, m2; /* 0x20 where a probe is a letter under icase:
	                         OR-ing it into the text folds case */
	const char *(*find)(const struct lit *l, const char *h, size_t n);
	/* The same, also OR-ing into *nul whether h[0, end) holds a NUL byte,
	 * end being the end of the occurrence found (or n): the check rides
	 * on the loads of the search.  NULL when not available. */
	const char *(*find_nul)(const struct lit *l, const char *h, size_t n,
	                        int *nul);
};

static inline int
is_word(unsigned char c)
{
	return ls_is_alpha(c) || (unsigned)(c - '0') < 10u || c == '_';
}

/*
 * How common each byte is in log text, 0 (never seen) to 255 (everywhere):
 * 255 less twelve times the byte's information in bits, -log2 of its
 * share of the bytes of five kinds of real logs (Apache, HDFS, Hadoop,
 * Linux syslog, OpenSSH; each weighing the same).  Bytes those logs lack
 * but others hold (tabs, quotes of JSON, UTF-8) get a modest guess.  It
 * picks the literal a prefilter looks for and the bytes of it that the
 * SIMD search probes, as fast grep tools do with a table of their own.
 */
static const unsigned char byte_freq[256] = {
    /* 0x00 */ 10,  10,  10,  10,  10,  10,  10,  10,
    /* 0x08 */ 10,  100, 172, 10,  10,  172, 10,  10,
    /* 0x10 */ 10,  10,  10,  10,  10,  10,  10,  10,
    /* 0x18 */ 10,  10,  10,  10,  10,  10,  10,  10,
    /* ' '  */ 216, 91,  140, 80,  130, 50,  50,  77,
    /* '('  */ 160, 160, 122, 50,  140, 168, 191, 165,
    /* '0'  */ 203, 202, 196, 185, 188, 190, 181, 180,
    /* '8'  */ 184, 179, 193, 139, 91,  168, 92,  50,
    /* '@'  */ 117, 152, 144, 152, 168, 153, 162, 106,
    /* 'H'  */ 88,  154, 153, 126, 156, 153, 165, 158,
    /* 'P'  */ 141, 53,  162, 167, 139, 116, 123, 132,
    /* 'X'  */ 116, 43,  145, 175, 38,  175, 50,  170,
    /* '`'  */ 50,  195, 173, 191, 192, 203, 173, 159,
    /* 'h'  */ 181, 193, 145, 174, 185, 182, 194, 201,
    /* 'p'  */ 180, 104, 197, 196, 197, 185, 160, 160,
    /* 'x'  */ 147, 160, 124, 24,  50,  24,  50,  10,
    /* 0x80 and up: UTF-8, rare in most logs */
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
};

/* How common c is, or under icase c in either case (the commoner of the
 * two, a little more: the search meets both). */
static int
byte_rank(unsigned char c, int icase)
{
	int r = byte_freq[c];

	if (icase && ls_is_alpha(c)) {
		int lo = byte_freq[c | 0x20], up = byte_freq[c & ~0x20];

		r = (lo > up ? lo : up) + 6;
		if (r > 255)
			r = 255;
	}
	return r;
}

/* Whether a[0, n) and b[0, n) are the same, for the short needles of
 * log searches without a call: two loads from each, which overlap when n
 * is not a power of two. */
static inline int
same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
	uint64_t x, y, x2, y2;
	uint32_t u, v, u2, v2;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&x2, a + n - 8, 8);
		memcpy(&y2, b + n - 8, 8);
		return ((x ^ y) | (x2 ^ y2)) == 0;
	}
	if (n >= 4 && n < 8) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		memcpy(&u2, a + n - 4, 4);
		memcpy(&v2, b + n - 4, 4);
		return ((u ^ v) | (u2 ^ v2)) == 0;
	}
	return memcmp(a, b, n) == 0;
}

static inline int
lit_verify(const struct lit *l, const unsigned char *h)
{
	size_t k;

	if (!l->icase)
		return same_bytes(h, l->s, l->n);
	for (k = 0; k < l->n; k++)
		if (ls_fold(h[k]) != l->s[k])
			return 0;
	return 1;
}

/* Position by position, for short tails and other processors. */
static const char *
lit_find_scalar(const struct lit *l, const char *h, size_t n)
{
	const unsigned char *u = (const unsigned char *)h;
	size_t i;

	if (n < l->n)
		return NULL;
	if (!l->icase)
		return memmem(h, n, l->s, l->n);
	for (i = 0; i + l->n <= n; i++)
		if ((u[i + l->i1] | l->m1) == l->b1 && lit_verify(l, u + i))
			return h + i;
	return NULL;
}

static const char *
lit_find_memchr(const struct lit *l, const char *h, size_t n)
{
	(void)l;
	return memchr(h, l->s[0], n);
}

#ifdef LS_X86
/*
 * The hot loops: find the first block at or after i whose probe bytes both
 * agree somewhere, and return its candidate mask (0 when none is left; *ip
 * then points where the vector loop stopped).  They are kept apart from the
 * verification, which calls out: around a call every vector register would
 * have to be saved, and the compiler then keeps the constants in memory.
 */
__attribute__((target("avx2"), noinline)) static uint32_t
probe_avx2(const unsigned char *u, size_t n, size_t *ip, const struct lit *l,
           int *sawnul)
{
	const __m256i b1 = _mm256_set1_epi8((char)l->b1);
	const __m256i b2 = _mm256_set1_epi8((char)l->b2);
	const __m256i m1 = _mm256_set1_epi8((char)l->m1);
	const __m256i m2 = _mm256_set1_epi8((char)l->m2);
	const __m256i zero = _mm256_setzero_si256();
	const unsigned char *p1 = u + l->i1, *p2 = u + l->i2;
	size_t i = *ip, stop = n - l->i2; /* n >= i2 + 32 is checked */
	__m256i z = zero;                 /* NUL bytes seen in the p1 loads */
	uint32_t mask = 0;

	/* Two vectors a round, asking for memory well ahead: in a big file
	 * this loop waits for memory more than it computes.  2 KiB ahead
	 * took a 512 MiB scan from 70 to 56 ms of CPU (512 bytes ahead:
	 * 70, none: 83; perf stat task-clock, page-cached). */
	for (; i + 64 <= stop; i += 64) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(p1 + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(p2 + i));
		__m256i x2 = _mm256_loadu_si256((const __m256i *)(p1 + i + 32));
		__m256i y2 = _mm256_loadu_si256((const __m256i *)(p2 + i + 32));
		__m256i a, b;

		_mm_prefetch((const char *)p2 + i + 2048, _MM_HINT_T0);
		z = _mm256_or_si256(
		    z, _mm256_cmpeq_epi8(_mm256_min_epu8(x, x2), zero));
		a = _mm256_and_si256(
		    _mm256_cmpeq_epi8(_mm256_or_si256(x, m1), b1),
		    _mm256_cmpeq_epi8(_mm256_or_si256(y, m2), b2));
		b = _mm256_and_si256(
		    _mm256_cmpeq_epi8(_mm256_or_si256(x2, m1), b1),
		    _mm256_cmpeq_epi8(_mm256_or_si256(y2, m2), b2));
		if (!_mm256_testz_si256(_mm256_or_si256(a, b),
		                        _mm256_or_si256(a, b))) {
			mask = (uint32_t)_mm256_movemask_epi8(a);
			if (mask == 0) {
				mask = (uint32_t)_mm256_movemask_epi8(b);
				i += 32;
			}
			goto out;
		}
	}
	for (; i + 32 <= stop; i += 32) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(p1 + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(p2 + i));

		z = _mm256_or_si256(z, _mm256_cmpeq_epi8(x, zero));
		x = _mm256_cmpeq_epi8(_mm256_or_si256(x, m1), b1);
		y = _mm256_cmpeq_epi8(_mm256_or_si256(y, m2), b2);
		mask = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(x, y));
		if (mask != 0)
			goto out;
	}
out:
	if (!_mm256_testz_si256(z, z))
		*sawnul = 1;
	*ip = i;
	return mask;
}

__attribute__((noinline)) static uint32_t
probe_sse2(const unsigned char *u, size_t n, size_t *ip, const struct lit *l)
{
	const __m128i b1 = _mm_set1_epi8((char)l->b1);
	const __m128i b2 = _mm_set1_epi8((char)l->b2);
	const __m128i m1 = _mm_set1_epi8((char)l->m1);
	const __m128i m2 = _mm_set1_epi8((char)l->m2);
	const unsigned char *p1 = u + l->i1, *p2 = u + l->i2;
	size_t i = *ip, stop = n - l->i2;

	for (; i + 16 <= stop; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(p1 + i));
		__m128i y = _mm_loadu_si128((const __m128i *)(p2 + i));
		uint32_t mask;

		x = _mm_cmpeq_epi8(_mm_or_si128(x, m1), b1);
		y = _mm_cmpeq_epi8(_mm_or_si128(y, m2), b2);
		mask = (uint32_t)_mm_movemask_epi8(_mm_and_si128(x, y));
		if (mask != 0) {
			*ip = i;
			return mask;
		}
	}
	*ip = i;
	return 0;
}

/* Verify the candidates of a probe mask at i; the first match or NULL. */
static const char *
lit_candidates(const struct lit *l, const char *h, size_t n, size_t i,
               uint32_t mask)
{
	const unsigned char *u = (const unsigned char *)h;

	while (mask != 0) {
		size_t pos = i + (size_t)__builtin_ctz(mask);

		if (pos + l->n > n)
			return NULL;
		if (lit_verify(l, u + pos))
			return h + pos;
		mask &= mask - 1;
	}
	return NULL;
}

/*
 * The AVX2 search.  Besides the occurrence it reports, in *nul (unless
 * NULL), whether
 * h[0, end) holds a NUL, end being the occurrence's end (or n): the
 * probe loads see every byte from i1 on, so only the few bytes before i1
 * and after the last vector need a look of their own -- unless a NUL was
 * seen, which in text never happens: then the range is searched for one
 * exactly.
 */
static const char *
lit_find_avx2_nul(const struct lit *l, const char *h, size_t n, int *nul)
{
	const unsigned char *u = (const unsigned char *)h;
	size_t i = 0, covered = 0, end;
	uint32_t mask;
	int seen = 0;
	const char *r = NULL;

	if (n >= l->n && n >= l->i2 + 32) {
		while ((mask = probe_avx2(u, n, &i, l, &seen)) != 0) {
			if ((r = lit_candidates(l, h, n, i, mask)) != NULL)
				break;
			i += 32;
		}
		/* The loads reached at least this far past i1. */
		covered = l->i1 + (r != NULL ? i + 32 : i);
	}
	if (r == NULL && i + l->n <= n)
		r = lit_find_scalar(l, h + i, n - i);
	if (nul == NULL)
		return r;
	end = r != NULL ? (size_t)(r - h) + l->n : n;
	if (seen) {
		if (memchr(h, '\0', end) != NULL)
			*nul = 1;
	} else {
		size_t head = l->i1 < end ? l->i1 : end;

		if (covered < l->i1)
			covered = l->i1;
		if ((head > 0 && memchr(h, '\0', head) != NULL) ||
		    (covered < end && memchr(h + covered, '\0', end - covered)))
			*nul = 1;
	}
	return r;
}

static const char *
lit_find_avx2(const struct lit *l, const char *h, size_t n)
{
	return lit_find_avx2_nul(l, h, n, NULL);
}

static const char *
lit_find_sse2(const struct lit *l, const char *h, size_t n)
{
	const unsigned char *u = (const unsigned char *)h;
	size_t i = 0;
	uint32_t mask;
	const char *r;

	if (n < l->n)
		return NULL;
	if (n >= l->i2 + 16) {
		while ((mask = probe_sse2(u, n, &i, l)) != 0) {
			if ((r = lit_candidates(l, h, n, i, mask)) != NULL)
				return r;
			i += 16;
		}
	}
	if (i + l->n > n)
		return NULL;
	return lit_find_scalar(l, h + i, n - i);
}
#endif

/*
 * Make the needle's two positions of least cost[k] (rarest) the probes:
 * i1 < i2 when it has two bytes or more.  Ties go to the earlier.
 */
static void
lit_probes(struct lit *l, const uint64_t *cost)
{
	size_t k, r1 = 0, r2 = 0;
	uint64_t best = UINT64_MAX, second = UINT64_MAX;

	for (k = 0; k < l->n; k++) {
		if (cost[k] < best) {
			second = best;
			r2 = r1;
			best = cost[k];
			r1 = k;
		} else if (cost[k] < second) {
			second = cost[k];
			r2 = k;
		}
	}
	if (l->n == 1)
		r2 = r1;
	else if (r1 == r2)
		r2 = r1 == 0 ? 1 : 0;
	l->i1 = r1 < r2 ? r1 : r2;
	l->i2 = r1 < r2 ? r2 : r1;
	l->b1 = l->s[l->i1];
	l->b2 = l->s[l->i2];
	l->m1 = l->icase && ls_is_alpha(l->b1) ? 0x20 : 0;
	l->m2 = l->icase && ls_is_alpha(l->b2) ? 0x20 : 0;
}

/* The needle's bytes as the table of byte frequencies ranks them. */
static void
lit_static_probes(struct lit *l)
{
	uint64_t *cost = xreallocarray(NULL, l->n, sizeof(*cost));
	size_t k;

	for (k = 0; k < l->n; k++)
		cost[k] = (uint64_t)byte_rank(l->s[k], l->icase);
	lit_probes(l, cost);
	free(cost);
}

/*
 * Probe the needle's bytes that are rarest in the text itself, counted in
 * sample[0, n): a table of typical logs cannot know that this log writes
 * "bytes=" on every line, which makes 'y' and '=' four bytes apart a poor
 * pair for "latency_ms=".  The table breaks ties.
 */
static void
lit_tune(struct lit *l, const unsigned char *sample, size_t n)
{
	uint64_t count[256] = {0}, *cost;
	size_t k;

	if (l->n < 2)
		return;
	for (k = 0; k < n; k++)
		count[sample[k]]++;
	cost = xreallocarray(NULL, l->n, sizeof(*cost));
	for (k = 0; k < l->n; k++) {
		unsigned char c = l->s[k];
		uint64_t seen = count[c];

		if (l->icase && ls_is_alpha(c))
			seen = count[c | 0x20] + count[c & ~0x20];
		cost[k] = seen * 256 + (uint64_t)byte_rank(c, l->icase);
	}
	lit_probes(l, cost);
	free(cost);
}

/* Set l up to search for s[0, n) (n > 0). */
static void
lit_init(struct lit *l, const char *s, size_t n, int icase)
{
	size_t k;

	l->s = xmalloc(n);
	l->n = n;
	l->icase = icase;
	for (k = 0; k < n; k++)
		l->s[k] =
		    icase ? ls_fold((unsigned char)s[k]) : (unsigned char)s[k];
	lit_static_probes(l);
	if (n == 1 && !icase) {
		l->find = lit_find_memchr;
		l->find_nul = NULL;
		return;
	}
	l->find = lit_find_scalar;
	l->find_nul = NULL;
#ifdef LS_X86
	if (__builtin_cpu_supports("avx2")) {
		l->find = lit_find_avx2;
		l->find_nul = lit_find_avx2_nul;
	} else {
		l->find = lit_find_sse2;
	}
#endif
}

static void
lit_free(struct lit *l)
{
	free(l->s);
	l->s = NULL;
}

/* ---- pattern analysis --------------------------------------------------- */

/*
 * What analyze() learns about one pattern by reading it the way PCRE2
 * does, conservatively: anything it does not understand makes the pattern
 * unsafe and alone, and gives no literal.
 */
struct analysis {
	int unsafe; /* the buffer-wide search could miss a line (see the
	               top of this file): match line by line */
	int alone;  /* joined to other patterns in one alternation it could
	               change meaning (group numbers and names, \Q, (?x)
	               comments, verbs): compile it alone */
	int pure;   /* the pattern is a plain literal, held in lit */
	char *lit;  /* pure: the literal; else the best required literal */
	size_t litlen;
	int has_req; /* lit holds a literal that every match contains */
	/* A BRE or ERE that is an alternation of plain literals ("a|bc"):
	 * pure, with its nalt alternatives one after the other in alts,
	 * altlen[i] bytes each (lit holds the first). */
	char *alts;
	size_t *altlen;
	size_t nalt;
};

struct strbuf {
	char *p;
	size_t len, cap;
};

static void
sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_adds(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* How rare the literal s[0, n) is: the sum of its bytes' rarity, so that
 * a longer literal or one of rarer bytes is found less often. */
static int
run_score(const char *s, size_t n, int icase)
{
	int score = 0;
	size_t k;

	for (k = 0; k < n; k++)
		score += 256 - byte_rank((unsigned char)s[k], icase);
	return score;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Parse a quantifier at p[*i]: *, +, ?, {n}, {n,}, {n,m}, each maybe
 * followed by ? (lazy) or + (possessive, which sets *possessive).  Returns
 * 1 and the minimum count, or 0 when there is none.  Braces are read
 * generously (blanks, missing numbers): taking literal text such as "{,3}"
 * for a quantifier only loses a literal, while the reverse could make a
 * required literal of text that is optional.
 */
static int
parse_quant(const char *p, size_t n, size_t *i, unsigned long *min,
            int *possessive)
{
	size_t j = *i;

	if (j >= n)
		return 0;
	if (p[j] == '*' || p[j] == '?') {
		*min = 0;
		j++;
	} else if (p[j] == '+') {
		*min = 1;
		j++;
	} else if (p[j] == '{') {
		unsigned long v = 0;
		size_t d = j + 1;

		while (d < n && is_blank(p[d]))
			d++;
		while (d < n && p[d] >= '0' && p[d] <= '9') {
			if (v < 100000)
				v = v * 10 + (unsigned long)(p[d] - '0');
			d++;
		}
		while (d < n && (is_blank(p[d]) || p[d] == ',' ||
		                 (p[d] >= '0' && p[d] <= '9')))
			d++;
		if (d >= n || p[d] != '}')
			return 0;
		*min = v;
		j = d + 1;
	} else {
		return 0;
	}
	if (j < n && p[j] == '+') {
		*possessive = 1;
		j++;
	} else if (j < n && p[j] == '?') {
		j++;
	}
	*i = j;
	return 1;
}

/* Skip a character class starting at p[i] == '['; 0 if it is malformed. */
static int
skip_class(const char *p, size_t n, size_t *i)
{
	size_t j = *i + 1;

	if (j < n && p[j] == '^')
		j++;
	if (j < n && p[j] == ']') /* a leading ']' is a member */
		j++;
	while (j < n && p[j] != ']') {
		if (p[j] == '\\') {
			if (j + 1 < n && p[j + 1] == 'Q')
				return 0;
			j += 2;
		} else if (p[j] == '[' && j + 1 < n &&
		           (p[j + 1] == ':' || p[j + 1] == '.' ||
		            p[j + 1] == '=')) {
			char kind = p[j + 1];

			j += 2;
			while (j + 1 < n && !(p[j] == kind && p[j + 1] == ']'))
				j++;
			j += 2;
		} else {
			j++;
		}
	}
	if (j >= n)
		return 0;
	*i = j + 1;
	return 1;
}

/* Skip to just past the first c at or after p[*i]; 0 if there is none. */
static int
skip_past(const char *p, size_t n, size_t *i, char c)
{
	const char *q = *i < n ? memchr(p + *i, c, n - *i) : NULL;

	if (q == NULL)
		return 0;
	*i = (size_t)(q - p) + 1;
	return 1;
}

/*
 * The reading state of analyze(): where it is, and what it has learnt
 * about the pattern so far.
 */
struct lexer {
	const char *p;
	size_t n, i;
	int utf;
	int depth;   /* open groups */
	int pure;    /* nothing but literal text so far */
	int lits;    /* literal text reads as itself (no (?i) or (?x)) */
	int top_alt; /* a '|' outside every group */
	int opaque;  /* something not understood: give up */
	int unsafe;  /* something that may make the buffer search miss */
	int alone;   /* something that joining to other patterns changes */
};

/* The escapes PCRE2 knows (as letters and digits), which analyze() can
 * read; any other is an error or a dialect it does not know. */
static const char known_escapes[] = "aAbBcCdDeEfgGhHkKnNopPQrRsStvVwWxXzZ"
                                    "0123456789";

/*
 * Read the escape at p[i] == '\\'.  Returns whether a quantifier may follow
 * it; literal text (an escaped punctuation character) goes to text/alen.
 */
static int
lex_escape(struct lexer *lx, char *text, size_t *alen)
{
	const char *p = lx->p;
	size_t n = lx->n;
	unsigned char d;

	if (lx->i + 1 >= n) {
		lx->opaque = 1;
		return 0;
	}
	d = (unsigned char)p[lx->i + 1];
	lx->i += 2;
	if (d < 0x80 && !is_word(d)) {
		text[0] = (char)d;
		*alen = 1;
		return 1;
	}
	lx->pure = 0;
	if (d >= 0x80 || strchr(known_escapes, d) == NULL) {
		lx->opaque = 1;
		return 0;
	}
	/* \A \z \Z \G see a line's edges where a buffer has none; \R and \X
	 * are atomic and may take a '\n' without giving it back. */
	if (strchr("AzZGRX", d) != NULL)
		lx->unsafe = 1;
	/* Back references and calls count groups, which joining renumbers. */
	if (d == 'g' || d == 'k' || (d >= '0' && d <= '9'))
		lx->alone = 1;
	if (d == 'Q') {
		/* Quoted text: PCRE2 reads it as literal; stepping over it is
		 * enough.  Without its \E it would quote what follows it. */
		size_t k;

		lx->alone = 1;
		for (k = lx->i; k + 1 < n; k++)
			if (p[k] == '\\' && p[k + 1] == 'E')
				break;
		lx->i = k + 1 < n ? k + 2 : n;
		return 0;
	}
	if (strchr("xopPgkN", d) != NULL && lx->i < n &&
	    (p[lx->i] == '{' || p[lx->i] == '<' || p[lx->i] == '\'')) {
		char close = p[lx->i] == '{'   ? '}'
		             : p[lx->i] == '<' ? '>'
		                               : '\'';

		/* \g<name> and \g'1' call a group: a recursion. */
		if (d == 'g' && close != '}')
			lx->unsafe = 1;
		if (!skip_past(p, n, &lx->i, close))
			lx->opaque = 1;
		return 1;
	}
	switch (d) {
	case 'c': /* \cX */
		lx->i++;
		break;
	case 'x': /* \xHH */
		if (lx->i < n && isxdigit((unsigned char)p[lx->i]))
			lx->i++;
		if (lx->i < n && isxdigit((unsigned char)p[lx->i]))
			lx->i++;
		break;
	case 'p': /* \pL */
	case 'P':
		lx->i++;
		break;
	case 'g': /* \g1, \g-1: a back reference by number */
		if (lx->i < n && (p[lx->i] == '-' || p[lx->i] == '+'))
			lx->i++;
		LS_FALLTHROUGH;
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		while (lx->i < n && p[lx->i] >= '0' && p[lx->i] <= '9')
			lx->i++;
		break;
	}
	return 1;
}

/* Read option letters after "(?": (?i) (?x-s:...) (?^)... */
static void
lex_options(struct lexer *lx)
{
	const char *p = lx->p;
	int unset = 0;

	/* Any setting may change how literal text reads (i).  Unsetting m
	 * turns multiline off, so that ^ and $ no longer see '\n' as a line
	 * edge; (?x) makes blanks and # comments, which analyze() does not
	 * follow, part of the syntax. */
	lx->lits = 0;
	while (lx->i < lx->n && (ls_is_alpha((unsigned char)p[lx->i]) ||
	                         p[lx->i] == '-' || p[lx->i] == '^')) {
		if (p[lx->i] == '^')
			lx->unsafe = 1;
		if (p[lx->i] == '-')
			unset = 1;
		if (unset && p[lx->i] == 'm')
			lx->unsafe = 1;
		if (!unset && p[lx->i] == 'x')
			lx->opaque = 1;
		lx->i++;
	}
	if (lx->i < lx->n && p[lx->i] == ')') {
		lx->i++;
	} else if (lx->i < lx->n && p[lx->i] == ':') {
		lx->depth++;
		lx->i++;
	} else {
		lx->opaque = 1;
	}
}

/* Read what follows p[i] == '('.  Returns whether a quantifier may follow
 * (only for a call like (?1) or (?P>name); groups get theirs at ')'). */
static int
lex_paren(struct lexer *lx)
{
	const char *p = lx->p;
	size_t n = lx->n, i = lx->i;

	lx->pure = 0;
	if (i + 1 < n && p[i + 1] == '*') {
		/* (*VERB), (*UTF)-style settings, (*atomic:...) and the like
		 * can change anything: no second-guessing them. */
		lx->opaque = 1;
		return 0;
	}
	if (i + 1 >= n || p[i + 1] != '?') {
		lx->depth++;
		lx->i++;
		return 0;
	}
	if (i + 2 >= n) {
		lx->opaque = 1;
		return 0;
	}
	lx->i += 3; /* past "(?x" for most cases below */
	switch (p[i + 2]) {
	case '=': /* lookahead */
	case '!':
	case '>': /* an atomic group */
		lx->unsafe = 1;
		lx->depth++;
		return 0;
	case '|': /* a branch reset renumbers groups */
		lx->alone = 1;
		LS_FALLTHROUGH;
	case ':':
		lx->depth++;
		return 0;
	case '<':
		if (i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!')) {
			lx->unsafe = 1; /* lookbehind */
			lx->i++;
			lx->depth++;
		} else if (skip_past(p, n, &lx->i, '>')) {
			lx->alone = 1;
			lx->depth++; /* (?<name>...) */
		} else {
			lx->opaque = 1;
		}
		return 0;
	case '\'': /* (?'name'...) */
		lx->alone = 1;
		if (skip_past(p, n, &lx->i, '\''))
			lx->depth++;
		else
			lx->opaque = 1;
		return 0;
	case 'P':
		lx->alone = 1;
		if (i + 3 < n && p[i + 3] == '<') {
			if (skip_past(p, n, &lx->i, '>'))
				lx->depth++;
			else
				lx->opaque = 1;
			return 0;
		}
		/* (?P=name) or (?P>name), a call */
		if (i + 3 < n && p[i + 3] == '>')
			lx->unsafe = 1;
		if (!skip_past(p, n, &lx->i, ')'))
			lx->opaque = 1;
		return 1;
	case '#': /* a comment */
		if (!skip_past(p, n, &lx->i, ')'))
			lx->opaque = 1;
		return 0;
	case '(':
		/* A condition, which may be an assertion or name a group. */
		lx->unsafe = lx->alone = 1;
		lx->depth++;
		lx->i = i + 2;
		return 0;
	case 'C': /* a callout */
		lx->opaque = 1;
		return 0;
	}
	if (strchr("R&+-0123456789", p[i + 2]) != NULL &&
	    (p[i + 2] != '-' ||
	     (i + 3 < n && p[i + 3] >= '0' && p[i + 3] <= '9'))) {
		/* A recursion or subroutine call. */
		lx->unsafe = lx->alone = 1;
		if (!skip_past(p, n, &lx->i, ')'))
			lx->opaque = 1;
		return 1;
	}
	lx->i = i + 2;
	lex_options(lx);
	return 0;
}

/*
 * Read one pattern the way PCRE2 does, conservatively: anything not
 * understood makes it unsafe (matched line by line) and alone, and gives
 * no literal.  Literal text outside groups is gathered in runs of adjacent
 * bytes; the rarest-looking run is the literal every match must contain.
 */
static void
analyze(const char *p, size_t n, int utf, int icase, struct analysis *a)
{
	struct lexer lx = {p, n, 0, utf, 0, 1, 1, 0, 0, 0, 0};
	struct strbuf run = {0}, best = {0};
	int best_score = -1;

	memset(a, 0, sizeof(*a));
	while (lx.i < n && !lx.opaque) {
		unsigned char c = (unsigned char)p[lx.i];
		char text[4];
		size_t alen = 0; /* > 0: the atom is this literal text */
		size_t carry = 0; /* > 0: it starts the next run too */
		int atom = 1;    /* something a quantifier may follow */
		int possessive = 0;
		unsigned long min;

		switch (c) {
		case '\\':
			atom = lex_escape(&lx, text, &alen);
			break;
		case '[':
			lx.pure = 0;
			if (!skip_class(p, n, &lx.i))
				lx.opaque = 1;
			break;
		case '(':
			atom = lex_paren(&lx);
			break;
		case ')':
			lx.pure = 0;
			if (--lx.depth < 0)
				lx.opaque = 1;
			lx.i++;
			break;
		case '|':
			lx.pure = 0;
			atom = 0;
			if (lx.depth == 0)
				lx.top_alt = 1;
			lx.i++;
			break;
		case '.':
		case '^':
		case '$':
		case '{': /* not a quantifier here: PCRE2 reads it as text */
			lx.pure = 0;
			lx.i++;
			break;
		case '*':
		case '+':
		case '?':
			lx.opaque = 1; /* a quantifier with nothing to repeat */
			break;
		default:
			text[alen++] = (char)c;
			lx.i++;
			/* One UTF-8 character is one atom. */
			while (utf && c >= 0xC0 && lx.i < n && alen < 4 &&
			       ((unsigned char)p[lx.i] & 0xC0) == 0x80)
				text[alen++] = p[lx.i++];
			break;
		}
		if (lx.opaque)
			break;
		if (atom && parse_quant(p, n, &lx.i, &min, &possessive)) {
			lx.pure = 0;
			/* A possessive quantifier never gives back what it
			 * took, '\n' included. */
			if (possessive)
				lx.unsafe = 1;
			/* "ab+c" needs "ab" and "bc" (the last b comes right
			 * before the c), not "abc"; "ab?c" only "a" and
			 * "c". */
			if (alen > 0 && lx.depth == 0 && min >= 1) {
				sb_add(&run, text, alen);
				carry = alen;
			}
			alen = 0; /* the run ends here */
		}
		if (alen > 0 && lx.depth == 0) {
			sb_add(&run, text, alen);
			continue;
		}
		/* The run of adjacent literal text ends: keep the best. */
		if (run.len > 0) {
			int score = run_score(run.p, run.len, icase);

			if (score > best_score) {
				best_score = score;
				best.len = 0;
				sb_add(&best, run.p, run.len);
			}
			run.len = 0;
		}
		if (carry > 0)
			sb_add(&run, text, carry);
	}
	if (run.len > 0 && run_score(run.p, run.len, icase) > best_score) {
		best.len = 0;
		sb_add(&best, run.p, run.len);
	}
	free(run.p);
	a->unsafe = lx.unsafe;
	a->alone = lx.alone;
	if (lx.opaque || lx.depth != 0) {
		a->unsafe = a->alone = 1;
		free(best.p);
		return;
	}
	if (lx.pure) {
		a->pure = 1;
		a->lit = best.p ? best.p : xstrdup("");
		a->litlen = best.len;
		return;
	}
	if (!lx.top_alt && lx.lits && best.len >= 2) {
		a->has_req = 1;
		a->lit = best.p;
		a->litlen = best.len;
		return;
	}
	free(best.p);
}
/* ---- compiling ------------------------------------------------------------
 */

/* PCRE2 allocates through these, so that running out of memory is
 * handled as everywhere else (xmalloc reports it and exits). */
static void *
pcre_alloc(PCRE2_SIZE n, void *data)
{
	(void)data;
	return xmalloc(n);
}

static void
pcre_free(void *p, void *data)
{
	(void)data;
	free(p);
}

/* One PCRE2 program: one pattern, or several joined in an alternation. */
struct prog {
	pcre2_code *code;
	int jit;
	int buffer;  /* searches whole buffers of lines (multiline) */
	int several; /* holds more than one pattern */
	int dfa;     /* POSIX patterns without back references: PCRE2's
	                automaton gives POSIX's longest match */
	int longest; /* and it must, for the span of a match */
	pcre2_code *dfa_code; /* UTF: the program without
	                         PCRE2_MATCH_INVALID_UTF, which the automaton
	                         needs (NULL: code serves) */
	posixnfa *nfa; /* dfa: the automaton that answers where PCRE2
	                  gives up (NULL if the patterns are too big) */
};

struct regex {
	pcre2_general_context *gc;
	pcre2_compile_context *cc;
	enum regex_strategy strat;
	struct prog *progs; /* a line matches when any of them matches */
	size_t nprogs;
	struct lit lit; /* LITERAL: the pattern; PREFILTER of one pattern: a
	                   part every match contains */
	litset *set;    /* LITERALS: the patterns; PREFILTER of several:
	                   one part of each (and each pattern is a program
	                   of its own, progs[k] for pattern k) */
	size_t *owner;  /* the pattern of each of the set's strings */
	multilit *ml;   /* the set's strings again, for the SIMD filter
	                   (NULL: the automaton searches alone) */
#ifdef HAVE_VECTORSCAN
	hs_database_t *hs; /* the set's strings again, for Vectorscan's
	                      search of whole buffers (NULL: litset's) */
	size_t *hs_lens;   /* the length of each */
#endif
	int word, line; /* LITERAL(S): the -w / -x checks */
	int utf;
	char eol; /* the byte that ends a line: '\n', or '\0' (-z) */
	/* The patterns (split at '\n'), kept for the programs of single
	 * patterns that regex_match_line() compiles when programs join
	 * several. */
	unsigned flags;
	uint32_t opts;
	char *text;
	char **pats;
	size_t *lens;
	size_t npats;
	/* BRE and ERE: the patterns as the user wrote them (for messages;
	 * pats holds their PCRE2 translations) and what posixre_translate()
	 * said of each. */
	int posix;
	char *warnings; /* GNU grep's warnings about them, one a line */
	char **upats;
	size_t *ulens;
	unsigned *pinfo;
};

/*
 * Under UTF-8 caseless matching PCRE2 folds two characters outside ASCII
 * to ASCII letters: U+212A KELVIN SIGN to k and U+017F LATIN SMALL LETTER
 * LONG S to s (Unicode's simple case folding has no others).  An
 * ASCII-only case-insensitive search for text with k or s (or any
 * non-ASCII text) could miss lines.
 */
static int
ascii_icase_ok(const char *s, size_t n, int utf)
{
	size_t k;

	for (k = 0; k < n && utf; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c >= 0x80 || strchr("kKsS", c) != NULL)
			return 0;
	}
	return 1;
}

/* How the two characters of ascii_icase_ok() are written in UTF-8. */
static const char long_s[] = "\xC5\xBF", kelvin[] = "\xE2\x84\xAA";

/* A list of strings for litset_new(), with the pattern of each. */
struct strlist {
	const char **s;
	size_t *len, *owner;
	size_t n, cap;
	char **own; /* the strings made here, to free */
	size_t nown;
};

static void
strlist_add(struct strlist *l, const char *s, size_t len, size_t owner,
            int made)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->s = xreallocarray(l->s, l->cap, sizeof(*l->s));
		l->len = xreallocarray(l->len, l->cap, sizeof(*l->len));
		l->owner = xreallocarray(l->owner, l->cap, sizeof(*l->owner));
		l->own = xreallocarray(l->own, l->cap, sizeof(*l->own));
	}
	if (made)
		l->own[l->nown++] = (char *)s;
	l->s[l->n] = s;
	l->len[l->n] = len;
	l->owner[l->n] = owner;
	l->n++;
}

static void
strlist_free(struct strlist *l)
{
	size_t k;

	for (k = 0; k < l->nown; k++)
		free(l->own[k]);
	free(l->own);
	free(l->s);
	free(l->len);
	free(l->owner);
}

/*
 * Put literal s[0, n) of pattern owner in l as the set must hold it to
 * find what PCRE2 would: under UTF-8 caseless matching, once for each way
 * of writing its k and s letters (the ASCII letter, or the character of
 * ascii_icase_ok()).  Returns 0, or -1 when that cannot be done: other
 * non-ASCII text under caseless UTF-8, or too many spellings.
 */
static int
add_spellings(struct strlist *l, const char *s, size_t n, size_t owner,
              int icase, int utf)
{
	size_t pos[6], np = 0, k, mask;

	for (k = 0; k < n && icase && utf; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c >= 0x80)
			return -1;
		if (strchr("kKsS", c) == NULL)
			continue;
		if (np == sizeof(pos) / sizeof(pos[0]))
			return -1;
		pos[np++] = k;
	}
	strlist_add(l, s, n, owner, 0);
	for (mask = 1; mask < ((size_t)1 << np); mask++) {
		struct strbuf b = {0};
		size_t from = 0, j;

		for (j = 0; j < np; j++) {
			if (!(mask & ((size_t)1 << j)))
				continue;
			sb_add(&b, s + from, pos[j] - from);
			sb_adds(&b,
			        (s[pos[j]] | 0x20) == 's' ? long_s : kelvin);
			from = pos[j] + 1;
		}
		sb_add(&b, s + from, n - from);
		strlist_add(l, b.p, b.len, owner, 1);
	}
	return 0;
}

#ifdef HAVE_VECTORSCAN
static pthread_once_t hs_probe_once = PTHREAD_ONCE_INIT;
static int hs_probe_ok; /* written once, under hs_probe_once */

/*
 * libvectorscan 5.4.9 (Debian 12) misses literal matches: of the set
 * "aba{-1" U+03C2 and "b", hs_scan() does not report the "b" of 63 dots,
 * a space, "b" and a newline (nor of any longer run; the regex fuzzer
 * found it, issue 14).  A library that misses it is not used at all.
 */
/* hs_probe()'s callback: counts the matches of the "b". */
static int
hs_probe_match(unsigned id, unsigned long long from, unsigned long long to,
               unsigned flags, void *ctx)
{
	(void)from;
	(void)flags;
	if (id == 1 && to == 65)
		++*(int *)ctx;
	return 0;
}

static void
hs_probe(void)
{
	static const char *const lits[2] = {"aba{-1\xcf\x82", "b"};
	const size_t lens[2] = {8, 1};
	const unsigned flags[2] = {0, 0}, ids[2] = {0, 1};
	hs_database_t *db = NULL;
	hs_compile_error_t *ce = NULL;
	hs_scratch_t *scratch = NULL;
	char text[66];
	int found = 0;

	memset(text, '.', 63);
	memcpy(text + 63, " b\n", 3);
	if (hs_compile_lit_multi(lits, flags, ids, lens, 2, HS_MODE_BLOCK,
	                         NULL, &db, &ce) != HS_SUCCESS) {
		hs_free_compile_error(ce);
		return;
	}
	if (hs_alloc_scratch(db, &scratch) == HS_SUCCESS &&
	    hs_scan(db, text, sizeof(text), 0, scratch, hs_probe_match,
	            &found) == HS_SUCCESS)
		hs_probe_ok = found == 1;
	hs_free_scratch(scratch);
	hs_free_database(db);
}
#endif

int
regex_vectorscan_sound(void)
{
#ifdef HAVE_VECTORSCAN
	pthread_once(&hs_probe_once, hs_probe);
	return hs_probe_ok;
#else
	return 0;
#endif
}

/*
 * Compile the strings of l for Vectorscan, into re->hs; when that cannot
 * be done (built without it, a library that misses matches, a processor
 * it does not run on, an error compiling) re->hs stays NULL and the
 * search uses the set's automaton.
 * Vectorscan reports the matches of literals in the order of their ends
 * (its hs_expression_info() names assertions as what can make matches
 * come out of order; literals have none), which next_hs() relies on.
 */
static void
make_hs(regex *re, const struct strlist *l, int icase)
{
#ifdef HAVE_VECTORSCAN
	unsigned *flags, *ids;
	size_t k;
	hs_compile_error_t *ce = NULL;
	hs_error_t rc;

	if ((re->flags & REGEX_NO_VECTORSCAN) || l->n > UINT_MAX / 2 ||
	    hs_valid_platform() != HS_SUCCESS || !regex_vectorscan_sound())
		return;
	flags = xreallocarray(NULL, l->n, sizeof(*flags));
	ids = xreallocarray(NULL, l->n, sizeof(*ids));
	re->hs_lens = xreallocarray(NULL, l->n, sizeof(*re->hs_lens));
	for (k = 0; k < l->n; k++) {
		flags[k] = icase ? HS_FLAG_CASELESS : 0;
		ids[k] = (unsigned)k;
		re->hs_lens[k] = l->len[k];
	}
	rc = hs_compile_lit_multi(l->s, flags, ids, l->len, (unsigned)l->n,
	                          HS_MODE_BLOCK, NULL, &re->hs, &ce);
	if (rc != HS_SUCCESS) {
		hs_free_compile_error(ce);
		re->hs = NULL;
		free(re->hs_lens);
		re->hs_lens = NULL;
	}
	free(flags);
	free(ids);
#else
	(void)re;
	(void)l;
	(void)icase;
#endif
}

/*
 * The SIMD filter for the strings of l, in re->ml, when it is expected to
 * pass few enough positions of log text on (byte_freq tells how common
 * each byte is: 255 less twelve times its information in bits).
 */
static void
make_ml(regex *re, const struct strlist *l, int icase)
{
	double prob[256], sum = 0;
	size_t c, k;

	if (re->flags & REGEX_NO_MULTILIT)
		return;
	for (c = 0; c < 256; c++) {
		prob[c] = 1;
		for (k = byte_freq[c]; k < 255; k++)
			prob[c] *= 0.94387431268169349664; /* 2^(-1/12) */
		sum += prob[c];
	}
	for (c = 0; c < 256; c++)
		prob[c] /= sum;
	re->ml = multilit_new(l->s, l->len, l->n, icase, prob);
	if (re->ml != NULL && !(re->flags & REGEX_ALWAYS_MULTILIT) &&
	    multilit_rate(re->ml) > ML_MAX_RATE) {
		multilit_free(re->ml);
		re->ml = NULL;
	}
}

/*
 * The longest run of s[0, n) that caseless UTF-8 matching meets only as
 * ASCII letters in either case (no k, s or byte beyond ASCII: see
 * ascii_icase_ok()), into *at and *len.
 */
static void
ascii_run(const char *s, size_t n, size_t *at, size_t *len)
{
	size_t k, from = 0;

	*at = *len = 0;
	for (k = 0; k <= n; k++) {
		if (k < n && ascii_icase_ok(s + k, 1, 1))
			continue;
		if (k - from > *len) {
			*at = from;
			*len = k - from;
		}
		from = k + 1;
	}
}

/* The shortest part of a literal that may stand for it in a prefilter. */
#define PART_MIN 3

/*
 * Build re->set from the literals of the patterns.  Returns 0, or -1 when
 * they cannot make one.  With part (a prefilter, whose candidate lines
 * PCRE2 checks), a literal with too many spellings under caseless UTF-8
 * is stood for by a run of it that has a single one (ascii_run()).
 */
static int
make_set(regex *re, const struct analysis *an, size_t n, int part)
{
	struct strlist l = {0};
	int icase = !!(re->flags & REGEX_ICASE);
	size_t k, at, len;

	for (k = 0; k < n; k++) {
		const char *a = an[k].alts;
		size_t i;

		if (an[k].nalt == 0 &&
		    add_spellings(&l, an[k].lit, an[k].litlen, k, icase,
		                  re->utf) < 0) {
			ascii_run(an[k].lit, an[k].litlen, &at, &len);
			if (!part || len < PART_MIN)
				break;
			strlist_add(&l, an[k].lit + at, len, k, 0);
		}
		for (i = 0; i < an[k].nalt; a += an[k].altlen[i++])
			if (add_spellings(&l, a, an[k].altlen[i], k, icase,
			                  re->utf) < 0)
				break;
		if (i < an[k].nalt)
			break;
	}
	if (k == n)
		re->set = litset_new(l.s, l.len, l.n, icase, LITSET_MAX);
	if (re->set != NULL) {
		re->owner = l.owner;
		l.owner = NULL;
		make_hs(re, &l, icase);
		make_ml(re, &l, icase);
	}
	strlist_free(&l);
	return re->set != NULL ? 0 : -1;
}

/* Append s[0, n) to b so that PCRE2 reads it literally. */
static void
quote_literal(struct strbuf *b, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		char tmp[8];

		if (c >= 0x80 || is_word(c)) {
			sb_add(b, (const char *)&c, 1);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\x{%02x}", c);
			sb_adds(b, tmp);
		} else {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			sb_add(b, tmp, 2);
		}
	}
}

static void
pcre2_message(int code, char *buf, size_t size)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0)
		snprintf(buf, size, "error %d", code);
}

/* "bad pattern", quoting the pattern when there are several. */
static void
bad_pattern(char *err, const regex *re, size_t k, const char *where,
            const char *msg)
{
	/* BRE and ERE: the user's text, not its translation. */
	const char *p = re->posix ? re->upats[k] : re->pats[k];
	size_t len = re->posix ? re->ulens[k] : re->lens[k];

	if (re->npats > 1)
		ls_errf(err, "bad pattern '%.*s'%s: %s",
		        len > 200 ? 200 : (int)len, p, where, msg);
	else
		ls_errf(err, "bad pattern%s: %s", where, msg);
}

/*
 * Compile pattern k alone, to name the offset of an error in the user's
 * own text rather than in a program built around it.
 */
static int
check_one(const regex *re, size_t k, char *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c;
	char msg[256], where[48];

	c = pcre2_compile((PCRE2_SPTR)re->pats[k], re->lens[k], re->opts, &code,
	                  &off, re->cc);
	if (c != NULL) {
		pcre2_code_free(c);
		return 0;
	}
	pcre2_message(code, msg, sizeof(msg));
	/* The offset of a translation would not be in the user's text. */
	if (re->posix)
		where[0] = '\0';
	else
		snprintf(where, sizeof(where), " at offset %zu", (size_t)off);
	bad_pattern(err, re, k, where, msg);
	return -1;
}

/*
 * The length of the settings that must stay at the very start of pattern
 * p, such as (*UTF) or (*LIMIT_MATCH=100); the backtracking verbs, which
 * look the same, are not settings.
 */
static size_t
leading_settings(const char *p, size_t n)
{
	static const char *const verbs[] = {"ACCEPT", "FAIL", "F",   "COMMIT",
	                                    "PRUNE",  "SKIP", "THEN"};
	size_t i = 0, j, name, k;

	while (i + 2 < n && p[i] == '(' && p[i + 1] == '*') {
		j = name = i + 2;
		while (j < n && ((p[j] >= 'A' && p[j] <= 'Z') || p[j] == '_' ||
		                 (p[j] >= '0' && p[j] <= '9')))
			j++;
		if (j == name)
			break;
		for (k = 0; k < sizeof(verbs) / sizeof(verbs[0]); k++)
			if (strlen(verbs[k]) == j - name &&
			    memcmp(verbs[k], p + name, j - name) == 0)
				return i;
		if (j < n && p[j] == '=')
			for (j++; j < n && p[j] >= '0' && p[j] <= '9'; j++)
				;
		if (j >= n || p[j] != ')')
			break;
		i = j + 1;
	}
	return i;
}

/* Append pattern k to b as PCRE2 must read it. */
static void
add_pattern(const regex *re, struct strbuf *b, size_t k, size_t skip)
{
	if (re->flags & REGEX_FIXED)
		quote_literal(b, re->pats[k] + skip, re->lens[k] - skip);
	else
		sb_add(b, re->pats[k] + skip, re->lens[k] - skip);
}

/*
 * Compile patterns idx[0, cnt) into one program, joined as (?:P1)|(?:P2)
 * when there are several.  -x is PCRE2_EXTRA_MATCH_LINE (set in re->cc),
 * which PCRE2 adds as code, not text.  -w is grep's text around the
 * pattern, (?<!\w)(?:P)(?!\w); the end of a pattern alone could swallow
 * the text after it: an open \Q (closed here by a \E, which PCRE2 ignores
 * elsewhere) or a (?x) comment (which only a newline ends: that is the
 * second attempt, made only when the first does not compile).  Returns
 * the code, or NULL with PCRE2's error in *ecode.
 */
static pcre2_code *
compile_prog(const regex *re, const size_t *idx, size_t cnt, uint32_t opts,
             int *ecode)
{
	struct strbuf src = {0};
	pcre2_code *code = NULL;
	PCRE2_SIZE off;
	int word = (re->flags & REGEX_WORD) && !(re->flags & REGEX_LINE);
	int attempt;
	size_t k, lead;

	for (attempt = 0; attempt < 2 && code == NULL; attempt++) {
		src.len = 0;
		sb_add(&src, "", 0);
		if (cnt == 1) {
			lead = word && !(re->flags & REGEX_FIXED)
			           ? leading_settings(re->pats[idx[0]],
			                              re->lens[idx[0]])
			           : 0;
			sb_add(&src, re->pats[idx[0]], lead);
			if (word)
				sb_adds(&src, "(?<!\\w)(?:");
			add_pattern(re, &src, idx[0], lead);
			if (word)
				sb_adds(&src, attempt == 0 ? "\\E)(?!\\w)"
				                           : "\\E\n)(?!\\w)");
		} else {
			/* Patterns that are joined have no \Q, (?x) or
			 * settings (analyze() keeps those alone). */
			if (word)
				sb_adds(&src, "(?<!\\w)(?:");
			for (k = 0; k < cnt; k++) {
				sb_adds(&src, k == 0 ? "(?:" : "|(?:");
				add_pattern(re, &src, idx[k], 0);
				sb_adds(&src, ")");
			}
			if (word)
				sb_adds(&src, ")(?!\\w)");
		}
		code = pcre2_compile((PCRE2_SPTR)src.p, src.len, opts, ecode,
		                     &off, re->cc);
		/* Only a comment, which needs a '#', is worth the second
		 * attempt; a newline anywhere else would be text to match. */
		if (cnt > 1 || !word ||
		    memchr(re->pats[idx[0]], '#', re->lens[idx[0]]) == NULL)
			break;
	}
	free(src.p);
	return code;
}

/* Whether the program for patterns idx[0, cnt) may use PCRE2's automaton
 * (POSIX patterns without back references), and needs it for spans. */
static void
set_posix(const regex *re, struct prog *pg, const size_t *idx, size_t cnt)
{
	size_t k;

	pg->dfa = pg->longest = 0;
	pg->dfa_code = NULL;
	if (!re->posix)
		return;
	pg->dfa = 1;
	for (k = 0; k < cnt; k++) {
		if (re->pinfo[idx[k]] & POSIXRE_BACKREF)
			pg->dfa = 0;
		if (re->pinfo[idx[k]] & POSIXRE_VARLEN)
			pg->longest = 1;
	}
	pg->longest &= pg->dfa;
	if (re->utf) {
		int ecode;

		/* PCRE2's automaton cannot run with PCRE2_MATCH_INVALID_UTF:
		 * for a span's longest match it runs a copy without it, which
		 * PCRE2 lets see valid UTF-8 only (on other lines the
		 * backtracking matcher's match stands).  Not where the
		 * backtracking matcher gives up: unanchored, PCRE2's
		 * automaton takes time quadratic in the line.  The automaton
		 * of posixnfa.h reads bytes: C locale only. */
		if (pg->longest)
			pg->dfa_code = compile_prog(
			    re, idx, cnt, re->opts & ~PCRE2_MATCH_INVALID_UTF,
			    &ecode);
		pg->longest &= pg->dfa_code != NULL;
		pg->dfa = 0;
		return;
	}
	if (pg->dfa) {
		const char **p = xreallocarray(NULL, cnt, sizeof(*p));
		size_t *l = xreallocarray(NULL, cnt, sizeof(*l));
		unsigned f = (re->flags & REGEX_ICASE ? POSIXNFA_ICASE : 0) |
		             (re->flags & REGEX_WORD ? POSIXNFA_WORD : 0) |
		             (re->flags & REGEX_LINE ? POSIXNFA_LINE : 0) |
		             (re->flags & REGEX_NULL_DATA ? POSIXNFA_NULL_DATA
		                                          : 0);

		for (k = 0; k < cnt; k++) {
			p[k] = re->pats[idx[k]];
			l[k] = re->lens[idx[k]];
		}
		pg->nfa = posixnfa_compile(p, l, cnt, f, NFA_MAX);
		free(p);
		free(l);
	}
}

/* The length of the shortest match of code (0: it can match the empty
 * string), as PCRE2 works it out; 0 too when PCRE2 cannot say. */
static uint32_t
min_length(const pcre2_code *code)
{
	uint32_t n = 0;

	if (pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &n) != 0)
		return 0;
	return n;
}

/* Add a program for patterns idx[0, cnt), or several programs when PCRE2
 * finds them too much for one.  Returns 0, or -1 with err set. */
static int
add_prog(regex *re, const size_t *idx, size_t cnt, int buffer, char *err)
{
	uint32_t opts = re->opts | (buffer ? PCRE2_MULTILINE : 0);
	struct prog *pg;
	pcre2_code *code;
	int ecode;

	if (cnt == 0)
		return 0;
	code = compile_prog(re, idx, cnt, opts, &ecode);
	if (code == NULL) {
		char msg[256];

		/* Each pattern compiles alone (check_one()), so a group that
		 * does not is too big for one program: halve it. */
		if (cnt > 1)
			return add_prog(re, idx, cnt / 2, buffer, err) < 0
			           ? -1
			           : add_prog(re, idx + cnt / 2, cnt - cnt / 2,
			                      buffer, err);
		pcre2_message(ecode, msg, sizeof(msg));
		bad_pattern(err, re, idx[0],
		            re->flags & REGEX_LINE   ? " with -x"
		            : re->flags & REGEX_WORD ? " with -w"
		                                     : "",
		            msg);
		return -1;
	}
	/*
	 * With PCRE2_MATCH_INVALID_UTF, PCRE2 does not try an empty match at
	 * every place next to an invalid UTF-8 sequence: over a buffer it
	 * skips the start of a line that begins with one ("\x89o" after a
	 * newline), which a search of that line alone takes (issue 14: grep
	 * -w '' missed such lines).  A program that can match the empty
	 * string therefore runs line by line.
	 */
	if (buffer && (re->opts & PCRE2_MATCH_INVALID_UTF) &&
	    min_length(code) == 0) {
		pcre2_code_free(code);
		return add_prog(re, idx, cnt, 0, err);
	}
	re->progs =
	    xreallocarray(re->progs, re->nprogs + 1, sizeof(*re->progs));
	pg = &re->progs[re->nprogs++];
	memset(pg, 0, sizeof(*pg));
	pg->code = code;
	pg->buffer = buffer;
	pg->several = cnt > 1;
	set_posix(re, pg, idx, cnt);
	if (!(re->flags & REGEX_NO_JIT) &&
	    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0)
		pg->jit = 1;
	return 0;
}

/* Keep copies of the patterns, split at '\n' as grep does with -e and
 * -f. */
static void
keep_patterns(regex *re, const char *const *patterns, const size_t *lens,
              size_t n)
{
	size_t k, total = 0, cnt = 0, cap = n + 1;
	char *t;

	for (k = 0; k < n; k++)
		total += (lens ? lens[k] : strlen(patterns[k])) + 1;
	t = re->text = xmalloc(total + 1);
	re->pats = xreallocarray(NULL, cap, sizeof(*re->pats));
	re->lens = xreallocarray(NULL, cap, sizeof(*re->lens));
	for (k = 0; k < n; k++) {
		const char *s = patterns[k];
		const char *end = s + (lens ? lens[k] : strlen(s));

		for (;;) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);

			if (cnt == cap) {
				cap *= 2;
				re->pats = xreallocarray(re->pats, cap,
				                         sizeof(*re->pats));
				re->lens = xreallocarray(re->lens, cap,
				                         sizeof(*re->lens));
			}
			memcpy(t, s, len);
			t[len] = '\0';
			re->pats[cnt] = t;
			re->lens[cnt] = len;
			t += len + 1;
			cnt++;
			if (nl == NULL)
				break;
			s = nl + 1;
		}
	}
	re->npats = cnt;
}

/*
 * Choose how to search.  Literals alone need no PCRE2 at all; otherwise
 * the patterns that can be joined go in one alternation (those that may
 * use the buffer-wide search apart from those that may not), each of the
 * others in a program of its own, and a literal that every match of a
 * pattern contains lets the search skip to the lines that hold one.
 */
/*
 * Whether the user's BRE or ERE p[0, n) is an alternation of plain
 * literals ("ERROR|WARN", "ERROR\\|WARN"): two or more non-empty
 * alternatives of bytes that are nothing but themselves in the dialect
 * (no NUL, nothing beyond ASCII under UTF-8).  If so, a holds them.
 */
static int
literal_alternatives(const char *p, size_t n, int ere, int utf,
                     struct analysis *a)
{
	const char *special = ere ? "\\.[]()*+?{}|^$" : "\\.[]*^$";
	struct strbuf b = {0};
	size_t i, start = 0, nalt = 0;
	size_t *lens = xreallocarray(NULL, n / 2 + 2, sizeof(*lens));

	for (i = 0; i <= n; i++) {
		int sep = i == n || (ere && p[i] == '|') ||
		          (!ere && p[i] == '\\' && i + 1 < n && p[i + 1] == '|');

		if (sep) {
			if (b.len == start)
				break;
			lens[nalt++] = b.len - start;
			start = b.len;
			i += !ere && i < n;
			continue;
		}
		if (p[i] == '\0' || strchr(special, p[i]) != NULL ||
		    (utf && (unsigned char)p[i] >= 0x80))
			break;
		sb_add(&b, p + i, 1);
	}
	if (i <= n || nalt < 2) {
		free(b.p);
		free(lens);
		return 0;
	}
	a->alts = b.p;
	a->altlen = lens;
	a->nalt = nalt;
	a->pure = 1;
	a->has_req = 0;
	free(a->lit);
	a->lit = xmalloc(lens[0] + 1);
	memcpy(a->lit, b.p, lens[0]);
	a->lit[lens[0]] = '\0';
	a->litlen = lens[0];
	return 1;
}

/* When every pattern is a plain literal or a BRE or ERE alternation of
 * them, let the literal searches take the alternations too. */
static void
split_alternations(const regex *re, struct analysis *an)
{
	size_t k;

	if (!re->posix || (re->flags & REGEX_NO_FAST))
		return;
	for (k = 0; k < re->npats; k++)
		if (!an[k].pure && memchr(re->upats[k], '|', re->ulens[k]) == NULL)
			return;
	for (k = 0; k < re->npats; k++)
		if (!an[k].pure &&
		    !literal_alternatives(re->upats[k], re->ulens[k],
		                          !!(re->flags & REGEX_ERE), re->utf,
		                          &an[k]))
			return;
}

static int
plan_search(regex *re, const struct analysis *an, char *err)
{
	size_t n = re->npats, k, cnt[2] = {0, 0};
	size_t *idx[2];
	int fast = !(re->flags & REGEX_NO_FAST);
	int icase = !!(re->flags & REGEX_ICASE);
	int all_pure = 1, all_lit = 1, prefilter = 0, rc = 0, perline = 0;
	/* -P -z: ^ and $ must not match at a record's '\n' (PCRE2's newline
	 * there), which multiline mode would let them: record by record. */
	int pcre_records = re->eol == '\0' && !re->posix &&
	                   !(re->flags & REGEX_FIXED);

	/* The literal searches tell word bytes by ASCII; a letter beyond it
	 * next to a -w match needs PCRE2 (PCRE2_UCP) to see it. */
	if ((re->opts & PCRE2_UCP) && (re->flags & REGEX_WORD))
		all_pure = 0;
	for (k = 0; k < n; k++) {
		if (!an[k].pure)
			all_pure = 0;
		if (an[k].lit == NULL || an[k].litlen == 0)
			all_lit = 0;
		/* -z: a literal with a NUL in it spans records; the
		 * literal searches must not widen it into one. */
		else if (re->eol == '\0' &&
		         memchr(an[k].lit, '\0', an[k].litlen) != NULL)
			fast = 0;
	}
	if (fast && all_lit && all_pure) {
		re->word = !!(re->flags & REGEX_WORD);
		re->line = !!(re->flags & REGEX_LINE);
		if (n == 1 && an[0].nalt == 0 &&
		    (!icase ||
		     ascii_icase_ok(an[0].lit, an[0].litlen, re->utf))) {
			lit_init(&re->lit, an[0].lit, an[0].litlen, icase);
			re->strat = REGEX_STRAT_LITERAL;
			return 0;
		}
		if (make_set(re, an, n, 0) == 0) {
			re->strat = REGEX_STRAT_LITERALS;
			return 0;
		}
		re->word = re->line = 0;
	}
	/* An alternation's first literal is not required: no prefilter. */
	for (k = 0; k < n; k++)
		if (an[k].nalt > 0)
			all_lit = 0;
	if (fast && all_lit) {
		if (n == 1 && (!icase || ascii_icase_ok(an[0].lit, an[0].litlen,
		                                        re->utf))) {
			lit_init(&re->lit, an[0].lit, an[0].litlen, icase);
			prefilter = 1;
		} else if (make_set(re, an, n, 1) == 0) {
			/* A candidate line is tried with the patterns whose
			 * literals it holds: a program for each. */
			for (k = 0; k < n && rc == 0; k++)
				rc = add_prog(re, &k, 1, 0, err);
			re->strat = REGEX_STRAT_PREFILTER;
			return rc;
		}
	}
	/* The patterns that can be joined go in one alternation, those that
	 * may use the buffer-wide search apart from those that may not; the
	 * others in programs of their own. */
	for (k = 0; k < 2; k++)
		idx[k] = xreallocarray(NULL, n, sizeof(*idx[k]));
	for (k = 0; k < n; k++) {
		int buffer = !an[k].unsafe && !prefilter && !pcre_records &&
		             !(re->flags & REGEX_NO_BUFFER);

		if (!an[k].alone)
			idx[buffer][cnt[buffer]++] = k;
	}
	rc = add_prog(re, idx[1], cnt[1], 1, err);
	if (rc == 0)
		rc = add_prog(re, idx[0], cnt[0], 0, err);
	for (k = 0; k < n && rc == 0; k++) {
		int buffer = !an[k].unsafe && !prefilter && !pcre_records &&
		             !(re->flags & REGEX_NO_BUFFER);

		if (an[k].alone)
			rc = add_prog(re, &k, 1, buffer, err);
	}
	for (k = 0; k < re->nprogs; k++)
		if (!re->progs[k].buffer)
			perline = 1;
	re->strat = prefilter ? REGEX_STRAT_PREFILTER
	            : perline ? REGEX_STRAT_PERLINE
	                      : REGEX_STRAT_BUFFER;
	for (k = 0; k < 2; k++)
		free(idx[k]);
	return rc;
}

/*
 * Turn each BRE or ERE pattern into PCRE2's syntax (posixre.h), keeping
 * the user's text for messages.  Returns 0, or -1 with err set to GNU
 * grep's message and the offset in the user's pattern.
 */
static int
translate(regex *re, char *err)
{
	unsigned pflags = (re->flags & REGEX_ERE ? POSIXRE_ERE : 0) |
	                  (re->flags & REGEX_ICASE ? POSIXRE_ICASE : 0) |
	                  (re->flags & REGEX_NULL_DATA ? POSIXRE_NULL_DATA
	                                               : 0) |
	                  (re->utf ? POSIXRE_UTF : 0);
	size_t k, n = re->npats;

	re->posix = 1;
	re->upats = re->pats;
	re->ulens = re->lens;
	re->pats = xcalloc(n, sizeof(*re->pats));
	re->lens = xcalloc(n, sizeof(*re->lens));
	re->pinfo = xcalloc(n, sizeof(*re->pinfo));
	for (k = 0; k < n; k++) {
		char msg[LS_ERRSZ], where[48], warn[256];
		size_t off, j;

		re->pats[k] = posixre_translate_warn(
		    re->upats[k], re->ulens[k], pflags, &re->lens[k],
		    &re->pinfo[k], &off, msg, warn, sizeof(warn));
		/* grep drops a pattern given twice, and its warnings. */
		for (j = 0; j < k; j++)
			if (re->ulens[j] == re->ulens[k] &&
			    memcmp(re->upats[j], re->upats[k], re->ulens[k]) ==
			        0)
				break;
		if (re->pats[k] != NULL && j == k && warn[0] != '\0') {
			size_t have = re->warnings ? strlen(re->warnings) : 0;

			re->warnings =
			    xrealloc(re->warnings, have + strlen(warn) + 1);
			memcpy(re->warnings + have, warn, strlen(warn) + 1);
		}
		if (re->pats[k] == NULL) {
			snprintf(where, sizeof(where), " at offset %zu", off);
			bad_pattern(err, re, k, where, msg);
			return -1;
		}
	}
	return 0;
}

int
regex_compile(regex **out, const char *const *patterns, size_t npatterns,
              unsigned flags, char *err)
{
	return regex_compile_n(out, patterns, NULL, npatterns, flags, err);
}

int
regex_compile_n(regex **out, const char *const *patterns, const size_t *lens,
                size_t npatterns, unsigned flags, char *err)
{
	regex *re = xcalloc(1, sizeof(*re));
	struct analysis *an = NULL;
	size_t n, k;
	int rc = 0;

	re->flags = flags;
	re->utf = !!(flags & REGEX_UTF);
	re->eol = flags & REGEX_NULL_DATA ? '\0' : '\n';
	re->gc = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	keep_patterns(re, patterns, lens, npatterns);
	n = re->npats;
	if (n == 0) {
		re->strat = REGEX_STRAT_NONE;
		*out = re;
		return 0;
	}
	if (flags & REGEX_ICASE)
		re->opts |= PCRE2_CASELESS;
	if (re->utf)
		re->opts |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	/* GNU grep's -G, -E and -F (glibc's iswalpha(), ...) see the
	 * locale's letters in \w, \b, \< and [[:alpha:]]; its -P (3.8) does
	 * not. */
	if (re->utf && (flags & (REGEX_BRE | REGEX_ERE | REGEX_FIXED)))
		re->opts |= PCRE2_UCP;
	re->cc = pcre2_compile_context_create(re->gc);
	/* -z: grep's -G, -E and -F see a record's '\n' as any character, so
	 * PCRE2's newline is the NUL between records ('.' then matches
	 * '\n', and multiline ^ and $ stop at the NULs); -P keeps '\n' as
	 * PCRE2's newline, and its $ matches only at a record's end. */
	if ((flags & REGEX_NULL_DATA) && (flags & (REGEX_BRE | REGEX_ERE |
	                                           REGEX_FIXED)))
		pcre2_set_newline(re->cc, PCRE2_NEWLINE_NUL);
	else
		pcre2_set_newline(re->cc, PCRE2_NEWLINE_LF);
	if (flags & REGEX_NULL_DATA)
		re->opts |= PCRE2_DOLLAR_ENDONLY;
	if (flags & REGEX_LINE)
		pcre2_set_compile_extra_options(re->cc, PCRE2_EXTRA_MATCH_LINE);

	if (flags & (REGEX_BRE | REGEX_ERE))
		rc = translate(re, err);
	an = xcalloc(n, sizeof(*an));
	for (k = 0; k < n && rc == 0; k++) {
		if (flags & REGEX_FIXED) {
			an[k].pure = 1;
			an[k].lit = xmalloc(re->lens[k] + 1);
			memcpy(an[k].lit, re->pats[k], re->lens[k] + 1);
			an[k].litlen = re->lens[k];
		} else {
			/* First alone, so that an error names its offset. */
			rc = check_one(re, k, err);
			analyze(re->pats[k], re->lens[k], re->utf,
			        !!(flags & REGEX_ICASE), &an[k]);
		}
	}
	if (rc == 0) {
		split_alternations(re, an);
		rc = plan_search(re, an, err);
	}
	for (k = 0; k < n; k++) {
		free(an[k].lit);
		free(an[k].alts);
		free(an[k].altlen);
	}
	free(an);
	if (rc < 0) {
		regex_free(re);
		return -1;
	}
	*out = re;
	return 0;
}

void
regex_free(regex *re)
{
	size_t k;

	if (re == NULL)
		return;
	for (k = 0; k < re->nprogs; k++) {
		pcre2_code_free(re->progs[k].code);
		pcre2_code_free(re->progs[k].dfa_code);
		posixnfa_free(re->progs[k].nfa);
	}
	free(re->progs);
	pcre2_compile_context_free(re->cc);
	pcre2_general_context_free(re->gc);
	lit_free(&re->lit);
	litset_free(re->set);
	multilit_free(re->ml);
	free(re->owner);
#ifdef HAVE_VECTORSCAN
	hs_free_database(re->hs);
	free(re->hs_lens);
#endif
	free(re->text);
	free(re->warnings);
	if (re->posix) {
		for (k = 0; k < re->npats; k++)
			free(re->pats[k]);
		free(re->upats);
		free(re->ulens);
		free(re->pinfo);
	}
	free(re->pats);
	free(re->lens);
	free(re);
}

const char *
regex_warnings(const regex *re)
{
	return re->warnings ? re->warnings : "";
}

enum regex_strategy
regex_strategy(const regex *re)
{
	return re->strat;
}

const char *
regex_strategy_name(const regex *re)
{
	switch (re->strat) {
	case REGEX_STRAT_NONE:
		return "none";
	case REGEX_STRAT_LITERAL:
		return "literal";
	case REGEX_STRAT_LITERALS:
		return "literals";
	case REGEX_STRAT_PREFILTER:
		return "prefilter";
	case REGEX_STRAT_BUFFER:
		return "buffer";
	case REGEX_STRAT_PERLINE:
		return "per-line";
	}
	return "?";
}

const char *
regex_literal(const regex *re, size_t *len, size_t probes[2])
{
	if (re->lit.s == NULL)
		return NULL;
	*len = re->lit.n;
	if (probes != NULL) {
		probes[0] = re->lit.i1;
		probes[1] = re->lit.i2;
	}
	return (const char *)re->lit.s;
}

int
regex_vectorscan(const regex *re)
{
#ifdef HAVE_VECTORSCAN
	return re->hs != NULL;
#else
	(void)re;
	return 0;
#endif
}

const char *
regex_multilit(const regex *re)
{
	return re->ml != NULL ? multilit_impl_name(re->ml) : NULL;
}

const char *
regex_vectorscan_version(void)
{
#ifdef HAVE_VECTORSCAN
	return hs_version();
#else
	return NULL;
#endif
}

int
regex_jit(const regex *re)
{
	size_t k;

	for (k = 0; k < re->nprogs; k++)
		if (re->progs[k].jit)
			return 1;
	return 0;
}

/* ---- matching -------------------------------------------------------------
 */

/* What a matcher knows about one program's search of the current
 * buffer. */
struct progstate {
	/* After PCRE2 gave up somewhere in a buffer, the rest of that buffer
	 * is matched line by line, so that the line at fault is named and
	 * the buffer-wide search is not retried (and failed) once per match
	 * after it. */
	const char *perline_buf;
	size_t perline_len;
	/* The program's next line in buf[from, len) (several programs:
	 * kept while the others' lines come first). */
	int have;
	const char *buf;
	size_t len, from, ls, le;
	int r;
};

struct regex_matcher {
	const regex *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	size_t js_max;
	int last_error;
	/* The workspace of PCRE2's automaton (pcre2_dfa_match()). */
	int *ws;
	size_t nws;
	struct progstate *ps;
	/* Each pattern alone, for regex_match_line() when programs join
	 * several: compiled on first use. */
	struct prog *single;
	size_t nsingle;
	/* The prefilter's patterns tried on the current line: those whose
	 * entry equals stamp. */
	uint32_t *tried;
	uint32_t stamp;
	/* The search's literal, with probe bytes of this matcher's own
	 * (lit_tune()) once tuned is set; the needle is re's. */
	struct lit lit;
	int tuned;
	/* How the SIMD filter does on this text: bytes searched and
	 * candidates checked; ml_off once it does badly. */
	size_t ml_bytes, ml_checks;
	int ml_off;
#ifdef HAVE_VECTORSCAN
	hs_scratch_t *scratch; /* NULL: the set's automaton searches */
	/* The lines of buf[.., len) that Vectorscan found (the next ones
	 * from where the caller stands, q_ls[q_k..q_n)); the bytes from
	 * q_from to q_done have been searched. */
	const char *q_buf;
	size_t q_len, q_from, q_done, q_k, q_n;
	size_t q_ls[HS_QUEUE], q_le[HS_QUEUE];
#endif
};

regex_matcher *
regex_matcher_open(const regex *re)
{
	regex_matcher *m = xcalloc(1, sizeof(*m));

	m->re = re;
	m->ps = xcalloc(re->nprogs + 1, sizeof(*m->ps));
	m->tried = xcalloc(re->npats + 1, sizeof(*m->tried));
	m->lit = re->lit;
#ifdef HAVE_VECTORSCAN
	/* Without scratch space (out of memory) the automaton searches. */
	if (re->hs != NULL &&
	    hs_alloc_scratch(re->hs, &m->scratch) != HS_SUCCESS)
		m->scratch = NULL;
#endif
	if (re->cc == NULL)
		return m;
	/* Only where a match starts and ends is ever asked for. */
	m->md = pcre2_match_data_create(1, re->gc);
	m->mc = pcre2_match_context_create(re->gc);
	pcre2_set_match_limit(m->mc, MATCH_LIMIT);
	pcre2_set_heap_limit(m->mc, HEAP_LIMIT_KIB);
	return m;
}

void
regex_matcher_set_match_limit(regex_matcher *m, uint32_t limit)
{
	if (m->mc != NULL)
		pcre2_set_match_limit(m->mc,
		                      limit < MATCH_LIMIT ? limit : MATCH_LIMIT);
}

void
regex_matcher_close(regex_matcher *m)
{
	size_t k;

	if (m == NULL)
		return;
	for (k = 0; k < m->nsingle; k++) {
		pcre2_code_free(m->single[k].code);
		pcre2_code_free(m->single[k].dfa_code);
		posixnfa_free(m->single[k].nfa);
	}
	free(m->single);
	free(m->tried);
#ifdef HAVE_VECTORSCAN
	hs_free_scratch(m->scratch);
#endif
	free(m->ps);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	free(m->ws);
	pcre2_jit_stack_free(m->js);
	free(m);
}

void
regex_matcher_reset(regex_matcher *m)
{
	memset(m->ps, 0, (m->re->nprogs + 1) * sizeof(*m->ps));
#ifdef HAVE_VECTORSCAN
	m->q_buf = NULL;
#endif
}

const char *
regex_limit_name(const regex_matcher *m)
{
	switch (m->last_error) {
	case PCRE2_ERROR_MATCHLIMIT:
		return "match limit";
	case PCRE2_ERROR_DEPTHLIMIT:
		return "depth limit";
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return "heap limit";
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return "JIT stack limit";
	default:
		return "matching error";
	}
}

/*
 * Give JIT-compiled code a bigger stack after it ran out: four times the
 * last, up to JIT_STACK_MAX.  A line that needs that much is rare, and
 * the stack is only address space until it is used.  Returns 0 when it
 * cannot grow.
 */
static int
grow_jit_stack(regex_matcher *m)
{
	size_t max = m->js_max ? m->js_max * 4 : JIT_STACK_FIRST;
	pcre2_jit_stack *js;

	if (m->js_max >= JIT_STACK_MAX)
		return 0;
	if (max > JIT_STACK_MAX)
		max = JIT_STACK_MAX;
	js = pcre2_jit_stack_create(JIT_STACK_MIN, max, m->re->gc);
	if (js == NULL)
		return 0;
	pcre2_jit_stack_free(m->js);
	m->js = js;
	m->js_max = max;
	pcre2_jit_stack_assign(m->mc, NULL, m->js);
	return 1;
}

/*
 * PCRE2's automaton (pcre2_dfa_match()) on s[off, n): 1 match (the
 * leftmost, and in the ovector the longest there), 0 none, -1 it gave
 * up, -2 (UTF only) PCRE2 will not run it on s from off.  It follows every path at once, so its time grows with the
 * subject times the pattern's size, never exponentially; only a pattern
 * with very many states (which outgrows the largest workspace) can fail.
 */
static int
run_dfa(regex_matcher *m, const struct prog *pg, const char *s, size_t n,
        size_t off, uint32_t opts)
{
	int rc;

	for (;;) {
		if (m->ws == NULL) {
			m->nws = DFA_WS_MIN;
			m->ws = xreallocarray(NULL, m->nws, sizeof(*m->ws));
		}
		rc = pcre2_dfa_match(pg->dfa_code ? pg->dfa_code : pg->code,
		                     (PCRE2_SPTR)s, n, off, opts, m->md, m->mc,
		                     m->ws, m->nws);
		/* 0: the ovector holds the longest match but not all. */
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		/* The line is not UTF-8, or off is inside a character (an
		 * empty match steps one byte on). */
		if (pg->dfa_code != NULL &&
		    ((rc <= PCRE2_ERROR_UTF8_ERR1 &&
		      rc >= PCRE2_ERROR_UTF8_ERR21) ||
		     rc == PCRE2_ERROR_BADUTFOFFSET))
			return -2;
		if (rc == PCRE2_ERROR_DFA_WSSIZE && m->nws < DFA_WS_MAX) {
			free(m->ws);
			m->nws *= 4;
			m->ws = xreallocarray(NULL, m->nws, sizeof(*m->ws));
			continue;
		}
		m->last_error = rc;
		return -1;
	}
}

/* What a caller of run() needs to know. */
enum run_mode {
	RUN_LINE,   /* whether s[0, n), one line, matches */
	RUN_SPAN,   /* the first match in the line s[0, n) from off */
	RUN_BUFFER  /* the first match in a buffer of lines */
};

/* Whether rc is PCRE2 giving up on a limit of the backtracking
 * matcher. */
static int
is_limit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY ||
	       rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/*
 * One PCRE2 call: 1 match, 0 none, -1 PCRE2 gave up.  For a POSIX pattern
 * without back references the automaton of posixnfa.h answers whether a
 * line matches where the backtracking matcher hits a limit, as GNU grep's
 * DFA always answers (in a buffer the caller goes on line by line; for a
 * span the caller asks the automaton itself).
 */
static int
run(regex_matcher *m, const struct prog *pg, const char *s, size_t n,
    size_t off, enum run_mode mode)
{
	int rc;

	for (;;) {
		if (pg->jit) {
			if (m->js == NULL)
				grow_jit_stack(m);
			rc = pcre2_jit_match(pg->code, (PCRE2_SPTR)s, n, off, 0,
			                     m->md, m->mc);
		} else {
			rc = pcre2_match(pg->code, (PCRE2_SPTR)s, n, off, 0,
			                 m->md, m->mc);
		}
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc == PCRE2_ERROR_JIT_STACKLIMIT && grow_jit_stack(m))
			continue;
		if (mode == RUN_LINE && pg->nfa != NULL && is_limit(rc)) {
			size_t ms, me;

			return posixnfa_match(pg->nfa, s, n, 0, &ms, &me);
		}
		m->last_error = rc;
		return -1;
	}
}

static inline size_t
line_start(const regex *re, const char *buf, size_t from, size_t pos)
{
	const char *nl =
	    pos > from ? memrchr(buf + from, re->eol, pos - from) : NULL;

	return nl ? (size_t)(nl - buf) + 1 : from;
}

static inline size_t
line_end(const regex *re, const char *buf, size_t len, size_t pos)
{
	const char *nl = pos < len ? memchr(buf + pos, re->eol, len - pos) : NULL;

	return nl ? (size_t)(nl - buf) : len;
}

/* Does a literal at [ms, me) of line [ls, le) satisfy -w/-x? */
static int
literal_fits(const regex *re, const char *buf, size_t ls, size_t le, size_t ms,
             size_t me)
{
	if (re->line)
		return ms == ls && me == le;
	if (re->word)
		return (ms == ls || !is_word((unsigned char)buf[ms - 1])) &&
		       (me == le || !is_word((unsigned char)buf[me]));
	return 1;
}

/* Find the literal in line [ls, le) at or after off with -w/-x. */
static int
literal_in_line(const regex *re, const char *buf, size_t ls, size_t le,
                size_t off, size_t *ms)
{
	while (off < le) {
		const char *p = re->lit.find(&re->lit, buf + off, le - off);
		size_t s;

		if (p == NULL)
			return 0;
		s = (size_t)(p - buf);
		if (literal_fits(re, buf, ls, le, s, s + re->lit.n)) {
			*ms = s;
			return 1;
		}
		if (re->line)
			return 0;
		off = s + 1;
	}
	return 0;
}

/*
 * The leftmost of the literals in line [0, n) at or after off that
 * satisfies -w/-x, the longest of those that start there: as grep -F.
 */
static int
literals_in_line(const regex *re, const char *line, size_t n, size_t off,
                 size_t *ms, size_t *me)
{
	struct litset_pos p;
	size_t s, e, id, max = litset_maxlen(re->set);
	int found = 0;

	litset_start(re->set, &p, off);
	while (litset_next(re->set, &p, line, n, &s, &e, &id)) {
		/* Later occurrences start after this one. */
		if (found && e > *ms + max)
			break;
		if (!literal_fits(re, line, 0, n, s, e))
			continue;
		if (!found || s < *ms || (s == *ms && e > *me)) {
			*ms = s;
			*me = e;
			found = 1;
		}
	}
	return found;
}

/*
 * The literal search, with the NUL check when nul is not NULL: *nul
 * becomes 1 when buf[from, end) holds a NUL, end being just past the line
 * reported (or len).
 */
static const char *
find_lit(const struct lit *l, const char *buf, size_t len, size_t from,
         int *nul)
{
	const char *p;

	if (nul == NULL)
		return l->find(l, buf + from, len - from);
	if (l->find_nul != NULL)
		return l->find_nul(l, buf + from, len - from, nul);
	p = l->find(l, buf + from, len - from);
	if (memchr(buf + from, '\0',
	           (p ? (size_t)(p - buf) + l->n : len) - from) != NULL)
		*nul = 1;
	return p;
}

/* The rest of the line after an occurrence, for the NUL check. */
static void
nul_to_line_end(const char *buf, size_t len, size_t from, size_t e, int *nul)
{
	size_t end = e < len ? e + 1 : len;

	if (nul != NULL && from < end && memchr(buf + from, '\0', end - from))
		*nul = 1;
}

/* Before the first search of a buffer big enough to tell: the literal's
 * probes from the bytes of this text (lit_tune()). */
static void
tune(regex_matcher *m, const char *buf, size_t len, size_t from)
{
	size_t n = len - from;

	if (m->tuned || n < TUNE_MIN || m->lit.s == NULL)
		return;
	lit_tune(&m->lit, (const unsigned char *)buf + from,
	         n < TUNE_SAMPLE ? n : TUNE_SAMPLE);
	m->tuned = 1;
}

/* ls NULL: the caller needs only the line's end (see regex_next_line()),
 * and without -w or -x its start is never looked for. */
static int
next_literal(regex_matcher *m, const char *buf, size_t len, size_t from,
             size_t *ls, size_t *le, int *nul)
{
	const regex *re = m->re;

	tune(m, buf, len, from);
	while (from < len) {
		const char *p = find_lit(&m->lit, buf, len, from, nul);
		size_t ms, s, e;

		if (p == NULL)
			return REGEX_NOMATCH;
		ms = (size_t)(p - buf);
		e = line_end(re, buf, len, ms + re->lit.n);
		nul_to_line_end(buf, len, ms + re->lit.n, e, nul);
		if (ls == NULL && !re->word && !re->line) {
			*le = e;
			return REGEX_MATCH;
		}
		s = line_start(re, buf, from, ms);
		if (literal_fits(re, buf, s, e, ms, ms + re->lit.n) ||
		    (re->word && literal_in_line(re, buf, s, e, ms + 1, &ms))) {
			if (ls != NULL)
				*ls = s;
			*le = e;
			return REGEX_MATCH;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

#ifdef HAVE_VECTORSCAN
/* What the callback of one Vectorscan call works with. */
struct hs_walk {
	regex_matcher *m;
	const char *buf;
	size_t len;
	size_t base;  /* the offset in buf of the bytes given to Vectorscan */
	size_t floor; /* where the line search may look back to */
	int check;    /* -w/-x: an occurrence must fit its line */
	size_t a, b;  /* the line of the last occurrence (b < a: none) */
};

/*
 * An occurrence of string id ends at offset to of the bytes searched:
 * queue its line unless it is the line queued last.  Returns nonzero (stop
 * the search) when the queue is full.
 */
static int
hs_on_match(unsigned id, unsigned long long from, unsigned long long to,
            unsigned flags, void *ctx)
{
	struct hs_walk *w = ctx;
	regex_matcher *m = w->m;
	size_t e = w->base + (size_t)to, s = e - m->re->hs_lens[id];

	(void)from;
	(void)flags;
	if (m->q_n > 0 && s >= m->q_ls[m->q_n - 1] &&
	    e <= m->q_le[m->q_n - 1])
		return 0;
	/* The occurrences of one line come together: its ends are found
	 * once for them all. */
	if (w->b < w->a || s < w->a || e > w->b) {
		w->a = line_start(m->re, w->buf, w->floor, s);
		w->b = line_end(m->re, w->buf, w->len, e);
	}
	if (w->check && !literal_fits(m->re, w->buf, w->a, w->b, s, e))
		return 0;
	m->q_ls[m->q_n] = w->a;
	m->q_le[m->q_n] = w->b;
	m->q_n++;
	w->floor = w->b < w->len ? w->b + 1 : w->len;
	return m->q_n == HS_QUEUE;
}

/*
 * The first line of buf[from, len) that holds one of the set's strings
 * (with check, one that satisfies -w/-x), found with Vectorscan: 1 with
 * the line in *ls, *le, 0 when there is none, or -1 when Vectorscan
 * cannot search it (a line over HS_PIECE_MAX bytes, an error).  One call
 * queues up to HS_QUEUE lines; the next calls take them from the queue
 * while the caller walks the same buffer forwards.
 */
static int
next_hs(regex_matcher *m, const char *buf, size_t len, size_t from,
        int check, size_t *ls, size_t *le)
{
	struct hs_walk w;

	if (m->q_buf != buf || m->q_len != len || from < m->q_from) {
		m->q_buf = buf;
		m->q_len = len;
		m->q_from = m->q_done = from;
		m->q_k = m->q_n = 0;
	}
	while (m->q_k < m->q_n && m->q_ls[m->q_k] < from)
		m->q_k++;
	if (m->q_k == m->q_n) {
		m->q_k = m->q_n = 0;
		w.m = m;
		w.buf = buf;
		w.len = len;
		w.check = check;
		w.floor = m->q_done > from ? m->q_done : from;
		while (m->q_n == 0 && w.floor < len) {
			size_t piece = len - w.floor;
			hs_error_t rc;

			/* Vectorscan takes an unsigned int of bytes: a longer
			 * buffer goes in pieces cut after a line's end (no
			 * string holds one). */
			if (piece > HS_PIECE_MAX) {
				const char *nl = memrchr(buf + w.floor,
				                         m->re->eol, HS_PIECE_MAX);

				if (nl == NULL)
					return -1;
				piece = (size_t)(nl - buf) + 1 - w.floor;
			}
			w.base = w.floor;
			w.a = 1;
			w.b = 0;
			rc = hs_scan(m->re->hs, buf + w.base, (unsigned)piece, 0,
			             m->scratch, hs_on_match, &w);
			if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
				return -1;
			/* Stopped with a full queue: the search goes on after
			 * its last line; else after the piece. */
			w.floor = rc == HS_SCAN_TERMINATED ? w.floor
			                                   : w.base + piece;
		}
		m->q_done = w.floor;
		if (m->q_n == 0)
			return 0;
	}
	*ls = m->q_ls[m->q_k];
	*le = m->q_le[m->q_k];
	return 1;
}
#endif

/*
 * The first occurrence of the set's strings in buf[from, len), in
 * buf[*s, *e): with the SIMD filter while it pays on this text, else with
 * the automaton.  Either way it lies in the first line that holds one.
 */
static int
set_first(regex_matcher *m, const char *buf, size_t len, size_t from,
          size_t *s, size_t *e)
{
	const regex *re = m->re;
	struct litset_pos p;
	size_t id;

	if (re->ml != NULL && !m->ml_off) {
		size_t checks = 0;
		int r = multilit_find(re->ml, buf, len, from, s, e, &checks);

		m->ml_bytes += (r ? *e : len) - from;
		m->ml_checks += checks;
		if (m->ml_bytes >= ML_JUDGE &&
		    m->ml_checks > m->ml_bytes / ML_BYTES_PER_CHECK &&
		    !(re->flags & REGEX_ALWAYS_MULTILIT))
			m->ml_off = 1;
		return r;
	}
	litset_start(re->set, &p, from);
	return litset_next(re->set, &p, buf, len, s, e, &id);
}

static int
next_literals(regex_matcher *m, const char *buf, size_t len, size_t from,
              size_t *ls, size_t *le)
{
	const regex *re = m->re;
	struct litset_pos p;
	size_t s, e, id, a, b;

#ifdef HAVE_VECTORSCAN
	if (m->scratch != NULL) {
		int r = next_hs(m, buf, len, from, re->word || re->line, ls,
		                le);

		if (r >= 0)
			return r > 0 ? REGEX_MATCH : REGEX_NOMATCH;
	}
#endif
	while (from < len) {
		if (!set_first(m, buf, len, from, &s, &e))
			return REGEX_NOMATCH;
		a = line_start(re, buf, from, s);
		b = line_end(re, buf, len, e);
		if (!re->word && !re->line) {
			*ls = a;
			*le = b;
			return REGEX_MATCH;
		}
		/* -w, -x: each occurrence in the line, until one fits. */
		litset_start(re->set, &p, a);
		while (litset_next(re->set, &p, buf, b, &s, &e, &id))
			if (literal_fits(re, buf, a, b, s, e)) {
				*ls = a;
				*le = b;
				return REGEX_MATCH;
			}
		from = b + 1;
	}
	return REGEX_NOMATCH;
}

/* Whether any program matches line[0, n): REGEX_MATCH, REGEX_NOMATCH or
 * REGEX_LIMIT. */
static int
progs_match_line(regex_matcher *m, const char *line, size_t n)
{
	const regex *re = m->re;
	size_t k;
	int r = REGEX_NOMATCH, rc;

	for (k = 0; k < re->nprogs; k++) {
		rc = run(m, &re->progs[k], line, n, 0, RUN_LINE);
		if (rc > 0)
			return REGEX_MATCH;
		if (rc < 0)
			r = REGEX_LIMIT;
	}
	return r;
}

/*
 * Whether line buf[s, e) matches one of the patterns whose literals it
 * holds (the prefilter's set): each is tried once.
 */
static int
candidates_match_line(regex_matcher *m, const char *buf, size_t s, size_t e)
{
	const regex *re = m->re;
	struct litset_pos p;
	size_t a, b, id;
	int r = REGEX_NOMATCH, rc;

	if (++m->stamp == 0) {
		memset(m->tried, 0, re->npats * sizeof(*m->tried));
		m->stamp = 1;
	}
	litset_start(re->set, &p, s);
	while (litset_next(re->set, &p, buf, e, &a, &b, &id)) {
		for (; id != SIZE_MAX; id = litset_same(re->set, id)) {
			size_t k = re->owner[id];

			if (m->tried[k] == m->stamp)
				continue;
			m->tried[k] = m->stamp;
			rc = run(m, &re->progs[k], buf + s, e - s, 0,
			         RUN_LINE);
			if (rc > 0)
				return REGEX_MATCH;
			if (rc < 0)
				r = REGEX_LIMIT;
		}
	}
	return r;
}

static int
next_prefilter(regex_matcher *m, const char *buf, size_t len, size_t from,
               size_t *ls, size_t *le, int *nul)
{
	const regex *re = m->re;
	const struct lit *l = &m->lit;

	if (re->set == NULL)
		tune(m, buf, len, from);
	while (from < len) {
		size_t s, e, ms, me;
		int r;

		if (re->set != NULL) {
#ifdef HAVE_VECTORSCAN
			int h = m->scratch != NULL
			            ? next_hs(m, buf, len, from, 0, &s, &e)
			            : -1;

			if (h == 0)
				return REGEX_NOMATCH;
			if (h > 0) {
				/* The line itself: its ends are found again
				 * below at once. */
				ms = s;
				me = e;
			}
			if (h < 0) {
#endif
				if (!set_first(m, buf, len, from, &ms, &me))
					return REGEX_NOMATCH;
#ifdef HAVE_VECTORSCAN
			}
#endif
		} else {
			const char *q = find_lit(l, buf, len, from, nul);

			if (q == NULL)
				return REGEX_NOMATCH;
			ms = (size_t)(q - buf);
			me = ms + l->n;
			nul_to_line_end(buf, len, me,
			                line_end(re, buf, len, me), nul);
		}
		s = line_start(re, buf, from, ms);
		e = line_end(re, buf, len, me);
		r = re->set != NULL ? candidates_match_line(m, buf, s, e)
		                    : progs_match_line(m, buf + s, e - s);
		if (r != REGEX_NOMATCH) {
			*ls = s;
			*le = e;
			return r;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

static int
next_perline(regex_matcher *m, const struct prog *pg, const char *buf,
             size_t len, size_t from, size_t *ls, size_t *le)
{
	while (from < len) {
		size_t e = line_end(m->re, buf, len, from);
		int rc = run(m, pg, buf + from, e - from, 0, RUN_LINE);

		if (rc != 0) {
			*ls = from;
			*le = e;
			return rc > 0 ? REGEX_MATCH : REGEX_LIMIT;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

static int
next_buffer(regex_matcher *m, const struct prog *pg, struct progstate *st,
            const char *buf, size_t len, size_t from, size_t *ls, size_t *le)
{
	while (from < len) {
		PCRE2_SIZE *ov;
		size_t start, end, s, e;
		int rc;

		if (st->perline_buf == buf && st->perline_len == len)
			return next_perline(m, pg, buf, len, from, ls, le);
		rc = run(m, pg, buf, len, from, RUN_BUFFER);
		if (rc == 0)
			return REGEX_NOMATCH;
		if (rc < 0) {
			st->perline_buf = buf;
			st->perline_len = len;
			continue;
		}
		ov = pcre2_get_ovector_pointer(m->md);
		start = pcre2_get_startchar(m->md);
		end = ov[1];
		/* An empty match just past the buffer's final '\n' is not
		 * in any line (without that '\n' it ends the last line). */
		if (start >= len && (len == 0 || buf[len - 1] == m->re->eol))
			return REGEX_NOMATCH;
		s = line_start(m->re, buf, from, start);
		e = line_end(m->re, buf, len, start);
		if (end <= e) {
			*ls = s;
			*le = e;
			return REGEX_MATCH;
		}
		/* The match ran into the next line: grep would only have
		 * seen this line, so ask again with this line alone. */
		rc = run(m, pg, buf + s, e - s, 0, RUN_LINE);
		if (rc != 0) {
			*ls = s;
			*le = e;
			return rc > 0 ? REGEX_MATCH : REGEX_LIMIT;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

static int
next_prog(regex_matcher *m, size_t k, const char *buf, size_t len, size_t from,
          size_t *ls, size_t *le)
{
	const struct prog *pg = &m->re->progs[k];

	if (pg->buffer)
		return next_buffer(m, pg, &m->ps[k], buf, len, from, ls, le);
	return next_perline(m, pg, buf, len, from, ls, le);
}

/*
 * The first line that any program matches (or gives up on).  Each
 * program's answer is kept and reused while the caller's position has not
 * passed it, so that a program whose next line is far ahead is not asked
 * again for every line another one matches.
 */
static int
next_progs(regex_matcher *m, const char *buf, size_t len, size_t from,
           size_t *ls, size_t *le)
{
	const regex *re = m->re;
	size_t k, best = 0;
	int r = REGEX_NOMATCH;

	if (re->nprogs == 1)
		return next_prog(m, 0, buf, len, from, ls, le);
	for (k = 0; k < re->nprogs; k++) {
		struct progstate *st = &m->ps[k];

		if (!(st->have && st->buf == buf && st->len == len &&
		      st->from <= from &&
		      (st->r == REGEX_NOMATCH || st->ls >= from))) {
			st->r =
			    next_prog(m, k, buf, len, from, &st->ls, &st->le);
			st->have = 1;
			st->buf = buf;
			st->len = len;
			st->from = from;
		}
		if (st->r == REGEX_NOMATCH)
			continue;
		/* The earliest line wins; on one line, a match over a
		 * program that gave up. */
		if (r == REGEX_NOMATCH || st->ls < m->ps[best].ls ||
		    (st->ls == m->ps[best].ls && st->r == REGEX_MATCH)) {
			best = k;
			r = st->r;
		}
	}
	if (r != REGEX_NOMATCH) {
		*ls = m->ps[best].ls;
		*le = m->ps[best].le;
	}
	return r;
}

int
regex_next_line(regex_matcher *m, const char *buf, size_t len, size_t from,
                size_t *ls, size_t *le, int *nul)
{
	int r = REGEX_NOMATCH;
	size_t start;

	if (nul != NULL)
		*nul = 0;
	if (m->re->strat == REGEX_STRAT_LITERAL)
		return next_literal(m, buf, len, from, ls, le, nul);
	if (ls == NULL)
		ls = &start;
	switch (m->re->strat) {
	case REGEX_STRAT_NONE:
	case REGEX_STRAT_LITERAL:
		break;
	case REGEX_STRAT_LITERALS:
		r = next_literals(m, buf, len, from, ls, le);
		break;
	case REGEX_STRAT_PREFILTER:
		if (m->re->set == NULL)
			return next_prefilter(m, buf, len, from, ls, le, nul);
		r = next_prefilter(m, buf, len, from, ls, le, NULL);
		break;
	case REGEX_STRAT_BUFFER:
	case REGEX_STRAT_PERLINE:
		r = next_progs(m, buf, len, from, ls, le);
		break;
	}
	/* Without a literal search to ride on, a pass of its own. */
	if (nul != NULL) {
		size_t end = r == REGEX_NOMATCH ? len
		             : *le < len        ? *le + 1
		                                : len;

		*nul =
		    from < end && memchr(buf + from, '\0', end - from) != NULL;
	}
	return r;
}

int
regex_matches_every_line(const regex *re)
{
	if (re->flags & (REGEX_WORD | REGEX_LINE | REGEX_NO_FAST))
		return 0;
	for (size_t k = 0; k < re->npats; k++)
		if (re->lens[k] == 0)
			return 1;
	return 0;
}

int
regex_finds_nul(const regex *re)
{
	return (re->strat == REGEX_STRAT_LITERAL ||
	        (re->strat == REGEX_STRAT_PREFILTER && re->set == NULL)) &&
	       re->lit.find_nul != NULL;
}

/*
 * The programs regex_match_line() tries: the search's own when each holds
 * one pattern, else each pattern alone (so that the longest match of the
 * patterns at a place can be told), compiled on first use.
 */
static const struct prog *
span_progs(regex_matcher *m, size_t *n)
{
	const regex *re = m->re;
	size_t k;
	int several = 0;

	for (k = 0; k < re->nprogs; k++)
		several |= re->progs[k].several;
	if (!several) {
		*n = re->nprogs;
		return re->progs;
	}
	if (m->single == NULL) {
		m->single = xcalloc(re->npats, sizeof(*m->single));
		for (k = 0; k < re->npats; k++) {
			struct prog *pg = &m->single[m->nsingle];
			int ecode;

			pg->code = compile_prog(re, &k, 1, re->opts, &ecode);
			if (pg->code == NULL)
				continue;
			set_posix(re, pg, &k, 1);
			if (!(re->flags & REGEX_NO_JIT) &&
			    pcre2_jit_compile(pg->code, PCRE2_JIT_COMPLETE) ==
			        0)
				pg->jit = 1;
			m->nsingle++;
		}
	}
	*n = m->nsingle;
	return m->single;
}

int
regex_match_line(regex_matcher *m, const char *line, size_t n, size_t off,
                 size_t *ms, size_t *me)
{
	const regex *re = m->re;
	const struct prog *progs;
	size_t np, k;
	int found = 0, limit = 0;

	if (off > n)
		return REGEX_NOMATCH;
	switch (re->strat) {
	case REGEX_STRAT_NONE:
		return REGEX_NOMATCH;
	case REGEX_STRAT_LITERAL:
		if (!literal_in_line(re, line, 0, n, off, ms))
			return REGEX_NOMATCH;
		*me = *ms + re->lit.n;
		return REGEX_MATCH;
	case REGEX_STRAT_LITERALS:
		return literals_in_line(re, line, n, off, ms, me)
		           ? REGEX_MATCH
		           : REGEX_NOMATCH;
	default:
		break;
	}
	/* The leftmost match of the patterns, and the longest of those
	 * that start there. */
	progs = span_progs(m, &np);
	for (k = 0; k < np; k++) {
		int rc = run(m, &progs[k], line, n, off, RUN_SPAN);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		size_t s = 0, e = 0;

		/* POSIX: the longest match that starts there. */
		if (rc > 0 && progs[k].longest) {
			PCRE2_SIZE s0 = ov[0], e0 = ov[1];
			int d = run_dfa(m, &progs[k], line, n, ov[0],
			                PCRE2_ANCHORED);

			if (d == -2) {
				ov[0] = s0;
				ov[1] = e0;
			} else if (d < 0) {
				rc = -1;
			}
		}
		if (rc < 0 && progs[k].nfa != NULL)
			rc = posixnfa_match(progs[k].nfa, line, n, off, &s, &e);
		else if (rc > 0) {
			s = ov[0];
			e = ov[1] < ov[0] ? ov[0] : ov[1];
		}
		if (rc < 0)
			limit = 1;
		if (rc <= 0)
			continue;
		if (!found || s < *ms || (s == *ms && e > *me)) {
			*ms = s;
			*me = e;
			found = 1;
		}
	}
	if (found)
		return REGEX_MATCH;
	return limit ? REGEX_LIMIT : REGEX_NOMATCH;
}

int
regex_line_matches(regex_matcher *m, const char *line, size_t n)
{
	const regex *re = m->re;
	size_t ms, me;

	switch (re->strat) {
	case REGEX_STRAT_NONE:
		return REGEX_NOMATCH;
	case REGEX_STRAT_LITERAL:
		return literal_in_line(re, line, 0, n, 0, &ms) ? REGEX_MATCH
		                                               : REGEX_NOMATCH;
	case REGEX_STRAT_LITERALS:
		return literals_in_line(re, line, n, 0, &ms, &me)
		           ? REGEX_MATCH
		           : REGEX_NOMATCH;
	default:
		return progs_match_line(m, line, n);
	}
}
