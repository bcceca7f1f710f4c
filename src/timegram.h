/*
 * timegram.h - the timestamp grammar: hand-written, allocation-free
 * readers of the parts people write timestamps with (dates in the usual
 * orders and separators, month names, year-less dates, 12- and 24-hour
 * times with padded or unpadded fields, fractions of any length, zones as
 * Z, offsets with or without a colon and a leading space, UTC/GMT and the
 * unambiguous zone abbreviations; epoch seconds to nanoseconds, also as
 * JSON values), combined into the built-in readings that `logscan
 * formats` names (ISO 8601, RFC 3164, klog, logcat, ...).  timefmt.c
 * detects which reading a file uses; timeexpr.c reads a pasted timestamp
 * with the same grammar.
 */
#ifndef LOGSCAN_TIMEGRAM_H
#define LOGSCAN_TIMEGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "timefmt.h"

/* The built-in readings in detection order; *n receives their count. */
const struct timefmt_def *timegram_builtins(size_t *n);

/*
 * An optional zone after a time at s (before end): Z or an offset right
 * after it, or after one space an offset (+01, +0100, +01:00) or a zone
 * word (UTC, GMT, EST, CEST, ...), itself optionally followed by an offset
 * (GMT+01:00).  Fills f's zone (and abbr for an ambiguous abbreviation,
 * the time then zone-less) and returns the end, s itself when nothing
 * there is a zone, or NULL for an offset out of range right after the
 * time.
 */
const char *timegram_zone_part(const char *s, const char *end,
                               struct timefmt_fields *f);

/* Whether d is the built-in iso8601 reading (isofast.h reads its
 * commonest shape fast). */
int timegram_is_iso8601(const struct timefmt_def *d);

/*
 * Where built-in readings may start, for trying many of them along a line
 * at once (timefmt_detect()): bit timegram_start_bit(d) of first[c] is set
 * when reading d may start at a byte c, of prev[c] when it may start right
 * after a byte c (any reading may start a line).  Where a bit is clear the
 * reader fails before it writes anything but fields its every success
 * writes again, and reads nothing of *f: skipping it changes no answer.
 */
struct timegram_starts {
	uint32_t first[256];
	uint32_t prev[256];
};

const struct timegram_starts *timegram_starts(void);

/* d's bit in struct timegram_starts, or -1 when d is no built-in read at
 * single positions (a configured format, json, uwsgi). */
int timegram_start_bit(const struct timefmt_def *d);

/*
 * Read all of s (len bytes, surrounding blanks already removed) as one
 * timestamp of any built-in reading, seconds optional.  Returns 1 with
 * *f filled and *no_year set when the reading has no year; 0 when no
 * reading takes the whole text; -1 when two readings take it with
 * different meanings (03/04/2026: day or month first?).
 */
int timegram_parse_text(const char *s, size_t len, struct timefmt_fields *f,
                        int *no_year);

/*
 * The zone abbreviations that mean several offsets (IST, CST, ...): the
 * name numbered i (from 1, as struct timefmt_fields' abbr), NULL past the
 * end; and the number of a name, 0 when it is not one of them.
 */
const char *timegram_ambiguous_zone(unsigned i);
unsigned timegram_ambiguous_index(const char *name);

#endif
