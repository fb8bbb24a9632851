/* parsers/mimebound.c - the MIME structure of a message counted on its
   raw bytes, line by line, before GMime builds a tree of it: GMime keeps
   every part it finds in memory (hundreds of bytes each even when empty),
   so a mail of millions of empty parts would cost gigabytes. The scan
   finds the offset where the parts, the nesting or the header bytes pass
   their limits, and the caller lets GMime parse only the bytes before it.
   It follows GMime's own rules for boundaries (a line "--B" or "--B--"
   followed only by white space, inner boundaries tried first, a parent's
   boundary closing the inner multiparts) and counts on the safe side
   wherever it cannot tell: a multipart whose boundary it cannot read
   counts every line that starts with "--" as a new part. Plain C, no
   GLib; memory is fixed by the limits. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "parsers/mime-int.h"

#define MB_LINE_KEEP 1100	/* bytes of a line kept for matching */
#define MB_BOUNDARY_MAX 1000	/* longer boundaries: counted as "any --" */
#define MB_CT_MAX 4096		/* bytes of a Content-Type value kept */

/* One level of nesting: a multipart (its boundary, or none = any "--"
   line is a part) or an attached message. */
struct mb_level {
	char *boundary;		/* owned; NULL: attached message or wild */
	size_t blen;
	bool multipart;
	bool digest;		/* multipart/digest: parts default to
				   message/rfc822 */
};

struct mimebound {
	unsigned max_parts, max_depth;
	uint64_t max_header_bytes;
	struct mb_level *levels;	/* owned, max_depth + 2 slots */
	unsigned depth;
	unsigned parts;
	uint64_t header_bytes;
	bool in_header;		/* reading a header block */
	bool ct_field;		/* the field being read is Content-Type */
	unsigned n_ct;		/* Content-Type fields in this block */
	bool parent_digest;	/* the block's default type is message */
	char ct[MB_CT_MAX + 1];
	size_t ct_len;
	char line[MB_LINE_KEEP];
	size_t line_keep;	/* bytes in line */
	uint64_t line_len;	/* the current line's full length so far */
	uint64_t line_off;	/* offset of its first byte */
	uint64_t off;		/* bytes fed so far */
	enum mimebound_hit hit;
	uint64_t cut;
};

struct mimebound *
mimebound_new(unsigned max_parts, unsigned max_depth,
	      uint64_t max_header_bytes)
{
	struct mimebound *b = xcalloc(1, sizeof(*b));

	b->max_parts = max_parts;
	b->max_depth = max_depth;
	b->max_header_bytes = max_header_bytes;
	b->levels = xcalloc((size_t)max_depth + 2, sizeof(*b->levels));
	b->in_header = true;	/* the message's own header */
	b->parts = 1;
	return b;
}

void
mimebound_free(struct mimebound **bp)
{
	if (bp == NULL || *bp == NULL)
		return;
	for (unsigned i = 0; i < (*bp)->depth; i++)
		free((*bp)->levels[i].boundary);
	free((*bp)->levels);
	free(*bp);
	*bp = NULL;
}

static void
mb_stop(struct mimebound *b, enum mimebound_hit hit)
{
	if (b->hit == MIMEBOUND_NONE) {
		b->hit = hit;
		b->cut = b->line_off;
	}
}

static void
mb_pop_to(struct mimebound *b, unsigned depth)
{
	while (b->depth > depth) {
		b->depth--;
		free(b->levels[b->depth].boundary);
		b->levels[b->depth] = (struct mb_level){ 0 };
	}
}

/* Opens a level; returns false (and stops) past max_depth. */
static bool
mb_push(struct mimebound *b, const char *boundary, size_t blen,
	bool multipart, bool digest)
{
	struct mb_level *l;

	if (b->depth >= b->max_depth) {
		mb_stop(b, MIMEBOUND_DEPTH);
		return false;
	}
	l = &b->levels[b->depth++];
	l->boundary = boundary ? xstrndup(boundary, blen) : NULL;
	l->blen = boundary ? blen : 0;
	l->multipart = multipart;
	l->digest = digest;
	return true;
}

/* A new part begins at this line (a boundary, or an attached message's
   header): counts it. */
static void
mb_part(struct mimebound *b, bool digest)
{
	if (++b->parts > b->max_parts) {
		mb_stop(b, MIMEBOUND_PARTS);
		return;
	}
	b->in_header = true;
	b->n_ct = 0;
	b->ct_len = 0;
	b->ct_field = false;
	b->parent_digest = digest;
}

/* GMime's test: line[0..len) is "--" boundary [ "--" if final ] and
   then only white space. */
static bool
mb_is_boundary(const char *line, size_t len, const struct mb_level *l,
	       bool final)
{
	size_t need = 2 + l->blen + (final ? 2 : 0);

	if (len < need || line[0] != '-' || line[1] != '-' ||
	    memcmp(line + 2, l->boundary, l->blen) != 0 ||
	    (final && memcmp(line + 2 + l->blen, "--", 2) != 0))
		return false;
	for (size_t i = need; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' &&
		    line[i] != '\n')
			return false;
	return true;
}

/* Handles a line that starts with "--" (line[0..len): what we kept of
   it, without its line end when whole). Returns true when it was a
   boundary of an open multipart. */
static bool
mb_boundary(struct mimebound *b, const char *line, size_t len, bool whole)
{
	for (unsigned i = b->depth; i-- > 0;) {
		const struct mb_level *l = &b->levels[i];

		if (!l->multipart)
			continue;
		if (l->boundary == NULL) {
			/* a boundary we could not read: every "--" line */
			mb_pop_to(b, i + 1);
			mb_part(b, l->digest);
			return true;
		}
		/* A line longer than we keep may have more than white space
		   after what we see: then it counts as a part but closes
		   nothing, so that no boundary is lost from view. */
		if (mb_is_boundary(line, len, l, true)) {
			if (whole) {
				mb_pop_to(b, i);
				b->in_header = false;
			}
			return true;
		}
		if (mb_is_boundary(line, len, l, false)) {
			if (whole)
				mb_pop_to(b, i + 1);
			mb_part(b, l->digest);
			return true;
		}
	}
	return false;
}

/* Reads the boundary parameter of the Content-Type value ct (NUL-ended).
   Returns its length with its start in *start_r (inside ct, quotes
   removed in place), or 0 when there is none that can be read plainly
   (an RFC 2231 boundary*, an empty or over-long one). */
static size_t
mb_ct_boundary(char *ct, char **start_r)
{
	char *p = ct;

	while ((p = strchr(p, ';')) != NULL) {
		char *name, *v, *out;
		size_t n;

		p++;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		name = p;
		while (*p && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - name);
		while (*p == ' ' || *p == '\t')
			p++;
		if (n >= 8 && strncasecmp(name, "boundary", 8) == 0 &&
		    n > 8)
			return 0;	/* boundary*: encoded, not read */
		if (*p != '=' || n != 8 || strncasecmp(name, "boundary", 8))
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		v = out = p;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*out++ = *p;
			}
		} else {
			while (*p && *p != ';' && *p != ' ' && *p != '\t' &&
			       *p != '\r' && *p != '\n')
				*out++ = *p++;
		}
		n = (size_t)(out - v);
		if (n == 0 || n > MB_BOUNDARY_MAX)
			return 0;
		*start_r = v;
		return n;
	}
	return 0;
}

static bool
mb_ct_is(const char *ct, const char *type)
{
	while (*ct == ' ' || *ct == '\t' || *ct == '\r' || *ct == '\n')
		ct++;
	return strncasecmp(ct, type, strlen(type)) == 0;
}

/* The header block ended: what does its body hold? */
static void
mb_header_end(struct mimebound *b)
{
	char *bd = NULL;
	size_t blen;

	b->in_header = false;
	b->ct[b->ct_len] = '\0';
	if (b->n_ct == 0 && b->parent_digest) {
		if (mb_push(b, NULL, 0, false, false))
			mb_part(b, false);
		return;
	}
	if (b->n_ct == 0)
		return;
	if (b->n_ct == 1 && (mb_ct_is(b->ct, "message/rfc822") ||
			     mb_ct_is(b->ct, "message/news") ||
			     mb_ct_is(b->ct, "message/global"))) {
		if (mb_push(b, NULL, 0, false, false))
			mb_part(b, false);
		return;
	}
	if (b->n_ct > 1 || mb_ct_is(b->ct, "multipart/")) {
		/* several Content-Type fields: which one GMime takes is
		   not ours to guess, so any "--" line counts */
		blen = b->n_ct == 1 ? mb_ct_boundary(b->ct, &bd) : 0;
		mb_push(b, blen ? bd : NULL, blen, true,
			b->n_ct == 1 && mb_ct_is(b->ct, "multipart/digest"));
	}
}

/* Returns true when line[0..len) can be a header field's first line:
   a field name of printable characters, then ':'. */
static bool
mb_is_field(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] > ' ' && line[i] < 127 && line[i] != ':')
		i++;
	if (i == 0)
		return false;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] == ':';
}

/* One line of a header block (len: bytes kept; full: whole length). */
static void
mb_header_line(struct mimebound *b, const char *line, size_t len,
	       uint64_t full)
{
	size_t n = len;

	b->header_bytes += full;
	if (b->header_bytes > b->max_header_bytes) {
		mb_stop(b, MIMEBOUND_HEADERS);
		return;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (n == 0) {
		mb_header_end(b);
		return;
	}
	if (line[0] == ' ' || line[0] == '\t') {
		if (!b->ct_field)
			return;
	} else if (mb_is_field(line, n)) {
		b->ct_field = n >= 12 && strncasecmp(line, "Content-Type", 12)
			== 0 && (line[12] == ':' || line[12] == ' ' ||
				 line[12] == '\t');
		if (!b->ct_field)
			return;
		const char *colon = memchr(line, ':', n);
		size_t skip = (size_t)(colon + 1 - line);

		b->n_ct++;
		line += skip;
		n -= skip;
	} else {
		/* not a header line: GMime takes it as the body's start */
		mb_header_end(b);
		return;
	}
	if (b->ct_len + n > MB_CT_MAX)
		n = MB_CT_MAX - b->ct_len;
	memcpy(b->ct + b->ct_len, line, n);
	b->ct_len += n;
}

/* One whole line (keep bytes of it in b->line, full its length). */
static void
mb_line(struct mimebound *b)
{
	const char *line = b->line;
	size_t len = b->line_keep;
	bool whole = b->line_len == len;

	if (len >= 2 && line[0] == '-' && line[1] == '-') {
		size_t n = len;

		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (mb_boundary(b, line, n, whole))
			return;
	}
	if (b->in_header)
		mb_header_line(b, line, len, b->line_len);
}

enum mimebound_hit
mimebound_feed(struct mimebound *b, const char *data, size_t n,
	       uint64_t *cut_r)
{
	while (n > 0 && b->hit == MIMEBOUND_NONE) {
		const char *nl = memchr(data, '\n', n);
		size_t take = nl ? (size_t)(nl - data) + 1 : n;
		size_t room = MB_LINE_KEEP - b->line_keep;
		size_t keep = take < room ? take : room;

		if (b->line_len == 0)
			b->line_off = b->off;
		memcpy(b->line + b->line_keep, data, keep);
		b->line_keep += keep;
		b->line_len += take;
		b->off += take;
		data += take;
		n -= take;
		if (nl != NULL) {
			mb_line(b);
			b->line_keep = 0;
			b->line_len = 0;
		}
	}
	*cut_r = b->cut;
	return b->hit;
}
