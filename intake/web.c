/* intake/web.c - the HTTP side of the staff web console on libmicrohttpd:
   listening address, request limits (connections, idle timeout, target
   length, per-connection memory), the Host check against DNS rebinding,
   routing with input checks before any store query, and the security
   headers every response carries. One internal thread answers every
   request, so the store is used by one thread at a time. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/workflow.h"
#include "intake/web.h"

#define WEB_MAX_CONNECTIONS 32
#define WEB_TIMEOUT_SECONDS 30
#define WEB_MAX_URI 2048
#define WEB_MAX_PAGE (16u << 20)
/* Memory of one connection: request line and headers must fit in it
   (libmicrohttpd answers 414 or 431 itself when they do not). */
#define WEB_CONNECTION_MEMORY ((size_t)32 * 1024)

/* No scripts, no frames, no referrer, no sniffing, no caching. */
static const char web_csp[] = "default-src 'none'; style-src 'unsafe-inline'";

struct web {
	struct MHD_Daemon *daemon;	/* owned */
	struct store *store;		/* foreign */
	struct web_limits limits;
	bool loopback;
	unsigned port;
};

/* Its address, set as the request's context by web_uri, marks a request
   whose target is longer than limits.max_uri. */
static int web_uri_too_long;

int
web_listen_parse(const char *spec, struct web_listen *l, struct err *err)
{
	struct addrinfo hints, *res = NULL;
	const struct sockaddr_in6 *a6;
	const struct sockaddr_in *a4;
	const char *host, *port, *rb;
	char name[256];
	size_t hlen, plen;
	int rc;

	memset(l, 0, sizeof(*l));
	if (spec[0] == '[') {
		rb = strchr(spec, ']');
		if (rb == NULL || rb[1] != ':')
			goto bad;
		host = spec + 1;
		hlen = (size_t)(rb - host);
		port = rb + 2;
	} else {
		rb = strrchr(spec, ':');
		if (rb == NULL || memchr(spec, ':', (size_t)(rb - spec)))
			goto bad;
		host = spec;
		hlen = (size_t)(rb - spec);
		port = rb + 1;
	}
	plen = strlen(port);
	if (hlen == 0 || hlen >= sizeof(name) || plen == 0 || plen > 5 ||
	    strspn(port, "0123456789") != plen || strtoul(port, NULL, 10) > 65535)
		goto bad;
	memcpy(name, host, hlen);
	name[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(name, port, &hints, &res)) != 0) {
		err_set(err, ERR_FATAL, "listen address %s: %s", spec,
			gai_strerror(rc));
		return -1;
	}
	if (res->ai_addrlen > sizeof(l->addr) ||
	    (res->ai_family != AF_INET && res->ai_family != AF_INET6)) {
		freeaddrinfo(res);
		goto bad;
	}
	memcpy(&l->addr, res->ai_addr, res->ai_addrlen);
	l->addr_len = res->ai_addrlen;
	freeaddrinfo(res);
	if (l->addr.ss_family == AF_INET) {
		a4 = (const struct sockaddr_in *)&l->addr;
		l->loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	} else {
		a6 = (const struct sockaddr_in6 *)&l->addr;
		l->loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr) ||
			      (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr) &&
			       a6->sin6_addr.s6_addr[12] == 127);
	}
	return 0;
bad:
	err_set(err, ERR_FATAL, "listen address %s: must be HOST:PORT or "
		"[IPV6]:PORT", spec);
	return -1;
}

/* Returns true if the Host header value names the loopback interface:
   localhost, 127.x.x.x or [::1], with or without a port. */
static bool
web_host_is_loopback(const char *host)
{
	struct in6_addr a6;
	struct in_addr a4;
	const char *end;
	char name[64];
	size_t n;

	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return false;
		host++;
	} else if ((end = strchr(host, ':')) == NULL) {
		end = host + strlen(host);
	}
	n = (size_t)(end - host);
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, host, n);
	name[n] = '\0';
	if (strcasecmp(name, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, name, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* libmicrohttpd's own messages (bind failures, protocol errors) go to
   our log as one line each. */
__attribute__((format(printf, 2, 0))) static void
web_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char q[512];
	char *msg;
	size_t n;

	(void)cls;
	msg = xvasprintf(fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("web", "web.http", "error=%s", log_q(q, sizeof(q), msg));
	free(msg);
}

/* Called once per request with the raw target, before it is parsed. */
static void *
web_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const struct web *w = cls;

	(void)c;
	return strlen(uri) > w->limits.max_uri ? &web_uri_too_long : NULL;
}

/* Reads the filters of the case list from the query string. Returns 0,
   or -1 when one is not a known value (r is then a 400 page). */
static int
web_query(struct MHD_Connection *c, struct web_query *q, struct web_reply *r)
{
	enum case_status st;
	const char *v;

	q->status = q->stream = NULL;
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
		web_pages_case(w->store, ref, r);
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

/* Adds the headers every response carries. Returns false if one could
   not be added. */
static bool
web_headers(struct MHD_Response *resp)
{
	return MHD_add_response_header(resp, "Content-Security-Policy",
				       web_csp) == MHD_YES &&
	       MHD_add_response_header(resp, "X-Frame-Options", "DENY") ==
	       MHD_YES &&
	       MHD_add_response_header(resp, "Referrer-Policy",
				       "no-referrer") == MHD_YES &&
	       MHD_add_response_header(resp, "X-Content-Type-Options",
				       "nosniff") == MHD_YES &&
	       MHD_add_response_header(resp, "Cache-Control", "no-store") ==
	       MHD_YES;
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
	}
	if (!ok || !web_headers(resp))
		goto out;
	ret = MHD_queue_response(c, r->status, resp);
out:
	if (resp != NULL)
		MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
web_handler(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload_data,
	    size_t *upload_data_size, void **con_cls)
{
	struct web *w = cls;
	struct web_reply r;
	const char *host;
	enum MHD_Result ret;
	char q1[16], q2[300];

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	web_pages_reply_init(&r, w->limits.max_page);
	host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (*con_cls == &web_uri_too_long)
		web_pages_error(&r, 414, "The address is too long.");
	else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		web_pages_error(&r, 405, "Only GET and HEAD are served.");
	else if (w->loopback && host != NULL && !web_host_is_loopback(host))
		web_pages_error(&r, 421, "This server answers only to "
				"localhost addresses.");
	else
		web_route(w, c, url, &r);
	log_debug("web", "web.request", "method=%s path=%s status=%u",
		  log_q(q1, sizeof(q1), method), log_q(q2, sizeof(q2), url),
		  r.status);
	/* Answered on the first call: a request body is never read. */
	ret = web_send(c, &r);
	web_pages_reply_free(&r);
	return ret;
}

struct web *
web_start(const struct web_listen *l, const struct web_limits *limits,
	  struct store *store, struct err *err)
{
	const union MHD_DaemonInfo *info;
	char host[NI_MAXHOST];
	unsigned flags;
	uint16_t port;
	struct web *w;

	w = xcalloc(1, sizeof(*w));
	w->store = store;
	w->loopback = l->loopback;
	if (limits != NULL)
		w->limits = *limits;
	if (w->limits.max_connections == 0)
		w->limits.max_connections = WEB_MAX_CONNECTIONS;
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
		MHD_OPTION_EXTERNAL_LOGGER, web_mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&l->addr,
		MHD_OPTION_CONNECTION_LIMIT, w->limits.max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, w->limits.timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, WEB_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, web_uri, w,
		MHD_OPTION_END);
	if (w->daemon == NULL) {
		err_set(err, ERR_FATAL, "cannot listen on %s port %u (the log "
			"line before says why)", host, (unsigned)port);
		free(w);
		return NULL;
	}
	info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = info != NULL ? info->port : port;
	log_info("web", "web.listening", "addr=%s port=%u loopback=%s", host,
		 w->port, w->loopback ? "yes" : "no");
	return w;
}

unsigned
web_port(const struct web *w)
{
	return w->port;
}

void
web_stop(struct web **wp)
{
	struct web *w;

	if (wp == NULL || (w = *wp) == NULL)
		return;
	MHD_stop_daemon(w->daemon);
	free(w);
	*wp = NULL;
}
