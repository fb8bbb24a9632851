/* intake/parser-stub.c - TEMPORARY stand-in for parsers/libparsers.a
   (written in parallel), removed at merge. Reads From, Subject,
   Message-ID and X-Test-Kind from the header; a case reference in the
   Subject makes a follow_up; no bodies, links or attachments. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "parsers/parser.h"

void
parser_global_init(void)
{
}

void
parser_global_shutdown(void)
{
}

void
parser_cfg_init(struct parser_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_message_bytes = 64ull << 20;
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
	(void)text;
	(void)len;
	err_set(err, ERR_FATAL, "rules files need the real parser");
	return NULL;
}

const struct parser_rules *
parser_rules_builtin(void)
{
	return NULL;
}

void
parser_rules_free(struct parser_rules **rules)
{
	if (rules != NULL)
		*rules = NULL;
}

static int
parser_stub_ref_at(const char *s, const char *prefix)
{
	size_t n = strlen(prefix), i;

	if (strncmp(s, prefix, n) != 0 || s[n] != '-')
		return 0;
	for (i = 0; i < 4; i++)
		if (s[n + 1 + i] < '0' || s[n + 1 + i] > '9')
			return 0;
	if (s[n + 5] != '-')
		return 0;
	for (i = 0; i < 6; i++)
		if (s[n + 6 + i] < '0' || s[n + 6 + i] > '9')
			return 0;
	return (int)n + 12;
}

int
parser_find_case_ref(const char *text, const struct parser_cfg *cfg,
		     char **ref_r)
{
	const char *p;
	int n;

	for (p = text; p && *p; p++) {
		if ((n = parser_stub_ref_at(p, cfg->prefix_ip)) > 0 ||
		    (n = parser_stub_ref_at(p, cfg->prefix_abuse)) > 0) {
			*ref_r = xstrndup(p, (size_t)n);
			return 1;
		}
	}
	return 0;
}

static char *
parser_stub_value(const char *hdr, const char *name)
{
	size_t n = strlen(name);
	const char *p = hdr, *e;

	while (p && *p) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			for (e = p; *e && *e != '\r' && *e != '\n'; e++)
				;
			return xstrndup(p, (size_t)(e - p));
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static char *
parser_stub_addr(const char *from)
{
	const char *lt, *gt;

	if (from == NULL)
		return NULL;
	if ((lt = strchr(from, '<')) && (gt = strchr(lt, '>')))
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return xstrdup(from);
}

int
parser_parse_mem(const void *data, size_t len, const struct parser_cfg *cfg,
		 struct report **report_r, struct err *err)
{
	struct report *r = report_new();
	char *hdr, *end, *from, *kind, *mid;

	(void)err;
	hdr = xstrndup(data, len);
	if ((end = strstr(hdr, "\n\n")) || (end = strstr(hdr, "\r\n\r\n")))
		*end = '\0';
	from = parser_stub_value(hdr, "From");
	r->from_address = parser_stub_addr(from);
	r->subject = parser_stub_value(hdr, "Subject");
	mid = parser_stub_value(hdr, "Message-ID");
	r->message_id = parser_stub_addr(mid);
	r->stream = cfg->stream;
	r->size = len;
	kind = parser_stub_value(hdr, "X-Test-Kind");
	if (r->subject != NULL)
		parser_find_case_ref(r->subject, cfg, &r->case_ref);
	if (kind == NULL || report_kind_parse(kind, &r->kind) < 0)
		r->kind = r->case_ref ? KIND_FOLLOW_UP :
			cfg->stream == STREAM_ABUSE ? KIND_ABUSE_REPORT :
			KIND_IP_REPORT;
	report_compute_missing(r);
	free(kind);
	free(mid);
	free(from);
	free(hdr);
	*report_r = r;
	return 0;
}

int
parser_parse_fd(int fd, const struct parser_cfg *cfg,
		struct report **report_r, struct err *err)
{
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int ret;

	buf_init(&b, 0);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(&b, chunk, (size_t)n);
	if (n < 0) {
		err_set(err, ERR_FATAL, "read: %s", strerror(errno));
		buf_free(&b);
		return -1;
	}
	ret = parser_parse_mem(b.data ? b.data : "", b.len, cfg, report_r,
			       err);
	buf_free(&b);
	return ret;
}
