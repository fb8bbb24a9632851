/* documents/ex_ooxml.c - office documents, which are zip archives of XML
   parts (zipread.c, libxml2's streaming reader):
   - DOCX: the text of word/document.xml (paragraphs end lines) and the
     targets of its hyperlinks (word/_rels/document.xml.rels);
   - XLSX: each sheet named in xl/workbook.xml, its cells row by row (shared
     strings, inline strings, numbers; a HYPERLINK formula's text too) and
     its hyperlinks (the sheet's relationships), one sheet a page;
   - ODT/ODS: content.xml's paragraphs, table cells and text:a links; a
     table is a sheet.
   Entities are not expanded and nothing is fetched (XML_PARSE_NONET).
   Runs in the sandboxed child. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/strv.h"
#include "documents/doc-int.h"

#define OOXML_R_NS \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static xmlTextReaderPtr
ooxml_reader(const struct zip_entry *e)
{
	return xmlReaderForMemory((const char *)e->data, (int)e->len, NULL,
				  NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING);
}

static bool
ooxml_is(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n != NULL && strcmp((const char *)n, local) == 0;
}

/* A relationships part: ids[i] -> targets[i]. */
static void
ooxml_rels(struct zip_entry *e, struct strv *ids, struct strv *targets)
{
	xmlTextReaderPtr r;

	if (e == NULL || e->data == NULL || (r = ooxml_reader(e)) == NULL)
		return;
	while (xmlTextReaderRead(r) == 1) {
		xmlChar *id, *t;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !ooxml_is(r, "Relationship"))
			continue;
		id = xmlTextReaderGetAttribute(r, (const xmlChar *)"Id");
		t = xmlTextReaderGetAttribute(r, (const xmlChar *)"Target");
		if (id != NULL && t != NULL) {
			strv_push(ids, (const char *)id);
			strv_push(targets, (const char *)t);
		}
		xmlFree(id);
		xmlFree(t);
	}
	xmlFreeTextReader(r);
}

static const char *
ooxml_rel(const struct strv *ids, const struct strv *targets, const char *id)
{
	for (size_t i = 0; id != NULL && i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0)
			return targets->v[i];
	return NULL;
}

/* The r:id attribute of the current element, owned by the caller. */
static char *
ooxml_rid(xmlTextReaderPtr r)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
						  (const xmlChar *)OOXML_R_NS);
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static void
ooxml_flush(struct doc_ctx *x, const char *where, struct buf *b)
{
	wire_text(x, where, b->data ? b->data : "", b->len);
	buf_reset(b);
}

static void
ooxml_append_text(xmlTextReaderPtr r, struct buf *b)
{
	const xmlChar *v = xmlTextReaderConstValue(r);

	if (v != NULL && buf_puts(b, (const char *)v) < 0)
		buf_reset(b);	/* over the cap: the flush sends less */
}

/* ---- DOCX ---- */

static int
ooxml_docx(struct doc_ctx *x, struct zip_set *z)
{
	struct zip_entry *doc = zip_find(z, "word/document.xml");
	struct strv ids = { 0 }, targets = { 0 };
	xmlTextReaderPtr r;
	struct buf b;
	bool in_t = false;

	if (doc == NULL || doc->data == NULL ||
	    (r = ooxml_reader(doc)) == NULL)
		return -1;
	ooxml_rels(zip_find(z, "word/_rels/document.xml.rels"), &ids,
		   &targets);
	buf_init(&b, 1u << 20);
	wire_page(x);
	while (xmlTextReaderRead(r) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			in_t = (ooxml_is(r, "t") || ooxml_is(r, "instrText")) &&
			       !xmlTextReaderIsEmptyElement(r);
			if (ooxml_is(r, "tab"))
				buf_putc(&b, '\t');
			else if (ooxml_is(r, "br"))
				buf_putc(&b, '\n');
			else if (ooxml_is(r, "hyperlink")) {
				char *id = ooxml_rid(r);

				wire_link(x, "", ooxml_rel(&ids, &targets, id));
				free(id);
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (ooxml_is(r, "p"))
				buf_putc(&b, '\n');
			if (ooxml_is(r, "instrText"))
				buf_putc(&b, ' ');
			in_t = false;
			if (b.len > 65536)
				ooxml_flush(x, "", &b);
		} else if (in_t && (t == XML_READER_TYPE_TEXT ||
				    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			ooxml_append_text(r, &b);
		}
	}
	ooxml_flush(x, "", &b);
	buf_free(&b);
	xmlFreeTextReader(r);
	strv_free(&ids);
	strv_free(&targets);
	return 0;
}

/* ---- XLSX ---- */

/* The shared strings, in order. */
static void
ooxml_shared(struct zip_entry *e, struct strv *out)
{
	xmlTextReaderPtr r;
	struct buf b;
	bool in_t = false;

	if (e == NULL || e->data == NULL || (r = ooxml_reader(e)) == NULL)
		return;
	buf_init(&b, 1u << 16);
	while (xmlTextReaderRead(r) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			if (ooxml_is(r, "si") && xmlTextReaderIsEmptyElement(r))
				strv_push(out, "");
			in_t = ooxml_is(r, "t");
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (ooxml_is(r, "si"))
				strv_push_take(out, buf_take(&b));
			in_t = false;
		} else if (in_t && (t == XML_READER_TYPE_TEXT ||
				    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			ooxml_append_text(r, &b);
		}
	}
	buf_free(&b);
	xmlFreeTextReader(r);
}

/* "worksheets/sheet1.xml" (relative to xl/) or "/xl/..." -> the entry
   name; owned by the caller. */
static char *
ooxml_part(const char *base, const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	return xasprintf("%s%s", base, target);
}

/* One sheet: cells row by row, a tab between cells. */
static void
ooxml_sheet(struct doc_ctx *x, struct zip_set *z, const char *part,
	    const char *where, const struct strv *shared)
{
	struct zip_entry *e = zip_find(z, part);
	struct strv ids = { 0 }, targets = { 0 };
	xmlTextReaderPtr r;
	struct buf b;
	char *rels, *slash, *type = NULL;
	bool in_v = false, in_t = false, in_f = false;

	if (e == NULL || e->data == NULL || (r = ooxml_reader(e)) == NULL)
		return;
	slash = strrchr(part, '/');
	rels = xasprintf("%.*s_rels/%s.rels", (int)(slash - part + 1), part,
			 slash + 1);
	ooxml_rels(zip_find(z, rels), &ids, &targets);
	free(rels);
	buf_init(&b, 1u << 20);
	while (xmlTextReaderRead(r) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			in_v = ooxml_is(r, "v");
			in_t = ooxml_is(r, "t");
			in_f = ooxml_is(r, "f");
			if (ooxml_is(r, "c")) {
				xmlChar *ty = xmlTextReaderGetAttribute(
					r, (const xmlChar *)"t");

				free(type);
				type = ty ? xstrdup((const char *)ty) : NULL;
				xmlFree(ty);
			} else if (ooxml_is(r, "hyperlink")) {
				char *id = ooxml_rid(r);

				wire_link(x, where, ooxml_rel(&ids, &targets,
							      id));
				free(id);
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (ooxml_is(r, "c"))
				buf_putc(&b, '\t');
			else if (ooxml_is(r, "row"))
				buf_putc(&b, '\n');
			in_v = in_t = in_f = false;
			if (b.len > 65536)
				ooxml_flush(x, where, &b);
		} else if (t == XML_READER_TYPE_TEXT) {
			const char *v = (const char *)xmlTextReaderConstValue(r);

			if (v == NULL)
				continue;
			if (in_v && type != NULL && strcmp(type, "s") == 0) {
				unsigned long i = strtoul(v, NULL, 10);

				if (i < shared->n)
					buf_puts(&b, shared->v[i]);
			} else if (in_v || in_t) {
				buf_puts(&b, v);
			} else if (in_f && strstr(v, "HYPERLINK") != NULL) {
				buf_puts(&b, v);
				buf_putc(&b, ' ');
			}
		}
	}
	ooxml_flush(x, where, &b);
	buf_free(&b);
	free(type);
	xmlFreeTextReader(r);
	strv_free(&ids);
	strv_free(&targets);
}

static int
ooxml_xlsx(struct doc_ctx *x, struct zip_set *z)
{
	struct zip_entry *wb = zip_find(z, "xl/workbook.xml");
	struct strv ids = { 0 }, targets = { 0 }, shared = { 0 };
	xmlTextReaderPtr r;

	if (wb == NULL || wb->data == NULL || (r = ooxml_reader(wb)) == NULL)
		return -1;
	ooxml_rels(zip_find(z, "xl/_rels/workbook.xml.rels"), &ids, &targets);
	ooxml_shared(zip_find(z, "xl/sharedStrings.xml"), &shared);
	while (xmlTextReaderRead(r) == 1) {
		xmlChar *name;
		char *id, *where, *part;
		const char *target;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !ooxml_is(r, "sheet"))
			continue;
		if (!wire_page(x))
			break;
		name = xmlTextReaderGetAttribute(r, (const xmlChar *)"name");
		id = ooxml_rid(r);
		target = ooxml_rel(&ids, &targets, id);
		where = xasprintf("sheet %s", name ? (const char *)name : "?");
		if (target != NULL) {
			part = ooxml_part("xl/", target);
			ooxml_sheet(x, z, part, where, &shared);
			free(part);
		}
		free(where);
		free(id);
		xmlFree(name);
	}
	xmlFreeTextReader(r);
	strv_free(&ids);
	strv_free(&targets);
	strv_free(&shared);
	return 0;
}

/* ---- ODT, ODS ---- */

static int
ooxml_odf(struct doc_ctx *x, struct zip_set *z)
{
	struct zip_entry *e = zip_find(z, "content.xml");
	xmlTextReaderPtr r;
	struct buf b;
	char *where = xstrdup("");
	bool stop = false;
	unsigned sheets = 0;

	if (e == NULL || e->data == NULL || (r = ooxml_reader(e)) == NULL) {
		free(where);
		return -1;
	}
	buf_init(&b, 1u << 20);
	while (!stop && xmlTextReaderRead(r) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			if (ooxml_is(r, "table")) {
				xmlChar *n = xmlTextReaderGetAttribute(
					r, (const xmlChar *)"table:name");

				ooxml_flush(x, where, &b);
				free(where);
				where = xasprintf("sheet %s",
						  n ? (const char *)n : "?");
				xmlFree(n);
				sheets++;
				stop = !wire_page(x);
			} else if (ooxml_is(r, "a")) {
				xmlChar *h = xmlTextReaderGetAttribute(
					r, (const xmlChar *)"xlink:href");

				wire_link(x, where, (const char *)h);
				xmlFree(h);
			} else if (ooxml_is(r, "tab") || ooxml_is(r, "s")) {
				buf_putc(&b, ooxml_is(r, "s") ? ' ' : '\t');
			} else if (ooxml_is(r, "line-break")) {
				buf_putc(&b, '\n');
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (ooxml_is(r, "p") || ooxml_is(r, "h") ||
			    ooxml_is(r, "table-row"))
				buf_putc(&b, '\n');
			else if (ooxml_is(r, "table-cell"))
				buf_putc(&b, '\t');
			if (b.len > 65536)
				ooxml_flush(x, where, &b);
		} else if (t == XML_READER_TYPE_TEXT ||
			   t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			ooxml_append_text(r, &b);
		}
	}
	ooxml_flush(x, where, &b);
	if (sheets == 0)	/* an ODT's text counts one page, as a DOCX's */
		wire_page(x);
	buf_free(&b);
	free(where);
	xmlFreeTextReader(r);
	return 0;
}

static bool
ooxml_want(const char *name)
{
	return strcmp(name, "content.xml") == 0 ||
	       (strncmp(name, "word/", 5) == 0 && strstr(name, ".xml")) ||
	       (strncmp(name, "xl/", 3) == 0 && strstr(name, ".xml"));
}

int
ex_ooxml(struct doc_ctx *x, const unsigned char *data, size_t len,
	 enum doc_type type)
{
	struct zip_set z;
	int rc;

	if (zip_read(data, len, (size_t)x->max_bytes, x->max_bytes * 2,
		     ooxml_want, &z) < 0 && z.n == 0) {
		wire_warn(x, "document_unreadable", "not a readable %s",
			  documents_type_name(type));
		zip_free(&z);
		return -1;
	}
	for (size_t i = 0; i < z.n; i++)
		if (z.v[i].too_big) {
			wire_warn(x, "document_bomb", "%s unpacks to more than "
				  "%llu bytes: not read", z.v[i].name,
				  (unsigned long long)x->max_bytes);
			break;
		}
	rc = type == DOC_DOCX ? ooxml_docx(x, &z)
	     : type == DOC_XLSX ? ooxml_xlsx(x, &z) : ooxml_odf(x, &z);
	if (rc < 0)
		wire_warn(x, "document_unreadable", "no %s content found",
			  documents_type_name(type));
	zip_free(&z);
	return rc;
}
