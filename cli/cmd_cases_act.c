/* cli/cmd_cases_act.c - the staff decisions of reportgate cases:
   accept, reject, request-info, request-evidence, act, close, note. The
   acting staff member is --as NAME, else the login name. A refused move
   exits 1 with the state machine's reason and changes nothing. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/dsa.h"
#include "common/mem.h"
#include "cli/cmd_cases.h"
#include "workflow/workflow.h"

void
cases_act_usage(FILE *f)
{
	fprintf(f,
		"usage: reportgate cases accept REF [--listing ID ...] "
		"[--reason TEXT] [--as NAME]\n"
		"       reportgate cases reject REF --reason TEXT [--unfounded] "
		"[--as NAME]\n"
		"       reportgate cases release REF --reason TEXT [--as NAME]\n"
		"       reportgate cases request-info REF --text TEXT [--days N] "
		"[--as NAME]\n"
		"       reportgate cases request-evidence REF (--vendor EMAIL | "
		"--party rights_holder) --days N --text TEXT [--as NAME]\n"
		"       reportgate cases close-request REF ID [--as NAME]\n"
		"       reportgate cases act REF removal|reinstate "
		"[--listing ID ...] --reason TEXT [--ground illegal|terms] "
		"[--explanation TEXT] [--as NAME]\n"
		"       reportgate cases act REF posting_restriction|"
		"suspension|termination [--vendor EMAIL] [--until DATE] "
		"--reason TEXT [--ground illegal|terms] [--explanation TEXT] "
		"[--as NAME]\n"
		"       reportgate cases unflag REF --reason TEXT [--as NAME]\n"
		"       reportgate cases move REF --stream ip|abuse [--as NAME]\n"
		"       reportgate cases set REF [--rights-holder NAME] "
		"[--right TYPE:JURISDICTION:NUMBER ...] [--organisation ORG] "
		"[--as NAME]\n"
		"       reportgate cases close REF [--reason TEXT] [--as NAME]\n"
		"       reportgate cases note REF --text TEXT [--as NAME]\n");
}

const char *
cases_act_login(void)
{
	static char uid[32];
	const char *s = getlogin();
	struct passwd *pw;

	if (s != NULL && *s)
		return s;
	if ((s = getenv("USER")) != NULL && *s)
		return s;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name)
		return pw->pw_name;
	snprintf(uid, sizeof(uid), "uid %u", (unsigned)getuid());
	return uid;
}

struct cases_act_opts {
	const char *reason, *text, *party, *as, *vendor;
	long days;		/* -1: not given */
	struct strv listings;	/* --listing, in order */
	const char *holder, *org;	/* cases set */
	const char *stream;		/* cases move */
	struct strv rights;		/* --right, in order */
	struct workflow_sor_opts sor;	/* act: --ground, --explanation,
					   --until */
	bool unfounded;			/* cases reject --unfounded */
};

/* Reads a date YYYY-MM-DD into *t_r: the end of that day (UTC), the
   last second the restriction applies. Returns 0 or -1. */
static int
cases_act_date(const char *s, time_t *t_r)
{
	if (dsa_parse_date(s, t_r) < 0)
		return -1;
	*t_r += 86399;
	return 0;
}

static int
cases_act_parse(int argc, char **argv, struct cases_act_opts *o)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "text", required_argument, NULL, 't' },
		{ "party", required_argument, NULL, 'p' },
		{ "days", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "listing", required_argument, NULL, 'l' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "rights-holder", required_argument, NULL, 'H' },
		{ "right", required_argument, NULL, 'R' },
		{ "stream", required_argument, NULL, 'S' },
		{ "organisation", required_argument, NULL, 'O' },
		{ "organization", required_argument, NULL, 'O' },
		{ "ground", required_argument, NULL, 'G' },
		{ "explanation", required_argument, NULL, 'E' },
		{ "until", required_argument, NULL, 'U' },
		{ "unfounded", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	*o = (struct cases_act_opts){ NULL, NULL, NULL, NULL, NULL, -1,
		{ 0 }, NULL, NULL, NULL, { 0 }, { NULL, NULL, 0 }, false };
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o->reason = optarg; break;
		case 't': o->text = optarg; break;
		case 'p': o->party = optarg; break;
		case 'a': o->as = optarg; break;
		case 'l': strv_push(&o->listings, optarg); break;
		case 'v': o->vendor = optarg; break;
		case 'H': o->holder = optarg; break;
		case 'O': o->org = optarg; break;
		case 'S': o->stream = optarg; break;
		case 'R': strv_push(&o->rights, optarg); break;
		case 'F': o->unfounded = true; break;
		case 'G': o->sor.ground = optarg; break;
		case 'E': o->sor.explanation = optarg; break;
		case 'U':
			if (cases_act_date(optarg, &o->sor.until) < 0) {
				fprintf(stderr, "reportgate cases: --until "
					"takes a date YYYY-MM-DD\n");
				return 2;
			}
			break;
		case 'd':
			o->days = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->days < 0 ||
			    o->days > 3650) {
				fprintf(stderr, "reportgate cases: --days "
					"takes 0 to 3650\n");
				return 2;
			}
			break;
		case 'h': cases_act_usage(stdout); return 0;
		default: cases_act_usage(stderr); return 2;
		}
	}
	return -1;
}

/* Checks that the option a command needs is there. */
static bool
cases_act_need(const char *cmd, const char *what, const char *v)
{
	if (v != NULL && *v != '\0')
		return true;
	fprintf(stderr, "reportgate cases %s: %s is required\n", cmd, what);
	return false;
}

static int cases_act_run(const struct config *cfg, struct store *s,
			 const char *cmd, int argc, char **argv,
			 struct cases_act_opts *o);

int
cases_act(const struct config *cfg, struct store *s, int argc, char **argv)
{
	const char *cmd = argv[0];
	struct cases_act_opts o;
	int rc;

	if ((rc = cases_act_parse(argc, argv, &o)) < 0)
		rc = cases_act_run(cfg, s, cmd, argc, argv, &o);
	strv_free(&o.listings);
	strv_free(&o.rights);
	return rc;
}

static int
cases_act_run(const struct config *cfg, struct store *s, const char *cmd,
	      int argc, char **argv, struct cases_act_opts *o)
{
	const char *ref, *what = NULL;
	struct workflow_env *e = NULL;
	struct err err;
	long long id = 0;
	char *end;
	int rc, nargs, ret = 1;

	nargs = strcmp(cmd, "act") == 0 || strcmp(cmd, "close-request") == 0 ?
		2 : 1;
	if (argc - optind != nargs) {
		cases_act_usage(stderr);
		return 2;
	}
	ref = argv[optind];
	if (nargs == 2 && strcmp(cmd, "act") == 0)
		what = argv[optind + 1];
	if (nargs == 2 && strcmp(cmd, "close-request") == 0) {
		id = strtoll(argv[optind + 1], &end, 10);
		if (*argv[optind + 1] == '\0' || *end != '\0' || id <= 0) {
			fprintf(stderr, "reportgate cases close-request: ID is "
				"a request number\n");
			return 2;
		}
		what = NULL;
	}
	if (o->unfounded && strcmp(cmd, "reject") != 0) {
		fprintf(stderr, "reportgate cases %s: --unfounded goes with "
			"reject\n", cmd);
		return 2;
	}
	if ((strcmp(cmd, "reject") == 0 || strcmp(cmd, "act") == 0 ||
	     strcmp(cmd, "unflag") == 0 || strcmp(cmd, "release") == 0) &&
	    !cases_act_need(cmd, "--reason", o->reason))
		return 2;
	if ((strcmp(cmd, "request-info") == 0 || strcmp(cmd, "note") == 0 ||
	     strcmp(cmd, "request-evidence") == 0) &&
	    !cases_act_need(cmd, "--text", o->text))
		return 2;
	if (strcmp(cmd, "move") == 0 &&
	    !cases_act_need(cmd, "--stream", o->stream))
		return 2;
	if (strcmp(cmd, "request-evidence") == 0 &&
	    (!cases_act_need(cmd, "--vendor or --party",
			     o->party ? o->party : o->vendor) ||
	     !cases_act_need(cmd, "--days", o->days >= 0 ? "y" : NULL)))
		return 2;
	err_clear(&err);
	if ((e = workflow_env_new(cfg, s, o->as && *o->as ? o->as :
				  cases_act_login(), &err)) == NULL)
		goto fail;
	if (e->mailq == NULL && strcmp(cmd, "note") != 0 &&
	    strcmp(cmd, "close") != 0 && strcmp(cmd, "unflag") != 0 &&
	    strcmp(cmd, "set") != 0 && strcmp(cmd, "move") != 0 &&
	    strcmp(cmd, "close-request") != 0 && strcmp(cmd, "release") != 0)
		fprintf(stderr, "reportgate cases %s: mails are off "
			"(smtp.from is empty): nothing is sent\n", cmd);
	if (strcmp(cmd, "accept") == 0)
		rc = workflow_accept_listings(e, ref, o->reason, &o->listings,
					      &err);
	else if (strcmp(cmd, "reject") == 0 && o->unfounded)
		rc = workflow_reject_unfounded(e, ref, o->reason, &err);
	else if (strcmp(cmd, "reject") == 0)
		rc = workflow_reject(e, ref, o->reason, &err);
	else if (strcmp(cmd, "release") == 0)
		rc = workflow_release(e, ref, o->reason, &err);
	else if (strcmp(cmd, "request-info") == 0)
		rc = workflow_request_info(e, ref, o->text,
					   o->days > 0 ? (unsigned)o->days : 0,
					   &err);
	else if (strcmp(cmd, "request-evidence") == 0)
		rc = workflow_request_evidence_from(e, ref, o->party,
						    o->vendor,
						    (unsigned)o->days, o->text,
						    &err);
	else if (strcmp(cmd, "act") == 0)
		rc = workflow_act_dsa(e, ref, what, &o->listings, o->vendor,
				      o->reason, &o->sor, &err);
	else if (strcmp(cmd, "close-request") == 0)
		rc = workflow_close_request(e, ref, (int64_t)id, &err);
	else if (strcmp(cmd, "unflag") == 0)
		rc = workflow_unflag(e, ref, o->reason, &err);
	else if (strcmp(cmd, "move") == 0)
		rc = workflow_move_stream(e, ref, o->stream, &err);
	else if (strcmp(cmd, "set") == 0) {
		struct workflow_set set = { o->holder, o->org, &o->rights };

		rc = workflow_set_fields(e, ref, &set, &err);
	}
	else if (strcmp(cmd, "close") == 0)
		rc = workflow_close(e, ref, o->reason, &err);
	else
		rc = workflow_note(e, ref, o->text, &err);
	if (rc < 0)
		goto fail;
	rc = cases_print_status(s, ref, &err);
	ret = rc < 0 ? 1 : 0;
	goto out;
fail:
	fprintf(stderr, "reportgate cases %s: %s\n", cmd, err.msg);
out:
	workflow_env_free(&e);
	return ret;
}
