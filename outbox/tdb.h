/* outbox/tdb.h - the client of the DSA Transparency Database (Art. 24(5)):
   POST API_URL/api/v1/statement with a bearer token, TLS verified
   (libcurl), one statement at a time, and what the answer means for the
   statement (docs/SPEC.md §8 "sor submit"). */
#ifndef RG_TDB_H
#define RG_TDB_H

#include <stddef.h>

#include "common/err.h"

enum tdb_result {
	TDB_CREATED = 0,	/* 201: in the database; uuid returned */
	TDB_DUPLICATE,		/* 422 naming the existing statement of
				   that puid: counts as sent */
	TDB_RETRY,		/* a network error or 5xx: try again later */
	TDB_REFUSED,		/* 422 (a field refused) or another 4xx:
				   the statement or the setup is wrong */
	TDB_AUTH		/* 401/403: the token is refused */
};

struct tdb_client;	/* opaque: URL, token (wiped at free), handle */

/* Returns a client posting to api_url (no trailing '/' needed) +
   "/api/v1/statement" with token (copied; wiped by tdb_free), waiting
   at most timeout seconds per request; ca_file NULL: the system's CAs.
   Owned by the caller; NULL with err set when libcurl fails to start or
   the token holds characters a header cannot. */
struct tdb_client *tdb_new(const char *api_url, const char *token,
			   const char *ca_file, unsigned timeout,
			   struct err *err);
/* Frees c and wipes its token; NULL-safe; *c = NULL. */
void tdb_free(struct tdb_client **c);

/* Posts the statement json (len bytes). Returns what happened; on
   TDB_CREATED and TDB_DUPLICATE *uuid_r is the statement's uuid in the
   database (a new string owned by the caller; "duplicate" when the
   answer named no uuid); otherwise *uuid_r is NULL and why (size whysz)
   says what failed: the HTTP status and the start of the answer, or
   libcurl's error. */
enum tdb_result tdb_post(struct tdb_client *c, const char *json, size_t len,
			 char **uuid_r, char *why, size_t whysz);

/* Returns the uuid named by "uuid" in the JSON text body (the first one),
   when it looks like one (hex digits and '-', 8 to 64 characters), as a
   new string owned by the caller; else NULL. */
char *tdb_find_uuid(const char *body);

#endif
