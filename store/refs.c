/* store/refs.c - case references PREFIX-YYYY-NNNNNN (SPEC §3). The number
   comes from ref_counters, incremented inside the caller's transaction:
   a rollback gives the number back, a commit uses it, so references have
   no gaps and never repeat, per prefix and year. */
#include <stdio.h>
#include <string.h>

#include "store/store-int.h"

#define REFS_MAX 999999

static const char refs_sql_next[] =
	"INSERT INTO ref_counters (prefix, year, last) VALUES (?1, ?2, 1) "
	"ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 "
	"RETURNING last";

int
refs_next(struct store *s, const char *prefix, time_t now, char *ref_r,
	  size_t size, struct err *err)
{
	sqlite3_stmt *st;
	struct tm tm;
	int64_t n;
	int rc;

	if (!s->in_tx) {
		err_set(err, ERR_FATAL, "case reference outside a transaction");
		return -1;
	}
	if (gmtime_r(&now, &tm) == NULL) {
		err_set(err, ERR_FATAL, "bad time for a case reference");
		return -1;
	}
	if ((st = db_stmt(s, refs_sql_next, err)) == NULL)
		return -1;
	db_bind_text(s, st, 1, prefix);
	db_bind_int(s, st, 2, tm.tm_year + 1900);
	if ((rc = db_step(s, st, err)) < 0)
		return -1;
	n = rc == 1 ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (n < 1 || n > REFS_MAX) {
		err_set(err, ERR_FATAL, "case numbers for %s-%d exhausted",
			prefix, tm.tm_year + 1900);
		return -1;
	}
	if ((size_t)snprintf(ref_r, size, "%s-%04d-%06lld", prefix,
			     tm.tm_year + 1900, (long long)n) >= size) {
		err_set(err, ERR_FATAL, "case reference buffer too small");
		return -1;
	}
	return 0;
}
