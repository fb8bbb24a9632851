/* cli/cmd_report.c - reportgate report --from DATE --to DATE
   [--json|--csv] (docs/SPEC.md §8): the transparency report of the
   days from..to (UTC, both included) as plain text, one JSON object or
   CSV rows section,key,value. The figures come from store_report.
   Exit 0 done, 1 the store failed, 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/wallclock.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "store/store-report.h"

#define REPORT_DAY 86400

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

static void
report_usage(FILE *f)
{
	fprintf(f, "usage: reportgate report --from YYYY-MM-DD --to YYYY-MM-DD "
		"[--json|--csv]\n\n"
		"The transparency report of the days from..to (UTC, both "
		"included):\nnotices by stream, category and source type, "
		"outcomes, restrictions\nby type, counter-notices, complaints, "
		"median and 90th-percentile\ntimes to acknowledgement and to "
		"decision, held notices and repeat\ninfringers. Plain text, "
		"or one JSON object (--json), or CSV rows\nsection,key,value "
		"(--csv).\n");
}

static void
report_text(const struct store_report *r, const char *from, const char *to)
{
	const struct store_report_time *t[2] = { &r->ack, &r->decision };
	char d1[64], d2[64];

	printf("Transparency report %s to %s (UTC, both days included)\n\n",
	       from, to);
	printf("Notices received   %lld\nHeld notices       %lld\n"
	       "Repeat infringers  %lld\n", (long long)r->notices,
	       (long long)r->held, (long long)r->repeat_infringers);
	for (int i = 0; i < REPORT_N_GROUPS; i++) {
		const struct store_report_group *g = &r->groups[i];

		printf("\n%s\n", g->title);
		for (size_t k = 0; k < g->n; k++)
			printf("  %-24s %lld\n", g->v[k].key,
			       (long long)g->v[k].n);
	}
	for (int i = 0; i < 2; i++)
		printf("\n%s (%lld notices)\n  median                   %s\n"
		       "  90th percentile          %s\n", t[i]->title,
		       (long long)t[i]->count,
		       wallclock_duration(t[i]->median, d1, sizeof(d1)),
		       wallclock_duration(t[i]->p90, d2, sizeof(d2)));
}

/* Writes v as a JSON number, or null when it is -1 (none). */
static void
report_json_opt(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	if (v < 0)
		json_null(j);
	else
		json_int(j, v);
}

static void
report_json(const struct store_report *r, const char *from, const char *to)
{
	const struct store_report_time *t[2] = { &r->ack, &r->decision };
	struct json j;
	struct buf b;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "schema", "reportgate.report/1");
	json_kv_string(&j, "from", from);
	json_kv_string(&j, "to", to);
	json_kv_int(&j, "notices", r->notices);
	for (int i = 0; i < REPORT_N_GROUPS; i++) {
		const struct store_report_group *g = &r->groups[i];

		json_key(&j, g->name);
		json_begin_object(&j);
		for (size_t k = 0; k < g->n; k++)
			json_kv_int(&j, g->v[k].key, g->v[k].n);
		json_end_object(&j);
	}
	for (int i = 0; i < 2; i++) {
		json_key(&j, t[i]->name);
		json_begin_object(&j);
		json_kv_int(&j, "count", t[i]->count);
		report_json_opt(&j, "median_seconds", t[i]->median);
		report_json_opt(&j, "p90_seconds", t[i]->p90);
		json_end_object(&j);
	}
	json_kv_int(&j, "held", r->held);
	json_kv_int(&j, "repeat_infringers", r->repeat_infringers);
	json_end_object(&j);
	printf("%s\n", buf_str(&b));
	buf_free(&b);
}

/* Writes s as one CSV field: quoted when it holds a comma, quote or line
   break, and led by ' when a spreadsheet would read it as a formula. */
static void
report_csv_field(const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		putchar('"');
	if (strchr("=+-@\t", s[0]) != NULL && s[0] != '\0')
		putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	if (quote)
		putchar('"');
}

static void
report_csv_row(const char *section, const char *key, int64_t v)
{
	report_csv_field(section);
	putchar(',');
	report_csv_field(key);
	if (v >= 0)
		printf(",%lld\r\n", (long long)v);
	else
		printf(",\r\n");
}

static void
report_csv(const struct store_report *r)
{
	const struct store_report_time *t[2] = { &r->ack, &r->decision };

	printf("section,key,value\r\n");
	report_csv_row("notices", "total", r->notices);
	for (int i = 0; i < REPORT_N_GROUPS; i++)
		for (size_t k = 0; k < r->groups[i].n; k++)
			report_csv_row(r->groups[i].name,
				       r->groups[i].v[k].key,
				       r->groups[i].v[k].n);
	for (int i = 0; i < 2; i++) {
		report_csv_row(t[i]->name, "count", t[i]->count);
		report_csv_row(t[i]->name, "median_seconds", t[i]->median);
		report_csv_row(t[i]->name, "p90_seconds", t[i]->p90);
	}
	report_csv_row("held", "total", r->held);
	report_csv_row("repeat_infringers", "total", r->repeat_infringers);
}

int
cmd_report(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum report_format fmt = FORMAT_TEXT;
	const char *from = NULL, *to = NULL;
	struct store_report r;
	struct config *cfg = NULL;
	struct store *s = NULL;
	time_t t_from, t_to;
	struct err err;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'j':
		case 'c':
			if (fmt != FORMAT_TEXT) {
				report_usage(stderr);
				return 2;
			}
			fmt = c == 'j' ? FORMAT_JSON : FORMAT_CSV;
			break;
		case 'h': report_usage(stdout); return 0;
		default: report_usage(stderr); return 2;
		}
	}
	if (optind != argc || from == NULL || to == NULL) {
		report_usage(stderr);
		return 2;
	}
	if (wallclock_parse_date(from, &t_from) < 0 ||
	    wallclock_parse_date(to, &t_to) < 0 || t_to < t_from) {
		fprintf(stderr, "reportgate report: --from and --to take dates "
			"YYYY-MM-DD, --from not after --to\n");
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &s, &err) < 0 ||
	    store_report(s, t_from, t_to + REPORT_DAY, &r, &err) < 0) {
		fprintf(stderr, "reportgate report: %s\n", err.msg);
		goto out;
	}
	if (fmt == FORMAT_JSON)
		report_json(&r, from, to);
	else if (fmt == FORMAT_CSV)
		report_csv(&r);
	else
		report_text(&r, from, to);
	ret = 0;
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
}
