/* console/web_decide.c - a decision posted from the web console: its
   fields are checked as `reportgate cases` checks its options, then the
   same workflow_* function runs (one transaction: move, event with the
   actor, mails), and the browser is sent back to the case page. A
   refusal is shown on the case page, escaped, and changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "console/web.h"
#include "workflow/workflow.h"

/* The longest reason or text, in bytes. */
#define WEB_DECIDE_TEXT_MAX 4000

static const char *const web_decide_actions[] = {
	"accept", "reject", "reject-unfounded", "release", "request-info",
	"request-evidence", "act", "close", "note", "assign", NULL
};
static const char *const web_decide_parties[] = {
	"vendor", "rights_holder", NULL
};
static const char *const web_decide_whats[] = {
	"removal", "posting_restriction", "suspension", "termination",
	"reinstate", NULL
};

static bool
web_decide_in(const char *v, const char *const *names)
{
	for (; v != NULL && *names != NULL; names++)
		if (strcmp(v, *names) == 0)
			return true;
	return false;
}

/* Returns true if v holds more than white space. */
static bool
web_decide_given(const char *v)
{
	return v != NULL && v[strspn(v, " \t\n")] != '\0';
}

/* Checks f for its action and reads days into *days_r. Returns NULL, or
   a static sentence saying what is wrong. */
static const char *
web_decide_check(const struct web_form *f, unsigned *days_r)
{
	const char *a = f->action;
	size_t n;

	*days_r = 0;
	if (!web_decide_in(a, web_decide_actions))
		return "Unknown decision.";
	if ((f->reason && strlen(f->reason) > WEB_DECIDE_TEXT_MAX) ||
	    (f->text && strlen(f->text) > WEB_DECIDE_TEXT_MAX))
		return "The reason or text is longer than 4000 bytes.";
	if ((strcmp(a, "reject") == 0 || strcmp(a, "act") == 0 ||
	     strcmp(a, "reject-unfounded") == 0 ||
	     strcmp(a, "release") == 0) && !web_decide_given(f->reason))
		return "A reason is required.";
	if ((strcmp(a, "request-info") == 0 || strcmp(a, "note") == 0 ||
	     strcmp(a, "request-evidence") == 0) && !web_decide_given(f->text))
		return "A text is required.";
	if (strcmp(a, "act") == 0 && !web_decide_in(f->what, web_decide_whats))
		return "The action must be removal, posting_restriction, "
		       "suspension, termination or reinstate.";
	if (strcmp(a, "assign") == 0 && f->assignee == NULL)
		return "Choose an account to assign to (or nobody).";
	if (strcmp(a, "request-evidence") == 0) {
		if (!web_decide_in(f->party, web_decide_parties))
			return "The party must be vendor or rights_holder.";
		if (f->days == NULL || *f->days == '\0')
			return "The number of days is required.";
	}
	if (f->days != NULL && *f->days != '\0') {
		n = strlen(f->days);
		if (n > 4 || strspn(f->days, "0123456789") != n ||
		    strtoul(f->days, NULL, 10) > 3650)
			return "Days must be a number from 0 to 3650.";
		*days_r = (unsigned)strtoul(f->days, NULL, 10);
	}
	return NULL;
}

/* Runs decision f through the workflow. Returns what it returns. */
static int
web_decide_run(const struct workflow_env *e, const char *ref,
	       const struct web_form *f, unsigned days, struct err *err)
{
	const char *a = f->action;

	if (strcmp(a, "accept") == 0)
		return workflow_accept(e, ref, f->reason, err);
	if (strcmp(a, "reject") == 0)
		return workflow_reject(e, ref, f->reason, err);
	/* `cases reject --unfounded` and `cases release` (docs/WORKFLOW.md
	   "Notice sources, misuse and repeat infringers") */
	if (strcmp(a, "reject-unfounded") == 0)
		return workflow_reject_unfounded(e, ref, f->reason, err);
	if (strcmp(a, "release") == 0)
		return workflow_release(e, ref, f->reason, err);
	if (strcmp(a, "request-info") == 0)
		return workflow_request_info(e, ref, f->text, days, err);
	if (strcmp(a, "request-evidence") == 0)
		return workflow_request_evidence(e, ref, f->party, days,
						 f->text, err);
	if (strcmp(a, "act") == 0)
		return workflow_act(e, ref, f->what, f->reason, err);
	if (strcmp(a, "close") == 0)
		return workflow_close(e, ref, f->reason, err);
	return workflow_note(e, ref, f->text, err);
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
	unsigned days;
	struct err err;
	char q[300], qa[100];

	if ((x.notice = web_decide_check(f, &days)) != NULL) {
		r->status = 400;
		web_pages_case(s, ref, &x, r);
		return;
	}
	err_clear(&err);
	if (strcmp(f->action, "assign") == 0) {
		if (web_assign(s, ref, f, actor, &x.notice, &err) < 0) {
			web_decide_failed(r, ref, f, &err);
			return;
		}
		if (x.notice != NULL) {
			r->status = 400;
			web_pages_case(s, ref, &x, r);
			return;
		}
		goto done;
	}
	if ((e = workflow_env_new(cfg, s, actor, &err)) == NULL ||
	    web_decide_run(e, ref, f, days, &err) < 0) {
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
	workflow_env_free(&e);
}
