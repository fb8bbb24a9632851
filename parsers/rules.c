/* parsers/rules.c - the keyword families of the rules file
   (parsers/rules/evidence.rules documents the format): parsing, the
   built-in copy, and matching phrases against text. */
#define _GNU_SOURCE	/* memmem */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/parser.h"
#include "parsers/text-int.h"

#define RULES_MAX_TEXT (1024 * 1024)	/* bytes of a rules file */
#define RULES_MAX_PHRASE 200		/* bytes of one phrase */

struct rule {
	enum rules_family family;
	char *phrase;	/* ASCII lower-cased; separators folded to ' ' */
	size_t len;
	bool word;	/* must not touch an ASCII letter or digit */
};

struct parser_rules {
	struct rule *v;
	size_t n;
};

static const char *const rules_family_names[RULES_N_FAMILIES] = {
	"identity", "authorization", "ownership", "agent", "rights_holder",
	"category.malware", "category.illegal_content", "category.privacy",
	"category.fraud", "category.platform_abuse"
};

static int
rules_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Separators that a space in a phrase stands for. */
static bool
rules_is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v' || c == '_' || c == '-';
}

static bool
rules_is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Returns a copy of s[0..len) lower-cased (ASCII) with each run of
   separators folded into one space; its length in *len_r. */
static char *
rules_fold(const char *s, size_t len, size_t *len_r)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	bool sep = false;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (rules_is_sep(c)) {
			sep = true;
			continue;
		}
		if (sep && o > 0)
			out[o++] = ' ';
		sep = false;
		out[o++] = (char)rules_lower(c);
	}
	if (sep && o > 0)
		out[o++] = ' ';
	out[o] = '\0';
	*len_r = o;
	return out;
}

static void
rules_add(struct parser_rules *rs, enum rules_family f, const char *phrase,
	  size_t len, bool word)
{
	struct rule *ru;
	size_t flen;
	char *folded = rules_fold(phrase, len, &flen);

	/* folding keeps no leading space; drop a trailing one */
	if (flen > 0 && folded[flen - 1] == ' ')
		folded[--flen] = '\0';
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	ru = &rs->v[rs->n++];
	ru->family = f;
	ru->phrase = folded;
	ru->len = flen;
	ru->word = word;
}

static void
rules_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
			    (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* Parses one non-comment line into rs. Returns 0, or -1 with err set. */
static int
rules_parse_line(struct parser_rules *rs, const char *line, size_t len,
		 unsigned lineno, struct err *err)
{
	const char *colon = memchr(line, ':', len);
	const char *name = line, *phrase;
	size_t nlen, plen;
	bool word = false;
	int f;

	if (colon == NULL) {
		err_set(err, ERR_FATAL, "rules line %u: expected "
			"\"family: phrase\"", lineno);
		return -1;
	}
	nlen = (size_t)(colon - line);
	rules_trim(&name, &nlen);
	for (f = 0; f < RULES_N_FAMILIES; f++)
		if (strlen(rules_family_names[f]) == nlen &&
		    strncmp(rules_family_names[f], name, nlen) == 0)
			break;
	if (f == RULES_N_FAMILIES) {
		err_set(err, ERR_FATAL, "rules line %u: unknown family "
			"\"%.*s\"", lineno, (int)(nlen > 40 ? 40 : nlen),
			name);
		return -1;
	}
	phrase = colon + 1;
	plen = len - (size_t)(phrase - line);
	rules_trim(&phrase, &plen);
	if (plen > 0 && phrase[0] == '<') {
		if (plen < 2 || phrase[plen - 1] != '>') {
			err_set(err, ERR_FATAL, "rules line %u: \"<\" without "
				"closing \">\"", lineno);
			return -1;
		}
		word = true;
		phrase++;
		plen -= 2;
		rules_trim(&phrase, &plen);
	}
	if (plen == 0) {
		err_set(err, ERR_FATAL, "rules line %u: empty phrase", lineno);
		return -1;
	}
	if (plen > RULES_MAX_PHRASE) {
		err_set(err, ERR_FATAL, "rules line %u: phrase longer than "
			"%d bytes", lineno, RULES_MAX_PHRASE);
		return -1;
	}
	rules_add(rs, (enum rules_family)f, phrase, plen, word);
	if (rs->v[rs->n - 1].len == 0) {
		err_set(err, ERR_FATAL, "rules line %u: phrase has only "
			"separators", lineno);
		return -1;
	}
	return 0;
}

struct parser_rules *
parser_rules_parse(const char *text, size_t len, struct err *err)
{
	struct parser_rules *rs = xcalloc(1, sizeof(*rs));
	size_t pos = 0;
	unsigned lineno = 0;

	if (len > RULES_MAX_TEXT) {
		err_set(err, ERR_FATAL, "rules: file larger than %d bytes",
			RULES_MAX_TEXT);
		goto fail;
	}
	while (pos < len) {
		const char *line = text + pos, *nl;
		size_t llen, skip = 0;

		nl = memchr(line, '\n', len - pos);
		llen = nl ? (size_t)(nl - line) : len - pos;
		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (!utf8_valid(line, llen)) {
			err_set(err, ERR_FATAL, "rules line %u: not UTF-8 "
				"text", lineno);
			goto fail;
		}
		while (skip < llen &&
		       (line[skip] == ' ' || line[skip] == '\t' ||
			line[skip] == '\r'))
			skip++;
		if (skip == llen || line[skip] == '#')
			continue;
		if (rules_parse_line(rs, line, llen, lineno, err) < 0)
			goto fail;
	}
	return rs;
fail:
	parser_rules_free(&rs);
	return NULL;
}

void
parser_rules_free(struct parser_rules **rsp)
{
	struct parser_rules *rs;

	if (rsp == NULL || *rsp == NULL)
		return;
	rs = *rsp;
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].phrase);
	free(rs->v);
	free(rs);
	*rsp = NULL;
}

static struct parser_rules *rules_builtin;
static pthread_once_t rules_builtin_once = PTHREAD_ONCE_INIT;

static void
rules_builtin_load(void)
{
	struct err err;

	err_clear(&err);
	rules_builtin = parser_rules_parse(rules_builtin_text,
					   strlen(rules_builtin_text), &err);
	if (rules_builtin == NULL) {
		/* the build ships a broken evidence.rules: a programmer
		   error that make check catches */
		fprintf(stderr, "reportgate: built-in evidence.rules: %s\n",
			err.msg);
		abort();
	}
}

const struct parser_rules *
parser_rules_builtin(void)
{
	pthread_once(&rules_builtin_once, rules_builtin_load);
	return rules_builtin;
}

const struct parser_rules *
rules_of(const struct parser_cfg *cfg)
{
	if (cfg != NULL && cfg->rules != NULL)
		return cfg->rules;
	return parser_rules_builtin();
}

/* Matches ru at text[pos..len) with separator folding; returns the end
   offset, or 0 when it does not match there. */
static size_t
rules_match_at(const struct rule *ru, const char *text, size_t len,
	       size_t pos)
{
	size_t i = 0, j = pos;

	while (i < ru->len) {
		if (ru->phrase[i] == ' ') {
			if (j >= len || !rules_is_sep((unsigned char)text[j]))
				return 0;
			while (j < len && rules_is_sep((unsigned char)text[j]))
				j++;
			i++;
			continue;
		}
		if (j >= len ||
		    rules_lower((unsigned char)text[j]) !=
		    (unsigned char)ru->phrase[i])
			return 0;
		i++;
		j++;
	}
	if (ru->word) {
		if (pos > 0 && rules_is_alnum((unsigned char)text[pos - 1]))
			return 0;
		if (j < len && rules_is_alnum((unsigned char)text[j]))
			return 0;
	}
	return j;
}

int
rules_find(const struct parser_rules *rules, enum rules_family f,
	   const char *text, size_t len, size_t from, size_t *start_r,
	   size_t *end_r)
{
	/* the first bytes of f's phrases: most positions start none, and
	   trying every rule at every byte dominated classify on long
	   lines */
	unsigned char first[256];

	memset(first, 0, sizeof(first));
	for (size_t k = 0; k < rules->n; k++)
		if (rules->v[k].family == f)
			first[(unsigned char)rules->v[k].phrase[0]] = 1;
	for (size_t pos = from; pos < len; pos++) {
		int c = rules_lower((unsigned char)text[pos]);

		if (!first[c])
			continue;
		for (size_t k = 0; k < rules->n; k++) {
			const struct rule *ru = &rules->v[k];
			size_t end;

			if (ru->family != f ||
			    (unsigned char)ru->phrase[0] != c)
				continue;
			end = rules_match_at(ru, text, len, pos);
			if (end > 0) {
				*start_r = pos;
				*end_r = end;
				return 1;
			}
		}
	}
	return 0;
}

/* Returns true if the folded phrase of ru occurs in the folded text. */
static bool
rules_match_folded(const struct rule *ru, const char *folded, size_t flen)
{
	const char *p = folded, *end = folded + flen;

	while ((p = memmem(p, (size_t)(end - p), ru->phrase, ru->len))) {
		const char *q = p + ru->len;

		if (!ru->word ||
		    ((p == folded || !rules_is_alnum((unsigned char)p[-1])) &&
		     (q == end || !rules_is_alnum((unsigned char)*q))))
			return true;
		p++;
	}
	return false;
}

bool
rules_match(const struct parser_rules *rules, enum rules_family f,
	    const char *text, size_t len)
{
	size_t flen;
	char *folded;
	bool found = false;

	if (text == NULL || len == 0)
		return false;
	folded = rules_fold(text, len, &flen);
	for (size_t k = 0; k < rules->n && !found; k++)
		if (rules->v[k].family == f)
			found = rules_match_folded(&rules->v[k], folded, flen);
	free(folded);
	return found;
}
