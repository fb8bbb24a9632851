/* documents/ex_pdf.c - PDF: the text of each page and the URI of each
   link annotation (poppler-glib), at most max_pages pages. Runs in the
   sandboxed child. */
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "documents/doc-int.h"

/* The URIs of page's link annotations. */
static void
ex_pdf_links(struct doc_ctx *x, PopplerPage *page, const char *where)
{
	GList *map = poppler_page_get_link_mapping(page);

	for (GList *l = map; l != NULL; l = l->next) {
		PopplerLinkMapping *m = l->data;

		if (m->action != NULL && m->action->type == POPPLER_ACTION_URI &&
		    m->action->uri.uri != NULL)
			wire_link(x, where, m->action->uri.uri);
	}
	poppler_page_free_link_mapping(map);
}

int
ex_pdf(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *error = NULL;
	PopplerDocument *doc;
	int n;

	doc = poppler_document_new_from_bytes(bytes, NULL, &error);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		wire_warn(x, "document_unreadable", "not a readable PDF%s%s",
			  error ? ": " : "", error ? error->message : "");
		if (error)
			g_error_free(error);
		return -1;
	}
	n = poppler_document_get_n_pages(doc);
	for (int i = 0; i < n && wire_page(x); i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char where[32];
		char *text;

		if (page == NULL)
			continue;
		snprintf(where, sizeof(where), "page %d", i + 1);
		text = poppler_page_get_text(page);
		if (text != NULL)
			wire_text(x, where, text, strlen(text));
		g_free(text);
		ex_pdf_links(x, page, where);
		g_object_unref(page);
	}
	g_object_unref(doc);
	return 0;
}
