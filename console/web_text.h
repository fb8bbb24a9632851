/* console/web_text.h - reading mail for the case page: where the quoted
   history of a message's text begins, and what an attachment is by its
   first bytes (never by the name or type the mail claims). Pure:
   unit-tested alone. */
#ifndef RG_WEB_TEXT_H
#define RG_WEB_TEXT_H

#include <stddef.h>

/* Returns the offset in text (len bytes) where the quoted history
   begins: the first line that starts with '>', that is an attribution
   ("On ... wrote:", "... 写道："), a separator ("-----Original
   Message-----", a line of underscores), or a forwarded header block
   ("From:" or "发件人：" at the start of a line after a blank line).
   Trailing blank lines before it are left out. Returns len when there
   is none. */
size_t web_text_quote_start(const char *text, size_t len);

/* What the bytes of an attachment are, for showing it in place. */
enum web_sniff {
	SNIFF_OTHER = 0,	/* download only */
	SNIFF_PNG,
	SNIFF_JPEG,
	SNIFF_GIF,
	SNIFF_WEBP,
	SNIFF_PDF,
	SNIFF_TEXT		/* UTF-8 without NUL or other controls
				   than tab, CR, LF, FF */
};
/* Classifies the first n bytes of a file (n may be less than the file;
   text is judged on them, a multi-byte character cut at the end
   allowed). SVG and HTML are text at most: never an image. */
enum web_sniff web_text_sniff(const unsigned char *p, size_t n);
/* Returns the Content-Type for k ("image/png", ..., "text/plain;
   charset=utf-8"), or NULL for SNIFF_OTHER. */
const char *web_text_sniff_type(enum web_sniff k);

#endif
