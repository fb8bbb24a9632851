/* parsers/mime-charset.c - the charsets of the MIME side: the fallbacks
   for raw 8-bit headers and for bodies without a known charset, and the
   iconv descriptors kept open so glibc keeps their modules loaded. */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <gmime/gmime.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/mime-gm.h"

/* Fallbacks for raw 8-bit headers: UTF-8, then the Chinese superset
   (raw 8-bit headers here are mostly GBK), then Western. Bodies with no
   or an unknown charset: UTF-8, then Western. GMime 3.2 converts a text
   part to UTF-8 only when its charset= names one iconv knows; otherwise
   g_mime_text_part_get_text returns the raw bytes, which need not be
   UTF-8, so the fallback is ours to do (docs/SPEC.md §4.1). */
const char *mime_header_charsets[] = {
	"UTF-8", "GB18030", "windows-1252", NULL
};
const char *mime_body_charsets[] = { "UTF-8", "windows-1252", NULL };

/* glibc unloads a gconv module when the last descriptor using it is
   closed, and GMime opens and closes one per text part and encoded
   header: mails in a few charsets paid a dlopen and a dlclose per part
   (some 5% of the parse time). One descriptor per charset seen stays
   open until mime_global_shutdown, keeping its module loaded; it is
   never used to convert anything. */
#define MIME_PIN_MAX 32
static struct {
	char *name;		/* iconv's name for the charset */
	iconv_t cd;		/* (iconv_t)-1 when iconv has none */
} mime_pins[MIME_PIN_MAX];
static size_t mime_n_pins;
static pthread_mutex_t mime_pin_lock = PTHREAD_MUTEX_INITIALIZER;

void
mime_pin_charset(const char *charset)
{
	const char *name = g_mime_charset_iconv_name(charset);
	size_t i;

	if (name == NULL)
		return;
	pthread_mutex_lock(&mime_pin_lock);
	for (i = 0; i < mime_n_pins; i++)
		if (strcmp(mime_pins[i].name, name) == 0)
			break;
	if (i == mime_n_pins && i < MIME_PIN_MAX) {
		mime_pins[i].name = xstrdup(name);
		mime_pins[i].cd = iconv_open("UTF-8", name);
		mime_n_pins++;
	}
	pthread_mutex_unlock(&mime_pin_lock);
}

void
mime_pins_release(void)
{
	pthread_mutex_lock(&mime_pin_lock);
	for (size_t i = 0; i < mime_n_pins; i++) {
		if (mime_pins[i].cd != (iconv_t)-1)
			iconv_close(mime_pins[i].cd);
		free(mime_pins[i].name);
	}
	mime_n_pins = 0;
	pthread_mutex_unlock(&mime_pin_lock);
}

/* Names mail uses that neither GMime nor iconv know as written. */
static const struct {
	const char *alias, *name;
} mime_charset_aliases[] = {
	{ "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601", "CP949" },
	{ "x-sjis", "SHIFT_JIS" },
	{ "x-gbk", "GBK" },
	{ "x-mac-roman", "MACINTOSH" },
	{ "x-euc-tw", "EUC-TW" },
	{ "utf8", "UTF-8" },
	{ NULL, NULL }
};

/* Whether iconv converts from name to UTF-8. */
static bool
mime_iconv_knows(const char *name)
{
	/* GMime's cache of descriptors: no gconv lookup once it has one */
	iconv_t cd = g_mime_iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return false;
	g_mime_iconv_close(cd);
	return true;
}

const char *
mime_charset_name(const char *charset)
{
	static __thread char swapped[64];
	const char *name;
	size_t n;

	if (charset == NULL || *charset == '\0')
		return NULL;
	for (int i = 0; mime_charset_aliases[i].alias != NULL; i++)
		if (g_ascii_strcasecmp(charset,
				       mime_charset_aliases[i].alias) == 0)
			return mime_charset_aliases[i].name;
	name = g_mime_charset_iconv_name(charset);
	if (name != NULL && mime_iconv_knows(name))
		return name;
	n = strlen(charset);
	if (n >= sizeof(swapped))
		return NULL;
	for (size_t i = 0; i <= n; i++)
		swapped[i] = charset[i] == '_' ? '-' :
			     charset[i] == '-' ? '_' : charset[i];
	return mime_iconv_knows(swapped) ? swapped : NULL;
}

/* Converts in[0..len) from charset to UTF-8, appending to out. Strict:
   returns false (out unchanged) when the charset is unknown or the
   bytes are no text in it. Lenient: a byte that is no text becomes
   U+FFFD, and only an unknown charset returns false. ISO-8859-1 is read
   as windows-1252, its superset for every printable character (mail
   labelled Latin-1 is written in it). */
static bool
mime_convert(const char *charset, const char *in, size_t len, bool lenient,
	     struct buf *out)
{
	const char *name;
	iconv_t cd;
	char *src = (char *)(uintptr_t)in, *dst, *tmp;
	size_t left = len, cap = len * 4 + 16, room = cap;
	bool ok = true;

	if (g_ascii_strcasecmp(charset, "UTF-8") == 0 ||
	    g_ascii_strcasecmp(charset, "us-ascii") == 0) {
		if (utf8_valid(in, len)) {
			buf_append(out, in, len);
			return true;
		}
		if (!lenient)
			return false;
		tmp = utf8_sanitize(in, len);
		buf_puts(out, tmp);
		free(tmp);
		return true;
	}
	name = mime_charset_name(charset);
	if (name == NULL)
		return false;
	if (g_ascii_strcasecmp(name, "ISO-8859-1") == 0 ||
	    g_ascii_strcasecmp(name, "ISO_8859-1") == 0)
		name = "WINDOWS-1252";
	mime_pin_charset(name);
	cd = g_mime_iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv(cd, NULL, NULL, NULL, NULL);	/* a cached one: reset */
	tmp = dst = xmalloc(cap);
	while (left > 0) {
		if (iconv(cd, &src, &left, &dst, &room) != (size_t)-1)
			break;
		if (!lenient || errno == E2BIG || room < 3) {
			ok = false;
			break;
		}
		/* EILSEQ, EINVAL: one byte skipped, U+FFFD in its place */
		memcpy(dst, "\xef\xbf\xbd", 3);
		dst += 3;
		room -= 3;
		src++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	if (ok && iconv(cd, NULL, NULL, &dst, &room) == (size_t)-1)
		ok = lenient;
	g_mime_iconv_close(cd);
	if (ok)
		buf_append(out, tmp, cap - room);
	free(tmp);
	return ok;
}

/* Appends raw header text in[0..len) (not encoded words) to out: as
   UTF-8, else declared, else the other header fallbacks, else with
   what is no UTF-8 replaced. */
static void
mime_raw_text(const char *in, size_t len, const char *declared,
	      struct buf *out)
{
	char *s;

	if (utf8_valid(in, len)) {
		buf_append(out, in, len);
		return;
	}
	if (declared != NULL && mime_convert(declared, in, len, false, out))
		return;
	for (int i = 1; mime_header_charsets[i] != NULL; i++)
		if (mime_convert(mime_header_charsets[i], in, len, false,
				 out))
			return;
	s = utf8_sanitize(in, len);
	buf_puts(out, s);
	free(s);
}

/* One RFC 2047 encoded word at p: "=?charset[*lang]?B|Q?text?=". */
struct mime_word {
	const char *cs;		/* charset, cs_len bytes */
	size_t cs_len;
	char enc;		/* 'B' or 'Q' */
	const char *text;	/* text_len bytes */
	size_t text_len;
	size_t len;		/* of the whole word */
};

/* Reads the encoded word at p[0..end). Returns true if it is one. */
static bool
mime_word_at(const char *p, const char *end, struct mime_word *w)
{
	const char *q, *e;

	if (end - p < 8 || p[0] != '=' || p[1] != '?')
		return false;
	q = memchr(p + 2, '?', (size_t)(end - p - 2));
	if (q == NULL || q == p + 2 || end - q < 4 || q[2] != '?' ||
	    strchr("BbQq", q[1]) == NULL || q[1] == '\0')
		return false;
	w->cs = p + 2;
	w->cs_len = (size_t)(q - w->cs);
	if (memchr(w->cs, '*', w->cs_len) != NULL)	/* RFC 2231 language */
		w->cs_len = (size_t)((const char *)memchr(w->cs, '*',
							 w->cs_len) - w->cs);
	w->enc = (char)g_ascii_toupper(q[1]);
	w->text = q + 3;
	for (e = w->text; e + 1 < end; e++) {
		if (e[0] == '?' && e[1] == '=')
			break;
		if (*e == ' ' || *e == '\t' || *e == '\n' || *e == '\r')
			return false;
	}
	if (e + 1 >= end || w->cs_len == 0 || w->cs_len > 40)
		return false;
	w->text_len = (size_t)(e - w->text);
	w->len = (size_t)(e + 2 - p);
	return true;
}

/* Appends the bytes w encodes to out: base64 by itself (padding or not),
   or Q ('_' a space, =XX a byte). */
static void
mime_word_bytes(const struct mime_word *w, struct buf *out)
{
	if (w->enc == 'B') {
		struct b64_state st = { 0, 0, false };
		unsigned char *dec = xmalloc(w->text_len / 4 * 3 + 6);
		size_t n = b64_decode_step(&st, (const unsigned char *)w->text,
					   w->text_len, dec);

		n += b64_decode_end(&st, dec + n);
		buf_append(out, dec, n);
		free(dec);
		return;
	}
	for (size_t i = 0; i < w->text_len; i++) {
		char ch = w->text[i];

		if (ch == '_') {
			ch = ' ';
		} else if (ch == '=' && i + 2 < w->text_len &&
			   g_ascii_isxdigit(w->text[i + 1]) &&
			   g_ascii_isxdigit(w->text[i + 2])) {
			ch = (char)(g_ascii_xdigit_value(w->text[i + 1]) << 4 |
				    g_ascii_xdigit_value(w->text[i + 2]));
			i += 2;
		}
		buf_putc(out, ch);
	}
}

/* Converts the joined bytes of a run of encoded words in charset cs to
   UTF-8 onto out, and empties run. */
static void
mime_flush_run(struct buf *run, const char *cs, const char *declared,
	       struct buf *out)
{
	/* the charset the words name, else as if they were raw text */
	if (run->len > 0 && !mime_convert(cs, run->data, run->len, false, out) &&
	    !mime_convert(cs, run->data, run->len, true, out))
		mime_raw_text(run->data, run->len, declared, out);
	buf_reset(run);
}

char *
mime_decode_header(const char *raw, size_t len, const char *declared)
{
	const char *p = raw, *end = raw + len, *lit = raw;
	struct buf out, run;
	char cs[41] = "";
	bool prev_word = false;
	char *s;
	size_t i, n;

	buf_init(&out, 0);
	buf_init(&run, 0);
	while (p < end) {
		struct mime_word w;
		const char *gap;

		if (*p != '=' || !mime_word_at(p, end, &w)) {
			p++;
			continue;
		}
		/* literal text before the word: only blanks between two
		   words are dropped (RFC 2047 6.2) */
		for (gap = lit; gap < p && strchr(" \t\r\n", *gap) != NULL;
		     gap++)
			;
		if (!prev_word || gap < p ||
		    g_ascii_strncasecmp(cs, w.cs, w.cs_len) != 0 ||
		    cs[w.cs_len] != '\0') {
			mime_flush_run(&run, cs, declared, &out);
			if (!prev_word || gap < p)
				mime_raw_text(lit, (size_t)(p - lit), declared,
					      &out);
			memcpy(cs, w.cs, w.cs_len);
			cs[w.cs_len] = '\0';
		}
		mime_word_bytes(&w, &run);
		p += w.len;
		lit = p;
		prev_word = true;
	}
	mime_flush_run(&run, cs, declared, &out);
	if (lit < end)
		mime_raw_text(lit, (size_t)(end - lit), declared, &out);
	buf_free(&run);
	s = buf_take(&out);
	if (s == NULL)
		return xstrdup("");
	/* unfold, blank control characters, trim */
	for (i = 0, n = 0; s[i] != '\0'; i++) {
		char ch = s[i];

		if (ch == '\r' || ch == '\n') {
			if (s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\r'
			    || s[i + 1] == '\n')
				continue;
			ch = ' ';
		}
		if ((unsigned char)ch < 0x20 || ch == 0x7f)
			ch = ' ';
		if (ch == ' ' && n == 0)
			continue;
		s[n++] = ch;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	s[n] = '\0';
	return s;
}
