/* parsers/text-int.h - internal interfaces between the files of the text
   side of the parser (links.c, unwrap.c, rules.c, classify.c, form.c,
   analyze.c). Never included from outside parsers/. */
#ifndef RG_TEXT_INT_H
#define RG_TEXT_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/report.h"
#include "parsers/parser.h"

/* ---- rules.c: keyword families of the rules file ---- */

/* The families of evidence.rules, within each group in the order of
   SPEC §4.3 and §4.6. */
enum rules_family {
	RULES_IDENTITY = 0,
	RULES_AUTHORIZATION,
	RULES_OWNERSHIP,
	RULES_AGENT,
	RULES_RIGHTS_HOLDER,
	RULES_CAT_MALWARE,
	RULES_CAT_ILLEGAL_CONTENT,
	RULES_CAT_PRIVACY,
	RULES_CAT_FRAUD,
	RULES_CAT_PLATFORM_ABUSE,
	/* people's own words (parsers/words.c) */
	RULES_HOLDER_BEFORE,	/* the rights holder's name follows */
	RULES_HOLDER_AFTER,	/* the rights holder's name precedes */
	RULES_HOLDER_NOT,	/* a name holding it is no rights holder */
	RULES_ORG_SUFFIX,	/* ends a company's name: Ltd, 有限公司 */
	RULES_REPLY_DISPUTE,	/* a vendor disputes the report */
	RULES_REPLY_COMPLY,	/* a vendor complies: no dispute */
	RULES_REPLY_ACCEPT,
	RULES_REPLY_REJECT,
	RULES_REPLY_NEGATION,	/* turns an accept phrase after it */
	RULES_REPLY_QUESTION,	/* a question, not an answer */
	RULES_REPLY_GREETING,	/* a greeting line skipped before an answer */
	RULES_SIGNOFF,		/* "Best regards": the signature follows */
	RULES_NUMBER,		/* the keyword of a number shape */
	RULES_N_FAMILIES
};

/* One number shape of the rules file ("number.TYPE.JURISDICTION:
   KEYWORD => ERE", or "number.not: ..." for numbers that are no right). */
struct rules_number {
	char *type;		/* trademark, copyright, patent, other; NULL:
				   number.not */
	char *jurisdiction;	/* upper case, or NULL ("-" in the file) */
	char *ere;		/* POSIX ERE matched from the keyword on */
	unsigned group;		/* the group that is the number */
};

/* One phrase found in a text. */
struct rules_hit {
	enum rules_family family;
	unsigned rule;		/* for rules_number_of() */
	size_t start, end;	/* byte span in the text */
};
struct rules_hits {
	struct rules_hit *v;	/* in the order of their ends */
	size_t n, cap;
	unsigned long long families;	/* bit per family found */
};

/* The text of parsers/rules/evidence.rules, compiled into the program
   (rules-builtin.c, generated at build time). */
extern const char rules_builtin_text[];

/* Finds the first phrase of family f that matches text[0..len) at an
   offset >= from (matching rules: see evidence.rules). Returns 1 and the
   match's byte span in *start_r / *end_r, or 0 if none. */
int rules_find(const struct parser_rules *rules, enum rules_family f,
	       const char *text, size_t len, size_t from, size_t *start_r,
	       size_t *end_r);
/* Returns true if some phrase of family f occurs in text[0..len). */
bool rules_match(const struct parser_rules *rules, enum rules_family f,
		 const char *text, size_t len);
/* Finds every phrase of every family in text[0..len) in one pass
   (ac.c); hits (initialised here, free with rules_hits_free) lists
   them (the first 4096; hits->families has a bit for every family
   found), word phrases only where they stand as words. */
void rules_scan(const struct parser_rules *rules, const char *text,
		size_t len, struct rules_hits *hits);
void rules_hits_free(struct rules_hits *hits);
/* Returns true if hits holds a phrase of family f. */
bool rules_hits_has(const struct rules_hits *hits, enum rules_family f);
/* Returns the number shape whose keyword is rule (a RULES_NUMBER hit's
   rule), borrowed from rules. */
const struct rules_number *rules_number_of(const struct parser_rules *rules,
					   unsigned rule);
/* Returns cfg's rules or the built-in ones (borrowed). */
const struct parser_rules *rules_of(const struct parser_cfg *cfg);

/* ---- ac.c: Aho-Corasick over folded text ---- */

struct ac;
/* Returns a new, empty automaton (free with ac_free). */
struct ac *ac_new(void);
/* Adds the folded phrase folded[0..len) (lower case, one space for a
   run of separators; copied) with the id hits will report. */
void ac_add(struct ac *a, const char *folded, size_t len, unsigned id);
/* Builds the automaton; no ac_add after it. */
void ac_build(struct ac *a);
/* Calls hit(ctx, id, start, end) for every phrase occurring in
   text[0..len) folded, with its byte span in text, in the order of
   their ends. */
void ac_scan(const struct ac *a, const char *text, size_t len,
	     void (*hit)(void *ctx, unsigned id, size_t start, size_t end),
	     void *ctx);
void ac_free(struct ac **a);

/* ---- words.c: the rights holder and rights in people's own words ---- */

/* Returns the rights holder that text names in its own words (hits:
   rules_scan of text), owned by the caller, or NULL; the signature
   block counts only when the sender is no agent. */
char *words_rights_holder(const char *text, const struct rules_hits *hits,
			  bool agent);
/* Adds to r the IP rights whose numbers text writes in the shapes of
   the rules file, but not those a number.not shape covers. */
void words_ip_rights(struct report *r, const char *text,
		     const struct rules_hits *hits,
		     const struct parser_rules *rules);
/* Returns true if text[from..to) overlaps a number.not match. */
bool words_is_number_not(const char *text, const struct rules_hits *hits,
			 const struct parser_rules *rules, size_t from,
			 size_t to);

/* ---- unwrap.c: link wrappers of mail security gateways ---- */

/* Decides whether the link raw (host: its lower-case host, path and
   query as parsed by libcurl, query may be NULL) is a known wrapper
   (SafeLinks, Proofpoint URL Defense v1 v2 v3, Google redirect).
   Returns 1 with the wrapped URL in *target_r (owned by the caller),
   0 if raw is no wrapper, -1 if it is one that cannot be unwrapped
   (*why_r then names the reason, a static string). */
int unwrap_one(const char *raw, const char *host, const char *path,
	       const char *query, char **target_r, const char **why_r);

/* ---- links.c: finding links in text ---- */

/* Finds the next link written in text[0..len) at or after from: with a
   scheme (http, https), starting with "www.", a bare host/path, or
   <angle-bracketed>; a bare host needs a known last label or to be one
   of cfg's marketplace or registry hosts (cfg may be NULL). Returns 1
   with the link's span (without the angle brackets and trimmed of
   trailing punctuation) in *start_r / *end_r and the offset where
   scanning continues in *next_r; 0 if none. */
int links_next(const char *text, size_t len, size_t from,
	       const struct parser_cfg *cfg, size_t *start_r, size_t *end_r,
	       size_t *next_r);

/* ---- form.c: the report form of SPEC §4.5 ---- */

enum form_field {
	FORM_RIGHTS_HOLDER = 0,
	FORM_SUBMITTER_NAME,
	FORM_SUBMITTER_ORG,
	FORM_SUBMITTER_EMAIL,
	FORM_RELATIONSHIP,
	FORM_IP_TYPE,
	FORM_REGISTRATION_NUMBER,
	FORM_JURISDICTION,
	FORM_IDENTITY_PROOF,
	FORM_AUTHORIZATION,
	FORM_OWNERSHIP_PROOF,
	FORM_INFRINGING_LISTINGS,
	FORM_N_FIELDS
};

/* What the form says; every value is trimmed and NULL when absent, empty
   or a placeholder such as "(rights holder | agent)". */
struct form {
	char *value[FORM_N_FIELDS];	/* owned; the first filled-in line */
	enum acting_as relationship;	/* from FORM_RELATIONSHIP */
	struct strv listings;	/* lines under "Infringing listings:" */
};

/* Reads the form's "Field: value" lines of text into f (which it
   initialises; release with form_clear). */
void form_read(struct form *f, const char *text);
/* Frees what f owns and empties it. */
void form_clear(struct form *f);
/* Returns the field that line[0..len) starts with (after leading blanks
   and bullets) and the offset of its value in *value_r, or -1 when the
   line is no form field. */
int form_field_of_line(const char *line, size_t len, size_t *value_r);

/* ---- classify.c: evidence class of each attachment ---- */

/* Sets r->attachments[i].evidence for every attachment from the form
   field naming its file, else the text line naming it, else its file
   name, else the class of its content (doc_evidence, set by docs.c);
   "other" when nothing matches. evidence_by says which decided. */
void classify_attachments(struct report *r, const char *text,
			  const struct form *form,
			  const struct parser_rules *rules);
 
/* recache.c: returns the compiled form of pattern (POSIX, cflags), kept
   until recache_clear(); NULL if it does not compile. Borrowed. */
const regex_t *recache_get(const char *pattern, int cflags);
/* Frees every compiled pattern (parser_global_shutdown). */
void recache_clear(void);

#endif
