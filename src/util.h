/*
 * util.h - small helpers every module uses: allocation that never fails,
 * error buffers, and checked parsing of user numbers.
 */
#ifndef LOGSCAN_UTIL_H
#define LOGSCAN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every module reports failure by returning -1 (or an enum) and filling a
 * caller-provided error buffer of LS_ERRSZ bytes.  Modules never print.
 */
#define LS_ERRSZ 512

#if defined(__GNUC__)
#define LS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define LS_NORETURN __attribute__((noreturn))
#else
#define LS_PRINTF(a, b)
#define LS_NORETURN
#endif

/*
 * A switch case that goes on into the next one on purpose, written where
 * the next case label follows: GCC and clang both check it
 * (-Wimplicit-fallthrough); other compilers see an empty statement.
 */
#if defined(__has_attribute)
#if __has_attribute(fallthrough)
#define LS_FALLTHROUGH __attribute__((fallthrough))
#endif
#endif
#ifndef LS_FALLTHROUGH
#define LS_FALLTHROUGH                                                         \
	do {                                                                   \
	} while (0)
#endif

/* Format a message into err (LS_ERRSZ bytes), truncating if needed. */
void ls_errf(char *err, const char *fmt, ...) LS_PRINTF(2, 3);

/* Allocators that never return NULL: on exhaustion they print and exit 2. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* n bytes aligned to align (a power of two, a multiple of sizeof(void *));
 * free() it.  Exits like xmalloc() when memory runs out. */
void *xmalloc_aligned(size_t align, size_t n);

/*
 * Parse a non-negative decimal integer in [min, max].  The whole string must
 * be digits.  Returns 0 and stores the value, or -1 with err filled.
 */
int ls_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *err);

/*
 * Parse a byte size: digits with an optional K, M, G or T suffix (powers of
 * 1024, case-insensitive, an optional trailing "iB" or "B" accepted).
 * Returns 0 and stores the value, or -1 with err filled when the text is not
 * a size or lies outside [min, max].
 */
int ls_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *err);

/*
 * A newly allocated copy of s (the caller frees it) with each byte that is
 * not part of well-formed UTF-8 (RFC 3629: no overlong forms, surrogates
 * or code points past U+10FFFF) replaced by U+FFFD, for YAML output: YAML
 * text is Unicode and file names need not be.
 */
char *ls_utf8_clean(const char *s);

/*
 * Whether p[0, n) is all characters as glibc decodes UTF-8 (mbrtowc() in
 * a UTF-8 locale), GNU grep's test for an "encoding error": no stray
 * continuation byte, cut-short sequence, overlong form or surrogate; the
 * old forms of 5 and 6 bytes and values past U+10FFFF (up to 0x7FFFFFFF)
 * are characters to glibc.
 */
int ls_utf8_glibc_valid(const char *p, size_t n);

/*
 * The edit distance between a and b: the fewest single-byte insertions,
 * deletions, substitutions and swaps of two adjacent bytes that turn one
 * into the other ("ignroe" is one swap from "ignore").  For "did you mean"
 * suggestions; never fails.
 */
size_t ls_edit_distance(const char *a, const char *b);

/* c with an ASCII capital made small; every other byte as it is. */
static inline unsigned char
ls_fold(unsigned char c)
{
	return (unsigned char)(c | ((unsigned)(c - 'A') < 26u ? 0x20 : 0));
}

/* Whether c is an ASCII letter. */
static inline int
ls_is_alpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* Monotonic clock in nanoseconds, for --stats and progress. */
uint64_t ls_now_ns(void);

#endif
