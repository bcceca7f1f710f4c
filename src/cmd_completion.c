/*
 * cmd_completion.c - `logscan completion SHELL`: a completion script for
 * bash, zsh or fish, made from the option table, so that it knows every
 * option of every command and the words of those that take one of a few.
 * `make install` installs the three; --list prints the table itself.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cliopt.h"
#include "cmd.h"

void
cmd_completion_help(FILE *out)
{
	cli_print_usage(out, "completion");
	fputs("\n"
	      "Print a completion script for SHELL (bash, zsh or fish), made "
	      "from the same\n"
	      "table of options as the commands and their help.  make install "
	      "puts them where\n"
	      "the shells look (bash-completion, zsh site-functions, fish "
	      "vendor completions).\n"
	      "Try it with: source <(logscan completion bash)\n"
	      "\n",
	      out);
	cliopt_help(out, "completion", 0);
}

int
cmd_completion(int argc, char **argv)
{
	struct options o;
	struct cliopt p;
	const struct opt_def *d;
	const char *arg;
	uint64_t val;
	unsigned set = 0;
	int r, list = 0;

	options_init(&o);
	cliopt_open(&p, "completion", NULL, 0);
	while ((r = cliopt_next(&p, argc, argv, &d, &arg, &val)) == 1) {
		if (d->id == OID_HELP) {
			cliopt_close(&p);
			cmd_completion_help(stdout);
			return fflush(stdout) == 0 ? 0 : EXIT_TROUBLE;
		}
		if (d->id == OID_LIST)
			list = 1;
		else if (cliopt_common(&p, d, arg, val, &o, &set) != 0)
			r = -1;
	}
	cliopt_close(&p);
	if (r != 0)
		return EXIT_TROUBLE;
	if (list) {
		if (optind < argc)
			return cli_usage_error("completion",
			                       "unexpected argument '%s'",
			                       argv[optind]);
		cliopt_list(stdout);
	} else {
		if (optind >= argc)
			return cli_usage_error("completion",
			                       "no shell given: bash, zsh or "
			                       "fish");
		if (optind + 1 < argc)
			return cli_usage_error("completion",
			                       "unexpected argument '%s'",
			                       argv[optind + 1]);
		if (cliopt_completion(stdout, argv[optind]) < 0)
			return cli_usage_error("completion",
			                       "unknown shell '%s': expected "
			                       "bash, zsh or fish",
			                       argv[optind]);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("write error on standard output");
		return EXIT_TROUBLE;
	}
	return 0;
}
