/* workflow/workflow_mail.c - what a party's mail does to its case, inside
   the pipeline's filing transaction: answers satisfy evidence requests;
   a vendor's counter-notice is forwarded to the rights holder; the
   rights holder's ACCEPT / REJECT, matched to the counter-notice whose
   forward it replies to, moves that vendor's listings and both sides
   are told.
   A counter-notice or answer from anyone else flags the case for staff. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/deadline.h"
#include "common/file.h"
#include "common/mem.h"
#include "outbox/mailbuild.h"

#include "workflow/workflow-int.h"

static bool
workflow_mail_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* Moves every listing of vd on wc by action; returns how many moved (0:
   none could; *why_r says why), or -1. */
static int
workflow_mail_listings(const struct workflow_env *e,
		       const struct workflow_case *wc,
		       const struct store_vendor *vd,
		       enum listing_action action, int64_t msg_id,
		       const char **why_r, struct err *err)
{
	struct store_listing_move m = { action, e->actor, NULL, msg_id,
		e->now };
	int rc, moved = 0;

	for (size_t i = 0; i < vd->listing_ids.n; i++) {
		if ((rc = store_listing_move(e->store, wc->c->id,
					     vd->listing_ids.v[i], &m, why_r,
					     err)) < 0)
			return -1;
		moved += rc;
	}
	return moved;
}

static int
workflow_mail_not_moved(const struct workflow_env *e,
			const struct workflow_case *wc, int64_t msg_id,
			const char *action, const char *why, struct err *err)
{
	return workflow_event(e, wc->c->id, msg_id, "case.not_moved",
			      "action", action, "why", why, err);
}

/* The files a counter-notice r brought, read back from the store, to
   pass on with the forward: at most WORKFLOW_FWD_MAX bytes in all (what
   does not fit is left out and named in the forward's text by the
   caller's count). Fills a[0..*n_r) (each data owned: free them). */
#define WORKFLOW_FWD_MAX (20u * 1024 * 1024)
static int
workflow_mail_files(const struct workflow_env *e, const struct report *r,
		    struct mail_attachment *a, size_t *n_r, struct err *err)
{
	size_t total = 0, len;
	char *path, *data;
	int rc;

	*n_r = 0;
	for (size_t i = 0; i < r->n_attachments; i++) {
		const struct report_attachment *ra = &r->attachments[i];

		if (ra->size > WORKFLOW_FWD_MAX - total ||
		    (path = store_att_path(e->store, ra->sha256)) == NULL)
			continue;
		rc = file_read_all(path, WORKFLOW_FWD_MAX - total, &data, &len,
				   err);
		free(path);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		a[*n_r] = (struct mail_attachment){ ra->filename,
			ra->content_type, data, len };
		(*n_r)++;
		total += len;
	}
	return 0;
}

static int
workflow_mail_counter(const struct workflow_env *e,
		      const struct workflow_case *wc, int64_t msg_id,
		      const struct report *r, struct err *err)
{
	const struct store_vendor *vd;
	const char *lang = workflow_lang_to(e, wc, workflow_reporter(wc));
	const char *why = "counter notice only after the vendor was notified";
	struct mail_attachment *files = NULL;
	int64_t counter_id = 0, fwd_id = 0;
	size_t nfiles = 0;
	unsigned days;
	time_t deadline;
	struct tvars *v;
	char dl[16];
	int rc;

	if ((vd = workflow_vendor(wc, r->from_address)) == NULL)
		return store_case_flag(e->store, wc->c->id, msg_id, e->actor,
				       "counter notice from an address that "
				       "is not the vendor of a listing in "
				       "the case", e->now, err);
	if (store_case_add_party(e->store, wc->c->id, r->from_address,
				 "vendor", err) < 0)
		return -1;
	if (strcmp(wc->c->stream, "ip") != 0)
		return workflow_mail_not_moved(e, wc, msg_id, "counter_notice",
					       "abuse cases have no counter "
					       "notices", err);
	if ((rc = workflow_mail_listings(e, wc, vd, LACT_COUNTER_NOTICE,
					 msg_id, &why, err)) < 0)
		return -1;
	if (rc == 0)
		return workflow_mail_not_moved(e, wc, msg_id, "counter_notice",
					       why, err);
	files = xcalloc(r->n_attachments + 1, sizeof(*files));
	if (workflow_mail_files(e, r, files, &nfiles, err) < 0) {
		free(files);
		return -1;
	}
	days = e->cfg && e->cfg->counter_answer_days ?
		e->cfg->counter_answer_days : 10;
	deadline = deadline_add_days(e->now, days, true);
	deadline_format(deadline, dl, sizeof(dl));
	if (store_counter_add(e->store, wc->c->id, vd->email, msg_id, e->now,
			      deadline, &counter_id, err) < 0 ||
	    workflow_derive(e, wc, LACT_COUNTER_NOTICE, e->actor, msg_id, NULL,
			    err) < 0) {
		for (size_t i = 0; i < nfiles; i++)
			free((void *)(uintptr_t)files[i].data);
		free(files);
		return -1;
	}
	v = workflow_vars(e, wc, lang);
	workflow_vars_vendor(v, vd);
	tvars_set(v, "vendor.name", vd->name ? vd->name : r->from_name);
	tvars_set(v, "counter.text", r->body_text);
	tvars_set(v, "deadline", dl);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	rc = workflow_send_files(e, wc, "counter_notice_forwarded", lang, v,
				 wc->c->submitter_name, workflow_reporter(wc),
				 files, nfiles, &fwd_id, err);
	tvars_free(&v);
	/* the answer that replies to this forward is about this vendor */
	if (rc == 0 && fwd_id != 0)
		rc = store_counter_forwarded(e->store, counter_id, fwd_id, err);
	for (size_t i = 0; i < nfiles; i++)
		free((void *)(uintptr_t)files[i].data);
	free(files);
	return rc;
}

/* True when one of r's In-Reply-To / References ids is message_id. */
static bool
workflow_mail_replies_to(const struct report *r, const char *message_id)
{
	if (message_id == NULL)
		return false;
	if (workflow_mail_same(r->in_reply_to, message_id))
		return true;
	for (size_t i = 0; i < r->references.n; i++)
		if (workflow_mail_same(r->references.v[i], message_id))
			return true;
	return false;
}

/* The counter-notice the rights holder's answer r is about: the one
   whose forward r replies to (its In-Reply-To or References name that
   mail's Message-ID), else the only pending one. Returns 1 with *c_r
   (its strings owned by the caller: workflow_mail_counter_clear); 0 when
   none can be told, with *why_r a fixed sentence saying why, or NULL
   when several are pending and r replies to none of their forwards; -1
   on error. */
static int
workflow_mail_pending(const struct workflow_env *e,
		      const struct workflow_case *wc, const struct report *r,
		      struct store_counter *c_r, const char **why_r,
		      struct err *err)
{
	struct store_counter *c = NULL;
	size_t n = 0, pending = 0, at = 0, i;
	int ret = 0;

	if (store_counter_list(e->store, wc->c->id, &c, &n, err) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (workflow_mail_replies_to(r, c[i].forward_message_id))
			break;
	if (i < n && c[i].answer != NULL) {
		*why_r = "the counter notice this answer replies to was "
			"answered already";
		goto out;
	}
	if (i < n) {
		at = i;
		pending = 1;
	} else {
		for (i = 0; i < n; i++)
			if (c[i].answer == NULL) {
				pending++;
				at = i;
			}
	}
	if (pending == 1) {
		*c_r = c[at];
		c[at] = (struct store_counter){ 0 };
		ret = 1;
	} else {
		*why_r = pending == 0 ? "the rights holder can answer only "
			"a pending counter notice" : NULL;
	}
out:
	store_counters_free(c, n);
	return ret;
}

static void
workflow_mail_counter_clear(struct store_counter *c)
{
	free(c->ref);
	free(c->vendor_email);
	free(c->answer);
	free(c->forward_message_id);
	*c = (struct store_counter){ 0 };
}

static int
workflow_mail_response(const struct workflow_env *e,
		       const struct workflow_case *wc, int64_t msg_id,
		       const struct report *r, struct err *err)
{
	const char *rlang = workflow_lang_to(e, wc, workflow_reporter(wc));
	const char *lang = workflow_lang(e);
	bool accepted = r->decision == DECISION_ACCEPT;
	const char *why = NULL;
	struct store_counter cn = { 0 };
	const struct store_vendor *vd;
	struct tvars *v;
	int rc;

	if (!workflow_mail_same(r->from_address, wc->c->reporter) &&
	    !workflow_mail_same(r->from_address, wc->c->submitter_email))
		return store_case_flag(e->store, wc->c->id, msg_id, e->actor,
				       "answer to a counter notice from an "
				       "address that is not the rights "
				       "holder's", e->now, err);
	if (r->decision == DECISION_NONE)
		return 0;
	if ((rc = workflow_mail_pending(e, wc, r, &cn, &why, err)) < 0)
		return -1;
	if (rc == 0 && why == NULL)
		return store_case_flag(e->store, wc->c->id, msg_id, e->actor,
				       "the rights holder answered while "
				       "counter notices of several vendors "
				       "are pending, replying to none of "
				       "their forwards: staff to say which",
				       e->now, err);
	vd = rc == 1 ? workflow_vendor(wc, cn.vendor_email) : NULL;
	if (rc == 1 && vd == NULL)
		why = "the vendor of that counter notice has no listing in "
			"the case";
	rc = vd == NULL ? 0 : workflow_mail_listings(e, wc, vd, accepted ?
						     LACT_COUNTER_ACCEPT :
						     LACT_COUNTER_REJECT,
						     msg_id, &why, err);
	if (rc <= 0) {
		workflow_mail_counter_clear(&cn);
		return rc < 0 ? -1 : workflow_mail_not_moved(
			e, wc, msg_id, accepted ? "counter_accept" :
			"counter_reject", why, err);
	}
	rc = store_counter_answer(e->store, cn.id, accepted, e->now, err);
	workflow_mail_counter_clear(&cn);
	if (rc < 0 || workflow_derive(e, wc, accepted ? LACT_COUNTER_ACCEPT :
				      LACT_COUNTER_REJECT, e->actor, msg_id,
				      NULL, err) < 0)
		return -1;
	v = workflow_vars(e, wc, rlang);
	tvars_set_bool(v, "accepted", accepted);
	tvars_set_bool(v, "to_vendor", false);
	workflow_vars_vendor(v, vd);
	tvars_set(v, "vendor.name", vd->name);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	rc = workflow_send(e, wc, "counter_response_recorded", rlang, v,
			   wc->c->submitter_name, workflow_reporter(wc), err);
	tvars_free(&v);
	if (rc < 0)
		return -1;
	v = workflow_vars(e, wc, lang);
	tvars_set_bool(v, "accepted", accepted);
	tvars_set_bool(v, "to_vendor", true);
	workflow_vars_vendor(v, vd);
	tvars_set(v, "vendor.name", vd->name);
	rc = workflow_send(e, wc, "counter_response_recorded", lang, v,
			   vd->name, vd->email, err);
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
	/* A reply to a decision mail within six months is a complaint,
	   whatever its words (docs/WORKFLOW.md "Complaints"). */
	if ((ret = workflow_complaint_on_mail(&e, case_id, msg_id, ref, r,
					      sender, err)) != 0)
		return ret < 0 ? -1 : 0;
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
