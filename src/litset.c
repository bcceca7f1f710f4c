/*
 * litset.c - the Aho-Corasick automaton behind litset.h.
 *
 * The strings are put in a trie; each state's failure link names the
 * state of its longest proper suffix that is also in the trie, and the
 * missing transitions are filled in along those links, which turns the
 * trie into a DFA.  Bytes that no string holds share one class, so the
 * table has a column per distinct byte of the strings rather than 256.
 * A transition into a state where some string ends is stored negated, so
 * that the search loop tests for an occurrence with a sign check.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "litset.h"
#include "util.h"

#define NONE UINT32_MAX

struct litset {
	unsigned char cls[256]; /* byte -> column */
	uint32_t ncls;
	uint32_t nstates;
	/* nstates * ncls: the next state's row offset (state * ncls), or
	 * its bitwise complement when a string ends in that state. */
	int32_t *delta;
	uint32_t *depth; /* length of the text that leads to each state */
	uint32_t *first; /* the longest string ending in a state: the state
	                    where it ends (down the failure links), or NONE */
	uint32_t *next;  /* for such an end state, the next one down */
	uint32_t *id;    /* for an end state, the first string ending there */
	uint32_t *same;  /* per string: the next one that is the same */
	size_t maxlen;
};

litset *
litset_new(const char *const *s, const size_t *lens, size_t n, int icase,
           size_t max_bytes)
{
	litset *ls;
	unsigned char used[256] = {0};
	size_t total = 1, k, i, cells;
	uint32_t *go, *fail, *queue, ncls = 1, nst = 1, head = 0, tail = 0;
	unsigned char *term;
	unsigned c;

	for (k = 0; k < n; k++) {
		for (i = 0; i < lens[k]; i++) {
			unsigned char b = (unsigned char)s[k][i];

			used[icase ? ls_fold(b) : b] = 1;
		}
		total += lens[k];
	}
	ls = xcalloc(1, sizeof(*ls));
	for (c = 0; c < 256; c++)
		if (used[c])
			ls->cls[c] = (unsigned char)ncls++;
	if (icase)
		for (c = 'A'; c <= 'Z'; c++)
			ls->cls[c] = ls->cls[c | 0x20];
	/* The table holds a row per state; states are at most one per
	 * byte of the strings, plus the root. */
	if (n >= NONE || total > (size_t)INT32_MAX / ncls ||
	    total * ncls > max_bytes / sizeof(int32_t)) {
		free(ls);
		return NULL;
	}
	cells = total * ncls;
	go = xcalloc(cells, sizeof(*go)); /* 0: no child (never the root) */
	term = xcalloc(total, 1);
	ls->depth = xcalloc(total, sizeof(*ls->depth));
	ls->id = xcalloc(total, sizeof(*ls->id));
	ls->same = xmalloc((n + 1) * sizeof(*ls->same));
	for (k = 0; k < n; k++) {
		uint32_t st = 0;

		for (i = 0; i < lens[k]; i++) {
			unsigned char b = (unsigned char)s[k][i];
			uint32_t *cell = &go[st * ncls + ls->cls[b]];

			if (*cell == 0) {
				*cell = nst;
				ls->depth[nst] = ls->depth[st] + 1;
				nst++;
			}
			st = *cell;
		}
		/* Duplicates are chained from the first, in order. */
		ls->same[k] = NONE;
		if (!term[st]) {
			ls->id[st] = (uint32_t)k;
		} else {
			uint32_t d = ls->id[st];

			while (ls->same[d] != NONE)
				d = ls->same[d];
			ls->same[d] = (uint32_t)k;
		}
		term[st] = 1;
		if (lens[k] > ls->maxlen)
			ls->maxlen = lens[k];
	}

	/* Breadth first, so that a state's failure state (which is
	 * shallower) is complete before the state itself is filled in. */
	fail = xcalloc(nst, sizeof(*fail));
	queue = xcalloc(nst, sizeof(*queue));
	ls->first = xmalloc(nst * sizeof(*ls->first));
	ls->next = xmalloc(nst * sizeof(*ls->next));
	ls->first[0] = ls->next[0] = NONE;
	for (c = 0; c < ncls; c++)
		if (go[c] != 0) {
			fail[go[c]] = 0;
			queue[tail++] = go[c];
		}
	while (head < tail) {
		uint32_t r = queue[head++], f = fail[r];

		ls->next[r] = ls->first[f];
		ls->first[r] = term[r] ? r : ls->first[f];
		for (c = 0; c < ncls; c++) {
			uint32_t *cell = &go[r * ncls + c];

			if (*cell != 0) {
				fail[*cell] = go[f * ncls + c];
				queue[tail++] = *cell;
			} else {
				*cell = go[f * ncls + c];
			}
		}
	}

	ls->ncls = ncls;
	ls->nstates = nst;
	ls->delta = xmalloc((size_t)nst * ncls * sizeof(*ls->delta));
	for (i = 0; i < (size_t)nst * ncls; i++) {
		uint32_t t = go[i];
		int32_t row = (int32_t)(t * ncls);

		ls->delta[i] = ls->first[t] != NONE ? ~row : row;
	}
	free(go);
	free(term);
	free(fail);
	free(queue);
	return ls;
}

void
litset_free(litset *ls)
{
	if (ls == NULL)
		return;
	free(ls->delta);
	free(ls->depth);
	free(ls->first);
	free(ls->next);
	free(ls->id);
	free(ls->same);
	free(ls);
}

size_t
litset_maxlen(const litset *ls)
{
	return ls->maxlen;
}

void
litset_start(const litset *ls, struct litset_pos *p, size_t from)
{
	(void)ls;
	p->at = from;
	p->state = 0;
	p->out = NONE;
}

size_t
litset_same(const litset *ls, size_t id)
{
	return ls->same[id] == NONE ? SIZE_MAX : ls->same[id];
}

int
litset_next(const litset *ls, struct litset_pos *p, const char *h, size_t n,
            size_t *start, size_t *end, size_t *id)
{
	const unsigned char *u = (const unsigned char *)h;
	const int32_t *delta = ls->delta;
	const unsigned char *cls = ls->cls;
	int32_t row;
	size_t i;

	if (p->out == NONE) {
		row = (int32_t)(p->state * ls->ncls);
		i = p->at;
		for (;;) {
			int32_t t;

			if (i >= n) {
				p->at = i;
				p->state = (uint32_t)row / ls->ncls;
				return 0;
			}
			t = delta[row + cls[u[i++]]];
			if (t < 0) {
				row = ~t;
				break;
			}
			row = t;
		}
		p->at = i;
		p->state = (uint32_t)row / ls->ncls;
		p->out = ls->first[p->state];
	}
	*end = p->at;
	*start = p->at - ls->depth[p->out];
	*id = ls->id[p->out];
	p->out = ls->next[p->out];
	return 1;
}
