#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * The index command is not built yet: it answers --help and otherwise refuses
 * with a clear message rather than pretending to work.
 */
void
cmd_index_help(FILE *out)
{
	cli_print_usage(out, "index");
	fputs("\n"
	    "Build or refresh the sidecar index FILE.lsidx of each FILE: "
	    "line and time\n"
	    "checkpoints that let later queries read only what they need.\n"
	    "(Not yet implemented in this version.)\n", out);
}

int
cmd_index(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			cmd_index_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
	}
	cli_warn("index: not yet implemented in this version");
	return EXIT_TROUBLE;
}
