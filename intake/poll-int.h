/* intake/poll-int.h - what the poller (poll.c: connection, lock, passes,
   IDLE, backoff) and its batch pipeline (poll_batch.c: fetch, parse,
   file, sync, move) share.

   The threads of poll, on one page
   --------------------------------
   P  the polling thread (the caller of poll_pass): owns the IMAP
      connection; FETCHes batch k+1, MOVEs batch k, writes the sync
      state while no F runs, handles the stop signals.
   F  the filing thread (poll_batch_file_main; one per batch, joined
      before the next one starts): files batch k in UID order, one
      transaction per message, then indexes it and checkpoints the WAL.
      Without a thread (pthread_create failed, a broken fetch) P does
      this itself.
   W  the parse workers (poll_work.c; up to POLL_WORK_MAX_THREADS, one
      set per batch): spool copy, SHA-256, parse and attachment files of
      each message as soon as it is fetched; never the database.
   S  the sync thread (poll_sync_main; one per batch): fsyncs the
      batch's files and the WAL while F indexes; the MOVE waits for it.
   F, W and S block every signal; P sees a stop through
   signals_stop_requested (F asks it too, between messages).
   "create" and "join" below are pthread_create and pthread_join: what
   a thread wrote before create is seen by the new thread, what it wrote
   is seen by its joiner.

   shared data                   written by     read by   guarded by
   ----------------------------  -------------  --------  ---------------
   poller.set (config, store,    P (poll_new)   P F W S   read-only
     pipeline)
   poller.conn, failures,        P              P         P only
     lock_fd, ns_fetch, ns_move
   poller.ns_file, ns_flush      P (copied      P         P only
                                 from a joined
                                 batch)
   poller.stats, ns_wait         F (one at a    P         join of F (P
                                 time)                    reads after it)
   batch: mb, uids, n, jobs[]    P (fetch)      F         create of F
     (uid, fd, size, truncated),
     n_jobs, empty, n_empty,
     fetch_rc/err, work
   batch: done, quar, n_done,    F              P         join of F
     n_quar, upto, failed,
     file_rc/err, flush_rc/err,
     ns_file, ns_flush, sync
   batch.stopped                 P (fetch),     P         create, join
                                 then F
   job.prep                      the one W      F         poll_work.lock
                                 that took it               (job.ready)
                                 (F with no W)
   job.ready                     W              F         poll_work.lock
   poll_work.n, closed           P              W         poll_work.lock
   poll_work.next, bytes         W, F           W, F      poll_work.lock
   poll_work.filed, stop         F (stop: F     W         poll_work.lock
                                 or P)
   poll_work.ahead, n_threads    P (start)      W F       before create
   poll_sync.store               F (start)      S         create of S
   poll_sync.rc, err             S              F or P    join of S
   the store's connection        F; P while no  F, P      one at a time
     (statements, transactions)  F runs                   (join of F)
   store.att_files, att_dirs     W, F, S        W, F, S   store.att_lock
   store.att_spread              P (spool), W   P, W      atomic add
   The IMAP connection and its spool: P only. */
#ifndef RG_POLL_INT_H
#define RG_POLL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/config.h"
#include "intake/imap.h"
#include "intake/poll.h"
#include "intake/poll_poison.h"

struct poller {
	struct poll_settings set;
	struct imap_conn *conn;		/* owned; NULL = not connected */
	unsigned failures;		/* failed passes in a row */
	int lock_fd;			/* the store's poll lock, -1 = unopened */
	struct poll_stats stats;
	struct poll_poison *poison;	/* owned: parse attempts (a second
					   store connection, polling thread) */
	/* where the time of a mailbox sync goes, in ns (the log line) */
	long long ns_fetch, ns_file, ns_move;
	long long ns_wait;	/* of ns_file: waiting for the parse workers */
	long long ns_flush;	/* making the batches durable (filing thread) */
};

/* What the batches of one mailbox sync handled. */
struct poll_outcome {
	uint32_t upto;		/* every UID <= upto was handled or is gone */
	uint32_t *empty;	/* UIDs held back (empty body), ascending; */
	size_t n_empty;		/* owned by the caller, appended to */
	bool go_on;		/* false: stopped, or a message failed */
};

/* poll_batch.c: files uids[0..n) (ascending) of the selected folder mb
   (UIDVALIDITY uidvalidity) in batches of batch, and advances *last and
   the store's sync state as MOVEs succeed. Fills o (o->empty: the UIDs
   held back for an empty body, owned by the caller). Returns 0 (also
   when stopped, or when a message failed: the next pass goes on) or -1
   with err set. */
int poll_batches(struct poller *p, const struct config_mailbox *mb,
		 uint32_t uidvalidity, const uint32_t *uids, size_t n,
		 size_t batch, uint32_t *last, struct poll_outcome *o,
		 struct err *err);
/* poll_batch.c: the second look at the n_held messages held back for an
   empty body (held, ascending): those still there after a short pause
   are processed as they are. Returns 0 or -1 with err set. */
int poll_retry_empty(struct poller *p, const struct config_mailbox *mb,
		     uint32_t uidvalidity, const uint32_t *held,
		     size_t n_held, struct err *err);

#endif
