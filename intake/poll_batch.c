/* intake/poll_batch.c - the batch pipeline of poll: a batch of UIDs is
   fetched (the polling thread), parsed as it comes (the parse workers,
   poll_work.c), filed in UID order (the filing thread, overlapping the
   fetch of the next batch), synced (the sync thread) and moved (the
   polling thread again). Which thread writes and reads what, and under
   which lock: intake/poll-int.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/signals.h"
#include "intake/imap.h"
#include "intake/poll-int.h"
#include "intake/poll_work.h"

/* Nanoseconds on the monotonic clock. */
static long long
poll_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One batch of one mailbox being processed: where each UID goes. */
struct poll_batch {
	struct poller *p;
	const struct config_mailbox *mb;
	uint32_t uidvalidity;
	bool accept_empty;		/* the second look at empty bodies */
	uint32_t *done;			/* filed or duplicate: processed */
	size_t n_done;
	uint32_t *quar;			/* quarantined */
	size_t n_quar;
	uint32_t *empty;		/* held back: empty body (see below) */
	size_t n_empty;
	uint32_t upto;			/* every UID <= upto was handled */
	bool failed;			/* a message failed: upto stops */
	bool stopped;			/* a stop signal ended the batch */
	struct poll_job *jobs;		/* fetched, to be filed in order */
	size_t n_jobs;
	struct poll_work *work;		/* parsing the jobs as they come */
	const uint32_t *uids;		/* the batch's UIDs (borrowed) */
	unsigned *earlier;		/* per UID: unfinished parses */
	size_t n;
	int fetch_rc, file_rc, flush_rc;	/* of the phases: 0 or -1 */
	struct err fetch_err, file_err, flush_err;
	long long ns_file, ns_flush;	/* of the filing phase */
	struct poll_sync *sync;		/* syncing files and WAL; NULL:
					   not started or joined */
};

/* The unfinished parses recorded for uid of the batch (0 if unknown). */
static unsigned
poll_earlier(const struct poll_batch *b, uint32_t uid)
{
	size_t lo = 0, hi = b->n;

	while (b->earlier != NULL && lo < hi) {	/* b->uids ascend */
		size_t mid = lo + (hi - lo) / 2;

		if (b->uids[mid] == uid)
			return b->earlier[mid];
		if (b->uids[mid] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* imap_fetch_batch's callback: takes one fetched message into the
   batch (its fd duplicated: the spool closes its own), or holds it back
   when its body came empty. */
static int
poll_on_msg(void *ctx, const struct imap_msg *msg, struct err *err)
{
	struct poll_batch *b = ctx;
	struct poll_job *j;
	char q[256];
	int fd;

	if (signals_stop_requested()) {
		b->stopped = true;
		err_set(err, ERR_TEMP, "stop requested");
		return -1;
	}
	if (msg->size == 0 && !b->accept_empty) {
		/* Dovecot serves an empty body for a message that another
		   session is moving away right now (a poller killed in the
		   middle of its MOVE: the server finishes the command). Such
		   a message was committed before its MOVE, so nothing is
		   lost by holding it back; poll_mailbox looks again. */
		log_info("intake", "message.empty_body", "msg=%s:%u:%u "
			 "action=retry", log_q(q, sizeof(q), b->mb->folder),
			 b->uidvalidity, msg->uid);
		b->empty[b->n_empty++] = msg->uid;
		return 0;
	}
	if ((fd = fcntl(msg->fd, F_DUPFD_CLOEXEC, 0)) < 0) {
		err_set(err, ERR_TEMP, "dup spool file: %s", strerror(errno));
		return -1;
	}
	j = &b->jobs[b->n_jobs++];
	j->uid = msg->uid;
	j->earlier = poll_earlier(b, msg->uid);
	j->fd = fd;
	j->size = msg->size;
	j->truncated = msg->truncated;
	poll_work_add(b->work, b->n_jobs);	/* parsed from now on */
	return 0;
}

/* Files job j (prepared in prep) of the batch. Returns 0 (also when the
   message failed and stays in the folder), or -1 with err set when the
   store or the disk failed: the batch stops. */
static int
poll_file_one(struct poll_batch *b, const struct poll_job *j,
	      struct pipeline_prep *prep, struct err *err)
{
	struct poller *p = b->p;
	struct msg_key key = { b->mb->folder, b->uidvalidity, j->uid };
	struct pipeline_result res;
	char q[256], e[300];

	if (j->truncated)
		log_warn("intake", "message.oversized", "msg=%s:%u:%u size=%llu",
			 log_q(q, sizeof(q), b->mb->folder), b->uidvalidity,
			 j->uid, (unsigned long long)j->size);
	if ((j->earlier > 0 &&
	     poll_poison_parse(p->set.config, p->set.store, p->set.pipeline,
			       b->mb->stream, &key, j->earlier, prep,
			       err) < 0) ||
	    pipeline_file(p->set.pipeline, prep, &key, b->mb->stream, &res,
			  err) < 0) {
		log_error("intake", "message.failed", "msg=%s:%u:%u class=%s "
			  "error=%s", log_q(q, sizeof(q), b->mb->folder),
			  b->uidvalidity, j->uid, err_class_name(err->class),
			  log_q(e, sizeof(e), err->msg));
		if (err->class != ERR_MSG)
			return -1;	/* store or disk: stop the batch */
		/* not even quarantined: stays in the folder, retried on
		   the next pass (the sync state stops below it) */
		p->stats.failed++;
		b->failed = true;
		err_clear(err);
		return 0;
	}
	switch (res.outcome) {
	case PIPELINE_FILED:
		p->stats.filed++;
		b->done[b->n_done++] = j->uid;
		break;
	case PIPELINE_DUPLICATE:
		p->stats.duplicates++;
		b->done[b->n_done++] = j->uid;
		break;
	case PIPELINE_QUARANTINED:
		p->stats.quarantined++;
		b->quar[b->n_quar++] = j->uid;
		break;
	}
	if (!b->failed)
		b->upto = j->uid;
	return 0;
}

/* Files the fetched messages of the batch in UID order, one transaction
   each, while worker threads prepare the next ones (poll_work.c). A
   stop signal ends it between two messages. Returns 0, or -1 with err
   set (the messages filed so far stay filed). */
static int
poll_file_jobs(struct poll_batch *b, struct err *err)
{
	struct poll_work *w;
	long long t0;
	int ret = 0;

	if (b->n_jobs == 0)
		return 0;
	w = b->work;
	for (size_t i = 0; i < b->n_jobs; i++) {
		struct pipeline_prep *prep;

		if (signals_stop_requested()) {
			b->stopped = true;
			break;
		}
		t0 = poll_ns();
		prep = poll_work_wait(w, i);
		b->p->ns_wait += poll_ns() - t0;
		ret = poll_file_one(b, &b->jobs[i], prep, err);
		poll_work_done(w, i);
		if (ret < 0)
			break;
	}
	poll_work_finish(&b->work);
	/* filed, duplicates and quarantined: their attempts are over */
	if (ret == 0 &&
	    (store_attempts_clear(b->p->set.store, b->mb->folder,
				  b->uidvalidity, b->done, b->n_done,
				  err) < 0 ||
	     store_attempts_clear(b->p->set.store, b->mb->folder,
				  b->uidvalidity, b->quar, b->n_quar,
				  err) < 0))
		ret = -1;
	return ret;
}

/* After a refused MOVE: when some of uids[0..n) (ascending) are gone
   (moved or expunged by another client; Dovecot then answers "NO Some of
   the requested messages no longer exist"), moves those still there.
   Returns 0, or -1 with err set (the first error kept if the connection
   is gone). */
static int
poll_move_rest(struct poller *p, const uint32_t *uids, size_t n,
	       const char *folder, struct err *err)
{
	uint32_t *now = NULL, *left;
	size_t n_now = 0, n_left = 0, j = 0;
	struct err first = *err;
	int ret = -1;

	if (imap_list_uids(p->conn, uids[0], &now, &n_now, err) < 0) {
		*err = first;
		return -1;
	}
	left = xcalloc(n, sizeof(*left));
	for (size_t i = 0; i < n; i++) {
		while (j < n_now && now[j] < uids[i])
			j++;
		if (j < n_now && now[j] == uids[i])
			left[n_left++] = uids[i];
	}
	if (n_left == n) {
		*err = first;	/* nothing was gone: a real refusal */
		goto out;
	}
	if (n_left > 0 && imap_move(p->conn, left, n_left, folder, err) < 0)
		goto out;
	err_clear(err);
	ret = 0;
out:
	free(left);
	free(now);
	return ret;
}

/* Moves (or flags) uids to folder after their commits. Returns 0, -1. */
static int
poll_file_away(struct poller *p, const struct poll_batch *b,
	       const uint32_t *uids, size_t n, const char *folder,
	       struct err *err)
{
	char q[256], d[256];
	int r;

	if (n == 0)
		return 0;
	if (folder != NULL && *folder != '\0') {
		r = imap_move(p->conn, uids, n, folder, err);
		if (r < 0 && err->class == ERR_TEMP)
			r = poll_move_rest(p, uids, n, folder, err);
	} else {
		r = imap_mark_seen(p->conn, uids, n, err);
	}
	if (r < 0)
		return -1;
	log_debug("intake", folder && *folder ? "imap.moved" : "imap.flagged",
		  "mailbox=%s uidvalidity=%u first_uid=%u count=%zu dest=%s",
		  log_q(q, sizeof(q), b->mb->folder), b->uidvalidity, uids[0],
		  n, log_q(d, sizeof(d), folder && *folder ? folder : "\\Seen"));
	return 0;
}

/* Phase 1 of a batch, in the polling thread: fetches uids[0..n) of the
   selected folder into b (which it sets up; poll_batch_free releases
   it). Sets b->fetch_rc (0, or -1 with b->fetch_err). */
static void
poll_batch_fetch(struct poller *p, const struct config_mailbox *mb,
		 uint32_t uidvalidity, const uint32_t *uids, size_t n,
		 bool accept_empty, struct poll_batch *b)
{
	long long t0;

	memset(b, 0, sizeof(*b));
	b->p = p;
	b->mb = mb;
	b->uidvalidity = uidvalidity;
	b->accept_empty = accept_empty;
	b->uids = uids;
	b->n = n;
	b->done = xcalloc(n, sizeof(*b->done));
	b->quar = xcalloc(n, sizeof(*b->quar));
	b->empty = xcalloc(n, sizeof(*b->empty));
	b->jobs = xcalloc(n, sizeof(*b->jobs));
	b->earlier = xcalloc(n, sizeof(*b->earlier));
	err_clear(&b->fetch_err);
	/* recorded before any of them is parsed (poll_poison.h) */
	if (poll_poison_take(p->poison, mb->folder, uidvalidity, uids, n,
			     b->earlier, &b->fetch_err) < 0) {
		b->fetch_rc = -1;
		return;
	}
	/* each message is parsed as soon as it is fetched (poll_on_msg),
	   while the rest of the batch comes and the batch before is filed */
	b->work = poll_work_start(p->set.pipeline, mb->stream, b->jobs, n);
	t0 = poll_ns();
	b->fetch_rc = imap_fetch_batch(p->conn, uids, n, poll_on_msg, b,
				       &b->fetch_err) < 0 ? -1 : 0;
	p->ns_fetch += poll_ns() - t0;
	poll_work_close(b->work);
}

/* The syncing half of a batch's flush (store_sync_files), run in a
   thread of its own: the filing thread indexes the batch's text and goes
   on with the next batch meanwhile; the MOVE waits for it. */
struct poll_sync {
	struct store *store;	/* foreign */
	pthread_t thread;
	bool threaded;		/* else done at once by poll_sync_start */
	int rc;
	struct err err;
};

static void *
poll_sync_main(void *arg)
{
	struct poll_sync *y = arg;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);	/* the poller handles them */
	err_clear(&y->err);
	y->rc = store_sync_files(y->store, &y->err);
	return NULL;
}

/* Starts syncing what b committed (or syncs at once when no thread can
   be made); b->sync is set. */
static void
poll_sync_start(struct poll_batch *b)
{
	struct poll_sync *y = xcalloc(1, sizeof(*y));

	y->store = b->p->set.store;
	y->threaded = pthread_create(&y->thread, NULL, poll_sync_main,
				     y) == 0;
	if (!y->threaded)
		poll_sync_main(y);
	b->sync = y;
}

/* Waits for b's sync (if one was started) and puts its outcome in
   b->flush_rc and b->flush_err (unless a failure is there already). */
static void
poll_sync_wait(struct poll_batch *b)
{
	struct poll_sync *y = b->sync;
	long long t0 = poll_ns();

	if (y == NULL)
		return;
	if (y->threaded)
		pthread_join(y->thread, NULL);
	if (b->flush_rc == 0 && y->rc < 0) {
		b->flush_rc = -1;
		b->flush_err = y->err;
	}
	free(y);
	b->sync = NULL;
	b->ns_flush += poll_ns() - t0;
}

/* Phase 2, in the filing thread (or the polling thread): files what was
   fetched, even when the fetch broke off, starts syncing the files and
   the WAL in a thread of its own (disk time; the MOVE waits for it:
   poll_sync_wait), puts the batch's text into the full-text index (CPU
   time) and checkpoints the WAL. Sets b->file_rc and b->flush_rc (0, or
   -1 with b->file_err, b->flush_err) and the times. Touches no IMAP
   connection. */
static void
poll_batch_file(struct poll_batch *b)
{
	struct store *st = b->p->set.store;
	long long t0 = poll_ns();

	err_clear(&b->file_err);
	err_clear(&b->flush_err);
	b->flush_rc = 0;
	b->file_rc = poll_file_jobs(b, &b->file_err);
	if (b->n_done > 0 || b->n_quar > 0)
		poll_sync_start(b);
	/* the batch's text into the full-text index, one transaction (a
	   failure is no loss: searches read the waiting rows too) */
	if (b->n_done > 0) {
		struct err serr;
		char e[300];

		if (store_search_catch_up(st, &serr) < 0)
			log_warn("intake", "search.index_failed", "error=%s",
				 log_q(e, sizeof(e), serr.msg));
	}
	b->ns_file = poll_ns() - t0;
	t0 = poll_ns();
	if (b->sync != NULL)
		b->flush_rc = store_checkpoint(st, &b->flush_err);
	b->ns_flush = poll_ns() - t0;
}

static void *
poll_batch_file_main(void *arg)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);	/* the poller handles them */
	poll_batch_file(arg);
	return NULL;
}

/* Phase 3, in the polling thread once phase 2 is over: makes what was
   committed durable, moves it, and fills o. Returns 0 (also when a
   stop signal ended the batch early) or -1 with err set. */
static int
poll_batch_finish(struct poll_batch *b, struct poll_outcome *o,
		  struct err *err)
{
	struct poller *p = b->p;
	const struct config_mailbox *mb = b->mb;
	struct err moverr;
	long long t0;
	int r = b->fetch_rc;

	o->go_on = false;
	if (r < 0)
		*err = b->fetch_err;
	p->ns_file += b->ns_file;
	if (b->file_rc < 0 && (r >= 0 || b->stopped)) {
		*err = b->file_err;
		b->stopped = false;
		r = -1;
	}
	t0 = poll_ns();
	if (r >= 0 && !b->failed && !b->stopped)
		b->upto = b->uids[b->n - 1];	/* UIDs gone count too */
	/* whatever was committed is made durable (the sync started in
	   phase 2) and moved now, even after an error; a crash before this
	   point only repeats the move as duplicates. No MOVE without the
	   sync: after a power loss a moved message must be in the store. */
	poll_sync_wait(b);
	p->ns_flush += b->ns_flush;
	err_clear(&moverr);
	if (b->flush_rc < 0) {
		if (r >= 0 || b->stopped)
			*err = b->flush_err;
		return -1;
	}
	if (poll_file_away(p, b, b->done, b->n_done, mb->processed_folder,
			   &moverr) < 0 ||
	    poll_file_away(p, b, b->quar, b->n_quar, mb->quarantine_folder,
			   &moverr) < 0) {
		if (r >= 0 || b->stopped)
			*err = moverr;
		return -1;
	}
	p->ns_move += poll_ns() - t0;
	if (r < 0 && !b->stopped)
		return -1;
	o->upto = b->upto;
	o->empty = xreallocarray(o->empty, o->n_empty + b->n_empty + 1,
				 sizeof(*o->empty));
	memcpy(o->empty + o->n_empty, b->empty,
	       b->n_empty * sizeof(*b->empty));
	o->n_empty += b->n_empty;
	o->go_on = !b->stopped && !b->failed;
	return 0;
}

static void
poll_batch_free(struct poll_batch *b)
{
	poll_sync_wait(b);
	poll_work_finish(&b->work);	/* before the fds go */
	for (size_t i = 0; i < b->n_jobs; i++)
		close(b->jobs[i].fd);
	free(b->jobs);
	free(b->earlier);
	free(b->done);
	free(b->quar);
	free(b->empty);
	memset(b, 0, sizeof(*b));
}

/* Fetches, files and moves uids[0..n) of the selected folder, one phase
   after the other. Returns 0 (also when a stop signal ended it early)
   or -1 with err set. */
static int
poll_batch(struct poller *p, const struct config_mailbox *mb,
	   uint32_t uidvalidity, const uint32_t *uids, size_t n,
	   bool accept_empty, struct poll_outcome *o, struct err *err)
{
	struct poll_batch b;
	int ret;

	poll_batch_fetch(p, mb, uidvalidity, uids, n, accept_empty, &b);
	poll_batch_file(&b);
	ret = poll_batch_finish(&b, o, err);
	poll_batch_free(&b);
	return ret;
}

/* The second look at messages held back for an empty body: those still
   there after a short pause are processed as they are (an empty message
   is quarantined). Returns 0 or -1 with err set. */
int
poll_retry_empty(struct poller *p, const struct config_mailbox *mb,
		 uint32_t uidvalidity, const uint32_t *held, size_t n_held,
		 struct err *err)
{
	struct poll_outcome o = { 0 };
	uint32_t *now = NULL, *left;
	size_t n_now = 0, n_left = 0, j = 0;
	int ret = -1;

	if (signals_sleep(300))
		return 0;
	if (imap_list_uids(p->conn, held[0], &now, &n_now, err) < 0)
		return -1;
	left = xcalloc(n_held, sizeof(*left));
	for (size_t i = 0; i < n_held; i++) {
		while (j < n_now && now[j] < held[i])
			j++;
		if (j < n_now && now[j] == held[i])
			left[n_left++] = held[i];
	}
	if (n_left == 0 ||
	    poll_batch(p, mb, uidvalidity, left, n_left, true, &o, err) == 0)
		ret = 0;
	free(o.empty);
	free(left);
	free(now);
	return ret;
}

/* After a batch: advances the mailbox's sync state to what o says was
   handled, staying below the first UID held back. Returns 0 or -1. */
static int
poll_advance(struct poller *p, const struct config_mailbox *mb,
	     uint32_t uidvalidity, const struct poll_outcome *o,
	     uint32_t *last, struct err *err)
{
	uint32_t upto = o->n_empty && o->empty[0] - 1 < o->upto ?
			o->empty[0] - 1 : o->upto;

	if (upto <= *last)
		return 0;
	if (store_sync_set(p->set.store, mb->folder, uidvalidity, upto,
			   time(NULL), err) < 0)
		return -1;
	*last = upto;
	return 0;
}

/* True when b was fetched and filed without a hitch and no stop came:
   its MOVE may then go out while the next batch is filed (the MOVE
   still waits for b's sync, and a failed sync ends the pass). */
static bool
poll_batch_clean(const struct poll_batch *b)
{
	return b->fetch_rc == 0 && b->file_rc == 0 && b->flush_rc == 0 &&
	       !b->failed && !b->stopped;
}

/* Phase 3 of b, its release and the sync state after it. Returns 0 or
   -1 with err set; o->go_on says whether to go on. */
static int
poll_batch_end(struct poller *p, const struct config_mailbox *mb,
	       uint32_t uidvalidity, struct poll_batch *b, uint32_t *last,
	       struct poll_outcome *o, struct err *err)
{
	int ret = poll_batch_finish(b, o, err);

	poll_batch_free(b);
	if (ret == 0)
		ret = poll_advance(p, mb, uidvalidity, o, last, err);
	return ret;
}

/* Files uids[0..n) in batches of batch, overlapping the fetch of each
   batch with the filing of the one before (a filing thread; parse
   workers on every CPU, each message parsed as soon as it is fetched). The
   IMAP connection stays with this thread and the database with the
   filing thread while it runs: FETCH k+1 goes out while batch k is
   filed, indexed and flushed; once k is flushed, the filing thread
   starts on k+1 while this thread moves k (a MOVE needs no database).
   The sync state follows each MOVE at the next moment the database is
   free (before the next filing starts), one batch behind: after a
   crash, committed but unmoved messages come again as duplicates.
   Returns 0 (also when stopped, or when a message failed: the next pass
   goes on) or -1 with err set. */
int
poll_batches(struct poller *p, const struct config_mailbox *mb,
	     uint32_t uidvalidity, const uint32_t *uids, size_t n,
	     size_t batch, uint32_t *last, struct poll_outcome *o,
	     struct err *err)
{
	struct poll_batch slot[2];	/* they stay put: the filer's */
	struct poll_batch *cur = &slot[0], *prev = &slot[1], *t;
	pthread_t filer;
	bool filing = false;	/* prev is being filed by filer */
	int ret = 0;

	memset(slot, 0, sizeof(slot));
	for (size_t off = 0; off < n && ret == 0; off += batch) {
		size_t k = n - off < batch ? n - off : batch;
		bool fetched;

		if (signals_stop_requested())
			break;
		poll_batch_fetch(p, mb, uidvalidity, uids + off, k, false,
				 cur);
		fetched = cur->fetch_rc == 0 && !cur->stopped;
		if (filing) {
			pthread_join(filer, NULL);
			filing = false;
			/* the database is free: record the MOVE before */
			ret = poll_advance(p, mb, uidvalidity, o, last, err);
			if (ret == 0 && fetched && poll_batch_clean(prev) &&
			    pthread_create(&filer, NULL, poll_batch_file_main,
					   cur) == 0) {
				/* cur is filed while prev is moved */
				filing = true;
				ret = poll_batch_finish(prev, o, err);
				poll_batch_free(prev);
				t = prev, prev = cur, cur = t;
				continue;
			}
			if (ret == 0)
				ret = poll_batch_end(p, mb, uidvalidity, prev,
						     last, o, err);
			else
				poll_batch_free(prev);
			if (ret < 0 || !o->go_on) {
				poll_batch_free(cur);	/* stays unread */
				return ret;
			}
		}
		t = prev, prev = cur, cur = t;
		if (!fetched || pthread_create(&filer, NULL,
					       poll_batch_file_main,
					       prev) != 0) {
			/* a broken or stopped fetch, or no thread: file
			   what came, here and now, and end there */
			poll_batch_file(prev);
			ret = poll_batch_end(p, mb, uidvalidity, prev, last,
					     o, err);
			if (ret < 0 || !o->go_on)
				return ret;
			continue;
		}
		filing = true;
	}
	if (filing) {
		pthread_join(filer, NULL);
		/* a failed MOVE ended the loop: prev stays unmoved (its
		   messages come again as duplicates) */
		if (ret == 0)
			ret = poll_advance(p, mb, uidvalidity, o, last, err);
		if (ret == 0)
			ret = poll_batch_end(p, mb, uidvalidity, prev, last, o,
					     err);
		else
			poll_batch_free(prev);
	}
	return ret;
}
