/* workflow/workflow.h - the case workflow at work (docs/WORKFLOW.md): the
   staff decisions of `reportgate cases ...`, what a party's mail does to
   its case (counter-notices, ACCEPT/REJECT, answers to evidence
   requests), and the deadline check. Each staff decision is ONE
   transaction: state machine (store_case_transition), event with who,
   when and why, and the mails it sends, queued with mailq. A refused
   move changes nothing and says why. */
#ifndef RG_WORKFLOW_H
#define RG_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/report.h"
#include "common/config.h"
#include "outbox/mailq.h"
#include "store/store.h"
#include "templates/template.h"

/* What every workflow call works with; borrowed unless made by
   workflow_env_new. */
struct workflow_env {
	const struct config *cfg;	/* language, business_days */
	struct store *store;
	struct mailq *mailq;		/* NULL: mails are off (no smtp.from):
					   the case moves, nothing is queued */
	const char *actor;		/* who: the staff member's name */
	time_t now;
	struct template_set *own_templates;	/* workflow_env_new's */
	unsigned char *link_key;	/* workflow_env_new's: key of the
					   counter-notice links in vendor
					   notices, NULL for none */
	size_t link_key_len;
};

/* Returns a new environment on cfg and store (borrowed; they must
   outlive it) with actor (borrowed) and now = wallclock_now(): it loads
   the templates (built-in plus intake.templates_dir) and the mail queue,
   or leaves mailq NULL when smtp.from is empty. Owned by the caller
   (workflow_env_free); NULL with err set (ERR_FATAL: templates or
   smtp.from wrong). */
struct workflow_env *workflow_env_new(const struct config *cfg,
				      struct store *store, const char *actor,
				      struct err *err);
/* Frees e with its templates and mail queue; NULL-safe; *e = NULL. */
void workflow_env_free(struct workflow_env **e);

/* The staff decisions on the case ref. Each returns 0 when done, or -1
   with err set: ERR_MSG with the state machine's sentence when the move
   is refused (nothing changed), or when ref names no case or an argument
   is wrong; ERR_TEMP/ERR_FATAL from the store or the mail queue (nothing
   committed). reason/text are the staff member's words, kept in the
   event and put into the mails. */

/* accept; on an IP case whose listings have vendors in the directory,
   also notify_vendor: one vendor_notice per vendor naming its listings,
   the rights claimed and the rights holder's contact information.
   Listings missing from the directory are flagged on the case. */
int workflow_accept(const struct workflow_env *e, const char *ref,
		    const char *reason, struct err *err);
/* reject: case_rejected to the reporter, with reason. */
int workflow_reject(const struct workflow_env *e, const char *ref,
		    const char *reason, struct err *err);
/* request_info: request_info to the reporter with text and, when days
   is not 0, a deadline days (calendar or business) days from now. */
int workflow_request_info(const struct workflow_env *e, const char *ref,
			  const char *text, unsigned days, struct err *err);
/* request_evidence from party "vendor" (each vendor of the case's
   listings) or "rights_holder" (the reporter): one evidence request per
   address with the deadline days days from now, and an evidence_request
   mail to each. */
int workflow_request_evidence(const struct workflow_env *e, const char *ref,
			      const char *party, unsigned days,
			      const char *text, struct err *err);
/* act: what is removal, posting_restriction, suspension, termination
   (enforce) or reinstate; decision mails to the reporter and the
   vendors. */
int workflow_act(const struct workflow_env *e, const char *ref,
		 const char *what, const char *reason, struct err *err);
/* close: no mail. */
int workflow_close(const struct workflow_env *e, const char *ref,
		   const char *reason, struct err *err);
/* note: an event "case.note" only, allowed in every status. */
int workflow_note(const struct workflow_env *e, const char *ref,
		  const char *text, struct err *err);

/* The pipeline's workflow hook (pipeline_settings.workflow, ctx a struct
   workflow_env whose store and now are replaced by the arguments): runs
   inside the filing transaction once message msg_id with report r has
   joined case case_id (ref). The pipeline calls it only for an
   authenticated party (sender: role reporter or vendor, and how it was
   authenticated; SPEC §12); with a
   sender that is not authenticated it does nothing. An answer from a
   party with an open evidence request satisfies it. A counter_notice
   from a vendor of the
   case's listings moves the case to counter_noticed and forwards the
   text to the rights holder; from anyone else it flags the case. A
   counter_notice_response from the reporter moves it to
   counter_accepted / counter_rejected and tells both sides; from anyone
   else it flags the case. A move the state machine refuses is recorded
   as an event. Returns 0, or -1 with err set (rolls the message back). */
int workflow_on_message(void *ctx, struct store *store, int64_t case_id,
			int64_t msg_id, const char *ref,
			const struct report *r, const struct sender *sender,
			time_t now, struct err *err);

/* The deadline check, for `run` and `cases list --overdue`: every open
   evidence request whose deadline passed before now and that had no
   reminder yet gets one evidence_reminder (overdue) to its party and an
   event "evidence_request.overdue"; one transaction per request.
   Returns the number of reminders queued, or -1 with err set. */
int workflow_deadlines(struct store *store, struct mailq *mq, time_t now,
		       struct err *err);

#endif
