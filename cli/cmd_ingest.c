/* cli/cmd_ingest.c - reportgate ingest [--stream ip|abuse] PATH...:
   .eml files, Maildir folders (new/ and cur/) and mbox files through the
   whole pipeline. Key of a message: "file:<absolute path>", UIDVALIDITY
   0, UID the message's 1-based index in an mbox (0 for one file). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/strv.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "cli/filing.h"
#include "intake/mbox.h"
#include "intake/pipeline.h"

struct ingest {
	struct pipeline *pipeline;	/* borrowed from the filing */
	enum report_stream stream;
	unsigned filed, duplicates, quarantined, failed;
	int stop;			/* a store error: give up */
	const char *mailbox;		/* "file:<path>" of the current file */
};

static void
ingest_usage(FILE *f)
{
	fprintf(f, "usage: reportgate ingest [--config FILE] [--stream ip|abuse] "
		"PATH...\n"
		"Files .eml files (or folders of them), Maildir folders and mbox "
		"files as if they had "
		"arrived by IMAP.\n");
}

/* Runs one message through the pipeline and counts the outcome. */
static int
ingest_one(struct ingest *in, int fd, uint32_t uid, struct err *err)
{
	struct msg_key key = { in->mailbox, 0, uid };
	struct pipeline_result res;

	if (pipeline_process(in->pipeline, fd, &key, in->stream, &res,
			     err) < 0) {
		char q[512];

		log_error("intake", "message.failed", "msg=%s:0:%u class=%s "
			  "error=%s", log_q(q, sizeof(q), in->mailbox), uid,
			  err_class_name(err->class), err->msg);
		in->failed++;
		if (err->class != ERR_MSG) {
			in->stop = 1;
			return -1;
		}
		return 0;
	}
	if (res.outcome == PIPELINE_FILED)
		in->filed++;
	else if (res.outcome == PIPELINE_DUPLICATE)
		in->duplicates++;
	else
		in->quarantined++;
	return 0;
}

static int
ingest_mbox_cb(void *ctx, int fd, uint32_t index, struct err *err)
{
	return ingest_one(ctx, fd, index, err);
}

static int
ingest_file(struct ingest *in, const char *path)
{
	char abs[PATH_MAX], head[5];
	char *mailbox;
	struct err err;
	FILE *f = NULL;
	int fd, ret = -1;
	ssize_t n;

	err_clear(&err);
	if (realpath(path, abs) == NULL ||
	    (fd = open(abs, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "reportgate ingest: %s: %s\n", path,
			strerror(errno));
		in->failed++;
		return -1;
	}
	mailbox = xasprintf("file:%s", abs);
	in->mailbox = mailbox;
	n = pread(fd, head, sizeof(head), 0);
	if (n == 5 && memcmp(head, "From ", 5) == 0) {
		if ((f = fdopen(fd, "r")) == NULL) {
			close(fd);
			goto out;
		}
		if (mbox_split(f, ingest_mbox_cb, in, &err) < 0 && !in->stop) {
			fprintf(stderr, "reportgate ingest: %s: %s\n", path,
				err.msg);
			in->failed++;
			goto out;
		}
	} else {
		ingest_one(in, fd, 0, &err);
		close(fd);
	}
	ret = in->stop ? -1 : 0;
out:
	if (f != NULL)
		fclose(f);
	in->mailbox = NULL;
	free(mailbox);
	return ret;
}

static int
ingest_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the regular files of dir (not those starting with "."), in name
   order, to files. */
static void
ingest_collect(const char *dir, struct strv *files)
{
	struct dirent *de;
	struct stat sb;
	size_t first = files->n;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
			strv_push_take(files, p);
		else
			free(p);
	}
	closedir(d);
	if (files->n > first)
		qsort(files->v + first, files->n - first, sizeof(char *),
		      ingest_cmp);
}

/* Files every message of a Maildir's new/ and cur/, or of a plain
   directory of .eml files, in name order. */
static int
ingest_dir(struct ingest *in, const char *dir, bool maildir)
{
	struct strv files = { 0 };
	size_t i;
	int ret = 0;

	if (maildir) {
		char *nw = xasprintf("%s/new", dir), *cur = xasprintf("%s/cur",
								   dir);

		ingest_collect(nw, &files);
		ingest_collect(cur, &files);
		free(nw);
		free(cur);
	} else {
		ingest_collect(dir, &files);
	}
	for (i = 0; i < files.n && !in->stop; i++)
		if (ingest_file(in, files.v[i]) < 0)
			ret = -1;
	strv_free(&files);
	return ret;
}

static int
ingest_path(struct ingest *in, const char *path)
{
	struct stat sb;
	char *cur, *nw;
	int is_maildir;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "reportgate ingest: %s: %s\n", path,
			strerror(errno));
		in->failed++;
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return ingest_file(in, path);
	cur = xasprintf("%s/cur", path);
	nw = xasprintf("%s/new", path);
	is_maildir = (stat(cur, &sb) == 0 && S_ISDIR(sb.st_mode)) ||
		     (stat(nw, &sb) == 0 && S_ISDIR(sb.st_mode));
	free(cur);
	free(nw);
	return ingest_dir(in, path, is_maildir);
}

int
cmd_ingest(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "stream", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest in = { 0 };
	struct filing fl = { 0 };
	struct config *cfg = NULL;
	struct store *store = NULL;
	struct err err;
	char q[300];
	int c, i, ret = 1;

	in.stream = STREAM_IP;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (report_stream_parse(optarg, &in.stream) < 0) {
				fprintf(stderr, "reportgate ingest: --stream "
					"ip|abuse\n");
				return 2;
			}
			break;
		case 'h':
			ingest_usage(stdout);
			return 0;
		default:
			ingest_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		ingest_usage(stderr);
		return 2;
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &store, &err) < 0) {
		fprintf(stderr, "reportgate ingest: %s\n", err.msg);
		goto out;
	}
	if (filing_open(&fl, cfg, store, &err) < 0) {
		fprintf(stderr, "reportgate ingest: %s\n", err.msg);
		goto out;
	}
	in.pipeline = fl.pipeline;
	for (i = optind; i < argc && !in.stop; i++)
		ingest_path(&in, argv[i]);
	/* the index of what was filed, in one go (searches see it anyway) */
	if (store_search_catch_up(store, &err) < 0)
		log_warn("intake", "search.index_failed", "error=%s",
			 log_q(q, sizeof(q), err.msg));
	if (store_flush(store, &err) < 0) {
		fprintf(stderr, "reportgate ingest: %s\n", err.msg);
		in.failed++;
	}
	printf("filed %u, duplicates %u, quarantined %u, failed %u\n",
	       in.filed, in.duplicates, in.quarantined, in.failed);
	ret = in.failed ? 1 : 0;
out:
	filing_close(&fl);
	store_close(&store);
	config_free(&cfg);
	return ret;
}
