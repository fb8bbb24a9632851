/* parsers/reply.c - what a reply in a case's thread says in its own words
   (docs/PARSING.md 3): whether it disputes the report (a vendor's
   counter-notice) and whether it accepts or rejects a counter-notice (the
   reporter's answer), each sure or unsure, with the reasons. Who sent it
   is not known here: the intake pipeline decides with the sender's role.
   Plain text reading on the phrase families of the rules file. */
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "parsers/parser-int.h"
#include "parsers/text-int.h"

#define REPLY_NEG_REACH 16	/* bytes from a negation to what it turns */
#define REPLY_GREETING_LINE 60	/* a longer line is no greeting */
#define REPLY_QUOTE_MAX 40	/* bytes of a phrase quoted in a reason */

/* Whether text[i] ends a sentence; its length, or 0. */
static size_t
reply_sentence_end(const char *s)
{
	if (*s == '.' || *s == '!' || *s == '?' || *s == '\n' || *s == ';')
		return 1;
	if (strncmp(s, "。", 3) == 0 || strncmp(s, "！", 3) == 0 ||
	    strncmp(s, "？", 3) == 0 || strncmp(s, "；", 3) == 0)
		return 3;
	return 0;
}

/* The sentence around [at, at + 1) of text[0..len): its start. */
static size_t
reply_sentence_start(const char *text, size_t at)
{
	while (at > 0) {
		size_t k = text[at - 1] == '\n' || text[at - 1] == '.' ||
			   text[at - 1] == '!' || text[at - 1] == '?' ||
			   text[at - 1] == ';' ? 1 : 0;

		if (k == 0 && at >= 3 && reply_sentence_end(text + at - 3) == 3)
			k = 3;
		if (k > 0)
			break;
		at--;
	}
	return at;
}

static size_t
reply_sentence_stop(const char *text, size_t len, size_t at)
{
	while (at < len && reply_sentence_end(text + at) == 0)
		at++;
	return at;
}

/* Adds the reason "what: "phrase"" (phrase = text[a..b), cut short). */
static void
reply_reason(struct report *r, const char *what, const char *text, size_t a,
	     size_t b)
{
	char *q;

	if (b - a > REPLY_QUOTE_MAX)
		b = a + utf8_prefix(text + a, REPLY_QUOTE_MAX);
	q = xstrndup(text + a, b - a);
	for (char *p = q; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	{
		char *s = xasprintf("%s \"%s\"", what, q);

		strv_push(&r->reasons, s);
		free(s);
	}
	free(q);
}

/* The offset where the reply's content starts: after blank lines and
   greeting lines ("Dear team,", "您好：", "Hello"). */
static size_t
reply_content_start(const char *text, size_t len,
		    const struct rules_hits *hits)
{
	size_t at = 0;

	for (;;) {
		const char *nl;
		size_t end, a = at;
		bool greeting = false;

		while (a < len && (text[a] == ' ' || text[a] == '\t' ||
				   text[a] == '\n' || text[a] == '\r'))
			a++;
		nl = memchr(text + a, '\n', len - a);
		end = nl ? (size_t)(nl - text) : len;
		for (size_t i = 0; i < hits->n && !greeting; i++)
			greeting = hits->v[i].family == RULES_REPLY_GREETING &&
				   hits->v[i].start >= a &&
				   hits->v[i].start <= a + 3 &&
				   end - a <= REPLY_GREETING_LINE;
		if (!greeting || nl == NULL)
			return a;
		/* "Dear team, we accept.": the greeting ends at its comma */
		for (size_t i = a; i < end; i++)
			if (text[i] == ',' || strncmp(text + i, "，", 3) == 0) {
				size_t rest = i + (text[i] == ',' ? 1 : 3);

				while (rest < end && text[rest] == ' ')
					rest++;
				if (rest < end && end - rest > 3)
					return rest;
				break;
			}
		at = end + 1;
	}
}

/* Whether hit h lies inside a longer hit of family f (接受 in 不接受). */
static bool
reply_inside(const struct rules_hits *hits, const struct rules_hit *h,
	     enum rules_family f)
{
	for (size_t i = 0; i < hits->n; i++) {
		const struct rules_hit *o = &hits->v[i];

		if (o != h && o->family == f && o->start <= h->start &&
		    o->end >= h->end && o->end - o->start > h->end - h->start)
			return true;
	}
	return false;
}

/* The negation hit that turns hit h (in its sentence, ending at most
   REPLY_NEG_REACH bytes before it), or NULL. */
static const struct rules_hit *
reply_negation(const char *text, const struct rules_hits *hits,
	       const struct rules_hit *h)
{
	size_t s0 = reply_sentence_start(text, h->start);

	for (size_t i = 0; i < hits->n; i++) {
		const struct rules_hit *o = &hits->v[i];

		if (o->family == RULES_REPLY_NEGATION && o->end <= h->start &&
		    o->start >= s0 && h->start - o->end <= REPLY_NEG_REACH)
			return o;
	}
	return NULL;
}

/* Whether the sentence around hit h holds a question. */
static bool
reply_questioned(const char *text, size_t len, const struct rules_hits *hits,
		 const struct rules_hit *h)
{
	size_t s0 = reply_sentence_start(text, h->start);
	size_t s1 = reply_sentence_stop(text, len, h->end);

	if (s1 < len && (text[s1] == '?' || strncmp(text + s1, "？", 3) == 0))
		return true;
	for (size_t i = 0; i < hits->n; i++)
		if (hits->v[i].family == RULES_REPLY_QUESTION &&
		    hits->v[i].start >= s0 && hits->v[i].end <= s1 + 3)
			return true;
	return false;
}

/* The answer: ACCEPT / REJECT as the first word, else the accept and
   reject phrases of the first sentence (a negation before an accept
   phrase rejects; a question makes it unsure). Sets
   r->decision when sure, r->possible = "answer" when unsure. */
static void
reply_answer(struct report *r, const char *text, size_t len, size_t start,
	     const struct rules_hits *hits)
{
	unsigned accepts = 0, rejects = 0, unsure = 0;
	const struct rules_hit *first = NULL;
	size_t stop = reply_sentence_stop(text, len, start);

	for (size_t i = 0; i < hits->n; i++) {
		const struct rules_hit *h = &hits->v[i], *neg;
		bool accept;

		if (h->start < start || (h->family != RULES_REPLY_ACCEPT &&
					 h->family != RULES_REPLY_REJECT))
			continue;
		if (reply_inside(hits, h, RULES_REPLY_ACCEPT) ||
		    reply_inside(hits, h, RULES_REPLY_REJECT))
			continue;
		accept = h->family == RULES_REPLY_ACCEPT;
		neg = reply_negation(text, hits, h);
		if (first == NULL)
			first = h;
		if (h->start >= stop) {
			/* an answer says so first: later, it may be one */
			unsure++;
			reply_reason(r, "answer unsure, not in the first "
				     "sentence:", text, h->start, h->end);
			continue;
		}
		if (reply_questioned(text, len, hits, h)) {
			unsure++;
			reply_reason(r, "answer unsure, a question:", text,
				     h->start, h->end);
			continue;
		}
		if (neg != NULL && !accept) {
			unsure++;	/* "we do not reject" */
			reply_reason(r, "answer unsure, negated:", text,
				     neg->start, h->end);
			continue;
		}
		if (neg != NULL) {
			rejects++;
			reply_reason(r, "reject: negated accept", text,
				     neg->start, h->end);
		} else if (accept) {
			accepts++;
			reply_reason(r, "accept:", text, h->start, h->end);
		} else {
			rejects++;
			reply_reason(r, "reject:", text, h->start, h->end);
		}
	}
	if (unsure == 0 && accepts > 0 && rejects == 0)
		r->decision = DECISION_ACCEPT;
	else if (unsure == 0 && rejects > 0 && accepts == 0)
		r->decision = DECISION_REJECT;
	else if (first != NULL) {
		if (accepts > 0 && rejects > 0)
			strv_push(&r->reasons, "answer unsure: both accept "
				  "and reject");
		r->possible = xstrdup("answer");
	}
}

/* The dispute: a reply.dispute phrase not negated, unless the text only
   complies (reply.comply: "we removed the listing"). */
static void
reply_dispute(struct report *r, const char *text,
	      const struct rules_hits *hits, const char *what)
{
	unsigned disputes = 0, complies = 0;

	for (size_t i = 0; i < hits->n; i++) {
		const struct rules_hit *h = &hits->v[i], *neg;

		if (h->family == RULES_REPLY_COMPLY &&
		    !reply_inside(hits, h, RULES_REPLY_COMPLY)) {
			complies++;
			reply_reason(r, "no dispute, complies:", text,
				     h->start, h->end);
			continue;
		}
		if (h->family != RULES_REPLY_DISPUTE ||
		    reply_inside(hits, h, RULES_REPLY_DISPUTE))
			continue;
		neg = reply_negation(text, hits, h);
		if (neg != NULL) {
			reply_reason(r, "no dispute, negated:", text,
				     neg->start, h->end);
			continue;
		}
		disputes++;
		{
			char *w = xasprintf("dispute (%s):", what);

			reply_reason(r, w, text, h->start, h->end);
			free(w);
		}
	}
	if (disputes > 0 && complies == 0)
		r->disputes = true;
	else if (disputes > 0 && r->possible == NULL)
		r->possible = xstrdup("counter_notice");
}

/* ACCEPT / REJECT (any case) or 接受 / 拒绝 / 拒絕 as the first word
   of s. */
static enum decision
reply_first_word(const char *s)
{
	static const struct { const char *w; enum decision d; } words[] = {
		{ "accept", DECISION_ACCEPT }, { "reject", DECISION_REJECT },
		{ "接受", DECISION_ACCEPT }, { "拒绝", DECISION_REJECT },
		{ "拒絕", DECISION_REJECT },
	};

	while (*s == '*' || *s == '"' || *s == '\'')
		s++;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].w);
		unsigned char c = (unsigned char)s[n];

		if (strncasecmp(s, words[i].w, n) == 0 &&
		    ((unsigned char)words[i].w[0] >= 0x80 ||
		     !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9') || c == '_')))
			return words[i].d;
	}
	return DECISION_NONE;
}

/* Whether subject starts with a reply prefix (Re:, AW:, 回复:...). */
static bool
reply_is_re(const char *subject)
{
	static const char *const prefixes[] = {
		"re:", "aw:", "sv:", "antw:", "odp:", "回复", "回覆", "答复",
		"RE：", NULL
	};

	while (*subject == ' ')
		subject++;
	for (int i = 0; prefixes[i] != NULL; i++)
		if (strncasecmp(subject, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

void
reply_read(struct report *r, const char *subject, const char *own,
	   const struct parser_cfg *cfg)
{
	const struct parser_rules *rules = rules_of(cfg);
	struct rules_hits hits, sub;
	size_t len = own ? strlen(own) : 0, start;

	r->decision = DECISION_NONE;
	r->disputes = false;
	free(r->possible);
	r->possible = NULL;
	strv_free(&r->reasons);
	rules_scan(rules, own, len, &hits);
	start = reply_content_start(own ? own : "", len, &hits);
	if (len > 0)
		r->decision = reply_first_word(own + start);
	if (r->decision != DECISION_NONE)
		strv_push(&r->reasons, r->decision == DECISION_ACCEPT
			  ? "accept: ACCEPT as the first word"
			  : "reject: REJECT as the first word");
	else if (len > 0)
		reply_answer(r, own, len, start, &hits);
	if (len > 0)
		reply_dispute(r, own, &hits, "text");
	/* a subject of the sender's own, not the one a reply quotes */
	if (!r->disputes && subject != NULL && !reply_is_re(subject)) {
		rules_scan(rules, subject, strlen(subject), &sub);
		for (size_t i = 0; i < sub.n; i++)
			sub.v[i].family = sub.v[i].family == RULES_REPLY_COMPLY
					  ? RULES_N_FAMILIES : sub.v[i].family;
		reply_dispute(r, subject, &sub, "subject");
		rules_hits_free(&sub);
	}
	if (r->reasons.n == 0)
		strv_push(&r->reasons, "no answer nor dispute in the text");
	rules_hits_free(&hits);
}
