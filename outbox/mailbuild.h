/* outbox/mailbuild.h - compose the RFC 5322 message of an acknowledgement
   (or any mail the gateway sends) with GMime: UTF-8 text/plain, RFC 2047
   headers, threading headers, CRLF line ends, ready for smtp_send().
   GMime stays inside mailbuild.c; only plain C crosses this header.

   Values that come from a sender (subject, names, addresses, message ids)
   can never add a header: control characters (CR, LF, TAB, NUL, C1, U+2028,
   U+2029, DEL) in text become spaces before GMime sees them, invalid UTF-8
   becomes U+FFFD, "=?" gets a zero-width space after '=' (GMime decodes
   encoded-word lookalikes), '=' in display names becomes a space (GMime
   3.2.13 does not escape it in Q-encoded phrases), addresses must pass
   smtp_address_ok() and ids a strict msg-id check. */
#ifndef RG_MAILBUILD_H
#define RG_MAILBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/strv.h"

/* Longest subject and display name kept (bytes of UTF-8, cut on a
   character boundary); longer text from a sender is cut. */
#define MAILBUILD_MAX_SUBJECT 400
#define MAILBUILD_MAX_NAME 200
/* At most this many References ids are written: the first one and the
   last MAILBUILD_MAX_REFERENCES - 1 (RFC 5322 3.6.4 allows trimming). */
#define MAILBUILD_MAX_REFERENCES 20

/* One outgoing mail. All strings are borrowed, UTF-8, may come from a
   sender unless noted; NULL means absent. */
struct mail_out {
	const char *from_name;		/* display name or NULL */
	const char *from_addr;		/* required, bare address */
	const char *to_name;
	const char *to_addr;		/* required, bare address */
	const char *subject;		/* NULL = empty */
	const char *body;		/* UTF-8 text, LF or CRLF; NULL = "" */
	const char *message_id;		/* required, ours, without <> */
	const char *in_reply_to;	/* parent's id without <>, or NULL */
	const struct strv *references;	/* ids without <>, oldest first, the
					   parent's last; NULL or empty: the
					   parent's id alone, if any */
	int64_t date;			/* unix time (injected for tests) */
	const char *auto_submitted;	/* "auto-replied" (NULL = this) or
					   "auto-generated" */
	const char *lang;		/* Content-Language, e.g. "en"; NULL
					   or not a language tag: none */
};

/* Takes a reference on GMime (g_mime_init is counted, so the parsers may
   hold their own); call once at startup, and mailbuild_shutdown once at
   exit. GMime 3.2.13 cannot be initialised again after its last shutdown
   (GLib-CRITICALs, broken tables): do not cycle them per message. */
void mailbuild_init(void);
void mailbuild_shutdown(void);

/* Renders m as a complete message: From, To, Subject, Date, Message-ID,
   In-Reply-To, References, Auto-Submitted, MIME-Version, Content-Type
   text/plain; charset=utf-8 with 7bit, quoted-printable or base64 (the
   best fit), Content-Language; every line ends in CRLF. In-Reply-To and
   References ids that fail the msg-id check are left out (they come from
   the sender). Returns 0 and *data_r (NUL-terminated, owned by the caller,
   free()) with its length in *len_r; or -1 with err set (ERR_MSG: an
   address or our message id is invalid, or the date is out of range). */
int mailbuild_render(const struct mail_out *m, char **data_r, size_t *len_r,
		     struct err *err);

/* Returns a new Message-ID (without <>) "REF.SEQ.RANDOM@HOST" (SPEC §3),
   RANDOM being 12 lower-case hex digits from the system's random source;
   owned by the caller (free). Returns NULL if ref is not [A-Za-z0-9-]+ or
   host is not a host name ([A-Za-z0-9.-]+, no leading or trailing dot or
   hyphen). */
char *mailbuild_message_id(const char *ref, unsigned seq, const char *host);

/* Splits a mailbox like the [smtp] from key, "IP Reports <ip@example.net>"
   or a bare address, into *name_r (NULL when none) and *addr_r, both owned
   by the caller. Returns 0, or -1 with err set (ERR_FATAL: it is our
   configuration) unless it is exactly one valid mailbox. */
int mailbuild_split_mailbox(const char *mailbox, char **name_r,
			    char **addr_r, struct err *err);

#endif
