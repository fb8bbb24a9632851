/* parsers/parser-int.h - internal interfaces between the MIME side
   (mime.c, html.c, quote.c, kind.c) and the text side (links.c,
   unwrap.c, rules.c, classify.c, form.c, analyze.c) of the parser.
   Never included from outside parsers/. */
#ifndef RG_PARSER_INT_H
#define RG_PARSER_INT_H

#include "common/buf.h"
#include "common/report.h"
#include "common/strv.h"
#include "parsers/parser.h"

/* What the MIME side hands the text side: the message's own non-quoted
   text (text/plain parts, the displayed text of text/html parts, and the
   text of attached or inline-forwarded messages), capped at
   cfg->max_text_bytes, parts separated by a blank line; and the href of
   every anchor outside <blockquote> in its HTML parts. */
struct parser_text {
	struct buf plain;
	struct strv hrefs;
};

/* Finds every URL in text (with or without scheme, bare host/path too)
   and in hrefs, unwraps SafeLinks / Proofpoint v2 v3 / Google redirects
   (nested too), normalises them (SPEC §5) and adds them to r->listings
   (marketplace listings, deduped by id), r->other_links and
   r->registry_links (hosts of cfg->registry_hosts). A wrapper that
   cannot be unwrapped adds a warning. At most cfg->max_links are kept. */
void links_scan(struct report *r, const char *text, const struct strv *hrefs,
		const struct parser_cfg *cfg);

/* Reads the report form's "Field: value" lines and free text of text:
   submitter, organization, rights holder, IP rights, acting_as; classifies
   each of r->attachments from its file name and the text line naming it;
   sets r->evidence, r->category (abuse_report), r->lang, fills submitter
   from From when the form does not say, and calls report_compute_missing.
   Expects r->kind and links to be set already. */
void analyze_report(struct report *r, const char *text,
		    const struct parser_cfg *cfg);

/* Reads what a reply in a case's thread says (docs/PARSING.md 3) from
   its own text own (may be NULL) and subject: sets r->decision (sure
   accept / reject), r->disputes, r->possible ("answer",
   "counter_notice" when unsure) and r->reasons. */
void reply_read(struct report *r, const char *subject, const char *own,
		const struct parser_cfg *cfg);

#endif
