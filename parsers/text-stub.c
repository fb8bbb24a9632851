/* parsers/text-stub.c - TEMPORARY stand-ins for the text side of the
   parser (links_scan, analyze_report), so the MIME side builds and links
   on its own branch. Removed when the text side is merged. */
#include "parsers/parser-int.h"

void
links_scan(struct report *r, const char *text, const struct strv *hrefs,
	   const struct parser_cfg *cfg)
{
	(void)r;
	(void)text;
	(void)hrefs;
	(void)cfg;
}

void
analyze_report(struct report *r, const char *text,
	       const struct parser_cfg *cfg)
{
	(void)text;
	(void)cfg;
	report_compute_missing(r);
}
