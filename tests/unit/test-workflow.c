/* tests/unit/test-workflow.c - the case state machine: every stream x status
   x action against a list of allowed moves written here independently of
   the table in common/casestate.c, the refusal sentences, the names. */
#include <stdio.h>
#include <string.h>

#include "../../common/casestate.h"
#include "../../common/listingstate.h"
#include "../lib/testlib.h"

/* The allowed moves, as the product describes them (docs/WORKFLOW.md).
   Everything not listed here must be refused. */
struct move {
	const char *from, *action, *to;
};

/* Moves both streams have. */
static const struct move both[] = {
	{ "incomplete", "evidence_complete", "ready_for_review" },
	{ "incomplete", "reject", "rejected" },
	{ "incomplete", "request_evidence", "incomplete" },
	{ "incomplete", "close", "closed" },
	{ "incomplete", "enforce", "action_taken" },
	{ "incomplete", "reinstate", "reinstated" },
	{ "ready_for_review", "enforce", "action_taken" },
	{ "ready_for_review", "reinstate", "reinstated" },
	{ "info_requested", "enforce", "action_taken" },
	{ "info_requested", "reinstate", "reinstated" },
	{ "ready_for_review", "evidence_missing", "incomplete" },
	{ "ready_for_review", "request_info", "info_requested" },
	{ "ready_for_review", "accept", "accepted" },
	{ "ready_for_review", "reject", "rejected" },
	{ "ready_for_review", "request_evidence", "ready_for_review" },
	{ "info_requested", "evidence_missing", "incomplete" },
	{ "info_requested", "request_info", "info_requested" },
	{ "info_requested", "info_received", "ready_for_review" },
	{ "info_requested", "accept", "accepted" },
	{ "info_requested", "reject", "rejected" },
	{ "info_requested", "request_evidence", "info_requested" },
	{ "info_requested", "close", "closed" },
	{ "accepted", "request_evidence", "accepted" },
	{ "accepted", "enforce", "action_taken" },
	{ "accepted", "reinstate", "reinstated" },
	{ "rejected", "close", "closed" },
	{ "action_taken", "request_evidence", "action_taken" },
	{ "action_taken", "enforce", "action_taken" },
	{ "action_taken", "reinstate", "reinstated" },
	{ "action_taken", "close", "closed" },
	{ "reinstated", "request_evidence", "reinstated" },
	{ "reinstated", "enforce", "action_taken" },
	{ "reinstated", "close", "closed" },
	/* complaints (DSA Art. 20): a decision is complained of, then the
	   move stating the outcome decides the complaint */
	{ "rejected", "complain", "complaint" },
	{ "action_taken", "complain", "complaint" },
	{ "reinstated", "complain", "complaint" },
	{ "complaint", "reject", "rejected" },
	{ "complaint", "accept", "accepted" },
	{ "complaint", "enforce", "action_taken" },
	{ "complaint", "reinstate", "reinstated" },
	{ "complaint", "request_evidence", "complaint" },
};

/* Moves only IP cases have: the vendor notice and counter-notice path. */
static const struct move ip_only[] = {
	{ "accepted", "notify_vendor", "vendor_notified" },
	{ "vendor_notified", "counter_notice", "counter_noticed" },
	{ "vendor_notified", "request_evidence", "vendor_notified" },
	{ "vendor_notified", "enforce", "action_taken" },
	{ "vendor_notified", "reinstate", "reinstated" },
	{ "counter_noticed", "counter_accept", "counter_accepted" },
	{ "counter_noticed", "counter_reject", "counter_rejected" },
	{ "counter_noticed", "request_evidence", "counter_noticed" },
	{ "counter_noticed", "enforce", "action_taken" },
	{ "counter_noticed", "reinstate", "reinstated" },
	{ "counter_accepted", "request_evidence", "counter_accepted" },
	{ "counter_accepted", "enforce", "action_taken" },
	{ "counter_accepted", "reinstate", "reinstated" },
	{ "counter_rejected", "request_evidence", "counter_rejected" },
	{ "counter_rejected", "enforce", "action_taken" },
	{ "counter_rejected", "reinstate", "reinstated" },
};

static const char *const statuses[] = {
	"incomplete", "ready_for_review", "info_requested", "accepted",
	"vendor_notified", "counter_noticed", "counter_accepted",
	"counter_rejected", "rejected", "action_taken", "reinstated",
	"complaint", "closed"
};
static const char *const actions[] = {
	"evidence_complete", "evidence_missing", "request_info",
	"info_received", "accept", "reject", "notify_vendor",
	"counter_notice", "counter_accept", "counter_reject",
	"request_evidence", "enforce", "reinstate", "close", "complain"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Returns the expected target of (from, action) on stream, or NULL. */
static const char *
expected(enum report_stream stream, const char *from, const char *action)
{
	size_t i;

	for (i = 0; i < NELEM(both); i++)
		if (strcmp(both[i].from, from) == 0 &&
		    strcmp(both[i].action, action) == 0)
			return both[i].to;
	if (stream != STREAM_IP)
		return NULL;
	for (i = 0; i < NELEM(ip_only); i++)
		if (strcmp(ip_only[i].from, from) == 0 &&
		    strcmp(ip_only[i].action, action) == 0)
			return ip_only[i].to;
	return NULL;
}

static void
t_cross_product(enum report_stream stream)
{
	size_t si, ai, bad = 0, allowed = 0, refused = 0;
	char name[64];

	snprintf(name, sizeof(name), "cross product, stream %s",
		 report_stream_name(stream));
	test_begin(name);
	test_ok(NELEM(statuses) == WORKFLOW_N_STATUS, "status count");
	test_ok(NELEM(actions) == WORKFLOW_N_ACTION, "action count");
	for (si = 0; si < NELEM(statuses); si++) {
		for (ai = 0; ai < NELEM(actions); ai++) {
			enum case_status from, to = STATUS_CLOSED;
			enum case_action action;
			const char *want, *why = NULL;
			int rc;

			if (workflow_status_parse(statuses[si], &from) < 0 ||
			    workflow_action_parse(actions[ai], &action) < 0) {
				bad++;
				continue;
			}
			want = expected(stream, statuses[si], actions[ai]);
			rc = workflow_next(stream, from, action, &to, &why);
			if (want != NULL) {
				allowed++;
				if (!test_ok(rc == 0 && strcmp(
				    workflow_status_name(to), want) == 0,
				    "%s --%s--> %s", statuses[si],
				    actions[ai], want))
					bad++;
			} else {
				refused++;
				if (rc == 0 || why == NULL || why[0] == '\0') {
					bad++;
					test_ok(false, "%s --%s--> refused "
						"(got %s)", statuses[si],
						actions[ai],
						rc == 0 ?
						workflow_status_name(to) :
						"no reason");
				}
				if (rc < 0 && to != STATUS_CLOSED)
					bad++;	/* *to_r was written */
			}
		}
	}
	test_ok(bad == 0, "%zu allowed, %zu refused, %zu mismatches",
		allowed, refused, bad);
}

static void
t_reasons(void)
{
	enum case_status to = STATUS_INCOMPLETE;
	const char *why = NULL;

	test_begin("refusal reasons");
	test_ok(workflow_next(STREAM_IP, STATUS_INCOMPLETE, ACTION_ACCEPT,
			      &to, &why) < 0, "accept incomplete refused");
	test_streq(why, "cannot accept a case that is still incomplete "
		   "(missing items)", "reason for accepting incomplete");
	test_ok(to == STATUS_INCOMPLETE, "refusal leaves *to_r alone");
	test_ok(workflow_next(STREAM_IP, STATUS_ACCEPTED,
			      ACTION_COUNTER_NOTICE, &to, &why) < 0,
		"counter notice before vendor notice refused");
	test_streq(why, "counter notice only after the vendor was notified",
		   "reason for an early counter notice");
	workflow_next(STREAM_ABUSE, STATUS_ACCEPTED, ACTION_NOTIFY_VENDOR,
		      &to, &why);
	test_streq(why, "abuse cases have no vendor notice", "abuse notice");
	workflow_next(STREAM_ABUSE, STATUS_COUNTER_NOTICED, ACTION_CLOSE,
		      &to, &why);
	test_streq(why, "not a status an abuse case can have",
		   "abuse status");
	workflow_next(STREAM_IP, STATUS_CLOSED, ACTION_REINSTATE, &to, &why);
	test_streq(why, "the case is closed", "closed");
	workflow_next(STREAM_IP, STATUS_COMPLAINT, ACTION_CLOSE, &to, &why);
	test_streq(why, "a complaint is pending: decide it with cases "
		   "complaint", "close while a complaint is pending");
	workflow_next(STREAM_IP, STATUS_VENDOR_NOTIFIED, ACTION_COMPLAIN, &to,
		      &why);
	test_streq(why, "nothing was decided yet to complain of",
		   "complain before a decision");
	workflow_next(STREAM_IP, STATUS_VENDOR_NOTIFIED, ACTION_CLOSE, &to,
		      &why);
	test_streq(why, "record an enforcement action or a reinstatement "
		   "before closing", "close with no outcome");
	test_ok(workflow_next(STREAM_IP, STATUS_READY_FOR_REVIEW,
			      ACTION_COUNTER_NOTICE, &to, NULL) < 0,
		"why_r may be NULL");
	test_ok(workflow_next(STREAM_IP, (enum case_status)99, ACTION_CLOSE,
			      &to, &why) < 0, "unknown status refused");
	test_streq(why, "unknown case status", "unknown status reason");
	test_ok(workflow_next(STREAM_IP, STATUS_INCOMPLETE,
			      (enum case_action)99, &to, &why) < 0,
		"unknown action refused");
	test_ok(workflow_next((enum report_stream)7, STATUS_INCOMPLETE,
			      ACTION_CLOSE, &to, &why) < 0,
		"unknown stream refused");
}

static void
t_helpers(void)
{
	enum case_action a = ACTION_CLOSE;

	test_begin("initial status, follow-ups, open");
	test_ok(workflow_initial(true) == STATUS_READY_FOR_REVIEW,
		"complete report is ready for review");
	test_ok(workflow_initial(false) == STATUS_INCOMPLETE,
		"incomplete report is incomplete");
	test_ok(workflow_followup_action(STATUS_INCOMPLETE, true, &a) == 1 &&
		a == ACTION_EVIDENCE_COMPLETE, "incomplete + complete");
	test_ok(workflow_followup_action(STATUS_INCOMPLETE, false, &a) == 0,
		"incomplete + still missing: no move");
	test_ok(workflow_followup_action(STATUS_READY_FOR_REVIEW, false,
					 &a) == 1 &&
		a == ACTION_EVIDENCE_MISSING, "ready + new requirement");
	test_ok(workflow_followup_action(STATUS_READY_FOR_REVIEW, true,
					 &a) == 0, "ready + complete: no move");
	test_ok(workflow_followup_action(STATUS_INFO_REQUESTED, true, &a) ==
		1 && a == ACTION_INFO_RECEIVED, "answer to request-info");
	test_ok(workflow_followup_action(STATUS_INFO_REQUESTED, false,
					 &a) == 1 &&
		a == ACTION_EVIDENCE_MISSING, "answer leaves something missing");
	test_ok(workflow_followup_action(STATUS_VENDOR_NOTIFIED, true,
					 &a) == 0, "after accept: no move");
	for (unsigned s = 0; s < WORKFLOW_N_STATUS; s++)
		test_ok(workflow_is_open((enum case_status)s) ==
			(s != STATUS_CLOSED), "is_open(%s)",
			workflow_status_name((enum case_status)s));
	test_ok(!workflow_is_open((enum case_status)99), "unknown not open");
	test_ok(workflow_action_actor(ACTION_ACCEPT) == ACTOR_STAFF, "staff");
	test_ok(workflow_action_actor(ACTION_COUNTER_NOTICE) == ACTOR_VENDOR,
		"vendor");
	test_ok(workflow_action_actor(ACTION_COUNTER_REJECT) ==
		ACTOR_RIGHTS_HOLDER, "rights holder");
	test_ok(workflow_action_actor(ACTION_INFO_RECEIVED) ==
		ACTOR_REPORTER, "reporter");
	test_ok(workflow_action_actor(ACTION_NOTIFY_VENDOR) == ACTOR_SYSTEM,
		"system");
	test_streq(workflow_actor_name(ACTOR_RIGHTS_HOLDER), "rights_holder",
		   "actor name");
}

static void
t_names(void)
{
	static const char *const enf[] = { "removal", "posting_restriction",
					   "suspension", "termination" };
	enum case_status s;
	enum case_action a;
	enum enforcement e;
	size_t i;

	test_begin("names");
	for (i = 0; i < NELEM(statuses); i++)
		test_ok(workflow_status_parse(statuses[i], &s) == 0 &&
			s == (enum case_status)i &&
			strcmp(workflow_status_name(s), statuses[i]) == 0,
			"status %s round-trips", statuses[i]);
	for (i = 0; i < NELEM(actions); i++)
		test_ok(workflow_action_parse(actions[i], &a) == 0 &&
			a == (enum case_action)i &&
			strcmp(workflow_action_name(a), actions[i]) == 0,
			"action %s round-trips", actions[i]);
	for (i = 0; i < NELEM(enf); i++)
		test_ok(workflow_enforcement_parse(enf[i], &e) == 0 &&
			e == (enum enforcement)i &&
			strcmp(workflow_enforcement_name(e), enf[i]) == 0,
			"enforcement %s round-trips", enf[i]);
	test_ok(workflow_action_parse("request-info", &a) == 0 &&
		a == ACTION_REQUEST_INFO, "hyphen spelling");
	test_ok(workflow_enforcement_parse("posting-restriction", &e) == 0 &&
		e == ENFORCEMENT_POSTING_RESTRICTION, "hyphen enforcement");
	test_ok(workflow_status_parse("closedx", &s) < 0, "longer refused");
	test_ok(workflow_status_parse("close", &s) < 0, "prefix refused");
	test_ok(workflow_action_parse("", &a) < 0, "empty refused");
	test_ok(workflow_action_parse(NULL, &a) < 0, "NULL refused");
	test_ok(workflow_enforcement_parse("Removal", &e) < 0,
		"names are case-sensitive");
	test_streq(workflow_status_name((enum case_status)50), "unknown",
		   "out of range status name");
	test_streq(workflow_action_name((enum case_action)50), "unknown",
		   "out of range action name");
	test_streq(workflow_enforcement_name((enum enforcement)9), "unknown",
		   "out of range enforcement name");
}

/* Every track x listing action against docs/WORKFLOW.md "Per-listing
   tracks": the track reached, or "-" for a refusal. */
static void
t_tracks(void)
{
	static const char *const want[LISTING_N_TRACK][LISTING_N_ACTION] = {
		/* notify, counter_notice, counter_accept, counter_reject,
		   remove, reinstate, end, complain, reopen */
		[TRACK_REPORTED] = { "notified", "-", "-", "-", "removed",
			"reinstated", "no_action", "-", "-" },
		[TRACK_NOTIFIED] = { "-", "counter_noticed", "-", "-",
			"removed", "reinstated", "no_action", "-", "-" },
		[TRACK_COUNTER_NOTICED] = { "-", "-", "counter_accepted",
			"counter_rejected", "removed", "reinstated",
			"no_action", "-", "-" },
		[TRACK_COUNTER_ACCEPTED] = { "-", "-", "-", "-", "removed",
			"reinstated", "no_action", "-", "-" },
		[TRACK_COUNTER_REJECTED] = { "-", "-", "-", "-", "removed",
			"reinstated", "no_action", "-", "-" },
		[TRACK_REMOVED] = { "-", "-", "-", "-", "-", "reinstated",
			"-", "complaint", "-" },
		[TRACK_REINSTATED] = { "-", "-", "-", "-", "removed", "-",
			"-", "complaint", "-" },
		[TRACK_NO_ACTION] = { "-", "-", "-", "-", "-", "-", "-", "-",
			"reported" },
		/* a complaint is decided by removing or reinstating */
		[TRACK_COMPLAINT] = { "-", "-", "-", "-", "removed",
			"reinstated", "-", "-", "-" },
	};
	enum listing_track to;
	const char *why, *got;
	unsigned t, a, bad = 0, allowed = 0;

	test_begin("per-listing tracks");
	for (t = 0; t < LISTING_N_TRACK; t++)
		for (a = 0; a < LISTING_N_ACTION; a++) {
			why = NULL;
			to = TRACK_NO_ACTION;
			got = listing_next((enum listing_track)t,
					   (enum listing_action)a, &to,
					   &why) == 0 ?
				listing_track_name(to) : "-";
			if (strcmp(got, want[t][a]) != 0 ||
			    (strcmp(got, "-") == 0 && why == NULL)) {
				printf("# %s --%s--> %s, want %s\n",
				       listing_track_name((enum listing_track)t),
				       listing_action_name(
					       (enum listing_action)a),
				       got, want[t][a]);
				bad++;
			}
			allowed += strcmp(got, "-") != 0;
		}
	test_ok(bad == 0, "%u listing moves allowed, %u refused, %u "
		"mismatches", allowed, LISTING_N_TRACK * LISTING_N_ACTION -
		allowed, bad);
	test_ok(listing_next(TRACK_NOTIFIED, LACT_NOTIFY, &to, &why) < 0 &&
		strstr(why, "already notified") != NULL, "notify twice: %s",
		why);
	test_ok(listing_next(TRACK_COMPLAINT, LACT_COMPLAIN, &to, &why) < 0 &&
		strstr(why, "already pending") != NULL, "complain twice: %s",
		why);
	test_ok(listing_next(TRACK_COMPLAINT, LACT_END, &to, &why) < 0 &&
		strstr(why, "cases complaint") != NULL, "end on complaint: %s",
		why);
	test_ok(listing_track_parse("counter_rejected", &to) == 0 &&
		to == TRACK_COUNTER_REJECTED &&
		listing_track_parse("closed", &to) < 0, "track names parse");
}

static enum case_status
t_derive2(enum case_status cur, enum listing_track a, enum listing_track b,
	  size_t nact)
{
	enum listing_track two[2] = { a, b };

	return listing_case_status(cur, two, 2, nact);
}

/* The case status derived from the tracks (docs/WORKFLOW.md "The case
   status"). */
static void
t_derive(void)
{
	enum listing_track two[2] = { TRACK_REPORTED, TRACK_REPORTED };

	test_begin("case status from the tracks");
#define D(cur, a, b, nact) t_derive2((cur), (a), (b), (nact))
	test_ok(D(STATUS_READY_FOR_REVIEW, TRACK_REPORTED, TRACK_REPORTED, 0) ==
		STATUS_READY_FOR_REVIEW, "under review: the review status");
	test_ok(D(STATUS_ACCEPTED, TRACK_NOTIFIED, TRACK_REPORTED, 0) ==
		STATUS_VENDOR_NOTIFIED, "one notified: vendor_notified");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_COUNTER_NOTICED,
		  TRACK_NOTIFIED, 0) == STATUS_COUNTER_NOTICED,
		"a pending counter-notice wins");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_COUNTER_REJECTED,
		  TRACK_NOTIFIED, 0) == STATUS_COUNTER_REJECTED,
		"an answered counter-notice before a plain notice");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_REMOVED, TRACK_NOTIFIED, 0) ==
		STATUS_VENDOR_NOTIFIED, "one removed, one open: the open one");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_REMOVED, TRACK_REINSTATED,
		  0) == STATUS_ACTION_TAKEN, "all decided, one removed: "
		"action_taken");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_REINSTATED, TRACK_REINSTATED,
		  0) == STATUS_REINSTATED, "all reinstated: reinstated");
	test_ok(D(STATUS_VENDOR_NOTIFIED, TRACK_REINSTATED, TRACK_NO_ACTION,
		  1) == STATUS_ACTION_TAKEN, "an account action: action_taken");
	test_ok(D(STATUS_REJECTED, TRACK_NO_ACTION, TRACK_NO_ACTION, 0) ==
		STATUS_REJECTED && D(STATUS_CLOSED, TRACK_REMOVED,
				     TRACK_REMOVED, 0) == STATUS_CLOSED,
		"rejected and closed stay");
	test_ok(D(STATUS_ACTION_TAKEN, TRACK_REPORTED, TRACK_REMOVED, 0) ==
		STATUS_ACCEPTED, "only reported listings open after a "
		"decision: accepted");
	test_ok(listing_case_status(STATUS_ACCEPTED, two, 0, 0) ==
		STATUS_ACCEPTED, "no listings: the case's own status");
	test_ok(D(STATUS_ACTION_TAKEN, TRACK_COMPLAINT, TRACK_REMOVED, 0) ==
		STATUS_COMPLAINT && D(STATUS_VENDOR_NOTIFIED, TRACK_COMPLAINT,
				      TRACK_COUNTER_NOTICED, 0) ==
		STATUS_COMPLAINT, "a listing on complaint: complaint");
	test_ok(D(STATUS_COMPLAINT, TRACK_REINSTATED, TRACK_REMOVED, 0) ==
		STATUS_ACTION_TAKEN && D(STATUS_COMPLAINT, TRACK_REINSTATED,
					 TRACK_REINSTATED, 0) ==
		STATUS_REINSTATED, "the complaint decided: the outcome");
	test_ok(D(STATUS_COMPLAINT, TRACK_NO_ACTION, TRACK_NO_ACTION, 0) ==
		STATUS_COMPLAINT, "a rejection complained of stays complaint");
#undef D
}

int
main(void)
{
	t_cross_product(STREAM_IP);
	t_cross_product(STREAM_ABUSE);
	t_reasons();
	t_helpers();
	t_names();
	t_tracks();
	t_derive();
	return test_done();
}
