/* parsers/docs-int.h - the parser's side of documents/ (docs.c): keeps
   the bytes of each attachment as mime.c decodes it, has the sandboxed
   reader read the documents among them, turns what it found into the
   report (links with the attachment and place they came from, the class
   of each document's content, TNEF attachments and body, warnings).
   Never included from outside parsers/. */
#ifndef RG_DOCS_INT_H
#define RG_DOCS_INT_H

#include <stddef.h>

#include "common/buf.h"
#include "common/report.h"
#include "parsers/parser.h"

struct docs;		/* opaque: the documents of one message */
struct docs_capture;	/* opaque: one attachment's bytes on their way */

/* Returns the documents state of one message (owned by the caller,
   docs_free), or NULL when cfg->documents.enabled is false. */
struct docs *docs_new(const struct parser_cfg *cfg);
/* Frees d (NULL-safe) and sets *d = NULL. */
void docs_free(struct docs **d);

/* Starts keeping the bytes of an attachment of the given content type
   (borrowed). Returns a capture owned by d, or NULL when d is NULL or
   the type is never read (audio, video, images without OCR). */
struct docs_capture *docs_capture_begin(struct docs *d,
					const char *content_type);
/* Keeps data[0..n) (copied), up to documents.max_bytes; NULL-safe. */
void docs_capture_put(struct docs_capture *cap, const void *data, size_t n);
/* Ends the capture of r->attachments[att] and reads it if it is a
   document: sets its doc_type and doc_pages, adds the reader's warnings
   to r, adds the files a TNEF holds to r->attachments (through
   cfg->sink, and reads them too), and appends a TNEF's body text to
   body (capped by body's cap). NULL-safe (cap NULL: nothing). */
void docs_capture_end(struct docs *d, struct docs_capture *cap,
		      struct report *r, size_t att, struct buf *body);

/* After the mail's own links are in r: adds the links of every document
   read (links_scan, the same rules as the mail's text), each new listing
   marked with its attachment and place, and sets each document's
   doc_evidence and doc_why from its text. NULL-safe. */
void docs_finish(struct docs *d, struct report *r,
		 const struct parser_cfg *cfg);

#endif
