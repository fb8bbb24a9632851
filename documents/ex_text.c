/* documents/ex_text.c - plain text and CSV: the text as it is (UTF-16
   with a byte order mark becomes UTF-8; a UTF-8 byte order mark is
   dropped; GBK, Big5 and Shift_JIS become UTF-8, charset.c); a CSV's
   fields are separated by tabs, its quotes removed, so a link in a field
   ends with its field. Runs in the sandboxed child. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "documents/doc-int.h"

/* Appends code point c as UTF-8. */
static void
ex_text_put_cp(struct buf *b, unsigned long c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	buf_append(b, u, n);
}

void
ex_text_utf16(const unsigned char *d, size_t len, bool be, struct buf *b)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		unsigned long c = be ? (d[i] << 8 | d[i + 1])
				     : (d[i + 1] << 8 | d[i]);

		if (c >= 0xd800 && c < 0xdc00 && i + 3 < len) {
			unsigned long lo = be ? (d[i + 2] << 8 | d[i + 3])
					      : (d[i + 3] << 8 | d[i + 2]);

			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
		}
		ex_text_put_cp(b, c);
	}
}

/* CSV fields separated by tabs, quotes removed ("" is one quote). */
static void
ex_text_csv(const char *s, size_t len, struct buf *out)
{
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '"') {
			if (quoted && i + 1 < len && s[i + 1] == '"') {
				buf_putc(out, '"');
				i++;
			} else {
				quoted = !quoted;
			}
		} else if (!quoted && (c == ',' || c == ';')) {
			buf_putc(out, '\t');
		} else {
			buf_putc(out, c);
		}
	}
}

int
ex_text(struct doc_ctx *x, const unsigned char *data, size_t len,
	enum doc_type type)
{
	struct buf u, out;

	buf_init(&u, 0);
	buf_init(&out, 0);
	if (len >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 ||
			 memcmp(data, "\xfe\xff", 2) == 0))
		ex_text_utf16(data + 2, len - 2, data[0] == 0xfe, &u);
	else if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		buf_append(&u, data + 3, len - 3);
	else if (charset_to_utf8(data, len, &u) == NULL)
		buf_append(&u, data, len);
	wire_page(x);
	if (type == DOC_CSV) {
		ex_text_csv(u.data ? u.data : "", u.len, &out);
		wire_text(x, "", out.data ? out.data : "", out.len);
	} else {
		wire_text(x, "", u.data ? u.data : "", u.len);
	}
	buf_free(&u);
	buf_free(&out);
	return 0;
}
