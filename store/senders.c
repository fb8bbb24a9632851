/* store/senders.c - what the store knows about the sender of a mail that
   names a case: its role in the case, and whether it answers a mail the
   gateway sent to that very address (SPEC §12). */
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

/* Roles of the address in the case: its parties, and the vendors of its
   listings in the listing directory. */
static const char senders_sql_roles[] =
	"SELECT role FROM case_parties WHERE case_id = ?1 AND address = ?2 "
	"UNION ALL SELECT 'vendor' FROM case_listings l JOIN "
	"listing_directory d ON d.listing_id = l.listing_id "
	"WHERE l.case_id = ?1 AND d.vendor_email = ?2";
/* A mail of the case with that Message-ID, sent to the address. */
static const char senders_sql_sent[] =
	"SELECT 1 FROM outbox o JOIN outbox_recipients r "
	"ON r.outbox_id = o.id WHERE o.message_id = ?1 AND o.case_id = ?2 "
	"AND lower(r.address) = ?3 LIMIT 1";

int
store_case_sender_role(struct store *s, int64_t case_id, const char *address,
		       enum sender_role *role_r, struct err *err)
{
	sqlite3_stmt *st;
	char *addr, *role;
	int rc;

	*role_r = SENDER_STRANGER;
	if (address == NULL || *address == '\0')
		return 0;
	if ((st = db_stmt(s, senders_sql_roles, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_int(s, st, 1, case_id);
	db_bind_text(s, st, 2, addr);
	while ((rc = db_step(s, st, err)) == 1) {
		role = db_col_dup(st, 0);
		if (role != NULL && (strcmp(role, "reporter") == 0 ||
				     strcmp(role, "submitter") == 0))
			*role_r = SENDER_REPORTER;
		else if (role != NULL && strcmp(role, "vendor") == 0 &&
			 *role_r == SENDER_STRANGER)
			*role_r = SENDER_VENDOR;
		free(role);
	}
	free(addr);
	return rc < 0 ? -1 : 0;
}

int
store_outbox_sent_to(struct store *s, int64_t case_id,
		     const char *message_id, const char *address,
		     struct err *err)
{
	sqlite3_stmt *st;
	char *addr;
	int rc;

	if (message_id == NULL || address == NULL || *address == '\0')
		return 0;
	if ((st = db_stmt(s, senders_sql_sent, err)) == NULL)
		return -1;
	addr = casetab_lower(address);
	db_bind_text(s, st, 1, message_id);
	db_bind_int(s, st, 2, case_id);
	db_bind_text(s, st, 3, addr);
	rc = db_step(s, st, err);
	if (rc == 1)
		db_reset(st);
	free(addr);
	return rc;
}

/* The address with any "+detail" of its local part removed. */
#define SENDERS_BASE(a) \
	"CASE WHEN instr(" a ", '+') > 0 AND instr(" a ", '+') < " \
	"instr(" a ", '@') THEN substr(" a ", 1, instr(" a ", '+') - 1) " \
	"|| substr(" a ", instr(" a ", '@')) ELSE " a " END"
static const char senders_sql_count_base[] =
	"SELECT count(*) FROM outbox o JOIN outbox_recipients r "
	"ON r.outbox_id = o.id WHERE o.created >= ?2 "
	"AND (?3 IS NULL OR o.kind = ?3) "
	"AND " SENDERS_BASE("lower(r.address)") " = " SENDERS_BASE("?1");
static const char senders_sql_count_domain[] =
	"SELECT count(*) FROM outbox o JOIN outbox_recipients r "
	"ON r.outbox_id = o.id WHERE o.created >= ?2 "
	"AND (?3 IS NULL OR o.kind = ?3) "
	"AND substr(lower(r.address), instr(r.address, '@') + 1) = ?1";
static const char senders_sql_count_all[] =
	"SELECT count(*) FROM outbox o WHERE o.created >= ?2 "
	"AND (?3 IS NULL OR o.kind = ?3) AND ?1 IS NULL";

int
store_outbox_count_scope(struct store *s, enum store_count_scope scope,
			 const char *key, const char *kind, time_t since,
			 int64_t *n_r, struct err *err)
{
	const char *sql = scope == STORE_COUNT_ADDRESS ?
		senders_sql_count_base : scope == STORE_COUNT_DOMAIN ?
		senders_sql_count_domain : senders_sql_count_all;
	sqlite3_stmt *st;
	char *k = scope == STORE_COUNT_ALL ? NULL : casetab_lower(key);
	int rc;

	*n_r = 0;
	if ((st = db_stmt(s, sql, err)) == NULL) {
		free(k);
		return -1;
	}
	db_bind_text(s, st, 1, k);
	db_bind_int(s, st, 2, since);
	db_bind_text(s, st, 3, kind);
	rc = db_step(s, st, err);
	free(k);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		*n_r = db_col_int(st, 0);
		db_reset(st);
	}
	return 0;
}
