/*
 * follow.h - after the end of a log, wait for the lines appended to it
 * and hand them on, as tail -F does: a file that is replaced under its
 * name (rotated) is read to its end and then the new one is followed from
 * its start; a file that shrinks (truncated) is read again from its
 * start.  Waiting is on inotify where there is one, with a poll every
 * FOLLOW_POLL_MS in any case (for file systems that send no events).
 * Only whole lines are handed on: a last line without its newline waits
 * for the rest, unless its file is replaced.
 */
#ifndef LOGSCAN_FOLLOW_H
#define LOGSCAN_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "timefmt.h"
#include "util.h"
#include "window.h"

#define FOLLOW_POLL_MS 1000

/*
 * A run of selected lines: data[0, len) at file offset off, the first
 * one line number first_line.  Returns 0 to go on, a positive value to
 * stop following (follow_run() returns it), or -1 (likewise, for an
 * error the callback reported).
 */
typedef int (*follow_fn)(void *ctx, const char *data, size_t len,
                         uint64_t off, uint64_t first_line);

struct follow_params {
	const char *path; /* the name to follow */
	int fd;           /* the file as read so far (not owned) */
	uint64_t offset;  /* where its reading stopped: a line start */
	uint64_t line;    /* the number of the line at offset */
	/* The lines to hand on: those whose number is in [line_from,
	 * line_to] and, with tf, whose entry time is in [since, until). */
	uint64_t line_from, line_to;
	const timefmt *tf;
	int64_t since, until;
	int carry_ok;   /* with tf: the entry in effect at offset is */
	int64_t carry;  /* carry */
	follow_fn fn;
	void *ctx;
	/* Told "file truncated" or "file replaced; following the new
	 * file" (may be NULL). */
	void (*note)(void *ctx, const char *msg);
};

/*
 * Follow fp->path until fp->fn stops it (its value is returned), or a
 * line past line_to has been read (returns 0).  Returns -1 with err
 * filled when reading fails.
 */
int follow_run(const struct follow_params *fp, char *err);

/*
 * The number of lines that start before offset end (a line start) of the
 * file open as wf, counted window by window, into *lines.  Returns 0, or
 * -1 with err filled.
 */
int follow_count_lines(window_file *wf, uint64_t end, uint64_t *lines,
                       char *err);

#endif
