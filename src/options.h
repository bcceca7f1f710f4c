/*
 * options.h - the one options struct the command layer fills from the
 * command line (over the config file's defaults) and passes down as const.
 */
#ifndef LOGSCAN_OPTIONS_H
#define LOGSCAN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "color.h"
#include "index.h"
#include "scan.h"
#include "window.h"

/* How grep reads its patterns: -G (the default), -E, -F, -P. */
enum pattern_dialect { DIALECT_BRE = 0, DIALECT_ERE, DIALECT_FIXED,
	DIALECT_PCRE };
/* -d ACTION (-r is recurse). */
enum dir_action { DIRS_READ = 0, DIRS_SKIP, DIRS_RECURSE };
/* -D ACTION: by default devices, FIFOs and sockets named on the command
 * line are read and those found by recursion skipped, as in grep. */
enum dev_action { DEVS_DEFAULT = 0, DEVS_READ, DEVS_SKIP };

struct options {
	/* grep: patterns, from -e, -f or the first operand */
	char **patterns;
	size_t *pattern_lens; /* their lengths (-f's may hold NUL bytes) */
	size_t npatterns;
	enum pattern_dialect dialect; /* -G, -E, -F, -P: the last wins */
	int ignore_case;	 /* -i */
	int word;		 /* -w */
	int line_regexp;	 /* -x */
	int invert;		 /* -v */
	int count;		 /* -c */
	int files_with_matches;	 /* -l */
	int files_without_match; /* -L */
	int quiet;		 /* -q */
	int no_messages;	 /* -s */
	int line_number;	 /* -n */
	int byte_offset;	 /* -b */
	int only_matching;	 /* -o */
	int with_filename;	 /* -H 1, -h 0, -1 decide by file count */
	int64_t max_count;	 /* -m; -1 = no limit */
	uint64_t after;		 /* -A */
	uint64_t before;	 /* -B */
	enum binary_mode binary; /* -a, -I */
	enum color_mode color;	 /* --color */
	enum dir_action directories; /* -d; -r and -R recurse */
	int dereference;	 /* -R: follow every symbolic link */
	enum dev_action devices; /* -D */
	int null_name;		 /* -Z */
	int null_data;		 /* -z: lines are NUL-terminated records */
	int align_tabs;		 /* -T */
	const char *group_separator; /* --group-separator; NULL: "--" */
	int no_group_separator;	 /* --no-group-separator */

	/* windows and reporting */
	size_t window_size; /* --window-size; 0 = default */
	enum window_io io;  /* --io; WINDOW_IO_AUTO by default */
	int stats;	    /* --stats */
	unsigned threads;   /* -j/--threads; 0 = the config's, else the
	                       number of online CPUs */
	uint64_t chunk_size; /* bytes per part of one file searched by
	                        several threads; 0 = the default
	                        (LOGSCAN_CHUNK_SIZE, for tests) */
	enum window_decomp decompress; /* --decompress, --no-decompress */

	/* --lines A:B (1-based, inclusive; line_to UINT64_MAX = to the end) */
	int have_lines;
	uint64_t line_from;
	uint64_t line_to;
	uint64_t line_last; /* --lines -N: N, the last N lines of each file
	                       (line_from/line_to then 1/UINT64_MAX until
	                       set per file); 0 = not given */

	/* --merge: the entries of all files as one timeline (merge.h) */
	int merge;

	/* --range START:END: only the lines whose first byte lies in
	 * [range_start, range_end) (range_end UINT64_MAX: to the end) */
	int have_range;
	uint64_t range_start;
	uint64_t range_end;
	int range_report; /* --range-report: a line on stderr per file for
	                     a runner that combines ranges (logscan-dask) */

	/* --since / --until as typed; resolved by the time module */
	const char *since;
	const char *until;
	const char *time_format; /* --time-format NAME */
	int utc;		 /* --utc */
	int year;		 /* --year; 0 = from the file's mtime */

	/* index */
	enum index_mode index_mode; /* --index */
	const char *index_dir;	    /* --index-dir */
	uint64_t group_lines;	    /* --group-lines; 0 = default */
	uint64_t group_bytes;	    /* --group-bytes; 0 = default */
	int have_index_wait;	    /* the config's index-wait was given */
	uint64_t index_wait_ms;	    /* how long a query waits for another
				       builder (see plan.h) */

	/* no notes on stderr about indexes (one written for a time query,
	 * one without timestamps): slice's and index's -q, or the config's
	 * index-notes: false; grep's -s and -q also silence them */
	int quiet_notes;

	/* config */
	const char *config_path; /* --config */
	int no_config;		 /* --no-config */

	/* operands */
	char **files;
	size_t nfiles;
};

#endif
