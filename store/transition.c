/* store/transition.c - every status change of a case goes through the
   state machine (common/casestate.h): a refused move changes nothing and
   says why; an allowed one updates the case and appends one event with
   who, when and why. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char transition_sql_state[] =
	"SELECT stream, status FROM cases WHERE id = ?1";
static const char transition_sql_set[] =
	"UPDATE cases SET status = ?2, updated = ?3, "
	"enforcement = coalesce(?4, enforcement) WHERE id = ?1";
static const char transition_sql_flag[] =
	"UPDATE cases SET needs_staff = 1, updated = ?2 WHERE id = ?1";

int
store_case_state(struct store *s, int64_t case_id,
		 enum report_stream *stream_r, enum case_status *status_r,
		 struct err *err)
{
	sqlite3_stmt *st;
	const char *stream, *status;
	int rc, ok;

	if ((st = db_stmt(s, transition_sql_state, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	stream = (const char *)sqlite3_column_text(st, 0);
	status = (const char *)sqlite3_column_text(st, 1);
	ok = stream && status && report_stream_parse(stream, stream_r) == 0 &&
	     workflow_status_parse(status, status_r) == 0;
	if (!ok)
		err_set(err, ERR_FATAL, "case %lld has an unknown status %s",
			(long long)case_id, status ? status : "(null)");
	db_reset(st);
	return ok ? 1 : -1;
}

static int
transition_event(struct store *s, int64_t case_id,
		 const struct store_transition *t, enum case_status from,
		 enum case_status to, struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_string(&ev.j, "action", workflow_action_name(t->action));
	json_kv_string(&ev.j, "from", workflow_status_name(from));
	json_kv_string(&ev.j, "to", workflow_status_name(to));
	json_kv_string(&ev.j, "reason", t->reason);
	if (t->action == ACTION_ENFORCE)
		json_kv_string(&ev.j, "enforcement",
			       workflow_enforcement_name(t->enforcement));
	return store_event_end(s, &ev, case_id, t->message_id, t->now,
			       t->actor, "case.status", err);
}

int
store_case_transition(struct store *s, int64_t case_id,
		      const struct store_transition *t,
		      enum case_status *from_r, enum case_status *to_r,
		      const char **why_r, struct err *err)
{
	enum report_stream stream;
	enum case_status from, to;
	const char *why = NULL;
	sqlite3_stmt *st;
	bool own;
	int rc, ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((rc = store_case_state(s, case_id, &stream, &from, err)) <= 0) {
		if (rc == 0)
			err_set(err, ERR_FATAL, "no case %lld",
				(long long)case_id);
		goto out;
	}
	if (workflow_next(stream, from, t->action, &to, &why) < 0) {
		if (why_r != NULL)
			*why_r = why;
		ret = 0;
		goto out;
	}
	if ((st = db_stmt(s, transition_sql_set, err)) == NULL)
		goto out;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, workflow_status_name(to));
	db_bind_int(s, st, 3, t->now);
	db_bind_text(s, st, 4, t->action == ACTION_ENFORCE ?
		     workflow_enforcement_name(t->enforcement) : NULL);
	if (db_step(s, st, err) < 0 ||
	    transition_event(s, case_id, t, from, to, err) < 0)
		goto out;
	if (from_r != NULL)
		*from_r = from;
	if (to_r != NULL)
		*to_r = to;
	ret = 1;
out:
	/* A refusal (0) wrote nothing: committing it is harmless. */
	if (db_auto_end(s, own, ret, err) < 0)
		return -1;
	return ret;
}

int
store_case_flag(struct store *s, int64_t case_id, int64_t msg_id,
		const char *actor, const char *note, time_t now,
		struct err *err)
{
	struct store_event_draft ev;
	sqlite3_stmt *st;
	bool own;
	int ret = -1;

	if (db_auto_begin(s, &own, err) < 0)
		return -1;
	if ((st = db_stmt(s, transition_sql_flag, err)) == NULL)
		goto end;
	db_bind_int(s, st, 1, case_id);
	db_bind_int(s, st, 2, now);
	if (db_step(s, st, err) < 0)
		goto end;
	store_event_begin(&ev);
	json_kv_string(&ev.j, "note", note);
	ret = store_event_end(s, &ev, case_id, msg_id, now, actor,
			      "case.flagged", err);
end:
	return db_auto_end(s, own, ret, err);
}
