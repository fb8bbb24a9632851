/* tests/unit/test-portal.c - the portal's pieces below its server: the
   type of a file from its bytes, the message a form becomes (read back
   by the real parser: the form's labels, the evidence classes of its
   files, listings, an encoded display name; the same bytes every time).
   The rate per client address is the store's (test-store-portal.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../common/mem.h"
#include "../../parsers/parser.h"
#include "../../portal/portal-int.h"
#include "../../portal/portal_mime.h"
#include "../../portal/portal_upload.h"
#include "../lib/testlib.h"

static void
t_sniff(void)
{
	static const struct {
		const char *head;
		size_t len;
		const char *type, *ext;
	} t[] = {
		{ "%PDF-1.7\n", 9, "application/pdf", "pdf" },
		{ "\x89PNG\r\n\x1a\n....", 12, "image/png", "png" },
		{ "\xff\xd8\xff\xe0", 4, "image/jpeg", "jpg" },
		{ "GIF89a", 6, "image/gif", "gif" },
		{ "RIFF\x10\0\0\0WEBPVP8 ", 16, "image/webp", "webp" },
		{ "RIFF\x10\0\0\0WAVEfmt ", 16, "application/octet-stream", "bin" },
		{ "PK\x03\x04", 4, "application/zip", "zip" },
		{ "plain words, 中文", 19, "text/plain", "txt" },
		{ "bin\0ary", 7, "application/octet-stream", "bin" },
		{ "\xff\xfe\xfd", 3, "application/octet-stream", "bin" },
		{ "", 0, "application/octet-stream", "bin" },
	};
	const char *type, *ext;

	test_begin("type from the bytes");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		portal_upload_sniff((const unsigned char *)t[i].head, t[i].len,
				    &type, &ext);
		test_streq(type, t[i].type, t[i].ext);
		test_streq(ext, t[i].ext, t[i].type);
	}
}

/* A file of text content, open for reading (unlinked). */
static int
t_file(const char *content)
{
	char path[] = "/tmp/test-portal-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	if (write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Writes m to a new unlinked file and returns its fd (at offset 0). */
static int
t_write(const struct portal_mime *m)
{
	char path[] = "/tmp/test-portal-XXXXXX";
	struct err err;
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	err_clear(&err);
	if (portal_mime_write(m, fd, &err) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static char *
t_read_all(int fd, size_t *len_r)
{
	off_t n = lseek(fd, 0, SEEK_END);
	char *b = xmalloc((size_t)n + 1);

	if (n < 0 || pread(fd, b, (size_t)n, 0) != n)
		n = 0;
	b[n] = '\0';
	*len_r = (size_t)n;
	return b;
}

static void
t_mime(void)
{
	/* 100 KiB of a PDF: many base64 lines, a cut at the end */
	char *big = xmalloc(100 * 1024 + 1);
	struct portal_mime_file files[3];
	struct portal_mime m = { 0 };
	struct parser_cfg cfg;
	struct report *r = NULL;
	struct err err;
	char *a, *b;
	size_t alen, blen;
	int fd, fd2;

	memset(big, 'x', 100 * 1024);
	memcpy(big, "%PDF-1.4", 8);
	big[100 * 1024] = '\0';
	files[0] = (struct portal_mime_file){ "identity-1.pdf",
		"application/pdf", t_file("%PDF-1.4 passport"), 17 };
	files[1] = (struct portal_mime_file){ "authorization-1.pdf",
		"application/pdf", t_file(big), 100 * 1024 };
	files[2] = (struct portal_mime_file){ "ownership-1.png", "image/png",
		t_file("\x89PNG\r\n\x1a\ncert"), 12 };
	m.from_name = "Jörg Müller, 李伟 (Acme \"Legal\")";
	m.from_addr = "jorg@brand.example";
	m.to_addr = "ip@gw.example.net";
	m.subject = "IP infringement report (online form)";
	m.message_id = "portal.00112233445566778899aabb@gw.example.net";
	m.date = 1796600000;
	m.headers = "X-Reportgate-Channel: web\r\n";
	m.body = "Submitter name: Jörg Müller\nSubmitter email: "
		 "jorg@brand.example\nRelationship: agent\nRights holder: Acme "
		 "Ltd\nIP type: trademark\nIdentity proof: identity-1.pdf\n"
		 "Authorization: authorization-1.pdf\nOwnership proof: "
		 "ownership-1.png\nInfringing listings:\nhttps://marketplace."
		 "alibabacloud.com/products/1/abc1.html\n\nFakes of our goods.\n";
	m.files = files;
	m.n_files = 3;

	test_begin("the message a form becomes, read by the parser");
	fd = t_write(&m);
	fd2 = t_write(&m);
	test_ok(fd >= 0 && fd2 >= 0, "written");
	a = t_read_all(fd, &alen);
	b = t_read_all(fd2, &blen);
	test_ok(alen == blen && memcmp(a, b, alen) == 0,
		"the same bytes every time (%zu)", alen);
	test_ok(strstr(a, "\r\n\r\n") != NULL && strstr(a, "\n\n") == NULL,
		"CRLF line ends only");
	parser_cfg_init(&cfg);
	err_clear(&err);
	lseek(fd, 0, SEEK_SET);
	test_ok(parser_parse_fd(fd, &cfg, &r, &err) == 0 && r != NULL,
		"parsed: %s", err.msg);
	if (r != NULL) {
		test_streq(r->from_name, m.from_name, "display name decoded");
		test_streq(r->from_address, "jorg@brand.example", "address");
		test_streq(r->message_id, m.message_id, "message id");
		test_ok(r->kind == KIND_IP_REPORT, "ip_report");
		test_ok(r->acting_as == ACTING_AGENT, "agent");
		test_streq(r->rights_holder, "Acme Ltd", "rights holder");
		test_ok(r->n_listings == 1 &&
			strcmp(r->listings[0].listing_id, "abc1") == 0,
			"the listing");
		test_ok(r->n_attachments == 3 &&
			r->attachments[0].evidence == EVIDENCE_IDENTITY &&
			r->attachments[1].evidence == EVIDENCE_AUTHORIZATION &&
			r->attachments[2].evidence == EVIDENCE_OWNERSHIP,
			"each file has the class of its field");
		test_ok(r->n_attachments == 3 &&
			r->attachments[1].size == 100 * 1024 &&
			r->attachments[2].size == 12, "sizes kept");
		test_ok(r->missing == 0, "complete");
	}
	report_free(&r);
	parser_cfg_clear(&cfg);
	free(a);
	free(b);
	free(big);
	close(fd);
	close(fd2);
	for (int i = 0; i < 3; i++)
		close(files[i].fd);
}

int
main(void)
{
	parser_global_init();
	t_sniff();
	t_mime();
	parser_global_shutdown();
	return test_done();
}
