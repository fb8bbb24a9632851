/* store/db.c - the sqlite3 handle: open with the pragmas, a cache of
   prepared statements, binding, stepping, transactions, and the one
   place where sqlite3 return codes are interpreted. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/mem.h"
#include "store/store-int.h"

/* Maps rc to err (ERR_TEMP for BUSY/LOCKED, ERR_MSG for TOOBIG, else
   ERR_FATAL), naming what failed. Returns -1 (0 when rc is OK/ROW/DONE). */
static int
db_rc(struct store *s, int rc, const char *what, struct err *err)
{
	const char *msg;

	if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	msg = s != NULL && s->db != NULL ? sqlite3_errmsg(s->db) :
		sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err_set(err, ERR_TEMP, "database busy: %s: %s", what, msg);
		break;
	case SQLITE_TOOBIG:
		err_set(err, ERR_MSG, "too big for the database: %s: %s",
			what, msg);
		break;
	default:
		err_set(err, ERR_FATAL, "database: %s: %s", what, msg);
		break;
	}
	return -1;
}

/* Runs after every commit (it replaces SQLite's autocheckpoint): once
   the WAL holds DB_WAL_CHECKPOINT_PAGES pages, syncs the pending
   attachment files, then checkpoints (which syncs the WAL first), so a
   commit never becomes durable before the files it names. A failure
   leaves the WAL to grow until the next commit or store_flush. */
static int
db_wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
	struct store *s = ctx;
	struct err err;

	if (pages < DB_WAL_CHECKPOINT_PAGES || att_flush(s, &err) < 0)
		return SQLITE_OK;
	sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL,
				  NULL);
	return SQLITE_OK;
}

/* Gives file path (if it exists, or always with create) the mode 0600:
   a new file whatever the umask, an existing one without the bits of
   others (group bits stay: an operator may have granted them). With a
   group (gid >= 0) the file is that group's with mode 0640. Returns 0,
   or -1 with err set when the group cannot be given. */
static int
db_private_file(const char *path, bool create, long gid, struct err *err)
{
	struct stat sb;
	int fd;

	fd = create ? open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)
		    : -1;
	if (fd >= 0) {
		(void)fchmod(fd, 0600);
		close(fd);
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	if (gid < 0) {
		if ((sb.st_mode & 007) != 0)
			(void)chmod(path, sb.st_mode & 0770);
		return 0;
	}
	if (((long)sb.st_gid != gid && chown(path, (uid_t)-1,
					      (gid_t)gid) < 0) ||
	    ((sb.st_mode & 07777) != 0640 && chmod(path, 0640) < 0)) {
		err_set(err, ERR_FATAL, "cannot give %s to group %ld with mode "
			"0640 ([store] group): %s", path, gid, strerror(errno));
		return -1;
	}
	return 0;
}

/* The database, its WAL and its shared-memory file are readable by their
   owner only (gid < 0), or by the group gid too: the database is made
   0600 (0640) before SQLite opens it, SQLite creates the -wal and -shm
   files with the database's mode, and after opening they are given to
   the group as well. Returns 0, or -1 with err set. */
static int
db_private(const char *path, long gid, struct err *err)
{
	static const char *const aux_suffix[] = { "-wal", "-shm" };
	char *aux;
	int rc;

	if (path[0] == '\0' || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0)
		return 0;
	if (db_private_file(path, true, gid, err) < 0)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		aux = xasprintf("%s%s", path, aux_suffix[i]);
		rc = db_private_file(aux, false, gid, err);
		free(aux);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Opens path with WAL, foreign_keys=ON and the busy timeout; gid: the
   group of the files (-1: none). */
static int
db_open(struct store *s, const char *path, long gid, struct err *err)
{
	int rc;

	if (db_private(path, gid, err) < 0)
		return -1;
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(err, ERR_FATAL, "cannot open database %s: %s", path,
			s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	rc = sqlite3_busy_timeout(s->db, DB_BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK)
		return db_rc(s, rc, "busy_timeout", err);
	if (db_exec(s, "PRAGMA journal_mode=WAL", err) < 0 ||
	    db_exec(s, "PRAGMA foreign_keys=ON", err) < 0 ||
	    db_exec(s, "PRAGMA synchronous=NORMAL", err) < 0)
		return -1;
	/* the -wal and -shm files SQLite made now: the group's too */
	if (gid >= 0 && db_private(path, gid, err) < 0)
		return -1;
	sqlite3_wal_hook(s->db, db_wal_hook, s);
	return 0;
}

/* Finalizes every statement and closes the handle. */
static void
db_close(struct store *s)
{
	size_t i;

	for (i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].st);
	s->n_cache = 0;
	if (s->db != NULL) {
		if (s->in_tx)
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(s->db);
	}
	strv_free(&s->att_files);
	strv_free(&s->att_dirs);
	s->db = NULL;
	s->in_tx = false;
}

sqlite3_stmt *
db_stmt(struct store *s, const char *sql, struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	s->bind_rc = SQLITE_OK;
	for (i = 0; i < s->n_cache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				&st, NULL);
	if (rc != SQLITE_OK) {
		db_rc(s, rc, "prepare", err);
		return NULL;
	}
	if (s->n_cache < DB_STMT_CACHE) {
		s->cache[s->n_cache].sql = sql;
		s->cache[s->n_cache].st = st;
		s->n_cache++;
	} else {
		/* Programmer error: raise DB_STMT_CACHE. */
		sqlite3_finalize(st);
		err_set(err, ERR_FATAL, "statement cache full");
		return NULL;
	}
	return st;
}

static void
db_bind_rc(struct store *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

void
db_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		db_bind_rc(s, sqlite3_bind_null(st, i));
	else
		db_bind_rc(s, sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT));
}

void
db_bind_text_len(struct store *s, sqlite3_stmt *st, int i, const char *v,
		 size_t len)
{
	db_bind_rc(s, sqlite3_bind_text64(st, i, v, len, SQLITE_TRANSIENT,
					  SQLITE_UTF8));
}

void
db_bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	db_bind_rc(s, sqlite3_bind_int64(st, i, v));
}

void
db_bind_id(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	if (v == 0)
		db_bind_rc(s, sqlite3_bind_null(st, i));
	else
		db_bind_rc(s, sqlite3_bind_int64(st, i, v));
}

void
db_bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *v,
	     size_t len)
{
	db_bind_rc(s, sqlite3_bind_blob64(st, i, len ? v : "", len,
					  SQLITE_TRANSIENT));
}

int
db_step(struct store *s, sqlite3_stmt *st, struct err *err)
{
	int rc;

	if (s->bind_rc != SQLITE_OK) {
		rc = s->bind_rc;
		s->bind_rc = SQLITE_OK;
		sqlite3_reset(st);
		return db_rc(s, rc, "bind", err);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	db_rc(s, rc, "step", err);
	sqlite3_reset(st);
	return -1;
}

void
db_reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
}

int
db_exec(struct store *s, const char *sql, struct err *err)
{
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db_rc(s, rc, msg ? msg : "exec", err);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int64_t
db_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

int
db_changes(struct store *s)
{
	return sqlite3_changes(s->db);
}

char *
db_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

unsigned char *
db_col_blob_dup(sqlite3_stmt *st, int i, size_t *len_r)
{
	const void *p = sqlite3_column_blob(st, i);
	unsigned char *v;

	*len_r = p != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;
	v = xmalloc(*len_r + 1);
	if (*len_r > 0)
		memcpy(v, p, *len_r);
	v[*len_r] = 0;
	return v;
}

int64_t
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_begin(struct store *s, struct err *err)
{
	if (s->in_tx) {
		err_set(err, ERR_FATAL, "transaction already open");
		return -1;
	}
	if (db_exec(s, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	s->in_tx = true;
	return 0;
}

int
db_commit(struct store *s, struct err *err)
{
	if (!s->in_tx) {
		err_set(err, ERR_FATAL, "no transaction to commit");
		return -1;
	}
	if (db_exec(s, "COMMIT", err) < 0) {
		db_rollback(s);
		return -1;
	}
	s->in_tx = false;
	return 0;
}

void
db_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	/* Fails only when SQLite already rolled back by itself. */
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = false;
}

int
db_auto_begin(struct store *s, bool *own_r, struct err *err)
{
	*own_r = !s->in_tx;
	return *own_r ? db_begin(s, err) : 0;
}

int
db_auto_end(struct store *s, bool own, int ret, struct err *err)
{
	if (!own)
		return ret;
	if (ret < 0) {
		db_rollback(s);
		return ret;
	}
	return db_commit(s, err);
}

/* ---- the public lifetime and transaction calls ---- */

struct store *
store_open(const char *path, const char *attachments_dir, struct err *err)
{
	return store_open_group(path, attachments_dir, NULL, err);
}

struct store *
store_open_group(const char *path, const char *attachments_dir,
		 const char *group, struct err *err)
{
	struct store *s;
	struct group gr, *grp = NULL;
	char buf[4096];
	long gid = -1;

	if (group != NULL && *group != '\0') {
		if (getgrnam_r(group, &gr, buf, sizeof(buf), &grp) != 0 ||
		    grp == NULL) {
			err_set(err, ERR_FATAL, "[store] group: no group %s",
				group);
			return NULL;
		}
		gid = (long)grp->gr_gid;
	}
	s = xcalloc(1, sizeof(*s));

	s->path = xstrdup(path);
	s->att_dir = xstrdup(attachments_dir);
	pthread_mutex_init(&s->att_lock, NULL);
	if (mkdir(attachments_dir, 0750) < 0 && errno != EEXIST) {
		err_set(err, ERR_FATAL, "cannot create %s: %s",
			attachments_dir, strerror(errno));
		goto fail;
	}
	att_dir_spread(s);
	if (db_open(s, path, gid, err) < 0 || migrate_apply(s, err) < 0)
		goto fail;
	return s;
fail:
	store_close(&s);
	return NULL;
}

void
store_close(struct store **sp)
{
	struct store *s;
	struct err err;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	/* Best effort: a caller that needs to know calls store_flush. */
	if (s->db != NULL && !s->in_tx &&
	    (s->att_files.n > 0 || s->att_dirs.n > 0))
		(void)store_flush(s, &err);
	db_close(s);
	pthread_mutex_destroy(&s->att_lock);
	free(s->path);
	free(s->att_dir);
	free(s);
	*sp = NULL;
}

int
store_begin(struct store *s, struct err *err)
{
	return db_begin(s, err);
}

int
store_commit(struct store *s, struct err *err)
{
	return db_commit(s, err);
}

int
store_sync_files(struct store *s, struct err *err)
{
	char *wal;
	int fd;

	if (att_flush(s, err) < 0)
		return -1;
	/* The WAL holds every commit not yet checkpointed; syncing it makes
	   them durable even when a reader keeps the checkpoint below. */
	wal = xasprintf("%s-wal", s->path);
	fd = open(wal, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT) {
		err_set(err, ERR_TEMP, "opening %s: %s", wal, strerror(errno));
		free(wal);
		return -1;
	}
	if (fd >= 0 && fsync(fd) < 0) {
		err_set(err, ERR_TEMP, "syncing %s: %s", wal, strerror(errno));
		close(fd);
		free(wal);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	free(wal);
	return 0;
}

int
store_checkpoint(struct store *s, struct err *err)
{
	int rc;

	/* BUSY (another checkpoint, readers) is no failure */
	rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
				       NULL, NULL);
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY &&
	    (rc & 0xff) != SQLITE_LOCKED)
		return db_rc(s, rc, "checkpoint", err);
	return 0;
}

int
store_flush(struct store *s, struct err *err)
{
	if (s->in_tx) {
		err_set(err, ERR_FATAL, "store_flush inside a transaction");
		return -1;
	}
	if (store_sync_files(s, err) < 0)
		return -1;
	return store_checkpoint(s, err);
}

void
store_rollback(struct store *s)
{
	if (s != NULL)
		db_rollback(s);
}
