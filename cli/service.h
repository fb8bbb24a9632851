/* cli/service.h - what poll and run share: the configuration, the
   store, the pipeline and the IMAP poller, opened and closed together. */
#ifndef RG_SERVICE_H
#define RG_SERVICE_H

#include "common/err.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "intake/pipeline.h"
#include "intake/poll.h"
#include "store/store.h"

struct service;	/* opaque: owns config, store, pipeline and poller */

/* Loads the configuration named by g, checks that IMAP intake is
   configured (imap.host and at least one [mailbox]), opens the store,
   initialises the parser and builds the pipeline (no acknowledgement
   hook yet: pipeline_settings.ack stays NULL) and the poller. No network
   yet. Returns a new service owned by the caller, or NULL with err set
   (ERR_FATAL). */
struct ack_ctx;

/* Sets set->ack = ack_hook (outbox/ack.h) and set->ack_ctx = ctx, or
   clears both when ctx is NULL. */
void service_ack_settings(struct ack_ctx *ctx, struct pipeline_settings *set);

struct service *service_open(const struct global_opts *g, struct err *err);
/* Closes everything in reverse order; NULL-safe; sets *svc = NULL. */
void service_close(struct service **svc);

/* Borrowed parts, valid until service_close. */
const struct config *service_config(const struct service *svc);
struct store *service_store(const struct service *svc);
struct poller *service_poller(const struct service *svc);
struct workflow_env *service_workflow(const struct service *svc);

#endif
