/* parsers/ac.c - Aho-Corasick matching of many phrases in one pass over
   a text, folded on the fly the way the rules file folds phrases: ASCII
   letters lower-cased, each run of separators (blank, line end, '-',
   '_') read as one space. A deterministic automaton over byte classes
   (only the bytes that occur in some phrase have their own class). No
   I/O; an automaton is read-only once built, so threads may share it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "parsers/text-int.h"

#define AC_RING 256	/* > the longest phrase, in folded bytes */

struct ac {
	unsigned char cls[256];	/* byte -> class; 0: in no phrase */
	unsigned n_cls;
	uint32_t *next;		/* [state * n_cls + class] -> state */
	uint32_t *fail;
	uint32_t *out;		/* first output of a state, or UINT32_MAX */
	uint32_t *dict;		/* next state on the fail chain with output */
	size_t n_states, cap_states;
	/* outputs: phrase ids ending in a state, chained */
	struct { unsigned id; size_t len; uint32_t next; } *outs;
	size_t n_outs;
	/* phrases kept until ac_build */
	struct { char *s; size_t len; unsigned id; } *ph;
	size_t n_ph;
	bool built;
};

static int
ac_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool
ac_is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v' || c == '_' || c == '-';
}

struct ac *
ac_new(void)
{
	return xcalloc(1, sizeof(struct ac));
}

void
ac_add(struct ac *a, const char *folded, size_t len, unsigned id)
{
	if (len == 0 || len >= AC_RING)
		return;
	a->ph = xreallocarray(a->ph, a->n_ph + 1, sizeof(*a->ph));
	a->ph[a->n_ph].s = xstrndup(folded, len);
	a->ph[a->n_ph].len = len;
	a->ph[a->n_ph].id = id;
	a->n_ph++;
}

static uint32_t
ac_state_new(struct ac *a)
{
	size_t s = a->n_states++;

	if (s == a->cap_states) {
		a->cap_states = a->cap_states ? a->cap_states * 2 : 64;
		a->next = xreallocarray(a->next, a->cap_states * a->n_cls,
					sizeof(*a->next));
		a->fail = xreallocarray(a->fail, a->cap_states,
					sizeof(*a->fail));
		a->out = xreallocarray(a->out, a->cap_states,
				       sizeof(*a->out));
		a->dict = xreallocarray(a->dict, a->cap_states,
					sizeof(*a->dict));
	}
	memset(a->next + s * a->n_cls, 0, a->n_cls * sizeof(*a->next));
	a->fail[s] = 0;
	a->out[s] = UINT32_MAX;
	a->dict[s] = UINT32_MAX;
	return (uint32_t)s;
}

void
ac_build(struct ac *a)
{
	uint32_t *queue;
	size_t qh = 0, qt = 0;

	/* byte classes: 0 for bytes in no phrase */
	memset(a->cls, 0, sizeof(a->cls));
	a->n_cls = 1;
	for (size_t i = 0; i < a->n_ph; i++)
		for (size_t k = 0; k < a->ph[i].len; k++) {
			unsigned char c = (unsigned char)a->ph[i].s[k];

			if (a->cls[c] == 0)
				a->cls[c] = (unsigned char)a->n_cls++;
		}
	ac_state_new(a);	/* the root, 0 */
	/* the trie; 0 in next means "no edge" until the fail pass */
	for (size_t i = 0; i < a->n_ph; i++) {
		uint32_t s = 0;

		for (size_t k = 0; k < a->ph[i].len; k++) {
			unsigned c = a->cls[(unsigned char)a->ph[i].s[k]];
			uint32_t t = a->next[s * a->n_cls + c];

			if (t == 0) {
				t = ac_state_new(a);
				a->next[s * a->n_cls + c] = t;
			}
			s = t;
		}
		a->outs = xreallocarray(a->outs, a->n_outs + 1,
					sizeof(*a->outs));
		a->outs[a->n_outs].id = a->ph[i].id;
		a->outs[a->n_outs].len = a->ph[i].len;
		a->outs[a->n_outs].next = a->out[s];
		a->out[s] = (uint32_t)a->n_outs++;
	}
	/* breadth first: fail links, and the missing edges made DFA ones */
	queue = xmalloc(a->n_states * sizeof(*queue));
	for (unsigned c = 0; c < a->n_cls; c++) {
		uint32_t t = a->next[c];

		if (t != 0) {
			a->fail[t] = 0;
			queue[qt++] = t;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];

		a->dict[s] = a->out[a->fail[s]] != UINT32_MAX
			     ? a->fail[s] : a->dict[a->fail[s]];
		for (unsigned c = 0; c < a->n_cls; c++) {
			uint32_t *e = &a->next[s * a->n_cls + c];
			uint32_t f = a->next[a->fail[s] * a->n_cls + c];

			if (*e != 0) {
				a->fail[*e] = f;
				queue[qt++] = *e;
			} else {
				*e = f;
			}
		}
	}
	free(queue);
	for (size_t i = 0; i < a->n_ph; i++)
		free(a->ph[i].s);
	free(a->ph);
	a->ph = NULL;
	a->n_ph = 0;
	a->built = true;
}

void
ac_scan(const struct ac *a, const char *text, size_t len,
	void (*hit)(void *ctx, unsigned id, size_t start, size_t end),
	void *ctx)
{
	size_t ring[AC_RING];	/* offset in text of each folded byte */
	size_t k = 0;		/* folded bytes fed */
	uint32_t s = 0;
	bool sep = true;	/* leading separators fold to nothing */

	if (!a->built || a->n_states == 0)
		return;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)text[i];
		uint32_t o;

		if (ac_is_sep(c)) {
			if (sep)
				continue;
			sep = true;
			c = ' ';
		} else {
			sep = false;
			c = ac_lower(c);
		}
		ring[k % AC_RING] = i;
		k++;
		s = a->next[s * a->n_cls + a->cls[c]];
		for (uint32_t t = s; t != UINT32_MAX; t = a->dict[t])
			for (o = a->out[t]; o != UINT32_MAX; o = a->outs[o].next)
				hit(ctx, a->outs[o].id,
				    ring[(k - a->outs[o].len) % AC_RING], i + 1);
	}
}

void
ac_free(struct ac **ap)
{
	struct ac *a = ap ? *ap : NULL;

	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n_ph; i++)
		free(a->ph[i].s);
	free(a->ph);
	free(a->next);
	free(a->fail);
	free(a->out);
	free(a->dict);
	free(a->outs);
	free(a);
	*ap = NULL;
}
