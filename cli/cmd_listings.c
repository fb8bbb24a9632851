/* cli/cmd_listings.c - reportgate listings import FILE.csv: the
   listing directory (SPEC §8). The first row names the columns
   listing_id, vendor_name, vendor_email, title (any order; listing_id
   and vendor_email required). Each row is upserted by listing_id; a bad
   row is reported on stderr as "FILE:line N: reason" and skipped, the
   rest are imported, in one transaction. Exit 0 when the file was read
   (even with bad rows), 1 when it could not be read or has no header,
   2 on bad usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/csv.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "outbox/smtp.h"
#include "common/wallclock.h"
#include "store/store.h"

enum { LISTINGS_ID = 0, LISTINGS_NAME, LISTINGS_EMAIL, LISTINGS_TITLE,
       LISTINGS_NCOLS };

static const char *const listings_cols[LISTINGS_NCOLS] = {
	"listing_id", "vendor_name", "vendor_email", "title"
};

struct listings_import {
	const char *file;
	int col[LISTINGS_NCOLS];	/* field index, -1: absent */
	size_t n_fields;
	unsigned added, updated, bad;
};

static void
listings_usage(FILE *f)
{
	fprintf(f, "usage: reportgate listings import FILE.csv\n"
		"  FILE.csv: a header row listing_id,vendor_name,vendor_email,"
		"title, then one listing a row\n");
}

static void
listings_bad(struct listings_import *li, unsigned line, const char *why,
	     const char *what)
{
	li->bad++;
	fprintf(stderr, "%s:line %u: %s%s%s\n", li->file, line, why,
		what ? ": " : "", what ? what : "");
}

/* Reads the header row into li->col. */
static int
listings_header(struct listings_import *li, const struct strv *f)
{
	size_t i, k;

	for (k = 0; k < LISTINGS_NCOLS; k++)
		li->col[k] = -1;
	for (i = 0; i < f->n; i++)
		for (k = 0; k < LISTINGS_NCOLS; k++)
			if (strcasecmp(f->v[i], listings_cols[k]) == 0)
				li->col[k] = (int)i;
	li->n_fields = f->n;
	return li->col[LISTINGS_ID] < 0 || li->col[LISTINGS_EMAIL] < 0 ? -1 : 0;
}

static bool
listings_id_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 200)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

static const char *
listings_field(const struct listings_import *li, const struct strv *f, int k)
{
	return li->col[k] < 0 ? NULL : f->v[li->col[k]];
}

/* One data row: 0 imported or skipped as bad, -1 store error. */
static int
listings_row(struct listings_import *li, struct store *s,
	     const struct strv *f, unsigned line, time_t now, struct err *err)
{
	const char *id, *email, *name, *title;
	bool added;

	if (f->n != li->n_fields) {
		char why[64];

		snprintf(why, sizeof(why), "%zu fields, the header has %zu",
			 f->n, li->n_fields);
		listings_bad(li, line, why, NULL);
		return 0;
	}
	id = listings_field(li, f, LISTINGS_ID);
	email = listings_field(li, f, LISTINGS_EMAIL);
	name = listings_field(li, f, LISTINGS_NAME);
	title = listings_field(li, f, LISTINGS_TITLE);
	if (!listings_id_ok(id)) {
		listings_bad(li, line, *id ? "bad listing_id (letters, digits, "
			     "_ and - only)" : "empty listing_id", NULL);
		return 0;
	}
	if (*email == '\0') {
		listings_bad(li, line, "empty vendor_email", NULL);
		return 0;
	}
	if (!smtp_address_ok(email)) {
		listings_bad(li, line, "bad vendor_email", NULL);
		return 0;
	}
	if (store_directory_upsert(s, id, name && *name ? name : NULL, email,
				   title && *title ? title : NULL, now, &added,
				   err) < 0)
		return -1;
	if (added)
		li->added++;
	else
		li->updated++;
	return 0;
}

static int
listings_import(struct store *s, const char *path)
{
	struct listings_import li = { path, { 0 }, 0, 0, 0, 0 };
	struct csv_reader *r = NULL;
	struct strv f = { 0 };
	const char *why = NULL;
	struct err err;
	unsigned line = 0;
	bool header = false;
	time_t now = wallclock_now();
	FILE *fp;
	int rc, ret = 1;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "reportgate listings import: %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	r = csv_reader_new_file(fp);
	if (store_begin(s, &err) < 0)
		goto fail;
	while ((rc = csv_next(r, &f, &line, &why)) != 0) {
		if (rc < 0 && strcmp(why, "read error") == 0) {
			fprintf(stderr, "reportgate listings import: %s: read "
				"error\n", path);
			goto out;
		}
		if (!header) {
			if (rc < 0 || listings_header(&li, &f) < 0) {
				fprintf(stderr, "reportgate listings import: "
					"%s:line %u: expected a header row "
					"listing_id,vendor_name,vendor_email,"
					"title\n", path, line);
				goto out;
			}
			header = true;
			continue;
		}
		if (rc < 0) {
			listings_bad(&li, line, why, NULL);
			continue;
		}
		if (listings_row(&li, s, &f, line, now, &err) < 0)
			goto fail;
	}
	if (!header) {
		fprintf(stderr, "reportgate listings import: %s: empty file, "
			"no header row\n", path);
		goto out;
	}
	if (store_commit(s, &err) < 0)
		goto fail;
	printf("imported %u new, %u updated, %u bad row%s skipped\n",
	       li.added, li.updated, li.bad, li.bad == 1 ? "" : "s");
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "reportgate listings import: %s\n", err.msg);
out:
	if (ret != 0)
		store_rollback(s);
	strv_free(&f);
	csv_reader_free(&r);
	fclose(fp);
	return ret;
}

int
cmd_listings(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config *cfg = NULL;
	struct store *s = NULL;
	struct err err;
	int c, ret = 1;

	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
				  strcmp(argv[1], "-h") == 0)) {
			listings_usage(stdout);
			return 0;
		}
		listings_usage(stderr);
		return 2;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			listings_usage(stdout);
			return 0;
		}
		listings_usage(stderr);
		return 2;
	}
	if (optind + 1 != argc - 1) {
		listings_usage(stderr);
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &s, &err) < 0) {
		fprintf(stderr, "reportgate listings: %s\n", err.msg);
		goto out;
	}
	ret = listings_import(s, argv[optind + 1]);
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
}
