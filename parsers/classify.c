/* parsers/classify.c - the evidence class of each attachment (SPEC §4.3):
   a form field naming the file decides; else the clause of a text line
   that names it ("Identity proof: scan_01.pdf", "scan_01.pdf - our
   trademark certificate"); else the file name itself; else "other". */
#include <string.h>
#include <strings.h>

#include "parsers/text-int.h"

static const enum rules_family classify_families[] = {
	RULES_IDENTITY, RULES_AUTHORIZATION, RULES_OWNERSHIP
};
static const enum evidence_kind classify_kinds[] = {
	EVIDENCE_IDENTITY, EVIDENCE_AUTHORIZATION, EVIDENCE_OWNERSHIP
};
#define CLASSIFY_N 3
#define CLASSIFY_MAX_NAME 255	/* longer names: not looked up in text */
#define CLASSIFY_MAX_SEEN 50	/* mentions of one name examined */
#define CLASSIFY_WINDOW 1024	/* bytes either side of a mention */
/* mentions examined for all attachments together: each costs a search
   of every other name and of the rules in its window, so 200 attachments
   each named 50 times took minutes (hostile.sh) */
#define CLASSIFY_MAX_CLAUSES 1000

static bool
classify_name_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

/* Finds name in hay[from..len) (ASCII case-insensitive) where it is not
   part of a longer name. Returns its offset, or -1. */
static long
classify_find_name(const char *hay, size_t len, size_t from,
		   const char *name, size_t nlen)
{
	int c0, c1;

	if (nlen == 0)
		return -1;
	c0 = (unsigned char)name[0];
	c1 = c0 >= 'A' && c0 <= 'Z' ? c0 + ('a' - 'A') :
	     c0 >= 'a' && c0 <= 'z' ? c0 - ('a' - 'A') : c0;
	for (size_t i = from; i + nlen <= len; i++) {
		/* the first byte is compared inline: this runs over every
		   byte of the text for every attachment */
		if (((unsigned char)hay[i] != c0 &&
		     (unsigned char)hay[i] != c1) ||
		    strncasecmp(hay + i, name, nlen) != 0)
			continue;
		if (i > 0 && classify_name_char((unsigned char)hay[i - 1]))
			continue;
		if (i + nlen < len &&
		    classify_name_char((unsigned char)hay[i + nlen]))
			continue;
		return (long)i;
	}
	return -1;
}

/* Length of a clause separator at s (",", ";", "|", ". ", "，", "；",
   "、", "。"), or 0. */
static size_t
classify_sep(const char *s, size_t len)
{
	static const char *const seps[] = {
		",", ";", "|", "\xef\xbc\x8c", "\xef\xbc\x9b", "\xe3\x80\x81",
		"\xe3\x80\x82", NULL
	};

	if (len >= 2 && s[0] == '.' && (s[1] == ' ' || s[1] == '\t'))
		return 2;
	for (size_t k = 0; seps[k] != NULL; k++) {
		size_t sl = strlen(seps[k]);

		if (len >= sl && memcmp(s, seps[k], sl) == 0)
			return sl;
	}
	return 0;
}

/* Narrows [*l, *r) around the name at [s, e) of line[0..len) to its
   clause: no separator and no other attachment's name inside. */
static void
classify_clause(const struct report *r, const char *line, size_t len,
		size_t s, size_t e, size_t *l_r, size_t *r_r)
{
	size_t l = 0, rr = len, n;

	for (size_t i = 0; i < s; i++)
		if ((n = classify_sep(line + i, s - i)) > 0 && i + n <= s)
			l = i + n;
	for (size_t i = e; i < len; i++)
		if (classify_sep(line + i, len - i) > 0) {
			rr = i;
			break;
		}
	for (size_t k = 0; k < r->n_attachments; k++) {
		const char *fn = r->attachments[k].filename;
		size_t fl = fn ? strlen(fn) : 0;
		long at;

		for (size_t from = 0;
		     (at = classify_find_name(line, len, from, fn, fl)) >= 0;
		     from = (size_t)at + 1) {
			size_t a = (size_t)at, b = a + fl;

			if (b <= s && b > l)
				l = b;
			else if (a >= e && a < rr)
				rr = a;
		}
	}
	*l_r = l;
	*r_r = rr;
}

/* The family that the clause [l, r) of line says of the name at [s, e):
   a label before it ("Identity proof: x.pdf") decides by its first
   keyword; otherwise the keyword nearest to the name. Returns the index
   into classify_families, or -1. */
static int
classify_clause_family(const struct parser_rules *rules, const char *line,
		       size_t l, size_t r, size_t s, size_t e)
{
	size_t t = s, ms, me, best_dist = (size_t)-1;
	int best = -1;
	bool label;

	while (t > l && (line[t - 1] == ' ' || line[t - 1] == '\t'))
		t--;
	label = (t > l && line[t - 1] == ':') ||
		(t >= l + 3 && memcmp(line + t - 3, "\xef\xbc\x9a", 3) == 0);
	if (label) {
		size_t first = (size_t)-1;

		for (int k = 0; k < CLASSIFY_N; k++)
			if (rules_find(rules, classify_families[k], line, s, l,
				       &ms, &me) > 0 && ms < first) {
				first = ms;
				best = k;
			}
		if (best >= 0)
			return best;
	}
	for (int k = 0; k < CLASSIFY_N; k++) {
		size_t from = l;

		/* before the name: the last match ending before it */
		while (rules_find(rules, classify_families[k], line, s, from,
				  &ms, &me) > 0) {
			if (s - me < best_dist) {
				best_dist = s - me;
				best = k;
			}
			from = ms + 1;
		}
		/* after the name: the first match */
		if (rules_find(rules, classify_families[k], line, r, e, &ms,
			       &me) > 0 && ms - e < best_dist) {
			best_dist = ms - e;
			best = k;
		}
	}
	return best;
}

/* Class from the first text line naming fn that says something of it. */
static int
classify_by_lines(const struct report *r, const char *text, const char *fn,
		  const struct parser_rules *rules, unsigned *clauses)
{
	size_t fl = strlen(fn);
	unsigned seen = 0;

	if (fl > CLASSIFY_MAX_NAME)
		return -1;
	for (const char *p = text; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), l, rr;
		long at;

		for (size_t from = 0;
		     (at = classify_find_name(p, len, from, fn, fl)) >= 0;
		     from = (size_t)at + 1) {
			size_t s = (size_t)at, e = s + fl;
			int k;

			size_t wl = s > CLASSIFY_WINDOW
				    ? s - CLASSIFY_WINDOW : 0;
			size_t wr = len - e > CLASSIFY_WINDOW
				    ? e + CLASSIFY_WINDOW : len;

			if (++seen > CLASSIFY_MAX_SEEN ||
			    ++*clauses > CLASSIFY_MAX_CLAUSES)
				return -1;
			/* a window around the mention bounds the work on
			   long lines */
			classify_clause(r, p + wl, wr - wl, s - wl, e - wl, &l,
					&rr);
			k = classify_clause_family(rules, p + wl, l, rr, s - wl,
						   e - wl);
			if (k >= 0)
				return k;
		}
		p = nl ? nl + 1 : NULL;
	}
	return -1;
}

static bool
classify_has_colon(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ':' ||
		    (i + 3 <= len && memcmp(s + i, "\xef\xbc\x9a", 3) == 0))
			return true;
	return false;
}

void
classify_attachments(struct report *r, const char *text,
		     const struct form *form, const struct parser_rules *rules)
{
	static const enum form_field fields[CLASSIFY_N] = {
		FORM_IDENTITY_PROOF, FORM_AUTHORIZATION, FORM_OWNERSHIP_PROOF
	};
	unsigned clauses = 0;

	for (size_t i = 0; i < r->n_attachments; i++) {
		struct report_attachment *a = &r->attachments[i];
		const char *fn = a->filename;
		size_t fl = fn ? strlen(fn) : 0;
		int k = -1;
		const char *by = NULL;

		a->evidence = EVIDENCE_OTHER;
		a->evidence_by = NULL;
		for (int f = 0; f < CLASSIFY_N && k < 0 && form != NULL &&
		     fl > 0; f++) {
			const char *v = form->value[fields[f]];
			long at = v ? classify_find_name(v, strlen(v), 0, fn,
							 fl) : -1;

			/* the field names the file unless another label
			   stands between ("a.pdf; POA: b.pdf") */
			if (at >= 0 && !classify_has_colon(v, (size_t)at)) {
				k = f;
				by = "form";
			}
		}
		if (k < 0 && text != NULL && fl > 0 &&
		    (k = classify_by_lines(r, text, fn, rules, &clauses)) >= 0)
			by = "line";
		for (int f = 0; f < CLASSIFY_N && k < 0 && fl > 0; f++)
			if (rules_match(rules, classify_families[f], fn, fl)) {
				k = f;
				by = "name";
			}
		if (k >= 0) {
			a->evidence = classify_kinds[k];
			a->evidence_by = by;
		} else if (a->doc_evidence != EVIDENCE_OTHER) {
			/* the name and the mail say nothing: its content */
			a->evidence = a->doc_evidence;
			a->evidence_by = "content";
		}
	}
}
