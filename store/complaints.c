/* store/complaints.c - internal complaints against decisions (DSA
   Art. 20, docs/WORKFLOW.md "Complaints"): which decision mail a reply
   answers, the complaints of a case and their outcome, and who took a
   decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

/* The decision mails a party may complain of by replying: a decision to
   a vendor or the reporter, the rejection of a report. */
static const char complaints_sql_mail[] =
	"SELECT o.id, o.kind, o.created FROM outbox o JOIN outbox_recipients r "
	"ON r.outbox_id = o.id WHERE o.message_id = ?1 AND o.case_id = ?2 "
	"AND lower(r.address) = ?3 AND o.kind IN ('decision', "
	"'case_rejected') LIMIT 1";
static const char complaints_sql_add[] =
	"INSERT INTO complaints (case_id, listing_id, party, address, "
	"message_id, decision, decided_by, created, answer_by, lang) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char complaints_sql_list[] =
	"SELECT id, listing_id, party, address, decision, decided_by, created, "
	"answer_by, outcome, reason, outcome_by, outcome_at, message_id, "
	"lang "
	"FROM complaints WHERE case_id = ?1 ORDER BY id";
static const char complaints_sql_decide[] =
	"UPDATE complaints SET outcome = ?3, reason = ?4, outcome_by = ?5, "
	"outcome_at = ?6 WHERE id = ?1 AND case_id = ?2 AND outcome IS NULL";
/* The latest decision on the case: a listing removed or reinstated, a
   case-level enforce, reinstate or reject, an account action. */
static const char complaints_sql_decider[] =
	"SELECT actor, t FROM (SELECT actor, created AS t, id FROM "
	"vendor_actions WHERE case_id = ?1 UNION ALL SELECT actor, time, id "
	"FROM events WHERE case_id = ?1 AND ((type = 'case.status' AND "
	"json_extract(detail, '$.action') IN ('reject', 'enforce', "
	"'reinstate')) OR (type = 'listing.track' AND "
	"json_extract(detail, '$.to') IN ('removed', 'reinstated')))) "
	"ORDER BY t DESC, id DESC LIMIT 1";

int
store_complaint_mail(struct store *s, int64_t case_id, const struct strv *refs,
		     const char *address, struct store_decision_mail *d,
		     struct err *err)
{
	sqlite3_stmt *st;
	char *addr, *kind;
	int rc = 0, found = 0;

	*d = (struct store_decision_mail){ 0 };
	if (refs == NULL || address == NULL || *address == '\0')
		return 0;
	addr = casetab_lower(address);
	for (size_t i = 0; i < refs->n; i++) {
		if ((st = db_stmt(s, complaints_sql_mail, err)) == NULL) {
			rc = -1;
			break;
		}
		db_bind_text(s, st, 1, refs->v[i]);
		db_bind_int(s, st, 2, case_id);
		db_bind_text(s, st, 3, addr);
		if ((rc = db_step(s, st, err)) < 0)
			break;
		if (rc == 0)
			continue;
		/* The latest decision mail the reply names. */
		if (!found || (time_t)db_col_int(st, 2) > d->created) {
			d->outbox_id = db_col_int(st, 0);
			kind = db_col_dup(st, 1);
			snprintf(d->kind, sizeof(d->kind), "%s",
				 kind ? kind : "");
			free(kind);
			d->created = (time_t)db_col_int(st, 2);
			found = 1;
		}
		db_reset(st);
		rc = 0;
	}
	free(addr);
	return rc < 0 ? -1 : found;
}

int
store_complaint_add(struct store *s, const struct store_complaint_new *c,
		    int64_t *id_r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr = casetab_lower(c->address);
	int rc;

	if ((st = db_stmt(s, complaints_sql_add, err)) == NULL) {
		free(addr);
		return -1;
	}
	db_bind_int(s, st, 1, c->case_id);
	db_bind_text(s, st, 2, c->listing_id);
	db_bind_text(s, st, 3, c->party);
	db_bind_text(s, st, 4, addr);
	db_bind_id(s, st, 5, c->message_id);
	db_bind_text(s, st, 6, c->decision);
	db_bind_text(s, st, 7, c->decided_by);
	db_bind_int(s, st, 8, c->now);
	db_bind_int(s, st, 9, c->answer_by);
	db_bind_text(s, st, 10, c->lang != NULL && strcmp(c->lang, "zh") == 0 ?
		     "zh" : "en");
	rc = db_step(s, st, err);
	free(addr);
	if (rc < 0)
		return -1;
	if (id_r != NULL)
		*id_r = db_last_id(s);
	return 0;
}

int
store_complaints(struct store *s, int64_t case_id, struct store_complaint **c_r,
		 size_t *n_r, struct err *err)
{
	struct store_complaint *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*c_r = NULL;
	*n_r = 0;
	if ((st = db_stmt(s, complaints_sql_list, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n] = (struct store_complaint){ 0 };
		v[n].id = db_col_int(st, 0);
		v[n].listing_id = db_col_dup(st, 1);
		v[n].party = db_col_dup(st, 2);
		v[n].address = db_col_dup(st, 3);
		v[n].decision = db_col_dup(st, 4);
		v[n].decided_by = db_col_dup(st, 5);
		v[n].created = (time_t)db_col_int(st, 6);
		v[n].answer_by = (time_t)db_col_int(st, 7);
		v[n].outcome = db_col_dup(st, 8);
		v[n].reason = db_col_dup(st, 9);
		v[n].outcome_by = db_col_dup(st, 10);
		v[n].outcome_at = (time_t)db_col_int(st, 11);
		v[n].message_id = db_col_int(st, 12);
		v[n].lang = db_col_dup(st, 13);
		n++;
	}
	if (rc < 0) {
		store_complaints_free(v, n);
		return -1;
	}
	*c_r = v;
	*n_r = n;
	return 0;
}

void
store_complaints_free(struct store_complaint *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].listing_id);
		free(v[i].party);
		free(v[i].address);
		free(v[i].decision);
		free(v[i].decided_by);
		free(v[i].outcome);
		free(v[i].reason);
		free(v[i].outcome_by);
		free(v[i].lang);
	}
	free(v);
}

int
store_complaint_decide(struct store *s, int64_t case_id, int64_t id,
		       const char *outcome, const char *reason,
		       const char *actor, time_t now, struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, complaints_sql_decide, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, id);
	db_bind_int(s, st, 2, case_id);
	db_bind_text(s, st, 3, outcome);
	db_bind_text(s, st, 4, reason);
	db_bind_text(s, st, 5, actor);
	db_bind_int(s, st, 6, now);
	if (db_step(s, st, err) < 0)
		return -1;
	return db_changes(s) > 0 ? 1 : 0;
}

int
store_case_decider(struct store *s, int64_t case_id, char **actor_r,
		   struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*actor_r = NULL;
	if ((st = db_stmt(s, complaints_sql_decider, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	if (rc == 1) {
		*actor_r = db_col_dup(st, 0);
		db_reset(st);
	}
	return *actor_r != NULL ? 1 : 0;
}
