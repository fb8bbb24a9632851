/* cli/cmd_cases_complaint.c - `reportgate cases complaint` (decide a
   complaint against a decision, DSA Art. 20) and `reportgate cases open`
   (a case on staff's own initiative, source voluntary). The acting staff
   member is --as NAME, else the login name, as for every decision. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_cases.h"
#include "common/deadline.h"
#include "common/strv.h"
#include "common/wallclock.h"
#include "workflow/workflow.h"

void
cases_complaint_usage(FILE *f)
{
	fprintf(f,
		"usage: reportgate cases complaint REF [--listing ID ...] "
		"uphold|reverse --reason TEXT [--as NAME]\n"
		"       reportgate cases open --listing ID [--listing ID ...] "
		"--ground terms|illegal --clause inactive|negative_feedback|"
		"outdated|breach|prohibited|malware|personal_data "
		"--explanation TEXT [--stream ip|abuse] [--vendor EMAIL] "
		"[--as NAME]\n");
}

struct complaint_opts {
	const char *reason, *as, *ground, *clause, *explanation, *stream;
	const char *vendor;
	struct strv listings;
};

static int
complaint_parse(int argc, char **argv, struct complaint_opts *o)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "as", required_argument, NULL, 'a' },
		{ "listing", required_argument, NULL, 'l' },
		{ "ground", required_argument, NULL, 'g' },
		{ "clause", required_argument, NULL, 'c' },
		{ "explanation", required_argument, NULL, 'e' },
		{ "stream", required_argument, NULL, 's' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o->reason = optarg; break;
		case 'a': o->as = optarg; break;
		case 'l': strv_push(&o->listings, optarg); break;
		case 'g': o->ground = optarg; break;
		case 'c': o->clause = optarg; break;
		case 'e': o->explanation = optarg; break;
		case 's': o->stream = optarg; break;
		case 'v': o->vendor = optarg; break;
		case 'h': cases_complaint_usage(stdout); return 0;
		default: cases_complaint_usage(stderr); return 2;
		}
	}
	return -1;
}

static bool
complaint_need(const char *cmd, const char *what, const char *v)
{
	if (v != NULL && *v != '\0')
		return true;
	fprintf(stderr, "reportgate cases %s: %s is required\n", cmd, what);
	return false;
}

/* cases open: the checks of usage, then the workflow. */
static int
complaint_open(const struct config *cfg, struct store *s, int argc,
	       struct complaint_opts *o, struct workflow_env **e,
	       struct err *err)
{
	struct workflow_open wo = { STREAM_ABUSE, o->ground, o->clause,
		o->explanation, &o->listings, o->vendor };
	char ref[32];

	if (argc != optind || o->listings.n == 0) {
		if (o->listings.n == 0)
			fprintf(stderr, "reportgate cases open: --listing is "
				"required\n");
		cases_complaint_usage(stderr);
		return 2;
	}
	if (!complaint_need("open", "--ground", o->ground) ||
	    !complaint_need("open", "--explanation", o->explanation) ||
	    (strcmp(o->ground, "terms") == 0 &&
	     !complaint_need("open", "--clause", o->clause)))
		return 2;
	if (o->stream != NULL && report_stream_parse(o->stream,
						     &wo.stream) < 0) {
		fprintf(stderr, "reportgate cases open: --stream is ip or "
			"abuse\n");
		return 2;
	}
	if ((*e = workflow_env_new(cfg, s, o->as && *o->as ? o->as :
				   cases_act_login(), err)) == NULL ||
	    workflow_open_case(*e, &wo, ref, sizeof(ref), err) < 0)
		return 1;
	return cases_print_status(s, ref, err) < 0 ? 1 : 0;
}

int
cases_complaint(const struct config *cfg, struct store *s, int argc,
		char **argv)
{
	const char *cmd = argv[0];
	struct complaint_opts o = { 0 };
	struct workflow_env *e = NULL;
	struct err err;
	bool reverse;
	int rc;

	err_clear(&err);
	if ((rc = complaint_parse(argc, argv, &o)) >= 0)
		goto out;
	if (strcmp(cmd, "open") == 0) {
		rc = complaint_open(cfg, s, argc, &o, &e, &err);
		goto out;
	}
	rc = 2;
	if (argc - optind != 2) {
		cases_complaint_usage(stderr);
		goto out;
	}
	if (strcmp(argv[optind + 1], "uphold") != 0 &&
	    strcmp(argv[optind + 1], "reverse") != 0) {
		fprintf(stderr, "reportgate cases complaint: the outcome is "
			"uphold or reverse, not '%s'\n", argv[optind + 1]);
		goto out;
	}
	reverse = strcmp(argv[optind + 1], "reverse") == 0;
	if (!complaint_need(cmd, "--reason", o.reason))
		goto out;
	rc = 1;
	if ((e = workflow_env_new(cfg, s, o.as && *o.as ? o.as :
				  cases_act_login(), &err)) == NULL ||
	    workflow_complaint(e, argv[optind], &o.listings, reverse, o.reason,
			       &err) < 0 ||
	    cases_print_status(s, argv[optind], &err) < 0)
		goto out;
	rc = 0;
out:
	if (rc == 1)
		fprintf(stderr, "reportgate cases %s: %s\n", cmd, err.msg);
	workflow_env_free(&e);
	strv_free(&o.listings);
	return rc;
}

void
cases_json_complaints(struct json *j, struct store *s,
		      const struct store_case *c)
{
	struct store_complaint *v = NULL;
	struct err err;
	char t[32], due[16];
	size_t n = 0;

	json_kv_string(j, "ground", c->ground);
	json_kv_string(j, "clause", c->clause);
	json_kv_string(j, "explanation", c->explanation);
	err_clear(&err);
	json_key(j, "complaints");
	json_begin_array(j);
	if (store_complaints(s, c->id, &v, &n, &err) < 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_kv_string(j, "listing", v[i].listing_id);
		json_kv_string(j, "party", v[i].party);
		json_kv_string(j, "address", v[i].address);
		json_kv_string(j, "decision", v[i].decision);
		json_kv_string(j, "decided_by", v[i].decided_by);
		wallclock_utc(v[i].created, WALLCLOCK_ISO, t, sizeof(t));
		json_kv_string(j, "created", t);
		deadline_format(v[i].answer_by, due, sizeof(due));
		json_kv_string(j, "answer_by", due);
		json_kv_string(j, "outcome", v[i].outcome);
		json_kv_string(j, "reason", v[i].reason);
		json_kv_string(j, "outcome_by", v[i].outcome_by);
		if (v[i].outcome_at != 0) {
			wallclock_utc(v[i].outcome_at, WALLCLOCK_ISO, t,
				      sizeof(t));
			json_kv_string(j, "outcome_at", t);
		} else {
			json_kv_string(j, "outcome_at", NULL);
		}
		json_end_object(j);
	}
	json_end_array(j);
	store_complaints_free(v, n);
}
