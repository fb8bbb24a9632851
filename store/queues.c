/* store/queues.c - the staff console's queues: one page of cases of a
   queue (open, needs staff, overdue, unassigned, mine, incomplete,
   ready for review, counter-notices, all) with filters, sorted by age
   or last activity, with the number of matches; and the number of
   cases in every queue in one pass. Each is one fixed statement whose
   optional filters are bound NULL when unused, so the statement cache
   keeps them prepared. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

/* The queue condition on cases c: ?1 queue, ?2 me, ?3 now. */
#define Q_QUEUE \
	"(CASE ?1 " \
	"WHEN 0 THEN c.status <> 'closed' " \
	"WHEN 1 THEN c.status <> 'closed' AND c.needs_staff = 1 " \
	"WHEN 2 THEN c.status <> 'closed' AND EXISTS (SELECT 1 FROM " \
	"evidence_requests e WHERE e.case_id = c.id AND e.satisfied_at IS " \
	"NULL AND e.deadline < ?3) " \
	"WHEN 3 THEN c.status <> 'closed' AND c.assignee IS NULL " \
	"WHEN 4 THEN c.status <> 'closed' AND c.assignee = ?2 " \
	"WHEN 5 THEN c.status = 'incomplete' " \
	"WHEN 6 THEN c.status = 'ready_for_review' " \
	"WHEN 7 THEN c.status = 'counter_noticed' " \
	"ELSE 1 END)"
/* The filters: ?4 stream, ?5 status, ?6 category, ?7 vendor, ?8
   assignee ("-": unassigned), ?9 created at or before. */
#define Q_FILTERS \
	" AND (?4 IS NULL OR c.stream = ?4)" \
	" AND (?5 IS NULL OR c.status = ?5)" \
	" AND (?6 IS NULL OR c.category = ?6)" \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM case_listings cl JOIN " \
	"listing_directory d ON d.listing_id = cl.listing_id WHERE " \
	"cl.case_id = c.id AND d.vendor_email = lower(?7)))" \
	" AND (?8 IS NULL OR (?8 = '-' AND c.assignee IS NULL) OR " \
	"c.assignee = ?8)" \
	" AND (?9 IS NULL OR c.created <= ?9)"

static const char q_sql_page[] =
	"SELECT c.ref, c.stream, c.status, c.kind, c.created, c.updated, "
	"c.submitter_email, c.rights_holder, c.category, c.assignee, "
	"c.needs_staff, c.missing, "
	"(SELECT count(*) FROM case_listings cl WHERE cl.case_id = c.id), "
	"(SELECT min(o.created) FROM outbox o WHERE o.case_id = c.id AND "
	"o.kind <> 'ack') "
	"FROM cases c WHERE " Q_QUEUE Q_FILTERS
	" ORDER BY CASE WHEN ?10 = 1 THEN c.updated END DESC, "
	"c.created, c.id LIMIT ?11 OFFSET ?12";
static const char q_sql_total[] =
	"SELECT count(*) FROM cases c WHERE " Q_QUEUE Q_FILTERS;
static const char q_sql_counts[] =
	"SELECT "
	"sum(c.status <> 'closed'), "
	"sum(c.status <> 'closed' AND c.needs_staff = 1), "
	"(SELECT count(DISTINCT e.case_id) FROM evidence_requests e JOIN "
	"cases c2 ON c2.id = e.case_id WHERE e.satisfied_at IS NULL AND "
	"e.deadline < ?2 AND c2.status <> 'closed'), "
	"sum(c.status <> 'closed' AND c.assignee IS NULL), "
	"sum(c.status <> 'closed' AND c.assignee IS ?1), "
	"sum(c.status = 'incomplete'), "
	"sum(c.status = 'ready_for_review'), "
	"sum(c.status = 'counter_noticed'), "
	"count(*) FROM cases c";

/* Binds the queue and the filters of q to st. */
static void
q_bind(struct store *s, sqlite3_stmt *st, const struct store_queue_query *q)
{
	db_bind_int(s, st, 1, (int64_t)q->queue);
	db_bind_text(s, st, 2, q->me);
	db_bind_int(s, st, 3, q->now);
	db_bind_text(s, st, 4, q->stream);
	db_bind_text(s, st, 5, q->status);
	db_bind_text(s, st, 6, q->category);
	db_bind_text(s, st, 7, q->vendor);
	db_bind_text(s, st, 8, q->assignee);
	if (q->min_age > 0)
		db_bind_int(s, st, 9, q->now - q->min_age);
	else
		db_bind_text(s, st, 9, NULL);
}

void
store_queue_rows_free(struct store_queue_row *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].stream);
		free(v[i].status);
		free(v[i].kind);
		free(v[i].submitter);
		free(v[i].rights_holder);
		free(v[i].category);
		free(v[i].assignee);
		free(v[i].missing);
	}
	free(v);
}

int
store_queue_page(struct store *s, const struct store_queue_query *q,
		 struct store_queue_row **rows_r, size_t *n_r,
		 int64_t *total_r, struct err *err)
{
	struct store_queue_row *v = NULL, *r;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, q_sql_total, err)) == NULL)
		return -1;
	q_bind(s, st, q);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	*total_r = rc == 1 ? db_col_int(st, 0) : 0;
	if (rc == 1)
		db_reset(st);
	if ((st = db_stmt(s, q_sql_page, err)) == NULL)
		return -1;
	q_bind(s, st, q);
	db_bind_int(s, st, 10, q->by_activity ? 1 : 0);
	db_bind_int(s, st, 11, (int64_t)q->limit);
	db_bind_int(s, st, 12, (int64_t)q->offset);
	while ((rc = db_step(s, st, err)) == 1) {
		v = xgrow(v, n, &cap, sizeof(*v));
		r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->ref = db_col_dup(st, 0);
		r->stream = db_col_dup(st, 1);
		r->status = db_col_dup(st, 2);
		r->kind = db_col_dup(st, 3);
		r->created = (time_t)db_col_int(st, 4);
		r->updated = (time_t)db_col_int(st, 5);
		r->submitter = db_col_dup(st, 6);
		r->rights_holder = db_col_dup(st, 7);
		r->category = db_col_dup(st, 8);
		r->assignee = db_col_dup(st, 9);
		r->needs_staff = db_col_int(st, 10) != 0;
		r->missing = db_col_dup(st, 11);
		r->n_listings = db_col_int(st, 12);
		r->first_response = (time_t)db_col_int(st, 13);
	}
	if (rc < 0) {
		store_queue_rows_free(v, n);
		return -1;
	}
	*rows_r = v;
	*n_r = n;
	return 0;
}

int
store_queue_counts(struct store *s, const char *me, time_t now,
		   int64_t counts[STORE_QUEUE_N], struct err *err)
{
	static const enum store_queue order[] = {
		QUEUE_OPEN, QUEUE_NEEDS_STAFF, QUEUE_OVERDUE, QUEUE_UNASSIGNED,
		QUEUE_MINE, QUEUE_INCOMPLETE, QUEUE_READY, QUEUE_COUNTER,
		QUEUE_ALL
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	memset(counts, 0, sizeof(int64_t) * STORE_QUEUE_N);
	if ((st = db_stmt(s, q_sql_counts, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, me);
	db_bind_int(s, st, 2, now);
	if ((rc = db_step(s, st, err)) != 1)
		return rc < 0 ? -1 : 0;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		counts[order[i]] = db_col_int(st, (int)i);
	db_reset(st);
	return 0;
}
