#include "config.h"

/*
 * decomp.c - gzip, zstd, xz and bzip2 decoders behind one read call.
 *
 * Each format has a step function that turns some input into some output
 * and says whether the data went on, ended or failed; fill() runs steps
 * until a buffer is full.  The optional thread runs fill() into a ring of
 * DECOMP_NCHUNK buffers ahead of the reader.  Restart points are noted by
 * the step functions where the format allows a restart: after a deflate
 * block (zlib's Z_BLOCK, as in zlib's zran.c example), at a bzip2 block,
 * or at the start of a gzip member, a zstd frame, an xz or bzip2 stream;
 * xz blocks are read from the file's indexes.
 */

#include <bzlib.h>
#include <errno.h>
#include <limits.h>
#include <lzma.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "decomp.h"
#include "util.h"

enum { DS_OK, DS_END, DS_ERR };

struct chunk {
	unsigned char *buf;
	size_t len;
};

struct decomp {
	int fd;
	enum decomp_format fmt;
	int seekable;
	/* Input: compressed bytes [in_off, in_off + ilen) sit at in; the
	 * decoder has consumed up to ipos. */
	unsigned char *in;
	size_t icap, ilen, ipos;
	uint64_t in_off;
	int in_eof;
	uint64_t out_total; /* decompressed bytes produced */
	/* Library state, by format. */
	z_stream z;
	int z_init;
	int raw;          /* gzip: in raw deflate (started at a block) */
	int between;      /* at a part boundary: a member, stream, frame */
	int skip_trailer; /* gzip: raw deflate ended; its 8-byte trailer */
	ZSTD_DCtx *zs;
	size_t zs_last;   /* ZSTD_decompressStream's last answer */
	lzma_stream x;
	int x_init;
	/* xz started at a block (decomp_open_at()): blocks are decoded one
	 * by one with the stream's check type until the stream's index,
	 * which is read and dropped; then on as from a stream's end. */
	int xb;          /* in that mode */
	int xb_state;    /* XB_HEADER, XB_BLOCK or XB_INDEX */
	lzma_check xb_check;
	lzma_block xb_blk; /* the block decoder reads it to the end */
	lzma_index *xb_idx;
	int x_points;    /* xz points were all taken from the file's indexes */
	bz_stream b;
	int b_init;
	/* bzip2 read through a copy of its bits (struct bzbits): while
	 * recording points (bb_track: every stream), or from a block. */
	struct bzbits *bb;
	int bb_on, bb_track;
	/* How it ended. */
	int ended, failed;
	char err[LS_ERRSZ];
	char warn[LS_ERRSZ];
	/* Restart points. */
	uint64_t spacing, last_point_in;
	struct decomp_point *points;
	size_t npoints, points_cap;
	unsigned char *dict; /* DECOMP_WINDOW bytes, for gzip points */
	/* The thread and its ring. */
	int threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk ch[DECOMP_NCHUNK];
	size_t head, count, cpos;
	int prod_done, stop;
};

static int xb_step(decomp *d, unsigned char *out, size_t cap, size_t *got);
static int xz_file_points(decomp *d);
static uint64_t consumed_pos(const decomp *d);

/* ---- detection ---- */

enum decomp_format
decomp_detect(const void *vp, size_t n)
{
	const unsigned char *p = vp;
	static const unsigned char bz_block[6] = {0x31, 0x41, 0x59,
	                                          0x26, 0x53, 0x59};
	static const unsigned char bz_end[6] = {0x17, 0x72, 0x45,
	                                        0x38, 0x50, 0x90};

	if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return DECOMP_GZIP;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
	    p[3] == 0xfd)
		return DECOMP_ZSTD;
	/* A skippable zstd frame: 0x184D2A50..5F, little-endian. */
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	    p[3] == 0x18)
		return DECOMP_ZSTD;
	if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return DECOMP_XZ;
	if (n >= 10 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	    p[3] >= '1' && p[3] <= '9' &&
	    (memcmp(p + 4, bz_block, 6) == 0 || memcmp(p + 4, bz_end, 6) == 0))
		return DECOMP_BZIP2;
	return DECOMP_NONE;
}

const char *
decomp_format_name(enum decomp_format f)
{
	switch (f) {
	case DECOMP_GZIP:
		return "gzip";
	case DECOMP_ZSTD:
		return "zstd";
	case DECOMP_XZ:
		return "xz";
	case DECOMP_BZIP2:
		return "bzip2";
	case DECOMP_NONE:
		break;
	}
	return "plain";
}

const char *
decomp_versions(void)
{
	static char buf[160];
	char bz[32];
	size_t i;

	snprintf(bz, sizeof(bz), "%s", BZ2_bzlibVersion());
	for (i = 0; bz[i] != '\0'; i++)
		if (bz[i] == ',') {
			bz[i] = '\0';
			break;
		}
	snprintf(buf, sizeof(buf), "zlib %s, zstd %s, liblzma %s, libbz2 %s",
	         zlibVersion(), ZSTD_versionString(), lzma_version_string(),
	         bz);
	return buf;
}

/* ---- input ---- */

/* Compressed bytes buffered and not yet consumed. */
static size_t
avail(const decomp *d)
{
	return d->ilen - d->ipos;
}

/* The file offset of the next compressed byte to consume. */
static uint64_t
in_pos(const decomp *d)
{
	return d->in_off + d->ipos;
}

/* Read more compressed bytes after the buffered ones.  Returns 1, 0 at
 * the end of the file, or -1 with d->err filled. */
static int
refill(decomp *d)
{
	ssize_t n;

	if (d->ipos > 0) {
		memmove(d->in, d->in + d->ipos, d->ilen - d->ipos);
		d->in_off += d->ipos;
		d->ilen -= d->ipos;
		d->ipos = 0;
	}
	if (d->in_eof)
		return 0;
	for (;;) {
		if (d->seekable)
			n = pread(d->fd, d->in + d->ilen, d->icap - d->ilen,
			          (off_t)(d->in_off + d->ilen));
		else
			n = read(d->fd, d->in + d->ilen, d->icap - d->ilen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			ls_errf(d->err, "%s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			d->in_eof = 1;
			return 0;
		}
		d->ilen += (size_t)n;
		return 1;
	}
}

/* Make at least k bytes available unless the file ends first.  Returns
 * what is available, or -1 with d->err filled. */
static ssize_t
need(decomp *d, size_t k)
{
	while (avail(d) < k) {
		int r = refill(d);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
	}
	return (ssize_t)avail(d);
}

static void
truncated(decomp *d)
{
	ls_errf(d->warn,
	        "%s data ends early at compressed byte %llu (truncated, or "
	        "still being written): read up to there",
	        decomp_format_name(d->fmt),
	        (unsigned long long)consumed_pos(d));
}

static int
corrupt(decomp *d, const char *why)
{
	ls_errf(d->err, "corrupt %s data at compressed byte %llu (%s)",
	        decomp_format_name(d->fmt),
	        (unsigned long long)consumed_pos(d), why);
	return DS_ERR;
}

/* Inside a stream, before decoding: have some compressed input buffered.
 * Returns DS_OK, DS_END when the file ends there (the stream was cut
 * short: warned), or DS_ERR with d->err filled. */
static int
more_or_truncated(decomp *d)
{
	int r;

	if (avail(d) > 0)
		return DS_OK;
	r = refill(d);
	if (r < 0)
		return DS_ERR;
	if (r == 0) {
		truncated(d);
		return DS_END;
	}
	return DS_OK;
}

/* ---- restart points ---- */

/* Note a restart point at compressed offset in (bits before it, for a
 * deflate or bzip2 block), decompressed offset out_total, when the last
 * one is at least the spacing behind.  For a deflate block the decoder's
 * window is stored deflated.  Returns the point, or NULL when none was
 * noted. */
static struct decomp_point *
add_point(decomp *d, uint64_t in, int bits, int member)
{
	struct decomp_point *pt;

	/* A point without a window costs a few bytes: those are kept
	 * sixteen times as densely. */
	uint64_t gap = d->fmt == DECOMP_GZIP && !member ? d->spacing
	                                                : d->spacing / 16;

	if (d->spacing == 0 || d->out_total == 0 ||
	    in - d->last_point_in < gap)
		return NULL;
	if (d->npoints == d->points_cap) {
		d->points_cap = d->points_cap ? d->points_cap * 2 : 64;
		d->points = xreallocarray(d->points, d->points_cap,
		                          sizeof(*d->points));
	}
	pt = &d->points[d->npoints];
	memset(pt, 0, sizeof(*pt));
	pt->in = in;
	pt->out = d->out_total;
	pt->bits = bits;
	pt->member = member;
	if (d->fmt == DECOMP_GZIP && !member) {
		uInt len = 0;
		uLongf zlen;

		if (d->dict == NULL)
			d->dict = xmalloc(DECOMP_WINDOW);
		if (inflateGetDictionary(&d->z, d->dict, &len) != Z_OK)
			return NULL; /* not a point then */
		zlen = compressBound(len);
		pt->zwin = xmalloc(zlen);
		if (compress2(pt->zwin, &zlen, d->dict, len, 6) != Z_OK) {
			free(pt->zwin);
			return NULL;
		}
		pt->zwin_len = zlen;
	}
	d->npoints++;
	d->last_point_in = in;
	return pt;
}

void
decomp_record_points(decomp *d, uint64_t spacing)
{
	d->spacing = spacing;
	/* xz blocks decode independently, but only the file's indexes say
	 * where they start. */
	if (d->fmt == DECOMP_XZ && d->seekable && spacing > 0 &&
	    d->in_off == 0 && d->out_total == 0)
		(void)xz_file_points(d);
	/* bzip2 blocks: found while decoding (bb_step()), which reads the
	 * file again from each stream's start. */
	if (d->fmt == DECOMP_BZIP2 && d->seekable && spacing > 0 &&
	    d->in_off == 0 && d->out_total == 0)
		d->bb_track = 1;
}

const struct decomp_point *
decomp_points(const decomp *d, size_t *n)
{
	*n = d->npoints;
	return d->points;
}

int
decomp_point_window(const struct decomp_point *pt, unsigned char *win,
                    size_t *len)
{
	uLongf n = DECOMP_WINDOW;

	*len = 0;
	if (pt->zwin_len == 0)
		return 0;
	if (uncompress(win, &n, pt->zwin, pt->zwin_len) != Z_OK)
		return -1;
	*len = n;
	return 0;
}

/* ---- gzip ---- */

static int
gz_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	z_stream *z = &d->z;
	ssize_t a;
	int ret, st;

	if (d->skip_trailer) {
		/* A member read as raw deflate from a block point ended;
		 * its CRC and length follow (only the whole member could
		 * check them). */
		if ((a = need(d, 8)) < 0)
			return DS_ERR;
		if (a < 8) {
			truncated(d);
			return DS_END;
		}
		d->ipos += 8;
		d->skip_trailer = 0;
		d->between = 1;
	}
	if (d->between) {
		const unsigned char *p;

		if ((a = need(d, 3)) < 0)
			return DS_ERR;
		if (a == 0)
			return DS_END;
		p = d->in + d->ipos;
		if (a < 3 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8) {
			/* gzip's rule: what follows the last member is
			 * ignored, with a warning (tape padding is zeros). */
			ls_errf(d->warn,
			        "%llu bytes of trailing garbage after the gzip "
			        "data at compressed byte %llu ignored",
			        (unsigned long long)(avail(d)),
			        (unsigned long long)in_pos(d));
			while (refill(d) > 0)
				;
			return DS_END;
		}
		add_point(d, in_pos(d), 0, 1);
		if (inflateReset2(z, 31) != Z_OK)
			return corrupt(d, "cannot reset zlib");
		d->raw = 0;
		d->between = 0;
	}
	if ((st = more_or_truncated(d)) != DS_OK)
		return st;
	z->next_in = d->in + d->ipos;
	z->avail_in = avail(d) > UINT_MAX ? UINT_MAX : (uInt)avail(d);
	z->next_out = out;
	z->avail_out = cap > UINT_MAX ? UINT_MAX : (uInt)cap;
	ret = inflate(z, d->spacing ? Z_BLOCK : Z_NO_FLUSH);
	*got = (size_t)(z->next_out - out);
	d->ipos = (size_t)(z->next_in - d->in);
	d->out_total += *got;
	switch (ret) {
	case Z_STREAM_END:
		if (d->raw)
			d->skip_trailer = 1;
		else
			d->between = 1;
		return DS_OK;
	case Z_OK:
	case Z_BUF_ERROR:
		/* At the end of a block that is not the member's last: a
		 * place to restart with the window that precedes it. */
		if (d->spacing && (z->data_type & 128) && !(z->data_type & 64))
			add_point(d, in_pos(d), z->data_type & 7, 0);
		return DS_OK;
	case Z_MEM_ERROR:
		ls_errf(d->err, "%s", strerror(ENOMEM));
		return DS_ERR;
	default:
		return corrupt(d, z->msg != NULL ? z->msg : "bad data");
	}
}

/* Start raw inflation at a deflate block: the bits before byte pt->in
 * and the window that precedes it.  Returns 0 or -1 with err filled. */
static int
gz_start_block(decomp *d, const struct decomp_point *pt, char *err)
{
	unsigned char *win = xmalloc(DECOMP_WINDOW);
	size_t wlen;
	int rc = -1;

	if (inflateReset2(&d->z, -15) != Z_OK) {
		ls_errf(err, "cannot start zlib");
		goto out;
	}
	d->raw = 1;
	if (pt->bits > 0) {
		unsigned char c;

		if (pread(d->fd, &c, 1, (off_t)(pt->in - 1)) != 1) {
			ls_errf(err, "cannot read compressed byte %llu",
			        (unsigned long long)(pt->in - 1));
			goto out;
		}
		inflatePrime(&d->z, pt->bits, c >> (8 - pt->bits));
	}
	if (decomp_point_window(pt, win, &wlen) < 0) {
		ls_errf(err, "bad window in restart point");
		goto out;
	}
	if (wlen > 0 && inflateSetDictionary(&d->z, win, (uInt)wlen) != Z_OK) {
		ls_errf(err, "bad window in restart point");
		goto out;
	}
	rc = 0;
out:
	free(win);
	return rc;
}

/* ---- zstd ---- */

static int
zs_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	ZSTD_inBuffer ib;
	ZSTD_outBuffer ob;
	size_t ret;

	if (avail(d) == 0 && d->zs_last == 0) {
		/* Between frames: the next one's start is a restart point
		 * when there is one. */
		int r = refill(d);

		if (r < 0)
			return DS_ERR;
		if (r == 0)
			return DS_END;
		add_point(d, in_pos(d), 0, 0);
	} else if (avail(d) == 0) {
		int st = more_or_truncated(d);

		if (st != DS_OK)
			return st;
	} else if (d->zs_last == 0) {
		add_point(d, in_pos(d), 0, 0);
	}
	ib.src = d->in + d->ipos;
	ib.size = avail(d);
	ib.pos = 0;
	ob.dst = out;
	ob.size = cap;
	ob.pos = 0;
	ret = ZSTD_decompressStream(d->zs, &ob, &ib);
	*got = ob.pos;
	d->out_total += ob.pos;
	if (ZSTD_isError(ret))
		return corrupt(d, ZSTD_getErrorName(ret));
	d->ipos += ib.pos;
	d->zs_last = ret;
	return DS_OK;
}

/* ---- xz ---- */

static int
xz_init(decomp *d)
{
	lzma_stream init = LZMA_STREAM_INIT;

	if (d->x_init)
		lzma_end(&d->x);
	d->x = init;
	d->x_init = 1;
	return lzma_stream_decoder(&d->x, UINT64_MAX, 0) == LZMA_OK ? 0 : -1;
}

static const char *
xz_why(lzma_ret r)
{
	switch (r) {
	case LZMA_FORMAT_ERROR:
		return "not xz data";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "compressed data is corrupt";
	case LZMA_BUF_ERROR:
		return "unexpected end of input";
	case LZMA_UNSUPPORTED_CHECK:
		return "unsupported integrity check";
	default:
		return "bad data";
	}
}

/* What an xz step's lzma_code() answer other than a stream's end means:
 * go on, the input ended inside the data, or an error. */
static int
xz_result(decomp *d, lzma_ret r, lzma_action act)
{
	if (r == LZMA_OK)
		return DS_OK;
	if (r == LZMA_BUF_ERROR && act == LZMA_FINISH) {
		truncated(d);
		return DS_END;
	}
	if (r == LZMA_MEM_ERROR || r == LZMA_MEMLIMIT_ERROR) {
		ls_errf(d->err, "%s", strerror(ENOMEM));
		return DS_ERR;
	}
	return corrupt(d, xz_why(r));
}

static int
xz_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	lzma_action act = LZMA_RUN;
	lzma_ret r;
	ssize_t a;

	if (d->xb)
		return xb_step(d, out, cap, got);
	if (d->between) {
		/* After a stream: padding of zero bytes in fours, then
		 * another stream or the end. */
		for (;;) {
			if ((a = need(d, 4)) < 0)
				return DS_ERR;
			if (a == 0)
				return DS_END;
			if (a < 4 || memcmp(d->in + d->ipos, "\0\0\0\0", 4) != 0)
				break;
			d->ipos += 4;
		}
		if ((a = need(d, 6)) < 0)
			return DS_ERR;
		if (decomp_detect(d->in + d->ipos, (size_t)a) != DECOMP_XZ)
			return corrupt(d, "garbage after the last stream");
		if (!d->x_points)
			add_point(d, in_pos(d), 0, 1);
		if (xz_init(d) < 0)
			return corrupt(d, "cannot start liblzma");
		d->between = 0;
	}
	if (avail(d) == 0) {
		int rr = refill(d);

		if (rr < 0)
			return DS_ERR;
		if (rr == 0)
			act = LZMA_FINISH;
	}
	d->x.next_in = d->in + d->ipos;
	d->x.avail_in = avail(d);
	d->x.next_out = out;
	d->x.avail_out = cap;
	r = lzma_code(&d->x, act);
	*got = (size_t)(d->x.next_out - out);
	d->ipos = (size_t)(d->x.next_in - d->in);
	d->out_total += *got;
	if (r == LZMA_STREAM_END) {
		d->between = 1;
		return DS_OK;
	}
	return xz_result(d, r, act);
}

/* Where xz decoding started at a block stands: before a block header
 * (or the index), inside a block, inside the stream's index. */
enum { XB_HEADER, XB_BLOCK, XB_INDEX };

/* Start the block decoder on the block header at the input (its size
 * from its first byte).  Returns DS_OK, DS_END (cut short: warned), or
 * DS_ERR. */
static int
xb_start_block(decomp *d)
{
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	lzma_block *blk = &d->xb_blk;
	lzma_ret r;
	size_t size = ((size_t)d->in[d->ipos] + 1) * 4;
	ssize_t a = need(d, size);

	if (a < 0)
		return DS_ERR;
	if ((size_t)a < size) {
		truncated(d);
		return DS_END;
	}
	memset(blk, 0, sizeof(*blk));
	blk->version = 1;
	blk->check = d->xb_check;
	blk->filters = filters;
	blk->header_size = (uint32_t)size;
	if (lzma_block_header_decode(blk, NULL, d->in + d->ipos) != LZMA_OK)
		return corrupt(d, "bad block header");
	if (d->x_init)
		lzma_end(&d->x);
	d->x = (lzma_stream)LZMA_STREAM_INIT;
	d->x_init = 1;
	/* The decoder keeps blk (it checks the sizes and the check at the
	 * block's end); the filters are copied at its start. */
	r = lzma_block_decoder(&d->x, blk);
	for (size_t i = 0; filters[i].id != LZMA_VLI_UNKNOWN; i++)
		free(filters[i].options);
	blk->filters = NULL;
	if (r != LZMA_OK)
		return corrupt(d, xz_why(r));
	d->ipos += size;
	d->xb_state = XB_BLOCK;
	return DS_OK;
}

/*
 * xz decoding that started at a block: the stream's remaining blocks,
 * then its index (checked for form, not against the blocks, which were
 * not all seen) and its footer; then back to the stream path for
 * padding and the next stream.
 */
static int
xb_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	lzma_action act = LZMA_RUN;
	lzma_ret r;
	ssize_t a;

	*got = 0;
	if (d->xb_state == XB_HEADER) {
		if ((a = need(d, 1)) < 0)
			return DS_ERR;
		if (a == 0) {
			truncated(d);
			return DS_END;
		}
		if (d->in[d->ipos] != 0)
			return xb_start_block(d);
		/* Index Indicator: the stream's blocks are done. */
		if (d->x_init)
			lzma_end(&d->x);
		d->x = (lzma_stream)LZMA_STREAM_INIT;
		d->x_init = 1;
		if (lzma_index_decoder(&d->x, &d->xb_idx, UINT64_MAX) !=
		    LZMA_OK)
			return corrupt(d, "cannot start liblzma");
		d->xb_state = XB_INDEX;
	}
	if (avail(d) == 0) {
		int rr = refill(d);

		if (rr < 0)
			return DS_ERR;
		if (rr == 0)
			act = LZMA_FINISH;
	}
	d->x.next_in = d->in + d->ipos;
	d->x.avail_in = avail(d);
	d->x.next_out = out;
	d->x.avail_out = d->xb_state == XB_BLOCK ? cap : 0;
	r = lzma_code(&d->x, act);
	*got = (size_t)(d->x.next_out - out);
	d->ipos = (size_t)(d->x.next_in - d->in);
	d->out_total += *got;
	if (r == LZMA_STREAM_END && d->xb_state == XB_BLOCK) {
		d->xb_state = XB_HEADER;
		return DS_OK;
	}
	if (r == LZMA_STREAM_END) {
		/* The index is read; the 12-byte footer follows. */
		lzma_index_end(d->xb_idx, NULL);
		d->xb_idx = NULL;
		if ((a = need(d, 12)) < 0)
			return DS_ERR;
		if (a < 12) {
			truncated(d);
			return DS_END;
		}
		if (memcmp(d->in + d->ipos + 10, "YZ", 2) != 0)
			return corrupt(d, "bad stream footer");
		d->ipos += 12;
		d->xb = 0;
		d->between = 1;
		return DS_OK;
	}
	return xz_result(d, r, act);
}

/*
 * The restart points of a whole xz file, from its indexes (read from the
 * end, as xz --list does): every stream start and every block start, at
 * least spacing / 16 compressed bytes apart.  Returns 0 with them in d,
 * or -1 when the file's indexes cannot be read (a file cut short, still
 * being written): then points come from the decoding, at streams only.
 */
static int
xz_file_points(decomp *d)
{
	lzma_stream st = LZMA_STREAM_INIT;
	lzma_index *idx = NULL;
	lzma_index_iter it;
	struct stat sb;
	unsigned char *buf;
	uint64_t pos = 0;
	lzma_ret r;
	int rc = -1;

	if (fstat(d->fd, &sb) < 0 ||
	    lzma_file_info_decoder(&st, &idx, UINT64_MAX,
	                           (uint64_t)sb.st_size) != LZMA_OK)
		return -1;
	buf = xmalloc(DECOMP_IN_SIZE);
	for (;;) {
		ssize_t n;

		if (st.avail_in == 0) {
			n = pread(d->fd, buf, DECOMP_IN_SIZE, (off_t)pos);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			st.next_in = buf;
			st.avail_in = (size_t)n;
			pos += (uint64_t)n;
		}
		r = lzma_code(&st, st.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_SEEK_NEEDED) {
			pos = st.seek_pos;
			st.avail_in = 0;
			continue;
		}
		if (r == LZMA_STREAM_END)
			rc = 0;
		if (r != LZMA_OK)
			break;
	}
	lzma_end(&st);
	free(buf);
	if (rc < 0) {
		lzma_index_end(idx, NULL);
		return -1;
	}
	lzma_index_iter_init(&it, idx);
	while (!lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK)) {
		int first = it.block.number_in_stream == 1;
		uint64_t in = first ? it.stream.compressed_offset
		                    : it.block.compressed_file_offset;
		uint64_t out = it.block.uncompressed_file_offset;

		/* add_point() keeps the spacing and skips the start. */
		d->out_total = out;
		if (d->npoints > 0 && d->points[d->npoints - 1].out >= out)
			continue;
		add_point(d, in, 0, first);
		if (d->npoints > 0 && d->points[d->npoints - 1].in == in)
			d->points[d->npoints - 1].check =
			    (int)it.stream.flags->check;
	}
	lzma_index_end(idx, NULL);
	d->out_total = 0;
	d->last_point_in = 0;
	d->x_points = 1;
	return 0;
}

/* ---- bzip2 ---- */

static int
bz_init(decomp *d)
{
	if (d->b_init)
		BZ2_bzDecompressEnd(&d->b);
	memset(&d->b, 0, sizeof(d->b));
	d->b_init = BZ2_bzDecompressInit(&d->b, 0, 0) == BZ_OK;
	return d->b_init ? 0 : -1;
}

/* What a libbz2 answer other than BZ_OK and BZ_STREAM_END means. */
static int
bz_error(decomp *d, int r)
{
	switch (r) {
	case BZ_MEM_ERROR:
		ls_errf(d->err, "%s", strerror(ENOMEM));
		return DS_ERR;
	case BZ_DATA_ERROR_MAGIC:
		return corrupt(d, "bad magic");
	default:
		return corrupt(d, "data integrity error");
	}
}

/*
 * bzip2 blocks start at any bit, each behind a 48-bit magic; the end of
 * a stream is marked by another 48-bit magic and the stream's combined
 * CRC.  Compressed data may hold either magic by chance, and libbz2
 * decodes whole streams only.  So, to find blocks (while recording
 * points) or to start at one, libbz2 is fed a copy of the file's bits:
 * from a stream's start unchanged, or from a block shifted to a byte
 * boundary behind a made-up stream header ("BZh" and the stream's block
 * size digit).  The copy is searched for both magics at every bit, and
 * libbz2 is handed the copy only up to the byte that holds the next
 * magic found.  When it then asks for more input it has finished every
 * block whose bits it was given, and checked each one's CRC.  A magic is
 * real exactly when a block was finished since libbz2 last stopped at a
 * magic: a block ends right before a real magic, and no false magic can
 * share a byte with the bits before a real one (no two magics overlap by
 * more than 3 bits).  At a real block magic, out_total is where that
 * block's output starts.  Started at a block, decoding ends the stream at
 * its real end magic, before libbz2 reads it: the stream's combined CRC
 * covers blocks that were not read, so only the blocks' CRCs are checked.
 */
#define BZ_BLOCK_MAGIC 0x314159265359ULL
#define BZ_END_MAGIC 0x177245385090ULL
#define BZ_MAGIC_MASK 0xffffffffffffULL
#define BZ_NO_MAGIC UINT64_MAX

struct bzbits {
	unsigned char *copy; /* copy[0..len) is the copy's bytes from off */
	size_t len, pos;     /* libbz2 was given copy[0..pos) */
	uint64_t off;
	uint64_t org;        /* the file's bit at copy bit hdr */
	uint64_t hdr;        /* 32 after a made-up header, else 0 */
	int digit;           /* the stream's block size digit, 1-9 */
	int eof;             /* the file's last byte is in the copy */
	uint64_t scan;       /* copy bit where the search goes on */
	uint64_t magic;      /* copy bit of the next magic, or BZ_NO_MAGIC */
	int magic_end;       /* ... an end-of-stream magic */
	uint64_t stop_out;   /* out_total when libbz2 last stopped at one */
	/* By the byte after a magic's first byte: bit s set when a magic
	 * shifted by s bits may start in the byte before. */
	unsigned char hint[256];
};

/* Start feeding libbz2 (already set up) the copy from the file's bit
 * bit: a stream's start (hdr 0), or a block behind a made-up header
 * (hdr 32).  The input is read again from there. */
static void
bb_start(decomp *d, uint64_t bit, uint64_t hdr, int digit)
{
	struct bzbits *s = d->bb;
	int sh;

	if (s == NULL) {
		s = d->bb = xcalloc(1, sizeof(*s));
		s->copy = xmalloc(DECOMP_IN_SIZE);
		for (sh = 0; sh < 8; sh++) {
			s->hint[(BZ_BLOCK_MAGIC >> (32 + sh)) & 0xff] |= 1 << sh;
			s->hint[(BZ_END_MAGIC >> (32 + sh)) & 0xff] |= 1 << sh;
		}
	}
	s->len = s->pos = 0;
	s->off = 0;
	s->org = bit;
	s->hdr = hdr;
	s->digit = digit;
	s->eof = 0;
	/* Past the magic decoding starts at. */
	s->scan = hdr > 0 ? hdr + 1 : 0;
	s->magic = BZ_NO_MAGIC;
	s->stop_out = d->out_total;
	d->in_off = bit / 8;
	d->ilen = d->ipos = 0;
	d->in_eof = 0;
	d->bb_on = 1;
}

/* Leave the copy: the stream ended, the next one may start at file byte
 * next. */
static void
bb_leave(decomp *d, uint64_t next)
{
	d->bb_on = 0;
	d->in_off = next;
	d->ilen = d->ipos = 0;
	d->in_eof = 0;
	d->between = 1;
}

/* The file byte libbz2 reads next. */
static uint64_t
consumed_pos(const decomp *d)
{
	const struct bzbits *s = d->bb;
	uint64_t k;

	if (!d->bb_on)
		return in_pos(d);
	k = 8 * (s->off + s->pos);
	return k < s->hdr ? s->org / 8 : (s->org + k - s->hdr) / 8;
}

/* Append to the copy what the input holds, reading more of it.  The
 * input stands at the file byte that holds the copy's next bits.
 * Returns 0, or -1 with d->err filled. */
static int
bb_make(decomp *d)
{
	struct bzbits *s = d->bb;
	/* Keep what libbz2 was not given, and what is still searched. */
	size_t keep = s->pos;

	if (s->scan / 8 - s->off < keep)
		keep = (size_t)(s->scan / 8 - s->off);
	memmove(s->copy, s->copy + keep, s->len - keep);
	s->len -= keep;
	s->pos -= keep;
	s->off += keep;
	while (s->len < DECOMP_IN_SIZE && !s->eof) {
		uint64_t k = s->off + s->len;
		unsigned sh = (unsigned)((s->org + 8 * k - s->hdr) % 8);
		size_t a = avail(d), n, i;
		const unsigned char *p = d->in + d->ipos;
		unsigned char *q = s->copy + s->len;

		if (8 * k < s->hdr) {
			static const char bzh[] = "BZh";

			s->copy[s->len++] = k < 3 ? (unsigned char)bzh[k]
			                          : (unsigned char)('0' + s->digit);
			continue;
		}
		if (a < (sh > 0 ? 2u : 1u)) {
			int r = refill(d);

			if (r < 0)
				return -1;
			if (r == 0) {
				/* The file's last bits, padded with zeros. */
				if (a == 1) {
					s->copy[s->len++] =
					    (unsigned char)(d->in[d->ipos] << sh);
					d->ipos++;
				}
				s->eof = 1;
			}
			continue;
		}
		n = a - (sh > 0);
		if (n > DECOMP_IN_SIZE - s->len)
			n = DECOMP_IN_SIZE - s->len;
		if (sh == 0)
			memcpy(q, p, n);
		else
			for (i = 0; i < n; i++)
				q[i] = (unsigned char)(p[i] << sh |
				                       p[i + 1] >> (8 - sh));
		s->len += n;
		d->ipos += n;
	}
	return 0;
}

/* Search the copy for the next magic at or after bit s->scan: sets
 * s->magic, or moves s->scan past every bit searched. */
static void
bb_search(struct bzbits *s)
{
	const unsigned char *p = s->copy;
	uint64_t end = 8 * (s->off + s->len);
	size_t i = (size_t)(s->scan / 8 - s->off);

	/* A magic starting in byte i lies within bytes i..i+6. */
	for (; i + 7 <= s->len || (s->eof && i < s->len); i++) {
		unsigned h = s->hint[i + 1 < s->len ? p[i + 1] : 0];
		uint64_t w = 0, at, v;
		size_t j;
		int sh;

		if (h == 0)
			continue;
		for (j = 0; j < 7; j++)
			w = w << 8 | (i + j < s->len ? p[i + j] : 0);
		for (sh = 0; sh < 8; sh++) {
			at = 8 * (s->off + i) + (uint64_t)sh;
			if (!(h >> sh & 1) || at < s->scan || at + 48 > end)
				continue;
			v = w >> (8 - sh) & BZ_MAGIC_MASK;
			if (v == BZ_BLOCK_MAGIC || v == BZ_END_MAGIC) {
				s->magic = at;
				s->magic_end = v == BZ_END_MAGIC;
				s->scan = at;
				return;
			}
		}
	}
	if (8 * (s->off + i) > s->scan)
		s->scan = 8 * (s->off + i);
}

/* libbz2 stopped for input at the magic s->magic: a real one when a
 * block was finished since it last stopped at one (see above). */
static int
bb_at_magic(decomp *d)
{
	struct bzbits *s = d->bb;
	uint64_t c = s->magic, bit;
	int real = d->out_total > s->stop_out;
	ssize_t a;

	s->stop_out = d->out_total;
	s->magic = BZ_NO_MAGIC;
	s->scan = c + 1;
	if (!real)
		return DS_OK;
	bit = s->org + c - s->hdr;
	if (!s->magic_end) {
		struct decomp_point *pt =
		    add_point(d, (bit + 7) / 8, (int)((8 - bit % 8) % 8), 0);

		if (pt != NULL)
			pt->check = s->digit;
		return DS_OK;
	}
	if (s->hdr == 0)
		return DS_OK; /* libbz2 reads it, and checks the stream's CRC */
	/* Started at a block: this stream ends after the magic and the
	 * 32-bit CRC, padded to a byte, which must be in the file. */
	bb_leave(d, (bit + 80 + 7) / 8 - 1);
	if ((a = need(d, 1)) < 0)
		return DS_ERR;
	if (a == 0) {
		truncated(d);
		return DS_END;
	}
	d->ipos++;
	return DS_OK;
}

/* A bzip2 step fed from the copy. */
static int
bb_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	struct bzbits *s = d->bb;
	uint64_t lim;
	int r;

	for (;;) {
		if (s->magic == BZ_NO_MAGIC)
			bb_search(s);
		lim = s->magic != BZ_NO_MAGIC ? s->magic / 8 + 1 : s->scan / 8;
		if (lim > s->off + s->len)
			lim = s->off + s->len;
		if (lim > s->off + s->pos || s->magic != BZ_NO_MAGIC || s->eof)
			break;
		if (bb_make(d) < 0)
			return DS_ERR;
	}
	d->b.next_in = (char *)s->copy + s->pos;
	d->b.avail_in = (unsigned)(lim - (s->off + s->pos));
	d->b.next_out = (char *)out;
	d->b.avail_out = cap > UINT_MAX ? UINT_MAX : (unsigned)cap;
	r = BZ2_bzDecompress(&d->b);
	*got = (size_t)((unsigned char *)d->b.next_out - out);
	s->pos = (size_t)((unsigned char *)d->b.next_in - s->copy);
	d->out_total += *got;
	if (r == BZ_STREAM_END) {
		bb_leave(d, consumed_pos(d));
		return DS_OK;
	}
	if (r != BZ_OK)
		return bz_error(d, r);
	if (d->b.avail_out == 0)
		return DS_OK;
	/* libbz2 wants input. */
	if (s->magic != BZ_NO_MAGIC)
		return bb_at_magic(d);
	if (s->eof && s->pos == s->len) {
		truncated(d);
		return DS_END;
	}
	return DS_OK;
}

static int
bz_step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	ssize_t a;
	int r, st;

	if (d->between) {
		struct decomp_point *pt;
		int digit;

		if ((a = need(d, DECOMP_MAGIC_LEN)) < 0)
			return DS_ERR;
		if (a == 0)
			return DS_END;
		if (decomp_detect(d->in + d->ipos, (size_t)a) != DECOMP_BZIP2) {
			/* bzip2's rule, as gzip's: a warning. */
			ls_errf(d->warn,
			        "trailing garbage after the bzip2 data at "
			        "compressed byte %llu ignored",
			        (unsigned long long)in_pos(d));
			while (refill(d) > 0)
				;
			return DS_END;
		}
		digit = d->in[d->ipos + 3] - '0';
		if ((pt = add_point(d, in_pos(d), 0, 1)) != NULL)
			pt->check = digit;
		if (bz_init(d) < 0)
			return corrupt(d, "cannot start libbz2");
		d->between = 0;
		if (d->bb_track)
			bb_start(d, 8 * in_pos(d), 0, digit);
	}
	if (d->bb_on)
		return bb_step(d, out, cap, got);
	if ((st = more_or_truncated(d)) != DS_OK)
		return st;
	d->b.next_in = (char *)d->in + d->ipos;
	d->b.avail_in = avail(d) > UINT_MAX ? UINT_MAX : (unsigned)avail(d);
	d->b.next_out = (char *)out;
	d->b.avail_out = cap > UINT_MAX ? UINT_MAX : (unsigned)cap;
	r = BZ2_bzDecompress(&d->b);
	*got = (size_t)((unsigned char *)d->b.next_out - out);
	d->ipos = (size_t)((unsigned char *)d->b.next_in - d->in);
	d->out_total += *got;
	if (r == BZ_STREAM_END) {
		d->between = 1;
		return DS_OK;
	}
	if (r != BZ_OK)
		return bz_error(d, r);
	return DS_OK;
}

/* ---- the decoder ---- */

static int
step(decomp *d, unsigned char *out, size_t cap, size_t *got)
{
	*got = 0;
	switch (d->fmt) {
	case DECOMP_GZIP:
		return gz_step(d, out, cap, got);
	case DECOMP_ZSTD:
		return zs_step(d, out, cap, got);
	case DECOMP_XZ:
		return xz_step(d, out, cap, got);
	case DECOMP_BZIP2:
		return bz_step(d, out, cap, got);
	case DECOMP_NONE:
		break;
	}
	return DS_END;
}

/* Decompress into out until it is full or the data ended or failed
 * (d->ended, d->failed).  Returns the bytes written. */
static size_t
fill(decomp *d, unsigned char *out, size_t cap)
{
	size_t got = 0;

	while (got < cap && !d->ended) {
		size_t g;
		int r = step(d, out + got, cap - got, &g);

		got += g;
		if (r == DS_END) {
			d->ended = 1;
		} else if (r == DS_ERR) {
			d->ended = 1;
			d->failed = 1;
		}
	}
	return got;
}

static void *
producer(void *arg)
{
	decomp *d = arg;
	size_t i = 0;

	for (;;) {
		size_t n;
		int done;

		pthread_mutex_lock(&d->mu);
		while (d->count == DECOMP_NCHUNK && !d->stop)
			pthread_cond_wait(&d->cv, &d->mu);
		if (d->stop) {
			pthread_mutex_unlock(&d->mu);
			break;
		}
		pthread_mutex_unlock(&d->mu);
		n = fill(d, d->ch[i].buf, DECOMP_CHUNK);
		done = d->ended;
		pthread_mutex_lock(&d->mu);
		d->ch[i].len = n;
		if (n > 0)
			d->count++;
		if (done)
			d->prod_done = 1;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
		if (done)
			break;
		i = (i + 1) % DECOMP_NCHUNK;
	}
	return NULL;
}

static decomp *
new_decomp(int fd, enum decomp_format f, int seekable)
{
	decomp *d = xcalloc(1, sizeof(*d));

	d->fd = fd;
	d->fmt = f;
	d->seekable = seekable;
	d->icap = DECOMP_IN_SIZE;
	d->in = xmalloc(d->icap);
	return d;
}

/* Set up the library for f at the start of a part (or, for gzip, with
 * the stream state reset for gz_start_block()).  Returns 0 or -1 with err
 * filled. */
static int
lib_init(decomp *d, char *err)
{
	switch (d->fmt) {
	case DECOMP_GZIP:
		if (inflateInit2(&d->z, 31) != Z_OK) {
			ls_errf(err, "cannot start zlib");
			return -1;
		}
		d->z_init = 1;
		d->between = 1;
		return 0;
	case DECOMP_ZSTD:
		d->zs = ZSTD_createDCtx();
		if (d->zs == NULL) {
			ls_errf(err, "cannot start zstd");
			return -1;
		}
		return 0;
	case DECOMP_XZ:
		d->between = 1;
		return 0;
	case DECOMP_BZIP2:
		d->between = 1;
		return 0;
	case DECOMP_NONE:
		break;
	}
	ls_errf(err, "not a compressed format");
	return -1;
}

static int
start(decomp *d, int threaded, char *err)
{
	size_t i;

	d->threaded = threaded;
	if (!threaded)
		return 0;
	for (i = 0; i < DECOMP_NCHUNK; i++)
		d->ch[i].buf = xmalloc(DECOMP_CHUNK);
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	if (pthread_create(&d->th, NULL, producer, d) != 0) {
		/* No thread to be had: decompress in the caller. */
		pthread_mutex_destroy(&d->mu);
		pthread_cond_destroy(&d->cv);
		for (i = 0; i < DECOMP_NCHUNK; i++) {
			free(d->ch[i].buf);
			d->ch[i].buf = NULL;
		}
		d->threaded = 0;
	}
	(void)err;
	return 0;
}

int
decomp_open(decomp **out, int fd, enum decomp_format f, int seekable,
            const void *prefix, size_t plen, int threaded, char *err)
{
	decomp *d = new_decomp(fd, f, seekable);

	*out = NULL;
	if (!seekable && plen > 0) {
		if (plen > d->icap) {
			d->in = xrealloc(d->in, plen);
			d->icap = plen;
		}
		memcpy(d->in, prefix, plen);
		d->ilen = plen;
	}
	if (lib_init(d, err) < 0) {
		decomp_close(d);
		return -1;
	}
	*out = d;
	/* A thread starts only once points may be asked for: see
	 * decomp_read(). */
	d->threaded = threaded;
	return 0;
}

void
decomp_set_threaded(decomp *d, int threaded)
{
	/* Once started, a thread stays: the ring holds its bytes. */
	if (d->ch[0].buf == NULL)
		d->threaded = threaded;
}

ssize_t
decomp_read_head(int fd, enum decomp_format f, void *buf, size_t cap,
                 char *err)
{
	decomp *d;
	size_t len = 0;

	if (decomp_open(&d, fd, f, 1, NULL, 0, 0, err) < 0)
		return -1;
	while (len < cap) {
		ssize_t n = decomp_read(d, (char *)buf + len, cap - len, err);

		if (n < 0) {
			decomp_close(d);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	decomp_close(d);
	return (ssize_t)len;
}

int
decomp_open_at(decomp **out, int fd, enum decomp_format f,
               const struct decomp_point *pt, int threaded, char *err)
{
	decomp *d = new_decomp(fd, f, 1);

	*out = NULL;
	d->in_off = pt->in;
	d->out_total = pt->out;
	d->last_point_in = pt->in;
	if (lib_init(d, err) < 0)
		goto fail;
	if (f == DECOMP_GZIP && !pt->member && pt->in > 0) {
		d->between = 0;
		if (gz_start_block(d, pt, err) < 0)
			goto fail;
	}
	if (f == DECOMP_XZ && pt->in > 0) {
		unsigned char m[6];

		/* A stream starts with its magic; anything else at a point
		 * is a block header. */
		if (pread(fd, m, sizeof(m), (off_t)pt->in) != (ssize_t)sizeof(m)) {
			ls_errf(err, "%s", strerror(errno ? errno : EIO));
			goto fail;
		}
		if (decomp_detect(m, sizeof(m)) != DECOMP_XZ) {
			d->between = 0;
			d->xb = 1;
			d->xb_state = XB_HEADER;
			d->xb_check = (lzma_check)pt->check;
		}
	}
	if (f == DECOMP_BZIP2 && !pt->member && pt->in > 0) {
		/* A block: its bits, behind a made-up stream header. */
		if (pt->check < 1 || pt->check > 9 ||
		    8 * pt->in < (uint64_t)pt->bits + 32) {
			ls_errf(err, "bad bzip2 restart point");
			goto fail;
		}
		if (bz_init(d) < 0) {
			ls_errf(err, "cannot start libbz2");
			goto fail;
		}
		d->between = 0;
		bb_start(d, 8 * pt->in - (uint64_t)pt->bits, 32, pt->check);
	}
	*out = d;
	d->threaded = threaded;
	return 0;
fail:
	decomp_close(d);
	return -1;
}

ssize_t
decomp_read(decomp *d, void *buf, size_t n, char *err)
{
	size_t k;

	if (d->threaded && d->ch[0].buf == NULL) {
		start(d, 1, err);
	}
	if (!d->threaded) {
		k = fill(d, buf, n);
		if (k > 0)
			return (ssize_t)k;
		if (d->failed) {
			ls_errf(err, "%s", d->err);
			return -1;
		}
		return 0;
	}
	pthread_mutex_lock(&d->mu);
	while (d->count == 0 && !d->prod_done)
		pthread_cond_wait(&d->cv, &d->mu);
	if (d->count == 0) {
		pthread_mutex_unlock(&d->mu);
		if (d->failed) {
			ls_errf(err, "%s", d->err);
			return -1;
		}
		return 0;
	}
	pthread_mutex_unlock(&d->mu);
	k = d->ch[d->head].len - d->cpos;
	if (k > n)
		k = n;
	memcpy(buf, d->ch[d->head].buf + d->cpos, k);
	d->cpos += k;
	if (d->cpos == d->ch[d->head].len) {
		pthread_mutex_lock(&d->mu);
		d->head = (d->head + 1) % DECOMP_NCHUNK;
		d->count--;
		d->cpos = 0;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
	}
	return (ssize_t)k;
}

const char *
decomp_warning(const decomp *d)
{
	return d->warn[0] != '\0' ? d->warn : NULL;
}

uint64_t
decomp_in_bytes(const decomp *d)
{
	return consumed_pos(d);
}

void
decomp_close(decomp *d)
{
	size_t i;

	if (d == NULL)
		return;
	if (d->threaded && d->ch[0].buf != NULL) {
		pthread_mutex_lock(&d->mu);
		d->stop = 1;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
		pthread_join(d->th, NULL);
		pthread_mutex_destroy(&d->mu);
		pthread_cond_destroy(&d->cv);
		for (i = 0; i < DECOMP_NCHUNK; i++)
			free(d->ch[i].buf);
	}
	if (d->z_init)
		inflateEnd(&d->z);
	ZSTD_freeDCtx(d->zs);
	if (d->x_init)
		lzma_end(&d->x);
	if (d->xb_idx != NULL)
		lzma_index_end(d->xb_idx, NULL);
	if (d->b_init)
		BZ2_bzDecompressEnd(&d->b);
	if (d->bb != NULL)
		free(d->bb->copy);
	free(d->bb);
	for (i = 0; i < d->npoints; i++)
		free(d->points[i].zwin);
	free(d->points);
	free(d->dict);
	free(d->in);
	free(d);
}
