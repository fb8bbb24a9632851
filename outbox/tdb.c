/* outbox/tdb.c - the Transparency Database client (outbox/tdb.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/buf.h"
#include "common/mem.h"
#include "outbox/tdb.h"

/* The answers kept: a statement comes back as about 2 KiB. */
#define TDB_BODY_MAX (1024u * 1024u)

struct tdb_client {
	char *url;		/* owned */
	char *auth;		/* owned "Authorization: Bearer ...", wiped */
	char *ca_file;		/* owned, or NULL */
	unsigned timeout;
	CURL *curl;		/* owned */
};

struct tdb_client *
tdb_new(const char *api_url, const char *token, const char *ca_file,
	unsigned timeout, struct err *err)
{
	struct tdb_client *c;
	size_t n = strlen(api_url);

	for (const char *p = token; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			err_set(err, ERR_FATAL, "the Transparency Database "
				"token holds a blank or control character");
			return NULL;
		}
	if (*token == '\0') {
		err_set(err, ERR_FATAL, "the Transparency Database token is "
			"empty");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	while (n > 0 && api_url[n - 1] == '/')
		n--;
	c->url = xasprintf("%.*s/api/v1/statement", (int)n, api_url);
	c->auth = xasprintf("Authorization: Bearer %s", token);
	c->ca_file = ca_file ? xstrdup(ca_file) : NULL;
	c->timeout = timeout ? timeout : 60;
	if ((c->curl = curl_easy_init()) == NULL) {
		err_set(err, ERR_FATAL, "libcurl failed to start");
		tdb_free(&c);
		return NULL;
	}
	return c;
}

void
tdb_free(struct tdb_client **cp)
{
	struct tdb_client *c = cp ? *cp : NULL;

	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	if (c->auth != NULL) {
		explicit_bzero(c->auth, strlen(c->auth));
		free(c->auth);
	}
	free(c->url);
	free(c->ca_file);
	free(c);
	*cp = NULL;
}

static size_t
tdb_write_cb(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	/* past the cap the rest is dropped, the transfer goes on */
	(void)buf_append(b, data, size * n);
	return size * n;
}

char *
tdb_find_uuid(const char *body)
{
	const char *p = body ? strstr(body, "\"uuid\"") : NULL;
	size_t n;

	if (p == NULL)
		return NULL;
	p += 6;
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return NULL;
	p += strspn(p, " \t\r\n");
	if (*p++ != '"')
		return NULL;
	n = strspn(p, "0123456789abcdefABCDEF-");
	if (n < 8 || n > 64 || p[n] != '"')
		return NULL;
	return xstrndup(p, n);
}

/* The start of body as one line of printable ASCII, for why. */
static void
tdb_why(char *why, size_t whysz, long status, const char *body)
{
	char shown[201];
	size_t i;

	for (i = 0; body[i] != '\0' && i < sizeof(shown) - 1; i++)
		shown[i] = isprint((unsigned char)body[i]) ? body[i] : ' ';
	shown[i] = '\0';
	snprintf(why, whysz, "HTTP %ld: %s", status, shown);
}

enum tdb_result
tdb_post(struct tdb_client *c, const char *json, size_t len, char **uuid_r,
	 char *why, size_t whysz)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL;
	enum tdb_result ret;
	struct buf body;
	long status = 0;
	CURLcode rc;

	*uuid_r = NULL;
	buf_init(&body, TDB_BODY_MAX);
	hdr = curl_slist_append(hdr, c->auth);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, (long)c->timeout);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	if (c->ca_file != NULL)
		curl_easy_setopt(c->curl, CURLOPT_CAINFO, c->ca_file);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, tdb_write_cb);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &body);
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		snprintf(why, whysz, "%s", *errbuf ? errbuf :
			 curl_easy_strerror(rc));
		ret = TDB_RETRY;
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status == 201 || status == 200) {
		*uuid_r = tdb_find_uuid(buf_str(&body));
		if (*uuid_r == NULL) {
			tdb_why(why, whysz, status, buf_str(&body));
			ret = TDB_RETRY;
			goto out;
		}
		ret = TDB_CREATED;
	} else if (status == 422 && strstr(buf_str(&body), "\"existing\"")) {
		*uuid_r = tdb_find_uuid(strstr(buf_str(&body), "\"existing\""));
		if (*uuid_r == NULL)
			*uuid_r = xstrdup("duplicate");
		ret = TDB_DUPLICATE;
	} else {
		tdb_why(why, whysz, status, buf_str(&body));
		ret = status >= 500 || status == 429 || status == 408 ?
			TDB_RETRY : status == 401 || status == 403 ?
			TDB_AUTH : TDB_REFUSED;
	}
out:
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdr);
	buf_free(&body);
	return ret;
}
