/* parsers/mime-gm.h - what the files of the MIME side's GMime half
   (mime.c, mime-charset.c, mime-head.c, mime-part.c, mime-walk.c,
   mime-defuse.c) share. Includes GMime; never included from outside
   these files. */
#ifndef RG_MIME_GM_H
#define RG_MIME_GM_H

#include <stdbool.h>
#include <stdint.h>

#include <gmime/gmime.h>

#include "common/buf.h"
#include "common/report.h"
#include "common/strv.h"
#include "parsers/mime-int.h"

#define MIME_CHUNK 65536
#define MIME_DEC (MIME_CHUNK / 4 * 3 + 3)
/* own_text only decides the first word of a reply */
#define MIME_OWN_MAX 4096
/* bounds for the machine-readable parts of a report */
#define MIME_REPORT_PART_MAX 65536
#define MIME_MAX_REFERENCES 100

/* The state of one parse, from mime_parse() to its end. */
struct mime_ctx {
	const struct parser_cfg *cfg;
	struct report *r;
	struct buf text;	/* all non-quoted text, capped */
	struct buf own;		/* top-level message's own text */
	struct strv hrefs;
	char *chunk;		/* MIME_CHUNK bytes for streaming */
	unsigned char *dec;	/* MIME_DEC bytes: chunk base64-decoded */
	unsigned parts;
	bool forward;		/* the subject says Fw: */
	bool warned_parts, warned_depth, warned_attachments, warned_text;
	uint32_t warned_gmime;	/* bit per GMimeParserWarning code */
	GMimeParserOptions *body_opts;	/* fallback charsets of bodies */
	const char *declared;	/* charset of the first text part, or NULL */
	bool has_feedback_report;
	size_t quoted_lines;	/* lines of quoted earlier mail left out */
	struct docs *docs;	/* attached documents (docs.c), or NULL */
};

/* What the walk carries down the tree. */
struct mime_pos {
	unsigned depth;
	bool top;		/* in the top-level message, not an attached one */
	bool hrefs_only;	/* an HTML alternative of a plain part */
	bool in_dsn;		/* inside multipart/report delivery-status */
};

/* mime-charset.c: the fallback charsets (NULL-terminated, static) of raw
   8-bit headers and of bodies with no or an unknown charset. */
extern const char *mime_header_charsets[];
extern const char *mime_body_charsets[];
/* mime-charset.c: keeps one iconv descriptor for charset open (thread
   safe) so that glibc keeps its conversion module loaded. */
void mime_pin_charset(const char *charset);
/* mime-charset.c: closes what mime_pin_charset() opened. */
void mime_pins_release(void);
/* mime-charset.c: returns a name of charset that iconv knows: GMime's
   name for it, or the name with '_' and '-' swapped, or the one of a
   table of aliases mail uses (koi8_r, x-sjis...); NULL when none is
   known. Static or borrowed from charset. */
const char *mime_charset_name(const char *charset);
/* mime-charset.c: decodes a header value as written in the mail (raw[0..
   len), folded or not) to UTF-8 owned by the caller: adjacent RFC 2047
   encoded words of one charset are decoded word by word and their bytes
   joined before conversion (so '=' padding ends no word early and a
   character split across two words comes out whole); raw 8-bit text is
   read as UTF-8, else as declared (the charset the message's text
   declares; may be NULL), else as the other mime_header_charsets.
   Control characters become spaces; blanks at both ends are trimmed. */
char *mime_decode_header(const char *raw, size_t len, const char *declared);

/* mime-head.c: GMime's warning callback; data is the struct mime_ctx.
   Each code becomes one report warning "mime_<code>: <item>". */
void mime_on_warning(gint64 offset, GMimeParserWarning code,
		     const gchar *item, gpointer data);
/* mime-head.c: returns a copy of s (owned by the caller) as valid UTF-8
   with control characters turned to spaces, or NULL for NULL or "". */
char *mime_clean(const char *s);
/* mime-head.c: returns the raw value (as written, folded, borrowed from
   obj) of obj's last header field called name, or NULL. */
const char *mime_raw_header(GMimeObject *obj, const char *name);
/* mime-head.c: sets *name_r and *addr_r (owned by the caller; name may
   stay NULL; both stay NULL when there is no mailbox) from the first
   mailbox of m's field ("From" or "Reply-To"): GMime's reading, with the
   address and name read from the raw value where GMime loses them. */
void mime_mailbox(GMimeMessage *m, const char *field, const char *declared,
		  char **name_r, char **addr_r);
/* mime-head.c: returns m's Subject decoded (mime_decode_header, owned by
   the caller), or NULL when it has none or an empty one. */
char *mime_subject(GMimeMessage *m, const char *declared);
/* mime-head.c: reads m's header fields into c->r. */
void mime_headers(struct mime_ctx *c, GMimeMessage *m);

/* mime-part.c: returns at most max bytes of part's decoded content as a
   string owned by the caller (for the machine-readable parts of
   reports); *len_r is its length. */
char *mime_read_raw(struct mime_ctx *c, GMimePart *part, size_t max,
		    size_t *len_r);
/* mime-part.c: appends s[0..len) to c->text (and, with own, to c->own
   when it is still empty), within their caps. */
void mime_add_text(struct mime_ctx *c, const char *s, size_t len, bool own);
/* mime-part.c: adds a text/plain or (html) text/html part's non-quoted
   text to c (only its links with hrefs_only). */
void mime_text_part(struct mime_ctx *c, GMimePart *part, bool html,
		    bool top, bool hrefs_only);
/* mime-part.c: hashes part, hands it to the sink and lists it in c->r. */
void mime_attachment(struct mime_ctx *c, GMimePart *part);

/* mime-walk.c: returns true if obj's content type is type/subtype
   ("*" matches any subtype). */
bool mime_type_is(GMimeObject *obj, const char *type, const char *subtype);
/* mime-walk.c: returns the charset parameter of the first text part
   in obj's tree (not inside attached messages; borrowed), or NULL. */
const char *mime_declared_charset(GMimeObject *obj);
/* mime-walk.c: reads obj and everything below it into c. */
void mime_walk(struct mime_ctx *c, GMimeObject *obj, struct mime_pos pos);

/* mime-repair.c: returns the message in s from offset from on as a new
   memory stream (owned by the caller) with CR-only line ends turned to
   LF and, with parts, the empty line put in where a MIME part's header
   block lacks it (each warned in c->r); or NULL (s reset) when it needs
   neither. Without parts it reads only the first 4 KiB. */
GMimeStream *mime_repair(struct mime_ctx *c, GMimeStream *s, gint64 from,
			 bool parts);

/* mime-defuse.c: returns s's bytes from offset from up to to (-1: its
   end) as a new memory stream (owned by the caller) with the colons of
   over-nested address fields blanked, or NULL when no field needs it. */
GMimeStream *mime_defuse_addresses(struct mime_ctx *c, GMimeStream *s,
				   gint64 from, gint64 to);

#endif
