#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * The formats command is not built yet: it answers --help and otherwise refuses
 * with a clear message rather than pretending to work.
 */
void
cmd_formats_help(FILE *out)
{
	cli_print_usage(out, "formats");
	fputs("\n"
	    "List the built-in and configured timestamp formats with an "
	    "example of each.\n"
	    "(Not yet implemented in this version.)\n", out);
}

int
cmd_formats(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0) {
			cmd_formats_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
	}
	cli_warn("formats: not yet implemented in this version");
	return EXIT_TROUBLE;
}
