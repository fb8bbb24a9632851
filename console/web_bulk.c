/* console/web_bulk.c - assignment from the console: one case (the
   assign form of the case page) or many at once (the bulk form of the
   case list, which also closes), each change with its event naming the
   signed-in account. The account assigned must exist and be enabled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/wallclock.h"
#include "console/web.h"
#include "console/web_int.h"
#include "workflow/workflow.h"

/* The most cases one bulk form may change. */
#define WEB_BULK_MAX 500

/* Checks f->assignee: "-" (nobody) or an enabled account. Returns 1
   with *name_r (NULL for nobody) pointing into f, 0 when it is not one
   (a static sentence in *why_r), -1 on a store error. */
static int
web_bulk_assignee(struct store *s, const struct web_form *f,
		  const char **name_r, const char **why_r, struct err *err)
{
	struct store_account *a = NULL;
	int rc;

	*name_r = NULL;
	if (f->assignee == NULL || !(strcmp(f->assignee, "-") == 0 ||
				     auth_name_ok(f->assignee))) {
		*why_r = "Choose an account to assign to (or nobody).";
		return 0;
	}
	if (strcmp(f->assignee, "-") == 0)
		return 1;
	if ((rc = store_account_get(s, f->assignee, &a, err)) < 0)
		return -1;
	if (rc == 0 || a->disabled) {
		store_accounts_free(a, rc);
		*why_r = "There is no enabled account of that name.";
		return 0;
	}
	store_accounts_free(a, 1);
	*name_r = f->assignee;
	return 1;
}

/* Assigns case ref. Returns 1 changed, 0 unchanged or no such case, -1
   on error. */
static int
web_bulk_assign_one(struct store *s, const char *ref, const char *name,
		    const char *actor, struct err *err)
{
	int64_t id;
	int rc;

	if ((rc = store_case_find_ref(s, ref, &id, NULL, err)) <= 0)
		return rc;
	return store_case_assign(s, id, name, wallclock_now(), actor, err);
}

int
web_assign(struct store *s, const char *ref, const struct web_form *f,
	   const char *actor, const char **why_r, struct err *err)
{
	const char *name;
	int rc;

	if ((rc = web_bulk_assignee(s, f, &name, why_r, err)) <= 0)
		return rc < 0 ? -1 : 0;
	if (web_bulk_assign_one(s, ref, name, actor, err) < 0)
		return -1;
	return 1;
}

void
web_bulk(const struct config *cfg, struct store *s, const struct web_form *f,
	 const char *actor, struct web_reply *r)
{
	struct workflow_env *e = NULL;
	const char *why = NULL, *name = NULL, *p, *nl;
	unsigned done = 0, refused = 0, seen = 0;
	bool close = f->action != NULL && strcmp(f->action, "close") == 0;
	char ref[32], qa[100];
	struct err err;
	size_t n;
	int rc;

	err_clear(&err);
	if (!close && web_bulk_assignee(s, f, &name, &why, &err) < 0)
		goto fail;
	if (why != NULL) {
		web_pages_error(r, 400, why);
		return;
	}
	if (close && (e = workflow_env_new(cfg, s, actor, &err)) == NULL)
		goto fail;
	for (p = f->cases ? f->cases : ""; *p != '\0'; p = nl ? nl + 1 : "") {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == 0)
			continue;
		if (n >= sizeof(ref) || ++seen > WEB_BULK_MAX) {
			web_pages_error(r, 400, "A selected case is not a "
					"reference, or more than 500 are "
					"selected.");
			goto out;
		}
		memcpy(ref, p, n);
		ref[n] = '\0';
		if (!web_html_is_ref(ref)) {
			web_pages_error(r, 400, "A selected case is not a "
					"reference.");
			goto out;
		}
		err_clear(&err);
		rc = close ? workflow_close(e, ref, NULL, &err) :
		     web_bulk_assign_one(s, ref, name, actor, &err);
		if (rc < 0 && err.class != ERR_MSG)
			goto fail;
		if (rc < 0 || (!close && rc == 0))
			refused++;
		else
			done++;
	}
	if (seen == 0) {
		web_pages_error(r, 400, "No case was selected.");
		goto out;
	}
	log_info("web", "web.bulk", "action=%s actor=%s changed=%u "
		 "unchanged=%u", close ? "close" : "assign",
		 log_q(qa, sizeof(qa), actor), done, refused);
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/");
	web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Done</title>"
		     "<a href=\"/\">Back to the cases</a>\n");
	goto out;
fail:
	web_pages_store_error(r, "bulk", &err);
out:
	workflow_env_free(&e);
}
