/*
 * window.h - read a file as a sequence of windows of whole lines.
 *
 * A regular file is mapped read-only a window at a time; each window's file
 * offset is rounded down to map_granularity().  Anything that cannot be
 * mapped (stdin, pipes, FIFOs, character devices, /proc files whose size
 * reads as 0) is read with read(2) into a buffer that looks the same from
 * above.  Every line is delivered whole in exactly one window, however long
 * it is.
 */
#ifndef LOGSCAN_WINDOW_H
#define LOGSCAN_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#define WINDOW_DEFAULT_SIZE ((size_t)32 << 20)

typedef struct window_file window_file;

/* One window: whole lines only. */
struct window {
	const char *data; /* first byte of the first line in the window */
	size_t len;	  /* bytes of whole lines; only the very last line of
			     the file (or of the range) may lack its '\n' */
	uint64_t offset;  /* file offset of data[0] */
	int last;	  /* nothing follows this window in the range */
};
/*
 * Windows are never empty: an empty file or range calls fn not at all.  On
 * a stream the end of input can show only after the final window was handed
 * out (a slow pipe), so there the final window may have last == 0; last is
 * never set on a window that another follows.
 */

struct window_stats {
	uint64_t bytes_mapped; /* sum of the lengths of all mappings made */
	uint64_t bytes_read;   /* bytes copied in with read(2) */
	uint64_t windows;      /* windows handed to callers */
};

/* The allocation granularity that map offsets are rounded down to. */
size_t map_granularity(void);

/*
 * Open path ("-" means standard input) for windowed reading with windows of
 * at most window_size bytes (0 means WINDOW_DEFAULT_SIZE; values below one
 * page are raised to a page).  The file's size is taken now; bytes appended
 * later are not read.  Returns 0 and a handle the caller must pass to
 * window_close(), or -1 with err holding strerror-style text such as
 * "No such file or directory" or "Is a directory" (no file name: the caller
 * adds it).
 */
int window_open(window_file **out, const char *path, size_t window_size,
    char *err);

/* Same as window_open() on an already open descriptor, which the handle
 * then owns and closes (it is closed on failure too).  A descriptor not at
 * offset 0 is read as a stream from where it stands. */
int window_open_fd(window_file **out, int fd, size_t window_size, char *err);

/* Size of the file taken at open, or UINT64_MAX for a stream (which is also
 * what a regular file that reported size 0 is: it may be a /proc file). */
uint64_t window_file_size(const window_file *wf);

/* Nonzero when the input is read with read(2) rather than mapped. */
int window_is_stream(const window_file *wf);

/* The underlying descriptor (for fstat, pread of small headers). */
int window_fd(const window_file *wf);

/*
 * Called once per window.  Return 0 to go on, a positive value to stop
 * (window_scan then returns that value), or -1 for an error that the
 * callback has recorded in its own context (window_scan returns -1 and
 * leaves err alone).
 */
typedef int (*window_fn)(void *ctx, const struct window *w);

/*
 * Deliver the lines of [start, end) in order as windows to fn.  start must
 * be 0 or the first byte of a line; end is clamped to the size at open, and
 * when it falls inside a line that line is delivered whole.  On a stream,
 * start bytes are skipped by reading and end may be UINT64_MAX.  Returns 0
 * when the range is done, fn's positive value when it stopped early, or -1
 * with err filled: "file shrank while being read" when the file was
 * truncated under the mapping (SIGBUS is caught for the duration of fn), or
 * a read/map error.  Windows are unmapped as soon as fn returns, so fn must
 * not keep pointers into w->data.  On truncation fn is abandoned mid-call by
 * a siglongjmp, so it must not hold a lock (stdio included) while it reads
 * w->data.  A handle serves one thread at a time.
 */
int window_scan(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
    void *ctx, char *err);

/* Counters since open. */
const struct window_stats *window_get_stats(const window_file *wf);

/* Unmap, close and free; accepts NULL. */
void window_close(window_file *wf);

#endif
