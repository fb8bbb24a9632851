/* store/store.h - the durable record of intake: raw messages byte for
   byte, cases, attachments by content hash, the append-only event log,
   the outbox, IMAP sync state and the quarantine. One SQLite database
   (WAL); one struct store per process or thread.

   Conventions: int returns are 0 ok / -1 error; lookups return 1 found,
   0 not found, -1 error. On -1, err is set: ERR_TEMP when the database
   is busy or locked (retry later), ERR_MSG when one message's data
   cannot be stored (too big), ERR_FATAL otherwise. Times are Unix
   seconds (UTC), passed in by the caller so tests can fix the clock.
   Strings from mail are always bound, never formatted into SQL.
   Inside store_begin()/store_commit() every call joins that transaction;
   outside one, a multi-statement write opens its own BEGIN IMMEDIATE and
   a single-statement write commits on its own (atomic, busy timeout). */
#ifndef RG_STORE_H
#define RG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/json.h"
#include "common/report.h"
#include "common/strv.h"
#include "common/casestate.h"
#include "common/listingstate.h"
#include "common/sender.h"

struct store;	/* opaque: owns the sqlite3 handle and its statements */

/* Where a message was seen: an IMAP mailbox with UIDVALIDITY and UID, or
   "file:<path>" with 0 and the index inside an mbox (0 for one file). */
struct msg_key {
	const char *mailbox;
	uint32_t uidvalidity;
	uint32_t uid;
};

/* ---- parse attempts of poll (attempts.c) ---- */

/* Records that poll takes up uids[0..n) of mailbox/uidvalidity for a
   parse in its worker threads (one transaction, unless the caller holds
   one): a uid without a record gets attempts 1 and earlier_r[i] = 0; a
   uid with one keeps it and earlier_r[i] = its attempts (parses began
   before and never finished: the caller parses it alone, counting with
   store_attempts_bump). Returns 0, or -1 with err set. */
int store_attempts_take(struct store *store, const char *mailbox,
			uint32_t uidvalidity, const uint32_t *uids, size_t n,
			time_t now, unsigned *earlier_r, struct err *err);
/* Adds one attempt for message key (a record made if missing); returns 0
   with the new count in *n_r, or -1 with err set. */
int store_attempts_bump(struct store *store, const struct msg_key *key,
			time_t now, unsigned *n_r, struct err *err);
/* Forgets the attempts of uids[0..n) of mailbox/uidvalidity (filed,
   duplicates or quarantined). Returns 0, or -1 with err set. */
int store_attempts_clear(struct store *store, const char *mailbox,
			 uint32_t uidvalidity, const uint32_t *uids, size_t n,
			 struct err *err);

/* ---- lifetime and transactions (db.c, migrate.c) ---- */

/* Opens or creates the database at path, sets WAL, foreign_keys=ON and a
   busy timeout, and applies pending migrations in one transaction.
   attachments_dir (created if missing) receives attachment files.
   Returns a new store owned by the caller (store_close), or NULL with err
   set: ERR_FATAL also when the file's schema is newer than this program. */
struct store *store_open(const char *path, const char *attachments_dir,
			 struct err *err);
/* store_open, with the database, its WAL and SHM files given to group
   (a group name; NULL or "": none, the files stay 0600) with mode 0640,
   so that its members may read it ([store] group). Returns as
   store_open; ERR_FATAL also when there is no such group or the files
   cannot be given to it (the process is neither root nor a member). */
struct store *store_open_group(const char *path,
			       const char *attachments_dir, const char *group,
			       struct err *err);
/* Closes the database (rolling back an open transaction); NULL-safe;
   sets *store = NULL. */
void store_close(struct store **store);
/* Returns the schema version of the open database (PRAGMA user_version)
   and the latest version this program knows. */
int store_schema_version(struct store *store);
int store_schema_latest(void);

/* BEGIN IMMEDIATE: takes the write lock now (waits up to the busy
   timeout, then ERR_TEMP). Transactions do not nest. */
int store_begin(struct store *store, struct err *err);
int store_commit(struct store *store, struct err *err);
/* Rolls back if a transaction is open; never fails (NULL-safe). */
void store_rollback(struct store *store);

/* Durability. Commits use synchronous=NORMAL (WAL): a commit is atomic
   and survives a crash of the process, but not always a power loss;
   attachment files are not fsynced one by one either. store_flush makes
   everything committed before it durable: it fsyncs the attachment
   files (and their directories) written since the last flush, then the
   WAL file, then checkpoints (PASSIVE, best effort). Call it before
   acting on commits outside the database (the IMAP MOVE or \Seen of a
   batch) and at the end of a run; store_close calls it when files are
   pending. The store also flushes by itself once the WAL reaches 8192
   pages (32 MiB), files first. A row committed before a power loss can
   thus name a file that did not survive: see store_message_files_ok.
   Returns 0, or -1 with err set (ERR_TEMP when a sync failed: retry;
   ERR_FATAL inside a transaction). */
int store_flush(struct store *store, struct err *err);
/* store_flush in two halves. store_sync_files syncs the files and the
   WAL without using the connection, so another thread may run it while
   the thread that owns store writes (the commits made meanwhile may or
   may not be covered); store_checkpoint is the rest, by the owner.
   Each returns 0, or -1 with err set. */
int store_sync_files(struct store *store, struct err *err);
int store_checkpoint(struct store *store, struct err *err);

/* ---- messages (messages.c) ---- */

/* A message to store. The raw bytes are copied from fd (read from
   offset 0, size bytes; the fd stays the caller's; never held in memory)
   into the content-addressed file of sha256 (store_raw_put; nothing is
   written when that file is there already, e.g. linked by a parse
   worker). report may be NULL (a quarantined message: kind stays NULL);
   else its fields fill the columns and its JSON is kept. raw_fd < 0
   keeps no bytes (a message too large to store). adopt != 0 fills that
   existing row instead of adding one: a quarantined message filed again
   (store_quarantine_leave), whose row has the same sha256 and no case
   yet; its first location and receipt time stay. */
struct store_message_new {
	const struct msg_key *key;
	const char *sha256;		/* hex of the raw bytes */
	uint64_t size;
	int raw_fd;
	const struct report *report;	/* borrowed; may be NULL */
	int64_t case_id;		/* 0: none (global) */
	time_t received;
	int64_t adopt;			/* 0, or the unfiled row to fill */
};

/* Adds a message, its first location and, from report, one row per
   attachment (the files are stored beforehand through store_att_*).
   Returns 0 and the new row id in *id_r. A SHA-256 already present is an
   ERR_FATAL constraint error: look it up first. */
int store_message_add(struct store *store, const struct store_message_new *m,
		      int64_t *id_r, struct err *err);
/* Looks a message up by its SHA-256 hex / by a location. Returns 1 with
   its id in *id_r and its case in *case_id_r (0 if none; may be NULL),
   0 if unknown, -1 on error. */
int store_message_find_sha(struct store *store, const char *sha256,
			   int64_t *id_r, int64_t *case_id_r, struct err *err);
int store_message_find_key(struct store *store, const struct msg_key *key,
			   int64_t *id_r, int64_t *case_id_r, struct err *err);
/* Records that message id was (also) seen at key; a key seen before now
   points to id. */
int store_message_add_location(struct store *store, int64_t id,
			       const struct msg_key *key, time_t now,
			       struct err *err);

/* ---- attachment files (attachments.c) ---- */

/* Returns a new anonymous file (O_TMPFILE, read-write) on the
   attachments' file system, which store_raw_put can later link under its
   hash (the poller's spool): placed like the store's own new files
   (store_att_anon in attachments.c says why). Returns the fd (owned by
   the caller), or -1 with errno set. Thread-safe. */
int store_att_anon(struct store *store);

struct store_att;	/* opaque: one attachment file being written */

/* Starts writing an attachment into a temporary file inside
   attachments_dir. Returns a writer owned by the caller, to be finished
   by store_att_finish (which always frees it), or NULL with err set. */
struct store_att *store_att_begin(struct store *store, struct err *err);
int store_att_write(struct store_att *att, const void *data, size_t len,
		    struct err *err);
/* When ok, renames the file to attachments_dir/<ab>/<sha> (sha256_hex:
   lower-case hex of what was written, computed by the caller; an
   existing file of that name and size is kept); the fsync is left to
   store_flush. When !ok, removes the temporary file. Frees att
   (NULL-safe). */
int store_att_finish(struct store_att *att, const char *sha256_hex, bool ok,
		     struct err *err);
/* Copies size bytes of fd (from offset 0; the fd stays the caller's)
   into the content-addressed file of sha (a message's raw bytes, stored
   like an attachment; the fsync waits for store_flush). Returns 0, or -1
   with err set. */
int store_raw_put(struct store *store, int fd, const char *sha256_hex,
		  uint64_t size, struct err *err);
/* Returns 1 if the content-addressed file of sha is there with size
   bytes, else 0. */
int store_blob_ok(struct store *store, const char *sha256_hex,
		  uint64_t size);
/* Checks the files that message id's rows name: its raw bytes (when kept
   as a file) and its attachments. A power loss after a commit but before
   store_flush can lose them; the message is then still in its IMAP
   folder (it is moved only after the flush) and the pipeline rewrites
   them when it sees the message again. Returns 0 with *raw_ok and
   *att_ok set, or -1 with err set. */
int store_message_files_ok(struct store *store, int64_t id, bool *raw_ok,
			   bool *att_ok, struct err *err);
/* Returns the path of the file holding the attachment with that hash,
   owned by the caller, or NULL if sha256_hex is not 64 hex digits. */
char *store_att_path(struct store *store, const char *sha256_hex);

/* ---- cases (cases.c, refs.c) ---- */

/* A new case. prefix and now give the reference PREFIX-YYYY-NNNNNN,
   allocated inside the current transaction (no gaps, no repeats). */
struct store_case_new {
	const char *prefix;
	enum report_stream stream;
	const char *kind;		/* of the first message */
	const struct report *report;	/* submitter, rights holder, acting
					   as, reporter, category; borrowed */
	bool needs_staff;
	int64_t linked_case_id;		/* 0: none */
	time_t now;
};

/* Creates a case (status "incomplete" until store_case_absorb finds
   nothing missing) and adds its reporter and submitter as parties.
   Returns 0, the id in *id_r and the reference in ref_r (size >= 32). */
int store_case_create(struct store *store, const struct store_case_new *c,
		      int64_t *id_r, char *ref_r, size_t ref_size,
		      struct err *err);
/* Looks a case up by reference. Returns 1 with its id (and stream,
   if stream_r is not NULL), 0 if none, -1 on error. */
int store_case_find_ref(struct store *store, const char *ref, int64_t *id_r,
			enum report_stream *stream_r, struct err *err);
/* Returns 1 if address (compared case-insensitively) is a party of case
   id, or, when with_vendors, the vendor of one of its listings in the
   listing directory; 0 if not; -1 on error. */
int store_case_is_party(struct store *store, int64_t case_id,
			const char *address, bool with_vendors,
			struct err *err);
/* senders.c: sets *role_r to the role of address (case-insensitive) in
   case id: SENDER_REPORTER for its reporter or submitter, SENDER_VENDOR
   for a vendor party or the directory's vendor of one of its listings,
   else SENDER_STRANGER. Returns 0, or -1 on error. */
int store_case_sender_role(struct store *store, int64_t case_id,
			   const char *address, enum sender_role *role_r,
			   struct err *err);
/* senders.c: returns 1 when the outbox holds a mail of case id with
   Message-ID message_id (without <>, compared exactly) that was
   addressed to address (case-insensitive), 0 if not, -1 on error. */
int store_outbox_sent_to(struct store *store, int64_t case_id,
			 const char *message_id, const char *address,
			 struct err *err);
/* senders.c: what store_outbox_count_scope counts. */
enum store_count_scope {
	STORE_COUNT_ADDRESS = 0,	/* key: an address; "+detail" of both
					   sides ignored */
	STORE_COUNT_DOMAIN,		/* key: a domain */
	STORE_COUNT_ALL			/* key ignored */
};
/* senders.c: counts the outbox mails of kind (NULL: any) created at or
   after since, to recipients in scope (per recipient for ADDRESS and
   DOMAIN, per mail for ALL), compared case-insensitively. For the
   acknowledgement limits. Returns 0 and *n_r, or -1. */
int store_outbox_count_scope(struct store *store,
			     enum store_count_scope scope, const char *key,
			     const char *kind, time_t since, int64_t *n_r,
			     struct err *err);
/* Adds address (lower-cased) with role to case id; no-op if present. */
int store_case_add_party(struct store *store, int64_t case_id,
			 const char *address, const char *role,
			 struct err *err);
/* Takes in what message msg_id (already stored) brings to case id: its
   listings and evidence items (attachment classes, registry links,
   listings, description), the submitter fields the case lacks, and
   recomputes the missing list from all of the case's evidence with
   report_compute_missing. An "incomplete" case with nothing missing
   becomes "ready_for_review" (event case.status). Bumps updated.
   *status_changed_r (may be NULL) tells whether the status changed. */
int store_case_absorb(struct store *store, int64_t case_id, int64_t msg_id,
		      const struct report *report, time_t now,
		      bool *status_changed_r, struct err *err);
/* A case as read back. Every string is owned by the struct. */
struct store_case {
	int64_t id;
	char *ref;
	char *stream;
	char *kind;
	char *status;
	time_t created, updated;
	char *submitter_name, *submitter_email, *submitter_org;
	char *rights_holder;
	char *acting_as;
	char *reporter;
	char *category;		/* NULL unless abuse */
	struct strv missing;	/* SPEC §4.2 names, SPEC §6 order */
	struct strv listings;	/* listing ids */
	bool needs_staff;
	char *linked_ref;	/* the case this one is linked to, or NULL */
	char *enforcement;	/* of the latest enforce event, or NULL */
	char *source_type;	/* STORE_SOURCE_* (store-standing.h) */
	bool held;		/* filed while its reporter was suspended */
	bool repeat_infringer;	/* a vendor was one when it was filed */
	time_t unfounded_at;	/* rejected as manifestly unfounded; 0 */
	char *ground;		/* own-initiative cases: terms | illegal */
	char *clause;		/* own-initiative cases: the policy clause */
	char *explanation;	/* own-initiative cases: staff's words */
};

struct store_case_filter {
	const char *status;	/* NULL: any */
	const char *stream;	/* NULL: any */
	bool overdue;		/* only cases with an evidence request open
				   past its deadline at now */
	time_t now;
	bool hide_closed;	/* leave closed cases out unless status
				   asks for them */
};

/* Lists cases matching filter (NULL: all): trusted flaggers' notices
   first, held cases last, oldest first within each. Returns 0 and a
   new array owned by the caller in *cases_r (store_cases_free). */
int store_case_list(struct store *store, const struct store_case_filter *f,
		    struct store_case **cases_r, size_t *n_r, struct err *err);
/* Reads one case by reference: 1 and a new case owned by the caller in
   *case_r (store_cases_free(c, 1)), 0 if none, -1 on error. */
int store_case_get(struct store *store, const char *ref,
		   struct store_case **case_r, struct err *err);
void store_cases_free(struct store_case *cases, size_t n);
/* References of the cases linked to case id (flagged cases opened by
   strangers naming it). Returns 0 and fills refs_r (caller frees). */
int store_case_linked_from(struct store *store, int64_t case_id,
			   struct strv *refs_r, struct err *err);

/* ---- what a case holds, for cases show (messages.c, cases.c) ---- */

struct store_attachment {
	char *sha256;
	char *filename;		/* from the mail, decoded; may be NULL */
	char *content_type;
	uint64_t size;
	char *evidence;		/* SPEC §4.3 class name */
};

struct store_message {
	int64_t id;
	time_t received;
	char *mailbox;
	uint32_t uidvalidity, uid;
	char *message_id;
	char *from_address;
	char *subject;
	char *kind;		/* NULL: not parsed (quarantined) */
	char *sha256;
	uint64_t size;
	struct store_attachment *attachments;
	size_t n_attachments;
};

/* Lists the messages of case id, oldest first, each with its
   attachments. Returns 0 and a new array owned by the caller. */
/* The language ("en", "zh") the parser found in the case's first message,
   written into out (size bytes). Returns 1, 0 when unknown (out ""), or
   -1 with err set. */
int store_case_language(struct store *store, int64_t case_id, char *out,
			size_t size, struct err *err);
int store_case_messages(struct store *store, int64_t case_id,
			struct store_message **msgs_r, size_t *n_r,
			struct err *err);
void store_messages_free(struct store_message *msgs, size_t n);

struct store_listing {
	char *listing_id;
	char *url;
	int64_t message_id;	/* where first found, 0 if unknown */
	char *vendor_email;	/* from the listing directory, or NULL */
	char *vendor_name;	/* from the listing directory, or NULL */
	char *track;		/* its track (common/listingstate.h name) */
	char *decided_by;	/* the account that last removed or
				   reinstated it, or NULL */
};
int store_case_listings(struct store *store, int64_t case_id,
			struct store_listing **listings_r, size_t *n_r,
			struct err *err);
void store_listings_free(struct store_listing *l, size_t n);

/* ---- events (events.c) ---- */

/* Appends an event. case_id 0 and msg_id 0 mean none (a global event).
   detail_json must be a JSON object (NULL: "{}"). The log is append-only:
   the schema refuses UPDATE and DELETE. */
int store_event_add(struct store *store, int64_t case_id, int64_t msg_id,
		    time_t now, const char *actor, const char *type,
		    const char *detail_json, struct err *err);

/* The one builder of an event's detail: store_event_begin opens the
   detail object in ev->j, the caller writes its keys with json_kv_* (and
   may nest), and store_event_end closes it, appends the event as
   store_event_add does and frees what ev holds (whatever it returns).
   Returns what store_event_add returns. */
struct store_event_draft {
	struct buf buf;
	struct json j;
};
void store_event_begin(struct store_event_draft *ev);
int store_event_end(struct store *store, struct store_event_draft *ev,
		    int64_t case_id, int64_t msg_id, time_t now,
		    const char *actor, const char *type, struct err *err);

struct store_event {
	int64_t id;
	int64_t case_id;	/* 0: global */
	int64_t message_id;	/* 0: none */
	time_t time;
	char *actor;
	char *type;
	char *detail;		/* JSON object */
};
/* Lists the events of case id (0: the global ones), oldest first. */
int store_event_list(struct store *store, int64_t case_id,
		     struct store_event **events_r, size_t *n_r,
		     struct err *err);
void store_events_free(struct store_event *ev, size_t n);

/* ---- outbox (outbox.c) ---- */

struct store_outbox_new {
	int64_t case_id;		/* 0: none */
	const char *kind;		/* ack, vendor_notice, ... */
	const struct strv *recipients;	/* bare addresses */
	const char *message_id;		/* without <>, unique */
	const char *subject;
	const void *raw;		/* the rendered RFC 5322 mail */
	size_t raw_len;
	time_t now;
	time_t next_attempt;		/* usually now */
};
/* Queues a rendered mail with one pending delivery per recipient.
   Returns 0 and the outbox id in *id_r (may be NULL). */
int store_outbox_add(struct store *store, const struct store_outbox_new *m,
		     int64_t *id_r, struct err *err);

struct store_outbox_mail {
	int64_t id;
	int64_t case_id;
	char *kind;
	char *message_id;
	char *subject;
	char *status;		/* queued | sent | failed */
	unsigned char *raw;	/* NULL in store_outbox_for_case */
	size_t raw_len;
	time_t created, next_attempt;
	int attempts;
	char *last_error;
	struct strv recipients;	/* due: the pending ones; for_case: all,
				   as "address status" */
};
/* Returns 0 and up to max queued mails with a pending recipient due at
   now (next_attempt <= now), oldest first, raw bytes included; the array
   is owned by the caller (store_outbox_free). */
int store_outbox_due(struct store *store, time_t now, size_t max,
		     struct store_outbox_mail **mails_r, size_t *n_r,
		     struct err *err);
/* Lists the outbox mails of case id (without raw bytes). */
int store_outbox_for_case(struct store *store, int64_t case_id,
			  struct store_outbox_mail **mails_r, size_t *n_r,
			  struct err *err);
void store_outbox_free(struct store_outbox_mail *mails, size_t n);

enum store_delivery {
	DELIVERY_SENT = 0,
	DELIVERY_TEMP_FAIL,	/* retry at next_attempt */
	DELIVERY_PERM_FAIL
};
/* Records one attempt for one recipient of outbox mail id. When no
   recipient is pending any more the mail becomes "sent" (at least one
   delivered) or "failed"; else its next_attempt is the earliest pending
   one. error may be NULL. */
int store_outbox_result(struct store *store, int64_t id, const char *address,
			enum store_delivery result, time_t now,
			time_t next_attempt, const char *error,
			struct err *err);
/* Gives up on mail id: every pending recipient and the mail become
   "failed" with reason. */
int store_outbox_fail(struct store *store, int64_t id, const char *reason,
		      time_t now, struct err *err);
/* Finds the outbox mail with that Message-ID (without <>): 1 with its id
   and case (0 if none), 0 if unknown, -1 on error. For bounces. */
int store_outbox_find_message_id(struct store *store, const char *message_id,
				 int64_t *id_r, int64_t *case_id_r,
				 struct err *err);

/* Returns 0 and in *seq_r the sequence number of the next outbox mail of
   case id: 1 + how many it has (for the SEQ of SPEC §3 Message-IDs; call
   it inside the transaction that adds the mail). */
int store_outbox_next_seq(struct store *store, int64_t case_id,
			  unsigned *seq_r, struct err *err);

/* Crash detection for the sender (one sender at a time; the caller
   serialises senders). Before its SMTP transaction the sender claims the
   recipient in a committed transaction of its own; store_outbox_result,
   _fail and _bounced clear the claim. A claim still set when the next
   sender starts means a sender died between claim and result: the
   delivery is in doubt (it may or may not have reached the server). */

/* Claims pending recipient address of mail id at now. Returns 1 claimed,
   0 if it is not pending or already claimed, -1 on error. */
int store_outbox_claim(struct store *store, int64_t id, const char *address,
		       time_t now, struct err *err);

/* A recipient found claimed by store_outbox_recover. */
struct store_outbox_doubt {
	int64_t outbox_id;
	int64_t case_id;	/* 0: none */
	char *message_id;
	char *address;
	time_t claimed;		/* when the dead sender claimed it */
	int in_doubt;		/* recoveries of this recipient, this one
				   included */
};
/* Releases every claim (one transaction, or the caller's): the claimed
   pending recipients stay pending (and due) with in_doubt + 1, and are
   returned in a new array owned by the caller
   (store_outbox_doubts_free). Call once at the start of a sender, while
   no other sender runs. */
int store_outbox_recover(struct store *store,
			 struct store_outbox_doubt **doubts_r, size_t *n_r,
			 struct err *err);
void store_outbox_doubts_free(struct store_outbox_doubt *doubts, size_t n);

/* A bounce reports that mail id did not reach address (NULL: every
   recipient): the recipient becomes "failed" (from pending or sent) with
   error, and the mail "failed" when no recipient is pending or sent any
   more. Returns 0 and in *n_r how many recipients changed (0: address is
   not one of them, or already failed). */
int store_outbox_bounced(struct store *store, int64_t id,
			 const char *address, const char *error, time_t now,
			 int *n_r, struct err *err);

/* ---- IMAP sync state (sync.c) ---- */

/* Reads the state of mailbox: 1 with UIDVALIDITY and the last UID
   processed, 0 if never synced, -1 on error. */
int store_sync_get(struct store *store, const char *mailbox,
		   uint32_t *uidvalidity_r, uint32_t *last_uid_r,
		   struct err *err);
/* Sets it (insert or replace). */
int store_sync_set(struct store *store, const char *mailbox,
		   uint32_t uidvalidity, uint32_t last_uid, time_t now,
		   struct err *err);

/* ---- quarantine (quarantine.c) ---- */

/* Records a message the pipeline could not process. msg_id: its row in
   messages (0 if none). Returns 0 and the new id in *id_r (may be NULL). */
int store_quarantine_add(struct store *store, int64_t msg_id,
			 const struct msg_key *key, const char *sha256,
			 uint64_t size, const char *reason, time_t now,
			 int64_t *id_r, struct err *err);
/* Returns 1 if the message with that SHA-256 is quarantined (its reason
   copied into reason_r when not NULL, caller frees), 0 if not. */
int store_quarantine_find_sha(struct store *store, const char *sha256,
			      char **reason_r, struct err *err);

struct store_quarantine {
	int64_t id;
	int64_t message_id;	/* 0: raw bytes not kept */
	char *mailbox;
	uint32_t uidvalidity, uid;
	char *sha256;
	uint64_t size;
	char *reason;
	time_t time;
};
/* Reads quarantine entry id into *q (fields owned by the caller:
   store_quarantine_free(q, 1) frees them and q). Returns 1 with *q_r
   set, 0 if there is no such entry, -1 with err set. */
int store_quarantine_get(struct store *store, int64_t id,
			 struct store_quarantine **q_r, struct err *err);
/* Inside the caller's transaction, for a quarantined message being filed
   now (reportgate refile): removes every quarantine entry of sha256 and
   adds the global event "message.refiled" of message msg_id (who: actor;
   the entry id and its reason in the detail). Returns 0, or -1 with err
   set. */
int store_quarantine_leave(struct store *store, int64_t msg_id,
			   const char *sha256, int64_t entry,
			   const char *reason, const char *actor, time_t now,
			   struct err *err);
/* Lists the quarantine, oldest first; caller frees. */
int store_quarantine_list(struct store *store, struct store_quarantine **q_r,
			  size_t *n_r, struct err *err);
void store_quarantine_free(struct store_quarantine *q, size_t n);

/* ---- the staff workflow (transition.c) ---- */

/* One move of the case state machine (common/casestate.h). */
struct store_transition {
	enum case_action action;
	const char *actor;		/* who: a staff name, "intake", or the
					   address of the party that wrote */
	const char *reason;		/* why; may be NULL */
	enum enforcement enforcement;	/* ACTION_ENFORCE only */
	int64_t message_id;		/* the mail that caused it; 0: none */
	time_t now;
};

/* Reads the stream and status of case id: 1 found, 0 no such case, -1 on
   error (also for a status the state machine does not know). */
int store_case_state(struct store *store, int64_t case_id,
		     enum report_stream *stream_r, enum case_status *status_r,
		     struct err *err);
/* Moves case id as workflow_next allows from its current status: sets
   status, updated (and enforcement for ACTION_ENFORCE) and appends one
   event "case.status" {"action","from","to","reason"[,"enforcement"]}
   by t->actor at t->now. Returns 1 when moved (from_r, to_r set when not
   NULL), 0 when refused, with nothing changed and *why_r set to the
   state machine's static sentence, or -1 on error. */
int store_case_transition(struct store *store, int64_t case_id,
			  const struct store_transition *t,
			  enum case_status *from_r, enum case_status *to_r,
			  const char **why_r, struct err *err);
/* Flags case id for staff (needs_staff) and appends an event
   "case.flagged" {"note"} by actor; msg_id 0: none. */
int store_case_flag(struct store *store, int64_t case_id, int64_t msg_id,
		    const char *actor, const char *note, time_t now,
		    struct err *err);

/* ---- per-listing tracks (tracks.c; docs/WORKFLOW.md) ---- */

/* One move of a listing's track (common/listingstate.h). */
struct store_listing_move {
	enum listing_action action;
	const char *actor;		/* staff name, "system" or an address */
	const char *reason;		/* may be NULL */
	int64_t message_id;		/* the mail that caused it; 0: none */
	time_t now;
};
/* Moves listing listing_id of case id as listing_next allows and appends
   an event "listing.track" {"listing","action","to"} (and
   "listing.reason" when m->reason is set). Returns 1 moved, 0 refused
   (*why_r set to a static sentence; nothing changed), -1 on error. */
int store_listing_move(struct store *store, int64_t case_id,
		       const char *listing_id,
		       const struct store_listing_move *m, const char **why_r,
		       struct err *err);
/* Derives case id's status from its listings' tracks and account actions
   (listing_case_status) and stores it, with an event "case.status"
   {"action","from","to"} by m->actor when it changed; enforcement (may
   be NULL) becomes the case's latest enforcement. *to_r (may be NULL)
   gets the status. Returns 0, or -1 with err set. */
int store_case_derive(struct store *store, int64_t case_id,
		      const struct store_listing_move *m,
		      const char *enforcement, enum case_status *to_r,
		      struct err *err);

/* An account-level action on a vendor of a case. Strings owned. */
struct store_vendor_action {
	char *vendor_email;	/* NULL: recorded before per-vendor actions */
	char *action;		/* posting_restriction | suspension |
				   termination */
	char *reason;
	char *actor;
	time_t created;
};
/* Records one; vendor_email is stored lower-case. */
int store_vendor_action_add(struct store *store, int64_t case_id,
			    const char *vendor_email, const char *action,
			    const char *reason, const char *actor, time_t now,
			    struct err *err);
/* Lists case id's, oldest first; array owned by the caller
   (store_vendor_actions_free). */
int store_vendor_actions(struct store *store, int64_t case_id,
			 struct store_vendor_action **a_r, size_t *n_r,
			 struct err *err);
void store_vendor_actions_free(struct store_vendor_action *a, size_t n);

/* Closes open evidence request id of case case_id (why: "staff" or
   "decided") with an event "evidence_request.closed" by actor. Returns 1
   closed, 0 when it is not an open request of that case, -1 on error. */
int store_evreq_close(struct store *store, int64_t case_id, int64_t id,
		      const char *why, const char *actor, time_t now,
		      struct err *err);
/* Closes ("decided") every open request of case id whose listings are
   all decided (a vendor's request: that vendor's listings; the rights
   holder's: all), or every one when the case is rejected or closed.
   *n_r (may be NULL) gets how many. */
int store_evreq_close_decided(struct store *store, int64_t case_id,
			      time_t now, size_t *n_r, struct err *err);

/* Clears needs_staff of case id and appends an event "case.unflagged"
   {"reason"} by actor. */
int store_case_unflag(struct store *store, int64_t case_id,
		      const char *actor, const char *reason, time_t now,
		      struct err *err);

/* Re-files case id (reference old_ref) in stream: a new reference
   PREFIX-YYYY-NNNNNN of prefix at now into ref_r (size >= 32), its kind
   ip_report / abuse_report follows the stream, and old_ref becomes an
   alias that store_case_find_ref and store_case_get still find. Call
   inside a transaction. */
int store_case_move(struct store *store, int64_t case_id, const char *old_ref,
		    enum report_stream stream, const char *prefix, time_t now,
		    char *ref_r, size_t ref_size, struct err *err);
/* Recomputes the missing list of case id from its evidence (as filing a
   message does) and moves an incomplete / ready_for_review case as a
   follow-up would, by actor for reason; an info_requested case moves
   only to incomplete, when something is missing (the reporter's answer
   is still awaited). */
int store_case_recompute(struct store *store, int64_t case_id,
			 const char *actor, const char *reason, time_t now,
			 struct err *err);

struct store_right;

/* Corrections by staff (cases set). field "rights_holder" or
   "submitter_org" of case id becomes value (NULL clears it). */
int store_case_set_text(struct store *store, int64_t case_id,
			const char *field, const char *value, time_t now,
			struct err *err);
/* Replaces the rights claimed of case id by r[0..n) (type required;
   registration and jurisdiction may be NULL); store_case_rights returns
   these from then on instead of what the parser read. */
int store_case_set_rights(struct store *store, int64_t case_id,
			  const struct store_right *r, size_t n,
			  struct err *err);

/* ---- counter-notices per vendor (counter.c) ---- */

struct store_counter {
	int64_t id;
	int64_t case_id;
	char *ref;		/* of the case */
	char *vendor_email;	/* lower-case */
	int64_t message_id;	/* the counter-notice; 0: unknown */
	time_t created, deadline;	/* the rights holder's answer by */
	char *answer;		/* accept | reject | NULL: pending */
	time_t answered_at, flagged_at;	/* 0: not yet */
	int64_t forward_outbox_id;	/* the mail that forwarded it to the
					   rights holder; 0: none */
	char *forward_message_id;	/* that mail's Message-ID, without
					   <>; NULL: none */
};
/* Records vendor_email's counter-notice msg_id on case id, answerable
   until deadline; its id into *id_r (may be NULL). */
int store_counter_add(struct store *store, int64_t case_id,
		      const char *vendor_email, int64_t msg_id, time_t now,
		      time_t deadline, int64_t *id_r, struct err *err);
/* Lists case id's counter-notices, oldest first (store_counters_free). */
int store_counter_list(struct store *store, int64_t case_id,
		       struct store_counter **c_r, size_t *n_r,
		       struct err *err);
/* Lists the unanswered ones of open cases whose deadline passed before
   now and that were not flagged yet. */
int store_counter_due(struct store *store, time_t now,
		      struct store_counter **c_r, size_t *n_r,
		      struct err *err);
/* Records that outbox mail outbox_id forwarded counter-notice id to the
   rights holder: the answer that replies to it is about this one. */
int store_counter_forwarded(struct store *store, int64_t id,
			    int64_t outbox_id, struct err *err);
/* Records the rights holder's answer to counter-notice id. */
int store_counter_answer(struct store *store, int64_t id, bool accepted,
			 time_t now, struct err *err);
/* Records that staff were flagged about counter-notice id at now. */
int store_counter_flagged(struct store *store, int64_t id, time_t now,
			  struct err *err);
void store_counters_free(struct store_counter *c, size_t n);

/* ---- listing directory (directory.c) ---- */

struct store_directory_entry {
	char *listing_id;
	char *vendor_name;
	char *vendor_email;	/* lower-case */
	char *title;
	time_t imported;
};

/* Inserts or replaces the directory entry of listing_id (vendor_email is
   stored lower-case; name, email and title may be NULL). *inserted_r
   (may be NULL) is true for a new listing, false for an update. */
int store_directory_upsert(struct store *store, const char *listing_id,
			   const char *vendor_name, const char *vendor_email,
			   const char *title, time_t now, bool *inserted_r,
			   struct err *err);
/* Looks listing_id up: 1 with a new entry owned by the caller in *e_r
   (store_directory_free(e, 1)), 0 if unknown, -1 on error. */
int store_directory_get(struct store *store, const char *listing_id,
			struct store_directory_entry **e_r, struct err *err);
void store_directory_free(struct store_directory_entry *e, size_t n);

/* A vendor of a case: the directory's vendor of one or more of its
   listings. Strings owned by the struct. */
struct store_vendor {
	char *email;
	char *name;		/* may be NULL */
	struct strv listing_ids;
	struct strv urls;	/* same order as listing_ids */
};
/* Lists the vendors of case id's listings, grouped per vendor address
   (listings without a directory entry or without an address are left
   out), by first listing. Returns 0 and an array owned by the caller
   (store_vendors_free). */
int store_case_vendors(struct store *store, int64_t case_id,
		       struct store_vendor **v_r, size_t *n_r,
		       struct err *err);
void store_vendors_free(struct store_vendor *v, size_t n);
/* Returns 1 if address (any case) is the directory's vendor of one of
   case id's listings, 0 if not, -1 on error. */
int store_case_is_vendor(struct store *store, int64_t case_id,
			 const char *address, struct err *err);

/* ---- evidence requests (evreq.c) ---- */

struct store_evreq {
	int64_t id;
	int64_t case_id;
	char *ref;		/* of the case */
	char *role;		/* vendor | rights_holder */
	char *party;		/* address asked */
	char *name;		/* the party's name, or NULL */
	char *lang;		/* of the request mail: en | zh */
	time_t deadline;
	char *text;
	time_t created;
	time_t satisfied_at;	/* 0: open */
	time_t reminded_at;	/* 0: no reminder sent */
	time_t closed_at;	/* 0: not closed (by staff, or because the
				   listings it concerns were decided) */
	char *closed_why;	/* staff | decided | NULL */
};

/* A new evidence request; strings borrowed. */
struct store_evreq_new {
	int64_t case_id;
	const char *role;	/* vendor | rights_holder */
	const char *party;	/* address, stored lower-case */
	const char *name;	/* may be NULL */
	const char *lang;	/* NULL: en */
	time_t deadline;
	const char *text;
	time_t now;
};
/* Records a request; its id into *id_r (may be NULL). */
int store_evreq_add(struct store *store, const struct store_evreq_new *r,
		    int64_t *id_r, struct err *err);
/* Lists the requests of case id (0: every case), oldest first; the
   array is owned by the caller (store_evreqs_free). */
int store_evreq_list(struct store *store, int64_t case_id,
		     struct store_evreq **r_r, size_t *n_r, struct err *err);
/* Lists the open requests whose deadline passed before now and that had
   no reminder yet, oldest first (store_evreqs_free). */
int store_evreq_due(struct store *store, time_t now, struct store_evreq **r_r,
		    size_t *n_r, struct err *err);
/* Records that the reminder of request id was queued at now. */
int store_evreq_reminded(struct store *store, int64_t id, time_t now,
			 struct err *err);
/* Marks every open request of case id to address as satisfied by
   message msg_id at now, each with an event "evidence_request.satisfied"
   {"request","party"} by address. *n_r (may be NULL) gets how many. */
int store_evreq_satisfy(struct store *store, int64_t case_id,
			const char *address, int64_t msg_id, time_t now,
			size_t *n_r, struct err *err);
void store_evreqs_free(struct store_evreq *r, size_t n);

/* ---- related cases (links.c) ---- */

/* Another case related to a case: by a shared listing (the cases that
   report one listing form its group) or by a shared vendor. */
struct store_case_link {
	char *ref;
	char *status;
	char *via;		/* the listing id, or the vendor's address */
};
/* Lists the cases that share a listing with case id (at most 200), by
   reference. */
int store_case_links(struct store *store, int64_t case_id,
		     struct store_case_link **l_r, size_t *n_r,
		     struct err *err);
/* Lists the other cases with a listing of one of case id's vendors. */
int store_case_same_vendor(struct store *store, int64_t case_id,
			   struct store_case_link **l_r, size_t *n_r,
			   struct err *err);
void store_case_links_free(struct store_case_link *l, size_t n);

/* ---- search and export (search.c) ---- */

/* Finds the cases whose subjects, bodies, listing ids or parties (also
   the vendors of their listings) contain text, case-insensitively for
   ASCII: through the trigram index for 3 characters or more, by a scan
   for 1-2 characters (short Chinese words). Returns 0 and a case array
   owned by the caller (store_cases_free), oldest first. */
int store_case_search(struct store *store, const char *text,
		      struct store_case **cases_r, size_t *n_r,
		      struct err *err);

/* The IP rights claimed in case id's reports and follow-ups, deduplicated,
   in order of appearance. Strings owned by the struct. */
struct store_right {
	char *type;
	char *registration;	/* may be NULL */
	char *jurisdiction;	/* may be NULL */
};
int store_case_rights(struct store *store, int64_t case_id,
		      struct store_right **r_r, size_t *n_r, struct err *err);
void store_rights_free(struct store_right *r, size_t n);

/* Moves the searchable text of the messages filed since the last call
   into the full-text index, in one transaction (filing only queues it:
   search_pending; searches read both). Call it after a batch. Returns
   0, or -1 with err set (nothing moved; call again). */
int store_search_catch_up(struct store *store, struct err *err);
/* Reads the raw bytes of message id: 1 with a new buffer owned by the
   caller (free), 0 if none kept, -1 on error. */
int store_message_raw(struct store *store, int64_t msg_id,
		      unsigned char **raw_r, size_t *len_r, struct err *err);
/* Returns 1 if a message of case id has an attachment with that SHA-256
   (its file name, maybe NULL, into *filename_r when not NULL; caller
   frees), 0 if not, -1 on error. */
int store_case_attachment(struct store *store, int64_t case_id,
			  const char *sha256, char **filename_r,
			  struct err *err);

/* Everything a case holds, for showing it (cases show, the web console).
   Owned by the caller: store_case_view_free. */
struct store_case_view {
	struct store_case *c;
	struct store_message *msgs;
	size_t n_msgs;
	struct store_listing *listings;
	size_t n_listings;
	struct store_event *events;
	size_t n_events;
	struct store_outbox_mail *outbox;
	size_t n_outbox;
	struct strv linked_from;
	struct store_vendor *vendors;
	size_t n_vendors;
	struct store_evreq *evreqs;
	size_t n_evreqs;
	struct store_case_link *links;
	size_t n_links;
	struct store_case_link *same_vendor;
	size_t n_same_vendor;
	struct store_vendor_action *actions;	/* account actions */
	size_t n_actions;
	struct store_counter *counters;		/* counter-notices */
	size_t n_counters;
	struct store_right *rights;	/* claimed now (store_case_rights) */
	size_t n_rights;
	bool rights_corrected;		/* rights are staff's (cases set) */
};

/* Reads case ref with its messages, listings, events, outbox mails,
   linked cases, vendors, evidence requests, cases linked by listing or
   vendor, and the rights it claims. Returns 1, 0 if there is no such case, or -1 with err set. */
int store_case_view_load(struct store *store, const char *ref,
			 struct store_case_view *v, struct err *err);
/* Frees what v holds and zeroes it (NULL members are fine). */
void store_case_view_free(struct store_case_view *v);

#include "store/store-staff.h"
#include "store/store-sor.h"
#include "store/store-standing.h"
#include "store/store-complaints.h"

#endif
