/*
 * scan.h - the grep engine: select lines of a file with a compiled pattern
 * and print them grep-style (prefixes, context, -o, colour, counts and file
 * lists) into an output writer.
 *
 * The engine reads a file as a list of regions (byte ranges that start on
 * a line and know their first line's number: the whole file for a plain
 * search, or what an index lookup planned) delivered window by window, and
 * it never needs a line twice: what -B needs from a window that is already
 * unmapped is copied before the window goes.
 */
#ifndef LOGSCAN_SCAN_H
#define LOGSCAN_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "color.h"
#include "output.h"
#include "plan.h"
#include "regex.h"
#include "region.h"
#include "window.h"

/* The block of grep's binary-file rule (see scan.c): a line is a binary
 * file's when a NUL comes before the end of the block of this many bytes
 * (counted from the file's start) that holds the line's end. */
#define SCAN_BINARY_BLOCK ((uint64_t)96 << 10)

/*
 * A line the scanner would print, handed to scan_params' line_sink
 * instead (see jsonout.h): text[0, len) without its newline, which
 * follows when has_nl; its file offset and line number; and whether it is
 * selected (else it is context).
 */
struct scan_line {
	const char *text;
	size_t len;
	int has_nl;
	uint64_t offset;
	uint64_t number;
	int selected;
};

/* Returns 0, or -1 after an output error (the run then stops). */
typedef int (*scan_line_fn)(void *ctx, const struct scan_line *l);

/* What grep does with binary input: its NUL rule, -a, -I. */
enum binary_mode { BINARY_DEFAULT = 0, BINARY_TEXT /* -a */,
	BINARY_SKIP /* -I */ };

/* What to select and how to print it; see grep(1) for each flag. */
struct scan_params {
	int invert;           /* -v */
	int count;            /* -c */
	int list_files;       /* -l */
	int list_nonmatching; /* -L */
	int quiet;            /* -q: stop the run at the first selected line */
	int line_number;      /* -n */
	int byte_offset;      /* -b */
	int only_matching;    /* -o */
	int with_filename;    /* prefix lines (and counts) with the name */
	int64_t max_count;    /* -m; -1 = no limit */
	uint64_t before, after;  /* -B, -A */
	int separators;          /* group_sep between groups (a context
	                            option without --no-group-separator) */
	enum binary_mode binary; /* -a, -I, or grep's NUL rule */
	int color;               /* colour the output (see palette) */
	const palette *palette;  /* the colours; NULL: grep's defaults */
	int null_name;           /* -Z: a NUL after file names, instead of
	                            ':', '-' or the newline of -l and -L */
	int align_tabs;          /* -T (see scan_set_size()) */
	const char *group_sep;   /* printed between context groups when
	                            separators is set; NULL: "--" */
	int fresh_start;         /* a match resumes as at a line start (grep's
	                            matcher for several literals, with -w) */
	int xw_newline;          /* grep's -x -w quirk: -o and colour take
	                            the newline into the match */
	int count_lines;         /* count every line scanned (--stats) */
	int utf8_text;           /* a UTF-8 locale: a line to print (with
	                            -o, a match) that is not UTF-8 as glibc
	                            reads it is binary data, as GNU grep has
	                            it: left out, and res.binary set (-I:
	                            left out silently; -a: printed) */
	int null_data;           /* -z: a line is a record that a NUL byte
	                            ends (and so is each line printed); the
	                            regex and the windows must agree */
	scan_line_fn line_sink;  /* not NULL: lines go here, not printed
	                            (prefixes, -o, colour and separators do
	                            not apply; line numbers are counted) */
	void *sink_ctx;
	void (*progress)(void *ctx, uint64_t done); /* not NULL: told the
	                            file offset reached after each window */
	void *progress_ctx;
};

/* What happened in one file. */
struct scan_result {
	uint64_t selected; /* lines selected (at most -m) */
	uint64_t lines;    /* lines scanned (with count_lines or -n) */
	uint64_t bytes;    /* bytes of lines scanned */
	int binary;        /* a binary file had a selected line, or a line
	                      not printed for its encoding errors: the
	                      caller says "binary file matches" (grep's
	                      rules) */
	uint64_t binary_at; /* offset of the NUL that made the file binary,
	                       or UINT64_MAX */
	int printed;       /* a line was printed (or counts as printed for
	                      the "--" before the next group) */
	size_t lead_sep;   /* the output began with a group separator of
	                      this many bytes, printed because something
	                      was printed before (see scan_set_printed()) */
	uint64_t next_off; /* where the input's offset belongs afterwards:
	                      just past the last line selected when -m
	                      stopped the file, else the end of what was
	                      read (grep leaves standard input there) */
};

enum scan_status {
	SCAN_ERROR = -1, /* this file failed: see err */
	SCAN_DONE = 0,   /* go on with the next file */
	SCAN_QUIT = 1    /* stop the run: -q found a line, or output failed
	                    (see output_error()) */
};

typedef struct scanner scanner;

/*
 * A scanner for one run over any number of files (state such as "a group
 * was printed, so the next one needs a separator" carries from file to
 * file, as in grep).  p is copied; re and out must outlive the scanner.
 * Never fails (allocation failure exits).
 */
scanner *scan_open(const struct scan_params *p, const regex *re, output *out);

/* Free a scanner; accepts NULL. */
void scan_close(scanner *sc);

/*
 * Search one open file: the regions regs[0..nregs) in order (nregs == 0:
 * the whole file from line 1), printing under the name name (NULL for
 * "(standard input)").  Returns a scan_status; on SCAN_ERROR err says what
 * went wrong without the file name ("file shrank while being read",
 * "pattern hit PCRE2's match limit on line N").  res is filled in every
 * case.
 */
int scan_file(scanner *sc, window_file *wf, const char *name,
              const struct region *regs, size_t nregs, struct scan_result *res,
              char *err);

/*
 * Search the lines that the plan p selects (a line or time range, read
 * from the index groups that can hold it), as scan_file() searches a
 * whole file: each run of selected lines is a region of its own, so
 * context does not reach across the lines between runs.  Call once per
 * plan.  Returns a scan_status; err as for scan_file(), or plan_run()'s.
 */
int scan_plan(scanner *sc, plan *p, const char *name, struct scan_result *res,
              char *err);

/*
 * The pieces of scan_file(), for callers that produce windows some other
 * way: scan_begin() starts a file, scan_region() each region (in file
 * order), scan_window() each window of it (the window_fn contract:
 * returns 0 to go on, a positive value to stop the file -- 2 to stop the
 * run -- or -1 with scan_error() set), and scan_end() prints the file's
 * summary (-c, -L) and fills res.
 */
void scan_begin(scanner *sc, const char *name);
void scan_region(scanner *sc, const struct region *r);
int scan_window(scanner *sc, const struct window *w);
void scan_end(scanner *sc, struct scan_result *res);

/*
 * Before scan_begin(): the size of the next file (UINT64_MAX when it is
 * not a regular file), from which -T takes the width that line numbers
 * and byte offsets are padded to, as grep does.
 */
void scan_set_size(scanner *sc, uint64_t size);

/*
 * Search one part of a file that is searched in parts (by threads, see
 * par.h): region r, whose start is a line start, as scan_file() would
 * search it, without the file's summary (-c's count, -L's name; see
 * scan_summary()).  binary: a NUL before r made the file binary (grep's
 * rule: the part's lines are then a binary file's).  -m counts within
 * the part.  Returns a scan_status; res and err as for scan_file().
 */
int scan_chunk(scanner *sc, window_file *wf, const char *name,
               const struct region *r, int binary, struct scan_result *res,
               char *err);

/*
 * Search one part of a file as part of the whole file's search: print
 * exactly the output lines (selected lines, context lines, and the group
 * separators before them) that scan_file() over the whole file prints for
 * the lines that start in own, and count (-c, -m, -l, -L, -q) only those
 * lines.  An output line belongs to the part that holds its file line, so
 * the outputs of parts that tile a file, in order, are the whole file's.
 * To learn about selected lines outside the part, the search reads at most
 * -A + 1 lines before own and -B lines after it (nothing more with -c, -l,
 * -L or -q).  own's start and end must be line starts (see
 * window_line_start()) and own->first_line the number of its first line
 * (any value when line numbers are not printed).  Whether something was
 * printed before the part (the separator before its first group) is what
 * scan_set_printed() said; binary, -m, the summary and the result are as
 * for scan_chunk(), which this is with context.  Returns a scan_status.
 */
int scan_owned(scanner *sc, window_file *wf, const char *name,
               const struct region *own, int binary, struct scan_result *res,
               char *err);

/*
 * The region that scan_owned() reads for the part own (own with the lines
 * around it whose selection decides how own's lines print), in *rg.
 * Returns 0, or -1 with err filled when the file cannot be read.
 */
int scan_owned_span(const scanner *sc, window_file *wf,
                    const struct region *own, struct region *rg, char *err);

/*
 * Before the next scan (scan_file(), scan_chunk(), scan_owned(),
 * scan_plan(), scan_plan_owned()): what the caller found out about grep's
 * binary-file rule for the whole file's search, which the scan may not
 * read all of: its first NUL is at nul_at (UINT64_MAX: it has none before
 * upto), and bytes before upto need not be looked at again.  For a search
 * of a part of a file that must print what the whole file's search
 * prints.  Good for one scan.
 */
void scan_set_nul(scanner *sc, uint64_t nul_at, uint64_t upto);

/*
 * scan_owned() of the lines that the plan p selects (see scan_plan()):
 * the plan is clipped to own and the lines around it that scan_owned()
 * reads (plan_clip()), so only that part of the file is read.
 * own->first_line must be right when the plan has a line range.  Call
 * once per plan, before plan_run().  Returns a scan_status.
 */
int scan_plan_owned(scanner *sc, plan *p, window_file *wf, const char *name,
                    const struct region *own, struct scan_result *res,
                    char *err);

/* Print what scan_end() prints for a file named name (NULL: standard
 * input) in which selected lines were selected: -c's count, -L's name. */
void scan_summary(scanner *sc, const char *name, uint64_t selected);

/*
 * Whether something was printed before in this run (so that the next
 * group of context lines starts with a separator): set it when another
 * scanner printed in between, or, for a file whose output will be
 * placed later, assume it and drop scan_result.lead_sep bytes from the
 * start of the file's output if it was not so.
 */
void scan_set_printed(scanner *sc, int printed);
int scan_printed(const scanner *sc);

/*
 * -n in a part of a file whose first line's number is not known yet:
 * numbers are printed counted from the region's first_line as usual, and
 * where each was printed is noted in l (grown with xrealloc; NULL: stop
 * noting), so that the caller can write the right ones over them when it
 * hands the output on (see scan_renumber()).  Not with -T (its padding).
 */
struct scan_renum {
	uint64_t at;   /* output_total() before the number's digits */
	uint64_t line; /* the number printed */
};
struct scan_renums {
	struct scan_renum *v;
	size_t n, cap;
};
void scan_set_renumber(scanner *sc, struct scan_renums *l);

/*
 * Write out[0, n), a part's output whose first byte was at output_total()
 * base when its numbers were noted in l, to o with add added to each
 * number noted.  Returns as output_write().
 */
int scan_renumber(output *o, const char *out, size_t n, uint64_t base,
                  const struct scan_renums *l, uint64_t add);

/* Where line numbers were counted to: the line that starts at *off has
 * number *line (valid after a search that counted them). */
void scan_line_at(const scanner *sc, uint64_t *off, uint64_t *line);

/* scan_result.lead_sep of the file being searched, so far. */
size_t scan_lead_separator(const scanner *sc);

/* After scan_window() returned -1: the error, without the file name. */
const char *scan_error(const scanner *sc);


#endif
