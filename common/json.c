/* common/json.c - JSON writer. */
#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "strv.h"
#include "utf8.h"

void
json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		buf_putc(j->out, ',');
	j->first[j->depth] = false;
}

static void
json_open(struct json *j, char c)
{
	json_sep(j);
	buf_putc(j->out, c);
	assert(j->depth + 1 < JSON_MAX_DEPTH);
	j->depth++;
	j->first[j->depth] = true;
}

void
json_begin_object(struct json *j)
{
	json_open(j, '{');
}

void
json_begin_array(struct json *j)
{
	json_open(j, '[');
}

void
json_end_object(struct json *j)
{
	assert(j->depth > 0);
	j->depth--;
	buf_putc(j->out, '}');
}

void
json_end_array(struct json *j)
{
	assert(j->depth > 0);
	j->depth--;
	buf_putc(j->out, ']');
}

void
json_escape(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	buf_putc(out, '"');
	while (i < len) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n':
				buf_puts(out, "\\n");
				break;
			case '\r':
				buf_puts(out, "\\r");
				break;
			case '\t':
				buf_puts(out, "\\t");
				break;
			default:
				buf_printf(out, "\\u%04x", c);
			}
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			buf_append(out, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		/* U+2028/U+2029 break JavaScript consumers: escape them */
		if (n == 3 && c == 0xE2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
			buf_printf(out, "\\u%04x", p[i + 2] == 0xA8 ? 0x2028 : 0x2029);
			i += 3;
			continue;
		}
		buf_append(out, p + i, n);
		i += n;
	}
	buf_putc(out, '"');
}

void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_escape(j->out, key, strlen(key));
	buf_putc(j->out, ':');
	j->after_key = true;
}

static void
json_string_len(struct json *j, const char *s, size_t len)
{
	json_sep(j);
	json_escape(j->out, s, len);
}

void
json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	json_string_len(j, s, strlen(s));
}

void
json_int(struct json *j, int64_t v)
{
	json_sep(j);
	buf_printf(j->out, "%" PRId64, v);
}

void
json_bool(struct json *j, bool v)
{
	json_sep(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	json_sep(j);
	buf_puts(j->out, "null");
}

void
json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void
json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_kv_strv(struct json *j, const char *key, const struct strv *sv)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < sv->n; i++)
		json_string(j, sv->v[i]);
	json_end_array(j);
}
