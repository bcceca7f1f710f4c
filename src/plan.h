/*
 * plan.h - which lines of a file a slice or a filtered search reads: a
 * line range (--lines), a time range (--since/--until), or both.
 *
 * Planning picks candidate regions: with a usable index, the groups whose
 * lines and time spans can overlap the ranges, neighbours coalesced;
 * without one, the whole file.  Running the plan maps only those regions
 * and refines them line by line into the exact runs of selected lines,
 * which it hands to a callback with their bytes and first line numbers.
 * Runs are produced as the windows go by, so memory stays bounded however
 * many there are (an unsorted log may have one per line).
 *
 * Time semantics.  An entry is a line with a timestamp and the lines
 * after it that have none (a stack trace); a line is selected exactly
 * when its entry's time t has since <= t < until, and lines before the
 * first timestamp of the file belong to no entry and are never selected
 * by a time range.
 *
 * Indexes and time.  An index's time spans are used only when they were
 * read as this run reads times (index_times_match()).  When the index is
 * missing, stale, corrupt, or its times were read differently, and the
 * file is a regular file of at least auto_index_min bytes, the index is
 * built (or, for a log that only grew, its tail indexed) before answering,
 * if its location is writable; otherwise the file is scanned.  A smaller
 * log that grew since it was indexed is answered from the index for the
 * part it covers, and its tail is scanned.
 */
#ifndef LOGSCAN_PLAN_H
#define LOGSCAN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "region.h"
#include "timectx.h"
#include "util.h"
#include "window.h"

/* Logs at least this large get an index built for a time query. */
#define PLAN_AUTO_INDEX_MIN ((uint64_t)64 << 20)

/*
 * How long, in milliseconds, a query waits for another logscan building
 * the same index before it answers without the new index (from the
 * existing one plus a scan of the tail, or by scanning); the config's
 * index-wait overrides it.
 */
#define PLAN_INDEX_WAIT_MS 2000

/* What a plan reads: the index's settings and a line range.  Zero values
 * are the defaults (no line range, PLAN_INDEX_WAIT_MS). */
struct plan_params {
	struct index_params index;
	int have_lines;     /* a line range (--lines A:B) is given */
	uint64_t line_from; /* 1-based, inclusive */
	uint64_t line_to;   /* inclusive; UINT64_MAX: to the end */
	uint64_t line_last; /* --lines -N: the last N lines of the file
	                       (line_from and line_to are then ignored); 0:
	                       not given */
	int have_index_wait;    /* index_wait_ms overrides the default */
	uint64_t index_wait_ms; /* see PLAN_INDEX_WAIT_MS */
};

/* A time filter. */
struct plan_time {
	const timectx *tc;          /* the run's time settings */
	int64_t since, until;       /* [since, until), UTC ns (timectx_range) */
	uint64_t auto_index_min;    /* see the top of this file */
	index_progress_fn progress; /* for an index built on the way, or
	                               NULL */
	void *progress_ctx;
	index_wait_fn wait; /* told when that build waits for another
	                       builder's lock, or NULL */
	void *wait_ctx;
	int entries;   /* each piece holds lines of one entry only (a new
	                  piece begins at every line with a timestamp), and
	                  its time and entry_start are filled (--merge) */
	int keep_head; /* with since == INT64_MIN: the lines before the
	                  file's first timestamp are selected too, as an
	                  entry whose time is INT64_MIN (a whole-file
	                  --merge, which must not drop them) */
};

/* A run of selected lines, or the part of one that a window holds (the
 * next piece then starts where this one ends). */
struct plan_piece {
	const char *data; /* whole lines; valid during the call only */
	size_t len;
	uint64_t offset;     /* file offset of data[0] */
	uint64_t first_line; /* 1-based number of the line at data[0] */
	int last;            /* nothing follows in the file's windows */
	/* With plan_time's entries set (else 0): */
	int64_t time;    /* the time of the entry the lines belong to
	                    (INT64_MIN: the lines before the first
	                    timestamp, under keep_head) */
	int entry_start; /* data[0] is the first line of its entry; 0: the
	                    piece continues an entry (the rest of one cut
	                    by a window, or the first lines of a region) */
};

/*
 * Called for each piece in file order.  Returns 0 to go on, a positive
 * value to stop (plan_run() returns it), or -1 for an error the callback
 * keeps itself.  The window layer's rule applies: no lock (stdio included)
 * may be held while reading p->data.
 */
typedef int (*plan_fn)(void *ctx, const struct plan_piece *p);

/* What planning and running did, for --stats. */
struct plan_stats {
	enum index_state state; /* what the index lookup found */
	int used;               /* 1 when the index narrowed the read */
	enum index_plan built;  /* FULL or TAIL when an index was built for
	                           this query, else INDEX_PLAN_UPTODATE */
	int built_new;          /* that build made the file's first index
	                           (none was there before) */
	char *index_path;       /* the index found or built, or NULL */
	char reason[LS_ERRSZ];  /* why an index found was not used */
	int build_failed;       /* building an index for the query failed
	                           (reason: "cannot build: ...") */
	uint64_t groups_used;   /* groups the candidate regions span */
	uint64_t groups_total;  /* groups in the index */
	uint64_t regions;       /* candidate regions mapped */
	uint64_t runs;          /* runs of selected lines */
	uint64_t tail_bytes;    /* bytes past the indexed part */
	uint64_t back_bytes;    /* read backwards to find the entry a region
	                           starts inside */
	uint64_t size;          /* the file's size at open (UINT64_MAX for
	                           a stream) */
	int changed;            /* the index looked fresh or appended but a
	                           group it would use failed its check: it is
	                           stale (reason says which group), the query
	                           reads the log */
};

typedef struct plan plan;

/*
 * Plan the query pp (its line range and index settings) and tm (NULL: no
 * time range) on the file open as wf, named path.  The last N lines
 * (line_last) are found from the end of a file (lastlines_find()); those
 * of a stream without a time range are kept as it is read, by plan_run().
 * Returns 0 and a plan for plan_close(), or -1 with err filled: the file
 * cannot be read, the last lines of a stream are asked for with a time
 * range, or under a time range it has no timestamp of a known format ("no
 * timestamps found (try --time-format)").  wf, pp and tm must outlive the
 * plan.
 */
int plan_open(plan **out, const struct plan_params *pp,
              const struct plan_time *tm, const char *path, window_file *wf,
              char *err);

/*
 * Keep only what lies in [lo, hi) of the plan's candidate regions (lo and
 * hi line starts, lo_line the number of the line at lo): for a search of
 * one part of a file (--range), which then reads only that part.  Call
 * before plan_run().
 */
void plan_clip(plan *p, uint64_t lo, uint64_t hi, uint64_t lo_line);

/*
 * A copy of plan p for one part of its file, read through wf (a clone of
 * p's handle, see window_clone()): the same candidates, line range and
 * time settings, and p's timestamp handle, which is only read (so that
 * threads can each run a part; see scan_plan_owned()).  p must outlive
 * the copy and not have run yet.  Returns 0 and a plan for plan_close(),
 * or -1 when p cannot be copied: a stream's (its format is detected as
 * it is read, its last lines kept as they go by).
 */
int plan_part(const plan *p, window_file *wf, plan **out);

/*
 * The candidate regions of p (see plan_candidates()) cut into parts of
 * whole lines for threads, as a whole file is cut: a region's parts end
 * at the first line start at or after each multiple of size inside it
 * (window_line_start()), or, where the plan read an index, at the first
 * start of an index group it uses at or after that multiple, whose line
 * number is known.  A part's first_line is that number, or its region's
 * when it begins one, else 0 (not known without counting).  p must not
 * have run.
 * Returns 0 with *parts (free()) and *n (0: nothing to read), or -1 with
 * err filled when the log cannot be read.
 */
int plan_parts(const plan *p, uint64_t size, struct region **parts,
               size_t *n, char *err);

/*
 * The candidate regions planned (sorted, coalesced; an end of UINT64_MAX
 * means the end of the file): what `logscan plan` cuts into tasks.  Valid
 * until plan_close().
 */
void plan_candidates(const plan *p, const struct region **regs, size_t *n);

/*
 * The number of the line that starts at off (a line start) of the log
 * open as wf (path path): counted from the start of the last index group
 * before it when a fresh or appended index (ip's settings) has one, else
 * from the start of the file, with the newline kernel.  Returns 0, or -1
 * with err filled when the log cannot be read.
 */
int plan_line_at(const char *path, const struct index_params *ip,
                 window_file *wf, uint64_t off, uint64_t *line, char *err);

/*
 * Read the planned regions and hand each piece of the selected runs to fn.
 * Returns 0 when done, fn's positive value when it stopped, or -1: with
 * err filled for a read error ("file shrank while being read") or a
 * stream without timestamps, or with err untouched when fn returned -1.
 * Call once.
 */
int plan_run(plan *p, plan_fn fn, void *ctx, char *err);

/*
 * Run the plan and collect the selected runs as exact regions (each from
 * the first byte of its first line to just past its last line, with that
 * line's number) into *out (free()) and *n.  Memory grows with the number
 * of runs: for tests and small files.  Returns as plan_run().
 */
int plan_regions(plan *p, struct region **out, size_t *n, char *err);

/*
 * The index a time range's plan was made from (fresh or appended, its
 * times read as this run reads them, the groups it selected verified), or
 * NULL when none was used.  Valid until plan_close().
 */
const struct index_data *plan_index(const plan *p);

/*
 * How a time range's plan reads the file's timestamps, or NULL: no time
 * range, no timestamps, or a stream's not detected yet (it is, from its
 * first window, once plan_run() has begun).
 */
const timefmt *plan_timefmt(const plan *p);

/* What was done so far; valid until plan_close(). */
const struct plan_stats *plan_get_stats(const plan *p);

/*
 * Describe ps and the window counters ws in one line for --stats, without
 * a newline: "index fresh PATH: 1 region, 13 groups of 8191, tail 0
 * bytes; 1 run selected; mapped N bytes (0.159% of the file), read N
 * bytes, N of them backwards".  Writes at most len bytes to buf and
 * returns buf.
 */
char *plan_describe(const struct plan_stats *ps, const struct window_stats *ws,
                    char *buf, size_t len);

/*
 * When ps->changed, say so for the user in buf (at most len bytes, no
 * newline): "index PATH is stale: group 3 (line 8193) changed since it was
 * indexed; answering from the log" (with "rebuilt it" when the plan did)
 * and return buf; else return NULL.
 */
char *plan_changed_message(const struct plan_stats *ps, char *buf,
                           size_t len);

/* Free a plan; accepts NULL. */
void plan_close(plan *p);

#endif
