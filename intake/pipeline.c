/* intake/pipeline.c - one message in: spool it, hash it, dedupe it, parse
   it with attachments going straight into the store, then one transaction
   (pipeline_route.c) or the quarantine. Logs one line per message. */
#include <errno.h>
#include <stdbool.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "common/file.h"
#include "common/hex.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mem.h"
#include "intake/pipeline.h"
#include "parsers/parser.h"

struct pipeline {
	struct pipeline_settings set;
	struct parser_cfg pcfg;			/* owned */
	struct parser_rules *rules;		/* owned, NULL = built-in */
	uint64_t max_bytes;
	struct notice_policy policy;		/* owned */
};

/* The attachment sink's state for one message. */
struct pipeline_sink {
	struct store *store;	/* foreign */
	struct err err;		/* first failure */
	int failed;
};

static void
pipeline_split(struct strv *sv, const char *list)
{
	const char *p = list, *e;

	strv_free(sv);
	while (p != NULL && *p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		for (e = p; *e && *e != ',' && *e != ' ' && *e != '\t'; e++)
			;
		if (e > p)
			strv_push_take(sv, xstrndup(p, (size_t)(e - p)));
		p = e;
	}
}

static void
pipeline_set_str(char **dst, const char *src)
{
	if (src == NULL || *src == '\0')
		return;
	free(*dst);
	*dst = xstrdup(src);
}

static int
pipeline_load_rules(struct pipeline *p, const char *path, struct err *err)
{
	char *text = NULL;
	gsize len = 0;
	GError *gerr = NULL;

	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		err_set(err, ERR_FATAL, "intake.rules_file: %s", gerr->message);
		g_error_free(gerr);
		return -1;
	}
	p->rules = parser_rules_parse(text, len, err);
	g_free(text);
	return p->rules == NULL ? -1 : 0;
}

struct pipeline *
pipeline_new(const struct pipeline_settings *set, struct err *err)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));
	const struct config *c = set->config;

	p->set = *set;
	notice_policy_init(&p->policy, c);
	parser_cfg_init(&p->pcfg);
	if (c->max_message_bytes)
		p->pcfg.max_message_bytes = c->max_message_bytes;
	if (c->max_header_bytes)
		p->pcfg.max_header_bytes = (size_t)c->max_header_bytes;
	if (c->max_mime_parts)
		p->pcfg.max_parts = c->max_mime_parts;
	if (c->max_mime_depth)
		p->pcfg.max_depth = c->max_mime_depth;
	if (c->max_links)
		p->pcfg.max_links = c->max_links;
	if (c->max_attachments)
		p->pcfg.max_attachments = c->max_attachments;
	if (c->marketplace_hosts && *c->marketplace_hosts)
		pipeline_split(&p->pcfg.marketplace_hosts, c->marketplace_hosts);
	if (c->registry_hosts && *c->registry_hosts)
		pipeline_split(&p->pcfg.registry_hosts, c->registry_hosts);
	pipeline_set_str(&p->pcfg.listing_path, c->listing_path);
	pipeline_set_str(&p->pcfg.prefix_ip, c->case_prefix_ip);
	pipeline_set_str(&p->pcfg.prefix_abuse, c->case_prefix_abuse);
	pipeline_set_str(&p->pcfg.trusted_authserv_id, c->trusted_authserv_id);
	p->max_bytes = p->pcfg.max_message_bytes;
	if (c->rules_file && *c->rules_file &&
	    pipeline_load_rules(p, c->rules_file, err) < 0) {
		pipeline_free(&p);
		return NULL;
	}
	p->pcfg.rules = p->rules;
	return p;
}

void
pipeline_free(struct pipeline **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	parser_cfg_clear(&(*pp)->pcfg);
	parser_rules_free(&(*pp)->rules);
	notice_policy_free(&(*pp)->policy);
	free(*pp);
	*pp = NULL;
}

const struct pipeline_settings *
pipeline_settings(const struct pipeline *p)
{
	return &p->set;
}

const struct notice_policy *
pipeline_policy(const struct pipeline *p)
{
	return &p->policy;
}

/* ---- spool and hash ---- */

/* Makes sure the message is in a regular file: returns fd itself when it
   is one, else a new unlinked temporary file (*own_r = 1) holding all of
   fd's bytes. Computes the SHA-256 hex and size on the way. */
static int
pipeline_spool(int fd, int *own_r, char sha_r[65], uint64_t *size_r,
	       struct err *err)
{
	gnutls_hash_hd_t ck = NULL;
	unsigned char chunk[65536], digest[32];
	struct stat sb;
	int out = fd, ret = -1;
	ssize_t n;

	*own_r = 0;
	*size_r = 0;
	if (gnutls_hash_init(&ck, GNUTLS_DIG_SHA256) < 0) {
		err_set(err, ERR_FATAL, "SHA-256 unavailable");
		return -1;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (lseek(fd, 0, SEEK_SET) < 0)
			goto io;
	} else {
		if ((out = file_anon(NULL, false)) < 0) {
			err_set(err, ERR_TEMP, "cannot spool message: %s",
				strerror(errno));
			goto out;
		}
		*own_r = 1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto io;
		if (n == 0)
			break;
		gnutls_hash(ck, chunk, (size_t)n);
		*size_r += (uint64_t)n;
		if (out != fd) {
			const unsigned char *q = chunk;
			ssize_t left = n, w;

			while (left > 0) {
				w = write(out, q, (size_t)left);
				if (w < 0 && errno == EINTR)
					continue;
				if (w < 0)
					goto io;
				q += w;
				left -= w;
			}
		}
	}
	gnutls_hash_output(ck, digest);
	hex_encode(digest, sizeof(digest), sha_r);
	ret = out;
	goto out;
io:
	err_set(err, ERR_TEMP, "reading message: %s", strerror(errno));
out:
	if (ret < 0 && *own_r) {
		close(out);
		*own_r = 0;
	}
	gnutls_hash_deinit(ck, NULL);
	return ret;
}

/* ---- the attachment sink ---- */

/* One attachment being written: the store's writer and its message's
   sink state, so a failure reaches pipeline_process. */
struct pipeline_att {
	struct pipeline_sink *sink;	/* foreign */
	struct store_att *att;		/* owned */
};

static void
pipeline_sink_fail(struct pipeline_sink *s, const struct err *err)
{
	if (!s->failed) {
		s->failed = 1;
		s->err = *err;
	}
}

static void *
pipeline_sink_begin(void *ctx)
{
	struct pipeline_sink *s = ctx;
	struct pipeline_att *a;
	struct store_att *att;
	struct err err;

	if (s->failed)
		return NULL;
	if ((att = store_att_begin(s->store, &err)) == NULL) {
		pipeline_sink_fail(s, &err);
		return NULL;
	}
	a = xmalloc(sizeof(*a));
	a->sink = s;
	a->att = att;
	return a;
}

static int
pipeline_sink_write(void *handle, const void *data, size_t len)
{
	struct pipeline_att *a = handle;
	struct err err;

	if (store_att_write(a->att, data, len, &err) < 0) {
		pipeline_sink_fail(a->sink, &err);
		return -1;
	}
	return 0;
}

static int
pipeline_sink_end(void *handle, const char *sha256_hex, int ok)
{
	struct pipeline_att *a = handle;
	struct err err;
	int ret = 0;

	if (store_att_finish(a->att, sha256_hex, ok != 0, &err) < 0) {
		pipeline_sink_fail(a->sink, &err);
		ret = -1;
	}
	free(a);
	return ret;
}

/* Parses fd from its start with the attachments going into the store.
   Returns 0 with the report in *r_out (owned by the caller), -1 when
   the mail cannot be parsed (the reason in *perr), or -2 when storing
   an attachment failed (err set, never ERR_MSG: the disk, not the mail). */
static int
pipeline_parse(struct pipeline *p, int fd, enum report_stream stream,
	       struct report **r_out, struct err *perr, struct err *err)
{
	struct pipeline_sink sink = { p->set.store, { ERR_NONE, "" }, 0 };
	struct parser_sink psink = { &sink, pipeline_sink_begin,
		pipeline_sink_write, pipeline_sink_end };
	struct parser_cfg pc = p->pcfg;

	*r_out = NULL;
	pc.stream = stream;
	pc.sink = &psink;
	err_clear(perr);
	if (lseek(fd, 0, SEEK_SET) < 0) {
		err_set(perr, ERR_MSG, "cannot seek: %s", strerror(errno));
		return -1;
	}
	if (parser_parse_fd(fd, &pc, r_out, perr) < 0)
		return -1;
	if (sink.failed) {
		*err = sink.err;
		if (err->class == ERR_MSG || err->class == ERR_NONE)
			err->class = ERR_TEMP;
		report_free(r_out);
		return -2;
	}
	return 0;
}

/* ---- quarantine ---- */

/* Rewrites the files of message mid that a power loss took (see
   store_message_files_ok): the raw bytes from fd, the attachments by
   parsing fd again into the store. Returns 0, or -1 with err set. */
static int
pipeline_repair(struct pipeline *p, int64_t mid, int fd, const char *sha,
		uint64_t size, const struct msg_key *key, struct err *err)
{
	struct store *st = p->set.store;
	struct report *r = NULL;
	struct err perr;
	bool raw_ok, att_ok;
	char q[256];
	int rc;

	if (fd < 0 || store_message_files_ok(st, mid, &raw_ok, &att_ok,
					     err) < 0)
		return fd < 0 ? 0 : -1;
	if (raw_ok && att_ok)
		return 0;
	log_warn("intake", "message.repair", "msg=%s:%u:%u raw=%s "
		 "attachments=%s", log_q(q, sizeof(q), key->mailbox),
		 key->uidvalidity, key->uid, raw_ok ? "ok" : "missing",
		 att_ok ? "ok" : "missing");
	if (!raw_ok && store_raw_put(st, fd, sha, size, err) < 0)
		return -1;
	if (att_ok)
		return 0;
	rc = pipeline_parse(p, fd, p->pcfg.stream, &r, &perr, err);
	report_free(&r);
	if (rc == -1)
		err_set(err, ERR_TEMP, "repair: %s", perr.msg);
	return rc < 0 ? -1 : 0;
}

/* Records a re-seen message: its new location, and what it was; puts
   back its files if a power loss took them (fd: its bytes, or -1). */
static int
pipeline_duplicate(struct pipeline *p, int64_t mid, int64_t case_id,
		   const struct msg_key *key, const char *sha, int fd,
		   uint64_t size, time_t now, struct pipeline_result *res,
		   struct err *err)
{
	struct store *st = p->set.store;
	int rc;

	if (pipeline_repair(p, mid, fd, sha, size, key, err) < 0)
		return -1;
	if (store_message_add_location(st, mid, key, now, err) < 0)
		return -1;
	rc = store_quarantine_find_sha(st, sha, NULL, err);
	if (rc < 0)
		return -1;
	res->outcome = rc ? PIPELINE_QUARANTINED : PIPELINE_DUPLICATE;
	res->message_id = mid;
	res->case_id = case_id;
	return 0;
}

/* Adds the global "message.quarantined" event of message mid. */
static int
pipeline_quarantine_event(struct store *st, int64_t mid, const char *sha,
			  const char *reason, time_t now, struct err *err)
{
	struct store_event_draft ev;

	store_event_begin(&ev);
	json_kv_string(&ev.j, "reason", reason);
	json_kv_string(&ev.j, "sha256", sha);
	return store_event_end(st, &ev, 0, mid, now, "intake",
			       "message.quarantined", err);
}

static int
pipeline_quarantine(struct pipeline *p, int fd, const struct msg_key *key,
		    const char *sha, uint64_t size, const char *reason,
		    time_t now, struct pipeline_result *res, struct err *err)
{
	struct store *st = p->set.store;
	struct store_message_new m = { key, sha, size, fd, NULL, 0, now, 0 };
	int64_t mid = 0;
	int ret = -1;

	for (;;) {
		int64_t cid;
		int rc;

		if (store_begin(st, err) < 0)
			goto out;
		/* another process may have stored the same bytes meanwhile */
		rc = store_message_find_sha(st, sha, &mid, &cid, err);
		if (rc != 0) {
			store_rollback(st);
			if (rc == 1)
				ret = pipeline_duplicate(p, mid, cid, key, sha,
							 fd, size, now, res,
							 err);
			goto out;
		}
		if (store_message_add(st, &m, &mid, err) == 0 &&
		    store_quarantine_add(st, mid, key, sha, size, reason, now,
					 NULL, err) == 0 &&
		    pipeline_quarantine_event(st, mid, sha, reason, now,
					      err) == 0 &&
		    store_commit(st, err) == 0)
			break;
		store_rollback(st);
		/* Bytes the database refuses: keep the entry without them. */
		if (err->class != ERR_MSG || m.raw_fd < 0)
			goto out;
		m.raw_fd = -1;
	}
	res->outcome = PIPELINE_QUARANTINED;
	res->message_id = mid;
	ret = 0;
out:
	return ret;
}

/* ---- one message ---- */

static const char *
pipeline_domain(const struct report *r)
{
	const char *at;

	if (r == NULL || r->from_address == NULL)
		return NULL;
	at = strrchr(r->from_address, '@');
	return at ? at + 1 : NULL;
}

static void
pipeline_log(const struct msg_key *key, const struct pipeline_result *res,
	     const struct report *r, uint64_t size, const char *reason,
	     struct timespec *t0)
{
	static const char *const events[] = { "message.filed",
		"message.duplicate", "message.quarantined" };
	char mb[256], dom[128], why[160];
	struct timespec t1;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0->tv_sec) * 1000 +
	     (t1.tv_nsec - t0->tv_nsec) / 1000000;
	log_info("intake", events[res->outcome],
		 "msg=%s:%u:%u kind=%s case=%s size=%llu from_domain=%s "
		 "reason=%s dur_ms=%ld",
		 log_q(mb, sizeof(mb), key->mailbox), key->uidvalidity,
		 key->uid, r ? report_kind_name(r->kind) : "-",
		 res->ref[0] ? res->ref : "-", (unsigned long long)size,
		 log_q(dom, sizeof(dom), pipeline_domain(r)),
		 log_q(why, sizeof(why), reason), ms);
}

void
pipeline_prep_spool(struct pipeline *p, int fd, struct pipeline_prep *prep)
{
	(void)p;
	memset(prep, 0, sizeof(*prep));
	clock_gettime(CLOCK_MONOTONIC, &prep->t0);
	prep->parsed = PIPELINE_PARSE_SKIPPED;
	prep->sfd = pipeline_spool(fd, &prep->own, prep->sha, &prep->size,
				   &prep->err);
}

void
pipeline_prep_parse(struct pipeline *p, enum report_stream stream,
		    struct pipeline_prep *prep)
{
	int rc;

	if (prep->sfd < 0 || prep->size == 0 || prep->size > p->max_bytes)
		return;
	rc = pipeline_parse(p, prep->sfd, stream, &prep->r, &prep->perr,
			    &prep->err);
	prep->parsed = rc == 0 ? PIPELINE_PARSE_OK : rc == -1 ?
		       PIPELINE_PARSE_FAILED : PIPELINE_PARSE_STORE_ERROR;
}

void
pipeline_prepare(struct pipeline *p, int fd, enum report_stream stream,
		 struct pipeline_prep *prep)
{
	pipeline_prep_spool(p, fd, prep);
	pipeline_prep_parse(p, stream, prep);
	/* the raw bytes too, so the filing thread finds them stored; a
	   failure here is left for store_message_add to meet again */
	if (prep->parsed == PIPELINE_PARSE_OK) {
		struct err rerr;

		(void)store_raw_put(p->set.store, prep->sfd, prep->sha,
				    prep->size, &rerr);
	}
}

void
pipeline_prep_clear(struct pipeline_prep *prep)
{
	if (prep->own && prep->sfd >= 0)
		close(prep->sfd);
	prep->own = 0;
	prep->sfd = -1;
	report_free(&prep->r);
}

/* Is prep a quarantined message being filed again (reportgate refile)
   whose row, of these bytes, has no case yet? */
static bool
pipeline_refiling(const struct pipeline_prep *prep, int64_t case_id)
{
	return prep->refile != 0 && case_id == 0;
}

/* Inside the filing transaction of a refile: the entry leaves the
   quarantine, with the event that says who and why it was there. */
static int
pipeline_refile_leave(struct store *st, const struct pipeline_prep *prep,
		      int64_t mid, time_t now, struct err *err)
{
	char *reason = NULL;
	int rc;

	if ((rc = store_quarantine_find_sha(st, prep->sha, &reason, err)) < 0)
		return -1;
	rc = store_quarantine_leave(st, mid, prep->sha, prep->refile,
				    reason ? reason : "", prep->actor ?
				    prep->actor : "staff", now, err);
	free(reason);
	return rc;
}

int
pipeline_file(struct pipeline *p, struct pipeline_prep *prep,
	      const struct msg_key *key, enum report_stream stream,
	      struct pipeline_result *res, struct err *err)
{
	struct store *st = p->set.store;
	char reason[300] = "";
	int64_t mid, case_id;
	int sfd = prep->sfd, rc;
	time_t now = p->set.clock ? p->set.clock() : time(NULL);

	*res = (struct pipeline_result){ 0 };
	if (sfd < 0) {
		*err = prep->err;
		return -1;
	}
	rc = store_message_find_sha(st, prep->sha, &mid, &case_id, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && !pipeline_refiling(prep, case_id)) {
		if (pipeline_duplicate(p, mid, case_id, key, prep->sha, sfd,
				       prep->size, now, res, err) < 0)
			return -1;
		goto done;
	}
	if (prep->size == 0) {
		snprintf(reason, sizeof(reason), "empty message");
		goto quarantine;
	}
	if (prep->size > p->max_bytes) {
		snprintf(reason, sizeof(reason), "message of %llu bytes over "
			 "limits.max_message_bytes (%llu)",
			 (unsigned long long)prep->size,
			 (unsigned long long)p->max_bytes);
		sfd = -1;	/* too large to keep */
		goto quarantine;
	}
	if (prep->poison > 0) {
		snprintf(reason, sizeof(reason), "parsing began %u times and "
			 "never finished (intake.max_attempts)", prep->poison);
		goto quarantine;
	}
	if (prep->parsed == PIPELINE_PARSE_SKIPPED)
		pipeline_prep_parse(p, stream, prep);
	if (prep->parsed == PIPELINE_PARSE_FAILED) {
		snprintf(reason, sizeof(reason), "parse: %s", prep->perr.msg);
		goto quarantine;
	}
	if (prep->parsed == PIPELINE_PARSE_STORE_ERROR) {
		*err = prep->err;
		return -1;
	}
	/* The files are made durable by the next store_flush (poll:
	   store_sync_files), before the IMAP MOVE; a power loss before it
	   is mended by pipeline_repair when the message, still in its
	   folder, comes again. */
	if (store_begin(st, err) < 0)
		return -1;
	/* Another process may have filed the same bytes meanwhile. */
	rc = store_message_find_sha(st, prep->sha, &mid, &case_id, err);
	if (rc == 0 || (rc == 1 && pipeline_refiling(prep, case_id))) {
		struct pipeline_msg m = { key, prep->sha, prep->size, sfd,
					  stream, prep->r, now, 0 };

		if (rc == 1) {
			m.adopt = mid;
			rc = pipeline_refile_leave(st, prep, mid, now, err);
		}
		if (rc >= 0)
			rc = pipeline_route(p, &m, res, err) < 0 ? -1 : 0;
		if (rc == 0)
			rc = store_commit(st, err) < 0 ? -1 : 0;
	} else if (rc == 1) {
		store_rollback(st);
		if (pipeline_duplicate(p, mid, case_id, key, prep->sha, sfd,
				       prep->size, now, res, err) < 0)
			return -1;
		goto done;
	}
	if (rc < 0) {
		store_rollback(st);
		if (err->class != ERR_MSG)
			return -1;
		snprintf(reason, sizeof(reason), "store: %s", err->msg);
		*res = (struct pipeline_result){ 0 };
		goto quarantine;
	}
	goto done;
quarantine:
	if (pipeline_quarantine(p, sfd, key, prep->sha, prep->size, reason,
				now, res, err) < 0) {
		if (err->class == ERR_MSG)
			err_set(err, ERR_MSG, "cannot quarantine (%s): %s",
				reason, err->msg);
		return -1;
	}
done:
	pipeline_log(key, res, prep->r, prep->size,
		     reason[0] ? reason : NULL, &prep->t0);
	return 0;
}

int
pipeline_process(struct pipeline *p, int fd, const struct msg_key *key,
		 enum report_stream stream, struct pipeline_result *res,
		 struct err *err)
{
	struct pipeline_prep prep;
	int rc;

	pipeline_prep_spool(p, fd, &prep);
	/* a message stored before is not parsed again (re-ingest) */
	if (prep.sfd >= 0) {
		struct err ferr;

		err_clear(&ferr);
		rc = store_message_find_sha(p->set.store, prep.sha, NULL, NULL,
					    &ferr);
		if (rc == 0)
			pipeline_prep_parse(p, stream, &prep);
	}
	rc = pipeline_file(p, &prep, key, stream, res, err);
	pipeline_prep_clear(&prep);
	return rc;
}
