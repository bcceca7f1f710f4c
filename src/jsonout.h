/*
 * jsonout.h - ripgrep's --json messages for the lines a search selects:
 * one JSON object per line, "begin" before a file's first line, "match"
 * for a selected line and "context" for a context line (each with the
 * path, the line as {"text"} or {"bytes"}, its number, its absolute byte
 * offset and the submatches with byte ranges), "end" with the file's
 * stats, and a "summary" at the end of the run -- the schema of ripgrep
 * 13 (grep-printer's JSON printer), field for field and in its order.
 * A file with no line printed gets no message, as in ripgrep.
 *
 * When a time format is in effect, match and context messages carry one
 * field more, "timestamp": the time of the line's entry (RFC 3339, UTC,
 * nine fraction digits), or null for a line before the file's first
 * timestamp.
 */
#ifndef LOGSCAN_JSONOUT_H
#define LOGSCAN_JSONOUT_H

#include <stdint.h>

#include "output.h"
#include "regex.h"
#include "scan.h"
#include "timectx.h"
#include "timefmt.h"
#include "window.h"

typedef struct jsonout jsonout;

/*
 * A printer writing to out.  re (NULL: no pattern, as for slice) finds
 * the submatches of selected lines, except with invert, where selected
 * lines are those that do not match and have none.  The run's elapsed
 * time counts from here.  re and out must outlive the printer.  Never
 * fails (allocation failure exits).
 */
jsonout *jsonout_open(output *out, const regex *re, int invert);

/*
 * Start a file named name (printed as its path).  With tf (not NULL),
 * lines carry their entry's timestamp, read by tf; a line without one
 * takes that of the last line before it that has one, found on fd with
 * pread (fd < 0: a stream; then from the windows jsonout_tap() saw, or
 * the line printed just before).  tf must stay open until jsonout_end_file().
 */
void jsonout_begin_file(jsonout *j, const char *name, const timefmt *tf,
                        int fd);

/* The descriptor to read the current file's earlier lines from, after
 * it was opened again (a followed file that was rotated). */
void jsonout_set_fd(jsonout *j, int fd);

/*
 * A window_fn for window_set_tap() on a stream (ctx is the printer): it
 * lets a line without a timestamp take its entry's time from lines of
 * the stream that were not printed.  Returns 0.
 */
int jsonout_tap(void *ctx, const struct window *w);

/*
 * Print one line (a scan_line_fn: ctx is the printer): a match message
 * for a selected line, else a context message; the begin message first
 * when it is the file's first.  Returns 0, or -1 after a write error
 * (see output_error()).
 */
int jsonout_line(void *ctx, const struct scan_line *l);

/*
 * End the file: its end message, when anything was printed for it, with
 * bytes_searched and binary_at (the offset of the NUL that made it a
 * binary file, UINT64_MAX for none: "binary_offset":null).
 */
void jsonout_end_file(jsonout *j, uint64_t bytes_searched,
                      uint64_t binary_at);

/*
 * Add what src counted for the files it ended to what j counts for the
 * run (for the summary): a printer per file of a merge (--merge), one
 * summary.
 */
void jsonout_add_totals(jsonout *j, const jsonout *src);

/* The summary message of the run. */
void jsonout_summary(jsonout *j);

/* Free the printer; accepts NULL. */
void jsonout_close(jsonout *j);

/*
 * Format ns (UTC nanoseconds) as RFC 3339 in UTC with nine fraction
 * digits, "2026-03-01T10:00:00.250000000Z", into buf (JSONOUT_TIME_SIZE
 * bytes).  Returns buf.
 */
#define JSONOUT_TIME_SIZE (TIMECTX_ISO_SIZE + 10)
char *jsonout_format_time(int64_t ns, char *buf);

#endif
