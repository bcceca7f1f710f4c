/*
 * fuzz_layout.c - user timestamp layouts (the config's "layout:").
 *
 * The input is "LAYOUT\nTEXT": LAYOUT is compiled and, when it compiles,
 * read from every position of TEXT; a timestamp it reads is written back
 * with layout_format() (as `logscan formats` shows it) and read again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "layout.h"
#include "util.h"

static void
round_trip(const layout *l, const struct layout_time *t)
{
	char out[256];
	struct layout_time again;
	struct layout_time full = *t;

	/* layout_format() wants a full date with a year. */
	if (!layout_has_year(l))
		full.year = 2024;
	layout_format(l, &full, out, sizeof(out));
	(void)layout_parse(l, out, strlen(out), &again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec;
	size_t slen;
	const uint8_t *text;
	size_t tlen;
	layout *l;
	char err[LS_ERRSZ];

	(void)fuzz_split(data, size, '\n', &spec, &slen, &text, &tlen);
	if (layout_compile(&l, spec, err) == 0) {
		for (size_t pos = 0; pos <= tlen && pos < 64; pos++) {
			struct layout_time t;
			size_t n = layout_parse(l, (const char *)text + pos,
			                        tlen - pos, &t);

			if (n > tlen - pos)
				abort();
			if (n > 0)
				round_trip(l, &t);
		}
		(void)layout_text(l);
		layout_close(l);
	}
	free(spec);
	return 0;
}
