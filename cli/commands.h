/* cli/commands.h - the subcommands of reportgate. Each lives in its
   own cli/cmd_*.c, parses its own options (getopt_long) and returns
   the exit status of SPEC §8: 0 success, 1 failure explained, 2 usage. */
#ifndef RG_COMMANDS_H
#define RG_COMMANDS_H

/* Options common to every command, parsed by main.c before the command
   name or in the command's own argv (--config FILE, -v, --syslog). */
struct global_opts {
	const char *config_path;	/* NULL: $REPORTGATE_CONFIG, then /etc */
	int verbose;
	int use_syslog;
};

typedef int command_fn(int argc, char **argv, const struct global_opts *g);

struct command {
	const char *name;
	command_fn *fn;
	const char *summary;
};

/* The table of commands, ending with a zeroed entry (main.c). */
extern const struct command commands[];

command_fn cmd_parse;
command_fn cmd_check_config;
command_fn cmd_ingest;
command_fn cmd_cases;
command_fn cmd_poll;
command_fn cmd_run;
command_fn cmd_listings;
command_fn cmd_send;
command_fn cmd_serve;
command_fn cmd_users;
command_fn cmd_portal;
command_fn cmd_sor;
command_fn cmd_vendors;
command_fn cmd_report;
command_fn cmd_refile;

#endif
