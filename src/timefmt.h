/*
 * timefmt.h - timestamp formats: the built-in parsers, detection of the
 * format a log uses, and extraction of one line's time as int64
 * nanoseconds UTC.
 *
 * Where the timestamp is.  Detection samples a file (timectx.c reads its
 * head, middle and tail into one buffer) and, for
 * every format, looks for the first place in the first TIMEFMT_SCAN_BYTES
 * bytes of each line where the format parses.  The format that parses the
 * most sampled lines wins (ties: the earlier average position, then user
 * formats before built-ins, then the order of the built-in table).  If the
 * winner was found at one column in every sampled line and the bytes
 * before it hold no letters or digits (nothing, "[", "<13>1 ", ...), the
 * timestamp is looked for at exactly that column; a stack-trace line that
 * quotes a time further right is then not taken for a new entry.
 * Otherwise leading fields vary (a level, a host, a pid), and every line is
 * searched: its time is the first place within TIMEFMT_SCAN_BYTES where
 * the format parses.  Either rule looks at one line only, so random access
 * gives the same answer as a sequential scan.  A format flagged
 * TIMEFMT_ANYWHERE (a config format: its regex decides) is looked for in
 * the whole line instead of the first TIMEFMT_SCAN_BYTES, in detection
 * and in the search rule alike; a column at or past TIMEFMT_SCAN_BYTES is
 * never a fixed one.
 *
 * Zones.  A timestamp with "Z" or an offset is absolute.  One without is
 * wall-clock time in the handle's zone (tz.h), so "local" follows TZ and
 * --utc passes the UTC zone.  A wall time that occurs twice (a DST
 * fall-back) needs the entry before it: readers that go through a file in
 * order use the timefmt_seq functions below; timefmt_line_time() alone
 * reads the earlier occurrence.
 *
 * Year-less formats (RFC 3164 syslog).  The handle has a reference year
 * and month: the year and month of the file's LAST timestamp.  A line
 * whose month is after the reference month belongs to the year before, any
 * other line to the reference year.  So a syslog running from December
 * into January gives December the previous year, and the rule depends on
 * the line and the reference only.  timefmt_anchor() derives the
 * reference from --year (taken as the year of the last timestamp), else
 * from the file's mtime: the last timestamp's year is the latest that
 * puts it at or before the mtime plus a day (no entry is written after
 * its file was).  Without a reference every year-less line is in the
 * current UTC year.
 *
 * A UTF-8 byte-order mark at the start of a line is skipped; a leap
 * second (:60) reads as :59 with its fraction.
 */
#ifndef LOGSCAN_TIMEFMT_H
#define LOGSCAN_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "isofast.h"
#include "tz.h"

/* Detection and per-line search look at timestamps starting this early. */
#define TIMEFMT_SCAN_BYTES 64
/* Detection samples at most this many timestamped lines / bytes. */
#define TIMEFMT_SAMPLE_LINES 1200
#define TIMEFMT_SAMPLE_BYTES 65536

/* What a parser found; the common code validates and converts it. */
enum timefmt_zone {
	TIMEFMT_ZONE_LOCAL = 0, /* wall clock in the handle's zone */
	TIMEFMT_ZONE_OFFSET,    /* wall clock at `offset` seconds east of UTC */
	TIMEFMT_ZONE_EPOCH      /* epoch_ns holds the answer */
};

struct timefmt_fields {
	int year;  /* full year; ignored for TIMEFMT_NO_YEAR formats */
	int month; /* 1-12 */
	int day;   /* 1-31, checked against the month */
	int hour;  /* 0-23 */
	int minute;
	int second;    /* 0-60 (a leap second counts as :59 + 1) */
	uint32_t nsec; /* 0-999999999 */
	enum timefmt_zone zone;
	int32_t offset;   /* seconds east of UTC, for TIMEFMT_ZONE_OFFSET */
	int64_t epoch_ns; /* for TIMEFMT_ZONE_EPOCH */
	/* A zone abbreviation that means several offsets (IST, CST), from
	 * 1 (timegram_ambiguous_zone()); 0: none.  The time is zone-less
	 * unless the handle has an alias for it (timefmt_set_alias()). */
	unsigned char abbr;
};

/*
 * Where a timestamp that int64 nanoseconds cannot hold goes (a year
 * before 1677 or after 2262): just inside the ends of the time line, so
 * it is an entry of its own that no window with two finite bounds selects.
 */
#define TIMEFMT_NS_EARLY (INT64_MIN + 1)
#define TIMEFMT_NS_LATE (INT64_MAX - 1)

/* Flags of a format definition. */
#define TIMEFMT_NO_YEAR 0x1  /* the year comes from the reference */
#define TIMEFMT_COL0 0x2     /* only ever at the start of a line */
#define TIMEFMT_ANYWHERE 0x4 /* searched in the whole line, not its start */
/* One of the built-ins that read the same digits two ways (dd/mm/yyyy and
 * mm/dd/yyyy): detection takes one only when some sampled line is a date
 * in it and not in the other. */
#define TIMEFMT_AMBIGUOUS 0x8

/*
 * A timestamp format.  parse() looks at line[pos..len) only as a timestamp
 * starting exactly at pos; it returns the number of bytes the timestamp
 * takes and fills *f, or 0 when there is none there.  It must not allocate
 * and must be safe to call from several threads.  find() is optional: when
 * set, it is used instead of calling parse() at every position and must
 * return the first start in [from, limit) where a timestamp parses (its
 * start in *start), with the same result as parse() there.
 */
struct timefmt_def {
	const char *name;    /* for --time-format, case-insensitive */
	const char *example; /* a sample line prefix, for `logscan formats` */
	const char *summary; /* one line on what writes it */
	unsigned flags;
	size_t (*parse)(const struct timefmt_def *def, const char *line,
	                size_t len, size_t pos, struct timefmt_fields *f);
	size_t (*find)(const struct timefmt_def *def, const char *line,
	               size_t len, size_t from, size_t limit, size_t *start,
	               struct timefmt_fields *f);
	void *data; /* for the definer */
	/* The zone of this format's zone-less timestamps (a configured
	 * format's own timezone); NULL: the handle's zone. */
	const tz *zone;
	/* What defines the format besides its name, as bytes (a configured
	 * format's regex, layout and timezone), for the index to tell an
	 * edited format from the one it read; NULL and 0 for built-ins. */
	const char *ident;
	size_t ident_len;
};

typedef struct timefmt timefmt;

/* The built-in formats in detection order; *n receives their count. */
const struct timefmt_def *timefmt_builtins(size_t *n);

/*
 * Create a handle that knows the built-in formats.  zone is not owned and
 * must outlive the handle; NULL means UTC.  Returns 0, or -1 with err
 * filled.  Free it with timefmt_close().
 */
int timefmt_open(timefmt **out, const tz *zone, char *err);

/*
 * Register a user format (from the config) alongside the built-ins; it is
 * a candidate in detection and can be forced by name.  def is not copied
 * and must outlive the handle.  Returns 0, or -1 with err filled when the
 * name is already taken.
 */
int timefmt_add(timefmt *h, const struct timefmt_def *def, char *err);

/* The formats a handle knows (user formats first); NULL past the end. */
const struct timefmt_def *timefmt_def_at(const timefmt *h, size_t i);

/*
 * Force a format by name (--time-format): detection then only chooses
 * where on the line it is.  Returns 0, or -1 with err filled when no
 * format has that name.
 */
int timefmt_force(timefmt *h, const char *name, char *err);

/*
 * Choose the format and position rule from the head of a file (buf, len;
 * only the first TIMEFMT_SAMPLE_BYTES are read).  Returns 1 when a format
 * is in effect afterwards, 0 when no sampled line had a timestamp (and no
 * format was forced); a forced format with no sampled match is searched
 * for on every line.
 */
int timefmt_detect(timefmt *h, const char *buf, size_t len);

/*
 * on = 1: timefmt_detect() tries every candidate reading at every position
 * of every sampled line, as it once did, instead of only where a built-in
 * reading may start (timegram_starts()).  The answers are the same: the
 * unit tests compare the two ways.
 */
void timefmt_detect_exhaustive(timefmt *h, int on);

/* The format in effect, or NULL before a successful detect or force. */
const struct timefmt_def *timefmt_chosen(const timefmt *h);

/*
 * The position rule in effect: *column is the fixed column and 1 is
 * returned, or 0 when every line is searched (see the top of this file).
 */
int timefmt_fixed_column(const timefmt *h, size_t *column);

/*
 * Set the reference for year-less formats: the year and month (1-12) of
 * the file's last timestamp.
 */
void timefmt_set_reference(timefmt *h, int year, int month);

/*
 * Set the reference from the file: mtime_sec is its mtime (UTC seconds),
 * year a forced year (--year) or 0, and tail/len the last bytes of the
 * file, starting at a line start.  The last line of tail with a timestamp
 * gives the reference month (without one, the mtime's month).  The
 * reference year is the forced year, else the latest year, counting back
 * from the mtime's year in the handle's zone, in which that last
 * timestamp is at or before the mtime plus one day (a file touched on
 * Dec 6 whose last line says Dec 10 is from the year before); without a
 * timestamp in tail, the mtime's year.  timefmt_year_reason() says which.
 * Does nothing unless the chosen format is year-less.
 */
void timefmt_anchor(timefmt *h, int64_t mtime_sec, int year, const char *tail,
                    size_t len);

/*
 * Why the reference year is what it is, in words for `info` ("--year 2025
 * names the year of the last entry", "the last entry, 'Dec 10 11:04:45',
 * would be after the file's mtime (...) in 2026"); owned by the handle.
 */
const char *timefmt_year_reason(const timefmt *h);

/*
 * What the last timefmt_detect() saw: *sampled non-empty lines, *entries
 * of them not starting with a blank (lines that look like entries), and
 * *matched lines the chosen (or forced) format parsed.
 */
void timefmt_detect_counts(const timefmt *h, size_t *sampled,
                           size_t *entries, size_t *matched);

/*
 * The last detection's tally for the format timefmt_def_at(h, i): *count
 * sampled lines it parsed and the *avg_pos of its timestamps on them.
 * Returns 0 when that format was not a candidate (another was forced).
 */
int timefmt_detect_tally(const timefmt *h, size_t i, size_t *count,
                         double *avg_pos);

/*
 * Whether the last detection refused two readings that read every sampled
 * line alike but differently (dd/mm/yyyy and mm/dd/yyyy): returns 1 with
 * both in *a and *b, else 0.
 */
int timefmt_detect_ambiguous(const timefmt *h, const struct timefmt_def **a,
                             const struct timefmt_def **b);

/*
 * The length of a UTF-8 byte-order mark at the start of line (3), or 0.
 * Timestamps and their columns are looked for after it.
 */
size_t timefmt_bom_len(const char *line, size_t len);

/* The reference year and month in effect (for the index header). */
void timefmt_reference(const timefmt *h, int *year, int *month);

/*
 * The time of one line (line, len, without its newline), in nanoseconds
 * UTC.  Returns 1 and stores it, or 0 when the line has no timestamp of
 * the chosen format (or none is chosen).  Allocation-free and safe to call
 * from several threads at once on the same handle.
 */
int timefmt_line_time(const timefmt *h, const char *line, size_t len,
                      int64_t *ns);

/*
 * Like timefmt_line_time() but also gives where the timestamp starts and
 * how long it is (for highlighting and for `info`).
 */
int timefmt_line_time_at(const timefmt *h, const char *line, size_t len,
                         int64_t *ns, size_t *start, size_t *tslen);

/*
 * What a reader of one file carries from line to line, in file order, so
 * that a zone-less wall time that occurs twice (the repeated hour of a
 * DST fall-back: 01:30 in New York on the first Sunday of November) is
 * read as the occurrence nearer the entry before it (ties: the earlier).
 * A file is written in order, so while local time runs forward through
 * the hour it keeps the first offset, and once it has run back by the
 * DST step it takes the later one.  A wall time that does not exist (a
 * spring-forward gap) is read with the offset before the gap.
 */
#define TIMEFMT_SEQ_NONE INT64_MIN /* no entry before */
struct timefmt_seq {
	int known;    /* last is right for the next line */
	int64_t last; /* the instant of the last entry, or TIMEFMT_SEQ_NONE */
	int64_t calm_lo, calm_hi; /* UTC seconds known to repeat no wall
	                             time (a cache of tz_repeat_step()) */
	struct isofast iso; /* the last minute an ISO 8601 line had */
};

/* Start a sequence: at the start of a file (known = 1, no entry before)
 * or at a place whose entry before is not yet known (known = 0). */
void timefmt_seq_init(struct timefmt_seq *s, int known);

/* The entry before the next line is at ns (TIMEFMT_SEQ_NONE: none). */
static inline void
timefmt_seq_set(struct timefmt_seq *s, int64_t ns)
{
	s->known = 1;
	s->last = ns;
}

/*
 * timefmt_line_time_at() for the next line of a sequence: a repeated
 * wall time is resolved by s (see struct timefmt_seq), and a line with a
 * time becomes s's last entry.  Returns 1 with the time, 0 when the line
 * has none, or -1, s unchanged, when s is not known and the line's time
 * is a repeated wall time: the caller finds the entry before (for a
 * file, timectx_seq_before()) and asks again.
 */
int timefmt_line_time_seq_at(const timefmt *h, const char *line, size_t len,
                             struct timefmt_seq *s, int64_t *ns,
                             size_t *start, size_t *tslen);

/* timefmt_line_time_seq_at() without the timestamp's place. */
int timefmt_line_time_seq(const timefmt *h, const char *line, size_t len,
                          struct timefmt_seq *s, int64_t *ns);

/*
 * timefmt_fields_to_ns() for the next line of a sequence (for callers
 * that run a format's parser themselves): returns 0 with *ns resolved by
 * s and noted in it, -1 when a field is out of range, or -2, s
 * unchanged, when s is not known and the time is a repeated wall time.
 */
int timefmt_fields_to_ns_seq(const struct timefmt_fields *f, const tz *zone,
                             struct timefmt_seq *s, int64_t *ns);

/* The most ambiguous zone abbreviations a handle can alias. */
#define TIMEFMT_ABBR_MAX 15

/*
 * What the ambiguous zone abbreviations mean in these logs (the config's
 * zone-aliases): set[i] says abbreviation i (timegram_ambiguous_zone())
 * is off[i] seconds east of UTC.  All zero: none is named.
 */
struct timefmt_aliases {
	unsigned char set[TIMEFMT_ABBR_MAX + 1];
	int32_t off[TIMEFMT_ABBR_MAX + 1];
};

/*
 * Name the ambiguous zone abbreviation abbr ("IST") as offset seconds
 * east of UTC in a.  Returns 0, or -1 when abbr is not one of them.
 */
int timefmt_alias_add(struct timefmt_aliases *a, const char *abbr,
                      int32_t offset);

/*
 * Apply a's alias to fields whose zone is an ambiguous abbreviation (a
 * may be NULL): they get its offset.  Returns 0, or -1 when the
 * abbreviation has no alias (the time stays zone-less).
 */
int timefmt_alias_apply(const struct timefmt_aliases *a,
                        struct timefmt_fields *f);

/* Read ambiguous zone abbreviations as a says (copied). */
void timefmt_set_aliases(timefmt *h, const struct timefmt_aliases *a);

/*
 * What the last detection saw of ambiguous zone abbreviations without an
 * alias: returns how many sampled timestamps had the most frequent one
 * (0: none), its name in *abbr.  Those times are read as zone-less.
 */
size_t timefmt_detect_unaliased(const timefmt *h, const char **abbr);

/* Room for timefmt_alias_ident(). */
#define TIMEFMT_ALIAS_IDENT_MAX (5 * TIMEFMT_ABBR_MAX)

/*
 * The aliases in effect as bytes, for an index to tell times read with
 * other aliases (each: the abbreviation's number, its offset as 4 bytes
 * little-endian), into buf of TIMEFMT_ALIAS_IDENT_MAX bytes.  Returns the
 * bytes written, 0 without aliases.
 */
size_t timefmt_alias_ident(const timefmt *h, unsigned char *buf);

/* Whether the last detection saw ANSI colour codes in the sample: they
 * are then taken out of each line before its timestamp is looked for
 * (in its first 1024 bytes), and the timestamp is searched for. */
int timefmt_colour_codes(const timefmt *h);

/*
 * Complete fields that the chosen format's parser filled (for callers
 * that run it themselves, as the index builder does): the year of a
 * year-less format from the reference, the offset of an aliased zone
 * abbreviation.
 */
void timefmt_fields_finish(const timefmt *h, struct timefmt_fields *f);

/* Free a handle; accepts NULL. */
void timefmt_close(timefmt *h);

/*
 * Date arithmetic shared with timeexpr: days since 1970-01-01 of a
 * proleptic Gregorian date (no range check), its inverse, and whether a
 * date exists (month 1-12, day within the month, leap years included).
 */
int64_t timefmt_days_from_civil(int64_t year, int month, int day);
void timefmt_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
int timefmt_valid_date(int64_t year, int month, int day);

/*
 * Convert validated-or-not fields to nanoseconds UTC: zone-less fields
 * are read in zone (NULL = UTC); year is used as given.  Returns 0, or -1
 * when a field is out of range or the time does not fit in int64
 * nanoseconds.
 */
int timefmt_fields_to_ns(const struct timefmt_fields *f, const tz *zone,
                         int64_t *ns);

#endif
