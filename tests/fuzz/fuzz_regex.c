/*
 * fuzz_regex.c - pattern compilation and matching, as grep runs them, on
 * arbitrary patterns and subjects, with the match limits logscan sets.
 *
 * Input: a flags byte, a dialect byte, a pattern length byte L, then L
 * bytes of pattern (NULs and newlines allowed: a newline separates
 * patterns, as in grep) and the subject.  The subject is searched the way
 * the scanner does (regex_next_line over the whole buffer) and every line
 * the way -o and colour do (regex_match_line from each match's end).  The
 * lines found must be the same as those of the plain, line-by-line search
 * (REGEX_NO_FAST | REGEX_NO_BUFFER) of the same patterns, unless a match
 * limit was hit or the plain search refuses the pattern.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "regex.h"
#include "util.h"

/* The lines a search selects, as a bitmap by line number (at most
 * MAX_LINES lines are compared). */
#define MAX_LINES 512

/* The match limit the harness searches with (see search()). */
#define FUZZ_MATCH_LIMIT 100000u

struct result {
	unsigned char hit[MAX_LINES];
	int limit;
};

static void
search(const regex *re, const char *buf, size_t len, struct result *r)
{
	regex_matcher *m = regex_matcher_open(re);
	size_t from = 0, line = 0, counted = 0;

	/* A pattern that backtracks without end ("(a+)+$") would burn
	 * logscan's limit of 10^7 steps on every line (seconds an input):
	 * a lower one gives REGEX_LIMIT, which the comparison skips, at once. */
	regex_matcher_set_match_limit(m, FUZZ_MATCH_LIMIT);
	memset(r, 0, sizeof(*r));
	for (;;) {
		size_t ls = 0, le = 0;
		int nul, rc = regex_next_line(m, buf, len, from, &ls, &le, &nul);

		if (rc == REGEX_NOMATCH)
			break;
		if (ls < from || le < ls || le > len)
			abort();
		if (rc == REGEX_LIMIT)
			r->limit = 1;
		/* Number the line: count the newlines up to it. */
		for (; counted < ls; counted++)
			if (buf[counted] == '\n')
				line++;
		if (rc == REGEX_MATCH && line < MAX_LINES)
			r->hit[line] = 1;
		if (rc == REGEX_MATCH) {
			/* Every match in the line, as -o prints them. */
			size_t off = 0, ms, me, n = le - ls;

			while (off <= n) {
				int mr = regex_match_line(m, buf + ls, n, off,
				                          &ms, &me);

				if (mr != REGEX_MATCH)
					break;
				if (ms < off || me < ms || me > n)
					abort();
				off = me > ms ? me : me + 1;
			}
		}
		if (le >= len)
			break;
		from = le + 1;
	}
	regex_matcher_close(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned dialects[4] = {0, REGEX_BRE, REGEX_ERE,
	                                     REGEX_FIXED};
	unsigned flags;
	size_t plen;
	char *pat, *subject;
	const char *pats[1];
	size_t lens[1];
	regex *fast = NULL, *plain = NULL;
	char err[LS_ERRSZ];
	struct result a, b;

	if (size < 3)
		return 0;
	flags = ((data[0] & 1) ? REGEX_ICASE : 0) |
	        ((data[0] & 2) ? REGEX_WORD : 0) |
	        ((data[0] & 4) ? REGEX_LINE : 0) |
	        ((data[0] & 8) ? REGEX_UTF : 0) |
	        ((data[0] & 16) ? REGEX_NO_JIT : 0) | dialects[data[1] % 4];
	plen = data[2];
	if (plen > size - 3)
		plen = size - 3;
	pat = fuzz_strndup(data + 3, plen);
	subject = fuzz_strndup(data + 3 + plen, size - 3 - plen);
	pats[0] = pat;
	lens[0] = plen;
	if (regex_compile_n(&fast, pats, lens, 1, flags, err) == 0) {
		(void)regex_strategy_name(fast);
		search(fast, subject, size - 3 - plen, &a);
		/* The plain search may refuse what the fast paths take (an
		 * invalid UTF-8 literal under -F, which they search as
		 * bytes): only searches that both run are compared. */
		if (regex_compile_n(&plain, pats, lens, 1,
		                    flags | REGEX_NO_FAST | REGEX_NO_BUFFER,
		                    err) == 0) {
			search(plain, subject, size - 3 - plen, &b);
			if (!a.limit && !b.limit &&
			    memcmp(a.hit, b.hit, sizeof(a.hit)) != 0) {
				fprintf(stderr,
				        "fuzz_regex: strategy %s selects other "
				        "lines than a plain search\n",
				        regex_strategy_name(fast));
				abort();
			}
		}
		regex_free(plain);
		regex_free(fast);
	}
	free(pat);
	free(subject);
	return 0;
}
