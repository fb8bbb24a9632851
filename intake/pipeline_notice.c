/* intake/pipeline_notice.c - the Digital Services Act's side of a case
   just filed (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"): trusted flaggers (Art. 22), held notices of suspended
   reporters (Art. 23(2)), repeat infringers' listings (Art. 23(1)). Only
   flags change: the case is filed and acknowledged as any other. */
#include <stdio.h>

#include "common/json.h"
#include "common/wallclock.h"
#include "intake/pipeline.h"

#define NOTICE_ACTOR "intake"

/* A trusted flagger's notice is one only when its From is authenticated
   (SPEC §12: DMARC pass from the trusted MX); a forged From of a trusted
   flagger is an ordinary notice, with an event saying why. */
static int
pipeline_notice_source(struct pipeline *p, const struct pipeline_msg *m,
		       int64_t case_id, struct err *err)
{
	const struct report *r = m->report;
	struct store *st = pipeline_settings(p)->store;
	struct store_event_draft ev;
	bool authenticated;

	if (!notice_policy_trusted(pipeline_policy(p), r->from_address))
		return 0;
	authenticated = sender_dmarc_pass(r);
	if (authenticated &&
	    store_case_set_source(st, case_id, STORE_SOURCE_TRUSTED_FLAGGER,
				  err) < 0)
		return -1;
	store_event_begin(&ev);
	json_kv_string(&ev.j, "source_type", authenticated ?
		       STORE_SOURCE_TRUSTED_FLAGGER : STORE_SOURCE_ARTICLE_16);
	json_kv_string(&ev.j, "note", authenticated ?
		       "a trusted flagger, authenticated by DMARC" :
		       "a trusted flagger's address, not authenticated: "
		       "an ordinary notice");
	return store_event_end(st, &ev, case_id, 0, m->now, NOTICE_ACTOR,
			       "case.source", err);
}

/* A suspended reporter's notice is filed held. */
static int
pipeline_notice_held(struct pipeline *p, const struct pipeline_msg *m,
		     int64_t case_id, struct err *err)
{
	struct store *st = pipeline_settings(p)->store;
	struct store_reporter_standing rs;
	char until[32], why[128];
	int rc;

	if (m->report->from_address == NULL)
		return 0;
	rc = store_reporter_standing(st, m->report->from_address, &rs, err);
	if (rc <= 0 || rs.suspended_until <= m->now)
		return rc < 0 ? -1 : 0;
	wallclock_utc(rs.suspended_until, WALLCLOCK_ISO, until,
		      sizeof(until));
	snprintf(why, sizeof(why), "the reporter is suspended until %s for "
		 "manifestly unfounded notices", until);
	return store_case_set_held(st, case_id, true, NOTICE_ACTOR, why,
				   m->now, err) < 0 ? -1 : 0;
}

int
pipeline_notice_filed(struct pipeline *p, const struct pipeline_msg *m,
		      int64_t case_id, struct err *err)
{
	const struct notice_policy *np = pipeline_policy(p);
	struct store *st = pipeline_settings(p)->store;

	if (pipeline_notice_source(p, m, case_id, err) < 0 ||
	    pipeline_notice_held(p, m, case_id, err) < 0)
		return -1;
	return store_case_mark_repeat(st, case_id,
				      notice_policy_since(m->now,
							  np->repeat_window_days),
				      np->repeat_threshold, NOTICE_ACTOR,
				      m->now, err) < 0 ? -1 : 0;
}
