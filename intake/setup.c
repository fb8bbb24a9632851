/* intake/setup.c - struct config -> the settings of the modules below
   intake. Reading files named by the configuration happens here, since
   the modules below do no file I/O of their own. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/mem.h"
#include "intake/setup.h"

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

/* Reads the rules file into b (capped). Returns 0 or -1 with err set. */
static int
setup_read_rules(const char *path, struct buf *b, struct err *err)
{
	char chunk[8192];
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err_set(err, ERR_FATAL, "intake.rules_file: %s: cannot open: %s",
			path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_FATAL, "intake.rules_file: %s: not a regular "
			"file", path);
		goto out;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, ERR_FATAL, "intake.rules_file: %s: cannot "
				"read: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (buf_append(b, chunk, (size_t)n) < 0) {
			err_set(err, ERR_FATAL, "intake.rules_file: %s: larger "
				"than %d bytes", path, SETUP_RULES_MAX);
			goto out;
		}
	}
	ret = 0;
out:
	close(fd);
	return ret;
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
	struct buf text;
	int ret = -1;

	*rules_r = NULL;
	buf_init(&text, SETUP_RULES_MAX);
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
	if (cfg->rules_file == NULL) {
		out->rules = parser_rules_builtin();
		ret = 0;
		goto out;
	}
	if (setup_read_rules(cfg->rules_file, &text, err) < 0)
		goto out;
	rules = parser_rules_parse(text.data ? text.data : "", text.len, &perr);
	if (rules == NULL) {
		err_set(err, ERR_FATAL, "intake.rules_file: %s: %s",
			cfg->rules_file, perr.msg);
		goto out;
	}
	out->rules = rules;
	*rules_r = rules;
	ret = 0;
out:
	buf_free(&text);
	if (ret < 0)
		parser_cfg_clear(out);
	return ret;
}
