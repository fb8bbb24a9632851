/* console/auth.h - the secrets of staff sign-in: password hashes
   (argon2id, libsodium's crypto_pwhash_str), session keys (32 random
   bytes; the cookie carries them in hex, the store keeps their SHA-256),
   the per-session form token derived from the key, the cookie header,
   and what each role may do. No store, no HTTP: unit-tested alone. */
#ifndef RG_AUTH_H
#define RG_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_KEY_BYTES 32
#define AUTH_HEX (2 * AUTH_KEY_BYTES)	/* hex of a key, hash or token */
#define AUTH_HASH_MAX 128		/* an argon2id string, with NUL */
#define AUTH_PASSWORD_MAX 1024		/* longest password, bytes */
#define AUTH_NAME_MAX 64		/* longest account name */

/* Initialises libsodium. Returns 0, or -1 when it cannot be used. */
int auth_init(void);

/* Hashes password (NUL-terminated) into out (AUTH_HASH_MAX bytes) as an
   argon2id string (libsodium's interactive limits: 2 passes, 64 MiB).
   Returns 0, or -1 when out of memory. */
int auth_hash(const char *password, char *out);
/* Returns true if password matches hash (a string of auth_hash). A NULL
   hash checks against a fixed dummy hash and returns false, so an
   unknown name costs the time a known one does. */
bool auth_verify(const char *hash, const char *password);

/* Draws a new session key: its hex (the cookie value) into cookie_hex
   and the hex of its SHA-256 (what the store keeps) into hash_hex, both
   AUTH_HEX + 1 bytes. */
void auth_session_new(char *cookie_hex, char *hash_hex);
/* From a cookie value: writes the hex SHA-256 of its key into hash_hex
   and the session's form token into token_hex (each AUTH_HEX + 1 bytes).
   Returns 0, or -1 when cookie_hex is not AUTH_HEX lower-case hex
   digits. */
int auth_session_keys(const char *cookie_hex, char *hash_hex,
		      char *token_hex);

/* Copies the value of cookie name from a Cookie header (NULL: none)
   into out (size bytes). Returns true if it is there exactly once and
   fits. */
bool auth_cookie_get(const char *header, const char *name, char *out,
		     size_t size);

/* Returns true if v is an account name: 1 to AUTH_NAME_MAX characters of
   a-z A-Z 0-9 . _ @ -, starting with a letter or digit. */
bool auth_name_ok(const char *v);

/* The roles, each allowed what the one before is. */
enum auth_role {
	ROLE_NONE = 0,
	ROLE_VIEWER,	/* reads */
	ROLE_REVIEWER,	/* notes, requests information or evidence, assigns,
			   clears flags, closes evidence requests, corrects
			   facts */
	ROLE_DECIDER,	/* accepts, rejects, acts, closes */
	ROLE_ADMIN	/* manages accounts */
};
/* Returns the role named v (ROLE_NONE when unknown) / its name. */
enum auth_role auth_role_parse(const char *v);
const char *auth_role_name(enum auth_role r);
/* Returns the role a console action needs (a decision's action name):
   reviewer for note, request-info, request-evidence, assign, unflag,
   close-request and set (correcting the rights claimed); decider for
   accept, reject, reject-unfounded, release, act, close, listing (a
   decision on listings) and complaint (deciding one); ROLE_ADMIN for
   names it does not know. */
enum auth_role auth_role_needed(const char *action);

#endif
