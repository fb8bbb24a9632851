/* parsers/mime-defuse.c - over-nested address fields blanked before
   GMime parses them (GMime recurses once per address group). */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

/* GMime parses address fields (of the message and of every attached
   message, all at construct time) recursing once per group: a From or Cc
   of some 30,000 nested groups ("g:g:g:...") overflowed the stack in a
   40 KB mail (hostile.sh, fuzz-1.eml). No real address field holds many
   colons, so past this many in one field the rest are blanked before
   GMime sees them. */
#define MIME_MAX_ADDR_COLONS 64
#define MIME_FIELD_NAME_MAX 40

/* Where mime_addr_scan() is in the text: at a line start, in a field
   name, in a field value, or in a line that is no field. */
enum mime_addr_where { ADDR_BOL, ADDR_NAME, ADDR_VALUE, ADDR_OTHER };

struct mime_addr_scan {
	enum mime_addr_where where;
	bool addr;		/* the current field holds addresses */
	unsigned colons;	/* in the current field's value */
	size_t name_len;
	char name[MIME_FIELD_NAME_MAX + 1];
};

/* Whether a field name (lower case) names an address field: From, To,
   Cc, Bcc, Sender and their Resent-, Reply-To, ...-To variants. */
static bool
mime_is_addr_field(const char *name, size_t len)
{
	static const char *const ends[] = { "from", "to", "cc", "bcc",
					    "sender", NULL };

	for (int i = 0; ends[i] != NULL; i++) {
		size_t n = strlen(ends[i]);

		if (len >= n && memcmp(name + len - n, ends[i], n) == 0 &&
		    (len == n || name[len - n - 1] == '-'))
			return true;
	}
	return false;
}

/* Scans buf[0..n) (one chunk of a stream; st carries over) for address
   fields, in header blocks or anywhere else. Returns true if one has
   more than MIME_MAX_ADDR_COLONS colons; with fix, blanks those colons
   in buf instead. */
static bool
mime_addr_scan(struct mime_addr_scan *st, char *buf, size_t n, bool fix)
{
	bool over = false;

	for (size_t i = 0; i < n; i++) {
		char ch;

		if (st->where == ADDR_OTHER ||
		    (st->where == ADDR_VALUE && !st->addr)) {
			/* nothing to count on this line: jump to its end
			   (most bytes of a mail are body lines) */
			const char *nl = memchr(buf + i, '\n', n - i);

			if (nl == NULL)
				break;
			i = (size_t)(nl - buf);
		}
		ch = buf[i];
		if (st->where == ADDR_BOL) {
			if (ch == ' ' || ch == '\t') {
				/* a continuation line stays in its field */
				st->where = st->addr ? ADDR_VALUE : ADDR_OTHER;
				continue;
			}
			st->addr = false;
			st->where = ADDR_NAME;
			st->name_len = 0;
			if (ch != '\n') {
				/* a whole line without a colon is no field
				   (base64 and most body lines): skip it at
				   memchr speed */
				const char *nl = memchr(buf + i, '\n', n - i);

				if (nl != NULL && memchr(buf + i, ':',
					(size_t)(nl - (buf + i))) == NULL) {
					st->where = ADDR_BOL;
					i = (size_t)(nl - buf);
					continue;
				}
			}
		}
		if (ch == '\n') {
			st->where = ADDR_BOL;
			continue;
		}
		if (st->where == ADDR_NAME) {
			if (ch == ':') {
				st->addr = mime_is_addr_field(st->name,
							      st->name_len);
				st->colons = 0;
				st->where = ADDR_VALUE;
			} else if (ch == ' ' || ch == '\t') {
				continue;	/* "From :" */
			} else if (!g_ascii_isalpha(ch) && ch != '-') {
				/* no address field's name: a body line */
				st->where = ADDR_OTHER;
			} else if (st->name_len < MIME_FIELD_NAME_MAX) {
				st->name[st->name_len++] =
					(char)g_ascii_tolower(ch);
			} else {
				st->where = ADDR_OTHER;
			}
		} else if (st->where == ADDR_VALUE && st->addr && ch == ':' &&
			   ++st->colons > MIME_MAX_ADDR_COLONS) {
			over = true;
			if (!fix)
				return true;
			buf[i] = ' ';
		}
	}
	return over;
}

/* Returns s's bytes from offset from up to to (-1: to its end) as a new
   memory stream (owned by the caller) with the colons of over-nested
   address fields blanked, or NULL when no field needs it: then the cost
   is one more read of the message and no copy. */
GMimeStream *
mime_defuse_addresses(struct mime_ctx *c, GMimeStream *s, gint64 from,
		      gint64 to)
{
	struct mime_addr_scan st;
	GByteArray *ba = NULL;
	bool found = false;

	for (int pass = 0; pass < 2; pass++) {
		gint64 pos = from;
		ssize_t n;

		memset(&st, 0, sizeof(st));
		if (g_mime_stream_seek(s, from, GMIME_STREAM_SEEK_SET) < 0)
			break;
		while (to < 0 || pos < to) {
			size_t want = to < 0 || to - pos > MIME_CHUNK
				      ? MIME_CHUNK : (size_t)(to - pos);

			n = g_mime_stream_read(s, c->chunk, want);
			if (n <= 0)
				break;
			pos += n;
			if (pass == 0 &&
			    mime_addr_scan(&st, c->chunk, (size_t)n, false)) {
				found = true;
				break;
			}
			if (pass == 1) {
				mime_addr_scan(&st, c->chunk, (size_t)n, true);
				g_byte_array_append(ba, (guint8 *)c->chunk,
						    (guint)n);
			}
		}
		if (!found)
			break;
		if (pass == 0)
			ba = g_byte_array_new();
	}
	g_mime_stream_reset(s);
	if (ba == NULL)
		return NULL;
	report_warn(c->r, "address_too_nested", "an address field has more "
		    "than %d colons: the rest were blanked",
		    MIME_MAX_ADDR_COLONS);
	return g_mime_stream_mem_new_with_byte_array(ba);
}
