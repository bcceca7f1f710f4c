/*
 * fuzz_posix.c - the BRE/ERE translator and the automaton that answers
 * where PCRE2 gives up, against PCRE2 itself.
 *
 * Input: a flags byte, a pattern length byte L, L bytes of pattern (no
 * newline: grep splits patterns there first) and the subject lines.  The
 * pattern is translated (posixre_translate); when that succeeds, the
 * translation must compile with PCRE2, and for one without back
 * references the automaton (posixnfa) must find on every line the match
 * PCRE2's own longest-match automaton (pcre2_dfa_match) finds: the same
 * leftmost start and the same longest end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "fuzz.h"
#include "posixnfa.h"
#include "posixre.h"
#include "util.h"

/* The longest match at the leftmost start in line[0, n), by PCRE2's DFA
 * matcher.  Returns 1 with *ms and *me, 0 for none, -1 when PCRE2 gave up. */
static int
dfa_longest(pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mc,
            const char *line, size_t n, size_t *ms, size_t *me)
{
	int ws[4096];
	int rc = pcre2_dfa_match(code, (PCRE2_SPTR)line, n, 0, 0, md, mc, ws,
	                         sizeof(ws) / sizeof(ws[0]));
	PCRE2_SIZE *ov;

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0 && rc != 0)
		return -1;
	ov = pcre2_get_ovector_pointer(md);
	*ms = ov[0];
	*me = ov[1];
	return 1;
}

static void
check_lines(const posixnfa *nfa, pcre2_code *code, const char *sub,
            size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);

	pcre2_set_match_limit(mc, 100000);
	pcre2_set_depth_limit(mc, 1000);
	for (size_t pos = 0; pos <= len;) {
		const char *nl = memchr(sub + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - sub) : len;
		size_t ams = 0, ame = 0, bms = 0, bme = 0;
		int a = posixnfa_match(nfa, sub + pos, end - pos, 0, &ams,
		                       &ame);
		int b = dfa_longest(code, md, mc, sub + pos, end - pos, &bms,
		                    &bme);

		if (a == 1 && (ams > ame || ame > end - pos))
			abort();
		if (b >= 0 && (a != b || (a == 1 && (ams != bms ||
		                                     ame != bme)))) {
			fprintf(stderr,
			        "fuzz_posix: automaton %d [%zu,%zu) but "
			        "PCRE2 %d [%zu,%zu) on line at %zu\n",
			        a, ams, ame, b, bms, bme, pos);
			abort();
		}
		if (nl == NULL)
			break;
		pos = end + 1;
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags, info;
	size_t plen, tlen, erroff;
	char *pat, *sub, *tr;
	char err[LS_ERRSZ];

	if (size < 2)
		return 0;
	flags = (data[0] & 1 ? POSIXRE_ERE : 0) |
	        (data[0] & 2 ? POSIXRE_ICASE : 0);
	plen = data[1];
	if (plen > size - 2)
		plen = size - 2;
	if (memchr(data + 2, '\n', plen) != NULL)
		return 0;
	pat = fuzz_strndup(data + 2, plen);
	sub = fuzz_strndup(data + 2 + plen, size - 2 - plen);
	tr = posixre_translate(pat, plen, flags, &tlen, &info, &erroff, err);
	if (tr == NULL) {
		if (erroff > plen || err[0] == '\0')
			abort();
	} else {
		int ecode;
		PCRE2_SIZE eoff;
		pcre2_code *code;

		if (tlen > 8 * plen + 16 || strlen(tr) != tlen)
			abort();
		code = pcre2_compile((PCRE2_SPTR)tr, tlen,
		                     flags & POSIXRE_ICASE ? PCRE2_CASELESS : 0,
		                     &ecode, &eoff, NULL);
		if (code == NULL) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(ecode, msg, sizeof(msg));
			/* A translation PCRE2 refuses is an error the user
			 * sees as such, not a crash: only report it. */
			fprintf(stderr, "fuzz_posix: translation '%s' does "
			                "not compile: %s\n", tr, (char *)msg);
		} else {
			if (!(info & POSIXRE_BACKREF)) {
				const char *p[1] = {tr};
				size_t l[1] = {tlen};
				posixnfa *nfa = posixnfa_compile(
				    p, l, 1,
				    flags & POSIXRE_ICASE ? POSIXNFA_ICASE : 0,
				    (size_t)1 << 14);

				if (nfa != NULL)
					check_lines(nfa, code, sub,
					            size - 2 - plen);
				posixnfa_free(nfa);
			}
			pcre2_code_free(code);
		}
		free(tr);
	}
	free(pat);
	free(sub);
	return 0;
}
