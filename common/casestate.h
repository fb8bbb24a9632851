/* common/casestate.h - the case state machine (SPEC §1, §10): which status a
   case has, which staff, system and mail events move it, and which moves
   are refused. Pure: no I/O, no store; the caller records the event and
   sends the mails (docs/WORKFLOW.md lists them per transition). */
#ifndef RG_CASESTATE_H
#define RG_CASESTATE_H

#include <stdbool.h>

#include "report.h"

/* The status of a case. The four counter-notice states exist on the IP
   stream only; an abuse case never has them. */
enum case_status {
	STATUS_INCOMPLETE = 0,	/* filed, something required is missing */
	STATUS_READY_FOR_REVIEW,	/* nothing missing: staff to decide */
	STATUS_INFO_REQUESTED,	/* staff asked the reporter for more */
	STATUS_ACCEPTED,	/* staff accepted; vendor not yet notified */
	STATUS_VENDOR_NOTIFIED,	/* IP: vendor told, with the contact info */
	STATUS_COUNTER_NOTICED,	/* IP: vendor's counter-notice forwarded */
	STATUS_COUNTER_ACCEPTED,	/* IP: rights holder accepted it */
	STATUS_COUNTER_REJECTED,	/* IP: rights holder rejected it */
	STATUS_REJECTED,	/* staff rejected the report */
	STATUS_ACTION_TAKEN,	/* an enforcement was recorded (which one
				   is kept beside the status) */
	STATUS_REINSTATED,	/* outcome: the listing stays or returns */
	STATUS_COMPLAINT,	/* a party complained of a decision (DSA
				   Art. 20): staff decide it, by another
				   account than the one that decided */
	STATUS_CLOSED		/* final; nothing moves a closed case */
};
#define WORKFLOW_N_STATUS ((unsigned)STATUS_CLOSED + 1)

/* What can happen to a case. Who triggers each one is
   workflow_action_actor(). */
enum case_action {
	ACTION_EVIDENCE_COMPLETE = 0,	/* a follow-up left nothing missing */
	ACTION_EVIDENCE_MISSING,	/* a follow-up added a requirement
					   (e.g. the sender is an agent) */
	ACTION_REQUEST_INFO,		/* staff: ask the reporter */
	ACTION_INFO_RECEIVED,		/* the reporter answered */
	ACTION_ACCEPT,
	ACTION_REJECT,
	ACTION_NOTIFY_VENDOR,		/* system, after accept (IP only) */
	ACTION_COUNTER_NOTICE,		/* the vendor's counter-notice (IP) */
	ACTION_COUNTER_ACCEPT,		/* the rights holder's ACCEPT (IP) */
	ACTION_COUNTER_REJECT,		/* the rights holder's REJECT (IP) */
	ACTION_REQUEST_EVIDENCE,	/* staff: documents with a deadline
					   from a party; status unchanged */
	ACTION_ENFORCE,			/* staff: one enum enforcement */
	ACTION_REINSTATE,
	ACTION_CLOSE,
	ACTION_COMPLAIN			/* system: the vendor's or the rejected
					   reporter's reply to a decision
					   within six months (DSA Art. 20) */
};
#define WORKFLOW_N_ACTION ((unsigned)ACTION_COMPLAIN + 1)

/* The enforcement recorded with ACTION_ENFORCE (SPEC §1). */
enum enforcement {
	ENFORCEMENT_REMOVAL = 0,	/* listing removal */
	ENFORCEMENT_POSTING_RESTRICTION,
	ENFORCEMENT_SUSPENSION,		/* account suspension */
	ENFORCEMENT_TERMINATION		/* account termination */
};
#define WORKFLOW_N_ENFORCEMENT ((unsigned)ENFORCEMENT_TERMINATION + 1)

/* Who triggers an action, for the event's "who" and for docs. */
enum workflow_actor {
	ACTOR_STAFF = 0,	/* a staff command (CLI or web console) */
	ACTOR_SYSTEM,		/* the gateway itself */
	ACTOR_REPORTER,		/* a mail from the reporter */
	ACTOR_VENDOR,		/* a mail from the listing's vendor */
	ACTOR_RIGHTS_HOLDER	/* a mail from the rights holder */
};

/* A party may complain of a decision (DSA Art. 20) by replying to its
   mail within this many calendar months (deadline_add_months). */
#define WORKFLOW_COMPLAINT_MONTHS 6

/* Computes the status that action moves a case of stream from status from
   into. Returns 0 and sets *to_r (which may equal from: request_evidence,
   and enforce on action_taken, keep the status); or returns -1, leaves
   *to_r alone and sets *why_r to a static sentence saying why the move is
   refused. Out-of-range enum values are refused too. why_r may be NULL. */
int workflow_next(enum report_stream stream, enum case_status from,
		  enum case_action action, enum case_status *to_r,
		  const char **why_r);

/* Returns the status of a newly filed case: ready_for_review when nothing
   is missing, else incomplete. */
enum case_status workflow_initial(bool complete);

/* Picks the system action a follow-up mail from the reporter causes on a
   case in status, given whether the case is complete afterwards. Returns
   1 and sets *action_r, or 0 when the follow-up moves nothing (it is only
   recorded). Pass the result to workflow_next. */
int workflow_followup_action(enum case_status status, bool complete,
			     enum case_action *action_r);

/* Returns true for every status but closed. */
bool workflow_is_open(enum case_status status);

/* Returns who triggers action. */
enum workflow_actor workflow_action_actor(enum case_action action);

/* Names as used in the store, JSON and commands (static strings; "unknown"
   for an out-of-range value). */
const char *workflow_status_name(enum case_status status);
const char *workflow_action_name(enum case_action action);
const char *workflow_enforcement_name(enum enforcement e);
const char *workflow_actor_name(enum workflow_actor actor);
/* Parse a name back; '-' is taken as '_' ("request-info"). Return 0 and
   set *_r, or -1 when s is not a name. */
int workflow_status_parse(const char *s, enum case_status *status_r);
int workflow_action_parse(const char *s, enum case_action *action_r);
int workflow_enforcement_parse(const char *s, enum enforcement *e_r);

#endif
