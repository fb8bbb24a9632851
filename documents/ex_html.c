/* documents/ex_html.c - an attached HTML file: its displayed text (no
   head, script or style; block elements start and end lines) and the href of each
   anchor, with libxml2's recovering HTML parser (no network). Runs in the
   sandboxed child. */
#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "documents/doc-int.h"

static bool
ex_html_block(const char *n)
{
	static const char *const blocks[] = { "p", "div", "br", "tr", "li",
		"h1", "h2", "h3", "h4", "table", "td", "th", NULL };

	for (size_t i = 0; blocks[i] != NULL; i++)
		if (strcasecmp(n, blocks[i]) == 0)
			return true;
	return false;
}

static void
ex_html_walk(struct doc_ctx *x, xmlNode *n, struct buf *b, unsigned depth)
{
	for (; n != NULL; n = n->next) {
		const char *name = (const char *)n->name;

		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			buf_puts(b, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || name == NULL)
			continue;
		if (strcasecmp(name, "head") == 0 ||
		    strcasecmp(name, "script") == 0 ||
		    strcasecmp(name, "style") == 0)
			continue;
		if (strcasecmp(name, "a") == 0) {
			xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");

			wire_link(x, "", (const char *)h);
			xmlFree(h);
		}
		/* a block starts a line too: "one<table><tr><td>https://..."
		   must not read as the word "onehttps://..." */
		if (ex_html_block(name) && b->len > 0 &&
		    b->data[b->len - 1] != '\n')
			buf_putc(b, '\n');
		if (depth < 256)
			ex_html_walk(x, n->children, b, depth + 1);
		if (ex_html_block(name))
			buf_putc(b, '\n');
		else if (strcasecmp(name, "td") == 0)
			buf_putc(b, '\t');
	}
}

int
ex_html(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	htmlDocPtr doc = htmlReadMemory((const char *)data, (int)len, NULL,
					"UTF-8", HTML_PARSE_RECOVER |
					HTML_PARSE_NOERROR |
					HTML_PARSE_NOWARNING |
					HTML_PARSE_NONET);
	struct buf b;

	if (doc == NULL) {
		wire_warn(x, "document_unreadable", "not readable HTML");
		return -1;
	}
	buf_init(&b, 0);
	wire_page(x);
	ex_html_walk(x, xmlDocGetRootElement(doc), &b, 0);
	wire_text(x, "", b.data ? b.data : "", b.len);
	buf_free(&b);
	xmlFreeDoc(doc);
	return 0;
}
