/* console/web.c - the HTTP side of the staff web console on libmicrohttpd:
   listening address, request limits (connections, idle timeout, target
   length, per-connection memory), the Host check against DNS rebinding,
   the staff name from a trusted proxy, routing with input checks before
   any store query, the guards of a decision (method, same origin, form
   type and size, CSRF token), and the Content-Security-Policy of its
   responses (web_mhd_headers adds it with the other security headers,
   as for the portal). One internal thread answers every request, so the store is
   used by one thread at a time. */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <microhttpd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "common/wallclock.h"
#include "common/casestate.h"
#include "console/web.h"
#include "web/web_deadline.h"
#include "web/web_guard.h"
#include "web/web_mhd.h"
#include "console/web_post.h"
#include "console/web_query.h"

#define WEB_MAX_CONNECTIONS 32
#define WEB_MAX_PER_ADDRESS 8
#define WEB_TIMEOUT_SECONDS 30
#define WEB_HEADER_TIMEOUT_SECONDS 10
#define WEB_MAX_URI 2048
#define WEB_MAX_PAGE (16u << 20)
/* Memory of one connection: request line and headers must fit in it
   (libmicrohttpd answers 414 or 431 itself when they do not). */
#define WEB_CONNECTION_MEMORY ((size_t)32 * 1024)

/* No scripts, no frames, forms only to this server, no sniffing, no
   caching. The referrer is sent to this server only: browsers send
   "Origin: null" with a form posted under no-referrer, and the origin
   check needs the real one. */
static const char web_csp[] = "default-src 'none'; style-src 'self'; "
	"img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	"base-uri 'none'";
/* An attachment shown in place (an image, a PDF, text): sandboxed, so a
   PDF's scripts or a document's links run in an opaque origin that can
   reach nothing of the console; the image itself may be shown. */
static const char web_csp_file[] = "sandbox; default-src 'none'; "
	"img-src 'self'; frame-ancestors 'none'";
/* The component of libmicrohttpd's log lines (web_mhd_log). */
static char web_comp[] = "web";

struct web {
	struct MHD_Daemon *daemon;	/* owned */
	struct web_deadline *deadline;	/* owned: each request head's */
	struct store *store;		/* foreign */
	struct web_settings set;	/* its strings foreign */
	struct web_limits limits;
	bool loopback;
	unsigned port;
	char token[WEB_GUARD_TOKEN_HEX + 1];	/* CSRF, per process */
};

/* What a POST is for. */
enum web_post_kind {
	WEB_POST_ACTION = 0,	/* /case/REF/action: a decision */
	WEB_POST_LOGIN,		/* /login */
	WEB_POST_LOGOUT,	/* /logout */
	WEB_POST_BULK		/* /bulk: the case list's bulk form */
};

/* One request, from web_uri (its first sight) to web_done. */
struct web_req {
	bool uri_too_long;	/* target longer than limits.max_uri */
	struct web_post *post;	/* owned: a form's body being read */
	enum web_post_kind kind;
	char ref[32];		/* the decision's case */
	struct web_who who;	/* who asks; who.name "" when nobody */
};

/* Called once per request with the raw target, before it is parsed:
   makes the request's state (freed by web_done). */
static void *
web_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const struct web *w = cls;
	struct web_req *q = xcalloc(1, sizeof(*q));

	(void)c;
	q->uri_too_long = strlen(uri) > w->limits.max_uri;
	return q;
}

/* Called when a request ends, answered or not. */
static void
web_done(void *cls, struct MHD_Connection *c, void **con_cls,
	 enum MHD_RequestTerminationCode toe)
{
	struct web *w = cls;
	struct web_req *q = *con_cls;

	(void)toe;
	web_deadline_request_done(w->deadline, c);
	if (q != NULL) {
		web_post_free(&q->post);
		free(q);
	}
	*con_cls = NULL;
}

/* /case/REF, /case/REF/attachment/SHA256[?view=1] and
   /case/REF/message/ID; rest follows "/case/". */
static void
web_route_case(struct web *w, struct MHD_Connection *c,
	       const struct web_req *q, const char *rest, struct web_reply *r)
{
	const char *view = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						       "view");
	struct web_case_extra x = {
		w->set.decisions ? q->who.token : NULL, NULL, q->who.role,
		w->set.cfg
	};
	static const char att[] = "/attachment/";
	const char *slash;
	char ref[32];
	size_t n;

	slash = strchr(rest, '/');
	n = slash != NULL ? (size_t)(slash - rest) : strlen(rest);
	if (n >= sizeof(ref)) {
		web_pages_error(r, 400, "This is not a case reference.");
		return;
	}
	memcpy(ref, rest, n);
	ref[n] = '\0';
	if (!web_html_is_ref(ref)) {
		web_pages_error(r, 400, "This is not a case reference.");
		return;
	}
	if (slash == NULL) {
		web_pages_case(w->store, ref, &x, r);
		return;
	}
	if (strncmp(slash, "/message/", 9) == 0 && slash[9] != '\0' &&
	    strlen(slash + 9) <= 12 &&
	    strspn(slash + 9, "0123456789") == strlen(slash + 9)) {
		web_pages_message(w->store, ref,
				  strtoll(slash + 9, NULL, 10), r);
		return;
	}
	if (strncmp(slash, att, sizeof(att) - 1) != 0) {
		web_pages_error(r, 404, "There is no such page.");
		return;
	}
	if (!web_html_is_sha256(slash + sizeof(att) - 1)) {
		web_pages_error(r, 400, "This is not a SHA-256 in lower-case "
				"hex.");
		return;
	}
	web_pages_attachment(w->store, ref, slash + sizeof(att) - 1,
			     view != NULL && strcmp(view, "1") == 0, r);
}

/* GET /reports[?from=YYYY-MM-DD&to=YYYY-MM-DD]: by default the 30 days
   ending today (UTC). */
static void
web_route_report(struct web *w, struct MHD_Connection *c,
		 struct web_reply *r)
{
	const char *from = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						       "from");
	const char *to = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						     "to");
	time_t now = wallclock_now(), t_from, t_to;

	t_to = now - now % 86400;
	t_from = t_to - 29 * 86400;
	if ((from != NULL && wallclock_parse_date(from, &t_from) < 0) ||
	    (to != NULL && wallclock_parse_date(to, &t_to) < 0) ||
	    t_to < t_from) {
		web_pages_error(r, 400, "The period is two dates YYYY-MM-DD, "
				"the first not after the second.");
		return;
	}
	web_pages_report(w->store, t_from, t_to, r);
}

static void
web_route(struct web *w, struct MHD_Connection *c, const struct web_req *rq,
	  const char *url, struct web_reply *r)
{
	struct web_query q;

	if (strcmp(url, "/login") == 0) {
		/* Signed in already: the cases. */
		r->status = 303;
		snprintf(r->location, sizeof(r->location), "/");
		web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Cases</title>"
			     "<a href=\"/\">Cases</a>\n");
	} else if (strcmp(url, "/") == 0) {
		if (web_query_read(c, &q, r) == 0) {
			q.me = rq->who.name;
			q.role = rq->who.role;
			q.token = w->set.decisions ? rq->who.token : NULL;
			web_pages_list(w->store, &q, r);
		}
	} else if (strcmp(url, "/quarantine") == 0) {
		web_pages_quarantine(w->store, r);
	} else if (strcmp(url, "/reports") == 0) {
		web_route_report(w, c, r);
	} else if (strncmp(url, "/case/", 6) == 0) {
		web_route_case(w, c, rq, url + 6, r);
	} else {
		web_pages_error(r, 404, "There is no such page.");
	}
}

/* Turns r into a response and queues it. */
static enum MHD_Result
web_send(struct MHD_Connection *c, struct web_reply *r)
{
	struct MHD_Response *resp = NULL;
	enum MHD_Result ret = MHD_NO;
	bool ok;
	size_t len;
	char *body;

	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd64(r->size, r->fd);
		if (resp == NULL)
			goto out;	/* r still owns fd */
		r->fd = -1;	/* the response owns it now */
		ok = MHD_add_response_header(resp, "Content-Type",
					     r->content_type != NULL ?
					     r->content_type :
					     "application/octet-stream") ==
		     MHD_YES &&
		     MHD_add_response_header(resp, "Content-Disposition",
					     buf_str(&r->disposition)) ==
		     MHD_YES;
	} else {
		if (r->page.overflow)
			web_pages_error(r, 500, "The page is too large.");
		len = r->page.b.len;
		body = buf_take(&r->page.b);
		resp = MHD_create_response_from_buffer_with_free_callback(
			len, body, free);
		if (resp == NULL) {
			free(body);
			goto out;
		}
		ok = MHD_add_response_header(resp, "Content-Type",
					     r->content_type != NULL ?
					     r->content_type :
					     "text/html; charset=utf-8") ==
		     MHD_YES;
		if (ok && r->status == 405)
			ok = MHD_add_response_header(resp, "Allow",
						     "GET, HEAD") == MHD_YES;
		if (ok && r->location[0] != '\0')
			ok = MHD_add_response_header(resp, "Location",
						     r->location) == MHD_YES;
	}
	if (ok && r->cookie[0] != '\0')
		ok = MHD_add_response_header(resp, "Set-Cookie", r->cookie) ==
		     MHD_YES;
	if (!ok ||
	    !web_mhd_headers(resp, r->sandbox ? web_csp_file : web_csp))
		goto out;
	ret = MHD_queue_response(c, r->status, resp);
out:
	if (resp != NULL)
		MHD_destroy_response(resp);
	return ret;
}

/* Counts the request's headers named cls->name. */
struct web_count {
	const char *name;
	unsigned n;
};

static enum MHD_Result
web_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
		 const char *value)
{
	struct web_count *k = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, k->name) == 0)
		k->n++;
	return MHD_YES;
}

/* Finds who makes the request: the account the trusted proxy's header
   names when one is configured (it must then be there once, naming an
   enabled account), else the session of the cookie, if any. Returns 0
   (q->who.name "" when nobody is signed in), or -1 when r is a refusal
   or an error page. */
static int
web_identify(const struct web *w, struct MHD_Connection *c,
	     struct web_req *q, struct web_reply *r)
{
	struct web_count k = { w->set.user_header, 0 };
	const char *v;

	if (w->set.user_header == NULL)
		return web_login_session(w->store, &w->set,
					 MHD_lookup_connection_value(
						 c, MHD_HEADER_KIND, "Cookie"),
					 wallclock_now(), &q->who, r) < 0 ? -1 : 0;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					w->set.user_header);
	MHD_get_connection_values(c, MHD_HEADER_KIND, web_count_header, &k);
	if (k.n != 1 || !web_guard_user_ok(v)) {
		web_pages_error(r, 403, "This console is served through a proxy "
				"that names the staff member; this request "
				"carries no usable name.");
		return -1;
	}
	return web_login_header(w->store, v, w->token, &q->who, r) == 1 ?
	       0 : -1;
}

/* Writes the client's IP address into out (size bytes; "?" when
   unknown). */
static void
web_client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	socklen_t len;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL) {
		snprintf(out, size, "?");
		return;
	}
	len = ci->client_addr->sa_family == AF_INET6 ?
	      sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, len, out, (socklen_t)size, NULL, 0,
			NI_NUMERICHOST) != 0)
		snprintf(out, size, "?");
}

/* Returns true if the request's Content-Type is a urlencoded form. */
static bool
web_is_form(struct MHD_Connection *c)
{
	static const char form[] = "application/x-www-form-urlencoded";
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    "Content-Type");
	size_t n = sizeof(form) - 1;

	return v != NULL && strncasecmp(v, form, n) == 0 &&
	       (v[n] == '\0' || v[n] == ';' || v[n] == ' ');
}

/* Sets q->ref from a target /case/REF/action. Returns true if url is
   one with a well-formed REF. */
static bool
web_action_ref(const char *url, struct web_req *q)
{
	static const char tail[] = "/action";
	size_t n;

	if (strncmp(url, "/case/", 6) != 0)
		return false;
	url += 6;
	n = strlen(url);
	if (n <= sizeof(tail) - 1 || n - (sizeof(tail) - 1) >= sizeof(q->ref) ||
	    strcmp(url + n - (sizeof(tail) - 1), tail) != 0)
		return false;
	memcpy(q->ref, url, n - (sizeof(tail) - 1));
	q->ref[n - (sizeof(tail) - 1)] = '\0';
	return web_html_is_ref(q->ref);
}

/* The first look at a POST: to /login (signing in), /logout (signed
   in), or /case/REF/action (signed in, decisions on), from a page of
   this server (Origin or Referer), with a form body that fits
   WEB_MAX_FORM. Returns 1 when the body is to be read (q->post is set),
   or 0 when r holds the refusal. */
static int
web_post_begin(struct web *w, struct MHD_Connection *c, const char *url,
	       struct web_req *q, struct web_reply *r)
{
	const char *len, *fwd = NULL;

	if (strcmp(url, "/login") == 0 && w->set.user_header == NULL) {
		q->kind = WEB_POST_LOGIN;
	} else if (q->who.name[0] == '\0') {
		web_pages_error(r, 403, "Sign in first (/login).");
		return 0;
	} else if (strcmp(url, "/logout") == 0) {
		q->kind = WEB_POST_LOGOUT;
	} else if (strcmp(url, "/bulk") == 0 && w->set.decisions) {
		q->kind = WEB_POST_BULK;
	} else if (!web_action_ref(url, q)) {
		web_pages_error(r, 405, "Only GET and HEAD are served here.");
		return 0;
	} else if (!w->set.decisions) {
		web_pages_error(r, 405, "This console is read-only: decisions "
				"are off (serve --allow-decisions or [web] "
				"decisions = true switch them on).");
		return 0;
	} else {
		q->kind = WEB_POST_ACTION;
	}
	if (w->set.user_header != NULL)
		fwd = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						  "X-Forwarded-Host");
	if (!web_guard_same_origin(
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer"),
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"),
		    fwd)) {
		web_pages_error(r, 403, "A decision must come from a page of "
				"this console (the Origin or Referer header "
				"names another site, or neither is sent).");
		return 0;
	}
	if (!web_is_form(c)) {
		web_pages_error(r, 415, "A decision is sent as "
				"application/x-www-form-urlencoded.");
		return 0;
	}
	len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					  "Content-Length");
	if (len != NULL && (strlen(len) > 9 ||
			    strtoul(len, NULL, 10) > WEB_MAX_FORM)) {
		web_pages_error(r, 413, "The form is too large.");
		return 0;
	}
	if ((q->post = web_post_new(c, WEB_MAX_FORM)) == NULL) {
		web_pages_error(r, 415, "The form cannot be read.");
		return 0;
	}
	return 1;
}

/* The body of a form has been read: check its token (the per-process
   one for signing in, the session's otherwise) and the role, then sign
   in, sign out or decide. */
static void
web_post_end(struct web *w, struct MHD_Connection *c, struct web_req *q,
	     struct web_reply *r)
{
	char actor[8 + AUTH_NAME_MAX], address[64];
	struct web_form f;
	const char *why;
	unsigned status;

	if (web_post_finish(q->post, &f, &status, &why) < 0) {
		web_pages_error(r, status, why);
	} else if (q->kind == WEB_POST_LOGIN) {
		if (!web_guard_token_equal(w->token, f.token)) {
			r->status = 403;
			web_login_page(r, w->token, "The form was stale (the "
				       "console was restarted): sign in "
				       "again.");
		} else {
			web_client_address(c, address, sizeof(address));
			web_login_post(w->store, &w->set, &f, address,
				       w->token, wallclock_now(), r);
		}
	} else if (!web_guard_token_equal(q->who.token, f.token)) {
		web_pages_error(r, 403, "The form's token is missing or stale "
				"(signed in again, or the console was "
				"restarted): reload the page and try again.");
	} else if (q->kind == WEB_POST_LOGOUT) {
		web_logout(w->store, &w->set, &q->who, wallclock_now(), r);
	} else if (auth_role_needed(f.action) > q->who.role) {
		web_pages_error(r, 403, "Your account's role does not allow "
				"this decision.");
	} else if (q->kind == WEB_POST_BULK) {
		snprintf(actor, sizeof(actor), "web:%s", q->who.name);
		web_bulk(w->set.cfg, w->store, &f, actor, r);
	} else {
		snprintf(actor, sizeof(actor), "web:%s", q->who.name);
		web_decide(w->set.cfg, w->store, q->ref, &f, actor,
			   q->who.token, q->who.role, r);
	}
	web_post_free(&q->post);
}

/* Lets the pages of r name who asks (and offer sign-out when signed in
   with a session). */
static void
web_reply_who(const struct web_req *q, struct web_reply *r)
{
	r->who = q->who.name[0] != '\0' ? q->who.name : NULL;
	r->who_token = q->who.session[0] != '\0' ? q->who.token : NULL;
}

/* Answers a request whose headers are in (its target and Host checked):
   finds who asks, then takes the first look at a POST or serves the
   page; nobody signed in sees /login or is sent there. Returns 1 when a
   form's body is to be read next, else 0 with r the answer. */
static int
web_answer(struct web *w, struct MHD_Connection *c, struct web_req *q,
	   const char *url, const char *method, struct web_reply *r)
{
	if (strcmp(url, "/style.css") == 0 && (strcmp(method, "GET") == 0 ||
						 strcmp(method, "HEAD") == 0)) {
		web_pages_style(r);	/* the sign-in page needs it too */
		return 0;
	}
	if (web_identify(w, c, q, r) < 0)
		return 0;	/* r is the refusal */
	web_reply_who(q, r);
	if (strcmp(method, "POST") == 0)
		return web_post_begin(w, c, url, q, r);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		web_pages_error(r, 405, "Only GET and HEAD are served.");
	} else if (q->who.name[0] == '\0' && strcmp(url, "/login") == 0) {
		web_login_page(r, w->token, NULL);
	} else if (q->who.name[0] == '\0') {
		r->status = 303;
		snprintf(r->location, sizeof(r->location), "/login");
		web_html_raw(&r->page, "<!DOCTYPE html>\n<title>Sign in</title>"
			     "<a href=\"/login\">Sign in</a>\n");
	} else {
		web_route(w, c, q, url, r);
	}
	return 0;
}

/* Called for each request: once when its headers are in, then, for a
   decision, once per piece of its body and once at its end. */
static enum MHD_Result
web_handler(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload_data,
	    size_t *upload_data_size, void **con_cls)
{
	struct web *w = cls;
	struct web_req *q = *con_cls;
	struct web_reply r;
	const char *host;
	enum MHD_Result ret;
	char q1[16], q2[300];

	(void)version;
	assert(q != NULL);	/* made by web_uri */
	web_deadline_head_done(w->deadline, c);
	if (q->post != NULL && *upload_data_size > 0) {
		web_post_feed(q->post, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	web_pages_reply_init(&r, w->limits.max_page);
	host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (q->post != NULL) {
		web_reply_who(q, &r);
		web_post_end(w, c, q, &r);
	} else if (q->uri_too_long) {
		web_pages_error(&r, 414, "The address is too long.");
	} else if (host == NULL || *host == '\0') {
		web_pages_error(&r, 400, "A request needs a Host header.");
	} else if (w->set.allowed_hosts != NULL &&
		   !web_guard_host_allowed(host, w->set.allowed_hosts) &&
		   !(w->loopback && web_listen_host_is_loopback(host))) {
		web_pages_error(&r, 421, "This server does not answer to "
				"that host name.");
	} else if (w->set.allowed_hosts == NULL && w->loopback &&
		   !web_listen_host_is_loopback(host)) {
		web_pages_error(&r, 421, "This server answers only to "
				"localhost addresses.");
	} else if (web_answer(w, c, q, url, method, &r) == 1) {
		web_pages_reply_free(&r);
		return MHD_YES;		/* the body comes next */
	}
	log_debug("web", "web.request", "method=%s path=%s status=%u",
		  log_q(q1, sizeof(q1), method), log_q(q2, sizeof(q2), url),
		  r.status);
	ret = web_send(c, &r);
	web_pages_reply_free(&r);
	return ret;
}

struct web *
web_start(const struct web_listen *l, const struct web_limits *limits,
	  const struct web_settings *set, struct store *store,
	  struct err *err)
{
	unsigned char raw[WEB_GUARD_TOKEN_BYTES];
	const union MHD_DaemonInfo *info;
	char host[NI_MAXHOST];
	unsigned flags;
	uint16_t port;
	struct web *w;

	w = xcalloc(1, sizeof(*w));
	w->store = store;
	w->loopback = l->loopback;
	if (set != NULL)
		w->set = *set;
	if (w->set.user_header != NULL && *w->set.user_header == '\0')
		w->set.user_header = NULL;
	if (w->set.login_failures == 0)
		w->set.login_failures = 5;
	if (w->set.lockout_seconds == 0)
		w->set.lockout_seconds = 15 * 60;
	if (w->set.session_idle == 0)
		w->set.session_idle = 2 * 3600;
	if (w->set.session_max == 0)
		w->set.session_max = 12 * 3600;
	if (w->set.allowed_hosts != NULL && *w->set.allowed_hosts == '\0')
		w->set.allowed_hosts = NULL;
	/* Staff sign in (or a proxy names them), so a public address needs
	   only the names it answers to. */
	if (!l->loopback && w->set.allowed_hosts == NULL) {
		err_set(err, ERR_FATAL, "web: a listen address that is not "
			"loopback needs [web] allowed_hosts (the names it "
			"answers to)");
		free(w);
		return NULL;
	}
	if (w->set.decisions && w->set.cfg == NULL) {
		err_set(err, ERR_FATAL, "web: decisions need the configuration");
		free(w);
		return NULL;
	}
	if (gnutls_rnd(GNUTLS_RND_RANDOM, raw, sizeof(raw)) < 0) {
		err_set(err, ERR_FATAL, "web: no random bytes for the token");
		free(w);
		return NULL;
	}
	web_guard_token_hex(raw, w->token);
	explicit_bzero(raw, sizeof(raw));
	if (limits != NULL)
		w->limits = *limits;
	if (w->limits.max_connections == 0)
		w->limits.max_connections = WEB_MAX_CONNECTIONS;
	if (w->limits.max_per_address == 0)
		w->limits.max_per_address = WEB_MAX_PER_ADDRESS;
	if (w->limits.timeout_seconds == 0)
		w->limits.timeout_seconds = WEB_TIMEOUT_SECONDS;
	if (w->limits.header_timeout_seconds == 0)
		w->limits.header_timeout_seconds = WEB_HEADER_TIMEOUT_SECONDS;
	if (w->limits.max_uri == 0)
		w->limits.max_uri = WEB_MAX_URI;
	if (w->limits.max_page == 0)
		w->limits.max_page = WEB_MAX_PAGE;
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
	w->deadline = web_deadline_new(w->limits.header_timeout_seconds,
				       web_comp, err);
	if (w->deadline == NULL) {
		explicit_bzero(w->token, sizeof(w->token));
		free(w);
		return NULL;
	}
	/* The port argument only names the port in libmicrohttpd's
	   messages; the socket address decides. */
	w->daemon = MHD_start_daemon(
		flags, port, NULL, NULL, web_handler, w,
		MHD_OPTION_EXTERNAL_LOGGER, web_mhd_log, web_comp,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&l->addr,
		MHD_OPTION_CONNECTION_LIMIT, w->limits.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, w->limits.max_per_address,
		MHD_OPTION_CONNECTION_TIMEOUT, w->limits.timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, WEB_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, web_uri, w,
		MHD_OPTION_NOTIFY_COMPLETED, web_done, w,
		MHD_OPTION_NOTIFY_CONNECTION, web_deadline_notify, w->deadline,
		MHD_OPTION_END);
	if (w->daemon == NULL) {
		err_set(err, ERR_FATAL, "cannot listen on %s port %u (the log "
			"line before says why)", host, (unsigned)port);
		web_deadline_free(&w->deadline);
		explicit_bzero(w->token, sizeof(w->token));
		free(w);
		return NULL;
	}
	info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = info != NULL ? info->port : port;
	log_info("web", "web.listening", "addr=%s port=%u loopback=%s "
		 "decisions=%s user_header=%s", host, w->port,
		 w->loopback ? "yes" : "no", w->set.decisions ? "on" : "off",
		 w->set.user_header ? w->set.user_header : "-");
	return w;
}

void
web_stop(struct web **wp)
{
	struct web *w;

	if (wp == NULL || (w = *wp) == NULL)
		return;
	MHD_stop_daemon(w->daemon);
	web_deadline_free(&w->deadline);	/* every connection closed */
	explicit_bzero(w->token, sizeof(w->token));
	free(w);
	*wp = NULL;
}
