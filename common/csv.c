/* common/csv.c - RFC 4180 CSV reader over a memory buffer or a FILE *. A
   record is scanned byte by byte through a window that starts at the
   record (so an unterminated quote can be rewound); fields are checked
   against the caps and for UTF-8 as they end. */
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "mem.h"
#include "utf8.h"

#define CSV_CHUNK 8192

struct csv_reader {
	FILE *fp;		/* foreign; NULL when reading memory */
	const char *data;	/* window: foreign memory, or win.data */
	size_t len;		/* bytes in the window */
	size_t pos;		/* next byte to read */
	size_t mark;		/* start of the record: kept in the window */
	struct buf win;		/* file mode: owned copy of [mark, len) */
	unsigned line;		/* physical line of data[pos] */
	bool eof;		/* the file gave all it has */
	bool failed;		/* the file gave a read error */
	bool started;		/* the BOM check is done */
	struct buf field;	/* the field being read, capped */
};

enum csv_state { CSV_START, CSV_UNQUOTED, CSV_QUOTED, CSV_AFTER_QUOTE };

struct csv_reader *
csv_reader_new(const char *data, size_t len)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	r->data = data;
	r->len = len;
	r->line = 1;
	buf_init(&r->win, 0);
	buf_init(&r->field, CSV_MAX_FIELD);
	return r;
}

struct csv_reader *
csv_reader_new_file(FILE *fp)
{
	struct csv_reader *r = csv_reader_new(NULL, 0);

	r->fp = fp;
	/* the window holds one record and the chunk read past it */
	buf_init(&r->win, CSV_MAX_RECORD + 2 * CSV_CHUNK);
	return r;
}

void
csv_reader_free(struct csv_reader **rp)
{
	if (rp == NULL || *rp == NULL)
		return;
	buf_free(&(*rp)->win);
	buf_free(&(*rp)->field);
	free(*rp);
	*rp = NULL;
}

/* File mode: drops the bytes before the record, then reads one more chunk
   into the window. Returns true if bytes were added. */
static bool
csv_fill(struct csv_reader *r)
{
	char chunk[CSV_CHUNK];
	size_t n;

	if (r->fp == NULL || r->eof)
		return false;
	if (r->mark > 0) {
		memmove(r->win.data, r->win.data + r->mark,
			r->win.len - r->mark);
		r->win.len -= r->mark;
		r->win.data[r->win.len] = '\0';
		r->pos -= r->mark;
		r->mark = 0;
		r->len = r->win.len;
	}
	n = fread(chunk, 1, sizeof(chunk), r->fp);
	if (n == 0 || buf_append(&r->win, chunk, n) < 0) {
		r->eof = true;
		/* a window past its cap cannot happen: records are cut at
		   CSV_MAX_RECORD; treat it as a read error all the same */
		r->failed = n > 0 || ferror(r->fp) != 0;
		return false;
	}
	r->data = r->win.data;
	r->len = r->win.len;
	return true;
}

/* Returns the byte at pos + off (0..255) without consuming, or -1 when the
   input ends before it. */
static int
csv_peek(struct csv_reader *r, size_t off)
{
	while (r->len - r->pos <= off)
		if (!csv_fill(r))
			return -1;
	return (unsigned char)r->data[r->pos + off];
}

/* Consumes and returns one byte, or -1 at the end of the input. */
static int
csv_getc(struct csv_reader *r)
{
	int c = csv_peek(r, 0);

	if (c >= 0)
		r->pos++;
	return c;
}

/* Ends a physical line at c ('\r' or '\n' just read): a CR takes the LF
   after it. */
static void
csv_eol(struct csv_reader *r, int c)
{
	if (c == '\r' && csv_peek(r, 0) == '\n')
		r->pos++;
	r->line++;
}

/* Consumes the rest of the physical line, keeping the window small. */
static void
csv_skip_line(struct csv_reader *r)
{
	int c;

	for (;;) {
		r->mark = r->pos;
		c = csv_getc(r);
		if (c < 0)
			return;
		if (c == '\r' || c == '\n') {
			csv_eol(r, c);
			return;
		}
	}
}

/* Records the first problem of a record. */
static void
csv_fail(const char **err, const char *why)
{
	if (*err == NULL)
		*err = why;
}

static void
csv_putc(struct csv_reader *r, int c, const char **err)
{
	if (buf_putc(&r->field, (char)c) < 0)
		csv_fail(err, "field too long");
}

static void
csv_end_field(struct csv_reader *r, struct strv *fields, const char **err)
{
	if (fields->n >= CSV_MAX_FIELDS)
		csv_fail(err, "too many fields");
	else if (!utf8_valid(r->field.data ? r->field.data : "",
			     r->field.len))
		csv_fail(err, "invalid UTF-8 or NUL byte");
	else if (*err == NULL)
		strv_push(fields, buf_str(&r->field));
	buf_reset(&r->field);
}

/* Skips a UTF-8 BOM at the very start, once. */
static void
csv_start(struct csv_reader *r)
{
	if (r->started)
		return;
	r->started = true;
	if (csv_peek(r, 0) == 0xef && csv_peek(r, 1) == 0xbb &&
	    csv_peek(r, 2) == 0xbf)
		r->pos += 3;
}

/* Skips lines with no byte at all. Returns the first byte of the record
   (not consumed), or -1 at the end. */
static int
csv_skip_blank(struct csv_reader *r)
{
	int c;

	while ((c = csv_peek(r, 0)) == '\r' || c == '\n') {
		r->pos++;
		csv_eol(r, c);
	}
	return c;
}

/* Scans one record from pos (not at the end). Fills fields and returns the
   first problem, or NULL. On "unterminated quoted field" the position is
   already rewound. */
static const char *
csv_record(struct csv_reader *r, struct strv *fields)
{
	enum csv_state state = CSV_START;
	unsigned start_line = r->line;
	size_t first_nl = 0;	/* offset from mark past the first line */
	const char *err = NULL;
	int c;

	buf_reset(&r->field);
	for (;;) {
		if (r->pos - r->mark > CSV_MAX_RECORD) {
			if (state == CSV_QUOTED)
				goto unterminated;
			csv_skip_line(r);
			return "record too long";
		}
		c = csv_getc(r);
		switch (state) {
		case CSV_START:
			if (c == '"') {
				state = CSV_QUOTED;
				break;
			}
			state = CSV_UNQUOTED;
			__attribute__((fallthrough));
		case CSV_UNQUOTED:
			if (c == ',') {
				csv_end_field(r, fields, &err);
				state = CSV_START;
			} else if (c == '\r' || c == '\n' || c < 0) {
				csv_end_field(r, fields, &err);
				if (c >= 0)
					csv_eol(r, c);
				return err;
			} else {
				if (c == '"')
					csv_fail(&err, "quote inside an "
						 "unquoted field");
				csv_putc(r, c, &err);
			}
			break;
		case CSV_QUOTED:
			if (c < 0)
				goto unterminated;
			if (c == '"') {
				state = CSV_AFTER_QUOTE;
				break;
			}
			csv_putc(r, c, &err);
			if (c == '\r' && csv_peek(r, 0) == '\n')
				csv_putc(r, csv_getc(r), &err);
			if (c == '\r' || c == '\n') {
				r->line++;
				if (first_nl == 0)
					first_nl = r->pos - r->mark;
			}
			break;
		case CSV_AFTER_QUOTE:
			if (c == '"') {
				csv_putc(r, c, &err);
				state = CSV_QUOTED;
			} else if (c == ',' || c == '\r' || c == '\n' ||
				   c < 0) {
				state = CSV_UNQUOTED;
				r->pos -= c >= 0;	/* end it there */
			} else {
				csv_fail(&err, "text after a closing quote");
				csv_putc(r, c, &err);
				state = CSV_UNQUOTED;
			}
			break;
		}
	}
unterminated:
	/* The quote swallowed the rest: most likely a stray quote on the
	   first line. Go on with the line after it. */
	if (first_nl > 0) {
		r->pos = r->mark + first_nl;
		r->line = start_line + 1;
	} else {
		csv_skip_line(r);
	}
	return "unterminated quoted field";
}

int
csv_next(struct csv_reader *r, struct strv *fields_r, unsigned *line_r,
	 const char **err_r)
{
	const char *err;

	strv_free(fields_r);
	if (r->failed)
		return 0;
	csv_start(r);
	if (csv_skip_blank(r) < 0) {
		if (!r->failed)
			return 0;
		*line_r = r->line;
		*err_r = "read error";
		return -1;
	}
	r->mark = r->pos;
	*line_r = r->line;
	err = csv_record(r, fields_r);
	r->mark = r->pos;
	if (r->failed)
		err = "read error";
	if (err != NULL) {
		strv_free(fields_r);
		*err_r = err;
		return -1;
	}
	return 1;
}
