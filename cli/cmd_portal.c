/* cli/cmd_portal.c - reportgate portal: the public reporting portal
   until SIGTERM or SIGINT (docs/SPEC.md §8). It files
   confirmed forms through the pipeline of ingest and poll, with the
   same acknowledgements and workflow; the mails it queues are sent by
   `reportgate send` or `run`. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/wallclock.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/service.h"
#include "intake/pipeline.h"
#include "outbox/ack.h"
#include "parsers/setup.h"
#include "portal/portal.h"
#include "workflow/workflow.h"

static void
portal_usage(FILE *f)
{
	fprintf(f, "usage: reportgate portal [--listen HOST:PORT]\n\n"
		"Serves the public report forms (/report/ip, /report/abuse) and\n"
		"files a form once the address it gives opens the link mailed to\n"
		"it. --listen defaults to [portal] listen (127.0.0.1:8090); PORT 0\n"
		"takes any free port (logged as portal.listening). Needs [portal]\n"
		"base_url and [smtp] from. Serve it behind a TLS reverse proxy.\n"
		"Stops on SIGTERM or SIGINT.\n");
}

int
cmd_portal(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pipeline_settings ps = { 0 };
	struct portal_settings set = { 0 };
	struct parser_rules *rules = NULL;
	struct workflow_env *wf = NULL;
	struct pipeline *pipeline = NULL;
	struct ack_ctx *ack = NULL;
	struct config *cfg = NULL;
	struct store *s = NULL;
	struct portal *p = NULL;
	struct parser_cfg pcfg;
	struct web_listen l;
	const char *listen = NULL;
	bool pcfg_set = false;
	sigset_t sigs, old;
	struct err err;
	int c, sig, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'h': portal_usage(stdout); return 0;
		default: portal_usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		portal_usage(stderr);
		return 2;
	}
	err_clear(&err);
	if ((cfg = config_load(g->config_path, &err)) == NULL)
		goto fail;
	if (web_listen_parse(listen != NULL ? listen : cfg->portal_listen, &l,
			     &err) < 0)
		goto fail;
	if ((s = store_open_group(cfg->store_path, cfg->attachments_dir,
				  cfg->store_group, &err)) == NULL)
		goto fail;
	if (setup_parser_cfg(cfg, &pcfg, &rules, &err) < 0)
		goto fail;
	pcfg_set = true;
	if (ack_setup(cfg, &ack, &err) < 0)
		goto fail;
	ps.store = s;
	ps.config = cfg;
	ps.clock = wallclock_now;
	service_ack_settings(ack, &ps);
	if ((wf = workflow_env_new(cfg, s, "portal", &err)) == NULL)
		goto fail;
	ps.workflow = workflow_on_message;
	ps.workflow_ctx = wf;
	if ((pipeline = pipeline_new(&ps, &err)) == NULL)
		goto fail;
	set.cfg = cfg;
	set.store = s;
	set.pipeline = pipeline;
	set.parser_cfg = &pcfg;
	set.clock = wallclock_now;
	/* blocked before the daemon's thread starts, which inherits it */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	if ((p = portal_start(&l, &set, &err)) == NULL) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	if (sigwait(&sigs, &sig) != 0)
		sig = 0;
	log_info("portal", "portal.stop", "signal=%s",
		 sig == SIGTERM ? "TERM" : sig == SIGINT ? "INT" : "?");
	portal_stop(&p);
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "reportgate portal: %s\n", err.msg);
out:
	pipeline_free(&pipeline);
	ack_free(&ack);
	workflow_env_free(&wf);
	if (pcfg_set)
		parser_cfg_clear(&pcfg);
	parser_rules_free(&rules);
	store_close(&s);
	config_free(&cfg);
	return ret;
}
