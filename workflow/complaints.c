/* workflow/complaints.c - internal complaints against decisions (DSA
   Art. 20, docs/WORKFLOW.md "Complaints"): a party's authenticated reply
   to a decision mail within six months opens a complaint on what was
   decided; `cases complaint` decides it, by another account than the
   one that took the decision, and tells the parties. Also `cases open`:
   a case staff open on their own initiative (source voluntary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/deadline.h"
#include "common/dsa.h"
#include "common/mem.h"
#include "workflow/workflow-int.h"

/* Days within which a complaint is answered (calendar, or business days
   when [workflow] business_days is on). */
#define WORKFLOW_COMPLAINT_DAYS 14

#define COMPLAINT_ACTOR_NONE ""

static const char *
complaint_lang(const struct workflow_env *e, const struct report *r)
{
	if (r->lang != NULL && (strcmp(r->lang, "en") == 0 ||
				strcmp(r->lang, "zh") == 0))
		return r->lang;
	return workflow_lang(e);
}

/* The listings of wc a complaint of from (vendor: its removed ones;
   reporter: the reinstated ones) concerns, into ids. */
static void
complaint_listings(const struct workflow_case *wc, const char *from,
		   bool vendor, struct strv *ids)
{
	const struct store_vendor *vd = vendor ? workflow_vendor(wc, from) :
		NULL;

	if (vendor && vd == NULL)
		return;
	for (size_t i = 0; i < wc->n_listings; i++) {
		const char *id = wc->listings[i].listing_id;
		int t = workflow_track(wc, id);

		if (vendor && strv_contains(&vd->listing_ids, id) &&
		    t == TRACK_REMOVED)
			strv_push(ids, id);
		if (!vendor && t == TRACK_REINSTATED)
			strv_push(ids, id);
	}
}

static const char *
complaint_decider(const struct workflow_case *wc, const char *listing_id,
		  const char *case_decider)
{
	for (size_t i = 0; listing_id != NULL && i < wc->n_listings; i++)
		if (strcmp(wc->listings[i].listing_id, listing_id) == 0 &&
		    wc->listings[i].decided_by != NULL)
			return wc->listings[i].decided_by;
	return case_decider != NULL ? case_decider : COMPLAINT_ACTOR_NONE;
}

/* Sets list listings of v to the listings ids of wc. */
static void
complaint_vars_listings(struct tvars *v, const struct workflow_case *wc,
			const struct strv *ids)
{
	struct store_vendor sub = { NULL, NULL, { 0 }, { 0 } };

	for (size_t i = 0; i < wc->n_listings; i++)
		if (strv_contains(ids, wc->listings[i].listing_id)) {
			strv_push(&sub.listing_ids,
				  wc->listings[i].listing_id);
			strv_push(&sub.urls, wc->listings[i].url);
		}
	workflow_vars_vendor(v, &sub);
	strv_free(&sub.listing_ids);
	strv_free(&sub.urls);
}

/* The acknowledgement: complaint_received to the complainant naming the
   listings ids and the date the answer is due. */
static int
complaint_ack(const struct workflow_env *e, const struct workflow_case *wc,
	      const char *to, const char *lang, const struct strv *ids,
	      time_t answer_by, struct err *err)
{
	const struct store_vendor *vd = workflow_vendor(wc, to);
	struct tvars *v = workflow_vars(e, wc, lang);
	char dl[16];
	int ret;

	complaint_vars_listings(v, wc, ids);
	deadline_format(answer_by, dl, sizeof(dl));
	tvars_set(v, "deadline", dl);
	tvars_set(v, "recipient.name", vd != NULL ? vd->name :
		  wc->c->submitter_name);
	ret = workflow_send(e, wc, "complaint_received", lang, v,
			    vd != NULL ? vd->name : wc->c->submitter_name, to,
			    err);
	tvars_free(&v);
	return ret;
}

int
workflow_complaint_on_mail(const struct workflow_env *e, int64_t case_id,
			   int64_t msg_id, const char *ref,
			   const struct report *r, const struct sender *snd,
			   struct err *err)
{
	struct store_listing_move m = { LACT_COMPLAIN, e->actor, NULL, msg_id,
		e->now };
	struct store_decision_mail d;
	struct workflow_case wc = { 0 };
	struct strv ids = { 0 };
	bool vendor = snd->role == SENDER_VENDOR;
	const char *lang = complaint_lang(e, r), *why;
	char *decider = NULL;
	time_t answer_by;
	int rc, ret = -1;

	if ((rc = store_complaint_mail(e->store, case_id, &r->references,
				       r->from_address, &d, err)) <= 0)
		return rc;
	/* After six months a reply is an ordinary follow-up. */
	if ((int64_t)e->now > deadline_add_months(d.created,
						  WORKFLOW_COMPLAINT_MONTHS))
		return 0;
	if (workflow_case_load(e->store, ref, &wc, err) < 0 ||
	    store_case_decider(e->store, case_id, &decider, err) < 0)
		goto out;
	answer_by = deadline_add_days(e->now, WORKFLOW_COMPLAINT_DAYS,
				      e->cfg != NULL && e->cfg->business_days);
	if (strcmp(d.kind, "case_rejected") != 0)
		complaint_listings(&wc, r->from_address, vendor, &ids);
	for (size_t i = 0; i < ids.n; i++) {
		struct store_complaint_new c = { case_id, ids.v[i],
			vendor ? "vendor" : "reporter", r->from_address, msg_id,
			vendor ? "removed" : "reinstated",
			complaint_decider(&wc, ids.v[i], decider), e->now,
			answer_by, lang };

		if (store_complaint_add(e->store, &c, NULL, err) < 0 ||
		    store_listing_move(e->store, case_id, ids.v[i], &m, &why,
				       err) < 0)
			goto out;
	}
	if (ids.n > 0) {
		if (workflow_derive(e, &wc, LACT_COMPLAIN, e->actor, msg_id,
				    NULL, err) < 0)
			goto out;
	} else {
		/* The decision on the case as a whole: a rejection, an
		   account action, a case without listings. */
		struct store_transition t = { ACTION_COMPLAIN, e->actor, NULL,
			ENFORCEMENT_REMOVAL, msg_id, e->now };
		struct store_complaint_new c = { case_id, NULL,
			vendor ? "vendor" : "reporter", r->from_address, msg_id,
			wc.c->status, decider ? decider : COMPLAINT_ACTOR_NONE,
			e->now, answer_by, lang };

		if (store_complaint_add(e->store, &c, NULL, err) < 0 ||
		    store_case_transition(e->store, case_id, &t, NULL, NULL,
					  &why, err) < 0)
			goto out;
	}
	if (workflow_event(e, case_id, msg_id, "complaint.filed", "party",
			   vendor ? "vendor" : "reporter", "decision",
			   ids.n > 0 ? (vendor ? "removed" : "reinstated") :
			   wc.c->status, err) < 0 ||
	    store_case_flag(e->store, case_id, msg_id, e->actor,
			    "complaint against the decision (DSA Art. 20): "
			    "decide it with cases complaint, by another "
			    "account than the one that decided", e->now,
			    err) < 0 ||
	    complaint_ack(e, &wc, r->from_address, lang, &ids, answer_by,
			  err) < 0)
		goto out;
	ret = 1;
out:
	free(decider);
	strv_free(&ids);
	workflow_case_free(&wc);
	return ret;
}

/* ---- cases complaint ---- */

struct complaint_arg {
	const struct strv *listings;
	bool reverse;
	const char *reason;
};

/* complaint_decided to complainant c naming ids; what the decision now
   is: reinstatement or removal (listings), else the case's. */
static int
complaint_tell(const struct workflow_env *e, const struct workflow_case *wc,
	       const struct store_complaint *c, const struct complaint_arg *a,
	       const struct strv *ids, bool reinstated, struct err *err)
{
	const struct store_vendor *vd = workflow_vendor(wc, c->address);
	const char *lang = c->lang != NULL && strcmp(c->lang, "zh") == 0 ?
		"zh" : "en";
	const char *name = vd != NULL ? vd->name : wc->c->submitter_name;
	struct tvars *v = workflow_vars(e, wc, lang);
	int ret;

	complaint_vars_listings(v, wc, ids);
	tvars_set(v, "recipient.name", name);
	tvars_set(v, "reason", a->reason);
	tvars_set_bool(v, "accepted", a->reverse);
	/* a rejected report, reversed, is taken up again */
	tvars_set_bool(v, "reopened", a->reverse &&
		       strcmp(c->decision, "rejected") == 0);
	ackvars_set_action(v, reinstated ? "reinstatement" : "removal", lang);
	ret = workflow_send(e, wc, "complaint_decided", lang, v, name,
			    c->address, err);
	tvars_free(&v);
	return ret;
}

/* Decides the case-level complaint c: the state machine's move that
   states the outcome. */
static int
complaint_case_level(const struct workflow_env *e,
		     const struct workflow_case *wc,
		     const struct store_complaint *c, bool reverse,
		     const char *reason, bool *reinstated_r, struct err *err)
{
	struct store_listing_move m = { LACT_REOPEN, e->actor, NULL, 0,
		e->now };
	enum enforcement enf = ENFORCEMENT_REMOVAL;
	const char *why;
	bool was_enforced = strcmp(c->decision, "action_taken") == 0;

	*reinstated_r = false;
	if (strcmp(c->decision, "rejected") == 0) {
		if (!reverse)
			return workflow_move(e, wc, ACTION_REJECT, 0, e->actor,
					     reason, err);
		/* The report is taken up: its listings are reported again. */
		if (workflow_move(e, wc, ACTION_ACCEPT, 0, e->actor, reason,
				  err) < 0)
			return -1;
		for (size_t i = 0; i < wc->n_listings; i++)
			if (store_listing_move(e->store, wc->c->id,
					       wc->listings[i].listing_id, &m,
					       &why, err) < 0)
				return -1;
		return workflow_derive(e, wc, LACT_REOPEN, e->actor, 0, NULL,
				       err);
	}
	if (strcmp(wc->c->status, "complaint") != 0)
		return 0;	/* the case moved on: only the outcome */
	if (wc->c->enforcement != NULL)
		(void)workflow_enforcement_parse(wc->c->enforcement, &enf);
	if (reverse && was_enforced && wc->n_listings > 0) {
		err_set(err, ERR_MSG, "%s: lifting an account action on a "
			"complaint is not supported: uphold it, or reinstate "
			"the listings with cases act", wc->c->ref);
		return -1;
	}
	*reinstated_r = was_enforced == reverse;
	return workflow_move(e, wc, *reinstated_r ? ACTION_REINSTATE :
			     ACTION_ENFORCE, enf, e->actor, reason, err);
}

/* The pending complaints of wc that a names, into sel (borrowed from
   all). */
static int
complaint_select(const struct workflow_case *wc, struct store_complaint *all,
		 size_t n, const struct complaint_arg *a,
		 const struct store_complaint **sel, size_t *n_sel,
		 struct err *err)
{
	bool named = a->listings != NULL && a->listings->n > 0;

	*n_sel = 0;
	for (size_t i = 0; i < n; i++)
		if (all[i].outcome == NULL &&
		    (!named || (all[i].listing_id != NULL &&
				strv_contains(a->listings,
					      all[i].listing_id))))
			sel[(*n_sel)++] = &all[i];
	for (size_t k = 0; named && k < a->listings->n; k++) {
		bool found = false;

		for (size_t i = 0; i < *n_sel; i++)
			if (strcmp(sel[i]->listing_id, a->listings->v[k]) == 0)
				found = true;
		if (!found) {
			err_set(err, ERR_MSG, "%s: no complaint is pending on "
				"listing %s", wc->c->ref, a->listings->v[k]);
			return -1;
		}
	}
	if (*n_sel == 0) {
		err_set(err, ERR_MSG, "%s: no complaint is pending",
			wc->c->ref);
		return -1;
	}
	return 0;
}

/* Refuses when actor took the decision one of sel complains of. */
static int
complaint_gate(const struct workflow_env *e, const struct workflow_case *wc,
	       const struct store_complaint *const *sel, size_t n,
	       struct err *err)
{
	for (size_t i = 0; i < n; i++)
		if (sel[i]->decided_by != NULL && *sel[i]->decided_by &&
		    strcasecmp(sel[i]->decided_by, e->actor) == 0) {
			err_set(err, ERR_MSG, "%s: %s took the decision "
				"complained of%s%s; a complaint must be "
				"decided by another account (--as NAME)",
				wc->c->ref, e->actor,
				sel[i]->listing_id ? " on listing " : "",
				sel[i]->listing_id ? sel[i]->listing_id : "");
			return -1;
		}
	return 0;
}

static int
complaint_decide(const struct workflow_env *e, const struct workflow_case *wc,
		 const void *arg, struct err *err)
{
	const struct complaint_arg *a = arg;
	struct store_complaint *all = NULL;
	const struct store_complaint **sel = NULL;
	struct strv ids = { 0 }, mine = { 0 };
	bool any_listing = false, reinstated = false, removal = false;
	size_t n = 0, n_sel = 0, i, k;
	const char *why = "refused";
	int rc, ret = -1;

	if (store_complaints(e->store, wc->c->id, &all, &n, err) < 0)
		return -1;
	sel = xcalloc(n + 1, sizeof(*sel));
	if (complaint_select(wc, all, n, a, sel, &n_sel, err) < 0 ||
	    complaint_gate(e, wc, sel, n_sel, err) < 0)
		goto out;
	for (i = 0; i < n_sel; i++) {
		const struct store_complaint *c = sel[i];
		bool to_reinstated;

		if (c->listing_id != NULL) {
			struct store_listing_move m = { 0, e->actor,
				a->reason, 0, e->now };

			/* removed upheld or reinstated reversed: removed */
			to_reinstated = (strcmp(c->decision, "removed") == 0) ==
				a->reverse;
			m.action = to_reinstated ? LACT_REINSTATE : LACT_REMOVE;
			if ((rc = store_listing_move(e->store, wc->c->id,
						     c->listing_id, &m, &why,
						     err)) < 0)
				goto out;
			if (rc == 0) {
				err_set(err, ERR_MSG, "%s: listing %s: %s",
					wc->c->ref, c->listing_id, why);
				goto out;
			}
			any_listing = true;
			removal = removal || !to_reinstated;
			strv_push_unique(&ids, c->listing_id);
		} else if (complaint_case_level(e, wc, c, a->reverse,
						a->reason, &to_reinstated,
						err) < 0) {
			goto out;
		}
		reinstated = to_reinstated;
		if ((rc = store_complaint_decide(e->store, wc->c->id, c->id,
						 a->reverse ? "reverse" :
						 "uphold", a->reason, e->actor,
						 e->now, err)) < 0)
			goto out;
		if (workflow_event(e, wc->c->id, 0, "complaint.decided",
				   "outcome", a->reverse ? "reverse" : "uphold",
				   "listing", c->listing_id, err) < 0)
			goto out;
	}
	if (any_listing && workflow_derive(e, wc, removal ? LACT_REMOVE :
					   LACT_REINSTATE, e->actor, 0,
					   removal ? "removal" : NULL,
					   err) < 0)
		goto out;
	/* Each complainant is told the outcome with its reasons; on a
	   reversal the other party gets the new decision. */
	for (i = 0; i < n_sel; i++) {
		bool seen = false;

		for (k = 0; k < i; k++)
			if (strcasecmp(sel[k]->address, sel[i]->address) == 0)
				seen = true;
		if (seen)
			continue;
		strv_free(&mine);
		for (k = i; k < n_sel; k++)
			if (sel[k]->listing_id != NULL &&
			    strcasecmp(sel[k]->address, sel[i]->address) == 0)
				strv_push(&mine, sel[k]->listing_id);
		if (complaint_tell(e, wc, sel[i], a, &mine,
				   mine.n > 0 ? (strcmp(sel[i]->decision,
							"removed") == 0) ==
				   a->reverse : reinstated, err) < 0)
			goto out;
		if (a->reverse && mine.n > 0 &&
		    workflow_tell_decision(e, wc, strcmp(sel[i]->decision,
							 "removed") == 0,
					   a->reason, &mine, sel[i]->address,
					   err) < 0)
			goto out;
	}
	ret = 0;
	for (i = 0; i < n; i++)
		if (all[i].outcome == NULL) {
			bool decided = false;

			for (k = 0; k < n_sel; k++)
				if (sel[k] == &all[i])
					decided = true;
			if (!decided)
				goto out;	/* others still pending */
		}
	if (wc->c->needs_staff &&
	    store_case_unflag(e->store, wc->c->id, e->actor,
			      "complaint decided", e->now, err) < 0)
		ret = -1;
out:
	strv_free(&ids);
	strv_free(&mine);
	free(sel);
	store_complaints_free(all, n);
	return ret;
}

int
workflow_complaint(const struct workflow_env *e, const char *ref,
		   const struct strv *listings, bool reverse,
		   const char *reason, struct err *err)
{
	struct complaint_arg a = { listings, reverse, reason };

	return workflow_run(e, ref, complaint_decide, &a, err);
}

/* ---- cases open ---- */

int
workflow_open_case(const struct workflow_env *e, const struct workflow_open *o,
		   char *ref_r, size_t ref_size, struct err *err)
{
	struct store_case_open so = { NULL, o->stream, o->ground, o->clause,
		o->explanation, e->actor, o->listings, e->now };
	struct store_directory_entry *d = NULL;
	bool known = false, inserted;
	int64_t id;
	size_t i;
	int rc;

	if (o->ground == NULL || (strcmp(o->ground, "terms") != 0 &&
				  strcmp(o->ground, "illegal") != 0)) {
		err_set(err, ERR_MSG, "--ground is terms or illegal");
		return -1;
	}
	/* the clauses of [dsa] clause_NAME_en / _zh (common/dsa.h) */
	known = o->clause != NULL &&
		dsa_name_index(dsa_clause_names, o->clause) >= 0;
	if ((strcmp(o->ground, "terms") == 0 || o->clause != NULL) && !known) {
		err_set(err, ERR_MSG, "--clause is one of inactive, "
			"negative_feedback, outdated, breach, prohibited, "
			"malware, personal_data");
		return -1;
	}
	so.prefix = o->stream == STREAM_ABUSE ? e->cfg->case_prefix_abuse :
		e->cfg->case_prefix_ip;
	if (store_begin(e->store, err) < 0)
		return -1;
	for (i = 0; i < o->listings->n; i++) {
		if ((rc = store_directory_get(e->store, o->listings->v[i], &d,
					      err)) < 0)
			goto fail;
		known = rc == 1 && d->vendor_email != NULL &&
			*d->vendor_email != '\0';
		store_directory_free(d, rc == 1 ? 1 : 0);
		d = NULL;
		if (known)
			continue;
		if (o->vendor == NULL || strchr(o->vendor, '@') == NULL) {
			err_set(err, ERR_MSG, "listing %s has no vendor in the "
				"listing directory: name it with --vendor "
				"EMAIL", o->listings->v[i]);
			goto fail;
		}
		if (store_directory_upsert(e->store, o->listings->v[i], NULL,
					   o->vendor, NULL, e->now, &inserted,
					   err) < 0)
			goto fail;
	}
	if (store_case_open(e->store, &so, &id, ref_r, ref_size, err) < 0 ||
	    store_commit(e->store, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(e->store);
	return -1;
}
