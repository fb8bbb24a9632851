/* store/store-int.h - what the store's files share: struct store and the
   sqlite3 wrappers of db.c. Never included from outside store/. */
#ifndef RG_STORE_INT_H
#define RG_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "common/strv.h"
#include "store/store.h"

#define DB_STMT_CACHE 320
#define DB_BUSY_TIMEOUT_MS 10000
/* WAL size (pages) after a commit at which the store flushes and
   checkpoints by itself (db_wal_hook), in place of SQLite's own
   autocheckpoint of 1000 pages. */
#define DB_WAL_CHECKPOINT_PAGES 8192

struct db_stmt {
	const char *sql;	/* a string literal: the cache key */
	sqlite3_stmt *st;	/* owned */
};

struct store {
	sqlite3 *db;			/* owned */
	char *path;			/* owned */
	char *att_dir;			/* owned */
	bool in_tx;
	int bind_rc;			/* first failed bind since db_stmt */
	struct db_stmt cache[DB_STMT_CACHE];
	size_t n_cache;
	/* Attachment files are written by parse workers too (poll):
	   att_lock guards the two lists; nothing else of the store is
	   used outside the thread that opened it. */
	pthread_mutex_t att_lock;
	struct strv att_files;		/* attachment files not yet fsynced */
	struct strv att_dirs;		/* directories not yet fsynced */
	bool att_subdirs[256];		/* att_dir/<ab> known to exist */
	int att_anon;			/* O_TMPFILE: 0 untried, 1 works
					   (unused), -1 named files */
	unsigned att_spread;		/* the next subdirectory for a new
					   anonymous file (atomic) */
};

/* attachments.c: marks att_dir a top directory for the allocator (best
   effort; see store_att_anon). */
void att_dir_spread(struct store *s);

/* db.c: the only file that interprets sqlite3 return codes. */

/* Returns the cached prepared statement for sql (a string literal),
   preparing it on first use, reset with bindings cleared; NULL with err
   set on error. Owned by the store. */
sqlite3_stmt *db_stmt(struct store *s, const char *sql, struct err *err);
/* Bind helpers: a failure is remembered and reported by db_step. Text
   NULL binds NULL. */
void db_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v);
/* Binds the first len bytes of v (not NULL) as text. */
void db_bind_text_len(struct store *s, sqlite3_stmt *st, int i, const char *v,
		      size_t len);
void db_bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v);
void db_bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *v,
		  size_t len);
/* Binds v, or NULL when v is 0 (optional foreign keys). */
void db_bind_id(struct store *s, sqlite3_stmt *st, int i, int64_t v);
/* Steps st: 1 a row is ready, 0 done, -1 error. On 0 and -1 st is reset
   (its read lock released); after 1 call db_reset when stopping early. */
int db_step(struct store *s, sqlite3_stmt *st, struct err *err);
void db_reset(sqlite3_stmt *st);
/* Runs fixed SQL (no values) with sqlite3_exec. */
int db_exec(struct store *s, const char *sql, struct err *err);
int64_t db_last_id(struct store *s);
int db_changes(struct store *s);
/* Copies column i as a new string owned by the caller, or NULL. */
char *db_col_dup(sqlite3_stmt *st, int i);
/* Copies the bytes of column i into a new buffer owned by the caller,
   NUL-terminated after its *len_r bytes (0 for NULL); never NULL. */
unsigned char *db_col_blob_dup(sqlite3_stmt *st, int i, size_t *len_r);
int64_t db_col_int(sqlite3_stmt *st, int i);
/* Transactions: db_begin is BEGIN IMMEDIATE. db_auto_begin starts one
   unless the caller has (own_r tells), db_auto_end commits it (ok) or
   rolls it back. */
int db_begin(struct store *s, struct err *err);
int db_commit(struct store *s, struct err *err);
void db_rollback(struct store *s);
int db_auto_begin(struct store *s, bool *own_r, struct err *err);
int db_auto_end(struct store *s, bool own, int ret, struct err *err);

/* attachments.c: fsyncs the attachment files and directories written
   since the last call (files first). Returns 0, or -1 with err set
   (ERR_TEMP; the lists are kept for the next try). */
int att_flush(struct store *s, struct err *err);

/* migrate.c */
int migrate_apply(struct store *s, struct err *err);

/* refs.c: allocates the next reference for prefix and now's year inside
   the current transaction into ref_r. */
int refs_next(struct store *s, const char *prefix, time_t now, char *ref_r,
	      size_t size, struct err *err);

/* cases.c: returns a lower-cased copy of an address (caller frees), or
   NULL for NULL. */
char *casetab_lower(const char *address);
/* The columns casetab_query reads, from "cases c" (l: the linked case). */
#define CASES_COLUMNS \
	"SELECT c.id, c.ref, c.stream, c.kind, c.status, c.created, " \
	"c.updated, c.submitter_name, c.submitter_email, c.submitter_org, " \
	"c.rights_holder, c.acting_as, c.reporter, c.category, " \
	"c.needs_staff, l.ref, c.enforcement, c.source_type, c.held, " \
	"c.repeat_infringer, c.unfounded_at, c.ground, c.clause, " \
	"c.explanation FROM cases c LEFT JOIN cases l " \
	"ON l.id = c.linked_case_id "
/* The order of every list of cases before its own (docs/WORKFLOW.md
   "Notice sources, misuse and repeat infringers"): held cases last,
   trusted flaggers' notices first among the rest. */
#define CASES_PRIORITY "c.held, c.source_type <> 'trusted_flagger'"
/* Steps st (a bound statement selecting CASES_COLUMNS) to the end and
   returns its cases with their lists in a new array (store_cases_free). */
int casetab_query(struct store *s, sqlite3_stmt *st,
		  struct store_case **cases_r, size_t *n_r, struct err *err);

/* search.c: adds the subject, body, sender, listing ids and submitter
   fields of report r (message of case id) to the search index. */
int search_index_message(struct store *s, int64_t case_id,
			 const struct report *r, struct err *err);

/* related.c: case id has just got listing_id: when other cases have it
   too (its group), adds one event "case.linked" {listing, first: the
   group's first case} on case id only. Constant time in the group's
   size. Returns 0, or -1 with err set. */
int links_add(struct store *s, int64_t case_id, const char *listing_id,
	      time_t now, struct err *err);

#endif
