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
 * plain literal is found with a SIMD substring search, and a regex that
 * contains a literal every match needs ("ERROR" in "^\S+ ERROR .*timeout")
 * finds candidate lines with that search and runs PCRE2 on those alone.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LS_X86 1
#endif

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

static inline unsigned char
fold(unsigned char c)
{
	return (unsigned char)(c | ((unsigned)(c - 'A') < 26u ? 0x20 : 0));
}

static inline int
is_alpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

static inline int
is_word(unsigned char c)
{
	return is_alpha(c) || (unsigned)(c - '0') < 10u || c == '_';
}

/*
 * How common a byte is in log text, 0 (never seen) to 255 (everywhere):
 * a rough model (timestamps, English words, key=value pairs) that is
 * only used to pick which bytes of a needle to probe for.
 */
static int
byte_rank(unsigned char c)
{
	static const char common[] = "etaoinsrhldcumfpgwybvkxjqz";
	const char *p;

	if (c >= 'A' && c <= 'Z')
		return 130;
	if (c >= 'a' && c <= 'z') {
		p = strchr(common, c);
		return 250 - (int)(p - common) * 4;
	}
	if (c >= '0' && c <= '9')
		return 245;
	switch (c) {
	case ' ':
		return 255;
	case ':':
	case '.':
		return 200;
	case '-':
		return 190;
	case '/':
		return 170;
	case '=':
	case ',':
		return 160;
	case '[':
	case ']':
	case '_':
		return 150;
	case '"':
		return 140;
	case '(':
	case ')':
	case '\'':
		return 120;
	case '\t':
		return 100;
	default:
		return c < 0x80 ? 50 : 30;
	}
}

static inline int
lit_verify(const struct lit *l, const unsigned char *h)
{
	size_t k;

	if (!l->icase)
		return memcmp(h, l->s, l->n) == 0;
	for (k = 0; k < l->n; k++)
		if (fold(h[k]) != l->s[k])
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

	/* Two vectors a round, asking for memory a little ahead: in a big
	 * file this loop waits for memory more than it computes. */
	for (; i + 64 <= stop; i += 64) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(p1 + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(p2 + i));
		__m256i x2 = _mm256_loadu_si256((const __m256i *)(p1 + i + 32));
		__m256i y2 = _mm256_loadu_si256((const __m256i *)(p2 + i + 32));
		__m256i a, b;

		_mm_prefetch((const char *)p2 + i + 512, _MM_HINT_T0);
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

/* Set l up to search for s[0, n) (n > 0). */
static void
lit_init(struct lit *l, const char *s, size_t n, int icase)
{
	size_t k, r1 = 0, r2 = 0;
	int best = 1000, second = 1000;

	l->s = xmalloc(n);
	l->n = n;
	l->icase = icase;
	for (k = 0; k < n; k++)
		l->s[k] =
		    icase ? fold((unsigned char)s[k]) : (unsigned char)s[k];
	for (k = 0; k < n; k++) {
		int r = byte_rank(l->s[k]);

		if (r < best) {
			second = best;
			r2 = r1;
			best = r;
			r1 = k;
		} else if (r < second) {
			second = r;
			r2 = k;
		}
	}
	if (n == 1)
		r2 = r1;
	else if (r1 == r2)
		r2 = r1 == 0 ? 1 : 0;
	l->i1 = r1 < r2 ? r1 : r2;
	l->i2 = r1 < r2 ? r2 : r1;
	l->b1 = l->s[l->i1];
	l->b2 = l->s[l->i2];
	l->m1 = icase && is_alpha(l->b1) ? 0x20 : 0;
	l->m2 = icase && is_alpha(l->b2) ? 0x20 : 0;
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

static int
run_score(const char *s, size_t n)
{
	int score = 0;
	size_t k;

	for (k = 0; k < n; k++)
		score += 256 - byte_rank(fold((unsigned char)s[k]));
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
		/* FALLTHROUGH */
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
	while (lx->i < lx->n && (is_alpha((unsigned char)p[lx->i]) ||
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
		/* FALLTHROUGH */
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
analyze(const char *p, size_t n, int utf, struct analysis *a)
{
	struct lexer lx = {p, n, 0, utf, 0, 1, 1, 0, 0, 0, 0};
	struct strbuf run = {0}, best = {0};
	int best_score = -1;

	memset(a, 0, sizeof(*a));
	while (lx.i < n && !lx.opaque) {
		unsigned char c = (unsigned char)p[lx.i];
		char text[4];
		size_t alen = 0; /* > 0: the atom is this literal text */
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
			/* "ab+c" needs "ab"; "ab?c" only "a". */
			if (alen > 0 && lx.depth == 0 && min >= 1)
				sb_add(&run, text, alen);
			alen = 0; /* the run ends here */
		}
		if (alen > 0 && lx.depth == 0) {
			sb_add(&run, text, alen);
			continue;
		}
		/* The run of adjacent literal text ends: keep the best. */
		if (run.len > 0) {
			int score = run_score(run.p, run.len);

			if (score > best_score) {
				best_score = score;
				best.len = 0;
				sb_add(&best, run.p, run.len);
			}
			run.len = 0;
		}
	}
	if (run.len > 0 && run_score(run.p, run.len) > best_score) {
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

struct regex {
	pcre2_general_context *gc;
	pcre2_code *code; /* NULL for REGEX_STRAT_NONE */
	int jit;
	enum regex_strategy strat;
	struct lit lit; /* LITERAL: the pattern; PREFILTER: a required part */
	int word, line; /* LITERAL: -w / -x checks */
	int utf;
};

/*
 * Under UTF-8 caseless matching PCRE2 folds a few ASCII letters to
 * characters outside ASCII too (k and the Kelvin sign, s and the long s);
 * an ASCII-only case-insensitive search could miss those lines.
 */
static int
ascii_icase_ok(const char *s, size_t n, int utf)
{
	size_t k;

	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];

		if (!utf)
			continue;
		if (c >= 0x80 || strchr("kKsSiI", c) != NULL)
			return 0;
	}
	return 1;
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

/*
 * Compile one user pattern alone, to name the offset of an error in the
 * user's own text rather than in the combined expression.
 */
static int
check_one(pcre2_compile_context *cc, const char *p, size_t n, uint32_t opts,
          int quote, size_t npat, char *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c;
	char msg[256];

	c = pcre2_compile((PCRE2_SPTR)p, n, opts | (quote ? PCRE2_LITERAL : 0),
	                  &code, &off, cc);
	if (c != NULL) {
		pcre2_code_free(c);
		return 0;
	}
	pcre2_message(code, msg, sizeof(msg));
	if (npat > 1)
		ls_errf(err, "bad pattern '%.*s' at offset %zu: %s",
		        n > 200 ? 200 : (int)n, p, (size_t)off, msg);
	else
		ls_errf(err, "bad pattern at offset %zu: %s", (size_t)off, msg);
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

/*
 * Compile the patterns as one expression, joined as (?:P1)|(?:P2) when
 * there are several.  -x is PCRE2_EXTRA_MATCH_LINE (set in cc).  -w is
 * grep's text around the pattern, (?<!\w)(?:P)(?!\w); the end of a
 * pattern alone could swallow the text after it: an open \Q (closed here
 * by a \E, which PCRE2 ignores elsewhere) or a (?x) comment (which only a
 * newline ends: that is the second attempt, made only when the first does
 * not compile).  Returns the code, or NULL with PCRE2's error.
 */
static pcre2_code *
compile_text(char **pats, const size_t *lens, size_t n, unsigned flags,
             uint32_t opts, pcre2_compile_context *cc, int *code,
             PCRE2_SIZE *off)
{
	struct strbuf src = {0};
	pcre2_code *c = NULL;
	int word = (flags & REGEX_WORD) && !(flags & REGEX_LINE);
	int fixed = !!(flags & REGEX_FIXED), attempt;
	size_t k, lead = 0;

	for (attempt = 0; attempt < 2 && c == NULL; attempt++) {
		src.len = 0;
		sb_add(&src, "", 0);
		if (word && n == 1 && !fixed) {
			lead = leading_settings(pats[0], lens[0]);
			sb_add(&src, pats[0], lead);
		}
		if (word)
			sb_adds(&src, "(?<!\\w)(?:");
		for (k = 0; k < n; k++) {
			if (n > 1)
				sb_adds(&src, k == 0 ? "(?:" : ")|(?:");
			if (fixed)
				quote_literal(&src, pats[k], lens[k]);
			else
				sb_add(&src, pats[k] + lead, lens[k] - lead);
		}
		if (n > 1)
			sb_adds(&src, ")");
		if (word)
			sb_adds(&src,
			        attempt == 0 ? "\\E)(?!\\w)" : "\\E\n)(?!\\w)");
		c = pcre2_compile((PCRE2_SPTR)src.p, src.len, opts, code, off,
		                  cc);
		/* Only a comment, which needs a '#', is worth the second
		 * attempt; a newline anywhere else would be text to match. */
		if (!word || n > 1 || memchr(pats[0], '#', lens[0]) == NULL)
			break;
	}
	free(src.p);
	return c;
}

/* Split the patterns at '\n', as grep does with -e and -f. */
static void
split_patterns(const char *const *patterns, size_t n, char ***out,
               size_t **lens, size_t *nout)
{
	size_t k, cnt = 0, cap = n + 1;
	char **v = xreallocarray(NULL, cap, sizeof(*v));
	size_t *l = xreallocarray(NULL, cap, sizeof(*l));

	for (k = 0; k < n; k++) {
		const char *s = patterns[k];

		for (;;) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);

			if (cnt == cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof(*v));
				l = xreallocarray(l, cap, sizeof(*l));
			}
			v[cnt] = (char *)s;
			l[cnt] = len;
			cnt++;
			if (nl == NULL)
				break;
			s = nl + 1;
		}
	}
	*out = v;
	*lens = l;
	*nout = cnt;
}

int
regex_compile(regex **out, const char *const *patterns, size_t npatterns,
              unsigned flags, char *err)
{
	regex *re = xcalloc(1, sizeof(*re));
	char **pats;
	size_t *lens, n, k;
	struct analysis an = {0};
	int unsafe = 0, fast = !(flags & REGEX_NO_FAST), code;
	int icase = !!(flags & REGEX_ICASE), utf = !!(flags & REGEX_UTF);
	uint32_t opts = 0;
	PCRE2_SIZE off;
	pcre2_compile_context *cc = NULL;

	re->utf = utf;
	re->gc = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	split_patterns(patterns, npatterns, &pats, &lens, &n);
	if (n == 0) {
		re->strat = REGEX_STRAT_NONE;
		goto done;
	}
	if (icase)
		opts |= PCRE2_CASELESS;
	if (utf)
		opts |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;

	cc = pcre2_compile_context_create(re->gc);
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	/* -x is PCRE2's own line match, which it adds as code, not text. */
	if (flags & REGEX_LINE)
		pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_MATCH_LINE);

	/* Validate each pattern alone first so errors name its offset. */
	if (n > 1 || (flags & (REGEX_FIXED | REGEX_WORD | REGEX_LINE)))
		for (k = 0; k < n; k++)
			if (check_one(cc, pats[k], lens[k], opts,
			              !!(flags & REGEX_FIXED), n, err) < 0)
				goto fail;

	/* Choose the strategy. */
	for (k = 0; k < n; k++) {
		struct analysis a;

		if (flags & REGEX_FIXED) {
			memset(&a, 0, sizeof(a));
			a.pure = 1;
			a.lit = xmalloc(lens[k] + 1);
			memcpy(a.lit, pats[k], lens[k]);
			a.litlen = lens[k];
		} else {
			analyze(pats[k], lens[k], utf, &a);
		}
		unsafe |= a.unsafe;
		if (k == 0)
			an = a;
		else
			free(a.lit);
	}
	re->strat = unsafe || (flags & REGEX_NO_BUFFER) ? REGEX_STRAT_PERLINE
	                                                : REGEX_STRAT_BUFFER;
	if (fast && n == 1 && an.lit != NULL && an.litlen > 0 &&
	    (!icase || ascii_icase_ok(an.lit, an.litlen, utf))) {
		if (an.pure) {
			re->strat = REGEX_STRAT_LITERAL;
			re->word = !!(flags & REGEX_WORD);
			re->line = !!(flags & REGEX_LINE);
		} else {
			re->strat = REGEX_STRAT_PREFILTER;
		}
		lit_init(&re->lit, an.lit, an.litlen, icase);
	}

	/* Build the one expression PCRE2 compiles. */
	if (re->strat == REGEX_STRAT_BUFFER)
		opts |= PCRE2_MULTILINE;
	re->code = compile_text(pats, lens, n, flags, opts, cc, &code, &off);
	if (re->code == NULL) {
		char msg[256];

		pcre2_message(code, msg, sizeof(msg));
		if (n == 1 && !(flags & (REGEX_WORD | REGEX_FIXED)))
			ls_errf(err, "bad pattern at offset %zu: %s",
			        (size_t)off, msg);
		else
			/* Each pattern compiled alone: the error is in the
			 * text around them, at no offset the user wrote. */
			ls_errf(err, "bad pattern%s: %s",
			        flags & REGEX_WORD ? " with -w" : "", msg);
		goto fail;
	}
	if (!(flags & REGEX_NO_JIT) &&
	    pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0)
		re->jit = 1;
done:
	pcre2_compile_context_free(cc);
	free(an.lit);
	free(pats);
	free(lens);
	*out = re;
	return 0;
fail:
	pcre2_compile_context_free(cc);
	free(an.lit);
	free(pats);
	free(lens);
	regex_free(re);
	return -1;
}

void
regex_free(regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	pcre2_general_context_free(re->gc);
	lit_free(&re->lit);
	free(re);
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
	case REGEX_STRAT_PREFILTER:
		return "prefilter";
	case REGEX_STRAT_BUFFER:
		return "buffer";
	case REGEX_STRAT_PERLINE:
		return "per-line";
	}
	return "?";
}

int
regex_jit(const regex *re)
{
	return re->jit;
}

/* ---- matching -------------------------------------------------------------
 */

struct regex_matcher {
	const regex *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	size_t js_max;
	int last_error;
	/* After PCRE2 gave up somewhere in a buffer, the rest of that buffer
	 * is matched line by line, so that the line at fault is named and
	 * the buffer-wide search is not retried (and failed) once per match
	 * after it. */
	const char *perline_buf;
	size_t perline_len;
};

regex_matcher *
regex_matcher_open(const regex *re)
{
	regex_matcher *m = xcalloc(1, sizeof(*m));

	m->re = re;
	if (re->code == NULL)
		return m;
	m->md = pcre2_match_data_create_from_pattern(re->code, re->gc);
	m->mc = pcre2_match_context_create(re->gc);
	pcre2_set_match_limit(m->mc, MATCH_LIMIT);
	pcre2_set_heap_limit(m->mc, HEAP_LIMIT_KIB);
	return m;
}

void
regex_matcher_close(regex_matcher *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	pcre2_jit_stack_free(m->js);
	free(m);
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

/* One PCRE2 call: 1 match, 0 none, -1 PCRE2 gave up. */
static int
run(regex_matcher *m, const char *s, size_t n, size_t off)
{
	int rc;

	for (;;) {
		if (m->re->jit) {
			if (m->js == NULL)
				grow_jit_stack(m);
			rc = pcre2_jit_match(m->re->code, (PCRE2_SPTR)s, n, off,
			                     0, m->md, m->mc);
		} else {
			rc = pcre2_match(m->re->code, (PCRE2_SPTR)s, n, off, 0,
			                 m->md, m->mc);
		}
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc == PCRE2_ERROR_JIT_STACKLIMIT && grow_jit_stack(m))
			continue;
		m->last_error = rc;
		return -1;
	}
}

static inline size_t
line_start(const char *buf, size_t from, size_t pos)
{
	const char *nl =
	    pos > from ? memrchr(buf + from, '\n', pos - from) : NULL;

	return nl ? (size_t)(nl - buf) + 1 : from;
}

static inline size_t
line_end(const char *buf, size_t len, size_t pos)
{
	const char *nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;

	return nl ? (size_t)(nl - buf) : len;
}

/* Does the literal match at [ms, ms+n) of line [ls, le) satisfy -w/-x? */
static int
literal_fits(const regex *re, const char *buf, size_t ls, size_t le, size_t ms)
{
	size_t me = ms + re->lit.n;

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

		if (p == NULL)
			return 0;
		if (literal_fits(re, buf, ls, le, (size_t)(p - buf))) {
			*ms = (size_t)(p - buf);
			return 1;
		}
		if (re->line)
			return 0;
		off = (size_t)(p - buf) + 1;
	}
	return 0;
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

static int
next_literal(regex_matcher *m, const char *buf, size_t len, size_t from,
             size_t *ls, size_t *le, int *nul)
{
	const regex *re = m->re;

	while (from < len) {
		const char *p = find_lit(&re->lit, buf, len, from, nul);
		size_t ms, s, e;

		if (p == NULL)
			return REGEX_NOMATCH;
		ms = (size_t)(p - buf);
		s = line_start(buf, from, ms);
		e = line_end(buf, len, ms + re->lit.n);
		nul_to_line_end(buf, len, ms + re->lit.n, e, nul);
		if (literal_fits(re, buf, s, e, ms) ||
		    (re->word && literal_in_line(re, buf, s, e, ms + 1, &ms))) {
			*ls = s;
			*le = e;
			return REGEX_MATCH;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

static int
next_perline(regex_matcher *m, const char *buf, size_t len, size_t from,
             size_t *ls, size_t *le)
{
	while (from < len) {
		size_t e = line_end(buf, len, from);
		int rc = run(m, buf + from, e - from, 0);

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
next_prefilter(regex_matcher *m, const char *buf, size_t len, size_t from,
               size_t *ls, size_t *le, int *nul)
{
	const struct lit *l = &m->re->lit;

	while (from < len) {
		const char *p = find_lit(l, buf, len, from, nul);
		size_t s, e;
		int rc;

		if (p == NULL)
			return REGEX_NOMATCH;
		s = line_start(buf, from, (size_t)(p - buf));
		e = line_end(buf, len, (size_t)(p - buf) + l->n);
		nul_to_line_end(buf, len, (size_t)(p - buf) + l->n, e, nul);
		rc = run(m, buf + s, e - s, 0);
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
next_buffer(regex_matcher *m, const char *buf, size_t len, size_t from,
            size_t *ls, size_t *le)
{
	while (from < len) {
		PCRE2_SIZE *ov;
		size_t start, end, s, e;
		int rc;

		if (m->perline_buf == buf && m->perline_len == len)
			return next_perline(m, buf, len, from, ls, le);
		rc = run(m, buf, len, from);
		if (rc == 0)
			return REGEX_NOMATCH;
		if (rc < 0) {
			m->perline_buf = buf;
			m->perline_len = len;
			continue;
		}
		ov = pcre2_get_ovector_pointer(m->md);
		start = pcre2_get_startchar(m->md);
		end = ov[1];
		/* An empty match just past the buffer's final '\n' is not
		 * in any line (without that '\n' it ends the last line). */
		if (start >= len && (len == 0 || buf[len - 1] == '\n'))
			return REGEX_NOMATCH;
		s = line_start(buf, from, start);
		e = line_end(buf, len, start);
		if (end <= e) {
			*ls = s;
			*le = e;
			return REGEX_MATCH;
		}
		/* The match ran into the next line: grep would only have
		 * seen this line, so ask again with this line alone. */
		rc = run(m, buf + s, e - s, 0);
		if (rc != 0) {
			*ls = s;
			*le = e;
			return rc > 0 ? REGEX_MATCH : REGEX_LIMIT;
		}
		from = e + 1;
	}
	return REGEX_NOMATCH;
}

int
regex_next_line(regex_matcher *m, const char *buf, size_t len, size_t from,
                size_t *ls, size_t *le, int *nul)
{
	int r = REGEX_NOMATCH;

	if (nul != NULL)
		*nul = 0;
	switch (m->re->strat) {
	case REGEX_STRAT_NONE:
		break;
	case REGEX_STRAT_LITERAL:
		return next_literal(m, buf, len, from, ls, le, nul);
	case REGEX_STRAT_PREFILTER:
		return next_prefilter(m, buf, len, from, ls, le, nul);
	case REGEX_STRAT_BUFFER:
		r = next_buffer(m, buf, len, from, ls, le);
		break;
	case REGEX_STRAT_PERLINE:
		r = next_perline(m, buf, len, from, ls, le);
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
regex_finds_nul(const regex *re)
{
	return (re->strat == REGEX_STRAT_LITERAL ||
	        re->strat == REGEX_STRAT_PREFILTER) &&
	       re->lit.find_nul != NULL;
}

int
regex_match_line(regex_matcher *m, const char *line, size_t n, size_t off,
                 size_t *ms, size_t *me)
{
	const regex *re = m->re;
	PCRE2_SIZE *ov;
	int rc;

	if (off > n)
		return REGEX_NOMATCH;
	if (re->strat == REGEX_STRAT_NONE)
		return REGEX_NOMATCH;
	if (re->strat == REGEX_STRAT_LITERAL) {
		if (!literal_in_line(re, line, 0, n, off, ms))
			return REGEX_NOMATCH;
		*me = *ms + re->lit.n;
		return REGEX_MATCH;
	}
	rc = run(m, line, n, off);
	if (rc <= 0)
		return rc < 0 ? REGEX_LIMIT : REGEX_NOMATCH;
	ov = pcre2_get_ovector_pointer(m->md);
	*ms = ov[0];
	*me = ov[1] < ov[0] ? ov[0] : ov[1];
	return REGEX_MATCH;
}
