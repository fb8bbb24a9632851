/* outbox/drain.c - the sender: due outbox mails -> smtp_send, one
   recipient at a time, claim / send / record (see outbox.h for the
   crash guarantee), retries with backoff, events on the case. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "common/backoff.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/secret.h"
#include "outbox/mailbuild.h"
#include "outbox/drain.h"
#include "outbox/smtp.h"

#define OUTBOX_ACTOR "outbox"
#define OUTBOX_LOCK_POLL_MS 50

struct outbox {
	struct store *store;		/* foreign */
	time_t (*clock)(void);
	struct smtp_settings smtp;	/* strings below */
	char *from_addr;		/* owned */
	char *password;			/* owned, wiped */
	const struct config *cfg;	/* foreign */
	int lock_fd;
	char *lock_path;		/* owned */
};

/* What one attempt came to, for the store and the event. */
struct outbox_try {
	const struct store_outbox_mail *mail;
	const char *to;
	int attempt;			/* 1 = first */
	enum store_delivery result;
	time_t next_attempt;		/* TEMP_FAIL only */
	int code;
	char error[320];
	const char *event;		/* mail.sent | mail.retry | mail.failed */
	const char *reason;		/* mail.failed: permanent | give_up */
	bool fatal;			/* our SMTP setup failed */
};

struct outbox *
outbox_new(const struct config *cfg, struct store *store,
	   time_t (*clock)(void), struct err *err)
{
	struct outbox *ob;
	char *name = NULL;

	if (cfg->smtp_url == NULL || cfg->smtp_url[0] == '\0') {
		err_set(err, ERR_FATAL, "smtp.url: empty: nothing can be sent");
		return NULL;
	}
	ob = xcalloc(1, sizeof(*ob));
	ob->store = store;
	ob->clock = clock;
	ob->cfg = cfg;
	ob->lock_fd = -1;
	if (cfg->smtp_from == NULL || cfg->smtp_from[0] == '\0') {
		err_set(err, ERR_FATAL, "smtp.from: empty: no envelope sender");
		goto fail;
	}
	if (mailbuild_split_mailbox(cfg->smtp_from, &name, &ob->from_addr,
				    err) < 0) {
		err_set(err, ERR_FATAL, "smtp.from: %s", err->msg);
		goto fail;
	}
	free(name);
	if (cfg->smtp_password_file != NULL &&
	    (ob->password = secret_read(cfg->smtp_password_file,
					       err)) == NULL) {
		err_set(err, ERR_FATAL, "smtp.password_file: %s", err->msg);
		goto fail;
	}
	ob->smtp.url = cfg->smtp_url;
	ob->smtp.ca_file = cfg->smtp_ca_file;
	ob->smtp.user = cfg->smtp_user;
	ob->smtp.password = ob->password;
	ob->smtp.mail_from = ob->from_addr;
	ob->smtp.allow_plaintext = cfg->smtp_allow_plaintext;
	ob->smtp.timeout_s = cfg->smtp_timeout;
	ob->lock_path = xasprintf("%s.send.lock", cfg->store_path);
	ob->lock_fd = open(ob->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (ob->lock_fd < 0) {
		err_set(err, ERR_FATAL, "cannot open the sender lock %s: %s",
			ob->lock_path, strerror(errno));
		goto fail;
	}
	return ob;
fail:
	outbox_free(&ob);
	return NULL;
}

void
outbox_free(struct outbox **obp)
{
	struct outbox *ob;

	if (obp == NULL || *obp == NULL)
		return;
	ob = *obp;
	if (ob->lock_fd >= 0)
		close(ob->lock_fd);
	secret_free(&ob->password);
	free(ob->from_addr);
	free(ob->lock_path);
	free(ob);
	*obp = NULL;
}

static time_t
outbox_now(const struct outbox *ob)
{
	return ob->clock ? ob->clock() : time(NULL);
}

static const char *
outbox_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at ? at + 1 : addr;
}

/* Takes the sender lock, waiting for another sender for a while. */
static int
outbox_lock(struct outbox *ob, bool (*stop)(void), struct err *err)
{
	struct timespec ts = { 0, OUTBOX_LOCK_POLL_MS * 1000000L };
	long waited = 0, max = (ob->cfg->smtp_timeout + 30L) * 1000;

	while (flock(ob->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err_set(err, ERR_FATAL, "cannot lock %s: %s",
				ob->lock_path, strerror(errno));
			return -1;
		}
		if ((stop != NULL && stop()) || waited >= max) {
			err_set(err, ERR_TEMP, "another sender is draining the "
				"outbox (%s is locked)", ob->lock_path);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += OUTBOX_LOCK_POLL_MS;
	}
	return 0;
}

static void
outbox_unlock(struct outbox *ob)
{
	flock(ob->lock_fd, LOCK_UN);
}

/* Records the claims a dead sender left, each with "mail.in_doubt". */
static int
outbox_recover(struct outbox *ob, struct outbox_stats *stats,
	       struct err *err)
{
	struct store_outbox_doubt *d = NULL;
	time_t now = outbox_now(ob);
	size_t n = 0, i;
	char dom[128];
	int ret = -1;

	if (store_begin(ob->store, err) < 0)
		return -1;
	if (store_outbox_recover(ob->store, &d, &n, err) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct store_event_draft ev;

		store_event_begin(&ev);
		json_kv_int(&ev.j, "outbox", d[i].outbox_id);
		json_kv_string(&ev.j, "message_id", d[i].message_id);
		json_kv_string(&ev.j, "to", d[i].address);
		json_kv_int(&ev.j, "claimed", (int64_t)d[i].claimed);
		json_kv_int(&ev.j, "in_doubt", d[i].in_doubt);
		json_kv_string(&ev.j, "note", "a sender stopped during this "
			       "delivery: it is sent again and may arrive "
			       "twice");
		if (store_event_end(ob->store, &ev, d[i].case_id, 0, now,
				    OUTBOX_ACTOR, "mail.in_doubt", err) < 0)
			goto out;
	}
	if (store_commit(ob->store, err) < 0)
		goto out;
	for (i = 0; i < n; i++)
		log_warn("outbox", "mail.in_doubt", "outbox=%lld msgid=%s "
			 "to_domain=%s claimed=%lld",
			 (long long)d[i].outbox_id, d[i].message_id,
			 log_q(dom, sizeof(dom), outbox_domain(d[i].address)),
			 (long long)d[i].claimed);
	stats->in_doubt += (unsigned)n;
	ret = 0;
out:
	if (ret < 0)
		store_rollback(ob->store);
	store_outbox_doubts_free(d, n);
	return ret;
}

/* Turns the SMTP result of one recipient into what the store records. */
static void
outbox_judge(struct outbox *ob, struct outbox_try *t,
	     const struct smtp_result *res, time_t now)
{
	const struct smtp_rcpt_result *rr = res->n_rcpts ? &res->rcpts[0] :
		NULL;
	time_t deadline = t->mail->created +
		(time_t)ob->cfg->smtp_give_up_after;
	const char *text = rr ? rr->text : res->err.msg;

	t->code = rr ? rr->code : 0;
	snprintf(t->error, sizeof(t->error), "%s", text);
	t->fatal = res->err.class == ERR_FATAL;
	if (rr != NULL && rr->status == SMTP_DELIVERED) {
		t->result = DELIVERY_SENT;
		t->event = "mail.sent";
		t->error[0] = '\0';
		return;
	}
	if (rr != NULL && rr->status == SMTP_PERMFAIL) {
		t->result = DELIVERY_PERM_FAIL;
		t->event = "mail.failed";
		t->reason = "permanent";
		return;
	}
	if (now >= deadline) {
		t->result = DELIVERY_PERM_FAIL;
		t->event = "mail.failed";
		t->reason = "give_up";
		snprintf(t->error, sizeof(t->error), "gave up after %u s: %s",
			 ob->cfg->smtp_give_up_after, text);
		return;
	}
	if (t->code / 100 == 2)
		t->code = 0;	/* a session failure after a 2xx (EHLO) */
	t->result = DELIVERY_TEMP_FAIL;
	t->event = "mail.retry";
	t->next_attempt = now + (time_t)backoff_delay((unsigned)t->attempt,
						      ob->cfg->smtp_retry_base,
						      OUTBOX_BACKOFF_MAX);
	if (t->next_attempt > deadline)
		t->next_attempt = deadline;	/* one last try at the limit */
}

/* Records one attempt and its event in one transaction. */
static int
outbox_record(struct outbox *ob, const struct outbox_try *t, time_t now,
	      struct err *err)
{
	const struct store_outbox_mail *m = t->mail;
	struct store_event_draft ev;

	if (store_begin(ob->store, err) < 0)
		return -1;
	if (store_outbox_result(ob->store, m->id, t->to, t->result, now,
				t->next_attempt,
				t->error[0] ? t->error : NULL, err) < 0)
		goto fail;
	store_event_begin(&ev);
	json_kv_int(&ev.j, "outbox", m->id);
	json_kv_string(&ev.j, "message_id", m->message_id);
	json_kv_string(&ev.j, "to", t->to);
	json_kv_int(&ev.j, "attempt", t->attempt);
	json_kv_int(&ev.j, "code", t->code);
	if (t->error[0] != '\0')
		json_kv_string(&ev.j, "error", t->error);
	if (t->result == DELIVERY_TEMP_FAIL)
		json_kv_int(&ev.j, "next_attempt", (int64_t)t->next_attempt);
	if (t->reason != NULL)
		json_kv_string(&ev.j, "reason", t->reason);
	if (t->fatal)
		json_kv_bool(&ev.j, "setup_error", true);
	if (store_event_end(ob->store, &ev, m->case_id, 0, now, OUTBOX_ACTOR,
			    t->event, err) < 0 ||
	    store_commit(ob->store, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(ob->store);
	return -1;
}

static void
outbox_log(const struct outbox_try *t)
{
	char dom[128], why[240];

	log_q(dom, sizeof(dom), outbox_domain(t->to));
	log_q(why, sizeof(why), t->error[0] ? t->error : NULL);
	if (t->result == DELIVERY_SENT)
		log_info("outbox", t->event, "outbox=%lld msgid=%s "
			 "to_domain=%s attempt=%d code=%d",
			 (long long)t->mail->id, t->mail->message_id, dom,
			 t->attempt, t->code);
	else if (t->result == DELIVERY_TEMP_FAIL)
		log_warn("outbox", t->event, "outbox=%lld msgid=%s "
			 "to_domain=%s attempt=%d code=%d next_attempt=%lld "
			 "error=%s", (long long)t->mail->id,
			 t->mail->message_id, dom, t->attempt, t->code,
			 (long long)t->next_attempt, why);
	else
		log_warn("outbox", t->event, "outbox=%lld msgid=%s "
			 "to_domain=%s attempt=%d code=%d reason=%s error=%s",
			 (long long)t->mail->id, t->mail->message_id, dom,
			 t->attempt, t->code, t->reason, why);
}

/* One recipient of one mail: claim, send, record. Returns 0 (whatever
   the outcome), 1 when the recipient was no longer pending, or -1 with
   err set (store trouble, or ERR_FATAL from SMTP after recording). */
static int
outbox_one(struct outbox *ob, const struct store_outbox_mail *m,
	   const char *to, struct outbox_stats *stats, struct err *err)
{
	struct outbox_try t = { 0 };
	struct smtp_result res = { 0 };
	const char *rcpts[1] = { to };
	time_t now = outbox_now(ob);
	int rc, ret = -1;

	if (store_begin(ob->store, err) < 0)
		return -1;
	rc = store_outbox_claim(ob->store, m->id, to, now, err);
	if (rc < 0 || store_commit(ob->store, err) < 0) {
		store_rollback(ob->store);
		return -1;
	}
	if (rc == 0)
		return 1;
	smtp_send(&ob->smtp, rcpts, 1, (const char *)m->raw, m->raw_len,
		  &res);
	now = outbox_now(ob);
	t.mail = m;
	t.to = to;
	t.attempt = m->attempts + 1;
	outbox_judge(ob, &t, &res, now);
	if (outbox_record(ob, &t, now, err) < 0)
		goto out;	/* the claim stays: in doubt next time */
	outbox_log(&t);
	if (t.result == DELIVERY_SENT)
		stats->sent++;
	else if (t.result == DELIVERY_TEMP_FAIL)
		stats->retried++;
	else
		stats->failed++;
	if (t.fatal) {
		*err = res.err;
		log_error("outbox", "smtp.setup", "error=\"%s\" action=\"mails "
			  "stay queued; fix the [smtp] settings\"",
			  res.err.msg);
		goto out;
	}
	ret = 0;
out:
	smtp_result_free(&res);
	return ret;
}

static bool
outbox_seen(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int
outbox_drain(struct outbox *ob, bool (*stop)(void),
	     struct outbox_stats *stats, struct err *err)
{
	struct store_outbox_mail *mails = NULL;
	int64_t *seen = NULL;
	size_t n = 0, n_seen = 0, cap_seen = 0, i, k;
	bool progress = true;
	int ret = -1;

	if (outbox_lock(ob, stop, err) < 0)
		return -1;
	if (outbox_recover(ob, stats, err) < 0)
		goto out;
	while (progress && !(stop != NULL && stop())) {
		progress = false;
		if (store_outbox_due(ob->store, outbox_now(ob), OUTBOX_BATCH,
				     &mails, &n, err) < 0)
			goto out;
		for (i = 0; i < n && !(stop != NULL && stop()); i++) {
			if (outbox_seen(seen, n_seen, mails[i].id))
				continue;	/* at most once per drain */
			seen = xgrow(seen, n_seen, &cap_seen, sizeof(*seen));
			seen[n_seen++] = mails[i].id;
			progress = true;
			for (k = 0; k < mails[i].recipients.n; k++) {
				if (stop != NULL && stop())
					break;
				if (outbox_one(ob, &mails[i],
					       mails[i].recipients.v[k], stats,
					       err) < 0)
					goto out;
			}
		}
		store_outbox_free(mails, n);
		mails = NULL;
		n = 0;
	}
	ret = 0;
out:
	store_outbox_free(mails, n);
	free(seen);
	outbox_unlock(ob);
	return ret;
}
