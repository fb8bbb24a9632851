/* documents/docclass.c - the evidence class of a document from its text.

   Decisions, kept simple on purpose:
   - the text is read in a folded copy: ASCII lower case, runs of white
     space one space, at most DOCCLASS_READ bytes;
   - a hard negative in the title area (the first DOCCLASS_TITLE bytes:
     "invoice", "cease and desist", "brochure", ...) makes it no evidence,
     whatever else it says: such papers quote registration numbers and
     clients' names;
   - a passport or ID data page is recognised by its machine-readable
     zone with right check digits (ICAO 9303 TD3 or TD1) anywhere, or a
     Chinese resident ID number with a right check character next to
     身份证 or 公民身份号码;
   - otherwise a title phrase in the title area decides (a document names
     what it is at its top): power of attorney, 授权委托书, certificate of
     registration, 商标注册证, 营业执照 ... A notarial certificate is
     classed by what it certifies: its title is "notarial certificate",
     so the phrase is looked for in all its text. */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "documents/docclass.h"

#define DOCCLASS_READ (256u * 1024)	/* folded bytes examined */
#define DOCCLASS_TITLE 600		/* bytes of the title area */

struct docclass_phrase {
	const char *text;		/* folded: lower case */
	enum evidence_kind kind;
	const char *why;
};

static const struct docclass_phrase docclass_negative[] = {
	{ "invoice", EVIDENCE_OTHER, "invoice" },
	{ "发票", EVIDENCE_OTHER, "invoice" },
	{ "receipt", EVIDENCE_OTHER, "receipt" },
	{ "cease and desist", EVIDENCE_OTHER, "cease-and-desist letter" },
	{ "cease-and-desist", EVIDENCE_OTHER, "cease-and-desist letter" },
	{ "停止侵权", EVIDENCE_OTHER, "cease-and-desist letter" },
	{ "律师函", EVIDENCE_OTHER, "cease-and-desist letter" },
	{ "brochure", EVIDENCE_OTHER, "brochure" },
	{ "catalogue", EVIDENCE_OTHER, "brochure" },
	{ "product catalog", EVIDENCE_OTHER, "brochure" },
	{ "price list", EVIDENCE_OTHER, "price list" },
	{ "产品手册", EVIDENCE_OTHER, "brochure" },
	{ NULL, EVIDENCE_OTHER, NULL }
};

static const struct docclass_phrase docclass_title[] = {
	{ "power of attorney", EVIDENCE_AUTHORIZATION, "power of attorney" },
	{ "letter of authorization", EVIDENCE_AUTHORIZATION,
	  "letter of authorization" },
	{ "letter of authorisation", EVIDENCE_AUTHORIZATION,
	  "letter of authorization" },
	{ "authorization letter", EVIDENCE_AUTHORIZATION,
	  "letter of authorization" },
	{ "letter of authority", EVIDENCE_AUTHORIZATION,
	  "letter of authorization" },
	{ "授权委托书", EVIDENCE_AUTHORIZATION, "授权委托书" },
	{ "授权书", EVIDENCE_AUTHORIZATION, "授权书" },
	{ "委托书", EVIDENCE_AUTHORIZATION, "委托书" },
	{ "certificate of registration", EVIDENCE_OWNERSHIP,
	  "registration certificate" },
	{ "registration certificate", EVIDENCE_OWNERSHIP,
	  "registration certificate" },
	{ "trademark registration", EVIDENCE_OWNERSHIP,
	  "registration certificate" },
	{ "united states patent and trademark office", EVIDENCE_OWNERSHIP,
	  "registration certificate" },
	{ "certificate of copyright registration", EVIDENCE_OWNERSHIP,
	  "registration certificate" },
	{ "商标注册证", EVIDENCE_OWNERSHIP, "商标注册证" },
	{ "作品登记证书", EVIDENCE_OWNERSHIP, "作品登记证书" },
	{ "专利证书", EVIDENCE_OWNERSHIP, "专利证书" },
	{ "营业执照", EVIDENCE_IDENTITY, "营业执照" },
	{ "business license", EVIDENCE_IDENTITY, "business licence" },
	{ "business licence", EVIDENCE_IDENTITY, "business licence" },
	{ "certificate of incorporation", EVIDENCE_IDENTITY,
	  "certificate of incorporation" },
	{ NULL, EVIDENCE_OTHER, NULL }
};

/* The folded copy of text (see the file comment). Owned by the caller. */
static char *
docclass_fold(const char *text, size_t len, size_t *out_len)
{
	struct buf b;
	bool space = true;

	buf_init(&b, 0);
	for (size_t i = 0; i < len && b.len < DOCCLASS_READ; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			if (!space)
				buf_putc(&b, ' ');
			space = true;
			continue;
		}
		buf_putc(&b, (char)tolower(c));
		space = false;
	}
	*out_len = b.len;
	return buf_take(&b);
}

static const struct docclass_phrase *
docclass_find(const struct docclass_phrase *list, const char *s, size_t len)
{
	for (size_t i = 0; list[i].text != NULL; i++)
		if (memmem(s, len, list[i].text, strlen(list[i].text)) != NULL)
			return &list[i];
	return NULL;
}

/* ICAO 9303 character values: digits, A-Z = 10..35, '<' = 0. */
static int
docclass_mrz_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

/* Whether s[0..n) has the check digit c (weights 7, 3, 1). */
static bool
docclass_mrz_check(const char *s, size_t n, char c)
{
	static const int w[3] = { 7, 3, 1 };
	int sum = 0, want = docclass_mrz_value(c);

	for (size_t i = 0; i < n; i++) {
		int v = docclass_mrz_value(s[i]);

		if (v < 0)
			return false;
		sum += v * w[i % 3];
	}
	return want >= 0 && want <= 9 && sum % 10 == want;
}

/* line[0..len) without spaces into out (at most max); returns the
   length, or 0 when a character outside the MRZ set is met. */
static size_t
docclass_mrz_line(const char *line, size_t len, char *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = line[i];

		if (c == ' ' || c == '\r')
			continue;
		if (docclass_mrz_value(c) < 0 || n == max)
			return 0;
		out[n++] = c;
	}
	return n;
}

bool
docclass_mrz_td3(const char *line, size_t len)
{
	char s[44], comp[44];
	size_t n = docclass_mrz_line(line, len, s, sizeof(s));

	if (n != 44)
		return false;
	if (!docclass_mrz_check(s, 9, s[9]) ||
	    !docclass_mrz_check(s + 13, 6, s[19]) ||
	    !docclass_mrz_check(s + 21, 6, s[27]))
		return false;
	memcpy(comp, s, 10);
	memcpy(comp + 10, s + 13, 7);
	memcpy(comp + 17, s + 21, 22);
	return docclass_mrz_check(comp, 39, s[43]);
}

/* TD1 (ID cards, three lines of 30): l1 and l2 are its first two. */
static bool
docclass_mrz_td1(const char *l1, size_t n1, const char *l2, size_t n2)
{
	char a[30], b[30], comp[60];

	if (docclass_mrz_line(l1, n1, a, 30) != 30 ||
	    docclass_mrz_line(l2, n2, b, 30) != 30 ||
	    (a[0] != 'I' && a[0] != 'A' && a[0] != 'C'))
		return false;
	if (!docclass_mrz_check(a + 5, 9, a[14]) ||
	    !docclass_mrz_check(b, 6, b[6]) ||
	    !docclass_mrz_check(b + 8, 6, b[14]))
		return false;
	memcpy(comp, a + 5, 25);
	memcpy(comp + 25, b, 7);
	memcpy(comp + 32, b + 8, 7);
	memcpy(comp + 39, b + 18, 11);
	return docclass_mrz_check(comp, 50, b[29]);
}

/* Whether the original (unfolded) text holds a valid MRZ. */
static bool
docclass_has_mrz(const char *text, size_t len)
{
	const char *prev = NULL, *p = text, *end = text + len;
	size_t prev_len = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (docclass_mrz_td3(p, n))
			return true;
		if (prev != NULL && docclass_mrz_td1(prev, prev_len, p, n))
			return true;
		prev = p;
		prev_len = n;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* A Chinese resident ID number (17 digits and a check character, ISO
   7064 MOD 11-2) in s[0..len). */
static bool
docclass_has_cn_id(const char *s, size_t len)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
				   5, 8, 4, 2 };

	for (size_t i = 0; i + 18 <= len; i++) {
		int sum = 0;
		size_t k;

		if (i > 0 && isdigit((unsigned char)s[i - 1]))
			continue;
		for (k = 0; k < 17 && isdigit((unsigned char)s[i + k]); k++)
			sum += (s[i + k] - '0') * w[k];
		if (k < 17)
			continue;
		if ("10x98765432"[sum % 11] == s[i + 17] &&
		    (i + 18 == len || !isdigit((unsigned char)s[i + 18])))
			return true;
	}
	return false;
}

enum evidence_kind
docclass_of(const char *text, size_t len, const char **why_r)
{
	const struct docclass_phrase *ph;
	enum evidence_kind k = EVIDENCE_OTHER;
	size_t flen, title;
	char *f;

	*why_r = NULL;
	f = docclass_fold(text, len, &flen);
	title = flen < DOCCLASS_TITLE ? flen : DOCCLASS_TITLE;
	if ((ph = docclass_find(docclass_negative, f, title)) != NULL) {
		*why_r = ph->why;
	} else if (docclass_has_mrz(text, len < DOCCLASS_READ ? len
							      : DOCCLASS_READ)) {
		k = EVIDENCE_IDENTITY;
		*why_r = "passport or ID machine-readable zone";
	} else if ((memmem(f, flen, "身份证", 9) != NULL ||
		    memmem(f, flen, "公民身份号码", 18) != NULL) &&
		   docclass_has_cn_id(f, flen)) {
		k = EVIDENCE_IDENTITY;
		*why_r = "resident ID number";
	} else if ((ph = docclass_find(docclass_title, f, title)) != NULL) {
		k = ph->kind;
		*why_r = ph->why;
	} else if ((memmem(f, title, "notarial certificate", 20) != NULL ||
		    memmem(f, title, "公证书", 9) != NULL) &&
		   (ph = docclass_find(docclass_title, f, flen)) != NULL) {
		k = ph->kind;
		*why_r = ph->why;
	}
	free(f);
	return k;
}
