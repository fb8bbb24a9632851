/* cli/cmd_serve.c - reportgate serve (SPEC §8): the staff web console
   until SIGTERM or SIGINT. Loopback only, unless the configuration's
   [web] listen names another address: a public address is never taken
   from the command line alone. Staff sign in with their accounts
   (reportgate users), or a trusted proxy names the account ([web]
   user_header); with no account at all serve refuses to start.
   Read-only unless --allow-decisions or [web] decisions = true;
   decisions are recorded as "web:ACCOUNT". */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/signals.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "console/auth.h"
#include "console/web.h"
#include "web/web_guard.h"
#include "store/store.h"

static void
serve_usage(FILE *f)
{
	fprintf(f, "usage: reportgate serve [--listen HOST:PORT] "
		"[--allow-decisions]\n\n"
		"Serves the staff web console (case list and search, cases with\n"
		"their messages, attachments, outbox and events, quarantine).\n"
		"--listen defaults to [web] listen (127.0.0.1:8080); PORT 0 takes\n"
		"any free port (logged as web.listening). An address outside\n"
		"127.0.0.0/8 and ::1 is served only when [web] listen names it.\n"
		"Staff sign in at /login with an account of `reportgate users`\n"
		"(or [web] user_header names the account, set by a trusted\n"
		"proxy); serve refuses to start while there is no account.\n"
		"--allow-decisions (or [web] decisions = true) lets staff decide\n"
		"cases from the console as far as their role allows; it is\n"
		"read-only otherwise. Decisions are recorded as web:ACCOUNT.\n"
		"Stops on SIGTERM or SIGINT.\n");
}

/* Decides where to listen. Returns 0, or -1 after printing why. */
static int
serve_where(const struct config *cfg, const char *opt, struct web_listen *l)
{
	const char *spec = opt != NULL ? opt : cfg->web_listen;
	struct err err;

	err_clear(&err);
	if (web_listen_parse(spec, l, &err) < 0) {
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		return -1;
	}
	/* The default is loopback, so a public [web] listen was written
	   on purpose; --listen may repeat it but not introduce another. */
	if (!l->loopback && strcmp(spec, cfg->web_listen) != 0) {
		fprintf(stderr, "reportgate serve: %s is not a loopback "
			"address; it is served there only when the "
			"configuration says\n"
			"  [web]\n  listen = %s\n", spec, spec);
		return -1;
	}
	return 0;
}

int
cmd_serve(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "allow-decisions", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config *cfg = NULL;
	struct store *s = NULL;
	struct web *w = NULL;
	struct web_settings ws = { 0 };
	struct web_limits limits = { 0 };
	struct web_listen l;
	const char *listen = NULL;
	bool decisions = false;
	int64_t accounts = 0;
	struct err err;
	int c, sig, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'd': decisions = true; break;
		case 'h': serve_usage(stdout); return 0;
		default: serve_usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		serve_usage(stderr);
		return 2;
	}
	if (auth_init() < 0) {
		fprintf(stderr, "reportgate serve: libsodium cannot be "
			"initialised\n");
		return 1;
	}
	err_clear(&err);
	if ((cfg = config_load(g->config_path, &err)) == NULL) {
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		return 1;
	}
	if (serve_where(cfg, listen, &l) < 0)
		goto out;
	if ((s = store_open_group(cfg->store_path, cfg->attachments_dir,
				  cfg->store_group, &err)) == NULL) {
		cli_explain_defaults(cfg, &err);
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		goto out;
	}
	if (store_account_count(s, &accounts, &err) < 0) {
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		goto out;
	}
	if (accounts == 0) {
		fprintf(stderr, "reportgate serve: there is no staff account "
			"yet, so nobody could sign in; add one first:\n"
			"  reportgate users add NAME --role admin\n"
			"(the password is read from standard input)\n");
		goto out;
	}
	/* Blocked before the daemon's thread starts, so it inherits the
	   mask and the signals wait for signals_wait below. The mask stays
	   to the end: a second signal during shutdown must not kill the
	   process with exit status 143. */
	signals_init();
	ws.cfg = cfg;
	ws.decisions = decisions || cfg->web_decisions;
	ws.user_header = cfg->web_user_header;
	ws.https = cfg->web_https;
	ws.login_failures = cfg->web_login_failures;
	ws.lockout_seconds = cfg->web_lockout_minutes * 60;
	ws.session_idle = cfg->web_session_idle_minutes * 60;
	ws.session_max = cfg->web_session_hours * 3600;
	ws.allowed_hosts = cfg->web_allowed_hosts;
	limits.header_timeout_seconds = cfg->web_header_timeout_seconds;
	if ((w = web_start(&l, &limits, &ws, s, &err)) == NULL) {
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		goto out;
	}
	sig = signals_wait();
	log_info("web", "web.stop", "signal=%s",
		 sig == SIGTERM ? "TERM" : sig == SIGINT ? "INT" : "?");
	web_stop(&w);
	ret = 0;
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
}
