/* workflow/workflow-int.h - what workflow.c, workflow_mail.c and
   deadlines.c share: a case loaded with everything its mails name. */
#ifndef RG_INTAKE_WORKFLOW_INT_H
#define RG_INTAKE_WORKFLOW_INT_H

#include "workflow/workflow.h"

/* A case and what its mails need; every member owned. */
struct workflow_case {
	struct store_case *c;
	struct store_vendor *vendors;
	size_t n_vendors;
	struct store_right *rights;
	size_t n_rights;
	struct store_listing *listings;
	size_t n_listings;
	struct store_message *msgs;
	size_t n_msgs;
	char lang[8];		/* the reporter's language, "" unknown */
};

/* Loads case ref into *wc (workflow_case_free). ERR_MSG when no case. */
int workflow_case_load(struct store *s, const char *ref,
		       struct workflow_case *wc, struct err *err);
void workflow_case_free(struct workflow_case *wc);
/* The reporter's address (the From of the first message; else the
   submitter's email), borrowed from wc; may be NULL. */
const char *workflow_reporter(const struct workflow_case *wc);
/* The answer language: [intake] language (en | zh). Static. */
const char *workflow_lang(const struct workflow_env *e);
/* The language of a mail to to_addr: the reporter's own language when
   to_addr is the reporter's (SPEC §7: answers follow the
   report's language), else [intake] language. Static or borrowed from wc. */
const char *workflow_lang_to(const struct workflow_env *e,
			     const struct workflow_case *wc,
			     const char *to_addr);
/* New values for any workflow template on wc (owned by the caller):
   ackvars_fill of the case, plus reason, request.text, deadline,
   vendor.name, counter.text, accepted, overdue and action set empty. */
struct tvars *workflow_vars(const struct workflow_env *e,
			    const struct workflow_case *wc, const char *lang);
/* Sets listings and recipient.name to vendor vd's. */
void workflow_vars_vendor(struct tvars *v, const struct store_vendor *vd);
/* Queues template_name (also the outbox kind) to to_addr (nothing when
   NULL or empty), threaded under the last message to_addr sent on the
   case. */
int workflow_send(const struct workflow_env *e, const struct workflow_case *wc,
		  const char *template_name, const char *lang,
		  const struct tvars *v, const char *to_name,
		  const char *to_addr, struct err *err);
/* workflow_send with files passed on as attachments (borrowed); the
   queued mail's outbox id into *outbox_id_r (0: none queued; may be
   NULL). */
int workflow_send_files(const struct workflow_env *e,
			const struct workflow_case *wc,
			const char *template_name, const char *lang,
			const struct tvars *v, const char *to_name,
			const char *to_addr,
			const struct mail_attachment *files, size_t nfiles,
			int64_t *outbox_id_r, struct err *err);
/* Appends an event of type by e->actor with up to two string fields. */
int workflow_event(const struct workflow_env *e, int64_t case_id,
		   int64_t msg_id, const char *type, const char *k1,
		   const char *v1, const char *k2, const char *v2,
		   struct err *err);

/* Appends an event of type by e->actor: {"field": field, "old": old,
   "new": new_value}. */
int workflow_event3(const struct workflow_env *e, int64_t case_id,
		    const char *type, const char *field, const char *old,
		    const char *new_value, struct err *err);
/* Moves wc's case by the state machine (store_case_transition); a
   refusal becomes ERR_MSG "REF: cannot ACTION: why". Returns 0 or -1. */
int workflow_move(const struct workflow_env *e, const struct workflow_case *wc,
		  enum case_action action, enum enforcement enf,
		  const char *actor, const char *reason, struct err *err);
/* The frame of every staff decision: loads case ref and runs fn in one
   transaction, rolled back when fn or the commit fails. Returns 0 or -1
   with err set. */
typedef int workflow_fn(const struct workflow_env *e,
			const struct workflow_case *wc, const void *arg,
			struct err *err);
int workflow_run(const struct workflow_env *e, const char *ref,
		 workflow_fn *fn, const void *arg, struct err *err);
/* workflow_run, also on a held case (workflow_run refuses it with
   ERR_MSG: "held: release it first"): for release, close, note and
   unflag. */
int workflow_run_any(const struct workflow_env *e, const char *ref,
		     workflow_fn *fn, const void *arg, struct err *err);

/* standing.c (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"). After wc was rejected as manifestly unfounded: marks it,
   counts its reporter's unfounded notices in the window, and warns or
   suspends that reporter as e->policy says (mail reporter_warning).
   Returns 0 or -1. */
int workflow_standing_unfounded(const struct workflow_env *e,
				const struct workflow_case *wc,
				struct err *err);
/* After a removal on wc: each vendor of wc whose removals in the window
   reach the threshold is recorded a repeat infringer (event
   "vendor.repeat_infringer" on wc). Returns 0 or -1. */
int workflow_standing_removed(const struct workflow_env *e,
			      const struct workflow_case *wc,
			      struct err *err);
/* release's step inside the transaction (ERR_MSG when wc is not held). */
int workflow_standing_release(const struct workflow_env *e,
			      const struct workflow_case *wc, const void *arg,
			      struct err *err);
/* Ends every open listing of wc (no_action) after a reject or close,
   closes the evidence requests that no longer wait and re-derives the
   status. Returns 0 or -1. */
int workflow_end_listings(const struct workflow_env *e,
			  const struct workflow_case *wc, struct err *err);
/* Re-derives wc's status after listing moves (store_case_derive) and
   closes the evidence requests whose listings are all decided. */
int workflow_derive(const struct workflow_env *e,
		    const struct workflow_case *wc, enum listing_action action,
		    const char *actor, int64_t msg_id, const char *enforcement,
		    struct err *err);
/* Decision mails (removal, or reinstatement when reinstate) about the
   listings ids to the reporter and each vendor concerned (its own
   listings only), leaving out the party at address skip (NULL: none).
   Returns 0 or -1. */
int workflow_tell_decision(const struct workflow_env *e,
			   const struct workflow_case *wc, bool reinstate,
			   const char *reason, const struct strv *ids,
			   const char *skip, struct err *err);
/* complaints.c: when r (message msg_id, from an authenticated party of
   case ref, sender snd) replies to a decision mail of the case sent to
   its From less than WORKFLOW_COMPLAINT_MONTHS ago, opens a complaint
   (docs/WORKFLOW.md "Complaints"): the listings it concerns go to
   complaint, the case is flagged, complaint_received answers. Returns 1
   when it was a complaint, 0 when not (nothing done), -1 on error. */
int workflow_complaint_on_mail(const struct workflow_env *e, int64_t case_id,
			       int64_t msg_id, const char *ref,
			       const struct report *r,
			       const struct sender *snd, struct err *err);
/* sor.c: the statement of reasons of a decision mail telling vendor vd
   (a copy naming only the listings concerned) of restriction (removal,
   posting_restriction, suspension, termination) on case wc, in lang:
   rendered from template statement_of_reasons with every element filled
   from the case and o (NULL: defaults), stored (one row per listing
   removed, or one for the account) and set as "statement" in dv, the
   decision mail's values. Returns 0 or -1 with err set. */
int workflow_sor_issue(const struct workflow_env *e,
		       const struct workflow_case *wc, const char *restriction,
		       const struct workflow_sor_opts *o, const char *reason,
		       const struct store_vendor *vd, const char *lang,
		       struct tvars *dv, struct err *err);

/* The vendor of wc with address email (case-insensitive), or NULL. */
const struct store_vendor *workflow_vendor(const struct workflow_case *wc,
					   const char *email);
/* The track of listing listing_id of wc, or -1 when wc has none. */
int workflow_track(const struct workflow_case *wc, const char *listing_id);

#endif
