/* portal/portal_mime.h - the mail a form becomes: an RFC 5322 message
   with a UTF-8 text part and the uploaded files as base64 attachments,
   written to a file so that the parser and the pipeline read it exactly
   as they read a mail. Nothing here knows libmicrohttpd. */
#ifndef RG_PORTAL_MIME_H
#define RG_PORTAL_MIME_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"

/* One attached file: its bytes are read from fd (offset 0, size bytes;
   the fd stays the caller's). */
struct portal_mime_file {
	const char *name;		/* ours: [a-z0-9.-]+ */
	const char *content_type;	/* type/subtype */
	int fd;
	uint64_t size;
};

/* The message; every string borrowed. The caller has checked them:
   from_addr and to_addr are bare addresses, message_id is
   "portal.HEX@HOST", headers are ASCII lines each ending in CRLF (or
   ""), from_name and subject are UTF-8 without control characters. */
struct portal_mime {
	const char *from_name, *from_addr, *to_addr, *subject;
	const char *message_id;
	time_t date;
	const char *headers;
	const char *body;		/* UTF-8 text, LF line ends */
	const struct portal_mime_file *files;
	size_t n_files;
};

/* Writes m to out_fd (at its current offset). The output depends only on
   m: the boundary comes from the message id, so the same submission
   gives the same bytes (and the same SHA-256) every time. Returns 0, or
   -1 with err set (ERR_TEMP: a read or write failed). */
int portal_mime_write(const struct portal_mime *m, int out_fd,
		      struct err *err);

#endif
