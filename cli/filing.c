/* cli/filing.c - the filing pipeline of ingest and refile (filing.h). */
#include <string.h>

#include "common/wallclock.h"
#include "cli/filing.h"
#include "cli/service.h"
#include "outbox/ack.h"
#include "workflow/workflow.h"

int
filing_open(struct filing *f, const struct config *cfg, struct store *store,
	    struct err *err)
{
	struct pipeline_settings set = { 0 };

	memset(f, 0, sizeof(*f));
	if (ack_setup(cfg, &f->ack, err) < 0 ||
	    (f->wf = workflow_env_new(cfg, store, "intake", err)) == NULL)
		goto fail;
	set.store = store;
	set.config = cfg;
	set.clock = wallclock_now;
	service_ack_settings(f->ack, &set);
	set.workflow = workflow_on_message;
	set.workflow_ctx = f->wf;
	if ((f->pipeline = pipeline_new(&set, err)) == NULL)
		goto fail;
	return 0;
fail:
	filing_close(f);
	return -1;
}

void
filing_close(struct filing *f)
{
	pipeline_free(&f->pipeline);
	ack_free(&f->ack);
	workflow_env_free(&f->wf);
}
