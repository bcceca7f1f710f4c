/*
 * isofast.h - the commonest timestamp of all, read fast: ISO 8601 as
 * "YYYY-MM-DDTHH:MM:SS" (or a space for the T), an optional fraction
 * ('.' or ',' and digits), then 'Z' or no zone, at a known column.
 *
 * The index builder reads a timestamp on every line of a log; for this
 * shape the general parser (timegram.c's iso8601 reading) costs most of
 * the build.  isofast_time() reads exactly that shape and gives exactly
 * what the iso8601 format's parser and timefmt_fields_to_ns_seq() give for
 * it; anything else (another shape, an offset, a zone word, AM/PM, a
 * value out of range) it declines, for the caller to read the usual way.
 * Consecutive lines of a log mostly share their date, hour and minute: a
 * reader remembers the last ones it read (the bytes up to the seconds and
 * what they mean), so that most lines cost a comparison of 17 bytes and
 * the seconds' and fraction's digits.
 */
#ifndef LOGSCAN_ISOFAST_H
#define LOGSCAN_ISOFAST_H

#include <stddef.h>
#include <stdint.h>

#include "timefmt.h"
#include "tz.h"

#define ISOFAST_PREFIX 17 /* "YYYY-MM-DDTHH:MM:" */

/* A reader's memory of the last minute it read; zero it to start. */
struct isofast {
	int have;                     /* prefix and what follows are set */
	char prefix[ISOFAST_PREFIX];  /* the bytes up to the seconds */
	struct timefmt_fields f;      /* their date, hour and minute */
	int have_base;                /* base is set */
	int64_t base;                 /* UTC ns of that minute as "Z" */
};

/*
 * Read the timestamp at column pos of the line [line, line + len) (after
 * any byte-order mark) as the iso8601 format reads it, and convert it as
 * timefmt_fields_to_ns_seq(f, zone, seq, t) does, noting it in seq.
 * Returns 1 with *t, and *zoneless set when the timestamp had no zone
 * (it was read in zone), or 0 when it declines: the bytes there are not the
 * shape above (they may still hold a timestamp, or not), the time is out
 * of range, or the conversion would not succeed; seq is then unchanged.
 */
int isofast_time(struct isofast *c, const char *line, size_t len, size_t pos,
                 const tz *zone, struct timefmt_seq *seq, int64_t *t,
                 int *zoneless);

#endif
