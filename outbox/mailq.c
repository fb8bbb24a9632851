/* outbox/mailq.c - template + values -> one queued outbox mail, inside the
   caller's transaction (rate limit, render, Message-ID, MIME, outbox row,
   event). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/mailbuild.h"
#include "outbox/mailq.h"
#include "outbox/smtp.h"

#define MAILQ_ACTOR "intake"
#define MAILQ_HOUR 3600
#define MAILQ_DAY 86400

struct mailq {
	const struct template_set *set;	/* foreign */
	time_t (*clock)(void);
	char *from_name;		/* owned, may be NULL */
	char *from_addr;		/* owned */
	/* Per stream (index enum report_stream): the first [mailbox] of
	   that stream with a from, else the two above. Owned. */
	char *stream_name[2], *stream_addr[2];
	char *host;			/* owned: Message-ID host */
	unsigned limit_hour, limit_day;
	unsigned limit_domain_hour, limit_global_hour;
};

struct mailq *
mailq_new(const struct config *cfg, const struct template_set *set,
	  time_t (*clock)(void), struct err *err)
{
	struct mailq *q;
	const char *host;
	char *probe;

	if (cfg->smtp_from == NULL || cfg->smtp_from[0] == '\0') {
		err_set(err, ERR_FATAL, "smtp.from: empty: no mail can be "
			"written without a sender");
		return NULL;
	}
	q = xcalloc(1, sizeof(*q));
	q->set = set;
	q->clock = clock;
	q->limit_hour = cfg->ack_limit_hour;
	q->limit_day = cfg->ack_limit_day;
	q->limit_domain_hour = cfg->ack_limit_domain_hour ?
		cfg->ack_limit_domain_hour : 20;
	q->limit_global_hour = cfg->ack_limit_global_hour ?
		cfg->ack_limit_global_hour : 200;
	if (mailbuild_split_mailbox(cfg->smtp_from, &q->from_name,
				    &q->from_addr, err) < 0) {
		err_set(err, ERR_FATAL, "smtp.from: %s", err->msg);
		goto fail;
	}
	for (size_t i = 0; i < cfg->n_mailboxes; i++) {
		const struct config_mailbox *mb = &cfg->mailboxes[i];
		unsigned k = mb->stream == STREAM_ABUSE ? 1 : 0;

		if (mb->from == NULL || mb->from[0] == '\0' ||
		    q->stream_addr[k] != NULL)
			continue;
		if (mailbuild_split_mailbox(mb->from, &q->stream_name[k],
					    &q->stream_addr[k], err) < 0) {
			err_set(err, ERR_FATAL, "mailbox %s: from: %s",
				mb->name, err->msg);
			goto fail;
		}
	}
	host = cfg->message_id_host;
	if (host == NULL || host[0] == '\0')
		host = strrchr(q->from_addr, '@') + 1;	/* address is valid */
	q->host = xstrdup(host);
	probe = mailbuild_message_id("X", 1, q->host);
	if (probe == NULL) {
		err_set(err, ERR_FATAL, "intake.message_id_host: '%s' is not "
			"a host name", q->host);
		goto fail;
	}
	free(probe);
	return q;
fail:
	mailq_free(&q);
	return NULL;
}

void
mailq_free(struct mailq **qp)
{
	if (qp == NULL || *qp == NULL)
		return;
	free((*qp)->from_name);
	free((*qp)->from_addr);
	for (unsigned k = 0; k < 2; k++) {
		free((*qp)->stream_name[k]);
		free((*qp)->stream_addr[k]);
	}
	free((*qp)->host);
	free(*qp);
	*qp = NULL;
}

const char *
mailq_from_addr(const struct mailq *q)
{
	return q->from_addr;
}

static const char *
mailq_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at ? at + 1 : addr;
}

/* Adds the event "<kind>.suppressed" {reason, to, template, detail?} and
   logs it. */
static int
mailq_suppress(const struct mailq_mail *m, struct store *store, time_t now,
	       const char *reason, const char *detail, struct err *err)
{
	char type[64], dom[128], why[200];
	struct store_event_draft ev;
	int ret;

	snprintf(type, sizeof(type), "%s.suppressed", m->kind);
	store_event_begin(&ev);
	json_kv_string(&ev.j, "reason", reason);
	json_kv_string(&ev.j, "kind", m->kind);
	json_kv_string(&ev.j, "template", m->template_name);
	json_kv_string(&ev.j, "to", m->to_addr);
	if (detail != NULL)
		json_kv_string(&ev.j, "detail", detail);
	ret = store_event_end(store, &ev, m->case_id, 0, now, MAILQ_ACTOR,
			      type, err);
	log_info("intake", "mail.suppressed", "case=%s kind=%s reason=%s "
		 "to_domain=%s detail=%s", m->ref, m->kind, reason,
		 log_q(dom, sizeof(dom), mailq_domain(m->to_addr)),
		 log_q(why, sizeof(why), detail));
	return ret;
}

/* Sets *reason_r to the limit m has reached, or NULL: per recipient
   ("+detail" ignored) per hour and day, per recipient domain per hour,
   all mails of m->kind per hour. */
static int
mailq_rate(struct mailq *q, struct store *store, const struct mailq_mail *m,
	   time_t now, const char **reason_r, struct err *err)
{
	static const struct {
		enum store_count_scope scope;
		time_t span;
		const char *reason;
	} limits[] = {
		{ STORE_COUNT_ADDRESS, MAILQ_HOUR, "rate_limit_hour" },
		{ STORE_COUNT_ADDRESS, MAILQ_DAY, "rate_limit_day" },
		{ STORE_COUNT_DOMAIN, MAILQ_HOUR, "rate_limit_domain_hour" },
		{ STORE_COUNT_ALL, MAILQ_HOUR, "rate_limit_global_hour" },
	};
	const unsigned max[] = { q->limit_hour, q->limit_day,
		q->limit_domain_hour, q->limit_global_hour };
	const char *key;
	int64_t n;

	*reason_r = NULL;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		key = limits[i].scope == STORE_COUNT_DOMAIN ?
			mailq_domain(m->to_addr) : m->to_addr;
		if (store_outbox_count_scope(store, limits[i].scope, key,
					     m->kind, now - limits[i].span, &n,
					     err) < 0)
			return -1;
		if (n >= (int64_t)max[i]) {
			*reason_r = limits[i].reason;
			return 0;
		}
	}
	return 0;
}

static int
mailq_queued_event(const struct mailq_mail *m, struct store *store,
		   time_t now, int64_t outbox_id, const char *msgid,
		   struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_int(&ev.j, "outbox", outbox_id);
	json_kv_string(&ev.j, "kind", m->kind);
	json_kv_string(&ev.j, "template", m->template_name);
	json_kv_string(&ev.j, "lang", m->lang);
	json_kv_string(&ev.j, "message_id", msgid);
	json_kv_string(&ev.j, "to", m->to_addr);
	return store_event_end(store, &ev, m->case_id, 0, now, MAILQ_ACTOR,
			       "mail.queued", err);
}

int
mailq_queue(struct mailq *q, struct store *store, const struct mailq_mail *m,
	    int *queued_r, struct err *err)
{
	time_t now = q->clock ? q->clock() : time(NULL);
	char *subject = NULL, *body = NULL, *msgid = NULL, *raw = NULL;
	const char *reason = NULL;
	struct strv rcpt = { 0 };
	struct mail_out mo = { 0 };
	struct err lerr;
	size_t raw_len = 0;
	unsigned seq, k;
	int64_t outbox_id = 0;
	char dom[128];
	int ret = -1;

	*queued_r = 0;
	if (m->outbox_id_r != NULL)
		*m->outbox_id_r = 0;
	err_clear(&lerr);
	if (m->to_addr == NULL || !smtp_address_ok(m->to_addr)) {
		ret = mailq_suppress(m, store, now, "bad_address", NULL, err);
		goto out;
	}
	if (m->rate_limited && mailq_rate(q, store, m, now, &reason, err) < 0)
		goto out;
	if (reason != NULL) {
		ret = mailq_suppress(m, store, now, reason, NULL, err);
		goto out;
	}
	if (template_render(q->set, m->template_name, m->lang, m->vars,
			    &subject, &body, &lerr) < 0) {
		if (lerr.class != ERR_MSG) {
			*err = lerr;
			goto out;
		}
		ret = mailq_suppress(m, store, now, "render", lerr.msg, err);
		goto out;
	}
	if (store_outbox_next_seq(store, m->case_id, &seq, err) < 0)
		goto out;
	if ((msgid = mailbuild_message_id(m->ref, seq, q->host)) == NULL) {
		err_set(err, ERR_FATAL, "cannot make a Message-ID for case %s",
			m->ref);
		goto out;
	}
	k = m->stream != NULL && strcmp(m->stream, "abuse") == 0 ? 1 : 0;
	if (m->stream != NULL && q->stream_addr[k] != NULL) {
		mo.from_name = q->stream_name[k];
		mo.from_addr = q->stream_addr[k];
	} else {
		mo.from_name = q->from_name;
		mo.from_addr = q->from_addr;
	}
	mo.to_name = m->to_name;
	mo.to_addr = m->to_addr;
	mo.subject = subject;
	mo.body = body;
	mo.message_id = msgid;
	mo.in_reply_to = m->in_reply_to;
	mo.references = m->references;
	mo.date = (int64_t)now;
	mo.auto_submitted = m->auto_submitted ? m->auto_submitted :
		strcmp(m->kind, "ack") == 0 ? "auto-replied" : "auto-generated";
	mo.lang = m->lang;
	mo.attachments = m->attachments;
	mo.n_attachments = m->n_attachments;
	if (mailbuild_render(&mo, &raw, &raw_len, &lerr) < 0) {
		if (lerr.class != ERR_MSG) {
			*err = lerr;
			goto out;
		}
		ret = mailq_suppress(m, store, now, "build", lerr.msg, err);
		goto out;
	}
	strv_push(&rcpt, m->to_addr);
	{
		struct store_outbox_new o = { m->case_id, m->kind, &rcpt,
			msgid, subject, raw, raw_len, now, now };

		if (store_outbox_add(store, &o, &outbox_id, err) < 0)
			goto out;
	}
	if (mailq_queued_event(m, store, now, outbox_id, msgid, err) < 0)
		goto out;
	log_info("intake", "mail.queued", "case=%s kind=%s template=%s "
		 "lang=%s outbox=%lld to_domain=%s", m->ref, m->kind,
		 m->template_name, m->lang, (long long)outbox_id,
		 log_q(dom, sizeof(dom), mailq_domain(m->to_addr)));
	*queued_r = 1;
	if (m->outbox_id_r != NULL)
		*m->outbox_id_r = outbox_id;
	ret = 0;
out:
	strv_free(&rcpt);
	free(raw);
	free(msgid);
	free(subject);
	free(body);
	return ret;
}
