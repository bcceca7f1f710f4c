/*
 * userfmt.h - the config file's timestamp formats as timefmt definitions.
 * A user format's regex finds the timestamp anywhere on a line (its group
 * named ts, else its first group) and its layout reads the captured text,
 * all of it; detection, --time-format and `logscan formats` then treat it
 * like a built-in format (TIMEFMT_ANYWHERE: the whole line is searched).
 */
#ifndef LOGSCAN_USERFMT_H
#define LOGSCAN_USERFMT_H

#include <stddef.h>

#include "conf.h"
#include "timefmt.h"

typedef struct userfmt userfmt;

/*
 * Make a definition for each format of c, in the file's order: its name,
 * as example the time the built-in examples show written by its layout,
 * as summary "PATH:LINE" of its entry, and its timezone as the zone of
 * its zone-less timestamps.  c must outlive the result.
 * Never fails; free the result with userfmt_free().
 */
userfmt *userfmt_open(const struct conf *c);

/* The number of definitions, and the i-th (NULL past the end). */
size_t userfmt_count(const userfmt *u);
const struct timefmt_def *userfmt_def(const userfmt *u, size_t i);

/*
 * Register every definition with h (user formats come before the built-in
 * ones in detection).  u must outlive h.  Returns 0, or -1 with err filled
 * when a name is taken.
 */
int userfmt_add_all(const userfmt *u, timefmt *h, char *err);

/*
 * The config entry behind def, or NULL when def was not made here (a
 * built-in format).
 */
const struct conf_format *userfmt_origin(const struct timefmt_def *def);

/* A user format's matches stop after this many backtracking steps (PCRE2's
 * match limit; its default is 10 million). */
#define USERFMT_MATCH_LIMIT 1000000

/*
 * How many matches of def's regex so far stopped at a limit (the match
 * limit, PCRE2's depth or heap limit, or the per-call arena): lines taken
 * as having no timestamp.  0 for a built-in format.  Thread-safe.
 */
unsigned long userfmt_limit_hits(const struct timefmt_def *def);

/* Free the definitions; accepts NULL. */
void userfmt_free(userfmt *u);

#endif
