/* intake/poll.h - IMAP intake (SPEC §7): every configured mailbox is
   synced into the store through the pipeline, exactly once per message,
   and each message is moved (or flagged) only after its case is committed.

   Per mailbox and pass: SELECT; a UIDVALIDITY other than the one stored
   resets the last UID to 0 (the SHA-256 dedupe makes the refetch safe);
   list the UIDs above the last one synced; UID FETCH them in batches of
   imap.fetch_batch, each body streamed to an unlinked temp file; one
   pipeline transaction per message; then ONE move per batch and
   destination: filed and duplicate messages to processed_folder,
   quarantined ones to quarantine_folder (an empty folder: the messages
   stay and get \Seen); last, the sync state advances. A crash anywhere
   repeats only the steps after the last commit: a message filed but not
   moved is found again, its SHA-256 is known (PIPELINE_DUPLICATE), and it
   is moved. Two pollers at once: the pipeline re-checks the SHA-256
   inside BEGIN IMMEDIATE, so the second gets DUPLICATE, never a second
   case. They also take turns per mailbox sync (flock on
   "<store path>.poll-lock", dropped by the kernel when a poller dies),
   because two sessions moving the same UID at once can leave two copies
   in the destination; and a MOVE refused because some UIDs are already
   gone is retried with the UIDs still there.

   Logging: one key=value line per event (comp=intake), every line about a
   message with msg=<folder>:<uidvalidity>:<uid>. */
#ifndef RG_POLL_H
#define RG_POLL_H

#include <stdbool.h>

#include "common/err.h"
#include "common/config.h"
#include "intake/pipeline.h"
#include "store/store.h"

struct poll_settings {
	const struct config *config;	/* borrowed: [imap], [mailbox ...] */
	struct store *store;		/* borrowed: sync state */
	struct pipeline *pipeline;	/* borrowed */
};

/* Counters over the poller's life. */
struct poll_stats {
	unsigned filed, duplicates, quarantined, failed;
};

struct poller;	/* opaque: owns the IMAP connection and the backoff */

/* Returns a new poller owned by the caller (poll_free); no network yet.
   The settings' objects must outlive it. */
struct poller *poll_new(const struct poll_settings *s);
/* Logs out, frees *p and sets it to NULL. NULL-safe. */
void poll_free(struct poller **p);

/* One pass over every configured mailbox, connecting first if there is
   no connection (credentials read anew, wiped after use; processed and
   quarantine folders created when missing). Stops early, between two
   messages, when signals_stop_requested(). Returns 0, or -1 with err
   set: ERR_TEMP (network, server, busy database: the connection is
   closed; call poll_backoff and try again), ERR_FATAL (login refused,
   certificate, missing folder, disk, store: give up). A message that
   cannot even be quarantined is logged, counted as failed and left in
   its folder for the next pass; the pass goes on. */
int poll_pass(struct poller *p, struct err *err);

/* Waits up to seconds for news in the folder selected last: with IDLE
   when the server offers it, else by sleeping and sending NOOP. Returns
   early, with 0, on SIGTERM/SIGINT. Without a connection it just sleeps.
   Returns 1 if the server reported new mail, 0 if the time passed, -1
   with err set (ERR_TEMP: the connection is closed). */
int poll_wait(struct poller *p, unsigned seconds, struct err *err);

/* Returns true if the connection is open and the server offers IDLE. */
bool poll_has_idle(const struct poller *p);

/* After a failed pass: sleeps the next reconnect delay, doubling from
   1 s up to 5 min, each with random jitter (half to all of it), and
   logs it. Returns the number of failures in a row so far (1 after the
   first), or 0 if a stop signal cut the sleep short. */
unsigned poll_backoff(struct poller *p);
/* After a good pass: the next failure starts from 1 s again. */
void poll_backoff_reset(struct poller *p);

/* Returns the counters (borrowed, valid until poll_free). */
const struct poll_stats *poll_stats(const struct poller *p);

#endif
