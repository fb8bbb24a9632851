/* tests/unit/test-mimebound.c - the MIME structure counted before GMime
   builds it (parsers/mimebound.c): where a scan stops, and a 20 MiB mail
   of empty parts parsed within 64 MiB and a few seconds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../common/sanitizer.h"
#include "../../common/buf.h"
#include "../../common/mem.h"
#include "../../common/report.h"
#include "../../parsers/mime-int.h"
#include "../../parsers/parser.h"
#include "../lib/testlib.h"

/* Scans text (fed in chunks of chunk bytes) with 5 parts, depth 3 and
   400 header bytes; returns the hit and the cut. */
static enum mimebound_hit
scan(const char *text, size_t chunk, uint64_t *cut_r)
{
	struct mimebound *b = mimebound_new(5, 3, 400);
	enum mimebound_hit hit = MIMEBOUND_NONE;
	size_t len = strlen(text);

	*cut_r = 0;
	for (size_t at = 0; at < len && hit == MIMEBOUND_NONE; at += chunk)
		hit = mimebound_feed(b, text + at, len - at < chunk ?
				     len - at : chunk, cut_r);
	mimebound_free(&b);
	return hit;
}

/* Offset of the n-th (1-based) occurrence of needle in text. */
static uint64_t
nth(const char *text, const char *needle, int n)
{
	const char *p = text;

	for (int i = 0; i < n && p != NULL; i++)
		p = strstr(i ? p + 1 : p, needle);
	return p ? (uint64_t)(p - text) : (uint64_t)-1;
}

static void
t_scan(void)
{
	static const char four[] =
		"Subject: x\nContent-Type: multipart/mixed;\n"
		" boundary=\"b 1\"\n\npreamble\n--b 1\n\none\n--b 1  \t\r\n"
		"Content-Type: text/plain\n\ntwo\n--b 1\n\n--b 1x\n--b 1\n\n"
		"four\n--b 1--\nepilogue\n--b 1\n";
	static const char six[] =
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\n\n--b\n\n--b\n\n--b\n\n--b\n\n--b--\n";
	static const char deep[] =
		"Content-Type: multipart/mixed; boundary=a\n\n--a\n"
		"Content-Type: message/rfc822\n\n"
		"Content-Type: multipart/mixed; boundary=c\n\n--c\n"
		"Content-Type: multipart/mixed; boundary=d\n\n--d\n\n--d--\n"
		"--c--\n--a--\n";
	static const char parent[] =
		"Content-Type: multipart/mixed; boundary=a\n\n--a\n"
		"Content-Type: multipart/mixed; boundary=c\n\n--c\n\n"
		"--a\n\n--c\n\n--c\n\n--c\n\n";
	static const char wild[] =
		"Content-Type: multipart/mixed; boundary*=us-ascii''b\n\n"
		"--b\n\n-- signature\n\n--x\n\n--y\n\n--z\n";
	static const char two_ct[] =
		"Content-Type: text/plain\nContent-Type: multipart/mixed; "
		"boundary=b\n\n--q\n--r\n--s\n--t\n--u\n";
	uint64_t cut;
	enum mimebound_hit hit;

	test_begin("mimebound scan");
	for (size_t chunk = 1; chunk <= 4096; chunk *= 8) {
		hit = scan(four, chunk, &cut);
		test_ok(hit == MIMEBOUND_NONE, "4 parts, boundary with "
			"trailing white space, --b 1x no boundary, after the "
			"end nothing counts (chunk %zu): %d", chunk, hit);
	}
	hit = scan(six, 7, &cut);
	test_ok(hit == MIMEBOUND_PARTS && cut == nth(six, "--b\n", 5),
		"6th part: stops at its boundary line (%d at %llu)", hit,
		(unsigned long long)cut);
	hit = scan(deep, 3, &cut);
	test_ok(hit == MIMEBOUND_DEPTH &&
		cut == nth(deep, "Content-Type: multipart/mixed; boundary=d", 1) +
		strlen("Content-Type: multipart/mixed; boundary=d\n"),
		"attached message and multiparts nest: 4th level stops "
		"(%d at %llu)", hit, (unsigned long long)cut);
	hit = scan(parent, 5, &cut);
	test_ok(hit == MIMEBOUND_NONE, "a parent's boundary closes the "
		"inner multipart: its boundary counts no more (%d)", hit);
	hit = scan(wild, 64, &cut);
	test_ok(hit == MIMEBOUND_PARTS && cut == nth(wild, "--z", 1),
		"an encoded boundary*: every -- line counts (%d at %llu)",
		hit, (unsigned long long)cut);
	hit = scan(two_ct, 64, &cut);
	test_ok(hit == MIMEBOUND_PARTS, "two Content-Type fields: every -- "
		"line counts (%d)", hit);
	{
		struct buf b;

		buf_init(&b, 0);
		buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n");
		for (int i = 0; i < 4; i++)
			buf_puts(&b, "--b\nX-Pad: 0123456789012345678901234567"
				 "890123456789012345678901234567890123456789"
				 "0123456789012345678901234567890123456789\n\n");
		hit = scan(buf_str(&b), 100, &cut);
		test_ok(hit == MIMEBOUND_HEADERS, "header bytes of all parts "
			"counted together (%d)", hit);
		buf_free(&b);
		buf_init(&b, 0);
		buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n");
		for (int i = 0; i < 6; i++) {
			buf_puts(&b, "--b");
			for (int j = 0; j < 2000; j++)
				buf_puts(&b, " ");
			buf_puts(&b, "\n\n");
		}
		hit = scan(buf_str(&b), 512, &cut);
		test_ok(hit == MIMEBOUND_PARTS, "boundary lines longer than "
			"the scan keeps still count (%d)", hit);
		buf_free(&b);
	}
}

/* Writes the 20 MiB mail of empty parts to a temporary file; returns
   its fd (unlinked), or -1. */
static int
empty_parts_mail(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/test-mimebound-XXXXXX", dir ? dir : "/tmp");
	static char block[65536];
	const char *head = "From: x@example.net\nSubject: parts\n"
			   "MIME-Version: 1.0\nContent-Type: multipart/mixed; "
			   "boundary=b\n\n";
	int fd = mkstemp(path);
	size_t total = 0;

	unlink(path);
	free(path);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i + 5 <= sizeof(block); i += 5)
		memcpy(block + i, "--b\n\n", 5);
	if (write(fd, head, strlen(head)) < 0)
		return -1;
	while (total < 20u << 20) {
		size_t n = sizeof(block) / 5 * 5;

		if (write(fd, block, n) != (ssize_t)n)
			return -1;
		total += n;
	}
	if (write(fd, "--b--\n", 6) != 6 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return fd;
}

static void
t_empty_parts(void)
{
	struct rusage ru;
	struct timespec t0, t1;
	int status = 0, fds[2];
	char line[256] = "";
	double secs;
	ssize_t n;
	pid_t pid;

	test_begin("20 MiB of empty parts");
	if (pipe(fds) < 0) {
		test_ok(0, "pipe");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		struct parser_cfg cfg;
		struct report *r = NULL;
		FILE *out = fdopen(fds[1], "w");
		int fd;

		close(fds[0]);
#if !RG_ASAN
		{
			/* the old parser took 3.1 GiB here: fail, do not
			   take the machine down */
			struct rlimit rl = { 512u << 20, 512u << 20 };

			setrlimit(RLIMIT_AS, &rl);
		}
#endif
		if ((fd = empty_parts_mail()) < 0 || out == NULL)
			_exit(2);
		parser_global_init();
		parser_cfg_init(&cfg);
		if (parser_parse_fd(fd, &cfg, &r, NULL) < 0)
			_exit(3);
		for (size_t i = 0; i < r->warnings.n; i++)
			if (strncmp(r->warnings.v[i], "too_many_parts", 14) == 0)
				fprintf(out, "warned ");
		fprintf(out, "%s\n", report_kind_name(r->kind));
		fclose(out);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	if (n > 0)
		line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	close(fds[0]);
	wait4(pid, &status, 0, &ru);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	test_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"parsed (status %d)", status);
	test_ok(strcmp(line, "warned ip_report") == 0,
		"a report with the too_many_parts warning (%s)", line);
#if RG_ASAN
	(void)secs;
	test_skip("peak RSS and time are not meaningful under ASan");
#else
	test_ok(ru.ru_maxrss < 64 * 1024, "peak RSS %ld kB < 64 MiB",
		ru.ru_maxrss);
	test_ok(secs < 10.0, "%.2f s < 10 s", secs);
#endif
}

int
main(void)
{
	t_empty_parts();	/* first: the child's peak RSS starts here */
	t_scan();
	return test_done();
}
