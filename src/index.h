/*
 * index.h - the sidecar line index: a small file beside a log (or in the
 * cache directory) holding a checkpoint for every group of lines, so that a
 * line or time query reads only the groups that can hold its answer.
 *
 * The on-disk format is described in doc/index-format.md.  Everything read
 * from an index file is validated before use: a damaged or hostile index is
 * reported as corrupt, never trusted.
 */
#ifndef LOGSCAN_INDEX_H
#define LOGSCAN_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "region.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"
#include "window.h"

/*
 * Defaults.  A group closes after 4096 lines or 256 KiB, whichever comes
 * first.  256 KiB keeps counting the lines of one group in the tens of
 * microseconds; 4096 lines bounds the index even for a log of empty lines
 * (32 bytes per 4096 bytes = 0.78%).  For typical 100-300 byte lines the
 * index is about 0.01% of the log.
 */
#define INDEX_DEFAULT_GROUP_LINES ((uint64_t)4096)
#define INDEX_DEFAULT_GROUP_BYTES ((uint64_t)256 << 10)

/* Whether queries use (and build) an index: --index, the config's index. */
enum index_mode { INDEX_AUTO = 0, INDEX_NEVER };

/*
 * Read an index_mode word ("auto", "never"), as the command line and the
 * config file share them.  Stores it and returns 0, or returns -1 (leaving
 * *out alone) when s is not one of them; the caller words the error.
 */
int index_mode_parse(const char *s, enum index_mode *out);

/*
 * Where an index lives and how it is built and read: what the command
 * layer gives the index, plan and lastlines modules.  Zero values are the
 * defaults.
 */
struct index_params {
	enum index_mode mode;  /* INDEX_NEVER: no index is looked up or built */
	const char *dir;       /* the index directory (--index-dir), or NULL:
	                          beside the log, else the cache directory */
	uint64_t group_lines;  /* 0: the existing index's, else the default */
	uint64_t group_bytes;  /* 0: likewise */
	size_t window_size;    /* for reading the log; 0 = default */
	enum window_io io;     /* the reader for the log */
	unsigned threads;      /* threads building an index; 0 or 1: one */
	uint64_t chunk_size;   /* the parts they read (index_scan_log_jobs());
	                          0 = the default */
};

#define INDEX_VERSION 7
#define INDEX_HEADER_SIZE 176
#define INDEX_RECORD_SIZE 40
#define INDEX_TRAILER_SIZE 8
#define INDEX_HASH_SPAN 4096 /* bytes hashed at the head and before the end */
#define INDEX_CHECK_SPAN 256 /* bytes of each edge of a group in its check */
#define INDEX_FORMAT_NAME_SIZE 32
#define INDEX_TIME_NONE INT64_MIN
#define INDEX_SUFFIX ".lsidx"

/* Header flags. */
#define INDEX_F_PARTIAL_LAST 0x1u /* the last indexed line has no '\n' */
#define INDEX_F_COMPRESSED 0x2u   /* a compressed log: offsets, lines and
                                     size are of its decompressed bytes,
                                     and a section of restart points
                                     follows the groups */
/* The compressed section: its fixed part, and each point's. */
#define INDEX_COMP_HEADER_SIZE 40
#define INDEX_POINT_SIZE 24
/* A stored window is at most this long (32 KiB deflated, with zlib's
 * worst-case overhead). */
#define INDEX_ZWIN_MAX 40000
/* Restart points are recorded about every INDEX_POINT_SPACING compressed
 * bytes: a gzip point costs its window (32 KiB deflated, typically 4-12
 * KiB for a log), so this keeps the index under 1% of the compressed
 * size, and a slice decompresses at most this much (some 4-10 MiB of
 * log) before the bytes it wants. */
#define INDEX_POINT_SPACING ((uint64_t)1 << 20)

/*
 * One group: the lines from offset up to the next group's offset.  Its
 * time span covers the entry time of every line in it: a line with a
 * timestamp has its own, a line without one has that of the last line
 * before it that had one (so leading continuation lines carry the entry
 * they continue in).  Lines before the first timestamp of the log have
 * none, and the log's last line, when it has no newline, is left out (it
 * may still grow).  So a time range can only select lines of a group whose
 * span overlaps it.
 */
struct index_group {
	uint64_t offset;     /* file offset of the group's first line */
	uint64_t first_line; /* 1-based number of that line */
	int64_t time_min;    /* earliest entry time of a line in the group,
	                        UTC ns, or INDEX_TIME_NONE */
	int64_t time_max;    /* latest, or INDEX_TIME_NONE */
	uint64_t check;      /* index_hash of the group's edges in the log:
	                        the INDEX_CHECK_SPAN bytes before offset and
	                        after it, and the last INDEX_CHECK_SPAN bytes
	                        before its end (the next group's offset, or
	                        tail_off), each clipped to the group and the
	                        file; see index_verify_group() */
};

/* What the index says about the log it was built from. */
struct index_identity {
	uint64_t dev;
	uint64_t ino;
	uint64_t size;      /* bytes indexed */
	int64_t mtime_ns;   /* st_mtim at indexing */
	uint64_t head_hash; /* index_hash of [0, min(size, 4 KiB)) */
	uint64_t tail_hash; /* of [size - min(size, 4 KiB), size) */
};

/* The decoded contents of an index file. */
struct index_data {
	uint64_t group_lines;
	uint64_t group_bytes;
	struct index_identity id;
	uint64_t total_lines; /* including a final line without '\n' */
	uint32_t flags;       /* INDEX_F_* */
	uint64_t tail_off;    /* start of the partial last line, else size:
	                         where an incremental build resumes */
	int64_t time_ref;     /* year-less reference: 00:00 UTC on the 1st
	                         of its month (UTC ns); 0 = none */
	char time_format[INDEX_FORMAT_NAME_SIZE + 1]; /* format the times were
	                                                 read in, "" = none */
	int64_t time_carry; /* entry time in effect at tail_off, or
	                       INDEX_TIME_NONE */
	uint64_t time_zone; /* index_zone_print() of the zone zone-less
	                       timestamps were read in; 0 = there were
	                       none */
	uint64_t time_def;  /* index_time_def() of the format and position
	                       rule the times were read with; 0 = none */
	uint64_t ngroups;
	struct index_group *groups; /* ngroups records, owned */
	/* With INDEX_F_COMPRESSED: the format, the compressed file's size
	 * and the hashes of its first and last 4 KiB (the identity checked
	 * instead of id's head and tail hashes, which are 0), and where
	 * decompression can restart (sorted by out; owned, windows too). */
	uint32_t comp_format; /* enum decomp_format */
	uint64_t comp_size;
	uint64_t comp_head_hash;
	uint64_t comp_tail_hash;
	uint64_t npoints;
	struct decomp_point *points;
};

/* FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3). */
#define INDEX_HASH_INIT UINT64_C(0xcbf29ce484222325)

/* Continue an FNV-1a 64 hash h over n bytes and return the new value. */
uint64_t index_hash_update(uint64_t h, const void *p, size_t n);

/* FNV-1a 64 of n bytes: the hash used for the log's head and tail and for
 * the index checksum. */
uint64_t index_hash(const void *p, size_t n);

/*
 * Serialise d into a newly allocated buffer (*buf, *len), which the caller
 * frees.  Never fails: the layout is fixed.
 */
void index_encode(const struct index_data *d, unsigned char **buf, size_t *len);

/*
 * Parse and validate an index image.  Returns 0 and fills d (free with
 * index_data_free()), or -1 with err holding the reason it is corrupt
 * ("bad magic", "checksum mismatch", "group 3 offset out of order", ...);
 * d is then left empty.  Any byte sequence is safe to pass.
 */
int index_decode(struct index_data *d, const unsigned char *buf, size_t len,
                 char *err);

/* Free what index_decode() or a build allocated in d; accepts NULL. */
void index_data_free(struct index_data *d);

/*
 * Check that the groups, line counts and offsets of d are consistent with
 * each other (index_decode() calls this).  Returns 0, or -1 with the reason.
 */
int index_validate(const struct index_data *d, char *err);

enum index_load_status {
	INDEX_LOAD_OK = 0,
	INDEX_LOAD_MISSING,   /* no such file */
	INDEX_LOAD_CORRUPT,   /* err holds the reason */
	INDEX_LOAD_OLD,       /* written by an older logscan (err says so):
	                         stale, not corrupt */
	INDEX_LOAD_UNTRUSTED, /* someone logscan does not believe could
	                         have written it (err says who) */
	INDEX_LOAD_ERROR = -1 /* could not read it: err holds strerror text */
};

/*
 * Read and decode the index file at path.  On INDEX_LOAD_OK d is filled
 * (free with index_data_free()); otherwise d is empty and err says why.
 * *file_size (if not NULL) gets the index file's size whenever it could be
 * looked at, a corrupt one's too.
 */
enum index_load_status index_load(struct index_data *d, const char *path,
                                  uint64_t *file_size, char *err);

/* Who owns an index file, and whether it is believed. */
struct index_owner {
	long uid;    /* the file's (or link's) owner, -1 when not known */
	int trusted; /* 1 when trust_file() accepts it */
};

/*
 * index_load() for an index a query or a build will believe: the file is
 * opened without following a symbolic link (by a path of any length; see
 * fsat.h) and used only when trust_file() accepts it and its directory,
 * with log_owner as the third trusted owner.  Otherwise returns
 * INDEX_LOAD_UNTRUSTED with err saying why ("owned by uid 65534, not
 * trusted", "a symbolic link, not trusted"), and nothing is read.  who
 * gets the owner whenever the file exists.
 */
enum index_load_status index_load_trusted(struct index_data *d,
                                          const char *path, uid_t log_owner,
                                          struct index_owner *who,
                                          uint64_t *file_size, char *err);

enum index_freshness {
	INDEX_FRESH = 0, /* identity unchanged */
	INDEX_APPENDED,  /* the log grew and both hashes still match */
	INDEX_STALE      /* anything else; err holds why */
};

/*
 * Decide whether d still describes the log open on fd with status st.  Reads
 * at most 8 KiB of the log with pread() (only when the log grew).  On
 * INDEX_STALE err holds the reason ("log rotated (new inode)", "log
 * truncated", "log rewritten", ...).  Returns -1 with err filled when the log
 * cannot be read.
 */
int index_check(const struct index_data *d, int fd, const struct stat *st,
                char *err);

/*
 * Hash the head and tail spans of the first size bytes of the log on fd into
 * id->head_hash and id->tail_hash.  Returns 0, or -1 with err filled.
 */
int index_hash_log(int fd, uint64_t size, struct index_identity *id, char *err);

/*
 * Verify what a query is about to use: read the edges of group i of d from
 * the log on fd (at most 3 * INDEX_CHECK_SPAN bytes with pread(), bytes
 * the query reads anyway or their neighbours) and compare their hash with
 * the group's check.  Returns 0 when they match; 1 when they differ or the
 * log ends before the group does, with why filled ("group 3 (line 8193)
 * changed since it was indexed"): the index is stale; -1 with why filled
 * when the log cannot be read.
 */
int index_verify_group(const struct index_data *d, uint64_t i, int fd,
                       char *why);

/*
 * Find the group holding line n (1-based): the last group whose first line
 * is <= n.  Returns its position, or -1 when d has no groups or n is 0.
 * Whether n exists at all is the caller's question (see total_lines).
 */
int64_t index_find_group(const struct index_data *d, uint64_t n);

/*
 * The places an index for log_path may live, in lookup order: with
 * index_dir, only there; else beside the log (LOG.lsidx, unless that name
 * and the temporary names made from it would pass NAME_MAX) and then in
 * the cache directory ($XDG_CACHE_HOME/logscan, else ~/.cache/logscan)
 * under a name derived from the log's absolute path.  Stores up to 2 newly
 * allocated paths in out[] (caller frees each) and their number in *n.
 * An absolute path longer than PATH_MAX has no cache name: then only
 * LOG.lsidx, reached by the path as given.  Returns 0, or -1 with err
 * filled (e.g. the log has no absolute path).
 */
int index_candidates(const char *log_path, const char *index_dir, char *out[2],
                     size_t *n, char *err);

/*
 * The file name an index takes in a directory that is not beside the log:
 * the log's base name, a dot, 16 hex digits of index_hash(absolute path)
 * and ".lsidx".  Returns a newly allocated name, or NULL with err filled.
 */
char *index_cache_name(const char *log_path, char *err);

/* --- times ---------------------------------------------------------- */

/*
 * How the times of a log are read: tf, detected and anchored for the log
 * (NULL or no format chosen: the log has no times), reads zone-less
 * timestamps in zone (NULL = UTC) unless the chosen format has a zone of
 * its own.  An index's time spans answer a query
 * only when they were read the same way.
 */
struct index_timing {
	const timefmt *tf;
	const tz *zone;
};

/*
 * A fingerprint of how zone maps times between lo and hi (UTC ns): two
 * zones with the same fingerprint read every zone-less timestamp of that
 * span the same.  Never 0.
 */
uint64_t index_zone_print(const tz *zone, int64_t lo, int64_t hi);

/*
 * A fingerprint of how t finds and reads timestamps: the chosen format's
 * name (case-insensitive) and definition (timefmt_def.ident), and its
 * position rule (the fixed column, or a search).  Never 0; 0 when t
 * has no format.
 */
uint64_t index_time_def(const struct index_timing *t);

/* The earliest and latest entry time in d (its groups and time_carry);
 * returns 0 when d holds none. */
int index_time_span(const struct index_data *d, int64_t *lo, int64_t *hi);

/*
 * Were d's times read as t reads them: the same format, defined the same
 * way and looked for by the same position rule, the same year-less
 * reference and, if d has zone-less timestamps, a zone that reads its span
 * the same?  Returns 1, or 0 with why filled ("indexed as iso8601", ...).
 */
int index_times_match(const struct index_data *d, const struct index_timing *t,
                      char *why);

/* --- building ------------------------------------------------------- */

typedef struct index_build index_build;

enum index_plan {
	INDEX_PLAN_UPTODATE = 0, /* nothing to do */
	INDEX_PLAN_TAIL,         /* index only the appended tail */
	INDEX_PLAN_FULL          /* build from the start */
};

/* Why a full build was chosen (index_build_why()). */
enum index_why {
	INDEX_WHY_NONE = 0,
	INDEX_WHY_MISSING,
	INDEX_WHY_FORCED,
	INDEX_WHY_PARAMS, /* the group parameters asked for differ */
	INDEX_WHY_TIMES,  /* times are read differently now (reason says
	                     how) */
	INDEX_WHY_STALE,
	INDEX_WHY_CORRUPT,
	INDEX_WHY_UNREADABLE, /* it exists but cannot be read (reason says
	                         why) */
	INDEX_WHY_UNTRUSTED   /* our own file, but no longer one we believe
	                         (reason says why) */
};

struct index_build_stats {
	enum index_plan plan;
	uint64_t bytes_mapped; /* log bytes mapped by the window layer */
	uint64_t bytes_read;   /* log bytes read with read(2)/pread(2) */
	uint64_t scan_start;   /* first log offset scanned */
	uint64_t log_size;     /* bytes indexed */
	uint64_t groups;
	uint64_t lines;
	uint64_t index_size; /* bytes written */
	uint64_t elapsed_ns;
	unsigned threads;    /* workers that read parts; 0: one thread read
	                        the log in order */
	uint64_t parts;      /* the parts they read */
	uint64_t parts_again; /* of those, read again in order (see
	                         index_scan_log_jobs()) */
	unsigned probed, cached; /* the page cache probe (index_scan_info) */
	int cold;             /* one reader in order: file not in the cache */
};

/*
 * Called after each window with the bytes indexed so far and the end; return
 * nonzero to cancel the build.
 */
typedef int (*index_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/*
 * Prepare to build or refresh the index of log_path: open the log, choose
 * where the index goes (beside the log when that directory is writable
 * and trusted and holds no other user's index, else the cache directory;
 * ip->dir overrides), take an advisory lock (waiting for another
 * builder of the same index), remove temporary files that killed builds
 * left, look at the log again and load the existing index (only if it is
 * trusted: index_load_trusted()) and decide the plan.  force asks for a
 * full build.  ip's group_lines and group_bytes (0 = keep the existing
 * index's, else the defaults), dir, window_size and io are used; its mode
 * is not (the caller decided to build).  Returns 0 and a handle for index_build_end(),
 * or -1 with err filled.  A log whose LOG.lsidx name would pass NAME_MAX
 * gets the cache directory too.
 */
int index_build_begin(index_build **out, const char *log_path,
                      const struct index_params *ip, int force, char *err);

/* Told that a build must wait for another builder's lock. */
typedef void (*index_wait_fn)(void *ctx);

/*
 * index_build_begin() that calls wait(ctx) (when not NULL) once, before it
 * blocks on a lock another builder holds, so that the caller can say why
 * nothing happens.
 */
int index_build_begin_wait(index_build **out, const char *log_path,
                           const struct index_params *ip, int force,
                           index_wait_fn wait, void *ctx, char *err);

/*
 * index_build_begin_wait() that waits for another builder at most
 * max_wait_ms milliseconds (negative: as long as it takes).  Returns 0 and
 * a handle, 1 when it gave up waiting (err says so; *out is NULL), or -1
 * with err filled.
 */
int index_build_begin_bounded(index_build **out, const char *log_path,
                              const struct index_params *ip, int force,
                              index_wait_fn wait, void *ctx, long max_wait_ms,
                              char *err);

enum index_plan index_build_plan(const index_build *b);

/*
 * Verify every group of the index an up-to-date or tail plan would keep
 * (index_verify_group(), a few hundred bytes of the log per group): when
 * one changed, the plan becomes a full build (INDEX_WHY_STALE, the reason
 * says which group).  `logscan index` calls it; a query checks only the
 * groups it uses.  Returns 0, or -1 with err filled when the log cannot be
 * read.
 */
int index_build_verify(index_build *b, char *err);

/* Why the plan is FULL, and the stale or corrupt reason (or ""). */
enum index_why index_build_why(const index_build *b, const char **reason);

/* Where the index is written. */
const char *index_build_path(const index_build *b);

/*
 * Carry out the plan: scan the log (all of it, or only the tail), write the
 * new index to a temporary file in the target directory, fsync it, rename
 * it over the old one and fsync the directory.  The old index is untouched
 * and the temporary file removed on any error.  progress may be NULL.
 * Returns 0, or -1 with err filled.
 */
int index_build_run(index_build *b, index_progress_fn progress, void *ctx,
                    char *err);

const struct index_build_stats *index_build_get_stats(const index_build *b);

/*
 * Create the temporary file an index called name is written to, in the
 * directory open as dir_fd: NAME.tmp. and six characters drawn from seed
 * (a build seeds it from the clock and its pid), a new name each try until
 * one is free.  O_CREAT | O_EXCL | O_NOFOLLOW: never an existing file and
 * never through a link planted at the name.  The file is locked at once
 * (flock), so that a sweep knows its writer lives.  Fills tmp (NAME_MAX +
 * 1 bytes).  Returns the descriptor, or -1 with errno set.
 */
int index_temp_open(int dir_fd, const char *name, uint64_t seed, char *tmp);

/* Release the lock, close the log and free; accepts NULL. */
void index_build_end(index_build *b);

/* The log the builder has open, for detecting its timestamp format. */
window_file *index_build_file(const index_build *b);

/*
 * Index times too, read as t says (t->tf detected and anchored for this
 * log; t is copied, the handles must outlive the build).  When an
 * up-to-date or appended index read its times differently, the plan
 * becomes a full build (INDEX_WHY_TIMES).  Call before index_build_run().
 */
void index_build_set_times(index_build *b, const struct index_timing *t);

/*
 * Build the index image of [0, size) of an open window file in memory, with
 * the given group parameters, resuming from prev (an index of a prefix of
 * the same log, or NULL).  The identity is filled from fd's fstat and
 * hashes.  Used by index_build_run() and by the tests.  Returns 0 and fills
 * out, or -1 with err filled.  No times are indexed.
 */
int index_scan_log(window_file *wf, uint64_t group_lines, uint64_t group_bytes,
                   const struct index_data *prev, struct index_data *out,
                   index_progress_fn progress, void *ctx, char *err);

/*
 * index_scan_log() that also fills the groups' time spans, the header's
 * time fields, as t says (t NULL, or t->tf without a format: no times).
 * prev is resumed from only when index_times_match(prev, t); otherwise the
 * build starts from the beginning.
 */
int index_scan_log_timed(window_file *wf, uint64_t group_lines,
                         uint64_t group_bytes, const struct index_timing *t,
                         const struct index_data *prev, struct index_data *out,
                         index_progress_fn progress, void *ctx, char *err);

/*
 * index_scan_log_timed() with threads workers (threads <= 1: the caller's
 * thread alone) reading parts of chunk bytes at once (cut as grep -j cuts
 * a file: each part from the first line starting at or after a multiple
 * of chunk; 0 = INDEX_DEFAULT_CHUNK).  The index is the same, byte for
 * byte, whatever threads and chunk are.  Only a plain regular file larger
 * than a chunk is read in parts; a compressed log is read in order.
 * info (if not NULL) is filled with what the workers did.
 */
#define INDEX_DEFAULT_CHUNK ((uint64_t)16 << 20)
struct index_scan_info {
	uint64_t mapped, read; /* log bytes the workers mapped and read (wf's
	                          own window stats count the rest) */
	unsigned threads;      /* workers that read parts, or 0 */
	uint64_t parts;        /* parts read */
	uint64_t parts_again;  /* parts read again in order: a part of very
	                          short lines (its notes would pass 16 MiB),
	                          or one whose first timestamp is a wall
	                          time that repeats (a DST fall-back), which
	                          only the entry before can read */
	unsigned probed;       /* sample pages window_cache_probe() asked
	                          about before choosing parts, or 0 */
	unsigned cached;       /* of those, the ones in the page cache */
	int cold;              /* the file was mostly not in the page cache,
	                          so one reader read it in order (parts read
	                          at once from one disk interleave) */
};
int index_scan_log_jobs(window_file *wf, uint64_t group_lines,
                        uint64_t group_bytes, const struct index_timing *t,
                        const struct index_data *prev, unsigned threads,
                        uint64_t chunk, struct index_data *out,
                        index_progress_fn progress, void *ctx,
                        struct index_scan_info *info, char *err);

/*
 * What a worker of index_scan_log_jobs() notes about its part of the log:
 * where each line's newline is and each line's entry time as far as the
 * part knows.
 */
struct index_notes {
	uint64_t start, end; /* the part's lines: [start, end) */
	uint64_t n;          /* its lines that end in '\n' */
	uint32_t *ends;      /* each one's newline, as an offset from start */
	int64_t *times;      /* each line's entry time from line lead on (a
	                        line without a timestamp has the time of the
	                        last one before it), or NULL: no times */
	uint64_t lead;       /* lines before the part's first timestamp: they
	                        have the time carried in from before */
	int64_t carry;       /* the entry time at the end (when lead < n) */
	int zoneless;        /* a zone-less timestamp was read */
	int last_nl;         /* the part ends with '\n' */
	uint64_t last_line;  /* else where its last line starts */
};

/*
 * The merge step of a parallel build on its own, for tests: the groups,
 * line count, tail_off, PARTIAL_LAST flag and time_carry of the index of
 * a log of size bytes (the rest of out is left zero), from the notes of
 * its parts in file order, which must cover [0, size).  Returns 0; free
 * out with index_data_free().
 */
int index_from_notes(uint64_t group_lines, uint64_t group_bytes, uint64_t size,
                     const struct index_notes *parts, size_t nparts,
                     struct index_data *out);

/* --- querying ------------------------------------------------------- */

enum index_state {
	INDEX_STATE_NONE = 0, /* not looked for (--index=never, a stream) */
	INDEX_STATE_MISSING,
	INDEX_STATE_FRESH,
	INDEX_STATE_APPENDED,
	INDEX_STATE_STALE,
	INDEX_STATE_CORRUPT,
	INDEX_STATE_UNREADABLE, /* exists but cannot be read */
	INDEX_STATE_UNTRUSTED   /* exists, but someone else could have
	                           written it: ignored (reason says why) */
};

/* What a lookup found, for --stats, warnings and `logscan info`. */
struct index_lookup {
	enum index_state state;
	char *path;             /* the index file found (owned), or NULL */
	uint64_t file_size;     /* of the index file */
	uint64_t appended;      /* bytes the log grew by (APPENDED) */
	char reason[LS_ERRSZ];  /* STALE / CORRUPT */
	struct index_data data; /* loaded when FRESH or APPENDED */
	struct index_owner owner; /* of path, when it exists */
};

/*
 * Look for a usable index of the log open as wf (path log_path), searching
 * index_candidates() in order: the first fresh or appended one wins, else the
 * first that exists is reported as stale or corrupt.  A log with no place
 * to look (standard input, a path with no absolute form) gets
 * INDEX_STATE_NONE.  Returns 0 with lk filled (release with
 * index_lookup_free()), or -1 with err filled when the log cannot be read
 * to check a candidate.
 */
int index_lookup(struct index_lookup *lk, const char *log_path,
                 const char *index_dir, window_file *wf, char *err);

void index_lookup_free(struct index_lookup *lk);

/* "fresh", "appended", "stale", "missing", "corrupt", "unreadable",
 * "untrusted" or "none". */
const char *index_state_name(enum index_state s);

/*
 * Open a log for indexing or for `logscan info` like window_open(), but
 * without waiting for a writer when path is a FIFO: the caller checks the
 * type and refuses it.  Returns 0 and a handle, or -1 with err filled.
 */
int index_open_log(window_file **out, const char *path, size_t window_size,
                   char *err);

/*
 * Nonzero when path looks like logscan's own file rather than a log: its
 * name ends in .lsidx (or is an index's lock or temporary file), or it is
 * a regular file that starts with the index magic.  Never fails: a file
 * that cannot be read is not an index.
 */
int index_is_index_file(const char *path);

/* Nonzero when the name alone shows logscan's own file: it ends in .lsidx
 * or is an index's lock or temporary file.  Reads nothing. */
int index_is_index_name(const char *path);

#endif
