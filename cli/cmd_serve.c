/* cli/cmd_serve.c - reportgate serve (SPEC §8): the staff web console
   until SIGTERM or SIGINT. Loopback only, unless the configuration's
   [web] listen names another address: a public address is never taken
   from the command line alone. Read-only unless --allow-decisions or
   [web] decisions = true; decisions are recorded as "web:NAME", NAME
   from [web] user_header's proxy header, else --as, else the login. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/signals.h"
#include "cli/cmd_cases.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "console/web.h"
#include "web/web_guard.h"
#include "store/store.h"

static void
serve_usage(FILE *f)
{
	fprintf(f, "usage: reportgate serve [--listen HOST:PORT] "
		"[--allow-decisions] [--as NAME]\n\n"
		"Serves the staff web console (case list and search, cases with\n"
		"their messages, attachments, outbox and events, quarantine).\n"
		"--listen defaults to [web] listen (127.0.0.1:8080); PORT 0 takes\n"
		"any free port (logged as web.listening). An address outside\n"
		"127.0.0.0/8 and ::1 is served only when [web] listen names it.\n"
		"--allow-decisions (or [web] decisions = true) lets staff decide\n"
		"cases from the console; it is read-only otherwise. Decisions are\n"
		"recorded as web:NAME: NAME from the proxy header [web]\n"
		"user_header when set, else --as NAME, else the login name.\n"
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
			"address; the console has no login, so it is served "
			"there only when the configuration says\n"
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
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config *cfg = NULL;
	struct store *s = NULL;
	struct web *w = NULL;
	struct web_settings ws = { 0 };
	struct web_listen l;
	const char *listen = NULL, *as = NULL;
	char actor[8 + WEB_GUARD_USER_MAX];
	bool decisions = false;
	struct err err;
	int c, sig, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'd': decisions = true; break;
		case 'a': as = optarg; break;
		case 'h': serve_usage(stdout); return 0;
		default: serve_usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		serve_usage(stderr);
		return 2;
	}
	if (as == NULL)
		as = cases_act_login();
	if (!web_guard_user_ok(as)) {
		fprintf(stderr, "reportgate serve: the staff name must be 1 to "
			"%d printable ASCII characters (--as NAME)\n",
			WEB_GUARD_USER_MAX);
		return 2;
	}
	snprintf(actor, sizeof(actor), "web:%s", as);
	err_clear(&err);
	if ((cfg = config_load(g->config_path, &err)) == NULL) {
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
		return 1;
	}
	if (serve_where(cfg, listen, &l) < 0)
		goto out;
	if ((s = store_open(cfg->store_path, cfg->attachments_dir,
			    &err)) == NULL) {
		cli_explain_defaults(cfg, &err);
		fprintf(stderr, "reportgate serve: %s\n", err.msg);
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
	ws.allowed_hosts = cfg->web_allowed_hosts;
	ws.actor = actor;
	if ((w = web_start(&l, NULL, &ws, s, &err)) == NULL) {
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
