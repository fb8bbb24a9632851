/* console/auth.c - password hashes, session keys and roles of the staff
   console, on libsodium. */
#include <string.h>

#include <sodium.h>

#include "console/auth.h"

/* What the form token is derived with: the session's form token is the
   keyed BLAKE2b of this label under the session key, so it can be
   recomputed from the cookie but not from the stored hash. */
static const char auth_token_label[] = "reportgate form token";

static char auth_dummy[crypto_pwhash_STRBYTES];

int
auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	if (auth_dummy[0] == '\0' &&
	    crypto_pwhash_str(auth_dummy, "reportgate dummy password", 25,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	return 0;
}

int
auth_hash(const char *password, char *out)
{
	_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES,
		       "AUTH_HASH_MAX holds an argon2id string");
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

bool
auth_verify(const char *hash, const char *password)
{
	if (hash == NULL || strlen(hash) >= crypto_pwhash_STRBYTES) {
		/* The same work as a real check; the answer stays no. */
		if (crypto_pwhash_str_verify(auth_dummy, password,
					     strlen(password)) == 0)
			return false;
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* Writes the lower-case hex of n bytes of raw and a NUL to out. */
static void
auth_hex(const unsigned char *raw, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

void
auth_session_new(char *cookie_hex, char *hash_hex)
{
	unsigned char key[AUTH_KEY_BYTES];
	char token[AUTH_HEX + 1];

	randombytes_buf(key, sizeof(key));
	auth_hex(key, sizeof(key), cookie_hex);
	sodium_memzero(key, sizeof(key));
	(void)auth_session_keys(cookie_hex, hash_hex, token);
	sodium_memzero(token, sizeof(token));
}

int
auth_session_keys(const char *cookie_hex, char *hash_hex, char *token_hex)
{
	unsigned char key[AUTH_KEY_BYTES], out[crypto_hash_sha256_BYTES];
	size_t i, n = strlen(cookie_hex);
	int hi, lo;

	if (n != AUTH_HEX ||
	    strspn(cookie_hex, "0123456789abcdef") != AUTH_HEX)
		return -1;
	for (i = 0; i < AUTH_KEY_BYTES; i++) {
		hi = cookie_hex[2 * i];
		lo = cookie_hex[2 * i + 1];
		hi = hi <= '9' ? hi - '0' : hi - 'a' + 10;
		lo = lo <= '9' ? lo - '0' : lo - 'a' + 10;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	crypto_hash_sha256(out, key, sizeof(key));
	auth_hex(out, sizeof(out), hash_hex);
	crypto_generichash(out, sizeof(out),
			   (const unsigned char *)auth_token_label,
			   sizeof(auth_token_label) - 1, key, sizeof(key));
	auth_hex(out, sizeof(out), token_hex);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(out, sizeof(out));
	return 0;
}

bool
auth_cookie_get(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name), vlen;
	const char *p, *v, *end;
	unsigned found = 0;

	if (header == NULL)
		return false;
	for (p = header; *p != '\0'; p = *end == ';' ? end + 1 : end) {
		p += strspn(p, " \t");
		end = p + strcspn(p, ";");
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			v = p + nlen + 1;
			vlen = (size_t)(end - v);
			while (vlen > 0 && (v[vlen - 1] == ' ' ||
					    v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= size)
				return false;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			found++;
		}
	}
	return found == 1;
}

bool
auth_name_ok(const char *v)
{
	size_t n = strlen(v);

	return n >= 1 && n <= AUTH_NAME_MAX &&
	       strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._@-") == n &&
	       strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789") >= 1;
}

static const char *const auth_roles[] = {
	"none", "viewer", "reviewer", "decider", "admin"
};

enum auth_role
auth_role_parse(const char *v)
{
	int i;

	for (i = ROLE_VIEWER; v != NULL && i <= ROLE_ADMIN; i++)
		if (strcmp(v, auth_roles[i]) == 0)
			return (enum auth_role)i;
	return ROLE_NONE;
}

const char *
auth_role_name(enum auth_role r)
{
	return r <= ROLE_ADMIN ? auth_roles[r] : "none";
}

enum auth_role
auth_role_needed(const char *action)
{
	static const char *const reviewer[] = {
		"note", "request-info", "request-evidence", "assign",
		"unflag", "close-request", "set", NULL
	};
	static const char *const decider[] = {
		"accept", "reject", "reject-unfounded", "release", "act",
		"close", "listing", "complaint", NULL
	};
	size_t i;

	for (i = 0; action != NULL && reviewer[i] != NULL; i++)
		if (strcmp(action, reviewer[i]) == 0)
			return ROLE_REVIEWER;
	for (i = 0; action != NULL && decider[i] != NULL; i++)
		if (strcmp(action, decider[i]) == 0)
			return ROLE_DECIDER;
	return ROLE_ADMIN;
}
