/* store/initiative.c - cases staff open on their own initiative (source
   type voluntary, DSA Art. 17(3)(b)): no reporter, no message, the
   listings named and the ground, clause and explanation they rest on. */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "store/store-int.h"

static const char initiative_sql_add[] =
	"INSERT INTO cases (ref, stream, kind, status, created, updated, "
	"source_type, ground, clause, explanation) VALUES (?1, ?2, "
	"'own_initiative', 'ready_for_review', ?3, ?3, 'voluntary', ?4, ?5, "
	"?6)";
static const char initiative_sql_listing[] =
	"INSERT OR IGNORE INTO case_listings (case_id, listing_id, url, "
	"track_updated) VALUES (?1, ?2, ?2, ?3)";

int
store_case_open(struct store *s, const struct store_case_open *o,
		int64_t *id_r, char *ref_r, size_t ref_size, struct err *err)
{
	struct store_event_draft ev;
	sqlite3_stmt *st;
	int64_t id;

	if (refs_next(s, o->prefix, o->now, ref_r, ref_size, err) < 0 ||
	    (st = db_stmt(s, initiative_sql_add, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, ref_r);
	db_bind_text(s, st, 2, report_stream_name(o->stream));
	db_bind_int(s, st, 3, o->now);
	db_bind_text(s, st, 4, o->ground);
	db_bind_text(s, st, 5, o->clause);
	db_bind_text(s, st, 6, o->explanation);
	if (db_step(s, st, err) < 0)
		return -1;
	id = db_last_id(s);
	for (size_t i = 0; o->listings != NULL && i < o->listings->n; i++) {
		if ((st = db_stmt(s, initiative_sql_listing, err)) == NULL)
			return -1;
		db_bind_int(s, st, 1, id);
		db_bind_text(s, st, 2, o->listings->v[i]);
		db_bind_int(s, st, 3, o->now);
		if (db_step(s, st, err) < 0)
			return -1;
	}
	store_event_begin(&ev);
	json_kv_string(&ev.j, "source_type", "voluntary");
	json_kv_string(&ev.j, "ground", o->ground);
	json_kv_string(&ev.j, "clause", o->clause);
	json_kv_string(&ev.j, "explanation", o->explanation);
	if (store_event_end(s, &ev, id, 0, o->now, o->actor, "case.opened",
			    err) < 0)
		return -1;
	*id_r = id;
	return 0;
}
