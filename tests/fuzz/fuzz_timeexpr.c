/*
 * fuzz_timeexpr.c - the times a user types for --since and --until, and
 * the zone names (POSIX TZ rules included) they are read in.
 *
 * The input is "ZONE\nEXPR" (no newline: all of it is the expression, in
 * UTC); EXPR is parsed with and without a base for "+N".
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "timeexpr.h"
#include "tz.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *zname, *expr;
	size_t zlen;
	const uint8_t *rest;
	size_t rest_len;
	tz *zone = NULL;
	char err[LS_ERRSZ];
	int64_t out, base = INT64_C(1772359200) * 1000000000;
	const int64_t now = INT64_C(1780000000123456789);

	if (!fuzz_split(data, size, '\n', &zname, &zlen, &rest, &rest_len)) {
		/* No zone line: the whole input is the expression. */
		expr = zname;
		zname = NULL;
	} else {
		expr = fuzz_strndup(rest, rest_len);
		/* A zone name holding a NUL is cut there, as a C string. */
		if (tz_open(&zone, zname, err) < 0)
			zone = NULL;
	}
	(void)timeexpr_parse(expr, now, zone, NULL, &out, err);
	(void)timeexpr_parse(expr, now, zone, &base, &out, err);
	/* The clock's own range: 1970 to late 2261 (timectx_now_ns()). */
	(void)timeexpr_parse(expr, 0, zone, &base, &out, err);
	(void)timeexpr_parse(expr, INT64_C(9200000000) * 1000000000, zone,
	                     &base, &out, err);
	tz_close(zone);
	free(zname);
	free(expr);
	return 0;
}
