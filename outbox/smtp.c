/* outbox/smtp.c - one SMTP transaction per recipient with libcurl, and the
   one place where a CURLcode is interpreted (see smtp.h for the classes).
   The stage a failure happened in (AUTH, MAIL, RCPT, DATA, ...) comes from
   the commands curl reports sending through its debug callback; only the
   command verb is looked at, never its arguments (AUTH carries secrets). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "smtp.h"

#define SMTP_DEFAULT_TIMEOUT_S 60
#define SMTP_ADDR_MAX 254

enum smtp_stage {
	STAGE_CONNECT = 0,	/* TCP, TLS handshake, greeting */
	STAGE_EHLO,
	STAGE_STARTTLS,
	STAGE_AUTH,
	STAGE_MAIL,
	STAGE_RCPT,
	STAGE_DATA		/* the DATA command and the final reply */
};

static const char *const smtp_stage_names[] = {
	"connect", "ehlo", "starttls", "auth", "mail", "rcpt", "data"
};

/* What the debug callback saw of one transaction. */
struct smtp_trace {
	enum smtp_stage stage;
	bool quitting;		/* QUIT sent: the failure is already known */
	char reply[128];	/* last reply line from the server, printable */
};

/* The upload source for the read callback. */
struct smtp_source {
	const char *data;
	size_t len;
	size_t off;
};

bool
smtp_address_ok(const char *addr)
{
	const char *at = NULL;
	size_t len;

	if (addr == NULL)
		return false;
	len = strlen(addr);
	if (len == 0 || len > SMTP_ADDR_MAX || !utf8_valid(addr, len))
		return false;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f || strchr("<>()[],;:\"\\", *p))
			return false;
		if (*p == '@') {
			if (at != NULL)
				return false;
			at = (const char *)p;
		}
	}
	return at != NULL && at != addr && at[1] != '\0';
}

const char *
smtp_status_name(enum smtp_status status)
{
	switch (status) {
	case SMTP_DELIVERED:
		return "delivered";
	case SMTP_TEMPFAIL:
		return "tempfail";
	case SMTP_PERMFAIL:
		break;
	}
	return "permfail";
}

int
smtp_global_init(struct err *err)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (rc != CURLE_OK) {
		err_set(err, ERR_FATAL, "curl_global_init: %s",
			curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

void
smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

void
smtp_result_free(struct smtp_result *res)
{
	if (res == NULL)
		return;
	free(res->rcpts);
	memset(res, 0, sizeof(*res));
}

/* Copies src[0..len) into out (size bytes) keeping printable ASCII only;
   other bytes become '?', trailing CR/LF/space are dropped. */
static void
smtp_printable(char *out, size_t size, const char *src, size_t len)
{
	size_t n = 0;

	while (len > 0 && (src[len - 1] == '\r' || src[len - 1] == '\n' ||
			   src[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[n] = '\0';
}

/* Formats the recipient's text, printable ASCII only. */
static void __attribute__((format(printf, 2, 3)))
smtp_set_text(struct smtp_rcpt_result *rr, const char *fmt, ...)
{
	char tmp[sizeof(rr->text)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	smtp_printable(rr->text, sizeof(rr->text), tmp, strlen(tmp));
}

static bool
smtp_cmd_is(const char *data, size_t size, const char *verb, bool whole)
{
	size_t n = strlen(verb);

	if (size < n || strncasecmp(data, verb, n) != 0)
		return false;
	if (!whole)
		return true;
	return size == n || data[n] == '\r' || data[n] == '\n';
}

/* curl's debug callback: follows the command verbs we send and keeps the
   last reply line. AUTH continuation lines (base64 credentials) match no
   verb and are ignored; nothing sent is ever copied. */
static int
smtp_debug_cb(CURL *c, curl_infotype type, char *data, size_t size,
	      void *userp)
{
	struct smtp_trace *t = userp;

	(void)c;
	/* After a failure curl closes the connection with QUIT inside
	   curl_easy_perform; keep the stage and reply of the failure. */
	if (t->quitting)
		return 0;
	if (type == CURLINFO_HEADER_OUT) {
		if (smtp_cmd_is(data, size, "EHLO ", false) ||
		    smtp_cmd_is(data, size, "HELO ", false))
			t->stage = STAGE_EHLO;
		else if (smtp_cmd_is(data, size, "STARTTLS", true))
			t->stage = STAGE_STARTTLS;
		else if (smtp_cmd_is(data, size, "AUTH ", false))
			t->stage = STAGE_AUTH;
		else if (smtp_cmd_is(data, size, "MAIL FROM:", false))
			t->stage = STAGE_MAIL;
		else if (smtp_cmd_is(data, size, "RCPT TO:", false))
			t->stage = STAGE_RCPT;
		else if (smtp_cmd_is(data, size, "DATA", true))
			t->stage = STAGE_DATA;
		else if (smtp_cmd_is(data, size, "QUIT", true))
			t->quitting = true;
	} else if (type == CURLINFO_HEADER_IN) {
		const char *line = data;

		/* keep the last line of a (possibly multi-line) chunk */
		for (size_t i = 0; i + 1 < size; i++)
			if (data[i] == '\n')
				line = data + i + 1;
		smtp_printable(t->reply, sizeof(t->reply), line,
			       size - (size_t)(line - data));
	}
	return 0;
}

static size_t
smtp_read_cb(char *buffer, size_t size, size_t nitems, void *userp)
{
	struct smtp_source *src = userp;
	size_t n = size * nitems;

	if (n > src->len - src->off)
		n = src->len - src->off;
	memcpy(buffer, src->data + src->off, n);
	src->off += n;
	return n;
}

/* Whether rc means our configuration (URL, CA, TLS policy, credentials)
   is wrong rather than the network or the server being unwell. */
static bool
smtp_rc_is_config(CURLcode rc)
{
	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_FAILED_INIT:
	case CURLE_URL_MALFORMAT:
	case CURLE_NOT_BUILT_IN:
	case CURLE_BAD_FUNCTION_ARGUMENT:
	case CURLE_UNKNOWN_OPTION:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return true;
	default:
		return false;
	}
}

/* Interprets the outcome of one transaction into rr. Returns ERR_NONE when
   rr is the recipient's own outcome, or the class of a session failure
   (then rr holds the status every remaining recipient gets). */
static enum err_class
smtp_classify(CURLcode rc, long code, const struct smtp_trace *t,
	      const char *errbuf, struct smtp_rcpt_result *rr)
{
	const char *stage = smtp_stage_names[t->stage];
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);

	rr->code = (int)code;
	if (rc == CURLE_OK) {
		rr->status = SMTP_DELIVERED;
		smtp_set_text(rr, "%s", t->reply);
		return ERR_NONE;
	}
	rr->status = SMTP_TEMPFAIL;
	if (smtp_rc_is_config(rc)) {
		/* e.g. LOGIN_DENIED: the server's 535 line says more */
		smtp_set_text(rr, "%s: %s", stage, code >= 400 && t->reply[0] ?
			      t->reply : why);
		return ERR_FATAL;
	}
	if (code < 400 || code > 599) {
		/* no error reply: network, timeout, TLS handshake, protocol */
		rr->code = 0;
		smtp_set_text(rr, "%s: %s", stage, why);
		return ERR_TEMP;
	}
	smtp_set_text(rr, "%s: %s", stage, t->reply[0] ? t->reply : why);
	if (code == 421)		/* service closing: any stage */
		return ERR_TEMP;
	if (t->stage == STAGE_RCPT || t->stage == STAGE_DATA) {
		if (code == 530)	/* authentication required */
			return ERR_FATAL;
		/* DATA refusal arrives as CURLE_WEIRD_SERVER_REPLY with an
		   empty error buffer: only the reply code tells */
		rr->status = code >= 500 ? SMTP_PERMFAIL : SMTP_TEMPFAIL;
		return ERR_NONE;
	}
	if (code < 500)
		return ERR_TEMP;
	if (t->stage == STAGE_MAIL && code == 552) {
		rr->status = SMTP_PERMFAIL;	/* message too big */
		return ERR_MSG;
	}
	return ERR_FATAL;	/* 5xx to greeting, EHLO, STARTTLS, AUTH, MAIL */
}

/* Returns true if every LF in data is preceded by CR and every CR is
   followed by LF. */
static bool
smtp_crlf_ok(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			return false;
		if (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'))
			return false;
	}
	return true;
}

static bool
smtp_url_ok(const char *url, bool *implicit_tls_r)
{
	if (url == NULL)
		return false;
	if (strncasecmp(url, "smtp://", 7) == 0 && url[7] != '\0') {
		*implicit_tls_r = false;
		return true;
	}
	if (strncasecmp(url, "smtps://", 8) == 0 && url[8] != '\0') {
		*implicit_tls_r = true;
		return true;
	}
	return false;
}

/* One transaction to one recipient; fills rr. Returns its class as
   smtp_classify does. */
static enum err_class
smtp_send_one(const struct smtp_settings *s, bool implicit_tls,
	      const char *from, const char *rcpt, const char *data,
	      size_t len, struct smtp_rcpt_result *rr)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct smtp_trace trace = { .stage = STAGE_CONNECT };
	struct smtp_source src = { .data = data, .len = len };
	struct curl_slist *rcpts = NULL;
	char *bracketed = xasprintf("<%s>", rcpt);
	long timeout_ms = 1000L * (s->timeout_s ? s->timeout_s :
				   SMTP_DEFAULT_TIMEOUT_S);
	long code = 0;
	enum err_class cls = ERR_TEMP;
	CURLcode rc;
	CURL *c;

	c = curl_easy_init();
	if (c == NULL) {
		rr->status = SMTP_TEMPFAIL;
		smtp_set_text(rr, "curl_easy_init failed");
		goto out;
	}
	rcpts = curl_slist_append(NULL, bracketed);
	if (rcpts == NULL) {
		rr->status = SMTP_TEMPFAIL;
		smtp_set_text(rr, "curl_slist_append failed");
		goto out;
	}
	/* Return codes of setopt are not checked one by one: an option
	   this libcurl lacks shows up as an error of curl_easy_perform. */
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug_cb);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, &trace);
	if (!implicit_tls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, s->allow_plaintext ?
				 (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (s->ca_file != NULL && s->ca_file[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (s->user != NULL && s->user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
				 s->password ? s->password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	/* moot with one recipient; kept so a later multi-recipient use
	   does not abort on the first refusal */
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);

	rc = curl_easy_perform(c);
	if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK)
		code = 0;
	cls = smtp_classify(rc, code, &trace, errbuf, rr);
out:
	if (c != NULL) {
		/* forget the secret in curl's copy as far as the API allows */
		curl_easy_setopt(c, CURLOPT_PASSWORD, NULL);
		curl_easy_cleanup(c);	/* sends QUIT; its outcome is moot */
	}
	curl_slist_free_all(rcpts);
	free(bracketed);
	return cls;
}

int
smtp_send(const struct smtp_settings *s, const char *const *rcpts,
	  size_t n_rcpts, const char *data, size_t len,
	  struct smtp_result *res)
{
	char *from = NULL;
	bool implicit_tls = false;
	enum err_class cls = ERR_NONE;
	size_t i = 0;
	int ret = -1;

	assert(s != NULL && res != NULL && (data != NULL || len == 0));
	memset(res, 0, sizeof(*res));
	res->n_rcpts = n_rcpts;
	res->rcpts = xcalloc(n_rcpts ? n_rcpts : 1, sizeof(*res->rcpts));
	for (size_t k = 0; k < n_rcpts; k++) {
		res->rcpts[k].status = SMTP_TEMPFAIL;
		smtp_set_text(&res->rcpts[k], "not tried");
	}
	if (n_rcpts == 0) {
		err_set(&res->err, ERR_MSG, "no recipients");
		goto out;
	}
	if (!smtp_url_ok(s->url, &implicit_tls)) {
		err_set(&res->err, ERR_FATAL,
			"smtp url must start with smtp:// or smtps://");
		goto out;
	}
	if (!smtp_address_ok(s->mail_from)) {
		err_set(&res->err, ERR_FATAL, "invalid sender address");
		goto out;
	}
	if (!smtp_crlf_ok(data, len)) {
		for (size_t k = 0; k < n_rcpts; k++)
			res->rcpts[k].status = SMTP_PERMFAIL;
		err_set(&res->err, ERR_MSG,
			"message has bare CR or LF line ends");
		goto out;
	}
	from = xasprintf("<%s>", s->mail_from);
	for (i = 0; i < n_rcpts; i++) {
		struct smtp_rcpt_result *rr = &res->rcpts[i];

		if (!smtp_address_ok(rcpts[i])) {
			rr->status = SMTP_PERMFAIL;
			rr->code = 0;
			smtp_set_text(rr, "invalid recipient address");
			continue;
		}
		cls = smtp_send_one(s, implicit_tls, from, rcpts[i], data, len,
				    rr);
		if (cls != ERR_NONE)
			break;
		if (rr->status == SMTP_DELIVERED)
			res->n_delivered++;
	}
	if (cls != ERR_NONE) {
		/* the same session failure would meet every later one */
		for (size_t k = i + 1; k < n_rcpts; k++) {
			res->rcpts[k].status = res->rcpts[i].status;
			res->rcpts[k].code = res->rcpts[i].code;
			memcpy(res->rcpts[k].text, res->rcpts[i].text,
			       sizeof(res->rcpts[k].text));
		}
		err_set(&res->err, cls, "%s", res->rcpts[i].text);
		goto out;
	}
	ret = 0;
out:
	free(from);
	return ret;
}
