/* workflow/standing.c - misuse and repeat infringers (docs/WORKFLOW.md
   "Notice sources, misuse and repeat infringers"): a notice rejected as
   manifestly unfounded counts against its reporter, who is warned and
   then suspended (Art. 23(2), (3)); removals count against their vendor,
   who becomes a repeat infringer (Art. 23(1)); staff release held cases.
   Inside the decision's transaction. */
#include <stdio.h>

#include "common/json.h"
#include "common/wallclock.h"
#include "workflow/workflow-int.h"

/* Mails reporter_warning to wc's reporter: count unfounded notices in
   the window, and, when until is not 0, the suspension until then. */
static int
standing_mail(const struct workflow_env *e, const struct workflow_case *wc,
	      int count, time_t until, struct err *err)
{
	const char *to = wc->c->reporter;
	const char *lang = workflow_lang_to(e, wc, to);
	char n[16], days[16], when[64] = "";
	struct tvars *v;
	int ret;

	snprintf(n, sizeof(n), "%d", count);
	snprintf(days, sizeof(days), "%d", e->policy.unfounded_window_days);
	if (until != 0)
		wallclock_utc(until, WALLCLOCK_MAIL, when, sizeof(when));
	v = workflow_vars(e, wc, lang);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	tvars_set(v, "unfounded.count", n);
	tvars_set(v, "unfounded.days", days);
	tvars_set(v, "suspended_until", until != 0 ? when : NULL);
	ret = workflow_send(e, wc, "reporter_warning", lang, v,
			    wc->c->submitter_name, to, err);
	tvars_free(&v);
	return ret;
}

/* An event on wc about its reporter's standing. */
static int
standing_event(const struct workflow_env *e, const struct workflow_case *wc,
	       const char *type, int count, time_t until, struct err *err)
{
	struct store_event_draft ev;
	char when[32];

	store_event_begin(&ev);
	json_kv_string(&ev.j, "reporter", wc->c->reporter);
	json_kv_int(&ev.j, "unfounded", count);
	json_kv_int(&ev.j, "window_days", e->policy.unfounded_window_days);
	if (until != 0) {
		wallclock_utc(until, WALLCLOCK_ISO, when, sizeof(when));
		json_kv_string(&ev.j, "until", when);
	}
	return store_event_end(e->store, &ev, wc->c->id, 0, e->now, e->actor,
			       type, err);
}

int
workflow_standing_unfounded(const struct workflow_env *e,
			    const struct workflow_case *wc, struct err *err)
{
	const struct notice_policy *np = &e->policy;
	const char *rep = wc->c->reporter;
	struct store_reporter_standing rs;
	time_t since = notice_policy_since(e->now, np->unfounded_window_days);
	time_t until;
	bool warned_now = false;
	int n;

	if (store_case_mark_unfounded(e->store, wc->c->id, e->actor, e->now,
				      err) < 0)
		return -1;
	if (rep == NULL || *rep == '\0')
		return 0;
	if (store_unfounded_count(e->store, rep, since, &n, err) < 0 ||
	    store_reporter_standing(e->store, rep, &rs, err) < 0)
		return -1;
	/* warned once per window */
	if (np->unfounded_warn > 0 && n >= np->unfounded_warn &&
	    (rs.warned_at == 0 || rs.warned_at < since)) {
		if (store_reporter_warn(e->store, rep, e->now, err) < 0 ||
		    standing_event(e, wc, "reporter.warned", n, 0, err) < 0 ||
		    standing_mail(e, wc, n, 0, err) < 0)
			return -1;
		warned_now = true;
	}
	/* suspended only after an earlier warning, once at a time */
	if (np->unfounded_suspend > 0 && n >= np->unfounded_suspend &&
	    !warned_now && rs.warned_at != 0 && rs.suspended_until <= e->now) {
		until = e->now + (time_t)np->suspend_days * 86400;
		if (store_reporter_suspend(e->store, rep, e->now, until,
					   err) < 0 ||
		    standing_event(e, wc, "reporter.suspended", n, until,
				   err) < 0 ||
		    standing_mail(e, wc, n, until, err) < 0)
			return -1;
	}
	return 0;
}

int
workflow_standing_removed(const struct workflow_env *e,
			  const struct workflow_case *wc, struct err *err)
{
	const struct notice_policy *np = &e->policy;
	time_t since = notice_policy_since(e->now, np->repeat_window_days);
	char count[16];
	int n, rc;

	if (np->repeat_threshold <= 0)
		return 0;
	for (size_t i = 0; i < wc->n_vendors; i++) {
		const char *vendor = wc->vendors[i].email;

		if (store_vendor_removals(e->store, vendor, since, &n,
					  err) < 0)
			return -1;
		if (n < np->repeat_threshold)
			continue;
		if ((rc = store_vendor_set_repeat(e->store, vendor, n, e->now,
						  err)) < 0)
			return -1;
		snprintf(count, sizeof(count), "%d", n);
		if (rc == 1 && workflow_event(e, wc->c->id, 0,
					      "vendor.repeat_infringer",
					      "vendor", vendor, "removals",
					      count, err) < 0)
			return -1;
	}
	return 0;
}

int
workflow_standing_release(const struct workflow_env *e,
			  const struct workflow_case *wc, const void *arg,
			  struct err *err)
{
	if (!wc->c->held) {
		err_set(err, ERR_MSG, "%s is not held", wc->c->ref);
		return -1;
	}
	return store_case_set_held(e->store, wc->c->id, false, e->actor, arg,
				   e->now, err) < 0 ? -1 : 0;
}
