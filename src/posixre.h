/*
 * posixre.h - POSIX basic and extended regular expressions, as GNU grep
 * reads them in the C locale, translated into equivalent PCRE2 patterns,
 * so that one engine (and its literal fast paths and JIT) serves every
 * dialect.
 *
 * BRE (grep -G) has GNU's extensions: \| \+ \? \{m,n\}, back references
 * \1-\9, \< \> \b \B \w \W \s \S \` \'.  ERE (grep -E) has the same
 * escapes, while \| \+ \? \{ are literal characters there.  The POSIX
 * corners follow GNU grep 3.8: '*' is literal at the start of a BRE and
 * after \( \| or an anchor (in an ERE a repetition with nothing before
 * it is ignored, and one after an anchor repeats the anchor);
 * '{' is literal in an ERE where it cannot start an interval; a lone ')'
 * is literal in an ERE; ^ and $ are anchors in a BRE only at the start
 * and end of the pattern, a group or an alternative; bracket expressions
 * take ']' first, ranges, [:class:], [=c=], [.c.], and a backslash in
 * them is literal.  Only the syntax changes: how PCRE2 picks among the
 * matches of a line (leftmost-first, not POSIX leftmost-longest) is the
 * caller's concern (see POSIXRE_VARLEN).
 */
#ifndef LOGSCAN_POSIXRE_H
#define LOGSCAN_POSIXRE_H

#include <stddef.h>

/* Flags for posixre_translate(). */
enum {
	POSIXRE_ERE = 1 << 0, /* the pattern is an ERE (else a BRE) */
	POSIXRE_UTF = 1 << 1,  /* PCRE2 will run in UTF mode: a multibyte
	                          character is one atom */
	POSIXRE_ICASE = 1 << 2, /* -i: a range's ends are checked in upper
	                           case, as glibc does */
	POSIXRE_NULL_DATA = 1 << 3 /* -z: lines are records that a NUL ends
	                              and that may hold '\n', which a
	                              negated bracket then matches */
};

/* What posixre_translate() reports about a pattern (*info). */
enum {
	POSIXRE_BACKREF = 1 << 0, /* has back references */
	POSIXRE_VARLEN = 1 << 1   /* has alternation or repetition: PCRE2's
	                             first match may be shorter than POSIX's
	                             leftmost-longest one */
};

/*
 * Translate the pattern p[0, n) (which may hold NUL bytes but no '\n')
 * into a PCRE2 pattern to be compiled without PCRE2_EXTENDED, with
 * PCRE2_MULTILINE or not (^ and $ of the result mean the edges of a
 * line).  Returns a NUL-terminated string that the caller frees, its
 * length in *outlen, and POSIXRE_* bits in *info (both may be NULL); the
 * result holds no NUL byte and is at most 8 * n + 16 bytes long.  On an
 * invalid pattern returns NULL, *erroff set to the byte offset in p of the
 * construct at fault, and err (LS_ERRSZ bytes) set to GNU grep's message
 * for it ("Unmatched ( or \(", "Invalid content of \{\}", ...).
 */
char *posixre_translate(const char *p, size_t n, unsigned flags,
                        size_t *outlen, unsigned *info, size_t *erroff,
                        char *err);

/*
 * posixre_translate(), also writing into warn (warnsz bytes; NULL or 0
 * for none) the warnings GNU grep 3.8 prints for the pattern, one a line,
 * each ending in '\n' ("* at start of expression\n" for an ERE's
 * repetition with no atom before it; "" when there are none).  Warnings
 * that do not fit are left out whole.
 */
char *posixre_translate_warn(const char *p, size_t n, unsigned flags,
                             size_t *outlen, unsigned *info, size_t *erroff,
                             char *err, char *warn, size_t warnsz);

#endif
