/*
 * index.c - the sidecar line index: format, freshness, location, building
 * and line planning.  See index.h for the contracts and doc/index-format.md
 * for the bytes on disk.
 */
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "index.h"
#include "isofast.h"
#include "cleanup.h"
#include "fsat.h"
#include "newline.h"
#include "par.h"
#include "trust.h"


static const unsigned char index_magic[8] = {'L', 'S', 'C', 'A',
                                             'N', 'I', 'D', 'X'};

/* An index file larger than this is refused before anything is allocated:
 * it would describe hundreds of terabytes of log at the default sizes. */
#define INDEX_MAX_FILE ((uint64_t)1 << 32)

/* ---- hashing ---------------------------------------------------------- */

uint64_t
index_hash_update(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

uint64_t
index_hash(const void *p, size_t n)
{
	return index_hash_update(INDEX_HASH_INIT, p, n);
}

/* ---- encoding -------------------------------------------------------- */

static void
put_u32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static void
put_u64(unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_u32(const unsigned char *b)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static uint64_t
get_u64(const unsigned char *b)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* Two's complement both ways, without relying on implementation-defined
 * conversions of out-of-range values. */
static uint64_t
from_i64(int64_t v)
{
	return v < 0 ? ~(uint64_t)(-(v + 1)) : (uint64_t)v;
}

static int64_t
to_i64(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
}

/* Header field offsets; doc/index-format.md lists the same table. */
enum {
	H_MAGIC = 0,
	H_VERSION = 8,
	H_HEADER_SIZE = 12,
	H_GROUP_LINES = 16,
	H_GROUP_BYTES = 24,
	H_DEV = 32,
	H_INO = 40,
	H_SIZE = 48,
	H_MTIME = 56,
	H_HEAD_HASH = 64,
	H_TAIL_HASH = 72,
	H_NGROUPS = 80,
	H_LINES = 88,
	H_TAIL_OFF = 96,
	H_FLAGS = 104,
	H_RESERVED = 108,
	H_TIME_FORMAT = 112,
	H_TIME_REF = 144,
	H_TIME_CARRY = 152,
	H_TIME_ZONE = 160,
	H_TIME_DEF = 168
};

/* ---- the compressed section (doc/index-format.md) ---- */

/* Its size in d's image: 0 for a plain log. */
static size_t
comp_section_size(const struct index_data *d)
{
	size_t n = INDEX_COMP_HEADER_SIZE;

	if (!(d->flags & INDEX_F_COMPRESSED))
		return 0;
	for (uint64_t i = 0; i < d->npoints; i++)
		n += INDEX_POINT_SIZE + d->points[i].zwin_len;
	return n;
}

static void
comp_encode(const struct index_data *d, unsigned char *b)
{
	put_u32(b, d->comp_format);
	put_u32(b + 4, 0);
	put_u64(b + 8, d->comp_size);
	put_u64(b + 16, d->comp_head_hash);
	put_u64(b + 24, d->comp_tail_hash);
	put_u64(b + 32, d->npoints);
	b += INDEX_COMP_HEADER_SIZE;
	for (uint64_t i = 0; i < d->npoints; i++) {
		const struct decomp_point *pt = &d->points[i];

		put_u64(b, pt->in);
		put_u64(b + 8, pt->out);
		b[16] = (unsigned char)pt->bits;
		b[17] = (unsigned char)pt->member;
		b[18] = (unsigned char)pt->check;
		b[19] = 0;
		put_u32(b + 20, (uint32_t)pt->zwin_len);
		if (pt->zwin_len > 0)
			memcpy(b + INDEX_POINT_SIZE, pt->zwin, pt->zwin_len);
		b += INDEX_POINT_SIZE + pt->zwin_len;
	}
}

/* Parse the compressed section [b, b + n) into d.  Returns 0, or -1 with
 * err filled; what was allocated is d's either way. */
static int
comp_decode(struct index_data *d, const unsigned char *b, size_t n,
            char *err)
{
	uint64_t np;

	if (n < INDEX_COMP_HEADER_SIZE || get_u32(b + 4) != 0) {
		ls_errf(err, "bad compressed section");
		return -1;
	}
	d->comp_format = get_u32(b);
	d->comp_size = get_u64(b + 8);
	d->comp_head_hash = get_u64(b + 16);
	d->comp_tail_hash = get_u64(b + 24);
	np = get_u64(b + 32);
	b += INDEX_COMP_HEADER_SIZE;
	n -= INDEX_COMP_HEADER_SIZE;
	if (np > n / INDEX_POINT_SIZE) {
		ls_errf(err, "restart point count does not match the file size");
		return -1;
	}
	d->points = xcalloc(np ? np : 1, sizeof(*d->points));
	for (uint64_t i = 0; i < np; i++) {
		struct decomp_point *pt = &d->points[i];
		uint32_t zl;

		if (n < INDEX_POINT_SIZE) {
			ls_errf(err, "restart point %" PRIu64 " cut short", i);
			return -1;
		}
		pt->in = get_u64(b);
		pt->out = get_u64(b + 8);
		pt->bits = b[16];
		pt->member = b[17];
		pt->check = b[18];
		zl = get_u32(b + 20);
		if (b[19] != 0 || zl > INDEX_ZWIN_MAX ||
		    zl > n - INDEX_POINT_SIZE) {
			ls_errf(err, "bad restart point %" PRIu64, i);
			return -1;
		}
		if (zl > 0) {
			pt->zwin = xmalloc(zl);
			memcpy(pt->zwin, b + INDEX_POINT_SIZE, zl);
		}
		pt->zwin_len = zl;
		d->npoints = i + 1;
		b += INDEX_POINT_SIZE + zl;
		n -= INDEX_POINT_SIZE + zl;
	}
	if (n != 0) {
		ls_errf(err, "bytes after the restart points");
		return -1;
	}
	return 0;
}

void
index_encode(const struct index_data *d, unsigned char **buf, size_t *len)
{
	size_t n = INDEX_HEADER_SIZE + (size_t)d->ngroups * INDEX_RECORD_SIZE +
	           INDEX_TRAILER_SIZE;
	size_t flen = strnlen(d->time_format, INDEX_FORMAT_NAME_SIZE);
	size_t cs = comp_section_size(d);
	unsigned char *b;

	n += cs;
	b = xcalloc(1, n);

	memcpy(b + H_MAGIC, index_magic, sizeof(index_magic));
	put_u32(b + H_VERSION, INDEX_VERSION);
	put_u32(b + H_HEADER_SIZE, INDEX_HEADER_SIZE);
	put_u64(b + H_GROUP_LINES, d->group_lines);
	put_u64(b + H_GROUP_BYTES, d->group_bytes);
	put_u64(b + H_DEV, d->id.dev);
	put_u64(b + H_INO, d->id.ino);
	put_u64(b + H_SIZE, d->id.size);
	put_u64(b + H_MTIME, from_i64(d->id.mtime_ns));
	put_u64(b + H_HEAD_HASH, d->id.head_hash);
	put_u64(b + H_TAIL_HASH, d->id.tail_hash);
	put_u64(b + H_NGROUPS, d->ngroups);
	put_u64(b + H_LINES, d->total_lines);
	put_u64(b + H_TAIL_OFF, d->tail_off);
	put_u32(b + H_FLAGS, d->flags);
	put_u32(b + H_RESERVED, 0);
	memcpy(b + H_TIME_FORMAT, d->time_format, flen);
	put_u64(b + H_TIME_REF, from_i64(d->time_ref));
	put_u64(b + H_TIME_CARRY, from_i64(d->time_carry));
	put_u64(b + H_TIME_ZONE, d->time_zone);
	put_u64(b + H_TIME_DEF, d->time_def);
	for (uint64_t i = 0; i < d->ngroups; i++) {
		unsigned char *r =
		    b + INDEX_HEADER_SIZE + i * INDEX_RECORD_SIZE;
		const struct index_group *g = &d->groups[i];

		put_u64(r, g->offset);
		put_u64(r + 8, g->first_line);
		put_u64(r + 16, from_i64(g->time_min));
		put_u64(r + 24, from_i64(g->time_max));
		put_u64(r + 32, g->check);
	}
	if (cs > 0)
		comp_encode(d, b + n - INDEX_TRAILER_SIZE - cs);
	put_u64(b + n - INDEX_TRAILER_SIZE,
	        index_hash(b, n - INDEX_TRAILER_SIZE));
	*buf = b;
	*len = n;
}

void
index_data_free(struct index_data *d)
{
	if (d == NULL)
		return;
	free(d->groups);
	for (uint64_t i = 0; i < d->npoints; i++)
		free(d->points[i].zwin);
	free(d->points);
	memset(d, 0, sizeof(*d));
}

int
index_validate(const struct index_data *d, char *err)
{
	uint64_t size = d->id.size;
	int partial = (d->flags & INDEX_F_PARTIAL_LAST) != 0;

	if (d->group_lines == 0 || d->group_bytes == 0) {
		ls_errf(err, "zero group parameter");
		return -1;
	}
	if (d->flags & ~(uint32_t)(INDEX_F_PARTIAL_LAST | INDEX_F_COMPRESSED)) {
		ls_errf(err, "unknown flags 0x%x", (unsigned)d->flags);
		return -1;
	}
	if (d->flags & INDEX_F_COMPRESSED) {
		if (d->comp_format < DECOMP_GZIP ||
		    d->comp_format > DECOMP_BZIP2 || d->id.head_hash != 0 ||
		    d->id.tail_hash != 0) {
			ls_errf(err, "bad compressed log identity");
			return -1;
		}
		for (uint64_t i = 0; i < d->npoints; i++) {
			const struct decomp_point *pt = &d->points[i];

			if (pt->in == 0 || pt->in >= d->comp_size ||
			    pt->out == 0 || pt->out >= size || pt->bits > 7 ||
			    pt->member > 1 || pt->check > 15 ||
			    (d->comp_format == DECOMP_BZIP2 &&
			     (pt->check < 1 || pt->check > 9)) ||
			    (i > 0 && (pt->out <= pt[-1].out ||
			               pt->in <= pt[-1].in))) {
				ls_errf(err, "restart point %" PRIu64
				             " out of order or range", i);
				return -1;
			}
		}
	} else if (d->npoints != 0) {
		ls_errf(err, "restart points for a plain log");
		return -1;
	}
	if (d->time_format[0] != '\0' && d->time_def == 0) {
		ls_errf(err, "time format without a definition fingerprint");
		return -1;
	}
	if (d->time_format[0] == '\0' &&
	    (d->time_ref != 0 || d->time_zone != 0 || d->time_def != 0 ||
	     d->time_carry != INDEX_TIME_NONE)) {
		ls_errf(err, "time fields set without a time format");
		return -1;
	}
	if (size == 0) {
		if (d->ngroups != 0 || d->total_lines != 0 || partial ||
		    d->tail_off != 0) {
			ls_errf(err, "empty log with groups or lines");
			return -1;
		}
		return 0;
	}
	if (d->ngroups == 0) {
		ls_errf(err, "no groups for a non-empty log");
		return -1;
	}
	if (d->total_lines == 0 || d->total_lines > size ||
	    d->ngroups > d->total_lines) {
		ls_errf(err, "impossible line count");
		return -1;
	}
	if (d->groups[0].offset != 0 || d->groups[0].first_line != 1) {
		ls_errf(err, "first group does not start at line 1");
		return -1;
	}
	for (uint64_t i = 0; i < d->ngroups; i++) {
		const struct index_group *g = &d->groups[i];
		uint64_t next_off =
		    i + 1 < d->ngroups ? d->groups[i + 1].offset : size;
		uint64_t next_line = i + 1 < d->ngroups
		                         ? d->groups[i + 1].first_line
		                         : d->total_lines + 1;

		if (g->offset >= size) {
			ls_errf(err, "group %" PRIu64 " offset past the end",
			        i);
			return -1;
		}
		/* Every group holds at least one line of at least one byte. */
		if (next_off <= g->offset || next_line <= g->first_line) {
			ls_errf(err, "group %" PRIu64 " out of order", i);
			return -1;
		}
		if (next_line - g->first_line > next_off - g->offset) {
			ls_errf(err,
			        "group %" PRIu64 " has more lines than bytes",
			        i);
			return -1;
		}
		if ((g->time_min == INDEX_TIME_NONE) !=
		        (g->time_max == INDEX_TIME_NONE) ||
		    g->time_min > g->time_max) {
			ls_errf(err, "group %" PRIu64 " time span inverted", i);
			return -1;
		}
		if (g->time_min != INDEX_TIME_NONE &&
		    d->time_format[0] == '\0') {
			ls_errf(err,
			        "group %" PRIu64 " has times but no format", i);
			return -1;
		}
	}
	if (partial) {
		if (d->tail_off < d->groups[d->ngroups - 1].offset ||
		    d->tail_off >= size) {
			ls_errf(err, "partial line offset out of range");
			return -1;
		}
	} else if (d->tail_off != size) {
		ls_errf(err, "resume offset differs from the size");
		return -1;
	}
	return 0;
}

int
index_decode(struct index_data *d, const unsigned char *b, size_t len,
             char *err)
{
	uint64_t ngroups;
	const unsigned char *fmt;
	int compressed;

	memset(d, 0, sizeof(*d));
	if (len < INDEX_HEADER_SIZE + INDEX_TRAILER_SIZE) {
		ls_errf(err, "file too short");
		return -1;
	}
	if (memcmp(b + H_MAGIC, index_magic, sizeof(index_magic)) != 0) {
		ls_errf(err, "bad magic");
		return -1;
	}
	if (get_u32(b + H_VERSION) != INDEX_VERSION) {
		ls_errf(err, "unsupported version %" PRIu32,
		        get_u32(b + H_VERSION));
		return -1;
	}
	if (get_u32(b + H_HEADER_SIZE) != INDEX_HEADER_SIZE) {
		ls_errf(err, "bad header size");
		return -1;
	}
	if (get_u64(b + len - INDEX_TRAILER_SIZE) !=
	    index_hash(b, len - INDEX_TRAILER_SIZE)) {
		ls_errf(err, "checksum mismatch");
		return -1;
	}
	ngroups = get_u64(b + H_NGROUPS);
	compressed = (get_u32(b + H_FLAGS) & INDEX_F_COMPRESSED) != 0;
	if (ngroups > (len - INDEX_HEADER_SIZE - INDEX_TRAILER_SIZE) /
	                  INDEX_RECORD_SIZE ||
	    (compressed ? INDEX_HEADER_SIZE + ngroups * INDEX_RECORD_SIZE +
	                          INDEX_TRAILER_SIZE >
	                      len
	                : INDEX_HEADER_SIZE + ngroups * INDEX_RECORD_SIZE +
	                          INDEX_TRAILER_SIZE !=
	                      len)) {
		ls_errf(err, "group count does not match the file size");
		return -1;
	}
	if (get_u32(b + H_RESERVED) != 0) {
		ls_errf(err, "reserved field set");
		return -1;
	}
	/* The format name is printable ASCII, then NUL padding only. */
	fmt = b + H_TIME_FORMAT;
	for (size_t i = 0, end = 0; i < INDEX_FORMAT_NAME_SIZE; i++) {
		if (fmt[i] == '\0')
			end = 1;
		else if (end || fmt[i] < 0x21 || fmt[i] > 0x7e) {
			ls_errf(err, "bad time format name");
			return -1;
		}
	}
	d->group_lines = get_u64(b + H_GROUP_LINES);
	d->group_bytes = get_u64(b + H_GROUP_BYTES);
	d->id.dev = get_u64(b + H_DEV);
	d->id.ino = get_u64(b + H_INO);
	d->id.size = get_u64(b + H_SIZE);
	d->id.mtime_ns = to_i64(get_u64(b + H_MTIME));
	d->id.head_hash = get_u64(b + H_HEAD_HASH);
	d->id.tail_hash = get_u64(b + H_TAIL_HASH);
	d->total_lines = get_u64(b + H_LINES);
	d->tail_off = get_u64(b + H_TAIL_OFF);
	d->flags = get_u32(b + H_FLAGS);
	memcpy(d->time_format, fmt, INDEX_FORMAT_NAME_SIZE);
	d->time_format[INDEX_FORMAT_NAME_SIZE] = '\0';
	d->time_ref = to_i64(get_u64(b + H_TIME_REF));
	d->time_carry = to_i64(get_u64(b + H_TIME_CARRY));
	d->time_zone = get_u64(b + H_TIME_ZONE);
	d->time_def = get_u64(b + H_TIME_DEF);
	d->ngroups = ngroups;
	d->groups =
	    xreallocarray(NULL, ngroups ? ngroups : 1, sizeof(*d->groups));
	for (uint64_t i = 0; i < ngroups; i++) {
		const unsigned char *r =
		    b + INDEX_HEADER_SIZE + i * INDEX_RECORD_SIZE;

		d->groups[i].offset = get_u64(r);
		d->groups[i].first_line = get_u64(r + 8);
		d->groups[i].time_min = to_i64(get_u64(r + 16));
		d->groups[i].time_max = to_i64(get_u64(r + 24));
		d->groups[i].check = get_u64(r + 32);
	}
	if (compressed) {
		size_t at = INDEX_HEADER_SIZE +
		            (size_t)ngroups * INDEX_RECORD_SIZE;

		if (comp_decode(d, b + at, len - INDEX_TRAILER_SIZE - at,
		                err) < 0) {
			index_data_free(d);
			return -1;
		}
	}
	if (index_validate(d, err) < 0) {
		index_data_free(d);
		return -1;
	}
	return 0;
}

/* ---- loading --------------------------------------------------------- */

/* read() exactly n bytes; returns bytes read (short only at end of file),
 * or -1 with errno set. */
static ssize_t
read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static ssize_t
pread_full(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r =
		    pread(fd, (char *)buf + got, n - got, (off_t)(off + got));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * Check what the header alone can tell about an index file of size bytes
 * on fd: the magic, and for this format version the length its group count
 * implies.  Returns 0, INDEX_LOAD_CORRUPT or INDEX_LOAD_ERROR with err
 * filled.  Done before the rest is read, so that a huge file that is not
 * an index, or says it holds fewer groups, is never read into memory.
 */
static enum index_load_status
check_header(int fd, uint64_t size, char *err)
{
	unsigned char h[INDEX_HEADER_SIZE];
	ssize_t got = pread_full(fd, h, sizeof(h), 0);
	uint64_t ngroups;

	if (got < 0) {
		ls_errf(err, "%s", strerror(errno));
		return INDEX_LOAD_ERROR;
	}
	if ((size_t)got < sizeof(h)) {
		ls_errf(err, "file too short");
		return INDEX_LOAD_CORRUPT;
	}
	if (memcmp(h + H_MAGIC, index_magic, sizeof(index_magic)) != 0) {
		ls_errf(err, "bad magic");
		return INDEX_LOAD_CORRUPT;
	}
	/* Other versions and header sizes are the decoder's to judge. */
	if (get_u32(h + H_VERSION) != INDEX_VERSION ||
	    get_u32(h + H_HEADER_SIZE) != INDEX_HEADER_SIZE)
		return 0;
	ngroups = get_u64(h + H_NGROUPS);
	if (ngroups > (size - INDEX_HEADER_SIZE - INDEX_TRAILER_SIZE) /
	                  INDEX_RECORD_SIZE ||
	    ((get_u32(h + H_FLAGS) & INDEX_F_COMPRESSED)
	         ? INDEX_HEADER_SIZE + ngroups * INDEX_RECORD_SIZE +
	                   INDEX_TRAILER_SIZE >
	               size
	         : INDEX_HEADER_SIZE + ngroups * INDEX_RECORD_SIZE +
	                   INDEX_TRAILER_SIZE !=
	               size)) {
		ls_errf(err, "group count does not match the file size");
		return INDEX_LOAD_CORRUPT;
	}
	return 0;
}

/*
 * Read and decode the index open on fd (status st), then close fd: the
 * part of index_load() after the file is open.
 */
static enum index_load_status
load_fd(struct index_data *d, int fd, const struct stat *st,
        uint64_t *file_size, char *err);

enum index_load_status
index_load(struct index_data *d, const char *path, uint64_t *file_size,
           char *err)
{
	struct stat st;
	int fd;

	memset(d, 0, sizeof(*d));
	/* O_NONBLOCK: a FIFO at this name must not wait for a writer (it is
	 * refused below); reads of a regular file ignore the flag. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		/* A name too long to exist is not there either. */
		if (errno == ENOENT || errno == ENAMETOOLONG)
			return INDEX_LOAD_MISSING;
		ls_errf(err, "%s", strerror(errno));
		return INDEX_LOAD_ERROR;
	}
	if (fstat(fd, &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		close(fd);
		return INDEX_LOAD_ERROR;
	}
	return load_fd(d, fd, &st, file_size, err);
}

enum index_load_status
index_load_trusted(struct index_data *d, const char *path, uid_t log_owner,
                   struct index_owner *who, uint64_t *file_size, char *err)
{
	struct stat st, dst;
	const char *base;
	int dfd, fd;

	memset(d, 0, sizeof(*d));
	who->uid = -1;
	who->trusted = 0;
	dfd = fsat_open_dir(path, &base);
	if (dfd < 0) {
		if (errno == ENOENT || errno == ENAMETOOLONG ||
		    errno == ENOTDIR)
			return INDEX_LOAD_MISSING;
		ls_errf(err, "%s", strerror(errno));
		return INDEX_LOAD_ERROR;
	}
	/* O_NOFOLLOW: whoever planted a link chose what it points at. */
	fd = openat(dfd, base,
	            O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT || e == ENAMETOOLONG) {
			close(dfd);
			return INDEX_LOAD_MISSING;
		}
		if (e == ELOOP &&
		    fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode)) {
			who->uid = (long)st.st_uid;
			ls_errf(err, "a symbolic link, not trusted");
			close(dfd);
			return INDEX_LOAD_UNTRUSTED;
		}
		close(dfd);
		ls_errf(err, "%s", strerror(e));
		return INDEX_LOAD_ERROR;
	}
	if (fstat(fd, &st) < 0 || fstat(dfd, &dst) < 0) {
		ls_errf(err, "%s", strerror(errno));
		close(fd);
		close(dfd);
		return INDEX_LOAD_ERROR;
	}
	close(dfd);
	who->uid = (long)st.st_uid;
	if (!trust_file(&st, &dst, log_owner, err)) {
		if (file_size)
			*file_size = (uint64_t)st.st_size;
		close(fd);
		return INDEX_LOAD_UNTRUSTED;
	}
	who->trusted = 1;
	return load_fd(d, fd, &st, file_size, err);
}

static enum index_load_status
load_fd(struct index_data *d, int fd, const struct stat *stp,
        uint64_t *file_size, char *err)
{
	struct stat st = *stp;
	enum index_load_status hs;
	unsigned char *buf;
	ssize_t got;
	char probe;

	memset(d, 0, sizeof(*d));
	if (file_size)
		*file_size = (uint64_t)st.st_size;
	if (!S_ISREG(st.st_mode)) {
		ls_errf(err, "not a regular file");
		close(fd);
		return INDEX_LOAD_CORRUPT;
	}
	/* An index from an older logscan is out of date, not damaged
	 * (whatever its size: version 1 had a shorter header). */
	{
		unsigned char h[12];

		if (pread_full(fd, h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
		    memcmp(h + H_MAGIC, index_magic, sizeof(index_magic)) ==
		        0 &&
		    get_u32(h + H_VERSION) >= 1 &&
		    get_u32(h + H_VERSION) < INDEX_VERSION) {
			ls_errf(err,
			        "written by an older logscan (index version "
			        "%" PRIu32 ")",
			        get_u32(h + H_VERSION));
			close(fd);
			return INDEX_LOAD_OLD;
		}
	}
	/* Check the size before allocating: the file is not trusted. */
	if ((uint64_t)st.st_size < INDEX_HEADER_SIZE + INDEX_TRAILER_SIZE) {
		ls_errf(err, "file too short");
		close(fd);
		return INDEX_LOAD_CORRUPT;
	}
	if ((uint64_t)st.st_size > INDEX_MAX_FILE ||
	    (uint64_t)st.st_size > SIZE_MAX - 1) {
		ls_errf(err, "file too large");
		close(fd);
		return INDEX_LOAD_CORRUPT;
	}
	hs = check_header(fd, (uint64_t)st.st_size, err);
	if (hs != INDEX_LOAD_OK) {
		close(fd);
		return hs;
	}
	buf = xmalloc((size_t)st.st_size);
	got = read_full(fd, buf, (size_t)st.st_size);
	if (got < 0) {
		ls_errf(err, "%s", strerror(errno));
		free(buf);
		close(fd);
		return INDEX_LOAD_ERROR;
	}
	/* A file that changed size under us is caught by the decoder's length
	 * checks; one that grew is caught here. */
	if (got == st.st_size && read_full(fd, &probe, 1) == 1) {
		ls_errf(err, "file changed while being read");
		free(buf);
		close(fd);
		return INDEX_LOAD_CORRUPT;
	}
	close(fd);
	if (index_decode(d, buf, (size_t)got, err) < 0) {
		free(buf);
		return INDEX_LOAD_CORRUPT;
	}
	free(buf);
	if (file_size)
		*file_size = (uint64_t)got;
	return INDEX_LOAD_OK;
}

int
index_open_log(window_file **out, const char *path, size_t window_size,
               char *err)
{
	int fd, fl;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		return window_open(out, path, window_size, err);
	do
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	/* Back to blocking reads, as window_open() would have them. */
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		ls_errf(err, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return window_open_fd(out, fd, window_size, err);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int
index_is_index_name(const char *path)
{
	return ends_with(path, INDEX_SUFFIX) ||
	       ends_with(path, ".lsidx.lock") ||
	       strstr(path, INDEX_SUFFIX ".tmp.") != NULL;
}

int
index_is_index_file(const char *path)
{
	unsigned char magic[sizeof(index_magic)];
	struct stat st;
	int fd, r = 0;

	if (strcmp(path, "-") == 0)
		return 0; /* standard input has no name to go by */
	if (index_is_index_name(path))
		return 1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    pread_full(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic))
		r = memcmp(magic, index_magic, sizeof(magic)) == 0;
	close(fd);
	return r;
}

/*
 * A regular file that reports size 0 but has bytes to read (a /proc file)
 * has no size an index could record.  A real empty log reads nothing; one
 * that just got its first bytes reports a size again on a second look.
 */
static int
size_unknown(int fd, const struct stat *st)
{
	struct stat again;
	char c;

	if (!S_ISREG(st->st_mode) || st->st_size != 0)
		return 0;
	if (pread(fd, &c, 1, 0) != 1)
		return 0;
	return fstat(fd, &again) == 0 && again.st_size == 0;
}

/* A stream that is no compressed file: nothing to index. */
static int
plain_stream(const window_file *wf)
{
	return window_is_stream(wf) && window_format(wf) == DECOMP_NONE;
}

/* ---- identity and freshness ----------------------------------------- */

static int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Hash the head and tail spans of [0, size); adds the bytes read to *nread
 * when nread is not NULL. */
static int
hash_log(int fd, uint64_t size, uint64_t *head, uint64_t *tail, uint64_t *nread,
         char *err)
{
	unsigned char buf[INDEX_HASH_SPAN];
	size_t n = size < INDEX_HASH_SPAN ? (size_t)size : INDEX_HASH_SPAN;
	ssize_t got;

	got = pread_full(fd, buf, n, 0);
	if (got < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	if ((size_t)got != n) {
		ls_errf(err, "file shrank while being read");
		return -1;
	}
	*head = index_hash(buf, n);
	if (nread)
		*nread += n;
	if (size <= INDEX_HASH_SPAN) {
		*tail = *head;
		return 0;
	}
	got = pread_full(fd, buf, n, size - n);
	if (got < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	if ((size_t)got != n) {
		ls_errf(err, "file shrank while being read");
		return -1;
	}
	*tail = index_hash(buf, n);
	if (nread)
		*nread += n;
	return 0;
}

int
index_hash_log(int fd, uint64_t size, struct index_identity *id, char *err)
{
	return hash_log(fd, size, &id->head_hash, &id->tail_hash, NULL, err);
}

/* ---- group checks ---------------------------------------------------- */

/* Where group i of d ends: the next group's offset, else tail_off (the
 * partial last line and appended bytes belong to no group). */
static uint64_t
group_end(const struct index_data *d, uint64_t i)
{
	return i + 1 < d->ngroups ? d->groups[i + 1].offset : d->tail_off;
}

/*
 * The hash of group i's edges in the log on fd (see struct index_group):
 * [offset - S, offset + S) and [end - S, end), clipped to the file's start
 * and to the group, S = INDEX_CHECK_SPAN.  The bytes before the group hold
 * the newline that makes its offset a line start.  Returns 0, 1 when the
 * log ends too early, or -1 with err filled.
 */
static int
group_hash(int fd, const struct index_data *d, uint64_t i, uint64_t *h,
           char *err)
{
	unsigned char buf[3 * INDEX_CHECK_SPAN];
	uint64_t off = d->groups[i].offset, end = group_end(d, i);
	uint64_t a0 = off > INDEX_CHECK_SPAN ? off - INDEX_CHECK_SPAN : 0;
	uint64_t a1 = end - off > INDEX_CHECK_SPAN ? off + INDEX_CHECK_SPAN
	                                           : end;
	uint64_t b0 = end - a1 > INDEX_CHECK_SPAN ? end - INDEX_CHECK_SPAN : a1;
	size_t na = (size_t)(a1 - a0), nb = (size_t)(end - b0);
	ssize_t got;

	got = pread_full(fd, buf, na, a0);
	if (got < 0)
		goto fail;
	if ((size_t)got != na)
		return 1;
	if (nb > 0) {
		got = pread_full(fd, buf + na, nb, b0);
		if (got < 0)
			goto fail;
		if ((size_t)got != nb)
			return 1;
	}
	*h = index_hash(buf, na + nb);
	return 0;
fail:
	ls_errf(err, "%s", strerror(errno));
	return -1;
}

/* Fill the checks of d's groups from `from` on, reading the log on fd. */
static int
fill_checks(struct index_data *d, uint64_t from, int fd, char *err)
{
	for (uint64_t i = from; i < d->ngroups; i++) {
		int r = group_hash(fd, d, i, &d->groups[i].check, err);

		if (r != 0) {
			if (r > 0)
				ls_errf(err, "file shrank while being read");
			return -1;
		}
	}
	return 0;
}

int
index_verify_group(const struct index_data *d, uint64_t i, int fd,
                   char *why)
{
	uint64_t h = 0;
	int r;

	/* A compressed log's bytes are not at their offsets in the file:
	 * its identity (size, mtime, the hashes of its compressed ends) is
	 * all that is checked. */
	if (i >= d->ngroups || (d->flags & INDEX_F_COMPRESSED))
		return 0;
	r = group_hash(fd, d, i, &h, why);
	if (r < 0)
		return -1;
	if (r > 0 || h != d->groups[i].check) {
		ls_errf(why,
		        "group %" PRIu64 " (line %" PRIu64
		        ") changed since it was indexed",
		        i, d->groups[i].first_line);
		return 1;
	}
	return 0;
}

int
index_check(const struct index_data *d, int fd, const struct stat *st,
            char *err)
{
	uint64_t head, tail;
	uint64_t size = (uint64_t)st->st_size;

	if ((uint64_t)st->st_dev != d->id.dev ||
	    (uint64_t)st->st_ino != d->id.ino) {
		ls_errf(err, "log rotated (new inode)");
		return INDEX_STALE;
	}
	if (d->flags & INDEX_F_COMPRESSED) {
		/* A compressed log is fresh or stale: one that grew is
		 * indexed again (its decoder state at the old end is not
		 * kept). */
		if (size != d->comp_size || mtime_ns(st) != d->id.mtime_ns) {
			ls_errf(err, "compressed log changed");
			return INDEX_STALE;
		}
		if (hash_log(fd, size, &head, &tail, NULL, err) < 0)
			return -1;
		if (head != d->comp_head_hash || tail != d->comp_tail_hash) {
			ls_errf(err, "log rewritten");
			return INDEX_STALE;
		}
		return INDEX_FRESH;
	}
	if (size < d->id.size) {
		ls_errf(err, "log truncated");
		return INDEX_STALE;
	}
	if (size == d->id.size && mtime_ns(st) != d->id.mtime_ns) {
		ls_errf(err, "log modified");
		return INDEX_STALE;
	}
	/* The hashes cost two small preads; checking them even when the
	 * identity matches also catches a rewrite that kept size and mtime
	 * but changed the ends. */
	if (hash_log(fd, d->id.size, &head, &tail, NULL, err) < 0)
		return -1;
	if (head != d->id.head_hash || tail != d->id.tail_hash) {
		ls_errf(err, "log rewritten");
		return INDEX_STALE;
	}
	return size == d->id.size ? INDEX_FRESH : INDEX_APPENDED;
}

/* ---- lookups --------------------------------------------------------- */

int64_t
index_find_group(const struct index_data *d, uint64_t n)
{
	uint64_t lo = 0, hi = d->ngroups;

	if (d->ngroups == 0 || n == 0)
		return -1;
	/* Invariant: groups[lo].first_line <= n < groups[hi].first_line. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (d->groups[mid].first_line <= n)
			lo = mid;
		else
			hi = mid;
	}
	return (int64_t)lo;
}

/* ---- where an index lives ------------------------------------------ */

static char *
join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *s = xmalloc(dl + nl + 2);

	memcpy(s, dir, dl);
	if (dl == 0 || dir[dl - 1] != '/')
		s[dl++] = '/';
	memcpy(s + dl, name, nl + 1);
	return s;
}

/* The cache directory, or NULL when neither variable gives one. */
static char *
cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home;

	/* The XDG spec says relative values are to be ignored. */
	if (x != NULL && x[0] == '/')
		return join(x, "logscan");
	home = getenv("HOME");
	if (home != NULL && home[0] == '/') {
		char *c = join(home, ".cache");
		char *s = join(c, "logscan");

		free(c);
		return s;
	}
	return NULL;
}

char *
index_cache_name(const char *log_path, char *err)
{
	char *abs = realpath(log_path, NULL);
	const char *base;
	size_t blen;
	char *name;

	if (abs == NULL) {
		int e = errno;

		ls_errf(err, "%s", strerror(e));
		errno = e; /* ENAMETOOLONG: the caller may look beside */
		return NULL;
	}
	base = strrchr(abs, '/');
	base = base ? base + 1 : abs;
	blen = strlen(base);
	/* Leave room for the hash, the suffix and a temporary suffix within
	 * NAME_MAX. */
	if (blen > 200) {
		blen = 200;
		/* Never inside a UTF-8 character: back up over its
		 * continuation bytes (the hash keeps names apart). */
		while (blen > 0 && ((unsigned char)base[blen] & 0xC0) == 0x80)
			blen--;
	}
	name = xmalloc(blen + 1 + 16 + sizeof(INDEX_SUFFIX));
	snprintf(name, blen + 1 + 16 + sizeof(INDEX_SUFFIX),
	         "%.*s.%016" PRIx64 "%s", (int)blen, base,
	         index_hash(abs, strlen(abs)), INDEX_SUFFIX);
	free(abs);
	return name;
}

/* The longest name made from LOG.lsidx: the temporary file of commit(). */
#define BESIDE_EXTRA (sizeof(INDEX_SUFFIX ".tmp.XXXXXX") - 1)

/*
 * Do LOG.lsidx and the lock and temporary names made from it fit in
 * NAME_MAX?  A log whose base name is too long for them keeps its index in
 * the cache directory, under the shortened cache name.
 */
static int
beside_fits(const char *log_path)
{
	const char *base = strrchr(log_path, '/');

	base = base ? base + 1 : log_path;
	return strlen(base) + BESIDE_EXTRA <= NAME_MAX;
}

int
index_candidates(const char *log_path, const char *index_dir, char *out[2],
                 size_t *n, char *err)
{
	char *name, *dir;

	*n = 0;
	if (strcmp(log_path, "-") == 0) {
		ls_errf(err, "standard input has no index");
		return -1;
	}
	if (index_dir != NULL && index_dir[0] == '\0') {
		ls_errf(err, "empty index directory name");
		return -1;
	}
	if (index_dir == NULL && beside_fits(log_path)) {
		size_t l = strlen(log_path);

		out[0] = xmalloc(l + sizeof(INDEX_SUFFIX));
		memcpy(out[0], log_path, l);
		memcpy(out[0] + l, INDEX_SUFFIX, sizeof(INDEX_SUFFIX));
		*n = 1;
	}
	name = index_cache_name(log_path, err);
	/* A log whose absolute path is longer than PATH_MAX has no cache
	 * name, but still its index beside it, reached by the path as
	 * given (see fsat.h). */
	if (name == NULL && errno == ENAMETOOLONG && *n == 1)
		return 0;
	if (name == NULL) {
		while (*n > 0)
			free(out[--*n]);
		return -1;
	}
	dir = index_dir ? xstrdup(index_dir) : cache_dir();
	if (dir != NULL) {
		out[(*n)++] = join(dir, name);
		free(dir);
	}
	free(name);
	return 0;
}

int
index_mode_parse(const char *s, enum index_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = INDEX_AUTO;
	else if (strcmp(s, "never") == 0)
		*out = INDEX_NEVER;
	else
		return -1;
	return 0;
}

const char *
index_state_name(enum index_state s)
{
	switch (s) {
	case INDEX_STATE_NONE:
		return "none";
	case INDEX_STATE_MISSING:
		return "missing";
	case INDEX_STATE_FRESH:
		return "fresh";
	case INDEX_STATE_APPENDED:
		return "appended";
	case INDEX_STATE_STALE:
		return "stale";
	case INDEX_STATE_CORRUPT:
		return "corrupt";
	case INDEX_STATE_UNREADABLE:
		return "unreadable";
	case INDEX_STATE_UNTRUSTED:
		return "untrusted";
	}
	return "?";
}

void
index_lookup_free(struct index_lookup *lk)
{
	if (lk == NULL)
		return;
	free(lk->path);
	index_data_free(&lk->data);
	memset(lk, 0, sizeof(*lk));
}

int
index_lookup(struct index_lookup *lk, const char *log_path,
             const char *index_dir, window_file *wf, char *err)
{
	char *cand[2];
	size_t ncand;
	struct stat st;

	memset(lk, 0, sizeof(*lk));
	lk->state = INDEX_STATE_MISSING;
	if (fstat(window_fd(wf), &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	/* An empty regular file opens as a stream (it might be a /proc
	 * file), but it is still a log that can have an index. */
	if (!S_ISREG(st.st_mode) || (plain_stream(wf) && st.st_size != 0) ||
	    size_unknown(window_fd(wf), &st)) {
		lk->state = INDEX_STATE_NONE;
		return 0;
	}
	/* Standard input, or a path with no absolute form (a deleted file
	 * reached through /dev/fd): no place to look, so no index. */
	if (index_candidates(log_path, index_dir, cand, &ncand, err) < 0) {
		lk->state = INDEX_STATE_NONE;
		return 0;
	}
	for (size_t i = 0; i < ncand; i++) {
		struct index_data d;
		struct index_owner who;
		char why[LS_ERRSZ];
		uint64_t fsize = 0;
		enum index_state s;
		int r;

		switch (index_load_trusted(&d, cand[i], st.st_uid, &who, &fsize,
		                           why)) {
		case INDEX_LOAD_MISSING:
			free(cand[i]);
			continue;
		case INDEX_LOAD_UNTRUSTED:
			s = INDEX_STATE_UNTRUSTED;
			break;
		case INDEX_LOAD_CORRUPT:
			s = INDEX_STATE_CORRUPT;
			break;
		case INDEX_LOAD_OLD:
			s = INDEX_STATE_STALE;
			break;
		case INDEX_LOAD_ERROR:
			s = INDEX_STATE_UNREADABLE;
			break;
		case INDEX_LOAD_OK:
		default:
			r = index_check(&d, window_fd(wf), &st, why);
			if (r < 0) {
				ls_errf(err, "%s", why);
				index_data_free(&d);
				for (; i < ncand; i++)
					free(cand[i]);
				return -1;
			}
			if (r == INDEX_STALE) {
				s = INDEX_STATE_STALE;
				index_data_free(&d);
				break;
			}
			/* Usable: it wins over anything found earlier. */
			index_lookup_free(lk);
			if (d.flags & INDEX_F_COMPRESSED)
				window_set_points(wf, d.points,
				                  (size_t)d.npoints);
			lk->state = r == INDEX_FRESH ? INDEX_STATE_FRESH
			                             : INDEX_STATE_APPENDED;
			lk->path = cand[i];
			lk->file_size = fsize;
			lk->owner = who;
			lk->appended = (uint64_t)st.st_size - d.id.size;
			lk->data = d;
			for (i++; i < ncand; i++)
				free(cand[i]);
			return 0;
		}
		/* Report the first one found when none is usable. */
		if (lk->path == NULL) {
			lk->state = s;
			lk->path = cand[i];
			lk->file_size = fsize;
			lk->owner = who;
			snprintf(lk->reason, sizeof(lk->reason), "%s", why);
		} else {
			free(cand[i]);
		}
	}
	return 0;
}

/* ---- planning line ranges ------------------------------------------ */

/* ---- times ----------------------------------------------------------- */

/* Sample a zone's offset this often, but no more than ZONE_SAMPLES times. */
#define ZONE_STEP 900
#define ZONE_SAMPLES 65536
/* Reading a zone-less time looks this far around it (tz.c's TZ_SPAN is
 * 26 hours). */
#define ZONE_MARGIN (2 * 86400)

/* 00:00 UTC on the 1st of tf's reference month, or 0 for a format with a
 * year. */
static int64_t
time_ref_of(const timefmt *tf)
{
	const struct timefmt_def *d = timefmt_chosen(tf);
	int year, month;

	if (d == NULL || !(d->flags & TIMEFMT_NO_YEAR))
		return 0;
	timefmt_reference(tf, &year, &month);
	return timefmt_days_from_civil(year, month, 1) * 86400 *
	       INT64_C(1000000000);
}

uint64_t
index_zone_print(const tz *zone, int64_t lo, int64_t hi)
{
	int64_t a = lo / 1000000000 - ZONE_MARGIN;
	int64_t b = hi / 1000000000 + ZONE_MARGIN;
	int64_t step = ZONE_STEP;
	uint64_t h = INDEX_HASH_INIT;
	unsigned char le[8];

	/*
	 * The offsets in effect every quarter of an hour over the span (real
	 * changes of offset fall on such marks), and the step itself, so
	 * that a longer span sampled more coarsely cannot collide with a
	 * shorter one.  NULL is UTC: every offset 0.
	 */
	if ((b - a) / step > ZONE_SAMPLES)
		step = (b - a) / ZONE_SAMPLES + 1;
	put_u64(le, (uint64_t)step);
	h = index_hash_update(h, le, 8);
	for (int64_t t = a; t <= b; t += step) {
		int32_t off = zone ? tz_offset_at(zone, t) : 0;

		put_u32(le, (uint32_t)off);
		h = index_hash_update(h, le, 4);
	}
	return h ? h : 1;
}

uint64_t
index_time_def(const struct index_timing *t)
{
	const struct timefmt_def *def =
	    t && t->tf ? timefmt_chosen(t->tf) : NULL;
	uint64_t h = INDEX_HASH_INIT;
	unsigned char le[8];
	size_t column = 0;

	if (def == NULL)
		return 0;
	for (const char *p = def->name; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = index_hash_update(h, &c, 1);
	}
	h = index_hash_update(h, "", 1);
	if (def->ident != NULL)
		h = index_hash_update(h, def->ident, def->ident_len);
	{
		/* The config's zone aliases change what times read. */
		unsigned char al[TIMEFMT_ALIAS_IDENT_MAX];
		size_t n = timefmt_alias_ident(t->tf, al);

		if (n > 0)
			h = index_hash_update(h, al, n);
	}
	le[0] = (unsigned char)timefmt_fixed_column(t->tf, &column);
	h = index_hash_update(h, le, 1);
	put_u64(le, le[0] ? (uint64_t)column : 0);
	h = index_hash_update(h, le, 8);
	return h ? h : 1;
}

int
index_time_span(const struct index_data *d, int64_t *lo, int64_t *hi)
{
	int any = 0;

	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (uint64_t i = 0; i < d->ngroups; i++) {
		const struct index_group *g = &d->groups[i];

		if (g->time_min == INDEX_TIME_NONE)
			continue;
		any = 1;
		if (g->time_min < *lo)
			*lo = g->time_min;
		if (g->time_max > *hi)
			*hi = g->time_max;
	}
	if (d->time_carry != INDEX_TIME_NONE) {
		any = 1;
		if (d->time_carry < *lo)
			*lo = d->time_carry;
		if (d->time_carry > *hi)
			*hi = d->time_carry;
	}
	return any;
}

/* The zone t's zone-less timestamps are read in: the chosen format's own
 * (a configured format's timezone), else the run's. */
static const tz *
timing_zone(const struct index_timing *t)
{
	const struct timefmt_def *def = timefmt_chosen(t->tf);

	return def != NULL && def->zone != NULL ? def->zone : t->zone;
}

int
index_times_match(const struct index_data *d, const struct index_timing *t,
                  char *why)
{
	const struct timefmt_def *def =
	    t && t->tf ? timefmt_chosen(t->tf) : NULL;
	int64_t lo, hi;

	if (def == NULL) {
		if (d->time_format[0] == '\0')
			return 1;
		ls_errf(why, "indexed with times as %s", d->time_format);
		return 0;
	}
	if (d->time_format[0] == '\0') {
		ls_errf(why, "indexed without times");
		return 0;
	}
	/* The name field holds at most INDEX_FORMAT_NAME_SIZE bytes; the
	 * fingerprint below compares the whole name. */
	if (strncasecmp(d->time_format, def->name, INDEX_FORMAT_NAME_SIZE) !=
	    0) {
		ls_errf(why, "times indexed as %s, not %s", d->time_format,
		        def->name);
		return 0;
	}
	if (d->time_def != index_time_def(t)) {
		ls_errf(why,
		        "times indexed with another definition or placement "
		        "of format %s",
		        d->time_format);
		return 0;
	}
	if (d->time_ref != time_ref_of(t->tf)) {
		ls_errf(why, "indexed with another year for year-less times");
		return 0;
	}
	if (d->time_zone != 0 && index_time_span(d, &lo, &hi) &&
	    index_zone_print(timing_zone(t), lo, hi) != d->time_zone) {
		ls_errf(why, "indexed in another time zone");
		return 0;
	}
	return 1;
}

/* ---- building -------------------------------------------------------- */

/*
 * The hour of the last ISO 8601 timestamp read at the fixed column whose
 * zone was 'Z': the next lines of that hour and shape are read by
 * quick_time() from their minutes, seconds and fraction alone, the
 * commonest case of all (a line of a log is mostly in the hour of the
 * line before).
 */
struct quick {
	int ok;
	uint64_t head[2]; /* "YYYY-MM-DDTHH:", as two words (the second
	                     with the minute's digits masked out) */
	int64_t base;     /* the hour's :00:00 in UTC ns */
	unsigned frac;    /* digits of the fraction (0: none), at most 9 */
	char sep;         /* before the fraction: '.' or ',' */
	size_t zat;       /* where the 'Z' is (19 without a fraction) */
	/* With at most 3 digits of fraction the bytes from the seconds'
	 * ':' to the 'Z' fit a word: its fixed bytes and its digits. */
	int word;
	uint64_t fixmask, fixval, digmask;
};

struct scan_ctx {
	uint64_t gl, gb;
	uint64_t size;      /* end of the scan: the log's size at open */
	uint64_t gstart;    /* offset of the current group */
	uint64_t glines;    /* complete lines since gstart */
	uint64_t lines;     /* complete lines before the scan position */
	uint64_t last_line; /* start of the last line seen */
	int last_nl;        /* the last byte seen was '\n' */
	struct index_data *d;
	uint64_t cap;
	index_progress_fn progress;
	void *pctx;
	int cancelled;
	const timefmt *tf;             /* NULL: no times */
	const struct timefmt_def *def; /* tf's format */
	const tz *zone;                /* the zone tf reads in */
	int fixed;                     /* tf looks at one column: */
	size_t column;                 /* this one */
	int64_t carry;                 /* entry time in effect */
	struct timefmt_seq seq;        /* a fall-back's repeated hour */
	int zoneless;                  /* a zone-less timestamp was seen */
	int iso;                       /* the format is iso8601: read
	                                  fast (isofast.h, seq.iso) */
	struct quick q;                /* the last minute, for quick_time() */
};

static void
push_group(struct scan_ctx *s, uint64_t off)
{
	struct index_data *d = s->d;

	if (d->ngroups == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		d->groups =
		    xreallocarray(d->groups, s->cap, sizeof(*d->groups));
	}
	d->groups[d->ngroups++] = (struct index_group){
	    off, s->lines + 1, INDEX_TIME_NONE, INDEX_TIME_NONE, 0};
	s->gstart = off;
	s->glines = 0;
}

/* A line starts at off: open a new group there if the current one is full.
 * No group starts at the end of the log. */
static void
line_start(struct scan_ctx *s, uint64_t off)
{
	if (off < s->size && off > s->gstart &&
	    (s->glines >= s->gl || off - s->gstart >= s->gb))
		push_group(s, off);
}

/*
 * The time of the line [p, p + n) as timefmt_line_time_seq() reads it in
 * file order (s->seq: a fall-back's repeated hour), and
 * whether the timestamp had no zone: only when one had none does the zone
 * matter to the index (index_times_match()).  With a fixed column (most
 * logs) the format's parser is called there directly and its fields
 * converted as timefmt.h says, so each line is parsed once; otherwise the
 * timestamp is parsed again where it was found, until a zone-less one has
 * been seen.  Returns 1 with *t, 0 when the line has no time, or -1 when
 * s->seq does not know the entry before (a part read by a worker) and the
 * time is a repeated wall time: the part is then read again in order.
 */
static int
line_time(struct scan_ctx *s, const char *p, size_t n, int64_t *t)
{
	struct timefmt_fields f;
	size_t start, tslen;
	int r;

	memset(&f, 0, sizeof(f));
	if (s->fixed) {
		/* The column counts from after a byte-order mark. */
		size_t b = n > 0 && p[0] == '\xEF' ? timefmt_bom_len(p, n) : 0;
		int zl;

		if (s->column >= n - b)
			return 0;
		if (s->iso && isofast_time(&s->seq.iso, p + b, n - b, s->column,
		                           s->zone, &s->seq, t, &zl)) {
			s->zoneless |= zl;
			return 1;
		}
		if (s->def->parse(s->def, p + b, n - b, s->column, &f) == 0)
			return 0;
		timefmt_fields_finish(s->tf, &f);
		if ((r = timefmt_fields_to_ns_seq(&f, s->zone, &s->seq, t)) != 0)
			return r == -2 ? -1 : 0;
		if (f.zone == TIMEFMT_ZONE_LOCAL)
			s->zoneless = 1;
		return 1;
	}
	if ((r = timefmt_line_time_seq_at(s->tf, p, n, &s->seq, t, &start,
	                                  &tslen)) <= 0)
		return r;
	if (!s->zoneless && (s->def->parse(s->def, p, n, start, &f) == 0 ||
	                     f.zone == TIMEFMT_ZONE_LOCAL))
		s->zoneless = 1;
	return 1;
}

static inline int
quick_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

/* A byte that may stand right before a timestamp (isofast_time()'s rule:
 * not inside a word, a number or another date). */
static inline int
quick_before(char b)
{
	return !(quick_digit(b) || (unsigned char)((b | 0x20) - 'a') < 26 ||
	         b == '-' || b == '/' || b == '.' || b == ':');
}

/*
 * The line [p, p + n) read as isofast_time() reads it at column col
 * when its timestamp is of the hour and shape in q: 1 with *t (for the
 * caller to note in its struct timefmt_seq), or 0 when it is not (the
 * caller reads it the usual way).  A few comparisons and the digits of
 * the minutes, seconds and fraction.
 */
static inline __attribute__((always_inline)) int
quick_time(const struct quick *q, size_t col, const char *p, size_t n,
           int64_t *t)
{
	static const uint32_t scale[10] = {1000000000, 100000000, 10000000,
	                                   1000000,    100000,    10000,
	                                   1000,       100,       10,
	                                   1};
	const char *z = p + col;
	uint64_t h0, h1;
	uint32_t ns = 0;
	int sec, mins;

	if (!q->ok || n <= col + q->zat ||
	    (col > 0 && (p[0] == '\xEF' || !quick_before(z[-1]))))
		return 0;
	memcpy(&h0, z, 8);
	memcpy(&h1, z + 8, 8);
	if (h0 != q->head[0] ||
	    (h1 & UINT64_C(0x0000ffffffffffff)) != q->head[1])
		return 0;
	if (col + q->zat + 1 < n && quick_digit(z[q->zat + 1]))
		return 0;
	/* The minute: bytes 6 and 7 of h1, each a digit. */
	h1 = (h1 >> 48) ^ 0x3030;
	if (((h1 | (h1 + 0x7676)) & 0x8080) != 0)
		return 0;
	mins = (int)(h1 & 0xff) * 10 + (int)(h1 >> 8);
	if (mins > 59)
		return 0;
	if (q->word) {
		/* ":SS.fffZ" (or shorter) in one word, little-endian: the
		 * digits less '0' are each below 10 exactly when adding
		 * 0x76 leaves the top bit of their byte clear. */
		uint64_t w, d;

		memcpy(&w, z + 16, 8);
		d = (w ^ UINT64_C(0x3030303030303030)) & q->digmask;
		if ((w & q->fixmask) != q->fixval ||
		    ((d | (d + (q->digmask & UINT64_C(0x7676767676767676)))) &
		     q->digmask & UINT64_C(0x8080808080808080)) != 0)
			return 0;
		sec = (int)((d >> 8) & 0xff) * 10 + (int)((d >> 16) & 0xff);
		switch (q->frac) {
		case 3:
			ns = (uint32_t)((d >> 32) & 0xff) * 100 +
			     (uint32_t)((d >> 40) & 0xff) * 10 +
			     (uint32_t)((d >> 48) & 0xff);
			break;
		case 2:
			ns = (uint32_t)((d >> 32) & 0xff) * 10 +
			     (uint32_t)((d >> 40) & 0xff);
			break;
		case 1:
			ns = (uint32_t)((d >> 32) & 0xff);
			break;
		default:
			break;
		}
		/* The leap second (read as :59) is left to isofast. */
		if (sec > 59)
			return 0;
		*t = q->base + (int64_t)(mins * 60 + sec) * 1000000000 +
		     (int64_t)(ns * scale[q->frac]);
		return 1;
	}
	if (z[16] != ':' || !quick_digit(z[17]) || !quick_digit(z[18]) ||
	    z[q->zat] != 'Z')
		return 0;
	sec = (z[17] - '0') * 10 + (z[18] - '0');
	if (sec > 59)
		return 0;
	if (q->frac > 0) {
		if (z[19] != q->sep)
			return 0;
		for (unsigned i = 0; i < q->frac; i++) {
			if (!quick_digit(z[20 + i]))
				return 0;
			ns = ns * 10 + (uint32_t)(z[20 + i] - '0');
		}
		ns *= scale[q->frac];
	}
	*t = q->base + (int64_t)(mins * 60 + sec) * 1000000000 + (int64_t)ns;
	return 1;
}

/*
 * quick_time() for a shape whose seconds and fraction fit a word
 * (q->word), without the arithmetic: 1 with a key that orders the times
 * of the hour q holds as the times do (the minute, then the digits of the
 * seconds and the fraction), or 0.  key_time() turns a key into the time.
 * So a run of lines of one hour costs a comparison per line, and the
 * arithmetic is done for its earliest, latest and last line only.
 */
static inline __attribute__((always_inline)) int
quick_key(const struct quick *q, size_t col, const char *p, size_t n,
          uint64_t *key)
{
	const char *z = p + col;
	uint64_t h0, h1, w, d;

	if (n <= col + q->zat ||
	    (col > 0 && (p[0] == '\xEF' || !quick_before(z[-1]))))
		return 0;
	memcpy(&h0, z, 8);
	memcpy(&h1, z + 8, 8);
	memcpy(&w, z + 16, 8);
	d = (w ^ UINT64_C(0x3030303030303030)) & q->digmask;
	h1 ^= UINT64_C(0x3030000000000000);
	/* The minute's two bytes and the word's digits are digits, the
	 * rest as learnt, the byte after the 'Z' no digit. */
	if (h0 != q->head[0] ||
	    (h1 & UINT64_C(0x0000ffffffffffff)) != q->head[1] ||
	    ((h1 | (h1 + UINT64_C(0x7676000000000000))) &
	     UINT64_C(0x8080000000000000)) != 0 ||
	    (w & q->fixmask) != q->fixval ||
	    ((d | (d + (q->digmask & UINT64_C(0x7676767676767676)))) &
	     q->digmask & UINT64_C(0x8080808080808080)) != 0 ||
	    (col + q->zat + 1 < n && quick_digit(z[q->zat + 1])))
		return 0;
	/* Minutes and seconds past 59 (the leap second) are isofast's:
	 * their tens, in byte 6 of h1 and byte 1 of d. */
	if (((h1 >> 48) & 0xff) > 5 || ((d >> 8) & 0xff) > 5)
		return 0;
	*key = (h1 & UINT64_C(0x00ff000000000000)) << 8 |
	       (h1 & UINT64_C(0xff00000000000000)) >> 8 |
	       __builtin_bswap64(d) >> 8;
	return 1;
}

/* The time of a key of quick_key() with q. */
static inline __attribute__((always_inline)) int64_t
key_time(const struct quick *q, uint64_t key)
{
	static const uint32_t scale[4] = {1000000000, 100000000, 10000000,
	                                  1000000};
	/* Bytes of the key from the top: minute tens, units, then the
	 * word's bytes 1 to 6: second tens, units, separator, fraction. */
	int mins = (int)((key >> 56) & 0xff) * 10 + (int)((key >> 48) & 0xff);
	int sec = (int)((key >> 40) & 0xff) * 10 + (int)((key >> 32) & 0xff);
	uint32_t ns;

	switch (q->frac) {
	case 3:
		ns = (uint32_t)((key >> 16) & 0xff) * 100 +
		     (uint32_t)((key >> 8) & 0xff) * 10 + (uint32_t)(key & 0xff);
		break;
	case 2:
		ns = (uint32_t)((key >> 16) & 0xff) * 10 +
		     (uint32_t)((key >> 8) & 0xff);
		break;
	case 1:
		ns = (uint32_t)((key >> 16) & 0xff);
		break;
	default:
		ns = 0;
		break;
	}
	return q->base + (int64_t)(mins * 60 + sec) * 1000000000 +
	       (int64_t)ns * scale[q->frac];
}

/* After the line [p, p + n) was read the usual way as t: when its
 * timestamp is of the shape quick_time() reads, remember its minute. */
static void
quick_learn(struct scan_ctx *s, const char *p, size_t n, int64_t t)
{
	struct quick *q = &s->q;
	struct timefmt_fields f;
	const char *z = p + s->column;
	size_t at = 19;
	unsigned frac = 0;
	int sec;

	q->ok = 0;
	if (!s->iso || !s->fixed || p[0] == '\xEF' || n < s->column + 20 ||
	    (s->column > 0 && !quick_before(z[-1])) ||
	    isofast_shape(z, p + n, &f) == NULL)
		return;
	if ((z[at] == '.' || z[at] == ',') && s->column + at + 1 < n &&
	    quick_digit(z[at + 1])) {
		q->sep = z[at];
		for (at++; s->column + at < n && quick_digit(z[at]); at++)
			frac++;
		if (frac > 9)
			return;
	}
	if (s->column + at >= n || z[at] != 'Z' ||
	    (s->column + at + 1 < n && quick_digit(z[at + 1])))
		return;
	if (f.second > 59)
		return; /* the leap second: left to isofast */
	sec = f.second;
	q->frac = frac;
	q->zat = at;
	q->word = at <= 23;
	if (q->word) {
		/* Byte i of the word is z[16 + i]: ':' then two digits,
		 * the separator and the fraction's digits, then 'Z'. */
		q->fixmask = q->fixval = q->digmask = 0;
		for (size_t i = 0; i <= at - 16; i++) {
			uint64_t b = (uint64_t)0xff << (8 * i);

			if (i == 1 || i == 2 || (i >= 4 && i < 4 + frac))
				q->digmask |= b;
			else {
				q->fixmask |= b;
				q->fixval |= (uint64_t)(unsigned char)z[16 + i]
				             << (8 * i);
			}
		}
	}
	memcpy(&q->head[0], z, 8);
	memcpy(&q->head[1], z + 8, 8);
	q->head[1] &= UINT64_C(0x0000ffffffffffff);
	/* t is the hour's start plus the minutes, seconds and fraction. */
	q->base = t - (int64_t)(f.minute * 60 + sec) * 1000000000;
	if (frac > 0) {
		uint32_t ns = 0;

		for (unsigned i = 0; i < frac; i++)
			ns = ns * 10 + (uint32_t)(z[20 + i] - '0');
		for (unsigned i = frac; i < 9; i++)
			ns *= 10;
		q->base -= (int64_t)ns;
	}
	q->ok = 1;
}

/*
 * The time of the line [p, p + n): quick_time(), else line_time() (and
 * the minute learnt for the next lines).  Returns what line_time() does.
 */
static inline __attribute__((always_inline)) int
entry_time(struct scan_ctx *s, const char *p, size_t n, int64_t *t)
{
	int r;

	if (quick_time(&s->q, s->column, p, n, t)) {
		timefmt_seq_set(&s->seq, *t);
		return 1;
	}
	/* The iso8601 reading starts with the year's digits: a line with
	 * no digit at the column (a stack trace's, a continuation) has no
	 * time, without asking the parser. */
	if (s->iso && s->fixed && p[0] != '\xEF' &&
	    (n <= s->column || !quick_digit(p[s->column])))
		return 0;
	r = line_time(s, p, n, t);
	if (r > 0 && s->iso)
		quick_learn(s, p, n, *t);
	return r;
}

/* Widen the current group's time span to [lo, hi] (lo > hi: no time). */
static void
group_times(struct scan_ctx *s, int64_t lo, int64_t hi)
{
	struct index_group *g = &s->d->groups[s->d->ngroups - 1];

	if (lo > hi)
		return;
	if (g->time_min == INDEX_TIME_NONE || lo < g->time_min)
		g->time_min = lo;
	if (g->time_max == INDEX_TIME_NONE || hi > g->time_max)
		g->time_max = hi;
}

/*
 * With times every line is looked at: the same group cuts as the counting
 * loop below (line_start() decides both), plus each line's entry time.  A
 * last line without '\n' is left out: it may still grow.
 */
static void
scan_lines_timed(struct scan_ctx *s, const struct window *w)
{
	enum { BATCH = 128 };
	uint32_t nl[BATCH];
	const char *p = w->data, *end = w->data + w->len, *base;
	size_t scanned, k;
	/* The line loop's state in locals, back in s around what needs
	 * it (a line read the usual way, a new group, the end). */
	struct quick q = s->q;
	size_t col = s->column;
	int64_t carry = s->carry, lo = INT64_MAX, hi = INT64_MIN;
	uint64_t lines = s->lines, glines = s->glines;
	uint64_t lim = s->gb - 1 > UINT64_MAX - s->gstart
	                   ? UINT64_MAX
	                   : s->gstart + s->gb - 1;
	/* The keys (quick_key()) of the run of lines read since the last
	 * line read otherwise: all of the hour in q. */
	uint64_t rmin = UINT64_MAX, rmax = 0, rlast = 0;
	int run = 0;

#define FLUSH_RUN()                                                      \
	do {                                                             \
		if (run) {                                               \
			int64_t a_ = key_time(&q, rmin);                 \
			int64_t b_ = key_time(&q, rmax);                 \
			lo = a_ < lo ? a_ : lo;                          \
			hi = b_ > hi ? b_ : hi;                          \
			carry = key_time(&q, rlast);                     \
			rmin = UINT64_MAX;                               \
			rmax = 0;                                        \
			run = 0;                                         \
		}                                                        \
	} while (0)

	/* The newlines a batch at a time (newline_find()), not one
	 * memchr() per line: lines are short. */
	for (base = p; base < end; base += scanned) {
		size_t span = (size_t)(end - base);

		if (span > (size_t)1 << 30)
			span = (size_t)1 << 30;
		k = newline_find(base, span, '\n', nl, BATCH, &scanned);
		for (size_t j = 0; j < k; j++) {
			const char *e = base + nl[j];
			uint64_t off, key;
			int64_t t;

			if (q.ok && q.word &&
			    quick_key(&q, col, p, (size_t)(e - p), &key)) {
				rmin = key < rmin ? key : rmin;
				rmax = key > rmax ? key : rmax;
				rlast = key;
				run = 1;
			} else {
				if (quick_time(&q, col, p, (size_t)(e - p),
				               &t)) {
					carry = t;
				} else {
					FLUSH_RUN();
					s->carry = carry;
					timefmt_seq_set(&s->seq, carry);
					/* In file order the entry before is
					 * always known: never -1. */
					if (entry_time(s, p, (size_t)(e - p),
					               &t) > 0)
						carry = t;
					q = s->q;
				}
				if (carry != INDEX_TIME_NONE) {
					lo = carry < lo ? carry : lo;
					hi = carry > hi ? carry : hi;
				}
			}
			lines++;
			glines++;
			p = e + 1;
			off = w->offset + (uint64_t)(p - w->data);
			/* line_start()'s rule, with the byte limit as the
			 * offset of the newline that reaches it. */
			if ((glines >= s->gl || off - 1 >= lim) &&
			    off < s->size) {
				FLUSH_RUN();
				group_times(s, lo, hi);
				lo = INT64_MAX;
				hi = INT64_MIN;
				s->lines = lines;
				push_group(s, off);
				glines = 0;
				lim = s->gb - 1 > UINT64_MAX - off
				          ? UINT64_MAX
				          : off + s->gb - 1;
			}
		}
	}
	FLUSH_RUN();
#undef FLUSH_RUN
	group_times(s, lo, hi);
	s->carry = carry;
	timefmt_seq_set(&s->seq, carry);
	s->lines = lines;
	s->glines = glines;
}

static int
scan_window(void *ctx, const struct window *w)
{
	struct scan_ctx *s = ctx;
	const char *p = w->data, *end = w->data + w->len;

	if (s->tf != NULL) {
		scan_lines_timed(s, w);
		p = end;
	}
	while (p < end) {
		uint64_t pos = w->offset + (uint64_t)(p - w->data);
		/* A newline at or past lim closes the group by bytes. */
		uint64_t lim = s->gb - 1 > UINT64_MAX - s->gstart
		                   ? UINT64_MAX
		                   : s->gstart + s->gb - 1;
		uint64_t k = s->gl - s->glines;
		const char *q;

		if (s->glines >= s->gl)
			k = 1; /* only after a resume with smaller limits */
		if (pos < lim) {
			size_t span = (size_t)(end - p);
			uint64_t seen;

			if (lim - pos < span)
				span = (size_t)(lim - pos);
			q = newline_nth(p, span, k, &seen);
			if (q != NULL) {
				s->lines += k;
				s->glines += k;
				p = q;
				line_start(s,
				           w->offset + (uint64_t)(p - w->data));
				continue;
			}
			s->lines += seen;
			s->glines += seen;
			p += span;
			if (p == end)
				break;
		}
		q = memchr(p, '\n', (size_t)(end - p));
		if (q == NULL)
			break;
		s->lines++;
		s->glines++;
		p = q + 1;
		line_start(s, w->offset + (uint64_t)(p - w->data));
	}
	if (w->len > 0) {
		s->last_nl = w->data[w->len - 1] == '\n';
		if (!s->last_nl) {
			/* Only the file's last line may lack '\n'; it starts
			 * after the window's last newline (windows hold whole
			 * lines, so at worst at the window's start). */
			const char *q = memrchr(w->data, '\n', w->len);

			s->last_line =
			    w->offset + (q ? (uint64_t)(q + 1 - w->data) : 0);
		}
	}
	if (s->progress &&
	    s->progress(s->pctx, w->offset + w->len, s->size) != 0) {
		s->cancelled = 1;
		return 1;
	}
	return 0;
}

int
index_scan_log(window_file *wf, uint64_t group_lines, uint64_t group_bytes,
               const struct index_data *prev, struct index_data *out,
               index_progress_fn progress, void *ctx, char *err)
{
	return index_scan_log_timed(wf, group_lines, group_bytes, NULL, prev,
	                            out, progress, ctx, err);
}

/* For a compressed log just scanned: its identity (the compressed file's
 * size and the hashes of its ends) and the restart points the decoder
 * noted.  Returns 0, or -1 with err filled. */
static int
comp_identity(window_file *wf, const struct stat *st, struct index_data *out,
              char *err)
{
	const struct decomp_point *pts;
	size_t n;

	out->flags |= INDEX_F_COMPRESSED;
	out->comp_format = (uint32_t)window_format(wf);
	out->comp_size = (uint64_t)st->st_size;
	out->id.head_hash = 0;
	out->id.tail_hash = 0;
	if (hash_log(window_fd(wf), out->comp_size, &out->comp_head_hash,
	             &out->comp_tail_hash, NULL, err) < 0)
		return -1;
	pts = window_points(wf, &n);
	out->points = xcalloc(n ? n : 1, sizeof(*out->points));
	for (size_t i = 0; i < n; i++) {
		/* Points at the very end restart nothing. */
		if (pts[i].out >= out->id.size)
			break;
		out->points[i] = pts[i];
		if (pts[i].zwin_len > 0) {
			out->points[i].zwin = xmalloc(pts[i].zwin_len);
			memcpy(out->points[i].zwin, pts[i].zwin,
			       pts[i].zwin_len);
		}
		out->npoints = i + 1;
	}
	return 0;
}

/* ---- building with several threads ----------------------------------- */

/*
 * With -j the log is cut into parts as grep -j cuts it (whole lines, part
 * k from the first line starting at or after k * chunk), and workers read
 * the parts at once.  Where a group closes depends on where the one before
 * it began, so a worker cannot cut groups: it notes, for each line of its
 * part, where its newline is and the entry time it has as far as the part
 * knows (the lines before the part's first timestamp take the time carried
 * in from before the part, which only the caller knows).  The caller takes
 * the parts in file order and cuts the groups from those notes with the
 * rule of line_start(), so the index is the one a single thread writes.
 * A part whose notes would take more than PART_MAX_NOTES bytes (a part of
 * very short lines), or whose first timestamp is a repeated wall time
 * (which the entry before decides), is read again by the caller in order.
 */
#define PART_MAX_NOTES ((size_t)16 << 20)

struct index_part {
	struct index_notes nt; /* what merge_notes() reads */
	uint64_t k;            /* the part's number: [k * chunk, ...) */
	uint64_t cap;          /* room in ends (and times) */
	int again;             /* the caller must read it in order */
	int failed;            /* err says why */
	char err[LS_ERRSZ];
};

/* What the workers share (read-only while they run). */
struct index_par {
	window_file *wf;        /* the caller's handle, cloned per worker */
	const struct scan_ctx *tmpl; /* how times are read */
	uint64_t chunk;
	uint64_t start, size;   /* the range indexed */
	uint64_t nparts;        /* parts are k = start / chunk ... nparts - 1 */
	struct scan_ctx *s;     /* the caller's state (finish() only) */
	struct index_scan_info *info; /* the caller's thread fills parts */
	uint64_t io[2];         /* bytes the workers mapped and read */
	int failed;             /* finish(): a part failed, err says why */
	char err[LS_ERRSZ];
	/* Notes of parts that were merged, for the next parts: their pages
	 * are touched once, not once per part. */
	pthread_mutex_t mu;
	struct index_notes *spare; /* nspare of them (ends and times) */
	uint64_t *spare_cap;
	size_t nspare, maxspare;
};

/* Give pt the arrays of a merged part, if there is one. */
static void
notes_take(struct index_par *x, struct index_part *pt)
{
	pthread_mutex_lock(&x->mu);
	if (x->nspare > 0) {
		x->nspare--;
		pt->nt.ends = x->spare[x->nspare].ends;
		pt->nt.times = x->spare[x->nspare].times;
		pt->cap = x->spare_cap[x->nspare];
	}
	pthread_mutex_unlock(&x->mu);
}

/* Keep pt's arrays for another part (or free them). */
static void
notes_give(struct index_par *x, struct index_part *pt)
{
	pthread_mutex_lock(&x->mu);
	if (pt->nt.ends != NULL && x->nspare < x->maxspare) {
		x->spare[x->nspare].ends = pt->nt.ends;
		x->spare[x->nspare].times = pt->nt.times;
		x->spare_cap[x->nspare] = pt->cap;
		x->nspare++;
		pt->nt.ends = NULL;
		pt->nt.times = NULL;
	}
	pthread_mutex_unlock(&x->mu);
	free(pt->nt.ends);
	free(pt->nt.times);
	pt->nt.ends = NULL;
	pt->nt.times = NULL;
	pt->cap = 0;
}

/* A worker: its handle on the log and its reader of times. */
struct index_worker {
	window_file *wf;
	char err[LS_ERRSZ]; /* why wf is NULL */
	struct scan_ctx s;  /* tf and friends, seq and zoneless only */
	struct index_part *pt;
};

/* Room for at least k more notes in pt (times too when timed); 0, or -1
 * past PART_MAX_NOTES. */
static int
part_room(struct index_part *pt, uint64_t k, int timed)
{
	size_t each = sizeof(*pt->nt.ends) + (timed ? sizeof(*pt->nt.times) : 0);
	uint64_t want = pt->nt.n + k, cap;

	if (want <= pt->cap)
		return 0;
	if (want > PART_MAX_NOTES / each)
		return -1;
	cap = pt->cap * 2 > want ? pt->cap * 2 : want + 1024;
	if (cap > PART_MAX_NOTES / each)
		cap = PART_MAX_NOTES / each;
	pt->nt.ends = xreallocarray(pt->nt.ends, cap, sizeof(*pt->nt.ends));
	if (timed)
		pt->nt.times = xreallocarray(pt->nt.times, cap, sizeof(*pt->nt.times));
	pt->cap = cap;
	return 0;
}

/* window_fn of a worker: note the lines of one window of its part. */
static int
part_window(void *ctx, const struct window *w)
{
	/* A batch of lines stays in the first-level cache. */
	enum { BATCH = 64 };
	struct index_worker *iw = ctx;
	struct index_part *pt = iw->pt;
	const char *p = w->data, *end = w->data + w->len, *base;
	uint64_t rel = w->offset - pt->nt.start;
	size_t scanned, k;

	if (w->len > UINT32_MAX - rel) {
		pt->again = 1; /* a part of 4 GiB or more: in order */
		return 1;
	}
	for (base = p; base < end; base += scanned) {
		size_t span = (size_t)(end - base);
		uint32_t add = (uint32_t)(rel + (uint64_t)(base - w->data));
		uint32_t *e;

		if (span > (size_t)1 << 30)
			span = (size_t)1 << 30;
		if (part_room(pt, BATCH, iw->s.tf != NULL) < 0) {
			pt->again = 1;
			return 1;
		}
		e = pt->nt.ends + pt->nt.n;
		k = newline_find(base, span, '\n', e, BATCH, &scanned);
		for (size_t j = 0; j < k; j++)
			e[j] += add;
		if (iw->s.tf != NULL) {
			/* scan_lines_timed()'s reading, each line's time
			 * kept. */
			struct scan_ctx *s = &iw->s;
			struct quick q = s->q;
			size_t col = s->column;
			int64_t carry = s->carry, *tt = pt->nt.times + pt->nt.n;

			for (size_t j = 0; j < k; j++) {
				const char *nl = w->data + (e[j] - rel);
				size_t len = (size_t)(nl - p);
				uint64_t key;
				int64_t t;
				int r;

				if (q.ok && q.word &&
				    quick_key(&q, col, p, len, &key)) {
					carry = key_time(&q, key);
				} else if (quick_time(&q, col, p, len, &t)) {
					carry = t;
				} else {
					/* The sequence is known from the
					 * part's first time on. */
					if (carry != INDEX_TIME_NONE)
						timefmt_seq_set(&s->seq, carry);
					r = entry_time(s, p, len, &t);
					if (r < 0) {
						pt->again = 1;
						return 1;
					}
					if (r > 0)
						carry = t;
					q = s->q;
				}
				if (carry == INDEX_TIME_NONE)
					pt->nt.lead++;
				else
					tt[j] = carry;
				p = nl + 1;
			}
			s->carry = carry;
			if (carry != INDEX_TIME_NONE)
				timefmt_seq_set(&s->seq, carry);
		}
		pt->nt.n += k;
	}
	pt->nt.last_nl = w->data[w->len - 1] == '\n';
	if (!pt->nt.last_nl) {
		const char *q = memrchr(w->data, '\n', w->len);

		pt->nt.last_line = w->offset + (q ? (uint64_t)(q + 1 - w->data) : 0);
	}
	return 0;
}

static void *
ipar_worker_open(void *arg, par_worker *w)
{
	struct index_par *x = arg;
	struct index_worker *iw = xcalloc(1, sizeof(*iw));

	(void)w;
	if (window_clone(&iw->wf, x->wf, iw->err) < 0)
		iw->wf = NULL;
	iw->s = *x->tmpl;
	iw->s.d = NULL;
	return iw;
}

static void
ipar_worker_close(void *arg, void *ws)
{
	struct index_par *x = arg;
	struct index_worker *iw = ws;

	if (iw->wf != NULL) {
		const struct window_stats *st = window_get_stats(iw->wf);

		__atomic_add_fetch(&x->io[0], st->bytes_mapped,
		                   __ATOMIC_RELAXED);
		__atomic_add_fetch(&x->io[1], st->bytes_read,
		                   __ATOMIC_RELAXED);
	}
	window_close(iw->wf);
	free(iw);
}

/* In a worker: find part pt's lines and note them. */
static void
ipar_run(void *arg, void *ws, void *job)
{
	struct index_par *x = arg;
	struct index_worker *iw = ws;
	struct index_part *pt = job;

	if (iw->wf == NULL) {
		ls_errf(pt->err, "%s", iw->err);
		pt->failed = 1;
		return;
	}
	if ((pt->k * x->chunk > x->start &&
	     window_line_start(iw->wf, pt->k * x->chunk, &pt->nt.start,
	                       pt->err) < 0) ||
	    (pt->k + 1 < x->nparts &&
	     window_line_start(iw->wf, (pt->k + 1) * x->chunk, &pt->nt.end,
	                       pt->err) < 0)) {
		pt->failed = 1;
		return;
	}
	if (pt->nt.end < pt->nt.start)
		pt->nt.end = pt->nt.start; /* inside a line that began before */
	if (pt->nt.start == pt->nt.end)
		return;
	notes_take(x, pt);
	/* A part knows nothing of the entries before it. */
	timefmt_seq_init(&iw->s.seq, 0);
	iw->s.carry = INDEX_TIME_NONE;
	iw->s.zoneless = 0;
	iw->pt = pt;
	if (window_scan(iw->wf, pt->nt.start, pt->nt.end, part_window, iw,
	                pt->err) < 0)
		pt->failed = 1;
	pt->nt.carry = iw->s.carry;
	pt->nt.zoneless = iw->s.zoneless;
	if (pt->again) {
		/* The caller reads it; the notes can serve another part. */
		notes_give(x, pt);
		pt->nt.n = 0;
	}
}

static void
ipar_flush(void *arg, void *ws)
{
	(void)arg;
	(void)ws;
}

static int
ipar_emit(void *arg, void *job, const char *p, size_t n)
{
	(void)arg;
	(void)job;
	(void)p;
	(void)n;
	return 0;
}

/* Fold the entry times of lines [j, k] of nt into the current group, as
 * scan_lines_timed() does one line at a time. */
static void
fold_times(struct scan_ctx *s, const struct index_notes *nt, uint64_t j,
           uint64_t k)
{
	struct index_group *g = &s->d->groups[s->d->ngroups - 1];
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	int any = 0;

	if (j < nt->lead && s->carry != INDEX_TIME_NONE) {
		lo = hi = s->carry;
		any = 1;
	}
	if (k >= nt->lead) {
		for (uint64_t i = j > nt->lead ? j : nt->lead; i <= k; i++) {
			int64_t t = nt->times[i];

			lo = t < lo ? t : lo;
			hi = t > hi ? t : hi;
		}
		any = 1;
	}
	if (!any)
		return;
	if (g->time_min == INDEX_TIME_NONE || lo < g->time_min)
		g->time_min = lo;
	if (g->time_max == INDEX_TIME_NONE || hi > g->time_max)
		g->time_max = hi;
}

/* The first i in [lo, hi) with e[i] >= v, else hi. */
static uint64_t
first_at_least(const uint32_t *e, uint64_t lo, uint64_t hi, uint64_t v)
{
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (e[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Add the lines of the next part to s, as scan_window() would have read
 * them: the groups are cut by line_start()'s rule, found a group at a time
 * (the line count reached, or the first newline gb - 1 bytes or more into
 * the group: a binary search in the part's newlines), and each group's
 * times are the entry times of its lines.
 */
static void
merge_notes(struct scan_ctx *s, const struct index_notes *nt)
{
	uint64_t j = 0, n = nt->n;

	while (j < n) {
		/* The group's last line is line k of the part, or one in a
		 * later part (k == n). */
		uint64_t room = s->glines >= s->gl ? 1 : s->gl - s->glines;
		uint64_t k = room - 1 < n - j ? j + room - 1 : n;
		uint64_t thr = s->gb - 1 > UINT64_MAX - s->gstart
		                   ? UINT64_MAX
		                   : s->gstart + s->gb - 1;
		uint64_t last;

		if (thr <= nt->start)
			k = j;
		else if (thr - nt->start <= UINT32_MAX)
			k = first_at_least(nt->ends, j, k, thr - nt->start);
		last = k < n ? k : n - 1;
		if (nt->times != NULL)
			fold_times(s, nt, j, last);
		s->lines += last - j + 1;
		s->glines += last - j + 1;
		if (k < n)
			line_start(s, nt->start + nt->ends[k] + 1);
		j = last + 1;
	}
	if (nt->times != NULL) {
		if (nt->lead < n)
			s->carry = nt->carry;
		s->zoneless |= nt->zoneless;
		/* For a part read again in order after this one. */
		timefmt_seq_set(&s->seq, s->carry);
	}
	if (nt->start < nt->end) {
		s->last_nl = nt->last_nl;
		if (!nt->last_nl)
			s->last_line = nt->last_line;
	}
}

/* The end of a scan: the last line and the counts (the checks, identity
 * and times of the header are the caller's). */
static void
scan_close_out(struct scan_ctx *s, struct index_data *out)
{
	if (!s->last_nl) {
		out->flags |= INDEX_F_PARTIAL_LAST;
		out->tail_off = s->last_line;
		out->total_lines = s->lines + 1;
	} else {
		out->tail_off = s->size;
		out->total_lines = s->lines;
	}
}

int
index_from_notes(uint64_t group_lines, uint64_t group_bytes, uint64_t size,
                 const struct index_notes *parts, size_t nparts,
                 struct index_data *out)
{
	struct scan_ctx s;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.carry = INDEX_TIME_NONE;
	timefmt_seq_init(&s.seq, 1);
	s.gl = group_lines ? group_lines : INDEX_DEFAULT_GROUP_LINES;
	s.gb = group_bytes ? group_bytes : INDEX_DEFAULT_GROUP_BYTES;
	s.size = size;
	s.d = out;
	s.last_nl = 1;
	out->group_lines = s.gl;
	out->group_bytes = s.gb;
	out->time_carry = INDEX_TIME_NONE;
	if (size > 0)
		push_group(&s, 0);
	for (size_t i = 0; i < nparts; i++)
		merge_notes(&s, &parts[i]);
	scan_close_out(&s, out);
	out->id.size = size;
	out->time_carry = s.carry;
	return 0;
}

/* In the caller's thread, in file order: add part pt to the index. */
static int
ipar_finish(void *arg, void *job, const char *kept, size_t nkept)
{
	struct index_par *x = arg;
	struct index_part *pt = job;
	struct scan_ctx *s = x->s;

	(void)kept;
	(void)nkept;
	x->info->parts++;
	if (pt->failed) {
		ls_errf(x->err, "%s", pt->err);
		x->failed = 1;
		return PAR_STOP;
	}
	if (pt->again) {
		int r;

		x->info->parts_again++;
		r = window_scan(x->wf, pt->nt.start, pt->nt.end, scan_window, s,
		                    x->err);

		if (r < 0) {
			x->failed = 1;
			return PAR_STOP;
		}
		return s->cancelled ? PAR_STOP : PAR_GO_ON;
	}
	merge_notes(s, &pt->nt);
	if (s->progress && s->progress(s->pctx, pt->nt.end, s->size) != 0) {
		s->cancelled = 1;
		return PAR_STOP;
	}
	return PAR_GO_ON;
}

static int
ipar_serial(void *arg, void *job)
{
	(void)arg;
	(void)job;
	return PAR_GO_ON;
}

static void
ipar_free(void *arg, void *job)
{
	struct index_part *pt = job;

	notes_give(arg, pt);
	free(pt);
}

static const struct par_ops ipar_ops = {
    ipar_worker_open, ipar_worker_close, ipar_run,   ipar_flush,
    ipar_emit,        ipar_finish,       ipar_serial, ipar_free,
};

/*
 * Index [start, s->size) of the regular file wf into s with threads
 * workers, in parts of chunk bytes.  Returns 0 (s->cancelled may be set),
 * or -1 with err filled.
 */
static int
scan_parts(struct scan_ctx *s, window_file *wf, uint64_t start,
           unsigned threads, uint64_t chunk, struct index_scan_info *info,
           char *err)
{
	struct index_par x;
	par *p;

	memset(&x, 0, sizeof(x));
	x.wf = wf;
	x.tmpl = s;
	x.chunk = chunk;
	x.start = start;
	x.size = s->size;
	x.nparts = (s->size + chunk - 1) / chunk;
	x.s = s;
	x.info = info;
	pthread_mutex_init(&x.mu, NULL);
	x.maxspare = 2 * (size_t)threads + 1;
	x.spare = xcalloc(x.maxspare, sizeof(*x.spare));
	x.spare_cap = xcalloc(x.maxspare, sizeof(*x.spare_cap));
	info->threads = threads;
	/* A part in flight per worker and one more each, queued: bounded
	 * notes (PART_MAX_NOTES each). */
	p = par_open(&ipar_ops, &x, threads, 2 * (size_t)threads);
	for (uint64_t k = start / chunk; k < x.nparts; k++) {
		struct index_part *pt = xcalloc(1, sizeof(*pt));

		pt->k = k;
		pt->nt.start = k * chunk > start ? k * chunk : start;
		pt->nt.end = k + 1 < x.nparts ? (k + 1) * chunk : s->size;
		pt->nt.last_nl = 1;
		if (par_add(p, pt, 0, 0) == PAR_STOP)
			break;
	}
	par_drain(p);
	par_close(p);
	for (size_t i = 0; i < x.nspare; i++) {
		free(x.spare[i].ends);
		free(x.spare[i].times);
	}
	free(x.spare);
	free(x.spare_cap);
	pthread_mutex_destroy(&x.mu);
	info->mapped += x.io[0];
	info->read += x.io[1];
	if (x.failed) {
		ls_errf(err, "%s", x.err);
		return -1;
	}
	return 0;
}

int
index_scan_log_timed(window_file *wf, uint64_t group_lines,
                     uint64_t group_bytes, const struct index_timing *t,
                     const struct index_data *prev, struct index_data *out,
                     index_progress_fn progress, void *ctx, char *err)
{
	return index_scan_log_jobs(wf, group_lines, group_bytes, t, prev, 1, 0,
	                           out, progress, ctx, NULL, err);
}

int
index_scan_log_jobs(window_file *wf, uint64_t group_lines,
                    uint64_t group_bytes, const struct index_timing *t,
                    const struct index_data *prev, unsigned threads,
                    uint64_t chunk, struct index_data *out,
                    index_progress_fn progress, void *ctx,
                    struct index_scan_info *info, char *err)
{
	struct index_scan_info info_none;
	struct scan_ctx s;
	struct stat st;
	uint64_t start = 0, prev_groups = 0;
	char why[LS_ERRSZ];
	int r;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.carry = INDEX_TIME_NONE;
	timefmt_seq_init(&s.seq, 1);
	out->time_carry = INDEX_TIME_NONE;
	if (t != NULL && t->tf != NULL && timefmt_chosen(t->tf) != NULL) {
		s.tf = t->tf;
		s.def = timefmt_chosen(t->tf);
		s.zone = timing_zone(t);
		s.fixed = timefmt_fixed_column(t->tf, &s.column);
		/* A built-in name: configured formats cannot take it. */
		s.iso = strcmp(s.def->name, "iso8601") == 0;
		snprintf(out->time_format, sizeof(out->time_format), "%s",
		         s.def->name);
		out->time_ref = time_ref_of(t->tf);
		out->time_def = index_time_def(t);
	}
	if (prev != NULL && !index_times_match(prev, t, why))
		prev = NULL;
	if (fstat(window_fd(wf), &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	/* The window layer treats an empty regular file as a stream. */
	if (plain_stream(wf) && !(S_ISREG(st.st_mode) && st.st_size == 0)) {
		ls_errf(err, "cannot index a pipe or device");
		return -1;
	}
	if (window_format(wf) != DECOMP_NONE) {
		/* Read to the end, noting restart points; no resuming. */
		prev = NULL;
		window_record_points(wf, INDEX_POINT_SPACING);
	}
	s.gl = group_lines ? group_lines : INDEX_DEFAULT_GROUP_LINES;
	s.gb = group_bytes ? group_bytes : INDEX_DEFAULT_GROUP_BYTES;
	s.size = window_format(wf) != DECOMP_NONE ? UINT64_MAX
	         : window_is_stream(wf)           ? 0
	                                          : window_file_size(wf);
	s.d = out;
	s.progress = progress;
	s.pctx = ctx;
	s.last_nl = 1;
	out->group_lines = s.gl;
	out->group_bytes = s.gb;

	if (prev != NULL && prev->ngroups > 0 && prev->id.size <= s.size &&
	    prev->group_lines == s.gl && prev->group_bytes == s.gb) {
		/* Resume: the state at tail_off follows from the index alone,
		 * so the result equals a full build byte for byte. */
		const struct index_group *g = &prev->groups[prev->ngroups - 1];

		s.cap = prev->ngroups + 64;
		out->groups = xreallocarray(NULL, s.cap, sizeof(*out->groups));
		memcpy(out->groups, prev->groups,
		       prev->ngroups * sizeof(*out->groups));
		out->ngroups = prev->ngroups;
		prev_groups = prev->ngroups;
		/* The times were read the same way (checked above). */
		s.carry = prev->time_carry;
		timefmt_seq_set(&s.seq, prev->time_carry);
		s.zoneless = prev->time_zone != 0;
		s.lines = prev->total_lines -
		          ((prev->flags & INDEX_F_PARTIAL_LAST) ? 1 : 0);
		s.gstart = g->offset;
		s.glines = s.lines - (g->first_line - 1);
		start = prev->tail_off;
		s.last_line = start;
		line_start(&s, start);
	} else if (s.size > 0) {
		push_group(&s, 0);
	}
	if (chunk == 0)
		chunk = INDEX_DEFAULT_CHUNK;
	if (info == NULL)
		info = &info_none;
	memset(info, 0, sizeof(*info));
	if (start < s.size && threads > 1 && window_format(wf) == DECOMP_NONE &&
	    !window_is_stream(wf) && s.size - start > chunk) {
		/* Parts read at once from a disk interleave their reads and
		 * share its readahead: a file mostly not in the page cache
		 * reads faster in order, and the index is the same. */
		info->probed =
		    window_cache_probe(wf, start, s.size, &info->cached);
		info->cold = info->probed > 0 &&
		             2 * info->cached < info->probed;
		if (info->cold)
			window_prefer_read(wf, "auto: file not in page cache");
	}
	if (start < s.size && threads > 1 && window_format(wf) == DECOMP_NONE &&
	    !window_is_stream(wf) && s.size - start > chunk && !info->cold) {
		/* Parts of a plain file read at once; the decoder of a
		 * compressed one reads in order (in a thread of its own). */
		if (scan_parts(&s, wf, start, threads, chunk, info, err) < 0) {
			index_data_free(out);
			return -1;
		}
		if (s.cancelled) {
			ls_errf(err, "cancelled");
			index_data_free(out);
			return -1;
		}
	} else if (start < s.size) {
		r = window_scan(wf, start, s.size, scan_window, &s, err);
		if (r < 0) {
			index_data_free(out);
			return -1;
		}
		if (s.cancelled) {
			ls_errf(err, "cancelled");
			index_data_free(out);
			return -1;
		}
	}
	if (s.size == UINT64_MAX) /* compressed: now the size is known */
		s.size = window_stream_pos(wf);
	scan_close_out(&s, out);
	/* The groups' checks; a resumed last group may have grown. */
	if (window_format(wf) == DECOMP_NONE &&
	    fill_checks(out, prev_groups > 0 ? prev_groups - 1 : 0,
	                window_fd(wf), err) < 0) {
		index_data_free(out);
		return -1;
	}
	out->id.dev = (uint64_t)st.st_dev;
	out->id.ino = (uint64_t)st.st_ino;
	out->id.size = s.size;
	out->id.mtime_ns = mtime_ns(&st);
	if (s.tf != NULL) {
		int64_t lo, hi;

		out->time_carry = s.carry;
		if (s.zoneless && index_time_span(out, &lo, &hi))
			out->time_zone = index_zone_print(s.zone, lo, hi);
	}
	if (window_format(wf) != DECOMP_NONE) {
		if (comp_identity(wf, &st, out, err) < 0) {
			index_data_free(out);
			return -1;
		}
	} else if (index_hash_log(window_fd(wf), s.size, &out->id, err) < 0) {
		index_data_free(out);
		return -1;
	}
	if (index_validate(out, err) < 0) {
		/* Only a log that changed under the scan can get here. */
		index_data_free(out);
		return -1;
	}
	return 0;
}

/* ---- building into a file ------------------------------------------ */

struct index_build {
	char *path;      /* the index file */
	char *dir;       /* its directory */
	int dir_fd;      /* that directory, open: every name below is in it */
	char *name;      /* the index file's name in dir */
	char *lock_name; /* name + ".lock" */
	int lock_fd;     /* -1: no lock held */
	int lock_ours;   /* we created the lock file: remove it at the end */
	int lock_slot;   /* cleanup_add() slot of the lock, or -1 */
	window_file *wf;
	struct index_data prev; /* the existing index, when usable */
	int have_prev;
	enum index_plan plan;
	enum index_why why;
	char reason[LS_ERRSZ];
	uint64_t gl, gb;
	uint64_t prev_size;  /* of the existing index file */
	uint64_t check_read; /* log bytes read deciding freshness */
	struct index_build_stats stats;
	struct index_timing timing; /* how times are read; tf NULL: none */
	unsigned threads;           /* index_params' */
	uint64_t chunk;
};

/* mkdir -p; returns 0 or -1 with errno set. */
static int
mkdir_p(const char *dir, mode_t mode)
{
	char *s = xstrdup(dir);
	int r = 0;

	if (s[0] == '\0') {
		free(s);
		errno = ENOENT;
		return -1;
	}
	for (char *p = s + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(s, mode) < 0 && errno != EEXIST) {
				r = -1;
				break;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	if (r == 0) {
		struct stat st;

		if (stat(s, &st) < 0)
			r = -1;
		else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			r = -1;
		}
	}
	free(s);
	return r;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	return d;
}

/*
 * May we write name in the directory open as dfd: it is not there, or it
 * is ours (a file or a link we made)?  Another user's index is left alone
 * (1 = ours to replace, 0 = someone else's, with why filled).
 */
static int
ours_to_replace(int dfd, const char *name, char *why)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 1;
	if (st.st_uid == geteuid())
		return 1;
	ls_errf(why, "owned by uid %lu", (unsigned long)st.st_uid);
	return 0;
}

/* Use the directory open as dfd (path dir, taken over) and the index name
 * there, whose path is path (taken over; NULL: dir/name). */
static void
set_target(index_build *b, int dfd, char *dir, const char *name, char *path)
{
	size_t l = strlen(name);

	b->dir_fd = dfd;
	b->dir = dir;
	b->name = xstrdup(name);
	b->path = path ? path : join(dir, name);
	b->lock_name = xmalloc(l + sizeof(".lock"));
	memcpy(b->lock_name, name, l);
	memcpy(b->lock_name + l, ".lock", sizeof(".lock"));
}

/*
 * Choose where the index goes: beside the log when its directory is
 * writable and trusted and no other user's index is there already, else
 * the cache directory; index_dir overrides both.  Fills b->dir, b->dir_fd,
 * b->name, b->path and b->lock_name.
 */
static int
choose_target(index_build *b, const char *log_path, const char *index_dir,
              uid_t log_owner, char *err)
{
	char why[LS_ERRSZ];
	char *name, *dir;
	int dfd;

	if (index_dir == NULL && beside_fits(log_path)) {
		const char *base;
		struct stat dst;

		dfd = fsat_open_dir(log_path, &base);
		if (dfd >= 0) {
			size_t l = strlen(base);

			name = xmalloc(l + sizeof(INDEX_SUFFIX));
			memcpy(name, base, l);
			memcpy(name + l, INDEX_SUFFIX, sizeof(INDEX_SUFFIX));
			/* An index there is believed only in a trusted
			 * directory, and another user's is not ours to
			 * overwrite: then the cache directory. */
			if (faccessat(dfd, ".", W_OK | X_OK, 0) == 0 &&
			    fstat(dfd, &dst) == 0 &&
			    trust_dir(&dst, log_owner, why) &&
			    ours_to_replace(dfd, name, why)) {
				size_t pl = strlen(log_path);
				char *path = xmalloc(pl + sizeof(INDEX_SUFFIX));

				memcpy(path, log_path, pl);
				memcpy(path + pl, INDEX_SUFFIX,
				       sizeof(INDEX_SUFFIX));
				set_target(b, dfd, dir_of(log_path), name, path);
				free(name);
				return 0;
			}
			free(name);
			close(dfd);
		}
	}
	if (index_dir == NULL) {
		dir = cache_dir();
		if (dir == NULL) {
			ls_errf(err, "directory not writable and no cache "
			             "directory (HOME is not set)");
			return -1;
		}
		/* The XDG spec asks for 0700 on directories it creates. */
		if (mkdir_p(dir, 0700) < 0) {
			ls_errf(err, "cannot create %s: %s", dir,
			        strerror(errno));
			free(dir);
			return -1;
		}
	} else {
		dir = xstrdup(index_dir);
		if (mkdir_p(dir, 0777) < 0) {
			ls_errf(err, "cannot create %s: %s", dir,
			        strerror(errno));
			free(dir);
			return -1;
		}
	}
	dfd = fsat_open_path_dir(dir);
	if (dfd < 0) {
		ls_errf(err, "cannot open %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	name = index_cache_name(log_path, err);
	if (name == NULL) {
		close(dfd);
		free(dir);
		return -1;
	}
	if (!ours_to_replace(dfd, name, why)) {
		char *p = join(dir, name);

		ls_errf(err, "%s: %s; not replacing another user's index", p,
		        why);
		free(p);
		free(name);
		close(dfd);
		free(dir);
		return -1;
	}
	set_target(b, dfd, dir, name, NULL);
	free(name);
	return 0;
}

/*
 * Open the lock file: created readable by everyone (a lock needs no write
 * access, so any builder can open it, whoever made it), never through a
 * symbolic link.  Returns a descriptor, or -1 when it cannot be opened:
 * one we cannot open is no obstacle (see take_lock()).
 */
static int
open_lock(index_build *b, int *created)
{
	int fd;

	*created = 0;
	fd = openat(b->dir_fd, b->lock_name,
	            O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd >= 0) {
		*created = 1;
		/* Whatever the umask, another user's builder must be able to
		 * open it. */
		(void)fchmod(fd, 0644);
		return fd;
	}
	if (errno != EEXIST)
		return -1;
	return openat(b->dir_fd, b->lock_name,
	              O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
}

/*
 * Is the locked fd still the lock file at its name (a holder removes the
 * file when done, and a waiter must then take a new one)?  Marks the lock
 * ours to remove at the end (and on a signal): any builder's lock file
 * outlives no one.
 */
static int
lock_is_current(index_build *b, int fd)
{
	struct stat a, c;

	if (fstat(fd, &a) < 0 ||
	    fstatat(b->dir_fd, b->lock_name, &c, AT_SYMLINK_NOFOLLOW) < 0 ||
	    a.st_dev != c.st_dev || a.st_ino != c.st_ino)
		return 0;
	b->lock_ours = 1;
	return 1;
}

/* Sleep ms milliseconds (interrupted sleeps end early). */
static void
nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	(void)nanosleep(&ts, NULL);
}

/*
 * Take an exclusive flock on the lock file, waiting for another holder
 * (calling wait, if not NULL, once before the first wait) for at most
 * max_wait_ms milliseconds (negative: as long as it takes).  The lock file
 * is removed when the build ends, so after each wait the descriptor is
 * checked to still be the file at that name.  A lock file that cannot be
 * opened (another user's, made unreadable; a link) is treated as absent:
 * the build goes on without it, which costs at most a second build of the
 * same index, since every index is written by an atomic rename.  Returns 0,
 * 1 when the wait timed out (err says so), or -1 with err filled.
 */
static int
take_lock(index_build *b, index_wait_fn wait, void *ctx, long max_wait_ms,
          char *err)
{
	uint64_t t0 = ls_now_ns();
	int told = 0;

	for (;;) {
		sigset_t old;
		int created, fd, locked;

		/* A signal between creating the lock file and registering it
		 * for removal would leave it behind: hold signals until the
		 * lock is either ours and registered or found busy. */
		cleanup_hold(&old);
		fd = open_lock(b, &created);
		if (fd < 0) {
			cleanup_release(&old);
			return 0;
		}
		locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
		if (locked && lock_is_current(b, fd)) {
			b->lock_fd = fd;
			b->lock_slot = cleanup_add(b->dir_fd, b->lock_name);
			cleanup_release(&old);
			return 0;
		}
		(void)created;
		cleanup_release(&old);
		if (!locked && errno != EWOULDBLOCK && errno != EINTR) {
			ls_errf(err, "cannot lock %s: %s", b->lock_name,
			        strerror(errno));
			close(fd);
			return -1;
		}
		if (!locked && wait != NULL && !told) {
			wait(ctx);
			told = 1;
		}
		while (!locked) {
			uint64_t waited = (ls_now_ns() - t0) / 1000000u;

			if (max_wait_ms < 0) {
				if (flock(fd, LOCK_EX) == 0)
					locked = 1;
				else if (errno != EINTR) {
					ls_errf(err, "cannot lock %s: %s",
					        b->lock_name, strerror(errno));
					close(fd);
					return -1;
				}
				continue;
			}
			if (waited >= (uint64_t)max_wait_ms) {
				ls_errf(err,
				        "another logscan is indexing it (gave "
				        "up waiting after %ld ms)",
				        max_wait_ms);
				close(fd);
				return 1;
			}
			nap(waited + 20 > (uint64_t)max_wait_ms
			        ? (long)((uint64_t)max_wait_ms - waited)
			        : 20);
			locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
		}
		cleanup_hold(&old);
		if (lock_is_current(b, fd)) {
			b->lock_fd = fd;
			b->lock_slot = cleanup_add(b->dir_fd, b->lock_name);
			cleanup_release(&old);
			return 0;
		}
		cleanup_release(&old);
		close(fd);
	}
}

/*
 * Remove the temporary files of this index whose writer is gone: a writer
 * holds a lock on its temporary file from creation to rename, so one we
 * can lock is left over from a killed build.  Called with the index lock
 * held, so no builder is between creating a temporary file and locking it.
 */
static void
sweep_temps(index_build *b)
{
	size_t l = strlen(b->name);
	struct dirent *de;
	int dfd = dup(b->dir_fd);
	DIR *d;

	if (dfd < 0)
		return;
	d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat a, c;
		int fd;

		if (strncmp(de->d_name, b->name, l) != 0 ||
		    strncmp(de->d_name + l, ".tmp.", 5) != 0 ||
		    strlen(de->d_name + l + 5) != 6)
			continue;
		fd = openat(b->dir_fd, de->d_name,
		            O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW |
		                O_NOCTTY);
		if (fd < 0)
			continue;
		if (fstat(fd, &a) == 0 && S_ISREG(a.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(b->dir_fd, de->d_name, &c, AT_SYMLINK_NOFOLLOW) ==
		        0 &&
		    a.st_dev == c.st_dev && a.st_ino == c.st_ino)
			(void)unlinkat(b->dir_fd, de->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/*
 * Open the log for a build and check that it can be indexed; fills *st.
 * Returns 0, or -1 with err filled.
 */
static int
open_build_log(index_build *b, const char *log_path,
               const struct index_params *ip, struct stat *st, char *err)
{
	if (index_open_log(&b->wf, log_path, ip->window_size, err) < 0)
		return -1;
	window_set_io(b->wf, ip->io);
	if (fstat(window_fd(b->wf), st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	/* An empty regular file opens as a stream but is a log. */
	if (!S_ISREG(st->st_mode) ||
	    (plain_stream(b->wf) && st->st_size != 0)) {
		ls_errf(err, "cannot index a pipe or device");
		return -1;
	}
	if (size_unknown(window_fd(b->wf), st)) {
		ls_errf(err, "cannot index a file whose size is unknown");
		return -1;
	}
	return 0;
}

int
index_build_begin(index_build **out, const char *log_path,
                  const struct index_params *ip, int force, char *err)
{
	return index_build_begin_wait(out, log_path, ip, force, NULL, NULL, err);
}

int
index_build_begin_wait(index_build **out, const char *log_path,
                       const struct index_params *ip, int force,
                       index_wait_fn wait, void *ctx, char *err)
{
	return index_build_begin_bounded(out, log_path, ip, force, wait, ctx, -1,
	                                 err) == 0
	           ? 0
	           : -1;
}

int
index_build_begin_bounded(index_build **out, const char *log_path,
                          const struct index_params *ip, int force,
                          index_wait_fn wait, void *ctx, long max_wait_ms,
                          char *err)
{
	index_build *b = xcalloc(1, sizeof(*b));
	struct index_owner who;
	char why[LS_ERRSZ];
	struct stat st, now;
	int usable = 0, r;

	*out = NULL;
	b->lock_fd = -1;
	b->lock_slot = -1;
	b->dir_fd = -1;
	if (strcmp(log_path, "-") == 0) {
		ls_errf(err, "cannot index standard input");
		goto fail;
	}
	if (open_build_log(b, log_path, ip, &st, err) < 0 ||
	    choose_target(b, log_path, ip->dir, st.st_uid, err) < 0)
		goto fail;
	r = take_lock(b, wait, ctx, max_wait_ms, err);
	if (r != 0) {
		index_build_end(b);
		return r > 0 ? 1 : -1;
	}
	if (b->lock_fd >= 0)
		sweep_temps(b);

	/* Decide only now, under the lock, and on the log as it is now: a
	 * builder we waited for may have just brought the index up to date,
	 * and the log may have grown meanwhile. */
	if (fstat(window_fd(b->wf), &now) < 0) {
		ls_errf(err, "%s", strerror(errno));
		goto fail;
	}
	if (now.st_size != st.st_size || now.st_ino != st.st_ino ||
	    now.st_mtim.tv_sec != st.st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != st.st_mtim.tv_nsec) {
		window_close(b->wf);
		b->wf = NULL;
		if (open_build_log(b, log_path, ip, &st, err) < 0)
			goto fail;
	}
	switch (index_load_trusted(&b->prev, b->path, st.st_uid, &who,
	                           &b->prev_size, why)) {
	case INDEX_LOAD_MISSING:
		b->why = INDEX_WHY_MISSING;
		break;
	case INDEX_LOAD_CORRUPT:
		b->why = INDEX_WHY_CORRUPT;
		snprintf(b->reason, sizeof(b->reason), "%s", why);
		break;
	case INDEX_LOAD_OLD:
		b->why = INDEX_WHY_STALE;
		snprintf(b->reason, sizeof(b->reason), "%s", why);
		break;
	case INDEX_LOAD_UNTRUSTED:
		/* Our own file that we no longer believe (made writable by
		 * others, say): rebuilt from the log, never resumed. */
		b->why = INDEX_WHY_UNTRUSTED;
		snprintf(b->reason, sizeof(b->reason), "%s", why);
		break;
	case INDEX_LOAD_ERROR:
		b->why = INDEX_WHY_UNREADABLE;
		snprintf(b->reason, sizeof(b->reason), "%s", why);
		break;
	case INDEX_LOAD_OK:
		b->have_prev = 1;
		usable = index_check(&b->prev, window_fd(b->wf), &st, why);
		if (usable < 0) {
			ls_errf(err, "%s", why);
			goto fail;
		}
		b->check_read = st.st_size > 0 ? 2 * INDEX_HASH_SPAN : 0;
		if (usable == INDEX_STALE) {
			b->why = INDEX_WHY_STALE;
			snprintf(b->reason, sizeof(b->reason), "%s", why);
			usable = 0;
		} else {
			usable = usable == INDEX_FRESH ? 1 : 2;
		}
		break;
	}
	/* Unset parameters keep those of a usable index. */
	b->threads = ip->threads;
	b->chunk = ip->chunk_size;
	b->gl = ip->group_lines ? ip->group_lines
	        : usable       ? b->prev.group_lines
	                       : INDEX_DEFAULT_GROUP_LINES;
	b->gb = ip->group_bytes ? ip->group_bytes
	        : usable       ? b->prev.group_bytes
	                       : INDEX_DEFAULT_GROUP_BYTES;
	if (usable && force) {
		b->why = INDEX_WHY_FORCED;
		usable = 0;
	} else if (usable && (b->gl != b->prev.group_lines ||
	                      b->gb != b->prev.group_bytes)) {
		b->why = INDEX_WHY_PARAMS;
		usable = 0;
	} else if (!usable && force) {
		b->why = INDEX_WHY_FORCED;
	}
	/* A tail build resumes from the last group: it must still be what
	 * was indexed (its bytes are read again anyway). */
	if (usable == 2 && b->prev.ngroups > 0) {
		int v = index_verify_group(&b->prev, b->prev.ngroups - 1,
		                           window_fd(b->wf), why);

		if (v < 0) {
			ls_errf(err, "%s", why);
			goto fail;
		}
		if (v > 0) {
			b->why = INDEX_WHY_STALE;
			snprintf(b->reason, sizeof(b->reason), "%s", why);
			usable = 0;
		}
	}
	b->plan = usable == 1   ? INDEX_PLAN_UPTODATE
	          : usable == 2 ? INDEX_PLAN_TAIL
	                        : INDEX_PLAN_FULL;
	if (b->plan == INDEX_PLAN_UPTODATE)
		b->why = INDEX_WHY_NONE;
	b->stats.plan = b->plan;
	*out = b;
	return 0;
fail:
	index_build_end(b);
	return -1;
}

window_file *
index_build_file(const index_build *b)
{
	return b->wf;
}

void
index_build_set_times(index_build *b, const struct index_timing *t)
{
	char why[LS_ERRSZ];

	b->timing = *t;
	if (b->plan != INDEX_PLAN_FULL &&
	    !index_times_match(&b->prev, &b->timing, why)) {
		b->plan = INDEX_PLAN_FULL;
		b->why = INDEX_WHY_TIMES;
		snprintf(b->reason, sizeof(b->reason), "%s", why);
		b->stats.plan = b->plan;
	}
}

int
index_build_verify(index_build *b, char *err)
{
	char why[LS_ERRSZ];

	if (b->plan == INDEX_PLAN_FULL)
		return 0;
	for (uint64_t i = 0; i < b->prev.ngroups; i++) {
		int v = index_verify_group(&b->prev, i, window_fd(b->wf), why);

		if (v < 0) {
			ls_errf(err, "%s", why);
			return -1;
		}
		if (v > 0) {
			b->plan = INDEX_PLAN_FULL;
			b->why = INDEX_WHY_STALE;
			snprintf(b->reason, sizeof(b->reason), "%s", why);
			b->stats.plan = b->plan;
			return 0;
		}
	}
	return 0;
}

enum index_plan
index_build_plan(const index_build *b)
{
	return b->plan;
}

enum index_why
index_build_why(const index_build *b, const char **reason)
{
	if (reason)
		*reason = b->reason;
	return b->why;
}

const char *
index_build_path(const index_build *b)
{
	return b->path;
}

const struct index_build_stats *
index_build_get_stats(const index_build *b)
{
	return &b->stats;
}

static int
write_full(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
index_temp_open(int dir_fd, const char *name, uint64_t seed, char *tmp)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
	                          "uvwxyz0123456789";

	for (int tries = 0; tries < 100; tries++) {
		uint64_t x = index_hash(&seed, sizeof(seed));
		int fd;

		seed += x | 1;
		snprintf(tmp, NAME_MAX + 1, "%s.tmp.", name);
		for (int i = 0; i < 6; i++, x /= 62) {
			char c[2] = {abc[x % 62], '\0'};

			strcat(tmp, c);
		}
		fd = openat(dir_fd, tmp,
		            O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		            0600);
		if (fd >= 0) {
			(void)flock(fd, LOCK_EX | LOCK_NB);
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/* A temporary file for b's index (see index_temp_open()). */
static int
create_temp(index_build *b, char *tmp)
{
	return index_temp_open(b->dir_fd, b->name,
	                       ls_now_ns() ^ ((uint64_t)getpid() << 32), tmp);
}

/* Write buf to b's index atomically: temp file, fsync, rename, fsync dir. */
static int
commit(index_build *b, const unsigned char *buf, size_t len, mode_t mode,
       char *err)
{
	char tmp[NAME_MAX + 1];
	sigset_t old;
	int fd, slot;

	/* Created and registered for removal with signals held back, so
	 * that no signal in between leaves it behind. */
	cleanup_hold(&old);
	fd = create_temp(b, tmp);
	if (fd < 0) {
		int e = errno;

		cleanup_release(&old);
		ls_errf(err, "cannot create a temporary file in %s: %s", b->dir,
		        strerror(e));
		return -1;
	}
	slot = cleanup_add(b->dir_fd, tmp);
	cleanup_release(&old);
	/* Whoever may read the log may read its index. */
	if (fchmod(fd, (mode & 0644) | 0600) < 0 ||
	    write_full(fd, buf, len) < 0 || fsync(fd) < 0) {
		ls_errf(err, "cannot write %s%s: %s", b->path,
		        tmp + strlen(b->name), strerror(errno));
		(void)unlinkat(b->dir_fd, tmp, 0);
		cleanup_forget(slot);
		close(fd);
		return -1;
	}
	/* Renamed while still locked, so that no sweep takes it for a
	 * leftover in between. */
	if (renameat(b->dir_fd, tmp, b->dir_fd, b->name) < 0) {
		ls_errf(err, "cannot write %s: %s", b->path, strerror(errno));
		(void)unlinkat(b->dir_fd, tmp, 0);
		cleanup_forget(slot);
		close(fd);
		return -1;
	}
	cleanup_forget(slot);
	if (close(fd) < 0) {
		ls_errf(err, "cannot write %s: %s", b->path, strerror(errno));
		return -1;
	}
	/* Make the rename itself durable. */
	(void)fsync(b->dir_fd);
	return 0;
}

int
index_build_run(index_build *b, index_progress_fn progress, void *ctx,
                char *err)
{
	uint64_t t0 = ls_now_ns();
	struct index_data out;
	const struct window_stats *ws;
	struct index_scan_info info;
	unsigned char *buf;
	struct stat st;
	size_t len;
	int r;

	if (b->plan == INDEX_PLAN_UPTODATE) {
		b->stats.log_size = b->prev.id.size;
		b->stats.scan_start = b->prev.id.size;
		b->stats.groups = b->prev.ngroups;
		b->stats.lines = b->prev.total_lines;
		b->stats.bytes_read = b->check_read;
		b->stats.index_size = b->prev_size;
		b->stats.elapsed_ns = ls_now_ns() - t0;
		return 0;
	}
	if (fstat(window_fd(b->wf), &st) < 0) {
		ls_errf(err, "%s", strerror(errno));
		return -1;
	}
	if (index_scan_log_jobs(b->wf, b->gl, b->gb, &b->timing,
	                        b->plan == INDEX_PLAN_TAIL ? &b->prev : NULL,
	                        b->threads, b->chunk, &out, progress, ctx, &info,
	                        err) < 0)
		return -1;
	index_encode(&out, &buf, &len);
	r = commit(b, buf, len, st.st_mode, err);
	free(buf);
	ws = window_get_stats(b->wf);
	b->stats.bytes_mapped = ws->bytes_mapped + info.mapped;
	b->stats.threads = info.threads;
	b->stats.parts = info.parts;
	b->stats.parts_again = info.parts_again;
	b->stats.probed = info.probed;
	b->stats.cached = info.cached;
	b->stats.cold = info.cold;
	b->stats.bytes_read =
	    ws->bytes_read + info.read + b->check_read +
	    (out.id.size > INDEX_HASH_SPAN ? 2 * INDEX_HASH_SPAN : out.id.size);
	b->stats.scan_start = b->plan == INDEX_PLAN_TAIL ? b->prev.tail_off : 0;
	b->stats.log_size = out.id.size;
	b->stats.groups = out.ngroups;
	b->stats.lines = out.total_lines;
	b->stats.index_size = len;
	b->stats.elapsed_ns = ls_now_ns() - t0;
	index_data_free(&out);
	return r;
}

void
index_build_end(index_build *b)
{
	if (b == NULL)
		return;
	if (b->lock_fd >= 0) {
		/* Unlink before unlocking: a waiter then sees the name gone
		 * and retries with a fresh lock file. */
		if (b->lock_ours)
			(void)unlinkat(b->dir_fd, b->lock_name, 0);
		cleanup_forget(b->lock_slot);
		close(b->lock_fd);
	}
	if (b->dir_fd >= 0)
		close(b->dir_fd);
	window_close(b->wf);
	index_data_free(&b->prev);
	free(b->path);
	free(b->dir);
	free(b->name);
	free(b->lock_name);
	free(b);
}
