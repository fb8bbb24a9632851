/* store/report.c - the transparency report (store/store-report.h): one
   aggregate query per figure over the period [?1, ?2). A notice counts
   in the period it was filed in (cases.created); a restriction, a
   counter-notice and its answer, a complaint and its outcome in the
   period they happened in. */
#include <stdio.h>
#include <string.h>

#include "store/store-int.h"
#include "store/store-report.h"

/* The first decision on a case: a listing removed or reinstated, a
   rejection, a case-level enforcement or reinstatement, or an account
   action; NULL while undecided. */
#define REPORT_DECIDED \
	"min(coalesce((SELECT min(e.time) FROM events e " \
	"WHERE e.case_id = c.id AND ((e.type = 'listing.track' AND " \
	"json_extract(e.detail, '$.action') IN ('remove', 'reinstate')) OR " \
	"(e.type = 'case.status' AND json_extract(e.detail, '$.action') " \
	"IN ('reject', 'enforce', 'reinstate')))), 9e18), " \
	"coalesce((SELECT min(v.created) FROM vendor_actions v " \
	"WHERE v.case_id = c.id), 9e18))"
/* The first acknowledgement of a case that reached its recipient. */
#define REPORT_ACKED \
	"(SELECT min(r.last_attempt) FROM outbox o JOIN outbox_recipients r " \
	"ON r.outbox_id = o.id WHERE o.case_id = c.id AND o.kind = 'ack' " \
	"AND r.status = 'sent')"
/* The durations of one distribution: d over the period's cases. */
#define REPORT_DURATIONS(expr) \
	"WITH d AS (SELECT max(0, " expr " - c.created) AS v FROM cases c " \
	"WHERE c.created >= ?1 AND c.created < ?2) "

static const char report_sql_stream[] =
	"SELECT stream, count(*) FROM cases WHERE created >= ?1 "
	"AND created < ?2 GROUP BY stream ORDER BY stream";
static const char report_sql_category[] =
	"SELECT CASE stream WHEN 'ip' THEN 'intellectual_property' "
	"ELSE coalesce(category, 'other') END AS k, count(*) FROM cases "
	"WHERE created >= ?1 AND created < ?2 GROUP BY k ORDER BY k";
/* The source type of each case's notice (schema 0014). */
static const char report_sql_source[] =
	"SELECT source_type, count(*) FROM cases WHERE created >= ?1 "
	"AND created < ?2 GROUP BY source_type ORDER BY source_type";
/* Notices of the period filed held (a suspended reporter's, released
   since or not: holding one always records case.held), and the vendors
   that became repeat infringers in the period, Art. 23's suspensions of
   the period (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"). */
static const char report_sql_held[] =
	"SELECT count(*) FROM cases c WHERE c.created >= ?1 AND "
	"c.created < ?2 AND EXISTS (SELECT 1 FROM events e WHERE "
	"e.case_id = c.id AND e.type = 'case.held')";
static const char report_sql_repeat[] =
	"SELECT count(*) FROM vendor_standing WHERE repeat_since >= ?1 "
	"AND repeat_since < ?2";
static const char report_sql_outcome[] =
	"SELECT CASE "
	"WHEN EXISTS (SELECT 1 FROM vendor_actions v WHERE v.case_id = c.id) "
	"OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND "
	"((e.type = 'listing.track' AND "
	"json_extract(e.detail, '$.action') = 'remove') OR "
	"(e.type = 'case.status' AND "
	"json_extract(e.detail, '$.action') = 'enforce'))) THEN 'restricted' "
	"WHEN c.unfounded_at IS NOT NULL THEN 'unfounded' "
	"WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND "
	"e.type = 'case.status' AND "
	"json_extract(e.detail, '$.action') = 'reject') THEN 'rejected' "
	"WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND "
	"e.type IN ('listing.track', 'case.status') AND "
	"json_extract(e.detail, '$.action') = 'reinstate') THEN 'no_action' "
	"WHEN c.status = 'closed' THEN 'closed' ELSE 'pending' END AS k, "
	"count(*) FROM cases c WHERE c.created >= ?1 AND c.created < ?2 "
	"GROUP BY k";
/* A case-level enforcement out of `complaint` is a complaint upheld: the
   restriction it confirms was counted when it was taken. */
#define REPORT_NEW_ENFORCE \
	"json_extract(e.detail, '$.action') = 'enforce' AND " \
	"coalesce(json_extract(e.detail, '$.from'), '') != 'complaint'"
static const char report_sql_restrictions[] =
	"SELECT 'removal', count(*) FROM events e WHERE e.time >= ?1 "
	"AND e.time < ?2 AND ((e.type = 'listing.track' AND "
	"json_extract(e.detail, '$.action') = 'remove') OR "
	"(e.type = 'case.status' AND " REPORT_NEW_ENFORCE " AND "
	"json_extract(e.detail, '$.enforcement') = 'removal')) "
	"UNION ALL SELECT action, count(*) FROM vendor_actions "
	"WHERE created >= ?1 AND created < ?2 GROUP BY action "
	"UNION ALL SELECT json_extract(e.detail, '$.enforcement') AS k, "
	"count(*) FROM events e WHERE e.time >= ?1 AND e.time < ?2 "
	"AND e.type = 'case.status' AND " REPORT_NEW_ENFORCE " AND "
	"json_extract(e.detail, '$.enforcement') != 'removal' GROUP BY k";
static const char report_sql_counter[] =
	"SELECT 'filed', count(*) FROM counter_notices "
	"WHERE created >= ?1 AND created < ?2 "
	"UNION ALL SELECT CASE answer WHEN 'accept' THEN 'accepted' "
	"ELSE 'rejected' END, count(*) FROM counter_notices "
	"WHERE answer IS NOT NULL AND answered_at >= ?1 AND answered_at < ?2 "
	"GROUP BY answer";
/* Complaints (schema 0017): filed in the period, decided in it (upheld
   or reversed), and pending at its end (filed by then, not decided by
   then). */
static const char report_sql_complaints[] =
	"SELECT 'filed', count(*) FROM complaints "
	"WHERE created >= ?1 AND created < ?2 "
	"UNION ALL SELECT CASE outcome WHEN 'uphold' THEN 'upheld' "
	"ELSE 'reversed' END, count(*) FROM complaints "
	"WHERE outcome IS NOT NULL AND outcome_at >= ?1 AND outcome_at < ?2 "
	"GROUP BY outcome "
	"UNION ALL SELECT 'pending', count(*) FROM complaints "
	"WHERE created < ?2 AND (outcome IS NULL OR outcome_at >= ?2)";

static const char report_sql_ack_n[] =
	REPORT_DURATIONS(REPORT_ACKED) "SELECT count(v) FROM d";
static const char report_sql_ack_at[] =
	REPORT_DURATIONS(REPORT_ACKED)
	"SELECT v FROM d WHERE v IS NOT NULL ORDER BY v LIMIT 1 OFFSET ?3";
static const char report_sql_decided_n[] =
	REPORT_DURATIONS("nullif(" REPORT_DECIDED ", 9e18)")
	"SELECT count(v) FROM d";
static const char report_sql_decided_at[] =
	REPORT_DURATIONS("nullif(" REPORT_DECIDED ", 9e18)")
	"SELECT v FROM d WHERE v IS NOT NULL ORDER BY v LIMIT 1 OFFSET ?3";

/* The keys every report shows, 0 or not, per group. */
static const char *const report_fixed[REPORT_N_GROUPS][8] = {
	[REPORT_BY_STREAM] = { "ip", "abuse" },
	[REPORT_BY_SOURCE] = { "article_16", "trusted_flagger",
		"other_notification", "voluntary" },
	[REPORT_OUTCOMES] = { "restricted", "unfounded", "rejected",
		"no_action", "closed", "pending" },
	[REPORT_RESTRICTIONS] = { "removal", "posting_restriction",
		"suspension", "termination" },
	[REPORT_COUNTER] = { "filed", "accepted", "rejected" },
	[REPORT_COMPLAINTS] = { "filed", "upheld", "reversed", "pending" },
};
static const char *const report_names[REPORT_N_GROUPS][2] = {
	{ "notices_by_stream", "Notices by stream" },
	{ "notices_by_category", "Notices by category" },
	{ "notices_by_source", "Notices by source type" },
	{ "outcomes", "Notices by outcome" },
	{ "restrictions", "Restrictions by type" },
	{ "counter_notices", "Counter-notices" },
	{ "complaints", "Complaints" },
};

/* Adds n to key of g (a new key at the end while there is room). */
static void
report_add(struct store_report_group *g, const char *key, int64_t n)
{
	size_t i;

	if (key == NULL)
		key = "unknown";
	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].key, key) == 0) {
			g->v[i].n += n;
			return;
		}
	if (g->n == STORE_REPORT_KEYS)
		return;
	snprintf(g->v[g->n].key, sizeof(g->v[g->n].key), "%s", key);
	g->v[g->n++].n = n;
}

/* Runs sql (binding the period as ?1, ?2), whose rows are (key, count),
   adding each to g. */
static int
report_group(struct store *s, const char *sql, const struct store_report *r,
	     struct store_report_group *g, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, r->from);
	db_bind_int(s, st, 2, r->to);
	while ((rc = db_step(s, st, err)) == 1)
		report_add(g, (const char *)sqlite3_column_text(st, 0),
			   db_col_int(st, 1));
	return rc;
}

/* Runs sql (the period, and offset as ?3 when >= 0) and stores the
   first column of its first row in *v_r (-1 when there is none). */
static int
report_value(struct store *s, const char *sql, const struct store_report *r,
	     int64_t offset, int64_t *v_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	*v_r = -1;
	if ((st = db_stmt(s, sql, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, r->from);
	db_bind_int(s, st, 2, r->to);
	if (offset >= 0)
		db_bind_int(s, st, 3, offset);
	if ((rc = db_step(s, st, err)) == 1) {
		*v_r = db_col_int(st, 0);
		db_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

/* Fills t: the count of durations (sql_n), then the two ranks picked by
   sql_at's ORDER BY ... OFFSET. */
static int
report_time(struct store *s, const char *sql_n, const char *sql_at,
	    const struct store_report *r, struct store_report_time *t,
	    struct err *err)
{
	int64_t n;

	t->median = t->p90 = -1;
	if (report_value(s, sql_n, r, -1, &n, err) < 0)
		return -1;
	t->count = n > 0 ? n : 0;
	if (t->count == 0)
		return 0;
	/* nearest rank: ceil(n / 2) and ceil(9 n / 10), 1-based */
	if (report_value(s, sql_at, r, (t->count + 1) / 2 - 1, &t->median,
			 err) < 0 ||
	    report_value(s, sql_at, r, (9 * t->count + 9) / 10 - 1, &t->p90,
			 err) < 0)
		return -1;
	return 0;
}

static void
report_init(struct store_report *r, time_t from, time_t to)
{
	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	for (int i = 0; i < REPORT_N_GROUPS; i++) {
		r->groups[i].name = report_names[i][0];
		r->groups[i].title = report_names[i][1];
		for (int k = 0; k < 8 && report_fixed[i][k] != NULL; k++)
			report_add(&r->groups[i], report_fixed[i][k], 0);
	}
	r->ack.name = "time_to_acknowledgement";
	r->ack.title = "Time from receipt to acknowledgement";
	r->decision.name = "time_to_decision";
	r->decision.title = "Time from receipt to decision";
}

static int
report_compute(struct store *s, struct store_report *r, struct err *err)
{
	struct store_report_group *g = r->groups;
	int64_t n = 0;

	if (report_group(s, report_sql_stream, r, &g[REPORT_BY_STREAM],
			 err) < 0 ||
	    report_group(s, report_sql_category, r, &g[REPORT_BY_CATEGORY],
			 err) < 0 ||
	    report_group(s, report_sql_source, r, &g[REPORT_BY_SOURCE],
			 err) < 0 ||
	    report_group(s, report_sql_outcome, r, &g[REPORT_OUTCOMES],
			 err) < 0 ||
	    report_group(s, report_sql_restrictions, r,
			 &g[REPORT_RESTRICTIONS], err) < 0 ||
	    report_group(s, report_sql_counter, r, &g[REPORT_COUNTER],
			 err) < 0 ||
	    report_group(s, report_sql_complaints, r, &g[REPORT_COMPLAINTS],
			 err) < 0 ||
	    report_time(s, report_sql_ack_n, report_sql_ack_at, r, &r->ack,
			err) < 0 ||
	    report_time(s, report_sql_decided_n, report_sql_decided_at, r,
			&r->decision, err) < 0 ||
	    report_value(s, report_sql_held, r, -1, &r->held, err) < 0 ||
	    report_value(s, report_sql_repeat, r, -1, &r->repeat_infringers,
			 err) < 0)
		return -1;
	for (size_t i = 0; i < g[REPORT_BY_STREAM].n; i++)
		n += g[REPORT_BY_STREAM].v[i].n;
	r->notices = n;
	return 0;
}

int
store_report(struct store *s, time_t from, time_t to, struct store_report *r,
	     struct err *err)
{
	bool own = !s->in_tx;
	struct err ignored;
	int ret;

	report_init(r, from, to);
	/* One deferred read transaction: every figure sees one snapshot. */
	if (own && db_exec(s, "BEGIN", err) < 0)
		return -1;
	ret = report_compute(s, r, err);
	if (own && ret == 0 && db_exec(s, "COMMIT", err) < 0)
		ret = -1;
	if (own && ret < 0)
		db_exec(s, "ROLLBACK", &ignored);
	return ret;
}
