/* outbox/ack.h - the acknowledgement of each report and follow-up: the
   pipeline's ack hook (pipeline_ack_fn), deciding inside the filing
   transaction whether, to whom, in which language and with which
   template the sender is answered, and queueing the answer (mailq).
   ingest and poll set it up the same way:

	struct ack_ctx *ack = NULL;
	if (ack_setup(cfg, &ack, &err) < 0) ...fail...;
	service_ack_settings(ack, &pipeline_settings);	(cli/service.h)
	...
	ack_free(&ack);				(after pipeline_free)
*/
#ifndef RG_ACK_H
#define RG_ACK_H

#include "common/err.h"
#include "common/config.h"
#include <stdint.h>
#include "common/report.h"
#include "common/sender.h"
#include "store/store.h"

struct ack_ctx;	/* opaque: templates, mail queue, gateway addresses */

/* Prepares acknowledgements from cfg: loads the templates (built-in
   directory plus intake.templates_dir) and the mail queue (smtp.from,
   intake.message_id_host, ack limits); the clock is wallclock_now().
   When smtp.from is empty, acknowledgements are off: returns 0 with
   *ctx_r = NULL (logged once). Returns 0 and a context owned by the
   caller (ack_free) in *ctx_r, or -1 with err set (ERR_FATAL: a template
   or setting is wrong). cfg is borrowed and must outlive the context. */
int ack_setup(const struct config *cfg, struct ack_ctx **ctx_r,
	      struct err *err);
/* Frees ctx; NULL-safe; sets *ctx = NULL. */
void ack_free(struct ack_ctx **ctx);

/* The pipeline's acknowledgement hook, of the type pipeline_ack_fn
   (intake/pipeline.h; ctx: a struct ack_ctx). For ip_report and
   abuse_report: ack_complete or ack_incomplete (missing items, form) by
   the case's missing list; for follow_up: followup_received with what
   this message added (new listings, its documents) and what the case
   still lacks, or, when the sender is not authenticated, that the mail
   was only recorded for staff to review (recorded_only); counter_notice and counter_notice_response: nothing (the
   staff workflow answers those). Suppressed answers (ackpolicy: machines,
   lists, DMARC fail from the trusted authserv-id, our own addresses; rate
   limits) get an event "ack.suppressed" {reason} on the case. The answer
   goes to ackpolicy_address (From; a Reply-To only in From's domain with
   DMARC pass) without a display name. A sender that is not authenticated
   (sender NULL or !sender->authenticated) gets the short form: the same
   template without the text it chose (display name, subject, listing
   URLs, attachment names, rights holder). The link to the reporter's
   page (status_url) goes only to the case's reporter or submitter.
   Language:
   the report's (en/zh), else intake.language. Threading: In-Reply-To the
   sender's Message-ID, References theirs + it. Returns 0, or -1 with err
   set on a store or template error (the message is rolled back). */
int ack_hook(void *ctx, struct store *store, int64_t case_id,
	     int64_t msg_id, const char *ref, const struct report *report,
	     const struct sender *sender, struct err *err);

#endif
