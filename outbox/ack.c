/* outbox/ack.c - the answer to a report or follow-up, decided and queued
   inside the filing transaction: may we answer (ackpolicy), to whom, in
   which language, with which template and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/casestate.h"
#include "common/deadline.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/ack.h"
#include "outbox/caselink.h"
#include "outbox/ackpolicy.h"
#include "outbox/mailq.h"
#include "parsers/setup.h"
#include "common/wallclock.h"
#include "templates/template.h"

#define ACK_ACTOR "intake"

struct ack_ctx {
	const struct config *cfg;	/* foreign */
	struct template_set *set;	/* owned */
	struct mailq *mailq;		/* owned */
	struct strv gateway;		/* our addresses, never answered */
	unsigned char *link_key;	/* owned: key of the case links, or
					   NULL (no [portal] secret_file) */
	size_t link_key_len;
};

int
ack_setup(const struct config *cfg, struct ack_ctx **ctx_r, struct err *err)
{
	struct ack_ctx *c;

	*ctx_r = NULL;
	if (cfg->smtp_from == NULL || cfg->smtp_from[0] == '\0') {
		log_info("intake", "ack.off", "reason=\"smtp.from is empty: "
			 "no acknowledgements are queued\"");
		return 0;
	}
	c = xcalloc(1, sizeof(*c));
	c->cfg = cfg;
	c->set = template_set_load(template_builtin_dir(), cfg->templates_dir,
				   err);
	if (c->set == NULL)
		goto fail;
	c->mailq = mailq_new(cfg, c->set, wallclock_now, err);
	if (c->mailq == NULL)
		goto fail;
	setup_split_list(cfg->gateway_addresses, &c->gateway);
	strv_push_unique(&c->gateway, mailq_from_addr(c->mailq));
	if (caselink_key(cfg, &c->link_key, &c->link_key_len, err) < 0)
		goto fail;
	*ctx_r = c;
	return 0;
fail:
	ack_free(&c);
	return -1;
}

void
ack_free(struct ack_ctx **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	mailq_free(&(*cp)->mailq);
	template_set_free(&(*cp)->set);
	strv_free(&(*cp)->gateway);
	if ((*cp)->link_key != NULL) {
		explicit_bzero((*cp)->link_key, (*cp)->link_key_len);
		free((*cp)->link_key);
	}
	free(*cp);
	*cp = NULL;
}

/* The language of the answer: the report's when we have templates in it,
   else the configured default. */
static const char *
ack_lang(const struct ack_ctx *c, const struct report *r)
{
	if (r->lang != NULL && (strcmp(r->lang, "en") == 0 ||
				strcmp(r->lang, "zh") == 0))
		return r->lang;
	return c->cfg->language && *c->cfg->language ? c->cfg->language : "en";
}

/* The case's missing list (SPEC §4.2 names) as REQ_* bits. */
static unsigned
ack_missing_bits(const struct strv *names)
{
	unsigned bits = 0;

	for (unsigned b = REQ_IDENTITY_PROOF; b <= REQ_DESCRIPTION; b <<= 1)
		if (strv_contains(names,
				  report_requirement_name((enum requirement)b)))
			bits |= b;
	return bits;
}

/* Records why the sender gets no answer. */
static int
ack_suppressed(struct store *st, int64_t case_id, int64_t msg_id,
	       const struct report *r, const char *to, const char *why,
	       time_t now, struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_string(&ev.j, "reason", why);
	json_kv_string(&ev.j, "kind", report_kind_name(r->kind));
	json_kv_string(&ev.j, "to", to);
	if (r->dmarc != NULL)
		json_kv_string(&ev.j, "dmarc", r->dmarc);
	return store_event_end(st, &ev, case_id, msg_id, now, ACK_ACTOR,
			       "ack.suppressed", err);
}

/* In-Reply-To and References for an answer to r: the sender's References
   in their order (the parser lists In-Reply-To first), then its own id. */
static void
ack_references(const struct report *r, struct strv *refs)
{
	size_t i, first = 0;

	if (r->in_reply_to != NULL && r->references.n > 1 &&
	    strcmp(r->references.v[0], r->in_reply_to) == 0)
		first = 1;	/* the parent goes last, where it was */
	for (i = first; i < r->references.n; i++)
		strv_push_unique(refs, r->references.v[i]);
	if (first)
		strv_push_unique(refs, r->references.v[0]);
	if (r->message_id != NULL && r->message_id[0] != '\0')
		strv_push_unique(refs, r->message_id);
}

/* Keeps in list listings only the case's listings first seen in msg_id. */
static int
ack_new_listings(struct store *st, int64_t case_id, int64_t msg_id,
		 struct tvars *v, struct err *err)
{
	struct store_listing *l = NULL;
	size_t n = 0;

	if (store_case_listings(st, case_id, &l, &n, err) < 0)
		return -1;
	tvars_set_list(v, "listings");
	for (size_t i = 0; i < n; i++) {
		struct report_listing rl = { .url = l[i].url,
			.listing_id = l[i].listing_id };

		if (l[i].message_id == msg_id)
			ackvars_add_listing(v, &rl);
	}
	store_listings_free(l, n);
	return 0;
}

/* A held case (its reporter is suspended for manifestly unfounded
   notices, docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"): held_until says until when. */
static int
ack_held(struct store *st, const struct store_case *cs, struct tvars *v,
	 struct err *err)
{
	struct store_reporter_standing rs;
	char until[64];

	if (store_reporter_standing(st, cs->reporter, &rs, err) < 0)
		return -1;
	wallclock_utc(rs.suspended_until, WALLCLOCK_MAIL, until,
		      sizeof(until));
	tvars_set(v, "held_until", until);
	return 0;
}

/* The short acknowledgement of an unauthenticated sender: the same
   template without any text the sender chose (display name, subject,
   listing URLs, attachment names), so that a forged From cannot make
   the gateway carry a stranger's words to someone else. */
static void
ack_short(struct tvars *v)
{
	tvars_set(v, "recipient.name", NULL);
	tvars_set(v, "sender.name", NULL);
	tvars_set(v, "report.subject", NULL);
	tvars_set(v, "submitter.name", NULL);
	tvars_set(v, "submitter.organization", NULL);
	tvars_set(v, "rights_holder", NULL);
	tvars_set_list(v, "listings");
	tvars_set_list(v, "attachments");
	tvars_set_list(v, "rights");
}

int
ack_hook(void *ctx, struct store *st, int64_t case_id, int64_t msg_id,
	 const char *ref, const struct report *r, const struct sender *snd,
	 struct err *err)
{
	struct ack_ctx *c = ctx;
	struct store_case *cs = NULL;
	struct store_message *msgs = NULL;
	struct tvars *v = NULL;
	struct strv refs = { 0 };
	const char *to, *why, *lang, *tmpl;
	char *url = NULL;
	time_t now = wallclock_now();
	size_t n_msgs = 0;
	char now_text[64];
	bool first, to_reporter;
	int queued, rc, ret = -1;

	if (r->kind == KIND_COUNTER_NOTICE ||
	    r->kind == KIND_COUNTER_NOTICE_RESPONSE)
		return 0;	/* the staff workflow answers these */
	/* A party's reply to a decision mail within six months is a
	   complaint: the workflow acknowledges it (complaint_received). */
	if (r->kind == KIND_FOLLOW_UP && snd != NULL && snd->authenticated &&
	    snd->role != SENDER_STRANGER) {
		struct store_decision_mail d;

		if ((rc = store_complaint_mail(st, case_id, &r->references,
					       r->from_address, &d, err)) < 0)
			return -1;
		if (rc == 1 && (int64_t)now <= deadline_add_months(
			    d.created, WORKFLOW_COMPLAINT_MONTHS))
			return 0;
	}
	to = ackpolicy_address(r);
	if (!ackpolicy_may_answer(r, to ? to : "", &c->gateway, &why))
		return ack_suppressed(st, case_id, msg_id, r, to, why, now,
				      err);
	rc = store_case_get(st, ref, &cs, err);
	if (rc <= 0) {
		if (rc == 0)
			err_set(err, ERR_FATAL, "case %s vanished", ref);
		goto out;
	}
	if (store_case_messages(st, case_id, &msgs, &n_msgs, err) < 0)
		goto out;
	first = n_msgs <= 1;
	lang = ack_lang(c, r);
	wallclock_utc(now, WALLCLOCK_MAIL, now_text, sizeof(now_text));
	v = tvars_new();
	ackvars_fill(v, r, ref, lang, now_text);
	ackvars_set_missing(v, ack_missing_bits(&cs->missing), lang);
	to_reporter = to != NULL &&
		((cs->reporter && strcasecmp(to, cs->reporter) == 0) ||
		 (cs->submitter_email &&
		  strcasecmp(to, cs->submitter_email) == 0));
	/* the reporter's page on the portal, when links are configured: to
	   the reporter only (its link opens the page and its upload form,
	   which files as the reporter; a vendor's answer never carries it) */
	if (to_reporter)
		url = caselink_status_url(c->cfg->portal_base_url, c->link_key,
					  c->link_key_len, ref);
	tvars_set(v, "status_url", url);
	if (cs->held && ack_held(st, cs, v, err) < 0)
		goto out;
	if (first && (strcmp(cs->kind, "ip_report") == 0 ||
		      strcmp(cs->kind, "abuse_report") == 0)) {
		tmpl = cs->missing.n == 0 ? "ack_complete" : "ack_incomplete";
	} else {
		tmpl = "followup_received";
		/* Only the reporter is told what the case still lacks. */
		tvars_set_bool(v, "from_reporter", to_reporter);
		/* A party's mail we could not authenticate was recorded for
		   staff and changed nothing (docs/SPEC.md §12): say so. */
		tvars_set_bool(v, "recorded_only", snd == NULL ||
			       !snd->authenticated);
		if (ack_new_listings(st, case_id, msg_id, v, err) < 0)
			goto out;
	}
	if (snd == NULL || !snd->authenticated)
		ack_short(v);
	ack_references(r, &refs);
	{
		struct mailq_mail m = { 0 };

		m.case_id = case_id;
		m.ref = ref;
		m.kind = "ack";
		m.template_name = tmpl;
		m.lang = lang;
		m.vars = v;
		m.to_name = NULL;	/* the sender chose it: never in To: */
		m.to_addr = to;
		m.in_reply_to = r->message_id;
		m.references = &refs;
		m.rate_limited = true;
		m.stream = cs->stream;
		if (mailq_queue(c->mailq, st, &m, &queued, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(url);
	strv_free(&refs);
	tvars_free(&v);
	store_messages_free(msgs, n_msgs);
	if (cs != NULL)
		store_cases_free(cs, 1);
	return ret;
}
