/* workflow/correct.c - staff correct what the parser read (cases set):
   the rights holder, the submitter's organisation and the rights
   claimed. Each change is one event "case.set" {field, old, new}; the
   mails sent afterwards use the new values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "workflow/workflow-int.h"

/* The rights of wc as one line "TYPE:JURISDICTION:NUMBER, ..." (owned). */
static char *
correct_rights_text(const struct store_right *r, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s:%s:%s", i ? ", " : "", r[i].type,
			   r[i].jurisdiction ? r[i].jurisdiction : "",
			   r[i].registration ? r[i].registration : "");
	return buf_take(&b);
}

static int
correct_text(const struct workflow_env *e, const struct workflow_case *wc,
	     const char *field, const char *old, const char *value,
	     struct err *err)
{
	if (value == NULL)
		return 0;
	if (store_case_set_text(e->store, wc->c->id, field, value, e->now,
				err) < 0)
		return -1;
	return workflow_event3(e, wc->c->id, "case.set", field, old, value,
			       err);
}

static int
correct_do(const struct workflow_env *e, const struct workflow_case *wc,
	   const void *arg, struct err *err)
{
	const struct workflow_set *set = arg;
	struct store_right *r = NULL;
	char *old = NULL, *now = NULL;
	int ret = -1;

	if (correct_text(e, wc, "rights_holder", wc->c->rights_holder,
			 set->rights_holder, err) < 0 ||
	    correct_text(e, wc, "submitter_org", wc->c->submitter_org,
			 set->organisation, err) < 0)
		return -1;
	if (set->rights == NULL || set->rights->n == 0)
		return 0;
	r = xcalloc(set->rights->n, sizeof(*r));
	for (size_t i = 0; i < set->rights->n; i++) {
		char *spec = set->rights->v[i], *a = strchr(spec, ':'),
			*b = a ? strchr(a + 1, ':') : NULL;

		if (a == NULL || b == NULL || a == spec) {
			err_set(err, ERR_MSG, "--right takes "
				"TYPE:JURISDICTION:NUMBER, not '%s'", spec);
			goto out;
		}
		r[i].type = xstrndup(spec, (size_t)(a - spec));
		r[i].jurisdiction = a + 1 < b ?
			xstrndup(a + 1, (size_t)(b - a - 1)) : NULL;
		r[i].registration = b[1] ? xstrdup(b + 1) : NULL;
	}
	old = correct_rights_text(wc->rights, wc->n_rights);
	now = correct_rights_text(r, set->rights->n);
	if (store_case_set_rights(e->store, wc->c->id, r, set->rights->n,
				  err) < 0 ||
	    workflow_event3(e, wc->c->id, "case.set", "rights", old, now,
			    err) < 0)
		goto out;
	ret = 0;
out:
	store_rights_free(r, set->rights->n);
	free(old);
	free(now);
	return ret;
}

int
workflow_set_fields(const struct workflow_env *e, const char *ref,
		    const struct workflow_set *set, struct err *err)
{
	if (set->rights_holder == NULL && set->organisation == NULL &&
	    (set->rights == NULL || set->rights->n == 0)) {
		err_set(err, ERR_MSG, "nothing to set: give --rights-holder, "
			"--right or --organisation");
		return -1;
	}
	return workflow_run(e, ref, correct_do, set, err);
}

/* ---- move to the other stream ---- */

static int
correct_do_move(const struct workflow_env *e, const struct workflow_case *wc,
		const void *arg, struct err *err)
{
	enum report_stream to = *(const enum report_stream *)arg;
	enum case_status st;
	char ref[32];

	if (strcmp(wc->c->stream, report_stream_name(to)) == 0) {
		err_set(err, ERR_MSG, "%s: the case is already in the %s "
			"stream", wc->c->ref, report_stream_name(to));
		return -1;
	}
	if (workflow_status_parse(wc->c->status, &st) < 0 ||
	    (st != STATUS_INCOMPLETE && st != STATUS_READY_FOR_REVIEW &&
	     st != STATUS_INFO_REQUESTED)) {
		err_set(err, ERR_MSG, "%s: cannot move: only a case under "
			"review (incomplete, ready_for_review or "
			"info_requested) changes stream", wc->c->ref);
		return -1;
	}
	if (store_case_move(e->store, wc->c->id, wc->c->ref, to,
			    to == STREAM_ABUSE ? e->cfg->case_prefix_abuse :
			    e->cfg->case_prefix_ip, e->now, ref, sizeof(ref),
			    err) < 0 ||
	    workflow_event3(e, wc->c->id, "case.moved", "ref", wc->c->ref, ref,
			    err) < 0 ||
	    store_case_recompute(e->store, wc->c->id, e->actor,
				 "moved to the other stream", e->now,
				 err) < 0)
		return -1;
	printf("%s moved to %s\n", wc->c->ref, ref);
	return 0;
}

int
workflow_move_stream(const struct workflow_env *e, const char *ref,
		     const char *stream, struct err *err)
{
	enum report_stream to;

	if (stream == NULL || report_stream_parse(stream, &to) < 0) {
		err_set(err, ERR_MSG, "--stream must be ip or abuse");
		return -1;
	}
	return workflow_run(e, ref, correct_do_move, &to, err);
}
