/*
 * main.c - logscan's entry point: everything lives in the library; this
 * only dispatches to the subcommand.
 */
#include "config.h"

#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
