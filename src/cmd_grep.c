/*
 * cmd_grep.c - "logscan grep": grep's options and exit status over the
 * scan engine.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "color.h"
#include "conf.h"
#include "globsel.h"
#include "follow.h"
#include "index.h"
#include "jsonout.h"
#include "output.h"
#include "plan.h"
#include "progress.h"
#include "regex.h"
#include "scan.h"
#include "timectx.h"
#include "window.h"

void
cmd_grep_help(FILE *out)
{
	cli_print_usage(out, "grep");
	fputs("\n"
	      "Search each FILE (standard input when there is none, or for "
	      "'-') for lines\n"
	      "matching PATTERN, a basic regular expression (BRE) as in "
	      "grep, with grep's\n"
	      "options and exit status.  Files of any size are read "
	      "through mapped windows.\n"
	      "\n"
	      "Patterns:\n"
	      "  -e, --regexp=PATTERN      use PATTERN (repeatable; a line "
	      "matching any is\n"
	      "                            selected)\n"
	      "  -f, --file=FILE           take patterns from FILE, one per "
	      "line\n"
	      "  -G, --basic-regexp        patterns are POSIX basic regular "
	      "expressions\n"
	      "                            (the default, as in grep)\n"
	      "  -E, --extended-regexp     patterns are POSIX extended "
	      "regular expressions\n"
	      "  -F, --fixed-strings       patterns are literal strings\n"
	      "  -P, --perl-regexp         patterns are PCRE2 (Perl) regular "
	      "expressions\n"
	      "                            (only one of -G, -E, -F, -P may be "
	      "given)\n"
	      "  -i, -y, --ignore-case     ignore case\n"
	      "      --no-ignore-case      do not ignore case (the default)\n"
	      "  -w, --word-regexp         match whole words only\n"
	      "  -x, --line-regexp         match whole lines only\n"
	      "\n"
	      "Selection and output:\n"
	      "  -v, --invert-match        select non-matching lines\n"
	      "  -c, --count               print only a count of selected "
	      "lines per file\n"
	      "  -l, --files-with-matches  print only names of files with "
	      "selected lines\n"
	      "  -L, --files-without-match print only names of files "
	      "without any\n"
	      "  -q, --quiet, --silent     print nothing; exit 0 at the "
	      "first selected line\n"
	      "  -s, --no-messages         no messages about missing or "
	      "unreadable files\n"
	      "  -m, --max-count=NUM       stop a file after NUM selected "
	      "lines\n"
	      "  -n, --line-number         prefix lines with their line "
	      "number\n"
	      "  -b, --byte-offset         prefix lines with their byte "
	      "offset\n"
	      "  -o, --only-matching       print only the matched parts, one "
	      "per line\n"
	      "  -H, --with-filename       prefix lines with the file name\n"
	      "  -h, --no-filename         never prefix lines with the file "
	      "name\n"
	      "  -Z, --null                a NUL byte after each file name\n"
	      "  -z, --null-data           records end in a NUL byte, not a "
	      "newline, in the\n"
	      "                            input and in lines printed\n"
	      "  -T, --initial-tab         align the text of lines on a tab "
	      "stop\n"
	      "      --label=NAME          name standard input NAME\n"
	      "  -A, --after-context=NUM   print NUM lines after each "
	      "selected line\n"
	      "  -B, --before-context=NUM  print NUM lines before each "
	      "selected line\n"
	      "  -C, --context=NUM, -NUM   both; groups are separated by "
	      "'--'\n"
	      "      --group-separator=SEP print SEP between groups instead\n"
	      "      --no-group-separator  print nothing between groups\n"
	      "      --color[=WHEN]        highlight matches: never, always "
	      "or auto\n"
	      "      --line-buffered       flush output after every line\n"
	      "      --follow              after FILE's end, wait for lines "
	      "appended to it and\n"
	      "                            search them too, as tail -F (one "
	      "FILE; a rotated or\n"
	      "                            truncated log is read from its "
	      "start)\n"
	      "      --json                print ripgrep's JSON Lines messages "
	      "(begin, match,\n"
	      "                            context, end, summary) instead of "
	      "lines; with a\n"
	      "                            time format, each line's entry "
	      "time as \"timestamp\"\n"
	      "\n"
	      "Files:\n"
	      "  -a, --text                search binary files as text\n"
	      "  -I                        skip binary files (as "
	      "--binary-files=without-match)\n"
	      "      --binary-files=TYPE   binary, text or without-match\n"
	      "  -r, --recursive           search directories given (or "
	      ".) recursively;\n"
	      "                            symbolic links below them are "
	      "not followed,\n"
	      "                            *.lsidx index files are skipped\n"
	      "  -R, --dereference-recursive  the same, following every "
	      "symbolic link\n"
	      "  -d, --directories=ACTION  read, recurse or skip "
	      "directories given\n"
	      "  -D, --devices=ACTION      read or skip devices, FIFOs and "
	      "sockets\n"
	      "      --include=GLOB        search only files whose name "
	      "matches GLOB\n"
	      "      --exclude=GLOB        skip files whose name matches "
	      "GLOB\n"
	      "      --exclude-from=FILE   skip files whose name matches a "
	      "glob in FILE\n"
	      "      --exclude-dir=GLOB    skip directories whose name "
	      "matches GLOB\n"
	      "  -U, --binary              accepted, does nothing (as on "
	      "POSIX systems)\n"
	      "      --lines=A:B           only lines A to B (1-based, "
	      "inclusive; A:, :B,\n"
	      "                            A:+N, -N: for the last N, "
	      "sed's A,B)\n"
	      "\n"
	      "Time ranges (see 'logscan help slice' for T):\n"
	      "      --since=T             only entries at or after T\n"
	      "      --until=T             only entries before T; +N[smhd] "
	      "counts from --since\n"
	      "      --time-format=NAME    read timestamps as NAME (see "
	      "'logscan formats')\n"
	      "      --utc                 timestamps without a zone, and T, "
	      "are UTC\n"
	      "      --year=YYYY           the year of the last line of a "
	      "log whose timestamps\n"
	      "                            have none (default: from the "
	      "file's mtime)\n"
	      "      --index=WHEN          auto: answer a time range from a "
	      "fresh index (built\n"
	      "                            first for logs of 64 MiB or "
	      "more); never\n"
	      "      --index-dir=DIR       look for (and build) the index "
	      "in DIR\n"
	      "\n"
	      "Other:\n"
	      "      --window-size=SIZE    map at most SIZE bytes at a time "
	      "(K, M, G suffixes;\n"
	      "                            default 32M)\n"
	      "      --io=HOW              read files through mmap, read or "
	      "auto (default:\n"
	      "                            time both on the first MiBs, keep "
	      "the faster)\n"
	      "      --decompress          decompress standard input too when "
	      "it is gzip,\n"
	      "                            zstd, xz or bzip2 (files are told "
	      "by their magic)\n"
	      "      --no-decompress       search compressed files' raw "
	      "bytes\n"
	      "      --stats               print what was read and how long "
	      "it took to stderr\n"
	      "      --config=FILE         read FILE as the configuration\n"
	      "      --no-config           read no configuration file\n"
	      "      --help                print this help\n"
	      "  -V, --version             print the version\n"
	      "\n"
	      "Colours come from GREP_COLORS (as grep reads it); NO_COLOR "
	      "turns --color=auto\n"
	      "off.\n"
	      "\n"
	      "A file holding a NUL byte is binary: instead of its lines, "
	      "\"FILE: binary file\n"
	      "matches\" goes to standard error.  Exit status: 0 if a line "
	      "was selected, 1 if\n"
	      "none was, 2 on error (unless -q selected a line).\n",
	      out);
}

/* grep's own long options; the ones it shares with other commands are
 * cli.h's CLI_OPT_* values. */
enum {
	OPT_COLOR = CLI_OPT_PRIVATE,
	OPT_LINE_BUFFERED,
	OPT_LABEL,
	OPT_BINARY_FILES,
	OPT_HELP,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_EXCLUDE_DIR,
	OPT_EXCLUDE_FROM,
	OPT_GROUP_SEP,
	OPT_NO_GROUP_SEP,
	OPT_NO_IGNORE_CASE,
	OPT_JSON,
	OPT_FOLLOW
};

/* The leading ':' makes getopt tell a missing argument (':') from an
 * unknown option ('?'). */
static const char short_opts[] =
    ":e:f:FEGPiywxvclLqsnbohHm:A:B:C:aIrRd:D:zZTUV0123456789";

static const struct option long_opts[] = {
    {"regexp", required_argument, NULL, 'e'},
    {"file", required_argument, NULL, 'f'},
    {"fixed-strings", no_argument, NULL, 'F'},
    {"extended-regexp", no_argument, NULL, 'E'},
    {"basic-regexp", no_argument, NULL, 'G'},
    {"perl-regexp", no_argument, NULL, 'P'},
    {"ignore-case", no_argument, NULL, 'i'},
    {"no-ignore-case", no_argument, NULL, OPT_NO_IGNORE_CASE},
    {"word-regexp", no_argument, NULL, 'w'},
    {"line-regexp", no_argument, NULL, 'x'},
    {"invert-match", no_argument, NULL, 'v'},
    {"count", no_argument, NULL, 'c'},
    {"files-with-matches", no_argument, NULL, 'l'},
    {"files-without-match", no_argument, NULL, 'L'},
    {"quiet", no_argument, NULL, 'q'},
    {"silent", no_argument, NULL, 'q'},
    {"no-messages", no_argument, NULL, 's'},
    {"line-number", no_argument, NULL, 'n'},
    {"byte-offset", no_argument, NULL, 'b'},
    {"only-matching", no_argument, NULL, 'o'},
    {"no-filename", no_argument, NULL, 'h'},
    {"with-filename", no_argument, NULL, 'H'},
    {"max-count", required_argument, NULL, 'm'},
    {"after-context", required_argument, NULL, 'A'},
    {"before-context", required_argument, NULL, 'B'},
    {"context", required_argument, NULL, 'C'},
    {"text", no_argument, NULL, 'a'},
    {"binary-files", required_argument, NULL, OPT_BINARY_FILES},
    {"recursive", no_argument, NULL, 'r'},
    {"dereference-recursive", no_argument, NULL, 'R'},
    {"directories", required_argument, NULL, 'd'},
    {"devices", required_argument, NULL, 'D'},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"exclude-dir", required_argument, NULL, OPT_EXCLUDE_DIR},
    {"exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM},
    {"null", no_argument, NULL, 'Z'},
    {"null-data", no_argument, NULL, 'z'},
    {"initial-tab", no_argument, NULL, 'T'},
    {"binary", no_argument, NULL, 'U'},
    {"group-separator", required_argument, NULL, OPT_GROUP_SEP},
    {"no-group-separator", no_argument, NULL, OPT_NO_GROUP_SEP},
    {"version", no_argument, NULL, 'V'},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"window-size", required_argument, NULL, CLI_OPT_WINDOW_SIZE},
    {"io", required_argument, NULL, CLI_OPT_IO},
    {"decompress", no_argument, NULL, CLI_OPT_DECOMPRESS},
    {"no-decompress", no_argument, NULL, CLI_OPT_NO_DECOMPRESS},
    {"stats", no_argument, NULL, CLI_OPT_STATS},
    {"lines", required_argument, NULL, CLI_OPT_LINES},
    {"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
    {"json", no_argument, NULL, OPT_JSON},
    {"follow", no_argument, NULL, OPT_FOLLOW},
    {"label", required_argument, NULL, OPT_LABEL},
    {"since", required_argument, NULL, CLI_OPT_SINCE},
    {"until", required_argument, NULL, CLI_OPT_UNTIL},
    {"time-format", required_argument, NULL, CLI_OPT_TIME_FORMAT},
    {"utc", no_argument, NULL, CLI_OPT_UTC},
    {"year", required_argument, NULL, CLI_OPT_YEAR},
    {"index", required_argument, NULL, CLI_OPT_INDEX},
    {"index-dir", required_argument, NULL, CLI_OPT_INDEX_DIR},
    {"config", required_argument, NULL, CLI_OPT_CONFIG},
    {"no-config", no_argument, NULL, CLI_OPT_NO_CONFIG},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* The state of one run. */
struct run {
	const struct options *o;
	scanner *sc;
	output *out;
	const regex *re;
	const char *label;          /* the name of standard input */
	const struct plan_time *tm; /* a time range, or NULL */
	jsonout *json;              /* --json: the printer, else NULL */
	int follow;                 /* --follow */
	progress *prog;             /* the bar of the file being searched */
	const timectx *json_tc;     /* ...and the time settings for its
	                               "timestamp", or NULL */
	const globsel *sel;         /* --include, --exclude, --exclude-dir */
	int out_regular;            /* standard output is a regular file... */
	dev_t out_dev;              /* ...this one */
	ino_t out_ino;
	int may_feed_back;          /* output could grow an input (see
	                               grep_file()) */
	int selected;               /* some line was selected */
	int trouble;                /* some file failed */
	int quit;                   /* stop: -q matched or output failed */
};

/* Report a problem with a file, unless -s asked for silence about it. */
static void
file_warn(struct run *r, int quiet_ok, const char *name, const char *msg)
{
	r->trouble = 1;
	if (quiet_ok && r->o->no_messages)
		return;
	output_flush(r->out);
	cli_warn("%s: %s", name, msg);
}

static void
print_stats(struct run *r, window_file *wf, const char *name,
            const struct scan_result *res, uint64_t ns)
{
	const struct window_stats *ws = window_get_stats(wf);

	output_flush(r->out);
	fprintf(stderr,
	        "logscan: stats: %s: %llu bytes mapped, %llu bytes read, %llu "
	        "windows, %llu lines scanned, %llu matches, %.3f s (%s%s%s); "
	        "reader %s (%s)\n",
	        name, (unsigned long long)ws->bytes_mapped,
	        (unsigned long long)ws->bytes_read,
	        (unsigned long long)ws->windows, (unsigned long long)res->lines,
	        (unsigned long long)res->selected, (double)ns / 1e9,
	        regex_strategy_name(r->re),
	        regex_vectorscan(r->re) ? ", Vectorscan" : "",
	        regex_jit(r->re) ? ", JIT" : "",
	        window_io_name(ws->io), ws->io_why);
}

/*
 * Search the lines of a time or line range only: the plan reads the index
 * groups that can hold them and hands over the runs of selected lines.
 * Returns a scan_status like scan_file().
 */
static int
scan_planned(struct run *r, const struct plan_params *pa, window_file *wf,
             const char *path, const char *name, struct scan_result *res,
             plan **pp, char *err)
{
	struct plan_time tm;
	struct cli_progress prog;
	int rc;

	cli_progress_init(&prog, name);
	memset(res, 0, sizeof(*res));
	if (r->tm != NULL) {
		tm = *r->tm;
		tm.wait = cli_say_waiting;
		tm.wait_ctx = (void *)name;
		if (isatty(STDERR_FILENO)) {
			tm.progress = cli_progress_show;
			tm.progress_ctx = &prog;
		}
	}
	rc = plan_open(pp, pa, r->tm ? &tm : NULL, path, wf, err);
	cli_progress_done(&prog);
	if (rc < 0)
		return SCAN_ERROR;
	if (plan_get_stats(*pp)->build_failed) {
		output_flush(r->out);
		cli_warn("%s: index not built (%s); reading the log", name,
		         plan_get_stats(*pp)->reason + strlen("cannot build: "));
	}
	{
		char msg[2 * LS_ERRSZ + PATH_MAX];

		if (plan_changed_message(plan_get_stats(*pp), msg,
		                         sizeof(msg)) != NULL) {
			output_flush(r->out);
			cli_warn("%s: %s", name, msg);
		}
	}
	if (plan_get_stats(*pp)->state == INDEX_STATE_UNTRUSTED) {
		output_flush(r->out);
		cli_warn("%s: %s; reading the log directly",
		         plan_get_stats(*pp)->index_path,
		         plan_get_stats(*pp)->reason);
	}
	output_flush(r->out); /* the note comes after what went before */
	cli_note_index(name, plan_get_stats(*pp), r->o);
	return scan_plan(r->sc, *pp, name, res, err);
}

/* Whether mode is a device, FIFO or socket, what -D is about. */
static int
is_device(mode_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) ||
	       S_ISSOCK(mode);
}

/*
 * --json: start file name (open as wf) in the printer, with the timefmt
 * for its "timestamp" field in *tf (left NULL when no time format is in
 * effect, or the file has no timestamps).
 */
static void
json_begin(struct run *r, const char *path, const char *name,
           window_file *wf, timefmt **tf)
{
	char err[LS_ERRSZ];

	if (r->json_tc != NULL &&
	    timectx_file_named(r->json_tc, path, wf, tf, err) != TIMECTX_FOUND) {
		timefmt_close(*tf);
		*tf = NULL;
	}
	jsonout_begin_file(r->json, name, *tf,
	                   window_is_stream(wf) ? -1 : window_fd(wf));
}

static void
grep_progress(void *ctx, uint64_t done)
{
	progress_update(((struct run *)ctx)->prog, done);
}

/* --follow: appended lines, searched as they come. */
struct follow_ctx {
	struct run *r;
	const char *name;
};

static int
follow_lines(void *ctx, const char *data, size_t len, uint64_t off,
             uint64_t line)
{
	struct follow_ctx *f = ctx;
	struct region rg = {off, off + len, line};
	struct window w = {data, len, off, 1};
	int rc;

	/* A region that starts where the last one ended continues it:
	 * -A context goes on across a wait. */
	scan_region(f->r->sc, &rg);
	rc = scan_window(f->r->sc, &w);
	output_flush(f->r->out);
	if (rc < 0) {
		file_warn(f->r, 0, f->name, scan_error(f->r->sc));
		return -1;
	}
	return rc > 0 || output_error(f->r->out) ? 1 : 0;
}

static void
follow_note(void *ctx, const char *msg)
{
	struct follow_ctx *f = ctx;

	output_flush(f->r->out);
	cli_warn("%s: %s", f->name, msg);
}

/*
 * After the search of path (open as wf, planned by p or NULL, with
 * result res): follow it (follow.h) with the same filters.  Returns a
 * scan_status.
 */
static int
grep_follow(struct run *r, const char *path, const char *name,
            window_file *wf, plan *p, const struct scan_result *res,
            char *err)
{
	struct follow_params fp;
	struct follow_ctx fc = {r, name};
	uint64_t n = res->lines;
	int rc;

	if (window_is_stream(wf) || window_format(wf) != DECOMP_NONE) {
		file_warn(r, 0, name, "not following: not a regular file");
		return SCAN_DONE;
	}
	memset(&fp, 0, sizeof(fp));
	fp.path = path;
	fp.fd = window_fd(wf);
	fp.offset = window_file_size(wf);
	fp.line_from = 1;
	fp.line_to = UINT64_MAX;
	/* A whole-file search counted its lines; a plan's did not. */
	if (p != NULL && (r->o->line_number || r->json != NULL ||
	                  (r->o->have_lines && !r->o->line_last)) &&
	    follow_count_lines(wf, fp.offset, &n, err) < 0)
		return SCAN_ERROR;
	fp.line = n + 1;
	if (r->o->have_lines && !r->o->line_last) {
		fp.line_from = r->o->line_from;
		fp.line_to = r->o->line_to;
	}
	if (r->tm != NULL && p != NULL && plan_timefmt(p) != NULL) {
		fp.tf = plan_timefmt(p);
		fp.since = r->tm->since;
		fp.until = r->tm->until;
		rc = timectx_time_before(fp.tf, fp.fd, fp.offset, &fp.carry,
		                         NULL, err);
		if (rc < 0)
			return SCAN_ERROR;
		fp.carry_ok = rc == 1;
	}
	fp.fn = follow_lines;
	fp.note = follow_note;
	fp.ctx = &fc;
	output_flush(r->out);
	rc = follow_run(&fp, err);
	if (rc < 0)
		return SCAN_ERROR;
	/* Only -m (or a failed output) ends following. */
	r->selected = 1;
	return SCAN_QUIT;
}

/*
 * Search one file that is not a directory to recurse into.  As grep does,
 * a directory read as a file fails but still counts as an empty file for
 * -c and -L, and a regular file that is also standard output is refused
 * (its search would grow it) unless the output cannot hold its lines.
 */
static void
grep_file(struct run *r, const char *path, const char *name)
{
	struct stat st;
	int have_st = (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st)
	                                      : stat(path, &st)) == 0;
	window_file *wf;
	char err[LS_ERRSZ];
	struct scan_result res;
	struct plan_params pa;
	uint64_t t0 = r->o->stats ? ls_now_ns() : 0;
	plan *p = NULL;
	timefmt *tf = NULL;
	/* Where standard input stands (when it can be moved), to leave it
	 * where grep would: just after the last line -m selected, else where
	 * reading stopped. */
	int planned = r->tm != NULL || r->o->have_lines || r->o->line_last;
	off_t in_off = strcmp(path, "-") == 0 && !planned
	                   ? lseek(STDIN_FILENO, 0, SEEK_CUR)
	                   : -1;
	int rc;

	if (have_st && S_ISDIR(st.st_mode)) {
		file_warn(r, 1, name, strerror(EISDIR));
		scan_begin(r->sc, name);
		scan_end(r->sc, &res);
		return;
	}
	if (have_st && r->may_feed_back && r->out_regular &&
	    S_ISREG(st.st_mode) && st.st_dev == r->out_dev &&
	    st.st_ino == r->out_ino) {
		file_warn(r, 1, name, "input file is also the output");
		return;
	}
	if (window_open(&wf, path, r->o->window_size, err) < 0 ||
	    window_set_decompress(wf, r->o->decompress, err) < 0) {
		file_warn(r, 1, name, err);
		window_close(wf);
		return;
	}
	scan_set_size(r->sc, window_is_stream(wf) ? UINT64_MAX
	                                          : window_file_size(wf));
	window_set_io(wf, r->o->io);
	if (r->o->null_data)
		window_set_eol(wf, '\0');
	cli_plan_params(r->o, &pa);
	if (r->json != NULL)
		json_begin(r, path, name, wf, &tf);
	/* A time or line range (--lines -N included) reads what the plan
	 * (and an index) selects, as slice does; otherwise the whole
	 * file. */
	/* A bar on a terminal's stderr, unless the lines go there too. */
	if (!window_is_stream(wf) && !isatty(STDOUT_FILENO))
		r->prog = progress_open(STDERR_FILENO, name,
		                        window_file_size(wf));
	if (planned)
		rc = scan_planned(r, &pa, wf, path, name, &res, &p, err);
	else
		rc = scan_file(r->sc, wf, name, NULL, 0, &res, err);
	progress_close(r->prog);
	r->prog = NULL;
	if (res.selected > 0)
		r->selected = 1;
	if (in_off >= 0 && window_format(wf) == DECOMP_NONE)
		(void)lseek(STDIN_FILENO, in_off + (off_t)res.next_off,
		            SEEK_SET);
	if (r->follow && rc == SCAN_DONE &&
	    (r->o->max_count < 0 || res.selected < (uint64_t)r->o->max_count))
		rc = grep_follow(r, path, name, wf, p, &res, err);
	if (r->json != NULL) {
		jsonout_end_file(r->json, res.bytes, res.binary_at);
		timefmt_close(tf);
	}
	if (rc != SCAN_ERROR && window_warning(wf) != NULL &&
	    !r->o->no_messages) {
		/* A log still being compressed: a warning, not trouble. */
		output_flush(r->out);
		cli_warn("%s: %s", name, window_warning(wf));
	}
	if (rc == SCAN_ERROR)
		file_warn(r, 0, name, err);
	else if (res.binary && r->json == NULL) {
		output_flush(r->out);
		cli_warn("%s: binary file matches", name);
	}
	if (r->o->stats)
		print_stats(r, wf, name, &res, ls_now_ns() - t0);
	if (r->o->stats && p != NULL) {
		char line[2 * LS_ERRSZ + 4096];

		fprintf(stderr, "logscan: stats: %s: %s\n", name,
		        plan_describe(plan_get_stats(p), window_get_stats(wf),
		                      line, sizeof(line)));
	}
	plan_close(p);
	window_close(wf);
	if (rc == SCAN_QUIT)
		r->quit = 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join_path(const char *dir, const char *ent)
{
	size_t dl = strlen(dir), el = strlen(ent);
	char *p = xmalloc(dl + el + 2);

	/* "dir//" names its files "dir/name", as grep does. */
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	memcpy(p, dir, dl);
	if (dl > 0 && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, ent, el + 1);
	return p;
}

/* A directory being searched, and the ones above it: -R's loop check. */
struct dir_frame {
	dev_t dev;
	ino_t ino;
	const struct dir_frame *up;
};

/*
 * Search directory path (whose stat is st) and everything below it, in
 * name order.  Below the top, symbolic links are followed only with -R,
 * and only regular files and directories are read unless -D read asks for
 * devices too (a FIFO could block the run forever), as grep -r.  Files
 * and directories that --include/--exclude/--exclude-dir leave out are
 * skipped, and so are logscan's own index files.  name_skip drops a
 * leading "./" that the user did not type.
 */
static void
grep_dir(struct run *r, const char *path, size_t name_skip,
         const struct stat *dst, const struct dir_frame *up)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dir_frame here = {dst->st_dev, dst->st_ino, up};

	if (d == NULL) {
		file_warn(r, 1,
		          strlen(path) > name_skip ? path + name_skip : path,
		          strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && !r->quit; i++) {
		char *p = join_path(path, names[i]);
		struct stat st;
		int rc = r->o->dereference ? stat(p, &st) : lstat(p, &st);

		if (rc < 0) {
			file_warn(r, 1, p + name_skip, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			const struct dir_frame *f;

			if (globsel_skip_dir(r->sel, names[i], 0))
				goto next;
			for (f = &here; f != NULL; f = f->up)
				if (f->dev == st.st_dev && f->ino == st.st_ino)
					break;
			if (f != NULL) {
				/* Only -R can get here: a link back up.
				 * grep warns and goes on, status unchanged. */
				if (!r->o->no_messages) {
					output_flush(r->out);
					cli_warn("%s: warning: recursive "
					         "directory loop",
					         p + name_skip);
				}
				goto next;
			}
			grep_dir(r, p, name_skip, &st, &here);
		} else if (!S_ISLNK(st.st_mode) &&
		           !globsel_skip_file(r->sel, names[i], 0) &&
		           !index_is_index_name(names[i]) &&
		           (S_ISREG(st.st_mode) ||
		            (is_device(st.st_mode) &&
		             r->o->devices == DEVS_READ))) {
			grep_file(r, p, p + name_skip);
		}
	next:
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Search one FILE operand. */
static void
grep_operand(struct run *r, const char *path)
{
	struct stat st;

	/* Standard input is never skipped nor recursed into. */
	if (strcmp(path, "-") == 0) {
		grep_file(r, path, r->label);
		return;
	}
	/* A file that cannot be looked at is reported by grep_file(). */
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (r->o->directories == DIRS_SKIP ||
			    globsel_skip_dir(r->sel, path, 1))
				return;
			if (r->o->directories == DIRS_RECURSE) {
				grep_dir(r, path, 0, &st, NULL);
				return;
			}
		} else if (globsel_skip_file(r->sel, path, 1) ||
		           (is_device(st.st_mode) &&
		            r->o->devices == DEVS_SKIP)) {
			return;
		}
	}
	grep_file(r, path, path);
}

/* Read -f FILE ("-": standard input) whole: a NUL-terminated copy, its
 * length (it may hold NUL bytes) in *lenp. */
static char *
read_pattern_file(const char *path, size_t *lenp, char *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		ls_errf(err, "%s: %s", path, strerror(errno));
		free(buf);
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	/* NUL bytes are searched for, as in grep: the length counts. */
	*lenp = len;
	return buf;
}

/*
 * Parse a number as GNU grep parses -m, -A, -B and -C (strtoimax in base
 * 10: blanks and a sign may lead, nothing may follow the digits), into
 * *out; a value beyond int64_t is clamped to it, as grep clamps to its
 * intmax_t.  Negative values are refused unless neg_ok.  Returns 0, or the
 * status of a usage error that names opt.
 */
static int
parse_number(const char *opt, const char *s, int neg_ok, int64_t *out)
{
	char *end;
	intmax_t v;

	errno = 0;
	v = strtoimax(s, &end, 10);
	if (end == s || *end != '\0')
		return cli_usage_error("grep", "bad %s value '%s': not a number",
		                       opt, s);
	if (v < 0 && !neg_ok)
		return cli_usage_error("grep",
		                       "bad %s value '%s': must not be negative",
		                       opt, s);
	*out = v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
	return 0;
}

/*
 * The action of -d (read, recurse or skip) or -D (read or skip) named by
 * s, which may be cut short where that is not ambiguous, as grep allows.
 * Returns the index in words, or -1.
 */
static int
parse_action(const char *s, const char *const *words)
{
	size_t n = strlen(s), i;
	int found = -1;

	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(s, words[i]) == 0)
			return (int)i;
		if (n > 0 && strncmp(s, words[i], n) == 0) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

/* qsort order of struct span: bytes, then length. */
struct span {
	const char *p;
	size_t n;
};

static int
cmp_spans(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/*
 * Whether GNU grep searches these patterns with its matcher for several
 * literal strings: -F, or -G/-E patterns without a special character, and
 * more than one distinct pattern (grep drops duplicates).  Two quirks of
 * grep's output hang on it (see scan_params' fresh_start and xw_newline).
 */
static int
several_literals(const struct options *o)
{
	const char *special = o->dialect == DIALECT_BRE ? "\\[*.^$"
	                                                : "\\[*.^$+?{}()|";
	struct span *v = NULL;
	size_t n = 0, i, distinct = 0;
	int literal = o->dialect != DIALECT_PCRE;

	for (i = 0; i < o->npatterns && literal; i++) {
		const char *p = o->patterns[i];
		const char *end = p + o->pattern_lens[i];

		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			size_t k;

			for (k = 0; k < len && o->dialect != DIALECT_FIXED; k++)
				if (p[k] != '\0' && strchr(special, p[k]) != NULL)
					break;
			if (o->dialect != DIALECT_FIXED && k < len) {
				literal = 0;
				break;
			}
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n].p = p;
			v[n++].n = len;
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	if (literal && n > 1) {
		qsort(v, n, sizeof(*v), cmp_spans);
		for (i = 0; i < n; i++)
			distinct += i == 0 || cmp_spans(&v[i - 1], &v[i]) != 0;
	}
	free(v);
	return literal && distinct > 1;
}

/*
 * Whether it is plain that no line can be selected, grep's test: -m 0, no
 * pattern at all (-f of an empty file) without -v, or -v with only empty
 * patterns (which match every line) and neither -x nor -w.
 */
static int
nothing_selectable(const struct options *o, int64_t max_count)
{
	size_t i;

	if (max_count == 0 || (o->npatterns == 0 && !o->invert))
		return 1;
	if (o->npatterns == 0 || !o->invert || o->line_regexp || o->word)
		return 0;
	for (i = 0; i < o->npatterns; i++) {
		size_t k;

		for (k = 0; k < o->pattern_lens[i]; k++)
			if (o->patterns[i][k] != '\n')
				return 0;
	}
	return 1;
}

int
cmd_grep(int argc, char **argv)
{
	struct options o;
	struct scan_params sp;
	struct run r;
	char err[LS_ERRSZ];
	char **pats = NULL, **files_to_free = NULL;
	size_t *plens = NULL;
	size_t npats = 0, nfree = 0, i;
	uint64_t a_ctx = 0, b_ctx = 0, c_ctx = 0;
	int64_t num, max_count = INT64_MAX; /* -m as given (grep's default) */
	int have_a = 0, have_b = 0, have_c = 0, have_pattern = 0;
	int show_version = 0, dialect_given = 0;
	globsel *sel = globsel_new();
	palette *pal = NULL;
	static const char *const dir_words[] = {"read", "recurse", "skip",
	                                        NULL};
	static const char *const dev_words[] = {"read", "skip", NULL};
	int digit_optind = -1;
	int line_buffered = 0, json = 0, follow = 0, c, status;
	unsigned flags = 0;
	regex *re = NULL;
	const char *label = "(standard input)";
	timectx *tc = NULL;
	struct plan_time tm;
	struct conf *conf = NULL;
	unsigned set = 0; /* flags the config must not override */

	memset(&o, 0, sizeof(o));
	memset(&tm, 0, sizeof(tm));
	o.with_filename = -1;
	o.max_count = -1;
	o.line_from = 1;
	o.line_to = UINT64_MAX;
	for (;;) {
		/* optind 0 asks getopt to start afresh, at 1. */
		int this_optind = optind ? optind : 1;

		c = getopt_long(argc, argv, short_opts, long_opts, NULL);
		if (c == -1)
			break;
		if (c < '0' || c > '9')
			digit_optind = -1;
		switch (c) {
		case 'e':
			pats = xreallocarray(pats, npats + 1, sizeof(*pats));
			plens = xreallocarray(plens, npats + 1, sizeof(*plens));
			plens[npats] = strlen(optarg);
			pats[npats++] = optarg;
			have_pattern = 1;
			break;
		case 'f': {
			size_t len;
			char *text = read_pattern_file(optarg, &len, err);

			if (text == NULL) {
				cli_warn("%s", err);
				status = EXIT_TROUBLE;
				goto out;
			}
			files_to_free = xreallocarray(files_to_free, nfree + 1,
			                              sizeof(*files_to_free));
			files_to_free[nfree++] = text;
			have_pattern = 1;
			if (len > 0) {
				/* One pattern per line; a final newline ends
				 * the last line rather than adding one. */
				if (text[len - 1] == '\n')
					text[--len] = '\0';
				pats = xreallocarray(pats, npats + 1,
				                     sizeof(*pats));
				plens = xreallocarray(plens, npats + 1,
				                      sizeof(*plens));
				plens[npats] = len;
				pats[npats++] = text;
			}
			break;
		}
		case 'F':
		case 'E':
		case 'G':
		case 'P': {
			enum pattern_dialect d = c == 'F'   ? DIALECT_FIXED
			                         : c == 'E' ? DIALECT_ERE
			                         : c == 'G' ? DIALECT_BRE
			                                    : DIALECT_PCRE;

			/* GNU grep 3.8 refuses two different dialects. */
			if (dialect_given && o.dialect != d) {
				status = cli_usage_error(
				    "grep", "conflicting matchers specified");
				goto out;
			}
			o.dialect = d;
			dialect_given = 1;
			break;
		}
		case 'i':
		case 'y': /* grep's old name for -i */
			o.ignore_case = 1;
			break;
		case OPT_NO_IGNORE_CASE:
			o.ignore_case = 0;
			break;
		case 'w':
			o.word = 1;
			break;
		case 'x':
			o.line_regexp = 1;
			break;
		case 'v':
			o.invert = 1;
			break;
		case 'c':
			o.count = 1;
			break;
		case 'l':
			/* -l and -L: the last one given wins, as in grep. */
			o.files_with_matches = 1;
			o.files_without_match = 0;
			break;
		case 'L':
			o.files_without_match = 1;
			o.files_with_matches = 0;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 's':
			o.no_messages = 1;
			break;
		case 'n':
			o.line_number = 1;
			break;
		case 'b':
			o.byte_offset = 1;
			break;
		case 'o':
			o.only_matching = 1;
			break;
		case 'h':
			o.with_filename = 0;
			break;
		case 'H':
			o.with_filename = 1;
			break;
		case 'm':
			status = parse_number("-m", optarg, 1, &max_count);
			if (status != 0)
				goto out;
			break;
		case 'A':
			if ((status = parse_number("-A", optarg, 0, &num)) != 0)
				goto out;
			a_ctx = (uint64_t)num;
			have_a = 1;
			break;
		case 'B':
			if ((status = parse_number("-B", optarg, 0, &num)) != 0)
				goto out;
			b_ctx = (uint64_t)num;
			have_b = 1;
			break;
		case 'C':
			if ((status = parse_number("-C", optarg, 0, &num)) != 0)
				goto out;
			c_ctx = (uint64_t)num;
			have_c = 1;
			break;
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			/* -NUM is --context=NUM; adjacent digits of one word
			 * ("-12") make one number, as in grep. */
			if (digit_optind != this_optind)
				c_ctx = 0;
			if (c_ctx > (UINT64_MAX - 9) / 10) {
				status = cli_usage_error(
				    "grep", "bad context length: too large");
				goto out;
			}
			c_ctx = c_ctx * 10 + (uint64_t)(c - '0');
			have_c = 1;
			digit_optind = this_optind;
			break;
		case 'a':
			o.binary = BINARY_TEXT;
			break;
		case 'I':
			o.binary = BINARY_SKIP;
			break;
		case OPT_BINARY_FILES:
			if (strcmp(optarg, "binary") == 0)
				o.binary = BINARY_DEFAULT;
			else if (strcmp(optarg, "text") == 0)
				o.binary = BINARY_TEXT;
			else if (strcmp(optarg, "without-match") == 0)
				o.binary = BINARY_SKIP;
			else {
				status = cli_usage_error(
				    "grep",
				    "bad --binary-files value '%s': expected "
				    "binary, text or without-match",
				    optarg);
				goto out;
			}
			break;
		case 'R':
			/* -R follows every symbolic link, wherever -r is. */
			o.dereference = 1;
			o.directories = DIRS_RECURSE;
			break;
		case 'r':
			o.directories = DIRS_RECURSE;
			break;
		case 'd': {
			int k = parse_action(optarg, dir_words);

			if (k < 0) {
				status = cli_usage_error(
				    "grep",
				    "bad --directories value '%s': expected "
				    "read, recurse or skip",
				    optarg);
				goto out;
			}
			o.directories = k == 0   ? DIRS_READ
			                : k == 1 ? DIRS_RECURSE
			                         : DIRS_SKIP;
			break;
		}
		case 'D': {
			int k = parse_action(optarg, dev_words);

			if (k < 0) {
				status = cli_usage_error(
				    "grep",
				    "bad --devices value '%s': expected read "
				    "or skip",
				    optarg);
				goto out;
			}
			o.devices = k == 0 ? DEVS_READ : DEVS_SKIP;
			break;
		}
		case OPT_INCLUDE:
			globsel_add(sel, optarg, GLOBSEL_INCLUDE);
			break;
		case OPT_EXCLUDE:
			globsel_add(sel, optarg, GLOBSEL_EXCLUDE);
			break;
		case OPT_EXCLUDE_DIR:
			globsel_add(sel, optarg, GLOBSEL_EXCLUDE_DIR);
			break;
		case OPT_EXCLUDE_FROM:
			if (globsel_add_file(sel, optarg, err) < 0) {
				cli_warn("%s", err);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case 'Z':
			o.null_name = 1;
			break;
		case 'z':
			o.null_data = 1;
			break;
		case 'T':
			o.align_tabs = 1;
			break;
		case 'U':
			/* Binary mode for MS-DOS; nothing to do on POSIX. */
			break;
		case 'V':
			show_version = 1;
			break;
		case OPT_GROUP_SEP:
			o.group_separator = optarg;
			o.no_group_separator = 0;
			break;
		case OPT_NO_GROUP_SEP:
			o.no_group_separator = 1;
			break;
		case OPT_COLOR:
			if (cli_parse_color(optarg, &o.color, err) < 0) {
				status = cli_usage_error("grep", "%s", err);
				goto out;
			}
			set |= CLI_SET_COLOR;
			break;
		case OPT_LINE_BUFFERED:
			line_buffered = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_FOLLOW:
			follow = 1;
			break;
		case OPT_LABEL:
			label = optarg;
			break;
		case OPT_HELP:
			cmd_grep_help(stdout);
			status = fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
			goto out;
		default:
			if ((status = cli_common_option("grep", c, optarg, &o,
			                                &set, argv)) != 0)
				goto out;
			break;
		}
	}
	if (show_version) {
		/* As grep: -V wins over everything but a bad option. */
		status = cli_print_version();
		goto out;
	}
	if (json && (o.count || o.files_with_matches || o.files_without_match)) {
		/* As ripgrep: those print no lines to describe. */
		status = cli_usage_error("grep", "--json cannot be used with %s",
		                         o.count ? "-c" : o.files_with_matches
		                                              ? "-l"
		                                              : "-L");
		goto out;
	}
	if (follow && (o.count || o.files_with_matches ||
	               o.files_without_match || o.quiet)) {
		status = cli_usage_error(
		    "grep", "--follow cannot be used with %s",
		    o.count ? "-c" : o.files_with_matches ? "-l"
		                     : o.files_without_match ? "-L" : "-q");
		goto out;
	}
	if (follow && (argc - optind != 2 - have_pattern ||
	               strcmp(argv[argc - 1], "-") == 0 ||
	               o.directories == DIRS_RECURSE)) {
		status = cli_usage_error("grep", "--follow takes one FILE");
		goto out;
	}
	/* A negative -m selects no line under -v and does not limit
	 * anything else: grep counts it down from below zero. */
	o.max_count = max_count < 0 ? (o.invert ? 0 : -1)
	              : max_count == INT64_MAX ? -1
	                                      : max_count;
	if (!have_pattern) {
		if (optind >= argc) {
			status = cli_usage_error("grep", "no pattern given");
			goto out;
		}
		pats = xreallocarray(pats, npats + 1, sizeof(*pats));
		plens = xreallocarray(plens, npats + 1, sizeof(*plens));
		plens[npats] = strlen(argv[optind]);
		pats[npats++] = argv[optind++];
	}
	o.patterns = pats;
	o.pattern_lens = plens;
	o.npatterns = npats;
	o.files = argv + optind;
	o.nfiles = (size_t)(argc - optind);
	/* Line ranges and time ranges are counted in '\n' lines, by the
	 * index too: they do not mix with -z's records. */
	if (o.null_data && (o.since != NULL || o.until != NULL ||
	                    o.have_lines || o.line_last != 0)) {
		status = cli_usage_error(
		    "grep", "-z cannot be combined with %s",
		    o.have_lines || o.line_last != 0 ? "--lines"
		    : o.since != NULL                ? "--since"
		                                     : "--until");
		goto out;
	}
	/* The config goes beneath the flags, before any file is read. */
	if (cli_conf_layer(&o, set, &conf, err) < 0) {
		cli_warn("%s", err);
		status = EXIT_TROUBLE;
		goto out;
	}
	cli_check_index_dir(&o);
	/* A time range: bad times and formats stop the run before any file
	 * is read. */
	if (o.since != NULL || o.until != NULL) {
		struct timectx_params tp;

		cli_timectx_params(&o, conf, &tp);
		if (timectx_open(&tc, &tp, err) == 0)
			timectx_set_warn(tc, cli_warn_msg, NULL);
		if (tc == NULL ||
		    timectx_range(tc, o.since, o.until, timectx_now_ns(),
		                  &tm.since, &tm.until, err) < 0) {
			cli_warn("%s", err);
			status = EXIT_TROUBLE;
			goto out;
		}
		tm.tc = tc;
		tm.auto_index_min = PLAN_AUTO_INDEX_MIN;
	} else if (json && o.time_format != NULL) {
		/* --json with --time-format: timestamps without a range. */
		struct timectx_params tp;

		cli_timectx_params(&o, conf, &tp);
		if (timectx_open(&tc, &tp, err) < 0) {
			cli_warn("%s", err);
			status = EXIT_TROUBLE;
			goto out;
		}
		timectx_set_warn(tc, cli_warn_msg, NULL);
	}
	/* -A and -B win over -C whatever the order, as in grep. */
	o.after = have_a ? a_ctx : c_ctx;
	o.before = have_b ? b_ctx : c_ctx;
	if (o.color == COLOR_AUTO)
		o.color = cli_color_auto() ? COLOR_ALWAYS : COLOR_NEVER;
	if (o.color == COLOR_ALWAYS) {
		const char *legacy = getenv("GREP_COLOR");

		pal = palette_open(legacy, getenv("GREP_COLORS"));
		if (palette_legacy_used(pal))
			cli_warn("warning: GREP_COLOR='%s' is deprecated; use "
			         "GREP_COLORS='mt=%s'",
			         legacy, legacy);
	}
	if (o.with_filename < 0) {
		struct stat st;

		/* Names go with lines from several files, or from a
		 * directory searched with -r. */
		o.with_filename =
		    o.nfiles > 1 ||
		    (o.directories == DIRS_RECURSE &&
		     (o.nfiles == 0 ||
		      (stat(o.files[0], &st) == 0 && S_ISDIR(st.st_mode))));
	}
	if (nothing_selectable(&o, max_count) &&
	    (!o.files_without_match || o.quiet)) {
		/* grep then reads nothing at all, and neither do we; -L
		 * still lists (and so opens) every file, unless -q silences
		 * it. */
		status = EXIT_NONE;
		goto out;
	}

	if (o.dialect == DIALECT_FIXED)
		flags |= REGEX_FIXED;
	else if (o.dialect == DIALECT_ERE)
		flags |= REGEX_ERE;
	else if (o.dialect == DIALECT_BRE)
		flags |= REGEX_BRE;
	if (o.ignore_case)
		flags |= REGEX_ICASE;
	if (o.word)
		flags |= REGEX_WORD;
	if (o.line_regexp)
		flags |= REGEX_LINE;
	if (o.null_data)
		flags |= REGEX_NULL_DATA;
	if (cli_utf8_locale())
		flags |= REGEX_UTF;
	if (regex_compile_n(&re, (const char *const *)o.patterns,
	                    o.pattern_lens, o.npatterns,
	                  flags, err) < 0) {
		cli_warn("%s", err);
		status = EXIT_TROUBLE;
		goto out;
	}
	{
		/* GNU grep's warnings about the patterns, as it words them. */
		const char *w = regex_warnings(re);

		while (*w != '\0') {
			const char *nl = strchr(w, '\n');

			cli_warn("warning: %.*s", (int)(nl - w), w);
			w = nl + 1;
		}
	}

	memset(&sp, 0, sizeof(sp));
	sp.invert = o.invert;
	sp.count = o.count;
	sp.list_files = o.files_with_matches;
	sp.list_nonmatching = o.files_without_match;
	sp.quiet = o.quiet;
	sp.line_number = o.line_number;
	sp.byte_offset = o.byte_offset;
	sp.only_matching = o.only_matching;
	sp.with_filename = o.with_filename;
	sp.max_count = o.max_count;
	sp.before = o.before;
	sp.after = o.after;
	sp.separators =
	    (have_a || have_b || have_c) && !o.no_group_separator;
	sp.group_sep = o.group_separator;
	sp.null_name = o.null_name;
	sp.align_tabs = o.align_tabs;
	sp.fresh_start = o.word && several_literals(&o);
	sp.xw_newline = o.word && o.line_regexp &&
	                o.dialect != DIALECT_PCRE && !several_literals(&o);
	sp.binary = o.binary;
	sp.color = o.color == COLOR_ALWAYS;
	sp.palette = pal;
	sp.count_lines = o.stats || follow;
	sp.progress = grep_progress;
	sp.progress_ctx = &r;
	sp.null_data = o.null_data;
	if (json) {
		/* Every line goes to the printer, whole and bare. */
		sp.line_sink = jsonout_line;
		sp.with_filename = sp.line_number = sp.byte_offset = 0;
		sp.only_matching = sp.color = sp.separators = 0;
		sp.align_tabs = sp.null_name = 0;
	}

	memset(&r, 0, sizeof(r));
	r.o = &o;
	r.re = re;
	r.label = label;
	r.tm = tc && (o.since != NULL || o.until != NULL) ? &tm : NULL;
	r.sel = sel;
	r.follow = follow;
	{
		struct stat ost;

		/* An input that is also standard output is refused when
		 * its lines could be printed into it: not with -c, -l, -L
		 * or -q, nor -m 1 or less (grep's exemptions). */
		if (fstat(STDOUT_FILENO, &ost) == 0 && S_ISREG(ost.st_mode)) {
			r.out_regular = 1;
			r.out_dev = ost.st_dev;
			r.out_ino = ost.st_ino;
		}
		r.may_feed_back = !o.count && !o.quiet &&
		                  !o.files_with_matches &&
		                  !o.files_without_match &&
		                  max_count > 1;
	}
	r.out = output_open(STDOUT_FILENO, 0, line_buffered);
	if (json) {
		r.json = jsonout_open(r.out, re, o.invert);
		r.json_tc = tc;
		sp.sink_ctx = r.json;
	}
	r.sc = scan_open(&sp, re, r.out);
	if (o.nfiles == 0) {
		if (o.directories == DIRS_RECURSE) {
			struct stat dst;

			if (stat(".", &dst) < 0)
				file_warn(&r, 1, ".", strerror(errno));
			else
				grep_dir(&r, ".", 2, &dst, NULL);
		}
		else
			grep_operand(&r, "-");
	}
	for (i = 0; i < o.nfiles && !r.quit; i++)
		grep_operand(&r, o.files[i]);
	if (r.json != NULL && !o.quiet)
		jsonout_summary(r.json);
	output_flush(r.out);
	if (output_error(r.out)) {
		/* The disk is full, or the reader went away while
		 * SIGPIPE is ignored: say so once. */
		cli_write_error(output_error(r.out));
		r.trouble = 1;
		r.selected = o.quiet && r.selected;
	}
	if (o.quiet && r.selected)
		status = EXIT_SELECTED;
	else if (r.trouble)
		status = EXIT_TROUBLE;
	else
		status = r.selected ? EXIT_SELECTED : EXIT_NONE;
	scan_close(r.sc);
	jsonout_close(r.json);
	output_close(r.out);
out:
	globsel_free(sel);
	palette_free(pal);
	timectx_close(tc);
	conf_free(conf);
	regex_free(re);
	for (i = 0; i < nfree; i++)
		free(files_to_free[i]);
	free(files_to_free);
	free(pats);
	free(plens);
	return status;
}
