/* console/web_sor.c - the statements of reasons of a case on its page
   (docs/WORKFLOW.md "Statements of reasons"): each one as it was mailed
   to the vendor, with its restriction, its puid and where it stands in
   the Transparency Database. */
#include <stdlib.h>

#include "console/web_int.h"
#include "store/store.h"
#include "workflow/workflow.h"

int
web_case_statements(struct web_html *h, struct store *s, int64_t case_id,
		    struct err *err)
{
	struct store_statement_filter f = { 0 };
	struct store_statement *st = NULL;
	size_t n = 0;
	char t[32], *puid;

	f.case_id = case_id;
	if (store_statement_list(s, &f, &st, &n, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	web_html_raw(h, "<section class=\"sor\" aria-labelledby=\"sor-h\">"
		     "<h2 id=\"sor-h\">Statements of reasons</h2>");
	for (size_t i = 0; i < n; i++) {
		puid = workflow_sor_puid(&st[i]);
		web_html_printf(h, "<article class=\"msg staff\"><header>"
				"<strong>%s</strong> <span class=\"tag\">%s"
				"</span> %s to %s <time>%s</time> by %s<br>",
				puid, st[i].restriction, st[i].listing_id ?
				st[i].listing_id : "account", st[i].vendor_email,
				web_pages_time(st[i].applied, t, sizeof(t)),
				st[i].decided_by);
		if (st[i].tdb_uuid != NULL)
			web_html_printf(h, "Transparency Database: <strong>"
					"sent</strong> (%s)", st[i].tdb_uuid);
		else
			web_html_printf(h, "Transparency Database: <strong>"
					"not yet sent</strong>%s%s",
					st[i].tdb_error ? " - last try: " :
					"", st[i].tdb_error ? st[i].tdb_error :
					"");
		web_html_printf(h, "%s</header><pre class=\"text\" lang=\"%s\">"
				"%s</pre></article>\n", st[i].mailed ? "" :
				" (not mailed: mails are off)", st[i].lang,
				st[i].text);
		free(puid);
	}
	web_html_raw(h, "</section>\n");
	store_statements_free(st, n);
	return 0;
}
