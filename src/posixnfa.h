/*
 * posixnfa.h - an automaton for the PCRE2 patterns that posixre.h writes
 * (BRE and ERE without back references), simulated breadth-first: its
 * time is the line's length times the pattern's size, whatever the
 * pattern, so it answers where a backtracking matcher gives up, as GNU
 * grep's DFA always answers.  Bytes, C locale (no UTF-8).
 */
#ifndef LOGSCAN_POSIXNFA_H
#define LOGSCAN_POSIXNFA_H

#include <stddef.h>

/* Flags for posixnfa_compile(). */
enum {
	POSIXNFA_ICASE = 1 << 0, /* -i: ASCII letters match either case */
	POSIXNFA_WORD = 1 << 1,  /* -w: a match is a whole word */
	POSIXNFA_LINE = 1 << 2,  /* -x: a match is the whole line */
	POSIXNFA_NULL_DATA = 1 << 3 /* -z: the subject is a record that may
	                               hold '\n', which '.' matches */
};

typedef struct posixnfa posixnfa;

/*
 * Compile patterns pats[0, n) (lengths lens), translations made by
 * posixre_translate(), into one automaton that matches where any of them
 * does.  Returns NULL when a pattern holds what it does not know (a back
 * reference) or when the automaton would exceed max_states states (large
 * repetition counts are written out).  Free with posixnfa_free().
 */
posixnfa *posixnfa_compile(const char *const *pats, const size_t *lens,
                           size_t n, unsigned flags, size_t max_states);

/* Free an automaton; accepts NULL. */
void posixnfa_free(posixnfa *a);

/*
 * Find the leftmost match in line[0, n) (no '\n', unless compiled with
 * POSIXNFA_NULL_DATA) that starts at or after
 * off, and the longest of those that start there (POSIX's match).
 * Returns 1 with *ms and *me set, or 0.  Allocates its state sets for
 * the call (it serves the rare lines where PCRE2 gives up).
 */
int posixnfa_match(const posixnfa *a, const char *line, size_t n,
                   size_t off, size_t *ms, size_t *me);

#endif
