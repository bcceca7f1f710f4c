/*
 * regex.h - the search patterns: grep's pattern options turned into
 * compiled PCRE2 programs, plus the fast paths that let most searches skip
 * PCRE2 for most of the text.
 *
 * Matching follows grep: a line matches when one of the patterns matches
 * inside it, the line seen alone (without its '\n').  The search itself
 * runs over a whole buffer of lines at once and reports whole lines; how
 * it does that (substring or multi-literal search, a literal prefilter,
 * PCRE2 runs over the buffer, or line by line for patterns that could
 * look past a line's end) is decided once, at compile time.
 */
#ifndef LOGSCAN_REGEX_H
#define LOGSCAN_REGEX_H

#include <stddef.h>
#include <stdint.h>

/* Flags for regex_compile(). */
enum {
	REGEX_FIXED = 1 << 0,    /* -F: every pattern is a literal string */
	REGEX_ICASE = 1 << 1,    /* -i */
	REGEX_WORD = 1 << 2,     /* -w: the match is a whole word */
	REGEX_LINE = 1 << 3,     /* -x: the match is the whole line */
	REGEX_UTF = 1 << 4,      /* text is UTF-8 (bad sequences never match) */
	REGEX_NO_JIT = 1 << 5,   /* use PCRE2's interpreter (tests) */
	REGEX_NO_FAST = 1 << 6,  /* no literal fast paths (tests) */
	REGEX_NO_BUFFER = 1 << 7, /* match line by line (tests) */
	REGEX_BRE = 1 << 8,       /* -G: every pattern is a POSIX BRE */
	REGEX_ERE = 1 << 9,       /* -E: every pattern is a POSIX ERE */
	REGEX_NULL_DATA = 1 << 10, /* -z: a line is a record that a NUL ends
	                              (and may hold '\n'); see below */
	REGEX_NO_VECTORSCAN = 1 << 11, /* lists of literals without
	                                  Vectorscan (tests) */
	REGEX_NO_MULTILIT = 1 << 12,   /* lists of literals without the SIMD
	                                  filter of multilit.h (tests) */
	REGEX_ALWAYS_MULTILIT = 1 << 13 /* with it, however badly it may
	                                   do on the text (tests) */
};

/* How a compiled pattern searches; see regex_strategy(). */
enum regex_strategy {
	REGEX_STRAT_NONE,      /* no pattern at all: nothing matches */
	REGEX_STRAT_LITERAL,   /* one literal: substring search only */
	REGEX_STRAT_LITERALS,  /* several literals: one automaton for all */
	REGEX_STRAT_PREFILTER, /* a literal every match contains (one per
	                          pattern), then PCRE2 on the lines that hold
	                          one */
	REGEX_STRAT_BUFFER,    /* PCRE2 over the whole buffer */
	REGEX_STRAT_PERLINE    /* PCRE2 on each line alone (lookaround and
	                          other constructs that see past a line) */
};

/* Results of the matching functions. */
enum regex_result {
	REGEX_LIMIT = -1, /* PCRE2 gave up (match, depth or heap limit) */
	REGEX_NOMATCH = 0,
	REGEX_MATCH = 1
};

typedef struct regex regex;
typedef struct regex_matcher regex_matcher;

/*
 * Compile n patterns (NUL-terminated; a pattern holding '\n' is several
 * patterns, as in grep) into a search that matches a line when any of them
 * does; each keeps its own meaning (group numbers and names, options,
 * back references).  The patterns are PCRE2's, or with REGEX_FIXED
 * literal strings, or with REGEX_BRE or REGEX_ERE POSIX expressions as
 * GNU grep reads them (posixre.h), whose matches are then POSIX's:
 * regex_match_line() gives the longest at the leftmost place, and a line
 * on which PCRE2 gives up is decided by an automaton that cannot
 * (posixnfa.h) -- both in the C locale, for patterns without back
 * references.
 * n == 0 gives a search that matches nothing.  The patterns are copied.
 * Returns 0 and a handle for regex_free(), or -1 with err set to "bad
 * pattern at offset N: <PCRE2's message>" (N counts bytes from the start
 * of the offending pattern; with several patterns the pattern is quoted
 * too; an error that only -w or -x brings names no offset; for BRE and ERE
 * the message is GNU grep's).
 */
int regex_compile(regex **out, const char *const *patterns, size_t n,
                  unsigned flags, char *err);

/*
 * With REGEX_NULL_DATA everything said here of lines and their '\n' is
 * said of records and the NUL that ends them, with GNU grep -z's
 * meaning: under -G, -E and -F a record's '\n' is a character like any
 * other ('.', [^x] and \s match it); under -P, '.' does not match it
 * (PCRE2's newline stays '\n', so (?m)^ matches after one) while ^ and $
 * match only at the record's ends.  A pattern still ends at a '\n'.
 */

/*
 * The same, with patterns[k] lens[k] bytes long (lens NULL: each is
 * NUL-terminated), so that a pattern may hold NUL bytes, which are then
 * searched for in every dialect.
 */
int regex_compile_n(regex **out, const char *const *patterns,
                    const size_t *lens, size_t n, unsigned flags, char *err);

/* Free a compiled pattern; accepts NULL. */
void regex_free(regex *re);

/*
 * What GNU grep 3.8 warns of in the patterns (an ERE's "* at start of
 * expression", ...), one warning a line, each ending in '\n'; "" when
 * there is nothing to say.  Owned by re.
 */
const char *regex_warnings(const regex *re);

/* The search strategy chosen at compile time. */
enum regex_strategy regex_strategy(const regex *re);

/* A name for the strategy ("literal", "prefilter", ...), for --stats. */
const char *regex_strategy_name(const regex *re);

/*
 * The literal the search looks for first, or NULL when there is none: the
 * pattern itself (REGEX_STRAT_LITERAL), or the rarest literal that every
 * match of the one pattern holds (REGEX_STRAT_PREFILTER), in lower case
 * under REGEX_ICASE.  *len is its length and, unless probes is NULL,
 * probes[0] <= probes[1] the offsets of the two bytes of it (the rarest
 * in log text) that the SIMD search compares first.  The string belongs
 * to re.
 */
const char *regex_literal(const regex *re, size_t *len, size_t probes[2]);

/* Nonzero when the literals of the patterns are searched with
 * Vectorscan. */
int regex_vectorscan(const regex *re);

/* When the literals of the patterns are found with the SIMD filter of
 * multilit.h: the name of its loop ("avx2", "ssse3", "scalar"); else
 * NULL.  A matcher still falls back to the automaton on text where the
 * filter passes too many candidates. */
const char *regex_multilit(const regex *re);

/* Vectorscan's version when logscan was built with it, else NULL. */
const char *regex_vectorscan_version(void);

/*
 * Nonzero when logscan was built with Vectorscan and the library finds a
 * match that libvectorscan 5.4.9 misses; otherwise lists of literals are
 * never searched with it (regex_vectorscan() is 0).
 */
int regex_vectorscan_sound(void);

/* Nonzero when PCRE2 runs JIT-compiled code. */
int regex_jit(const regex *re);

/*
 * The per-thread matching state (PCRE2 match data, JIT stack and limits)
 * for re, which must outlive it.  Returns a handle for
 * regex_matcher_close(); never fails (allocation failure exits).
 */
regex_matcher *regex_matcher_open(const regex *re);

/* Free a matcher; accepts NULL. */
void regex_matcher_close(regex_matcher *m);

/*
 * Lower m's PCRE2 match limit (per start position) to limit, or keep
 * logscan's own when that is lower: a pattern that backtracks without end
 * then gives REGEX_LIMIT sooner.  For tests and fuzzing, which must not
 * spend seconds on each such line.
 */
void regex_matcher_set_match_limit(regex_matcher *m, uint32_t limit);

/*
 * Forget what the matcher learnt about the buffers it was given (it keeps
 * answers for a buffer while the caller walks through it): call it before
 * searching new bytes that may sit at an address given before.
 */
void regex_matcher_reset(regex_matcher *m);

/*
 * Find the first matching line in buf[from, len).  buf holds whole lines:
 * from is 0 or just after a '\n', and only the last line may lack its
 * '\n'.  On REGEX_MATCH, *ls is the line's first byte and *le the index of
 * its '\n' (or len).  On REGEX_LIMIT, *ls and *le are the line that PCRE2
 * gave up on.  ls may be NULL when only the line's end is needed (a count
 * of lines): the search may then skip looking for its start.  On REGEX_NOMATCH they are left alone.  Unless nul is NULL,
 * *nul is set to whether buf[from, end) holds a NUL byte, end being just
 * past the line reported (or len when there is none): grep's binary-file
 * test, which regex_finds_nul() strategies do on the way at no extra cost.
 */
int regex_next_line(regex_matcher *m, const char *buf, size_t len, size_t from,
                    size_t *ls, size_t *le, int *nul);

/*
 * Nonzero when every line matches, whatever it holds: one of the patterns
 * is empty and neither -w nor -x applies.  A search can then count or
 * take lines without matching at all (an empty pattern is a line count).
 */
int regex_matches_every_line(const regex *re);

/* Nonzero when regex_next_line() checks for NUL bytes as it searches
 * rather than in a pass of its own. */
int regex_finds_nul(const regex *re);

/*
 * Find the first match in one line, line[0, n) without its '\n', that
 * starts at or after off (what comes before off is still seen by
 * lookbehind).  On REGEX_MATCH, *ms and *me delimit it (it may be empty).
 * With several patterns it is the leftmost of their matches, and the
 * longest of the patterns' matches that start there (as grep -F does).
 */
int regex_match_line(regex_matcher *m, const char *line, size_t n, size_t off,
                     size_t *ms, size_t *me);

/* Whether one line, line[0, n) without its '\n', matches: REGEX_MATCH,
 * REGEX_NOMATCH or REGEX_LIMIT. */
int regex_line_matches(regex_matcher *m, const char *line, size_t n);

/*
 * After REGEX_LIMIT, which limit it was ("match limit", "depth limit",
 * "heap limit", "JIT stack limit" or "matching error").
 */
const char *regex_limit_name(const regex_matcher *m);

#endif
