/* portal/portal_hold.c - a complete form waits for its sender: its files
   are stored under their SHA-256 and a pending row names them; a mail
   with a single-use link (valid 48 hours) goes to the address the form
   gives. Opening the link rebuilds the same message and files it through
   the pipeline, exactly as a mail; expired forms are deleted. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "common/buf.h"
#include "common/hex.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/mailbuild.h"
#include "portal/portal-int.h"

/* The hex SHA-256 of the token: only it is stored, so a copy of the
   database opens no link. */
static int
hold_token_hash(const char *token, char out[65])
{
	unsigned char d[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), d) < 0)
		return -1;
	hex_encode(d, sizeof(d), out);
	return 0;
}

/* The confirmation mail's text. */
static char *
hold_mail_text(const struct portal *p, const struct portal_msg *m,
	       int64_t id, const char *token, bool zh)
{
	const char *base = p->cfg->portal_base_url;
	bool ip = m->stream == STREAM_IP;

	if (zh)
		return xasprintf(
			"%s，您好：\n\n有人（我们希望是您本人）使用此邮箱地址填写了"
			"我们的在线%s表单。请在 48 小时内打开以下链接提交该报告：\n\n"
			"  %s/confirm/%lld?t=%s\n\n"
			"该链接只能使用一次。如果您没有填写该表单，请忽略本邮件：该报告将在 "
			"48 小时后删除。\n",
			m->from_name, ip ? "知识产权侵权投诉" : "滥用举报", base,
			(long long)id, token);
	return xasprintf(
		"Hello %s,\n\nSomeone - we hope it was you - filled in our online "
		"%s form with this address. To file the report, open this link "
		"within 48 hours:\n\n  %s/confirm/%lld?t=%s\n\nThe link works "
		"once. If you did not fill in the form, ignore this mail: the "
		"report is deleted after 48 hours.\n",
		m->from_name, ip ? "IP infringement report" : "abuse report",
		base, (long long)id, token);
}

/* Queues the confirmation mail of form id (no case yet: case_id 0). */
static int
hold_mail(struct portal *p, const struct portal_msg *m, int64_t id,
	  const char *token, bool zh, time_t now, struct err *err)
{
	struct strv to = { NULL, 0, 0 };
	struct store_outbox_new o = { 0 };
	struct mail_out mo = { 0 };
	char *text = hold_mail_text(p, m, id, token, zh), *raw = NULL;
	char *from_name = NULL, *from_addr = NULL, *mid = NULL;
	size_t raw_len;
	int ret = -1;

	if (mailbuild_split_mailbox(p->cfg->smtp_from, &from_name, &from_addr,
				    err) < 0)
		goto out;
	if ((mid = mailbuild_message_id("PORTAL", (unsigned)id,
					p->mid_host)) == NULL) {
		err_set(err, ERR_FATAL, "portal: no Message-ID for host %s",
			p->mid_host);
		goto out;
	}
	mo.from_name = from_name;
	mo.from_addr = from_addr;
	mo.to_name = m->from_name;
	mo.to_addr = m->email;
	mo.subject = zh ? "请确认您的报告" : "Please confirm your report";
	mo.body = text;
	mo.message_id = mid;
	mo.date = now;
	mo.auto_submitted = "auto-generated";
	mo.lang = zh ? "zh" : "en";
	if (mailbuild_render(&mo, &raw, &raw_len, err) < 0)
		goto out;
	strv_push(&to, m->email);
	o.kind = "portal_confirm";
	o.recipients = &to;
	o.message_id = mid;
	o.subject = mo.subject;
	o.raw = raw;
	o.raw_len = raw_len;
	o.now = now;
	o.next_attempt = now;
	ret = store_outbox_add(p->set.store, &o, NULL, err);
out:
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	free(text);
	if (raw != NULL)
		explicit_bzero(raw, raw_len);
	free(raw);
	free(from_name);
	free(from_addr);
	free(mid);
	strv_free(&to);
	return ret;
}

int
portal_hold(struct portal *p, const struct portal_msg *m,
	    const struct portal_upload_result *in, const char *message_id,
	    const char *headers, bool zh, time_t now, struct err *err)
{
	struct store_portal_file *files = xcalloc(in->n_files + 1,
						  sizeof(*files));
	struct store_portal_new n = { 0 };
	unsigned char raw[WEB_GUARD_TOKEN_BYTES];
	char token[WEB_GUARD_TOKEN_HEX + 1], hash[65];
	int64_t id;
	int ret = -1;

	if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof(raw)) < 0) {
		err_set(err, ERR_TEMP, "portal: no random bytes");
		goto out;
	}
	web_guard_token_hex(raw, token);
	explicit_bzero(raw, sizeof(raw));
	if (hold_token_hash(token, hash) < 0) {
		err_set(err, ERR_TEMP, "portal: cannot hash the token");
		goto out;
	}
	/* the files first: a row never names a file that is not there */
	for (size_t i = 0; i < in->n_files; i++) {
		const struct portal_upload_file *f = &in->files[i];

		if (store_raw_put(p->set.store, f->fd, f->sha256, f->size,
				  err) < 0)
			goto out;
		files[i].field = portal_upload_file_field_name(f->field);
		files[i].name = m->names[i];
		files[i].content_type = f->content_type;
		files[i].sha256 = f->sha256;
		files[i].size = f->size;
	}
	n.token_sha256 = hash;
	n.stream = m->stream;
	n.email = m->email;
	n.from_name = m->from_name;
	n.subject = m->subject;
	n.body = m->body;
	n.message_id = message_id;
	n.headers = headers;
	n.lang = zh ? "zh" : "en";
	n.created = now;
	n.expires = now + PORTAL_HOLD_SECONDS;
	n.files = files;
	n.n_files = in->n_files;
	if (store_begin(p->set.store, err) < 0)
		goto out;
	if (store_portal_hold(p->set.store, &n, &id, err) < 0 ||
	    hold_mail(p, m, id, token, zh, now, err) < 0 ||
	    store_commit(p->set.store, err) < 0) {
		store_rollback(p->set.store);
		goto out;
	}
	if (store_flush(p->set.store, err) < 0)
		goto out;
	log_info("portal", "portal.held", "form=%lld stream=%s files=%zu",
		 (long long)id, report_stream_name(m->stream), in->n_files);
	ret = 0;
out:
	explicit_bzero(token, sizeof(token));
	free(files);
	return ret;
}

int
portal_hold_find(struct portal *p, int64_t id, const char *token,
		 struct store_portal_held *h, struct err *err)
{
	char hash[65];
	int rc;

	if (token == NULL || strlen(token) != WEB_GUARD_TOKEN_HEX)
		return 0;
	if ((rc = store_portal_get(p->set.store, id, h, err)) != 1)
		return rc;
	if (hold_token_hash(token, hash) < 0 ||
	    !web_guard_token_equal(h->token_sha256, hash)) {
		store_portal_held_clear(h);
		return 0;
	}
	return 1;
}

int
portal_hold_file(struct portal *p, const struct store_portal_held *h,
		 char *ref_r, size_t ref_size, struct err *err)
{
	struct portal_mime_file *files = xcalloc(h->n_files + 1,
						 sizeof(*files));
	struct portal_mime mm = { 0 };
	struct pipeline_result res;
	struct msg_key key = { "portal", 0, (uint32_t)h->id };
	char q[300];
	int fd = -1, ret = -1;
	size_t i;

	ref_r[0] = '\0';
	for (i = 0; i < h->n_files; i++)
		files[i].fd = -1;
	for (i = 0; i < h->n_files; i++) {
		char *path = store_att_path(p->set.store, h->files[i].sha256);

		files[i].fd = path != NULL ? open(path, O_RDONLY | O_CLOEXEC)
					   : -1;
		free(path);
		if (files[i].fd < 0) {
			err_set(err, ERR_FATAL, "portal: a held file is gone");
			goto out;
		}
		files[i].name = h->files[i].name;
		files[i].content_type = h->files[i].content_type;
		files[i].size = h->files[i].size;
	}
	mm.from_name = h->from_name;
	mm.from_addr = h->email;
	mm.to_addr = p->to_addr;
	mm.subject = h->subject;
	mm.message_id = h->message_id;
	mm.date = h->created;
	mm.headers = h->headers;
	mm.body = h->body;
	mm.files = files;
	mm.n_files = h->n_files;
	if ((fd = store_att_anon(p->set.store)) < 0) {
		err_set(err, ERR_TEMP, "portal: no temporary file");
		goto out;
	}
	if (portal_mime_write(&mm, fd, err) < 0)
		goto out;
	/* The same bytes as when it was checked: a second attempt after a
	   crash is a duplicate, not a second case. */
	if (pipeline_process(p->set.pipeline, fd, &key, h->stream, &res,
			     err) < 0)
		goto out;
	if (res.outcome != PIPELINE_QUARANTINED)
		snprintf(ref_r, ref_size, "%s", res.ref);
	if (store_portal_confirmed(p->set.store, h->id, res.message_id,
				   ref_r[0] != '\0' ? ref_r : NULL,
				   p->set.clock(), err) < 0 ||
	    store_flush(p->set.store, err) < 0)
		goto out;
	if (store_search_catch_up(p->set.store, err) < 0) {
		log_warn("portal", "search.index_failed", "error=%s",
			 log_q(q, sizeof(q), err->msg));
		err_clear(err);
	}
	log_info("portal", "portal.filed", "form=%lld case=%s outcome=%d",
		 (long long)h->id, ref_r[0] ? ref_r : "-", (int)res.outcome);
	ret = 0;
out:
	for (i = 0; i < h->n_files; i++)
		if (files[i].fd >= 0)
			close(files[i].fd);
	if (fd >= 0)
		close(fd);
	free(files);
	return ret;
}

void
portal_hold_expire(struct portal *p, time_t now)
{
	struct err err;
	unsigned n;
	char q[300];

	if (now - p->last_expire < 60)
		return;
	p->last_expire = now;
	err_clear(&err);
	if (store_portal_expire(p->set.store, now, &n, &err) < 0)
		log_warn("portal", "portal.expire_failed", "error=%s",
			 log_q(q, sizeof(q), err.msg));
	else if (n > 0)
		log_info("portal", "portal.expired", "forms=%u", n);
	/* the rates of hours over, the used tokens gone stale */
	if (store_portal_state_expire(p->set.store, now, &err) < 0)
		log_warn("portal", "portal.expire_failed", "error=%s",
			 log_q(q, sizeof(q), err.msg));
}

int
portal_hold_pipe(struct portal *p, const struct portal_mime *mm,
		 const char *mailbox, const char *stream,
		 struct pipeline_result *res_r, struct err *err)
{
	struct msg_key key = { mailbox, (uint32_t)mm->date, 0 };
	int fd, ret = -1;

	/* a location of its own: the time and a random number */
	if (gnutls_rnd(GNUTLS_RND_NONCE, &key.uid, sizeof(key.uid)) < 0) {
		err_set(err, ERR_TEMP, "portal: no random bytes");
		return -1;
	}
	if ((fd = store_att_anon(p->set.store)) < 0) {
		err_set(err, ERR_TEMP, "portal: no temporary file");
		return -1;
	}
	if (portal_mime_write(mm, fd, err) < 0 ||
	    pipeline_process(p->set.pipeline, fd, &key,
			     strcmp(stream, "abuse") == 0 ? STREAM_ABUSE :
			     STREAM_IP, res_r, err) < 0 ||
	    store_portal_channel(p->set.store, res_r->message_id, err) < 0 ||
	    store_flush(p->set.store, err) < 0)
		goto out;
	(void)store_search_catch_up(p->set.store, err);
	err_clear(err);
	ret = 0;
out:
	close(fd);
	return ret;
}

char *
portal_hold_reply_headers(const struct store_case_view *v, const char *address)
{
	size_t n = strlen(address);

	for (size_t i = v->n_outbox; i-- > 0;) {
		const struct store_outbox_mail *o = &v->outbox[i];

		for (size_t k = 0; k < o->recipients.n; k++)
			if (strncasecmp(o->recipients.v[k], address, n) == 0 &&
			    o->recipients.v[k][n] == ' ')
				return xasprintf("X-Reportgate-Channel: web\r\n"
						 "In-Reply-To: <%s>\r\n"
						 "References: <%s>\r\n",
						 o->message_id, o->message_id);
	}
	return xstrdup("X-Reportgate-Channel: web\r\n");
}
