/* workflow/sor_json.c - a stored statement of reasons as the DSA
   Transparency Database's statement (POST /api/v1/statement, docs/SPEC.md
   §8 "sor export"): the restriction as decision_visibility,
   decision_account or decision_provision, the ground with its dependent
   fields, category, territorial scope, dates, facts, source type,
   automation and the puid, with text cut to the API's maximum lengths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/dsa.h"
#include "common/json.h"
#include "common/mem.h"
#include "common/wallclock.h"
#include "workflow/workflow-int.h"

char *
workflow_sor_puid(const struct store_statement *st)
{
	return xasprintf("%s-S%lld", st->ref ? st->ref : "RG",
			 (long long)st->id);
}

/* Writes key with s cut to max characters (the API counts characters;
   a cut never splits a UTF-8 sequence). */
static void
sor_json_cut(struct json *j, const char *key, const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	char *cut;

	s = s ? s : "";
	while (s[i] != '\0' && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	cut = xstrndup(s, i);
	json_kv_string(j, key, cut);
	free(cut);
}

static void
sor_json_date(struct json *j, const char *key, time_t t)
{
	char day[16];

	wallclock_utc(t, "%Y-%m-%d", day, sizeof(day));
	json_kv_string(j, key, day);
}

/* Writes key and the blank separated words of list as an array. */
static void
sor_json_words(struct json *j, const char *key, const char *list)
{
	const char *p = list ? list : "";
	size_t n;
	char *w;

	json_key(j, key);
	json_begin_array(j);
	while (*p != '\0') {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == 0)
			break;
		w = xstrndup(p, n);
		json_string(j, w);
		free(w);
		p += n;
	}
	json_end_array(j);
}

/* The restriction: one of the four decision fields, and its end. */
static void
sor_json_decision(struct json *j, const struct store_statement *st)
{
	const char *r = st->restriction;

	if (strcmp(r, "removal") == 0) {
		json_key(j, "decision_visibility");
		json_begin_array(j);
		json_string(j, "DECISION_VISIBILITY_CONTENT_REMOVED");
		json_end_array(j);
		return;
	}
	if (strcmp(r, "posting_restriction") == 0) {
		/* the vendor may not offer new listings: the service is
		   partly suspended */
		json_kv_string(j, "decision_provision",
			       "DECISION_PROVISION_PARTIAL_SUSPENSION");
		if (st->until > 0)
			sor_json_date(j, "end_date_service_restriction",
				      st->until);
		return;
	}
	json_kv_string(j, "decision_account", strcmp(r, "termination") == 0 ?
		       "DECISION_ACCOUNT_TERMINATED" :
		       "DECISION_ACCOUNT_SUSPENDED");
	if (st->until > 0 && strcmp(r, "suspension") == 0)
		sor_json_date(j, "end_date_account_restriction", st->until);
}

void
workflow_sor_json(const struct store_statement *st, struct buf *out)
{
	int src = dsa_name_index(dsa_source_names, st->source_type);
	int aut = dsa_name_index(dsa_automated_names, st->automated);
	char *puid = workflow_sor_puid(st);
	struct json j;

	json_init(&j, out);
	json_begin_object(&j);
	sor_json_decision(&j, st);
	json_kv_string(&j, "account_type", "ACCOUNT_TYPE_BUSINESS");
	if (strcmp(st->ground, "illegal") == 0) {
		json_kv_string(&j, "decision_ground",
			       "DECISION_GROUND_ILLEGAL_CONTENT");
		sor_json_cut(&j, "illegal_content_legal_ground",
			     st->legal_ground, 500);
		sor_json_cut(&j, "illegal_content_explanation",
			     st->explanation, 2000);
	} else {
		json_kv_string(&j, "decision_ground",
			       "DECISION_GROUND_INCOMPATIBLE_CONTENT");
		sor_json_cut(&j, "incompatible_content_ground",
			     st->legal_ground, 500);
		sor_json_cut(&j, "incompatible_content_explanation",
			     st->explanation, 2000);
		json_kv_string(&j, "incompatible_content_illegal", "No");
	}
	json_key(&j, "content_type");
	json_begin_array(&j);
	json_string(&j, "CONTENT_TYPE_PRODUCT");
	json_end_array(&j);
	json_kv_string(&j, "category", st->category);
	if (st->keywords != NULL && *st->keywords != '\0')
		sor_json_words(&j, "category_specification", st->keywords);
	sor_json_words(&j, "territorial_scope", st->territorial_scope);
	sor_json_date(&j, "content_date", st->content_date);
	sor_json_date(&j, "application_date", st->applied);
	sor_json_cut(&j, "decision_facts", st->facts, 5000);
	json_kv_string(&j, "source_type",
		       dsa_source_api(src < 0 ? DSA_SOURCE_ARTICLE_16 :
				      (enum dsa_source)src));
	json_kv_string(&j, "automated_detection",
		       aut > DSA_AUTOMATED_NONE ? "Yes" : "No");
	json_kv_string(&j, "automated_decision",
		       aut == DSA_AUTOMATED_FULL ? "AUTOMATED_DECISION_FULLY" :
		       aut == DSA_AUTOMATED_PARTIAL ?
		       "AUTOMATED_DECISION_PARTIALLY" :
		       "AUTOMATED_DECISION_NOT_AUTOMATED");
	json_kv_string(&j, "puid", puid);
	json_end_object(&j);
	free(puid);
}
