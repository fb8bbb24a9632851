/* portal/portal.c - the HTTP side of the public portal on libmicrohttpd:
   limits (connections, per-address connections, idle timeout, target
   length, per-connection memory, body size), routing, the language of
   the pages, the guards of a posted form (same origin, CSRF token of the
   form, rate per client address and per email address), and the
   security headers of every response. One internal thread answers every
   request, so the store and the pipeline are used by one thread. */
#include <arpa/inet.h>
#include <assert.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>

#include "common/hex.h"
#include "common/log.h"
#include "common/mem.h"
#include "outbox/caselink.h"
#include "outbox/mailbuild.h"
#include "portal/portal-int.h"
#include "web/web_deadline.h"
#include "web/web_mhd.h"

#define PORTAL_MAX_CONNECTIONS 64
#define PORTAL_PER_IP 8			/* without a proxy in front */
#define PORTAL_TIMEOUT_SECONDS 30	/* idle: headers or body stalled */
#define PORTAL_MAX_URI 1024
#define PORTAL_MAX_PAGE (1u << 20)
#define PORTAL_CONNECTION_MEMORY ((size_t)32 * 1024)
#define PORTAL_CSRF_AGE (24 * 3600)	/* a form may be sent this late */

/* The component of libmicrohttpd's log lines (web_mhd_log). */
static char portal_comp[] = "portal";

enum portal_post {
	POST_NONE = 0, POST_FORM, POST_CONFIRM, POST_STATUS, POST_COUNTER
};

/* One request, from portal_uri to portal_done. */
struct portal_req {
	bool uri_too_long;
	enum portal_post post;
	enum portal_form_kind kind;
	int64_t id;			/* the form of /confirm/ID */
	char ref[32];			/* the case of /status/REF */
	struct portal_upload *up;	/* owned: the body being read */
	uint64_t dropped;		/* bytes read past a limit */
	char client[64];
};

static time_t
portal_now(const struct portal *p)
{
	return p->set.clock != NULL ? p->set.clock() : time(NULL);
}

static void *
portal_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct portal_req *q = xcalloc(1, sizeof(*q));

	(void)cls;
	(void)c;
	q->uri_too_long = strlen(uri) > PORTAL_MAX_URI;
	return q;
}

static void
portal_done(void *cls, struct MHD_Connection *c, void **con_cls,
	    enum MHD_RequestTerminationCode toe)
{
	struct portal *p = cls;
	struct portal_req *q = *con_cls;

	(void)toe;
	web_deadline_request_done(p->deadline, c);
	if (q != NULL) {
		portal_upload_free(&q->up);
		free(q);
	}
	*con_cls = NULL;
}

/* ---- CSRF: "TIME.NONCE.HMAC" of the form's name, TIME and NONCE ----
   The random NONCE makes each page's token its own, so that using one
   (a form is sent once) never uses another made the same second. */

#define PORTAL_CSRF_NONCE 8	/* random bytes, 16 hex digits */

static void
portal_csrf_mac(const struct portal *p, const char *form, long long t,
		const char *nonce, char out[65])
{
	unsigned char d[32];
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "%s|%lld|%s", form, t, nonce);

	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, p->secret, sizeof(p->secret),
			     msg, (size_t)n, d) < 0)
		memset(d, 0, sizeof(d));	/* never matches a real one */
	hex_encode(d, sizeof(d), out);
}

/* Writes a new token for form into out ("" without random bytes: such
   a form cannot be sent). */
static void
portal_csrf_make(const struct portal *p, const char *form, time_t now,
		 char *out, size_t size)
{
	unsigned char raw[PORTAL_CSRF_NONCE];
	char mac[65], nonce[2 * PORTAL_CSRF_NONCE + 1];

	if (gnutls_rnd(GNUTLS_RND_NONCE, raw, sizeof(raw)) < 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	hex_encode(raw, sizeof(raw), nonce);
	portal_csrf_mac(p, form, (long long)now, nonce, mac);
	snprintf(out, size, "%lld.%s.%s", (long long)now, nonce, mac);
}

/* Returns true if token was made by this portal (its key is kept in the
   store, so across restarts) for form less than
   PORTAL_CSRF_AGE ago; the MAC is compared in constant time. */
static bool
portal_csrf_ok(const struct portal *p, const char *form, const char *token,
	       time_t now)
{
	char mac[65], nonce[2 * PORTAL_CSRF_NONCE + 1], *end;
	long long t;

	if (token == NULL || strlen(token) > 120)
		return false;
	t = strtoll(token, &end, 10);
	if (end == token || *end != '.' || t > (long long)now ||
	    (long long)now - t > PORTAL_CSRF_AGE ||
	    strspn(end + 1, "0123456789abcdef") != 2 * PORTAL_CSRF_NONCE ||
	    end[1 + 2 * PORTAL_CSRF_NONCE] != '.')
		return false;
	memcpy(nonce, end + 1, 2 * PORTAL_CSRF_NONCE);
	nonce[2 * PORTAL_CSRF_NONCE] = '\0';
	portal_csrf_mac(p, form, t, nonce, mac);
	return web_guard_token_equal(mac, end + 2 + 2 * PORTAL_CSRF_NONCE);
}

/* Marks token, which portal_csrf_ok accepted, used: a form is sent once,
   and the store remembers it across restarts until the token is stale.
   Returns 1 the first time, 0 if it was used already, -1 with err set. */
static int
portal_csrf_use(struct portal *p, const char *token, struct err *err)
{
	long long t = strtoll(token, NULL, 10);

	return store_portal_token_use(p->set.store, strrchr(token, '.') + 1,
				      (time_t)(t + PORTAL_CSRF_AGE), err);
}

/* ---- language ---- */

/* zh when ?lang=zh, else when the first language of Accept-Language is
   Chinese. */
static bool
portal_lang_zh(struct MHD_Connection *c, const char *posted)
{
	const char *v = posted != NULL ? posted :
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");

	if (v != NULL && (strcmp(v, "zh") == 0 || strcmp(v, "en") == 0))
		return strcmp(v, "zh") == 0;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	if (v == NULL)
		return false;
	v += strspn(v, " \t");
	return strncasecmp(v, "zh", 2) == 0 &&
	       (v[2] == '\0' || v[2] == '-' || v[2] == ',' || v[2] == ';');
}

/* ---- responses ---- */

static enum MHD_Result
portal_send(struct MHD_Connection *c, struct portal_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret = MHD_NO;
	size_t len;
	char *body;

	if (r->page.overflow)
		portal_pages_note(r, false, 500, "Error", "The page is too "
				  "large.");
	len = r->page.b.len;
	body = buf_take(&r->page.b);
	resp = MHD_create_response_from_buffer_with_free_callback(len, body,
								  free);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	if (web_mhd_headers(resp, NULL) &&
	    MHD_add_response_header(resp, "Content-Type",
				    "text/html; charset=utf-8") == MHD_YES &&
	    (r->location[0] == '\0' ||
	     MHD_add_response_header(resp, "Location", r->location) ==
	     MHD_YES))
		ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
portal_reply_init(struct portal_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	web_html_init(&r->page, PORTAL_MAX_PAGE);
}

/* ---- routes ---- */

static void
portal_not_found(struct portal_reply *r, bool zh)
{
	portal_pages_note(r, zh, 404, zh ? "未找到" : "Not found",
			  zh ? "没有这个页面。" : "There is no such page.");
}

/* Reads ID of "/confirm/ID" into *id_r. */
static bool
portal_confirm_id(const char *url, int64_t *id_r)
{
	const char *s = url + strlen("/confirm/");
	size_t n = strlen(s);
	char *end;

	if (strncmp(url, "/confirm/", 9) != 0 || n == 0 || n > 15 ||
	    strspn(s, "0123456789") != n || s[0] == '0')
		return false;
	*id_r = strtoll(s, &end, 10);
	return *id_r > 0;
}

/* Copies REF of "PREFIX/REF" (prefix "/status/" or "/counter/") into
   ref (size bytes). */
static bool
portal_page_ref(const char *url, const char *prefix, char *ref, size_t size)
{
	size_t n = strlen(prefix);
	const char *s = url + n;

	if (strncmp(url, prefix, n) != 0 || strlen(s) >= size)
		return false;
	snprintf(ref, size, "%s", s);
	return web_html_is_ref(ref);
}

static void
portal_get(struct portal *p, struct MHD_Connection *c, const char *url,
	   struct portal_reply *r)
{
	bool zh = portal_lang_zh(c, NULL);
	char csrf[128];
	struct store_portal_held h;
	struct err err;
	int64_t id;
	int rc;

	if (strcmp(url, "/") == 0) {
		portal_pages_home(r, zh);
	} else if (strcmp(url, "/report/ip") == 0 ||
		   strcmp(url, "/report/abuse") == 0) {
		bool ip = strcmp(url, "/report/ip") == 0;

		portal_csrf_make(p, ip ? "ip" : "abuse", portal_now(p), csrf,
				 sizeof(csrf));
		portal_pages_form(r, zh, ip ? PORTAL_FORM_IP : PORTAL_FORM_ABUSE,
				  NULL, NULL, csrf, p->cfg->portal_max_upload_mb,
				  p->cfg->portal_max_files);
	} else if (strcmp(url, "/report/mailed") == 0) {
		portal_pages_note(r, zh, 200, zh ? "请查收邮件" : "Check your mail",
				  zh ? "我们已向您填写的地址发送了一封邮件。请在 48 小时内打开"
				  "其中的链接以提交报告；否则报告将被删除。"
				  : "We have mailed a link to the address you gave. "
				  "Open it within 48 hours to file the report; "
				  "otherwise the report is deleted.");
	} else if (portal_page_ref(url, "/status/", csrf, sizeof(csrf))) {
		portal_status_get(p, csrf, MHD_lookup_connection_value(
				  c, MHD_GET_ARGUMENT_KIND, "t"), zh, r);
	} else if (portal_page_ref(url, "/counter/", csrf, sizeof(csrf))) {
		portal_counter_get(p, csrf, MHD_lookup_connection_value(
				   c, MHD_GET_ARGUMENT_KIND, "v"),
				   MHD_lookup_connection_value(
				   c, MHD_GET_ARGUMENT_KIND, "t"), zh, r);
	} else if (portal_confirm_id(url, &id)) {
		err_clear(&err);
		rc = portal_hold_find(p, id, MHD_lookup_connection_value(
				      c, MHD_GET_ARGUMENT_KIND, "t"), &h, &err);
		if (rc < 0) {
			portal_pages_note(r, zh, 503, "Error", "Please try again "
					  "later.");
		} else if (rc == 0) {
			portal_not_found(r, zh);
		} else {
			zh = strcmp(h.lang, "zh") == 0;
			if (h.confirmed != 0)
				portal_pages_note(r, zh, 410, zh ? "链接已使用" :
						  "Link used", zh ? "此链接已经用过。" :
						  "This link has been used "
						  "already.");
			else
				portal_pages_confirm(r, zh, id,
					MHD_lookup_connection_value(
					c, MHD_GET_ARGUMENT_KIND, "t"));
			store_portal_held_clear(&h);
		}
	} else {
		portal_not_found(r, zh);
	}
}

/* The client's address: the trusted proxy's header when configured
   (its last element), else the connection's. */
static void
portal_client(const struct portal *p, struct MHD_Connection *c,
	      struct portal_req *q)
{
	const union MHD_ConnectionInfo *ci;
	const char *v = NULL, *comma;

	if (p->cfg->portal_client_header != NULL)
		v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						p->cfg->portal_client_header);
	if (v != NULL) {
		if ((comma = strrchr(v, ',')) != NULL)
			v = comma + 1;
		v += strspn(v, " ");
		snprintf(q->client, sizeof(q->client), "%.*s",
			 (int)strcspn(v, " "), v);
		return;
	}
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || getnameinfo(ci->client_addr,
				      ci->client_addr->sa_family == AF_INET6 ?
				      sizeof(struct sockaddr_in6) :
				      sizeof(struct sockaddr_in), q->client,
				      sizeof(q->client), NULL, 0,
				      NI_NUMERICHOST) != 0)
		snprintf(q->client, sizeof(q->client), "?");
}

/* The first look at a POST. Returns 1 when the body is to be read, or 0
   when r holds the refusal. */
static int
portal_post_begin(struct portal *p, struct MHD_Connection *c,
		  const char *url, struct portal_req *q, struct portal_reply *r)
{
	bool zh = portal_lang_zh(c, NULL);
	const char *len;
	uint64_t max = p->max_bytes;
	struct err err;
	char qe[300];
	int taken;

	if (strcmp(url, "/report/ip") == 0) {
		q->post = POST_FORM;
		q->kind = PORTAL_FORM_IP;
	} else if (strcmp(url, "/report/abuse") == 0) {
		q->post = POST_FORM;
		q->kind = PORTAL_FORM_ABUSE;
	} else if (portal_confirm_id(url, &q->id)) {
		q->post = POST_CONFIRM;
		max = 4096;
	} else if (portal_page_ref(url, "/status/", q->ref, sizeof(q->ref))) {
		q->post = POST_STATUS;
	} else if (portal_page_ref(url, "/counter/", q->ref, sizeof(q->ref))) {
		q->post = POST_COUNTER;
	} else {
		portal_not_found(r, zh);
		return 0;
	}
	if (!web_guard_same_origin(
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer"),
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"),
		    p->cfg->portal_client_header == NULL ? NULL :
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						"X-Forwarded-Host"))) {
		portal_pages_note(r, zh, 403, zh ? "已拒绝" : "Refused",
				  zh ? "表单必须从本网站的页面提交。" :
				  "A form must be sent from a page of this "
				  "site.");
		return 0;
	}
	err_clear(&err);
	portal_client(p, c, q);
	/* counted in the store, so a restart forgets nothing */
	if (q->post != POST_CONFIRM &&
	    (taken = store_portal_rate_take(p->set.store, q->client,
					    portal_now(p),
					    p->cfg->portal_rate_per_hour,
					    &err)) < 0) {
		log_error("portal", "portal.rate_failed", "error=%s",
			  log_q(qe, sizeof(qe), err.msg));
		portal_pages_note(r, zh, 503, "Error", "Please try again "
				  "later.");
		return 0;
	}
	if (q->post != POST_CONFIRM && taken == 0) {
		log_info("portal", "portal.rate", "per=address");
		portal_pages_note(r, zh, 429, zh ? "请稍后再试" : "Too many",
				  zh ? "此地址在一小时内提交的报告过多，请稍后再试。" :
				  "Too many reports were sent from this "
				  "address within an hour; please try later.");
		return 0;
	}
	len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (len != NULL && (strlen(len) > 12 ||
			    strtoull(len, NULL, 10) > max)) {
		portal_pages_note(r, zh, 413, zh ? "文件过大" : "Too large",
				  zh ? "表单超出了大小限制；未保存任何内容。" :
				  "The form is larger than the limit; nothing "
				  "was kept.");
		return 0;
	}
	if ((q->up = portal_upload_new(c, p->set.store, max,
				       p->cfg->portal_max_files)) == NULL) {
		portal_pages_note(r, zh, 415, "Error", "The form cannot be "
				  "read.");
		return 0;
	}
	return 1;
}

int
portal_message_id(const struct portal *p, char *out, size_t size)
{
	unsigned char raw[12];
	char hex[25];

	if (gnutls_rnd(GNUTLS_RND_NONCE, raw, sizeof(raw)) < 0)
		return -1;
	hex_encode(raw, sizeof(raw), hex);
	snprintf(out, size, "portal.%s@%s", hex, p->mid_host);
	return 0;
}

/* A complete report form was read: check, then hold or answer 422. */
static void
portal_post_form(struct portal *p, struct MHD_Connection *c,
		 struct portal_req *q, const struct portal_upload_result *in,
		 struct portal_reply *r)
{
	static const char headers[] = "X-Reportgate-Channel: web\r\n";
	const char *form = q->kind == PORTAL_FORM_IP ? "ip" : "abuse";
	bool zh = portal_lang_zh(c, in->value[PF_LANG]);
	struct portal_check chk = { NULL, 0 };
	struct portal_msg m;
	char mid[128], csrf[128], qs[300];
	time_t now = portal_now(p);
	struct err err;
	unsigned n;
	int used;

	err_clear(&err);
	if (!portal_csrf_ok(p, form, in->value[PF_CSRF], now)) {
		portal_pages_note(r, zh, 403, zh ? "已拒绝" : "Refused",
				  zh ? "表单已过期，请重新打开表单。" :
				  "The form is stale or not ours: open it "
				  "again.");
		return;
	}
	if ((used = portal_csrf_use(p, in->value[PF_CSRF], &err)) <= 0) {
		if (used < 0) {
			log_error("portal", "portal.token_failed", "error=%s",
				  log_q(qs, sizeof(qs), err.msg));
			portal_pages_note(r, zh, 503, "Error", "Please try "
					  "again later.");
		} else {
			portal_pages_note(r, zh, 403, zh ? "已拒绝" : "Refused",
					  zh ? "此表单已提交过，请重新打开表单。" :
					  "This form was sent already: open "
					  "it again.");
		}
		return;
	}
	if (portal_message_id(p, mid, sizeof(mid)) < 0) {
		portal_pages_note(r, zh, 500, "Error", "No random bytes.");
		return;
	}
	if (portal_form_check(q->kind, in, p->set.parser_cfg, p->set.store,
			      p->to_addr, mid, headers, now, &m, &chk,
			      &err) < 0) {
		log_error("portal", "portal.check_failed", "error=%s",
			  log_q(qs, sizeof(qs), err.msg));
		portal_pages_note(r, zh, 500, "Error", "The form could not be "
				  "checked.");
		goto out;
	}
	if (chk.n > 0) {
		/* a fresh token; every value but the files comes back */
		portal_csrf_make(p, form, now, csrf, sizeof(csrf));
		r->status = 422;
		portal_pages_form(r, zh, q->kind, in, &chk, csrf,
				  p->cfg->portal_max_upload_mb,
				  p->cfg->portal_max_files);
		log_info("portal", "portal.incomplete", "form=%s issues=%zu",
			 form, chk.n);
		goto out;
	}
	if (store_portal_count_email(p->set.store, m.email, now - 3600, &n,
				     &err) < 0 ||
	    n >= p->cfg->portal_rate_per_hour) {
		log_info("portal", "portal.rate", "per=email");
		portal_pages_note(r, zh, 429, zh ? "请稍后再试" : "Too many",
				  zh ? "此邮箱在一小时内提交的报告过多，请稍后再试。" :
				  "Too many reports were sent for this email "
				  "address within an hour; please try later.");
		goto out;
	}
	if (portal_hold(p, &m, in, mid, headers, zh, now, &err) < 0) {
		log_error("portal", "portal.hold_failed", "error=%s",
			  log_q(qs, sizeof(qs), err.msg));
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
		goto out;
	}
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/report/mailed?lang=%s",
		 zh ? "zh" : "en");
	portal_pages_note(r, zh, 303, zh ? "请查收邮件" : "Check your mail",
			  zh ? "我们已向您发送了一封邮件。" : "We have mailed you a "
			  "link.");
out:
	portal_check_clear(&chk);
	portal_msg_clear(&m);
}

/* The button of a confirmation page: file the held form. */
static void
portal_post_confirm(struct portal *p, struct portal_req *q,
		    const struct portal_upload_result *in,
		    struct portal_reply *r)
{
	bool zh = in->value[PF_LANG] != NULL &&
		  strcmp(in->value[PF_LANG], "zh") == 0;
	struct store_portal_held h;
	char ref[32], qs[300];
	struct err err;
	int rc;

	err_clear(&err);
	rc = portal_hold_find(p, q->id, in->value[PF_CSRF], &h, &err);
	if (rc < 0) {
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
		return;
	}
	if (rc == 0) {
		portal_not_found(r, zh);
		return;
	}
	zh = strcmp(h.lang, "zh") == 0;
	if (h.confirmed != 0) {
		portal_pages_note(r, zh, 410, zh ? "链接已使用" : "Link used",
				  zh ? "此链接已经用过。" : "This link has been "
				  "used already.");
	} else if (portal_hold_file(p, &h, ref, sizeof(ref), &err) < 0) {
		log_error("portal", "portal.file_failed", "form=%lld error=%s",
			  (long long)h.id, log_q(qs, sizeof(qs), err.msg));
		portal_pages_note(r, zh, 503, "Error", "Please try again later.");
	} else if (ref[0] == '\0') {
		portal_pages_note(r, zh, 200, zh ? "已收到" : "Received",
				  zh ? "您的报告已收到，工作人员将进行审查。" :
				  "Your report was received; our staff will "
				  "look at it.");
	} else {
		portal_pages_filed(r, zh, ref);
	}
	store_portal_held_clear(&h);
}

/* The body of a POST has been read. */
static void
portal_post_end(struct portal *p, struct MHD_Connection *c,
		struct portal_req *q, struct portal_reply *r)
{
	struct portal_upload_result in;
	const char *why;
	unsigned status;

	if (portal_upload_finish(q->up, &in, &status, &why) < 0)
		portal_pages_note(r, portal_lang_zh(c, NULL), status,
				  status == 413 ? "Too large" : "Error", why);
	else if (q->post == POST_FORM)
		portal_post_form(p, c, q, &in, r);
	else if (q->post == POST_STATUS)
		portal_status_post(p, q->ref, &in, r);
	else if (q->post == POST_COUNTER)
		portal_counter_post(p, q->ref, &in, r);
	else
		portal_post_confirm(p, q, &in, r);
	portal_upload_free(&q->up);
}

static enum MHD_Result
portal_handler(void *cls, struct MHD_Connection *c, const char *url,
	       const char *method, const char *version,
	       const char *upload_data, size_t *upload_data_size,
	       void **con_cls)
{
	struct portal *p = cls;
	struct portal_req *q = *con_cls;
	struct portal_reply r;
	enum MHD_Result ret;
	char q1[16], q2[300];

	(void)version;
	assert(q != NULL);
	web_deadline_head_done(p->deadline, c);
	portal_reply_init(&r);
	if (q->up != NULL && *upload_data_size > 0) {
		/* Past a limit the rest is read and dropped (libmicrohttpd
		   answers only before or after the body) and the 413 comes
		   at its end; a body that goes on past twice the limit has
		   its connection closed. */
		if (portal_upload_over(q->up))
			q->dropped += *upload_data_size;
		else
			portal_upload_feed(q->up, upload_data,
					   *upload_data_size);
		*upload_data_size = 0;
		web_html_free(&r.page);
		return q->dropped > p->max_bytes ? MHD_NO : MHD_YES;
	} else if (q->up != NULL) {
		portal_post_end(p, c, q, &r);
	} else if (q->uri_too_long) {
		portal_pages_note(&r, false, 414, "Too long", "The address is "
				  "too long.");
	} else if (strcmp(method, "POST") == 0) {
		portal_hold_expire(p, portal_now(p));
		if (portal_post_begin(p, c, url, q, &r) == 1) {
			web_html_free(&r.page);
			return MHD_YES;
		}
	} else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		portal_hold_expire(p, portal_now(p));
		portal_get(p, c, url, &r);
	} else {
		portal_pages_note(&r, false, 405, "Not allowed", "Only GET, HEAD "
				  "and POST are served.");
	}
	/* the path only: a token travels in the query, never logged */
	log_debug("portal", "portal.request", "method=%s path=%s status=%u",
		  log_q(q1, sizeof(q1), method), log_q(q2, sizeof(q2), url),
		  r.status);
	ret = portal_send(c, &r);
	web_html_free(&r.page);
	return ret;
}

/* The host part of our Message-IDs: intake.message_id_host, else the
   domain of smtp.from. */
static char *
portal_mid_host(const struct config *cfg)
{
	if (cfg->message_id_host != NULL)
		return xstrdup(cfg->message_id_host);
	return xstrdup(strrchr(cfg->smtp_from, '@') + 1);
}

static void
portal_free_key(struct portal *p)
{
	if (p->link_key != NULL) {
		explicit_bzero(p->link_key, p->link_key_len);
		free(p->link_key);
		p->link_key = NULL;
	}
}

struct portal *
portal_start(const struct web_listen *l, const struct portal_settings *set,
	     struct err *err)
{
	struct portal *p;
	char *name = NULL, host[NI_MAXHOST];
	const union MHD_DaemonInfo *info;
	unsigned char fresh[32];
	unsigned flags;
	int rc;
	uint16_t port;
	size_t n;

	if (set->cfg->portal_base_url == NULL) {
		err_set(err, ERR_FATAL, "portal: [portal] base_url is not set "
			"(the public address of the portal, for the links in "
			"mails)");
		return NULL;
	}
	if (set->cfg->smtp_from == NULL || set->cfg->smtp_from[0] == '\0') {
		err_set(err, ERR_FATAL, "portal: [smtp] from is not set (the "
			"confirmation mails come from it)");
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->set = *set;
	p->cfg = set->cfg;
	if (mailbuild_split_mailbox(p->cfg->smtp_from, &name, &p->to_addr,
				    err) < 0)
		goto fail;
	free(name);
	p->mid_host = portal_mid_host(p->cfg);
	/* the hex digits of 25 MB of files grow by a third in the form's
	   encoding only for urlencoded bodies; multipart carries the
	   bytes, plus the fields and the parts' headers */
	p->max_bytes = (uint64_t)p->cfg->portal_max_upload_mb << 20;
	if (caselink_key(p->cfg, &p->link_key, &p->link_key_len, err) < 0)
		goto fail;
	/* the forms' key: the store's, or a fresh one kept there */
	if (gnutls_rnd(GNUTLS_RND_KEY, fresh, sizeof(fresh)) < 0) {
		err_set(err, ERR_FATAL, "portal: no random bytes");
		goto fail;
	}
	rc = store_portal_key(set->store, "csrf", fresh, p->secret,
			      sizeof(p->secret), err);
	explicit_bzero(fresh, sizeof(fresh));
	if (rc < 0)
		goto fail;
	if (getnameinfo((const struct sockaddr *)&l->addr, l->addr_len, host,
			sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof(host), "?");
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (l->addr.ss_family == AF_INET6) {
		flags |= MHD_USE_IPv6;
		port = ntohs(((const struct sockaddr_in6 *)&l->addr)->sin6_port);
	} else {
		port = ntohs(((const struct sockaddr_in *)&l->addr)->sin_port);
	}
	n = p->cfg->portal_client_header != NULL ? 0 : PORTAL_PER_IP;
	p->deadline = web_deadline_new(p->cfg->portal_header_timeout_seconds,
				       portal_comp, err);
	if (p->deadline == NULL)
		goto fail;
	p->daemon = MHD_start_daemon(
		flags, port, NULL, NULL, portal_handler, p,
		MHD_OPTION_EXTERNAL_LOGGER, web_mhd_log, portal_comp,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&l->addr,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)PORTAL_MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)n,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PORTAL_TIMEOUT_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, PORTAL_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, portal_uri, p,
		MHD_OPTION_NOTIFY_COMPLETED, portal_done, p,
		MHD_OPTION_NOTIFY_CONNECTION, web_deadline_notify, p->deadline,
		MHD_OPTION_END);
	if (p->daemon == NULL) {
		err_set(err, ERR_FATAL, "cannot listen on %s port %u (the log "
			"line before says why)", host, (unsigned)port);
		goto fail;
	}
	info = MHD_get_daemon_info(p->daemon, MHD_DAEMON_INFO_BIND_PORT);
	p->port = info != NULL ? info->port : port;
	log_info("portal", "portal.listening", "addr=%s port=%u", host,
		 p->port);
	return p;
fail:
	web_deadline_free(&p->deadline);
	portal_free_key(p);
	explicit_bzero(p->secret, sizeof(p->secret));
	free(p->to_addr);
	free(p->mid_host);
	free(p);
	return NULL;
}

unsigned
portal_port(const struct portal *p)
{
	return p->port;
}

void
portal_stop(struct portal **pp)
{
	struct portal *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	MHD_stop_daemon(p->daemon);
	web_deadline_free(&p->deadline);	/* every connection closed */
	portal_free_key(p);
	explicit_bzero(p->secret, sizeof(p->secret));
	free(p->to_addr);
	free(p->mid_host);
	free(p);
	*pp = NULL;
}
