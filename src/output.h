/*
 * output.h - one large buffered writer on a file descriptor (standard
 * output), for everything a search prints.
 *
 * Writes are copied into a big buffer and handed to write(2) when it fills.
 * The first write error (EPIPE when the reader went away, ENOSPC, EIO...)
 * is remembered: from then on every call is a cheap no-op that returns -1,
 * so a caller checks output_error() when convenient instead of after every
 * line, and never reports the same failure twice.
 */
#ifndef LOGSCAN_OUTPUT_H
#define LOGSCAN_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#define OUTPUT_DEFAULT_BUFSIZE ((size_t)256 << 10)

typedef struct output output;

/*
 * Make a writer on fd (not owned: output_close leaves it open) with a
 * buffer of bufsize bytes (0 means OUTPUT_DEFAULT_BUFSIZE).  With
 * line_buffered set, the buffer is flushed after every write that ends a
 * line, for terminals and pipelines that want lines as they are found.
 * Never fails (allocation failure exits, as xmalloc does).
 */
output *output_open(int fd, size_t bufsize, int line_buffered);

/*
 * Where a writer made by output_open_sink() hands its full buffer: take
 * p[0, n) (copy it: the buffer is reused) and return 0, or an errno value
 * that the writer then keeps as its error.
 */
typedef int (*output_sink_fn)(void *ctx, const char *p, size_t n);

/*
 * A writer as output_open(), whose flushes call fn(ctx, ...) instead of
 * write(2): a worker thread's output, handed on in order (see par.h).
 * Never fails.
 */
output *output_open_sink(output_sink_fn fn, void *ctx, size_t bufsize);

/*
 * Append n bytes.  Returns 0, or -1 when this or an earlier write to fd
 * failed (the bytes are then dropped).
 */
int output_write(output *o, const void *p, size_t n);

/*
 * Append n bytes of whole lines (the last may lack its '\n') as records
 * that each fit in the buffer without a flush in between (a line longer
 * than the buffer is a record of its own).  *mark is kept at
 * output_pending() where the record being copied began, so that a caller
 * whose copy is cut short (SIGBUS from a file that shrank) can drop the
 * partial record with output_discard(o, *mark) and keep whole lines only.
 * Returns as output_write().
 */
int output_lines(output *o, const char *p, size_t n, size_t *mark);

/* Append a NUL-terminated string; as output_write(). */
int output_puts(output *o, const char *s);

/* Append one byte; as output_write(). */
int output_putc(output *o, int c);

/* Append v in decimal; as output_write(). */
int output_u64(output *o, uint64_t v);

/*
 * Make room for n bytes: flush now unless they fit in the buffer as it
 * is, so that up to the buffer's size can then be written without a flush
 * in between.  Returns 0, or -1 after a write error.
 */
int output_reserve(output *o, size_t n);

/* The number of bytes buffered and not yet written. */
size_t output_pending(const output *o);

/* The number of bytes appended since the writer was opened (written or
 * still buffered; output_discard() takes dropped ones back). */
uint64_t output_total(const output *o);

/* The number of bytes that can be written before the next flush. */
size_t output_room(const output *o);

/*
 * Drop what was buffered after output_pending() returned mark (nothing was
 * flushed since): for a record that could not be completed.
 */
void output_discard(output *o, size_t mark);

/* Nonzero when every line written is flushed at once (line_buffered). */
int output_line_buffered(const output *o);

/* Write out everything buffered.  Returns 0, or -1 after a write error. */
int output_flush(output *o);

/*
 * The errno of the first failed write (EPIPE, ENOSPC, ...), or 0 while
 * every write has succeeded.
 */
int output_error(const output *o);

/* Free the writer without flushing (call output_flush first); accepts
 * NULL. */
void output_close(output *o);

#endif
