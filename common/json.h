/* common/json.h - a streaming JSON writer into a struct buf. Commas are
   placed for the caller; strings are escaped and invalid UTF-8 becomes
   U+FFFD, so any bytes from mail give valid JSON. */
#ifndef RG_JSON_H
#define RG_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct buf *out;		/* borrowed */
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no member written yet at depth */
	bool after_key;
};

/* Starts writing into out (borrowed; appended to). */
void json_init(struct json *j, struct buf *out);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
/* Writes an object key; the next value call writes its value. */
void json_key(struct json *j, const char *key);
/* Writes s as a string, or null when s is NULL. */
void json_string(struct json *j, const char *s);
void json_int(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Appends s to out as a JSON string literal (with quotes). */
void json_escape(struct buf *out, const char *s, size_t len);

/* Shorthands: key plus value. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
/* Writes key and an array of the strings of sv. */
struct strv;
void json_kv_strv(struct json *j, const char *key, const struct strv *sv);

#endif
