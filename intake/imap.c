/* intake/imap.c - the IMAP client over libetpan: connection, TLS check,
   authentication, SELECT, UID SEARCH/FETCH/MOVE, IDLE. The only file that
   interprets MAILIMAP_* codes (imap_fail). Traps handled here: connect
   returns 1 or 2 on success, libetpan's GnuTLS build verifies no
   certificate, imap_response is stale after stream errors, the default
   timeout is 300 s, "UID n:*" returns the last UID, and FETCH literals are
   buffered whole in memory (a 72 MB message cost 75 MB) unless
   mailimap_set_msg_body_handler streams them in chunks (libetpan 1.9.4). */
#define _GNU_SOURCE	/* ppoll */
#include <errno.h>
#include <libetpan/libetpan.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/mem.h"
#include "common/secret.h"
#include "common/wallclock.h"
#include "intake/imap.h"
#include "intake/imap_spool.h"
#include "intake/tlsverify.h"

#define IMAP_DEFAULT_TIMEOUT 30
#define IMAP_MAX_SASL_ROUNDS 4

struct imap_conn {
	mailimap *imap;			/* owned */
	char *host;			/* owned copies of the settings */
	char *ca_file;
	char *spool_dir;
	bool spool_linkable;
	int (*spool_anon)(void *ctx);
	void *spool_anon_ctx;
	unsigned port;
	unsigned timeout_s;
	uint64_t max_message_bytes;
	char *folder;			/* owned: the selected folder or NULL */
	bool dead;			/* a network error happened */
	bool has_wait_mask;		/* wait_mask set: ppoll with it */
	sigset_t wait_mask;
};

/* The one place where libetpan's codes become struct err. what names the
   step ("SELECT INBOX"). Stream-level failures mark conn dead and never
   quote imap_response, which still holds an older command's text. */
static void
imap_fail(struct imap_conn *c, int r, const char *what, struct err *err)
{
	const char *text = c->imap && c->imap->imap_response ?
			   c->imap->imap_response : "";

	switch (r) {
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		c->dead = true;
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: connection refused or "
			"host unreachable", c->host, c->port, what);
		break;
	case MAILIMAP_ERROR_STREAM:
	case MAILIMAP_ERROR_PARSE:
	case MAILIMAP_ERROR_PROTOCOL:
	case MAILIMAP_ERROR_NEEDS_MORE_DATA:
		c->dead = true;
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: connection lost, timed "
			"out (%us) or garbled", c->host, c->port, what,
			c->timeout_s);
		break;
	case MAILIMAP_ERROR_SSL:
		c->dead = true;
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: TLS handshake failed",
			c->host, c->port, what);
		break;
	case MAILIMAP_ERROR_FATAL:
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		c->dead = true;
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: the server closed the "
			"session (BYE)", c->host, c->port, what);
		break;
	case MAILIMAP_ERROR_MEMORY:
		c->dead = true;
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: aborted", c->host,
			c->port, what);
		break;
	case MAILIMAP_ERROR_LOGIN:
	case MAILIMAP_ERROR_SASL:
		err_set(err, ERR_FATAL, "IMAP %s:%u: %s: authentication "
			"failed: %s", c->host, c->port, what, text);
		break;
	case MAILIMAP_ERROR_BAD_STATE:
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s: not allowed in this "
			"state", c->host, c->port, what);
		break;
	default:
		/* a tagged NO or BAD: the session itself is fine */
		err_set(err, ERR_TEMP, "IMAP %s:%u: %s failed: %s", c->host,
			c->port, what, *text ? text : "no reason given");
		break;
	}
}

/* Returns 0 if c may be used, else -1 with err set (ERR_TEMP). */
static int
imap_usable(struct imap_conn *c, struct err *err)
{
	if (!c->dead)
		return 0;
	err_set(err, ERR_TEMP, "IMAP %s:%u: connection lost earlier",
		c->host, c->port);
	return -1;
}

bool
imap_has_capability(const struct imap_conn *c, const char *name)
{
	if (c == NULL || c->imap == NULL)
		return false;
	if (strncasecmp(name, "AUTH=", 5) == 0)
		return mailimap_has_authentication(c->imap, name + 5) != 0;
	return mailimap_has_extension(c->imap, name) != 0;
}

bool
imap_has_idle(const struct imap_conn *c)
{
	return imap_has_capability(c, "IDLE");
}

/* Asks for CAPABILITY again (after STARTTLS and after login the old list
   is not to be trusted). Returns 0 or -1 with err set. */
static int
imap_refresh_caps(struct imap_conn *c, struct err *err)
{
	struct mailimap_capability_data *cap = NULL;
	int r = mailimap_capability(c->imap, &cap);

	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "CAPABILITY", err);
		return -1;
	}
	mailimap_capability_data_free(cap);
	return 0;
}

/* Verifies the certificate chain of c's TLS stream. Returns 0 or -1. */
static int
imap_verify_tls(struct imap_conn *c, struct err *err)
{
	struct tlsverify_cert *certs;
	carray *chain;
	unsigned n;
	int ret;

	chain = mailstream_get_certificate_chain(c->imap->imap_stream);
	if (chain == NULL) {
		err_set(err, ERR_FATAL, "IMAP %s:%u: TLS: no server "
			"certificate", c->host, c->port);
		return -1;
	}
	n = carray_count(chain);
	certs = xcalloc(n ? n : 1, sizeof(*certs));
	for (unsigned i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, i);

		certs[i].der = (const unsigned char *)der->str;
		certs[i].len = der->len;
	}
	ret = tlsverify_chain(certs, n, c->host, c->ca_file, err);
	free(certs);
	mailstream_certificate_chain_free(chain);
	return ret;
}

/* Writes all of data to the stream. Returns a MAILIMAP code. */
static int
imap_write(struct imap_conn *c, const char *data, size_t len)
{
	if (mailstream_write(c->imap->imap_stream, data, len) != (ssize_t)len)
		return MAILIMAP_ERROR_STREAM;
	return MAILIMAP_NO_ERROR;
}

/* AUTHENTICATE mech with the base64 initial response b64: inline with
   SASL-IR, else after the first "+". A second "+" is an error challenge
   (XOAUTH2 sends its JSON error so): answer it with an empty line and read
   the tagged NO. Returns a MAILIMAP code. */
static int
imap_sasl_exchange(struct imap_conn *c, const char *mech, const char *b64)
{
	mailimap *m = c->imap;
	struct mailimap_response *resp = NULL;
	bool sent = mailimap_has_extension(m, "SASL-IR") != 0;
	int r, rounds = 0, cond;
	char *line;

	r = mailimap_send_current_tag(m);
	if (r == MAILIMAP_NO_ERROR)
		r = imap_write(c, "AUTHENTICATE ", 13);
	if (r == MAILIMAP_NO_ERROR)
		r = imap_write(c, mech, strlen(mech));
	if (r == MAILIMAP_NO_ERROR && sent) {
		r = imap_write(c, " ", 1);
		if (r == MAILIMAP_NO_ERROR)
			r = imap_write(c, b64, strlen(b64));
	}
	if (r == MAILIMAP_NO_ERROR)
		r = imap_write(c, "\r\n", 2);
	if (r != MAILIMAP_NO_ERROR)
		return r;
	if (mailstream_flush(m->imap_stream) < 0)
		return MAILIMAP_ERROR_STREAM;
	for (;;) {
		line = mailimap_read_line(m);
		if (line == NULL)
			return MAILIMAP_ERROR_STREAM;
		if (line[0] != '+')
			break;		/* the response: parsed below */
		if (++rounds > IMAP_MAX_SASL_ROUNDS)
			return MAILIMAP_ERROR_PROTOCOL;
		if (!sent) {
			r = imap_write(c, b64, strlen(b64));
			sent = true;
		}
		if (r == MAILIMAP_NO_ERROR)
			r = imap_write(c, "\r\n", 2);
		if (r != MAILIMAP_NO_ERROR)
			return r;
		if (mailstream_flush(m->imap_stream) < 0)
			return MAILIMAP_ERROR_STREAM;
	}
	/* the buffer holds the line just read; the parser goes on from it */
	r = mailimap_parse_response(m, &resp);
	if (r != MAILIMAP_NO_ERROR)
		return r;
	cond = resp->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state->rsp_type;
	mailimap_response_free(resp);
	if (cond != MAILIMAP_RESP_COND_STATE_OK)
		return MAILIMAP_ERROR_LOGIN;
	m->imap_state = MAILIMAP_STATE_AUTHENTICATED;
	return MAILIMAP_NO_ERROR;
}

/* Authenticates with the configured mechanism. Returns 0 or -1. */
static int
imap_authenticate(struct imap_conn *c, const struct imap_settings *s,
		  struct err *err)
{
	const char *mech = NULL;
	char *b64 = NULL;
	int r;

	mailstream_set_privacy(c->imap->imap_stream, 0);
	switch (s->auth) {
	case IMAP_AUTH_LOGIN:
		if (imap_has_capability(c, "LOGINDISABLED")) {
			err_set(err, ERR_FATAL, "IMAP %s:%u: the server "
				"refuses LOGIN (LOGINDISABLED)", c->host,
				c->port);
			goto fail;
		}
		r = mailimap_login(c->imap, s->user, s->secret);
		break;
	case IMAP_AUTH_PLAIN:
		mech = "PLAIN";
		b64 = imap_auth_plain_b64(s->user, s->secret);
		r = imap_sasl_exchange(c, mech, b64);
		break;
	case IMAP_AUTH_XOAUTH2:
		mech = "XOAUTH2";
		b64 = imap_auth_xoauth2_b64(s->user, s->secret);
		if (b64 == NULL) {
			err_set(err, ERR_FATAL, "IMAP: user or OAuth token "
				"holds a control character");
			goto fail;
		}
		r = imap_sasl_exchange(c, mech, b64);
		break;
	default:
		err_set(err, ERR_FATAL, "IMAP: unknown auth method");
		goto fail;
	}
	secret_free(&b64);
	mailstream_set_privacy(c->imap->imap_stream, 1);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, mech ? mech : "LOGIN", err);
		return -1;
	}
	return 0;
fail:
	secret_free(&b64);
	mailstream_set_privacy(c->imap->imap_stream, 1);
	return -1;
}

/* Checks settings that need no network. Returns 0 or -1 (ERR_FATAL). */
static int
imap_check_settings(const struct imap_settings *s, struct err *err)
{
	if (s->host == NULL || *s->host == '\0') {
		err_set(err, ERR_FATAL, "imap.host is empty");
		return -1;
	}
	if (s->port > 65535) {
		err_set(err, ERR_FATAL, "imap.port %u out of range", s->port);
		return -1;
	}
	if (s->user == NULL || s->secret == NULL) {
		err_set(err, ERR_FATAL, "IMAP: no user or password/token");
		return -1;
	}
	if (s->security == IMAP_SEC_NONE && !s->allow_plaintext) {
		err_set(err, ERR_FATAL, "IMAP %s: security = none sends the "
			"password in clear; refused without allow_plaintext",
			s->host);
		return -1;
	}
	return 0;
}

/* Connects (and TLS) per s->security, checks the certificate. Sets
   *preauth_r if the server greeted with PREAUTH. Returns 0 or -1. */
static int
imap_connect(struct imap_conn *c, const struct imap_settings *s,
	     bool *preauth_r, struct err *err)
{
	int r;

	if (s->security == IMAP_SEC_IMAPS)
		r = mailimap_ssl_connect(c->imap, c->host, (uint16_t)c->port);
	else
		r = mailimap_socket_connect(c->imap, c->host,
					    (uint16_t)c->port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		imap_fail(c, r, "connect", err);
		return -1;
	}
	*preauth_r = r == MAILIMAP_NO_ERROR_AUTHENTICATED;
	if (s->security == IMAP_SEC_STARTTLS) {
		if (*preauth_r) {
			err_set(err, ERR_FATAL, "IMAP %s:%u: PREAUTH greeting: "
				"STARTTLS impossible", c->host, c->port);
			return -1;
		}
		if (!imap_has_capability(c, "STARTTLS") &&
		    imap_refresh_caps(c, err) < 0)
			return -1;
		if (!imap_has_capability(c, "STARTTLS")) {
			err_set(err, ERR_FATAL, "IMAP %s:%u: the server does "
				"not offer STARTTLS", c->host, c->port);
			return -1;
		}
		r = mailimap_socket_starttls(c->imap);
		if (r != MAILIMAP_NO_ERROR) {
			imap_fail(c, r, "STARTTLS", err);
			return -1;
		}
	}
	if (s->security != IMAP_SEC_NONE) {
		if (imap_verify_tls(c, err) < 0) {
			if (!s->allow_plaintext)
				return -1;
			err_clear(err);	/* allowed: go on unverified */
		}
	}
	if (s->security == IMAP_SEC_STARTTLS && imap_refresh_caps(c, err) < 0)
		return -1;
	return 0;
}

struct imap_conn *
imap_open(const struct imap_settings *s, struct err *err)
{
	struct imap_conn *c;
	bool preauth = false;

	if (imap_check_settings(s, err) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->host = xstrdup(s->host);
	c->ca_file = s->ca_file && *s->ca_file ? xstrdup(s->ca_file) : NULL;
	c->spool_dir = s->spool_dir ? xstrdup(s->spool_dir) : NULL;
	c->spool_linkable = s->spool_linkable && c->spool_dir != NULL;
	c->spool_anon = s->spool_anon;
	c->spool_anon_ctx = s->spool_anon_ctx;
	c->port = s->port ? s->port :
		  s->security == IMAP_SEC_IMAPS ? 993 : 143;
	c->timeout_s = s->timeout_s ? s->timeout_s : IMAP_DEFAULT_TIMEOUT;
	c->max_message_bytes = s->max_message_bytes;
	c->imap = mailimap_new(0, NULL);
	if (c->imap == NULL) {
		err_set(err, ERR_FATAL, "IMAP: out of memory");
		goto fail;
	}
	mailimap_set_timeout(c->imap, (time_t)c->timeout_s);
	if (imap_connect(c, s, &preauth, err) < 0)
		goto fail;
	if (!preauth) {
		if (imap_authenticate(c, s, err) < 0)
			goto fail;
	}
	if (imap_refresh_caps(c, err) < 0)
		goto fail;
	return c;
fail:
	c->dead = true;		/* no LOGOUT on a half-open session */
	imap_close(&c);
	return NULL;
}

void
imap_close(struct imap_conn **cp)
{
	struct imap_conn *c = *cp;

	if (c == NULL)
		return;
	if (c->imap != NULL) {
		if (!c->dead && c->imap->imap_stream != NULL)
			mailimap_logout(c->imap);
		/* mailimap_free would LOGOUT again on a stream still open,
		   waiting a full timeout on a dead connection */
		if (c->imap->imap_stream != NULL) {
			mailstream_close(c->imap->imap_stream);
			c->imap->imap_stream = NULL;
		}
		mailimap_free(c->imap);
	}
	free(c->host);
	free(c->ca_file);
	free(c->spool_dir);
	free(c->folder);
	free(c);
	*cp = NULL;
}

/* Returns 1 if folder exists (LIST), 0 if not, -1 with err set. */
static int
imap_folder_exists(struct imap_conn *c, const char *folder, struct err *err)
{
	clist *list = NULL;
	clistiter *it;
	int r, found = 0;

	r = mailimap_list(c->imap, "", folder, &list);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "LIST", err);
		return -1;
	}
	for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);

		/* LIST patterns may hold wildcards: compare exactly; INBOX
		   is case-insensitive (RFC 3501 5.1) */
		if (strcmp(mb->mb_name, folder) == 0 ||
		    (strcasecmp(folder, "INBOX") == 0 &&
		     strcasecmp(mb->mb_name, "INBOX") == 0))
			found = 1;
	}
	mailimap_list_result_free(list);
	return found;
}

/* After a refused command about folder: ERR_FATAL if the folder is
   missing, else the refusal as imap_fail reports it. */
static void
imap_fail_folder(struct imap_conn *c, int r, const char *what,
		 const char *folder, struct err *err)
{
	struct err tmp;

	imap_fail(c, r, what, err);
	if (c->dead)
		return;
	err_clear(&tmp);
	if (imap_folder_exists(c, folder, &tmp) == 0)
		err_set(err, ERR_FATAL, "IMAP %s:%u: folder \"%s\" does not "
			"exist", c->host, c->port, folder);
	else if (tmp.class != ERR_NONE && c->dead)
		*err = tmp;
}

int
imap_select(struct imap_conn *c, const char *folder, uint32_t *uidvalidity_r,
	    uint32_t *uidnext_r, struct err *err)
{
	struct mailimap_selection_info *si;
	int r;

	if (imap_usable(c, err) < 0)
		return -1;
	xfree(&c->folder);
	r = mailimap_select(c->imap, folder);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail_folder(c, r, "SELECT", folder, err);
		return -1;
	}
	si = c->imap->imap_selection_info;
	*uidvalidity_r = si ? si->sel_uidvalidity : 0;
	*uidnext_r = si ? si->sel_uidnext : 0;
	c->folder = xstrdup(folder);
	return 0;
}

/* Returns 0 if a folder is selected, else -1 with err set. */
static int
imap_selected(struct imap_conn *c, struct err *err)
{
	if (imap_usable(c, err) < 0)
		return -1;
	if (c->folder != NULL)
		return 0;
	err_set(err, ERR_FATAL, "IMAP: no folder selected (program error)");
	return -1;
}

static int
imap_cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
imap_list_uids(struct imap_conn *c, uint32_t min_uid, uint32_t **uids_r,
	       size_t *n_r, struct err *err)
{
	struct mailimap_search_key *key, *undeleted;
	clist *result = NULL;
	clistiter *it;
	uint32_t *uids = NULL;
	size_t n = 0;
	int r;

	*uids_r = NULL;
	*n_r = 0;
	if (imap_selected(c, err) < 0)
		return -1;
	if (min_uid == 0)
		min_uid = 1;
	key = mailimap_search_key_new_multiple_empty();
	mailimap_search_key_multiple_add(key, mailimap_search_key_new_uid(
		mailimap_set_new_interval(min_uid, 0)));
	undeleted = mailimap_search_key_new(MAILIMAP_SEARCH_KEY_UNDELETED,
		NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL,
		0, NULL, NULL, NULL);
	mailimap_search_key_multiple_add(key, undeleted);
	r = mailimap_uid_search(c->imap, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "UID SEARCH", err);
		return -1;
	}
	uids = xcalloc((size_t)clist_count(result) + 1, sizeof(*uids));
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);

		if (uid >= min_uid)	/* "n:*" also gives the last UID */
			uids[n++] = uid;
	}
	mailimap_search_result_free(result);
	qsort(uids, n, sizeof(*uids), imap_cmp_uid);
	if (n > 1) {		/* no duplicates */
		size_t o = 1;

		for (size_t i = 1; i < n; i++)
			if (uids[i] != uids[o - 1])
				uids[o++] = uids[i];
		n = o;
	}
	if (n == 0) {
		free(uids);
		uids = NULL;
	}
	*uids_r = uids;
	*n_r = n;
	return 0;
}

/* Returns a new IMAP set of uids[0..n), consecutive runs as ranges. */
static struct mailimap_set *
imap_set_of(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	uint32_t *sorted = xmemdup(uids, n * sizeof(*uids));
	size_t i = 0;

	qsort(sorted, n, sizeof(*sorted), imap_cmp_uid);
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && sorted[j + 1] <= sorted[j] + 1)
			j++;
		if (i == j)
			mailimap_set_add_single(set, sorted[i]);
		else
			mailimap_set_add_interval(set, sorted[i], sorted[j]);
		i = j + 1;
	}
	free(sorted);
	return set;
}

/* FETCH streaming: libetpan calls imap_fetch_body with each chunk of a
   BODY[] literal while it parses, and imap_fetch_att once a message's
   FETCH response is complete (the att handler only runs when a progress
   function is set). The chunks go into the spool's current file; the att
   handler files it under the message's UID. */
struct imap_fetch_ctx {
	struct imap_spool *spool;
	struct err *err;
	bool failed;
};

static bool
imap_fetch_body(int att_type, struct mailimap_msg_att_body_section *section,
		const char *bytes, size_t len, void *ctxp)
{
	struct imap_fetch_ctx *ctx = ctxp;

	if (att_type != MAILIMAP_MSG_ATT_BODY_SECTION)
		return true;	/* not asked for */
	if (imap_spool_write(ctx->spool, section, bytes, len, ctx->err) < 0) {
		ctx->failed = true;
		return false;	/* aborts the FETCH (MAILIMAP_ERROR_MEMORY) */
	}
	return true;
}

static void
imap_fetch_att(struct mailimap_msg_att *att, void *ctxp)
{
	struct imap_fetch_ctx *ctx = ctxp;
	clistiter *it;
	uint32_t uid = 0;
	bool body = false;

	for (it = clist_begin(att->att_list); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		if (item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
			uid = item->att_data.att_static->att_data.att_uid;
		else if (item->att_data.att_static->att_type ==
			 MAILIMAP_MSG_ATT_BODY_SECTION)
			body = true;
	}
	/* unsolicited FETCH (flag changes) carries no body: not ours */
	if (uid != 0 && body)
		imap_spool_finish(ctx->spool, uid);
	else
		imap_spool_discard_current(ctx->spool);
}

static void
imap_fetch_progress(size_t current, size_t maximum, void *ctx)
{
	(void)current;
	(void)maximum;
	(void)ctx;
}

/* One UID FETCH of uids[0..n) into spool. Returns 0 or -1. */
static int
imap_fetch_one(struct imap_conn *c, const uint32_t *uids, size_t n,
	       struct imap_spool *spool, struct err *err)
{
	struct imap_fetch_ctx ctx = { spool, err, false };
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *result = NULL;
	int r;

	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
		mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
		mailimap_fetch_att_new_body_peek_section(
			mailimap_section_new(NULL)));
	set = imap_set_of(uids, n);
	mailimap_set_msg_body_handler(c->imap, imap_fetch_body, &ctx);
	mailimap_set_msg_att_handler(c->imap, imap_fetch_att, &ctx);
	mailimap_set_progress_callback(c->imap, NULL, imap_fetch_progress,
				       NULL);
	r = mailimap_uid_fetch(c->imap, set, ft, &result);
	mailimap_set_progress_callback(c->imap, NULL, NULL, NULL);
	mailimap_set_msg_att_handler(c->imap, NULL, NULL);
	mailimap_set_msg_body_handler(c->imap, NULL, NULL);
	if (result != NULL)
		mailimap_fetch_list_free(result);
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r == MAILIMAP_NO_ERROR)
		return 0;
	if (ctx.failed) {
		c->dead = true;	/* the literal was cut: the stream is lost */
		return -1;	/* err set by the spool */
	}
	imap_fail(c, r, "UID FETCH", err);
	return -1;
}

int
imap_fetch_batch(struct imap_conn *c, const uint32_t *uids, size_t n,
		 imap_fetch_fn *fn, void *fn_ctx, struct err *err)
{
	struct imap_spool *spool = NULL;
	struct imap_msg msg;
	int done = 0, ret = -1, r;

	if (imap_selected(c, err) < 0)
		return -1;
	for (size_t off = 0; off < n; off += IMAP_FETCH_MAX) {
		size_t k = n - off < IMAP_FETCH_MAX ? n - off : IMAP_FETCH_MAX;

		spool = imap_spool_new(c->spool_dir, c->spool_linkable,
				       c->max_message_bytes,
				       uids + off, k);
		imap_spool_set_anon(spool, c->spool_anon, c->spool_anon_ctx);
		if (imap_fetch_one(c, uids + off, k, spool, err) < 0)
			goto out;
		while ((r = imap_spool_next(spool, &msg.uid, &msg.fd,
					    &msg.size, &msg.truncated,
					    err)) > 0) {
			if (fn(fn_ctx, &msg, err) < 0)
				goto out;
			done++;
		}
		if (r < 0)
			goto out;
		imap_spool_free(&spool);
	}
	ret = done;
out:
	imap_spool_free(&spool);
	return ret;
}

/* Tells a refusal about dest apart from a missing dest. */
static int
imap_move_fail(struct imap_conn *c, int r, const char *what,
	       const char *dest, struct err *err)
{
	imap_fail_folder(c, r, what, dest, err);
	return -1;
}

int
imap_move(struct imap_conn *c, const uint32_t *uids, size_t n,
	  const char *dest, struct err *err)
{
	struct mailimap_store_att_flags *flags = NULL;
	struct mailimap_flag_list *fl;
	struct mailimap_set *set;
	bool uidplus;
	int r, ret = -1;

	if (imap_selected(c, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	set = imap_set_of(uids, n);
	if (imap_has_capability(c, "MOVE")) {
		r = mailimap_uid_move(c->imap, set, dest);
		if (r != MAILIMAP_NO_ERROR) {
			imap_move_fail(c, r, "UID MOVE", dest, err);
			goto out;
		}
		ret = 0;
		goto out;
	}
	uidplus = imap_has_capability(c, "UIDPLUS");
	r = mailimap_uid_copy(c->imap, set, dest);
	if (r != MAILIMAP_NO_ERROR) {
		imap_move_fail(c, r, "UID COPY", dest, err);
		goto out;
	}
	fl = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	if (!uidplus)
		mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	flags = mailimap_store_att_flags_new_add_flags_silent(fl);
	r = mailimap_uid_store(c->imap, set, flags);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "UID STORE", err);
		goto out;
	}
	if (uidplus) {
		r = mailimap_uid_expunge(c->imap, set);
		if (r != MAILIMAP_NO_ERROR) {
			imap_fail(c, r, "UID EXPUNGE", err);
			goto out;
		}
	}
	ret = 0;
out:
	if (flags != NULL)
		mailimap_store_att_flags_free(flags);
	mailimap_set_free(set);
	return ret;
}

int
imap_mark_seen(struct imap_conn *c, const uint32_t *uids, size_t n,
	       struct err *err)
{
	struct mailimap_store_att_flags *flags;
	struct mailimap_flag_list *fl;
	struct mailimap_set *set;
	int r;

	if (imap_selected(c, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	set = imap_set_of(uids, n);
	fl = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	flags = mailimap_store_att_flags_new_add_flags_silent(fl);
	r = mailimap_uid_store(c->imap, set, flags);
	mailimap_store_att_flags_free(flags);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "UID STORE", err);
		return -1;
	}
	return 0;
}

int
imap_create_folder(struct imap_conn *c, const char *folder, struct err *err)
{
	int r;

	if (imap_usable(c, err) < 0)
		return -1;
	r = imap_folder_exists(c, folder, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	r = mailimap_create(c->imap, folder);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "CREATE", err);
		if (!c->dead)
			err->class = ERR_FATAL;	/* refused: fix the config */
		return -1;
	}
	return 1;
}

void
imap_set_wait_mask(struct imap_conn *c, const sigset_t *mask)
{
	c->has_wait_mask = mask != NULL;
	if (mask != NULL)
		c->wait_mask = *mask;
}

/* Waits until fd is readable or ms pass (or a signal). With a wait mask
   the signal mask is swapped atomically for the wait (ppoll), so a signal
   blocked outside is either pending already (EINTR at once) or arrives
   during the wait: none slips in between. Returns 1, 0. */
static int
imap_poll(struct imap_conn *c, int fd, long long ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec ts;
	int r;

	if (ms > 3600000)
		ms = 3600000;
	if (!c->has_wait_mask)
		return poll(&p, 1, (int)ms) > 0;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	r = ppoll(&p, 1, &ts, &c->wait_mask);
	return r > 0;
}

/* Returns 1 if the responses since the flags were cleared held news. */
static int
imap_news(struct imap_conn *c)
{
	struct mailimap_selection_info *si = c->imap->imap_selection_info;

	if (si == NULL)
		return 0;
	return si->sel_has_exists || (si->sel_has_recent && si->sel_recent);
}

static void
imap_news_clear(struct imap_conn *c)
{
	struct mailimap_selection_info *si = c->imap->imap_selection_info;

	if (si != NULL) {
		si->sel_has_exists = 0;
		si->sel_has_recent = 0;
	}
}

/* Without IDLE: wait (waking early if the server speaks or closes), then
   NOOP. Returns 1, 0 or -1. */
static int
imap_noop_wait(struct imap_conn *c, const struct timespec *deadline,
	       struct err *err)
{
	int fd = mailstream_low_get_fd(mailstream_get_low(c->imap->imap_stream));
	int r;

	imap_poll(c, fd, wallclock_ms_left(deadline));
	imap_news_clear(c);
	r = mailimap_noop(c->imap);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(c, r, "NOOP", err);
		return -1;
	}
	return imap_news(c);
}

int
imap_idle_wait(struct imap_conn *c, unsigned seconds, struct err *err)
{
	struct timespec deadline;
	int r, ready;

	if (imap_selected(c, err) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	if (!imap_has_idle(c))
		return imap_noop_wait(c, &deadline, err);
	do {
		imap_news_clear(c);
		r = mailimap_idle(c->imap);
		if (r != MAILIMAP_NO_ERROR) {
			imap_fail(c, r, "IDLE", err);
			return -1;
		}
		/* data already buffered (or decrypted) would not wake poll */
		ready = c->imap->imap_stream->read_buffer_len > 0 ||
			imap_poll(c, mailimap_idle_get_fd(c->imap),
				  wallclock_ms_left(&deadline));
		r = mailimap_idle_done(c->imap);
		if (r != MAILIMAP_NO_ERROR) {
			imap_fail(c, r, "IDLE DONE", err);
			return -1;
		}
		if (imap_news(c))
			return 1;
		/* woke for "* OK Still here" or a flag change: go on */
	} while (ready && wallclock_ms_left(&deadline) > 0);
	return 0;
}
