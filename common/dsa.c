/* common/dsa.c - the vocabulary of common/dsa.h. */
#include <string.h>

#include "common/dsa.h"

const char *const dsa_clause_names[DSA_CLAUSE_COUNT + 1] = {
	"inactive", "negative_feedback", "outdated", "breach", "prohibited",
	"malware", "personal_data", NULL
};

const char *const dsa_source_names[DSA_SOURCE_COUNT + 1] = {
	"article_16", "trusted_flagger", "other_notification", "voluntary",
	NULL
};

const char *const dsa_automated_names[DSA_AUTOMATED_COUNT + 1] = {
	"none", "detection", "partial", "full", NULL
};

const char *const dsa_eea_codes[] = {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
	"FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU",
	"LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", NULL
};

const char dsa_eea_default[] =
	"AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU "
	"LV MT NL NO PL PT RO SE SI SK";

int
dsa_name_index(const char *const *names, const char *name)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

bool
dsa_eea_code(const char *code)
{
	return dsa_name_index(dsa_eea_codes, code) >= 0;
}

const char *
dsa_source_api(enum dsa_source source)
{
	static const char *const api[DSA_SOURCE_COUNT] = {
		"SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER",
		"SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY"
	};

	return (unsigned)source < DSA_SOURCE_COUNT ? api[source]
						   : api[DSA_SOURCE_ARTICLE_16];
}
