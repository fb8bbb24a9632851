/* cli/service.c - opens and closes what the long-running commands
   (poll, run) need, in dependency order. */
#include <malloc.h>
#include <stdlib.h>

#include "common/mem.h"
#include "common/wallclock.h"
#include "outbox/ack.h"
#include "cli/open.h"
#include "cli/service.h"
#include "common/wallclock.h"
#include "workflow/workflow.h"
#include "parsers/parser.h"

struct service {
	struct config *config;		/* owned */
	struct store *store;		/* owned */
	struct pipeline *pipeline;	/* owned */
	struct poller *poller;		/* owned */
	struct ack_ctx *ack;		/* owned; NULL: no acknowledgements */
	struct workflow_env *workflow;	/* owned: mails by the parties */
	bool parser_up;			/* parser_global_init was called */
};

struct service *
service_open(const struct global_opts *g, struct err *err)
{
	struct service *svc = xcalloc(1, sizeof(*svc));
	struct pipeline_settings ps = { 0 };
	struct poll_settings pl = { 0 };
	struct config *cfg;

	/* One malloc arena for the whole intake process: glibc gives each
	   thread that allocates (parse workers, filing and sync threads)
	   an arena of its own, and memory freed in one stays there, so
	   every arena grew to its own peak. Over 2,000 report-shaped
	   messages (bench/e2e.sh --report-shaped) poll's peak RSS was
	   38.6 MiB with the default arenas, 33.2 with two, 29.7 with one
	   (bench/README.md). Before any thread starts. */
	mallopt(M_ARENA_MAX, 1);
	if ((svc->config = config_load(g->config_path, err)) == NULL)
		goto fail;
	cfg = svc->config;
	if (cfg->imap_host == NULL || *cfg->imap_host == '\0') {
		err_set(err, ERR_FATAL, "imap.host is empty: no IMAP intake "
			"configured (%s)", cfg->path ? cfg->path : "defaults");
		cli_explain_defaults(cfg, err);
		goto fail;
	}
	if (cfg->n_mailboxes == 0) {
		err_set(err, ERR_FATAL, "no [mailbox NAME] group: nothing to "
			"poll (%s)", cfg->path ? cfg->path : "defaults");
		goto fail;
	}
	svc->store = store_open_group(cfg->store_path, cfg->attachments_dir,
				      cfg->store_group, err);
	if (svc->store == NULL) {
		cli_explain_defaults(cfg, err);
		goto fail;
	}
	parser_global_init();
	svc->parser_up = true;
	ps.store = svc->store;
	ps.config = cfg;
	/* filing times honour RG_NOW like every command (docs/SPEC.md §8) */
	ps.clock = wallclock_now;
	/* the same hooks as ingest: answers, and the workflow moves that
	   mails from the parties make (counter-notices, ACCEPT/REJECT,
	   replies to evidence requests) */
	if (ack_setup(cfg, &svc->ack, err) < 0)
		goto fail;
	service_ack_settings(svc->ack, &ps);
	if ((svc->workflow = workflow_env_new(cfg, svc->store, "intake",
					      err)) == NULL)
		goto fail;
	ps.workflow = workflow_on_message;
	ps.workflow_ctx = svc->workflow;
	if ((svc->pipeline = pipeline_new(&ps, err)) == NULL)
		goto fail;
	pl.config = cfg;
	pl.store = svc->store;
	pl.pipeline = svc->pipeline;
	svc->poller = poll_new(&pl);
	return svc;
fail:
	service_close(&svc);
	return NULL;
}

void
service_close(struct service **svcp)
{
	struct service *svc;

	if (svcp == NULL || (svc = *svcp) == NULL)
		return;
	poll_free(&svc->poller);
	pipeline_free(&svc->pipeline);
	ack_free(&svc->ack);
	workflow_env_free(&svc->workflow);
	if (svc->parser_up)
		parser_global_shutdown();
	store_close(&svc->store);
	config_free(&svc->config);
	free(svc);
	*svcp = NULL;
}

const struct config *
service_config(const struct service *svc)
{
	return svc->config;
}

struct store *
service_store(const struct service *svc)
{
	return svc->store;
}

struct poller *
service_poller(const struct service *svc)
{
	return svc->poller;
}

struct workflow_env *
service_workflow(const struct service *svc)
{
	return svc->workflow;
}

void
service_ack_settings(struct ack_ctx *ctx, struct pipeline_settings *set)
{
	set->ack = ctx != NULL ? ack_hook : NULL;
	set->ack_ctx = ctx;
}
