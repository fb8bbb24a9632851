/* parsers/rules.c - the keyword families of the rules file
   (parsers/rules/evidence.rules documents the format): parsing, the
   built-in copy, and matching phrases against text. */
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
#define RULES_MAX_HITS 4096		/* hits kept of one text */

struct rule {
	enum rules_family family;
	char *phrase;	/* ASCII lower-cased; separators folded to ' ' */
	size_t len;
	bool word;	/* must not touch an ASCII letter or digit */
	bool left;	/* must not follow an ASCII letter or digit */
	size_t number;	/* RULES_NUMBER: index in numbers */
};

struct parser_rules {
	struct rule *v;
	size_t n;
	struct rules_number *numbers;
	size_t n_numbers;
	struct ac *ac;	/* every phrase, id = its index in v */
};

static const char *const rules_family_names[RULES_N_FAMILIES] = {
	"identity", "authorization", "ownership", "agent", "rights_holder",
	"category.malware", "category.illegal_content", "category.privacy",
	"category.fraud", "category.platform_abuse",
	"holder.before", "holder.after", "holder.not", "org.suffix",
	"reply.dispute", "reply.comply", "reply.accept", "reply.reject",
	"reply.negation", "reply.question", "reply.greeting", "signoff",
	"number"
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
	ru->left = false;
	ru->number = 0;
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

/* Returns the ERE of a number shape as regcomp takes it (owned by the
   caller): anchored at the keyword, and a space outside brackets
   standing for any one blank or line end (a number's words may be
   wrapped onto the next line). */
static char *
rules_number_ere(const char *ere, size_t len)
{
	struct buf b;
	bool bracket = false;

	buf_init(&b, 0);
	buf_putc(&b, '^');
	for (size_t i = 0; i < len; i++) {
		if (ere[i] == '\\' && i + 1 < len) {
			buf_append(&b, ere + i, 2);
			i++;
			continue;
		}
		if (ere[i] == '[')
			bracket = true;
		else if (ere[i] == ']')
			bracket = false;
		if (ere[i] == ' ' && !bracket)
			buf_puts(&b, "[[:space:]]");
		else
			buf_putc(&b, ere[i]);
	}
	return buf_take(&b);
}

/* Finds the number's group, written <<...>> in nu->ere: turns it into
   (...) and sets nu->group to its index (the groups opened before it,
   plus one). Returns 0, or -1 with err set when there is none. */
static int
rules_number_group(struct rules_number *nu, unsigned lineno, struct err *err)
{
	char *open = strstr(nu->ere, "<<"), *close;
	unsigned group = 1;

	close = open ? strstr(open + 2, ">>") : NULL;
	if (close == NULL) {
		err_set(err, ERR_FATAL, "rules line %u: the number is not "
			"marked <<...>> in the pattern", lineno);
		return -1;
	}
	for (char *p = nu->ere; p < open; p++)
		if (*p == '(' && p[-1] != '\\')
			group++;
	open[0] = '(';
	memmove(open + 1, open + 2, strlen(open + 2) + 1);
	close--;
	close[0] = ')';
	memmove(close + 1, close + 2, strlen(close + 2) + 1);
	nu->group = group;
	return 0;
}

/* Parses the value of a "number.TYPE.JURISDICTION" (or "number.not")
   line, name[0..nlen) its family: "KEYWORD => ERE". Returns 0, or -1
   with err set. */
static int
rules_parse_number(struct parser_rules *rs, const char *name, size_t nlen,
		   const char *v, size_t vlen, unsigned lineno,
		   struct err *err)
{
	static const char *const types[] = { "trademark", "copyright",
					     "patent", "other", NULL };
	const char *arrow = NULL, *type = name + 7, *dot, *kw = v, *ere;
	size_t tlen, klen, elen, jlen;
	struct rules_number *nu;
	bool word;
	int t = -1;

	for (size_t i = 0; i + 2 < vlen && arrow == NULL; i++)
		if (v[i] == ' ' && v[i + 1] == '=' && v[i + 2] == '>')
			arrow = v + i;
	if (arrow == NULL) {
		err_set(err, ERR_FATAL, "rules line %u: a number shape is "
			"\"KEYWORD => ERE\"", lineno);
		return -1;
	}
	dot = memchr(type, '.', nlen - 7);
	tlen = dot ? (size_t)(dot - type) : nlen - 7;
	for (int i = 0; types[i] != NULL; i++)
		if (strlen(types[i]) == tlen && strncmp(type, types[i], tlen) == 0)
			t = i;
	if (!(tlen == 3 && strncmp(type, "not", 3) == 0) &&
	    (t < 0 || dot == NULL)) {
		err_set(err, ERR_FATAL, "rules line %u: expected "
			"number.TYPE.JURISDICTION or number.not", lineno);
		return -1;
	}
	klen = (size_t)(arrow - kw);
	rules_trim(&kw, &klen);
	ere = arrow + 3;
	elen = vlen - (size_t)(ere - v);
	rules_trim(&ere, &elen);
	if (klen == 0 || elen == 0 || klen > RULES_MAX_PHRASE) {
		err_set(err, ERR_FATAL, "rules line %u: empty keyword or "
			"pattern", lineno);
		return -1;
	}
	rs->numbers = xreallocarray(rs->numbers, rs->n_numbers + 1,
				    sizeof(*rs->numbers));
	nu = &rs->numbers[rs->n_numbers];
	memset(nu, 0, sizeof(*nu));
	nu->type = t >= 0 ? xstrdup(types[t]) : NULL;
	jlen = dot ? nlen - (size_t)(dot + 1 - name) : 0;
	if (t >= 0 && !(jlen == 1 && dot[1] == '-')) {
		nu->jurisdiction = xstrndup(dot + 1, jlen);
		for (char *p = nu->jurisdiction; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	}
	nu->ere = rules_number_ere(ere, elen);
	rs->n_numbers++;
	if (rules_number_group(nu, lineno, err) < 0)
		return -1;
	word = klen > 2 && kw[0] == '<' && kw[klen - 1] == '>';
	if (word) {
		kw++;
		klen -= 2;
	}
	rules_add(rs, RULES_NUMBER, kw, klen, word);
	rs->v[rs->n - 1].left = true;
	rs->v[rs->n - 1].number = rs->n_numbers - 1;
	return 0;
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
	if (nlen > 7 && strncmp(name, "number.", 7) == 0) {
		phrase = colon + 1;
		plen = len - (size_t)(phrase - line);
		rules_trim(&phrase, &plen);
		return rules_parse_number(rs, name, nlen, phrase, plen, lineno,
					  err);
	}
	for (f = 0; f < RULES_NUMBER; f++)
		if (strlen(rules_family_names[f]) == nlen &&
		    strncmp(rules_family_names[f], name, nlen) == 0)
			break;
	if (f == RULES_NUMBER) {
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
	rs->ac = ac_new();
	for (size_t k = 0; k < rs->n; k++)
		ac_add(rs->ac, rs->v[k].phrase, rs->v[k].len, (unsigned)k);
	ac_build(rs->ac);
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
	for (size_t i = 0; i < rs->n_numbers; i++) {
		free(rs->numbers[i].type);
		free(rs->numbers[i].jurisdiction);
		free(rs->numbers[i].ere);
	}
	free(rs->numbers);
	ac_free(&rs->ac);
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

struct rules_scan_ctx {
	const struct parser_rules *rules;
	const char *text;
	size_t len;
	struct rules_hits *hits;
};

static void
rules_on_hit(void *ctx, unsigned id, size_t start, size_t end)
{
	struct rules_scan_ctx *c = ctx;
	const struct rule *ru = &c->rules->v[id];
	struct rules_hit *h;

	if ((ru->word || ru->left) && start > 0 &&
	    rules_is_alnum((unsigned char)c->text[start - 1]))
		return;
	if (ru->word && end < c->len &&
	    rules_is_alnum((unsigned char)c->text[end]))
		return;
	c->hits->families |= 1ULL << ru->family;
	if (c->hits->n >= RULES_MAX_HITS)
		return;	/* hostile text: its first hits tell enough */
	c->hits->v = xgrow(c->hits->v, c->hits->n + 1, &c->hits->cap,
			   sizeof(*c->hits->v));
	h = &c->hits->v[c->hits->n++];
	h->family = ru->family;
	h->rule = id;
	h->start = start;
	h->end = end;
}

void
rules_scan(const struct parser_rules *rules, const char *text, size_t len,
	   struct rules_hits *hits)
{
	struct rules_scan_ctx c = { rules, text, len, hits };

	memset(hits, 0, sizeof(*hits));
	if (text != NULL && len > 0)
		ac_scan(rules->ac, text, len, rules_on_hit, &c);
}

void
rules_hits_free(struct rules_hits *hits)
{
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

bool
rules_hits_has(const struct rules_hits *hits, enum rules_family f)
{
	return (hits->families & (1ULL << f)) != 0;
}

const struct rules_number *
rules_number_of(const struct parser_rules *rules, unsigned rule)
{
	return &rules->numbers[rules->v[rule].number];
}

int
rules_find(const struct parser_rules *rules, enum rules_family f,
	   const char *text, size_t len, size_t from, size_t *start_r,
	   size_t *end_r)
{
	struct rules_hits hits;
	const struct rules_hit *best = NULL;

	if (from >= len)
		return 0;
	rules_scan(rules, text + from, len - from, &hits);
	for (size_t i = 0; i < hits.n; i++) {
		const struct rules_hit *h = &hits.v[i];

		if (h->family == f && (best == NULL || h->start < best->start ||
				       (h->start == best->start &&
					h->end > best->end)))
			best = h;
	}
	if (best != NULL) {
		*start_r = from + best->start;
		*end_r = from + best->end;
	}
	rules_hits_free(&hits);
	return best != NULL;
}

bool
rules_match(const struct parser_rules *rules, enum rules_family f,
	    const char *text, size_t len)
{
	struct rules_hits hits;
	bool found;

	rules_scan(rules, text, len, &hits);
	found = rules_hits_has(&hits, f);
	rules_hits_free(&hits);
	return found;
}
