/* parsers/mime-repair.c - two shapes of broken mail GMime cannot read,
   mended in a copy before it parses them: line ends that are a CR alone
   (old Mac mailers: GMime then sees one endless header line), and a
   MIME part whose header block is not ended by an empty line (GMime
   then reads its first body line as a bad header and the part as
   having no content). Messages without either cost one read. */
#define _GNU_SOURCE	/* memrchr */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "common/mem.h"
#include "parsers/mime-gm.h"
#include "parsers/parser-int.h"

/* How much of a line is looked at: boundaries are at most 70
   characters, and a header field's name is short. */
#define REPAIR_LINE 256
#define REPAIR_BOUNDS 16
#define REPAIR_BOUND_MAX 80

struct repair {
	bool part_header;	/* in the header block of a MIME part */
	bool more;		/* the last header line ended in ';' or ',' */
	size_t nb;
	char bound[REPAIR_BOUNDS][REPAIR_BOUND_MAX + 1];
};

/* Notes the boundary= parameter in line[0..n), if any. */
static void
repair_note_boundary(struct repair *st, const char *line, size_t n)
{
	const char *end = line + n, *p, *v;
	size_t k;

	if (n < 9 || st->nb >= REPAIR_BOUNDS)
		return;
	/* each '=' (memchr: most lines have none, a base64 line one at
	   its end) that ends "boundary" */
	for (p = line + 8; p < end && (p = memchr(p, '=', (size_t)(end - p)));
	     p++)
		if (g_ascii_strncasecmp(p - 8, "boundary", 8) == 0)
			break;
	if (p == NULL || p >= end)
		return;
	v = p + 1;
	if (v < end && *v == '"') {
		v++;
		for (k = 0; v + k < end && v[k] != '"'; k++)
			;
	} else {
		for (k = 0; v + k < end && v[k] != ';' && v[k] != ' ' &&
		     v[k] != '\t' && v[k] != '\r'; k++)
			;
	}
	if (k == 0 || k > REPAIR_BOUND_MAX)
		return;
	memcpy(st->bound[st->nb], v, k);
	st->bound[st->nb][k] = '\0';
	st->nb++;
}

/* Whether line[0..n) is "--boundary" of a noted boundary (not its
   closing "--boundary--"). */
static bool
repair_is_boundary(const struct repair *st, const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
			 line[n - 1] == '\r'))
		n--;
	if (n < 3 || line[0] != '-' || line[1] != '-')
		return false;
	for (size_t i = 0; i < st->nb; i++) {
		size_t k = strlen(st->bound[i]);

		if (n == k + 2 && memcmp(line + 2, st->bound[i], k) == 0)
			return true;
	}
	return false;
}

/* Whether line[0..n) starts with a header field name and a colon. */
static bool
repair_is_field(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n && line[i] > ' ' && line[i] < 0x7f &&
	     line[i] != ':'; i++)
		;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i > 0 && i < n && line[i] == ':';
}

/* Reads one line, line[0..n) without its '\n' (only its first
   REPAIR_LINE bytes count). Returns true if an empty line must go
   before it. */
static bool
repair_line(struct repair *st, const char *line, size_t n)
{
	bool empty = n == 0 || (n == 1 && line[0] == '\r');

	if (n > REPAIR_LINE)
		n = REPAIR_LINE;
	repair_note_boundary(st, line, n);
	if (repair_is_boundary(st, line, n)) {
		st->part_header = true;
		st->more = false;
		return false;
	}
	if (!st->part_header)
		return false;
	if (empty) {
		st->part_header = false;
		return false;
	}
	if (line[0] == ' ' || line[0] == '\t' || repair_is_field(line, n) ||
	    st->more) {
		/* a field, or its continuation (even one not indented
		   after a ';' that promises more parameters) */
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
			n--;
		st->more = n > 0 && (line[n - 1] == ';' || line[n - 1] == ',');
		return false;
	}
	st->part_header = false;
	return true;
}

/* Reads the lines of buf[0..n) (starting at a line start). With out,
   copies them there with the missing empty lines put in; else returns
   true as soon as one is missing. */
static bool
repair_lines(struct repair *st, const char *buf, size_t n, GByteArray *out)
{
	const char *p = buf, *end = buf + n;
	bool need = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;

		if (repair_line(st, p, (size_t)(stop - p))) {
			need = true;
			if (out == NULL)
				return true;
			g_byte_array_append(out, (const guint8 *)"\n", 1);
		}
		if (out != NULL)
			g_byte_array_append(out, (const guint8 *)p,
					    (guint)(stop - p + (nl != NULL)));
		p = nl ? nl + 1 : end;
	}
	return need;
}

/* Whether the message from offset from on has a part header block
   without its empty line. Reads it in chunks that start at line
   starts. */
static bool
repair_needed(struct mime_ctx *c, GMimeStream *s, gint64 from)
{
	struct repair st;
	gint64 pos = from;
	bool in_long = false;	/* the rest of a line longer than a chunk */
	ssize_t n;

	memset(&st, 0, sizeof(st));
	while (g_mime_stream_seek(s, pos, GMIME_STREAM_SEEK_SET) >= 0 &&
	       (n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0) {
		const char *buf = c->chunk, *last;
		size_t len = (size_t)n;

		if (in_long) {
			const char *nl = memchr(buf, '\n', len);

			if (nl == NULL) {
				pos += n;
				continue;
			}
			in_long = false;
			pos += nl + 1 - buf;
			continue;
		}
		last = memrchr(buf, '\n', len);
		if (last == NULL && n == MIME_CHUNK) {
			/* one line longer than a chunk: its start counts */
			if (repair_line(&st, buf, len))
				return true;
			in_long = true;
			pos += n;
			continue;
		}
		if (last != NULL && n == MIME_CHUNK)
			len = (size_t)(last + 1 - buf);
		if (repair_lines(&st, buf, len, NULL))
			return true;
		pos += (gint64)len;
	}
	return false;
}

GMimeStream *
mime_repair(struct mime_ctx *c, GMimeStream *s, gint64 from, bool parts)
{
	GByteArray *raw, *out;
	struct repair st;
	bool cr_only = false;
	ssize_t n;

	if (g_mime_stream_seek(s, from, GMIME_STREAM_SEEK_SET) < 0)
		return NULL;
	n = g_mime_stream_read(s, c->chunk, 4096);
	if (n > 0 && memchr(c->chunk, '\n', (size_t)n) == NULL &&
	    memchr(c->chunk, '\r', (size_t)n) != NULL)
		cr_only = true;
	if (!cr_only && (!parts || !repair_needed(c, s, from))) {
		g_mime_stream_reset(s);
		return NULL;
	}
	/* rare: the whole message is copied */
	raw = g_byte_array_new();
	g_mime_stream_seek(s, from, GMIME_STREAM_SEEK_SET);
	while ((n = g_mime_stream_read(s, c->chunk, MIME_CHUNK)) > 0)
		g_byte_array_append(raw, (const guint8 *)c->chunk, (guint)n);
	g_mime_stream_reset(s);
	if (cr_only) {
		for (guint i = 0; i < raw->len; i++)
			if (raw->data[i] == '\r')
				raw->data[i] = '\n';
		report_warn(c->r, "cr_line_ends", "the lines end in CR "
			    "alone: read as if they ended in LF");
	}
	out = g_byte_array_sized_new(raw->len + 64);
	memset(&st, 0, sizeof(st));
	if (repair_lines(&st, (const char *)raw->data, raw->len, out))
		report_warn(c->r, "part_header_unended", "a MIME part's "
			    "header is not ended by an empty line: read as "
			    "if it were");
	g_byte_array_free(raw, TRUE);
	return g_mime_stream_mem_new_with_byte_array(out);
}
