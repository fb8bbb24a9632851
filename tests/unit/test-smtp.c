/* tests/unit/test-smtp.c - smtp_send against two throwaway aiosmtpd
   servers on free loopback ports (tests/integration/smtp-server.sh):
     "tls":   STARTTLS required, implicit TLS port, optional AUTH (after TLS)
     "plain": no TLS at all, optional AUTH offered in the clear
   Skips when /usr/bin/python3 cannot import aiosmtpd. The servers are
   stopped at exit and also stop by themselves when this process is gone. */
#define _GNU_SOURCE	/* nftw flags */
#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "common/backoff.h"
#include "common/mem.h"
#include "outbox/mailbuild.h"
#include "outbox/smtp.h"
#include "tests/lib/testlib.h"

#define T_USER "u"
#define T_PASS "secret-pw"
#define T_FROM "ack@gw.example.net"
#define T_SLOW_S "120"		/* slow* recipients wait this long */
#define T_SLOW_N 120

struct t_server {
	const char *name;
	char dir[512];
	int port;
	int smtps_port;
	bool up;
};

static char t_root[256];
static struct t_server t_tls = { .name = "tls" };
static struct t_server t_plain = { .name = "plain" };
static char t_script_path[1024];
static unsigned t_seq;

/* Runs bash script with args (NULL-terminated) and extra environment
   ("K=V", NULL-terminated; may be NULL), stdout to /dev/null. Returns the
   exit status, or -1. */
static int
t_run(const char *const *args, const char *const *env)
{
	char *argv[8] = { NULL };
	int status = 0;
	size_t n = 2;
	pid_t pid;

	argv[0] = xstrdup("/bin/bash");	/* freed by exec or exit */
	argv[1] = xstrdup(t_script_path);
	for (size_t i = 0; args[i] != NULL && n + 1 < 8; i++)
		argv[n++] = xstrdup(args[i]);
	argv[n] = NULL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 1);
		for (size_t i = 0; env != NULL && env[i] != NULL; i++)
			putenv(xstrdup(env[i]));
		execv(argv[0], argv);
		_exit(127);
	}
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Returns a loopback port nobody listens on right now. */
static int
t_free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static bool
t_start(struct t_server *s, bool tls)
{
	char port[16], watch[48], smtps[32];
	const char *env_tls[] = {
		"SMTP_REQUIRE_TLS=1", smtps, "SMTP_USER=" T_USER,
		"SMTP_PASS=" T_PASS, "SMTP_SLOW_SECONDS=" T_SLOW_S, watch, NULL
	};
	const char *env_plain[] = {
		"SMTP_USER=" T_USER, "SMTP_PASS=" T_PASS,
		"SMTP_AUTH_REQUIRE_TLS=0", watch, NULL
	};

	snprintf(s->dir, sizeof(s->dir), "%s/%s", t_root, s->name);
	snprintf(watch, sizeof(watch), "SMTP_WATCH_PID=%ld", (long)getpid());
	/* a port taken between t_free_port and the bind: try again */
	for (int attempt = 0; attempt < 3 && !s->up; attempt++) {
		const char *args[] = { "start", port, s->dir, NULL };

		s->port = t_free_port();
		s->smtps_port = t_free_port();
		snprintf(port, sizeof(port), "%d", s->port);
		snprintf(smtps, sizeof(smtps), "SMTPS_PORT=%d", s->smtps_port);
		s->up = t_run(args, tls ? env_tls : env_plain) == 0;
	}
	return s->up;
}

static void
t_stop_all(void)
{
	struct t_server *all[] = { &t_tls, &t_plain };

	for (size_t i = 0; i < 2; i++) {
		const char *args[] = { "stop", all[i]->dir, NULL };

		if (all[i]->up)
			t_run(args, NULL);
		all[i]->up = false;
	}
}

static int
t_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Returns the number of lines in dir/name (0 if absent). */
static int
t_lines(const struct t_server *s, const char *name)
{
	char path[600];
	size_t len = 0;
	char *data;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	data = test_read_file(path, &len);
	for (size_t i = 0; data != NULL && i < len; i++)
		n += data[i] == '\n';
	free(data);
	return n;
}

/* Returns line n (1-based) of dir/name, owned by the caller, or "". */
static char *
t_line(const struct t_server *s, const char *name, int n)
{
	char path[600];
	size_t len = 0;
	char *data, *p, *out;

	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	data = test_read_file(path, &len);
	if (data == NULL)
		return xstrdup("");
	p = data;
	for (int i = 1; i < n && p != NULL; i++) {
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	out = xstrndup(p ? p : "", p ? strcspn(p, "\n") : 0);
	free(data);
	return out;
}

/* Returns the bytes of the message an envelope line names, or NULL. */
static char *
t_received(const struct t_server *s, const char *envelope, size_t *len_r)
{
	const char *f = strstr(envelope, "\"file\": \"");
	char path[700];
	char *rel;

	if (f == NULL)
		return NULL;
	f += 9;
	rel = xstrndup(f, strcspn(f, "\""));
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	free(rel);
	return test_read_file(path, len_r);
}

static struct smtp_settings
t_settings(const struct t_server *s, const char *scheme, int port)
{
	static char url[128];
	struct smtp_settings st = {
		.url = url,
		.mail_from = T_FROM,
		.timeout_s = 15,
	};

	snprintf(url, sizeof(url), "%s://127.0.0.1:%d/rg-test.localhost",
		 scheme, port ? port : s->port);
	return st;
}

static const char *
t_ca(const struct t_server *s)
{
	static char path[600];

	snprintf(path, sizeof(path), "%s/tls/ca.pem", s->dir);
	return path;
}

/* Renders an acknowledgement to to (owned by the caller). */
static char *
t_message(const char *to, size_t *len_r)
{
	char *id = mailbuild_message_id("IPR-2026-000123", ++t_seq,
					"gw.example.net");
	struct mail_out m = {
		.from_name = "IP Reports",
		.from_addr = T_FROM,
		.to_addr = to,
		.subject = "[IPR-2026-000123] \xe5\xb7\xb2\xe6\x94\xb6\xe5\x88"
			   "\xb0 received",
		.body = "Thank you.\n.\n..two dots\nGr\xc3\xbc\xc3\x9f" "e\n",
		.message_id = id,
		.date = 1767225600,
		.lang = "en",
	};
	struct err err = { 0 };
	char *data = NULL;

	if (mailbuild_render(&m, &data, len_r, &err) < 0) {
		fprintf(stderr, "render: %s\n", err.msg);
		abort();
	}
	free(id);
	return data;
}

/* Sends one message to rcpts; returns smtp_send's value. */
static int
t_send(const struct smtp_settings *st, const char *const *rcpts, size_t n,
       struct smtp_result *res)
{
	size_t len;
	char *data = t_message(rcpts[0], &len);
	int rc = smtp_send(st, rcpts, n, data, len, res);

	free(data);
	return rc;
}

/* Sends to one recipient and checks that it arrived byte for byte on s
   with tls and auth_user as given. */
static void
t_delivered(const struct t_server *s, const struct smtp_settings *st,
	    const char *what, bool tls, const char *auth_user)
{
	const char *rcpt = "jane@example.org";
	struct smtp_result res;
	int before = t_lines(s, "envelopes.jsonl");
	size_t len, got_len = 0;
	char *data = t_message(rcpt, &len), *env, *got, *want;
	int rc = smtp_send(st, &rcpt, 1, data, len, &res);

	test_ok(rc == 0 && res.n_delivered == 1 &&
		res.rcpts[0].status == SMTP_DELIVERED &&
		res.rcpts[0].code == 250 && res.err.class == ERR_NONE,
		"%s: delivered (rc %d, %s %d \"%s\", err \"%s\")", what, rc,
		smtp_status_name(res.rcpts[0].status), res.rcpts[0].code,
		res.rcpts[0].text, res.err.msg);
	test_ok(t_lines(s, "envelopes.jsonl") == before + 1,
		"%s: the server stored one message", what);
	env = t_line(s, "envelopes.jsonl", before + 1);
	test_ok(strstr(env, tls ? "\"tls\": true" : "\"tls\": false") != NULL,
		"%s: tls %s", what, tls ? "true" : "false");
	want = auth_user ? xasprintf("\"auth_user\": \"%s\"", auth_user) :
			   xstrdup("\"auth_user\": null");
	test_ok(strstr(env, want) != NULL, "%s: %s", what, want);
	test_ok(strstr(env, "\"mail_from\": \"" T_FROM "\"") != NULL &&
		strstr(env, "\"rcpt_tos\": [\"jane@example.org\"]") != NULL,
		"%s: envelope from and to", what);
	got = t_received(s, env, &got_len);
	test_ok(got != NULL && got_len == len && memcmp(got, data, len) == 0,
		"%s: received byte for byte (%zu vs %zu bytes)", what, got_len,
		len);
	if (got != NULL) {
		GMimeStream *gs = g_mime_stream_mem_new_with_buffer(got,
								    got_len);
		GMimeParser *gp = g_mime_parser_new_with_stream(gs);
		GMimeMessage *msg = g_mime_parser_construct_message(gp, NULL);
		const char *id = msg ? g_mime_message_get_message_id(msg) :
				      NULL;

		test_ok(id != NULL && strncmp(id, "IPR-2026-000123.", 16) == 0,
			"%s: parsed back, Message-ID %s", what, id ? id : "-");
		if (msg != NULL)
			g_object_unref(msg);
		g_object_unref(gp);
		g_object_unref(gs);
	}
	free(got);
	free(want);
	free(env);
	free(data);
	smtp_result_free(&res);
}

static void
t_plain_server(void)
{
	struct smtp_settings st = t_settings(&t_plain, "smtp", 0);
	struct smtp_result res;
	const char *rcpt = "jane@example.org";
	int env_before, auth_before;
	int rc;

	test_begin("server without TLS");
	st.allow_plaintext = true;
	t_delivered(&t_plain, &st, "plaintext allowed", false, NULL);

	/* STARTTLS required (the default): nothing may go out in clear */
	st = t_settings(&t_plain, "smtp", 0);
	st.user = T_USER;
	st.password = T_PASS;
	env_before = t_lines(&t_plain, "envelopes.jsonl");
	auth_before = t_lines(&t_plain, "auth.jsonl");
	rc = t_send(&st, &rcpt, 1, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL &&
		res.rcpts[0].status == SMTP_TEMPFAIL && res.n_delivered == 0,
		"STARTTLS missing: fails as a config error, message kept "
		"(%s: %s)", err_class_name(res.err.class), res.err.msg);
	test_ok(strstr(res.rcpts[0].text, "STARTTLS") != NULL,
		"the reason names STARTTLS (%s)", res.rcpts[0].text);
	test_ok(t_lines(&t_plain, "auth.jsonl") == auth_before,
		"no AUTH was sent in plaintext");
	test_ok(t_lines(&t_plain, "envelopes.jsonl") == env_before,
		"no message was sent in plaintext");
	smtp_result_free(&res);

	/* control: the same server does log AUTH when we allow plaintext */
	st.allow_plaintext = true;
	t_delivered(&t_plain, &st, "plaintext allowed with AUTH", false,
		    T_USER);
	test_ok(t_lines(&t_plain, "auth.jsonl") == auth_before + 1,
		"control: the AUTH log sees a plaintext AUTH");
}

static void
t_tls_server(void)
{
	struct smtp_settings st = t_settings(&t_tls, "smtp", 0);
	struct smtp_result res;
	const char *rcpt = "jane@example.org";
	char *line;
	int auth_before;
	int rc;

	test_begin("server with STARTTLS required");
	st.ca_file = t_ca(&t_tls);
	t_delivered(&t_tls, &st, "STARTTLS + test CA", true, NULL);

	st.ca_file = NULL;	/* the system's CAs do not know ours */
	rc = t_send(&st, &rcpt, 1, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL &&
		res.rcpts[0].status == SMTP_TEMPFAIL,
		"unverified certificate: config error, message kept (%s)",
		res.err.msg);
	smtp_result_free(&res);

	st = t_settings(&t_tls, "smtp", 0);
	st.allow_plaintext = true;
	rc = t_send(&st, &rcpt, 1, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL && res.rcpts[0].code == 530,
		"plaintext to a TLS-only server: 530, config error (%s)",
		res.err.msg);
	smtp_result_free(&res);

	st = t_settings(&t_tls, "smtps", t_tls.smtps_port);
	st.ca_file = t_ca(&t_tls);
	t_delivered(&t_tls, &st, "smtps:// implicit TLS", true, NULL);

	st = t_settings(&t_tls, "smtp", 0);
	st.ca_file = t_ca(&t_tls);
	st.user = T_USER;
	st.password = T_PASS;
	t_delivered(&t_tls, &st, "AUTH after STARTTLS", true, T_USER);

	auth_before = t_lines(&t_tls, "auth.jsonl");
	st.password = "wrong-pw";
	rc = t_send(&st, &rcpt, 1, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL && res.rcpts[0].code == 535 &&
		res.rcpts[0].status == SMTP_TEMPFAIL,
		"wrong password: 535, config error, message kept (%s)",
		res.err.msg);
	test_ok(strstr(res.rcpts[0].text, "wrong-pw") == NULL &&
		strstr(res.err.msg, "wrong-pw") == NULL,
		"the password appears in no result text");
	smtp_result_free(&res);
	line = t_line(&t_tls, "auth.jsonl", auth_before + 1);
	test_ok(strstr(line, "\"success\": false") != NULL &&
		strstr(line, "\"tls\": true") != NULL,
		"the failed AUTH happened inside TLS");
	free(line);
}

static void
t_failures(void)
{
	struct smtp_settings st = t_settings(&t_tls, "smtp", 0);
	struct smtp_result res;
	const char *one[1];
	const char *mixed[] = { "ok1@example.org", "reject-me@example.org",
				"tempfail-me@example.org", "ok2@example.org" };
	const char *slow[] = { "slow@example.org", "after-slow@example.org" };
	time_t t0;
	int before;
	int rc;

	test_begin("per-recipient outcomes");
	st.ca_file = t_ca(&t_tls);

	one[0] = "tempfail@example.org";
	rc = t_send(&st, one, 1, &res);
	test_ok(rc == 0 &&
		res.rcpts[0].status == SMTP_TEMPFAIL &&
		res.rcpts[0].code == 451 && res.err.class == ERR_NONE,
		"451: temporary for that recipient (%s)", res.rcpts[0].text);
	smtp_result_free(&res);

	one[0] = "tempfail-once@example.org";
	rc = t_send(&st, one, 1, &res);
	test_ok(rc == 0 &&
		res.rcpts[0].status == SMTP_TEMPFAIL &&
		res.rcpts[0].code == 451, "tempfail-once: first try 451");
	smtp_result_free(&res);
	rc = t_send(&st, one, 1, &res);
	test_ok(rc == 0 &&
		res.rcpts[0].status == SMTP_DELIVERED && res.n_delivered == 1,
		"tempfail-once: the retry is delivered");
	smtp_result_free(&res);

	one[0] = "reject@example.org";
	rc = t_send(&st, one, 1, &res);
	test_ok(rc == 0 &&
		res.rcpts[0].status == SMTP_PERMFAIL &&
		res.rcpts[0].code == 550 && res.err.class == ERR_NONE,
		"550: permanent for that recipient (%s)", res.rcpts[0].text);
	test_ok(strstr(res.rcpts[0].text, "rcpt: 550 5.1.1") != NULL,
		"text gives stage and reply (%s)", res.rcpts[0].text);
	smtp_result_free(&res);

	one[0] = "datafail@example.org";
	rc = t_send(&st, one, 1, &res);
	test_ok(rc == 0 &&
		res.rcpts[0].status == SMTP_PERMFAIL &&
		res.rcpts[0].code == 554,
		"DATA 554: permanent (%s)", res.rcpts[0].text);
	smtp_result_free(&res);

	before = t_lines(&t_tls, "envelopes.jsonl");
	rc = t_send(&st, mixed, 4, &res);
	test_ok(rc == 0 && res.n_delivered == 2 &&
		res.rcpts[0].status == SMTP_DELIVERED &&
		res.rcpts[1].status == SMTP_PERMFAIL &&
		res.rcpts[2].status == SMTP_TEMPFAIL &&
		res.rcpts[3].status == SMTP_DELIVERED,
		"mixed recipients: each gets its own status");
	test_ok(t_lines(&t_tls, "envelopes.jsonl") == before + 2,
		"mixed recipients: two transactions stored");
	smtp_result_free(&res);

	st.timeout_s = 2;
	t0 = time(NULL);
	rc = t_send(&st, slow, 2, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_TEMP &&
		res.rcpts[0].status == SMTP_TEMPFAIL &&
		res.rcpts[0].code == 0, "slow server: timeout is temporary (%s)",
		res.err.msg);
	test_ok(res.rcpts[1].status == SMTP_TEMPFAIL,
		"slow server: later recipients not tried, also temporary");
	test_ok(time(NULL) - t0 < T_SLOW_N / 2,
		"the timeout bounds the wait (server delays %s s)", T_SLOW_S);
	smtp_result_free(&res);
}

static void
t_no_server(void)
{
	struct smtp_settings st;
	struct smtp_result res;
	const char *rcpt = "jane@example.org";
	const char *bad = "jane doe@example.org";
	const char *lf = "Subject: x\n\nbare LF\n";
	int port = t_free_port();
	int rc;

	test_begin("no server, bad input");
	st = t_settings(&t_plain, "smtp", port);
	st.allow_plaintext = true;
	rc = t_send(&st, &rcpt, 1, &res);
	test_ok(rc < 0 && res.err.class == ERR_TEMP &&
		res.rcpts[0].status == SMTP_TEMPFAIL &&
		res.rcpts[0].code == 0,
		"port closed: temporary (%s)", res.err.msg);
	smtp_result_free(&res);

	rc = smtp_send(&st, &bad, 1, "Subject: x\r\n\r\nx\r\n", 17, &res);
	test_ok(rc == 0 && res.rcpts[0].status == SMTP_PERMFAIL &&
		res.n_delivered == 0,
		"malformed recipient: permanent, nothing sent");
	smtp_result_free(&res);
	rc = smtp_send(&st, &rcpt, 1, lf, strlen(lf), &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_MSG &&
		res.rcpts[0].status == SMTP_PERMFAIL,
		"bare LF line ends: ERR_MSG");
	smtp_result_free(&res);
	rc = smtp_send(&st, &rcpt, 0, "x\r\n", 3, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_MSG, "no recipients: ERR_MSG");
	smtp_result_free(&res);
	st.url = "http://127.0.0.1/";
	rc = smtp_send(&st, &rcpt, 1, "x\r\n", 3, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL, "http:// url: ERR_FATAL");
	smtp_result_free(&res);
	st = t_settings(&t_plain, "smtp", port);
	st.mail_from = "ack@gw.example.net>\r\nRCPT TO:<x@y>";
	rc = smtp_send(&st, &rcpt, 1, "x\r\n", 3, &res);
	test_ok(rc < 0 &&
		res.err.class == ERR_FATAL, "bad sender address: ERR_FATAL");
	smtp_result_free(&res);
	smtp_result_free(NULL);
}

static void
t_backoff(void)
{
	static const uint32_t rnds[] = { 0, 1, 7, 12345, 0x7fffffff,
					 UINT32_MAX };
	bool in_range = true, exact = true, varies = false;
	unsigned first;

	test_begin("backoff_delay (common/backoff.c)");
	for (unsigned a = 0; a <= 40; a++) {
		unsigned long d = 60;

		for (unsigned i = 1; i < a && d < 3600; i++)
			d *= 2;
		if (d > 3600)
			d = 3600;
		for (size_t k = 0; k < sizeof(rnds) / sizeof(rnds[0]); k++) {
			unsigned v = backoff_delay_rnd(a, 60, 3600, rnds[k]);

			if (v < (d + 1) / 2 || v > d)
				in_range = false;
			if (rnds[k] == 0 && v != d)
				exact = false;
		}
	}
	test_ok(in_range, "always within [d/2, d], d = min(base*2^(n-1), max)");
	test_ok(exact, "random 0 gives the full delay");
	test_ok(backoff_delay_rnd(1, 60, 3600, 0) == 60 &&
		backoff_delay_rnd(2, 60, 3600, 0) == 120 &&
		backoff_delay_rnd(7, 60, 3600, 0) == 3600 &&
		backoff_delay_rnd(0, 60, 3600, 0) == 60,
		"60, 120, ... capped at 3600; attempt 0 counts as 1");
	test_ok(backoff_delay_rnd(1, 60, 3600, 30) == 30 &&
		backoff_delay_rnd(1, 60, 3600, 31) == 60,
		"jitter: rnd mod (d/2 + 1) is taken off");
	test_ok(backoff_delay_rnd(5, 0, 3600, 9) == 0 &&
		backoff_delay_rnd(1, 600, 300, 0) == 300 &&
		backoff_delay_rnd(UINT32_MAX, 60, UINT32_MAX, 0) == UINT32_MAX,
		"base 0, max below base, no overflow");
	first = backoff_delay(10, 60, 3600);
	for (int i = 0; i < 50; i++) {
		unsigned v = backoff_delay(10, 60, 3600);

		if (v < 1800 || v > 3600)
			in_range = false;
		if (v != first)
			varies = true;
	}
	test_ok(in_range && varies, "system random: in range and jittered");
}

static void
t_addresses(void)
{
	test_begin("smtp_address_ok");
	test_ok(smtp_address_ok("jane@example.org"), "plain");
	test_ok(smtp_address_ok("jane.doe+ip@sub.example.co.uk"), "dots, plus");
	test_ok(smtp_address_ok("\xe5\xb1\xb1\xe7\x94\xb0@example.jp"),
		"UTF-8 local part");
	test_ok(!smtp_address_ok("jane@example.org>"), "> refused");
	test_ok(!smtp_address_ok("jane@exa\rmple.org"), "CR refused");
	test_ok(!smtp_address_ok(NULL), "NULL refused");
}

int
main(void)
{
	const char *check[] = { "check", NULL };
	const char *tmp = getenv("TMPDIR");
	struct err err = { 0 };
	int rc;

	t_addresses();
	t_backoff();
	if (smtp_global_init(&err) < 0) {
		test_ok(false, "smtp_global_init: %s", err.msg);
		return test_done();
	}
	mailbuild_init();
	t_no_server();
	snprintf(t_script_path, sizeof(t_script_path), "%s",
		 test_path("integration/smtp-server.sh"));
	snprintf(t_root, sizeof(t_root), "%s/rg-smtp-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!test_ok(access(t_script_path, R_OK) == 0, "%s exists",
		     t_script_path))
		goto out;
	if (t_run(check, NULL) != 0) {
		test_skip("python3-aiosmtpd missing (/usr/bin/python3)");
		goto out;
	}
	if (mkdtemp(t_root) == NULL) {
		test_ok(false, "mkdtemp %s", t_root);
		goto out;
	}
	atexit(t_stop_all);
	if (test_ok(t_start(&t_plain, false), "plain server started"))
		t_plain_server();
	if (test_ok(t_start(&t_tls, true), "TLS server started")) {
		t_tls_server();
		t_failures();
	}
	t_stop_all();
out:
	mailbuild_shutdown();
	smtp_global_cleanup();
	rc = test_done();
	if (t_root[0] && strstr(t_root, "XXXXXX") == NULL) {
		if (rc == 0)
			nftw(t_root, t_rm, 16, FTW_DEPTH | FTW_PHYS);
		else
			printf("# kept %s\n", t_root);
	}
	return rc;
}
