/* documents/doc-int.h - internal interfaces of documents/: the records
   the child writes (wire.c), the extractors that run in the child
   (ex_*.c) and the child's limits. Never included from outside
   documents/. */
#ifndef RG_DOC_INT_H
#define RG_DOC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/buf.h"
#include "documents/documents.h"

/* Record tags of the child's output: each record is the tag byte, then
   two fields, each a 32-bit length (host order: parent and child are
   the same program's build) and that many bytes. */
#define WIRE_TEXT 'T'	/* where, text */
#define WIRE_LINK 'L'	/* where, URI of an annotation or relationship */
#define WIRE_FILE 'F'	/* file name, bytes (TNEF attachments) */
#define WIRE_BODY 'B'	/* "", body text (TNEF) */
#define WIRE_WARN 'W'	/* code, detail */
#define WIRE_PAGES 'P'	/* "", decimal count of pages or sheets read */
#define WIRE_END 'E'	/* "", "": the document is done, the reader waits */
#define WIRE_FIELD_MAX (64u << 20)	/* no field is longer */

/* The child's state: limits and where records go. */
struct doc_ctx {
	int fd;			/* records are written here */
	unsigned max_pages;
	uint64_t max_bytes;	/* of text and files written in all */
	uint64_t written;
	unsigned pages;		/* pages or sheets read so far */
	bool ocr;		/* [documents] ocr: images are read */
	void *ocr_engine;	/* the loaded OCR engine (ocr_open), or NULL */
	unsigned seconds;	/* the time limit of one document */
	struct timespec start;	/* when this document began (monotonic) */
	bool full;		/* max_bytes reached: nothing more is sent */
	unsigned depth;		/* 0 at the top, 1 inside an archive */
	const char *prefix;	/* "member.xlsx: " inside an archive, or "" */
};

/* wire.c: writes one record; the text and file records stop at
   ctx->max_bytes in all (a warning says so once). Returns 0, or -1 when
   the parent has gone (then the child exits). */
int wire_put(struct doc_ctx *x, char tag, const char *a, size_t alen,
	     const void *b, size_t blen);
/* wire.c: wire_put of text under "<prefix><where>". */
void wire_text(struct doc_ctx *x, const char *where, const char *s,
	       size_t len);
/* wire.c: wire_put of a link under "<prefix><where>". */
void wire_link(struct doc_ctx *x, const char *where, const char *uri);
/* wire.c: a warning record "code", formatted detail. */
void wire_warn(struct doc_ctx *x, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* wire.c: counts one page or sheet; returns false (and warns once) when
   max_pages were read already, so the caller stops. */
bool wire_page(struct doc_ctx *x);

/* wire.c, parent side: reads the records in data[0..len) into res, up
   to and including an end record (then *end is set; end may be NULL).
   Returns the bytes consumed (complete records only). */
size_t wire_read(const char *data, size_t len, struct doc_result *res,
		 bool *end);

/* OCR reads no image of more pixels (an A4 page at 600 ppi has 35
   million; a 12-megapixel photo 12). */
#define OCR_MAX_PIXELS 40000000u
/* The resolutions image-only PDF pages are rendered at for OCR (that of
   the page's image, within these), lowered for big pages so the
   rendering stays under OCR_MAX_PIXELS / 4 pixels. */
#define OCR_PDF_PPI_MIN 150
#define OCR_PDF_PPI 400

/* ex_ocr.c: loads the OCR engine and its data files into x->ocr_engine;
   called before the sandbox is sealed, as it opens files. Returns 0, or
   -1 when this build or this machine has no OCR (x->ocr_engine stays
   NULL). */
int ocr_open(struct doc_ctx *x);
/* ex_ocr.c: frees x->ocr_engine (NULL-safe). */
void ocr_close(struct doc_ctx *x);
/* ex_ocr.c: recognises the 8-bit grey image pixels (w x h, rows stride
   bytes apart, borrowed) at ppi and writes its text under where. Returns
   0, or -1 without an engine or when the time limit stopped it (a
   warning says so). */
int ocr_gray(struct doc_ctx *x, const unsigned char *pixels, int w, int h,
	     int stride, int ppi, const char *where);
/* ex_ocr.c: an image (JPEG, PNG, TIFF) read by OCR when x->ocr is set
   and the engine is loaded, else a warning. Returns as the extractors
   below. */
int ex_image(struct doc_ctx *x, const unsigned char *data, size_t len);

/* The extractors, each reading data[0..len) (borrowed) in the child and
   writing records to x. They return 0, or -1 when the document could not
   be read at all (after writing a warning). */
int ex_pdf(struct doc_ctx *x, const unsigned char *data, size_t len);
int ex_ooxml(struct doc_ctx *x, const unsigned char *data, size_t len,
	     enum doc_type type);
int ex_text(struct doc_ctx *x, const unsigned char *data, size_t len,
	    enum doc_type type);
int ex_html(struct doc_ctx *x, const unsigned char *data, size_t len);
int ex_zip(struct doc_ctx *x, const unsigned char *data, size_t len);
int ex_tnef(struct doc_ctx *x, const unsigned char *data, size_t len);
/* charset.c: opens the converters from GBK, Big5 and Shift_JIS to
   UTF-8; called before the sandbox is sealed, as iconv loads them from
   files. Returns 0, or -1 when one is missing. */
int charset_open(void);
/* charset.c: when d[0..len) is not UTF-8 but text in GBK, Big5 or
   Shift_JIS (told by its bytes), converts it into out (emptied first,
   capped as out is) and returns the encoding's name ("GBK", "Big5",
   "Shift_JIS"; static); else returns NULL and leaves out empty. */
const char *charset_to_utf8(const unsigned char *d, size_t len,
			    struct buf *out);
/* ex_text.c: appends d[0..len), UTF-16 (big endian when be), to b as
   UTF-8. */
void ex_text_utf16(const unsigned char *d, size_t len, bool be,
		   struct buf *b);
/* child.c: calls the extractor of type. */
int ex_any(struct doc_ctx *x, const unsigned char *data, size_t len,
	   enum doc_type type);

/* zipread.c: the entries of a zip archive in memory, read with
   libarchive. Each entry's bytes are read only up to max bytes, and all
   entries together up to total; past either the entry is marked. */
struct zip_entry {
	char *name;
	unsigned char *data;	/* NULL when skipped */
	size_t len;
	bool too_big;		/* more than max bytes (a bomb or just big) */
};
struct zip_set {
	struct zip_entry *v;
	size_t n, cap;
};
/* Reads the archive; want(name) says which entries to keep (NULL: all
   regular files). Returns 0, or -1 when data is not a readable archive
   (entries read before stay in set). */
int zip_read(const unsigned char *data, size_t len, size_t max,
	     uint64_t total, bool (*want)(const char *name),
	     struct zip_set *set);
/* Returns the entry named name, or NULL. */
struct zip_entry *zip_find(struct zip_set *set, const char *name);
/* Frees the set. */
void zip_free(struct zip_set *set);

/* sandbox_child.c: applies the rlimits (CPU seconds, address space,
   files), Landlock and the seccomp filter. Returns 0 or -1. */
int sandbox_confine(unsigned seconds, uint64_t max_bytes);

#endif
