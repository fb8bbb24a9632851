/* documents/sandbox.c - the parent's side of the sandbox: runs
   reportgate-extract and has it read documents, one after another (a
   reader serves the documents of one mail).

   Each document goes to the reader as a sealed memory file, passed on a
   socket (its standard input) with the document's type; its records
   come back on a pipe (its standard output), ended by an end record; its
   standard error is /dev/null and no other descriptor is open in it
   (closefrom 3). The reader starts with an environment of one variable
   (OMP_THREAD_LIMIT=1, see sandbox_spawn) and confines itself
   (sandbox_child.c) before it receives a document. For each document the
   parent waits at most cfg->seconds (wall clock), reads at most
   cfg->max_bytes + 1 MiB of records, and kills the reader (SIGKILL) when
   either is passed; the next document gets a new reader. posix_spawn is
   safe in the threaded poller. */
#define _GNU_SOURCE	/* memfd_create, pipe2, F_ADD_SEALS */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/strv.h"
#include "documents/doc-int.h"

#ifndef RG_EXTRACT_PATH
#define RG_EXTRACT_PATH "/usr/local/libexec/reportgate/reportgate-extract"
#endif
#define SANDBOX_SLACK (1u << 20)	/* record overhead past max_bytes */

struct doc_reader {
	pid_t pid;	/* -1: no process */
	int req;	/* our end of its request socket (its fd 0) */
	int out;	/* the read end of its record pipe (its fd 1) */
	bool ocr;	/* it loaded the OCR engine */
};

void
documents_cfg_init(struct documents_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->enabled = false;
	cfg->max_pages = 200;
	cfg->max_bytes = 20u << 20;
	cfg->seconds = 10;
	cfg->ocr = false;
}

void
documents_cfg_clear(struct documents_cfg *cfg)
{
	free(cfg->helper);
	free(cfg->fault);
	cfg->helper = NULL;
	cfg->fault = NULL;
}

void
documents_result_free(struct doc_result *res)
{
	for (size_t i = 0; i < res->n_pieces; i++) {
		free(res->pieces[i].where);
		free(res->pieces[i].text);
		strv_free(&res->pieces[i].links);
	}
	free(res->pieces);
	for (size_t i = 0; i < res->n_files; i++) {
		free(res->files[i].name);
		free(res->files[i].data);
	}
	free(res->files);
	free(res->body);
	strv_free(&res->warnings);
	memset(res, 0, sizeof(*res));
}

/* The helper's path: cfg's, else $REPORTGATE_EXTRACT, else
   reportgate-extract beside the running program (the build tree), else
   the installed one; with ocr, the same path with "-ocr" appended: that
   program alone links the OCR engine, whose libraries (tesseract,
   leptonica and theirs) cost the plain reader's every start about as much
   CPU time again as the rest of its libraries. Owned by the caller. */
static char *
sandbox_helper(const struct documents_cfg *cfg, bool ocr)
{
	const char *env = getenv("REPORTGATE_EXTRACT");
	const char *sfx = ocr ? "-ocr" : "";
	char self[PATH_MAX];
	ssize_t n;

	if (cfg->helper != NULL && cfg->helper[0] != '\0')
		return xasprintf("%s%s", cfg->helper, sfx);
	if (env != NULL && env[0] != '\0')
		return xasprintf("%s%s", env, sfx);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash, *p;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash != NULL) {
			slash[1] = '\0';
			p = xasprintf("%sreportgate-extract%s", self, sfx);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("%s%s", RG_EXTRACT_PATH, sfx);
}

/* A sealed memory file holding data[0..len). Returns its fd or -1. */
static int
sandbox_memfd(const void *data, size_t len)
{
	int fd = memfd_create("document", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	const char *p = data;
	size_t left = len;

	if (fd < 0)
		return -1;
	while (left > 0) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW |
		  F_SEAL_SHRINK | F_SEAL_SEAL) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static long
sandbox_ms_left(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (end->tv_sec - now.tv_sec) * 1000 +
	       (end->tv_nsec - now.tv_nsec) / 1000000;
}

/* Starts the helper; returns its pid or -1 (errno set). */
static pid_t
sandbox_spawn(const char *helper, int in, int out, bool ocr,
	      const struct documents_cfg *cfg)
{
	posix_spawn_file_actions_t fa;
	char pages[16], bytes[32], secs[16];
	/* the environment holds only this: the OCR engine's OpenMP runtime
	   reads it when it loads and then starts no threads, which the
	   seccomp filter would refuse */
	char *argv[16], *envp[2] = {
		(char *)(uintptr_t)"OMP_THREAD_LIMIT=1", NULL };
	int argc = 0, rc;
	pid_t pid;

	snprintf(pages, sizeof(pages), "%u", cfg->max_pages);
	snprintf(bytes, sizeof(bytes), "%llu",
		 (unsigned long long)cfg->max_bytes);
	snprintf(secs, sizeof(secs), "%u", cfg->seconds);
	argv[argc++] = (char *)(uintptr_t)"reportgate-extract";
	argv[argc++] = (char *)(uintptr_t)"--max-pages";
	argv[argc++] = pages;
	argv[argc++] = (char *)(uintptr_t)"--max-bytes";
	argv[argc++] = bytes;
	argv[argc++] = (char *)(uintptr_t)"--seconds";
	argv[argc++] = secs;
	argv[argc++] = (char *)(uintptr_t)"--ocr";
	argv[argc++] = (char *)(uintptr_t)(ocr ? "1" : "0");
	if (cfg->fault != NULL && cfg->fault[0] != '\0') {
		argv[argc++] = (char *)(uintptr_t)"--fault";
		argv[argc++] = cfg->fault;
	}
	argv[argc] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = posix_spawn(&pid, helper, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* Reads the child's records until its end record (*done set), until it
   closes its end, the deadline or the byte limit. Returns 0 at the end
   record or of its output, -1 at a limit (the warning added). */
static int
sandbox_read(int fd, const struct documents_cfg *cfg,
	     struct doc_result *res, bool *done)
{
	struct timespec end;
	size_t cap = 1u << 16, have = 0, max;
	uint64_t total = 0;
	char *buf = xmalloc(cap);
	int ret = 0;

	max = cfg->max_bytes > SIZE_MAX - SANDBOX_SLACK ? SIZE_MAX
	      : (size_t)cfg->max_bytes + SANDBOX_SLACK;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += cfg->seconds;
	while (!*done) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = sandbox_ms_left(&end);
		ssize_t n;
		size_t used;
		int pr;

		if (left <= 0) {
			strv_push_take(&res->warnings, xasprintf(
				"document_time_limit: not read within %u "
				"seconds", cfg->seconds));
			ret = -1;
			break;
		}
		pr = poll(&p, 1, (int)(left > INT_MAX ? INT_MAX : left));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			continue;	/* the deadline check above ends it */
		if (have == cap)
			buf = xgrow(buf, have, &cap, 1);
		n = read(fd, buf + have, cap - have);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		total += (uint64_t)n;
		if (total > max) {
			strv_push_take(&res->warnings, xasprintf(
				"document_output_limit: the reader wrote more "
				"than %zu bytes", max));
			ret = -1;
			break;
		}
		used = wire_read(buf, have, res, done);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return ret;
}

/* Says in res why the child ended as status says, if it failed. Returns
   0 for a clean exit, else -1. */
static int
sandbox_status(int status, bool killed, struct doc_result *res)
{
	if (killed)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		strv_push_take(&res->warnings, xstrdup(
			"document_time_limit: the reader used up its CPU "
			"time"));
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		strv_push_take(&res->warnings, xstrdup(
			"document_failed: the reader made a forbidden system "
			"call and was stopped"));
	else if (WIFSIGNALED(status))
		strv_push_take(&res->warnings, xasprintf(
			"document_failed: the reader crashed (signal %d)",
			WTERMSIG(status)));
	else
		strv_push_take(&res->warnings, xasprintf(
			"document_failed: the reader ended with status %d",
			WEXITSTATUS(status)));
	return -1;
}

/* Whether a document of type t may need the OCR engine. */
static bool
sandbox_may_ocr(enum doc_type t)
{
	return t == DOC_IMAGE || t == DOC_PDF || t == DOC_ZIP;
}

struct doc_reader *
documents_reader_new(void)
{
	struct doc_reader *rd = xcalloc(1, sizeof(*rd));

	rd->pid = -1;
	rd->req = rd->out = -1;
	return rd;
}

/* Ends rd's process (SIGKILL unless it is known dead) and closes its
   descriptors. Returns its wait status. */
static int
sandbox_stop(struct doc_reader *rd, bool kill_it)
{
	int status = 0;

	if (rd->pid > 0) {
		if (kill_it)
			kill(rd->pid, SIGKILL);
		while (waitpid(rd->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (rd->req >= 0)
		close(rd->req);
	if (rd->out >= 0)
		close(rd->out);
	rd->pid = -1;
	rd->req = rd->out = -1;
	rd->ocr = false;
	return status;
}

void
documents_reader_free(struct doc_reader **rdp)
{
	if (*rdp == NULL)
		return;
	sandbox_stop(*rdp, true);
	free(*rdp);
	*rdp = NULL;
}

/* Starts rd's process. Returns 0, or -1 with the warning added to res. */
static int
sandbox_start(struct doc_reader *rd, bool ocr,
	      const struct documents_cfg *cfg, struct doc_result *res)
{
	int sv[2] = { -1, -1 }, out[2] = { -1, -1 };
	char *helper = sandbox_helper(cfg, ocr);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(out, O_CLOEXEC) < 0) {
		strv_push_take(&res->warnings, xasprintf(
			"document_failed: no sandbox: %s", strerror(errno)));
		goto fail;
	}
	rd->pid = sandbox_spawn(helper, sv[1], out[1], ocr, cfg);
	if (rd->pid < 0) {
		strv_push_take(&res->warnings, xasprintf(
			"document_failed: cannot run the reader: %s",
			strerror(errno)));
		goto fail;
	}
	close(sv[1]);
	close(out[1]);
	rd->req = sv[0];
	rd->out = out[0];
	rd->ocr = ocr;
	free(helper);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	rd->pid = -1;
	free(helper);
	return -1;
}

/* Sends the document (its memory file fd) and its type to rd. Returns 0
   or -1 (the reader has gone). */
static int
sandbox_send(struct doc_reader *rd, int fd, enum doc_type type)
{
	const char *name = documents_type_name(type);
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)(uintptr_t)name, strlen(name) };
	struct msghdr msg;
	struct cmsghdr *c;

	memset(&msg, 0, sizeof(msg));
	memset(&u, 0, sizeof(u));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	while (sendmsg(rd->req, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int
documents_reader_extract(struct doc_reader *rd, const void *data, size_t len,
			 enum doc_type type, const struct documents_cfg *cfg,
			 struct doc_result *res)
{
	bool ocr = cfg->ocr && sandbox_may_ocr(type), end = false, limit;
	int in, status;

	memset(res, 0, sizeof(*res));
	res->type = type;
	if (rd->pid > 0 && ocr && !rd->ocr)
		sandbox_stop(rd, true);	/* one with the OCR engine */
	in = sandbox_memfd(data, len);
	if (in < 0) {
		strv_push_take(&res->warnings, xasprintf(
			"document_failed: no sandbox: %s", strerror(errno)));
		res->failed = true;
		return -1;
	}
	if (rd->pid < 0 && sandbox_start(rd, ocr, cfg, res) < 0) {
		close(in);
		res->failed = true;
		return -1;
	}
	limit = false;
	if (sandbox_send(rd, in, type) == 0)
		limit = sandbox_read(rd->out, cfg, res, &end) < 0;
	close(in);
	if (!limit && end && !cfg->no_reuse)
		return 0;
	/* killed at a limit, or gone: its status says how */
	status = sandbox_stop(rd, limit || end);
	if (end && !limit)
		return 0;
	if (sandbox_status(status, limit, res) == 0)
		strv_push_take(&res->warnings, xstrdup(
			"document_failed: the reader ended before the end of "
			"the document"));
	res->failed = true;
	return -1;
}

int
documents_extract(const void *data, size_t len, enum doc_type type,
		  const struct documents_cfg *cfg, struct doc_result *res)
{
	struct doc_reader *rd = documents_reader_new();
	int rc = documents_reader_extract(rd, data, len, type, cfg, res);

	documents_reader_free(&rd);
	return rc;
}
