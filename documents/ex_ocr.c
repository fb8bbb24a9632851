/* documents/ex_ocr.c - text from images (JPEG, PNG, TIFF read by
   leptonica) and from rendered image-only PDF pages (ex_pdf.c), read by
   tesseract with its English and, when installed, Simplified Chinese
   data. Runs in the sandboxed child.

   The sandbox forbids opening files once it is sealed, so ocr_open()
   loads the engine and its traineddata before sandbox_confine() (the
   child calls it only when [documents] ocr is on and the document may
   need it); recognition itself opens no file. Bounds: an image of more
   than OCR_MAX_PIXELS is not read (its size is read from its header
   first, before any pixel is decoded), and each page's recognition is
   given a deadline so the child stops in time and still reports what it
   read before the parent's time limit. Without tesseract at build time
   (HAVE_TESSERACT undefined) images are not read and a warning says
   why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoconfig.h"
#include "documents/doc-int.h"

/* reportgate-extract is built with RG_OCR_OFF and does not link the
   engine; reportgate-extract-ocr, started only when [documents] ocr is on
   and a document may need it, does */
#if defined(HAVE_TESSERACT) && !defined(RG_OCR_OFF)
#define RG_OCR 1
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#ifndef RG_TESSDATA
#define RG_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"
#endif

/* Milliseconds since the child started (x->start). */
static long
ocr_elapsed_ms(const struct doc_ctx *x)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - x->start.tv_sec) * 1000 +
	       (now.tv_nsec - x->start.tv_nsec) / 1000000;
}

int
ocr_open(struct doc_ctx *x)
{
	TessBaseAPI *api;
	FILE *f;
	const char *langs = "eng";

	if (x->ocr_engine != NULL)
		return 0;
	/* Chinese only when its data is installed (tesseract-ocr-chi-sim) */
	f = fopen(RG_TESSDATA "/chi_sim.traineddata", "r");
	if (f != NULL) {
		fclose(f);
		langs = "eng+chi_sim";
	}
	api = TessBaseAPICreate();
	if (api == NULL || TessBaseAPIInit3(api, RG_TESSDATA, langs) != 0) {
		if (api != NULL)
			TessBaseAPIDelete(api);
		return -1;
	}
	/* no dictionary files are opened later: the word lists are loaded
	   with the traineddata; nothing is written */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	x->ocr_engine = api;
	return 0;
}

void
ocr_close(struct doc_ctx *x)
{
	if (x->ocr_engine == NULL)
		return;
	TessBaseAPIEnd(x->ocr_engine);
	TessBaseAPIDelete(x->ocr_engine);
	x->ocr_engine = NULL;
}

/* Recognises the image set on api and writes its text under where.
   Returns 0, or -1 when the deadline stopped it. */
static int
ocr_recognize(struct doc_ctx *x, TessBaseAPI *api, const char *where)
{
	/* stop a quarter of the time limit before the parent's deadline */
	long left = (long)x->seconds * 750 - ocr_elapsed_ms(x);
	ETEXT_DESC *mon;
	char *text;
	int rc;

	if (left < 100) {
		wire_warn(x, "ocr_time_limit", "%s: not read: the time limit "
			  "was reached", where);
		return -1;
	}
	mon = TessMonitorCreate();
	TessMonitorSetDeadlineMSecs(mon, (int)left);
	rc = TessBaseAPIRecognize(api, mon);
	TessMonitorDelete(mon);
	/* at its deadline tesseract stops and may still return 0: what it
	   read of the page is kept, and the warning says it is partial */
	if (rc == 0 && ocr_elapsed_ms(x) >= (long)x->seconds * 750)
		rc = -1;
	text = TessBaseAPIGetUTF8Text(api);
	if (text != NULL)
		wire_text(x, where, text, strlen(text));
	TessDeleteText(text);
	TessBaseAPIClear(api);
	if (rc != 0) {
		wire_warn(x, "ocr_time_limit", "%s: recognition stopped at the "
			  "time limit; what was read before is kept", where);
		return -1;
	}
	return 0;
}

int
ocr_gray(struct doc_ctx *x, const unsigned char *pixels, int w, int h,
	 int stride, int ppi, const char *where)
{
	TessBaseAPI *api = x->ocr_engine;

	if (api == NULL)
		return -1;
	TessBaseAPISetImage(api, pixels, w, h, 1, stride);
	TessBaseAPISetSourceResolution(api, ppi);
	return ocr_recognize(x, api, where);
}

int
ex_image(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	l_int32 format, w = 0, h = 0, bps, spp, cmap;
	TessBaseAPI *api = x->ocr_engine;
	PIX *pix;
	int rc;

	if (!x->ocr) {
		wire_warn(x, "document_not_read", "images are read only with "
			  "[documents] ocr = true");
		return 0;
	}
	if (api == NULL) {
		wire_warn(x, "ocr_unavailable", "the OCR engine or its English "
			  "data (tesseract-ocr-eng) is missing");
		return 0;
	}
	if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp,
			     &cmap) != 0 || w <= 0 || h <= 0) {
		wire_warn(x, "document_unreadable", "not a readable image");
		return -1;
	}
	if ((uint64_t)w * (uint64_t)h > OCR_MAX_PIXELS) {
		wire_warn(x, "document_too_large", "image of %dx%d pixels: "
			  "more than %u million are not read", w, h,
			  OCR_MAX_PIXELS / 1000000);
		return -1;
	}
	wire_page(x);
	pix = pixReadMem(data, len);
	if (pix == NULL) {
		wire_warn(x, "document_unreadable", "not a readable image");
		return -1;
	}
	TessBaseAPISetImage2(api, pix);
	/* scans and photos rarely say their resolution; 300 ppi is what
	   tesseract assumes for text of ordinary size */
	if (pixGetXRes(pix) < 70)
		TessBaseAPISetSourceResolution(api, 300);
	rc = ocr_recognize(x, api, "image");
	pixDestroy(&pix);
	return rc;
}

#else /* !RG_OCR */

int
ocr_open(struct doc_ctx *x)
{
	(void)x;
	return -1;
}

void
ocr_close(struct doc_ctx *x)
{
	(void)x;
}

int
ocr_gray(struct doc_ctx *x, const unsigned char *pixels, int w, int h,
	 int stride, int ppi, const char *where)
{
	(void)x;
	(void)pixels;
	(void)w;
	(void)h;
	(void)stride;
	(void)ppi;
	(void)where;
	return -1;
}

int
ex_image(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	(void)data;
	(void)len;
#ifdef HAVE_TESSERACT
	/* the reader without the engine, as ocr = true starts the other */
	if (!x->ocr) {
		wire_warn(x, "document_not_read", "images are read only with "
			  "[documents] ocr = true");
		return 0;
	}
#endif
	wire_warn(x, "document_not_read", "images are read only with OCR, "
		  "which this build does not have (tesseract was missing when "
		  "it was built: install libtesseract-dev)");
	return 0;
}

#endif
