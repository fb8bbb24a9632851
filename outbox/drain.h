/* outbox/drain.h - drains the outbox over SMTP (smtp_send) with retries,
   exponential backoff, a final failure after smtp.give_up_after, and an
   event on the case for every attempt. Used by `send` and `run`.

   Delivery guarantee (at least once; a duplicate only after a crash):
   one sender drains at a time (an exclusive flock(2) on
   "<store.path>.send.lock", released by the kernel when a sender dies).
   For each recipient the sender
     1. claims it in a short committed transaction (store_outbox_claim),
     2. runs the SMTP transaction with no database transaction open,
     3. records the result, the event and clears the claim in one short
        committed transaction.
   A sender killed between 1 and 3 leaves the claim; the next sender finds
   it (store_outbox_recover), records "mail.in_doubt" on the case and sends
   that recipient again. So a crash between the server's 250 and the
   commit of 3 delivers the one mail in flight a second time (at most one
   duplicate per crash, only of that mail); a crash anywhere else
   duplicates nothing, and nothing is ever lost. A timeout after the
   final dot is a temporary failure too (smtp.h): the retry may duplicate.
   Ingest and poll keep working meanwhile: their transactions never wait
   on SMTP. */
#ifndef RG_DRAIN_H
#define RG_DRAIN_H

#include <stdbool.h>
#include <time.h>

#include "common/err.h"
#include "common/config.h"
#include "store/store.h"

/* Longest delay between two attempts of one mail, seconds. */
#define OUTBOX_BACKOFF_MAX (6 * 3600)
/* Mails read per batch from the store. */
#define OUTBOX_BATCH 32

struct outbox;	/* opaque: SMTP settings (with the password), lock file */

struct outbox_stats {
	unsigned sent;		/* recipients delivered */
	unsigned retried;	/* temporary failures, retry scheduled */
	unsigned failed;	/* final failures (5xx, gave up) */
	unsigned in_doubt;	/* claims of a dead sender recovered */
};

/* Prepares a sender from cfg ([smtp]: url, ca_file, user, password_file
   (read now, wiped at outbox_free), from, allow_plaintext, timeout,
   retry_base, give_up_after) for store (borrowed, must outlive it);
   clock NULL means time(). Returns a sender owned by the caller
   (outbox_free), or NULL with err set (ERR_FATAL naming the smtp.* key:
   smtp.url empty, smtp.from bad, password file unreadable; or the lock
   file cannot be opened). */
struct outbox *outbox_new(const struct config *cfg, struct store *store,
			  time_t (*clock)(void), struct err *err);
/* Frees ob (wiping the password); NULL-safe; sets *ob = NULL. */
void outbox_free(struct outbox **ob);

/* Takes the sender lock (waiting up to smtp.timeout + 30 s for another
   sender to finish, unless stop() says true), recovers claims left by a
   dead sender, then sends every recipient due now, each at most once in
   this call, until none is due or stop() returns true (asked between
   recipients; stop may be NULL: never stop early; the send command
   passes signals_stop_requested). Adds to *stats (the caller zeroes it).
   Returns 0; or -1 with err set: ERR_FATAL when the SMTP setup is wrong
   (TLS, certificate, AUTH, our sender refused: the mail stays queued;
   stop sending until an operator acts), ERR_TEMP when the database is
   busy or another sender holds the lock. Logs each attempt. */
int outbox_drain(struct outbox *ob, bool (*stop)(void),
		 struct outbox_stats *stats, struct err *err);

#endif
