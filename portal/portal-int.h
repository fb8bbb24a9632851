/* portal/portal-int.h - what the portal's files share: the daemon's
   state, the pages, holding and confirming forms.
   Never included from outside portal/. */
#ifndef RG_PORTAL_INT_H
#define RG_PORTAL_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "portal/portal.h"
#include "portal/portal_form.h"
#include "portal/portal_upload.h"
#include "web/web_deadline.h"
#include "web/web_guard.h"
#include "web/web_html.h"

#define PORTAL_HOLD_SECONDS (48 * 3600)	/* a held form waits this long */

struct portal {
	struct MHD_Daemon *daemon;	/* owned */
	struct web_deadline *deadline;	/* owned: each request head's */
	struct portal_settings set;	/* borrowed things */
	const struct config *cfg;
	unsigned port;
	unsigned char secret[32];	/* keys the forms' CSRF tokens: kept
					   in the store (portal_keys), so a
					   form outlives a restart */
	char *to_addr;			/* our address, owned */
	char *mid_host;			/* host of our Message-IDs, owned */
	uint64_t max_bytes;
	time_t last_expire;
	unsigned char *link_key;	/* owned: key of the case links, or
					   NULL (no status pages) */
	size_t link_key_len;
};

/* One answer. */
struct portal_reply {
	unsigned status;
	struct web_html page;
	char location[512];	/* a 303's target, "" if none */
};

/* ---- pages (portal_pages.c) ---- */

/* The form of kind, with the values of in (NULL: empty) and the issues
   of c (NULL: none) next to their fields, carrying csrf. */
void portal_pages_form(struct portal_reply *r, bool zh,
		       enum portal_form_kind kind,
		       const struct portal_upload_result *in,
		       const struct portal_check *c, const char *csrf,
		       unsigned max_mb, unsigned max_files);
/* A page of one title and one paragraph (both constant text of the
   chosen language) with status. */
void portal_pages_note(struct portal_reply *r, bool zh, unsigned status,
		       const char *title, const char *text);
/* The page before filing a held form: a button posting token. */
void portal_pages_confirm(struct portal_reply *r, bool zh, int64_t id,
			  const char *token);
/* The page after filing: the case's reference. */
void portal_pages_filed(struct portal_reply *r, bool zh, const char *ref);
/* The start page: links to the two forms. */
void portal_pages_home(struct portal_reply *r, bool zh);

/* ---- holding and confirming (portal_hold.c) ---- */

/* Holds the complete form m with the files of in: the files under their
   SHA-256, a pending row, and the mail with the link queued to m->email
   (in zh or en). Returns 0, or -1 with err set (nothing held). */
int portal_hold(struct portal *p, const struct portal_msg *m,
		const struct portal_upload_result *in, const char *message_id,
		const char *headers, bool zh, time_t now, struct err *err);
/* Checks token against held form id. Returns 1 with *h filled (the
   caller clears it), 0 when there is no such form or the token is wrong
   (the same answer), or -1 with err set. */
int portal_hold_find(struct portal *p, int64_t id, const char *token,
		     struct store_portal_held *h, struct err *err);
/* Files held form h through the pipeline and marks it confirmed.
   Returns 0 with the case's reference in ref_r ("" when the message was
   quarantined), or -1 with err set. */
int portal_hold_file(struct portal *p, const struct store_portal_held *h,
		     char *ref_r, size_t ref_size, struct err *err);
/* Writes mm and files it through the pipeline as seen at mailbox (a
   location of its own: the time and a random number) from a mailbox of
   stream ("ip" or "abuse"), recorded as come by the web, then flushes.
   Returns 0 with *res_r filled, or -1 with err set. */
int portal_hold_pipe(struct portal *p, const struct portal_mime *mm,
		     const char *mailbox, const char *stream,
		     struct pipeline_result *res_r, struct err *err);
/* The extra headers of a message the portal writes for a party of case
   v: the channel, and In-Reply-To and References naming the newest mail
   of the case sent to address (the one whose link brought the party
   here), so the pipeline authenticates it as a reply to our mail, the
   link being proof of having received it. Owned by the caller. */
char *portal_hold_reply_headers(const struct store_case_view *v,
				const char *address);
/* Deletes what expired, at most once a minute. */
void portal_hold_expire(struct portal *p, time_t now);

/* Writes a new Message-ID of ours, "portal.HEX@HOST", to out. Returns 0,
   or -1 without random bytes. */
int portal_message_id(const struct portal *p, char *out, size_t size);

/* ---- the reporter's page (portal_status.c) ---- */

/* GET /status/REF?t=TOKEN: the page, or 404 for an unknown case or a
   wrong or missing token alike. */
void portal_status_get(struct portal *p, const char *ref, const char *token,
		       bool zh, struct portal_reply *r);
/* POST /status/REF: what in sends (files, listings, a message; its csrf
   field is the page's token) filed as a follow-up from the reporter,
   then the page again; 422 when nothing was sent, 404 as for GET. */
void portal_status_post(struct portal *p, const char *ref,
			const struct portal_upload_result *in,
			struct portal_reply *r);

/* ---- a vendor's counter-notice (portal_counter.c) ---- */

/* GET /counter/REF?v=VENDOR&t=TOKEN: the form, or 404 for an unknown
   case, a wrong token or an address that is no vendor of the case. */
void portal_counter_get(struct portal *p, const char *ref,
			const char *vendor, const char *token, bool zh,
			struct portal_reply *r);
/* POST /counter/REF: the counter-notice (fields statement, name,
   contact, files evidence; v and csrf as in the link) filed as the
   vendor's mail would be; 422 without a statement, 404 as for GET. */
void portal_counter_post(struct portal *p, const char *ref,
			 const struct portal_upload_result *in,
			 struct portal_reply *r);

#endif
