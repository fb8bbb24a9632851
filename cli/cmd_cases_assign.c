/* cli/cmd_cases_assign.c - reportgate cases assign REF NAME [--as WHO]:
   assigns a case to a staff account of the console (NAME "-": nobody),
   with an event case.assigned by WHO (default: the login name). The
   account must exist and be enabled. Exit 0 done (or so already), 1
   refused or failed, 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/wallclock.h"
#include "cli/cmd_cases.h"
#include "console/auth.h"

int
cases_assign(struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_account *a = NULL;
	const char *as = NULL, *ref, *name;
	struct err err;
	int64_t id;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'a')
			goto usage;
		as = optarg;
	}
	if (optind + 2 != argc)
		goto usage;
	ref = argv[optind];
	name = argv[optind + 1];
	if (strcmp(name, "-") != 0 && !auth_name_ok(name))
		goto usage;
	err_clear(&err);
	if (strcmp(name, "-") == 0) {
		name = NULL;
	} else if ((rc = store_account_get(s, name, &a, &err)) <= 0 ||
		   a->disabled) {
		store_accounts_free(a, rc > 0 ? 1 : 0);
		if (rc < 0)
			goto fail;
		fprintf(stderr, "reportgate cases assign: %s is not an enabled "
			"account (reportgate users list)\n", name);
		return 1;
	} else {
		store_accounts_free(a, 1);
	}
	if ((rc = store_case_find_ref(s, ref, &id, NULL, &err)) < 0)
		goto fail;
	if (rc == 0) {
		fprintf(stderr, "reportgate cases assign: no case %s\n", ref);
		return 1;
	}
	if (store_case_assign(s, id, name, wallclock_now(),
			      as != NULL && *as ? as : cases_act_login(),
			      &err) < 0)
		goto fail;
	printf("%s %s\n", ref, name != NULL ? name : "unassigned");
	return 0;
fail:
	fprintf(stderr, "reportgate cases assign: %s\n", err.msg);
	return 1;
usage:
	fprintf(stderr, "usage: reportgate cases assign REF NAME [--as WHO]"
		"\n  NAME: a staff account (reportgate users), or - for "
		"nobody\n");
	return 2;
}
