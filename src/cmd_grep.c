#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * The grep command is not built yet: it answers --help and otherwise refuses
 * with a clear message rather than pretending to work.
 */
void
cmd_grep_help(FILE *out)
{
	cli_print_usage(out, "grep");
	fputs("\n"
	    "Search each FILE (or standard input) for lines matching PATTERN, "
	    "with grep's\n"
	    "options and exit status; --since/--until and --lines limit "
	    "the search.\n"
	    "(Not yet implemented in this version.)\n", out);
}

int
cmd_grep(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			cmd_grep_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
	}
	cli_warn("grep: not yet implemented in this version");
	return EXIT_TROUBLE;
}
