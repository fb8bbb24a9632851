/* parsers/form.c - reads the report form of SPEC §4.5 from a mail's text:
   "Field: value" lines, labels in any case, in English or Chinese, with
   ':' or the full-width '：', after blanks or a list bullet. */
#define _GNU_SOURCE	/* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/text-int.h"

#define FORM_MAX_VALUE 512	/* bytes kept of one value */
#define FORM_MAX_LISTINGS 1000	/* lines kept under Infringing listings */

static const struct {
	enum form_field field;
	const char *label;	/* ASCII lower case; ' ' = blanks */
} form_labels[] = {
	{ FORM_RIGHTS_HOLDER, "rights holder" },
	{ FORM_RIGHTS_HOLDER, "rightsholder" },
	{ FORM_RIGHTS_HOLDER, "权利人" },
	{ FORM_RIGHTS_HOLDER, "权利人名称" },
	{ FORM_SUBMITTER_NAME, "submitter name" },
	{ FORM_SUBMITTER_NAME, "submitter" },
	{ FORM_SUBMITTER_NAME, "提交人" },
	{ FORM_SUBMITTER_NAME, "提交人姓名" },
	{ FORM_SUBMITTER_NAME, "投诉人" },
	{ FORM_SUBMITTER_ORG, "submitter organization" },
	{ FORM_SUBMITTER_ORG, "submitter organisation" },
	{ FORM_SUBMITTER_ORG, "organization" },
	{ FORM_SUBMITTER_ORG, "organisation" },
	{ FORM_SUBMITTER_ORG, "提交人单位" },
	{ FORM_SUBMITTER_ORG, "提交人机构" },
	{ FORM_SUBMITTER_ORG, "所属机构" },
	{ FORM_SUBMITTER_EMAIL, "submitter email" },
	{ FORM_SUBMITTER_EMAIL, "submitter e-mail" },
	{ FORM_SUBMITTER_EMAIL, "提交人邮箱" },
	{ FORM_RELATIONSHIP, "relationship" },
	{ FORM_RELATIONSHIP, "与权利人关系" },
	{ FORM_RELATIONSHIP, "关系" },
	{ FORM_IP_TYPE, "ip type" },
	{ FORM_IP_TYPE, "type of ip right" },
	{ FORM_IP_TYPE, "知识产权类型" },
	{ FORM_IP_TYPE, "权利类型" },
	{ FORM_REGISTRATION_NUMBER, "registration number" },
	{ FORM_REGISTRATION_NUMBER, "registration no" },
	{ FORM_REGISTRATION_NUMBER, "registration no." },
	{ FORM_REGISTRATION_NUMBER, "注册号" },
	{ FORM_REGISTRATION_NUMBER, "登记号" },
	{ FORM_REGISTRATION_NUMBER, "证书编号" },
	{ FORM_JURISDICTION, "jurisdiction" },
	{ FORM_JURISDICTION, "管辖地" },
	{ FORM_JURISDICTION, "注册地" },
	{ FORM_IDENTITY_PROOF, "identity proof" },
	{ FORM_IDENTITY_PROOF, "proof of identity" },
	{ FORM_IDENTITY_PROOF, "身份证明" },
	{ FORM_AUTHORIZATION, "authorization" },
	{ FORM_AUTHORIZATION, "authorisation" },
	{ FORM_AUTHORIZATION, "授权证明" },
	{ FORM_AUTHORIZATION, "授权书" },
	{ FORM_OWNERSHIP_PROOF, "ownership proof" },
	{ FORM_OWNERSHIP_PROOF, "proof of ownership" },
	{ FORM_OWNERSHIP_PROOF, "权属证明" },
	{ FORM_OWNERSHIP_PROOF, "权利证明" },
	{ FORM_INFRINGING_LISTINGS, "infringing listings" },
	{ FORM_INFRINGING_LISTINGS, "infringing listing" },
	{ FORM_INFRINGING_LISTINGS, "侵权链接" },
	{ FORM_INFRINGING_LISTINGS, "侵权商品链接" },
};

/* Length of the blank (space, tab, U+3000) at s, or 0. */
static size_t
form_blank(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static size_t
form_skip_blanks(const char *s, size_t len, size_t i)
{
	size_t n;

	while (i < len && (n = form_blank(s + i, len - i)) > 0)
		i += n;
	return i;
}

/* Skips leading blanks and one list bullet ("-", "*", "•", "·", "1.",
   "2)") followed by a blank. */
static size_t
form_skip_bullet(const char *s, size_t len)
{
	static const char *const bullets[] = {
		"-", "*", "+", "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x80\x93",
		NULL
	};
	size_t i = form_skip_blanks(s, len, 0), j;

	for (size_t b = 0; bullets[b] != NULL; b++) {
		size_t bl = strlen(bullets[b]);

		if (len - i > bl && memcmp(s + i, bullets[b], bl) == 0 &&
		    form_blank(s + i + bl, len - i - bl) > 0)
			return form_skip_blanks(s, len, i + bl);
	}
	for (j = i; j < len && j - i < 3 && s[j] >= '0' && s[j] <= '9'; j++)
		;
	if (j > i && j + 1 < len && (s[j] == '.' || s[j] == ')') &&
	    form_blank(s + j + 1, len - j - 1) > 0)
		return form_skip_blanks(s, len, j + 1);
	return i;
}

/* Matches label at s[i..len) (case-insensitive, ' ' = one or more
   blanks) followed by blanks and a colon; returns the offset after the
   colon, or 0. */
static size_t
form_match_label(const char *s, size_t len, size_t i, const char *label)
{
	for (const char *l = label; *l != '\0'; l++) {
		if (*l == ' ') {
			size_t j = form_skip_blanks(s, len, i);

			if (j == i)
				return 0;
			i = j;
			continue;
		}
		if (i >= len)
			return 0;
		if (s[i] != *l && !(*l >= 'a' && *l <= 'z' &&
				    s[i] == *l - ('a' - 'A')))
			return 0;
		i++;
	}
	i = form_skip_blanks(s, len, i);
	if (i < len && s[i] == ':')
		return i + 1;
	if (len - i >= 3 && memcmp(s + i, "\xef\xbc\x9a", 3) == 0)
		return i + 3;
	return 0;
}

int
form_field_of_line(const char *line, size_t len, size_t *value_r)
{
	size_t i = form_skip_bullet(line, len);

	for (size_t k = 0; k < sizeof(form_labels) / sizeof(form_labels[0]);
	     k++) {
		size_t v = form_match_label(line, len, i, form_labels[k].label);

		if (v > 0) {
			*value_r = form_skip_blanks(line, len, v);
			return (int)form_labels[k].field;
		}
	}
	return -1;
}

/* Trims s[0..*len) of blanks at both ends. */
static const char *
form_trim(const char *s, size_t *len)
{
	size_t i = form_skip_blanks(s, *len, 0);

	s += i;
	*len -= i;
	while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t' ||
			    s[*len - 1] == '\r'))
		(*len)--;
	while (*len >= 3 && memcmp(s + *len - 3, "\xe3\x80\x80", 3) == 0)
		*len -= 3;
	return s;
}

/* Whether v[0..len) only stands in for a value: bracketed as a whole,
   "n/a", underscores or dashes. */
static bool
form_placeholder(const char *v, size_t len)
{
	static const char *const pairs[][2] = {
		{ "(", ")" }, { "[", "]" }, { "<", ">" }, { "{", "}" },
		{ "\xef\xbc\x88", "\xef\xbc\x89" },	/* （） */
		{ "\xe3\x80\x90", "\xe3\x80\x91" },	/* 【】 */
	};
	bool filler = true;

	if (len == 0)
		return true;
	for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		size_t ol = strlen(pairs[k][0]), cl = strlen(pairs[k][1]);

		if (len >= ol + cl && memcmp(v, pairs[k][0], ol) == 0 &&
		    memcmp(v + len - cl, pairs[k][1], cl) == 0 &&
		    memchr(v + ol, pairs[k][1][0], len - ol - cl) == NULL)
			return true;
	}
	if ((len == 3 && strncasecmp(v, "n/a", 3) == 0) ||
	    (len == 4 && strncasecmp(v, "none", 4) == 0))
		return true;
	for (size_t i = 0; i < len; i++)
		if (v[i] != '_' && v[i] != '-' && v[i] != '.' && v[i] != ' ')
			filler = false;
	return filler;
}

static bool
form_has(const char *v, const char *word)
{
	return strcasestr(v, word) != NULL;
}

/* agent, rights holder, or unknown (both named, as in the blank form's
   "rights holder | agent"). */
static enum acting_as
form_relationship(const char *v)
{
	bool agent = form_has(v, "agent") || form_has(v, "代理") ||
		     form_has(v, "attorney") || form_has(v, "counsel") ||
		     form_has(v, "law firm") || form_has(v, "representative");
	bool holder = form_has(v, "rights holder") ||
		      form_has(v, "rightsholder") ||
		      form_has(v, "right holder") || form_has(v, "owner") ||
		      form_has(v, "proprietor") || form_has(v, "权利人");

	if (agent && holder)
		return strpbrk(v, "|/") != NULL ? ACTING_UNKNOWN : ACTING_AGENT;
	if (agent)
		return ACTING_AGENT;
	if (holder)
		return ACTING_RIGHTS_HOLDER;
	return ACTING_UNKNOWN;
}

static void
form_set(struct form *f, enum form_field field, const char *v, size_t len)
{
	v = form_trim(v, &len);
	if (f->value[field] != NULL || form_placeholder(v, len))
		return;
	f->value[field] = xstrndup(v, len);
	if (len > FORM_MAX_VALUE)
		f->value[field][utf8_prefix(f->value[field],
					    FORM_MAX_VALUE)] = '\0';
}

void
form_read(struct form *f, const char *text)
{
	const char *p = text ? text : "";
	bool in_listings = false;

	memset(f, 0, sizeof(*f));
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), v, tl;
		int field = form_field_of_line(p, len, &v);
		const char *t;

		if (field >= 0) {
			in_listings = field == FORM_INFRINGING_LISTINGS;
			form_set(f, (enum form_field)field, p + v, len - v);
			if (in_listings && f->value[field] != NULL)
				strv_push(&f->listings, f->value[field]);
		} else if (in_listings) {
			tl = len - form_skip_bullet(p, len);
			t = form_trim(p + (len - tl), &tl);
			if (tl == 0)
				in_listings = false;
			else if (f->listings.n < FORM_MAX_LISTINGS)
				strv_push_take(&f->listings, xstrndup(t, tl));
		}
		p = nl ? nl + 1 : p + len;
	}
	if (f->value[FORM_RELATIONSHIP] != NULL)
		f->relationship =
			form_relationship(f->value[FORM_RELATIONSHIP]);
}

void
form_clear(struct form *f)
{
	for (size_t i = 0; i < FORM_N_FIELDS; i++)
		free(f->value[i]);
	strv_free(&f->listings);
	memset(f, 0, sizeof(*f));
}
