/* outbox/mailq.h - the one place where a template and its values become
   a queued outbox mail: per-recipient rate limit, render, Message-ID of
   SPEC §3, MIME build (mailbuild), outbox row and event, all inside the
   caller's open transaction. Used by the acknowledgements (ack.c) and the
   staff workflow. Sending is outbox.c's business, later. */
#ifndef RG_MAILQ_H
#define RG_MAILQ_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/strv.h"
#include "common/config.h"
#include "store/store.h"
#include "templates/template.h"

struct mail_attachment;	/* outbox/mailbuild.h */

struct mailq;	/* opaque: our From, Message-ID host, limits, templates */

/* One mail to queue. Every pointer is borrowed for the call only. */
struct mailq_mail {
	int64_t case_id;		/* the case it is about (required) */
	const char *ref;		/* its reference, for the Message-ID */
	const char *kind;		/* outbox kind: "ack", "vendor_notice",
					   ...; also the rate-limit bucket */
	const char *template_name;	/* e.g. "ack_incomplete" */
	const char *lang;		/* "en" / "zh" (else en) */
	const struct tvars *vars;	/* every name the template uses */
	const char *to_name;		/* display name or NULL */
	const char *to_addr;		/* bare address (required) */
	const char *in_reply_to;	/* id without <> of the mail answered,
					   or NULL */
	const struct strv *references;	/* ids without <>, oldest first,
					   in_reply_to last; NULL: in_reply_to
					   alone */
	bool rate_limited;		/* apply the intake.ack_limit_* limits
					   to to_addr (without "+detail"), its
					   domain and all, counting mails of
					   the same kind */
	const char *auto_submitted;	/* NULL: "auto-replied" for kind "ack",
					   else "auto-generated" (RFC 3834) */
	const struct mail_attachment *attachments;	/* passed on as
					   they are (mailbuild.h); may be NULL */
	size_t n_attachments;
	const char *stream;		/* "ip" | "abuse": the From is that
					   stream's [mailbox] from; NULL or
					   none set: [smtp] from */
	int64_t *outbox_id_r;		/* when not NULL: the queued mail's
					   outbox id goes here (0 when
					   nothing is queued) */
};

/* Builds a mail queue from cfg: From = [smtp] from (for a mail of a
   stream, the from of the first [mailbox] of that stream that has one),
   the Message-ID host =
   intake.message_id_host or else the domain of that address, limits =
   intake.ack_limit_hour/day/domain_hour/global_hour. set (templates) and cfg are borrowed and
   must outlive the queue; clock NULL means time(). Returns a queue owned
   by the caller (mailq_free), or NULL with err set (ERR_FATAL naming
   smtp.from when it is empty or not one mailbox, or
   intake.message_id_host when no valid host results). */
struct mailq *mailq_new(const struct config *cfg,
			const struct template_set *set, time_t (*clock)(void),
			struct err *err);
/* Frees q; NULL-safe; sets *q = NULL. */
void mailq_free(struct mailq **q);

/* Returns our From address (bare, borrowed from q): a gateway address
   that must never be answered. */
const char *mailq_from_addr(const struct mailq *q);

/* Queues m inside the caller's open transaction on store (store_begin):
   1. to_addr must pass smtp_address_ok;
   2. with rate_limited, counts the mails of m->kind created in the last
      hour and day to to_addr ("+detail" ignored), in the last hour to its
      domain and to anyone (store_outbox_count_scope); at a limit nothing
      is queued;
   3. renders m->template_name in m->lang with m->vars;
   4. Message-ID "REF.SEQ.RANDOM@HOST", SEQ = the case's next outbox
      sequence number;
   5. builds the MIME message (mailbuild_render: Date = clock, threading
      headers, Auto-Submitted, Content-Language);
   6. adds it to the outbox (due now) with the event "mail.queued" on the
      case, detail {outbox, kind, template, lang, message_id, to}.
   When nothing is queued (2, or 1/3/5 failing on this mail's data: an
   ERR_MSG), *queued_r = 0 and an event "<kind>.suppressed" (e.g.
   "ack.suppressed") records {reason, to, ...}: reasons "rate_limit_hour",
   "rate_limit_day", "rate_limit_domain_hour", "rate_limit_global_hour",
   "bad_address", "render" or "build"; returns 0.
   Returns 0 and *queued_r = 1 when queued. Returns -1 with err set on a
   store error (ERR_TEMP / ERR_FATAL) or a template that cannot render at
   all (unknown template or variable: ERR_FATAL); the caller rolls back.
   Logs one line (mail.queued / mail.suppressed), never the full
   address. */
int mailq_queue(struct mailq *q, struct store *store,
		const struct mailq_mail *m, int *queued_r, struct err *err);

#endif
