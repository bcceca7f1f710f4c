/*
 * lastlines.h - where the last N lines of a file start (--lines -N:, as
 * tail -n N): found by reading back from the end, and numbered with the
 * index when a usable one exists, else by counting the lines before them.
 */
#ifndef LOGSCAN_LASTLINES_H
#define LOGSCAN_LASTLINES_H

#include <stdint.h>

#include "index.h"
#include "region.h"
#include "window.h"

/*
 * Find the last n (>= 1) lines of the file open as wf, named path (for the
 * index lookup, which ip's mode and dir govern).  A last line
 * without a newline counts as a line, as for tail.  Fills *out with the
 * region from the first of them to the end (end UINT64_MAX) and that
 * line's 1-based number; a file of n lines or fewer gives {0, UINT64_MAX,
 * 1}, an empty one {0, 0, 1}.  Returns 0, or -1 with err filled: a stream
 * (a pipe cannot be read back from its end: see lastlines_read_stream()
 * for a query without a time range), a read error, or "file shrank while
 * being read".  Reads O(n lines) from the end, plus, without a
 * usable index, every byte before them once (to number them).
 */
int lastlines_find(window_file *wf, const char *path,
                   const struct index_params *ip, uint64_t n,
                   struct region *out, char *err);

/* The last lines of a stream, held in memory. */
struct lastlines_tail {
	char *data;          /* owned; the lines, the last maybe without
	                        '\n' as the stream ended */
	size_t len;
	uint64_t offset;     /* stream offset of data[0] */
	uint64_t first_line; /* 1-based number of the line at data[0] */
};

/*
 * Read the stream open as wf (a pipe: lastlines_find() refuses it) to its
 * end, keeping its last n (>= 1) lines in memory, as tail does: memory
 * grows with those lines, not with the stream.  Returns 0 with *out
 * filled (free with lastlines_tail_free(); len 0 for an empty stream), or
 * -1 with err filled on a read error.
 */
int lastlines_read_stream(window_file *wf, uint64_t n,
                          struct lastlines_tail *out, char *err);

/* Free what lastlines_read_stream() kept; accepts a zeroed struct. */
void lastlines_tail_free(struct lastlines_tail *t);

#endif
