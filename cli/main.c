/* cli/main.c - the reportgate program: global options and subcommand
   dispatch (git style: reportgate COMMAND [OPTIONS] [ARGS]). */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoconfig.h"
#include "common/log.h"
#include "cli/commands.h"
#include "cli/glib_log.h"
#include "outbox/mailbuild.h"
#include "outbox/smtp.h"
#include "parsers/parser.h"

const struct command commands[] = {
	{ "parse", cmd_parse, "parse mail files and print the report (no store)" },
	{ "check-config", cmd_check_config,
	  "check the configuration and print it, secrets masked" },
	{ "ingest", cmd_ingest, "file .eml files, Maildir folders and mbox files" },
	{ "refile", cmd_refile, "file a quarantined message again (refile ID)" },
	{ "cases", cmd_cases, "list, search, show and decide cases (cases list|show|accept ...)" },
	{ "listings", cmd_listings, "the listing directory (listings import FILE.csv)" },
	{ "vendors", cmd_vendors, "the directory's vendors with their counts, repeat infringers (vendors list [--json])" },
	{ "send", cmd_send, "send the queued mails over SMTP (--once: what is due)" },
	{ "serve", cmd_serve, "the staff web console (sign-in, loopback)" },
	{ "users", cmd_users, "staff accounts of the console (users add|passwd|disable|list)" },
	{ "report", cmd_report, "the transparency report of a period (--from --to)" },
	{ "portal", cmd_portal, "the public report forms (behind a TLS proxy)" },
	{ "sor", cmd_sor, "statements of reasons for the DSA Transparency Database (sor export|submit)" },
	{ "poll", cmd_poll, "file new mail from the IMAP mailboxes (--once)" },
	{ "run", cmd_run, "the service: IMAP intake with IDLE until SIGTERM" },
	{ NULL, NULL, NULL }
};

static void
main_usage(FILE *f)
{
	fprintf(f, "usage: reportgate [--config FILE] [-v] [--syslog] COMMAND [ARGS]\n"
		"       reportgate --version\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-14s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'reportgate COMMAND --help' for a command's options.\n");
}

/* Looks for --config FILE / --config=FILE, -v and --syslog in argv and
   removes them, so each command's getopt sees only its own options. */
static void
commands_take_global(int *argc, char **argv, struct global_opts *g)
{
	int i, o = 1;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[o++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--config") == 0 && i + 1 < *argc) {
			g->config_path = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--config=", 9) == 0) {
			g->config_path = argv[i] + 9;
			continue;
		}
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			g->verbose++;
			continue;
		}
		if (strcmp(argv[i], "--syslog") == 0) {
			g->use_syslog = 1;
			continue;
		}
		argv[o++] = argv[i];
	}
	argv[o] = NULL;
	*argc = o;
}

/* Runs command c with the libraries' process-wide state set up once:
   GMime (counted: the parsers and mailbuild share it; GMime 3.2.13 cannot
   be initialised again after its last shutdown, so commands never cycle
   it) and libcurl; all released at exit. */
static int
main_run(const struct command *c, int argc, char **argv,
	 const struct global_opts *g)
{
	struct err err = { ERR_NONE, "" };
	int ret;

	if (smtp_global_init(&err) < 0) {
		fprintf(stderr, "reportgate: %s\n", err.msg);
		return 1;
	}
	parser_global_init();
	mailbuild_init();
	ret = c->fn(argc, argv, g);
	mailbuild_shutdown();
	parser_global_shutdown();
	smtp_global_cleanup();
	return ret;
}

int
main(int argc, char **argv)
{
	struct global_opts g = { NULL, 0, 0 };
	const struct command *c;

	setlocale(LC_ALL, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
	commands_take_global(&argc, argv, &g);
	log_init(g.verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO, g.use_syslog);
	glib_log_install();
	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("reportgate %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return 0;
	}
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return main_run(c, argc - 1, argv + 1, &g);
	fprintf(stderr, "reportgate: unknown command '%s'\n", argv[1]);
	main_usage(stderr);
	return 2;
}
