/* intake/imap.h - a small blocking IMAP client for intake (over libetpan):
   connect with verified TLS, authenticate, select a folder, list and fetch
   new messages by UID into temporary files, move them, wait with IDLE.
   No MAILIMAP_* code or libetpan type leaves imap.c.

   Errors: every call that fails sets err. ERR_TEMP = the network or the
   server (refused, reset, timed out, closed, a command refused for a reason
   that may pass): close the connection and retry later with a new one.
   ERR_FATAL = configuration (wrong password, untrusted certificate,
   plaintext refused, folder missing, spool disk unwritable): retrying will
   not help. After a network error the connection is dead: every later call
   fails with ERR_TEMP until imap_close(). Logging is the caller's job. */
#ifndef RG_IMAP_H
#define RG_IMAP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/config.h"

struct imap_settings {
	const char *host;		/* also the name the certificate must carry */
	unsigned port;			/* 0 = 993 for imaps, else 143 */
	enum imap_security security;
	const char *ca_file;		/* PEM CAs; NULL or "" = system CAs */
	const char *user;
	const char *secret;		/* password, or the OAuth2 token */
	enum imap_auth auth;
	bool allow_plaintext;		/* allow credentials without verified TLS */
	unsigned timeout_s;		/* every connect/read/write; 0 = 30 */
	const char *spool_dir;		/* fetched bodies; NULL = $TMPDIR or /tmp */
	bool spool_linkable;		/* bodies in O_TMPFILE files of
					   spool_dir (imap_spool_new) */
	int (*spool_anon)(void *ctx);	/* with spool_linkable: makes each
					   such file (NULL: in spool_dir) */
	void *spool_anon_ctx;
	uint64_t max_message_bytes;	/* spool cap per message; 0 = none */
};

/* One open, authenticated connection. Opaque: owns the libetpan session. */
struct imap_conn;

/* Connects to s->host per s->security (imaps: implicit TLS; starttls: plain
   connect, then STARTTLS, which must be offered; none: plain), verifies the
   server certificate (not for none) against s->ca_file and s->host, and
   authenticates with s->auth. Credentials are never sent over a plain or
   unverified connection unless s->allow_plaintext. Capabilities are
   refreshed after STARTTLS and after authentication. The settings are
   copied (s->secret is wiped from the copy after use): s may be freed
   afterwards. Returns a new connection owned by the caller (imap_close),
   or NULL with err set. */
struct imap_conn *imap_open(const struct imap_settings *s, struct err *err);

/* Logs out (best effort, bounded by the timeout), frees *conn and sets it
   to NULL. NULL-safe. */
void imap_close(struct imap_conn **conn);

/* Returns true if the server announced capability name (case-insensitive,
   e.g. "MOVE", "UIDPLUS", "IDLE"), as of the last refresh. */
bool imap_has_capability(const struct imap_conn *conn, const char *name);
/* Returns true if the server offers IDLE. */
bool imap_has_idle(const struct imap_conn *conn);

/* Selects folder read-write. *uidvalidity_r and *uidnext_r get the
   folder's UIDVALIDITY and UIDNEXT (0 when the server sent none). Returns 0,
   or -1 with err set: ERR_FATAL "folder ... does not exist" when it is
   missing, ERR_TEMP for other failures. */
int imap_select(struct imap_conn *conn, const char *folder,
		uint32_t *uidvalidity_r, uint32_t *uidnext_r, struct err *err);

/* Lists the UIDs >= min_uid (min_uid 0 = 1) of the selected folder that
   are not marked \Deleted, in ascending order. UID SEARCH "n:*" returns the
   highest UID even when it is below n: such results are dropped here.
   *uids_r is a new array owned by the caller (free()), NULL when *n_r is
   0. Returns 0 or -1 with err set. */
int imap_list_uids(struct imap_conn *conn, uint32_t min_uid,
		   uint32_t **uids_r, size_t *n_r, struct err *err);

/* A fetched message, handed to the callback of imap_fetch_batch. */
struct imap_msg {
	uint32_t uid;
	int fd;			/* borrowed: an unlinked temp file holding the
				   raw message (CRLF line ends, as the server
				   sent it), offset 0; closed after the
				   callback returns */
	uint64_t size;		/* bytes the server sent */
	bool truncated;		/* size > max_message_bytes: fd holds only the
				   first max_message_bytes bytes */
};

/* Called once per fetched message. Returns 0 to go on, or -1 with err set
   to stop imap_fetch_batch (which then returns -1 with that err). */
typedef int imap_fetch_fn(void *ctx, const struct imap_msg *msg,
			  struct err *err);

/* Fetches the messages uids[0..n) of the selected folder (BODY.PEEK[]: no
   \Seen set) with one UID FETCH per IMAP_FETCH_MAX UIDs. Each body is
   streamed into its own temp file in spool_dir (unlinked at once, so
   nothing is left behind), never held in memory. After the FETCH has
   completed, fn is called for each message in ascending UID order; UIDs
   that no longer exist are skipped. Returns the number of messages passed
   to fn, or -1 with err set (a failure of fn, ERR_FATAL if the spool cannot
   be written, ERR_TEMP for the network). Nothing is kept. */
#define IMAP_FETCH_MAX 256
int imap_fetch_batch(struct imap_conn *conn, const uint32_t *uids, size_t n,
		     imap_fetch_fn *fn, void *ctx, struct err *err);

/* Moves uids[0..n) of the selected folder to dest: UID MOVE when the server
   offers MOVE; else UID COPY, STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE
   of exactly these UIDs when it offers UIDPLUS. Without either, a plain
   EXPUNGE could remove other clients' \Deleted mail, so the messages are
   only copied and marked \Deleted \Seen (imap_list_uids skips them; they
   stay until someone expunges). Returns 0, or -1 with err set (ERR_FATAL
   "folder ... does not exist" if dest is missing). */
int imap_move(struct imap_conn *conn, const uint32_t *uids, size_t n,
	      const char *dest, struct err *err);

/* Adds \Seen to uids[0..n) of the selected folder (UID STORE
   +FLAGS.SILENT), for a mailbox whose filed messages stay where they are.
   UIDs that no longer exist are ignored by the server. Returns 0 or -1
   with err set. */
int imap_mark_seen(struct imap_conn *conn, const uint32_t *uids, size_t n,
		   struct err *err);

/* Creates folder unless it exists. Returns 1 if it was created, 0 if it
   existed, -1 with err set. */
int imap_create_folder(struct imap_conn *conn, const char *folder,
		       struct err *err);

/* Waits up to seconds for news in the selected folder: with IDLE when
   offered (re-IDLE at least every 29 minutes: pass at most 1740), else by
   sleeping and sending NOOP. Returns 1 if the server reported new messages
   (EXISTS or RECENT), 0 if the time passed without news or a signal
   interrupted the wait (IDLE is ended with DONE either way, so the caller
   can check its stop flag), -1 with err set. */
int imap_idle_wait(struct imap_conn *conn, unsigned seconds, struct err *err);

/* Sets the signal mask in force while imap_idle_wait sleeps (ppoll(2));
   NULL: the current mask (plain poll). A caller that keeps SIGTERM
   blocked while it works passes its mask without SIGTERM: a SIGTERM that
   arrived earlier or arrives during the wait ends the wait at once, and
   none can slip in between a check and the wait. Copied. */
void imap_set_wait_mask(struct imap_conn *conn, const sigset_t *mask);

/* imap_auth.c: credentials. Each returned string is owned by the caller
   and must be released with secret_free() (common/secret.h), which wipes it.
   A token file is read with secret_read(). */

/* Returns the base64 SASL PLAIN initial response ("" NUL user NUL pass). */
char *imap_auth_plain_b64(const char *user, const char *pass);
/* Returns the base64 SASL XOAUTH2 initial response
   ("user=" user ^A "auth=Bearer " token ^A ^A), or NULL if user or token
   holds ^A, CR or LF. */
char *imap_auth_xoauth2_b64(const char *user, const char *token);
/* Runs cmd with /bin/sh -c (stdin /dev/null, stderr inherited, its own
   process group) and returns the first line it printed (at most 16 KiB).
   The command must exit 0 within timeout_s (0 = 30) or it is killed.
   Returns a new string, or NULL with err set: ERR_TEMP (failed, timed out,
   printed nothing), ERR_FATAL (could not be run). */
char *imap_auth_token_command(const char *cmd, unsigned timeout_s,
			      struct err *err);

#endif
