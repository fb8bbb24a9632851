/* cli/filing.h - the filing pipeline of the commands that file mail
   outside the IMAP service (ingest, refile): the pipeline with its
   acknowledgement hook and the workflow hook, opened and closed
   together. */
#ifndef RG_FILING_H
#define RG_FILING_H

#include "common/config.h"
#include "common/err.h"
#include "intake/pipeline.h"
#include "store/store.h"

struct ack_ctx;
struct workflow_env;

struct filing {
	struct pipeline *pipeline;	/* owned */
	struct ack_ctx *ack;		/* owned */
	struct workflow_env *wf;	/* owned */
};

/* Builds f's pipeline over store and cfg (both borrowed, outliving f):
   acknowledgements as configured, and mail from the parties moving their
   cases (counter-notices, ACCEPT/REJECT, answers to evidence requests)
   as "intake". Returns 0, or -1 with err set and f left empty. */
int filing_open(struct filing *f, const struct config *cfg,
		struct store *store, struct err *err);
/* Frees what f owns; NULL-safe members. */
void filing_close(struct filing *f);

#endif
