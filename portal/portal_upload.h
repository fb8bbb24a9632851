/* portal/portal_upload.h - reading a posted form (multipart/form-data or
   urlencoded) with libmicrohttpd's post processor: text fields into
   capped buffers, files streamed into anonymous files on the
   attachments' file system while their SHA-256 is computed, so no file
   is ever whole in memory and none has a name on disk until the
   submission is held. The sender's file names are never used. */
#ifndef RG_PORTAL_UPLOAD_H
#define RG_PORTAL_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "store/store.h"

/* The text fields of every portal form (the names are the contract). */
enum portal_field {
	PF_NAME = 0, PF_EMAIL, PF_ORGANISATION, PF_ACTING_AS,
	PF_RIGHTS_HOLDER, PF_RIGHT_TYPE, PF_RIGHT_NUMBER,
	PF_RIGHT_JURISDICTION, PF_LISTINGS, PF_DESCRIPTION, PF_CATEGORY,
	PF_GOOD_FAITH, PF_ACCURACY, PF_CSRF, PF_LANG,
	PF_STATEMENT, PF_CONTACT, PF_VENDOR,	/* the counter-notice form */
	PF_N
};
/* The file fields, each of which may repeat. */
enum portal_file_field {
	PFF_IDENTITY = 0, PFF_AUTHORIZATION, PFF_OWNERSHIP, PFF_EVIDENCE,
	PFF_N
};
/* Returns the form name of a field (static). */
const char *portal_upload_field_name(enum portal_field f);
const char *portal_upload_file_field_name(enum portal_file_field f);

/* One received file. */
struct portal_upload_file {
	enum portal_file_field field;
	int fd;				/* owned: an anonymous file */
	uint64_t size;
	char sha256[65];
	const char *content_type;	/* from its first bytes (static) */
	const char *ext;		/* "pdf", ... (static) */
};

/* A form as read. Plain data once portal_upload_finish returned 0. */
struct portal_upload_result {
	const char *value[PF_N];	/* NULL: absent; borrowed from the
					   reader; UTF-8 without control
					   characters but tab and LF */
	struct portal_upload_file *files;	/* owned by the reader */
	size_t n_files;
};

struct portal_upload;	/* opaque: one body being read */

/* Starts reading the body of the request on c into files made by
   store_att_anon(store): at most max_bytes of body and max_files
   non-empty files. Returns a reader owned by the caller
   (portal_upload_free), or NULL when the Content-Type is not a form. */
struct portal_upload *portal_upload_new(struct MHD_Connection *c,
					struct store *store,
					uint64_t max_bytes, unsigned max_files);
/* Feeds the next n bytes of the body; past a limit nothing more is kept
   (the files written so far are closed at once). */
void portal_upload_feed(struct portal_upload *u, const char *data, size_t n);
/* Returns true once a limit was passed (413) or a file failed (500):
   the rest of the body need not be read. */
bool portal_upload_over(const struct portal_upload *u);
/* Ends the body. Returns 0 with *res filled (borrowed from u), or -1
   with *status_r (413 a limit, 400 a field twice or not text, 500 a
   file could not be written) and *why_r (a static English sentence). */
int portal_upload_finish(struct portal_upload *u,
			 struct portal_upload_result *res, unsigned *status_r,
			 const char **why_r);
/* Closes every file (which vanish: they are anonymous) and frees u;
   NULL-safe; sets *u = NULL. */
void portal_upload_free(struct portal_upload **u);

/* Returns the type and extension of a file whose first bytes are
   head[0..n) (static strings): PDF, PNG, JPEG, GIF, WebP, TIFF, ZIP
   (and the Office formats in it), OLE (old Office), plain UTF-8 text,
   else application/octet-stream "bin". */
void portal_upload_sniff(const unsigned char *head, size_t n,
			 const char **type_r, const char **ext_r);

#endif
