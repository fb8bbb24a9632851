/* intake/poll.c - IMAP intake of every configured mailbox: connect,
   sync each folder in batches (FETCH, one pipeline transaction per
   message, one MOVE per batch), advance the sync state, wait with IDLE,
   back off after failures. See poll.h for the exactly-once argument. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/secret.h"
#include "intake/imap.h"
#include "intake/poll.h"
#include "intake/poll_work.h"
#include "intake/poll_poison.h"
#include "common/signals.h"

#define POLL_BACKOFF_FIRST_MS 1000UL
/* Messages per batch at most (imap.fetch_batch is capped to it): two
   batches of spool files and the spool's own stay far below the usual
   1,024 open files. */
#define POLL_BATCH_MAX 256
#define POLL_BACKOFF_MAX_MS (5UL * 60 * 1000)

struct poller {
	struct poll_settings set;
	struct imap_conn *conn;		/* owned; NULL = not connected */
	unsigned failures;		/* failed passes in a row */
	unsigned long rnd;		/* jitter state */
	int lock_fd;			/* the store's poll lock, -1 = unopened */
	struct poll_stats stats;
	struct poll_poison *poison;	/* owned: parse attempts */
	/* where the time of a mailbox sync goes, in ns (the log line) */
	long long ns_fetch, ns_file, ns_move;
	long long ns_wait;	/* of ns_file: waiting for the parse workers */
	long long ns_flush;	/* making the batches durable (filing thread) */
};

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

struct poller *
poll_new(const struct poll_settings *s)
{
	struct poller *p = xcalloc(1, sizeof(*p));

	p->set = *s;
	p->lock_fd = -1;
	p->poison = poll_poison_new(s->config);
	p->rnd = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
	return p;
}

void
poll_free(struct poller **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	imap_close(&(*pp)->conn);
	poll_poison_free(&(*pp)->poison);
	if ((*pp)->lock_fd >= 0)
		close((*pp)->lock_fd);
	free(*pp);
	*pp = NULL;
}

const struct poll_stats *
poll_stats(const struct poller *p)
{
	return &p->stats;
}

bool
poll_has_idle(const struct poller *p)
{
	return p->conn != NULL && imap_has_idle(p->conn);
}

static const char *
poll_security_name(enum imap_security s)
{
	return s == IMAP_SEC_IMAPS ? "imaps" :
	       s == IMAP_SEC_STARTTLS ? "starttls" : "none";
}

/* Reads the password or the OAuth2 token named by the configuration.
   Returns a new string (to be released with imap_auth_secret_free) or
   NULL with err set. */
static char *
poll_secret(const struct config *cfg, struct err *err)
{
	if (cfg->imap_auth == IMAP_AUTH_XOAUTH2) {
		if (cfg->imap_oauth_token_file && *cfg->imap_oauth_token_file)
			return imap_auth_token_file(cfg->imap_oauth_token_file,
						    err);
		if (cfg->imap_oauth_token_command &&
		    *cfg->imap_oauth_token_command)
			return imap_auth_token_command(
				cfg->imap_oauth_token_command,
				cfg->imap_timeout, err);
		err_set(err, ERR_FATAL, "imap.auth = xoauth2 needs "
			"imap.oauth_token_file or imap.oauth_token_command");
		return NULL;
	}
	if (cfg->imap_password_file == NULL || !*cfg->imap_password_file) {
		err_set(err, ERR_FATAL, "imap.password_file is not set");
		return NULL;
	}
	return secret_read(cfg->imap_password_file, err);
}

/* Creates folder (when set) unless it exists. Returns 0 or -1. */
static int
poll_ensure_folder(struct poller *p, const struct config_mailbox *mb,
		   const char *folder, struct err *err)
{
	char q[256], name[128];
	int r;

	if (folder == NULL || *folder == '\0')
		return 0;
	r = imap_create_folder(p->conn, folder, err);
	if (r < 0) {
		if (err->class == ERR_FATAL) {
			struct err e = *err;

			err_set(err, ERR_FATAL, "mailbox.%s: cannot create "
				"folder: %s", mb->name, e.msg);
		}
		return -1;
	}
	if (r == 1)
		log_info("intake", "imap.folder_created", "mailbox=%s folder=%s",
			 log_q(name, sizeof(name), mb->name),
			 log_q(q, sizeof(q), folder));
	return 0;
}

/* imap_spool's maker of anonymous files: the store's (thread-safe). */
static int
poll_spool_anon(void *ctx)
{
	return store_att_anon(ctx);
}

/* Opens the connection and prepares the folders. Returns 0 or -1. */
static int
poll_connect(struct poller *p, struct err *err)
{
	const struct config *cfg = p->set.config;
	struct imap_settings s = { 0 };
	char *secret;
	char host[256];
	sigset_t mask;

	if ((secret = poll_secret(cfg, err)) == NULL)
		return -1;
	s.host = cfg->imap_host;
	s.port = cfg->imap_port;
	s.security = cfg->imap_security;
	s.ca_file = cfg->imap_ca_file;
	s.user = cfg->imap_user;
	s.secret = secret;
	s.auth = cfg->imap_auth;
	s.allow_plaintext = cfg->imap_allow_plaintext;
	s.timeout_s = cfg->imap_timeout;
	/* bodies spooled beside the store's files, so the raw message is
	   linked under its hash rather than copied (store_raw_put) */
	s.spool_dir = cfg->attachments_dir;
	s.spool_linkable = true;
	s.spool_anon = poll_spool_anon;	/* placed as the store's files */
	s.spool_anon_ctx = p->set.store;
	/* one byte over the limit: the pipeline then sees it is too big */
	s.max_message_bytes = cfg->max_message_bytes ?
			      cfg->max_message_bytes + 1 : 0;
	p->conn = imap_open(&s, err);
	imap_auth_secret_free(&secret);
	if (p->conn == NULL)
		return -1;
	signals_wait_mask(&mask);
	imap_set_wait_mask(p->conn, &mask);
	log_info("intake", "imap.connected", "host=%s port=%u security=%s "
		 "idle=%s move=%s",
		 log_q(host, sizeof(host), cfg->imap_host), cfg->imap_port,
		 poll_security_name(cfg->imap_security),
		 imap_has_idle(p->conn) ? "yes" : "no",
		 imap_has_capability(p->conn, "MOVE") ? "yes" : "no");
	for (size_t i = 0; i < cfg->n_mailboxes; i++) {
		const struct config_mailbox *mb = &cfg->mailboxes[i];

		if (poll_ensure_folder(p, mb, mb->processed_folder, err) < 0 ||
		    poll_ensure_folder(p, mb, mb->quarantine_folder, err) < 0) {
			imap_close(&p->conn);
			return -1;
		}
	}
	return 0;
}

/* Takes the poll lock of the store (flock on "<store path>.poll-lock"),
   waiting while another poller holds it and waking for stop signals.
   Only one poller syncs a mailbox at a time: Dovecot's MOVE of the same
   UID from two sessions at once leaves two copies in the destination.
   The lock is not what prevents duplicate cases (the SHA-256 check
   inside BEGIN IMMEDIATE is); the kernel drops it when a poller dies.
   Returns 1 when held, 0 if a stop signal came first, -1 with err set. */
static int
poll_lock(struct poller *p, struct err *err)
{
	const char *db = p->set.config->store_path;
	bool logged = false;
	char q[300];

	if (p->lock_fd < 0) {
		char *path = xasprintf("%s.poll-lock", db);

		p->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (p->lock_fd < 0)
			err_set(err, ERR_FATAL, "cannot open %s: %s", path,
				strerror(errno));
		free(path);
		if (p->lock_fd < 0)
			return -1;
	}
	for (;;) {
		if (flock(p->lock_fd, LOCK_EX | LOCK_NB) == 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			err_set(err, ERR_FATAL, "flock %s.poll-lock: %s", db,
				strerror(errno));
			return -1;
		}
		if (!logged)
			log_info("intake", "poll.lock_wait", "store=%s "
				 "reason=\"another poller is syncing\"",
				 log_q(q, sizeof(q), db));
		logged = true;
		if (signals_sleep(50))
			return 0;
	}
}

static void
poll_unlock(struct poller *p)
{
	if (p->lock_fd >= 0)
		flock(p->lock_fd, LOCK_UN);
}

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
	     poll_poison_check(p->set.config, p->set.store, &key, j->earlier,
			       prep, err) < 0) ||
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

/* The outcome of poll_batch. */
struct poll_outcome {
	uint32_t upto;		/* every UID <= upto was handled or is gone */
	uint32_t *empty;	/* UIDs held back (empty body), ascending; */
	size_t n_empty;		/* owned by the caller, appended to */
	bool go_on;		/* false: stopped, or a message failed */
};

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
static int
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

/* Prefixes err's message with the mailbox's name. */
static void
poll_name_err(const struct config_mailbox *mb, struct err *err)
{
	struct err e = *err;

	err_set(err, e.class, "mailbox.%s: %s", mb->name, e.msg);
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
static int
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

/* Syncs one mailbox. Returns 0 or -1 with err set. */
static int
poll_mailbox(struct poller *p, const struct config_mailbox *mb,
	     struct err *err)
{
	struct store *st = p->set.store;
	const struct config *cfg = p->set.config;
	uint32_t uidvalidity = 0, uidnext = 0, old_validity = 0, last = 0;
	uint32_t *uids = NULL;
	struct poll_outcome o = { 0 };
	size_t n = 0, batch = cfg->imap_fetch_batch ? cfg->imap_fetch_batch :
			      100;
	struct poll_stats before = p->stats;
	struct timespec t0, t1;
	char q[256];
	int rc, ret = -1, locked = 0;

	/* a batch holds a file (descriptor) per message while it is
	   filed and the next one fetched: at most POLL_BATCH_MAX */
	if (batch > POLL_BATCH_MAX)
		batch = POLL_BATCH_MAX;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p->ns_fetch = p->ns_file = p->ns_move = p->ns_wait = p->ns_flush = 0;
	if (imap_select(p->conn, mb->folder, &uidvalidity, &uidnext, err) < 0)
		goto out;
	if ((locked = poll_lock(p, err)) <= 0) {
		ret = locked;	/* 0: stop requested */
		goto out;
	}
	rc = store_sync_get(st, mb->folder, &old_validity, &last, err);
	if (rc < 0)
		goto out;
	if (rc == 1 && old_validity != uidvalidity) {
		log_warn("intake", "imap.uidvalidity_changed", "mailbox=%s "
			 "old=%u new=%u last_uid=%u",
			 log_q(q, sizeof(q), mb->folder), old_validity,
			 uidvalidity, last);
		last = 0;
		if (store_sync_set(st, mb->folder, uidvalidity, 0, time(NULL),
				   err) < 0)
			goto out;
	}
	if (imap_list_uids(p->conn, last + 1, &uids, &n, err) < 0)
		goto out;
	if (poll_batches(p, mb, uidvalidity, uids, n, batch, &last, &o,
			 err) < 0)
		goto out;
	if (o.n_empty > 0 && !signals_stop_requested() &&
	    poll_retry_empty(p, mb, uidvalidity, o.empty, o.n_empty,
			     err) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n > 0 || rc == 0)
		log_info("intake", "imap.synced", "mailbox=%s uidvalidity=%u "
			 "listed=%zu filed=%u duplicates=%u quarantined=%u "
			 "failed=%u last_uid=%u fetch_ms=%lld file_ms=%lld "
			 "parse_wait_ms=%lld flush_ms=%lld move_ms=%lld "
			 "dur_ms=%ld",
			 log_q(q, sizeof(q), mb->folder), uidvalidity, n,
			 p->stats.filed - before.filed,
			 p->stats.duplicates - before.duplicates,
			 p->stats.quarantined - before.quarantined,
			 p->stats.failed - before.failed, last,
			 p->ns_fetch / 1000000, p->ns_file / 1000000,
			 p->ns_wait / 1000000, p->ns_flush / 1000000,
			 p->ns_move / 1000000,
			 (long)((t1.tv_sec - t0.tv_sec) * 1000 +
				(t1.tv_nsec - t0.tv_nsec) / 1000000));
	ret = 0;
out:
	if (locked > 0)
		poll_unlock(p);
	if (ret < 0)
		poll_name_err(mb, err);
	free(o.empty);
	free(uids);
	return ret;
}

int
poll_pass(struct poller *p, struct err *err)
{
	const struct config *cfg = p->set.config;
	char q[300];

	if (p->conn == NULL && poll_connect(p, err) < 0)
		goto fail;
	for (size_t i = 0; i < cfg->n_mailboxes; i++) {
		if (signals_stop_requested())
			break;
		if (poll_mailbox(p, &cfg->mailboxes[i], err) < 0)
			goto fail;
	}
	return 0;
fail:
	log_error("intake", "imap.error", "class=%s error=%s",
		  err_class_name(err->class), log_q(q, sizeof(q), err->msg));
	/* the connection may be dead or mid-command: start afresh */
	imap_close(&p->conn);
	return -1;
}

int
poll_wait(struct poller *p, unsigned seconds, struct err *err)
{
	char q[300];
	int r;

	if (p->conn == NULL) {
		signals_sleep((unsigned long)seconds * 1000);
		return 0;
	}
	if (signals_stop_requested())
		return 0;
	r = imap_idle_wait(p->conn, seconds, err);
	if (r < 0) {
		log_error("intake", "imap.error", "class=%s error=%s",
			  err_class_name(err->class),
			  log_q(q, sizeof(q), err->msg));
		imap_close(&p->conn);
	}
	return r;
}

/* A pseudo-random number for jitter (xorshift; not for secrets). */
static unsigned long
poll_random(struct poller *p)
{
	unsigned long x = p->rnd ? p->rnd : 88172645463325252UL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	p->rnd = x;
	return x;
}

unsigned
poll_backoff(struct poller *p)
{
	unsigned long d = POLL_BACKOFF_FIRST_MS;

	for (unsigned i = 0; i < p->failures && d < POLL_BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > POLL_BACKOFF_MAX_MS)
		d = POLL_BACKOFF_MAX_MS;
	d = d / 2 + poll_random(p) % (d / 2 + 1);
	p->failures++;
	log_info("intake", "imap.backoff", "attempt=%u delay_ms=%lu",
		 p->failures, d);
	if (signals_sleep(d))
		return 0;
	return p->failures;
}

void
poll_backoff_reset(struct poller *p)
{
	p->failures = 0;
}
