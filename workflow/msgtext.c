/* workflow/msgtext.c - what a party wrote, as staff read it: the text of
   a stored message (HTML turned to text by the parser), with the quoted
   history of earlier mails folded to one line saying so. */
#include <stdio.h>
#include <stdlib.h>

#include "common/buf.h"
#include "common/mem.h"
#include "parsers/parser.h"
#include "workflow/workflow.h"

char *
workflow_message_text(struct store *s, int64_t msg_id, struct err *err)
{
	struct parser_cfg cfg;
	struct report *r = NULL;
	unsigned char *raw = NULL;
	size_t len = 0;
	struct buf b;
	int rc;

	if ((rc = store_message_raw(s, msg_id, &raw, &len, err)) < 0)
		return NULL;
	buf_init(&b, 0);
	if (rc == 0) {
		buf_puts(&b, "[the raw message was not kept]");
		return buf_take(&b);
	}
	parser_cfg_init(&cfg);
	if (parser_parse_mem(raw, len, &cfg, &r, err) < 0) {
		parser_cfg_clear(&cfg);
		free(raw);
		buf_free(&b);
		return NULL;
	}
	if (r->body_text != NULL)
		buf_puts(&b, r->body_text);
	while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
			     b.data[b.len - 1] == ' '))
		b.len--;
	if (r->quoted_lines > 0)
		buf_printf(&b, "%s[%zu line%s of quoted earlier mail folded]",
			   b.len > 0 ? "\n" : "", r->quoted_lines,
			   r->quoted_lines == 1 ? "" : "s");
	report_free(&r);
	parser_cfg_clear(&cfg);
	free(raw);
	return buf_take(&b);
}
