/* intake/parser-stub-config.c - TEMPORARY: removed at merge. Stand-ins for
   parser_cfg_init/clear and parser_rules_* (implemented in parsers/ by
   another branch) so intake/setup.c links and can be tested here. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "parsers/parser.h"

struct parser_rules {
	int n;
};

void
parser_cfg_init(struct parser_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_message_bytes = 64u << 20;
	cfg->max_header_bytes = 256u << 10;
	cfg->max_parts = 1000;
	cfg->max_depth = 20;
	cfg->max_links = 500;
	cfg->max_attachments = 200;
	cfg->max_text_bytes = 4u << 20;
	strv_push(&cfg->marketplace_hosts, "marketplace.alibabacloud.com");
	strv_push(&cfg->registry_hosts, "tsdr.uspto.gov");
	cfg->listing_path = xstrdup("^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$");
	cfg->prefix_ip = xstrdup("IPR");
	cfg->prefix_abuse = xstrdup("ABR");
}

void
parser_cfg_clear(struct parser_cfg *cfg)
{
	strv_free(&cfg->marketplace_hosts);
	strv_free(&cfg->registry_hosts);
	free(cfg->listing_path);
	free(cfg->prefix_ip);
	free(cfg->prefix_abuse);
	free(cfg->trusted_authserv_id);
	memset(cfg, 0, sizeof(*cfg));
}

struct parser_rules *
parser_rules_parse(const char *text, size_t len, struct err *err)
{
	struct parser_rules *r;

	if (len == 0 || strstr(text, "syntax error") != NULL) {
		err_set(err, ERR_FATAL, "line 1: stub refuses this");
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->n = 1;
	return r;
}

const struct parser_rules *
parser_rules_builtin(void)
{
	static const struct parser_rules builtin = { 0 };

	return &builtin;
}

void
parser_rules_free(struct parser_rules **rules)
{
	if (rules == NULL || *rules == NULL)
		return;
	free(*rules);
	*rules = NULL;
}
