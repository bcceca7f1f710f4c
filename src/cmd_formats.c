#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "timefmt.h"

/*
 * The formats command: one line per timestamp format a time query can use,
 * its name and an example line, in detection order.
 */
void
cmd_formats_help(FILE *out)
{
	cli_print_usage(out, "formats");
	fputs("\n"
	      "List the timestamp formats, one per line: the format's name "
	      "and an example\n"
	      "line.  Detection tries them all on the first lines of a file "
	      "and keeps the one\n"
	      "that parses the most; ties go to the earlier position on the "
	      "line and then to\n"
	      "the order shown.\n",
	      out);
}

int
cmd_formats(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct timefmt_def *d;
	timefmt *h;
	char err[LS_ERRSZ];
	int c, width = 0;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'h')
			return cli_getopt_error("formats", c, argv);
		cmd_formats_help(stdout);
		return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
	}
	if (optind < argc)
		return cli_usage_error("formats", "unexpected argument '%s'",
		                       argv[optind]);
	if (timefmt_open(&h, NULL, err) != 0) {
		cli_warn("%s", err);
		return EXIT_TROUBLE;
	}
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++)
		if ((int)strlen(d->name) > width)
			width = (int)strlen(d->name);
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++)
		printf("%-*s  %s\n", width, d->name, d->example);
	timefmt_close(h);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("write error on standard output");
		return EXIT_TROUBLE;
	}
	return 0;
}
