/* cli/cmd_check_config.c - reportgate check-config (SPEC §8): loads the
   configuration, checks what can be checked without a network (keys,
   values, the rules file), and prints the effective configuration as INI
   with secrets masked. Exit 0, or 1 with the group.key error on stderr. */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "parsers/setup.h"

static void
cmd_check_config_usage(FILE *f)
{
	fprintf(f, "usage: reportgate [--config FILE] check-config\n"
		"\nChecks the configuration file (--config FILE, else "
		"$REPORTGATE_CONFIG,\nelse " CONFIG_DEFAULT_PATH ") and prints "
		"the effective configuration\nas INI, secrets masked, with a "
		"comment under each file the service\nreads saying whether "
		"this user can read it.\n"
		"Exit status: 0 valid, 1 an error naming group.key, 2 bad "
		"usage.\n");
}

int
cmd_check_config(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct err err = { ERR_NONE, "" };
	struct config *cfg = NULL;
	struct parser_cfg pcfg;
	struct parser_rules *rules = NULL;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_check_config_usage(stdout);
			return 0;
		default:
			cmd_check_config_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		cmd_check_config_usage(stderr);
		return 2;
	}
	cfg = config_load(g->config_path, &err);
	if (cfg == NULL)
		goto out;
	if (setup_parser_cfg(cfg, &pcfg, &rules, &err) < 0)
		goto out;
	parser_cfg_clear(&pcfg);
	parser_rules_free(&rules);
	config_print(cfg, stdout);
	if (fflush(stdout) != 0) {
		err_set(&err, ERR_FATAL, "cannot write the output");
		goto out;
	}
	ret = 0;
out:
	if (ret != 0)
		fprintf(stderr, "reportgate check-config: %s\n", err.msg);
	config_free(&cfg);
	return ret;
}
