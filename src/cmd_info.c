#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * The info command is not built yet: it answers --help and otherwise refuses
 * with a clear message rather than pretending to work.
 */
void
cmd_info_help(FILE *out)
{
	cli_print_usage(out, "info");
	fputs("\n"
	    "Print, as YAML, what the index knows about each FILE: lines, "
	    "size, time span,\n"
	    "timestamp format and whether the index is fresh.\n"
	    "(Not yet implemented in this version.)\n", out);
}

int
cmd_info(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			cmd_info_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
	}
	cli_warn("info: not yet implemented in this version");
	return EXIT_TROUBLE;
}
