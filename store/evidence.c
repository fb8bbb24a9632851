/* store/evidence.c - evidence accumulates over a case's messages: each
   message adds its listings and evidence items, and the case's missing
   list is recomputed from all of them with report_compute_missing (the
   one definition of completeness, common/report.c). */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char evidence_sql_listing[] =
	"INSERT OR IGNORE INTO case_listings (case_id, listing_id, url, "
	"message_id) VALUES (?1, ?2, ?3, ?4)";
static const char evidence_sql_item[] =
	"INSERT OR IGNORE INTO case_evidence (case_id, message_id, "
	"requirement, source, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char evidence_sql_case[] =
	"SELECT kind, acting_as FROM cases WHERE id = ?1";
static const char evidence_sql_have[] =
	"SELECT DISTINCT requirement FROM case_evidence WHERE case_id = ?1";
static const char evidence_sql_fill[] =
	"UPDATE cases SET submitter_name = coalesce(submitter_name, ?2), "
	"submitter_org = coalesce(submitter_org, ?3), "
	"rights_holder = coalesce(rights_holder, ?4), "
	"acting_as = CASE WHEN acting_as = 'unknown' THEN ?5 "
	"ELSE acting_as END WHERE id = ?1";
static const char evidence_sql_update[] =
	"UPDATE cases SET missing = ?2, updated = ?3 WHERE id = ?1";
static const char evidence_sql_reporter[] =
	"SELECT 1 FROM case_parties WHERE case_id = ?1 AND address = ?2 "
	"AND role IN ('reporter', 'submitter') LIMIT 1";

static const unsigned evidence_reqs[] = {
	REQ_IDENTITY_PROOF, REQ_AUTHORIZATION, REQ_OWNERSHIP_PROOF,
	REQ_LISTING_LINKS, REQ_DESCRIPTION
};
#define EVIDENCE_NREQS (sizeof(evidence_reqs) / sizeof(evidence_reqs[0]))

static int
evidence_item(struct store *s, int64_t case_id, int64_t msg_id, unsigned req,
	      const char *source, const char *detail, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, evidence_sql_item, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, msg_id);
	db_bind_text(s, st, 3, report_requirement_name((enum requirement)req));
	db_bind_text(s, st, 4, source);
	db_bind_text(s, st, 5, detail ? detail : "");
	return db_step(s, st, err) < 0 ? -1 : 0;
}

static unsigned
evidence_req_of_class(enum evidence_kind e)
{
	switch (e) {
	case EVIDENCE_IDENTITY:
		return REQ_IDENTITY_PROOF;
	case EVIDENCE_AUTHORIZATION:
		return REQ_AUTHORIZATION;
	case EVIDENCE_OWNERSHIP:
		return REQ_OWNERSHIP_PROOF;
	default:
		return 0;
	}
}

/* Records what message msg_id satisfies: attachment classes, registry
   links, listings, and any other bit the parser set (description). */
static int
evidence_items(struct store *s, int64_t case_id, int64_t msg_id,
	       const struct report *r, struct err *err)
{
	unsigned seen = 0, req;
	size_t i;

	for (i = 0; i < r->n_attachments; i++) {
		const struct report_attachment *a = &r->attachments[i];

		if ((req = evidence_req_of_class(a->evidence)) == 0)
			continue;
		seen |= req;
		if (evidence_item(s, case_id, msg_id, req, "attachment",
				  a->filename ? a->filename : a->sha256,
				  err) < 0)
			return -1;
	}
	for (i = 0; i < r->registry_links.n; i++) {
		seen |= REQ_OWNERSHIP_PROOF;
		if (evidence_item(s, case_id, msg_id, REQ_OWNERSHIP_PROOF,
				  "registry_link", r->registry_links.v[i],
				  err) < 0)
			return -1;
	}
	for (i = 0; i < r->n_listings; i++) {
		seen |= REQ_LISTING_LINKS;
		if (evidence_item(s, case_id, msg_id, REQ_LISTING_LINKS,
				  "listing", r->listings[i].listing_id,
				  err) < 0)
			return -1;
	}
	for (i = 0; i < EVIDENCE_NREQS; i++) {
		req = evidence_reqs[i];
		if ((r->evidence & req) && !(seen & req) &&
		    evidence_item(s, case_id, msg_id, req,
				  req == REQ_DESCRIPTION ? "text" : "report",
				  NULL, err) < 0)
			return -1;
	}
	return 0;
}

static int
evidence_listings(struct store *s, int64_t case_id, int64_t msg_id,
		  const struct report *r, time_t now, struct err *err)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < r->n_listings; i++) {
		if ((st = db_stmt(s, evidence_sql_listing, err)) == NULL)
			return -1;
		db_bind_int(s, st, 1, case_id);
		db_bind_text(s, st, 2, r->listings[i].listing_id);
		db_bind_text(s, st, 3, r->listings[i].url);
		db_bind_id(s, st, 4, msg_id);
		if (db_step(s, st, err) < 0)
			return -1;
		if (db_changes(s) > 0 &&
		    links_add(s, case_id, r->listings[i].listing_id, now,
			      err) < 0)
			return -1;
	}
	return 0;
}

/* The fields a follow-up from the reporter may complete. */
static int
evidence_fill_case(struct store *s, int64_t case_id, const struct report *r,
		   struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, evidence_sql_fill, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, r->submitter_name);
	db_bind_text(s, st, 3, r->submitter_org);
	db_bind_text(s, st, 4, r->rights_holder);
	db_bind_text(s, st, 5, report_acting_name(r->acting_as));
	return db_step(s, st, err) < 0 ? -1 : 0;
}

static enum acting_as
evidence_acting(const char *name)
{
	if (name != NULL && strcmp(name, "agent") == 0)
		return ACTING_AGENT;
	if (name != NULL && strcmp(name, "rights_holder") == 0)
		return ACTING_RIGHTS_HOLDER;
	return ACTING_UNKNOWN;
}

static unsigned
evidence_req_of_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < EVIDENCE_NREQS; i++)
		if (strcmp(name, report_requirement_name(
				   (enum requirement)evidence_reqs[i])) == 0)
			return evidence_reqs[i];
	return 0;
}

/* Recomputes the missing list of case id from all its evidence items;
   when from_reporter, moves the status as the state machine says for a
   follow-up (workflow_followup_action): the event names the message.
   keep_info: an info_requested case with nothing missing stays so (no
   answer of the reporter came; staff re-read the case). */
static int
evidence_recompute(struct store *s, int64_t case_id, int64_t msg_id,
		   bool from_reporter, bool keep_info, const char *actor,
		   const char *reason, time_t now, bool *changed_r,
		   struct err *err)
{
	struct report synth = { 0 };
	struct store_transition t = { 0 };
	enum report_stream stream;
	enum case_status status;
	enum case_action action;
	sqlite3_stmt *st;
	char *kind = NULL, *acting = NULL;
	const char *why;
	struct buf b;
	struct json j;
	size_t i;
	int rc, ret = -1;

	buf_init(&b, 0);
	if ((st = db_stmt(s, evidence_sql_case, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) != 1) {
		if (rc == 0)
			err_set(err, ERR_FATAL, "no case %lld",
				(long long)case_id);
		goto out;
	}
	kind = db_col_dup(st, 0);
	acting = db_col_dup(st, 1);
	db_reset(st);
	/* A case opened by another kind (a stranger's follow-up) has no
	   requirements: report_compute_missing gives none for it. */
	if (kind == NULL || report_kind_parse(kind, &synth.kind) < 0)
		synth.kind = KIND_FOLLOW_UP;
	synth.acting_as = evidence_acting(acting);
	if ((st = db_stmt(s, evidence_sql_have, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1)
		synth.evidence |= evidence_req_of_name(
			(const char *)sqlite3_column_text(st, 0));
	if (rc < 0)
		goto out;
	report_compute_missing(&synth);
	json_init(&j, &b);
	json_begin_array(&j);
	for (i = 0; i < EVIDENCE_NREQS; i++)
		if (synth.missing & evidence_reqs[i])
			json_string(&j, report_requirement_name(
					    (enum requirement)evidence_reqs[i]));
	json_end_array(&j);
	if ((st = db_stmt(s, evidence_sql_update, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, buf_str(&b));
	db_bind_int(s, st, 3, now);
	if (db_step(s, st, err) < 0)
		goto out;
	if (from_reporter) {
		if (store_case_state(s, case_id, &stream, &status, err) < 0)
			goto out;
		if (workflow_followup_action(status, synth.missing == 0,
					     &action) == 1 &&
		    !(keep_info && action == ACTION_INFO_RECEIVED)) {
			t.action = action;
			t.actor = actor;
			t.reason = reason;
			t.message_id = msg_id;
			t.now = now;
			rc = store_case_transition(s, case_id, &t, NULL, NULL,
						   &why, err);
			if (rc < 0)
				goto out;
			if (changed_r != NULL)
				*changed_r = rc == 1;
		}
	}
	ret = 0;
out:
	free(kind);
	free(acting);
	buf_free(&b);
	return ret;
}

/* Returns 1 if address is case id's reporter or submitter. */
static int
evidence_from_reporter(struct store *s, int64_t case_id, const char *address,
		       struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if (address == NULL)
		return 0;
	if ((st = db_stmt(s, evidence_sql_reporter, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	rc = db_step(s, st, err);
	if (rc == 1)
		db_reset(st);
	free(addr);
	return rc;
}

int
store_case_absorb(struct store *s, int64_t case_id, int64_t msg_id,
		  const struct report *r, time_t now, bool *changed_r,
		  struct err *err)
{
	bool own, from_reporter;
	int rc, ret = -1;

	if (changed_r != NULL)
		*changed_r = false;
	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if (evidence_listings(s, case_id, msg_id, r, now, err) < 0 ||
	    search_index_message(s, case_id, r, err) < 0)
		goto out;
	/* Only the reporter's own reports and follow-ups count as evidence
	   for the report; a vendor's counter-notice or documents do not. */
	if ((rc = evidence_from_reporter(s, case_id, r->from_address,
					 err)) < 0)
		goto out;
	from_reporter = rc == 1;
	if (from_reporter && (r->kind == KIND_IP_REPORT ||
			      r->kind == KIND_ABUSE_REPORT ||
			      r->kind == KIND_FOLLOW_UP) &&
	    (evidence_items(s, case_id, msg_id, r, err) < 0 ||
	     evidence_fill_case(s, case_id, r, err) < 0))
		goto out;
	if (evidence_recompute(s, case_id, msg_id, from_reporter, false,
			       "intake",
			       "a message from the reporter", now,
			       changed_r, err) < 0)
		goto out;
	ret = 0;
out:
	return db_auto_end(s, own, ret, err);
}

int
store_case_recompute(struct store *s, int64_t case_id, const char *actor,
		     const char *reason, time_t now, struct err *err)
{
	return evidence_recompute(s, case_id, 0, true, true, actor, reason,
				  now, NULL, err);
}
