/* documents/ex_pdf.c - PDF: the text of each page and the URI of each
   link annotation (poppler-glib), at most max_pages pages; with OCR on,
   a page that has images and no text (a scan) is rendered with cairo
   and read by OCR (ex_ocr.c). Runs in the sandboxed child. */
#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
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

/* Whether s[0..) has no visible character. */
static bool
ex_pdf_blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t' &&
		    *s != '\f')
			return false;
	return true;
}

/* The resolution a scanned page is rendered at: that of its largest
   image (a scanner's page is one image), within [OCR_PDF_PPI_MIN,
   OCR_PDF_PPI]; rendering above it adds no detail and reads worse. 0 when
   the page has no image. */
static double
ex_pdf_ppi(PopplerPage *page)
{
	GList *images = poppler_page_get_image_mapping(page);
	PopplerImageMapping *big = NULL;
	double area = 0, ppi = OCR_PDF_PPI;

	for (GList *l = images; l != NULL; l = l->next) {
		PopplerImageMapping *m = l->data;
		double a = fabs((m->area.x2 - m->area.x1) *
				(m->area.y2 - m->area.y1));

		if (a > area) {
			area = a;
			big = m;
		}
	}
	if (big != NULL && fabs(big->area.x2 - big->area.x1) >= 1) {
		cairo_surface_t *img = poppler_page_get_image(page,
							       big->image_id);

		if (img != NULL) {
			ppi = cairo_image_surface_get_width(img) * 72.0 /
			      fabs(big->area.x2 - big->area.x1);
			cairo_surface_destroy(img);
		}
	}
	poppler_page_free_image_mapping(images);
	if (big == NULL)
		return 0;
	return ppi < OCR_PDF_PPI_MIN ? OCR_PDF_PPI_MIN
	       : ppi > OCR_PDF_PPI ? OCR_PDF_PPI : ppi;
}

/* A scanned page: page has images and no text; renders it in grey at
   the resolution of its image (at most OCR_MAX_PIXELS / 4 pixels) and
   has OCR read it. */
static void
ex_pdf_ocr(struct doc_ctx *x, PopplerPage *page, const char *where)
{
	double wpt = 0, hpt = 0, ppi = ex_pdf_ppi(page);
	double max = OCR_MAX_PIXELS / 4;
	cairo_surface_t *s;
	unsigned char *grey;
	int w, h, stride;
	cairo_t *cr;

	if (ppi <= 0)
		return;
	poppler_page_get_size(page, &wpt, &hpt);
	if (!(wpt >= 1 && hpt >= 1 && wpt < 1e5 && hpt < 1e5))
		return;
	if (wpt / 72 * ppi * hpt / 72 * ppi > max)
		ppi = 72 * sqrt(max / (wpt * hpt));
	w = (int)(wpt / 72 * ppi);
	h = (int)(hpt / 72 * ppi);
	if (w < 16 || h < 16)
		return;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, ppi / 72, ppi / 72);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	grey = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ?
	       xmalloc((size_t)w * (size_t)h) : NULL;
	if (grey != NULL) {
		const unsigned char *px = cairo_image_surface_get_data(s);

		stride = cairo_image_surface_get_stride(s);
		/* RGB24 is one native 32-bit word per pixel: 0x00RRGGBB */
		for (int y = 0; y < h; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)
					      (px + (size_t)y * (size_t)stride);

			for (int i = 0; i < w; i++) {
				uint32_t p = row[i];

				grey[(size_t)y * (size_t)w + (size_t)i] =
					(unsigned char)((((p >> 16) & 0xff) * 77 +
							 ((p >> 8) & 0xff) * 150 +
							 (p & 0xff) * 29) >> 8);
			}
		}
		ocr_gray(x, grey, w, h, w, (int)ppi, where);
		free(grey);
	}
	cairo_surface_destroy(s);
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
		if (!ex_pdf_blank(text))
			wire_text(x, where, text, strlen(text));
		else if (x->ocr_engine != NULL)
			ex_pdf_ocr(x, page, where);
		g_free(text);
		ex_pdf_links(x, page, where);
		g_object_unref(page);
	}
	g_object_unref(doc);
	return 0;
}
