/* tests/fuzz/fuzz-links.c - libFuzzer target for the text side of the
   parser: links_scan and analyze_report on arbitrary text with a
   fabricated report. Input lines starting with "@" are also passed as
   HTML hrefs (at most 16), lines starting with "#" name attachments (at
   most 8); the whole input, NULs dropped, is the text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/report.h"
#include "common/strv.h"
#include "parsers/parser-int.h"
#include "parsers/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Adds the lines of text starting with "@" to hrefs and attaches a file
   named by each line starting with "#". */
static void
fuzz_links_extras(struct report *r, const char *text, struct strv *hrefs)
{
	unsigned files = 0;

	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n > 1 && p[0] == '@' && hrefs->n < 16) {
			strv_push_take(hrefs, xstrndup(p + 1, n - 1));
		} else if (n > 1 && p[0] == '#' && files < 8) {
			struct report_attachment a;

			memset(&a, 0, sizeof(a));
			a.filename = xstrndup(p + 1, n - 1);
			a.content_type = xstrdup("application/pdf");
			a.size = n;
			memset(a.sha256, '0', 64);
			report_add_attachment(r, &a);
			free(a.filename);
			free(a.content_type);
			files++;
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parser_cfg cfg;
	static int ready;
	struct report *r;
	struct strv hrefs;
	struct buf json;
	char *text = xmalloc(size + 1);
	size_t n = 0;

	if (!ready) {
		parser_global_init();
		parser_cfg_init(&cfg);
		ready = 1;
	}
	for (size_t i = 0; i < size; i++)
		if (data[i] != '\0')
			text[n++] = (char)data[i];
	text[n] = '\0';
	r = report_new();
	/* the kind decides which requirements apply: vary it by input */
	r->kind = size > 0 && (data[0] & 1) ? KIND_ABUSE_REPORT
					    : KIND_IP_REPORT;
	r->stream = r->kind == KIND_ABUSE_REPORT ? STREAM_ABUSE : STREAM_IP;
	r->from_name = xstrdup("Fuzz Sender");
	r->from_address = xstrdup("fuzz@example.com");
	r->subject = xstrdup("Infringement report");
	memset(&hrefs, 0, sizeof(hrefs));
	fuzz_links_extras(r, text, &hrefs);
	links_scan(r, text, &hrefs, &cfg);
	analyze_report(r, text, &cfg);
	buf_init(&json, 0);
	report_to_json(r, &json);
	buf_free(&json);
	strv_free(&hrefs);
	report_free(&r);
	free(text);
	return 0;
}
