/* parsers/words.c - the rights holder and the IP rights that a report
   names in its own words, not in the form (docs/PARSING.md 2): the
   phrase families and number shapes of the rules file, found in one
   pass (rules_scan), then the name or number read next to them.

   - A name follows a holder.before phrase ("on behalf of", "our client",
     代表, 権利者：) or precedes a holder.after one ("is the registered
     owner of"). It ends at the end of a company suffix (Ltd, 有限公司),
     at punctuation, or at a word that starts a clause. A name holding a
     holder.not phrase (a law firm's, "our client", 我司) is none; a
     phrase followed at once by another holder.before phrase ("on behalf
     of our client Acme") gives way to it.
   - Else, for a sender that is no agent, the first line of the signature
     block (after a signoff phrase) that ends in a company suffix.
   - A right is a number shape's match; one that overlaps a number.not
     match (company, VAT, order, phone numbers) is none. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/parser-int.h"
#include "parsers/text-int.h"

#define WORDS_NAME_MAX 120	/* bytes of a name */
#define WORDS_NAME_WORDS 8	/* words of a name without a suffix */
#define WORDS_WINDOW 200	/* bytes a number shape may span */
#define WORDS_DIGIT_REACH 120	/* its first digit at most this far */
#define WORDS_MAX_RIGHTS 8
#define WORDS_SIG_LINES 8	/* lines of a signature block read */
/* bounds for hostile text: phrases tried, number shapes matched */
#define WORDS_MAX_NAMES 32
#define WORDS_MAX_SHAPES 32
#define WORDS_MAX_NOTS 16

/* Bytes at s that end a name: ASCII and CJK punctuation. Returns the
   length of the stop there, or 0. */
static size_t
words_stop_at(const char *s)
{
	static const char *const stops[] = {
		"\xef\xbc\x8c", "\xe3\x80\x82", "\xef\xbc\x9b", "\xe3\x80\x81",
		"\xef\xbc\x88", "\xe2\x80\x9d", "\xe3\x80\x8d", "\xe3\x80\x8f",
		"\xef\xbc\x9a", "\xe2\x80\x9c", NULL
	};	/* ，。；、（”」』：“ */

	if (strchr("\n\r;()[]<>\"!?:", *s) != NULL)
		return 1;
	for (int i = 0; stops[i] != NULL; i++)
		if (strncmp(s, stops[i], strlen(stops[i])) == 0)
			return strlen(stops[i]);
	return 0;
}

/* Lower-case English words that start a clause after a name. */
static bool
words_is_clause_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"the", "who", "which", "that", "is", "are", "was", "has",
		"have", "in", "regarding", "concerning", "with", "to", "on",
		"at", "for", "against", "as", "and", "hereby", "we", "i",
		"whose", "its", "their", "owner", "from", "about", NULL
	};

	for (int i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && strncmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* CJK particles that end a name without a company suffix. */
static size_t
words_particle_at(const char *s)
{
	static const char *const p[] = {
		"的", "就", "对", "向", "与", "在", "提", "发", "于", "特",
		"は", "が", "の", "を", "に", "で", "と", "より", "から", NULL
	};

	for (int i = 0; p[i] != NULL; i++)
		if (strncmp(s, p[i], strlen(p[i])) == 0)
			return strlen(p[i]);
	return 0;
}

/* Whether a hit of family f lies within [from, to). */
static const struct rules_hit *
words_hit_in(const struct rules_hits *hits, enum rules_family f,
	     size_t from, size_t to)
{
	for (size_t i = 0; i < hits->n; i++)
		if (hits->v[i].family == f && hits->v[i].start >= from &&
		    hits->v[i].end <= to)
			return &hits->v[i];
	return NULL;
}

/* Whether a hit of family f overlaps [from, to). */
static bool
words_hit_over(const struct rules_hits *hits, enum rules_family f,
	       size_t from, size_t to)
{
	for (size_t i = 0; i < hits->n; i++)
		if (hits->v[i].family == f && hits->v[i].start < to &&
		    hits->v[i].end > from)
			return true;
	return false;
}

/* The end of a name that starts at text[from]: after its company
   suffix, else at a stop, a clause word or a particle. Returns from
   when there is no name. */
static size_t
words_name_end(const char *text, size_t len, size_t from,
	       const struct rules_hits *hits)
{
	size_t i = from, limit = from + WORDS_NAME_MAX, stop;
	unsigned words = 0;
	bool suffix = false;

	if (limit > len)
		limit = len;
	for (stop = from; stop < limit && !words_stop_at(text + stop); stop++)
		;
	while (i < limit) {
		const struct rules_hit *suf;
		unsigned char c = (unsigned char)text[i];
		size_t k;

		/* a company suffix: "Acme Co., Ltd." goes on to the last */
		suf = words_hit_in(hits, RULES_ORG_SUFFIX, i, limit);
		if (suf != NULL && suf->start == i) {
			i = suf->end;
			suffix = true;
			continue;
		}
		if (c == ',') {
			size_t j = i + 1;

			while (j < limit && text[j] == ' ')
				j++;
			suf = words_hit_in(hits, RULES_ORG_SUFFIX, j, limit);
			if (suf == NULL || suf->start != j)
				break;
			i = j;
			continue;
		}
		if (c == '.' && (i + 1 >= len || text[i + 1] == ' ' ||
				 text[i + 1] == '\n' || text[i + 1] == '\r'))
			break;
		if (words_stop_at(text + i) > 0)
			break;
		if (c >= 0x80 && i > from && words_particle_at(text + i) &&
		    words_hit_in(hits, RULES_ORG_SUFFIX, i, stop) == NULL)
			break;
		if (c == ' ' || c == '\t') {
			size_t j = i + 1, n = 0;

			while (j + n < limit && text[j + n] >= 'a' &&
			       text[j + n] <= 'z')
				n++;
			if (n > 0 && (words_is_clause_word(text + j, n) ||
				      suffix))
				break;
			if (++words >= WORDS_NAME_WORDS && !suffix)
				break;
			i++;
			continue;
		}
		k = utf8_seq_len((const unsigned char *)text + i, len - i);
		i += k ? k : 1;
	}
	while (i > from && (text[i - 1] == ' ' || text[i - 1] == ','))
		i--;
	return i;
}

/* A copy of text[from..to) when it may be a rights holder's name: not
   empty, no law firm's (holder.not), starting with a capital, a digit
   or a letter that is not ASCII. Else NULL. */
static char *
words_name(const char *text, size_t from, size_t to,
	   const struct rules_hits *hits)
{
	unsigned char c;

	while (from < to && (text[from] == ' ' || text[from] == '"'))
		from++;
	while (to > from && text[to - 1] == ' ')
		to--;
	if (to <= from || to - from < 2)
		return NULL;
	c = (unsigned char)text[from];
	if (c >= 'a' && c <= 'z')
		return NULL;
	if (words_hit_over(hits, RULES_HOLDER_NOT, from, to))
		return NULL;
	return xstrndup(text + from, to - from);
}

/* The name after the holder.before hit h, or NULL. */
static char *
words_name_after(const char *text, size_t len, const struct rules_hit *h,
		 const struct rules_hits *hits)
{
	size_t from = h->end, end;

	if (words_hit_over(hits, RULES_HOLDER_NOT, h->start, h->end))
		return NULL;	/* 法定代表人 holds 代表 */
	for (;;) {
		size_t k;

		if (from < len && (text[from] == ' ' || text[from] == ',' ||
				   text[from] == ':' || text[from] == '\t'))
			from++;
		else if ((k = words_stop_at(text + from)) > 0 &&
			 text[from] != '\n' && text[from] != '(')
			from += k;	/* ：“ */
		else
			break;
	}
	/* "on behalf of our client Acme": the next phrase names it */
	for (size_t i = 0; i < hits->n; i++)
		if (hits->v[i].family == RULES_HOLDER_BEFORE &&
		    hits->v[i].start >= h->end && hits->v[i].start <= from + 4)
			return NULL;
	end = words_name_end(text, len, from, hits);
	return words_name(text, from, end, hits);
}

/* The name before the holder.after hit h (back to the start of its
   sentence or line), or NULL. */
static char *
words_name_before(const char *text, const struct rules_hit *h,
		  const struct rules_hits *hits)
{
	size_t to = h->start, from = to;
	unsigned spaces = 0;

	while (from > 0) {
		unsigned char c = (unsigned char)text[from - 1];

		if (c == '\n' || c == ';' || c == ':' ||
		    (c == '.' && (from < 2 || text[from - 2] == ' ' ||
				  !words_hit_in(hits, RULES_ORG_SUFFIX,
						from > 8 ? from - 8 : 0,
						from))))
			break;
		if (c == ',' && !words_hit_in(hits, RULES_ORG_SUFFIX, from,
					      to))
			break;
		if (c == ' ' && ++spaces > WORDS_NAME_WORDS)
			return NULL;
		if (c >= 0x80 && from >= 3 && words_stop_at(text + from - 3))
			break;
		from--;
	}
	return words_name(text, from, to, hits);
}

/* The rights holder named in the signature block: the first of its
   lines that ends in a company suffix. */
static char *
words_signature_org(const char *text, const struct rules_hits *hits)
{
	const struct rules_hit *h = NULL;
	const char *p;

	for (size_t i = 0; i < hits->n; i++)
		if (hits->v[i].family == RULES_SIGNOFF)
			h = &hits->v[i];	/* the last one */
	if (h == NULL)
		return NULL;
	p = strchr(text + h->end, '\n');
	for (int n = 0; p != NULL && n < WORDS_SIG_LINES; n++) {
		const char *line = p + 1, *nl = strchr(line, '\n');
		size_t a = (size_t)(line - text);
		size_t b = nl ? (size_t)(nl - text) : strlen(text);
		size_t e = b;

		while (e > a && (text[e - 1] == ' ' || text[e - 1] == '\r'))
			e--;
		for (size_t i = 0; i < hits->n; i++)
			if (hits->v[i].family == RULES_ORG_SUFFIX &&
			    hits->v[i].start >= a && hits->v[i].end == e &&
			    e - a <= WORDS_NAME_MAX)
				return words_name(text, a, e, hits);
		p = nl;
	}
	return NULL;
}

char *
words_rights_holder(const char *text, const struct rules_hits *hits,
		    bool agent)
{
	size_t len = strlen(text);
	unsigned tried = 0;

	for (size_t i = 0; i < hits->n && tried < WORDS_MAX_NAMES; i++) {
		const struct rules_hit *h = &hits->v[i];
		char *name = NULL;

		if (h->family == RULES_HOLDER_BEFORE)
			name = words_name_after(text, len, h, hits);
		else if (h->family == RULES_HOLDER_AFTER)
			name = words_name_before(text, h, hits);
		else
			continue;
		if (name != NULL)
			return name;
		tried++;
	}
	return agent ? NULL : words_signature_org(text, hits);
}

/* Whether report r already lists the number reg. */
static bool
words_has_right(const struct report *r, const char *reg)
{
	for (size_t i = 0; i < r->n_ip_rights; i++)
		if (r->ip_rights[i].registration_number != NULL &&
		    strcmp(r->ip_rights[i].registration_number, reg) == 0)
			return true;
	return false;
}

/* Matches the number shape of hit h at text[h->start..]. Returns 1 with
   the number's span in *from_r / *to_r, else 0. */
static int
words_number_at(const struct parser_rules *rules, const char *text,
		const struct rules_hit *h, size_t *from_r, size_t *to_r)
{
	const struct rules_number *nu = rules_number_of(rules, h->rule);
	const regex_t *re = recache_get(nu->ere, REG_EXTENDED | REG_ICASE);
	char window[WORDS_WINDOW + 1];
	regmatch_t m[10];
	size_t n;

	if (re == NULL || nu->group >= 10)
		return 0;
	n = utf8_prefix(text + h->start, WORDS_WINDOW);
	/* every shape holds digits: a keyword in prose ("pay", "order
	   confirmation") costs no regexec */
	{
		size_t k = 0;

		while (k < n && k < WORDS_DIGIT_REACH &&
		       (text[h->start + k] < '0' || text[h->start + k] > '9'))
			k++;
		if (k == n || k == WORDS_DIGIT_REACH)
			return 0;
	}
	memcpy(window, text + h->start, n);
	window[n] = '\0';
	if (regexec(re, window, 10, m, 0) != 0 || m[nu->group].rm_so < 0)
		return 0;
	*from_r = h->start + (size_t)m[nu->group].rm_so;
	*to_r = h->start + (size_t)m[nu->group].rm_eo;
	return 1;
}

void
words_ip_rights(struct report *r, const char *text,
		const struct rules_hits *hits,
		const struct parser_rules *rules)
{
	size_t nots[WORDS_MAX_NOTS][2], n_nots = 0, from, to;
	unsigned shapes = 0;

	/* first the numbers that are no rights */
	for (size_t i = 0; i < hits->n && n_nots < WORDS_MAX_NOTS; i++)
		if (hits->v[i].family == RULES_NUMBER &&
		    rules_number_of(rules, hits->v[i].rule)->type == NULL &&
		    words_number_at(rules, text, &hits->v[i], &from, &to)) {
			nots[n_nots][0] = hits->v[i].start;
			nots[n_nots++][1] = to;
		}
	for (size_t i = 0; i < hits->n && r->n_ip_rights < WORDS_MAX_RIGHTS;
	     i++) {
		const struct rules_number *nu;
		bool masked = false;
		char *num;

		if (hits->v[i].family != RULES_NUMBER)
			continue;
		nu = rules_number_of(rules, hits->v[i].rule);
		if (nu->type == NULL || shapes++ >= WORDS_MAX_SHAPES ||
		    !words_number_at(rules, text, &hits->v[i], &from, &to))
			continue;
		for (size_t k = 0; k < n_nots; k++)
			masked |= from < nots[k][1] && to > nots[k][0];
		if (masked)
			continue;
		num = xstrndup(text + from, to - from);
		if (!words_has_right(r, num))
			report_add_ip_right(r, nu->type, num,
					    nu->jurisdiction);
		free(num);
	}
}

bool
words_is_number_not(const char *text, const struct rules_hits *hits,
		    const struct parser_rules *rules, size_t from, size_t to)
{
	size_t a, b;
	unsigned nots = 0;

	for (size_t i = 0; i < hits->n && nots < WORDS_MAX_NOTS; i++)
		if (hits->v[i].family == RULES_NUMBER &&
		    rules_number_of(rules, hits->v[i].rule)->type == NULL &&
		    ++nots > 0 &&
		    words_number_at(rules, text, &hits->v[i], &a, &b) &&
		    from < b && to > hits->v[i].start)
			return true;
	return false;
}
