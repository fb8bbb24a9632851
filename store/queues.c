/* store/queues.c - the staff console's queues: one page of cases of a
   queue (open, needs staff, overdue, unassigned, mine, incomplete,
   ready for review, counter-notices, all) with filters, sorted by age
   or last activity, with the number of matches; and the number of
   cases in every queue. Each queue and order has a fixed statement of
   its own (so an index serves it) whose optional filters are bound NULL
   when unused, so the statement cache keeps them prepared. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "store/store-int.h"

/* The queue conditions on cases c (?2 me, ?3 now), each written so that
   an index serves it (schema 0012). */
#define Q_OPEN "c.status <> 'closed'"
#define Q_NEEDS "c.needs_staff = 1 AND c.status <> 'closed'"
#define Q_OVERDUE "c.status <> 'closed' AND c.id IN (SELECT e.case_id " \
	"FROM evidence_requests e WHERE e.satisfied_at IS NULL AND " \
	"e.deadline < ?3)"
#define Q_UNASSIGNED "c.assignee IS NULL AND c.status <> 'closed'"
#define Q_MINE "c.assignee = ?2 AND c.status <> 'closed'"
#define Q_INCOMPLETE "c.status = 'incomplete'"
#define Q_READY "c.status = 'ready_for_review'"
#define Q_COUNTER "c.status = 'counter_noticed'"
#define Q_ALL "1"
/* The filters: ?4 stream, ?5 status, ?6 category, ?7 vendor, ?8
   assignee ("-": unassigned), ?9 created at or before. Every statement
   names ?9 (and the pages ?11 and ?12), so binding ?1 to ?9 is always
   in range, used or not. */
#define Q_FILTERS \
	" AND (?4 IS NULL OR c.stream = ?4)" \
	" AND (?5 IS NULL OR c.status = ?5)" \
	" AND (?6 IS NULL OR c.category = ?6)" \
	" AND (?7 IS NULL OR c.id IN (SELECT cl.case_id FROM " \
	"listing_directory d JOIN case_listings cl ON cl.listing_id = " \
	"d.listing_id WHERE d.vendor_email = lower(?7)))" \
	" AND (?8 IS NULL OR (?8 = '-' AND c.assignee IS NULL) OR " \
	"c.assignee = ?8)" \
	" AND (?9 IS NULL OR c.created <= ?9)"
#define Q_COLS "SELECT c.ref, c.stream, c.status, c.kind, c.created, " \
	"c.updated, c.submitter_email, c.rights_holder, c.category, " \
	"c.assignee, c.needs_staff, c.missing, " \
	"(SELECT count(*) FROM case_listings cl WHERE cl.case_id = c.id), " \
	"(SELECT min(o.created) FROM outbox o WHERE o.case_id = c.id AND " \
	"o.kind <> 'ack'), c.source_type, c.held, c.repeat_infringer " \
	"FROM cases c "
/* Held cases last, trusted flaggers' notices first (schema 0014's
   indexes serve both orders). */
#define Q_BY_AGE " ORDER BY " CASES_PRIORITY ", c.created, c.id " \
	"LIMIT ?11 OFFSET ?12"
#define Q_BY_ACTIVITY " ORDER BY " CASES_PRIORITY ", c.updated DESC, c.id " \
	"LIMIT ?11 OFFSET ?12"
/* A selective queue (a few percent of the cases): its own index finds
   them, then they are sorted. */
#define Q_PAGE(cond) { Q_COLS "WHERE " cond Q_FILTERS Q_BY_AGE, \
		       Q_COLS "WHERE " cond Q_FILTERS Q_BY_ACTIVITY }
/* A broad queue (a fifth of the cases or more): the page walks the index
   of its order and stops after OFFSET + LIMIT matches, instead of
   sorting tens of thousands of rows (100,000 cases: the unassigned
   queue by activity took 70 ms of CPU that way). */
#define Q_PAGE_WALK(cond) { \
	Q_COLS "INDEXED BY cases_priority_created WHERE " cond Q_FILTERS \
	Q_BY_AGE, \
	Q_COLS "INDEXED BY cases_priority_updated WHERE " cond Q_FILTERS \
	Q_BY_ACTIVITY }
#define Q_TOTAL(cond) "SELECT count(*) FROM cases c WHERE " cond Q_FILTERS

/* Indexed by enum store_queue, then by age / by activity. */
static const char *const q_sql_page[STORE_QUEUE_N][2] = {
	Q_PAGE_WALK(Q_OPEN), Q_PAGE_WALK(Q_NEEDS), Q_PAGE(Q_OVERDUE),
	Q_PAGE_WALK(Q_UNASSIGNED), Q_PAGE(Q_MINE), Q_PAGE_WALK(Q_INCOMPLETE),
	Q_PAGE_WALK(Q_READY), Q_PAGE(Q_COUNTER), Q_PAGE_WALK(Q_ALL)
};
static const char *const q_sql_total[STORE_QUEUE_N] = {
	Q_TOTAL(Q_OPEN), Q_TOTAL(Q_NEEDS), Q_TOTAL(Q_OVERDUE),
	Q_TOTAL(Q_UNASSIGNED), Q_TOTAL(Q_MINE), Q_TOTAL(Q_INCOMPLETE),
	Q_TOTAL(Q_READY), Q_TOTAL(Q_COUNTER), Q_TOTAL(Q_ALL)
};
/* Every count through its own index; ?1 me, ?2 now. In the order of
   enum store_queue. */
static const char q_sql_counts[] =
	"SELECT (SELECT count(*) FROM cases) - (SELECT count(*) FROM cases "
	"WHERE status = 'closed'), "
	"(SELECT count(*) FROM cases WHERE needs_staff = 1 AND "
	"status <> 'closed'), "
	"(SELECT count(DISTINCT e.case_id) FROM evidence_requests e JOIN "
	"cases c2 ON c2.id = e.case_id WHERE e.satisfied_at IS NULL AND "
	"e.deadline < ?2 AND c2.status <> 'closed'), "
	"(SELECT count(*) FROM cases WHERE assignee IS NULL AND "
	"status <> 'closed'), "
	"(SELECT count(*) FROM cases WHERE assignee = ?1 AND "
	"status <> 'closed'), "
	"(SELECT count(*) FROM cases WHERE status = 'incomplete'), "
	"(SELECT count(*) FROM cases WHERE status = 'ready_for_review'), "
	"(SELECT count(*) FROM cases WHERE status = 'counter_noticed'), "
	"(SELECT count(*) FROM cases)";

/* Binds the queue and the filters of q to st. */
static void
q_bind(struct store *s, sqlite3_stmt *st, const struct store_queue_query *q)
{
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

/* Returns true if q sets no filter (its total is its queue's count). */
static bool
q_unfiltered(const struct store_queue_query *q)
{
	return q->stream == NULL && q->status == NULL && q->category == NULL &&
	       q->vendor == NULL && q->assignee == NULL && q->min_age == 0;
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
		free(v[i].source_type);
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

	if ((unsigned)q->queue >= STORE_QUEUE_N) {
		err_set(err, ERR_FATAL, "no such queue");
		return -1;
	}
	if (q->counts != NULL && q_unfiltered(q)) {
		*total_r = q->counts[q->queue];	/* no second count */
	} else {
		if ((st = db_stmt(s, q_sql_total[q->queue], err)) == NULL)
			return -1;
		q_bind(s, st, q);
		if ((rc = db_step(s, st, err)) < 0)
			return -1;
		*total_r = rc == 1 ? db_col_int(st, 0) : 0;
		if (rc == 1)
			db_reset(st);
	}
	if ((st = db_stmt(s, q_sql_page[q->queue][q->by_activity], err)) ==
	    NULL)
		return -1;
	q_bind(s, st, q);
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
		r->source_type = db_col_dup(st, 14);
		r->held = db_col_int(st, 15) != 0;
		r->repeat_infringer = db_col_int(st, 16) != 0;
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
	sqlite3_stmt *st;
	int i, rc;

	memset(counts, 0, sizeof(int64_t) * STORE_QUEUE_N);
	if ((st = db_stmt(s, q_sql_counts, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, me);
	db_bind_int(s, st, 2, now);
	if ((rc = db_step(s, st, err)) != 1)
		return rc < 0 ? -1 : 0;
	for (i = 0; i < STORE_QUEUE_N; i++)
		counts[i] = db_col_int(st, i);
	db_reset(st);
	return 0;
}
