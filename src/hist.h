/*
 * hist.h - how many log lines fall in each time bucket: the counts behind
 * `logscan hist`.
 *
 * A line counts at its entry's time (its own timestamp, or that of the
 * last line before it that has one: a stack trace counts with its entry),
 * as a time range selects it; lines before a file's first timestamp
 * count nowhere.  Buckets are aligned on multiples of their width since
 * the epoch, in UTC.  With the automatic width, counting starts at one
 * second and widens along a ladder (1s 5s 10s 30s 1m 5m 10m 30m 1h 3h 6h
 * 12h 1d 7d) whenever the span would need more than HIST_AUTO_BUCKETS
 * buckets: the result is the narrowest width of the ladder that shows
 * the whole span in that many, whatever order the lines come in.
 *
 * Counting a file: hist_count_index() takes the per-group line counts of
 * an index and reads only the groups whose time span straddles a bucket
 * boundary (or the range's edges), and the tail past the index;
 * hist_count_region() reads lines.  Both give the same counts.
 */
#ifndef LOGSCAN_HIST_H
#define LOGSCAN_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "timefmt.h"
#include "util.h"
#include "window.h"

#define HIST_AUTO_BUCKETS 60
#define HIST_MAX_BUCKETS ((size_t)1 << 22)

typedef struct hist hist;

/*
 * Parse --by: "auto" (*width_ns = 0) or a number and a unit of s, m, h
 * or d ("90s", "5m", "1h", "1d"), at least one second.  Returns 0, or -1
 * with err filled.
 */
int hist_parse_width(const char *s, int64_t *width_ns, char *err);

/* "5m", "1h", "90s": the width in its largest whole unit, into buf (32
 * bytes).  Returns buf. */
char *hist_width_name(int64_t width_ns, char *buf);

/*
 * Counts of width width_ns (0: automatic) for the lines whose entry time t
 * has since <= t < until.  Never fails (allocation failure exits).
 */
hist *hist_open(int64_t width_ns, int64_t since, int64_t until);

/*
 * With the automatic width: the entry times will span at least [lo, hi]
 * (an index's span), so widen now rather than piece by piece.
 */
void hist_expect(hist *h, int64_t lo, int64_t hi);

/*
 * Count n lines at time t (ignored outside the range).  Returns 0, or -1
 * with err filled when a fixed width would need more than
 * HIST_MAX_BUCKETS buckets ("the times span N buckets of 1s; give a
 * wider --by").
 */
int hist_add(hist *h, int64_t t, uint64_t n, char *err);

/*
 * Add the counts of src (opened with the same width and range) to h, as
 * if h had counted src's lines too.  Returns 0, or -1 with err filled as
 * hist_add() and h unchanged.
 */
int hist_merge(hist *h, const hist *src, char *err);

/* The width in effect. */
int64_t hist_width(const hist *h);

/*
 * The buckets from the first that holds a line to the last (empty ones
 * between included): returns how many, and (for i below that) the start
 * and count of bucket i.
 */
size_t hist_nbuckets(const hist *h);
void hist_bucket(const hist *h, size_t i, int64_t *start, uint64_t *count);

/* The lines counted. */
uint64_t hist_total(const hist *h);

/* Free; accepts NULL. */
void hist_close(hist *h);

/* What counting a file read, for --stats. */
struct hist_stats {
	uint64_t groups;         /* groups in the index (0: none used) */
	uint64_t groups_counted; /* counted from the index alone */
	uint64_t groups_read;    /* read line by line */
	uint64_t lines_read;     /* lines whose time was read */
	uint64_t tail_bytes;     /* read past the index */
};

/*
 * A line reader for h: feed it whole lines of one file in file order
 * with hist_lines(); lines that do not follow the last ones fed find
 * their entry by reading back on fd (see timectx_time_before()).
 */
struct hist_reader {
	hist *h;
	const timefmt *tf;
	int fd;          /* the file, for reading back; -1: a stream */
	char eol;        /* the line terminator */
	int carry_ok;    /* the entry in effect at carry_end is carry */
	uint64_t carry_end;
	int64_t carry;
	struct hist_stats *st;
	char *err;
};

/*
 * Count the lines data[0, len) (whole lines, the last may lack its
 * terminator) at file offset off.  Returns 0, or -1 with r->err filled.
 */
int hist_lines(struct hist_reader *r, const char *data, size_t len,
               uint64_t off);

/* Count the lines of [start, end) of wf as hist_lines(). */
int hist_count_region(struct hist_reader *r, window_file *wf, uint64_t start,
                      uint64_t end);

/*
 * Count the file open as wf (fd r->fd) from its index d, fresh or
 * appended (size: the log's size now): each group whose entry times lie
 * within one bucket and the range counts all its lines there; the others,
 * the first group with times (it may start with lines before the first
 * timestamp) and the bytes past the index are read.  Returns 0, or -1
 * with r->err filled.
 */
int hist_count_index(struct hist_reader *r, const struct index_data *d,
                     window_file *wf, uint64_t size);

#endif
