/*
 * cliopt.h - the command line made from the option table (opttab.h):
 * getopt_long's arrays for a command, reading its options with their
 * values checked, the options part of its --help, the options every
 * command shares, and shell completions.
 */
#ifndef LOGSCAN_CLIOPT_H
#define LOGSCAN_CLIOPT_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "opttab.h"

/* What getopt_long returns for a long option: CLIOPT_LONG + its index in
 * opttab (short letters come back as themselves). */
#define CLIOPT_LONG 0x400

/* A command's parser: its getopt_long arrays. */
struct cliopt {
	const char *cmd; /* "grep"; NULL for the options before a command */
	unsigned bit;    /* its OPT_CMD_* */
	char shortopts[160];
	struct option *longopts;
};

/* The OPT_CMD_* bit of command name (NULL: the global options), or 0
 * for a command that takes no options. */
unsigned cliopt_cmd_bit(const char *cmd);

/*
 * Make cmd's getopt_long arrays from the table.  extra: short letters the
 * command reads itself besides (grep's -NUM digits), or NULL; a leading
 * '+' stops at the first operand.  Free with cliopt_close().
 */
void cliopt_open(struct cliopt *p, const char *cmd, const char *extra,
                 int stop_at_operand);
void cliopt_close(struct cliopt *p);

/*
 * Read the next option: returns 1 with *d its entry, *arg its argument
 * (NULL for a flag, or an optional one left off) and *val the value of
 * a number, size or enumeration, checked against the table's range or
 * words; 2 with *d NULL and *val the character for one of extra's
 * letters; 0 after the last option (optind then at the first operand);
 * or -1 after reporting a usage error (unknown option, missing argument,
 * bad value naming the option and what it accepts): the caller returns
 * EXIT_TROUBLE.
 */
int cliopt_next(struct cliopt *p, int argc, char **argv,
                const struct opt_def **d, const char **arg, uint64_t *val);

/*
 * Apply an option that several commands share (lines, times, the index,
 * reading, the configuration) to o; *set collects the CLI_SET_* bits of
 * flags the config must not override.  Returns 0 when applied, 1 when d
 * is none of these (the command's own), or EXIT_TROUBLE after reporting
 * a bad value.
 */
int cliopt_common(const struct cliopt *p, const struct opt_def *d,
                  const char *arg, uint64_t val, struct options *o,
                  unsigned *set);

/*
 * Set o to the built-in defaults, the bottom layer beneath the config
 * file, the environment and the command line: everything zero except
 * max_count and with_filename (-1: no limit, decide by the number of
 * files) and the line range (1 to the end).
 */
void options_init(struct options *o);

/*
 * A command's own options, for cliopt_parse(): apply d (with arg and
 * val as cliopt_next() gives them) to the command's state ctx.  Returns
 * 0, or EXIT_TROUBLE after reporting a bad value.
 */
typedef int (*cliopt_own_fn)(void *ctx, const struct opt_def *d,
                             const char *arg, uint64_t val);

/* cliopt_parse()'s result when the command goes on to its operands. */
#define CLIOPT_GO (-1)

/*
 * Read command cmd's options into o (shared ones: cliopt_common()) and
 * through own (the rest; NULL when it has none); -h/--help prints help
 * (the command's help function).  Returns CLIOPT_GO with optind at the
 * first operand, or an exit status to return at once (0 after --help,
 * EXIT_TROUBLE after a usage error).
 */
int cliopt_parse(const char *cmd, int argc, char **argv, struct options *o,
                 unsigned *set, cliopt_own_fn own, void *ctx,
                 void (*help)(FILE *));

/*
 * Print the options of cmd, one per line, as --help shows them ("  -e,
 * --regexp=PATTERN  use PATTERN ..."), wrapped at 79 columns; under
 * headings when sectioned (grep's), else under "Options:".
 */
void cliopt_help(FILE *out, const char *cmd, int sectioned);

/*
 * Print a completion script for shell ("bash", "zsh" or "fish") to out.
 * Returns 0, or -1 for another shell.
 */
int cliopt_completion(FILE *out, const char *shell);

/* Print every option of every command, one per line: command, long
 * name, short letters, kind, argument, config key, default and "global"
 * for one that may also come before the command, separated by tabs ("-"
 * for none). */
void cliopt_list(FILE *out);

#endif
