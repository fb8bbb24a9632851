/* workflow/workflow_mail.c - what a party's mail does to its case, inside
   the pipeline's filing transaction: answers satisfy evidence requests;
   a vendor's counter-notice is forwarded to the rights holder; the
   rights holder's ACCEPT / REJECT moves the case and both sides are told.
   A counter-notice or answer from anyone else flags the case for staff. */
#include <string.h>
#include <strings.h>

#include "workflow/workflow-int.h"

static bool
workflow_mail_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* The move a party's mail causes; a refusal is only recorded. Returns 1
   moved, 0 refused, -1 error. */
static int
workflow_mail_move(const struct workflow_env *e,
		   const struct workflow_case *wc, enum case_action action,
		   int64_t msg_id, const char *reason, struct err *err)
{
	struct store_transition t = { action, e->actor, reason, 0, msg_id,
		e->now };
	const char *why = "refused";
	int rc;

	rc = store_case_transition(e->store, wc->c->id, &t, NULL, NULL, &why,
				   err);
	if (rc == 0 && workflow_event(e, wc->c->id, msg_id, "case.not_moved",
				      "action", workflow_action_name(action),
				      "why", why, err) < 0)
		return -1;
	return rc;
}

static int
workflow_mail_counter(const struct workflow_env *e,
		      const struct workflow_case *wc, int64_t msg_id,
		      const struct report *r, struct err *err)
{
	const struct store_vendor *vd = NULL;
	const char *lang = workflow_lang_to(e, wc, workflow_reporter(wc));
	struct tvars *v;
	size_t i;
	int rc;

	for (i = 0; i < wc->n_vendors; i++)
		if (workflow_mail_same(wc->vendors[i].email, r->from_address))
			vd = &wc->vendors[i];
	if (vd == NULL)
		return store_case_flag(e->store, wc->c->id, msg_id, e->actor,
				       "counter notice from an address that "
				       "is not the vendor of a listing in "
				       "the case", e->now, err);
	if (store_case_add_party(e->store, wc->c->id, r->from_address,
				 "vendor", err) < 0)
		return -1;
	rc = workflow_mail_move(e, wc, ACTION_COUNTER_NOTICE, msg_id,
				"counter notice from the vendor", err);
	if (rc <= 0)
		return rc;
	v = workflow_vars(e, wc, lang);
	workflow_vars_vendor(v, vd);
	tvars_set(v, "vendor.name", vd->name ? vd->name : r->from_name);
	tvars_set(v, "counter.text", r->body_text);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	rc = workflow_send(e, wc, "counter_notice_forwarded", lang, v,
			   wc->c->submitter_name, workflow_reporter(wc), err);
	tvars_free(&v);
	return rc;
}

static int
workflow_mail_response(const struct workflow_env *e,
		       const struct workflow_case *wc, int64_t msg_id,
		       const struct report *r, struct err *err)
{
	const char *rlang = workflow_lang_to(e, wc, workflow_reporter(wc));
	const char *lang = workflow_lang(e);
	bool accepted = r->decision == DECISION_ACCEPT;
	struct tvars *v;
	size_t i;
	int rc;

	if (!workflow_mail_same(r->from_address, wc->c->reporter) &&
	    !workflow_mail_same(r->from_address, wc->c->submitter_email))
		return store_case_flag(e->store, wc->c->id, msg_id, e->actor,
				       "answer to a counter notice from an "
				       "address that is not the rights "
				       "holder's", e->now, err);
	if (r->decision == DECISION_NONE)
		return 0;
	rc = workflow_mail_move(e, wc, accepted ? ACTION_COUNTER_ACCEPT :
				ACTION_COUNTER_REJECT, msg_id, accepted ?
				"the rights holder accepted the counter notice" :
				"the rights holder rejected the counter notice",
				err);
	if (rc <= 0)
		return rc;
	v = workflow_vars(e, wc, rlang);
	tvars_set_bool(v, "accepted", accepted);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	rc = workflow_send(e, wc, "counter_response_recorded", rlang, v,
			   wc->c->submitter_name, workflow_reporter(wc), err);
	tvars_free(&v);
	v = workflow_vars(e, wc, lang);
	tvars_set_bool(v, "accepted", accepted);
	for (i = 0; rc == 0 && i < wc->n_vendors; i++) {
		workflow_vars_vendor(v, &wc->vendors[i]);
		rc = workflow_send(e, wc, "counter_response_recorded", lang, v,
				   wc->vendors[i].name, wc->vendors[i].email,
				   err);
	}
	tvars_free(&v);
	return rc;
}

int
workflow_on_message(void *ctx, struct store *store, int64_t case_id,
		    int64_t msg_id, const char *ref, const struct report *r,
		    const struct sender *sender, time_t now, struct err *err)
{
	struct workflow_env e = *(const struct workflow_env *)ctx;
	struct workflow_case wc = { 0 };
	int ret = -1;

	e.store = store;
	e.now = now;
	e.actor = r->from_address ? r->from_address : "intake";
	if (r->kind != KIND_FOLLOW_UP && r->kind != KIND_COUNTER_NOTICE &&
	    r->kind != KIND_COUNTER_NOTICE_RESPONSE)
		return 0;
	if (sender == NULL || !sender->authenticated ||
	    sender->role == SENDER_STRANGER)
		return 0;	/* recorded and flagged by the pipeline */
	if (store_evreq_satisfy(store, case_id, r->from_address, msg_id, now,
				NULL, err) < 0)
		return -1;
	if (r->kind == KIND_FOLLOW_UP)
		return 0;
	if (workflow_case_load(store, ref, &wc, err) < 0)
		return -1;
	if (r->kind == KIND_COUNTER_NOTICE)
		ret = workflow_mail_counter(&e, &wc, msg_id, r, err);
	else
		ret = workflow_mail_response(&e, &wc, msg_id, r, err);
	workflow_case_free(&wc);
	return ret < 0 ? -1 : 0;
}
