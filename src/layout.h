/*
 * layout.h - user timestamp layouts: a strftime-style description such as
 * "%m.%d %H:%M:%S" compiled once and then used to read timestamps into
 * broken-down fields, without allocating, once per log line.
 *
 * Directives: %Y (4 digits) %y (2 digits, 69-99 = 19xx) %m %d %H %M %S
 * (1 or 2 digits) %e (day, space-padded) %b %a (English month and weekday
 * names, abbreviated or full, any case; the weekday is read and ignored)
 * %f (fraction digits, any length) %z (Z, +hh:mm or +hhmm) %s (epoch
 * seconds) %% (a percent sign).  Any other byte is literal and must match
 * exactly.
 */
#ifndef LOGSCAN_LAYOUT_H
#define LOGSCAN_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct layout layout;

/* A timestamp read by a layout, as written in the log. */
struct layout_time {
	int year;           /* full year; 0 when the layout has no year */
	int month;          /* 1-12 */
	int day;            /* 1-31, checked against the month */
	int hour;           /* 0-23 */
	int minute;         /* 0-59 */
	int second;         /* 0-60 (a leap second); 0 without %S */
	uint32_t nsec;      /* from %f, truncated to nanoseconds */
	int has_offset;     /* the text fixed its offset (%z, or %s) */
	int32_t utc_offset; /* seconds east of UTC when has_offset */
};

/*
 * Compile a layout.  Returns 0 and a handle for layout_close(), or -1 with
 * err (LS_ERRSZ bytes) saying what is wrong, at which byte offset, and what
 * was expected: an unknown directive, a field given twice, %s mixed with
 * date fields, or a layout that cannot give a full time (it needs a month,
 * a day, %H and %M, or else %s).
 */
int layout_compile(layout **out, const char *spec, char *err);

/*
 * Read a timestamp from the start of s (len bytes, need not be
 * NUL-terminated).  Returns the number of bytes the layout consumed and
 * fills *t, or 0 when the text does not fit the layout or names an
 * impossible date (*t is then unspecified).  Allocation-free; safe to call
 * from several threads on one layout.
 */
size_t layout_parse(const layout *l, const char *s, size_t len,
                    struct layout_time *t);

/* 1 when the layout reads a year (%Y, %y or %s), 0 when the year must be
 * supplied the way the built-in year-less formats get theirs. */
int layout_has_year(const layout *l);

/* 1 when the layout fixes the UTC offset itself (%z or %s). */
int layout_has_offset(const layout *l);

/* The layout text as compiled; owned by the layout. */
const char *layout_text(const layout *l);

/*
 * Write t as the layout writes it into buf (sz bytes, NUL-terminated,
 * truncated to fit): for `logscan formats`, an example of what a format
 * reads.  t must hold a full date with a year; %f gives milliseconds, %z
 * t's offset (Z for none), %s the epoch seconds t stands for.
 */
void layout_format(const layout *l, const struct layout_time *t, char *buf,
                   size_t sz);

/* Free a layout; accepts NULL. */
void layout_close(layout *l);

#endif
