/*
 * merge.h - several files as one timeline: a stable k-way merge of the
 * records that each source produces, by a key (an entry's time).
 *
 * Each source is a function run in a thread of its own (a "producer"),
 * which hands over its records in its own order: merge_begin() starts a
 * record with its key, merge_append() adds its bytes.  The caller's
 * thread (merge_run()) writes the records of all sources to one output
 * writer, always the record with the smallest key among the sources'
 * next ones; equal keys go in the order the sources were added.  Each
 * source's records keep their order, whatever their keys (a clock that
 * steps back does not reorder a file), so this is what a stable merge of
 * sorted sequences gives, and is defined for unsorted ones too.
 *
 * A record marked as continuing (cont) is written right after the one
 * before it from the same source, with nothing between: an entry cut
 * into several records stays whole.
 *
 * Memory is bounded: each source has at most a few blocks of records in
 * flight (MERGE_BLOCK bytes each); a producer whose blocks are all full
 * waits for the merge to take them.  At most `threads` producers run at
 * a time (the others wait for a turn or for room).
 */
#ifndef LOGSCAN_MERGE_H
#define LOGSCAN_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"

/* Bytes of records per block handed from a producer to the merge. */
#define MERGE_BLOCK ((size_t)128 << 10)

typedef struct merge merge;
typedef struct merge_feed merge_feed;

/*
 * A source: produce the records through f (merge_begin(),
 * merge_append()), in this source's thread.  Returns 0, or -1 after a
 * failure it reported itself (what it produced before is merged).  When
 * merge_begin() or merge_append() returns -1 the run is stopping (the
 * output failed): return at once.
 */
typedef int (*merge_source_fn)(void *ctx, merge_feed *f);

/*
 * A merge writing to out, with at most threads (at least 1) producers
 * running at a time.  out must outlive the merge.  Never fails
 * (allocation failure exits).
 */
merge *merge_open(output *out, unsigned threads);

/* Add a source (before merge_run()); sources are numbered from 0 in the
 * order added, which is the order of equal keys. */
void merge_add(merge *m, merge_source_fn fn, void *ctx);

/*
 * Run every source and write the merged records to out.  Returns 0, or
 * -1 when writing failed (output_error() says why; the producers were
 * stopped).  Call once.
 */
int merge_run(merge *m);

/* What source i's function returned (after merge_run()). */
int merge_source_status(const merge *m, size_t i);

/* Free the merge; accepts NULL. */
void merge_close(merge *m);

/*
 * In a producer: start a record whose key is key.  cont: it continues
 * the entry of the record begun before (it is then written right after
 * that record's bytes, when it had any).  Returns 0, or -1 when the run
 * stops.
 */
int merge_begin(merge_feed *f, int64_t key, int cont);

/* In a producer: append p[0, n) to the record begun last.  Returns 0, or
 * -1 when the run stops. */
int merge_append(merge_feed *f, const void *p, size_t n);

/*
 * In a producer: cut the record begun last back to just past its last
 * newline, for a read error that left a line half copied (a file that
 * shrank while mapped).  Returns 0, or -1 when part of the record was
 * handed over already (an entry larger than a block): it then stays as
 * it is.
 */
int merge_cut_line(merge_feed *f);

/* merge_append() in the shape of an output_sink_fn (ctx: the feed), for a
 * writer whose output goes to the record begun last. */
int merge_sink(void *ctx, const char *p, size_t n);

#endif
