/*
 * scan.c - select lines window by window and print them as grep does.
 *
 * grep's binary-file rule, one rule whatever the pattern: a line is text
 * unless the input holds a NUL before the end of the BINARY_BLOCK-byte
 * block (counted from the input's start) that holds the line's end.  That
 * is what grep does reading a file in 96 KiB buffers: it looks at a whole
 * buffer for a NUL before it matches the lines that end in it.  So a
 * window is cut into chunks, the lines that end in one block, and the
 * bytes up to the block's end are looked at before the chunk is searched
 * (while they are in the processor's cache).  The lines at the end of a
 * window whose block runs on into the next one are held back, copied,
 * until that window shows the rest of the block.
 *
 * Inside a chunk the pattern finds the next matching line; the lines
 * between two matches are a "run" that is handled as a whole: skipped (the
 * usual case), printed in one write (-v), or counted with a vector newline
 * count (-c -v).  Line numbers are counted only when something needs them.
 */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "newline.h"
#include "scan.h"
#include "util.h"

/* The block of the binary-file rule: grep's buffer size. */
#define BINARY_BLOCK ((uint64_t)96 << 10)
/* Without NUL checks (-a, or once a file is binary), chunks can be big:
 * fewer calls. */
#define SCAN_CHUNK_TEXT ((size_t)4 << 20)


/* Return values inside the engine; positive ones end window_scan(). */
enum { GO_ON = 0, STOP_FILE = 1, STOP_RUN = 2, FAILED = -1 };

struct scanner {
	struct scan_params p;
	const regex *re;
	regex_matcher *m;
	output *out;
	int simple;      /* selected lines are printed bare and in bulk */
	int nul_checks;  /* the binary-file rule applies (no -a) */
	int fused;       /* ...and the search looks for NULs on the way */
	int every_line;  /* the pattern matches every line */
	int undoable;    /* -c alone, or simple: what a chunk selects can be
	                    taken back (see undoable_chunk()) */
	int undoing;     /* undoable_chunk() is at work... */
	int undo_nul;    /* ...and a NUL turned up */
	int track;       /* line numbers are counted */
	char eol;        /* the byte that ends a line: '\n', or '\0' (-z) */
	int printed_any; /* something was printed in this run ("--") */
	int no_summary;  /* scan_chunk(): a part of a file, no -c/-L line */
	int start_binary; /* scan_chunk(): a NUL came before the part */
	int nul_known;    /* scan_set_nul() told the next scan: */
	uint64_t known_nul, known_upto;
	/* scan_owned(): only lines starting in [own_lo, own_hi) are printed
	 * and counted; the others are read for their context (0 and
	 * UINT64_MAX otherwise). */
	uint64_t own_lo, own_hi;
	const char *sgr[COLOR_NCAPS]; /* the palette's start sequences */
	const char *sgr_end;
	int rv;             /* GREP_COLORS' rv */
	palette *own_pal;   /* the default palette, when p has none */
	int num_width;      /* -T: the width of line numbers and offsets */
	struct scan_renums *renum; /* see scan_set_renumber() */
	size_t mark;     /* output_pending() at the last record boundary */

	/* The file. */
	const char *name;
	size_t namelen;
	uint64_t selected;
	uint64_t lines, bytes;
	int file_printed; /* this file printed a line (or counts as if) */
	size_t lead_sep;  /* bytes of the "--" that began its output */
	int quiet_out;    /* print no lines (-c, -l, -L, -q, binary) */
	int binary_seen;  /* the lines from here on are a binary file's */
	int binary_hit;   /* ...and then a line was selected */
	int encoding_hit; /* a line was left out for its encoding errors */
	uint64_t nul_at;  /* file offset of the first NUL seen, or UINT64_MAX */
	uint64_t checked; /* the bytes before this offset were looked at */
	uint64_t read_end;   /* file offset just past the last window */
	uint64_t after_last; /* just past the last line selected */
	int max_reached;     /* -m lines selected; only trailing context left */
	uint64_t pending_after;
	uint64_t last_end; /* file offset just past the last line printed,
	                      UINT64_MAX before the first */
	uint64_t floor;    /* file offset of the first line eligible as
	                      context (region start or --lines start) */

	/* Line numbers: the line starting at file offset trk_off is number
	 * trk_line. */
	uint64_t trk_off, trk_line;

	/* The window being scanned (or the held lines, see the top). */
	const char *data;
	size_t len;
	uint64_t base;

	/* Lines held back: bytes [pend_off, pend_off + pend_len) of the
	 * file, whole lines, the first one number pend_line. */
	char *pend;
	size_t pend_len, pend_cap;
	uint64_t pend_off, pend_line;
	int held_rc;   /* what selecting them when a region began returned,
	                  for the next scan_window() to pass on */
	int stream_fd; /* the input's descriptor when it is read, not mapped
	                  (scan_file() only), else -1 */

	/* -B lines kept from earlier windows: bytes [hist_off, hist_off +
	 * hist_len) of the file, whole lines that end where the next window
	 * starts. */
	char *hist;
	size_t hist_len, hist_cap;
	uint64_t hist_off;

	/* An error in the current window. */
	char err[LS_ERRSZ];
	uint64_t err_off;
	int err_need_line;
};

/* The end of the block of the binary-file rule that holds offset off. */
static inline uint64_t
block_end(uint64_t off)
{
	return (off / BINARY_BLOCK + 1) * BINARY_BLOCK;
}

/* Point the scanner at new bytes: data[0, len) at file offset base. */
static void
set_data(scanner *sc, const char *data, size_t len, uint64_t base)
{
	sc->data = data;
	sc->len = len;
	sc->base = base;
	regex_matcher_reset(sc->m);
}

/* Look for a NUL in the bytes of p[0, n) (at file offset off) before
 * offset upto that have not been looked at.  The bytes are looked at in
 * file order: those before a gap in the input are never seen. */
static void
check_nul(scanner *sc, const char *p, size_t n, uint64_t off, uint64_t upto)
{
	uint64_t from = sc->checked > off ? sc->checked : off;
	uint64_t end = off + n < upto ? off + n : upto;
	const char *z;

	if (sc->nul_at != UINT64_MAX || from >= end)
		return;
	z = newline_find_nul(p + (from - off), (size_t)(end - from));
	if (z != NULL)
		sc->nul_at = off + (uint64_t)(z - p);
	sc->checked = end;
}

/*
 * Position just past the k-th line end eol of p[0, n), with *found set to
 * k; or n with *found the number of line ends there are, when there are
 * fewer.
 */
static size_t
skip_lines(const char *p, size_t n, uint64_t k, char eol, uint64_t *found)
{
	const char *q = newline_nth_eol(p, n, k, eol, found);

	return q ? (size_t)(q - p) : n;
}

/* ---- small helpers --------------------------------------------------- */

/* The end of the line (its eol byte, or len) at or after pos. */
static inline size_t
next_nl(const char *data, size_t len, size_t pos, char eol)
{
	const char *nl = pos < len ? memchr(data + pos, eol, len - pos) : NULL;

	return nl ? (size_t)(nl - data) : len;
}

/* Lines in data[a, b), which starts a line and ends one (or the input). */
static uint64_t
lines_in(const scanner *sc, size_t a, size_t b)
{
	if (b <= a)
		return 0;
	return newline_count_eol(sc->data + a, b - a, sc->eol) +
	       (sc->data[b - 1] != sc->eol);
}

/* Number of the line starting at window position pos (pos never goes
 * backwards). */
static uint64_t
lineno(scanner *sc, size_t pos)
{
	uint64_t off = sc->base + pos;

	if (off > sc->trk_off) {
		size_t from = (size_t)(sc->trk_off - sc->base);

		sc->trk_line +=
		    newline_count_eol(sc->data + from, pos - from, sc->eol);
		sc->trk_off = off;
	}
	return sc->trk_line;
}

/* Write s[0, n) in the colour of cap (plain without colour, or when the
 * capability is empty). */
static void
put_colored(scanner *sc, enum color_cap cap, const char *s, size_t n)
{
	if (sc->p.color && sc->sgr[cap][0] != '\0') {
		output_puts(sc->out, sc->sgr[cap]);
		output_write(sc->out, s, n);
		output_puts(sc->out, sc->sgr_end);
	} else {
		output_write(sc->out, s, n);
	}
}

static void
put_sep(scanner *sc, char sep)
{
	put_colored(sc, COLOR_SE, &sep, 1);
}

static void
put_name(scanner *sc)
{
	put_colored(sc, COLOR_FN, sc->name, sc->namelen);
}

/* The file name and what follows it in a prefix or a -c line: sep, or a
 * NUL with -Z. */
static void
put_name_sep(scanner *sc, char sep)
{
	put_name(sc);
	if (sc->p.null_name)
		output_putc(sc->out, '\0');
	else
		put_sep(sc, sep);
}

/* A line number or byte offset, right-aligned to the width -T chose. */
static void
put_num(scanner *sc, enum color_cap cap, uint64_t v)
{
	uint64_t v0 = v;
	char tmp[48];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (tmp + sizeof(tmp) - p < sc->num_width)
		*--p = ' ';
	if (cap == COLOR_LN && sc->renum != NULL) {
		struct scan_renums *l = sc->renum;

		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 256;
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
		/* The digits come after the colour's start, if any. */
		l->v[l->n].at = output_total(sc->out) +
		                (sc->p.color && sc->sgr[cap][0] != '\0'
		                     ? strlen(sc->sgr[cap])
		                     : 0);
		l->v[l->n].line = v0;
		l->n++;
	}
	put_colored(sc, cap, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* The prefix of a line (or -o part) of len bytes. */
static void
put_prefix(scanner *sc, char sep, uint64_t line, uint64_t offset, size_t len)
{
	if (sc->p.with_filename)
		put_name_sep(sc, sep);
	if (sc->p.line_number) {
		put_num(sc, COLOR_LN, line);
		put_sep(sc, sep);
	}
	if (sc->p.byte_offset) {
		put_num(sc, COLOR_BN, offset);
		put_sep(sc, sep);
	}
	/* -T puts the text on a tab stop, when there is a prefix and
	 * text. */
	if (sc->p.align_tabs && len > 0 &&
	    (sc->p.with_filename || sc->p.line_number || sc->p.byte_offset))
		output_putc(sc->out, '\t');
}

/* ---- printing lines ---------------------------------------------------- */

/*
 * Whether text[0, n), about to be printed, is binary data by GNU grep's
 * rule for a UTF-8 locale: it holds an encoding error.  Notes it for "binary
 * file matches" unless -I asked for silence.
 */
static int
is_binary_text(scanner *sc, const char *text, size_t n)
{
	if (!sc->p.utf8_text || sc->p.binary == BINARY_TEXT ||
	    ls_utf8_glibc_valid(text, n))
		return 0;
	if (sc->p.binary != BINARY_SKIP)
		sc->encoding_hit = 1;
	return 1;
}

/* The group separator, when this line does not follow the last printed. */
static void
before_line(scanner *sc, uint64_t off)
{
	if (sc->p.separators && sc->printed_any && off != sc->last_end) {
		const char *gs = sc->p.group_sep ? sc->p.group_sep : "--";
		size_t at = output_pending(sc->out);

		put_colored(sc, COLOR_SE, gs, strlen(gs));
		output_putc(sc->out, '\n');
		if (!sc->file_printed)
			sc->lead_sep = output_pending(sc->out) - at;
	}
}

/*
 * Output is written in records (a line with its prefix, or a run of whole
 * lines) that never straddle a flush: when the file shrinks under the
 * mapping, SIGBUS may abandon a record half copied, and scan_file() then
 * drops it from the buffer, so that what was printed is whole lines.  (A
 * record bigger than the output buffer cannot be held back that way.)
 */
static void
begin_record(scanner *sc, size_t need)
{
	output_reserve(sc->out, need);
	sc->mark = output_pending(sc->out);
}

static void
end_record(scanner *sc)
{
	sc->mark = output_pending(sc->out);
}

/*
 * The next match in text[0, n) at or after pos, as regex_match_line().
 * grep's matcher for several literal patterns (-F, or -G/-E patterns
 * without special characters) resumes after a match as if the line began
 * there, so a -w match right after the previous one needs no word break
 * before it; fresh_start copies that.
 */
static int
next_match(scanner *sc, const char *text, size_t n, size_t pos, size_t *ms,
           size_t *me)
{
	int rc;

	if (!sc->p.fresh_start || pos == 0)
		return regex_match_line(sc->m, text, n, pos, ms, me);
	rc = regex_match_line(sc->m, text + pos, n - pos, 0, ms, me);
	if (rc == REGEX_MATCH) {
		*ms += pos;
		*me += pos;
	}
	return rc;
}

/*
 * Print one line, text[0, n) with its newline at text[n] when has_nl,
 * starting at file offset off.  sep is ':' for a selected line and '-' for
 * context; matching says whether the pattern matches it (for -o and
 * colour).  Colours and the handling of empty matches follow grep's
 * printer.  Returns FAILED when PCRE2 gives up on the line.
 */
static int
print_line(scanner *sc, const char *text, size_t n, int has_nl, uint64_t off,
           uint64_t line, char sep, int matching)
{
	size_t pos = 0, ms, me, mid = SIZE_MAX;
	int rc = REGEX_NOMATCH, color = sc->p.color;
	enum color_cap line_cap, match_cap;
	const char *line_sgr, *match_sgr;

	if (off < sc->own_lo || off >= sc->own_hi) {
		/* Another part's line (see scan_owned()): it is printed
		 * there; here it only counts as printed for what follows. */
		if (sc->p.line_sink == NULL && !sc->p.only_matching &&
		    sc->p.utf8_text && sc->p.binary != BINARY_TEXT &&
		    !ls_utf8_glibc_valid(text, n))
			return GO_ON;
		sc->printed_any = 1;
		sc->last_end = off + n + 1;
		return GO_ON;
	}
	if (sc->p.line_sink != NULL) {
		struct scan_line l = {text, n, has_nl, off, line, sep == ':'};

		sc->printed_any = 1;
		sc->last_end = off + n + 1;
		(void)matching;
		return sc->p.line_sink(sc->p.sink_ctx, &l) < 0 ? STOP_RUN
		                                              : GO_ON;
	}
	if (!sc->p.only_matching && is_binary_text(sc, text, n)) {
		/* grep leaves it out: nothing printed, not even a separator,
		 * and the next line printed does not follow a printed one. */
		return GO_ON;
	}
	/* Room for the prefix and the line, and for as many colour codes
	 * again as the line is long. */
	begin_record(sc, sc->namelen + 80 + n +
	                     (sc->p.color || sc->p.only_matching ? n : 0));
	before_line(sc, off);
	sc->printed_any = 1;
	sc->file_printed = 1;
	sc->last_end = off + n + 1;
	/* sl and cx colour selected and context lines (swapped under -v
	 * by rv); ms and mc the matches in them. */
	line_cap = ((sep == ':') ^ (sc->p.invert && sc->rv)) ? COLOR_SL
	                                                     : COLOR_CX;
	match_cap = sep == ':' ? COLOR_MS : COLOR_MC;
	line_sgr = color ? sc->sgr[line_cap] : "";
	match_sgr = color ? sc->sgr[match_cap] : "";
	if (sc->p.only_matching && !matching) {
		/* Context and non-matching lines print nothing, but they
		 * still count as printed for the separators. */
		end_record(sc);
		return GO_ON;
	}

	if (!sc->p.only_matching)
		put_prefix(sc, sep, line, off, n);
	if (matching && (sc->p.only_matching || match_sgr[0] != '\0')) {
		while (pos < n + sc->p.xw_newline &&
		       (rc = next_match(sc, text, n, pos, &ms, &me)) ==
		           REGEX_MATCH) {
			size_t mlen;

			if (me == ms && !(sc->p.xw_newline && ms == n)) {
				/* An empty match: step over one byte and
				 * look again, as grep does. */
				if (ms >= n)
					break;
				if (mid == SIZE_MAX)
					mid = pos;
				pos = ms + 1;
				continue;
			}
			/* grep's -x -w match takes in the newline (see
			 * scan_params). */
			mlen = me - ms + (sc->p.xw_newline && me == n);
			if (sc->p.only_matching &&
			    is_binary_text(sc, text + ms, me - ms)) {
				pos = ms + mlen;
				continue;
			}
			if (sc->p.only_matching) {
				put_prefix(sc, sc->p.invert ? '-' : ':', line,
				           off + ms, mlen);
			} else {
				if (line_sgr[0] != '\0')
					output_puts(sc->out, line_sgr);
				if (mid != SIZE_MAX) {
					pos = mid;
					mid = SIZE_MAX;
				}
				output_write(sc->out, text + pos, ms - pos);
			}
			if (match_sgr[0] != '\0')
				output_puts(sc->out, match_sgr);
			output_write(sc->out, text + ms, me - ms);
			if (mlen > me - ms)
				output_putc(sc->out, sc->eol);
			if (match_sgr[0] != '\0')
				output_puts(sc->out, sc->sgr_end);
			if (sc->p.only_matching)
				output_putc(sc->out, sc->eol);
			pos = ms + mlen;
		}
		if (rc == REGEX_LIMIT) {
			end_record(sc);
			ls_errf(sc->err, "pattern hit PCRE2's %s on line %llu",
			        regex_limit_name(sc->m),
			        (unsigned long long)line);
			sc->err_need_line = 0;
			return FAILED;
		}
		if (sc->p.only_matching) {
			end_record(sc);
			return GO_ON;
		}
		if (mid != SIZE_MAX)
			pos = mid;
	}
	if (pos > n) {
		/* The match took in the newline. */
		end_record(sc);
		return GO_ON;
	}
	if (line_sgr[0] != '\0') {
		/* The rest of the line in its colour, but not a '\r' before
		 * the newline, as grep. */
		size_t tail = n - pos - (n > pos && text[n - 1] == '\r');

		if (tail > 0) {
			output_puts(sc->out, line_sgr);
			output_write(sc->out, text + pos, tail);
			output_puts(sc->out, sc->sgr_end);
			pos += tail;
		}
	}
	if (has_nl) {
		output_write(sc->out, text + pos, n - pos + 1);
	} else {
		output_write(sc->out, text + pos, n - pos);
		output_putc(sc->out, sc->eol);
	}
	end_record(sc);
	return GO_ON;
}

/* Print the window's line at [s, e) (e: its '\n' or the end). */
static int
print_window_line(scanner *sc, size_t s, size_t e, char sep, int matching)
{
	uint64_t line = sc->track ? lineno(sc, s) : 0;

	return print_line(sc, sc->data + s, e - s, e < sc->len, sc->base + s,
	                  line, sep, matching);
}

/*
 * Print up to -B lines before the selected line at window position s that
 * have not been printed yet: from the history of earlier windows, then
 * from this window.
 */
static int
print_before(scanner *sc, size_t s)
{
	uint64_t lim = sc->floor, k = 0, h = 0, line = 0;
	size_t p = s, hp;
	int rc;

	if (sc->p.before == 0)
		return GO_ON;
	if (sc->last_end != UINT64_MAX && sc->last_end > lim)
		lim = sc->last_end;
	/* Walk back in this window. */
	while (k < sc->p.before && p > 0 && sc->base + p > lim) {
		const char *nl =
		    p > 1 ? memrchr(sc->data, sc->eol, p - 1) : NULL;

		p = nl ? (size_t)(nl - sc->data) + 1 : 0;
		k++;
	}
	/* Then in the history, when this window had too few. */
	hp = sc->hist_len;
	if (k < sc->p.before && p == 0 && sc->hist_len > 0 &&
	    sc->hist_off + sc->hist_len == sc->base) {
		while (h < sc->p.before - k && hp > 0 &&
		       sc->hist_off + hp > lim) {
			const char *nl =
			    hp > 1 ? memrchr(sc->hist, sc->eol, hp - 1) : NULL;
			size_t q = nl ? (size_t)(nl - sc->hist) + 1 : 0;

			if (sc->hist_off + q < lim)
				break;
			hp = q;
			h++;
		}
	}
	if (k + h == 0)
		return GO_ON;
	if (sc->track)
		line = lineno(sc, s) - k - h;
	while (hp < sc->hist_len) {
		size_t e = next_nl(sc->hist, sc->hist_len, hp, sc->eol);

		rc = print_line(sc, sc->hist + hp, e - hp, e < sc->hist_len,
		                sc->hist_off + hp, line++, '-', sc->p.invert);
		if (rc != GO_ON)
			return rc;
		hp = e + 1;
	}
	while (p < s) {
		size_t e = next_nl(sc->data, sc->len, p, sc->eol);

		rc = print_line(sc, sc->data + p, e - p, 1, sc->base + p,
		                line++, '-', sc->p.invert);
		if (rc != GO_ON)
			return rc;
		p = e + 1;
	}
	return GO_ON;
}

/* ---- runs of lines ------------------------------------------------------- */

/* Lines [a, b) are not selected: print what -A still asks for. */
static int
context_run(scanner *sc, size_t a, size_t b)
{
	int rc;

	if (sc->quiet_out)
		return sc->max_reached ? STOP_FILE : GO_ON;
	while (sc->pending_after > 0 && a < b) {
		size_t e = next_nl(sc->data, b, a, sc->eol);

		rc = print_window_line(sc, a, e, '-', sc->p.invert);
		if (rc != GO_ON)
			return rc;
		sc->pending_after--;
		a = e + 1;
	}
	return sc->max_reached && sc->pending_after == 0 ? STOP_FILE : GO_ON;
}

static void write_run_valid(scanner *sc, size_t a, size_t b);

/* Write lines [a, b) as they are, in records of whole lines that fit. */
static void
write_run(scanner *sc, size_t a, size_t b)
{
	if (sc->p.utf8_text && sc->p.binary != BINARY_TEXT &&
	    !ls_utf8_glibc_valid(sc->data + a, b - a)) {
		/* A line with an encoding error is left out (grep's rule for
		 * binary data in a UTF-8 locale): line by line, then. */
		while (a < b) {
			size_t e = next_nl(sc->data, b, a, sc->eol);
			size_t end = e < b ? e + 1 : b;

			if (!is_binary_text(sc, sc->data + a, e - a))
				write_run_valid(sc, a, end);
			a = end;
		}
		return;
	}
	write_run_valid(sc, a, b);
}

/* write_run() of lines that need no encoding check. */
static void
write_run_valid(scanner *sc, size_t a, size_t b)
{
	while (a < b) {
		size_t room, end = b;
		const char *nl;

		begin_record(sc, b - a + 1);
		room = output_room(sc->out);
		if (b - a + 1 > room) {
			/* Whole lines that fit, or the one line that does
			 * not fit anywhere. */
			nl =
			    room > 0 ? memrchr(sc->data + a, sc->eol, room)
			             : NULL;
			end = nl ? (size_t)(nl - sc->data) + 1
			         : next_nl(sc->data, b, a + room, sc->eol) + 1;
			if (end > b)
				end = b;
		}
		output_write(sc->out, sc->data + a, end - a);
		if (sc->data[end - 1] != sc->eol)
			output_putc(sc->out, sc->eol);
		end_record(sc);
		a = end;
	}
}

/* Lines [a, b) are selected; nlines is how many when the caller knows
 * (a matching line is one), else 0. */
static int
selected_run(scanner *sc, size_t a, size_t b, uint64_t nlines)
{
	uint64_t n;
	int rc;

	if (sc->p.quiet) {
		sc->selected++;
		return STOP_RUN;
	}
	if (sc->p.list_files || sc->p.list_nonmatching) {
		sc->selected++;
		if (sc->p.list_files) {
			put_name(sc);
			output_putc(sc->out, sc->p.null_name ? '\0' : '\n');
		}
		return STOP_FILE;
	}
	if (sc->binary_seen && !sc->p.count) {
		/* grep stops a binary file at its first selected line and
		 * only says that it matched; the line counts as output for
		 * the "--" before the next group. */
		sc->binary_hit = 1;
		sc->printed_any = 1;
		sc->file_printed = 1;
		sc->selected++;
		return STOP_FILE;
	}
	if (sc->p.count) {
		n = nlines ? nlines : lines_in(sc, a, b);
		if (sc->p.max_count >= 0 &&
		    sc->selected + n >= (uint64_t)sc->p.max_count) {
			uint64_t found;

			/* Where the last line counted ends: the input is left
			 * there. */
			sc->after_last =
			    sc->base + a +
			    skip_lines(sc->data + a, b - a,
			               (uint64_t)sc->p.max_count - sc->selected,
			               sc->eol, &found);
			sc->selected = (uint64_t)sc->p.max_count;
			sc->max_reached = 1;
			return STOP_FILE;
		}
		sc->selected += n;
		return GO_ON;
	}
	if (sc->simple) {
		/* No prefixes, no limits: the run goes out as it is. */
		sc->selected += nlines ? nlines : lines_in(sc, a, b);
		write_run(sc, a, b);
		return GO_ON;
	}
	while (a < b) {
		size_t e = next_nl(sc->data, b, a, sc->eol);

		if (sc->max_reached)
			return context_run(sc, a, b);
		rc = print_before(sc, a);
		if (rc != GO_ON)
			return rc;
		rc = print_window_line(sc, a, e, ':', !sc->p.invert);
		if (rc != GO_ON)
			return rc;
		if (sc->base + a >= sc->own_lo && sc->base + a < sc->own_hi)
			sc->selected++;
		sc->after_last = sc->base + (e < b ? e + 1 : b);
		sc->pending_after = sc->p.after;
		if (sc->p.max_count >= 0 &&
		    sc->selected >= (uint64_t)sc->p.max_count) {
			sc->max_reached = 1;
			if (sc->pending_after == 0)
				return STOP_FILE;
		}
		a = e + 1;
	}
	return GO_ON;
}

/*
 * A NUL byte was found: from here on the file is binary.  Returns
 * STOP_FILE for -I (a binary file has no matching lines), else GO_ON.
 */
static int
binary_found(scanner *sc)
{
	sc->binary_seen = 1;
	if (sc->p.binary == BINARY_SKIP) {
		sc->selected = 0;
		return STOP_FILE;
	}
	if (!sc->p.count)
		sc->quiet_out = 1;
	return GO_ON;
}

static int scan_range_binary(scanner *sc, size_t a, size_t b);

/* -c alone: lines data[a, b) held hits matching lines. */
static void
tally_lines(scanner *sc, size_t a, size_t b, uint64_t hits)
{
	sc->selected += sc->p.invert ? lines_in(sc, a, b) - hits : hits;
}

/*
 * Scan lines data[a, b) (a chunk, or the part of one still to do).  Unless
 * bend is 0, the chunk's block ends at bend and whether the file is
 * binary there is still to be decided (see scan_lines()).
 */
static int
scan_range(scanner *sc, size_t a, size_t b, uint64_t bend)
{
	size_t pos = a, ls = 0, le = 0;
	int r, rc, nul = 0;
	/* Until the bytes up to bend have been looked at for a NUL, the
	 * search does that on the way, and nothing is printed. */
	int verify =
	    bend != 0 && sc->nul_at == UINT64_MAX && sc->checked < bend;
	/* -c alone (no -m, -q, -l, -L): matching lines are only counted,
	 * jumping from one to the next, and with -v the others are all the
	 * lines less those (one newline count, not one per gap). */
	int tally = sc->p.count && sc->p.max_count < 0 && !sc->p.quiet &&
	            !sc->p.list_files && !sc->p.list_nonmatching;
	uint64_t hits = 0;

	if (sc->every_line) {
		/* Every line matches: one run, and no matching at all (an
		 * empty pattern is a newline count).  NULs are still looked
		 * for, as the search would have. */
		/* -c '': the lines are counted by the pass that looks for
		 * NULs. */
		int fuse = tally && !sc->p.invert && !sc->max_reached &&
		           sc->eol == '\n';
		uint64_t n = 0;

		if (sc->undoing) {
			if (fuse) {
				n = newline_count_nul(sc->data + a, b - a, &nul);
				n += sc->data[b - 1] != '\n';
			} else {
				nul = newline_find_nul(sc->data + a, b - a) !=
				      NULL;
			}
			if (nul) {
				sc->undo_nul = 1;
				return GO_ON;
			}
			if (sc->checked >= sc->base + a)
				sc->checked = sc->base + b;
		} else if (verify) {
			/* The bytes before a gap first. */
			if (fuse) {
				check_nul(sc, sc->data, sc->len, sc->base,
				          sc->base + a);
				if (sc->nul_at == UINT64_MAX) {
					n = newline_count_nul(sc->data + a, b - a,
					                      &nul);
					n = nul ? 0 : n + (sc->data[b - 1] != '\n');
					if (!nul && sc->checked < sc->base + b)
						sc->checked = sc->base + b;
				}
			}
			check_nul(sc, sc->data, sc->len, sc->base, bend);
			if (sc->nul_at < bend) {
				rc = binary_found(sc);
				return rc != GO_ON ? rc
				                   : scan_range_binary(sc, a, b);
			}
		}
		if (sc->max_reached || sc->p.invert)
			return context_run(sc, a, b);
		return selected_run(sc, a, b, n);
	}
	while (pos < b) {
		size_t mstart, lend;

		if (sc->max_reached)
			return context_run(sc, pos, b);
		r = regex_next_line(sc->m, sc->data, b, pos,
		                    tally ? NULL : &ls, &le,
		                    verify || sc->undoing ? &nul : NULL);
		if (sc->undoing) {
			/* See undoable_chunk(). */
			if (nul) {
				sc->undo_nul = 1;
				return GO_ON;
			}
			if (sc->checked >= sc->base + pos)
				sc->checked = sc->base + (r == REGEX_NOMATCH ? b
				                          : le < b ? le + 1
				                                   : b);
		} else if (verify) {
			/* The search looked at [pos, end of its line); the
			 * rest of the block is looked at here. */
			verify = 0;
			if (nul) {
				sc->nul_at = sc->base + pos;
			} else {
				if (sc->checked >= sc->base + pos)
					sc->checked =
					    sc->base + (r == REGEX_NOMATCH ? b
					                : le < b ? le + 1
					                         : b);
				check_nul(sc, sc->data, sc->len, sc->base,
				          bend);
			}
			if (sc->nul_at < bend) {
				if (tally)
					tally_lines(sc, a, pos, hits);
				rc = binary_found(sc);
				return rc != GO_ON
				           ? rc
				           : scan_range_binary(sc, pos, b);
			}
		}
		if (r == REGEX_LIMIT) {
			if (tally) {
				/* Only the line's end was asked for. */
				const char *nl =
				    le > pos ? memrchr(sc->data + pos, sc->eol,
				                       le - pos)
				             : NULL;

				ls = nl ? (size_t)(nl - sc->data) + 1 : pos;
			}
			sc->err_off = sc->base + ls;
			if (sc->track) {
				ls_errf(sc->err,
				        "pattern hit PCRE2's %s on line %llu",
				        regex_limit_name(sc->m),
				        (unsigned long long)lineno(sc, ls));
				sc->err_need_line = 0;
			} else {
				ls_errf(sc->err, "pattern hit PCRE2's %s",
				        regex_limit_name(sc->m));
				sc->err_need_line = 1;
			}
			return FAILED;
		}
		if (tally) {
			if (r != REGEX_MATCH)
				break;
			hits++;
			pos = le < b ? le + 1 : b;
			continue;
		}
		mstart = r == REGEX_MATCH ? ls : b;
		if (pos < mstart) {
			rc = sc->p.invert ? selected_run(sc, pos, mstart, 0)
			                  : context_run(sc, pos, mstart);
			if (rc != GO_ON)
				return rc;
		}
		if (r != REGEX_MATCH)
			break;
		lend = le < b ? le + 1 : b;
		rc = sc->p.invert ? context_run(sc, ls, lend)
		                  : selected_run(sc, ls, lend, 1);
		if (rc != GO_ON)
			return rc;
		pos = lend;
	}
	if (tally)
		tally_lines(sc, a, b, hits);
	return GO_ON;
}

/*
 * Scan lines data[a, b) of a binary file.  Once grep has seen a NUL byte it
 * treats NULs as line ends for matching, so a line "a\0b" is two lines;
 * that changes counts (-c) and whether anything is selected at all.  Each
 * NUL-separated piece is matched alone here; binary files are rare enough
 * for that to be cheap.  No lines are printed in this mode.
 */
static int
scan_range_binary(scanner *sc, size_t a, size_t b)
{
	size_t pos = a;
	int r, rc;

	while (pos < b) {
		size_t e = next_nl(sc->data, b, pos, sc->eol), s = pos;

		for (;;) {
			const char *z = memchr(sc->data + s, '\0', e - s);
			size_t se = z ? (size_t)(z - sc->data) : e;

			/* A NUL that ends the input ends its last line: no
			 * empty line follows it (grep reads the NUL as a line
			 * end, and a last line without one is whole). */
			if (z == NULL && s == e && s > pos && e == b &&
			    sc->data[e - 1] == '\0')
				break;
			r = regex_line_matches(sc->m, sc->data + s, se - s);
			if (r == REGEX_LIMIT) {
				sc->err_off = sc->base + pos;
				ls_errf(sc->err, "pattern hit PCRE2's %s",
				        regex_limit_name(sc->m));
				sc->err_need_line = 1;
				return FAILED;
			}
			if ((r == REGEX_MATCH) != sc->p.invert) {
				rc = selected_run(sc, s, se, 1);
				if (rc != GO_ON)
					return rc;
			}
			if (z == NULL)
				break;
			s = se + 1;
		}
		pos = e + 1;
	}
	return GO_ON;
}

/* Keep the window's last -B lines not yet printed for the next window. */
static void
save_history(scanner *sc, size_t end)
{
	uint64_t lim = sc->floor, k = 0, keep = 0;
	size_t p = end, start;

	if (sc->last_end != UINT64_MAX && sc->last_end > lim)
		lim = sc->last_end;
	while (k < sc->p.before && p > 0 && sc->base + p > lim) {
		const char *nl =
		    p > 1 ? memrchr(sc->data, sc->eol, p - 1) : NULL;

		p = nl ? (size_t)(nl - sc->data) + 1 : 0;
		k++;
	}
	if (sc->hist_off + sc->hist_len != sc->base || sc->hist_off < lim)
		sc->hist_len = 0;
	if (k < sc->p.before && p == 0 && sc->hist_len > 0) {
		/* Too few lines here: keep the newest of the old ones. */
		size_t hp = sc->hist_len;

		while (keep < sc->p.before - k && hp > 0) {
			const char *nl =
			    hp > 1 ? memrchr(sc->hist, sc->eol, hp - 1) : NULL;

			hp = nl ? (size_t)(nl - sc->hist) + 1 : 0;
			keep++;
		}
		memmove(sc->hist, sc->hist + hp, sc->hist_len - hp);
		sc->hist_len -= hp;
		sc->hist_off += hp;
	} else {
		sc->hist_len = 0;
		sc->hist_off = sc->base + p;
	}
	start = p;
	if (end == start)
		return;
	if (sc->hist_len + (end - start) > sc->hist_cap) {
		sc->hist_cap = (sc->hist_len + (end - start)) * 2;
		sc->hist = xrealloc(sc->hist, sc->hist_cap);
	}
	memcpy(sc->hist + sc->hist_len, sc->data + start, end - start);
	sc->hist_len += end - start;
}

/* ---- chunks and held lines ------------------------------------------- */

/*
 * Select the lines of a chunk data[a, b) whose block ends at bend and has
 * not been looked at for a NUL, when that can be taken back: -c alone, or
 * lines printed bare into an output buffer with room for all of them.
 * They are selected while the search looks for NULs on the way (one pass
 * over the bytes instead of two); when one turns up, the count and the
 * output go back to what they were and the chunk is selected again as a
 * binary file's.  Returns -2 when the chunk cannot be done this way.
 */
static int
undoable_chunk(scanner *sc, size_t a, size_t b, uint64_t bend)
{
	uint64_t selected = sc->selected;
	size_t mark = 0;
	int rc;

	if (sc->simple) {
		/* The buffer must not be flushed in the middle: runs take
		 * their bytes, and one '\n' more for a last line without
		 * one. */
		if (output_room(sc->out) < b - a + 1)
			output_flush(sc->out);
		if (output_room(sc->out) < b - a + 1 ||
		    output_line_buffered(sc->out))
			return -2;
		mark = output_pending(sc->out);
	}
	sc->undoing = 1;
	sc->undo_nul = 0;
	rc = scan_range(sc, a, b, 0);
	sc->undoing = 0;
	if (rc == FAILED)
		return rc;
	if (sc->undo_nul)
		sc->nul_at = sc->base + a;
	else
		check_nul(sc, sc->data, sc->len, sc->base, bend);
	if (sc->nul_at >= bend)
		return rc;
	sc->selected = selected;
	sc->max_reached = 0;
	if (sc->simple) {
		output_discard(sc->out, mark);
		sc->mark = mark;
	}
	rc = binary_found(sc);
	return rc != GO_ON ? rc : scan_range_binary(sc, a, b);
}

/*
 * Select the lines data[lo, hi), chunk by chunk: the lines that end in
 * one block make a chunk, and the bytes up to the block's end are looked
 * at for a NUL before it is searched.  (Each is either here or was looked
 * at already: see scan_window().)
 */
static int
scan_lines(scanner *sc, size_t lo, size_t hi)
{
	size_t pos = lo, end;
	int rc = GO_ON;

	while (pos < hi && rc == GO_ON) {
		uint64_t bend = 0;

		end = hi;
		if (sc->binary_seen || !sc->nul_checks) {
			if (hi - pos > SCAN_CHUNK_TEXT) {
				const char *nl = memrchr(sc->data + pos,
				                         sc->eol, SCAN_CHUNK_TEXT);

				end = nl ? (size_t)(nl - sc->data) + 1
				         : next_nl(sc->data, hi, pos, sc->eol) +
				               1;
				if (end > hi)
					end = hi;
			}
		} else {
			/* The first line's end (a last line without '\n'
			 * ends where the input does) names the block. */
			size_t e = next_nl(sc->data, hi, pos, sc->eol);

			bend = block_end(sc->base + e);
			if (bend - sc->base < hi) {
				const char *nl =
				    memrchr(sc->data + pos, sc->eol,
				            (size_t)(bend - sc->base) - pos);

				end = (size_t)(nl - sc->data) + 1;
			}
			/* A search that looks for NULs on the way needs no
			 * pass of its own (scan_range()). */
			if (!sc->fused)
				check_nul(sc, sc->data, sc->len, sc->base,
				          bend);
			if (sc->nul_at < bend &&
			    (rc = binary_found(sc)) != GO_ON)
				break;
		}
		if (sc->binary_seen)
			rc = scan_range_binary(sc, pos, end);
		else if (!sc->undoable || !sc->fused || bend == 0 ||
		         sc->checked >= bend ||
		         (rc = undoable_chunk(sc, pos, end, bend)) == -2)
			rc = scan_range(sc, pos, end, bend);
		pos = end;
		if (rc == GO_ON && output_error(sc->out))
			rc = STOP_RUN;
	}
	return rc;
}

/* Hold back the current lines data[a, b): copied, counted for line
 * numbers, to be selected by flush_pending(). */
static void
hold(scanner *sc, size_t a, size_t b)
{
	if (sc->pend_len == 0) {
		sc->pend_off = sc->base + a;
		sc->pend_line = sc->track ? lineno(sc, a) : 0;
	}
	if (sc->pend_len + (b - a) > sc->pend_cap) {
		sc->pend_cap = (sc->pend_len + (b - a)) * 2;
		sc->pend = xrealloc(sc->pend, sc->pend_cap);
	}
	memcpy(sc->pend + sc->pend_len, sc->data + a, b - a);
	sc->pend_len += b - a;
	if (sc->track)
		lineno(sc, b);
}

/*
 * Select the held lines, with what has been read about their block (the
 * caller looked at the bytes after them).  The line count is left where
 * it stood: past them, or at the start of another region.
 */
static int
flush_pending(scanner *sc)
{
	uint64_t off = sc->trk_off, line = sc->trk_line;
	size_t n = sc->pend_len;
	int rc;

	if (n == 0)
		return GO_ON;
	set_data(sc, sc->pend, n, sc->pend_off);
	sc->trk_off = sc->pend_off;
	sc->trk_line = sc->pend_line;
	sc->pend_len = 0;
	rc = scan_lines(sc, 0, n);
	if (rc == GO_ON && sc->p.before > 0 && !sc->quiet_out)
		save_history(sc, n);
	sc->trk_off = off;
	sc->trk_line = line;
	return rc;
}

/* ---- the public face ----------------------------------------------------- */

scanner *
scan_open(const struct scan_params *p, const regex *re, output *out)
{
	scanner *sc = xcalloc(1, sizeof(*sc));

	sc->p = *p;
	sc->own_hi = UINT64_MAX;
	sc->re = re;
	if (p->palette == NULL)
		sc->own_pal = palette_open(NULL, NULL);
	{
		const palette *pal = p->palette ? p->palette : sc->own_pal;
		int i;

		for (i = 0; i < COLOR_NCAPS; i++)
			sc->sgr[i] = palette_start(pal, (enum color_cap)i);
		sc->sgr_end = palette_end(pal);
		sc->rv = palette_rv(pal);
	}
	sc->eol = p->null_data ? '\0' : '\n';
	/* NUL bytes end -z's records: no file is binary for them (as GNU
	 * grep in the C locale). */
	sc->nul_checks = p->binary != BINARY_TEXT && !p->null_data;
	sc->every_line = regex_matches_every_line(re);
	sc->fused = sc->nul_checks && (regex_finds_nul(re) || sc->every_line);
	sc->m = regex_matcher_open(re);
	sc->out = out;
	sc->track = p->line_number || p->count_lines || p->line_sink;
	sc->simple = !p->line_sink && !p->with_filename && !p->line_number &&
	             !p->byte_offset &&
	             !p->only_matching && !p->color && p->max_count < 0 &&
	             p->before == 0 && p->after == 0 && !p->separators;
	sc->undoable =
	    (p->count && !p->list_files && !p->list_nonmatching && !p->quiet) ||
	    sc->simple;
	return sc;
}

void
scan_close(scanner *sc)
{
	if (sc == NULL)
		return;
	regex_matcher_close(sc->m);
	palette_free(sc->own_pal);
	free(sc->hist);
	free(sc->pend);
	free(sc);
}

void
scan_set_size(scanner *sc, uint64_t size)
{
	uint64_t v;
	int w = 1;

	if (!sc->p.align_tabs) {
		sc->num_width = 0;
		return;
	}
	/* grep's width: the digits of the file's size (plus one with -n),
	 * or of the largest offset when the size is unknown. */
	v = size == UINT64_MAX ? (uint64_t)INT64_MAX
	                       : size + (sc->p.line_number ? 1 : 0);
	for (; v >= 10; v /= 10)
		w++;
	sc->num_width = w;
}

void
scan_begin(scanner *sc, const char *name)
{
	sc->name = name ? name : "(standard input)";
	sc->namelen = strlen(sc->name);
	sc->selected = 0;
	sc->lines = sc->bytes = 0;
	sc->file_printed = 0;
	sc->lead_sep = 0;
	sc->quiet_out = sc->p.count || sc->p.list_files ||
	                sc->p.list_nonmatching || sc->p.quiet;
	sc->binary_seen = sc->binary_hit = sc->encoding_hit = 0;
	sc->nul_at = UINT64_MAX;
	sc->checked = 0;
	sc->read_end = sc->after_last = 0;
	sc->pend_len = 0;
	sc->held_rc = GO_ON;
	sc->stream_fd = -1;
	sc->max_reached = 0;
	sc->pending_after = 0;
	sc->last_end = UINT64_MAX;
	sc->floor = 0;
	sc->trk_off = 0;
	sc->trk_line = 1;
	sc->hist_len = 0;
	sc->hist_off = 0;
	sc->err[0] = '\0';
	sc->err_need_line = 0;
	sc->mark = output_pending(sc->out);
	if (sc->nul_known) {
		/* The caller looked before the part for its first NUL. */
		sc->nul_at = sc->known_nul;
		sc->checked = sc->known_upto;
		sc->nul_known = 0;
	}
	if (sc->start_binary) {
		/* A NUL in an earlier part of the file decided it. */
		sc->nul_at = 0;
		sc->binary_seen = 1;
		if (!sc->p.count)
			sc->quiet_out = 1;
	}
}

void
scan_region(scanner *sc, const struct region *r)
{
	/* Lines held back that the region does not continue are decided by
	 * what was read, before context is cut. */
	if (sc->pend_len > 0 && r->start != sc->pend_off + sc->pend_len &&
	    sc->held_rc == GO_ON)
		sc->held_rc = flush_pending(sc);
	/* A gap between regions is not part of the file as far as this
	 * search goes: context does not reach across it.  A region that
	 * starts where the last window ended (a time plan hands over one
	 * piece per window) continues the input: its context, the lines
	 * held back before it and the floor stay as they are.  (Line
	 * numbers cannot tell: they are kept only when something needs
	 * them.) */
	if (r->start != sc->read_end || sc->read_end == 0) {
		sc->pending_after = 0;
		sc->hist_len = 0;
		if (sc->floor < r->start)
			sc->floor = r->start;
	}
	sc->trk_off = r->start;
	sc->trk_line = r->first_line ? r->first_line : 1;
	/* What lies before the region is not part of this search's input. */
	if (sc->checked < r->start)
		sc->checked = r->start;
}

/*
 * Whether more input is there to be read at once.  A pipe's lines are
 * held back only then: grep decides on what one read brought, and a slow
 * writer (tail -f) must see its lines printed as they come.
 */
static int
more_ready(const scanner *sc)
{
	struct pollfd pfd;

	if (sc->stream_fd < 0)
		return 1;
	pfd.fd = sc->stream_fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1;
}

int
scan_window(scanner *sc, const struct window *w)
{
	size_t lo = 0, hi = w->len, cut;
	int rc = sc->held_rc, final;

	sc->held_rc = GO_ON;
	if (rc != GO_ON)
		return rc;
	/* -m 0 selects nothing (left to run, it is for -L's sake). */
	if (sc->p.max_count == 0)
		return STOP_FILE;
	set_data(sc, w->data, w->len, w->offset);
	if (w->offset + w->len > sc->read_end)
		sc->read_end = w->offset + w->len;
	if (sc->track && sc->trk_off < w->offset) {
		/* Windows of one region follow each other; a caller that
		 * skips bytes must start a new region. */
		sc->trk_off = w->offset;
	}
	if (sc->p.count_lines)
		sc->lines += lines_in(sc, lo, hi);
	{
		/* A part searched with its neighbours (scan_owned()) counts
		 * its own lines' bytes, so that parts add up to the file. */
		uint64_t a = w->offset + lo, b = w->offset + hi;

		if (a < sc->own_lo)
			a = sc->own_lo;
		if (b > sc->own_hi)
			b = sc->own_hi;
		sc->bytes += b > a ? b - a : 0;
	}

	/* The lines whose blocks end in this window can be decided now; all
	 * of them when no more input follows or nothing is left to decide.
	 * The others are held back. */
	final = w->last || !sc->nul_checks || sc->binary_seen ||
	        !more_ready(sc);
	cut = hi;
	if (!final) {
		uint64_t d = (w->offset + w->len) / BINARY_BLOCK * BINARY_BLOCK;
		const char *nl = d > w->offset + lo
		                     ? memrchr(w->data + lo, sc->eol,
		                               (size_t)(d - w->offset) - lo)
		                     : NULL;

		cut = nl ? (size_t)(nl - w->data) + 1 : lo;
	}
	if (sc->pend_len > 0) {
		uint64_t pb = block_end(sc->pend_off + sc->pend_len - 1);

		if (!final && w->offset + w->len < pb) {
			/* Their block goes on past this window too. */
			hold(sc, lo, hi);
			return GO_ON;
		}
		/* Their bytes first: the check goes forward only. */
		check_nul(sc, sc->pend, sc->pend_len, sc->pend_off, pb);
		check_nul(sc, w->data, w->len, w->offset, pb);
		rc = flush_pending(sc);
		if (rc != GO_ON)
			return rc;
		set_data(sc, w->data, w->len, w->offset);
	}
	rc = scan_lines(sc, lo, cut);
	if (rc != GO_ON)
		return rc;
	if (sc->track)
		lineno(sc, cut);
	if (sc->p.before > 0 && !sc->quiet_out)
		save_history(sc, cut);
	if (cut < hi)
		hold(sc, cut, hi);
	return GO_ON;
}

static void
fill_result(const scanner *sc, struct scan_result *res)
{
	res->selected = sc->selected;
	res->lines = sc->p.count_lines ? sc->lines : 0;
	res->bytes = sc->bytes;
	res->binary = (sc->binary_hit && !sc->p.count && !sc->p.quiet &&
	               !sc->p.list_files && !sc->p.list_nonmatching) ||
	              sc->encoding_hit;
	res->next_off = sc->max_reached ? sc->after_last : sc->read_end;
	res->binary_at = sc->binary_seen ? sc->nul_at : UINT64_MAX;
	res->printed = sc->file_printed;
	res->lead_sep = sc->lead_sep;
}

void
scan_end(scanner *sc, struct scan_result *res)
{
	/* Lines still held back (the end of the input showed only after the
	 * last window) are decided now; scan_file() does that itself, and
	 * reports what it returns. */
	if (sc->held_rc == GO_ON)
		(void)flush_pending(sc);
	sc->held_rc = GO_ON;
	sc->pend_len = 0;
	if (sc->no_summary) {
		fill_result(sc, res);
		return;
	}
	if (sc->p.count && !sc->p.list_files && !sc->p.list_nonmatching &&
	    !sc->p.quiet) {
		if (sc->p.with_filename)
			put_name_sep(sc, ':');
		output_u64(sc->out, sc->selected);
		output_putc(sc->out, '\n');
	}
	if (sc->p.list_nonmatching && sc->selected == 0 && !sc->p.quiet) {
		put_name(sc);
		output_putc(sc->out, sc->p.null_name ? '\0' : '\n');
	}
	fill_result(sc, res);
}

const char *
scan_error(const scanner *sc)
{
	return sc->err;
}

static int
window_cb(void *ctx, const struct window *w)
{
	scanner *sc = ctx;

	if (sc->p.progress != NULL)
		sc->p.progress(sc->p.progress_ctx, w->offset + w->len);
	return scan_window(sc, w);
}

struct line_count {
	uint64_t upto; /* count line ends before this offset */
	char eol;
	uint64_t lines;
};

static int
count_cb(void *ctx, const struct window *w)
{
	struct line_count *lc = ctx;
	size_t n = w->len;

	if (w->offset + n > lc->upto)
		n = (size_t)(lc->upto - w->offset);
	lc->lines += newline_count_eol(w->data, n, lc->eol);
	return w->offset + w->len >= lc->upto ? 1 : 0;
}

/*
 * Finish the message of an error found while scanning region r: name the
 * line, counting up to it again when its number was not being kept (a
 * stream cannot be read twice, so there the byte offset has to do).
 */
static void
error_message(scanner *sc, window_file *wf, const struct region *r, char *err)
{
	struct line_count lc = {sc->err_off, sc->eol, 0};
	char sub[LS_ERRSZ];

	if (!sc->err_need_line) {
		ls_errf(err, "%s", sc->err);
		return;
	}
	if (window_is_stream(wf)) {
		ls_errf(err, "%s at byte offset %llu", sc->err,
		        (unsigned long long)sc->err_off);
		return;
	}
	if (sc->err_off > r->start &&
	    window_scan(wf, r->start, sc->err_off, count_cb, &lc, sub) < 0) {
		ls_errf(err, "%s at byte offset %llu", sc->err,
		        (unsigned long long)sc->err_off);
		return;
	}
	ls_errf(err, "%s on line %llu", sc->err,
	        (unsigned long long)(r->first_line + lc.lines));
}

int
scan_file(scanner *sc, window_file *wf, const char *name,
          const struct region *regs, size_t nregs, struct scan_result *res,
          char *err)
{
	const struct region whole = {0, UINT64_MAX, 1};
	size_t i;
	int rc = 0;

	if (nregs == 0) {
		regs = &whole;
		nregs = 1;
	}
	scan_begin(sc, name);
	sc->stream_fd = window_is_stream(wf) ? window_fd(wf) : -1;
	for (i = 0; i < nregs && rc == 0; i++) {
		scan_region(sc, &regs[i]);
		rc = window_scan(wf, regs[i].start, regs[i].end, window_cb, sc,
		                 err);
		if (rc < 0 && sc->err[0] != '\0') {
			/* The pattern failed, not the file: grep gives up
			 * without a summary then. */
			error_message(sc, wf, &regs[i], err);
			fill_result(sc, res);
			return SCAN_ERROR;
		}
	}
	if (rc == 0 && i > 0) {
		/* Lines still held back are decided by what was read. */
		rc = sc->held_rc != GO_ON ? sc->held_rc : flush_pending(sc);
		sc->held_rc = GO_ON;
		if (rc < 0) {
			error_message(sc, wf, &regs[i - 1], err);
			fill_result(sc, res);
			return SCAN_ERROR;
		}
	}
	/* A stop leaves nothing to decide. */
	sc->pend_len = 0;
	sc->held_rc = GO_ON;
	/* A record that the window layer's error (SIGBUS) cut short is
	 * dropped: the output holds whole lines only. */
	if (rc < 0)
		output_discard(sc->out, sc->mark);
	/* After a read error, -c and -L still report what was read, as
	 * grep does. */
	scan_end(sc, res);
	if (rc < 0)
		return SCAN_ERROR;
	if (rc == STOP_RUN || output_error(sc->out))
		return SCAN_QUIT;
	return SCAN_DONE;
}

/* The plan's pieces, as windows of regions of their own: scan_region()
 * keeps context across pieces that follow each other. */
static int
piece_cb(void *ctx, const struct plan_piece *pc)
{
	scanner *sc = ctx;
	struct region rg = {pc->offset, pc->offset + pc->len, pc->first_line};
	struct window w = {pc->data, pc->len, pc->offset, pc->last};

	if (sc->p.progress != NULL)
		sc->p.progress(sc->p.progress_ctx, pc->offset + pc->len);
	scan_region(sc, &rg);
	return scan_window(sc, &w);
}

int
scan_plan(scanner *sc, plan *p, const char *name, struct scan_result *res,
          char *err)
{
	int rc;

	scan_begin(sc, name);
	rc = plan_run(p, piece_cb, sc, err);
	if (rc < 0 && sc->err[0] != '\0') {
		ls_errf(err, "%s", sc->err);
	} else if (rc < 0) {
		/* A read error (the file shrank) may have cut the record
		 * being printed short: the output holds whole lines only,
		 * as scan_file() leaves it. */
		sc->pend_len = 0;
		sc->held_rc = GO_ON;
		output_discard(sc->out, sc->mark);
	}
	scan_end(sc, res);
	if (rc < 0)
		return SCAN_ERROR;
	if (rc == STOP_RUN || output_error(sc->out))
		return SCAN_QUIT;
	return SCAN_DONE;
}

int
scan_chunk(scanner *sc, window_file *wf, const char *name,
           const struct region *r, int binary, struct scan_result *res,
           char *err)
{
	int rc;

	sc->no_summary = 1;
	sc->start_binary = binary;
	rc = scan_file(sc, wf, name, r, 1, res, err);
	sc->start_binary = 0;
	sc->no_summary = 0;
	return rc;
}

int
scan_owned_span(const scanner *sc, window_file *wf, const struct region *own,
                struct region *rg, char *err)
{
	const struct scan_params *p = &sc->p;
	int quiet =
	    p->count || p->list_files || p->list_nonmatching || p->quiet;
	uint64_t back = 0, ahead = 0, got = 0;

	*rg = *own;
	/* Whether the line before the part is printed (its separator)
	 * and what -A still owes the part's first lines are decided by
	 * the -A + 1 lines before it; which of its last lines -B prints,
	 * by the -B lines after it. */
	if (!quiet && own->start < own->end) {
		if (p->after > 0 || p->separators)
			back = p->after < UINT64_MAX - 1 ? p->after + 1
			                                 : UINT64_MAX - 1;
		ahead = p->before;
	}
	if ((back > 0 && window_lines_back(wf, own->start, back, &rg->start,
	                                   &got, err) < 0) ||
	    (ahead > 0 &&
	     window_lines_forward(wf, own->end, ahead, &rg->end, err) < 0))
		return -1;
	rg->first_line = own->first_line > got ? own->first_line - got : 1;
	return 0;
}

int
scan_owned(scanner *sc, window_file *wf, const char *name,
           const struct region *own, int binary, struct scan_result *res,
           char *err)
{
	struct region rg;
	int rc;

	if (scan_owned_span(sc, wf, own, &rg, err) < 0) {
		sc->nul_known = 0;
		memset(res, 0, sizeof(*res));
		res->binary_at = UINT64_MAX;
		return SCAN_ERROR;
	}
	sc->own_lo = own->start;
	sc->own_hi = own->end;
	sc->no_summary = 1;
	sc->start_binary = binary;
	rc = scan_file(sc, wf, name, &rg, 1, res, err);
	sc->start_binary = 0;
	sc->no_summary = 0;
	sc->own_lo = 0;
	sc->own_hi = UINT64_MAX;
	return rc;
}

int
scan_plan_owned(scanner *sc, plan *p, window_file *wf, const char *name,
                const struct region *own, struct scan_result *res, char *err)
{
	struct region rg;
	int rc;

	if (scan_owned_span(sc, wf, own, &rg, err) < 0) {
		sc->nul_known = 0;
		memset(res, 0, sizeof(*res));
		res->binary_at = UINT64_MAX;
		return SCAN_ERROR;
	}
	plan_clip(p, rg.start, rg.end, rg.first_line);
	sc->own_lo = own->start;
	sc->own_hi = own->end;
	sc->no_summary = 1;
	rc = scan_plan(sc, p, name, res, err);
	sc->no_summary = 0;
	sc->own_lo = 0;
	sc->own_hi = UINT64_MAX;
	return rc;
}

void
scan_summary(scanner *sc, const char *name, uint64_t selected)
{
	struct scan_result res;

	scan_begin(sc, name);
	sc->selected = selected;
	scan_end(sc, &res);
}

void
scan_set_nul(scanner *sc, uint64_t nul_at, uint64_t upto)
{
	sc->nul_known = 1;
	sc->known_nul = nul_at;
	sc->known_upto = upto;
}

void
scan_set_printed(scanner *sc, int printed)
{
	sc->printed_any = printed;
}

int
scan_printed(const scanner *sc)
{
	return sc->printed_any;
}

void
scan_set_renumber(scanner *sc, struct scan_renums *l)
{
	sc->renum = l;
}

/* The decimal digits of v. */
static size_t
digits(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

int
scan_renumber(output *o, const char *out, size_t n, uint64_t base,
              const struct scan_renums *l, uint64_t add)
{
	size_t pos = 0, i;

	for (i = 0; i < l->n; i++) {
		uint64_t at = l->v[i].at - base;
		size_t len = digits(l->v[i].line);

		/* Numbers past the end were dropped with a cut record. */
		if (l->v[i].at < base || at + len > n)
			break;
		output_write(o, out + pos, (size_t)at - pos);
		output_u64(o, l->v[i].line + add);
		pos = (size_t)at + len;
	}
	return output_write(o, out + pos, n - pos);
}

void
scan_line_at(const scanner *sc, uint64_t *off, uint64_t *line)
{
	*off = sc->trk_off;
	*line = sc->trk_line;
}

size_t
scan_lead_separator(const scanner *sc)
{
	return sc->lead_sep;
}
