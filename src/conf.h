/*
 * conf.h - the YAML configuration file: where it is, and what it says.
 *
 * The file sets defaults for command-line options and defines timestamp
 * formats.  Loading checks everything (types, ranges, names, that each
 * regex compiles and each layout and zone is usable), so a loaded config
 * can be applied without further errors.  (The module is "conf", not
 * "config", because config.h is autoconf's.)
 */
#ifndef LOGSCAN_CONF_H
#define LOGSCAN_CONF_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "color.h"
#include "index.h"
#include "layout.h"
#include "tz.h"
#include "window.h"

/* Limits on the defaults, the same as the command line's; the window
 * size's lower bound is the page size. */
#define CONF_WINDOW_SIZE_MAX ((uint64_t)1 << 30)
#define CONF_GROUP_LINES_MIN ((uint64_t)1)
/* -j/--threads and the threads key: at most this many. */
#define CONF_THREADS_MAX ((uint64_t)1024)
#define CONF_GROUP_LINES_MAX ((uint64_t)UINT32_MAX)
#define CONF_GROUP_BYTES_MIN ((uint64_t)1)
#define CONF_GROUP_BYTES_MAX ((uint64_t)1 << 40)

/* The largest config file read, a guard against pointing it at a log. */
#define CONF_FILE_MAX ((size_t)1 << 20)

/* One entry of the formats: list. */
struct conf_format {
	char *name;       /* unique among the config's formats */
	char *regex;      /* as written */
	pcre2_code *code; /* regex, no options; JIT-compiled if possible */
	uint32_t group;   /* capture group with the timestamp: "ts", else 1 */
	layout *layout;
	char *timezone;     /* as written, or NULL: the default zone */
	tz *zone;           /* timezone opened, or NULL */
	unsigned long line; /* where the entry starts in the file, 1-based */
};

/* One entry of zone-aliases: an ambiguous zone abbreviation's offset. */
struct conf_alias {
	char *abbr;         /* "IST": one of timegram_ambiguous_zone()'s */
	int32_t offset;     /* seconds east of UTC */
	char *text;         /* the offset as written */
	unsigned long line; /* where it is in the file, 1-based */
};

struct conf {
	char *path; /* the file it was read from */

	/* defaults: each key is optional; a have_ flag says it was given */
	int have_window_size;
	size_t window_size;
	uint64_t threads; /* 0 when not given */
	int have_index_mode;
	enum index_mode index_mode;
	char *index_dir; /* NULL when not given; a leading ~ expanded */
	int have_group_lines;
	uint64_t group_lines;
	int have_group_bytes;
	uint64_t group_bytes;
	int have_color;
	enum color_mode color;
	int have_io;
	enum window_io io;
	int have_index_wait;
	uint64_t index_wait_ms; /* index-wait, in milliseconds */
	int have_index_notes;
	int index_notes; /* 0: no notes about indexes on stderr */
	char *timezone; /* NULL when not given */
	tz *zone;       /* timezone opened, or NULL */

	struct conf_format *formats; /* in file order */
	size_t nformats;

	struct conf_alias *aliases; /* zone-aliases, in file order */
	size_t naliases;
};

/*
 * Decide which config file applies: explicit (from --config) if not NULL,
 * else $LOGSCAN_CONFIG if set and not empty, else
 * $XDG_CONFIG_HOME/logscan/config.yaml, else ~/.config/logscan/config.yaml,
 * the last two only if they exist.  Returns 1 and a path in *path (the
 * caller frees it), 0 when there is no config, or -1 with err filled
 * ("PATH: reason") when a candidate exists but cannot be examined.
 */
int conf_find(const char *explicit, char **path, char *err);

/*
 * Read and check the config file at path.  Returns 0 and a config for
 * conf_free(), or -1 with err filled as "PATH:LINE:COLUMN: what is wrong,
 * expected what" (or "PATH: reason" when it cannot be read, or is a FIFO,
 * socket or directory: "not a regular file"; a character device such as
 * /dev/null is read); the caller
 * prints it after "logscan: ".  LINE and COLUMN are 1-based and point at
 * the offending value (or key, for an unknown or duplicate key).
 */
int conf_load(const char *path, struct conf **out, char *err);

/*
 * Like conf_load(), from len bytes at data, with name standing for the
 * path in messages and in the result.
 */
int conf_load_buffer(const char *name, const char *data, size_t len,
                     struct conf **out, char *err);

/*
 * The command layer's one call: find the config (explicit, from --config,
 * first: see conf_find()) and load it.  Returns 0 with *out the config
 * (for conf_free()) or NULL when there is none, or -1 with err filled as
 * conf_load() does, and naming where the file's name came from when the
 * file itself cannot be had ("PATH: config file (given with --config):
 * No such file or directory").
 */
int conf_open(const char *explicit, struct conf **out, char *err);

/*
 * The zone of zone-less timestamps and of --since/--until, for tz_open():
 * "utc" when utc (--utc) is set, else the config's timezone, else "local".
 * c may be NULL.
 */
const char *conf_zone_name(const struct conf *c, int utc);

/*
 * Write a byte count as a config or flag would give it: 4K, 64M, 1G when
 * exact, else in bytes ("1000").  buf is NUL-terminated and truncated to
 * sz bytes.
 */
void conf_size_text(char *buf, size_t sz, uint64_t v);

/* The format called name (case-insensitive), or NULL. */
const struct conf_format *conf_format_find(const struct conf *c,
                                           const char *name);

/* Free a config; accepts NULL. */
void conf_free(struct conf *c);

#endif
