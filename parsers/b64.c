/* parsers/b64.c - a base64 decoder for attachment contents, four input
   characters at a time where the input allows, with the same results as
   the base64 decoder of GMime 3.2 (Debian 12) for any input and any
   chunking (tests/unit/test-b64.c compares the two): characters outside
   the alphabet are skipped, and the first '=' ends the data (a quartet
   cut short there yields its whole bytes; nothing after it counts).
   Attachments are most of a report's bytes, and GMime's one-character
   loop was a fifth of the parse time. No I/O. */
#include <stdint.h>

#include "parsers/mime-int.h"

#define B64_BAD 0xff

/* The value of each byte as a base64 digit, B64_BAD when none. */
static const unsigned char b64_rank[256] = {
#define B64_X B64_BAD
#define B64_ROW16 B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, \
	B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X
	B64_ROW16, B64_ROW16,
	/* ' ' .. '/': only '+' (62) and '/' (63) */
	B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X, B64_X,
	B64_X, B64_X, B64_X, 62, B64_X, B64_X, B64_X, 63,
	/* '0' .. '?' */
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, B64_X, B64_X,
	B64_X, B64_X, B64_X, B64_X,
	/* '@' .. 'O', 'P' .. '_' */
	B64_X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, B64_X, B64_X, B64_X,
	B64_X, B64_X,
	/* '`' .. 'o', 'p' .. DEL */
	B64_X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, B64_X, B64_X, B64_X,
	B64_X, B64_X,
	B64_ROW16, B64_ROW16, B64_ROW16, B64_ROW16,
	B64_ROW16, B64_ROW16, B64_ROW16, B64_ROW16
#undef B64_ROW16
#undef B64_X
};

size_t
b64_decode_step(struct b64_state *st, const unsigned char *in, size_t len,
		unsigned char *out)
{
	const unsigned char *p = in, *end = in + len;
	unsigned char *o = out;
	uint32_t saved = st->saved;
	unsigned n = st->n;

	if (st->done)
		return 0;
	while (p < end) {
		unsigned r;

		if (n == 0) {
			/* whole quartets of digits: the common case */
			while (end - p >= 4) {
				unsigned r0 = b64_rank[p[0]], r1 = b64_rank[p[1]];
				unsigned r2 = b64_rank[p[2]], r3 = b64_rank[p[3]];
				uint32_t v;

				if (((r0 | r1 | r2 | r3) & 0xc0) != 0)
					break;	/* a B64_BAD among them */
				v = r0 << 18 | r1 << 12 | r2 << 6 | r3;
				o[0] = (unsigned char)(v >> 16);
				o[1] = (unsigned char)(v >> 8);
				o[2] = (unsigned char)v;
				o += 3;
				p += 4;
			}
			if (p >= end)
				break;
		}
		/* one character: line ends, junk, a quartet across lines */
		r = b64_rank[*p];
		if (r != B64_BAD) {
			saved = saved << 6 | r;
			if (++n == 4) {
				o[0] = (unsigned char)(saved >> 16);
				o[1] = (unsigned char)(saved >> 8);
				o[2] = (unsigned char)saved;
				o += 3;
				saved = 0;
				n = 0;
			}
		} else if (*p == '=') {
			/* the end: the whole bytes of a partial quartet */
			if (n > 1) {
				saved <<= 6 * (4 - n);
				*o++ = (unsigned char)(saved >> 16);
				if (n > 2)
					*o++ = (unsigned char)(saved >> 8);
			}
			st->done = true;
			break;
		}
		p++;
	}
	st->n = n;
	st->saved = saved;
	return (size_t)(o - out);
}

size_t
b64_decode_end(struct b64_state *st, unsigned char *out)
{
	size_t n = 0;

	if (!st->done && st->n > 1) {
		uint32_t saved = st->saved << 6 * (4 - st->n);

		out[n++] = (unsigned char)(saved >> 16);
		if (st->n > 2)
			out[n++] = (unsigned char)(saved >> 8);
	}
	st->n = 0;
	st->saved = 0;
	st->done = true;
	return n;
}
