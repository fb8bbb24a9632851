/* store/events.c - the append-only event log of everything that happens
   to a case (case_id NULL: global events). Triggers in the schema refuse
   UPDATE and DELETE, so the log can only grow. */
#include <stdlib.h>

#include "common/mem.h"
#include "store/store-int.h"

static const char events_sql_add[] =
	"INSERT INTO events (case_id, message_id, time, actor, type, detail) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char events_sql_list[] =
	"SELECT id, case_id, message_id, time, actor, type, detail "
	"FROM events WHERE case_id IS ?1 ORDER BY id";

int
store_event_add(struct store *s, int64_t case_id, int64_t msg_id, time_t now,
		const char *actor, const char *type, const char *detail,
		struct err *err)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(s, events_sql_add, err)) == NULL)
		return -1;
	db_bind_id(s, st, 1, case_id);
	db_bind_id(s, st, 2, msg_id);
	db_bind_int(s, st, 3, now);
	db_bind_text(s, st, 4, actor);
	db_bind_text(s, st, 5, type);
	db_bind_text(s, st, 6, detail ? detail : "{}");
	return db_step(s, st, err) < 0 ? -1 : 0;
}

void
store_event_begin(struct store_event_draft *ev)
{
	buf_init(&ev->buf, 0);
	json_init(&ev->j, &ev->buf);
	json_begin_object(&ev->j);
}

int
store_event_end(struct store *s, struct store_event_draft *ev,
		int64_t case_id, int64_t msg_id, time_t now, const char *actor,
		const char *type, struct err *err)
{
	int ret;

	json_end_object(&ev->j);
	ret = store_event_add(s, case_id, msg_id, now, actor, type,
			      buf_str(&ev->buf), err);
	buf_free(&ev->buf);
	return ret;
}

int
store_event_list(struct store *s, int64_t case_id, struct store_event **ev_r,
		 size_t *n_r, struct err *err)
{
	struct store_event *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	if ((st = db_stmt(s, events_sql_list, err)) == NULL)
		return -1;
	db_bind_id(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_event *e;

		v = xgrow(v, n, &cap, sizeof(*v));
		e = &v[n++];
		e->id = db_col_int(st, 0);
		e->case_id = db_col_int(st, 1);
		e->message_id = db_col_int(st, 2);
		e->time = (time_t)db_col_int(st, 3);
		e->actor = db_col_dup(st, 4);
		e->type = db_col_dup(st, 5);
		e->detail = db_col_dup(st, 6);
	}
	if (rc < 0) {
		store_events_free(v, n);
		return -1;
	}
	*ev_r = v;
	*n_r = n;
	return 0;
}

void
store_events_free(struct store_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].actor);
		free(v[i].type);
		free(v[i].detail);
	}
	free(v);
}
