/* console/web.h - the staff web console (reportgate serve): an HTTP
   server on libmicrohttpd (web.c: listening, limits, routing, security
   headers, the guards of decisions; web_post.c: form bodies), its pages
   (web_pages.c, with the decision forms of web_forms.c) and the
   decisions (web_decide.c), which call the workflow the command line
   calls. Read-only unless decisions are switched on. libmicrohttpd types
   stay inside web.c and web_post.c. */
#ifndef RG_WEB_H
#define RG_WEB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/config.h"
#include "web/web_html.h"
#include "web/web_listen.h"
#include "store/store.h"

/* ---- the server (web.c) ---- */

struct web;	/* opaque: the running daemon */

/* Limits of the server; 0 in a field takes the default. */
struct web_limits {
	unsigned max_connections;	/* 32 */
	unsigned max_per_address;	/* connections per client address, 8 */
	unsigned timeout_seconds;	/* idle connections closed, 30 */
	size_t max_uri;			/* bytes of the request target, 2048 */
	size_t max_page;		/* bytes of one HTML page, 16 MiB */
};

/* What the console may do and whom it records as acting. Borrowed: it
   must outlive the server. */
struct web_settings {
	const struct config *cfg;	/* for the workflow (templates, mail) */
	bool decisions;			/* serve POST /case/REF/action */
	const char *user_header;	/* a trusted proxy's header naming the
					   staff member (NULL: none); when
					   set, every request needs it */
	const char *actor;		/* the actor without user_header:
					   "web:NAME" */
	const char *allowed_hosts;	/* Host names served (commas or
					   blanks between them); NULL or "":
					   loopback names only */
};

/* The largest form body of a decision, in bytes. */
#define WEB_MAX_FORM ((size_t)16 * 1024)

/* Starts serving on l in one internal thread of libmicrohttpd; every
   request is answered in that thread, which alone uses store until
   web_stop returns. store and set stay owned by the caller and must
   outlive the server (set NULL: read-only, no proxy). A request without
   a Host header gets 400; with set->allowed_hosts, one whose Host is not
   among them (nor a loopback name on a loopback l) 421; without it, on
   a loopback l, one whose Host is not a loopback name 421 (DNS
   rebinding). An l that is not loopback needs set->allowed_hosts and
   set->user_header (authentication): else ERR_FATAL. With set->decisions, a POST to
   /case/REF/action needs the per-process token (drawn here with
   gnutls_rnd) and an Origin (or Referer) naming this server. Returns a
   new server owned by the caller (web_stop), or NULL with err set. */
struct web *web_start(const struct web_listen *l,
		      const struct web_limits *limits,
		      const struct web_settings *set, struct store *store,
		      struct err *err);
/* Stops the daemon (finishing nothing new, closing connections) and
   frees it; NULL-safe; sets *w = NULL. */
void web_stop(struct web **w);

/* ---- the pages (web_pages.c), called by web.c ---- */

/* One answer. Either an HTML page (fd < 0) or a file to download. */
struct web_reply {
	unsigned status;		/* HTTP status, 200 unless set */
	struct web_html page;		/* the HTML body when fd < 0 */
	int fd;				/* >= 0: file to send, owned */
	uint64_t size;			/* of that file */
	struct buf disposition;		/* its Content-Disposition */
	char location[64];		/* the target of a 303, "" if none */
};

/* Prepares an empty 200 reply whose page holds at most max_page bytes. */
void web_pages_reply_init(struct web_reply *r, size_t max_page);
/* Frees the page and closes fd if still owned (NULL-safe). */
void web_pages_reply_free(struct web_reply *r);

/* Filters of the case list, checked by the caller (NULL: any). */
struct web_query {
	const char *status;	/* a workflow status name */
	const char *stream;	/* "ip" or "abuse" */
	const char *text;	/* search text (store_case_search): UTF-8,
				   at most WEB_MAX_SEARCH bytes */
};
#define WEB_MAX_SEARCH 200

/* What the case page shows beyond the case. */
struct web_case_extra {
	const char *token;	/* non-NULL: decisions are on; the forms
				   carry it */
	const char *notice;	/* a refused decision's sentence, or NULL */
};

/* Each fills r: the page, or an error page (404 unknown case or
   attachment, 503 when the store is busy, 500 otherwise; store errors
   are logged). Arguments have been checked by the caller: ref with
   web_html_is_ref, sha256 with web_html_is_sha256. */
void web_pages_list(struct store *s, const struct web_query *q,
		    struct web_reply *r);
void web_pages_case(struct store *s, const char *ref,
		    const struct web_case_extra *x, struct web_reply *r);
/* Serves the attachment file with that hash only when it belongs to a
   message of case ref. */
void web_pages_attachment(struct store *s, const char *ref,
			  const char *sha256, struct web_reply *r);
void web_pages_quarantine(struct store *s, struct web_reply *r);
/* Replaces r's page with an error page of status and a sentence (what,
   a constant) explaining it. */
void web_pages_error(struct web_reply *r, unsigned status, const char *what);

/* ---- decisions (web_forms.c, web_decide.c) ---- */

/* The fields of a posted decision form (web_post.c reads them; NULL:
   absent). */
struct web_form {
	const char *token, *action, *reason, *text, *party, *what, *days;
};

/* Appends to h the forms of the decisions the state machine allows on
   case c (note always), each posting to /case/REF/action with token. */
void web_forms_case(struct web_html *h, const struct store_case *c,
		    const char *token);

/* Carries out decision f (its token already checked) on case ref as
   actor, through the workflow_* function `reportgate cases` calls, so
   the event records actor. Fills r: a 303 to the case page when done;
   else the case page with the reason shown and status 400 (a field
   missing or wrong), 404 (no such case) or 409 (refused; nothing
   changed); else an error page (503 busy, 500; logged). The forms of
   that page carry token. */
void web_decide(const struct config *cfg, struct store *s, const char *ref,
		const struct web_form *f, const char *actor,
		const char *token, struct web_reply *r);

#endif
