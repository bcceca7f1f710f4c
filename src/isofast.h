/*
 * isofast.h - the commonest timestamp of all, read fast: ISO 8601 as
 * "YYYY-MM-DDTHH:MM:SS" (a space, a TAB or 't' for the T), an optional
 * fraction ('.' or ',' and digits), then a zone as the parser reads one
 * ('Z', +hh, +hhmm, +hh:mm, after a space also UTC, PDT, GMT+01:00, ...)
 * or none, at a known column.
 *
 * Every reader of a log's times goes through this shape on most lines:
 * the index builder, the --since/--until scan (through struct timefmt_seq,
 * which carries a struct isofast) and the general parser itself
 * (timegram.c reads the date and time of its iso8601 reading with
 * isofast_shape()).  isofast_time() reads exactly that shape and gives
 * exactly what the iso8601 format's parser and timefmt_fields_to_ns_seq()
 * give for it; anything else (another shape, an ambiguous zone word such
 * as IST, AM/PM, a value out of range) it declines, for the caller to
 * read the usual way.  Consecutive lines of a log mostly share their
 * date and hour: a reader remembers the last ones it read (the bytes up
 * to the minutes and the wall time they mean), and for zone-less times
 * the stretch of wall times its zone reads with one offset
 * (tz_local_calm()), so that most lines cost a comparison of 14 bytes, the
 * minutes', seconds' and fraction's digits and an addition.
 */
#ifndef LOGSCAN_ISOFAST_H
#define LOGSCAN_ISOFAST_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

struct timefmt_fields;
struct timefmt_seq;

#define ISOFAST_PREFIX 14 /* "YYYY-MM-DDTHH:" */

/* A reader's memory of the last hour it read; zero it to start. */
struct isofast {
	int have;                    /* prefix and wall are set */
	char prefix[ISOFAST_PREFIX]; /* the bytes up to the minutes */
	int64_t wall;                /* their hour, seconds since the epoch
	                                as if the wall clock were UTC */
	const tz *calm_zone;         /* calm_* are for this zone: */
	int64_t calm_lo, calm_hi;    /* wall times read as wall - calm_off */
	int32_t calm_off;            /* (tz_local_calm()) */
	int calm_set;
	/* Words after a space that timegram_zone_part() read as no zone
	 * ("INFO", "WARN"): their first six bytes and how many there were,
	 * packed (0: none yet). */
	uint64_t word[2];
};

/*
 * Read "yyyy-mm-ddThh:mm:ss" at s (before end), all fields padded, the T
 * also a space, a TAB or 't', not followed by another digit, the date a
 * real one: fills f's date and time (nsec 0; the hour and minute not
 * range-checked) and returns the end of the seconds, or NULL for any other
 * shape.
 */
const char *isofast_shape(const char *s, const char *end,
                          struct timefmt_fields *f);

/*
 * Read the timestamp at column pos of the line [line, line + len) (after
 * any byte-order mark) as the iso8601 format reads it, and convert it as
 * timefmt_fields_to_ns_seq(f, zone, seq, t) does, noting it in seq.
 * Returns the timestamp's length (> 0) with *t, and *zoneless set when it
 * had no zone (it was read in zone), or 0 when it declines: the bytes
 * there are not the shape above (they may still hold a timestamp, or not),
 * the time is out of range, or the conversion would not succeed; seq is
 * then unchanged.
 */
size_t isofast_time(struct isofast *c, const char *line, size_t len,
                    size_t pos, const tz *zone, struct timefmt_seq *seq,
                    int64_t *t, int *zoneless);

#endif
