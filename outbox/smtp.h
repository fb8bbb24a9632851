/* outbox/smtp.h - hand one finished message to an SMTP server with libcurl
   and say, per recipient, what became of it. The only place where a
   CURLcode is interpreted. No queue, no retry loop, no logging: the outbox
   decides what to do with the result.

   One SMTP transaction per recipient. With CURLOPT_MAIL_RCPT_ALLLOWFAILS
   libcurl sends to the accepted recipients of a multi-recipient transaction
   but does not say which one failed, and a final DATA reply applies to all
   of them. Acknowledgements have one recipient, so one transaction each
   (on its own connection) costs nothing and gives an exact status per
   address.

   Line ends must already be CRLF (curl sends bytes as given; it does the
   dot-stuffing). A timeout after the final dot is reported as ERR_TEMP
   although the server may have taken the message: a retry can then
   duplicate it (RFC 1047), which is the lesser evil for an answer.
   The password is handed to libcurl, which frees its copy without wiping
   it; smtp.c keeps none and never copies AUTH lines (only command verbs).

   Failure classes (res->err.class):
     ERR_TEMP   network, timeout, TLS handshake trouble, 4xx anywhere, 421:
                the recipients are SMTP_TEMPFAIL; retry after backoff_delay().
     ERR_FATAL  the gateway's own setup is wrong and retrying the same
                message cannot help until an operator acts: bad URL, server
                certificate not verified, STARTTLS required but not offered,
                AUTH refused (535) or demanded (530), our MAIL FROM refused
                with 5xx. The recipients are SMTP_TEMPFAIL: the message is
                fine and must stay queued; the outbox should pause sending,
                log an error, and try again after its longest backoff
                (`send --once` exits 1).
     ERR_MSG    this message can never be sent (bare LF line ends, no
                recipients): the recipients are SMTP_PERMFAIL.
   A 4xx/5xx answer to RCPT or to the end of DATA is about that recipient
   only: it sets that recipient's status and is not a session error. */
#ifndef RG_SMTP_H
#define RG_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

struct smtp_settings {
	const char *url;	/* smtp://host[:port][/ehlo-name]: STARTTLS
				   required unless allow_plaintext (then
				   none); smtps://: implicit TLS */
	const char *ca_file;	/* NULL or "": the system's CAs */
	const char *user;	/* NULL or "": no AUTH */
	const char *password;	/* borrowed; smtp.c keeps no copy */
	const char *mail_from;	/* bare address for MAIL FROM */
	bool allow_plaintext;	/* smtp:// without any TLS */
	unsigned timeout_s;	/* per transaction, connect included; 0 = 60 */
};

enum smtp_status {
	SMTP_DELIVERED = 0,	/* the server took responsibility (250) */
	SMTP_TEMPFAIL,		/* not sent; may work later */
	SMTP_PERMFAIL		/* refused for good (5xx) or invalid */
};

struct smtp_rcpt_result {
	enum smtp_status status;
	int code;		/* last SMTP reply code, 0 if none (network) */
	char text[160];		/* short printable reason: the server's reply
				   line or our own words; never a secret */
};

struct smtp_result {
	struct smtp_rcpt_result *rcpts;	/* owned, n_rcpts entries, in the
					   order of the rcpts argument */
	size_t n_rcpts;
	size_t n_delivered;
	struct err err;		/* the session failure, ERR_NONE if none */
};

/* Prepares libcurl's global state; call once at startup before any
   thread. Returns 0, or -1 with err set (ERR_FATAL). */
int smtp_global_init(struct err *err);
/* Releases libcurl's global state (at exit). */
void smtp_global_cleanup(void);

/* Sends data[0..len) (a complete RFC 5322 message with CRLF line ends, as
   mailbuild_render() makes it) to each of rcpts (bare addresses), one
   transaction per recipient. Fills res (the caller's; freed with
   smtp_result_free) with one entry per recipient. Returns 0 when every
   recipient got an answer of its own (delivered, or refused at RCPT or
   DATA); -1 when the session failed (res->err says why and how; the
   recipient that hit it and all later ones are marked with the same status
   and not tried). settings and its strings stay owned by the caller. */
int smtp_send(const struct smtp_settings *settings,
	      const char *const *rcpts, size_t n_rcpts,
	      const char *data, size_t len, struct smtp_result *res);
/* Frees what res owns and zeroes it; NULL-safe. */
void smtp_result_free(struct smtp_result *res);
/* Returns the static name of a status: "delivered", "tempfail",
   "permfail". */
const char *smtp_status_name(enum smtp_status status);

/* Returns true if addr can go into an SMTP envelope or an address header
   unchanged: local@domain, at most 254 bytes, valid UTF-8, exactly one @,
   non-empty local part and domain, and no control character, space,
   < > ( ) [ ] , ; : " \ or DEL. Stricter than RFC 5321 on purpose:
   quoted local parts are refused. */
bool smtp_address_ok(const char *addr);

#endif
