/* common/dsa.c - the vocabulary of common/dsa.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

int
dsa_parse_date(const char *s, time_t *t_r)
{
	struct tm tm = { 0 }, back;
	int y, m, d, n = 0;
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* 2026-02-30 would become 2026-03-02 */
	if (gmtime_r(&t, &back) == NULL || back.tm_mday != d ||
	    back.tm_mon != m - 1)
		return -1;
	*t_r = t;
	return 0;
}
