/* cli/cmd_vendors.c - reportgate vendors list [--json] (SPEC §8): every
   vendor of the listing directory with its counts, and whether it is a
   repeat infringer (docs/WORKFLOW.md "Notice sources, misuse and repeat
   infringers"). Exit 0 done, 1 failure explained, 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/noticepolicy.h"
#include "common/wallclock.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "store/store.h"

static void
vendors_usage(FILE *f)
{
	fprintf(f, "usage: reportgate vendors list [--json]\n\n"
		"Every vendor of the listing directory: its listings, the\n"
		"cases reporting them, removals (ever, and in [dsa]\n"
		"repeat_window_days), account actions, and whether it is a\n"
		"repeat infringer ([dsa] repeat_threshold).\n");
}

static void
vendors_print(const struct store_vendor_row *v, size_t n, bool as_json)
{
	struct buf b;
	struct json j;
	char t[32];

	buf_init(&b, 0);
	if (!as_json && n > 0)
		printf("%-32s %8s %6s %8s %7s %7s  %s\n", "VENDOR", "LISTINGS",
		       "CASES", "REMOVALS", "WINDOW", "ACTIONS", "FLAGS");
	for (size_t i = 0; i < n; i++) {
		if (v[i].repeat_since != 0)
			wallclock_utc(v[i].repeat_since, WALLCLOCK_ISO, t,
				      sizeof(t));
		if (!as_json) {
			printf("%-32s %8d %6d %8d %7d %7d  %s\n", v[i].email,
			       v[i].listings, v[i].cases, v[i].removals,
			       v[i].removals_window, v[i].account_actions,
			       v[i].repeat_infringer ? "[repeat infringer]" :
			       "-");
			continue;
		}
		buf_reset(&b);
		json_init(&j, &b);
		json_begin_object(&j);
		json_kv_string(&j, "vendor_email", v[i].email);
		json_kv_string(&j, "vendor_name", v[i].name);
		json_kv_int(&j, "listings", v[i].listings);
		json_kv_int(&j, "cases", v[i].cases);
		json_kv_int(&j, "removals", v[i].removals);
		json_kv_int(&j, "removals_in_window", v[i].removals_window);
		json_kv_int(&j, "account_actions", v[i].account_actions);
		json_kv_bool(&j, "repeat_infringer", v[i].repeat_infringer);
		json_kv_string(&j, "repeat_since", v[i].repeat_since != 0 ?
			       t : NULL);
		json_end_object(&j);
		printf("%s\n", buf_str(&b));
	}
	buf_free(&b);
}

int
cmd_vendors(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_vendor_row *v = NULL;
	struct notice_policy np;
	struct config *cfg = NULL;
	struct store *s = NULL;
	struct err err;
	bool as_json = false;
	size_t n = 0;
	int c, ret = 1;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		vendors_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "list") != 0) {
		fprintf(stderr, "reportgate vendors: unknown subcommand '%s'\n",
			argv[1]);
		vendors_usage(stderr);
		return 2;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = true; break;
		case 'h': vendors_usage(stdout); return 0;
		default: vendors_usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		vendors_usage(stderr);
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &s, &err) < 0) {
		fprintf(stderr, "reportgate vendors: %s\n", err.msg);
		return 1;
	}
	notice_policy_init(&np, cfg);
	if (store_vendor_list(s, notice_policy_since(wallclock_now(),
						     np.repeat_window_days),
			      np.repeat_threshold, &v, &n, &err) < 0) {
		fprintf(stderr, "reportgate vendors: %s\n", err.msg);
		goto out;
	}
	vendors_print(v, n, as_json);
	ret = 0;
out:
	store_vendor_rows_free(v, n);
	notice_policy_free(&np);
	store_close(&s);
	config_free(&cfg);
	return ret;
}
