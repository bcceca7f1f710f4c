/*
 * opttab.c - the table of logscan's options (see opttab.h).
 *
 * The order of the entries is the order of every --help; for grep the
 * sections follow each other in that order too.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "color.h"
#include "conf.h"
#include "index.h"
#include "opttab.h"
#include "scan.h"
#include "util.h"
#include "window.h"

/* The values of the enumerations whose type lives in the command layer
 * (options.h): the same numbers, kept in step by cliopt's unit test. */
#define DIRS_READ_ 0
#define DIRS_SKIP_ 1
#define DIRS_RECURSE_ 2
#define DEVS_READ_ 1
#define DEVS_SKIP_ 2
#define HIST_CHART_ 0
#define HIST_TSV_ 1
#define HIST_JSON_ 2

static const struct opt_word color_words[] = {
    {"auto", COLOR_AUTO, 0},        {"always", COLOR_ALWAYS, 0},
    {"never", COLOR_NEVER, 0},      {"tty", COLOR_AUTO, 1},
    {"if-tty", COLOR_AUTO, 1},      {"yes", COLOR_ALWAYS, 1},
    {"force", COLOR_ALWAYS, 1},     {"no", COLOR_NEVER, 1},
    {"none", COLOR_NEVER, 1},       {NULL, 0, 0},
};
static const struct opt_word index_words[] = {
    {"auto", INDEX_AUTO, 0},
    {"never", INDEX_NEVER, 0},
    {NULL, 0, 0},
};
static const struct opt_word io_words[] = {
    {"auto", WINDOW_IO_AUTO, 0},
    {"mmap", WINDOW_IO_MMAP, 0},
    {"read", WINDOW_IO_READ, 0},
    {NULL, 0, 0},
};
static const struct opt_word binary_words[] = {
    {"binary", BINARY_DEFAULT, 0},
    {"text", BINARY_TEXT, 0},
    {"without-match", BINARY_SKIP, 0},
    {NULL, 0, 0},
};
static const struct opt_word dir_words[] = {
    {"read", DIRS_READ_, 0},
    {"recurse", DIRS_RECURSE_, 0},
    {"skip", DIRS_SKIP_, 0},
    {NULL, 0, 0},
};
static const struct opt_word dev_words[] = {
    {"read", DEVS_READ_, 0},
    {"skip", DEVS_SKIP_, 0},
    {NULL, 0, 0},
};
static const struct opt_word hist_format_words[] = {
    {"chart", HIST_CHART_, 0},
    {"tsv", HIST_TSV_, 0},
    {"json", HIST_JSON_, 0},
    {NULL, 0, 0},
};
static const struct opt_word bool_words[] = {
    {"true", 1, 0},
    {"false", 0, 0},
    {NULL, 0, 0},
};

#define GREP OPT_CMD_GREP
#define SLICE OPT_CMD_SLICE
#define HIST OPT_CMD_HIST
#define INDEX OPT_CMD_INDEX
#define INFO OPT_CMD_INFO
#define FORMATS OPT_CMD_FORMATS
#define CONFIG OPT_CMD_CONFIG
#define GLOBAL OPT_CMD_GLOBAL
#define PLAN OPT_CMD_PLAN

/* The sections of grep's help. */
#define S_PAT "Patterns"
#define S_OUT "Selection and output"
#define S_FILES "Files"
#define S_TIME "Time ranges (see 'logscan help slice' for T)"

const struct opt_def opttab[] = {
    /* ---- patterns ---- */
    {OID_REGEXP, "regexp", NULL, "e", OPT_PATTERN, GREP | HIST, 0,
     "PATTERN", 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "use PATTERN (repeatable; a line matching any is selected)"},
    {OID_PATTERN_FILE, "file", NULL, "f", OPT_PATH, GREP, 0, "FILE", 0, 0,
     NULL, NULL, NULL, NULL, S_PAT,
     "take patterns from FILE, one per line"},
    {OID_BASIC_REGEXP, "basic-regexp", NULL, "G", OPT_FLAG, GREP | HIST, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "patterns are POSIX basic regular expressions (the default, as in "
     "grep)"},
    {OID_EXTENDED_REGEXP, "extended-regexp", NULL, "E", OPT_FLAG,
     GREP | HIST, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "patterns are POSIX extended regular expressions"},
    {OID_FIXED_STRINGS, "fixed-strings", NULL, "F", OPT_FLAG, GREP | HIST, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "patterns are literal strings"},
    {OID_PERL_REGEXP, "perl-regexp", NULL, "P", OPT_FLAG, GREP | HIST, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "patterns are PCRE2 (Perl) regular expressions (only one of -G, -E, "
     "-F, -P may be given)"},
    {OID_IGNORE_CASE, "ignore-case", NULL, "iy", OPT_FLAG, GREP | HIST, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT, "ignore case"},
    {OID_NO_IGNORE_CASE, "no-ignore-case", NULL, NULL, OPT_FLAG, GREP, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_PAT,
     "do not ignore case (the default)"},
    {OID_WORD_REGEXP, "word-regexp", NULL, "w", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_PAT, "match whole words only"},
    {OID_LINE_REGEXP, "line-regexp", NULL, "x", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_PAT, "match whole lines only"},

    /* ---- selection and output ---- */
    {OID_INVERT_MATCH, "invert-match", NULL, "v", OPT_FLAG, GREP, 0, NULL,
     0, 0, NULL, NULL, NULL, NULL, S_OUT, "select non-matching lines"},
    {OID_COUNT, "count", NULL, "c", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL,
     NULL, NULL, NULL, S_OUT,
     "print only a count of selected lines per file"},
    {OID_FILES_WITH_MATCHES, "files-with-matches", NULL, "l", OPT_FLAG,
     GREP, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print only names of files with selected lines"},
    {OID_FILES_WITHOUT_MATCH, "files-without-match", NULL, "L", OPT_FLAG,
     GREP, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print only names of files without any"},
    {OID_QUIET, "quiet", "silent", "q", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL,
     NULL, NULL, "-q, --quiet, --silent", S_OUT,
     "print nothing; exit 0 at the first selected line"},
    {OID_NO_MESSAGES, "no-messages", NULL, "s", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_OUT,
     "no messages about missing or unreadable files"},
    {OID_MAX_COUNT, "max-count", NULL, "m", OPT_NUMBER, GREP, OPTF_RAW,
     "NUM", 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "stop a file after NUM selected lines"},
    {OID_LINE_NUMBER, "line-number", NULL, "n", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_OUT,
     "prefix lines with their line number"},
    {OID_BYTE_OFFSET, "byte-offset", NULL, "b", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_OUT,
     "prefix lines with their byte offset"},
    {OID_ONLY_MATCHING, "only-matching", NULL, "o", OPT_FLAG, GREP, 0, NULL,
     0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print only the matched parts, one per line"},
    {OID_WITH_FILENAME, "with-filename", NULL, "H", OPT_FLAG, GREP | SLICE,
     0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "prefix lines with the file name (slice: with --merge, the default)"},
    {OID_NO_FILENAME, "no-filename", NULL, "h", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_OUT,
     "never prefix lines with the file name"},
    /* slice's -h is --help */
    {OID_NO_FILENAME, "no-filename", NULL, NULL, OPT_FLAG, SLICE, 0, NULL,
     0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "with --merge, print lines without their file's name"},
    {OID_NULL, "null", NULL, "Z", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL, NULL,
     NULL, NULL, S_OUT, "a NUL byte after each file name"},
    {OID_NULL_DATA, "null-data", NULL, "z", OPT_FLAG, GREP, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_OUT,
     "records end in a NUL byte, not a newline, in the input and in "
     "lines printed"},
    {OID_INITIAL_TAB, "initial-tab", NULL, "T", OPT_FLAG, GREP, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, S_OUT,
     "align the text of lines on a tab stop"},
    {OID_LABEL, "label", NULL, NULL, OPT_TEXT, GREP, 0, "NAME", 0, 0, NULL,
     NULL, NULL, NULL, S_OUT, "name standard input NAME"},
    {OID_AFTER_CONTEXT, "after-context", NULL, "A", OPT_NUMBER, GREP,
     OPTF_RAW, "NUM", 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print NUM lines after each selected line"},
    {OID_BEFORE_CONTEXT, "before-context", NULL, "B", OPT_NUMBER, GREP,
     OPTF_RAW, "NUM", 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print NUM lines before each selected line"},
    {OID_CONTEXT, "context", NULL, "C", OPT_NUMBER, GREP, OPTF_RAW, "NUM",
     0, 0, NULL, NULL, NULL, "-C, --context=NUM, -NUM", S_OUT,
     "both; groups are separated by '--'"},
    {OID_GROUP_SEPARATOR, "group-separator", NULL, NULL, OPT_TEXT, GREP, 0,
     "SEP", 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print SEP between groups instead"},
    {OID_NO_GROUP_SEPARATOR, "no-group-separator", NULL, NULL, OPT_FLAG,
     GREP, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "print nothing between groups"},
    {OID_COLOR, "color", "colour", NULL, OPT_ENUM,
     GREP | HIST | CONFIG | GLOBAL,
     OPTF_OPTIONAL_ARG | OPTF_NOCASE, "WHEN", 0, 0, color_words, "color",
     "auto", NULL, S_OUT,
     "colour matches (hist: the bars): auto (a terminal, unless NO_COLOR "
     "is set), always or never"},
    {OID_LINE_BUFFERED, "line-buffered", NULL, NULL, OPT_FLAG, GREP, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, S_OUT,
     "flush output after every line"},
    {OID_FOLLOW, "follow", NULL, NULL, OPT_FLAG, GREP | SLICE, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_OUT,
     "after each FILE's end, wait for lines appended and take them too, "
     "as tail -F (named FILEs; a rotated or truncated log is read from "
     "its start)"},
    {OID_JSON, "json", NULL, NULL, OPT_FLAG, GREP | SLICE, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_OUT,
     "print ripgrep's JSON Lines messages (begin, match, context, end, "
     "summary; slice: match) instead of lines; with a time format, each "
     "line's entry time as \"timestamp\""},
    {OID_MERGE, "merge", NULL, NULL, OPT_FLAG, GREP | SLICE, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_OUT,
     "print the entries of all FILEs as one timeline: a stable merge by "
     "time (each file keeps its order, equal times go in command-line "
     "order), each line named by its file; grep's -c, -l, -L and -q stay "
     "per file"},
    {OID_BY, "by", NULL, NULL, OPT_TEXT, HIST, 0, "WIDTH", 0, 0, NULL, NULL,
     NULL, NULL, S_OUT,
     "bucket width: auto (the default: the narrowest of 1s 5s 10s 30s 1m "
     "5m 10m 30m 1h 3h 6h 12h 1d 7d that shows the span in 60 buckets), "
     "or N with s, m, h, d"},
    {OID_FORMAT, "format", NULL, NULL, OPT_ENUM, HIST, 0, "FMT", 0, 0,
     hist_format_words, NULL, NULL, NULL, S_OUT,
     "chart (the default), tsv (start <TAB> count) or json"},

    /* ---- files ---- */
    {OID_TEXT, "text", NULL, "a", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL, NULL,
     NULL, NULL, S_FILES, "search binary files as text"},
    {OID_SKIP_BINARY, NULL, NULL, "I", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL,
     NULL, NULL, NULL, S_FILES,
     "skip binary files (as --binary-files=without-match)"},
    {OID_BINARY_FILES, "binary-files", NULL, NULL, OPT_ENUM, GREP, 0, "TYPE",
     0, 0, binary_words, NULL, NULL, NULL, S_FILES,
     "binary, text or without-match"},
    {OID_RECURSIVE, "recursive", NULL, "r", OPT_FLAG, GREP, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_FILES,
     "search directories given (or .) recursively; symbolic links below "
     "them are not followed, *.lsidx index files are skipped"},
    {OID_DEREFERENCE_RECURSIVE, "dereference-recursive", NULL, "R",
     OPT_FLAG, GREP, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "the same, following every symbolic link"},
    {OID_DIRECTORIES, "directories", NULL, "d", OPT_ENUM, GREP, OPTF_ABBREV,
     "ACTION", 0, 0, dir_words, NULL, NULL, NULL, S_FILES,
     "read, recurse or skip directories given"},
    {OID_DEVICES, "devices", NULL, "D", OPT_ENUM, GREP, OPTF_ABBREV,
     "ACTION", 0, 0, dev_words, NULL, NULL, NULL, S_FILES,
     "read or skip devices, FIFOs and sockets"},
    {OID_INCLUDE, "include", NULL, NULL, OPT_TEXT, GREP, 0, "GLOB", 0, 0,
     NULL, NULL, NULL, NULL, S_FILES,
     "search only files whose name matches GLOB"},
    {OID_EXCLUDE, "exclude", NULL, NULL, OPT_TEXT, GREP, 0, "GLOB", 0, 0,
     NULL, NULL, NULL, NULL, S_FILES, "skip files whose name matches GLOB"},
    {OID_EXCLUDE_FROM, "exclude-from", NULL, NULL, OPT_PATH, GREP, 0, "FILE",
     0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "skip files whose name matches a glob in FILE"},
    {OID_EXCLUDE_DIR, "exclude-dir", NULL, NULL, OPT_TEXT, GREP, 0, "GLOB",
     0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "skip directories whose name matches GLOB"},
    {OID_BINARY, "binary", NULL, "U", OPT_FLAG, GREP, 0, NULL, 0, 0, NULL,
     NULL, NULL, NULL, S_FILES,
     "accepted, does nothing (as on POSIX systems)"},
    {OID_LINES, "lines", NULL, NULL, OPT_TEXT, GREP | SLICE | PLAN, 0, "A:B",
     0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "only lines A to B (1-based, inclusive; A:, :B, A:+N, A, -N: for the "
     "last N, sed's A,B)"},
    {OID_RANGE, "range", NULL, NULL, OPT_TEXT, GREP | SLICE, 0, "START:END",
     0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "only lines whose first byte lies in [START, END): ranges that tile a "
     "file print the whole file's output (a task of 'logscan plan')"},
    {OID_RANGE_REPORT, "range-report", NULL, NULL, OPT_FLAG, GREP, 0, NULL,
     0, 0, NULL, NULL, NULL, NULL, S_FILES,
     "after each file, a line on stderr for a runner that combines ranges "
     "(logscan-dask)"},
    {OID_TASK_SIZE, "task-size", NULL, NULL, OPT_SIZE, PLAN, 0, "SIZE", 1,
     (uint64_t)1 << 50, NULL, NULL, NULL, NULL, NULL,
     "cut ranges into tasks of at most SIZE bytes (default 256M), on the "
     "grid of its multiples"},

    /* ---- time ranges and the index ---- */
    {OID_SINCE, "since", NULL, NULL, OPT_TIME, GREP | SLICE | HIST | PLAN, 0,
     "T",
     0, 0, NULL, NULL, NULL, NULL, S_TIME, "only entries at or after T"},
    {OID_UNTIL, "until", NULL, NULL, OPT_TIME, GREP | SLICE | HIST | PLAN, 0,
     "T",
     0, 0, NULL, NULL, NULL, NULL, S_TIME,
     "only entries before T; +N[smhd] counts from --since"},
    {OID_TIME_FORMAT, "time-format", NULL, NULL, OPT_TEXT,
     OPT_CMD_TIMED | PLAN, 0,
     "NAME", 0, 0, NULL, NULL, NULL, NULL, S_TIME,
     "read timestamps as NAME (see 'logscan formats')"},
    {OID_UTC, "utc", NULL, NULL, OPT_FLAG, OPT_CMD_TIMED | PLAN, 0, NULL, 0,
     0,
     NULL, NULL, NULL, NULL, S_TIME,
     "timestamps without a zone, and T, are UTC, not local time"},
    {OID_YEAR, "year", NULL, NULL, OPT_NUMBER, OPT_CMD_TIMED | PLAN, 0,
     "YYYY", 1,
     9999, NULL, NULL, NULL, NULL, S_TIME,
     "the year of the last line of a log whose timestamps have none "
     "(default: from the file's mtime)"},
    {OID_INDEX, "index", NULL, NULL, OPT_ENUM,
     GREP | SLICE | HIST | CONFIG | PLAN, 0,
     "WHEN", 0, 0, index_words, "index", "auto", NULL, S_TIME,
     "auto: answer a time range from a fresh index (built first for logs "
     "of 64 MiB or more); never"},
    {OID_INDEX_DIR, "index-dir", NULL, NULL, OPT_PATH,
     OPT_CMD_READERS | INFO | CONFIG | PLAN | GLOBAL, 0, "DIR", 0, 0, NULL,
     "index-dir",
     NULL, NULL, S_TIME,
     "keep and look for indexes in DIR (default: beside the log, else "
     "under $XDG_CACHE_HOME/logscan)"},
    {OID_GROUP_LINES, "group-lines", NULL, NULL, OPT_NUMBER,
     INDEX | CONFIG, 0, "N",
     CONF_GROUP_LINES_MIN, CONF_GROUP_LINES_MAX, NULL, "group-lines",
     "4096", NULL, S_TIME, "close a group after N lines"},
    {OID_GROUP_BYTES, "group-bytes", NULL, NULL, OPT_SIZE, INDEX | CONFIG,
     0, "SIZE",
     CONF_GROUP_BYTES_MIN, CONF_GROUP_BYTES_MAX, NULL, "group-bytes",
     "256K", NULL, S_TIME, "close a group after SIZE bytes"},
    {OID_FORCE, "force", NULL, NULL, OPT_FLAG, INDEX, 0, NULL, 0, 0, NULL,
     NULL, NULL, NULL, S_TIME,
     "rebuild from the start even if up to date"},
    {OID_DETECT, "detect", NULL, NULL, OPT_FLAG, FORMATS, 0, NULL, 0, 0,
     NULL, NULL, NULL, NULL, S_TIME,
     "show the reading chosen for each FILE"},

    /* ---- reading ---- */
    {OID_WINDOW_SIZE, "window-size", NULL, NULL, OPT_SIZE,
     OPT_CMD_READERS | CONFIG,
     OPTF_MIN_PAGE, "SIZE", 0, CONF_WINDOW_SIZE_MAX, NULL, "window-size",
     "32M", NULL, NULL,
     "map at most SIZE bytes at a time (K, M, G suffixes)"},
    {OID_IO, "io", NULL, NULL, OPT_ENUM, OPT_CMD_READERS | CONFIG, 0,
     "HOW", 0, 0,
     io_words, "io", "auto", NULL, NULL,
     "read files through mmap, read or auto (time both on the first "
     "MiBs, keep the faster)"},
    {OID_DECOMPRESS, "decompress", NULL, NULL, OPT_FLAG, GREP | SLICE, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, NULL,
     "decompress standard input too when it is gzip, zstd, xz or bzip2 "
     "(files are told by their magic)"},
    {OID_NO_DECOMPRESS, "no-decompress", NULL, NULL, OPT_FLAG, GREP | SLICE,
     0, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL,
     "read compressed files' raw bytes"},
    {OID_THREADS, "threads", NULL, "j", OPT_NUMBER,
     GREP | SLICE | HIST | INDEX | CONFIG, 0,
     "N", 1,
     CONF_THREADS_MAX, NULL, "threads", NULL, NULL, NULL,
     "search (or index) with N threads (default: one per CPU); output is "
     "the same as with one"},
    {OID_STATS, "stats", NULL, NULL, OPT_FLAG, OPT_CMD_READERS, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, NULL,
     "print what was read and how long it took to stderr"},
    {OID_QUIET_NOTES, "quiet", NULL, "q", OPT_FLAG, SLICE | HIST | INDEX, 0,
     NULL, 0, 0, NULL, NULL, NULL, NULL, NULL,
     "no notes about indexes on stderr (one built for the first time, a "
     "log without timestamps)"},

    /* ---- configuration keys that have no flag ---- */
    {OID_INDEX_WAIT, NULL, NULL, NULL, OPT_TEXT, 0, 0, NULL, 0, 0, NULL,
     "index-wait", "2s", NULL, NULL,
     "how long a query waits for another logscan building the index"},
    {OID_INDEX_NOTES, NULL, NULL, NULL, OPT_ENUM, 0, 0, NULL, 0, 0,
     bool_words, "index-notes", "true", NULL, NULL,
     "notes on stderr about indexes built or without timestamps"},
    {OID_TIMEZONE, NULL, NULL, NULL, OPT_TEXT, 0, 0, NULL, 0, 0, NULL,
     "timezone", "local", NULL, NULL,
     "the zone of timestamps without one: utc, local or an IANA name"},

    /* ---- configuration and help ---- */
    {OID_CONFIG, "config", NULL, NULL, OPT_PATH, OPT_CMD_CONFIGURED | GLOBAL,
     0, "FILE", 0, 0, NULL, NULL, NULL, NULL, NULL,
     "read FILE as the configuration"},
    {OID_NO_CONFIG, "no-config", NULL, NULL, OPT_FLAG,
     OPT_CMD_CONFIGURED | GLOBAL, 0, NULL, 0, 0, NULL, NULL, NULL, NULL,
     NULL, "read no configuration file"},
    {OID_LIST, "list", NULL, NULL, OPT_FLAG, OPT_CMD_COMPLETION, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, NULL,
     "list every option of every command, one per line, instead"},
    /* grep's -h is --no-filename, as in grep */
    {OID_HELP, "help", NULL, NULL, OPT_FLAG, GREP, 0, NULL, 0, 0, NULL,
     NULL, NULL, NULL, NULL, "print this help"},
    {OID_HELP, "help", NULL, "h", OPT_FLAG,
     ((OPT_CMD_CONFIGURED | OPT_CMD_COMPLETION) & ~GREP) | GLOBAL, 0, NULL,
     0, 0, NULL, NULL, NULL, NULL, NULL, "print this help"},
    {OID_VERSION, "version", NULL, "V", OPT_FLAG, GREP | GLOBAL, 0, NULL, 0,
     0, NULL, NULL, NULL, NULL, NULL, "print the version"},
    {OID_COUNT_, NULL, NULL, NULL, OPT_FLAG, 0, 0, NULL, 0, 0, NULL, NULL,
     NULL, NULL, NULL, NULL},
};

static int
is_end(const struct opt_def *d)
{
	return d->id == OID_COUNT_;
}

const struct opt_def *
opttab_find(unsigned cmd, const char *name)
{
	for (const struct opt_def *d = opttab; !is_end(d); d++)
		if ((d->cmds & cmd) != 0 &&
		    ((d->name != NULL && strcmp(d->name, name) == 0) ||
		     (d->alias != NULL && strcmp(d->alias, name) == 0)))
			return d;
	return NULL;
}

const struct opt_def *
opttab_find_letter(unsigned cmd, int ch)
{
	for (const struct opt_def *d = opttab; !is_end(d); d++)
		if ((d->cmds & cmd) != 0 && d->letters != NULL && ch != 0 &&
		    strchr(d->letters, ch) != NULL)
			return d;
	return NULL;
}

const struct opt_def *
opttab_find_key(const char *key)
{
	for (const struct opt_def *d = opttab; !is_end(d); d++)
		if (d->conf_key != NULL && strcmp(d->conf_key, key) == 0)
			return d;
	return NULL;
}

const struct opt_def *
opttab_find_id(unsigned cmd, enum opt_id id)
{
	for (const struct opt_def *d = opttab; !is_end(d); d++)
		if (d->id == id && (cmd == 0 || (d->cmds & cmd) != 0))
			return d;
	return NULL;
}

uint64_t
opttab_min(const struct opt_def *d)
{
	long page;

	if (!(d->flags & OPTF_MIN_PAGE))
		return d->min;
	page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uint64_t)page : 4096;
}

void
opttab_words_text(const struct opt_def *d, char *buf, size_t sz)
{
	size_t n = 0, at = 0, k = 0;

	buf[0] = '\0';
	for (const struct opt_word *w = d->words; w && w->word; w++)
		n += !w->synonym;
	for (const struct opt_word *w = d->words; w && w->word; w++) {
		const char *sep;

		if (w->synonym)
			continue;
		sep = k == 0 ? "" : k + 1 == n ? " or " : ", ";
		k++;
		if (at < sz)
			at += (size_t)snprintf(buf + at, sz - at, "%s%s", sep,
			                       w->word);
	}
}

const char *
opttab_word(const struct opt_def *d, int value)
{
	for (const struct opt_word *w = d->words; w && w->word; w++)
		if (!w->synonym && w->value == value)
			return w->word;
	return NULL;
}

int
opttab_word_value(const struct opt_def *d, const char *s, int *value)
{
	for (const struct opt_word *w = d->words; w && w->word; w++)
		if (!w->synonym && strcmp(w->word, s) == 0) {
			*value = w->value;
			return 0;
		}
	return -1;
}

/* The enumeration word arg names (exactly, or by a unique prefix under
 * OPTF_ABBREV); NULL when none or several. */
static const struct opt_word *
find_word(const struct opt_def *d, const char *arg)
{
	const struct opt_word *pick = NULL;
	size_t len = strlen(arg);
	int nocase = (d->flags & OPTF_NOCASE) != 0;

	for (const struct opt_word *w = d->words; w->word; w++)
		if (nocase ? strcasecmp(w->word, arg) == 0
		           : strcmp(w->word, arg) == 0)
			return w;
	if (!(d->flags & OPTF_ABBREV) || len == 0)
		return NULL;
	for (const struct opt_word *w = d->words; w->word; w++)
		if (strncmp(w->word, arg, len) == 0) {
			if (pick != NULL)
				return NULL;
			pick = w;
		}
	return pick;
}

int
opttab_value(const struct opt_def *d, const char *arg, uint64_t *out,
             char *err)
{
	char sub[LS_ERRSZ], words[128];
	const struct opt_word *w;

	*out = 0;
	if (d->flags & OPTF_RAW)
		return 0;
	switch (d->kind) {
	case OPT_NUMBER:
		if (ls_parse_u64(arg, d->min, d->max, out, sub) < 0) {
			ls_errf(err, "bad --%s: %s", d->name, sub);
			return -1;
		}
		return 0;
	case OPT_SIZE:
		if (ls_parse_size(arg, opttab_min(d), d->max, out, sub) < 0) {
			ls_errf(err, "bad --%s: %s", d->name, sub);
			return -1;
		}
		return 0;
	case OPT_ENUM:
		if (arg == NULL || (w = find_word(d, arg)) == NULL) {
			opttab_words_text(d, words, sizeof(words));
			ls_errf(err, "bad --%s value '%s': expected %s", d->name,
			        arg ? arg : "", words);
			return -1;
		}
		*out = (uint64_t)w->value;
		return 0;
	default:
		return 0;
	}
}

const char *
opttab_kind_name(enum opt_kind k)
{
	switch (k) {
	case OPT_FLAG:
		return "flag";
	case OPT_NUMBER:
		return "number";
	case OPT_SIZE:
		return "size";
	case OPT_ENUM:
		return "enum";
	case OPT_TIME:
		return "time";
	case OPT_PATH:
		return "path";
	case OPT_PATTERN:
		return "pattern";
	case OPT_TEXT:
		return "text";
	}
	return "text";
}
