/* bench/imap-fetch.c - raw IMAP baseline for bench/e2e.sh: the least work
   any IMAP intake must do to read a mailbox. Connects with implicit TLS
   (imaps), LOGIN, SELECT, UID SEARCH ALL, then UID FETCH (UID BODY.PEEK[])
   in batches of UIDs; bodies stream through a body handler that counts
   the bytes and drops them (without a body handler libetpan keeps each
   literal whole in memory), so memory stays flat. Nothing
   is parsed, stored, flagged or moved. Prints one line on stdout:
   "msgs=N bytes=B batches=K seconds=S" (S from connect to logout).

   The server certificate is not checked (libetpan's GnuTLS build checks
   nothing by itself): it is one handshake per run, the same cost
   either way, and the bench talks to its own loopback Dovecot.

   Build: cc -O2 -o imap-fetch imap-fetch.c $(pkg-config --cflags libetpan)
	  -letpan ... (the -l parts of pkg-config --libs libetpan)
   Usage: imap-fetch [-u USER] [-m MAILBOX] [-b BATCH] [-t SECONDS] HOST PORT
   The password is $IMAP_PASS (default "testpass", the test Dovecot's).
   Exit status 0, 1 on an IMAP error (named on stderr), 2 on bad usage. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#define FETCH_DEFAULT_BATCH 100
#define FETCH_DEFAULT_TIMEOUT 60

struct fetch_opts {
	const char *host;
	uint16_t port;
	const char *user;
	const char *pass;
	const char *mailbox;
	unsigned batch;
	unsigned timeout;
};

struct fetch_stats {
	unsigned long msgs;
	unsigned long batches;
	unsigned long long bytes;
};

/* Body handler: counts the streamed bytes and drops them. Returning true
   lets the fetch go on. */
static bool
fetch_body_cb(int att_type, struct mailimap_msg_att_body_section *section,
	      const char *bytes, size_t len, void *ctx)
{
	struct fetch_stats *st = ctx;

	(void)att_type;
	(void)section;
	(void)bytes;
	st->bytes += len;
	return true;
}

/* Parses a decimal number in [min, max]. Returns 0, or -1 if s is not one. */
static int
fetch_parse_num(const char *s, unsigned long min, unsigned long max,
		unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
fetch_uid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* UID SEARCH ALL. Returns 0 with *uids_r (sorted, owned by the caller,
   free()) and *n_r set, or -1 (error printed). */
static int
fetch_search(mailimap *imap, uint32_t **uids_r, size_t *n_r)
{
	struct mailimap_search_key *key = mailimap_search_key_new_all();
	clist *res = NULL;
	clistiter *it;
	uint32_t *uids = NULL;
	size_t n = 0;
	int r, ret = -1;

	r = mailimap_uid_search(imap, NULL, key, &res);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "imap-fetch: UID SEARCH failed (%d)\n", r);
		goto out;
	}
	uids = malloc(((size_t)clist_count(res) + 1) * sizeof(*uids));
	if (uids == NULL) {
		perror("imap-fetch: malloc");
		goto out;
	}
	for (it = clist_begin(res); it != NULL; it = clist_next(it))
		uids[n++] = *(uint32_t *)clist_content(it);
	qsort(uids, n, sizeof(*uids), fetch_uid_cmp);
	*uids_r = uids;
	*n_r = n;
	uids = NULL;
	ret = 0;
out:
	free(uids);
	if (res != NULL)
		mailimap_search_result_free(res);
	mailimap_search_key_free(key);
	return ret;
}

/* A UID set of uids[0..n), runs of consecutive UIDs as intervals. Returns
   the set (owned by the caller, mailimap_set_free) or NULL. */
static struct mailimap_set *
fetch_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i = 0, j;

	if (set == NULL)
		return NULL;
	while (i < n) {
		for (j = i; j + 1 < n && uids[j + 1] == uids[j] + 1; j++)
			;
		if (mailimap_set_add_interval(set, uids[i], uids[j]) !=
		    MAILIMAP_NO_ERROR) {
			mailimap_set_free(set);
			return NULL;
		}
		i = j + 1;
	}
	return set;
}

/* UID FETCH (UID BODY.PEEK[]) of every UID, batch UIDs per command.
   Returns 0 or -1 (error printed). */
static int
fetch_all(mailimap *imap, const uint32_t *uids, size_t n, unsigned batch,
	  struct fetch_stats *st)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set = NULL;
	clist *res = NULL;
	size_t i, k;
	int r, ret = -1;

	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	if (ft == NULL ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_uid()) != MAILIMAP_NO_ERROR ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_body_peek_section(
				mailimap_section_new(NULL))) !=
		    MAILIMAP_NO_ERROR) {
		fprintf(stderr, "imap-fetch: out of memory\n");
		goto out;
	}
	for (i = 0; i < n; i += k) {
		k = n - i < batch ? n - i : batch;
		set = fetch_set(uids + i, k);
		if (set == NULL) {
			fprintf(stderr, "imap-fetch: out of memory\n");
			goto out;
		}
		r = mailimap_uid_fetch(imap, set, ft, &res);
		if (r != MAILIMAP_NO_ERROR) {
			fprintf(stderr,
				"imap-fetch: UID FETCH of batch %lu failed (%d)\n",
				st->batches + 1, r);
			goto out;
		}
		st->msgs += clist_count(res);
		st->batches++;
		mailimap_fetch_list_free(res);
		res = NULL;
		mailimap_set_free(set);
		set = NULL;
	}
	ret = 0;
out:
	if (res != NULL)
		mailimap_fetch_list_free(res);
	if (set != NULL)
		mailimap_set_free(set);
	if (ft != NULL)
		mailimap_fetch_type_free(ft);
	return ret;
}

/* The whole session. Returns 0 or -1 (error printed). */
static int
fetch_run(const struct fetch_opts *o, struct fetch_stats *st)
{
	mailimap *imap = mailimap_new(0, NULL);
	uint32_t *uids = NULL;
	size_t n = 0;
	int r, ret = -1;
	bool logged_in = false;

	if (imap == NULL) {
		fprintf(stderr, "imap-fetch: out of memory\n");
		return -1;
	}
	mailimap_set_timeout(imap, o->timeout);
	mailimap_set_msg_body_handler(imap, fetch_body_cb, st);
	r = mailimap_ssl_connect(imap, o->host, o->port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		fprintf(stderr, "imap-fetch: imaps connect to %s:%u failed (%d)\n",
			o->host, (unsigned)o->port, r);
		goto out;
	}
	r = mailimap_login(imap, o->user, o->pass);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "imap-fetch: LOGIN failed (%d)\n", r);
		goto out;
	}
	logged_in = true;
	r = mailimap_select(imap, o->mailbox);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "imap-fetch: SELECT failed (%d)\n", r);
		goto out;
	}
	if (fetch_search(imap, &uids, &n) < 0)
		goto out;
	if (fetch_all(imap, uids, n, o->batch, st) < 0)
		goto out;
	ret = 0;
out:
	/* LOGOUT on a dead stream would only fail again: after a stream
	   error every libetpan call returns MAILIMAP_ERROR_STREAM */
	if (logged_in && ret == 0)
		mailimap_logout(imap);
	free(uids);
	mailimap_free(imap);
	return ret;
}

static void
fetch_usage(FILE *f)
{
	fprintf(f, "usage: imap-fetch [-u USER] [-m MAILBOX] [-b BATCH] "
		   "[-t SECONDS] HOST PORT\n"
		   "  password from $IMAP_PASS (default testpass)\n");
}

int
main(int argc, char **argv)
{
	struct fetch_opts o = {
		.user = "testuser",
		.pass = "testpass",
		.mailbox = "INBOX",
		.batch = FETCH_DEFAULT_BATCH,
		.timeout = FETCH_DEFAULT_TIMEOUT,
	};
	struct fetch_stats st = { 0 };
	struct timespec t0, t1;
	unsigned long v;
	const char *pass;
	int c;

	while ((c = getopt(argc, argv, "u:m:b:t:h")) != -1) {
		switch (c) {
		case 'u':
			o.user = optarg;
			break;
		case 'm':
			o.mailbox = optarg;
			break;
		case 'b':
			if (fetch_parse_num(optarg, 1, 100000, &v) < 0)
				goto usage;
			o.batch = (unsigned)v;
			break;
		case 't':
			if (fetch_parse_num(optarg, 1, 3600, &v) < 0)
				goto usage;
			o.timeout = (unsigned)v;
			break;
		case 'h':
			fetch_usage(stdout);
			return 0;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2 ||
	    fetch_parse_num(argv[optind + 1], 1, 65535, &v) < 0)
		goto usage;
	o.host = argv[optind];
	o.port = (uint16_t)v;
	pass = getenv("IMAP_PASS");
	if (pass != NULL)
		o.pass = pass;
	/* a server that hangs up must give an error, not kill us: libetpan's
	   next write to the closed socket raises SIGPIPE */
	signal(SIGPIPE, SIG_IGN);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (fetch_run(&o, &st) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("msgs=%lu bytes=%llu batches=%lu seconds=%.3f\n", st.msgs,
	       st.bytes, st.batches,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
usage:
	fetch_usage(stderr);
	return 2;
}
