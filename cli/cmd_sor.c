/* cli/cmd_sor.c - reportgate sor export|submit (docs/SPEC.md §8): the
   statements of reasons as the DSA Transparency Database's JSON, one a
   line, and their submission to [dsa] api_url with the bearer token of
   [dsa] token_file. A statement accepted there (or refused as a
   duplicate puid) is marked sent with its uuid and never sent again; a
   network error or 5xx is retried in the run with a short backoff, then
   left for a later run after the backoff of the SMTP sender's curve. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/backoff.h"
#include "common/buf.h"
#include "common/dsa.h"
#include "common/json.h"
#include "common/log.h"
#include "common/secret.h"
#include "common/wallclock.h"
#include "cli/cmd_sor.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "outbox/tdb.h"
#include "store/store.h"
#include "workflow/workflow.h"

/* Attempts of one statement within one run, and the seconds between
   them (backoff from 1 up to 4). */
#define SOR_TRIES 3
/* Later runs: the first retry after a minute, at most a day. */
#define SOR_RETRY_BASE 60
#define SOR_RETRY_MAX 86400
#define SOR_TIMEOUT 60

static void
sor_usage(FILE *f)
{
	fprintf(f,
		"usage: reportgate sor export [--since DATE] [--until DATE]\n"
		"       reportgate sor submit\n"
		"       reportgate sor list [REF] [--json]\n"
		"  export: one Transparency Database statement (JSON) a line,\n"
		"          decisions from --since DATE to --until DATE "
		"(YYYY-MM-DD, UTC, both included)\n"
		"  submit: POSTs the statements not yet sent to [dsa] api_url\n"
		"  list:   the stored statements (of case REF), as mailed\n");
}

static int
sor_export(struct store *s, time_t since, time_t until)
{
	struct store_statement_filter f = { 0, since, until, false, 0 };
	struct store_statement *st = NULL;
	struct err err;
	struct buf b;
	size_t n = 0;

	err_clear(&err);
	if (store_statement_list(s, &f, &st, &n, &err) < 0) {
		fprintf(stderr, "reportgate sor export: %s\n", err.msg);
		return 1;
	}
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		workflow_sor_json(&st[i], &b);
		printf("%s\n", buf_str(&b));
	}
	buf_free(&b);
	store_statements_free(st, n);
	return fflush(stdout) == 0 ? 0 : 1;
}

void
sor_statement_json(struct json *j, const struct store_statement *st)
{
	char *puid = workflow_sor_puid(st);
	char day[32];

	json_begin_object(j);
	json_kv_int(j, "id", st->id);
	json_kv_string(j, "puid", puid);
	json_kv_string(j, "ref", st->ref);
	json_kv_string(j, "vendor", st->vendor_email);
	json_kv_string(j, "restriction", st->restriction);
	json_kv_string(j, "listing_id", st->listing_id);
	json_kv_string(j, "listings", st->listings);
	json_kv_string(j, "lang", st->lang);
	json_kv_string(j, "ground", st->ground);
	json_kv_string(j, "legal_ground", st->legal_ground);
	json_kv_string(j, "explanation", st->explanation);
	json_kv_string(j, "source_type", st->source_type);
	json_kv_string(j, "category", st->category);
	json_kv_string(j, "territorial_scope", st->territorial_scope);
	json_kv_string(j, "automated", st->automated);
	json_kv_string(j, "applied", wallclock_utc(st->applied, WALLCLOCK_ISO,
						   day, sizeof(day)));
	json_kv_string(j, "until", st->until ? wallclock_utc(
			       st->until, WALLCLOCK_ISO, day, sizeof(day)) :
		       NULL);
	json_kv_bool(j, "mailed", st->mailed);
	json_kv_string(j, "decided_by", st->decided_by);
	json_kv_string(j, "tdb_uuid", st->tdb_uuid);
	json_kv_int(j, "tdb_attempts", st->tdb_attempts);
	json_kv_string(j, "tdb_error", st->tdb_error);
	json_kv_string(j, "facts", st->facts);
	json_kv_string(j, "text", st->text);
	json_end_object(j);
	free(puid);
}

static int
sor_list(struct store *s, const char *ref, bool as_json)
{
	struct store_statement_filter f = { 0 };
	struct store_statement *st = NULL;
	struct store_case *c = NULL;
	char *puid;
	struct err err;
	struct json j;
	struct buf b;
	size_t n = 0;
	int rc;

	err_clear(&err);
	if (ref != NULL) {
		if ((rc = store_case_get(s, ref, &c, &err)) <= 0) {
			fprintf(stderr, "reportgate sor list: %s\n", rc == 0 ?
				"no such case" : err.msg);
			return 1;
		}
		f.case_id = c->id;
		store_cases_free(c, 1);
	}
	if (store_statement_list(s, &f, &st, &n, &err) < 0) {
		fprintf(stderr, "reportgate sor list: %s\n", err.msg);
		return 1;
	}
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		if (as_json) {
			json_init(&j, &b);
			sor_statement_json(&j, &st[i]);
			printf("%s\n", buf_str(&b));
			continue;
		}
		printf("%-22s %-20s %-16s %-24s %s\n",
		       puid = workflow_sor_puid(&st[i]), st[i].restriction,
		       st[i].listing_id ? st[i].listing_id : "-",
		       st[i].vendor_email ? st[i].vendor_email : "-",
		       st[i].tdb_uuid ? st[i].tdb_uuid : "unsent");
		free(puid);
	}
	buf_free(&b);
	store_statements_free(st, n);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* Submits one statement, retrying in the run. Returns its result. */
static enum tdb_result
sor_submit_one(struct tdb_client *c, const struct store_statement *st,
	       char **uuid_r, char *why, size_t whysz)
{
	enum tdb_result r = TDB_RETRY;
	char q[600];
	struct buf b;

	buf_init(&b, 0);
	workflow_sor_json(st, &b);
	for (unsigned k = 1; k <= SOR_TRIES; k++) {
		r = tdb_post(c, buf_str(&b), b.len, uuid_r, why, whysz);
		if (r != TDB_RETRY || k == SOR_TRIES)
			break;
		log_warn("sor", "tdb.retry", "statement=%lld attempt=%u why=%s",
			 (long long)st->id, k, log_q(q, sizeof(q), why));
		sleep(backoff_delay(k, 1, 4));
	}
	buf_free(&b);
	return r;
}

static int
sor_submit(const struct config *cfg, struct store *s)
{
	struct store_statement_filter f = { 0, 0, 0, true, wallclock_now() };
	unsigned sent = 0, dup = 0, failed = 0;
	struct store_statement *st = NULL;
	struct tdb_client *c = NULL;
	char why[512], q[600], *token = NULL, *uuid = NULL;
	enum tdb_result r;
	struct err err;
	size_t n = 0, i;
	int ret = 1;

	err_clear(&err);
	if (cfg->dsa_token_file == NULL || cfg->dsa_api_url == NULL) {
		fprintf(stderr, "reportgate sor submit: dsa.token_file and "
			"dsa.api_url must be set\n");
		return 1;
	}
	if ((token = secret_read(cfg->dsa_token_file, &err)) == NULL ||
	    (c = tdb_new(cfg->dsa_api_url, token, NULL, SOR_TIMEOUT,
			 &err)) == NULL ||
	    store_statement_list(s, &f, &st, &n, &err) < 0) {
		fprintf(stderr, "reportgate sor submit: %s\n", err.msg);
		goto out;
	}
	secret_free(&token);
	for (i = 0; i < n; i++) {
		r = sor_submit_one(c, &st[i], &uuid, why, sizeof(why));
		if (r == TDB_CREATED || r == TDB_DUPLICATE) {
			if (store_statement_sent(s, st[i].id, uuid,
						 wallclock_now(), &err) < 0)
				break;
			log_info("sor", r == TDB_CREATED ? "tdb.sent" :
				 "tdb.duplicate", "statement=%lld case=%s "
				 "uuid=%s", (long long)st[i].id, st[i].ref,
				 uuid);
			r == TDB_CREATED ? sent++ : dup++;
			free(uuid);
			uuid = NULL;
			continue;
		}
		failed++;
		log_warn("sor", "tdb.failed", "statement=%lld case=%s why=%s",
			 (long long)st[i].id, st[i].ref,
			 log_q(q, sizeof(q), why));
		if (store_statement_failed(s, st[i].id, why, wallclock_now() +
					   backoff_delay((unsigned)
							 st[i].tdb_attempts + 1,
							 SOR_RETRY_BASE,
							 SOR_RETRY_MAX),
					   &err) < 0)
			break;
		if (r == TDB_AUTH) {
			fprintf(stderr, "reportgate sor submit: the token is "
				"refused: %s\n", why);
			break;
		}
	}
	if (err.class != ERR_NONE)
		fprintf(stderr, "reportgate sor submit: %s\n", err.msg);
	printf("sent %u, duplicates %u, failed %u, left %zu\n", sent, dup,
	       failed, n - sent - dup);
	ret = failed == 0 && err.class == ERR_NONE ? 0 : 1;
out:
	free(uuid);
	secret_free(&token);
	tdb_free(&c);
	store_statements_free(st, n);
	return ret;
}

int
cmd_sor(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config *cfg = NULL;
	struct store *s = NULL;
	time_t since = 0, until = 0;
	const char *sub, *ref = NULL;
	bool as_json = false;
	struct err err;
	int c, ret = 1;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
			  strcmp(argv[1], "-h") == 0)) {
		sor_usage(stdout);
		return 0;
	}
	if (argc < 2 || (strcmp(argv[1], "export") != 0 &&
			 strcmp(argv[1], "submit") != 0 &&
			 strcmp(argv[1], "list") != 0)) {
		sor_usage(stderr);
		return 2;
	}
	sub = argv[1];
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'u':
			if (strcmp(sub, "export") != 0 ||
			    dsa_parse_date(optarg, c == 's' ? &since :
					   &until) < 0) {
				sor_usage(stderr);
				return 2;
			}
			break;
		case 'j':
			if (strcmp(sub, "list") != 0) {
				sor_usage(stderr);
				return 2;
			}
			as_json = true;
			break;
		case 'h':
			sor_usage(stdout);
			return 0;
		default:
			sor_usage(stderr);
			return 2;
		}
	}
	/* optind counts from argv + 1 */
	if (optind + 1 < argc && strcmp(sub, "list") == 0)
		ref = argv[optind++ + 1];
	if (optind != argc - 1) {
		sor_usage(stderr);
		return 2;
	}
	/* --until names the last day included */
	if (until != 0)
		until += 86400;
	err_clear(&err);
	if (cli_open(g, &cfg, &s, &err) < 0) {
		fprintf(stderr, "reportgate sor: %s\n", err.msg);
		goto out;
	}
	if (strcmp(sub, "list") == 0)
		ret = sor_list(s, ref, as_json);
	else if (strcmp(sub, "export") == 0)
		ret = sor_export(s, since, until);
	else
		ret = sor_submit(cfg, s);
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
}
