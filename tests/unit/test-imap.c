/* tests/unit/test-imap.c - the IMAP client: SASL strings, token readers and
   the fetch spool without a server; then everything against a real Dovecot
   started on random loopback ports by tests/integration/dovecot.sh (TLS
   checks, auth, select, list, a 250-message fetch with a 20 MB one, move,
   UIDVALIDITY change, restart, IDLE, timeouts, MOVE-less servers). The
   Dovecot part is skipped without /usr/sbin/dovecot or root. */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../common/sanitizer.h"
#include "../../common/mem.h"
#include "../../common/secret.h"
#include "../../intake/imap.h"
#include "../../intake/imap_spool.h"
#include "../lib/testlib.h"

#define N_MSGS 250
#define BIG_INDEX 120			/* message 120 is the 20 MB one */
#define BIG_BYTES (20u * 1024 * 1024)

static char tdir[64];			/* our temp dir */
static char ddir[128];			/* the Dovecot dir inside it */
static unsigned port_plain, port_imaps;
static bool dovecot_up;

/* ---- helpers ---- */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv (NULL-terminated), stdout to /dev/null unless keep_stdout.
   Returns the exit status, or -1. */
static int
run(const char *const argv[], bool keep_stdout)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!keep_stdout) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0)
				dup2(fd, STDOUT_FILENO);
		}
		{
			char *v[8];
			size_t i;

			for (i = 0; i < 7 && argv[i] != NULL; i++)
				v[i] = xstrdup(argv[i]);
			v[i] = NULL;
			execv(v[0], v);
		}
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *
script(void)
{
	static char path[4096];
	const char *src = getenv("srcdir");

	snprintf(path, sizeof(path), "%s/tests/integration/dovecot.sh",
		 src ? src : ".");
	return path;
}

static int
dovecot(const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *argv[] = { "/bin/bash", script(), a1, a2, a3, a4, NULL };

	return run(argv, false);
}

static int
deliver(const char *file, const char *folder)
{
	return dovecot("deliver", ddir, file, folder);
}

/* Returns a port that was free a moment ago on 127.0.0.1 (0 on error). */
static unsigned
free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned port = 0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* A listening socket that never accepts nor speaks: *port_r gets its
   port. Returns the fd. */
static int
silent_listener(unsigned *port_r)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port_r = ntohs(a.sin_port);
	return fd;
}

/* Stops Dovecot and removes tdir when the test process ends, however it
   ends (also on a crash): a child waits for the pipe to close. */
static void
start_reaper(void)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)	/* no exec'd child may hold p[1] */
		return;
	pid = fork();
	if (pid == 0) {
		char c;
		const char *rm[] = { "/bin/rm", "-rf", tdir, NULL };

		int null = open("/dev/null", O_WRONLY);

		close(p[1]);
		if (null >= 0) {	/* don't hold the TAP pipe open */
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		setsid();	/* not killed with the test's process group */
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		dovecot("stop", ddir, NULL, NULL);
		run(rm, false);
		_exit(0);
	}
	close(p[0]);	/* p[1] stays open until we exit */
}

static struct imap_settings
settings(enum imap_security sec)
{
	struct imap_settings s = {
		.host = "127.0.0.1",
		.port = sec == IMAP_SEC_IMAPS ? port_imaps : port_plain,
		.security = sec,
		.user = "testuser",
		.secret = "testpass",
		.auth = IMAP_AUTH_LOGIN,
		.timeout_s = 10,
		.spool_dir = tdir,
	};
	static char ca[160];

	snprintf(ca, sizeof(ca), "%s/tls/ca.pem", ddir);
	s.ca_file = ca;
	return s;
}

static size_t
count_in_file(const char *path, const char *needle)
{
	size_t len = 0, n = 0;
	char *data = test_read_file(path, &len);

	for (char *p = data; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(data);
	return n;
}

static long
status_kb(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key) + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* ---- no server needed ---- */

static void
t_sasl(void)
{
	char *s;

	test_begin("SASL initial responses");
	s = imap_auth_xoauth2_b64("user@example.com", "ya29.a0AfH6SM");
	test_streq(s, "dXNlcj11c2VyQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVyIHlhMjku"
		   "YTBBZkg2U00BAQ==", "XOAUTH2 string");
	secret_free(&s);
	test_ok(s == NULL, "secret_free clears the pointer");
	secret_free(&s);
	s = imap_auth_xoauth2_b64("user", "tok\001en");
	test_ok(s == NULL, "XOAUTH2 refuses ^A in the token");
	s = imap_auth_xoauth2_b64("us\ner", "token");
	test_ok(s == NULL, "XOAUTH2 refuses LF in the user");
	s = imap_auth_plain_b64("testuser", "testpass");
	test_streq(s, "AHRlc3R1c2VyAHRlc3RwYXNz", "PLAIN string");
	secret_free(&s);
	s = imap_auth_plain_b64("a", "b");
	test_streq(s, "AGEAYg==", "base64 with == padding");
	secret_free(&s);
	s = imap_auth_plain_b64("ab", "c");
	test_streq(s, "AGFiAGM=", "base64 with = padding");
	secret_free(&s);
}

static void
t_tokens(void)
{
	struct err err;
	char path[128];
	char *s;
	double t0;
	FILE *f;

	test_begin("OAuth token command and file");
	err_clear(&err);
	s = imap_auth_token_command("printf 'tok123\\nsecond line\\n'", 5,
				    &err);
	test_streq(s, "tok123", "first line of the command's output");
	secret_free(&s);
	s = imap_auth_token_command("printf 'crlf-tok\\r\\n'", 5, &err);
	test_streq(s, "crlf-tok", "CRLF removed");
	secret_free(&s);
	s = imap_auth_token_command("echo tok; exit 3", 5, &err);
	test_ok(s == NULL && err.class == ERR_TEMP &&
		strstr(err.msg, "exit status 3"), "failing command: %s",
		err.msg);
	s = imap_auth_token_command("true", 5, &err);
	test_ok(s == NULL && err.class == ERR_TEMP, "no output: %s", err.msg);
	s = imap_auth_token_command("exec /nonexistent/token-helper", 5,
				    &err);
	test_ok(s == NULL && err.class == ERR_FATAL, "missing program: %s",
		err.msg);
	t0 = now_s();
	s = imap_auth_token_command("sleep 30", 1, &err);
	test_ok(s == NULL && err.class == ERR_TEMP &&
		strstr(err.msg, "timed out"), "hanging command: %s", err.msg);
	test_ok(now_s() - t0 < 10, "killed after the timeout (%.1fs)",
		now_s() - t0);
	t0 = now_s();
	s = imap_auth_token_command("echo tok; exec sleep 30", 1, &err);
	test_ok(s == NULL && now_s() - t0 < 10,
		"a command that prints and hangs is killed too");
	s = imap_auth_token_command("head -c 100000 /dev/zero | tr '\\0' a",
				    5, &err);
	test_ok(s == NULL && err.class == ERR_FATAL, "over-long token: %s",
		err.msg);
	s = imap_auth_token_command("head -c 3000000 /dev/zero | tr '\\0' "
				    "'\\n'; echo", 10, &err);
	test_ok(s == NULL && err.class == ERR_TEMP,
		"big output is drained, empty first line refused");

	snprintf(path, sizeof(path), "%s/token", tdir);
	f = fopen(path, "w");
	if (f) {
		fputs("file-token\r\nrest\n", f);
		fclose(f);
	}
	s = secret_read(path, &err);
	test_streq(s, "file-token", "token file: first line");
	secret_free(&s);
	snprintf(path, sizeof(path), "%s/no-such-token", tdir);
	s = secret_read(path, &err);
	test_ok(s == NULL && err.class == ERR_FATAL, "missing token file: %s",
		err.msg);
}

/* A maker of anonymous files for the spool (imap_spool_set_anon): in
   tdir, counted; after fail_after calls it fails (-1). */
struct t_anon {
	int calls;
	int fail_after;
};

static int
t_anon_make(void *ctx)
{
	struct t_anon *a = ctx;

	if (a->calls++ >= a->fail_after) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return open(tdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

/* The spool, with memory files or with anonymous (linkable) files, made
   by the spool itself or by a maker (anon, may be NULL). */
static void
t_spool(bool linkable, struct t_anon *anon)
{
	static const uint32_t want[] = { 9, 3, 5 };
	struct imap_spool *sp;
	struct err err;
	uint32_t uid;
	uint64_t size;
	bool trunc;
	char buf[32];
	int fd, a, b, r;
	ssize_t n;

	test_begin(!linkable ? "fetch spool" : anon ?
		   "fetch spool, files from a maker" :
		   "fetch spool, linkable files");
	err_clear(&err);
	sp = imap_spool_new(tdir, linkable, 8, want, 3);
	if (anon != NULL)
		imap_spool_set_anon(sp, t_anon_make, anon);
	/* uid 9 arrives first, in two chunks, over the cap of 8 */
	imap_spool_write(sp, &a, "hello ", 6, &err);
	imap_spool_write(sp, &a, "world", 5, &err);
	imap_spool_finish(sp, 9);
	/* an unsolicited response in between */
	imap_spool_discard_current(sp);
	/* uid 3: a re-parse restarts the body */
	imap_spool_write(sp, &a, "garbage", 7, &err);
	imap_spool_write(sp, &b, "abc", 3, &err);
	imap_spool_finish(sp, 3);
	/* uid 4 was not asked for; uid 5 comes with an empty body */
	imap_spool_write(sp, &a, "nope", 4, &err);
	imap_spool_finish(sp, 4);
	imap_spool_finish(sp, 5);
	imap_spool_write(sp, &b, "again", 5, &err);
	imap_spool_finish(sp, 3);	/* duplicate */

	r = imap_spool_next(sp, &uid, &fd, &size, &trunc, &err);
	n = read(fd, buf, sizeof(buf));
	test_ok(r == 1 && uid == 3 && size == 3 && !trunc && n == 3 &&
		memcmp(buf, "abc", 3) == 0, "uid 3 first, re-parse dropped");
	if (linkable && (anon == NULL || anon->fail_after > 0)) {
		struct stat sb;
		char proc[64], path[PATH_MAX];

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		snprintf(path, sizeof(path), "%s/linked-spool", tdir);
		test_ok(fstat(fd, &sb) == 0 && sb.st_nlink == 0 &&
			linkat(AT_FDCWD, proc, AT_FDCWD, path,
			       AT_SYMLINK_FOLLOW) == 0 &&
			stat(path, &sb) == 0 && sb.st_size == 3,
			"an anonymous file in the spool dir, linkable");
		unlink(path);
	}
	r = imap_spool_next(sp, &uid, &fd, &size, &trunc, &err);
	n = read(fd, buf, sizeof(buf));
	test_ok(r == 1 && uid == 5 && size == 0 && n == 0, "empty body kept");
	r = imap_spool_next(sp, &uid, &fd, &size, &trunc, &err);
	n = read(fd, buf, sizeof(buf));
	test_ok(r == 1 && uid == 9 && size == 11 && trunc && n == 8 &&
		memcmp(buf, "hello wo", 8) == 0, "cap: truncated to 8 bytes");
	r = imap_spool_next(sp, &uid, &fd, &size, &trunc, &err);
	test_ok(r == 0, "unasked uid 4 and the duplicate were dropped");
	if (anon != NULL)
		test_ok(anon->calls > 0, anon->fail_after > 0 ?
			"the maker made the files" :
			"a failing maker: memory files instead");
	imap_spool_free(&sp);
	imap_spool_free(&sp);
	test_ok(sp == NULL, "spool_free is NULL-safe");
}

/* A fake server without STARTTLS: greets, answers CAPABILITY, and exits
   1 if it ever sees LOGIN or AUTHENTICATE. */
static pid_t
fake_server(int lfd)
{
	pid_t pid = fork();

	if (pid == 0) {
		char line[512];
		FILE *in, *out;
		int c = accept(lfd, NULL, NULL);

		if (c < 0)
			_exit(2);
		in = fdopen(c, "r");
		out = fdopen(dup(c), "w");
		fputs("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\r\n", out);
		fflush(out);
		while (fgets(line, sizeof(line), in)) {
			char tag[32] = "";

			sscanf(line, "%31s", tag);
			if (strstr(line, "LOGIN") || strstr(line, "AUTHENTICATE"))
				_exit(1);
			if (strstr(line, "CAPABILITY"))
				fprintf(out, "* CAPABILITY IMAP4rev1 "
					"AUTH=PLAIN\r\n%s OK done\r\n", tag);
			else
				fprintf(out, "%s BAD no\r\n", tag);
			fflush(out);
		}
		_exit(0);
	}
	return pid;
}

static void
t_no_server(void)
{
	struct imap_settings s;
	struct imap_conn *c;
	struct err err;
	unsigned port;
	double t0;
	pid_t pid;
	int lfd, st = -1;

	test_begin("network errors without Dovecot");
	err_clear(&err);
	s = settings(IMAP_SEC_NONE);
	s.port = free_port();
	s.allow_plaintext = true;
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_TEMP, "closed port: %s",
		err.msg);

	lfd = silent_listener(&port);
	s.port = port;
	s.timeout_s = 2;
	t0 = now_s();
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_TEMP, "no greeting: %s",
		err.msg);
	test_ok(now_s() - t0 >= 1.5 && now_s() - t0 < 8,
		"gave up after about the timeout (%.2fs)", now_s() - t0);
	if (lfd >= 0)
		close(lfd);

	lfd = silent_listener(&port);
	pid = fake_server(lfd);
	s = settings(IMAP_SEC_STARTTLS);
	s.port = port;
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL &&
		strstr(err.msg, "STARTTLS"), "STARTTLS not offered: %s",
		err.msg);
	waitpid(pid, &st, 0);
	test_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"no credentials sent to it");
	close(lfd);

	s = settings(IMAP_SEC_NONE);
	s.port = port;
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL &&
		strstr(err.msg, "allow_plaintext"),
		"security=none refused without allow_plaintext: %s", err.msg);
}

/* ---- against Dovecot ---- */

static bool
start_dovecot(void)
{
	for (int i = 0; i < 5; i++) {
		char p1[16], p2[16];

		port_plain = free_port();
		port_imaps = free_port();
		if (port_plain == 0 || port_imaps == 0 ||
		    port_plain == port_imaps)
			continue;
		snprintf(p1, sizeof(p1), "%u", port_plain);
		snprintf(p2, sizeof(p2), "%u", port_imaps);
		if (dovecot("start", p1, ddir, p2) == 0)
			return true;
	}
	return false;
}

/* Waits up to 5 s for the Dovecot log to hold more than n needles. */
static bool
log_grows(const char *needle, size_t n)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/dovecot.log", ddir);
	for (int i = 0; i < 50; i++) {
		if (count_in_file(path, needle) > n)
			return true;
		usleep(100000);
	}
	return false;
}

static void
t_connect(void)
{
	struct imap_settings s;
	struct imap_conn *c;
	struct err err;
	char log[160];
	size_t before;

	test_begin("connect, TLS verification, authentication");
	err_clear(&err);
	snprintf(log, sizeof(log), "%s/dovecot.log", ddir);

	s = settings(IMAP_SEC_NONE);
	s.allow_plaintext = true;
	c = imap_open(&s, &err);
	test_ok(c != NULL, "plain login with allow_plaintext: %s", c ? "" : err.msg);
	test_ok(imap_has_capability(c, "MOVE") && imap_has_idle(c),
		"post-login capabilities known");
	imap_close(&c);
	test_ok(c == NULL, "close clears the pointer");
	imap_close(&c);

	s = settings(IMAP_SEC_STARTTLS);
	c = imap_open(&s, &err);
	test_ok(c != NULL, "STARTTLS verified with the test CA: %s",
		c ? "" : err.msg);
	imap_close(&c);

	before = count_in_file(log, "no auth attempts");
	s = settings(IMAP_SEC_STARTTLS);
	s.ca_file = NULL;
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL &&
		strstr(err.msg, "not trusted"),
		"STARTTLS with system CAs: %s", err.msg);
	test_ok(log_grows("no auth attempts", before),
		"no password was sent (Dovecot: no auth attempts)");

	s = settings(IMAP_SEC_IMAPS);
	c = imap_open(&s, &err);
	test_ok(c != NULL, "imaps verified with the test CA: %s", c ? "" : err.msg);
	imap_close(&c);

	s = settings(IMAP_SEC_IMAPS);
	s.host = "localhost";
	c = imap_open(&s, &err);
	test_ok(c != NULL, "imaps to \"localhost\" (DNS SAN): %s", c ? "" : err.msg);
	imap_close(&c);

	before = count_in_file(log, "no auth attempts");
	s = settings(IMAP_SEC_IMAPS);
	s.host = "127.0.0.2";
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL, "wrong host name: %s",
		err.msg);
	test_ok(log_grows("no auth attempts", before),
		"no password sent to the wrong host");

	s = settings(IMAP_SEC_IMAPS);
	s.host = "127.0.0.2";
	s.allow_plaintext = true;
	c = imap_open(&s, &err);
	test_ok(c != NULL, "unverified TLS accepted with allow_plaintext");
	imap_close(&c);

	s = settings(IMAP_SEC_STARTTLS);
	s.secret = "wrong";
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL &&
		strstr(err.msg, "authentication failed"),
		"wrong password: %s", err.msg);

	s = settings(IMAP_SEC_STARTTLS);
	s.auth = IMAP_AUTH_PLAIN;
	c = imap_open(&s, &err);
	test_ok(c != NULL, "AUTHENTICATE PLAIN: %s", c ? "" : err.msg);
	imap_close(&c);

	s = settings(IMAP_SEC_IMAPS);
	s.auth = IMAP_AUTH_PLAIN;
	s.secret = "wrong";
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL,
		"AUTHENTICATE PLAIN, wrong password: %s", err.msg);

	s = settings(IMAP_SEC_IMAPS);
	s.auth = IMAP_AUTH_XOAUTH2;
	c = imap_open(&s, &err);
	test_ok(c == NULL && err.class == ERR_FATAL,
		"XOAUTH2 refused by a server without it: %s", err.msg);
}

/* Resets the peak RSS (VmHWM). Returns true if that worked. */
static bool
rss_reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	bool ok = f != NULL && fputs("5", f) >= 0;

	if (f != NULL && fclose(f) != 0)
		ok = false;
	return ok;
}

/* Checks that VmHWM can be reset and sees 24 MB being touched (not so in
   every sandbox), then resets it. Returns true if the meter works. */
static bool
rss_meter_works(void)
{
	long base;
	char *p;
	bool ok;

#if RG_ASAN
	return false;	/* ASan's quarantine keeps freed memory resident */
#endif
	if (!rss_reset_peak())
		return false;
	base = status_kb("VmRSS:");
	if (status_kb("VmHWM:") > base + 512)
		return false;
	p = xmalloc(24u << 20);
	memset(p, 1, 24u << 20);
	ok = status_kb("VmHWM:") > base + 20000;
	free(p);
	return rss_reset_peak() && ok;
}

/* Writes message i (LF line ends) to path; returns 0 or -1. */
static int
make_message(const char *path, unsigned i)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "From: Sender %u <s%u@example.org>\nTo: reports@example.net"
		"\nSubject: report %u\nMessage-ID: <m%u@example.org>\n\n",
		i, i, i, i);
	if (i == BIG_INDEX) {
		char line[80];

		memset(line, 'x', 76);
		line[76] = '\n';
		for (unsigned n = 0; n < BIG_BYTES / 77; n++) {
			line[0] = (char)('A' + n % 26);
			fwrite(line, 1, 77, f);
		}
	} else {
		for (unsigned n = 0; n < 1 + i % 7; n++)
			fprintf(f, "line %u of message %u: caf\xc3\xa9\n", n, i);
	}
	return fclose(f) == 0 ? 0 : -1;
}

struct fetch_check {
	unsigned got, equal, in_order, truncated;
	uint32_t last_uid;
	uint32_t big_uid;		/* UID of message BIG_INDEX */
	bool seen[N_MSGS + 1];		/* message numbers fetched */
	unsigned dup;
};

/* Reads the delivered file byte by byte, buffered. */
struct file_reader {
	FILE *f;
	char b[65536];
	size_t len, pos;
};

/* Returns true if the next byte of the file is ch. */
static bool
file_next_is(struct file_reader *r, char ch)
{
	if (r->pos == r->len) {
		r->len = fread(r->b, 1, sizeof(r->b), r->f);
		r->pos = 0;
	}
	return r->pos < r->len && r->b[r->pos++] == ch;
}

/* Returns true if the file has no more bytes. */
static bool
file_at_end(struct file_reader *r)
{
	if (r->pos == r->len) {
		r->len = fread(r->b, 1, sizeof(r->b), r->f);
		r->pos = 0;
	}
	return r->pos == r->len;
}

/* Compares the fetched fd (CRLF line ends) with message number i's file
   (LF line ends), streaming: CR LF counts as LF. */
static bool
same_as_file(int fd, unsigned i)
{
	struct file_reader *r = xcalloc(1, sizeof(*r));
	char path[160], a[65536];
	bool cr = false, same = true;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/msg-%u.eml", tdir, i);
	r->f = fopen(path, "r");
	if (r->f == NULL) {
		free(r);
		return false;
	}
	while (same && (n = read(fd, a, sizeof(a))) > 0) {
		for (ssize_t k = 0; k < n && same; k++) {
			if (cr && a[k] != '\n')
				same = file_next_is(r, '\r');
			cr = a[k] == '\r';
			if (!cr && same)
				same = file_next_is(r, a[k]);
		}
	}
	if (same && cr)
		same = file_next_is(r, '\r');
	if (same)	/* the file must be at its end too */
		same = file_at_end(r);
	fclose(r->f);
	free(r);
	return same;
}

/* Returns the message number in the "Subject: report N" header of the
   message in fd (0 if none); rewinds fd. UIDs need not follow delivery
   order (Dovecot orders new Maildir files by name), so the content says
   which file to compare with. */
static unsigned
message_number(int fd)
{
	char head[512], *p;
	ssize_t n = read(fd, head, sizeof(head) - 1);
	unsigned i = 0;

	if (n > 0) {
		head[n] = '\0';
		p = strstr(head, "Subject: report ");
		if (p != NULL)
			i = (unsigned)strtoul(p + 16, NULL, 10);
	}
	lseek(fd, 0, SEEK_SET);
	return i <= N_MSGS ? i : 0;
}

static int
fetch_cb(void *ctxp, const struct imap_msg *m, struct err *err)
{
	struct fetch_check *ctx = ctxp;
	unsigned i = message_number(m->fd);

	(void)err;
	ctx->got++;
	if (m->uid > ctx->last_uid)
		ctx->in_order++;
	ctx->last_uid = m->uid;
	if (i == BIG_INDEX)
		ctx->big_uid = m->uid;
	if (ctx->seen[i])
		ctx->dup++;
	ctx->seen[i] = true;
	if (m->truncated)
		ctx->truncated++;
	else if (i != 0 && same_as_file(m->fd, i))
		ctx->equal++;
	return 0;
}

static int
stop_cb(void *ctxp, const struct imap_msg *m, struct err *err)
{
	(void)ctxp;
	(void)m;
	err_set(err, ERR_MSG, "stop here");
	return -1;
}

static void
t_mail(void)
{
	struct imap_settings s = settings(IMAP_SEC_STARTTLS);
	struct fetch_check *chk;
	struct imap_conn *c;
	long rss_before, hwm;
	uint32_t big_uid = 0;
	bool meter;
	struct err err;
	uint32_t uv = 0, next = 0, uv2 = 0, *uids = NULL;
	size_t n = 0;
	char path[160];
	bool made = true, delivered = true;
	int r;

	test_begin("select, list, fetch, move");
	err_clear(&err);
	for (unsigned i = 1; i <= N_MSGS; i++) {
		snprintf(path, sizeof(path), "%s/msg-%u.eml", tdir, i);
		made = made && make_message(path, i) == 0;
		delivered = delivered && deliver(path, NULL) == 0;
	}
	test_ok(made && delivered, "%u messages delivered", N_MSGS);

	c = imap_open(&s, &err);
	if (!test_ok(c != NULL, "connected%s%s", c ? "" : ": ", c ? "" : err.msg))
		return;
	r = imap_select(c, "NoSuchBox", &uv, &next, &err);
	test_ok(r < 0 && err.class == ERR_FATAL &&
		strstr(err.msg, "does not exist"), "missing folder: %s",
		err.msg);
	r = imap_select(c, "INBOX", &uv, &next, &err);
	test_ok(r == 0 && uv != 0 && next == N_MSGS + 1,
		"SELECT INBOX: UIDVALIDITY %u UIDNEXT %u", uv, next);
	r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == N_MSGS && uids[0] == 1 &&
		uids[n - 1] == N_MSGS, "all %zu UIDs listed", n);
	free(uids);
	r = imap_list_uids(c, next, &uids, &n, &err);
	test_ok(r == 0 && n == 0 && uids == NULL,
		"UID SEARCH UIDNEXT:* gives nothing new (last UID dropped)");
	r = imap_list_uids(c, 200, &uids, &n, &err);
	test_ok(r == 0 && n == N_MSGS - 199 && uids[0] == 200,
		"UIDs from 200: %zu", n);
	free(uids);

	/* everything, in batches of 100, peak memory measured */
	chk = xcalloc(1, sizeof(*chk));
	meter = rss_meter_works();
	rss_before = status_kb("VmRSS:");
	r = imap_list_uids(c, 1, &uids, &n, &err);
	for (size_t off = 0; r == 0 && off < n; off += 100) {
		int k = imap_fetch_batch(c, uids + off,
					 n - off < 100 ? n - off : 100,
					 fetch_cb, chk, &err);

		r = k < 0 ? -1 : 0;
	}
	hwm = status_kb("VmHWM:");
	test_ok(r == 0 && chk->got == N_MSGS && chk->equal == N_MSGS &&
		chk->dup == 0, "all fetched, bytes equal modulo CRLF (%u/%u)%s%s",
		chk->equal, chk->got, r == 0 ? "" : ": ", r == 0 ? "" : err.msg);
	test_ok(chk->big_uid != 0, "the 20 MB message was among them");
	test_ok(chk->in_order == N_MSGS, "callbacks in UID order");
	if (meter)
		test_ok(hwm - rss_before < 16 * 1024, "peak RSS grew by %ld kB "
			"(< 16 MB) fetching 250 mails with a 20 MB one",
			hwm - rss_before);
	else
		test_skip("peak RSS not measurable here (ASan, or no "
			  "/proc/self/clear_refs)");
	big_uid = chk->big_uid;
	free(chk);

	{
		uint32_t some[] = { 7, 999999, 5 };

		chk = xcalloc(1, sizeof(*chk));
		r = imap_fetch_batch(c, some, 3, fetch_cb, chk, &err);
		test_ok(r == 2 && chk->equal == 2,
			"a missing UID is skipped (%d)", r);
		r = imap_fetch_batch(c, some, 3, stop_cb, NULL, &err);
		test_ok(r < 0 && err.class == ERR_MSG,
			"a callback error stops the batch");
		free(chk);
	}
	s.max_message_bytes = 1000;
	{
		struct imap_conn *c2 = imap_open(&s, &err);

		chk = xcalloc(1, sizeof(*chk));
		r = -1;
		if (c2 && imap_select(c2, "INBOX", &uv2, &next, &err) == 0)
			r = imap_fetch_batch(c2, &big_uid, 1, fetch_cb, chk,
					     &err);
		test_ok(c2 && r == 1 && chk->truncated == 1,
			"max_message_bytes: flagged truncated");
		free(chk);
		imap_close(&c2);
	}

	r = imap_create_folder(c, "Processed", &err);
	test_ok(r == 0, "Processed exists");
	r = imap_create_folder(c, "Extra", &err);
	test_ok(r == 1, "Extra created");
	r = imap_create_folder(c, "Extra", &err);
	test_ok(r == 0, "Extra exists now");

	r = imap_move(c, uids, n, "NoSuchBox", &err);
	test_ok(r < 0 && err.class == ERR_FATAL &&
		strstr(err.msg, "does not exist"),
		"move to a missing folder: %s", err.msg);
	r = imap_move(c, uids, n, "Processed", &err);
	test_ok(r == 0, "moved %zu to Processed: %s", n, r == 0 ? "" : err.msg);
	free(uids);
	imap_close(&c);

	c = imap_open(&s, &err);
	r = c ? imap_select(c, "INBOX", &uv2, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == 0 && uv2 == uv, "INBOX empty afterwards");
	r = c ? imap_select(c, "Processed", &uv2, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == N_MSGS, "Processed holds %zu", n);
	free(uids);
	imap_close(&c);
}

static void
t_restart(void)
{
	struct imap_settings s = settings(IMAP_SEC_IMAPS);
	struct imap_conn *c;
	struct err err;
	uint32_t uv = 0, uv2 = 0, next, *uids = NULL;
	size_t n = 0;
	char path[160];
	int r;

	test_begin("restart and UIDVALIDITY");
	err_clear(&err);
	snprintf(path, sizeof(path), "%s/msg-1.eml", tdir);
	deliver(path, NULL);
	c = imap_open(&s, &err);
	r = c ? imap_select(c, "INBOX", &uv, &next, &err) : -1;
	test_ok(r == 0, "selected before the restart");
	test_ok(dovecot("restart", ddir, NULL, NULL) == 0, "Dovecot "
		"restarted");
	r = c ? imap_list_uids(c, 1, &uids, &n, &err) : 0;
	test_ok(r < 0 && err.class == ERR_TEMP, "old session: %s", err.msg);
	r = c ? imap_select(c, "INBOX", &uv, &next, &err) : 0;
	test_ok(r < 0 && err.class == ERR_TEMP, "dead stays dead: %s",
		err.msg);
	imap_close(&c);
	c = imap_open(&s, &err);
	r = c ? imap_select(c, "INBOX", &uv2, &next, &err) : -1;
	test_ok(r == 0 && uv2 == uv, "reconnected, same UIDVALIDITY");
	imap_close(&c);

	test_ok(dovecot("restart", ddir, "renumber", NULL) == 0,
		"Dovecot restarted with a new uidlist");
	c = imap_open(&s, &err);
	r = c ? imap_select(c, "INBOX", &uv2, &next, &err) : -1;
	test_ok(r == 0 && uv2 != uv && uv2 != 0,
		"UIDVALIDITY changed: %u -> %u", uv, uv2);
	imap_close(&c);
}

static void
t_idle(void)
{
	struct imap_settings s = settings(IMAP_SEC_STARTTLS);
	struct imap_conn *c;
	struct err err;
	uint32_t uv, next;
	char path[160];
	double t0;
	pid_t pid;
	int r, st;

	test_begin("IDLE");
	err_clear(&err);
	c = imap_open(&s, &err);
	r = c ? imap_select(c, "INBOX", &uv, &next, &err) : -1;
	if (!test_ok(r == 0 && imap_has_idle(c), "IDLE offered"))
		goto out;
	t0 = now_s();
	r = imap_idle_wait(c, 1, &err);
	test_ok(r == 0 && now_s() - t0 >= 0.9, "nothing new: 0 after the "
		"timeout (%.2fs)", now_s() - t0);
	snprintf(path, sizeof(path), "%s/msg-2.eml", tdir);
	pid = fork();
	if (pid == 0) {
		usleep(500000);
		_exit(deliver(path, NULL) == 0 ? 0 : 1);
	}
	t0 = now_s();
	r = imap_idle_wait(c, 30, &err);
	test_ok(r == 1 && now_s() - t0 < 29, "woken by a delivery (%.2fs)",
		now_s() - t0);
	waitpid(pid, &st, 0);
	r = imap_idle_wait(c, 1, &err);
	test_ok(r == 0, "then quiet again");
out:
	imap_close(&c);
}

static void
t_fallbacks(void)
{
	struct imap_settings s = settings(IMAP_SEC_IMAPS);
	struct imap_conn *c;
	struct err err;
	uint32_t uv, next, *uids = NULL;
	size_t n = 0, n_quarantined;
	char path[160];
	int r;

	test_begin("servers without MOVE, UIDPLUS, IDLE");
	err_clear(&err);
	snprintf(path, sizeof(path), "%s/msg-3.eml", tdir);
	setenv("DOVECOT_IMAP_CAPABILITY", "IMAP4rev1 SASL-IR LITERAL+ UIDPLUS",
	       1);
	r = dovecot("restart", ddir, NULL, NULL);
	deliver(path, NULL);
	c = r == 0 ? imap_open(&s, &err) : NULL;
	test_ok(c && !imap_has_capability(c, "MOVE") &&
		imap_has_capability(c, "UIDPLUS") && !imap_has_idle(c),
		"capabilities without MOVE and IDLE");
	r = c ? imap_select(c, "INBOX", &uv, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	if (r == 0)
		r = imap_move(c, uids, n, "Quarantine", &err);
	free(uids);
	if (r == 0)
		r = imap_select(c, "INBOX", &uv, &next, &err);
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == 0, "COPY + STORE + UID EXPUNGE emptied INBOX");
	free(uids);
	r = c ? imap_select(c, "Quarantine", &uv, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	free(uids);
	n_quarantined = r == 0 ? n : 0;
	test_ok(n_quarantined > 0, "%zu in Quarantine", n_quarantined);
	r = c ? imap_idle_wait(c, 1, &err) : -1;
	test_ok(r == 0, "NOOP wait without IDLE, nothing new: %d", r);
	deliver(path, "Quarantine");
	r = c ? imap_idle_wait(c, 5, &err) : -1;
	test_ok(r == 1, "NOOP wait without IDLE sees a delivery: %d", r);
	n_quarantined++;
	imap_close(&c);

	setenv("DOVECOT_IMAP_CAPABILITY", "IMAP4rev1 SASL-IR LITERAL+", 1);
	r = dovecot("restart", ddir, NULL, NULL);
	unsetenv("DOVECOT_IMAP_CAPABILITY");
	deliver(path, NULL);
	c = r == 0 ? imap_open(&s, &err) : NULL;
	r = c ? imap_select(c, "INBOX", &uv, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == 1, "one new message");
	if (r == 0)
		r = imap_move(c, uids, n, "Quarantine", &err);
	free(uids);
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == 0, "without UIDPLUS: marked \\Deleted, no "
		"longer listed");
	free(uids);
	r = c ? imap_select(c, "Quarantine", &uv, &next, &err) : -1;
	if (r == 0)
		r = imap_list_uids(c, 1, &uids, &n, &err);
	test_ok(r == 0 && n == n_quarantined + 1,
		"copied to Quarantine (%zu)", n);
	free(uids);
	imap_close(&c);
}

int
main(void)
{
	const char *why = NULL;

	signal(SIGPIPE, SIG_IGN);
	snprintf(tdir, sizeof(tdir), "/tmp/rg-test-imap-XXXXXX");
	if (mkdtemp(tdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	chmod(tdir, 0711);	/* Dovecot's mail user must traverse it */
	snprintf(ddir, sizeof(ddir), "%s/dovecot", tdir);
	start_reaper();

	t_sasl();
	t_tokens();
	t_spool(false, NULL);
	t_spool(true, NULL);
	t_spool(true, &(struct t_anon){ 0, 1000 });
	t_spool(true, &(struct t_anon){ 0, 0 });
	t_no_server();

	if (access("/usr/sbin/dovecot", X_OK) != 0)
		why = "Dovecot not installed (/usr/sbin/dovecot)";
	else if (geteuid() != 0)
		why = "the Dovecot tests need root";
	else if (!start_dovecot())
		why = NULL, test_ok(false, "Dovecot started");
	else
		dovecot_up = true;
	if (dovecot_up) {
		t_connect();
		t_mail();
		t_restart();
		t_idle();
		t_fallbacks();
		dovecot("stop", ddir, NULL, NULL);
	} else if (why != NULL) {
		test_skip(why);
	}
	return test_done();	/* the reaper removes tdir */
}
