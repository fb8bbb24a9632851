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
#include "console/auth.h"
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
	unsigned header_timeout_seconds;	/* a request's whole head is
						   due within it, 10 (web/
						   web_deadline.h) */
	size_t max_uri;			/* bytes of the request target, 2048 */
	size_t max_page;		/* bytes of one HTML page, 16 MiB */
};

/* What the console may do and how staff sign in. Borrowed: it must
   outlive the server. */
struct web_settings {
	const struct config *cfg;	/* for the workflow (templates, mail) */
	bool decisions;			/* serve POST /case/REF/action */
	const char *user_header;	/* a trusted proxy's header naming the
					   staff account (NULL: none, staff
					   sign in at /login); when set,
					   every request needs it */
	bool https;			/* cookie Secure, __Host- prefix */
	unsigned login_failures;	/* failures that lock an account */
	unsigned lockout_seconds;	/* how long */
	unsigned session_idle;		/* seconds unused that end a session */
	unsigned session_max;		/* seconds after sign-in that end it */
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
   rebinding). An l that is not loopback needs set->allowed_hosts: else
   ERR_FATAL. Every page but /login and /style.css needs a signed-in
   session (or the proxy's header naming an account); without one a GET
   is sent to /login (303) and a POST refused (403). Every POST needs an
   Origin (or Referer) naming this server and a form token: the
   per-process one (drawn here with gnutls_rnd) on /login, the
   session's own elsewhere. With set->decisions, POST /case/REF/action
   decides as far as the account's role allows (else 403). Returns a
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
	char cookie[192];		/* a Set-Cookie value, "" if none */
	const char *content_type;	/* a constant; NULL: a page is
					   text/html, a file
					   application/octet-stream */
	bool sandbox;			/* the file is shown in place: its
					   own CSP, sandboxed */
	const char *who;		/* the signed-in account the pages
					   name, or NULL; borrowed */
	const char *who_token;		/* its form token (sign-out), or
					   NULL when it cannot sign out */
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
	enum store_queue queue;	/* the tab (?tab=), QUEUE_OPEN unless set */
	const char *category;	/* an abuse category name */
	const char *vendor;	/* a vendor's address */
	const char *assignee;	/* an account name, or "-" */
	unsigned min_age_days;	/* opened at least this many days ago */
	bool by_activity;	/* ?sort=activity */
	unsigned page;		/* ?page=, from 1 */
	/* Set by the caller, not from the query: */
	const char *me;		/* the signed-in account */
	const char *token;	/* the bulk form's token, NULL: no form */
	enum auth_role role;
};
#define WEB_MAX_SEARCH 200
/* Cases a page of the list shows. */
#define WEB_PAGE_SIZE 50

/* What the case page shows beyond the case. */
struct web_case_extra {
	const char *token;	/* non-NULL: decisions are on; the forms
				   carry it */
	const char *notice;	/* a refused decision's sentence, or NULL */
	enum auth_role role;	/* the forms shown are the ones it may use */
	const struct config *cfg;	/* its [dsa] keys count the standing
					   of reporter and vendors; NULL:
					   not shown */
};

/* Each fills r: the page, or an error page (404 unknown case or
   attachment, 503 when the store is busy, 500 otherwise; store errors
   are logged). Arguments have been checked by the caller: ref with
   web_html_is_ref, sha256 with web_html_is_sha256. */
/* The case list: the page of q's queue (web_queues.c), or, with a
   search text, the matching cases (web_pages.c). */
void web_pages_list(struct store *s, const struct web_query *q,
		    struct web_reply *r);
void web_pages_search(struct store *s, const struct web_query *q,
		      struct web_reply *r);
void web_pages_case(struct store *s, const char *ref,
		    const struct web_case_extra *x, struct web_reply *r);
/* Serves the attachment file with that hash only when it belongs to a
   message of case ref: to download, or with view to be shown in place
   when its first bytes make it an image (PNG, JPEG, GIF, WebP; never
   SVG), a PDF or UTF-8 text (then inline, with the type of its bytes,
   in a sandbox); anything else is downloaded. */
void web_pages_attachment(struct store *s, const char *ref,
			  const char *sha256, bool view,
			  struct web_reply *r);
/* Shows message id of case ref as it was received, as plain text (UTF-8
   when it is valid UTF-8) in a sandbox: the whole mail, quoted history
   and headers included. 404 when the message is not the case's. */
void web_pages_message(struct store *s, const char *ref, int64_t id,
		       struct web_reply *r);
void web_pages_quarantine(struct store *s, struct web_reply *r);
/* The Reports page (web_report.c): the transparency report of the days
   from..to (each the first second of a UTC day, from <= to; both
   included), as bar charts in inline SVG and tables, with a form to
   choose the days. */
void web_pages_report(struct store *s, time_t from, time_t to,
		      struct web_reply *r);
/* Replaces r's page with an error page of status and a sentence (what,
   a constant) explaining it. */
void web_pages_error(struct web_reply *r, unsigned status, const char *what);
/* Fills r with the console's stylesheet (text/css). */
void web_pages_style(struct web_reply *r);
/* Starts r's page with the head, style and navigation (naming r->who
   with a sign-out button when r->who_token is set) under title. */
void web_pages_head(struct web_reply *r, const char *title);
/* Ends r's page. */
void web_pages_foot(struct web_reply *r);

/* ---- decisions (web_forms.c, web_decide.c) ---- */

/* The fields of a posted decision form (web_post.c reads them; NULL:
   absent). */
struct web_form {
	const char *token, *action, *reason, *text, *party, *what, *days;
	const char *user, *password;	/* the sign-in form */
	const char *assignee;	/* assign: an account, or "-" for none */
	const char *cases;	/* the bulk form: references, one a line */
	const char *listings;	/* listing ids, one a line (the field
				   "listing", repeated) */
	const char *vendor;	/* a vendor's address */
	const char *request;	/* an evidence request's id */
	const char *rights;	/* rights claimed, one a line:
				   TYPE:JURISDICTION:NUMBER */
	const char *holder;	/* the rights holder */
	/* act and the listing decisions: the statement of reasons (docs/
	   WORKFLOW.md "Statements of reasons"), as `cases act` --ground,
	   --explanation and --until take them; empty: the default. */
	const char *ground;	/* illegal | terms */
	const char *explanation;
	const char *until;	/* YYYY-MM-DD, the last day */
};

/* Appends to h the forms of the decisions the state machine allows on
   case c (note always) and role may make, each posting to
   /case/REF/action with token; on a held case only release, close and
   note, with a line saying why it is held. */
void web_forms_case(struct web_html *h, const struct store_case *c,
		    const char *token, enum auth_role role);

/* Carries out decision f (its token already checked) on case ref as
   actor, through the workflow_* function `reportgate cases` calls, so
   the event records actor. Fills r: a 303 to the case page when done;
   else the case page with the reason shown and status 400 (a field
   missing or wrong), 404 (no such case) or 409 (refused; nothing
   changed); else an error page (503 busy, 500; logged). The forms of
   that page carry token and are those role may use. */
void web_decide(const struct config *cfg, struct store *s, const char *ref,
		const struct web_form *f, const char *actor,
		const char *token, enum auth_role role, struct web_reply *r);

/* ---- assignment (web_bulk.c) ---- */

/* Assigns case ref to f->assignee ("-": nobody; else an enabled
   account) as actor. Returns 1 done (or so already), 0 when the
   assignee is not one (a static sentence in *why_r), -1 with err set. */
int web_assign(struct store *s, const char *ref, const struct web_form *f,
	       const char *actor, const char **why_r, struct err *err);
/* Carries out the bulk form f (token and role already checked) as
   actor: f->action "assign" (to f->assignee) or "close" on each case of
   f->cases. A case a close cannot move is left as it is. Fills r: a 303
   to the list; 400 for a bad form; an error page on a store error. */
void web_bulk(const struct config *cfg, struct store *s,
	      const struct web_form *f, const char *actor,
	      struct web_reply *r);

/* ---- sign-in (web_login.c) ---- */

/* Who makes a request. */
struct web_who {
	char name[AUTH_NAME_MAX + 1];	/* the account; "" not signed in */
	enum auth_role role;
	char token[AUTH_HEX + 1];	/* the form token of its pages */
	char session[AUTH_HEX + 1];	/* the stored hash of its session;
					   "" when named by the proxy */
};

/* The session cookie's name: "__Host-rg_session" when set->https, else
   "rg_session". */
const char *web_login_cookie_name(const struct web_settings *set);
/* Looks up the session of the Cookie header cookie (NULL: none) at now.
   Returns 1 with *who filled, 0 when there is no live session, -1 when
   the store failed (r is an error page; logged). */
int web_login_session(struct store *s, const struct web_settings *set,
		      const char *cookie, time_t now, struct web_who *who,
		      struct web_reply *r);
/* Maps the name a trusted proxy sent to an enabled account; its form
   token is token (the per-process one). Returns 1 with *who filled, 0
   when there is no such account (r is a 403 page), -1 on a store error
   (r is an error page). */
int web_login_header(struct store *s, const char *name, const char *token,
		     struct web_who *who, struct web_reply *r);
/* The sign-in page with its form carrying token; notice (a constant
   sentence, or NULL) says why the last attempt failed. */
void web_login_page(struct web_reply *r, const char *token,
		    const char *notice);
/* Signs in with form f (token already checked) from address (the
   client's IP address): refuses (403 sign-in page) when address or the
   account is locked out or the name or password is wrong, recording
   each failure as a global event login.failed and a log line and
   counting it toward the locks; else opens a session, sets r's cookie
   and sends the browser to / (303). */
void web_login_post(struct store *s, const struct web_settings *set,
		    const struct web_form *f, const char *address,
		    const char *token, time_t now, struct web_reply *r);
/* Ends who's session (event logout), clears the cookie, and sends the
   browser to /login (303). */
void web_logout(struct store *s, const struct web_settings *set,
		const struct web_who *who, time_t now, struct web_reply *r);

#endif
