/* intake/pipeline_route.c - where a parsed message goes, decided and
   written inside the filing transaction: a new report opens a case; a
   message naming a case joins it only when its sender is a party of that
   case (a stranger gets a new report, as for an unknown reference,
   linked and flagged for staff); auto-replies
   and bounces are recorded, never lost. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/mem.h"
#include "intake/pipeline.h"
#include "intake/sender.h"

#define ROUTE_ACTOR "intake"

/* Appends an event whose detail is {"kind", "ref"?, "note"?,
   "sender"?, "auth"?, ...}; snd may be NULL. */
static int
pipeline_route_event_as(struct store *st, int64_t case_id, int64_t msg_id,
			const struct pipeline_msg *m, const char *type,
			const char *ref_key, const char *ref,
			const char *note, const struct sender *snd,
			struct err *err)
{
	const struct report *r = m->report;
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_string(&ev.j, "kind", report_kind_name(r->kind));
	json_kv_string(&ev.j, "mailbox", m->key->mailbox);
	json_kv_int(&ev.j, "uidvalidity", m->key->uidvalidity);
	json_kv_int(&ev.j, "uid", m->key->uid);
	if (ref_key != NULL)
		json_kv_string(&ev.j, ref_key, ref);
	if (note != NULL)
		json_kv_string(&ev.j, "note", note);
	if (snd != NULL) {
		json_kv_string(&ev.j, "sender", sender_role_name(snd->role));
		json_kv_string(&ev.j, "auth", sender_auth_name(snd->auth));
	}
	if (r->decision != DECISION_NONE)
		json_kv_string(&ev.j, "decision",
			       report_decision_name(r->decision));
	if (r->kind == KIND_BOUNCE) {
		json_kv_string(&ev.j, "bounced_message_id",
			       r->bounced_message_id);
		json_kv_string(&ev.j, "status", r->bounce_status);
		json_key(&ev.j, "recipients");
		json_begin_array(&ev.j);
		for (size_t i = 0; i < r->bounced_recipients.n; i++)
			json_string(&ev.j, r->bounced_recipients.v[i]);
		json_end_array(&ev.j);
	}
	return store_event_end(st, &ev, case_id, msg_id, m->now, ROUTE_ACTOR,
			       type, err);
}

static int
pipeline_route_event(struct store *st, int64_t case_id, int64_t msg_id,
		     const struct pipeline_msg *m, const char *type,
		     const char *ref_key, const char *ref, const char *note,
		     struct err *err)
{
	return pipeline_route_event_as(st, case_id, msg_id, m, type, ref_key,
				       ref, note, NULL, err);
}

static int
pipeline_route_message(struct store *st, const struct pipeline_msg *m,
		       int64_t case_id, struct pipeline_result *res,
		       struct err *err)
{
	struct store_message_new nm = { m->key, m->sha256, m->size, m->fd,
		m->report, case_id, m->now, m->adopt };

	res->case_id = case_id;
	return store_message_add(st, &nm, &res->message_id, err);
}

static int
pipeline_route_ack(struct pipeline *p, const struct pipeline_msg *m,
		   const struct pipeline_result *res,
		   const struct sender *snd, struct err *err)
{
	const struct pipeline_settings *set = pipeline_settings(p);

	if (set->ack == NULL || !report_wants_ack(m->report))
		return 0;
	return set->ack(set->ack_ctx, set->store, res->case_id,
			res->message_id, res->ref, m->report, snd, err);
}

static int
pipeline_route_workflow(struct pipeline *p, const struct pipeline_msg *m,
			const struct pipeline_result *res,
			const struct sender *snd, struct err *err)
{
	const struct pipeline_settings *set = pipeline_settings(p);

	if (set->workflow == NULL)
		return 0;
	return set->workflow(set->workflow_ctx, set->store, res->case_id,
			     res->message_id, res->ref, m->report, snd,
			     m->now, err);
}

/* Opens a new case for m. kind: the case's kind; linked_id/linked_ref:
   the case a stranger named (0/NULL), which flags the new case. */
static int
pipeline_route_new(struct pipeline *p, const struct pipeline_msg *m,
		   enum report_stream stream, const char *kind,
		   int64_t linked_id, const char *linked_ref,
		   const char *note, struct pipeline_result *res,
		   struct err *err)
{
	const struct pipeline_settings *set = pipeline_settings(p);
	struct store *st = set->store;
	struct store_case_new c = { NULL, stream, kind, m->report,
		linked_id != 0, linked_id, m->now };
	struct sender snd;
	int64_t case_id;

	c.prefix = stream == STREAM_ABUSE ? set->config->case_prefix_abuse :
		set->config->case_prefix_ip;
	if (store_case_create(st, &c, &case_id, res->ref, sizeof(res->ref),
			      err) < 0 ||
	    pipeline_route_message(st, m, case_id, res, err) < 0 ||
	    pipeline_route_event(st, case_id, res->message_id, m, "case.filed",
				 linked_ref ? "linked" : NULL, linked_ref,
				 note, err) < 0)
		return -1;
	if (linked_id != 0 &&
	    pipeline_route_event(st, case_id, res->message_id, m,
				 "case.flagged", "linked", linked_ref,
				 "sender is not a party of the case it names",
				 err) < 0)
		return -1;
	if (store_case_absorb(st, case_id, res->message_id, m->report, m->now,
			      NULL, err) < 0 ||
	    pipeline_notice_filed(p, m, case_id, err) < 0)
		return -1;
	snd = sender_of_report(m->report);
	return pipeline_route_ack(p, m, res, &snd, err);
}

static const char *
pipeline_route_report_kind(enum report_stream stream)
{
	return report_kind_name(stream == STREAM_ABUSE ? KIND_ABUSE_REPORT :
				KIND_IP_REPORT);
}

/* The event a party's mail leaves on the case it joins. */
static const char *
pipeline_route_named_event(const struct report *r)
{
	return r->kind == KIND_FOLLOW_UP ? "message.follow_up" :
	       r->kind == KIND_COUNTER_NOTICE ? "message.counter_notice" :
	       "message.counter_notice_response";
}

/* A party's mail that is not authenticated: kept on the case with an
   event and a flag for staff; it changes nothing (no listings, evidence,
   answers to requests, moves). The sender may still get the short
   acknowledgement. */
static int
pipeline_route_unauthenticated(struct pipeline *p,
			       const struct pipeline_msg *m, int64_t case_id,
			       const struct sender *snd,
			       struct pipeline_result *res, struct err *err)
{
	struct store *st = pipeline_settings(p)->store;
	const struct report *r = m->report;
	char note[160];

	snprintf(note, sizeof(note), "%s from the %s's address is not "
		 "authenticated: recorded, nothing changed",
		 report_kind_name(r->kind), sender_role_name(snd->role));
	if (pipeline_route_message(st, m, case_id, res, err) < 0 ||
	    pipeline_route_event_as(st, case_id, res->message_id, m,
				    "message.unauthenticated", NULL, NULL,
				    NULL, snd, err) < 0 ||
	    store_case_flag(st, case_id, res->message_id, ROUTE_ACTOR, note,
			    m->now, err) < 0)
		return -1;
	return pipeline_route_ack(p, m, res, snd, err);
}

/* The kind of reply r from a party of a case, decided with the sender's
   role (docs/PARSING.md 4): only a vendor of the case files a
   counter-notice, whatever its words, when its text disputes the report;
   only the reporter answers one. Fills *eff with a shallow copy of r (it
   borrows r's strings) with kind, decision and possible set for that
   role. */
static void
pipeline_route_role(const struct report *r, bool reporter, struct report *eff)
{
	/* eff is never freed: its own strings are static */
	static char counter_notice[] = "counter_notice", answer[] = "answer";

	*eff = *r;
	eff->possible = NULL;
	if (!reporter) {
		eff->decision = DECISION_NONE;
		eff->kind = r->disputes ? KIND_COUNTER_NOTICE : KIND_FOLLOW_UP;
		/* "we reject this": perhaps a dispute; asked, not assumed */
		if (!r->disputes && (r->decision != DECISION_NONE ||
				     (r->possible != NULL &&
				      strcmp(r->possible, "counter_notice") == 0)))
			eff->possible = counter_notice;
		return;
	}
	eff->kind = r->decision != DECISION_NONE
		    ? KIND_COUNTER_NOTICE_RESPONSE : KIND_FOLLOW_UP;
	if (r->decision == DECISION_NONE &&
	    (r->disputes || (r->possible != NULL &&
			     strcmp(r->possible, "answer") == 0)))
		eff->possible = answer;
}

/* A follow-up, counter-notice or response naming a case. The sender's
   role and authentication (intake/sender.c) decide: a stranger (or a
   From that our MX found forged) gets a new report of the mailbox's
   stream, as for an unknown reference, linked to the named case and
   flagged for staff; a party that is not authenticated is recorded and flagged;
   an authenticated party's mail joins the case, and only the
   reporter's adds listings and evidence to it (a vendor's mail concerns
   its own listings: the workflow hook acts on it). */
static int
pipeline_route_named(struct pipeline *p, const struct pipeline_msg *m,
		     struct pipeline_result *res, struct err *err)
{
	const struct report *r = m->report;
	struct store *st = pipeline_settings(p)->store;
	struct pipeline_msg role_m;
	struct report eff;
	struct sender snd;
	int64_t case_id;
	int rc;

	rc = r->case_ref ? store_case_find_ref(st, r->case_ref, &case_id,
					       NULL, err) : 0;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		/* Treated as a new report of the mailbox's stream. */
		if (pipeline_route_new(p, m, m->stream,
				       pipeline_route_report_kind(m->stream),
				       0, NULL, "names no known case: filed as "
				       "a new report", res, err) < 0)
			return -1;
		return pipeline_route_event(st, res->case_id, res->message_id,
					    m, "case.unknown_ref", "ref",
					    r->case_ref, NULL, err);
	}
	if (sender_identify(st, case_id, r, &snd, err) < 0)
		return -1;
	/* A stranger learns nothing from naming a case: its mail is filed
	   exactly as one naming a reference that does not exist (a new
	   report of the mailbox's stream, the same answer), only linked to
	   the named case and flagged for staff; the named case is not
	   touched (docs/SPEC.md §12). */
	if (snd.role == SENDER_STRANGER)
		return pipeline_route_new(p, m, m->stream,
					  pipeline_route_report_kind(m->stream),
					  case_id, r->case_ref,
					  r->dmarc != NULL &&
					  strcmp(r->dmarc, "fail") == 0 ?
					  "DMARC fail: the sender address is "
					  "forged" : NULL, res, err);
	snprintf(res->ref, sizeof(res->ref), "%s", r->case_ref);
	if (!snd.authenticated)
		return pipeline_route_unauthenticated(p, m, case_id, &snd, res,
						      err);
	/* what the text says, weighed with who says it */
	pipeline_route_role(r, snd.role == SENDER_REPORTER, &eff);
	role_m = *m;
	role_m.report = &eff;
	m = &role_m;
	r = &eff;
	if (pipeline_route_message(st, m, case_id, res, err) < 0 ||
	    (r->possible != NULL &&
	     store_case_flag(st, case_id, res->message_id, ROUTE_ACTOR,
			     strcmp(r->possible, "answer") == 0 ?
			     "possible answer" : "possible counter-notice",
			     m->now, err) < 0) ||
	    pipeline_route_event_as(st, case_id, res->message_id, m,
				    pipeline_route_named_event(r), NULL, NULL,
				    NULL, &snd, err) < 0)
		return -1;
	if (snd.role == SENDER_REPORTER &&
	    store_case_absorb(st, case_id, res->message_id, r, m->now, NULL,
			      err) < 0)
		return -1;
	if (pipeline_route_ack(p, m, res, &snd, err) < 0)
		return -1;
	return pipeline_route_workflow(p, m, res, &snd, err);
}

/* An auto-reply: on the case it names when it comes from a party of it,
   else kept globally with an event. */
static int
pipeline_route_auto_reply(struct pipeline *p, const struct pipeline_msg *m,
			  struct pipeline_result *res, struct err *err)
{
	const struct report *r = m->report;
	struct store *st = pipeline_settings(p)->store;
	int64_t case_id = 0;
	int rc;

	rc = r->case_ref ? store_case_find_ref(st, r->case_ref, &case_id, NULL,
					       err) : 0;
	if (rc == 1)
		rc = store_case_is_party(st, case_id, r->from_address, true,
					 err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		case_id = 0;
	else
		snprintf(res->ref, sizeof(res->ref), "%s", r->case_ref);
	if (pipeline_route_message(st, m, case_id, res, err) < 0)
		return -1;
	return pipeline_route_event(st, case_id, res->message_id, m,
				    case_id ? "auto_reply.recorded" :
				    "auto_reply.dropped", "ref", r->case_ref,
				    NULL, err);
}

/* Marks outbox mail out_id failed for the recipients the bounce names
   (all of them when it names none, or none of the mail's) and records
   "mail.bounced" on the case. A delay notice (status 4.x.x) changes
   nothing and is recorded as "mail.delayed". */
static int
pipeline_route_bounced(struct store *st, const struct pipeline_msg *m,
		       int64_t out_id, int64_t case_id, int64_t msg_id,
		       struct err *err)
{
	const struct report *r = m->report;
	const char *status = r->bounce_status;
	bool delayed = status != NULL && status[0] == '4';
	char *error = NULL;
	struct store_event_draft ev;
	int n, marked = 0, ret = -1;

	error = xasprintf("bounced%s%s", status ? ": " : "",
			  status ? status : "");
	for (size_t i = 0; !delayed && i < r->bounced_recipients.n; i++) {
		if (store_outbox_bounced(st, out_id, r->bounced_recipients.v[i],
					 error, m->now, &n, err) < 0)
			goto out;
		marked += n;
	}
	if (!delayed && marked == 0) {
		if (store_outbox_bounced(st, out_id, NULL, error, m->now, &n,
					 err) < 0)
			goto out;
		marked = n;
	}
	store_event_begin(&ev);
	json_kv_int(&ev.j, "outbox", out_id);
	json_kv_string(&ev.j, "message_id", r->bounced_message_id);
	json_kv_string(&ev.j, "status", status);
	json_key(&ev.j, "recipients");
	json_begin_array(&ev.j);
	for (size_t i = 0; i < r->bounced_recipients.n; i++)
		json_string(&ev.j, r->bounced_recipients.v[i]);
	json_end_array(&ev.j);
	json_kv_int(&ev.j, "marked_failed", marked);
	ret = store_event_end(st, &ev, case_id, msg_id, m->now, ROUTE_ACTOR,
			      delayed ? "mail.delayed" : "mail.bounced", err);
out:
	free(error);
	return ret;
}

/* A bounce: stored, and matched to the outbox mail it reports on, whose
   recipients it marks failed. */
static int
pipeline_route_bounce(struct pipeline *p, const struct pipeline_msg *m,
		      struct pipeline_result *res, struct err *err)
{
	const struct report *r = m->report;
	struct store *st = pipeline_settings(p)->store;
	int64_t out_id = 0, case_id = 0;
	int rc = 0;

	if (r->bounced_message_id != NULL)
		rc = store_outbox_find_message_id(st, r->bounced_message_id,
						  &out_id, &case_id, err);
	if (rc < 0)
		return -1;
	if (pipeline_route_message(st, m, case_id, res, err) < 0)
		return -1;
	if (pipeline_route_event(st, case_id, res->message_id, m,
				 rc == 1 ? "bounce.matched" :
				 "bounce.unmatched", NULL, NULL, NULL,
				 err) < 0)
		return -1;
	if (rc != 1)
		return 0;
	return pipeline_route_bounced(st, m, out_id, case_id,
				      res->message_id, err);
}

int
pipeline_route(struct pipeline *p, const struct pipeline_msg *m,
	       struct pipeline_result *res, struct err *err)
{
	const struct report *r = m->report;

	res->outcome = PIPELINE_FILED;
	switch (r->kind) {
	case KIND_IP_REPORT:
		return pipeline_route_new(p, m, STREAM_IP, "ip_report", 0, NULL,
					  NULL, res, err);
	case KIND_ABUSE_REPORT:
		return pipeline_route_new(p, m, STREAM_ABUSE, "abuse_report", 0,
					  NULL, NULL, res, err);
	case KIND_FOLLOW_UP:
	case KIND_COUNTER_NOTICE:
	case KIND_COUNTER_NOTICE_RESPONSE:
		return pipeline_route_named(p, m, res, err);
	case KIND_AUTO_REPLY:
		return pipeline_route_auto_reply(p, m, res, err);
	case KIND_BOUNCE:
		return pipeline_route_bounce(p, m, res, err);
	}
	err_set(err, ERR_MSG, "unknown message kind %d", (int)r->kind);
	return -1;
}
