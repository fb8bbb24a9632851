/* documents/charset.c - the legacy encoding of a plain text or CSV file
   that is not UTF-8: GBK (read as GB18030, its superset), Big5 or
   Shift_JIS (read as Windows-932, its superset), told apart by their byte
   statistics, and converted to UTF-8 with iconv. Runs in the sandboxed
   child.

   glibc's iconv loads each converter as a module (gconv, a shared
   object) when it is first opened, which the sealed child cannot do:
   charset_open() opens the three converters before the sandbox is
   sealed, and charset_to_utf8() only uses them (iconv() itself makes no
   system call). */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "common/utf8.h"
#include "documents/doc-int.h"

/* The encodings read, in the order they are tried after the guess. */
static const char *const charset_iconv[] = { "GB18030", "BIG5", "CP932" };
static const char *const charset_names[] = { "GBK", "Big5", "Shift_JIS" };
#define CHARSET_N 3
static iconv_t charset_cd[CHARSET_N];
static bool charset_opened;

int
charset_open(void)
{
	int ok = 0;

	if (charset_opened)
		return 0;
	for (int i = 0; i < CHARSET_N; i++) {
		charset_cd[i] = iconv_open("UTF-8", charset_iconv[i]);
		if (charset_cd[i] != (iconv_t)-1)
			ok++;
	}
	charset_opened = true;
	return ok == CHARSET_N ? 0 : -1;
}

/* Byte statistics of d[0..len) read as each encoding: whether its byte
   structure is valid, and how many two-byte characters have the marks of
   that encoding. */
struct charset_stats {
	bool gbk_ok, big5_ok, sjis_ok;
	size_t gbk_pairs, gbk_core;	/* GB2312's hanzi: B0-F7, A1-FE */
	size_t big5_pairs, big5_low;	/* Big5 trail bytes 40-7E */
	size_t sjis_pairs, sjis_kana, sjis_low_lead; /* kana; leads 81-9F */
};

static void
charset_count(const unsigned char *d, size_t len, struct charset_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->gbk_ok = s->big5_ok = s->sjis_ok = true;
	/* GBK: lead 81-FE, trail 40-7E or 80-FE */
	for (size_t i = 0; i < len && s->gbk_ok; i++) {
		if (d[i] < 0x80)
			continue;
		if (d[i] == 0x80 || d[i] == 0xff || i + 1 >= len ||
		    d[i + 1] < 0x40 || d[i + 1] == 0x7f || d[i + 1] == 0xff) {
			s->gbk_ok = false;
			break;
		}
		s->gbk_pairs++;
		if (d[i] >= 0xb0 && d[i] <= 0xf7 && d[i + 1] >= 0xa1)
			s->gbk_core++;
		i++;
	}
	/* Big5: lead A1-F9, trail 40-7E or A1-FE */
	for (size_t i = 0; i < len && s->big5_ok; i++) {
		if (d[i] < 0x80)
			continue;
		if (d[i] < 0xa1 || d[i] > 0xf9 || i + 1 >= len ||
		    !((d[i + 1] >= 0x40 && d[i + 1] <= 0x7e) ||
		      (d[i + 1] >= 0xa1 && d[i + 1] <= 0xfe))) {
			s->big5_ok = false;
			break;
		}
		s->big5_pairs++;
		if (d[i + 1] <= 0x7e)
			s->big5_low++;
		i++;
	}
	/* Shift_JIS: A1-DF one byte (half-width kana); lead 81-9F or E0-FC,
	   trail 40-7E or 80-FC */
	for (size_t i = 0; i < len && s->sjis_ok; i++) {
		unsigned char c = d[i], t;

		if (c < 0x80 || (c >= 0xa1 && c <= 0xdf))
			continue;
		t = i + 1 < len ? d[i + 1] : 0;
		if (!((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) ||
		    t < 0x40 || t == 0x7f || t > 0xfc) {
			s->sjis_ok = false;
			break;
		}
		s->sjis_pairs++;
		if ((c == 0x82 && t >= 0x9f && t <= 0xf1) ||
		    (c == 0x83 && t >= 0x40 && t <= 0x96))
			s->sjis_kana++;
		if (c <= 0x9f)
			s->sjis_low_lead++;
		i++;
	}
}

/* The index in charset_iconv of the likeliest encoding, or -1. Kana
   (82 9F-F1, 83 40-96) or mostly lead bytes 81-9F are Shift_JIS's marks
   (GB2312's hanzi, the bulk of GBK text, have leads B0-F7); trail bytes
   40-7E in a tenth of the characters are Big5's (GB2312 text has trail
   bytes A1-FE only); else GBK. */
static int
charset_guess(const struct charset_stats *s)
{
	if (s->sjis_ok && s->sjis_pairs > 0 &&
	    (s->sjis_kana * 10 >= s->sjis_pairs ||
	     s->sjis_low_lead * 2 >= s->sjis_pairs))
		return 2;
	if (s->big5_ok && s->big5_pairs > 0 &&
	    s->big5_low * 10 >= s->big5_pairs)
		return 1;
	if (s->gbk_ok && s->gbk_pairs > 0)
		return 0;
	if (s->big5_ok && s->big5_pairs > 0)
		return 1;
	if (s->sjis_ok && s->sjis_pairs > 0)
		return 2;
	return -1;
}

/* Converts d[0..len) with cd into out; returns 0, or -1 when d is not
   text in that encoding (out is then undefined). */
static int
charset_convert(iconv_t cd, const unsigned char *d, size_t len,
		struct buf *out)
{
	char *in = (char *)(uintptr_t)d;
	size_t left = len;
	char tmp[8192];

	iconv(cd, NULL, NULL, NULL, NULL);
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof(tmp);
		size_t r = iconv(cd, &in, &left, &o, &room);

		buf_append(out, tmp, sizeof(tmp) - room);
		if (r == (size_t)-1 && errno != E2BIG)
			return -1;
	}
	return 0;
}

const char *
charset_to_utf8(const unsigned char *d, size_t len, struct buf *out)
{
	struct charset_stats s;
	int first;

	if (utf8_valid((const char *)d, len) || !charset_opened)
		return NULL;
	charset_count(d, len, &s);
	first = charset_guess(&s);
	if (first < 0)
		return NULL;
	for (int k = 0; k < CHARSET_N; k++) {
		int i = (first + k) % CHARSET_N;

		if (charset_cd[i] == (iconv_t)-1)
			continue;
		buf_reset(out);
		if (charset_convert(charset_cd[i], d, len, out) == 0)
			return charset_names[i];
	}
	buf_reset(out);
	return NULL;
}
