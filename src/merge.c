/*
 * merge.c - a stable k-way merge of records produced by threads (see
 * merge.h).
 *
 * A producer fills a block with records (a header, then the bytes, padded
 * to 8) and queues it on its source; the merge takes blocks from each
 * source's queue in order and keeps the sources' next records in a heap
 * ordered by (key, source number).  Everything shared is under one mutex,
 * taken once per block, not per record.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "util.h"

/* Blocks a source may have queued for the merge. */
#define QUEUE_MAX 2

struct rec {
	int64_t key;
	uint32_t len;
	uint32_t cont;
};

struct block {
	char *buf;
	size_t used;
	struct block *next;
};

struct merge_feed {
	merge *m;
	merge_source_fn fn;
	void *ctx;
	int status;
	pthread_t th;
	int started;

	/* The producer's side. */
	struct block *cur; /* the block being filled */
	size_t open;       /* offset in cur of the record being filled... */
	int have_open;     /* ...when there is one */
	int entry_bytes;   /* the entry begun last has bytes */
	int entry_before;  /* ...it had before the record begun last */
	int split;         /* that record went on in another block */
	int token;         /* this producer holds a turn to run */

	/* Shared, under m->mu. */
	struct block *qhead, *qtail; /* filled blocks, in order */
	size_t nq;
	struct block *spare; /* blocks the merge is done with */
	int done;            /* the producer returned */

	/* The merge's side. */
	struct block *rd; /* the block being read */
	size_t rpos;
};

struct merge {
	output *out;
	unsigned tokens; /* turns free to take */
	pthread_mutex_t mu;
	pthread_cond_t cv_prod;  /* room in a queue, a turn, or stop */
	pthread_cond_t cv_merge; /* a block queued, or a producer done */
	atomic_int stop; /* written under mu; read without it too */
	merge_feed **src;
	size_t n, cap;
};

struct heap_ent {
	int64_t key;
	size_t idx;
};

/* Whether the run stops (the output failed): looked at without the
 * lock by producers between blocks. */
static int
stopping(const merge *m)
{
	return atomic_load_explicit(&m->stop, memory_order_relaxed);
}

static size_t
pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

merge *
merge_open(output *out, unsigned threads)
{
	merge *m = xcalloc(1, sizeof(*m));

	m->out = out;
	m->tokens = threads ? threads : 1;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv_prod, NULL);
	pthread_cond_init(&m->cv_merge, NULL);
	return m;
}

void
merge_add(merge *m, merge_source_fn fn, void *ctx)
{
	merge_feed *f = xcalloc(1, sizeof(*f));

	f->m = m;
	f->fn = fn;
	f->ctx = ctx;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->src = xreallocarray(m->src, m->cap, sizeof(*m->src));
	}
	m->src[m->n++] = f;
}

static struct block *
block_new(void)
{
	struct block *b = xcalloc(1, sizeof(*b));

	b->buf = xmalloc(MERGE_BLOCK);
	return b;
}

static void
block_free(struct block *b)
{
	if (b != NULL)
		free(b->buf);
	free(b);
}

/* ---- the producers' side ---------------------------------------------- */

/* Under m->mu: wait for a turn to run (unless the run stops). */
static void
take_turn(merge_feed *f)
{
	merge *m = f->m;

	while (!f->token && !m->stop) {
		if (m->tokens > 0) {
			m->tokens--;
			f->token = 1;
		} else {
			pthread_cond_wait(&m->cv_prod, &m->mu);
		}
	}
}

/* Under m->mu: give the turn to another producer. */
static void
give_turn(merge_feed *f)
{
	if (f->token) {
		f->token = 0;
		f->m->tokens++;
		pthread_cond_broadcast(&f->m->cv_prod);
	}
}

/* Close the record being filled: an empty one is dropped. */
static void
close_record(merge_feed *f)
{
	struct rec *r;

	if (!f->have_open)
		return;
	r = (struct rec *)(void *)(f->cur->buf + f->open);
	if (r->len == 0)
		f->cur->used = f->open;
	else
		f->cur->used = f->open + sizeof(*r) + pad8(r->len);
	f->have_open = 0;
}

/*
 * Queue the block being filled (when it holds anything) and get an empty
 * one, waiting while the source's queue is full.  Returns 0, or -1 when
 * the run stops.
 */
static int
push_block(merge_feed *f)
{
	merge *m = f->m;
	int rc;

	close_record(f);
	pthread_mutex_lock(&m->mu);
	if (f->cur->used > 0) {
		while (f->nq >= QUEUE_MAX && !m->stop) {
			give_turn(f);
			pthread_cond_wait(&m->cv_prod, &m->mu);
		}
		if (!m->stop) {
			f->cur->next = NULL;
			if (f->qtail != NULL)
				f->qtail->next = f->cur;
			else
				f->qhead = f->cur;
			f->qtail = f->cur;
			f->nq++;
			pthread_cond_signal(&m->cv_merge);
			if (f->spare != NULL) {
				f->cur = f->spare;
				f->spare = f->spare->next;
			} else {
				f->cur = NULL;
			}
		}
	}
	take_turn(f);
	rc = m->stop ? -1 : 0;
	pthread_mutex_unlock(&m->mu);
	if (f->cur == NULL)
		f->cur = block_new();
	f->cur->used = 0;
	return rc;
}

/* Open a record in the block being filled (there is room for its
 * header). */
static void
open_record(merge_feed *f, int64_t key, int cont)
{
	struct rec *r = (struct rec *)(void *)(f->cur->buf + f->cur->used);

	r->key = key;
	r->len = 0;
	r->cont = (uint32_t)cont;
	f->open = f->cur->used;
	f->have_open = 1;
}

int
merge_begin(merge_feed *f, int64_t key, int cont)
{
	if (stopping(f->m))
		return -1;
	close_record(f);
	if (!cont)
		f->entry_bytes = 0;
	f->entry_before = f->entry_bytes;
	f->split = 0;
	/* A record needs its header and a byte, at least. */
	if (MERGE_BLOCK - f->cur->used < sizeof(struct rec) + 8 &&
	    push_block(f) < 0)
		return -1;
	open_record(f, key, cont && f->entry_bytes);
	return 0;
}

int
merge_append(merge_feed *f, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		struct rec *r = (struct rec *)(void *)(f->cur->buf + f->open);
		size_t at = f->open + sizeof(*r) + r->len;
		size_t room = MERGE_BLOCK - at, k;

		if (room == 0 || r->len == UINT32_MAX - 7) {
			/* The rest goes on in the next block, as a record
			 * that continues this one. */
			int64_t key = r->key;
			int cont = r->len > 0 ? 1 : (int)r->cont;

			if (push_block(f) < 0)
				return -1;
			open_record(f, key, cont);
			f->split = 1;
			continue;
		}
		k = n < room ? n : room;
		memcpy(f->cur->buf + at, s, k);
		r->len += (uint32_t)k;
		s += k;
		n -= k;
		f->entry_bytes = 1;
	}
	return stopping(f->m) ? -1 : 0;
}

int
merge_cut_line(merge_feed *f)
{
	struct rec *r;
	const char *d;

	if (!f->have_open)
		return 0;
	if (f->split)
		return -1;
	r = (struct rec *)(void *)(f->cur->buf + f->open);
	d = (const char *)(r + 1);
	while (r->len > 0 && d[r->len - 1] != '\n')
		r->len--;
	if (r->len == 0)
		f->entry_bytes = f->entry_before;
	return 0;
}

int
merge_sink(void *ctx, const char *p, size_t n)
{
	return merge_append(ctx, p, n) < 0 ? -1 : 0;
}

static void *
producer(void *arg)
{
	merge_feed *f = arg;
	merge *m = f->m;

	pthread_mutex_lock(&m->mu);
	take_turn(f);
	pthread_mutex_unlock(&m->mu);
	f->cur = block_new();
	/* A record is always open for merge_append(). */
	open_record(f, INT64_MIN, 0);
	f->status = m->stop ? 0 : f->fn(f->ctx, f);
	close_record(f);
	if (f->cur->used > 0)
		push_block(f);
	pthread_mutex_lock(&m->mu);
	f->done = 1;
	give_turn(f);
	pthread_cond_signal(&m->cv_merge);
	pthread_mutex_unlock(&m->mu);
	block_free(f->cur);
	f->cur = NULL;
	return NULL;
}

/* ---- the merge -------------------------------------------------------- */

/* The next record of source f, waiting for it; NULL when there is none
 * (the source is done, or the run stops). */
static const struct rec *
next_record(merge *m, merge_feed *f)
{
	for (;;) {
		if (f->rd != NULL && f->rpos < f->rd->used)
			return (const struct rec *)(void *)(f->rd->buf +
			                                    f->rpos);
		pthread_mutex_lock(&m->mu);
		if (f->rd != NULL) {
			if (f->spare == NULL) {
				f->rd->next = NULL;
				f->spare = f->rd;
			} else {
				block_free(f->rd);
			}
			f->rd = NULL;
		}
		while (f->qhead == NULL && !f->done && !m->stop)
			pthread_cond_wait(&m->cv_merge, &m->mu);
		if (f->qhead != NULL && !m->stop) {
			f->rd = f->qhead;
			f->qhead = f->rd->next;
			if (f->qhead == NULL)
				f->qtail = NULL;
			f->nq--;
			f->rpos = 0;
			pthread_cond_broadcast(&m->cv_prod);
		}
		pthread_mutex_unlock(&m->mu);
		if (f->rd == NULL)
			return NULL;
	}
}

static int
before(const struct heap_ent *a, const struct heap_ent *b)
{
	return a->key < b->key || (a->key == b->key && a->idx < b->idx);
}

static void
sift_down(struct heap_ent *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, s = i;
		struct heap_ent t;

		if (l < n && before(&h[l], &h[s]))
			s = l;
		if (l + 1 < n && before(&h[l + 1], &h[s]))
			s = l + 1;
		if (s == i)
			return;
		t = h[i];
		h[i] = h[s];
		h[s] = t;
		i = s;
	}
}

static void
sift_up(struct heap_ent *h, size_t i)
{
	while (i > 0 && before(&h[i], &h[(i - 1) / 2])) {
		struct heap_ent t = h[i];

		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* Write the records of source f from the next one on, as long as they
 * continue it.  Returns its next record, or NULL. */
static const struct rec *
write_entry(merge *m, merge_feed *f, const struct rec *r)
{
	do {
		output_write(m->out, r + 1, r->len);
		f->rpos += sizeof(*r) + pad8(r->len);
		r = next_record(m, f);
	} while (r != NULL && r->cont);
	return r;
}

static void
stop_all(merge *m)
{
	pthread_mutex_lock(&m->mu);
	atomic_store_explicit(&m->stop, 1, memory_order_relaxed);
	pthread_cond_broadcast(&m->cv_prod);
	pthread_cond_broadcast(&m->cv_merge);
	pthread_mutex_unlock(&m->mu);
}

int
merge_run(merge *m)
{
	struct heap_ent *h = xreallocarray(NULL, m->n ? m->n : 1, sizeof(*h));
	size_t nh = 0;
	int rc = 0;

	for (size_t i = 0; i < m->n; i++) {
		merge_feed *f = m->src[i];

		if (pthread_create(&f->th, NULL, producer, f) != 0) {
			/* As running out of memory: nothing to recover. */
			fprintf(stderr, "logscan: cannot start a thread\n");
			exit(2);
		}
		f->started = 1;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct rec *r = next_record(m, m->src[i]);

		/* A leading continuation has no record before it. */
		while (r != NULL && r->cont)
			r = write_entry(m, m->src[i], r);
		if (r != NULL) {
			h[nh] = (struct heap_ent){r->key, i};
			sift_up(h, nh++);
		}
	}
	while (nh > 0) {
		merge_feed *f = m->src[h[0].idx];
		const struct rec *r = next_record(m, f);

		r = write_entry(m, f, r);
		if (output_error(m->out)) {
			rc = -1;
			break;
		}
		if (r != NULL) {
			h[0].key = r->key;
		} else {
			h[0] = h[--nh];
		}
		sift_down(h, nh, 0);
	}
	if (rc < 0)
		stop_all(m);
	for (size_t i = 0; i < m->n; i++) {
		merge_feed *f = m->src[i];

		if (f->started)
			pthread_join(f->th, NULL);
		f->started = 0;
	}
	free(h);
	return rc;
}

int
merge_source_status(const merge *m, size_t i)
{
	return m->src[i]->status;
}

void
merge_close(merge *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		merge_feed *f = m->src[i];
		struct block *b, *nb;

		for (b = f->qhead; b != NULL; b = nb) {
			nb = b->next;
			block_free(b);
		}
		for (b = f->spare; b != NULL; b = nb) {
			nb = b->next;
			block_free(b);
		}
		block_free(f->rd);
		block_free(f->cur);
		free(f);
	}
	free(m->src);
	pthread_cond_destroy(&m->cv_prod);
	pthread_cond_destroy(&m->cv_merge);
	pthread_mutex_destroy(&m->mu);
	free(m);
}
