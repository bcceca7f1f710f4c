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

#include "decomp.h"

#define WINDOW_DEFAULT_SIZE ((size_t)32 << 20)
/* The read reader's buffer: big enough that a pread(2) costs little per
 * byte, small enough to stay in the processor's L2 cache while the
 * matcher works on it (measured: 256 KiB to 1 MiB are equally fast). */
#define WINDOW_READ_SIZE ((size_t)512 << 10)

/* A regular file of at most WINDOW_SMALL bytes is read, not mapped (unless
 * --io=mmap says so), into a buffer of WINDOW_SMALL_BUF bytes that each
 * thread reuses from one small file to the next. */
#define WINDOW_SMALL ((uint64_t)256 << 10)
#define WINDOW_SMALL_BUF ((size_t)WINDOW_SMALL)

/* The buffer that decompressed lines are handed out in (for the same
 * reason as WINDOW_READ_SIZE: the search reads it while it is in the
 * cache), unless the window size is smaller. */
#define WINDOW_DECOMP_SIZE ((size_t)1 << 20)

/* How far ahead of a long read the read reader asks the kernel to read. */
#define WINDOW_READ_AHEAD ((uint64_t)32 << 20)

/*
 * How a regular file's bytes arrive.  AUTO (the default) measures both
 * readers on the file's first windows and keeps the faster (see
 * window_set_io()); input that cannot be mapped is always read.
 */
enum window_io { WINDOW_IO_AUTO = 0, WINDOW_IO_MMAP, WINDOW_IO_READ };

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
	enum window_io io;     /* the reader that ran (MMAP or READ); for
	                          AUTO, the one it settled on */
	char io_why[128];      /* why that reader, for --stats: "--io=read",
	                          "standard input", "mmap 3.1 GB/s, read
	                          9.4 GB/s over the first 16 MiB" */
	/* Compressed input (fmt not DECOMP_NONE): bytes_read counts
	 * decompressed bytes; the decoder started dc_starts times (counting
	 * only starts that were read from), the last time at compressed
	 * offset dc_from_in, log (decompressed) offset dc_from_out: both 0
	 * for the start of the data, else a restart point's. */
	enum decomp_format fmt;
	uint64_t dc_starts;
	uint64_t dc_from_in, dc_from_out;
};

/*
 * What --stats says of a compressed input, one wording for every command:
 * "decompressed N bytes of gzip data from its start", or "... from the
 * restart point at compressed byte X (log byte Y)", with "K starts, the
 * last" before "from" when the decoder started more than once.  Writes
 * into buf (NUL-terminated, truncated to len) and returns buf.
 */
char *window_describe_decoded(const struct window_stats *ws, char *buf,
    size_t len);

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

/*
 * Open the file name, relative to the directory open at dirfd, that the
 * caller believes to be a regular file (a directory walk's d_type): as
 * window_open(), without the fstat(2) when the first read of
 * WINDOW_OPEN_PROBE bytes comes back short, since that read holds the
 * whole file and its size.  Unless follow is set, a symbolic link is not
 * followed.  Returns 0 and the handle; WINDOW_NOT_REGULAR (nothing
 * opened, err untouched) when name is no longer a regular file (a
 * symbolic link, a directory, a FIFO), for the caller to look again; or
 * -1 with err filled as window_open() does.
 */
#define WINDOW_NOT_REGULAR (-2)
#define WINDOW_OPEN_PROBE ((size_t)64 << 10)
int window_open_at(window_file **out, int dirfd, const char *name,
    int follow, size_t window_size, char *err);

/* Same as window_open() on an already open descriptor, which the handle
 * then owns and closes (it is closed on failure too).  A descriptor not at
 * offset 0 is read as a stream from where it stands. */
int window_open_fd(window_file **out, int fd, size_t window_size, char *err);

/*
 * Another handle on the regular file of wf (a duplicate of its
 * descriptor), with the same size taken at open, window size and reader
 * as asked for: for another thread to read a part of the file.  Returns 0
 * and the handle (for window_close()), or -1 with err filled (a stream
 * cannot be cloned).
 */
int window_clone(window_file **out, const window_file *wf, char *err);

/*
 * The offset of the first line that starts at or after off in a regular
 * file (0 for off 0; the size taken at open when no line starts there):
 * where a part of the file searched by one thread begins, so that parts
 * cut at any offsets hold whole lines, each line in exactly one.  Reads
 * with pread(2) from off - 1 to the next '\n' (any distance).  Returns 0
 * and *out, or -1 with err filled ("file shrank while being read" when
 * the file ends before the size taken at open; a stream has no offsets).
 */
int window_line_start(window_file *wf, uint64_t off, uint64_t *out,
                      char *err);

/*
 * Lines around a line start off of a regular file, for a search of a part
 * of it that needs context from outside the part: *out is the start of the
 * line k lines before off (window_lines_back(); 0 when fewer lines are
 * there, *got says how many were) or k lines after it
 * (window_lines_forward(); the size taken at open when fewer follow).
 * Reads with pread(2) as far as the lines reach.  Returns 0, or -1 with
 * err filled as for window_line_start().
 */
int window_lines_back(window_file *wf, uint64_t off, uint64_t k, uint64_t *out,
                      uint64_t *got, char *err);
int window_lines_forward(window_file *wf, uint64_t off, uint64_t k,
                         uint64_t *out, char *err);

/* Whether bytes [from, to) of a regular file hold a NUL: 1 or 0, or -1
 * with err filled as for window_line_start(). */
int window_has_nul(window_file *wf, uint64_t from, uint64_t to, char *err);

/* The same, with *at set to the offset of the first NUL (UINT64_MAX when
 * there is none): reads at the speed of the newline kernel's NUL search,
 * for a search of a part of a file that must know whether a NUL came
 * before it (grep's binary-file rule). */
int window_first_nul(window_file *wf, uint64_t from, uint64_t to, uint64_t *at,
                     char *err);

/*
 * Choose the reader of a regular file: MMAP maps windows of window_size
 * bytes; READ preads into one reused, page-aligned buffer of
 * min(window_size, WINDOW_READ_SIZE) bytes; AUTO maps a file smaller than
 * WINDOW_AUTO_MIN and otherwise times the first windows both ways
 * (turns of WINDOW_PROBE bytes, three each, on the windows it delivers
 * anyway, so nothing is read twice) and keeps the reader of the fastest
 * turn, the first of each left out, for the rest of the file.  Call before the first window_scan(); a stream ignores it.
 */
void window_set_io(window_file *wf, enum window_io io);
#define WINDOW_AUTO_MIN ((uint64_t)64 << 20)
#define WINDOW_PROBE ((uint64_t)4 << 20)

/* window_set_io(wf, io) with other thresholds for AUTO: probe files of
 * auto_min bytes or more, in turns of probe bytes (for tests, which cannot
 * afford files of 64 MiB). */
void window_set_io_probe(window_file *wf, enum window_io io, uint64_t auto_min,
    uint64_t probe);

/*
 * Choose the byte that ends a line: '\n' (the default) or '\0' for the
 * NUL-terminated records of grep -z, which windows then hold whole
 * (everything said of '\n' here is then said of it).  Call before the
 * first window_scan().
 */
void window_set_eol(window_file *wf, char eol);

/* The name of a reader: "auto", "mmap" or "read". */
const char *window_io_name(enum window_io io);

/* Parse "auto", "mmap" or "read" into *out; returns 0, or -1 (leaving *out
 * alone) for any other word. */
int window_io_parse(const char *s, enum window_io *out);

/* Size of the file taken at open, or UINT64_MAX for a stream (which is also
 * what a regular file that reported size 0 is: it may be a /proc file). */
uint64_t window_file_size(const window_file *wf);

/* Nonzero when the input is read with read(2) rather than mapped. */
int window_is_stream(const window_file *wf);

/*
 * How much of [from, to) of a plain regular file the page cache holds:
 * asks mincore(2) about WINDOW_CACHE_SAMPLES pages spread evenly over the
 * range (one PROT_READ mapping of the range that is never touched, so the
 * probe faults nothing in, reads nothing and never waits for the disk; a
 * few microseconds).  Sets *resident to the sample pages in the cache and
 * returns the pages asked about, or 0 when it cannot tell (a stream, a
 * compressed file, an empty range, or a mapping refused).
 */
#define WINDOW_CACHE_SAMPLES 32
unsigned window_cache_probe(const window_file *wf, uint64_t from, uint64_t to,
                            unsigned *resident);

/*
 * Read a file that window_cache_probe() found mostly not in the cache with
 * read(2) if its reader is still AUTO's to choose (an --io the user named
 * stands): the kernel's readahead then runs ahead of one reader in order,
 * where page faults on a mapping wait for each stretch (measured on a cold
 * 2 GiB log: index in order 1.1-1.3x dd bs=1M read, 1.4-1.8x mapped).  why
 * goes to the stats.  Call before the first window_scan().
 */
void window_prefer_read(window_file *wf, const char *why);

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
 * truncated under the mapping (SIGBUS is caught for the duration of fn) or
 * a pread came back short of the size taken at open, or a read/map error.  Windows are unmapped as soon as fn returns, so fn must
 * not keep pointers into w->data.  On truncation fn is abandoned mid-call by
 * a siglongjmp, so it must not hold a lock (stdio included) while it reads
 * w->data.  A handle serves one thread at a time.
 */
int window_scan(window_file *wf, uint64_t start, uint64_t end, window_fn fn,
    void *ctx, char *err);

/*
 * Compressed input (gzip, zstd, xz, bzip2, told by magic bytes) is read
 * through a decoder (see decomp.h) as a stream of its decompressed bytes:
 * offsets, sizes and lines are those of the decompressed data, and the
 * handle behaves as a stream (window_is_stream() is nonzero, the size is
 * UINT64_MAX) except that it can go back (it restarts the decoder).
 * AUTO (what window_open() does) decompresses a regular file read from
 * its start when its magic says so; NEVER reads the raw bytes; FORCE
 * also looks at the first bytes of a stream (standard input, a pipe)
 * and decompresses it when they are a known format (and passes it through
 * untouched otherwise, as zcat -f).
 */
enum window_decomp { WINDOW_DECOMP_AUTO = 0, WINDOW_DECOMP_NEVER,
	WINDOW_DECOMP_FORCE };

/* Choose how to treat compressed input; call before the first
 * window_scan().  Returns 0, or -1 with err filled (a read error while
 * looking at a stream's first bytes, or a decoder that cannot start). */
int window_set_decompress(window_file *wf, enum window_decomp mode,
    char *err);

/*
 * Whether compressed input is decompressed in a thread of its own, ahead
 * of the search (the default), or in the caller's thread, as it is read
 * (for -j 1: no thread but the caller's).  Applies to the decoder now
 * open if it has not started, and to every later one.
 */
void window_set_decoder_thread(window_file *wf, int threaded);

/* The format the input is decompressed from, or DECOMP_NONE. */
enum decomp_format window_format(const window_file *wf);

/* After a window_scan() that reached the end of compressed input: a
 * warning to show about that end ("gzip data ends early at compressed
 * byte N ..."), or NULL. */
const char *window_warning(const window_file *wf);

/*
 * Restart points of the compressed input (from an index), sorted by
 * decompressed offset; copied (windows too).  A later window_scan() whose
 * start lies far ahead of the decoder, or behind it, restarts the decoder
 * at the nearest point before start instead of decompressing from the
 * beginning.  Ignored for uncompressed input.
 */
void window_set_points(window_file *wf, const struct decomp_point *pts,
    size_t n);

/*
 * Ask the decoder to record restart points about every spacing
 * compressed bytes (see decomp_record_points()); after the scan that read
 * the input to its end, window_points() returns them (owned by wf).
 */
void window_record_points(window_file *wf, uint64_t spacing);
const struct decomp_point *window_points(const window_file *wf, size_t *n);

/* On a stream: the offset of the next byte not yet handed out (after a
 * scan to the end, the stream's length). */
uint64_t window_stream_pos(const window_file *wf);

/*
 * On a stream not yet scanned past its start: read ahead until up to want
 * bytes, or at least one whole line, or the end is buffered, and point
 * *data at the buffered bytes (*len of them, from offset 0), which the
 * next window_scan() still delivers.  The bytes are valid until that
 * scan.  Returns 0, or -1 with err filled (a read error, or a stream
 * already read past its start).
 */
int window_peek(window_file *wf, size_t want, const char **data, size_t *len,
    char *err);

/*
 * On a stream (read forward only): have tap(ctx, w) see each window just
 * before the scan's own function does, for an observer that needs the
 * lines before the ones it is given (its return value is ignored; NULL
 * removes it).  Not called for mapped or pread windows of a regular file.
 */
void window_set_tap(window_file *wf, window_fn tap, void *ctx);

/* Compressed bytes the decoder consumed so far (0 for plain input). */
uint64_t window_compressed_bytes(const window_file *wf);

/* Counters since open. */
const struct window_stats *window_get_stats(const window_file *wf);

/* Unmap, close and free; accepts NULL. */
void window_close(window_file *wf);

#endif
