/*
 * timectx.h - the time settings of one run, set up in one place: the zone
 * that zone-less timestamps and --since/--until are read in (--utc, else
 * TZ), the formats a file may use, a forced format (--time-format) and a
 * forced year (--year); and, for each file, a timefmt handle whose format
 * is detected from the file's head and whose year-less reference comes
 * from its mtime and tail.  Whatever later adds time settings (the
 * config's zone and formats) adds them here, so that every command reads
 * times the same way.
 */
#ifndef LOGSCAN_TIMECTX_H
#define LOGSCAN_TIMECTX_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "timefmt.h"
#include "tz.h"
#include "window.h"

/* Room for timectx_format_ns(): "-292277-01-01T00:00:00.123456789Z". */
#define TIMECTX_ISO_SIZE 40

typedef struct timectx timectx;

/* The time settings the command layer gives; zero values are the
 * defaults. */
struct timectx_params {
	int utc;                 /* zone-less times are UTC (--utc) */
	const char *format;      /* the one format to use (--time-format), or
	                            NULL: detect each file's */
	int year;                /* the year of year-less times (--year); 0:
	                            from each file's mtime */
	const struct conf *conf; /* the config beneath them, or NULL: its
	                            timezone unless utc, and its formats,
	                            which detection and format then know */
};

/*
 * Set up the time settings from tp.  Returns 0 and a handle for
 * timectx_close(), or -1 with err filled: the zone cannot be loaded, or
 * tp->format names no known format.  tp->conf and tp->format must outlive
 * the handle.
 */
int timectx_open(timectx **out, const struct timectx_params *tp, char *err);

/*
 * Where warnings go (a forced format that fits few lines of a file): warn
 * receives "FILE: what" (no "logscan: "); NULL, the default, drops them.
 */
void timectx_set_warn(timectx *c, void (*warn)(void *arg, const char *msg),
                      void *arg);

/* The current time, UTC ns: "now" for timectx_range().  The real-time
 * clock, or LOGSCAN_NOW=@SECONDS[.FRACTION] when that is set. */
int64_t timectx_now_ns(void);

/* Check LOGSCAN_NOW (unset or empty is fine).  Returns 0, or -1 with err
 * filled when it is set to something else than @SECONDS[.FRACTION]. */
int timectx_check_env(char *err);

/* Parse --year: a year from 1 to 9999.  Returns 0, or -1 with err filled. */
int timectx_parse_year(const char *s, int *year, char *err);

/* The zone zone-less times are read in; owned by the handle. */
const tz *timectx_zone(const timectx *c);

/*
 * Resolve --since's and --until's texts (each NULL when not given)
 * against now_ns into [*since, *until): INT64_MIN and INT64_MAX stand for
 * a bound not given, and "+N" in --until counts from --since.  Returns 0, or -1 with err filled as
 * "bad time 'X': what was expected", or "bad time range: --until (X) is
 * before --since (Y)"; equal bounds are an empty range, not an error.
 */
int timectx_range(const timectx *c, const char *since_text,
                  const char *until_text, int64_t now_ns, int64_t *since,
                  int64_t *until, char *err);

/* What timectx_file() found. */
enum timectx_found {
	TIMECTX_NONE = 0,  /* no timestamp in the head, none forced */
	TIMECTX_FOUND = 1, /* a format is in effect */
	TIMECTX_LATER = 2  /* a stream: call timectx_detect() on its head */
};

/*
 * Make the timefmt handle for the file open as wf: the run's formats, the
 * forced format if any, detection from a sample of a regular file (read
 * with pread, nothing mapped: all of a small file, else whole lines from
 * its head, middle and tail, TIMEFMT_SAMPLE_BYTES in all), and for a year-less
 * format the reference from the file's mtime, --year and its last 64 KiB.
 * Returns a timectx_found value with *out set (free with timefmt_close()),
 * or -1 with err filled when the file cannot be read, a config format's
 * regex hit its match limit on the sample ("N sampled lines hit the match
 * limit of format 'X' ..."), or a forced format parses no sampled line
 * ("no line matches time format 'X' (sampled N lines)").  A forced format
 * that parses under half of the sampled lines that look like entries is
 * warned about (timectx_set_warn()).
 */
int timectx_file(const timectx *c, window_file *wf, timefmt **out, char *err);

/* timectx_file() with the file's name for warnings (path may be NULL). */
int timectx_file_named(const timectx *c, const char *path, window_file *wf,
                       timefmt **out, char *err);

/*
 * timectx_file_named(), except that a stream's format is detected at once
 * from its first lines (read ahead with window_peek(), so the scan still
 * sees them): for a caller that needs the format before scanning, such as
 * --json's timestamps.  Returns TIMECTX_FOUND, TIMECTX_NONE or -1, never
 * TIMECTX_LATER.
 */
int timectx_file_now(const timectx *c, const char *path, window_file *wf,
    timefmt **out, char *err);

/*
 * Detect tf's format from the head of a stream (buf, len), the current
 * time standing in for the mtime of a year-less log.  Returns 1 when a
 * format is in effect, 0 when none is, or -1 with err filled when a
 * config format's regex hit its match limit on the sample.
 */
int timectx_detect(const timectx *c, timefmt *tf, const char *buf, size_t len,
                   char *err);

/* timectx_detect() with the stream's name for warnings (may be NULL); a
 * forced format that parses no sampled line is an error here too. */
int timectx_detect_named(const timectx *c, const char *path, timefmt *tf,
                         const char *buf, size_t len, char *err);

/*
 * The time of the last line with a timestamp before offset end of the
 * file on fd: the entry that a line at end would continue.  Reads
 * backwards with pread, a block at a time, growing the block for a longer
 * line, so memory is bounded by the longest line.  end must be 0 or the
 * start of a line.  Returns 1 and stores the time, 0 when no line before
 * end has a timestamp, or -1 with err filled.  *nread (if not NULL) gets
 * the bytes read added.
 */
int timectx_time_before(const timefmt *tf, int fd, uint64_t end, int64_t *ns,
                        uint64_t *nread, char *err);

/*
 * The sequence state (timefmt.h) at offset end (0 or a line start) of the
 * file on fd, for reading on from there: the time of the entry in effect,
 * a repeated wall time of a fall-back resolved as a reader from the start
 * of the file would.  Reads backwards to the last line whose time is not
 * such a repeated wall time, and forwards again from there when any were
 * passed, so at most about the repeated hour is read.  Returns 1 (the
 * entry's time in s->last), 0 when no line before end has a timestamp,
 * or -1 with err filled; *nread (if not NULL) gets the bytes read added.
 */
int timectx_seq_before(const timefmt *tf, int fd, uint64_t end,
                       struct timefmt_seq *s, uint64_t *nread, char *err);

/*
 * The time of the first line with a timestamp at or after offset start (0
 * or a line start) of the file open as wf, read forwards window by window.
 * Returns 1 and stores the time, 0 when there is none, or -1 with err
 * filled.
 */
int timectx_time_after(const timefmt *tf, window_file *wf, uint64_t start,
                       int64_t *ns, char *err);

/*
 * The time of the last line with a timestamp in [start, end of file) of
 * wf, reading forward (start: 0 or a line start): for input that can only
 * be read forward, a compressed log from a restart point.  Lines are read
 * as a sequence from start, a repeated wall time at start taken as its
 * first pass.  Returns 1 with *ns set, 0 when no line has one, or -1
 * with err filled.
 */
int timectx_time_last(const timefmt *tf, window_file *wf, uint64_t start,
    int64_t *ns, char *err);

/*
 * Format ns (UTC nanoseconds) as ISO 8601 in UTC, "2026-03-01T10:00:00Z",
 * with 3, 6 or 9 fraction digits when the time has a fraction.  buf holds
 * TIMECTX_ISO_SIZE bytes.  Returns buf.
 */
char *timectx_format_ns(int64_t ns, char *buf);

/* Free the settings; accepts NULL.  Handles made by timectx_file() must
 * be closed first. */
void timectx_close(timectx *c);

#endif
