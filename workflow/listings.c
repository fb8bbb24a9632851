/* workflow/listings.c - the staff decisions that act per listing and per
   vendor (docs/WORKFLOW.md "Per-listing tracks"): accept notifies each
   vendor of its own listings; removal and reinstatement move the
   listings named; an account action is recorded on one vendor. Every
   move re-derives the case status, and each mail goes only to the
   parties it concerns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "outbox/caselink.h"
#include "workflow/workflow-int.h"

const struct store_vendor *
workflow_vendor(const struct workflow_case *wc, const char *email)
{
	for (size_t i = 0; email != NULL && i < wc->n_vendors; i++)
		if (strcasecmp(wc->vendors[i].email, email) == 0)
			return &wc->vendors[i];
	return NULL;
}

int
workflow_track(const struct workflow_case *wc, const char *listing_id)
{
	enum listing_track t;

	for (size_t i = 0; i < wc->n_listings; i++)
		if (strcmp(wc->listings[i].listing_id, listing_id) == 0)
			return listing_track_parse(wc->listings[i].track,
						   &t) == 0 ? (int)t : -1;
	return -1;
}

int
workflow_derive(const struct workflow_env *e, const struct workflow_case *wc,
		enum listing_action action, const char *actor, int64_t msg_id,
		const char *enforcement, struct err *err)
{
	struct store_listing_move m = { action, actor, NULL, msg_id, e->now };

	if (store_case_derive(e->store, wc->c->id, &m, enforcement, NULL,
			      err) < 0)
		return -1;
	return store_evreq_close_decided(e->store, wc->c->id, e->now, NULL,
					 err);
}

int
workflow_end_listings(const struct workflow_env *e,
		      const struct workflow_case *wc, struct err *err)
{
	struct store_listing_move m = { LACT_END, e->actor, NULL, 0, e->now };
	const char *why;
	int t;

	for (size_t i = 0; i < wc->n_listings; i++) {
		t = workflow_track(wc, wc->listings[i].listing_id);
		if (t < 0 || listing_track_final((enum listing_track)t))
			continue;
		if (store_listing_move(e->store, wc->c->id,
				       wc->listings[i].listing_id, &m, &why,
				       err) < 0)
			return -1;
	}
	return store_evreq_close_decided(e->store, wc->c->id, e->now, NULL,
					 err);
}

/* Checks that every id of want is a listing of wc. */
static int
workflow_check_listings(const struct workflow_case *wc,
			const struct strv *want, struct err *err)
{
	for (size_t i = 0; want != NULL && i < want->n; i++)
		if (workflow_track(wc, want->v[i]) < 0) {
			err_set(err, ERR_MSG, "%s: the case has no listing %s",
				wc->c->ref, want->v[i]);
			return -1;
		}
	return 0;
}

static bool
workflow_wanted(const struct strv *want, const char *listing_id)
{
	return want == NULL || want->n == 0 || strv_contains(want, listing_id);
}

/* A vendor restricted to some of its listings: sub holds copies. */
static void
workflow_sub_vendor(const struct store_vendor *vd, const struct strv *ids,
		    struct store_vendor *sub)
{
	*sub = (struct store_vendor){ vd->email, vd->name, { 0 }, { 0 } };
	for (size_t i = 0; i < vd->listing_ids.n; i++)
		if (strv_contains(ids, vd->listing_ids.v[i])) {
			strv_push(&sub->listing_ids, vd->listing_ids.v[i]);
			strv_push(&sub->urls, vd->urls.v[i]);
		}
}

static void
workflow_sub_free(struct store_vendor *sub)
{
	strv_free(&sub->listing_ids);
	strv_free(&sub->urls);
}

/* ---- accept and the vendor notices ---- */

struct workflow_accept_arg {
	const char *reason;
	const struct strv *listings;
};

static int
workflow_flag_unlisted(const struct workflow_env *e,
		       const struct workflow_case *wc, struct err *err)
{
	struct buf b;
	size_t i, n = 0;
	int ret = 0;

	buf_init(&b, 0);
	buf_puts(&b, "not in the listing directory:");
	for (i = 0; i < wc->n_listings; i++)
		if (wc->listings[i].vendor_email == NULL ||
		    *wc->listings[i].vendor_email == '\0') {
			buf_printf(&b, " %s", wc->listings[i].listing_id);
			n++;
		}
	if (n > 0)
		ret = store_case_flag(e->store, wc->c->id, 0, "system",
				      buf_str(&b), e->now, err);
	buf_free(&b);
	return ret;
}

/* One vendor_notice to vd naming ids, and its listings notified. */
static int
workflow_notify(const struct workflow_env *e, const struct workflow_case *wc,
		const struct store_vendor *vd, const struct strv *ids,
		struct err *err)
{
	struct store_listing_move m = { LACT_NOTIFY, "system", NULL, 0,
		e->now };
	const char *lang = workflow_lang(e), *why;
	struct store_vendor sub;
	struct tvars *v;
	int ret = 0;

	char *url = caselink_counter_url(e->cfg->portal_base_url, e->link_key,
					 e->link_key_len, wc->c->ref,
					 vd->email);

	workflow_sub_vendor(vd, ids, &sub);
	v = workflow_vars(e, wc, lang);
	workflow_vars_vendor(v, &sub);
	/* the vendor's own counter-notice form on the portal */
	tvars_set(v, "counter_url", url);
	free(url);
	for (size_t i = 0; ret == 0 && i < sub.listing_ids.n; i++)
		if (store_listing_move(e->store, wc->c->id,
				       sub.listing_ids.v[i], &m, &why,
				       err) < 0)
			ret = -1;
	if (ret == 0)
		ret = workflow_send(e, wc, "vendor_notice", lang, v, vd->name,
				    vd->email, err);
	tvars_free(&v);
	workflow_sub_free(&sub);
	return ret;
}

static int
workflow_do_accept(const struct workflow_env *e,
		   const struct workflow_case *wc, const void *arg,
		   struct err *err)
{
	const struct workflow_accept_arg *a = arg;
	bool named = a->listings != NULL && a->listings->n > 0;
	enum case_status st;
	struct strv ids = { 0 };
	size_t i, k, sent = 0;
	int ret = -1;

	if (workflow_check_listings(wc, a->listings, err) < 0)
		return -1;
	/* Naming listings of a case already accepted notifies them. */
	if (!(named && workflow_status_parse(wc->c->status, &st) == 0 &&
	      st != STATUS_REJECTED && st != STATUS_CLOSED &&
	      st != STATUS_INCOMPLETE && st != STATUS_READY_FOR_REVIEW &&
	      st != STATUS_INFO_REQUESTED) &&
	    (workflow_move(e, wc, ACTION_ACCEPT, 0, e->actor, a->reason,
			   err) < 0 ||
	     workflow_flag_unlisted(e, wc, err) < 0))
		return -1;
	if (strcmp(wc->c->stream, "ip") != 0)
		return 0;
	for (i = 0; i < wc->n_vendors; i++) {
		const struct store_vendor *vd = &wc->vendors[i];

		strv_free(&ids);
		for (k = 0; k < vd->listing_ids.n; k++)
			if (workflow_wanted(a->listings, vd->listing_ids.v[k]) &&
			    workflow_track(wc, vd->listing_ids.v[k]) ==
			    TRACK_REPORTED)
				strv_push(&ids, vd->listing_ids.v[k]);
		if (ids.n == 0)
			continue;
		if (workflow_notify(e, wc, vd, &ids, err) < 0)
			goto out;
		sent++;
	}
	if (named && sent == 0) {
		err_set(err, ERR_MSG, "%s: no listing named is waiting for its "
			"vendor's notice", wc->c->ref);
		goto out;
	}
	ret = workflow_derive(e, wc, LACT_NOTIFY, "system", 0, NULL, err);
out:
	strv_free(&ids);
	return ret;
}

int
workflow_accept_listings(const struct workflow_env *e, const char *ref,
			 const char *reason, const struct strv *listings,
			 struct err *err)
{
	struct workflow_accept_arg a = { reason, listings };

	return workflow_run(e, ref, workflow_do_accept, &a, err);
}

int
workflow_accept(const struct workflow_env *e, const char *ref,
		const char *reason, struct err *err)
{
	return workflow_accept_listings(e, ref, reason, NULL, err);
}

/* ---- removal, reinstatement and account actions ---- */

struct workflow_act_arg {
	const char *what;		/* removal, reinstate or an account
					   action */
	bool reinstate, account;
	enum enforcement enf;
	const struct strv *listings;
	const char *vendor;
	const char *reason;
	const struct workflow_sor_opts *sor;	/* may be NULL */
};

/* The decision about ids to one party; vd NULL: the reporter. */
static int
workflow_decision(const struct workflow_env *e, const struct workflow_case *wc,
		  const struct workflow_act_arg *a, const char *to_name,
		  const char *to_addr, const struct store_vendor *vd,
		  const struct strv *ids, struct err *err)
{
	const char *lang = workflow_lang_to(e, wc, to_addr);
	struct tvars *v = workflow_vars(e, wc, lang);
	struct store_vendor sub;
	int ret;

	bool to_vendor = to_addr != NULL && workflow_vendor(wc, to_addr);

	ackvars_set_action(v, a->reinstate ? "reinstatement" : a->what, lang);
	tvars_set(v, "reason", a->reason);
	workflow_sub_vendor(vd, ids, &sub);
	workflow_vars_vendor(v, &sub);
	tvars_set(v, "recipient.name", to_name);
	tvars_set_bool(v, "to_vendor", to_vendor);
	/* A restriction tells the vendor its statement of reasons. */
	ret = 0;
	if (to_vendor && !a->reinstate)
		ret = workflow_sor_issue(e, wc, a->what, a->sor, a->reason,
					 &sub, lang, v, err);
	if (ret == 0)
		ret = workflow_send(e, wc, "decision", lang, v, to_name,
				    to_addr, err);
	workflow_sub_free(&sub);
	tvars_free(&v);
	return ret;
}

/* Decision mails about the listings ids: each vendor concerned is told
   of its own, the reporter of all. */
static int
workflow_tell_skip(const struct workflow_env *e,
		   const struct workflow_case *wc,
		   const struct workflow_act_arg *a, const struct strv *ids,
		   const char *only_vendor, const char *skip, struct err *err);

static int
workflow_tell(const struct workflow_env *e, const struct workflow_case *wc,
	      const struct workflow_act_arg *a, const struct strv *ids,
	      const char *only_vendor, struct err *err)
{
	return workflow_tell_skip(e, wc, a, ids, only_vendor, NULL, err);
}

int
workflow_tell_decision(const struct workflow_env *e,
		       const struct workflow_case *wc, bool reinstate,
		       const char *reason, const struct strv *ids,
		       const char *skip, struct err *err)
{
	struct workflow_act_arg a = { reinstate ? "reinstate" : "removal",
		reinstate, false, ENFORCEMENT_REMOVAL, NULL, NULL, reason, NULL };

	return workflow_tell_skip(e, wc, &a, ids, NULL, skip, err);
}

/* workflow_tell, leaving out the party at address skip (NULL: none). */
static int
workflow_tell_skip(const struct workflow_env *e,
		   const struct workflow_case *wc,
		   const struct workflow_act_arg *a, const struct strv *ids,
		   const char *only_vendor, const char *skip, struct err *err)
{
	struct store_vendor all = { NULL, NULL, { 0 }, { 0 } };
	struct strv mine = { 0 };
	size_t i, k;
	int ret = 0;

	for (i = 0; i < wc->n_listings; i++) {
		strv_push(&all.listing_ids, wc->listings[i].listing_id);
		strv_push(&all.urls, wc->listings[i].url);
	}
	if (skip == NULL || workflow_reporter(wc) == NULL ||
	    strcasecmp(skip, workflow_reporter(wc)) != 0)
		ret = workflow_decision(e, wc, a, wc->c->submitter_name,
					workflow_reporter(wc), &all, ids, err);
	for (i = 0; ret == 0 && i < wc->n_vendors; i++) {
		const struct store_vendor *vd = &wc->vendors[i];

		if ((only_vendor != NULL &&
		     strcasecmp(only_vendor, vd->email) != 0) ||
		    (skip != NULL && strcasecmp(skip, vd->email) == 0))
			continue;
		strv_free(&mine);
		for (k = 0; k < vd->listing_ids.n; k++)
			if (strv_contains(ids, vd->listing_ids.v[k]))
				strv_push(&mine, vd->listing_ids.v[k]);
		if (mine.n > 0 || only_vendor != NULL)
			ret = workflow_decision(e, wc, a, vd->name, vd->email,
						vd, &mine, err);
	}
	strv_free(&mine);
	strv_free(&all.listing_ids);
	strv_free(&all.urls);
	return ret;
}

/* Refuses acting on a rejected or closed case, with the state machine's
   sentence. */
static int
workflow_act_gate(const struct workflow_env *e,
		  const struct workflow_case *wc,
		  const struct workflow_act_arg *a, struct err *err)
{
	enum report_stream stream;
	enum case_status st, to;
	const char *why = "refused";

	(void)e;
	if (report_stream_parse(wc->c->stream, &stream) < 0 ||
	    workflow_status_parse(wc->c->status, &st) < 0)
		return 0;
	if ((st == STATUS_REJECTED || st == STATUS_CLOSED) &&
	    workflow_next(stream, st, a->reinstate ? ACTION_REINSTATE :
			  ACTION_ENFORCE, &to, &why) < 0) {
		err_set(err, ERR_MSG, "%s: cannot %s: %s", wc->c->ref,
			a->reinstate ? "reinstate" : "enforce", why);
		return -1;
	}
	return 0;
}

static int
workflow_act_listings(const struct workflow_env *e,
		      const struct workflow_case *wc,
		      const struct workflow_act_arg *a, struct err *err)
{
	struct store_listing_move m = { a->reinstate ? LACT_REINSTATE :
		LACT_REMOVE, e->actor, a->reason, 0, e->now };
	bool named = a->listings != NULL && a->listings->n > 0;
	const char *why = "refused";
	struct strv ids = { 0 };
	int rc, ret = -1;

	if (workflow_check_listings(wc, a->listings, err) < 0)
		return -1;
	for (size_t i = 0; i < wc->n_listings; i++) {
		const char *id = wc->listings[i].listing_id;

		if (!workflow_wanted(a->listings, id))
			continue;
		/* A listing on complaint moves only by cases complaint. */
		if (workflow_track(wc, id) == TRACK_COMPLAINT) {
			if (!named)
				continue;
			err_set(err, ERR_MSG, "%s: cannot %s listing %s: a "
				"complaint is pending on the listing: decide "
				"it with cases complaint", wc->c->ref,
				a->reinstate ? "reinstate" : "remove", id);
			goto out;
		}
		if ((rc = store_listing_move(e->store, wc->c->id, id, &m, &why,
					     err)) < 0)
			goto out;
		if (rc == 0 && named) {
			err_set(err, ERR_MSG, "%s: cannot %s listing %s: %s",
				wc->c->ref, a->reinstate ? "reinstate" :
				"remove", id, why);
			goto out;
		}
		if (rc == 1)
			strv_push(&ids, id);
	}
	if (ids.n == 0) {
		err_set(err, ERR_MSG, "%s: cannot %s: %s", wc->c->ref,
			a->reinstate ? "reinstate" : "enforce", why);
		goto out;
	}
	if (workflow_derive(e, wc, m.action, e->actor, 0, a->reinstate ? NULL :
			    "removal", err) < 0 ||
	    workflow_tell(e, wc, a, &ids, NULL, err) < 0 ||
	    (!a->reinstate && workflow_standing_removed(e, wc, err) < 0))
		goto out;
	ret = 0;
out:
	strv_free(&ids);
	return ret;
}

static int
workflow_act_account(const struct workflow_env *e,
		     const struct workflow_case *wc,
		     const struct workflow_act_arg *a, struct err *err)
{
	const struct store_vendor *vd = NULL;
	struct strv ids = { 0 };
	size_t i, k;
	int ret = -1;

	if (a->vendor != NULL && (vd = workflow_vendor(wc, a->vendor)) == NULL) {
		err_set(err, ERR_MSG, "%s: %s is not the vendor of a listing "
			"of the case", wc->c->ref, a->vendor);
		return -1;
	}
	for (i = 0; i < wc->n_vendors; i++) {
		if (vd != NULL && vd != &wc->vendors[i])
			continue;
		if (store_vendor_action_add(e->store, wc->c->id,
					    wc->vendors[i].email, a->what,
					    a->reason, e->actor, e->now,
					    err) < 0)
			goto out;
		for (k = 0; k < wc->vendors[i].listing_ids.n; k++)
			strv_push(&ids, wc->vendors[i].listing_ids.v[k]);
	}
	/* No vendor in the directory: the action is the case's. */
	if (wc->n_vendors == 0) {
		if (store_vendor_action_add(e->store, wc->c->id, NULL, a->what,
					    a->reason, e->actor, e->now,
					    err) < 0)
			goto out;
		for (i = 0; i < wc->n_listings; i++)
			strv_push(&ids, wc->listings[i].listing_id);
	}
	if (workflow_derive(e, wc, LACT_REMOVE, e->actor, 0, a->what,
			    err) < 0 ||
	    workflow_tell(e, wc, a, &ids, vd ? vd->email : NULL, err) < 0)
		goto out;
	ret = 0;
out:
	strv_free(&ids);
	return ret;
}

static int
workflow_do_act(const struct workflow_env *e, const struct workflow_case *wc,
		const void *arg, struct err *err)
{
	const struct workflow_act_arg *a = arg;
	struct strv none = { 0 };

	if (workflow_act_gate(e, wc, a, err) < 0)
		return -1;
	/* A case without listings keeps the case-level move. */
	if (wc->n_listings == 0) {
		if (workflow_move(e, wc, a->reinstate ? ACTION_REINSTATE :
				  ACTION_ENFORCE, a->enf, e->actor, a->reason,
				  err) < 0)
			return -1;
		return workflow_tell(e, wc, a, &none, NULL, err);
	}
	if (a->account)
		return workflow_act_account(e, wc, a, err);
	return workflow_act_listings(e, wc, a, err);
}

int
workflow_act_on(const struct workflow_env *e, const char *ref,
		const char *what, const struct strv *listings,
		const char *vendor, const char *reason, struct err *err)
{
	return workflow_act_dsa(e, ref, what, listings, vendor, reason, NULL,
				err);
}

/* Checks the statement of reasons' options of action a. */
static int
workflow_act_sor_check(const struct workflow_env *e,
		       const struct workflow_act_arg *a, struct err *err)
{
	const struct workflow_sor_opts *o = a->sor;

	if (o == NULL)
		return 0;
	if (o->ground != NULL && strcmp(o->ground, "illegal") != 0 &&
	    strcmp(o->ground, "terms") != 0) {
		err_set(err, ERR_MSG, "--ground is illegal or terms, not '%s'",
			o->ground);
		return -1;
	}
	if (o->until != 0 && a->enf != ENFORCEMENT_SUSPENSION &&
	    a->enf != ENFORCEMENT_POSTING_RESTRICTION) {
		err_set(err, ERR_MSG, "--until is for a suspension or a "
			"posting restriction, not %s", a->what);
		return -1;
	}
	if (o->until != 0 && o->until <= e->now) {
		err_set(err, ERR_MSG, "--until must be in the future");
		return -1;
	}
	return 0;
}

int
workflow_act_dsa(const struct workflow_env *e, const char *ref,
		 const char *what, const struct strv *listings,
		 const char *vendor, const char *reason,
		 const struct workflow_sor_opts *sor, struct err *err)
{
	struct workflow_act_arg a = { what, false, false, ENFORCEMENT_REMOVAL,
		listings, vendor, reason, sor };

	if (what != NULL && (strcmp(what, "reinstate") == 0 ||
			     strcmp(what, "reinstatement") == 0))
		a.reinstate = true;
	else if (what == NULL || workflow_enforcement_parse(what, &a.enf) < 0) {
		err_set(err, ERR_MSG, "unknown action '%s': removal, "
			"posting_restriction, suspension, termination or "
			"reinstate", what ? what : "");
		return -1;
	}
	a.what = a.reinstate ? "reinstate" : workflow_enforcement_name(a.enf);
	a.account = !a.reinstate && a.enf != ENFORCEMENT_REMOVAL;
	if (a.account && listings != NULL && listings->n > 0) {
		err_set(err, ERR_MSG, "%s acts on a vendor's account: name the "
			"vendor with --vendor, not listings", a.what);
		return -1;
	}
	if (!a.account && vendor != NULL) {
		err_set(err, ERR_MSG, "%s acts on listings: name them with "
			"--listing, not --vendor", a.what);
		return -1;
	}
	if (!a.reinstate && workflow_act_sor_check(e, &a, err) < 0)
		return -1;
	return workflow_run(e, ref, workflow_do_act, &a, err);
}

int
workflow_act(const struct workflow_env *e, const char *ref, const char *what,
	     const char *reason, struct err *err)
{
	return workflow_act_on(e, ref, what, NULL, NULL, reason, err);
}
