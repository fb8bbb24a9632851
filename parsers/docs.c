/* parsers/docs.c - attached documents in the report: mime.c hands over
   each attachment's decoded bytes (docs_capture_*), the documents among
   them are read by the mail's own sandboxed reader process (one per
   mail, reused for its documents: documents_reader_extract), and
   docs_finish puts their links and
   content classes into the report. Reading happens as each attachment
   ends, so a TNEF's body joins the mail's text before the text is
   analysed and its files join the attachments in order. */
#include <gnutls/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/hex.h"
#include "common/mem.h"
#include "documents/docclass.h"
#include "documents/documents.h"
#include "parsers/docs-int.h"
#include "parsers/parser-int.h"

#define DOCS_HEAD 4096			/* bytes kept to sniff a big one */
#define DOCS_CLASS_TEXT (256u * 1024)	/* text examined for its class */
#define DOCS_MAX 20		/* documents read per message */
#define DOCS_BUDGET 3		/* x documents.seconds for all of them */

struct docs_capture {
	struct buf data;	/* the bytes, up to max_bytes */
	char head[DOCS_HEAD];	/* the first bytes, kept when too big */
	size_t head_len;
	bool too_big;
	bool active;
};

/* One document read: which attachment and what was found. */
struct docs_doc {
	size_t att;
	struct doc_result res;
};

struct docs {
	const struct parser_cfg *cfg;
	struct docs_capture cap;	/* one attachment at a time */
	struct docs_doc *v;
	size_t n, cap_v;
	struct doc_reader *reader;	/* this mail's sandboxed reader */
	struct timespec start;		/* of the first document read */
	bool warned_max, warned_budget;
};

struct docs *
docs_new(const struct parser_cfg *cfg)
{
	struct docs *d;

	if (!cfg->documents.enabled)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->cfg = cfg;
	d->reader = documents_reader_new();
	return d;
}

void
docs_free(struct docs **dp)
{
	struct docs *d = *dp;

	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++)
		documents_result_free(&d->v[i].res);
	free(d->v);
	documents_reader_free(&d->reader);
	buf_free(&d->cap.data);
	free(d);
	*dp = NULL;
}

struct docs_capture *
docs_capture_begin(struct docs *d, const char *content_type)
{
	const char *ct = content_type ? content_type : "";

	if (d == NULL || strncmp(ct, "audio/", 6) == 0 ||
	    strncmp(ct, "video/", 6) == 0 ||
	    (!d->cfg->documents.ocr && strncmp(ct, "image/", 6) == 0))
		return NULL;
	buf_free(&d->cap.data);
	buf_init(&d->cap.data, (size_t)d->cfg->documents.max_bytes);
	d->cap.head_len = 0;
	d->cap.too_big = false;
	d->cap.active = true;
	return &d->cap;
}

void
docs_capture_put(struct docs_capture *cap, const void *data, size_t n)
{
	if (cap == NULL || n == 0)
		return;
	if (cap->head_len < DOCS_HEAD) {
		size_t k = DOCS_HEAD - cap->head_len < n ? DOCS_HEAD -
			   cap->head_len : n;

		memcpy(cap->head + cap->head_len, data, k);
		cap->head_len += k;
	}
	if (cap->too_big)
		return;
	if (buf_append(&cap->data, data, n) < 0) {
		cap->too_big = true;
		buf_free(&cap->data);
	}
}

/* Adds r's warning "code: <name>: detail" for a reader's "code: detail". */
static void
docs_warn(struct report *r, const char *name, const char *w)
{
	const char *sep = strstr(w, ": ");
	char *code = sep ? xstrndup(w, (size_t)(sep - w)) : xstrdup(w);

	report_warn(r, code, "%s: %s", name, sep ? sep + 2 : "");
	free(code);
}

static const char *
docs_name(const struct report *r, size_t att)
{
	const char *n = r->attachments[att].filename;

	return n != NULL ? n : r->attachments[att].content_type;
}

/* A TNEF's file becomes an attachment of r (stored through the sink
   like the mail's own). Returns its index. */
static size_t
docs_add_file(const struct parser_cfg *cfg, struct report *r,
	      const struct doc_file *f)
{
	const struct parser_sink *sink = cfg->sink;
	struct report_attachment a;
	unsigned char digest[32];
	void *h = NULL;
	int ok = 1;

	memset(&a, 0, sizeof(a));
	a.filename = f->name;
	a.content_type = (char *)(uintptr_t)"application/octet-stream";
	a.size = f->len;
	gnutls_hash_fast(GNUTLS_DIG_SHA256, f->data, f->len, digest);
	hex_encode(digest, sizeof(digest), a.sha256);
	if (sink != NULL && sink->begin != NULL)
		h = sink->begin(sink->ctx);
	if (h != NULL && sink->write != NULL && f->len > 0 &&
	    sink->write(h, f->data, f->len) < 0)
		ok = 0;
	if (h != NULL && sink->end != NULL)
		sink->end(h, a.sha256, ok);
	report_add_attachment(r, &a);
	return r->n_attachments - 1;
}

/* Whether one more document of the message may be read: at most
   DOCS_MAX, and none once DOCS_BUDGET x seconds have passed since the
   first began (a warning says so once). */
static bool
docs_may_read(struct docs *d, struct report *r, size_t att)
{
	struct timespec now;
	unsigned budget = DOCS_BUDGET * d->cfg->documents.seconds;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (d->n == 0)
		d->start = now;
	if (d->n >= DOCS_MAX) {
		if (!d->warned_max)
			report_warn(r, "document_limit", "only the first %d "
				    "documents of a message are read; %s and "
				    "those after it are not", DOCS_MAX,
				    docs_name(r, att));
		d->warned_max = true;
		return false;
	}
	if (now.tv_sec - d->start.tv_sec >= (time_t)budget) {
		if (!d->warned_budget)
			report_warn(r, "document_limit", "the documents of a "
				    "message are read for at most %u seconds; "
				    "%s and those after it are not", budget,
				    docs_name(r, att));
		d->warned_budget = true;
		return false;
	}
	return true;
}

/* Reads data[0..len) of r->attachments[att] if it is a document. */
static void
docs_read(struct docs *d, struct report *r, size_t att, const void *data,
	  size_t len, bool inner, struct buf *body)
{
	const struct documents_cfg *dc = &d->cfg->documents;
	struct report_attachment *a = &r->attachments[att];
	enum doc_type t = documents_sniff(data, len, a->filename,
					  a->content_type);
	struct docs_doc *doc;
	size_t first, me, n_files;

	if (t == DOC_NONE || (t == DOC_IMAGE && !dc->ocr) ||
	    (t == DOC_TNEF && inner) || !docs_may_read(d, r, att))
		return;
	if (d->n == d->cap_v)
		d->v = xgrow(d->v, d->n, &d->cap_v, sizeof(*d->v));
	me = d->n++;
	doc = &d->v[me];
	doc->att = att;
	documents_reader_extract(d->reader, data, len, t, dc, &doc->res);
	a->doc_type = documents_type_name(t);
	a->doc_pages = doc->res.pages;
	for (size_t i = 0; i < doc->res.warnings.n; i++)
		docs_warn(r, docs_name(r, att), doc->res.warnings.v[i]);
	if (doc->res.body != NULL && body != NULL) {
		if (body->len > 0)
			buf_puts(body, "\n\n");
		buf_puts(body, doc->res.body);
	}
	first = r->n_attachments;
	for (n_files = 0; n_files < doc->res.n_files; n_files++) {
		if (r->n_attachments >= d->cfg->max_attachments) {
			report_warn(r, "too_many_attachments", "%s: only the "
				    "first %u are listed", docs_name(r, att),
				    d->cfg->max_attachments);
			break;
		}
		docs_add_file(d->cfg, r, &doc->res.files[n_files]);
	}
	/* reading them may move d->v: the files are found by index */
	for (size_t k = 0; k < n_files; k++)
		docs_read(d, r, first + k, d->v[me].res.files[k].data,
			  d->v[me].res.files[k].len, true, NULL);
}

void
docs_capture_end(struct docs *d, struct docs_capture *cap, struct report *r,
		 size_t att, struct buf *body)
{
	if (d == NULL || cap == NULL || !cap->active)
		return;
	cap->active = false;
	if (cap->too_big || cap->data.len > d->cfg->documents.max_bytes) {
		struct report_attachment *a = &r->attachments[att];

		if (documents_sniff(cap->head, cap->head_len, a->filename,
				    a->content_type) != DOC_NONE)
			report_warn(r, "document_too_large", "%s: more than "
				    "%llu bytes: not read", docs_name(r, att),
				    (unsigned long long)
				    d->cfg->documents.max_bytes);
		buf_free(&cap->data);
		return;
	}
	docs_read(d, r, att, cap->data.data ? cap->data.data : "",
		  cap->data.len, false, body);
	buf_free(&cap->data);
}

/* "where" for a listing: the piece's place without a trailing ": " (a
   zip member's text as a whole), NULL when empty. Owned by the caller. */
static char *
docs_where(const char *w)
{
	size_t n = strlen(w);

	while (n > 0 && (w[n - 1] == ' ' || w[n - 1] == ':'))
		n--;
	return n > 0 ? xstrndup(w, n) : NULL;
}

void
docs_finish(struct docs *d, struct report *r, const struct parser_cfg *cfg)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct docs_doc *doc = &d->v[i];
		struct report_attachment *a = &r->attachments[doc->att];
		struct buf all;
		const char *why = NULL;

		buf_init(&all, DOCS_CLASS_TEXT);
		for (size_t k = 0; k < doc->res.n_pieces; k++) {
			struct doc_piece *p = &doc->res.pieces[k];
			size_t before = r->n_listings;

			links_scan(r, p->text, &p->links, cfg);
			for (size_t l = before; l < r->n_listings; l++) {
				r->listings[l].doc_attachment =
					xstrdup(docs_name(r, doc->att));
				r->listings[l].doc_where = docs_where(p->where);
			}
			if (all.len < DOCS_CLASS_TEXT)
				buf_append(&all, p->text, DOCS_CLASS_TEXT -
					   all.len < p->len ? DOCS_CLASS_TEXT -
					   all.len : p->len);
		}
		if (doc->res.type != DOC_TNEF && all.len > 0) {
			a->doc_evidence = docclass_of(all.data, all.len, &why);
			a->doc_why = why;
		}
		buf_free(&all);
	}
}
