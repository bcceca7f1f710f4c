/*
 * cli.h - the command layer's shared pieces: subcommand dispatch, help and
 * usage messages, and parsers for option values that several commands take.
 * This is the only layer (with the cmd_*.c files) that prints.
 */
#ifndef LOGSCAN_CLI_H
#define LOGSCAN_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "util.h"
#include "window.h"

/* grep's exit statuses, used by every command. */
#define EXIT_SELECTED 0
#define EXIT_NONE 1
#define EXIT_TROUBLE 2

/* A subcommand: argv[0] is the command's name. Returns an exit status. */
typedef int (*cli_run_fn)(int argc, char **argv);
/* Print the command's full help (as for --help) to out. */
typedef void (*cli_help_fn)(FILE *out);

struct cli_command {
	const char *name;
	const char *synopsis; /* arguments after "logscan NAME " */
	const char *summary;  /* one line for the command list */
	cli_run_fn run;
	cli_help_fn help;
};

/* The table of subcommands, terminated by a NULL name. */
extern const struct cli_command cli_commands[];

/* Look a subcommand up by name; NULL if there is none. */
const struct cli_command *cli_find(const char *name);

/* Run logscan with the program's argv; returns the exit status. */
int cli_main(int argc, char **argv);

/*
 * Whether --color=auto means colour: standard output is a terminal, TERM
 * is set and not "dumb", and NO_COLOR (no-color.org) is unset or empty.
 */
int cli_color_auto(void);

/* Set LC_CTYPE from the environment and say whether its codeset is
 * UTF-8. */
int cli_utf8_locale(void);

/* Print "logscan: MESSAGE\n" to stderr. */
void cli_warn(const char *fmt, ...) LS_PRINTF(1, 2);

/* The number of online CPUs (at least 1): -j's default. */
unsigned cli_online_cpus(void);

/*
 * The size of the parts one file is searched in by several threads: the
 * options', else $LOGSCAN_CHUNK_SIZE (for tests, which need parts of a
 * page to put lines on every boundary), else CLI_CHUNK_DEFAULT.  Returns
 * 0, or -1 after saying what is wrong with the variable.
 */
#define CLI_CHUNK_DEFAULT ((uint64_t)16 << 20)
int cli_chunk_size(const struct options *o, uint64_t *out);

/*
 * The one warning about how a compressed log's data ended (cut short, as a
 * log still being compressed is, or followed by garbage): "NAME: gzip data
 * ends early at compressed byte N (...)" when wf's decoder left such a
 * note, nothing otherwise.  Every command that read the data to its end
 * calls it; the warning leaves the exit status alone.  Returns 1 when it
 * warned, else 0.
 */
int cli_warn_data_end(const char *name, const window_file *wf);

/* cli_warn("%s", msg), as a callback for library warnings (arg unused). */
void cli_warn_msg(void *arg, const char *msg);

/*
 * Report that writing standard output failed with errnum: "logscan: write
 * error: Broken pipe" (EPIPE, when SIGPIPE is ignored; otherwise SIGPIPE
 * ends the process first, as it ends grep), "No space left on device"...
 * Commands call it once, then stop writing and exit with EXIT_TROUBLE.
 * No command catches or ignores SIGPIPE: its disposition is inherited.
 */
void cli_write_error(int errnum);

/*
 * Report a usage error for command cmd (NULL for the top level): prints
 * "logscan: MESSAGE", the usage line and a hint to stderr, and returns
 * EXIT_TROUBLE for the caller to return.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) LS_PRINTF(2, 3);

/*
 * Turn getopt_long's '?' or ':' result into a usage error for cmd, naming
 * the offending option as typed.  An unknown long option gets the closest
 * of cmd's options (those its --help shows; for NULL, the global ones) as
 * "did you mean --ignore-case?"; an ambiguous abbreviation lists what it
 * could stand for.  Returns EXIT_TROUBLE.
 */
int cli_getopt_error(const char *cmd, int ret, char **argv);

/*
 * The name among names[0..n) that word most likely is a typo of (by
 * ls_edit_distance, leading "--" aside): the nearest within one edit for a
 * word of up to 4 letters, two up to 8, three beyond; the first of equals.
 * NULL when none is that near.  Returns one of names, not a copy.
 */
const char *cli_closest(const char *word, const char *const *names, size_t n);

/* Print the usage line "Usage: logscan CMD SYNOPSIS" for cmd to out. */
void cli_print_usage(FILE *out, const char *cmd);

/* Print "logscan VERSION" to standard output; returns 0, or EXIT_TROUBLE
 * when it could not be written. */
int cli_print_version(void);

/*
 * Parse --lines A:B (1-based, inclusive): "A:B", "A:" (to the end), ":B"
 * (from the start), "A:+N" (N lines from A), or "A" (that line alone); or
 * sed's "A,B", "A,+N" (A and the N lines after it: N + 1 lines) and "A,$"
 * (to the end).  Stores from/to (to is UINT64_MAX for "to the end").
 * Returns 0, or -1 with err filled.
 */
int cli_parse_lines(const char *s, uint64_t *from, uint64_t *to, char *err);

/*
 * Parse --lines -N: (the last N lines, as tail -n N).  Returns 1 and
 * stores N (at least 1) when s is that form, 0 when s does not start with
 * '-' (another form: see cli_parse_lines()), or -1 with err filled when it
 * starts with '-' but is not -N:.
 */
int cli_parse_lines_last(const char *s, uint64_t *n, char *err);

/*
 * Parse --range START:END (byte offsets, END > START... or equal: an
 * empty range) or START: (to the end of the file, END UINT64_MAX).
 * Returns 0, or -1 with err filled.
 */
int cli_parse_range(const char *s, uint64_t *start, uint64_t *end, char *err);

/*
 * --range (o's range_start and range_end) on the file path open as wf:
 * the lines of the range, those whose first byte lies in it, as a region
 * with the number of its first line (counted, with the index ip's help,
 * only when need_line; else 1), into *own.  Returns 1 when the range is
 * the whole of a compressed file (read as usual: its offsets are not its
 * lines'), 0, or -1 with err filled: a stream, or a part of a compressed
 * file.
 */
int cli_range_region(const struct options *o, const struct index_params *ip,
                     window_file *wf, const char *path, int need_line,
                     struct region *own, char *err);

/*
 * Warn when o->index_dir (from --index-dir or the config) is a directory
 * that others may write without the sticky bit: the indexes in it are not
 * believed (see trust.h).
 */
void cli_check_index_dir(const struct options *o);

/*
 * Options whose unset value is also a valid choice, so that
 * cli_conf_apply() cannot tell "not given" by the value: the command
 * parser collects the ones the command line gave.
 */
#define CLI_SET_COLOR 0x1 /* --color */
#define CLI_SET_INDEX 0x2 /* --index */
#define CLI_SET_IO 0x4    /* --io */

/*
 * Fill what the command line left unset in o with the config c's
 * defaults, so that a flag always wins: window_size, group_lines and
 * group_bytes when 0, index_dir when NULL, color, index_mode and io unless
 * cli_set says the flag was given.  o->index_dir may then point into c,
 * which must outlive o.
 */
struct conf;
void cli_conf_apply(const struct conf *c, struct options *o,
                    unsigned cli_set);

/*
 * Unless o->no_config, find and load the config (o->config_path first:
 * conf_open()) and cli_conf_apply() it.  Returns 0 with *out the config
 * (for conf_free(), and to outlive o) or NULL when there is none, or -1
 * with err filled as conf_open() does.
 */
int cli_conf_layer(struct options *o, unsigned cli_set, struct conf **out,
                   char *err);

/*
 * The library's parameters from the options (and the config c beneath
 * them, may be NULL): what the index, plan and time modules take.  The
 * results point into o and c, which must outlive them.
 */
struct index_params;
struct plan_params;
struct timectx_params;
void cli_index_params(const struct options *o, struct index_params *ip);
void cli_plan_params(const struct options *o, struct plan_params *pp);
void cli_timectx_params(const struct options *o, const struct conf *c,
                        struct timectx_params *tp);

/* Open the time context for o and the config c, its warnings going to
 * stderr.  Returns 0, or reports the error and returns -1. */
int cli_open_timectx(const struct options *o, const struct conf *c,
                     timectx **tc);

/*
 * Layer the config file beneath the flags in o (set: the CLI_SET_* bits
 * of flags it must not override) and open the time context for it.
 * Returns 0 with *conf and *tc for the caller to free, or reports the
 * error and returns EXIT_TROUBLE with nothing left open.
 */
struct timectx;
int cli_open_settings(struct options *o, unsigned set, struct conf **conf,
                      struct timectx **tc);

/*
 * Progress of an index build, for the callbacks of index_build_run() and
 * plan_open(): "\rlogscan: NAME: indexing  42%" on stderr.  The caller shows
 * it only when stderr is a terminal, and calls cli_progress_done() after
 * the build to erase the line if anything was shown.
 */
struct cli_progress {
	const char *name;
	int shown;
	int last_pct;
};

void cli_progress_init(struct cli_progress *p, const char *name);
int cli_progress_show(void *ctx, uint64_t done, uint64_t total);
void cli_progress_done(struct cli_progress *p);

/*
 * After plan_open() for file: when the plan built the file's first index
 * (ps->built_new), say so on stderr, naming the index, unless o asks for
 * quiet (quiet_notes, or grep's -q or -s).  Automatic indexing is never
 * silent the first time.
 */
struct plan_stats;
void cli_note_index(const char *file, const struct plan_stats *ps,
                    const struct options *o);

/* Tell the user that a build waits for another one's lock on the log
 * named by ctx (a const char *). */
void cli_say_waiting(void *ctx);

/*
 * What planning the file named name found out about its index that the
 * user should know, on stderr (ps: its plan's stats): a first index built
 * (cli_note_index()), a stale, corrupt or untrusted index not used, or
 * one that could not be built.
 */
void cli_plan_notes(const char *name, const struct plan_stats *ps,
                    const struct options *o);

/*
 * Open path for reading as o says (window size, decompression, reader),
 * plan the query pa and tm on it (both must outlive the plan), and say
 * cli_plan_notes() under name.  Returns 0 with *wf and *p for the caller
 * to close, or with err filled (without the name) and nothing open: -1
 * when the file cannot be opened, -2 when it cannot be planned (no
 * timestamps, a read error).
 */
struct plan;
struct plan_time;
int cli_open_plan(const char *path, const char *name,
                  const struct options *o, const struct plan_params *pa,
                  const struct plan_time *tm, window_file **wf,
                  struct plan **p, char *err);

#endif
