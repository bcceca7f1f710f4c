#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * The slice command is not built yet: it answers --help and otherwise refuses
 * with a clear message rather than pretending to work.
 */
void
cmd_slice_help(FILE *out)
{
	cli_print_usage(out, "slice");
	fputs("\n"
	    "Print the lines of each FILE that fall in a time range "
	    "(--since inclusive,\n"
	    "--until exclusive) or a line range (--lines A:B, 1-based, "
	    "inclusive).\n"
	    "(Not yet implemented in this version.)\n", out);
}

int
cmd_slice(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			cmd_slice_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
	}
	cli_warn("slice: not yet implemented in this version");
	return EXIT_TROUBLE;
}
