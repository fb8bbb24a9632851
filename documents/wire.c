/* documents/wire.c - the records the child sends the parent: written in
   the child (wire_put and its helpers), read in the parent (wire_read).
   A record is a tag byte and two length-prefixed fields (doc-int.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/strv.h"
#include "common/utf8.h"
#include "documents/doc-int.h"

static int
wire_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
wire_put(struct doc_ctx *x, char tag, const char *a, size_t alen,
	 const void *b, size_t blen)
{
	uint32_t la, lb;

	if (tag == WIRE_TEXT || tag == WIRE_FILE || tag == WIRE_BODY) {
		if (x->full)
			return 0;
		if (x->written + alen + blen > x->max_bytes) {
			x->full = true;
			wire_warn(x, "document_output_limit", "more than %llu "
				  "bytes of text: the rest is not read",
				  (unsigned long long)x->max_bytes);
			return 0;
		}
		x->written += alen + blen;
	}
	if (alen > WIRE_FIELD_MAX)
		alen = WIRE_FIELD_MAX;
	if (blen > WIRE_FIELD_MAX)
		blen = WIRE_FIELD_MAX;
	la = (uint32_t)alen;
	lb = (uint32_t)blen;
	if (wire_write_all(x->fd, &tag, 1) < 0 ||
	    wire_write_all(x->fd, &la, sizeof(la)) < 0 ||
	    wire_write_all(x->fd, a, alen) < 0 ||
	    wire_write_all(x->fd, &lb, sizeof(lb)) < 0 ||
	    wire_write_all(x->fd, b, blen) < 0)
		_exit(3);	/* the parent has gone */
	return 0;
}

void
wire_text(struct doc_ctx *x, const char *where, const char *s, size_t len)
{
	char *w = xasprintf("%s%s", x->prefix ? x->prefix : "", where);

	if (len > 0)
		wire_put(x, WIRE_TEXT, w, strlen(w), s, len);
	free(w);
}

void
wire_link(struct doc_ctx *x, const char *where, const char *uri)
{
	char *w = xasprintf("%s%s", x->prefix ? x->prefix : "", where);

	if (uri != NULL && uri[0] != '\0')
		wire_put(x, WIRE_LINK, w, strlen(w), uri, strlen(uri));
	free(w);
}

void
wire_warn(struct doc_ctx *x, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *d, *full;

	va_start(ap, fmt);
	d = xvasprintf(fmt, ap);
	va_end(ap);
	full = xasprintf("%s%s", x->prefix ? x->prefix : "", d);
	wire_put(x, WIRE_WARN, code, strlen(code), full, strlen(full));
	free(full);
	free(d);
}

bool
wire_page(struct doc_ctx *x)
{
	if (x->pages >= x->max_pages) {
		if (x->pages == x->max_pages) {
			x->pages++;
			wire_warn(x, "document_page_limit", "only the first "
				  "%u pages or sheets are read", x->max_pages);
		}
		return false;
	}
	x->pages++;
	return true;
}

/* ---- parent side ---- */

static struct doc_piece *
wire_piece(struct doc_result *res, const char *where, size_t wlen)
{
	struct doc_piece *p;

	if (res->n_pieces > 0) {
		p = &res->pieces[res->n_pieces - 1];
		if (strlen(p->where) == wlen && memcmp(p->where, where,
						       wlen) == 0)
			return p;
	}
	res->pieces = xreallocarray(res->pieces, res->n_pieces + 1,
				    sizeof(*res->pieces));
	p = &res->pieces[res->n_pieces++];
	memset(p, 0, sizeof(*p));
	p->where = utf8_sanitize(where, wlen);
	p->text = xstrdup("");
	return p;
}

static void
wire_add_text(struct doc_piece *p, const char *s, size_t n)
{
	char *clean = utf8_sanitize(s, n);
	size_t cl = strlen(clean);

	p->text = xrealloc(p->text, p->len + cl + 2);
	memcpy(p->text + p->len, clean, cl);
	p->len += cl;
	p->text[p->len++] = '\n';
	p->text[p->len] = '\0';
	free(clean);
}

size_t
wire_read(const char *data, size_t len, struct doc_result *res, bool *end)
{
	size_t at = 0;

	for (;;) {
		uint32_t la, lb;
		const char *a, *b;
		char tag;

		if (len - at < 1 + sizeof(la))
			break;
		tag = data[at];
		memcpy(&la, data + at + 1, sizeof(la));
		if (len - at - 1 - sizeof(la) < (size_t)la + sizeof(lb))
			break;
		a = data + at + 1 + sizeof(la);
		memcpy(&lb, a + la, sizeof(lb));
		b = a + la + sizeof(lb);
		if ((size_t)(data + len - b) < lb)
			break;
		at = (size_t)(b - data) + lb;
		switch (tag) {
		case WIRE_TEXT:
			wire_add_text(wire_piece(res, a, la), b, lb);
			break;
		case WIRE_LINK: {
			char *u = utf8_sanitize(b, lb);

			strv_push_take(&wire_piece(res, a, la)->links, u);
			break;
		}
		case WIRE_FILE: {
			struct doc_file *f;

			res->files = xreallocarray(res->files, res->n_files + 1,
						   sizeof(*res->files));
			f = &res->files[res->n_files++];
			f->name = la > 0 ? utf8_sanitize(a, la) : NULL;
			f->data = xmemdup(b, lb);
			f->len = lb;
			break;
		}
		case WIRE_BODY: {
			char *s = utf8_sanitize(b, lb);

			if (res->body == NULL) {
				res->body = s;
			} else {
				char *j = xasprintf("%s\n%s", res->body, s);

				free(res->body);
				free(s);
				res->body = j;
			}
			break;
		}
		case WIRE_WARN: {
			char *c = utf8_sanitize(a, la), *d = utf8_sanitize(b, lb);

			strv_push_take(&res->warnings,
				       xasprintf("%s: %s", c, d));
			free(c);
			free(d);
			break;
		}
		case WIRE_PAGES: {
			char tmp[16];
			size_t n = lb < sizeof(tmp) - 1 ? lb : sizeof(tmp) - 1;

			memcpy(tmp, b, n);
			tmp[n] = '\0';
			res->pages = (unsigned)strtoul(tmp, NULL, 10);
			break;
		}
		case WIRE_END:
			if (end != NULL)
				*end = true;
			return at;
		default:
			break;
		}
	}
	return at;
}
