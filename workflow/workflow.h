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
#include "common/noticepolicy.h"
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
	struct notice_policy policy;	/* workflow_env_new's, from [dsa] */
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
/* request_evidence from one party: party "vendor" with vendor the
   address of one vendor of the case's listings (NULL: the case's only
   vendor), or "rights_holder" (the reporter). One evidence request and
   one evidence_request mail, to that party only. */
int workflow_request_evidence_from(const struct workflow_env *e,
				   const char *ref, const char *party,
				   const char *vendor, unsigned days,
				   const char *text, struct err *err);
/* accept, notifying the vendors of the listings named (NULL or empty:
   every listing of the case): one vendor_notice per vendor naming only
   its listings. On a case already accepted, with listings named, only
   notifies those still reported. */
int workflow_accept_listings(const struct workflow_env *e, const char *ref,
			     const char *reason, const struct strv *listings,
			     struct err *err);
/* act on listings or on a vendor's account. what: removal or reinstate
   on the listings named (NULL or empty: every listing of the case that
   can move); posting_restriction, suspension or termination on vendor's
   account (NULL: every vendor of the case). A decision mail goes to each
   vendor concerned, naming its listings, and one to the reporter naming
   all of them. */
int workflow_act_on(const struct workflow_env *e, const char *ref,
		    const char *what, const struct strv *listings,
		    const char *vendor, const char *reason, struct err *err);
/* What the statement of reasons of a restricting decision rests on (DSA
   Art. 17, docs/WORKFLOW.md "Statements of reasons"). Borrowed; NULL or
   0 members take the defaults. */
struct workflow_sor_opts {
	const char *ground;		/* illegal | terms; NULL: the ground a
					   case opened on staff's initiative
					   has, else illegal on the IP stream
					   and terms on the abuse stream */
	const char *explanation;	/* NULL: the case's own-initiative
					   explanation, else the reason */
	time_t until;			/* end of a suspension or posting
					   restriction; 0: until further
					   notice */
};
/* workflow_act_on with the statement of reasons' ground, explanation
   and duration (sor may be NULL). Each decision mail to a vendor about a
   restriction (removal, posting_restriction, suspension, termination)
   carries a statement of reasons in the mail's language, stored with
   the decision (one per listing removed or per account). ERR_MSG when
   sor->ground is not illegal or terms, or until is given on another
   action than suspension or posting_restriction or is not in the
   future. */
int workflow_act_dsa(const struct workflow_env *e, const char *ref,
		     const char *what, const struct strv *listings,
		     const char *vendor, const char *reason,
		     const struct workflow_sor_opts *sor, struct err *err);
/* sor_json.c: the puid under which statement st goes to the
   Transparency Database, "REF-SID" (letters, digits and '-' only; the id
   is never reused). New string owned by the caller. */
char *workflow_sor_puid(const struct store_statement *st);
/* Appends statement st as one line of the Transparency Database's JSON
   (no newline; docs/SPEC.md §8 "sor export") to out. */
void workflow_sor_json(const struct store_statement *st, struct buf *out);

/* close-request: closes open evidence request id of the case; no
   reminder follows. ERR_MSG when it is not open. */
int workflow_close_request(const struct workflow_env *e, const char *ref,
			   int64_t id, struct err *err);
/* unflag: clears needs_staff with an event naming reason. ERR_MSG when
   the case is not flagged. */
int workflow_unflag(const struct workflow_env *e, const char *ref,
		    const char *reason, struct err *err);
/* What cases set corrects; NULL / empty: unchanged. Borrowed. */
struct workflow_set {
	const char *rights_holder;
	const char *organisation;	/* the submitter's */
	const struct strv *rights;	/* "TYPE:JURISDICTION:NUMBER" each;
					   replace the rights claimed */
};
/* set: applies set to case ref, one event "case.set" {field, old, new}
   per field changed; later mails use the new values. ERR_MSG when
   nothing is given or a --right is malformed. */
int workflow_set_fields(const struct workflow_env *e, const char *ref,
			const struct workflow_set *set, struct err *err);
/* move: re-files case ref in stream ("ip" | "abuse"): a new reference
   in that stream's series (printed "OLD moved to NEW"), the old one kept
   as an alias that still finds the case, and what is missing
   re-evaluated (the status follows: incomplete / ready_for_review; an
   info_requested case stays so unless something is now missing). Only
   a case under review (incomplete, ready_for_review, info_requested)
   moves; ERR_MSG otherwise. */
int workflow_move_stream(const struct workflow_env *e, const char *ref,
			 const char *stream, struct err *err);
/* complaint: decides the pending complaints of case ref (DSA Art. 20,
   docs/WORKFLOW.md "Complaints") on the listings named (NULL or empty:
   every pending one): reverse false upholds the decision, true reverses
   it (a removal becomes a reinstatement and the other way round; a
   rejected report is accepted and its listings are reported again).
   ERR_MSG, nothing changed, when none is pending or when e->actor is the
   account that took the decision complained of. complaint_decided with
   reason to each complainant; on a reversal of listings, decision mails
   to the other party (each vendor its own listings). */
int workflow_complaint(const struct workflow_env *e, const char *ref,
		       const struct strv *listings, bool reverse,
		       const char *reason, struct err *err);
/* What cases open files; borrowed. */
struct workflow_open {
	enum report_stream stream;
	const char *ground;		/* terms | illegal */
	const char *clause;		/* the policy clause (terms) */
	const char *explanation;
	const struct strv *listings;	/* listing ids, at least one */
	const char *vendor;		/* for listings the directory does not
					   know, or NULL */
};
/* open: files a case on staff's own initiative (source voluntary, no
   reporter) on the listings, each with its vendor from the listing
   directory; a listing without one takes o->vendor (written to the
   directory), else ERR_MSG. Writes the new reference to ref_r (size >=
   32). Returns 0 or -1 with err set. */
int workflow_open_case(const struct workflow_env *e,
		       const struct workflow_open *o, char *ref_r,
		       size_t ref_size, struct err *err);
/* reject --unfounded: reject, and the notice counts against its reporter
   as manifestly unfounded (docs/WORKFLOW.md "Notice sources, misuse and
   repeat infringers"): at [dsa] unfounded_warn such notices in the
   window the reporter is warned (mail reporter_warning), at
   unfounded_suspend, after a warning, suspended for suspend_days. */
int workflow_reject_unfounded(const struct workflow_env *e, const char *ref,
			      const char *reason, struct err *err);
/* release: lets a held case be handled (event "case.released"). ERR_MSG
   when the case is not held. Every decision but release, close, note,
   unflag (and assign) is refused on a held case. */
int workflow_release(const struct workflow_env *e, const char *ref,
		     const char *reason, struct err *err);
/* close: no mail. */
int workflow_close(const struct workflow_env *e, const char *ref,
		   const char *reason, struct err *err);
/* note: an event "case.note" only, allowed in every status. */
int workflow_note(const struct workflow_env *e, const char *ref,
		  const char *text, struct err *err);

/* The text of message msg_id as staff read it (msgtext.c): its own text
   (plain, or HTML turned to text), then, when it quoted earlier mail, one
   line "[N lines of quoted earlier mail folded]"; "[the raw message was
   not kept]" when its bytes are gone. Returns a new string owned by the
   caller, or NULL with err set. Needs parser_global_init. */
char *workflow_message_text(struct store *store, int64_t msg_id,
			    struct err *err);

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
   event "evidence_request.overdue"; one transaction per request. A
   forwarded counter-notice unanswered past its deadline flags its case
   for staff (once).
   Returns the number of reminders queued, or -1 with err set. */
int workflow_deadlines(struct store *store, struct mailq *mq, time_t now,
		       struct err *err);

#endif
