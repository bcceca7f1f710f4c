/*
 * lastlines.h - where the last N lines of a file start (--lines -N:, as
 * tail -n N): found by reading back from the end, and numbered with the
 * index when a usable one exists, else by counting the lines before them.
 */
#ifndef LOGSCAN_LASTLINES_H
#define LOGSCAN_LASTLINES_H

#include <stdint.h>

#include "options.h"
#include "region.h"
#include "window.h"

/*
 * Find the last n (>= 1) lines of the file open as wf, named path (for the
 * index lookup, which o's index_mode and index_dir govern).  A last line
 * without a newline counts as a line, as for tail.  Fills *out with the
 * region from the first of them to the end (end UINT64_MAX) and that
 * line's 1-based number; a file of n lines or fewer gives {0, UINT64_MAX,
 * 1}, an empty one {0, 0, 1}.  Returns 0, or -1 with err filled: a stream
 * (a pipe cannot be read from its end), a read error, or "file shrank
 * while being read".  Reads O(n lines) from the end, plus, without a
 * usable index, every byte before them once (to number them).
 */
int lastlines_find(window_file *wf, const char *path, const struct options *o,
                   uint64_t n, struct region *out, char *err);

#endif
