/* common/listingstate.c - the per-listing track and the case status
   derived from the tracks (docs/WORKFLOW.md "Per-listing tracks"). */
#include <string.h>

#include "common/listingstate.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const track_names[] = {
	"reported", "notified", "counter_noticed", "counter_accepted",
	"counter_rejected", "removed", "reinstated", "no_action",
	"complaint"
};

static const char *const lact_names[] = {
	"notify", "counter_notice", "counter_accept", "counter_reject",
	"remove", "reinstate", "end", "complain", "reopen"
};

const char *
listing_track_name(enum listing_track t)
{
	return (unsigned)t < NELEM(track_names) ? track_names[t] : "unknown";
}

const char *
listing_action_name(enum listing_action a)
{
	return (unsigned)a < NELEM(lact_names) ? lact_names[a] : "unknown";
}

int
listing_track_parse(const char *s, enum listing_track *t_r)
{
	for (unsigned i = 0; s != NULL && i < NELEM(track_names); i++)
		if (strcmp(s, track_names[i]) == 0) {
			*t_r = (enum listing_track)i;
			return 0;
		}
	return -1;
}

bool
listing_track_final(enum listing_track t)
{
	return t == TRACK_REMOVED || t == TRACK_REINSTATED ||
		t == TRACK_NO_ACTION;
}

static int
listing_refuse(const char **why_r, const char *why)
{
	if (why_r != NULL)
		*why_r = why;
	return -1;
}

int
listing_next(enum listing_track from, enum listing_action a,
	     enum listing_track *to_r, const char **why_r)
{
	if ((unsigned)from >= LISTING_N_TRACK ||
	    (unsigned)a >= LISTING_N_ACTION)
		return listing_refuse(why_r, "unknown track or action");
	if (from == TRACK_NO_ACTION && a != LACT_REOPEN)
		return listing_refuse(why_r, "the listing's case ended "
				      "without a decision on it");
	if (from == TRACK_COMPLAINT && a != LACT_REMOVE &&
	    a != LACT_REINSTATE)
		return listing_refuse(why_r, a == LACT_COMPLAIN ?
				      "a complaint is already pending on "
				      "the listing" : "a complaint is "
				      "pending on the listing: decide it "
				      "with cases complaint");
	switch (a) {
	case LACT_NOTIFY:
		if (from != TRACK_REPORTED)
			return listing_refuse(why_r, "the listing's vendor "
					      "was already notified");
		*to_r = TRACK_NOTIFIED;
		return 0;
	case LACT_COUNTER_NOTICE:
		if (from == TRACK_REPORTED)
			return listing_refuse(why_r, "counter notice only "
					      "after the vendor was notified");
		if (from == TRACK_COUNTER_NOTICED)
			return listing_refuse(why_r, "a counter notice is "
					      "already pending");
		if (from != TRACK_NOTIFIED)
			return listing_refuse(why_r, listing_track_final(from) ?
					      "the listing was already decided" :
					      "the counter notice was already "
					      "answered");
		*to_r = TRACK_COUNTER_NOTICED;
		return 0;
	case LACT_COUNTER_ACCEPT:
	case LACT_COUNTER_REJECT:
		if (from != TRACK_COUNTER_NOTICED)
			return listing_refuse(why_r, "the rights holder can "
					      "answer only a pending counter "
					      "notice");
		*to_r = a == LACT_COUNTER_ACCEPT ? TRACK_COUNTER_ACCEPTED :
			TRACK_COUNTER_REJECTED;
		return 0;
	case LACT_REMOVE:
		if (from == TRACK_REMOVED)
			return listing_refuse(why_r, "the listing is already "
					      "removed");
		*to_r = TRACK_REMOVED;
		return 0;
	case LACT_REINSTATE:
		if (from == TRACK_REINSTATED)
			return listing_refuse(why_r, "the listing is already "
					      "reinstated");
		*to_r = TRACK_REINSTATED;
		return 0;
	case LACT_END:
		if (listing_track_final(from))
			return listing_refuse(why_r, "the listing was already "
					      "decided");
		*to_r = TRACK_NO_ACTION;
		return 0;
	case LACT_COMPLAIN:
		if (from != TRACK_REMOVED && from != TRACK_REINSTATED)
			return listing_refuse(why_r, "nothing was decided on "
					      "the listing yet to complain "
					      "of");
		*to_r = TRACK_COMPLAINT;
		return 0;
	case LACT_REOPEN:
		if (from != TRACK_NO_ACTION)
			return listing_refuse(why_r, "only a listing whose "
					      "case ended without a decision "
					      "is reported again");
		*to_r = TRACK_REPORTED;
		return 0;
	}
	return listing_refuse(why_r, "unknown action");
}

/* True for the statuses of a case still under review. */
static bool
listing_in_review(enum case_status s)
{
	return s == STATUS_INCOMPLETE || s == STATUS_READY_FOR_REVIEW ||
		s == STATUS_INFO_REQUESTED || s == STATUS_ACCEPTED;
}

enum case_status
listing_case_status(enum case_status current,
		    const enum listing_track *tracks, size_t n,
		    size_t account_actions)
{
	size_t i, open = 0, removed = 0, decided = 0;
	unsigned seen = 0;

	if (current == STATUS_REJECTED || current == STATUS_CLOSED || n == 0)
		return current;
	for (i = 0; i < n; i++) {
		if ((unsigned)tracks[i] >= LISTING_N_TRACK)
			continue;
		seen |= 1u << tracks[i];
		if (tracks[i] == TRACK_REMOVED)
			removed++;
		if (tracks[i] == TRACK_REMOVED || tracks[i] == TRACK_REINSTATED)
			decided++;
		if (!listing_track_final(tracks[i]))
			open++;
	}
	if (open == 0) {
		if (removed > 0 || account_actions > 0)
			return STATUS_ACTION_TAKEN;
		return decided > 0 ? STATUS_REINSTATED : current;
	}
	/* Some listing is still open: a complaint waits on staff first,
	   then the one furthest from an outcome that waits on somebody
	   names the status. */
	if (seen & (1u << TRACK_COMPLAINT))
		return STATUS_COMPLAINT;
	if (seen & (1u << TRACK_COUNTER_NOTICED))
		return STATUS_COUNTER_NOTICED;
	if (seen & (1u << TRACK_COUNTER_REJECTED))
		return STATUS_COUNTER_REJECTED;
	if (seen & (1u << TRACK_COUNTER_ACCEPTED))
		return STATUS_COUNTER_ACCEPTED;
	if (seen & (1u << TRACK_NOTIFIED))
		return STATUS_VENDOR_NOTIFIED;
	/* Only reported listings are open. */
	if (listing_in_review(current))
		return current;
	return STATUS_ACCEPTED;
}
