/* console/web.c - the HTTP side of the staff web console on libmicrohttpd:
   listening address, request limits (connections, idle timeout, target
   length, per-connection memory), the Host check against DNS rebinding,
   the staff name from a trusted proxy, routing with input checks before
   any store query, the guards of a decision (method, same origin, form
   type and size, CSRF token), and the security headers every response
   carries. One internal thread answers every request, so the store is
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
#include <unistd.h>

#include <gnutls/crypto.h>
#include <microhttpd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "common/casestate.h"
#include "console/web.h"
#include "web/web_guard.h"
#include "web/web_mhd.h"
#include "console/web_post.h"

#define WEB_MAX_CONNECTIONS 32
#define WEB_MAX_PER_ADDRESS 8
#define WEB_TIMEOUT_SECONDS 30
#define WEB_MAX_URI 2048
#define WEB_MAX_PAGE (16u << 20)
/* Memory of one connection: request line and headers must fit in it
   (libmicrohttpd answers 414 or 431 itself when they do not). */
#define WEB_CONNECTION_MEMORY ((size_t)32 * 1024)

/* The component of libmicrohttpd's log lines (web_mhd_log). */
static char web_comp[] = "web";

struct web {
	struct MHD_Daemon *daemon;	/* owned */
	struct store *store;		/* foreign */
	struct web_settings set;	/* its strings foreign */
	struct web_limits limits;
	bool loopback;
	unsigned port;
	char token[WEB_GUARD_TOKEN_HEX + 1];	/* CSRF, per process */
};

/* One request, from web_uri (its first sight) to web_done. */
struct web_req {
	bool uri_too_long;	/* target longer than limits.max_uri */
	struct web_post *post;	/* owned: a decision's body being read */
	char ref[32];		/* the decision's case */
	char actor[8 + WEB_GUARD_USER_MAX];	/* "web:NAME" */
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
	struct web_req *q = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (q != NULL) {
		web_post_free(&q->post);
		free(q);
	}
	*con_cls = NULL;
}

/* Reads the filters of the case list from the query string. Returns 0,
   or -1 when one is not a known value (r is then a 400 page). */
static int
web_query(struct MHD_Connection *c, struct web_query *q, struct web_reply *r)
{
	enum case_status st;
	const char *v;

	q->status = q->stream = q->text = NULL;
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	if (v != NULL && v[strspn(v, " ")] != '\0') {
		if (strlen(v) > WEB_MAX_SEARCH || !utf8_valid(v, strlen(v))) {
			web_pages_error(r, 400, "The search text must be UTF-8 "
					"of at most 200 bytes.");
			return -1;
		}
		q->text = v;
	}
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "status");
	if (v != NULL && *v != '\0') {
		if (workflow_status_parse(v, &st) < 0) {
			web_pages_error(r, 400, "Unknown status.");
			return -1;
		}
		q->status = workflow_status_name(st);
	}
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "stream");
	if (v != NULL && *v != '\0') {
		if (strcmp(v, "ip") != 0 && strcmp(v, "abuse") != 0) {
			web_pages_error(r, 400, "Unknown stream.");
			return -1;
		}
		q->stream = v;
	}
	return 0;
}

/* /case/REF and /case/REF/attachment/SHA256; rest follows "/case/". */
static void
web_route_case(struct web *w, const char *rest, struct web_reply *r)
{
	struct web_case_extra x = { w->set.decisions ? w->token : NULL, NULL };
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
	if (strncmp(slash, att, sizeof(att) - 1) != 0) {
		web_pages_error(r, 404, "There is no such page.");
		return;
	}
	if (!web_html_is_sha256(slash + sizeof(att) - 1)) {
		web_pages_error(r, 400, "This is not a SHA-256 in lower-case "
				"hex.");
		return;
	}
	web_pages_attachment(w->store, ref, slash + sizeof(att) - 1, r);
}

static void
web_route(struct web *w, struct MHD_Connection *c, const char *url,
	  struct web_reply *r)
{
	struct web_query q;

	if (strcmp(url, "/") == 0) {
		if (web_query(c, &q, r) == 0)
			web_pages_list(w->store, &q, r);
	} else if (strcmp(url, "/quarantine") == 0) {
		web_pages_quarantine(w->store, r);
	} else if (strncmp(url, "/case/", 6) == 0) {
		web_route_case(w, url + 6, r);
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
					     "text/html; charset=utf-8") ==
		     MHD_YES;
		if (ok && r->status == 405)
			ok = MHD_add_response_header(resp, "Allow",
						     "GET, HEAD") == MHD_YES;
		if (ok && r->location[0] != '\0')
			ok = MHD_add_response_header(resp, "Location",
						     r->location) == MHD_YES;
	}
	if (!ok || !web_mhd_headers(resp))
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

/* Sets q->actor: "web:" + the trusted proxy's header when one is
   configured (it must then be there once, with a usable name), else the
   configured actor. Returns 0, or -1 when r is a 403 page. */
static int
web_actor(const struct web *w, struct MHD_Connection *c, struct web_req *q,
	  struct web_reply *r)
{
	struct web_count k = { w->set.user_header, 0 };
	const char *v;

	if (w->set.user_header == NULL) {
		snprintf(q->actor, sizeof(q->actor), "%s", w->set.actor);
		return 0;
	}
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					w->set.user_header);
	MHD_get_connection_values(c, MHD_HEADER_KIND, web_count_header, &k);
	if (k.n != 1 || !web_guard_user_ok(v)) {
		web_pages_error(r, 403, "This console is served through a proxy "
				"that names the staff member; this request "
				"carries no usable name.");
		return -1;
	}
	snprintf(q->actor, sizeof(q->actor), "web:%s", v);
	return 0;
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

/* The first look at a POST: only to /case/REF/action, when decisions are
   on, from a page of this server (Origin or Referer), with a form body
   that fits WEB_MAX_FORM. Returns 1 when the body is to be read (q->post
   is set), or 0 when r holds the refusal. */
static int
web_post_begin(struct web *w, struct MHD_Connection *c, const char *url,
	       struct web_req *q, struct web_reply *r)
{
	const char *len, *fwd = NULL;

	if (!w->set.decisions) {
		web_pages_error(r, 405, "This console is read-only: decisions "
				"are off (serve --allow-decisions or [web] "
				"decisions = true switch them on).");
		return 0;
	}
	if (!web_action_ref(url, q)) {
		web_pages_error(r, 405, "Only GET and HEAD are served here.");
		return 0;
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

/* The body of a decision has been read: check the token, then decide. */
static void
web_post_end(struct web *w, struct web_req *q, struct web_reply *r)
{
	struct web_form f;
	const char *why;
	unsigned status;

	if (web_post_finish(q->post, &f, &status, &why) < 0)
		web_pages_error(r, status, why);
	else if (!web_guard_token_equal(w->token, f.token))
		web_pages_error(r, 403, "The form's token is missing or stale "
				"(the console was restarted): reload the case "
				"page and decide again.");
	else
		web_decide(w->set.cfg, w->store, q->ref, &f, q->actor, w->token,
			   r);
	web_post_free(&q->post);
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
	if (q->post != NULL && *upload_data_size > 0) {
		web_post_feed(q->post, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	web_pages_reply_init(&r, w->limits.max_page);
	host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (q->post != NULL) {
		web_post_end(w, q, &r);
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
	} else if (web_actor(w, c, q, &r) < 0) {
		/* r is the refusal */
	} else if (strcmp(method, "POST") == 0) {
		if (web_post_begin(w, c, url, q, &r) == 1) {
			web_pages_reply_free(&r);
			return MHD_YES;		/* the body comes next */
		}
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		web_pages_error(&r, 405, "Only GET and HEAD are served.");
	} else {
		web_route(w, c, url, &r);
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
	if (w->set.actor == NULL)
		w->set.actor = "web";
	if (w->set.allowed_hosts != NULL && *w->set.allowed_hosts == '\0')
		w->set.allowed_hosts = NULL;
	if (!l->loopback && (w->set.allowed_hosts == NULL ||
			     w->set.user_header == NULL)) {
		err_set(err, ERR_FATAL, "web: a listen address that is not "
			"loopback needs [web] allowed_hosts (the names it "
			"answers to) and [web] user_header (an authenticating "
			"proxy)");
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
		MHD_OPTION_NOTIFY_COMPLETED, web_done, NULL,
		MHD_OPTION_END);
	if (w->daemon == NULL) {
		err_set(err, ERR_FATAL, "cannot listen on %s port %u (the log "
			"line before says why)", host, (unsigned)port);
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
	explicit_bzero(w->token, sizeof(w->token));
	free(w);
	*wp = NULL;
}
