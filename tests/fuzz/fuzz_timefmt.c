/*
 * fuzz_timefmt.c - timestamp detection and parsing on arbitrary bytes.
 *
 * The first byte picks the zone of zone-less timestamps and whether a
 * built-in format is forced (as --time-format does) or detected; the
 * rest is a file's sample.  Every line of it is then read as the queries
 * read it (timefmt_line_time_at), and as a pasted timestamp
 * (timegram_parse_text), and the year-less reference is taken from it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timefmt.h"
#include "timegram.h"
#include "tz.h"
#include "util.h"

static const char *const zone_names[] = {"utc", "Europe/Berlin",
                                         "America/St_Johns", "Asia/Kolkata"};
#define NZONES (sizeof(zone_names) / sizeof(zone_names[0]))

static const tz *
zone_at(size_t i)
{
	static tz *zones[NZONES];
	static int tried[NZONES];
	char err[LS_ERRSZ];

	if (!tried[i]) {
		tried[i] = 1;
		if (tz_open(&zones[i], zone_names[i], err) < 0)
			zones[i] = NULL;
	}
	return zones[i];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	timefmt *h;
	char err[LS_ERRSZ];
	const char *buf;
	size_t len, nb, pos;
	unsigned sel;
	const struct timefmt_def *defs;

	if (size < 1)
		return 0;
	sel = data[0];
	buf = (const char *)data + 1;
	len = size - 1;
	if (timefmt_open(&h, zone_at(sel % NZONES), err) < 0)
		abort();
	defs = timefmt_builtins(&nb);
	sel /= NZONES;
	if (sel % 4 == 1 && nb > 0 &&
	    timefmt_force(h, defs[(sel / 4) % nb].name, err) < 0)
		abort();
	(void)timefmt_detect(h, buf, len);
	timefmt_anchor(h, 1767225600 + (int64_t)(sel % 7) * 86400 * 50,
	               sel % 3 == 0 ? 0 : 1969 + (int)sel, buf, len);
	for (pos = 0; pos <= len;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - buf) : len;
		int64_t ns;
		size_t start, tslen;
		struct timefmt_fields f;
		int no_year;

		if (timefmt_line_time_at(h, buf + pos, end - pos, &ns, &start,
		                         &tslen) == 1 &&
		    (start > end - pos || tslen > end - pos - start))
			abort();
		(void)timegram_parse_text(buf + pos, end - pos, &f, &no_year);
		if (nl == NULL)
			break;
		pos = end + 1;
	}
	timefmt_close(h);
	return 0;
}
