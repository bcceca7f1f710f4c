/*
 * opttab.h - the one table of logscan's options.
 *
 * Every option of every command is one entry: its long name, short
 * letters, the kind of argument it takes (with the range of a number, the
 * words of an enumeration), the commands that accept it, its key in the
 * configuration file, its default and its help text.  The command line's
 * getopt arrays, each command's --help, `logscan config`, the checks of
 * the configuration file's defaults and the shell completions are all
 * made from it (see cliopt.h); a test holds the man page to it.  Adding
 * an option is one entry here plus its effect in the command.
 *
 * The table is data only, in the library so that the config loader checks
 * its keys with it: it never sees argv or the command layer.
 */
#ifndef LOGSCAN_OPTTAB_H
#define LOGSCAN_OPTTAB_H

#include <stddef.h>
#include <stdint.h>

/* What an option's argument is. */
enum opt_kind {
	OPT_FLAG,    /* no argument */
	OPT_NUMBER,  /* a whole number from min to max */
	OPT_SIZE,    /* a byte count from min to max, with K, M, G, T */
	OPT_ENUM,    /* one of words */
	OPT_TIME,    /* a time, as --since takes it */
	OPT_PATH,    /* a file or directory name */
	OPT_PATTERN, /* a regular expression */
	OPT_TEXT     /* other text the command reads itself (a line range,
	                a format name, a glob, a bucket width) */
};

/* The commands, as bits of opt_def.cmds. */
enum opt_cmd {
	OPT_CMD_GREP = 1u << 0,
	OPT_CMD_SLICE = 1u << 1,
	OPT_CMD_HIST = 1u << 2,
	OPT_CMD_INDEX = 1u << 3,
	OPT_CMD_INFO = 1u << 4,
	OPT_CMD_FORMATS = 1u << 5,
	OPT_CMD_CONFIG = 1u << 6,
	OPT_CMD_COMPLETION = 1u << 7,
	/* before the command: logscan --config FILE grep ... */
	OPT_CMD_GLOBAL = 1u << 8,
	OPT_CMD_PLAN = 1u << 9,
};

/* Every command that reads the configuration. */
#define OPT_CMD_CONFIGURED                                                  \
	(OPT_CMD_GREP | OPT_CMD_SLICE | OPT_CMD_HIST | OPT_CMD_INDEX |     \
	 OPT_CMD_INFO | OPT_CMD_FORMATS | OPT_CMD_CONFIG | OPT_CMD_PLAN)
/* The commands that read logs through windows. */
#define OPT_CMD_READERS                                                     \
	(OPT_CMD_GREP | OPT_CMD_SLICE | OPT_CMD_HIST | OPT_CMD_INDEX)
/* The commands that read timestamps. */
#define OPT_CMD_TIMED (OPT_CMD_READERS | OPT_CMD_INFO | OPT_CMD_FORMATS)

/* opt_def.flags */
#define OPTF_OPTIONAL_ARG 0x1 /* --color[=WHEN]: the argument may be left
                                 off, and is then NULL */
#define OPTF_MIN_PAGE 0x2     /* the least value is the page size */
#define OPTF_NOCASE 0x4       /* enum words in any letter case */
#define OPTF_ABBREV 0x8       /* an enum word may be cut short where
                                 that is not ambiguous, as grep allows */
#define OPTF_RAW 0x10         /* a number the command reads by its own
                                 rules (grep's -m, -A: GNU's) */

/* What getopt_long returns for an option (opt_def.id); the short
 * letters come back as these too (see cliopt_next()). */
enum opt_id {
	/* patterns */
	OID_REGEXP = 0,
	OID_PATTERN_FILE,
	OID_BASIC_REGEXP,
	OID_EXTENDED_REGEXP,
	OID_FIXED_STRINGS,
	OID_PERL_REGEXP,
	OID_IGNORE_CASE,
	OID_NO_IGNORE_CASE,
	OID_WORD_REGEXP,
	OID_LINE_REGEXP,
	/* selection and output */
	OID_INVERT_MATCH,
	OID_COUNT,
	OID_FILES_WITH_MATCHES,
	OID_FILES_WITHOUT_MATCH,
	OID_QUIET,
	OID_NO_MESSAGES,
	OID_MAX_COUNT,
	OID_LINE_NUMBER,
	OID_BYTE_OFFSET,
	OID_ONLY_MATCHING,
	OID_WITH_FILENAME,
	OID_NO_FILENAME,
	OID_NULL,
	OID_NULL_DATA,
	OID_INITIAL_TAB,
	OID_LABEL,
	OID_AFTER_CONTEXT,
	OID_BEFORE_CONTEXT,
	OID_CONTEXT,
	OID_GROUP_SEPARATOR,
	OID_NO_GROUP_SEPARATOR,
	OID_COLOR,
	OID_LINE_BUFFERED,
	OID_FOLLOW,
	OID_JSON,
	OID_MERGE,
	OID_BY,
	OID_FORMAT,
	/* files */
	OID_TEXT,
	OID_SKIP_BINARY,
	OID_BINARY_FILES,
	OID_RECURSIVE,
	OID_DEREFERENCE_RECURSIVE,
	OID_DIRECTORIES,
	OID_DEVICES,
	OID_INCLUDE,
	OID_EXCLUDE,
	OID_EXCLUDE_FROM,
	OID_EXCLUDE_DIR,
	OID_BINARY,
	OID_LINES,
	OID_RANGE,
	OID_RANGE_REPORT,
	OID_TASK_SIZE,
	/* time ranges and the index */
	OID_SINCE,
	OID_UNTIL,
	OID_TIME_FORMAT,
	OID_UTC,
	OID_YEAR,
	OID_INDEX,
	OID_INDEX_DIR,
	OID_GROUP_LINES,
	OID_GROUP_BYTES,
	OID_FORCE,
	OID_DETECT,
	/* reading */
	OID_WINDOW_SIZE,
	OID_IO,
	OID_DECOMPRESS,
	OID_NO_DECOMPRESS,
	OID_THREADS,
	OID_STATS,
	OID_QUIET_NOTES,
	/* settings without a flag: keys of the configuration only */
	OID_INDEX_WAIT,
	OID_INDEX_NOTES,
	OID_TIMEZONE,
	/* configuration and help */
	OID_CONFIG,
	OID_NO_CONFIG,
	OID_LIST,
	OID_HELP,
	OID_VERSION,
	OID_COUNT_ /* not an option: the number of ids */
};

/* One word of an OPT_ENUM option and the value it stands for. */
struct opt_word {
	const char *word;
	int value;
	int synonym; /* accepted, but not listed in help or messages */
};

struct opt_def {
	enum opt_id id;
	const char *name;    /* long name without "--"; NULL: a config key
	                        only, or a short letter only */
	const char *alias;   /* another long name ("colour"), or NULL */
	const char *letters; /* its short letters ("iy"), or NULL */
	enum opt_kind kind;
	unsigned cmds;  /* the OPT_CMD_* bits of the commands taking it */
	unsigned flags; /* OPTF_* */
	const char *arg; /* the argument's name in help ("NUM"), or NULL */
	uint64_t min, max; /* OPT_NUMBER, OPT_SIZE */
	const struct opt_word *words; /* OPT_ENUM; ends with a NULL word */
	const char *conf_key; /* its key under defaults: in the config */
	const char *dflt;     /* the default as the config shows it */
	const char *usage;    /* help's left column, when not made from the
	                         names ("-C, --context=NUM, -NUM") */
	const char *section;  /* grep's help heading; NULL: "Other" */
	const char *help;     /* the help text, one sentence, no newline */
};

/* The table, ending with an entry whose name and letters are NULL and
 * whose cmds is 0. */
extern const struct opt_def opttab[];

/* The entry command bit cmd (one OPT_CMD_*) takes by long name; NULL
 * when it takes none. */
const struct opt_def *opttab_find(unsigned cmd, const char *name);

/* The entry cmd takes as short letter ch, or NULL. */
const struct opt_def *opttab_find_letter(unsigned cmd, int ch);

/* The entry for configuration key key, or NULL when there is none. */
const struct opt_def *opttab_find_key(const char *key);

/* The entry with id id that cmd takes, or NULL. */
const struct opt_def *opttab_find_id(unsigned cmd, enum opt_id id);

/*
 * Read arg as d's value: a number or size within d's range, or one of an
 * enumeration's words (its value stored).  The least value of an
 * OPTF_MIN_PAGE option is the page size.  Returns 0, or -1 with err
 * filled as "bad --NAME: ..." naming the accepted range or words.
 * Other kinds are the command's to read: they return 0 with *out 0.
 */
int opttab_value(const struct opt_def *d, const char *arg, uint64_t *out,
                 char *err);

/* The least value of a number or size d (the page size for
 * OPTF_MIN_PAGE). */
uint64_t opttab_min(const struct opt_def *d);

/* d's words as "a, b or c" into buf (NUL-terminated, truncated to sz). */
void opttab_words_text(const struct opt_def *d, char *buf, size_t sz);

/* The word of enumeration d that stands for value, or NULL. */
const char *opttab_word(const struct opt_def *d, int value);

/* The value of enumeration d's word s, exactly as listed (no synonym,
 * letter case or abbreviation: the config's rule), in *value; returns 0,
 * or -1 when s is none of them. */
int opttab_word_value(const struct opt_def *d, const char *s, int *value);

/* The name of kind k as the completions and lists show it ("size"). */
const char *opttab_kind_name(enum opt_kind k);

#endif
