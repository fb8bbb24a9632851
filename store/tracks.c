/* store/tracks.c - the per-listing tracks of a case (docs/WORKFLOW.md
   "Per-listing tracks"): a listing moves only as listing_next allows,
   each move one event; the case status is then derived from the tracks
   (listing_case_status) and stored with its own event when it changes;
   account-level actions are kept per vendor; evidence requests close
   when the listings they concern are decided. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char tracks_sql_get[] =
	"SELECT track FROM case_listings WHERE case_id = ?1 AND listing_id = ?2";
static const char tracks_sql_set[] =
	"UPDATE case_listings SET track = ?3, track_updated = ?4, "
	"decided_by = CASE WHEN ?3 IN ('removed', 'reinstated') THEN ?5 "
	"ELSE decided_by END WHERE case_id = ?1 AND listing_id = ?2";
/* A listing still open whose vendor's account was acted on (or any
   listing, for an action recorded without a vendor) counts as enforced
   for the case status; its own track stays. */
static const char tracks_sql_all[] =
	"SELECT CASE WHEN l.track NOT IN ('removed', 'reinstated', "
	"'no_action', 'complaint') AND EXISTS (SELECT 1 FROM vendor_actions a "
	"WHERE a.case_id = l.case_id AND (a.vendor_email IS NULL OR "
	"a.vendor_email = d.vendor_email)) THEN 'removed' ELSE l.track END "
	"FROM case_listings l LEFT JOIN listing_directory d "
	"ON d.listing_id = l.listing_id WHERE l.case_id = ?1 ORDER BY l.rowid";
static const char tracks_sql_naction[] =
	"SELECT count(*) FROM vendor_actions WHERE case_id = ?1";
static const char tracks_sql_status[] =
	"UPDATE cases SET status = ?2, updated = ?3, "
	"enforcement = coalesce(?4, enforcement) WHERE id = ?1";
static const char tracks_sql_vaction_add[] =
	"INSERT INTO vendor_actions (case_id, vendor_email, action, reason, "
	"actor, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char tracks_sql_vaction_list[] =
	"SELECT vendor_email, action, reason, actor, created "
	"FROM vendor_actions WHERE case_id = ?1 ORDER BY id";
/* Open requests whose concerned listings (a vendor's: that vendor's;
   the rights holder's: all) are all decided, or whose case ended. */
static const char tracks_sql_evreq_decided[] =
	"SELECT r.id, r.party FROM evidence_requests r JOIN cases c "
	"ON c.id = r.case_id WHERE r.case_id = ?1 AND r.satisfied_at IS NULL "
	"AND r.closed_at IS NULL AND (c.status IN ('rejected', 'closed') OR "
	"(EXISTS (SELECT 1 FROM case_listings l WHERE l.case_id = ?1) AND "
	"NOT EXISTS (SELECT 1 FROM case_listings l LEFT JOIN "
	"listing_directory d ON d.listing_id = l.listing_id "
	"WHERE l.case_id = ?1 AND l.track NOT IN ('removed', 'reinstated', "
	"'no_action') AND (r.role != 'vendor' OR d.vendor_email = r.party)))) "
	"ORDER BY r.id";
static const char tracks_sql_evreq_close[] =
	"UPDATE evidence_requests SET closed_at = ?3, closed_why = ?4 "
	"WHERE id = ?1 AND case_id = ?2 AND satisfied_at IS NULL "
	"AND closed_at IS NULL";

/* Appends an event of type by actor with a JSON object of up to three
   string pairs (NULL keys are left out). */
static int
tracks_event(struct store *s, int64_t case_id, int64_t msg_id, time_t now,
	     const char *actor, const char *type, const char *const kv[6],
	     struct err *err)
{
	struct buf b;
	struct json j;
	int ret;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	for (int i = 0; i < 6; i += 2)
		if (kv[i] != NULL)
			json_kv_string(&j, kv[i], kv[i + 1]);
	json_end_object(&j);
	ret = store_event_add(s, case_id, msg_id, now, actor, type,
			      buf_str(&b), err);
	buf_free(&b);
	return ret;
}

int
store_listing_move(struct store *s, int64_t case_id, const char *listing_id,
		   const struct store_listing_move *m, const char **why_r,
		   struct err *err)
{
	enum listing_track from, to;
	const char *why = "refused";
	sqlite3_stmt *st;
	char *cur;
	int rc;

	if ((st = db_stmt(s, tracks_sql_get, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, listing_id);
	if ((rc = db_step(s, st, err)) <= 0) {
		if (rc == 0 && why_r != NULL)
			*why_r = "the case has no such listing";
		return rc;
	}
	cur = db_col_dup(st, 0);
	db_reset(st);
	rc = listing_track_parse(cur, &from);
	free(cur);
	if (rc < 0) {
		err_set(err, ERR_FATAL, "listing %s has an unknown track",
			listing_id);
		return -1;
	}
	if (listing_next(from, m->action, &to, &why) < 0) {
		if (why_r != NULL)
			*why_r = why;
		return 0;
	}
	if ((st = db_stmt(s, tracks_sql_set, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, listing_id);
	db_bind_text(s, st, 3, listing_track_name(to));
	db_bind_int(s, st, 4, m->now);
	db_bind_text(s, st, 5, m->actor);
	if (db_step(s, st, err) < 0 ||
	    tracks_event(s, case_id, m->message_id, m->now, m->actor,
			 "listing.track", (const char *const[6]){
				 "listing", listing_id, "action",
				 listing_action_name(m->action), "to",
				 listing_track_name(to) }, err) < 0)
		return -1;
	/* The reason goes into its own event only when given. */
	if (m->reason != NULL &&
	    tracks_event(s, case_id, m->message_id, m->now, m->actor,
			 "listing.reason", (const char *const[6]){
				 "listing", listing_id, "reason", m->reason,
				 NULL, NULL }, err) < 0)
		return -1;
	return 1;
}

int
store_case_derive(struct store *s, int64_t case_id,
		  const struct store_listing_move *m, const char *enforcement,
		  enum case_status *to_r, struct err *err)
{
	enum listing_track *tracks = NULL, t;
	enum report_stream stream;
	enum case_status from, to;
	size_t n = 0, cap = 0, nact = 0;
	sqlite3_stmt *st;
	char *name;
	int rc, ret = -1;

	if ((rc = store_case_state(s, case_id, &stream, &from, err)) <= 0) {
		if (rc == 0)
			err_set(err, ERR_FATAL, "no case %lld",
				(long long)case_id);
		return -1;
	}
	if ((st = db_stmt(s, tracks_sql_all, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		name = db_col_dup(st, 0);
		if (listing_track_parse(name, &t) == 0) {
			tracks = xgrow(tracks, n, &cap, sizeof(*tracks));
			tracks[n++] = t;
		}
		free(name);
	}
	if (rc < 0 || (st = db_stmt(s, tracks_sql_naction, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) < 0)
		goto out;
	nact = rc == 1 ? (size_t)db_col_int(st, 0) : 0;
	db_reset(st);
	to = listing_case_status(from, tracks, n, nact);
	if (to_r != NULL)
		*to_r = to;
	if (to == from && enforcement == NULL) {
		ret = 0;
		goto out;
	}
	if ((st = db_stmt(s, tracks_sql_status, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, workflow_status_name(to));
	db_bind_int(s, st, 3, m->now);
	db_bind_text(s, st, 4, enforcement);
	if (db_step(s, st, err) < 0)
		goto out;
	if (to != from &&
	    tracks_event(s, case_id, m->message_id, m->now, m->actor,
			 "case.status", (const char *const[6]){
				 "action", listing_action_name(m->action),
				 "from", workflow_status_name(from),
				 "to", workflow_status_name(to) }, err) < 0)
		goto out;
	ret = 0;
out:
	free(tracks);
	return ret;
}

int
store_vendor_action_add(struct store *s, int64_t case_id,
			const char *vendor_email, const char *action,
			const char *reason, const char *actor, time_t now,
			struct err *err)
{
	sqlite3_stmt *st;
	char *addr = casetab_lower(vendor_email);
	int rc;

	if ((st = db_stmt(s, tracks_sql_vaction_add, err)) == NULL) {
		free(addr);
		return -1;
	}
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	db_bind_text(s, st, 3, action);
	db_bind_text(s, st, 4, reason);
	db_bind_text(s, st, 5, actor);
	db_bind_int(s, st, 6, now);
	rc = db_step(s, st, err);
	free(addr);
	return rc < 0 ? -1 : 0;
}

int
store_vendor_actions(struct store *s, int64_t case_id,
		     struct store_vendor_action **a_r, size_t *n_r,
		     struct err *err)
{
	struct store_vendor_action *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*a_r = NULL;
	*n_r = 0;
	if ((st = db_stmt(s, tracks_sql_vaction_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n].vendor_email = db_col_dup(st, 0);
		v[n].action = db_col_dup(st, 1);
		v[n].reason = db_col_dup(st, 2);
		v[n].actor = db_col_dup(st, 3);
		v[n].created = (time_t)db_col_int(st, 4);
		n++;
	}
	if (rc < 0) {
		store_vendor_actions_free(v, n);
		return -1;
	}
	*a_r = v;
	*n_r = n;
	return 0;
}

void
store_vendor_actions_free(struct store_vendor_action *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].vendor_email);
		free(v[i].action);
		free(v[i].reason);
		free(v[i].actor);
	}
	free(v);
}

int
store_evreq_close(struct store *s, int64_t case_id, int64_t id,
		  const char *why, const char *actor, time_t now,
		  struct err *err)
{
	sqlite3_stmt *st;
	char idbuf[24];

	if ((st = db_stmt(s, tracks_sql_evreq_close, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, case_id);
	db_bind_int(s, st, 3, now);
	db_bind_text(s, st, 4, why);
	if (db_step(s, st, err) < 0)
		return -1;
	if (db_changes(s) == 0)
		return 0;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (tracks_event(s, case_id, 0, now, actor, "evidence_request.closed",
			 (const char *const[6]){ "request", idbuf, "why", why,
				 NULL, NULL }, err) < 0)
		return -1;
	return 1;
}

int
store_evreq_close_decided(struct store *s, int64_t case_id, time_t now,
			  size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if (n_r != NULL)
		*n_r = 0;
	if ((st = db_stmt(s, tracks_sql_evreq_decided, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		ids = xgrow(ids, n, &cap, sizeof(*ids));
		ids[n++] = db_col_int(st, 0);
	}
	for (i = 0; rc == 0 && i < n; i++)
		if (store_evreq_close(s, case_id, ids[i], "decided", "system",
				      now, err) < 0)
			rc = -1;
	free(ids);
	if (rc < 0)
		return -1;
	if (n_r != NULL)
		*n_r = n;
	return 0;
}

static const char tracks_sql_set_holder[] =
	"UPDATE cases SET rights_holder = ?2, updated = ?3 WHERE id = ?1";
static const char tracks_sql_set_org[] =
	"UPDATE cases SET submitter_org = ?2, updated = ?3 WHERE id = ?1";
static const char tracks_sql_rights_clear[] =
	"DELETE FROM case_rights WHERE case_id = ?1";
static const char tracks_sql_rights_add[] =
	"INSERT INTO case_rights (case_id, position, type, jurisdiction, "
	"registration) VALUES (?1, ?2, ?3, ?4, ?5)";

int
store_case_set_text(struct store *s, int64_t case_id, const char *field,
		    const char *value, time_t now, struct err *err)
{
	sqlite3_stmt *st;
	const char *sql = strcmp(field, "rights_holder") == 0 ?
		tracks_sql_set_holder : strcmp(field, "submitter_org") == 0 ?
		tracks_sql_set_org : NULL;

	if (sql == NULL) {
		err_set(err, ERR_FATAL, "no case field %s", field);
		return -1;
	}
	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, value);
	db_bind_int(s, st, 3, now);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
store_case_set_rights(struct store *s, int64_t case_id,
		      const struct store_right *r, size_t n, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, tracks_sql_rights_clear, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if (db_step(s, st, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((st = db_stmt(s, tracks_sql_rights_add, err)) == NULL)
			return -1;
		db_bind_int(s, st, 1, case_id);
		db_bind_int(s, st, 2, (int64_t)i);
		db_bind_text(s, st, 3, r[i].type);
		db_bind_text(s, st, 4, r[i].jurisdiction);
		db_bind_text(s, st, 5, r[i].registration);
		if (db_step(s, st, err) < 0)
			return -1;
	}
	return 0;
}
