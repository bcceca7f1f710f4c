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
 * stop following this file (follow_run() returns it), or -1 to stop
 * following every file, for an error the callback reported.
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
	/* Told the descriptor that later lines come from, after a
	 * rotation (valid until the next call or follow_run()'s return;
	 * may be NULL). */
	void (*reopened)(void *ctx, int fd);
};

/*
 * Follow fp->path until fp->fn stops it, or a line past line_to has been
 * read: returns 0.  Returns -1 with err filled when reading fails, or
 * with err empty when fn returned -1 (it reported why).
 */
int follow_run(const struct follow_params *fp, char *err);

/*
 * Follow the n files fps[0..n) together, as tail -F does several: one
 * wait (one inotify descriptor) for all of them, and each file's new
 * lines handed to its own fn as they come.  A file is done when its fn
 * returns a positive value or a line past its line_to was read; returns
 * 0 when every file is done, -1 with err filled and *failed (when not
 * NULL) set to its index when one cannot be read, or -2 when a callback
 * returned -1.
 */
int follow_many(const struct follow_params *fps, size_t n, size_t *failed,
    char *err);

/*
 * The number of lines that start before offset end (a line start) of the
 * file open as wf, counted window by window, into *lines.  Returns 0, or
 * -1 with err filled.
 */
int follow_count_lines(window_file *wf, uint64_t end, uint64_t *lines,
                       char *err);

#endif
