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
	RULES_N_FAMILIES
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
/* Returns cfg's rules or the built-in ones (borrowed). */
const struct parser_rules *rules_of(const struct parser_cfg *cfg);

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
