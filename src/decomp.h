/*
 * decomp.h - decompress gzip, zstd, xz and bzip2 input as a byte stream.
 *
 * A decoder reads compressed bytes from a descriptor and hands out the
 * decompressed bytes, in order, into buffers the caller gives it: the
 * window module reads a compressed file through it exactly as it reads a
 * pipe.  Formats are recognised by their magic bytes, never by a file
 * name.  Every format is read to its end across concatenated parts (gzip
 * members, zstd frames, xz streams, bzip2 streams), as zcat does.
 *
 * A decoder can run in a thread of its own that decompresses ahead into a
 * few fixed buffers while the caller searches what it already has, so a
 * search costs about the decompression alone.  Memory is bounded by those
 * buffers and the library's own state whatever the input expands to.
 *
 * A decoder can also start in the middle of a file, at a restart point
 * (struct decomp_point) that an earlier pass recorded: the bit offset and
 * 32 KiB window of a deflate block for gzip, the bit offset of a block or
 * a stream start for bzip2, a block or stream boundary for xz, a frame
 * boundary for zstd.
 */
#ifndef LOGSCAN_DECOMP_H
#define LOGSCAN_DECOMP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum decomp_format {
	DECOMP_NONE = 0,
	DECOMP_GZIP,
	DECOMP_ZSTD,
	DECOMP_XZ,
	DECOMP_BZIP2
};

/* The fewest bytes decomp_detect() needs to tell every format apart. */
#define DECOMP_MAGIC_LEN 10

/* Input is read from the descriptor in pieces of this size. */
#define DECOMP_IN_SIZE ((size_t)256 << 10)
/* The decoder thread's buffers: DECOMP_NCHUNK of DECOMP_CHUNK bytes. */
#define DECOMP_CHUNK ((size_t)256 << 10)
#define DECOMP_NCHUNK 4

/* gzip's sliding window: what a deflate restart point must carry. */
#define DECOMP_WINDOW 32768

/*
 * The format whose magic bytes p[0..n) start with, or DECOMP_NONE.  n may
 * be short (a tiny file): then only the formats that fit are recognised.
 * bzip2 is recognised by "BZh", a block size digit and the magic of a
 * block or of the end of the stream, so text that merely starts "BZh" is
 * not taken for it.
 */
enum decomp_format decomp_detect(const void *p, size_t n);

/* "gzip", "zstd", "xz", "bzip2", or "plain" for DECOMP_NONE. */
const char *decomp_format_name(enum decomp_format f);

/*
 * A place where decompression can start again: the decompressed offset
 * out and the compressed offset in.  For gzip, either a member starts at
 * in (member set), or a deflate block starts bits bits before byte in,
 * and zwin holds the DECOMP_WINDOW (or fewer, near a member's start)
 * bytes of output that precede it, deflated (zlib format) to keep the
 * index small.  For bzip2, either a stream starts at in (member set), or
 * a block's magic starts bits bits before byte in; check is the stream's
 * block size digit (1-9).  For xz, a stream (member set) or a block
 * (check gives its stream's check type) starts at in; for zstd a frame.
 * Whoever made a point owns its zwin.
 */
struct decomp_point {
	uint64_t in;
	uint64_t out;
	int bits;   /* gzip and bzip2 blocks: 0..7 */
	int member; /* a gzip member, an xz or bzip2 stream starts at in */
	unsigned char *zwin;
	size_t zwin_len; /* 0: no window (a member start, or none) */
	int check; /* xz block: its stream's check type (lzma_check); bzip2:
	              the stream's block size digit */
};

/* Inflate pt's window into win (DECOMP_WINDOW bytes); *len gets its
 * length.  Returns 0, or -1 when the stored window is damaged. */
int decomp_point_window(const struct decomp_point *pt, unsigned char *win,
    size_t *len);

typedef struct decomp decomp;

/*
 * Open a decoder of format f on fd.  prefix[0..plen) are bytes already
 * read from a stream (to detect the format) that come before what fd
 * still holds; they are copied.  With seekable set, fd is a regular file
 * read with pread(2) from offset 0 (prefix is then ignored); otherwise it
 * is read with read(2) from where it stands.  With threaded set, a thread decompresses
 * ahead.  Returns 0 and a handle for decomp_close(), or -1 with err
 * filled (the library could not start; fd is not closed: the caller owns
 * it in every case).
 */
int decomp_open(decomp **out, int fd, enum decomp_format f, int seekable,
    const void *prefix, size_t plen, int threaded, char *err);

/*
 * Open a decoder of format f on the regular file fd, starting at the
 * restart point pt (copied).  Returns 0 or -1 as decomp_open().  From a
 * bzip2 block, each block's CRC is checked but not the stream's combined
 * CRC, which covers the blocks before it too.
 */
int decomp_open_at(decomp **out, int fd, enum decomp_format f,
    const struct decomp_point *pt, int threaded, char *err);

/*
 * Before the first decomp_read(): whether a thread decompresses ahead
 * (what decomp_open()'s threaded asked for, changed).
 */
void decomp_set_threaded(decomp *d, int threaded);

/*
 * Ask the decoder to record restart points about every spacing compressed
 * bytes as it goes (0: none, the default); points that need no window
 * (all but gzip's deflate blocks) every spacing / 16 bytes.  Call before
 * the first decomp_read() of a decoder opened at the start.  gzip decoding then
 * stops at every deflate block, which costs a few percent; bzip2 decoding
 * (of a seekable file) searches the compressed bits for block magics and
 * stops at each, which costs little.
 */
void decomp_record_points(decomp *d, uint64_t spacing);

/*
 * The restart points recorded so far, in order (the start is not among
 * them); *n gets their number.  The array belongs to the decoder and is
 * valid until the next decomp_read() or decomp_close().  With a decoder
 * thread, points are complete only after decomp_read() returned 0.
 */
const struct decomp_point *decomp_points(const decomp *d, size_t *n);

/*
 * Copy up to n decompressed bytes into buf.  Returns the number copied
 * (> 0), 0 at the end of the data, or -1 with err filled: "corrupt gzip
 * data at compressed byte N (why)", or a read error.  The bytes before an
 * error are all handed out first.  A stream that ends early is not an
 * error: its last decoded bytes are handed out, then 0, and
 * decomp_warning() says so.
 */
ssize_t decomp_read(decomp *d, void *buf, size_t n, char *err);

/*
 * After decomp_read() returned 0: a note about the end of the data that
 * the caller should show as a warning (the data ends early, or garbage
 * follows the last gzip member), or NULL.
 */
const char *decomp_warning(const decomp *d);

/* Compressed bytes consumed so far (counting from the start of the file). */
uint64_t decomp_in_bytes(const decomp *d);

/*
 * Decompress the first bytes of the regular file fd (format f) into
 * buf[0..cap), without a thread; fd's offset is not moved.  Returns the
 * bytes stored (fewer than cap when the data is shorter), or -1 with err
 * filled as decomp_read().
 */
ssize_t decomp_read_head(int fd, enum decomp_format f, void *buf, size_t cap,
    char *err);

/* Stop the thread, free the library state; accepts NULL. fd stays open. */
void decomp_close(decomp *d);

/* The versions of the decompression libraries, for --version:
 * "zlib 1.2.13, zstd 1.5.4, liblzma 5.4.1, libbz2 1.0.8". */
const char *decomp_versions(void);

#endif
