/*
 * litset.h - search text for any of a set of literal strings at once (an
 * Aho-Corasick automaton), for grep -F with many patterns and for the
 * literals that a list of regular expressions requires.
 *
 * The automaton is a full DFA over byte classes: one table load per byte of
 * text, whatever the number of strings.  Occurrences are reported in the
 * order of their ends, the longest first among those that end together, so
 * that a caller can pick the leftmost-longest one or check each against
 * conditions of its own (grep's -w and -x).
 */
#ifndef LOGSCAN_LITSET_H
#define LOGSCAN_LITSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct litset litset;

/* Where a search stands; set up by litset_start(), moved by litset_next(). */
struct litset_pos {
	size_t at;      /* next byte of the text to read */
	uint32_t state; /* the automaton's state before it */
	uint32_t out;   /* an occurrence ending at 'at' not yet reported */
};

/*
 * Build the automaton for the n strings s[k] of lens[k] bytes (each at
 * least one byte; duplicates are fine).  With icase, ASCII letters match
 * either case.  Returns a handle for litset_free(), or NULL when the table
 * would take more than max_bytes (the caller then searches some other
 * way).  Allocation failure exits.
 */
litset *litset_new(const char *const *s, const size_t *lens, size_t n,
                   int icase, size_t max_bytes);

/* Free an automaton; accepts NULL. */
void litset_free(litset *ls);

/* The length of the longest string in the set. */
size_t litset_maxlen(const litset *ls);

/* Start a search of text at offset from; the text before it is ignored. */
void litset_start(const litset *ls, struct litset_pos *p, size_t from);

/*
 * The next occurrence in h[0, n) from where p stands: returns 1 with
 * h[*start, *end) holding string *id (the first of the strings that are
 * the same; see litset_same()), or 0 when there is none before n.  Each
 * call reports one occurrence; p is moved past it.
 */
int litset_next(const litset *ls, struct litset_pos *p, const char *h, size_t n,
                size_t *start, size_t *end, size_t *id);

/* The next string after string id that is the same text (ASCII case
 * aside under icase), or SIZE_MAX when there is none. */
size_t litset_same(const litset *ls, size_t id);

#endif
