/* common/casestate.c - the case state machine: one table, indexed by stream,
   status and action, gives the next status or the reason for refusing.
   docs/WORKFLOW.md draws it and names the mails of each transition. */
#include <stddef.h>
#include <string.h>

#include "common/casestate.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Cells of the table below. A value under WORKFLOW_N_STATUS is the status
   the case moves to (sXXX, one per enum case_status, in its order); a
   value from REFUSE_BASE up is a refusal, whose sentence is
   refusals[value - REFUSE_BASE]. */
enum {
	sINC = STATUS_INCOMPLETE,
	sRDY = STATUS_READY_FOR_REVIEW,
	sINF = STATUS_INFO_REQUESTED,
	sACC = STATUS_ACCEPTED,
	sVNO = STATUS_VENDOR_NOTIFIED,
	sCNO = STATUS_COUNTER_NOTICED,
	sCAC = STATUS_COUNTER_ACCEPTED,
	sCRJ = STATUS_COUNTER_REJECTED,
	sREJ = STATUS_REJECTED,
	sACT = STATUS_ACTION_TAKEN,
	sRIN = STATUS_REINSTATED,
	sCPL = STATUS_COMPLAINT,
	sCLO = STATUS_CLOSED
};

#define REFUSE_BASE 32
enum {
	xCMP = REFUSE_BASE,	/* evidence_complete, nothing was missing */
	xINC,	/* evidence_missing on an incomplete case */
	xASK,	/* request_info while the missing list is out */
	xNOR,	/* info_received without a request */
	xAIN,	/* accept while incomplete */
	xNAC,	/* notify_vendor before accept */
	xNVN,	/* counter_notice before the vendor notice */
	xNCN,	/* counter_accept/reject without a counter-notice */
	xUND,	/* close a complete case nobody decided */
	xPST,	/* review events after accept */
	xRIA,	/* request_info after accept */
	xRJA,	/* reject after accept */
	xNTF,	/* notify_vendor twice */
	xCNP,	/* a second counter-notice while one is pending */
	xANS,	/* counter events after the rights holder answered */
	xPND,	/* close an accepted case with no outcome */
	xREJ,	/* anything but close on a rejected case */
	xDEC,	/* vendor/counter events after the outcome */
	xAGN,	/* reinstate twice */
	xCLO,	/* anything on a closed case */
	xABS,	/* an IP-only status on an abuse case */
	xABN,	/* notify_vendor on an abuse case */
	xABC,	/* counter events on an abuse case */
	xNDC,	/* complain before anything was decided */
	xCPD,	/* anything but a decision while a complaint is pending */
	xCPA	/* complain while a complaint is pending */
};

static const char *const refusals[] = {
	[xCMP - REFUSE_BASE] = "the case is already complete",
	[xINC - REFUSE_BASE] = "the case is already incomplete",
	[xASK - REFUSE_BASE] = "the reporter was already told what is "
		"missing; use an evidence request to set a deadline",
	[xNOR - REFUSE_BASE] = "no request for information is pending",
	[xAIN - REFUSE_BASE] = "cannot accept a case that is still "
		"incomplete (missing items)",
	[xNAC - REFUSE_BASE] = "the vendor is notified only after the case "
		"is accepted",
	[xNVN - REFUSE_BASE] = "counter notice only after the vendor was "
		"notified",
	[xNCN - REFUSE_BASE] = "the rights holder can answer only a pending "
		"counter notice",
	[xUND - REFUSE_BASE] = "decide the case (accept or reject) before "
		"closing it",
	[xPST - REFUSE_BASE] = "the case is past review (already accepted)",
	[xRIA - REFUSE_BASE] = "the case is past review; ask for documents "
		"with an evidence request",
	[xRJA - REFUSE_BASE] = "the case was accepted; record a reinstatement "
		"instead of rejecting it",
	[xNTF - REFUSE_BASE] = "the vendor was already notified",
	[xCNP - REFUSE_BASE] = "a counter notice is already pending",
	[xANS - REFUSE_BASE] = "the counter notice was already answered",
	[xPND - REFUSE_BASE] = "record an enforcement action or a "
		"reinstatement before closing",
	[xREJ - REFUSE_BASE] = "the case was rejected; it can only be closed",
	[xDEC - REFUSE_BASE] = "an outcome (enforcement or reinstatement) is "
		"already recorded",
	[xAGN - REFUSE_BASE] = "the case is already reinstated",
	[xCLO - REFUSE_BASE] = "the case is closed",
	[xABS - REFUSE_BASE] = "not a status an abuse case can have",
	[xABN - REFUSE_BASE] = "abuse cases have no vendor notice",
	[xABC - REFUSE_BASE] = "abuse cases have no counter notices",
	[xNDC - REFUSE_BASE] = "nothing was decided yet to complain of",
	[xCPD - REFUSE_BASE] = "a complaint is pending: decide it with "
		"cases complaint",
	[xCPA - REFUSE_BASE] = "a complaint is already pending",
};

/* The state table: trans[stream][from][action]. Columns are the actions
   in enum order:
	EC  evidence_complete	EM  evidence_missing	RI  request_info
	IR  info_received	AC  accept		RJ  reject
	NV  notify_vendor	CN  counter_notice	CA  counter_accept
	CR  counter_reject	RE  request_evidence	EN  enforce
	RS  reinstate		CL  close		CO  complain
   Reading a row: what may happen to a case in that status. The abuse slice
   is the IP slice without the vendor notice and counter-notice path.
   A complaint (DSA Art. 20) is decided by the move that states the
   outcome: reject (a rejection upheld), accept (a rejection reversed:
   the report is taken up), enforce or reinstate. */
static const unsigned char trans[2][WORKFLOW_N_STATUS][WORKFLOW_N_ACTION] = {
	[STREAM_IP] = {
/*                       EC    EM    RI    IR    AC    RJ    NV    CN    CA    CR    RE    EN    RS    CL    CO */
/* incomplete       */ { sRDY, xINC, xASK, xNOR, xAIN, sREJ, xNAC, xNVN, xNCN, xNCN, sINC, sACT, sRIN, sCLO, xNDC },
/* ready_for_review */ { xCMP, sINC, sINF, xNOR, sACC, sREJ, xNAC, xNVN, xNCN, xNCN, sRDY, sACT, sRIN, xUND, xNDC },
/* info_requested   */ { xCMP, sINC, sINF, sRDY, sACC, sREJ, xNAC, xNVN, xNCN, xNCN, sINF, sACT, sRIN, sCLO, xNDC },
/* accepted         */ { xPST, xPST, xRIA, xPST, xPST, xRJA, sVNO, xNVN, xNCN, xNCN, sACC, sACT, sRIN, xPND, xNDC },
/* vendor_notified  */ { xPST, xPST, xRIA, xPST, xPST, xRJA, xNTF, sCNO, xNCN, xNCN, sVNO, sACT, sRIN, xPND, xNDC },
/* counter_noticed  */ { xPST, xPST, xRIA, xPST, xPST, xRJA, xNTF, xCNP, sCAC, sCRJ, sCNO, sACT, sRIN, xPND, xNDC },
/* counter_accepted */ { xPST, xPST, xRIA, xPST, xPST, xRJA, xNTF, xANS, xANS, xANS, sCAC, sACT, sRIN, xPND, xNDC },
/* counter_rejected */ { xPST, xPST, xRIA, xPST, xPST, xRJA, xNTF, xANS, xANS, xANS, sCRJ, sACT, sRIN, xPND, xNDC },
/* rejected         */ { xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, sCLO, sCPL },
/* action_taken     */ { xPST, xPST, xRIA, xPST, xPST, xDEC, xDEC, xDEC, xDEC, xDEC, sACT, sACT, sRIN, sCLO, sCPL },
/* reinstated       */ { xPST, xPST, xRIA, xPST, xPST, xDEC, xDEC, xDEC, xDEC, xDEC, sRIN, sACT, xAGN, sCLO, sCPL },
/* complaint        */ { xCPD, xCPD, xCPD, xCPD, sACC, sREJ, xCPD, xCPD, xCPD, xCPD, sCPL, sACT, sRIN, xCPD, xCPA },
/* closed           */ { xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xCLO },
	},
	[STREAM_ABUSE] = {
/*                       EC    EM    RI    IR    AC    RJ    NV    CN    CA    CR    RE    EN    RS    CL    CO */
/* incomplete       */ { sRDY, xINC, xASK, xNOR, xAIN, sREJ, xABN, xABC, xABC, xABC, sINC, sACT, sRIN, sCLO, xNDC },
/* ready_for_review */ { xCMP, sINC, sINF, xNOR, sACC, sREJ, xABN, xABC, xABC, xABC, sRDY, sACT, sRIN, xUND, xNDC },
/* info_requested   */ { xCMP, sINC, sINF, sRDY, sACC, sREJ, xABN, xABC, xABC, xABC, sINF, sACT, sRIN, sCLO, xNDC },
/* accepted         */ { xPST, xPST, xRIA, xPST, xPST, xRJA, xABN, xABC, xABC, xABC, sACC, sACT, sRIN, xPND, xNDC },
/* vendor_notified  */ { xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS },
/* counter_noticed  */ { xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS },
/* counter_accepted */ { xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS },
/* counter_rejected */ { xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS, xABS },
/* rejected         */ { xREJ, xREJ, xREJ, xREJ, xREJ, xREJ, xABN, xABC, xABC, xABC, xREJ, xREJ, xREJ, sCLO, sCPL },
/* action_taken     */ { xPST, xPST, xRIA, xPST, xPST, xDEC, xABN, xABC, xABC, xABC, sACT, sACT, sRIN, sCLO, sCPL },
/* reinstated       */ { xPST, xPST, xRIA, xPST, xPST, xDEC, xABN, xABC, xABC, xABC, sRIN, sACT, xAGN, sCLO, sCPL },
/* complaint        */ { xCPD, xCPD, xCPD, xCPD, sACC, sREJ, xABN, xABC, xABC, xABC, sCPL, sACT, sRIN, xCPD, xCPA },
/* closed           */ { xCLO, xCLO, xCLO, xCLO, xCLO, xCLO, xABN, xABC, xABC, xABC, xCLO, xCLO, xCLO, xCLO, xCLO },
	},
};

int
workflow_next(enum report_stream stream, enum case_status from,
	      enum case_action action, enum case_status *to_r,
	      const char **why_r)
{
	const char *why;
	unsigned cell;

	if ((unsigned)stream >= NELEM(trans))
		why = "unknown stream";
	else if ((unsigned)from >= WORKFLOW_N_STATUS)
		why = "unknown case status";
	else if ((unsigned)action >= WORKFLOW_N_ACTION)
		why = "unknown action";
	else {
		cell = trans[stream][from][action];
		if (cell < WORKFLOW_N_STATUS) {
			*to_r = (enum case_status)cell;
			return 0;
		}
		why = refusals[cell - REFUSE_BASE];
	}
	if (why_r != NULL)
		*why_r = why;
	return -1;
}

enum case_status
workflow_initial(bool complete)
{
	return complete ? STATUS_READY_FOR_REVIEW : STATUS_INCOMPLETE;
}

int
workflow_followup_action(enum case_status status, bool complete,
			 enum case_action *action_r)
{
	switch (status) {
	case STATUS_INCOMPLETE:
		if (!complete)
			return 0;
		*action_r = ACTION_EVIDENCE_COMPLETE;
		return 1;
	case STATUS_READY_FOR_REVIEW:
		if (complete)
			return 0;
		*action_r = ACTION_EVIDENCE_MISSING;
		return 1;
	case STATUS_INFO_REQUESTED:
		*action_r = complete ? ACTION_INFO_RECEIVED :
			ACTION_EVIDENCE_MISSING;
		return 1;
	default:
		return 0;
	}
}

bool
workflow_is_open(enum case_status status)
{
	return (unsigned)status < WORKFLOW_N_STATUS &&
		status != STATUS_CLOSED;
}

static const enum workflow_actor actors[] = {
	[ACTION_EVIDENCE_COMPLETE] = ACTOR_SYSTEM,
	[ACTION_EVIDENCE_MISSING] = ACTOR_SYSTEM,
	[ACTION_REQUEST_INFO] = ACTOR_STAFF,
	[ACTION_INFO_RECEIVED] = ACTOR_REPORTER,
	[ACTION_ACCEPT] = ACTOR_STAFF,
	[ACTION_REJECT] = ACTOR_STAFF,
	[ACTION_NOTIFY_VENDOR] = ACTOR_SYSTEM,
	[ACTION_COUNTER_NOTICE] = ACTOR_VENDOR,
	[ACTION_COUNTER_ACCEPT] = ACTOR_RIGHTS_HOLDER,
	[ACTION_COUNTER_REJECT] = ACTOR_RIGHTS_HOLDER,
	[ACTION_REQUEST_EVIDENCE] = ACTOR_STAFF,
	[ACTION_ENFORCE] = ACTOR_STAFF,
	[ACTION_REINSTATE] = ACTOR_STAFF,
	[ACTION_CLOSE] = ACTOR_STAFF,
	[ACTION_COMPLAIN] = ACTOR_SYSTEM,
};

enum workflow_actor
workflow_action_actor(enum case_action action)
{
	return (unsigned)action < NELEM(actors) ? actors[action] : ACTOR_SYSTEM;
}

static const char *const status_names[] = {
	"incomplete", "ready_for_review", "info_requested", "accepted",
	"vendor_notified", "counter_noticed", "counter_accepted",
	"counter_rejected", "rejected", "action_taken", "reinstated",
	"complaint", "closed"
};
static const char *const action_names[] = {
	"evidence_complete", "evidence_missing", "request_info",
	"info_received", "accept", "reject", "notify_vendor",
	"counter_notice", "counter_accept", "counter_reject",
	"request_evidence", "enforce", "reinstate", "close", "complain"
};
static const char *const enforcement_names[] = {
	"removal", "posting_restriction", "suspension", "termination"
};
static const char *const actor_names[] = {
	"staff", "system", "reporter", "vendor", "rights_holder"
};

/* Checks at compile time that each name list covers its enum. */
_Static_assert(NELEM(status_names) == WORKFLOW_N_STATUS, "status names");
_Static_assert(NELEM(action_names) == WORKFLOW_N_ACTION, "action names");
_Static_assert(NELEM(enforcement_names) == WORKFLOW_N_ENFORCEMENT,
	       "enforcement names");
_Static_assert(NELEM(actors) == WORKFLOW_N_ACTION, "actors");
_Static_assert(NELEM(refusals) == xCPA - REFUSE_BASE + 1, "refusals");
_Static_assert(WORKFLOW_N_STATUS <= REFUSE_BASE, "status codes fit");

static const char *
workflow_name(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "unknown";
}

const char *
workflow_status_name(enum case_status status)
{
	return workflow_name(status_names, NELEM(status_names),
			     (unsigned)status);
}

const char *
workflow_action_name(enum case_action action)
{
	return workflow_name(action_names, NELEM(action_names),
			     (unsigned)action);
}

const char *
workflow_enforcement_name(enum enforcement e)
{
	return workflow_name(enforcement_names, NELEM(enforcement_names),
			     (unsigned)e);
}

const char *
workflow_actor_name(enum workflow_actor actor)
{
	return workflow_name(actor_names, NELEM(actor_names),
			     (unsigned)actor);
}

/* Returns the index of s in names, taking '-' in s as '_', or -1. */
static int
workflow_lookup(const char *const *names, size_t n, const char *s)
{
	size_t i, k;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		for (k = 0; s[k] != '\0' && names[i][k] != '\0'; k++)
			if (s[k] != names[i][k] &&
			    !(s[k] == '-' && names[i][k] == '_'))
				break;
		if (s[k] == '\0' && names[i][k] == '\0')
			return (int)i;
	}
	return -1;
}

int
workflow_status_parse(const char *s, enum case_status *status_r)
{
	int v = workflow_lookup(status_names, NELEM(status_names), s);

	if (v < 0)
		return -1;
	*status_r = (enum case_status)v;
	return 0;
}

int
workflow_action_parse(const char *s, enum case_action *action_r)
{
	int v = workflow_lookup(action_names, NELEM(action_names), s);

	if (v < 0)
		return -1;
	*action_r = (enum case_action)v;
	return 0;
}

int
workflow_enforcement_parse(const char *s, enum enforcement *e_r)
{
	int v = workflow_lookup(enforcement_names, NELEM(enforcement_names),
				s);

	if (v < 0)
		return -1;
	*e_r = (enum enforcement)v;
	return 0;
}
