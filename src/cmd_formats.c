#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "conf.h"
#include "timefmt.h"
#include "userfmt.h"

/*
 * The formats command: one line per timestamp format a time query can use,
 * its name, its origin and an example, in detection order.
 */
void
cmd_formats_help(FILE *out)
{
	cli_print_usage(out, "formats");
	fputs("\n"
	      "List the timestamp formats, one per line: the format's name, "
	      "where it comes\n"
	      "from (built-in, or the configuration file and line that "
	      "defines it) and an\n"
	      "example.  Detection tries them all on the first lines of a "
	      "file and keeps the\n"
	      "one that parses the most; ties go to the earlier position on "
	      "the line and then\n"
	      "to the order shown, configured formats first.\n"
	      "\n"
	      "Options:\n"
	      "      --config FILE       read FILE as the configuration\n"
	      "      --no-config         read no configuration file\n"
	      "  -h, --help              print this help\n",
	      out);
}

/* Where a format comes from: "built-in" or "PATH:LINE". */
static const char *
origin(const struct timefmt_def *d)
{
	return userfmt_origin(d) != NULL ? d->summary : "built-in";
}

int
cmd_formats(int argc, char **argv)
{
	enum { OPT_HELP = CLI_OPT_PRIVATE };
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, CLI_OPT_CONFIG},
	    {"no-config", no_argument, NULL, CLI_OPT_NO_CONFIG},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	const struct timefmt_def *d;
	struct options o;
	struct conf *conf = NULL;
	userfmt *u = NULL;
	timefmt *h = NULL;
	char err[LS_ERRSZ];
	int c, width = 0, owidth = 0, status = EXIT_TROUBLE;
	unsigned set = 0; /* flags the config must not override */
	int r;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			cmd_formats_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		default:
			if ((r = cli_common_option("formats", c, optarg, &o,
			                           &set, argv)) != 0)
				return r;
			break;
		}
	}
	if (optind < argc)
		return cli_usage_error("formats", "unexpected argument '%s'",
		                       argv[optind]);
	if (conf_layer(&o, set, &conf, err) != 0 ||
	    timefmt_open(&h, NULL, err) != 0) {
		cli_warn("%s", err);
		goto out;
	}
	if (conf != NULL) {
		u = userfmt_open(conf);
		if (userfmt_add_all(u, h, err) != 0) {
			cli_warn("%s: %s", conf->path, err);
			goto out;
		}
	}
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++) {
		if ((int)strlen(d->name) > width)
			width = (int)strlen(d->name);
		if ((int)strlen(origin(d)) > owidth)
			owidth = (int)strlen(origin(d));
	}
	for (size_t i = 0; (d = timefmt_def_at(h, i)) != NULL; i++)
		printf("%-*s  %-*s  %s\n", width, d->name, owidth, origin(d),
		       d->example);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_warn("write error on standard output");
	else
		status = 0;
out:
	timefmt_close(h);
	userfmt_free(u);
	conf_free(conf);
	return status;
}
