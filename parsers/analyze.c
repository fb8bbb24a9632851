/* parsers/analyze.c - what a report's text says (SPEC §4): the form's
   fields, who the submitter acts as, the class of each attachment, the
   evidence bits, an abuse report's category and description, and the
   language; then what is missing.

   Decisions, kept simple on purpose:
   - "free text" is the text without form field lines and without the
     signature (from a "-- " line on); acting_as phrases, the category
     and the description are read from it.
   - acting_as: the form's Relationship wins; else any agent phrase; else
     any rights_holder phrase; else unknown (warned for ip_report only).
   - submitter name and email default to From; the rights holder of a
     rights holder acting for itself defaults to its organization.
   - description: at least 20 bytes of visible free text outside links
     (so about 7 Chinese characters or a short English sentence).
   - category (abuse_report only): the first family in the order of
     SPEC §4.6 with a phrase in the subject or free text, else other.
   - lang: "zh" when the subject and free text outside links hold at
     least 3 CJK ideographs and 4 x ideographs >= ASCII letters. */
#define _GNU_SOURCE	/* strcasestr */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/parser-int.h"
#include "parsers/text-int.h"

#define ANALYZE_BODY_MAX (64 * 1024)	/* bytes of r->body_text */
#define ANALYZE_DESCRIPTION_MIN 20	/* non-blank bytes beyond links */
#define ANALYZE_ZH_MIN 3		/* ideographs for "zh" at all */
#define ANALYZE_ZH_RATIO 4		/* an ideograph outweighs 4 letters */

static void
analyze_set(char **field, const char *value)
{
	if (*field == NULL && value != NULL && value[0] != '\0')
		*field = xstrdup(value);
}

/* Whether line[0..len) is the signature separator "-- " (or "--"). */
static bool
analyze_is_sig(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	return len == 2 && line[0] == '-' && line[1] == '-';
}

/* The free text of text: without form field lines and without the
   signature (from a "-- " line on). Owned by the caller. */
static char *
analyze_free_text(const char *text)
{
	struct buf b;

	buf_init(&b, 0);
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), v;

		if (analyze_is_sig(p, len))
			break;
		if (form_field_of_line(p, len, &v) < 0) {
			buf_append(&b, p, len);
			buf_putc(&b, '\n');
		}
		p = nl ? nl + 1 : p + len;
	}
	return buf_take(&b);
}

static const char *
analyze_ip_type(const char *v)
{
	if (strcasestr(v, "trade") || strcasestr(v, "mark") ||
	    strstr(v, "商标"))
		return "trademark";
	if (strcasestr(v, "copy") || strstr(v, "著作") || strstr(v, "版权"))
		return "copyright";
	if (strcasestr(v, "patent") || strstr(v, "专利"))
		return "patent";
	return "other";
}

/* The one IP type the text names, or "other" when none or several. */
static const char *
analyze_ip_type_of_text(const char *text)
{
	static const char *const types[] = { "trademark", "copyright",
					     "patent" };
	static const char *const words[][3] = {
		{ "trademark", "trade mark", "商标" },
		{ "copyright", "著作权", "版权" },
		{ "patent", "专利", NULL },
	};
	const char *found = NULL;

	for (size_t t = 0; t < 3; t++)
		for (size_t w = 0; w < 3 && words[t][w] != NULL; w++)
			if (strcasestr(text, words[t][w]) != NULL) {
				if (found != NULL && found != types[t])
					return "other";
				found = types[t];
			}
	return found ? found : "other";
}

static void
analyze_people(struct report *r, const struct form *f)
{
	const char *email = f->value[FORM_SUBMITTER_EMAIL];

	analyze_set(&r->submitter_name, f->value[FORM_SUBMITTER_NAME]);
	analyze_set(&r->submitter_name, r->from_name);
	if (email != NULL && strchr(email, '@') != NULL &&
	    strpbrk(email, " \t<>\"") == NULL)
		analyze_set(&r->submitter_email, email);
	analyze_set(&r->submitter_email, r->from_address);
	analyze_set(&r->submitter_org, f->value[FORM_SUBMITTER_ORG]);
	analyze_set(&r->rights_holder, f->value[FORM_RIGHTS_HOLDER]);
}

/* Free text such as "trademark registration no. US 5551234" or
   "商标注册号：第12345678号". Group 1: the right; the last group: the
   number; "US " before it (group 3 of the English pattern): jurisdiction.
   Letters are matched in their written case, never REG_ICASE, so "is"
   is no country code. */
#define ANALYZE_RIGHT_EN \
	"([Tt]rade ?[Mm]ark|TRADE ?MARK|[Cc]opyright|COPYRIGHT|[Pp]atent|" \
	"PATENT)[^.\n]{0,40}([Rr]egistration|REGISTRATION|[Rr]eg\\.|" \
	"[Aa]pplication|[Cc]ertificate)( |[Nn]o\\.?|[Nn]umber|NO\\.?|#|:)*" \
	"(([A-Z]{2}) ?)?([0-9][0-9,/ -]{3,}[0-9])"
#define ANALYZE_RIGHT_ZH \
	"(商标|著作权|版权|专利)[^\n]{0,30}(注册号|登记号|证书号|专利号)" \
	"( |:|：)*(第?[0-9A-Z]{5,}号?)"

/* Where a right's number may be written: the pattern only ever matches
   within this many bytes of the word naming the right, so it runs on that
   window after each such word instead of over the whole text (glibc's
   regexec on megabytes of UTF-8 dominated the parse time). */
#define ANALYZE_RIGHT_WINDOW 192
#define ANALYZE_RIGHT_MAX_HITS 16

#define ANALYZE_MAX_WORDS 4

/* Returns the offset of the next word of words (ASCII case folded; at
   most ANALYZE_MAX_WORDS) in text at or after from, or -1. next[] keeps
   each word's next offset between calls of one scan (-2: not looked for
   yet, -1: no more), with from never decreasing: a word is searched again
   only once passed, so the text is read once per word, not once per
   try. */
static long
analyze_next_word(const char *text, size_t from, const char *const *words,
		  long *next)
{
	long best = -1;
	const char *p;

	for (size_t i = 0; words[i] != NULL && i < ANALYZE_MAX_WORDS; i++) {
		if (next[i] == -2 || (next[i] >= 0 && (size_t)next[i] < from)) {
			p = strcasestr(text + from, words[i]);
			next[i] = p ? (long)(p - text) : -1;
		}
		if (next[i] >= 0 && (best < 0 || next[i] < best))
			best = next[i];
	}
	return best;
}

/* Whether the two letters at s are the country code of an IP office
   (so "TX" of a copyright number is none). */
static bool
analyze_is_office(const char *s)
{
	static const char *const offices[] = {
		"US", "EU", "EM", "WO", "CN", "JP", "KR", "TW", "HK", "GB",
		"UK", "DE", "FR", "IT", "ES", "NL", "CH", "CA", "AU", "IN",
		"SG", "BR", "MX", "RU", NULL
	};

	for (int i = 0; offices[i] != NULL; i++)
		if (strncmp(s, offices[i], 2) == 0)
			return true;
	return false;
}

/* Adds the IP right that the free text names in the words of a right
   and its registration ("trademark registration no. 5551234"), when no
   number shape of the rules file found one; none that a number.not
   shape covers. */
static void
analyze_ip_right_of_text(struct report *r, const char *text,
			 const struct rules_hits *hits,
			 const struct parser_rules *rules)
{
	/* anchored: each window starts at the word that opens group 1 */
	static const char *const patterns[] = { "^" ANALYZE_RIGHT_EN,
						"^" ANALYZE_RIGHT_ZH };
	static const char *const en_words[] = { "trade", "copyright",
						"patent", NULL };
	static const char *const zh_words[] = { "商标", "著作权", "版权",
						"专利", NULL };
	char window[ANALYZE_RIGHT_WINDOW + 1];

	for (size_t p = 0; p < 2 && r->n_ip_rights == 0; p++) {
		const regex_t *re = recache_get(patterns[p], REG_EXTENDED);
		const char *const *words = p == 0 ? en_words : zh_words;
		regmatch_t m[7];
		long next[ANALYZE_MAX_WORDS] = { -2, -2, -2, -2 };
		size_t last = p == 0 ? 6 : 4, from = 0, wlen;
		char *type, *num, *jur = NULL;
		long at;
		int tries = 0;

		if (re == NULL)
			continue;
		while (tries++ < ANALYZE_RIGHT_MAX_HITS &&
		       (at = analyze_next_word(text, from, words, next)) >= 0) {
			from = (size_t)at + 1;
			wlen = utf8_prefix(text + at, ANALYZE_RIGHT_WINDOW);
			memcpy(window, text + at, wlen);
			window[wlen] = '\0';
			if (regexec(re, window, 7, m, 0) != 0)
				continue;
			type = xstrndup(window + m[1].rm_so,
					(size_t)(m[1].rm_eo - m[1].rm_so));
			from = (size_t)(p == 0 && m[4].rm_so >= 0 ? m[4].rm_so
							       : m[last].rm_so);
			num = xstrndup(window + from,
				       (size_t)m[last].rm_eo - from);
			if (p == 0 && m[5].rm_so >= 0 &&
			    analyze_is_office(window + m[5].rm_so))
				jur = xstrndup(window + m[5].rm_so, 2);
			if (words_is_number_not(text, hits, rules,
						(size_t)at + (size_t)m[last].rm_so,
						(size_t)at + (size_t)m[last].rm_eo)) {
				free(type);
				free(num);
				from = (size_t)at + 1;
				continue;
			}
			report_add_ip_right(r, analyze_ip_type(type), num, jur);
			free(type);
			free(num);
			free(jur);
			break;
		}
	}
}

static void
analyze_ip_rights(struct report *r, const struct form *f, const char *text,
		  const struct rules_hits *hits,
		  const struct parser_rules *rules)
{
	const char *type = f->value[FORM_IP_TYPE];
	const char *reg = f->value[FORM_REGISTRATION_NUMBER];
	const char *jur = f->value[FORM_JURISDICTION];

	if (r->n_ip_rights > 0)
		return;
	if (type == NULL && reg == NULL) {
		words_ip_rights(r, text, hits, rules);
		if (r->n_ip_rights == 0)
			analyze_ip_right_of_text(r, text, hits, rules);
		return;
	}
	report_add_ip_right(r, type ? analyze_ip_type(type)
				    : analyze_ip_type_of_text(text), reg, jur);
}

static void
analyze_acting(struct report *r, const struct form *f, const char *ftext,
	       const struct rules_hits *hits)
{
	if (f->relationship != ACTING_UNKNOWN)
		r->acting_as = f->relationship;
	else if (rules_hits_has(hits, RULES_AGENT))
		r->acting_as = ACTING_AGENT;
	else if (rules_hits_has(hits, RULES_RIGHTS_HOLDER))
		r->acting_as = ACTING_RIGHTS_HOLDER;
	else
		r->acting_as = ACTING_UNKNOWN;
	/* the form's name, else the one the text gives in its own words,
	   else a rights holder's own organization */
	if (r->rights_holder == NULL &&
	    (r->kind == KIND_IP_REPORT || r->kind == KIND_FOLLOW_UP))
		r->rights_holder = words_rights_holder(ftext, hits,
					r->acting_as == ACTING_AGENT);
	if (r->acting_as == ACTING_RIGHTS_HOLDER)
		analyze_set(&r->rights_holder, r->submitter_org);
	if (r->acting_as == ACTING_UNKNOWN && r->kind == KIND_IP_REPORT)
		report_warn(r, "acting_as_unknown", "authorization not "
			    "required");
}

static unsigned
analyze_evidence(const struct report *r)
{
	unsigned bits = 0;

	for (size_t i = 0; i < r->n_attachments; i++)
		switch (r->attachments[i].evidence) {
		case EVIDENCE_IDENTITY:
			bits |= REQ_IDENTITY_PROOF;
			break;
		case EVIDENCE_AUTHORIZATION:
			bits |= REQ_AUTHORIZATION;
			break;
		case EVIDENCE_OWNERSHIP:
			bits |= REQ_OWNERSHIP_PROOF;
			break;
		case EVIDENCE_OTHER:
			break;
		}
	if (r->registry_links.n > 0)
		bits |= REQ_OWNERSHIP_PROOF;
	if (r->n_listings > 0)
		bits |= REQ_LISTING_LINKS;
	return bits;
}

static bool
analyze_is_ideograph(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) ||
	       (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0xf900 && cp <= 0xfaff);
}

/* Counts, in s outside links: non-blank bytes, ASCII letters and CJK
   ideographs. */
struct analyze_counts {
	size_t visible;
	size_t letters;
	size_t ideographs;
};

static void
analyze_count(const char *s, const struct parser_cfg *cfg,
	      struct analyze_counts *c)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, ls = len, le = len, next = 0;

	if (links_next(s, len, 0, cfg, &ls, &le, &next) <= 0)
		ls = le = len;
	while (i < len) {
		size_t n = utf8_seq_len(p + i, len - i);
		uint32_t cp = p[i];

		if (i >= ls) {	/* skip the link, find the next one */
			i = le > i ? le : i + 1;
			if (links_next(s, len, next, cfg, &ls, &le, &next) <= 0)
				ls = le = len;
			continue;
		}
		if (n == 0)
			n = 1;
		else if (n > 1) {
			cp = p[i] & (0xff >> (n + 1));
			for (size_t k = 1; k < n; k++)
				cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (analyze_is_ideograph(cp))
			c->ideographs++;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			c->letters++;
		if (cp > 0x20 && cp != 0x7f && cp != 0xa0 && cp != 0x3000)
			c->visible += n;
		i += n;
	}
}

static enum abuse_category
analyze_category(const char *subject, const struct rules_hits *hits,
		 const struct parser_rules *rules)
{
	struct rules_hits sub;
	enum abuse_category found = CATEGORY_OTHER;

	static const struct {
		enum rules_family family;
		enum abuse_category category;
	} order[] = {
		{ RULES_CAT_MALWARE, CATEGORY_MALWARE },
		{ RULES_CAT_ILLEGAL_CONTENT, CATEGORY_ILLEGAL_CONTENT },
		{ RULES_CAT_PRIVACY, CATEGORY_PRIVACY },
		{ RULES_CAT_FRAUD, CATEGORY_FRAUD },
		{ RULES_CAT_PLATFORM_ABUSE, CATEGORY_PLATFORM_ABUSE },
	};

	rules_scan(rules, subject, subject ? strlen(subject) : 0, &sub);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (rules_hits_has(&sub, order[i].family) ||
		    rules_hits_has(hits, order[i].family)) {
			found = order[i].category;
			break;
		}
	rules_hits_free(&sub);
	return found;
}

void
analyze_report(struct report *r, const char *text,
	       const struct parser_cfg *cfg)
{
	const struct parser_rules *rules = rules_of(cfg);
	struct analyze_counts body = { 0, 0, 0 }, lang = { 0, 0, 0 };
	struct rules_hits hits;
	struct form form;
	char *free_text;

	if (text == NULL)
		text = "";
	form_read(&form, text);
	free_text = analyze_free_text(text);
	/* every phrase family and number shape, in one pass */
	rules_scan(rules, free_text, strlen(free_text), &hits);
	analyze_people(r, &form);
	analyze_ip_rights(r, &form, free_text, &hits, rules);
	analyze_acting(r, &form, free_text, &hits);
	classify_attachments(r, text, &form, rules);
	r->evidence |= analyze_evidence(r);

	analyze_count(free_text, cfg, &body);
	if (body.visible >= ANALYZE_DESCRIPTION_MIN)
		r->evidence |= REQ_DESCRIPTION;
	r->category = r->kind == KIND_ABUSE_REPORT
		      ? analyze_category(r->subject, &hits, rules)
		      : CATEGORY_NONE;

	lang = body;
	if (r->subject != NULL)
		analyze_count(r->subject, cfg, &lang);
	if (lang.ideographs + lang.letters == 0)
		analyze_count(text, cfg, &lang);
	analyze_set(&r->lang, lang.ideographs >= ANALYZE_ZH_MIN &&
			      lang.ideographs * ANALYZE_ZH_RATIO >=
			      lang.letters ? "zh" : "en");
	if (r->body_text == NULL)
		r->body_text = xstrndup(text, utf8_prefix(text,
							  ANALYZE_BODY_MAX));
	report_compute_missing(r);
	rules_hits_free(&hits);
	free(free_text);
	form_clear(&form);
}
