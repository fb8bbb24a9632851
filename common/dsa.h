/* common/dsa.h - the fixed vocabulary of the Digital Services Act
   (Regulation (EU) 2022/2065) that the [dsa] configuration, the
   statements of reasons and the Transparency Database export share
   (docs/SPEC.md §9): the EEA country codes, the own-initiative clauses,
   the source types and the levels of automation. Plain data, libc only. */
#ifndef RG_DSA_H
#define RG_DSA_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The clauses of the marketplace policy on which staff may act on their
   own initiative (cases open --clause NAME). */
enum dsa_clause {
	DSA_CLAUSE_INACTIVE = 0,	/* not purchased for six months */
	DSA_CLAUSE_NEGATIVE_FEEDBACK,
	DSA_CLAUSE_OUTDATED,		/* no bug fixes and patches */
	DSA_CLAUSE_BREACH,		/* a breach of the terms */
	DSA_CLAUSE_PROHIBITED,		/* prohibited content */
	DSA_CLAUSE_MALWARE,
	DSA_CLAUSE_PERSONAL_DATA,	/* unreasonable collection */
	DSA_CLAUSE_COUNT
};

/* Where the decision's information came from (Art. 17(3)(b)). */
enum dsa_source {
	DSA_SOURCE_ARTICLE_16 = 0,	/* a notice */
	DSA_SOURCE_TRUSTED_FLAGGER,	/* a notice of a trusted flagger */
	DSA_SOURCE_OTHER_NOTIFICATION,
	DSA_SOURCE_VOLUNTARY,		/* own initiative, no reporter */
	DSA_SOURCE_COUNT
};

/* How far automated means were used ([dsa] automated). */
enum dsa_automated {
	DSA_AUTOMATED_NONE = 0,		/* detection and decision by people */
	DSA_AUTOMATED_DETECTION,	/* detected automatically, decided by
					   a person */
	DSA_AUTOMATED_PARTIAL,		/* decision partially automated */
	DSA_AUTOMATED_FULL,		/* decision fully automated */
	DSA_AUTOMATED_COUNT
};

/* The names, indexed by the enums above, each ending with NULL:
   "inactive" ... "personal_data"; "article_16", "trusted_flagger",
   "other_notification", "voluntary"; "none", "detection", "partial",
   "full". Static storage. */
extern const char *const dsa_clause_names[DSA_CLAUSE_COUNT + 1];
extern const char *const dsa_source_names[DSA_SOURCE_COUNT + 1];
extern const char *const dsa_automated_names[DSA_AUTOMATED_COUNT + 1];

/* The 30 EEA country codes the Transparency Database accepts in
   territorial_scope (ISO 3166-1 alpha-2, Greece as GR), in alphabetical
   order, ending with NULL; and the same as one space-separated string. */
extern const char *const dsa_eea_codes[];
extern const char dsa_eea_default[];

/* Returns the index of name in names (a NULL-terminated array above), or
   -1 when it is not there. */
int dsa_name_index(const char *const *names, const char *name);

/* Returns true when code is one of dsa_eea_codes (exact, upper case). */
bool dsa_eea_code(const char *code);

/* Returns the Transparency Database value of a source type
   ("SOURCE_ARTICLE_16", ...), static storage. */
const char *dsa_source_api(enum dsa_source source);

/* Reads a calendar date "YYYY-MM-DD" (exactly that form, a real day
   from 2000 to 2099) into *t_r: 00:00:00 UTC of that day. Returns 0, or
   -1 when s is not one. */
int dsa_parse_date(const char *s, time_t *t_r);

#endif
