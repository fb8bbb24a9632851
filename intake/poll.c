/* intake/poll.c - IMAP intake of every configured mailbox: connect,
   take the store's poll lock, sync each folder in batches (poll_batch.c:
   FETCH, one pipeline transaction per message, one MOVE per batch, the
   sync state advanced after each), wait with IDLE, back off after
   failures. See poll.h for the exactly-once argument and poll-int.h for
   the threads. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "common/backoff.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/secret.h"
#include "intake/imap.h"
#include "common/signals.h"
#include "intake/poll-int.h"

#define POLL_BACKOFF_FIRST_MS 1000UL
/* Messages per batch at most (imap.fetch_batch is capped to it): two
   batches of spool files and the spool's own stay far below the usual
   1,024 open files. */
#define POLL_BATCH_MAX 256
#define POLL_BACKOFF_MAX_MS (5UL * 60 * 1000)

struct poller *
poll_new(const struct poll_settings *s)
{
	struct poller *p = xcalloc(1, sizeof(*p));

	p->set = *s;
	p->lock_fd = -1;
	p->poison = poll_poison_new(s->config);
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
   Returns a new string (to be released with secret_free) or
   NULL with err set. */
static char *
poll_secret(const struct config *cfg, struct err *err)
{
	if (cfg->imap_auth == IMAP_AUTH_XOAUTH2) {
		if (cfg->imap_oauth_token_file && *cfg->imap_oauth_token_file)
			return secret_read(cfg->imap_oauth_token_file, err);
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
	secret_free(&secret);
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

/* Prefixes err's message with the mailbox's name. */
static void
poll_name_err(const struct config_mailbox *mb, struct err *err)
{
	struct err e = *err;

	err_set(err, e.class, "mailbox.%s: %s", mb->name, e.msg);
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

unsigned
poll_backoff(struct poller *p)
{
	unsigned long d = backoff_delay(p->failures + 1, POLL_BACKOFF_FIRST_MS,
					POLL_BACKOFF_MAX_MS);

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
