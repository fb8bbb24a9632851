/* store/search.c - cases search (FTS5, trigram: substrings of 3+
   characters in any script; shorter text is scanned), and what export
   and the vendor notice read: the rights claimed, raw message bytes,
   attachments of a case. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "store/store-int.h"

static const char search_sql_add[] =
	"INSERT INTO search_pending (text, case_id, source) "
	"VALUES (?1, ?2, ?3)";
static const char search_sql_catch_up[] =
	"INSERT INTO case_search (text, case_id, source) "
	"SELECT text, case_id, source FROM search_pending ORDER BY id";
static const char search_sql_caught_up[] = "DELETE FROM search_pending";
/* The trigram index answers MATCH with a quoted phrase: any substring. */
static const char search_sql_match[] = CASES_COLUMNS
	"WHERE c.id IN (SELECT case_id FROM case_search "
	"WHERE case_search MATCH ?1) OR c.ref = upper(?2) "
	"OR c.id IN (SELECT case_id FROM search_pending "
	"WHERE instr(lower(text), lower(?2)) > 0) "
	"OR c.id IN (SELECT l.case_id FROM case_listings l "
	"JOIN listing_directory d ON d.listing_id = l.listing_id "
	"WHERE instr(lower(coalesce(d.vendor_name, '') || ' ' || "
	"coalesce(d.vendor_email, '')), lower(?2)) > 0) ORDER BY c.id";
/* Fewer than 3 characters: no trigram; scan (instr, not LIKE, which the
   trigram table would answer from its index with nothing). */
static const char search_sql_scan[] = CASES_COLUMNS
	"WHERE c.id IN (SELECT case_id FROM case_search "
	"WHERE instr(lower(text), lower(?1)) > 0) "
	"OR c.id IN (SELECT case_id FROM search_pending "
	"WHERE instr(lower(text), lower(?1)) > 0) "
	"OR c.id IN (SELECT l.case_id FROM case_listings l "
	"JOIN listing_directory d ON d.listing_id = l.listing_id "
	"WHERE instr(lower(coalesce(d.vendor_name, '') || ' ' || "
	"coalesce(d.vendor_email, '')), lower(?1)) > 0) ORDER BY c.id";
/* The rights staff set (cases set --right) replace what the parser
   read. */
static const char search_sql_rights[] =
	"SELECT type, registration, jurisdiction FROM case_rights "
	"WHERE case_id = ?1 UNION ALL SELECT * FROM ("
	"SELECT json_extract(r.value, '$.type'), "
	"json_extract(r.value, '$.registration_number'), "
	"json_extract(r.value, '$.jurisdiction') FROM messages m, "
	"json_each(m.report, '$.ip_rights') r WHERE m.case_id = ?1 "
	"AND m.report IS NOT NULL AND m.kind IN ('ip_report', 'follow_up') "
	"AND NOT EXISTS (SELECT 1 FROM case_rights c WHERE c.case_id = ?1) "
	"ORDER BY m.id, r.key)";
static const char search_sql_raw[] =
	"SELECT raw, raw_file, sha256, size FROM messages WHERE id = ?1 "
	"AND (raw IS NOT NULL OR raw_file = 1)";
static const char search_sql_att[] =
	"SELECT a.filename FROM attachments a JOIN messages m "
	"ON m.id = a.message_id WHERE m.case_id = ?1 AND a.sha256 = ?2 "
	"ORDER BY a.id LIMIT 1";

/* Indexed text per row, in bytes: trigram indexing costs grow with the
   text, and a report's words to search for come first. Longer text is
   cut at a UTF-8 character boundary. */
#define SEARCH_MAX_TEXT 65536

static int
search_add(struct store *s, int64_t case_id, const char *source,
	   const char *text, struct err *err)
{
	sqlite3_stmt *st;
	size_t len;

	if (text == NULL || *text == '\0')
		return 0;
	if ((st = db_stmt(s, search_sql_add, err)) == NULL)
		return -1;
	len = strnlen(text, SEARCH_MAX_TEXT + 1);
	if (len > SEARCH_MAX_TEXT) {
		len = SEARCH_MAX_TEXT;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	db_bind_text_len(s, st, 1, text, len);
	db_bind_int(s, st, 2, case_id);
	db_bind_text(s, st, 3, source);
	return db_step(s, st, err) < 0 ? -1 : 0;
}

int
search_index_message(struct store *s, int64_t case_id, const struct report *r,
		     struct err *err)
{
	struct buf b;
	size_t i;
	int ret = -1;

	buf_init(&b, 0);
	for (i = 0; i < r->n_listings; i++)
		buf_printf(&b, "%s%s", i ? " " : "", r->listings[i].listing_id);
	if (search_add(s, case_id, "subject", r->subject, err) < 0 ||
	    search_add(s, case_id, "body", r->body_text, err) < 0 ||
	    search_add(s, case_id, "listing", buf_str(&b), err) < 0)
		goto out;
	buf_reset(&b);
	buf_printf(&b, "%s %s %s %s %s %s", r->from_name ? r->from_name : "",
		   r->from_address ? r->from_address : "",
		   r->submitter_name ? r->submitter_name : "",
		   r->submitter_email ? r->submitter_email : "",
		   r->submitter_org ? r->submitter_org : "",
		   r->rights_holder ? r->rights_holder : "");
	if (search_add(s, case_id, "party", buf_str(&b), err) < 0)
		goto out;
	ret = 0;
out:
	buf_free(&b);
	return ret;
}

int
store_search_catch_up(struct store *s, struct err *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) < 0)
		return -1;
	if ((st = db_stmt(s, search_sql_catch_up, err)) == NULL ||
	    db_step(s, st, err) < 0 ||
	    (st = db_stmt(s, search_sql_caught_up, err)) == NULL ||
	    db_step(s, st, err) < 0 || store_commit(s, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* Counts the UTF-8 characters of s (lead bytes). */
static size_t
search_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
store_case_search(struct store *s, const char *text,
		  struct store_case **cases_r, size_t *n_r, struct err *err)
{
	sqlite3_stmt *st;
	struct buf q;
	const char *p;
	int ret;

	if (text == NULL || *text == '\0') {
		*cases_r = NULL;
		*n_r = 0;
		return 0;
	}
	if (search_chars(text) < 3) {
		if ((st = db_stmt(s, search_sql_scan, err)) == NULL)
			return -1;
		db_bind_text(s, st, 1, text);
		return casetab_query(s, st, cases_r, n_r, err);
	}
	/* One FTS5 string (a phrase): quotes doubled, nothing else is
	   syntax inside it. */
	buf_init(&q, 0);
	buf_putc(&q, '"');
	for (p = text; *p; p++) {
		if (*p == '"')
			buf_putc(&q, '"');
		buf_putc(&q, *p);
	}
	buf_putc(&q, '"');
	if ((st = db_stmt(s, search_sql_match, err)) == NULL) {
		buf_free(&q);
		return -1;
	}
	db_bind_text(s, st, 1, buf_str(&q));
	db_bind_text(s, st, 2, text);
	ret = casetab_query(s, st, cases_r, n_r, err);
	buf_free(&q);
	return ret;
}

int
store_case_rights(struct store *s, int64_t case_id, struct store_right **r_r,
		  size_t *n_r, struct err *err)
{
	struct store_right *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((st = db_stmt(s, search_sql_rights, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	while ((rc = db_step(s, st, err)) == 1) {
		struct store_right r = { db_col_dup(st, 0), db_col_dup(st, 1),
			db_col_dup(st, 2) };

		for (i = 0; i < n; i++)
			if (strcmp(v[i].type ? v[i].type : "",
				   r.type ? r.type : "") == 0 &&
			    strcmp(v[i].registration ? v[i].registration : "",
				   r.registration ? r.registration : "") == 0 &&
			    strcmp(v[i].jurisdiction ? v[i].jurisdiction : "",
				   r.jurisdiction ? r.jurisdiction : "") == 0)
				break;
		if (i < n || r.type == NULL) {
			free(r.type);
			free(r.registration);
			free(r.jurisdiction);
			continue;
		}
		v = xgrow(v, n, &cap, sizeof(*v));
		v[n++] = r;
	}
	if (rc < 0) {
		store_rights_free(v, n);
		return -1;
	}
	*r_r = v;
	*n_r = n;
	return 0;
}

void
store_rights_free(struct store_right *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].type);
		free(v[i].registration);
		free(v[i].jurisdiction);
	}
	free(v);
}

/* Reads the whole content-addressed file of sha (size bytes) into a new
   NUL-terminated buffer. Returns 1, or -1 with err set. */
static int
search_read_blob(struct store *s, const char *sha, uint64_t size,
		 unsigned char **raw_r, size_t *len_r, struct err *err)
{
	char *path = store_att_path(s, sha);
	unsigned char *data = NULL;
	size_t got = 0;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	if (fd >= 0)
		errno = 0;
	if (fd < 0 || size > SIZE_MAX - 1)
		goto fail;
	data = xmalloc((size_t)size + 1);
	while (got < size) {
		ssize_t n = read(fd, data + got, (size_t)size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		got += (size_t)n;
	}
	close(fd);
	free(path);
	data[got] = 0;
	*raw_r = data;
	*len_r = got;
	return 1;
fail:
	err_set(err, ERR_TEMP, "raw message file %s: %s", path ? path : sha,
		errno ? strerror(errno) : "short file or wrong size");
	if (fd >= 0)
		close(fd);
	free(data);
	free(path);
	return -1;
}

int
store_message_raw(struct store *s, int64_t msg_id, unsigned char **raw_r,
		  size_t *len_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, search_sql_raw, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, msg_id);
	if ((rc = db_step(s, st, err)) != 1)
		return rc;
	if (sqlite3_column_int(st, 1)) {
		char *sha = db_col_dup(st, 2);
		uint64_t size = (uint64_t)sqlite3_column_int64(st, 3);

		db_reset(st);
		rc = search_read_blob(s, sha, size, raw_r, len_r, err);
		free(sha);
		return rc;
	}
	*raw_r = db_col_blob_dup(st, 0, len_r);
	db_reset(st);
	return 1;
}

int
store_case_attachment(struct store *s, int64_t case_id, const char *sha256,
		      char **filename_r, struct err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(s, search_sql_att, err)) == NULL)
		return -1;
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, sha256);
	if ((rc = db_step(s, st, err)) == 1) {
		if (filename_r != NULL)
			*filename_r = db_col_dup(st, 0);
		db_reset(st);
	}
	return rc;
}
