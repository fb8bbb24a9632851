/* workflow/deadlines.c - the deadline check of evidence requests, for
   `run` and `cases list --overdue`: a request past its deadline is
   flagged with an event and its party gets exactly one reminder; a
   counter-notice the rights holder left unanswered past its deadline
   flags the case for staff. */
#include <stdio.h>

#include "common/buf.h"
#include "common/deadline.h"
#include "common/json.h"
#include "workflow/workflow-int.h"

/* The reminder of request q, in its own transaction. */
static int
deadlines_one(struct store *s, struct mailq *mq, const struct store_evreq *q,
	      time_t now, struct err *err)
{
	struct workflow_env e = { NULL, s, mq, "system", now, NULL, NULL, 0,
		{ { 0 }, 0, 0, 0, 0, 0, 0 } };
	struct workflow_case wc = { 0 };
	struct tvars *v = NULL;
	struct store_event_draft ev;
	char dl[16];
	int ret = -1;

	if (store_begin(s, err) < 0)
		goto out;
	if (workflow_case_load(s, q->ref, &wc, err) < 0)
		goto out;
	deadline_format(q->deadline, dl, sizeof(dl));
	store_event_begin(&ev);
	json_kv_int(&ev.j, "request", q->id);
	json_kv_string(&ev.j, "party", q->party);
	json_kv_string(&ev.j, "deadline", dl);
	if (store_event_end(s, &ev, q->case_id, 0, now, "system",
			    "evidence_request.overdue", err) < 0 ||
	    store_evreq_reminded(s, q->id, now, err) < 0)
		goto out;
	v = workflow_vars(&e, &wc, q->lang);
	tvars_set(v, "request.text", q->text);
	tvars_set(v, "deadline", dl);
	tvars_set_bool(v, "overdue", true);
	tvars_set(v, "recipient.name", q->name);
	if (workflow_send(&e, &wc, "evidence_reminder", q->lang, v, q->name,
			  q->party, err) < 0 ||
	    store_commit(s, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		store_rollback(s);
	tvars_free(&v);
	workflow_case_free(&wc);
	return ret;
}

/* Flags for staff every case whose forwarded counter-notice the rights
   holder left unanswered past its deadline, once per counter-notice. */
static int
deadlines_counters(struct store *s, time_t now, struct err *err)
{
	struct store_counter *c = NULL;
	size_t n = 0, i;
	char note[160], dl[16];
	int ret = 0;

	if (store_counter_due(s, now, &c, &n, err) < 0)
		return -1;
	for (i = 0; ret == 0 && i < n; i++) {
		deadline_format(c[i].deadline, dl, sizeof(dl));
		snprintf(note, sizeof(note), "the rights holder did not answer "
			 "the counter-notice of %s by %s", c[i].vendor_email,
			 dl);
		if (store_begin(s, err) < 0 ||
		    store_case_flag(s, c[i].case_id, 0, "system", note, now,
				    err) < 0 ||
		    store_counter_flagged(s, c[i].id, now, err) < 0 ||
		    store_commit(s, err) < 0) {
			store_rollback(s);
			ret = -1;
		}
	}
	store_counters_free(c, n);
	return ret;
}

int
workflow_deadlines(struct store *s, struct mailq *mq, time_t now,
		   struct err *err)
{
	struct store_evreq *q = NULL;
	size_t n = 0, i;
	int done = 0;

	if (deadlines_counters(s, now, err) < 0)
		return -1;
	if (store_evreq_due(s, now, &q, &n, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (deadlines_one(s, mq, &q[i], now, err) < 0) {
			store_evreqs_free(q, n);
			return -1;
		}
		done++;
	}
	store_evreqs_free(q, n);
	return done;
}
