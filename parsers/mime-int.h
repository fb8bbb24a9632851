/* parsers/mime-int.h - internal interfaces of the MIME side of the parser
   (parser.c, mime.c, html.c, quote.c, kind.c, dsn.c). No GLib or GMime
   type appears here; never included from outside parsers/. */
#ifndef RG_MIME_INT_H
#define RG_MIME_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/report.h"
#include "common/strv.h"
#include "parsers/parser.h"

/* mime.c: parses one message and fills r. With fd >= 0 the message is
   read from the regular file fd from its current offset (size bytes; the
   fd stays open and owned by the caller); else from data[0..size)
   (borrowed, not copied). size is the message's full size even when the
   file holds only its first cfg->max_message_bytes. Never fails: problems
   become warnings in r. */
void mime_parse(int fd, const void *data, uint64_t size,
		const struct parser_cfg *cfg, struct report *r);
/* mime.c: initialises and shuts down GMime (parser_global_*). */
void mime_global_init(void);
void mime_global_shutdown(void);

/* mimebound.c: counts the MIME structure of a message on its raw bytes,
   fed in order from its first header line, so that GMime is given only
   the bytes before the first limit: parts (header blocks, the message's
   own included) over max_parts, nesting (multiparts and attached
   messages) over max_depth, or all header blocks together over
   max_header_bytes. Memory is fixed by the limits. */
enum mimebound_hit {
	MIMEBOUND_NONE = 0,
	MIMEBOUND_PARTS,
	MIMEBOUND_DEPTH,
	MIMEBOUND_HEADERS
};
struct mimebound;
/* Returns a new scan owned by the caller (mimebound_free). */
struct mimebound *mimebound_new(unsigned max_parts, unsigned max_depth,
				uint64_t max_header_bytes);
/* Feeds the next n bytes (borrowed). Returns MIMEBOUND_NONE while within
   the limits; else the limit hit, with *cut_r the offset (from the first
   byte fed) of the line where it was hit; later calls return the same. */
enum mimebound_hit mimebound_feed(struct mimebound *b, const char *data,
				  size_t n, uint64_t *cut_r);
/* Frees *b; NULL-safe; sets *b = NULL. */
void mimebound_free(struct mimebound **b);

/* b64.c: the state of a base64 decoding between chunks; all zero at the
   start of a part. */
struct b64_state {
	unsigned n;		/* digits held in saved (0-3) */
	uint32_t saved;
	bool done;		/* a '=' ended the data */
};
/* b64.c: decodes in[0..len), the next chunk of a part's base64 text,
   into out, which has room for len / 4 * 3 + 3 bytes. Returns the bytes
   written. Exactly what GMime's base64 decoder gives for the same chunks:
   junk skipped, the first '=' ends the data. */
size_t b64_decode_step(struct b64_state *st, const unsigned char *in,
		       size_t len, unsigned char *out);
/* b64.c: ends the data of st: the whole bytes of a last quartet that
   lost its '=' padding (two or three digits) go to out (room for 2).
   Returns the bytes written (0 when a '=' ended the data). */
size_t b64_decode_end(struct b64_state *st, unsigned char *out);

/* quote.c: returns true if line[0..len) is an inline-forward marker
   ("---------- Forwarded message ---------", "Begin forwarded message:",
   "-------- Forwarded Message --------", 转发的邮件 ...). */
bool quote_is_forward_marker(const char *line, size_t len);
/* quote.c: returns true if subject starts with a forward prefix (Fw:,
   Fwd:, WG:, TR:, 转发:). */
bool quote_subject_is_forward(const char *subject);
/* quote.c: appends to out (uncapped by this function; out's cap applies)
   the lines of text[0..len) that are not quoted: ">" lines are dropped,
   an "On ... wrote:" / "... 写道：" attribution followed by ">" lines is
   dropped, and everything from any other quote marker on ("On ... wrote:"
   followed by unquoted text, "-----Original Message-----", 原始邮件,
   "From: ... Sent: ..." / "发件人: ... 发送时间: ..." blocks) is quoted.
   With forward = true (the subject says Fw:) Outlook separators and
   header blocks introduce forwarded text, which counts. Inline forwards
   always count. Returns the offset in text where the trailing quoted
   section starts (len if there is none). */
size_t quote_strip(const char *text, size_t len, bool forward,
		   struct buf *out);

/* html.c: what html_extract() finds in one HTML part. */
struct html_doc {
	struct buf text;	/* displayed text, block elements end lines */
	struct strv hrefs;	/* href of each anchor outside blockquote */
	size_t *href_at;	/* offset in text where each href appeared */
};
/* html.c: parses html[0..len) (UTF-8) with libxml2's recovering HTML
   parser and fills doc (initialised here; free with html_doc_free): the
   displayed text without <head>, <script>, <style> and <blockquote>
   (unless the blockquote follows an inline-forward marker), at most
   max_text bytes, and at most max_hrefs anchors. */
void html_extract(const char *html, size_t len, size_t max_text,
		  unsigned max_hrefs, struct html_doc *doc);
/* html.c: frees what doc owns; doc is left empty. */
void html_doc_free(struct html_doc *doc);
/* html.c: libxml2 global init/cleanup (parser_global_*). */
void html_global_init(void);
void html_global_shutdown(void);

/* kind.c: the facts about one message that decide its kind (SPEC §2, §3).
   Header values are decoded UTF-8 or NULL when absent; everything is
   borrowed. */
struct kind_input {
	const char *subject;
	const char *own_text;	/* top-level message's own non-quoted text */
	const char *text;	/* all non-quoted text (forwards included) */
	const char *from_address;
	const char *return_path;	/* raw header value, NULL if absent */
	const char *auto_submitted;
	const char *x_autoreply;	/* X-Autoreply or X-Autorespond */
	const char *precedence;
	const char *list_id;
	const char *report_type;	/* report-type of a top multipart/report */
	bool has_feedback_report;	/* a message/feedback-report part */
};
/* kind.c: sets r->kind, r->case_ref, r->decision, r->auto_submitted and
   r->is_list from in, r->references and r->stream. */
void kind_decide(struct report *r, const struct kind_input *in,
		 const struct parser_cfg *cfg);
/* authres.c: reads one Authentication-Results value by its grammar
   (RFC 8601 2.2: comments and quoted strings are skipped, never read as
   results). Returns 0 when value is NULL or its authserv-id is not
   authserv (compared case-insensitively). Else returns 1 with the result
   of its first dmarc resinfo in *result_r and that resinfo's header.from
   in *from_r (both lower case, owned by the caller, NULL when absent). */
int authres_dmarc(const char *value, const char *authserv, char **result_r,
		  char **from_r);

/* dsn.c: reads the fields of a message/delivery-status body (RFC 3464):
   adds each Final-Recipient (else Original-Recipient) address to
   r->bounced_recipients, sets r->bounce_status from the first Status and
   r->bounced_message_id from an X-Original-Message-ID or
   Original-Message-ID field when none is set yet. */
void dsn_read_status(struct report *r, const char *text, size_t len);
/* dsn.c: returns the Message-ID (without <>) of a header block such as a
   text/rfc822-headers part, owned by the caller, or NULL. Also accepts
   X-Original-Message-ID and Original-Message-ID. */
char *dsn_header_message_id(const char *text, size_t len);

#endif
