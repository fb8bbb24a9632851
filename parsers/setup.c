/* parsers/setup.c - struct config -> the settings of the modules below
   intake. Reading files named by the configuration happens here, since
   the modules below do no file I/O of their own. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/mem.h"
#include "parsers/setup.h"

void
setup_split_list(const char *list, struct strv *out)
{
	const char *p = list;
	char *item;
	size_t n;

	while (p != NULL && *p != '\0') {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n == 0)
			break;
		item = xstrndup(p, n);
		strv_push_unique(out, item);	/* copies */
		free(item);
		p += n;
	}
}

static void
setup_replace(char **dst, const char *src)
{
	free(*dst);
	*dst = src != NULL ? xstrdup(src) : NULL;
}

int
setup_parser_cfg(const struct config *cfg, struct parser_cfg *out,
		 struct parser_rules **rules_r, struct err *err)
{
	struct parser_rules *rules = NULL;
	struct err perr = { ERR_NONE, "" };
	char *text = NULL;
	size_t len = 0;
	int ret = -1;

	*rules_r = NULL;
	parser_cfg_init(out);
	strv_free(&out->marketplace_hosts);
	setup_split_list(cfg->marketplace_hosts, &out->marketplace_hosts);
	strv_free(&out->registry_hosts);
	setup_split_list(cfg->registry_hosts, &out->registry_hosts);
	setup_replace(&out->listing_path, cfg->listing_path);
	setup_replace(&out->prefix_ip, cfg->case_prefix_ip);
	setup_replace(&out->prefix_abuse, cfg->case_prefix_abuse);
	setup_replace(&out->trusted_authserv_id, cfg->trusted_authserv_id);
	out->max_message_bytes = cfg->max_message_bytes;
	out->max_header_bytes = (size_t)cfg->max_header_bytes;
	out->max_parts = cfg->max_mime_parts;
	out->max_depth = cfg->max_mime_depth;
	out->max_links = cfg->max_links;
	out->max_attachments = cfg->max_attachments;
	out->documents.enabled = cfg->documents_enabled;
	out->documents.max_pages = cfg->documents_max_pages;
	out->documents.max_bytes = cfg->documents_max_bytes;
	out->documents.seconds = cfg->documents_seconds;
	out->documents.ocr = cfg->documents_ocr;
	/* tests only: makes the document reader fail on purpose */
	setup_replace(&out->documents.fault,
		      getenv("REPORTGATE_TEST_DOCUMENT_FAULT"));
	/* bench/documents.sh's baseline: a reader process per document */
	out->documents.no_reuse =
		getenv("REPORTGATE_BENCH_READER_PER_DOCUMENT") != NULL;
	if (cfg->rules_file == NULL) {
		out->rules = parser_rules_builtin();
		ret = 0;
		goto out;
	}
	switch (file_read_all(cfg->rules_file, SETUP_RULES_MAX, &text, &len,
				 &perr)) {
	case 1:
		break;
	case 0:
		err_set(err, ERR_FATAL, "intake.rules_file: %s: cannot open: no such file",
			cfg->rules_file);
		goto out;
	default:
		err_set(err, ERR_FATAL, "intake.rules_file: %s", perr.msg);
		goto out;
	}
	rules = parser_rules_parse(text, len, &perr);
	if (rules == NULL) {
		err_set(err, ERR_FATAL, "intake.rules_file: %s: %s",
			cfg->rules_file, perr.msg);
		goto out;
	}
	out->rules = rules;
	*rules_r = rules;
	ret = 0;
out:
	free(text);
	if (ret < 0)
		parser_cfg_clear(out);
	return ret;
}
