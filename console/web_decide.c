/* console/web_decide.c - a decision posted from the web console: its
   fields are checked as `reportgate cases` checks its options
   (web_check.c), then the same workflow_* function runs (one transaction: move, event with the
   actor, mails), and the browser is sent back to the case page. A
   refusal is shown on the case page, escaped, and changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "console/web.h"
#include "console/web_check.h"
#include "workflow/workflow.h"

/* Returns true if the rights claimed on case ref, one
   "TYPE:JURISDICTION:NUMBER" each, are lines (so a form sent back
   unchanged records no event). */
static bool
web_decide_same_rights(struct store *s, const char *ref,
		       const struct strv *lines)
{
	struct store_right *rt = NULL;
	struct store_case *c = NULL;
	struct err err;
	size_t n = 0, i;
	bool same = false;
	char *spec;

	err_clear(&err);
	if (store_case_get(s, ref, &c, &err) != 1 ||
	    store_case_rights(s, c->id, &rt, &n, &err) < 0 || n != lines->n)
		goto out;
	for (i = 0; i < n; i++) {
		spec = xasprintf("%s:%s:%s", rt[i].type,
				 rt[i].jurisdiction ? rt[i].jurisdiction : "",
				 rt[i].registration ? rt[i].registration : "");
		same = strcmp(spec, lines->v[i]) == 0;
		free(spec);
		if (!same)
			break;
	}
out:
	store_rights_free(rt, n);
	if (c != NULL)
		store_cases_free(c, 1);
	return same;
}

/* The decisions on listings and vendors, the flag, the evidence requests
   and the facts: what `cases accept --listing`, `act --listing`, `act
   --vendor` (each act with --ground, --explanation, --until),
   `request-evidence --vendor`, `unflag`, `close-request`, `complaint
   --listing` and `set` run. Returns what the workflow returns, or 1 when the form asks
   for nothing new (*why_r set). */
static int
web_decide_more(const struct workflow_env *e, const char *ref,
		const struct web_form *f, const struct web_check *d,
		const char **why_r, struct err *err)
{
	const char *a = f->action;
	struct workflow_set set = { NULL, NULL, &d->rights };
	struct workflow_sor_opts sor = { d->ground, d->explanation, d->until };

	if (strcmp(a, "listing") == 0 && strcmp(f->what, "notify") == 0)
		return workflow_accept_listings(e, ref, f->reason,
						&d->listings, err);
	if (strcmp(a, "listing") == 0)
		return workflow_act_dsa(e, ref, f->what, &d->listings, NULL,
					f->reason, &sor, err);
	if (strcmp(a, "unflag") == 0)
		return workflow_unflag(e, ref, f->reason, err);
	if (strcmp(a, "close-request") == 0)
		return workflow_close_request(e, ref, d->request, err);
	if (strcmp(a, "complaint") == 0)	/* by another account than
						   the one that decided */
		return workflow_complaint(e, ref, &d->listings,
					  strcmp(f->what, "reverse") == 0,
					  f->reason, err);
	/* set: a field sent back unchanged is left out. */
	if (f->holder != NULL && f->holder[strspn(f->holder, " \t\n")] != '\0')
		set.rights_holder = f->holder;
	if (d->rights.n > 0 && web_decide_same_rights(e->store, ref, &d->rights))
		set.rights = NULL;
	if (set.rights_holder == NULL && set.rights == NULL) {
		*why_r = "Nothing was changed: the rights are as they were.";
		return 1;
	}
	return workflow_set_fields(e, ref, &set, err);
}

/* Runs decision f through the workflow. Returns what it returns, or 1
   (*why_r set) when there was nothing to do. */
static int
web_decide_run(const struct workflow_env *e, const char *ref,
	       const struct web_form *f, const struct web_check *d,
	       const char **why_r, struct err *err)
{
	const char *a = f->action;
	struct workflow_sor_opts sor = { d->ground, d->explanation, d->until };

	if (strcmp(a, "accept") == 0)
		return workflow_accept_listings(e, ref, f->reason,
						&d->listings, err);
	if (strcmp(a, "reject") == 0)
		return workflow_reject(e, ref, f->reason, err);
	/* `cases reject --unfounded` and `cases release` (docs/WORKFLOW.md
	   "Notice sources, misuse and repeat infringers") */
	if (strcmp(a, "reject-unfounded") == 0)
		return workflow_reject_unfounded(e, ref, f->reason, err);
	if (strcmp(a, "release") == 0)
		return workflow_release(e, ref, f->reason, err);
	if (strcmp(a, "request-info") == 0)
		return workflow_request_info(e, ref, f->text, d->days, err);
	if (strcmp(a, "request-evidence") == 0 && f->vendor != NULL)
		return workflow_request_evidence_from(e, ref, f->party,
						      f->vendor, d->days,
						      f->text, err);
	if (strcmp(a, "request-evidence") == 0)
		return workflow_request_evidence(e, ref, f->party, d->days,
						 f->text, err);
	if (strcmp(a, "act") == 0)	/* `cases act`, with its statement
					   of reasons' options */
		return workflow_act_dsa(e, ref, f->what, &d->listings,
					f->vendor, f->reason, &sor, err);
	if (strcmp(a, "close") == 0)
		return workflow_close(e, ref, f->reason, err);
	if (strcmp(a, "note") == 0)
		return workflow_note(e, ref, f->text, err);
	return web_decide_more(e, ref, f, d, why_r, err);
}

/* A decision failed for another reason than a refusal: logs it and
   makes r a 503 (busy) or 500 page. */
static void
web_decide_failed(struct web_reply *r, const char *ref,
		  const struct web_form *f, const struct err *err)
{
	char q[300];

	log_error("web", "web.decision_failed",
		  "ref=%s action=%s class=%s error=%s", ref, f->action,
		  err_class_name(err->class), log_q(q, sizeof(q), err->msg));
	web_pages_error(r, err->class == ERR_TEMP ? 503 : 500,
			err->class == ERR_TEMP ?
			"The database is busy; nothing was changed. Try "
			"again." : "The decision failed and nothing was "
			"changed; the log has the details.");
}

void
web_decide(const struct config *cfg, struct store *s, const char *ref,
	   const struct web_form *f, const char *actor, const char *token,
	   enum auth_role role, struct web_reply *r)
{
	struct web_case_extra x = { token, NULL, role, cfg };
	struct workflow_env *e = NULL;
	struct web_check d;
	struct err err;
	char q[300], qa[100];
	int rc = 0;

	if ((x.notice = web_check_form(f, &d)) != NULL) {
		r->status = 400;
		web_pages_case(s, ref, &x, r);
		goto out;
	}
	err_clear(&err);
	if (strcmp(f->action, "assign") == 0) {
		if (web_assign(s, ref, f, actor, &x.notice, &err) < 0) {
			web_decide_failed(r, ref, f, &err);
			goto out;
		}
		if (x.notice != NULL) {
			r->status = 400;
			web_pages_case(s, ref, &x, r);
			goto out;
		}
		goto done;
	}
	if ((e = workflow_env_new(cfg, s, actor, &err)) == NULL ||
	    (rc = web_decide_run(e, ref, f, &d, &x.notice, &err)) < 0) {
		if (err.class == ERR_MSG) {
			log_info("web", "web.decision_refused",
				 "ref=%s action=%s actor=%s why=%s", ref,
				 f->action, log_q(qa, sizeof(qa), actor),
				 log_q(q, sizeof(q), err.msg));
			r->status = 409;
			x.notice = err.msg;
			web_pages_case(s, ref, &x, r);
		} else {
			web_decide_failed(r, ref, f, &err);
		}
		goto out;
	}
	if (rc == 1) {
		r->status = 400;
		web_pages_case(s, ref, &x, r);
		goto out;
	}
done:
	log_info("web", "web.decision", "ref=%s action=%s actor=%s mails=%s",
		 ref, f->action, log_q(qa, sizeof(qa), actor),
		 e != NULL && e->mailq != NULL ? "queued" : "off");
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/case/%s", ref);
	web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Done</title><a href=\"");
	web_html_text(&r->page, r->location);
	web_html_raw(&r->page, "\">Back to the case</a>\n");
out:
	web_check_free(&d);
	workflow_env_free(&e);
}
