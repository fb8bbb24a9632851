/* cli/cmd_cases_act.c - the staff decisions of reportgate cases:
   accept, reject, request-info, request-evidence, act, close, note. The
   acting staff member is --as NAME, else the login name. A refused move
   exits 1 with the state machine's reason and changes nothing. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mem.h"
#include "cli/cmd_cases.h"
#include "workflow/workflow.h"

void
cases_act_usage(FILE *f)
{
	fprintf(f,
		"usage: reportgate cases accept REF [--reason TEXT] [--as NAME]\n"
		"       reportgate cases reject REF --reason TEXT [--as NAME]\n"
		"       reportgate cases request-info REF --text TEXT [--days N] "
		"[--as NAME]\n"
		"       reportgate cases request-evidence REF --party "
		"vendor|rights_holder --days N --text TEXT [--as NAME]\n"
		"       reportgate cases act REF removal|posting_restriction|"
		"suspension|termination|reinstate --reason TEXT [--as NAME]\n"
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
	const char *reason, *text, *party, *as;
	long days;		/* -1: not given */
};

static int
cases_act_parse(int argc, char **argv, struct cases_act_opts *o)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "text", required_argument, NULL, 't' },
		{ "party", required_argument, NULL, 'p' },
		{ "days", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	*o = (struct cases_act_opts){ NULL, NULL, NULL, NULL, -1 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o->reason = optarg; break;
		case 't': o->text = optarg; break;
		case 'p': o->party = optarg; break;
		case 'a': o->as = optarg; break;
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

int
cases_act(const struct config *cfg, struct store *s, int argc, char **argv)
{
	const char *cmd = argv[0], *ref, *what = NULL;
	struct cases_act_opts o;
	struct workflow_env *e = NULL;
	struct err err;
	int rc, nargs, ret = 1;

	if ((rc = cases_act_parse(argc, argv, &o)) >= 0)
		return rc;
	nargs = strcmp(cmd, "act") == 0 ? 2 : 1;
	if (argc - optind != nargs) {
		cases_act_usage(stderr);
		return 2;
	}
	ref = argv[optind];
	if (nargs == 2)
		what = argv[optind + 1];
	if ((strcmp(cmd, "reject") == 0 || strcmp(cmd, "act") == 0) &&
	    !cases_act_need(cmd, "--reason", o.reason))
		return 2;
	if ((strcmp(cmd, "request-info") == 0 || strcmp(cmd, "note") == 0 ||
	     strcmp(cmd, "request-evidence") == 0) &&
	    !cases_act_need(cmd, "--text", o.text))
		return 2;
	if (strcmp(cmd, "request-evidence") == 0 &&
	    (!cases_act_need(cmd, "--party", o.party) ||
	     !cases_act_need(cmd, "--days", o.days >= 0 ? "y" : NULL)))
		return 2;
	err_clear(&err);
	if ((e = workflow_env_new(cfg, s, o.as && *o.as ? o.as :
				  cases_act_login(), &err)) == NULL)
		goto fail;
	if (e->mailq == NULL && strcmp(cmd, "note") != 0 &&
	    strcmp(cmd, "close") != 0)
		fprintf(stderr, "reportgate cases %s: mails are off "
			"(smtp.from is empty): nothing is sent\n", cmd);
	if (strcmp(cmd, "accept") == 0)
		rc = workflow_accept(e, ref, o.reason, &err);
	else if (strcmp(cmd, "reject") == 0)
		rc = workflow_reject(e, ref, o.reason, &err);
	else if (strcmp(cmd, "request-info") == 0)
		rc = workflow_request_info(e, ref, o.text,
					   o.days > 0 ? (unsigned)o.days : 0,
					   &err);
	else if (strcmp(cmd, "request-evidence") == 0)
		rc = workflow_request_evidence(e, ref, o.party,
					       (unsigned)o.days, o.text, &err);
	else if (strcmp(cmd, "act") == 0)
		rc = workflow_act(e, ref, what, o.reason, &err);
	else if (strcmp(cmd, "close") == 0)
		rc = workflow_close(e, ref, o.reason, &err);
	else
		rc = workflow_note(e, ref, o.text, &err);
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
