/* common/listingstate.h - the track of one listing of a case
   (docs/WORKFLOW.md "Per-listing tracks"), and the case status derived
   from its listings' tracks and its own review state. Pure: no I/O, no
   store. */
#ifndef RG_LISTINGSTATE_H
#define RG_LISTINGSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "casestate.h"

/* Where one listing of a case stands. The first five and complaint are
   open; removed, reinstated and no_action end the track. */
enum listing_track {
	TRACK_REPORTED = 0,	/* named in the report */
	TRACK_NOTIFIED,		/* its vendor was sent the notice */
	TRACK_COUNTER_NOTICED,	/* its vendor's counter-notice forwarded */
	TRACK_COUNTER_ACCEPTED,	/* the rights holder accepted it */
	TRACK_COUNTER_REJECTED,	/* the rights holder rejected it */
	TRACK_REMOVED,		/* outcome: the listing was removed */
	TRACK_REINSTATED,	/* outcome: the listing stays or comes back */
	TRACK_NO_ACTION,	/* the case ended (rejected, closed) with
				   no decision on this listing */
	TRACK_COMPLAINT		/* a party complained of the decision
				   (DSA Art. 20); staff decide it:
				   removed or reinstated again */
};
#define LISTING_N_TRACK ((unsigned)TRACK_COMPLAINT + 1)

/* What moves a listing. */
enum listing_action {
	LACT_NOTIFY = 0,	/* system: the vendor notice went out */
	LACT_COUNTER_NOTICE,	/* mail from the listing's vendor */
	LACT_COUNTER_ACCEPT,	/* the rights holder's ACCEPT */
	LACT_COUNTER_REJECT,	/* the rights holder's REJECT */
	LACT_REMOVE,		/* staff: cases act REF removal */
	LACT_REINSTATE,		/* staff: cases act REF reinstate */
	LACT_END,		/* system: the case was rejected or closed */
	LACT_COMPLAIN,		/* system: the vendor's (or reporter's)
				   reply to the decision mail within six
				   months */
	LACT_REOPEN		/* staff: a rejection reversed on a
				   complaint; the listing is reported
				   again */
};
#define LISTING_N_ACTION ((unsigned)LACT_REOPEN + 1)

/* Computes the track action moves a listing on track from into.
   Returns 0 and sets *to_r, or -1 with *why_r (may be NULL) set to a
   static sentence saying why the move is refused. */
int listing_next(enum listing_track from, enum listing_action action,
		 enum listing_track *to_r, const char **why_r);

/* True for removed, reinstated and no_action. A listing on complaint is
   open again: removing or reinstating it decides the complaint. */
bool listing_track_final(enum listing_track t);

/* The status of a case derived from its review state and its listings'
   tracks (docs/WORKFLOW.md "The case status"): current is the case's
   stored status; tracks[0..n) its listings; account_actions how many
   account-level actions (posting restriction, suspension, termination)
   are recorded on its vendors. Returns the status to store. */
enum case_status listing_case_status(enum case_status current,
				     const enum listing_track *tracks,
				     size_t n, size_t account_actions);

/* Names as stored and printed (static; "unknown" when out of range), and
   back: 0 and *_r set, or -1. */
const char *listing_track_name(enum listing_track t);
const char *listing_action_name(enum listing_action a);
int listing_track_parse(const char *s, enum listing_track *t_r);

#endif
