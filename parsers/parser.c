/* parsers/parser.c - the parser facade: global setup, the configuration
   defaults, and turning an fd (file or pipe) or a buffer into a report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "parsers/mime-int.h"
#include "parsers/parser.h"
#include "parsers/text-int.h"

#define PARSER_SPOOL_CHUNK 65536
/* A regular file up to this size is read into memory in one go and
   parsed from there: GMime's fs stream costs an lseek and a read per 4
   KiB, which is most of the parse time for a typical mail. Larger files
   are parsed from the file, so memory stays bounded whatever the size. */
#define PARSER_MEM_MAX (4u << 20)

void
parser_global_init(void)
{
	mime_global_init();
	html_global_init();
}

void
parser_global_shutdown(void)
{
	html_global_shutdown();
	mime_global_shutdown();
	recache_clear();
}

void
parser_cfg_init(struct parser_cfg *cfg)
{
	static const char *const registries[] = {
		"tsdr.uspto.gov", "euipo.europa.eu", "branddb.wipo.int",
		"patents.google.com", "sbj.cnipa.gov.cn", NULL
	};

	memset(cfg, 0, sizeof(*cfg));
	cfg->stream = STREAM_IP;
	cfg->max_message_bytes = 128ULL * 1024 * 1024;
	cfg->max_header_bytes = 256 * 1024;
	cfg->max_parts = 1000;
	cfg->max_depth = 20;
	cfg->max_links = 500;
	cfg->max_attachments = 200;
	cfg->max_text_bytes = 4 * 1024 * 1024;
	strv_push(&cfg->marketplace_hosts, "marketplace.alibabacloud.com");
	cfg->listing_path = xstrdup("^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$");
	for (int i = 0; registries[i]; i++)
		strv_push(&cfg->registry_hosts, registries[i]);
	cfg->prefix_ip = xstrdup("IPR");
	cfg->prefix_abuse = xstrdup("ABR");
	cfg->trusted_authserv_id = NULL;
	documents_cfg_init(&cfg->documents);
	cfg->rules = NULL;
	cfg->sink = NULL;
}

void
parser_cfg_clear(struct parser_cfg *cfg)
{
	strv_free(&cfg->marketplace_hosts);
	xfree(&cfg->listing_path);
	strv_free(&cfg->registry_hosts);
	xfree(&cfg->prefix_ip);
	xfree(&cfg->prefix_abuse);
	xfree(&cfg->trusted_authserv_id);
	documents_cfg_clear(&cfg->documents);
}

static struct report *
parser_report_new(const struct parser_cfg *cfg)
{
	struct report *r = report_new();

	r->stream = cfg->stream;
	return r;
}

/* Writes all of data to fd. Returns 0 or -1 (errno set). */
static int
parser_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copies what fd yields into an unlinked temporary file in $TMPDIR (at
   most max bytes are kept; the rest is read and counted). Returns the
   temporary fd positioned at 0 and the full size in *size_r, or -1 with
   err set. */
static int
parser_spool(int fd, uint64_t max, uint64_t *size_r, struct err *err)
{
	char *chunk;
	uint64_t total = 0;
	int tmp, ret = -1;

	tmp = file_anon(NULL, false);
	if (tmp < 0) {
		err_set(err, ERR_TEMP, "cannot create a temporary file: %s",
			strerror(errno));
		return -1;
	}
	chunk = xmalloc(PARSER_SPOOL_CHUNK);
	for (;;) {
		ssize_t n = read(fd, chunk, PARSER_SPOOL_CHUNK);
		size_t keep;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, ERR_MSG, "cannot read: %s",
				strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		keep = total >= max ? 0 :
		       (uint64_t)n > max - total ? (size_t)(max - total) :
		       (size_t)n;
		if (keep > 0 && parser_write_all(tmp, chunk, keep) < 0) {
			err_set(err, ERR_TEMP, "cannot write a temporary "
				"file: %s", strerror(errno));
			goto out;
		}
		total += (uint64_t)n;
	}
	if (lseek(tmp, 0, SEEK_SET) < 0) {
		err_set(err, ERR_TEMP, "cannot rewind a temporary file: %s",
			strerror(errno));
		goto out;
	}
	*size_r = total;
	ret = tmp;
out:
	free(chunk);
	if (ret < 0)
		close(tmp);
	return ret;
}

/* Reads up to size bytes of fd from offset off into a new buffer.
   Returns the buffer (owned by the caller) with the bytes read in
   *got_r (fewer when the file shrank meanwhile), or NULL when reading
   fails: the caller then parses from the file. */
static char *
parser_slurp(int fd, off_t off, uint64_t size, size_t *got_r)
{
	char *data = xmalloc(size > 0 ? (size_t)size : 1);
	size_t got = 0;

	while (got < size) {
		ssize_t n = pread(fd, data + got, (size_t)size - got,
				  off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(data);
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	*got_r = got;
	return data;
}

int
parser_parse_fd(int fd, const struct parser_cfg *cfg,
		struct report **report_r, struct err *err)
{
	struct stat st;
	struct report *r;
	uint64_t size;
	char *data;
	size_t got;
	off_t off;
	int tmp = -1;

	*report_r = NULL;
	if (fstat(fd, &st) < 0) {
		err_set(err, ERR_MSG, "cannot read: %s", strerror(errno));
		return -1;
	}
	off = S_ISREG(st.st_mode) ? lseek(fd, 0, SEEK_CUR) : -1;
	if (off >= 0) {
		size = st.st_size > off ? (uint64_t)(st.st_size - off) : 0;
	} else {
		/* a pipe or a terminal: spool it so GMime can seek and
		   memory stays bounded; a directory fails to read here */
		tmp = parser_spool(fd, cfg->max_message_bytes, &size, err);
		if (tmp < 0)
			return -1;
	}
	r = parser_report_new(cfg);
	if (tmp < 0 && size <= PARSER_MEM_MAX &&
	    (data = parser_slurp(fd, off, size, &got)) != NULL) {
		mime_parse(-1, got > 0 ? data : NULL, got, cfg, r);
		free(data);
	} else {
		mime_parse(tmp >= 0 ? tmp : fd, NULL, size, cfg, r);
	}
	if (tmp >= 0)
		close(tmp);
	*report_r = r;
	return 0;
}

int
parser_parse_mem(const void *data, size_t len, const struct parser_cfg *cfg,
		 struct report **report_r, struct err *err)
{
	struct report *r;

	(void)err;
	r = parser_report_new(cfg);
	mime_parse(-1, len > 0 ? data : NULL, len, cfg, r);
	*report_r = r;
	return 0;
}
