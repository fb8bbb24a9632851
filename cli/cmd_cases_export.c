/* cli/cmd_cases_export.c - reportgate cases export REF --json (the
   whole case: everything cases show has, plus each message's raw bytes
   in base64; attachments are named by SHA-256, their bytes fetched with
   cases attachment) and cases attachment REF SHA256 --out FILE. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "common/buf.h"
#include "common/json.h"
#include "cli/cmd_cases.h"

/* Appends the base64 (RFC 4648, no line breaks; GLib's encoder) of
   p[0..n) to b. */
static void
cases_export_b64(struct buf *b, const unsigned char *p, size_t n)
{
	gchar *s = g_base64_encode(p, n);

	buf_puts(b, s);
	g_free(s);
}

static int
cases_export_raw(struct store *s, int64_t case_id, struct json *j,
		 struct err *err)
{
	struct store_message *m = NULL;
	unsigned char *raw;
	size_t n = 0, i, len;
	struct buf b;
	int rc, ret = -1;

	buf_init(&b, 0);
	if (store_case_messages(s, case_id, &m, &n, err) < 0)
		return -1;
	json_key(j, "raw_messages");
	json_begin_array(j);
	for (i = 0; i < n; i++) {
		raw = NULL;
		if ((rc = store_message_raw(s, m[i].id, &raw, &len, err)) < 0)
			goto out;
		json_begin_object(j);
		json_kv_int(j, "id", m[i].id);
		json_kv_string(j, "sha256", m[i].sha256);
		buf_reset(&b);
		if (rc == 1)
			cases_export_b64(&b, raw, len);
		json_kv_string(j, "base64", rc == 1 ? buf_str(&b) : NULL);
		json_end_object(j);
		free(raw);
	}
	json_end_array(j);
	ret = 0;
out:
	buf_free(&b);
	store_messages_free(m, n);
	return ret;
}

int
cases_export(struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf b;
	struct json j;
	struct err err;
	int64_t id = 0;
	int c, rc, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': break;	/* JSON is the only format */
		case 'h':
			printf("usage: reportgate cases export REF --json\n");
			return 0;
		default:
			fprintf(stderr, "usage: reportgate cases export REF "
				"--json\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: reportgate cases export REF --json\n");
		return 2;
	}
	buf_init(&b, 0);
	json_init(&j, &b);
	json_begin_object(&j);
	json_kv_string(&j, "schema", "reportgate.case-export/1");
	rc = cases_json_full(s, argv[optind], &j, &id, &err);
	if (rc == 0) {
		fprintf(stderr, "reportgate cases export: no case %s\n",
			argv[optind]);
		goto out;
	}
	if (rc < 0 || cases_export_raw(s, id, &j, &err) < 0) {
		fprintf(stderr, "reportgate cases export: %s\n", err.msg);
		goto out;
	}
	json_end_object(&j);
	printf("%s\n", buf_str(&b));
	ret = 0;
out:
	buf_free(&b);
	return ret;
}

/* Copies file from to fd out. */
static int
cases_copy(const char *from, int out, char *why, size_t size)
{
	char chunk[65536];
	ssize_t n, w, off;
	int in = open(from, O_RDONLY | O_CLOEXEC), ret = -1;

	if (in < 0) {
		snprintf(why, size, "%s: %s", from, strerror(errno));
		return -1;
	}
	for (;;) {
		n = read(in, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto io;
		if (n == 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(out, chunk + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0)
				goto io;
		}
	}
	ret = 0;
	goto out;
io:
	snprintf(why, size, "%s", strerror(errno));
out:
	close(in);
	return ret;
}

int
cases_attachment(struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *ref, *sha;
	char *path = NULL, why[300];
	struct err err;
	int64_t id;
	int c, rc, fd = -1, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h':
			printf("usage: reportgate cases attachment REF SHA256 "
			       "--out FILE|-\n");
			return 0;
		default:
			goto usage;
		}
	}
	if (optind + 2 != argc || out == NULL)
		goto usage;
	ref = argv[optind];
	sha = argv[optind + 1];
	if ((rc = store_case_find_ref(s, ref, &id, NULL, &err)) <= 0) {
		fprintf(stderr, "reportgate cases attachment: %s\n",
			rc < 0 ? err.msg : "no such case");
		return 1;
	}
	if ((rc = store_case_attachment(s, id, sha, NULL, &err)) <= 0 ||
	    (path = store_att_path(s, sha)) == NULL) {
		fprintf(stderr, "reportgate cases attachment: %s\n",
			rc < 0 ? err.msg : "the case has no attachment with "
			"that SHA-256");
		return 1;
	}
	fd = strcmp(out, "-") == 0 ? STDOUT_FILENO :
		open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "reportgate cases attachment: %s: %s\n", out,
			strerror(errno));
		goto out;
	}
	if (cases_copy(path, fd, why, sizeof(why)) < 0) {
		fprintf(stderr, "reportgate cases attachment: %s\n", why);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0 && fd != STDOUT_FILENO && close(fd) < 0 && ret == 0) {
		fprintf(stderr, "reportgate cases attachment: %s: %s\n", out,
			strerror(errno));
		ret = 1;
	}
	free(path);
	return ret;
usage:
	fprintf(stderr, "usage: reportgate cases attachment REF SHA256 "
		"--out FILE|-\n");
	return 2;
}
