/* workflow/workflow.c - the staff decisions on a case, each in ONE
   transaction: the state machine's move (store_case_transition), its
   event with who, when and why, and the mails the move sends (queued
   with mailq). A refused move is rolled back and says why. The mails
   that a party's own message causes are in workflow_mail.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/deadline.h"
#include "common/json.h"
#include "common/mem.h"
#include "common/wallclock.h"
#include "outbox/caselink.h"
#include "workflow/workflow-int.h"

struct workflow_env *
workflow_env_new(const struct config *cfg, struct store *store,
		 const char *actor, struct err *err)
{
	struct workflow_env *e = xcalloc(1, sizeof(*e));

	e->cfg = cfg;
	e->store = store;
	e->actor = actor;
	e->now = wallclock_now();
	if ((e->own_templates = template_set_load(template_builtin_dir(),
						  cfg->templates_dir,
						  err)) == NULL)
		goto fail;
	if (cfg->smtp_from != NULL && *cfg->smtp_from != '\0' &&
	    (e->mailq = mailq_new(cfg, e->own_templates, wallclock_now,
				  err)) == NULL)
		goto fail;
	if (caselink_key(cfg, &e->link_key, &e->link_key_len, err) < 0)
		goto fail;
	notice_policy_init(&e->policy, cfg);
	return e;
fail:
	workflow_env_free(&e);
	return NULL;
}

void
workflow_env_free(struct workflow_env **e)
{
	if (e == NULL || *e == NULL)
		return;
	mailq_free(&(*e)->mailq);
	template_set_free(&(*e)->own_templates);
	notice_policy_free(&(*e)->policy);
	if ((*e)->link_key != NULL) {
		explicit_bzero((*e)->link_key, (*e)->link_key_len);
		free((*e)->link_key);
	}
	free(*e);
	*e = NULL;
}

const char *
workflow_lang(const struct workflow_env *e)
{
	const char *l = e->cfg ? e->cfg->language : NULL;

	return l != NULL && strcmp(l, "zh") == 0 ? "zh" : "en";
}

const char *
workflow_lang_to(const struct workflow_env *e, const struct workflow_case *wc,
		 const char *to_addr)
{
	const char *rep = workflow_reporter(wc);

	if (to_addr != NULL && rep != NULL && strcasecmp(to_addr, rep) == 0 &&
	    (strcmp(wc->lang, "en") == 0 || strcmp(wc->lang, "zh") == 0))
		return wc->lang;
	return workflow_lang(e);
}

void
workflow_case_free(struct workflow_case *wc)
{
	store_cases_free(wc->c, wc->c ? 1 : 0);
	store_vendors_free(wc->vendors, wc->n_vendors);
	store_rights_free(wc->rights, wc->n_rights);
	store_listings_free(wc->listings, wc->n_listings);
	store_messages_free(wc->msgs, wc->n_msgs);
	*wc = (struct workflow_case){ 0 };
}

int
workflow_case_load(struct store *s, const char *ref, struct workflow_case *wc,
		   struct err *err)
{
	int rc;

	*wc = (struct workflow_case){ 0 };
	if ((rc = store_case_get(s, ref, &wc->c, err)) <= 0) {
		if (rc == 0)
			err_set(err, ERR_MSG, "no case %s", ref);
		return -1;
	}
	if (store_case_vendors(s, wc->c->id, &wc->vendors, &wc->n_vendors,
			       err) < 0 ||
	    store_case_rights(s, wc->c->id, &wc->rights, &wc->n_rights,
			      err) < 0 ||
	    store_case_listings(s, wc->c->id, &wc->listings, &wc->n_listings,
				err) < 0 ||
	    store_case_messages(s, wc->c->id, &wc->msgs, &wc->n_msgs,
				err) < 0 ||
	    store_case_language(s, wc->c->id, wc->lang, sizeof(wc->lang),
				err) < 0) {
		workflow_case_free(wc);
		return -1;
	}
	return 0;
}

const char *
workflow_reporter(const struct workflow_case *wc)
{
	const struct store_case *c = wc->c;

	return c->reporter && *c->reporter ? c->reporter : c->submitter_email;
}

/* The case as a report, so that ackvars_fill gives every name the
   templates know (rights holder, submitter, rights, listings). */
static struct report *
workflow_case_report(const struct workflow_case *wc)
{
	const struct store_case *c = wc->c;
	struct report *r = report_new();
	size_t i;

	if (report_stream_parse(c->stream, &r->stream) < 0)
		r->stream = STREAM_IP;
	r->kind = r->stream == STREAM_ABUSE ? KIND_ABUSE_REPORT :
		KIND_IP_REPORT;
	r->from_address = c->reporter ? xstrdup(c->reporter) : NULL;
	r->from_name = c->submitter_name ? xstrdup(c->submitter_name) : NULL;
	r->submitter_name = c->submitter_name ? xstrdup(c->submitter_name) :
		NULL;
	r->submitter_email = c->submitter_email ?
		xstrdup(c->submitter_email) : NULL;
	r->submitter_org = c->submitter_org ? xstrdup(c->submitter_org) : NULL;
	r->rights_holder = c->rights_holder ? xstrdup(c->rights_holder) : NULL;
	/* A rights holder writing for itself is the rights holder, even
	   when the report did not use the form's "Rights holder:" line. */
	if (r->rights_holder == NULL && c->acting_as &&
	    strcmp(c->acting_as, "rights_holder") == 0 &&
	    (c->submitter_org || c->submitter_name))
		r->rights_holder = xstrdup(c->submitter_org ?
					   c->submitter_org :
					   c->submitter_name);
	if (c->acting_as && strcmp(c->acting_as, "agent") == 0)
		r->acting_as = ACTING_AGENT;
	else if (c->acting_as && strcmp(c->acting_as, "rights_holder") == 0)
		r->acting_as = ACTING_RIGHTS_HOLDER;
	if (wc->n_msgs > 0 && wc->msgs[0].subject)
		r->subject = xstrdup(wc->msgs[0].subject);
	for (i = 0; i < wc->n_rights; i++)
		report_add_ip_right(r, wc->rights[i].type,
				    wc->rights[i].registration,
				    wc->rights[i].jurisdiction);
	for (i = 0; i < wc->n_listings; i++)
		report_add_listing(r, wc->listings[i].url,
				   wc->listings[i].listing_id,
				   wc->listings[i].url);
	return r;
}

struct tvars *
workflow_vars(const struct workflow_env *e, const struct workflow_case *wc,
	      const char *lang)
{
	struct tvars *v = tvars_new();
	struct report *r = workflow_case_report(wc);
	char now[32];

	wallclock_utc(e->now, WALLCLOCK_MAIL, now, sizeof(now));
	ackvars_fill(v, r, wc->c->ref, lang, now);
	report_free(&r);
	/* Every name some workflow template uses, so none is unknown. */
	tvars_set(v, "reason", NULL);
	tvars_set(v, "request.text", NULL);
	tvars_set(v, "deadline", NULL);
	tvars_set(v, "vendor.name", NULL);
	tvars_set(v, "counter.text", NULL);
	tvars_set(v, "statement", NULL);
	tvars_set_bool(v, "accepted", false);
	tvars_set_bool(v, "overdue", false);
	tvars_set_bool(v, "to_vendor", false);
	ackvars_set_action(v, "removal", lang);
	return v;
}

/* Sets list listings to one vendor's listings. */
void
workflow_vars_vendor(struct tvars *v, const struct store_vendor *vd)
{
	size_t i;

	tvars_set_list(v, "listings");
	for (i = 0; i < vd->listing_ids.n; i++) {
		struct report_listing l = { .url = vd->urls.v[i],
			.listing_id = vd->listing_ids.v[i],
			.found_as = vd->urls.v[i] };

		ackvars_add_listing(v, &l);
	}
	tvars_set(v, "recipient.name", vd->name);
}

int
workflow_send(const struct workflow_env *e, const struct workflow_case *wc,
	      const char *template_name, const char *lang,
	      const struct tvars *v, const char *to_name, const char *to_addr,
	      struct err *err)
{
	return workflow_send_files(e, wc, template_name, lang, v, to_name,
				   to_addr, NULL, 0, NULL, err);
}

int
workflow_send_files(const struct workflow_env *e,
		    const struct workflow_case *wc, const char *template_name,
		    const char *lang, const struct tvars *v,
		    const char *to_name, const char *to_addr,
		    const struct mail_attachment *files, size_t nfiles,
		    int64_t *outbox_id_r, struct err *err)
{
	struct mailq_mail m = { 0 };
	struct strv refs = { 0 };
	const char *parent = NULL;
	size_t i;
	int queued = 0, ret;

	if (outbox_id_r != NULL)
		*outbox_id_r = 0;
	if (e->mailq == NULL || to_addr == NULL || *to_addr == '\0')
		return 0;
	/* Thread under the last message this party sent on the case. */
	for (i = 0; i < wc->n_msgs; i++)
		if (wc->msgs[i].from_address && wc->msgs[i].message_id &&
		    strcasecmp(wc->msgs[i].from_address, to_addr) == 0)
			parent = wc->msgs[i].message_id;
	if (parent != NULL)
		strv_push(&refs, parent);
	m.case_id = wc->c->id;
	m.ref = wc->c->ref;
	m.kind = template_name;
	m.template_name = template_name;
	m.lang = lang;
	m.vars = v;
	m.to_name = to_name;
	m.to_addr = to_addr;
	m.in_reply_to = parent;
	m.references = parent ? &refs : NULL;
	m.rate_limited = false;
	m.stream = wc->c->stream;
	m.attachments = files;
	m.n_attachments = nfiles;
	m.outbox_id_r = outbox_id_r;
	ret = mailq_queue(e->mailq, e->store, &m, &queued, err);
	strv_free(&refs);
	return ret;
}

int
workflow_event(const struct workflow_env *e, int64_t case_id, int64_t msg_id,
	       const char *type, const char *k1, const char *v1,
	       const char *k2, const char *v2, struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	if (k1 != NULL)
		json_kv_string(&ev.j, k1, v1);
	if (k2 != NULL)
		json_kv_string(&ev.j, k2, v2);
	return store_event_end(e->store, &ev, case_id, msg_id, e->now,
			       e->actor, type, err);
}

int
workflow_event3(const struct workflow_env *e, int64_t case_id,
		const char *type, const char *field, const char *old,
		const char *new_value, struct err *err)
{
	struct buf b;
	struct json j;
	int ret;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "field", field);
	json_kv_string(&j, "old", old);
	json_kv_string(&j, "new", new_value);
	json_end_object(&j);
	ret = store_event_add(e->store, case_id, 0, e->now, e->actor, type,
			      buf_str(&b), err);
	buf_free(&b);
	return ret;
}

int
workflow_move(const struct workflow_env *e, const struct workflow_case *wc,
	      enum case_action action, enum enforcement enf,
	      const char *actor, const char *reason, struct err *err)
{
	struct store_transition t = { action, actor, reason, enf, 0, e->now };
	const char *why = "refused";
	int rc;

	rc = store_case_transition(e->store, wc->c->id, &t, NULL, NULL, &why,
				   err);
	if (rc == 0)
		err_set(err, ERR_MSG, "%s: cannot %s: %s", wc->c->ref,
			workflow_action_name(action), why);
	return rc == 1 ? 0 : -1;
}

static int
workflow_run_as(const struct workflow_env *e, const char *ref, workflow_fn *fn,
		const void *arg, bool on_held, struct err *err)
{
	struct workflow_case wc = { 0 };
	int ret = -1;

	if (store_begin(e->store, err) < 0)
		return -1;
	if (workflow_case_load(e->store, ref, &wc, err) < 0)
		goto out;
	if (wc.c->held && !on_held) {
		err_set(err, ERR_MSG, "%s is held (its reporter is suspended "
			"for manifestly unfounded notices): release it first "
			"(cases release %s)", wc.c->ref, wc.c->ref);
		goto out;
	}
	if (fn(e, &wc, arg, err) < 0 || store_commit(e->store, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		store_rollback(e->store);
	workflow_case_free(&wc);
	return ret;
}

int
workflow_run(const struct workflow_env *e, const char *ref, workflow_fn *fn,
	     const void *arg, struct err *err)
{
	return workflow_run_as(e, ref, fn, arg, false, err);
}

int
workflow_run_any(const struct workflow_env *e, const char *ref,
		 workflow_fn *fn, const void *arg, struct err *err)
{
	return workflow_run_as(e, ref, fn, arg, true, err);
}

/* ---- reject, request-info, close, note ---- */

struct workflow_reject_arg {
	const char *reason;
	bool unfounded;		/* manifestly unfounded: counts against the
				   reporter */
};

static int
workflow_do_reject(const struct workflow_env *e,
		   const struct workflow_case *wc, const void *arg,
		   struct err *err)
{
	const struct workflow_reject_arg *a = arg;
	const char *lang = workflow_lang_to(e, wc, workflow_reporter(wc));
	struct tvars *v;
	int ret;

	if (workflow_move(e, wc, ACTION_REJECT, 0, e->actor, a->reason,
			  err) < 0 ||
	    workflow_end_listings(e, wc, err) < 0)
		return -1;
	v = workflow_vars(e, wc, lang);
	tvars_set(v, "reason", a->reason);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	ret = workflow_send(e, wc, "case_rejected", lang, v,
			    wc->c->submitter_name, workflow_reporter(wc), err);
	tvars_free(&v);
	if (ret == 0 && a->unfounded)
		ret = workflow_standing_unfounded(e, wc, err);
	return ret;
}

int
workflow_reject(const struct workflow_env *e, const char *ref,
		const char *reason, struct err *err)
{
	struct workflow_reject_arg a = { reason, false };

	return workflow_run(e, ref, workflow_do_reject, &a, err);
}

int
workflow_reject_unfounded(const struct workflow_env *e, const char *ref,
			  const char *reason, struct err *err)
{
	struct workflow_reject_arg a = { reason, true };

	return workflow_run(e, ref, workflow_do_reject, &a, err);
}

int
workflow_release(const struct workflow_env *e, const char *ref,
		 const char *reason, struct err *err)
{
	return workflow_run_any(e, ref, workflow_standing_release, reason,
				err);
}

struct workflow_req {
	const char *text;
	const char *party;
	unsigned days;
	const char *vendor;	/* the vendor asked; NULL: the only one */
};

static int
workflow_do_request_info(const struct workflow_env *e,
			 const struct workflow_case *wc, const void *arg,
			 struct err *err)
{
	const struct workflow_req *rq = arg;
	const char *lang = workflow_lang_to(e, wc, workflow_reporter(wc));
	struct tvars *v;
	char dl[16] = "";
	int ret;

	if (workflow_move(e, wc, ACTION_REQUEST_INFO, 0, e->actor, rq->text,
			  err) < 0)
		return -1;
	if (rq->days > 0)
		deadline_format(deadline_add_days(e->now, rq->days,
						  e->cfg->business_days),
				dl, sizeof(dl));
	v = workflow_vars(e, wc, lang);
	tvars_set(v, "request.text", rq->text);
	tvars_set(v, "deadline", dl);
	tvars_set(v, "recipient.name", wc->c->submitter_name);
	ret = workflow_send(e, wc, "request_info", lang, v,
			    wc->c->submitter_name, workflow_reporter(wc), err);
	tvars_free(&v);
	return ret;
}

int
workflow_request_info(const struct workflow_env *e, const char *ref,
		      const char *text, unsigned days, struct err *err)
{
	struct workflow_req rq = { text, NULL, days, NULL };

	return workflow_run(e, ref, workflow_do_request_info, &rq, err);
}

static int
workflow_do_close(const struct workflow_env *e,
		  const struct workflow_case *wc, const void *arg,
		  struct err *err)
{
	if (workflow_move(e, wc, ACTION_CLOSE, 0, e->actor, arg, err) < 0)
		return -1;
	return workflow_end_listings(e, wc, err);
}

int
workflow_close(const struct workflow_env *e, const char *ref,
	       const char *reason, struct err *err)
{
	return workflow_run_any(e, ref, workflow_do_close, reason, err);
}

static int
workflow_do_note(const struct workflow_env *e, const struct workflow_case *wc,
		 const void *arg, struct err *err)
{
	return workflow_event(e, wc->c->id, 0, "case.note", "text", arg, NULL,
			      NULL, err);
}

int
workflow_note(const struct workflow_env *e, const char *ref, const char *text,
	      struct err *err)
{
	return workflow_run_any(e, ref, workflow_do_note, text, err);
}

/* ---- evidence requests ---- */

static int
workflow_ask(const struct workflow_env *e, const struct workflow_case *wc,
	     const char *role, const char *name, const char *addr,
	     const struct workflow_req *rq, int64_t deadline, struct err *err)
{
	struct store_evreq_new n = { wc->c->id, role, addr, name,
		workflow_lang_to(e, wc, addr), deadline, rq->text, e->now };
	struct tvars *v;
	char dl[16], id[24];
	int64_t req_id;
	int ret;

	if (store_evreq_add(e->store, &n, &req_id, err) < 0)
		return -1;
	deadline_format(deadline, dl, sizeof(dl));
	snprintf(id, sizeof(id), "%lld", (long long)req_id);
	if (workflow_event(e, wc->c->id, 0, "evidence_request.sent", "party",
			   addr, "deadline", dl, err) < 0)
		return -1;
	v = workflow_vars(e, wc, n.lang);
	tvars_set(v, "request.text", rq->text);
	tvars_set(v, "deadline", dl);
	tvars_set(v, "recipient.name", name);
	ret = workflow_send(e, wc, "evidence_request", n.lang, v, name, addr,
			    err);
	tvars_free(&v);
	return ret;
}

static int
workflow_do_request_evidence(const struct workflow_env *e,
			     const struct workflow_case *wc, const void *arg,
			     struct err *err)
{
	const struct workflow_req *rq = arg;
	const struct store_vendor *vd = NULL;
	int64_t deadline;

	if (strcmp(rq->party, "vendor") == 0) {
		if (rq->vendor != NULL)
			vd = workflow_vendor(wc, rq->vendor);
		else if (wc->n_vendors == 1)
			vd = &wc->vendors[0];
		if (vd == NULL) {
			err_set(err, ERR_MSG, wc->n_vendors == 0 ?
				"%s: no listing of the case has a vendor in "
				"the listing directory" : rq->vendor != NULL ?
				"%s: that address is not the vendor of a "
				"listing of the case" : "%s: the case has "
				"several vendors: name one with --vendor",
				wc->c->ref);
			return -1;
		}
	} else if (workflow_reporter(wc) == NULL) {
		err_set(err, ERR_MSG, "%s: the case has no reporter address",
			wc->c->ref);
		return -1;
	}
	if (workflow_move(e, wc, ACTION_REQUEST_EVIDENCE, 0, e->actor,
			  rq->text, err) < 0)
		return -1;
	deadline = deadline_add_days(e->now, rq->days, e->cfg->business_days);
	if (vd == NULL)
		return workflow_ask(e, wc, "rights_holder",
				    wc->c->submitter_name,
				    workflow_reporter(wc), rq, deadline, err);
	return workflow_ask(e, wc, "vendor", vd->name, vd->email, rq, deadline,
			    err);
}

int
workflow_request_evidence(const struct workflow_env *e, const char *ref,
			  const char *party, unsigned days, const char *text,
			  struct err *err)
{
	return workflow_request_evidence_from(e, ref, party, NULL, days, text,
					      err);
}

int
workflow_request_evidence_from(const struct workflow_env *e, const char *ref,
			       const char *party, const char *vendor,
			       unsigned days, const char *text,
			       struct err *err)
{
	struct workflow_req rq = { text, party, days, vendor };

	if (party == NULL && vendor != NULL)
		rq.party = party = "vendor";
	if (party == NULL || (strcmp(party, "vendor") != 0 &&
			      strcmp(party, "rights_holder") != 0 &&
			      strcmp(party, "rights-holder") != 0)) {
		err_set(err, ERR_MSG, "--party must be vendor or "
			"rights_holder");
		return -1;
	}
	return workflow_run(e, ref, workflow_do_request_evidence, &rq, err);
}

/* ---- close-request and unflag ---- */

static int
workflow_do_close_request(const struct workflow_env *e,
			  const struct workflow_case *wc, const void *arg,
			  struct err *err)
{
	int64_t id = *(const int64_t *)arg;
	int rc;

	if ((rc = store_evreq_close(e->store, wc->c->id, id, "staff",
				    e->actor, e->now, err)) < 0)
		return -1;
	if (rc == 0) {
		err_set(err, ERR_MSG, "%s: no open evidence request %lld",
			wc->c->ref, (long long)id);
		return -1;
	}
	return 0;
}

int
workflow_close_request(const struct workflow_env *e, const char *ref,
		       int64_t id, struct err *err)
{
	return workflow_run(e, ref, workflow_do_close_request, &id, err);
}

static int
workflow_do_unflag(const struct workflow_env *e,
		   const struct workflow_case *wc, const void *arg,
		   struct err *err)
{
	if (!wc->c->needs_staff) {
		err_set(err, ERR_MSG, "%s: the case is not flagged for staff",
			wc->c->ref);
		return -1;
	}
	return store_case_unflag(e->store, wc->c->id, e->actor, arg, e->now,
				 err);
}

int
workflow_unflag(const struct workflow_env *e, const char *ref,
		const char *reason, struct err *err)
{
	return workflow_run_any(e, ref, workflow_do_unflag, reason, err);
}
