/* store/store-staff.h - the store's part for the web processes: staff
   accounts and sessions, the console's case pages and queues, and the
   portal's held submissions. Included by store/store.h, after the types
   it uses. */
#ifndef RG_STORE_STAFF_H
#define RG_STORE_STAFF_H

/* ---- staff accounts and sessions (accounts.c) ---- */

/* A staff account of the web console. Strings owned by the struct. */
struct store_account {
	int64_t id;
	char *name;
	char *role;		/* viewer | reviewer | decider | admin */
	char *password;		/* the argon2id string, never the password */
	bool disabled;
	time_t created;
	int failures;		/* failed sign-ins since the last good one */
	time_t locked_until;	/* 0: not locked */
};
/* Adds an account (password_hash already hashed by the caller). Returns
   1 added, 0 when the name is taken, -1 on error. */
int store_account_add(struct store *store, const char *name,
		      const char *role, const char *password_hash, time_t now,
		      struct err *err);
/* Looks an account up by name: 1 and a new account owned by the caller
   in *a_r (store_accounts_free(a, 1)), 0 if none, -1 on error. */
int store_account_get(struct store *store, const char *name,
		      struct store_account **a_r, struct err *err);
/* Lists every account by name; the array is owned by the caller. */
int store_account_list(struct store *store, struct store_account **v_r,
		       size_t *n_r, struct err *err);
void store_accounts_free(struct store_account *v, size_t n);
/* Counts the accounts that are not disabled into *n_r. */
int store_account_count(struct store *store, int64_t *n_r, struct err *err);
/* Replaces the password hash (clearing failures and lock) and ends the
   account's sessions. Returns 1 done, 0 no such account, -1 on error. */
int store_account_set_password(struct store *store, const char *name,
			       const char *password_hash, struct err *err);
/* Disables (ending its sessions) or enables an account. Returns 1 done,
   0 no such account, -1 on error. */
int store_account_set_disabled(struct store *store, const char *name,
			       bool disabled, struct err *err);
/* Records a failed sign-in from address (an IP address) at now: against
   account_id too unless 0 (its failures + 1; reaching max_failures locks
   it until now + lock_seconds). Failures older than lock_seconds are
   forgotten. One transaction. */
int store_login_failed(struct store *store, int64_t account_id,
		       const char *address, time_t now, unsigned max_failures,
		       time_t lock_seconds, struct err *err);
/* A good sign-in: clears the account's failures and lock. */
int store_login_good(struct store *store, int64_t account_id,
		     struct err *err);
/* Counts the failed sign-ins from address at or after since. */
int store_login_failures_since(struct store *store, const char *address,
			       time_t since, int64_t *n_r, struct err *err);
/* Adds a session: hash_hex is the SHA-256 hex of the cookie's bytes. */
int store_session_add(struct store *store, const char *hash_hex,
		      int64_t account_id, time_t now, struct err *err);
/* Finds the session of hash_hex. A session unused for more than idle
   seconds, older than max_age seconds, or of a disabled account is
   deleted and not found. Returns 1 and its account (owned by the
   caller) in *a_r, 0 if none, -1 on error. Updates its last use. */
int store_session_get(struct store *store, const char *hash_hex, time_t now,
		      time_t idle, time_t max_age, struct store_account **a_r,
		      struct err *err);
/* Ends the session of hash_hex (no error when there is none). */
int store_session_delete(struct store *store, const char *hash_hex,
			 struct err *err);

/* ---- for the staff console (staffview.c) ---- */

/* Returns the value at path (a constant JSON path such as "$.reason")
   in json as text (strings as they are, numbers written out), owned by
   the caller; NULL when absent, null, an object or array, when json is
   not valid or NULL, or on a store error. */
char *store_json_text(struct store *store, const char *json,
		      const char *path);
/* Assigns case id to the account named assignee (NULL: unassigned),
   with an event case.assigned by actor. Returns 1 changed, 0 when it
   was so already (no event), -1 on error. */
int store_case_assign(struct store *store, int64_t case_id,
		      const char *assignee, time_t now, const char *actor,
		      struct err *err);
/* Reads the assignee of case id: 1 with a new string (NULL when
   unassigned) owned by the caller in *assignee_r, 0 no such case, -1 on
   error. */
int store_case_assignee(struct store *store, int64_t case_id,
			char **assignee_r, struct err *err);
/* Reads the bytes of outbox mail id of case case_id as queued (the whole
   MIME message): 1 with a new buffer of *len_r bytes (NUL-terminated
   after them) owned by the caller (free), 0 when case_id has no such
   mail, -1 with err set. */
int store_outbox_raw(struct store *store, int64_t case_id, int64_t id,
		     unsigned char **raw_r, size_t *len_r, struct err *err);

/* ---- queues of the staff console (queues.c) ---- */

/* The queues; every one but QUEUE_ALL, QUEUE_INCOMPLETE, QUEUE_READY
   and QUEUE_COUNTER leaves closed cases out. */
enum store_queue {
	QUEUE_OPEN = 0,		/* not closed */
	QUEUE_NEEDS_STAFF,	/* flagged for staff */
	QUEUE_OVERDUE,		/* an evidence request past its deadline */
	QUEUE_UNASSIGNED,
	QUEUE_MINE,		/* assigned to me */
	QUEUE_INCOMPLETE,	/* status incomplete */
	QUEUE_READY,		/* status ready_for_review */
	QUEUE_COUNTER,		/* status counter_noticed */
	QUEUE_ALL,		/* closed ones too */
	STORE_QUEUE_N
};
/* What a page of a queue shows. Strings borrowed; NULL: any. */
struct store_queue_query {
	enum store_queue queue;
	const char *me;		/* the account for QUEUE_MINE */
	const char *stream, *status, *category;
	const char *vendor;	/* a vendor address of one of its listings */
	const char *assignee;	/* an account, or "-": unassigned */
	time_t min_age;		/* seconds since opened at least; 0: any */
	bool by_activity;	/* newest activity first; else oldest first */
	time_t now;
	size_t offset, limit;
	const int64_t *counts;	/* store_queue_counts's at now (borrowed),
				   or NULL: with no filter set, the total is
				   counts[queue] and not counted again */
};
/* One case of a queue page. Strings owned by the struct. */
struct store_queue_row {
	char *ref, *stream, *status, *kind, *submitter, *rights_holder;
	char *category, *assignee;	/* NULL: none */
	char *missing;			/* JSON array of SPEC §4.2 names */
	time_t created, updated;
	time_t first_response;		/* first mail sent but the
					   acknowledgement; 0: none yet */
	bool needs_staff;
	int64_t n_listings;
	char *source_type;		/* STORE_SOURCE_* */
	bool held, repeat_infringer;
};
/* Reads the cases of q's page (at most q->limit from q->offset) into a
   new array owned by the caller (store_queue_rows_free) and the number
   of all matching cases into *total_r. */
int store_queue_page(struct store *store, const struct store_queue_query *q,
		     struct store_queue_row **rows_r, size_t *n_r,
		     int64_t *total_r, struct err *err);
void store_queue_rows_free(struct store_queue_row *v, size_t n);
/* Counts the cases of every queue (QUEUE_MINE for account me) at now,
   into counts indexed by enum store_queue. */
int store_queue_counts(struct store *store, const char *me, time_t now,
		       int64_t counts[STORE_QUEUE_N], struct err *err);
/* ---- the portal's held submissions (portal.c) ---- */

/* One file of a held submission; strings borrowed. */
struct store_portal_file {
	const char *field;	/* identity | authorization | ownership |
				   evidence */
	const char *name;	/* the name given in the message */
	const char *content_type;
	const char *sha256;	/* its content-addressed file (store_raw_put) */
	uint64_t size;
};
/* A complete form held until its sender confirms it; strings borrowed. */
struct store_portal_new {
	const char *token_sha256;	/* hex SHA-256 of the link's token */
	enum report_stream stream;
	const char *email, *from_name, *subject, *body, *message_id;
	const char *headers;		/* extra header lines, CRLF-ended */
	const char *lang;
	time_t created, expires;
	const struct store_portal_file *files;
	size_t n_files;
};
/* Inserts n and its files (whose content the caller stored before).
   Returns 0 and the row's id in *id_r (may be NULL), or -1. */
int store_portal_hold(struct store *store, const struct store_portal_new *n,
		      int64_t *id_r, struct err *err);

struct store_portal_held_file {
	char *field, *name, *content_type, *sha256;
	uint64_t size;
};
/* A held submission as read back; every string owned by it. */
struct store_portal_held {
	int64_t id;
	char *token_sha256;
	enum report_stream stream;
	char *email, *from_name, *subject, *body, *message_id, *headers;
	char *lang;
	time_t created, expires;
	time_t confirmed;		/* 0: not yet */
	char *case_ref;			/* NULL until confirmed */
	struct store_portal_held_file *files;	/* none once confirmed */
	size_t n_files;
};
/* Reads row id into *h (store_portal_held_clear frees it). Returns 1,
   0 when there is no such row, or -1. */
int store_portal_get(struct store *store, int64_t id,
		     struct store_portal_held *h, struct err *err);
void store_portal_held_clear(struct store_portal_held *h);
/* Marks row id confirmed at now with the case ref it filed (its link is
   used up), drops its file rows (the message's attachments hold the
   files now) and records message msg_id (0: none) as come by the web
   form. Returns 0 or -1. */
int store_portal_confirmed(struct store *store, int64_t id, int64_t msg_id,
			   const char *ref, time_t now, struct err *err);
/* Records message msg_id (0: none) as come by the web form. Returns 0
   or -1. */
int store_portal_channel(struct store *store, int64_t msg_id,
			 struct err *err);
/* Counts the submissions held for email (any case) created after since.
   Returns 0 with *n_r, or -1. */
int store_portal_count_email(struct store *store, const char *email,
			     time_t since, unsigned *n_r, struct err *err);
/* Deletes the rows that expired by now (confirmed or not), then the
   files they named that no row names any more (held forms, attachments,
   raw messages). Returns 0 with the number of rows deleted in *n_r, or
   -1 (nothing deleted). */
int store_portal_expire(struct store *store, time_t now, unsigned *n_r,
			struct err *err);

/* ---- what the portal keeps across restarts (portal_state.c) ---- */

/* The portal's key called name, len bytes, into key: the stored one, or
   fresh (len bytes, random, from the caller) stored now when there is
   none. Returns 0, or -1 with err set. */
int store_portal_key(struct store *store, const char *name,
		     const unsigned char *fresh, unsigned char *key,
		     size_t len, struct err *err);
/* Counts a post of client (its address) at now against limit per hour
   (the hour from its first post). Returns 1 if it is within the limit
   (counted), 0 if over it (nothing written), -1 with err set. */
int store_portal_rate_take(struct store *store, const char *client,
			   time_t now, unsigned limit, struct err *err);
/* Marks the form token whose MAC is mac (hex) used, kept until expires.
   Returns 1 if it was not used before, 0 if it was, -1 with err set. */
int store_portal_token_use(struct store *store, const char *mac,
			   time_t expires, struct err *err);
/* Forgets the rates of hours over by now and the used tokens stale by
   now. Returns 0 or -1. */
int store_portal_state_expire(struct store *store, time_t now,
			      struct err *err);

#endif
