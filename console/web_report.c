/* console/web_report.c - the Reports page of the console: the
   transparency report of docs/SPEC.md §8 (store_report) for a period
   chosen in a GET form, each group as a bar chart drawn on the server as
   inline SVG (no script; colours are presentation attributes, so the
   console's CSP holds) beside a table of the same numbers. Every label
   goes through the HTML writer's escaping. */
#include <stdio.h>
#include <string.h>

#include "common/wallclock.h"
#include "console/web_int.h"
#include "store/store-report.h"

/* The chart's geometry, in SVG user units (pixels). */
#define CHART_LABEL_W 190	/* the labels' column */
#define CHART_BAR_W 320		/* the longest bar */
#define CHART_ROW_H 24
#define CHART_BAR_H 18
#define CHART_W (CHART_LABEL_W + CHART_BAR_W + 140)
/* Bytes of a label shown in a chart (the table shows it whole). */
#define CHART_LABEL_MAX 28

/* One bar: its label, its length's value and the text after it. */
struct chart_bar {
	const char *label;
	long long value;
	const char *shown;
};

/* Copies label into out (size bytes), cut at CHART_LABEL_MAX bytes on a
   UTF-8 character boundary with "…" appended when cut. Returns out. */
static const char *
chart_label(const char *label, char *out, size_t size)
{
	size_t n = strlen(label);

	if (n <= CHART_LABEL_MAX) {
		snprintf(out, size, "%s", label);
		return out;
	}
	n = CHART_LABEL_MAX;
	while (n > 0 && ((unsigned char)label[n] & 0xC0) == 0x80)
		n--;
	snprintf(out, size, "%.*s\u2026", (int)n, label);
	return out;
}

/* Appends a horizontal bar chart of b[0..n) titled title (also its
   accessible name), the bars scaled to the largest value. */
static void
chart_svg(struct web_html *h, const char *title, const struct chart_bar *b,
	  size_t n)
{
	long long max = 0, w;
	char label[CHART_LABEL_MAX + 8];
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].value > max)
			max = b[i].value;
	web_html_printf(h, "<svg class=\"chart\" xmlns=\"http://www.w3.org/"
			"2000/svg\" role=\"img\" width=\"%d\" height=\"%zu\" "
			"viewBox=\"0 0 %d %zu\"><title>%s</title>", CHART_W,
			n * CHART_ROW_H + 8, CHART_W, n * CHART_ROW_H + 8,
			title);
	for (i = 0; i < n; i++) {
		size_t y = i * CHART_ROW_H + 4;

		w = max > 0 ? b[i].value * CHART_BAR_W / max : 0;
		if (b[i].value > 0 && w < 2)
			w = 2;
		web_html_printf(h, "<g class=\"bar\"><text x=\"0\" y=\"%zu\" "
				"font-size=\"13\" fill=\"#222\">%s</text>"
				"<rect x=\"%d\" y=\"%zu\" width=\"%lld\" "
				"height=\"%d\" fill=\"#3a6ea5\"></rect>"
				"<text x=\"%lld\" y=\"%zu\" font-size=\"13\" "
				"fill=\"#222\">%s</text></g>", y + 14,
				chart_label(b[i].label, label, sizeof(label)),
				CHART_LABEL_W, y, w, CHART_BAR_H,
				CHART_LABEL_W + w + 6, y + 14, b[i].shown);
	}
	web_html_raw(h, "</svg>");
}

/* One group: a heading, its chart and its table. */
static void
report_group(struct web_html *h, const struct store_report_group *g)
{
	struct chart_bar b[STORE_REPORT_KEYS];
	char shown[STORE_REPORT_KEYS][24];
	size_t i;

	for (i = 0; i < g->n; i++) {
		snprintf(shown[i], sizeof(shown[i]), "%lld",
			 (long long)g->v[i].n);
		b[i] = (struct chart_bar){ g->v[i].key, g->v[i].n, shown[i] };
	}
	web_html_printf(h, "<section class=\"report\" id=\"%s\"><h2>%s</h2>",
			g->name, g->title);
	chart_svg(h, g->title, b, g->n);
	web_html_raw(h, "<table><tbody>");
	for (i = 0; i < g->n; i++)
		web_html_printf(h, "<tr><td>%s</td><td>%lld</td></tr>",
				g->v[i].key, (long long)g->v[i].n);
	web_html_raw(h, "</tbody></table></section>\n");
}

/* The two durations as a chart of medians and 90th percentiles. */
static void
report_times(struct web_html *h, const struct store_report *r)
{
	const struct store_report_time *t[2] = { &r->ack, &r->decision };
	static const char *const labels[4] = {
		"acknowledgement, median", "acknowledgement, 90th pct.",
		"decision, median", "decision, 90th pct."
	};
	struct chart_bar b[4];
	char shown[4][64];
	size_t i;

	for (i = 0; i < 4; i++) {
		long long v = i % 2 ? t[i / 2]->p90 : t[i / 2]->median;

		wallclock_duration(v, shown[i], sizeof(shown[i]));
		b[i] = (struct chart_bar){ labels[i], v, shown[i] };
	}
	web_html_raw(h, "<section class=\"report\" id=\"times\"><h2>Time from "
		     "receipt to acknowledgement and to decision</h2>");
	chart_svg(h, "Time from receipt to acknowledgement and to decision",
		  b, 4);
	web_html_raw(h, "<table><thead><tr><th></th><th>notices</th>"
		     "<th>median</th><th>90th percentile</th></tr></thead>"
		     "<tbody>");
	for (i = 0; i < 2; i++)
		web_html_printf(h, "<tr><td>%s</td><td>%lld</td><td>%s</td>"
				"<td>%s</td></tr>", t[i]->title,
				(long long)t[i]->count, shown[2 * i],
				shown[2 * i + 1]);
	web_html_raw(h, "</tbody></table></section>\n");
}

void
web_pages_report(struct store *s, time_t from, time_t to,
		 struct web_reply *r)
{
	struct web_html *h = &r->page;
	struct store_report rep;
	char d1[16], d2[16];
	struct err err;

	err_clear(&err);
	if (store_report(s, from, to + 86400, &rep, &err) < 0) {
		web_pages_store_error(r, "report", &err);
		return;
	}
	wallclock_utc(from, "%Y-%m-%d", d1, sizeof(d1));
	wallclock_utc(to, "%Y-%m-%d", d2, sizeof(d2));
	web_pages_head(r, "Reports");
	web_html_raw(h, "<h1>Transparency report</h1>");
	web_html_printf(h, "<form method=\"get\" action=\"/reports\" "
			"class=\"filter\"><label>From <input type=\"date\" "
			"name=\"from\" value=\"%s\" required></label> "
			"<label>To <input type=\"date\" name=\"to\" "
			"value=\"%s\" required></label> <button "
			"type=\"submit\">Show</button></form>", d1, d2);
	web_html_printf(h, "<p class=\"period\">%s to %s (UTC, both days "
			"included)</p><table class=\"totals\"><tbody>"
			"<tr><th>Notices received</th><td>%lld</td></tr>"
			"<tr><th>Held notices</th><td>%lld</td></tr>"
			"<tr><th>Repeat infringers</th><td>%lld</td></tr>"
			"</tbody></table>\n", d1, d2, (long long)rep.notices,
			(long long)rep.held,
			(long long)rep.repeat_infringers);
	for (int i = 0; i < REPORT_N_GROUPS; i++)
		report_group(h, &rep.groups[i]);
	report_times(h, &rep);
	web_pages_foot(r);
}
