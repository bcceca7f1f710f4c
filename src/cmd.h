/*
 * cmd.h - the subcommands.  Each takes argv with argv[0] the command's name,
 * parses its own options and returns an exit status (0 selected, 1 none,
 * 2 trouble).  The *_help functions print the command's --help text.
 */
#ifndef LOGSCAN_CMD_H
#define LOGSCAN_CMD_H

#include <stdio.h>

int cmd_grep(int argc, char **argv);
void cmd_grep_help(FILE *out);
int cmd_slice(int argc, char **argv);
void cmd_slice_help(FILE *out);
int cmd_index(int argc, char **argv);
void cmd_index_help(FILE *out);
int cmd_info(int argc, char **argv);
void cmd_info_help(FILE *out);
int cmd_formats(int argc, char **argv);
void cmd_formats_help(FILE *out);
int cmd_hist(int argc, char **argv);
void cmd_hist_help(FILE *out);
int cmd_plan(int argc, char **argv);
void cmd_plan_help(FILE *out);
int cmd_config(int argc, char **argv);
void cmd_config_help(FILE *out);
int cmd_completion(int argc, char **argv);
void cmd_completion_help(FILE *out);

#endif
