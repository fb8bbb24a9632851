/* intake/imap_auth.c - credentials for IMAP authentication: the SASL PLAIN
   and XOAUTH2 initial responses, and OAuth tokens read from a file or from
   the first line a command prints. Every buffer that held a secret is wiped
   with explicit_bzero(); nothing here logs. */
#define _GNU_SOURCE	/* pipe2, mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "common/mem.h"
#include "common/secret.h"
#include "common/wallclock.h"
#include "intake/imap.h"

/* Returns the base64 encoding (RFC 4648, no line breaks) of in[0..len)
   as a new string (caller frees), written by GLib's encoder straight into
   our own buffer so that the caller can wipe it. */
static char *
imap_auth_b64(const unsigned char *in, size_t len)
{
	char *out = xmalloc((len / 3 + 1) * 4 + 4 + 1);
	gint state = 0, save = 0;
	size_t n;

	n = g_base64_encode_step(in, len, FALSE, out, &state, &save);
	n += g_base64_encode_close(FALSE, out + n, &state, &save);
	out[n] = '\0';
	return out;
}

/* Returns the base64 of the n parts joined as they are (parts may hold
   separators), wiping the plain copy. */
static char *
imap_auth_b64_join(const char *const *parts, const size_t *lens, size_t n)
{
	size_t total = 0, off = 0;
	unsigned char *plain;
	char *b64;

	for (size_t i = 0; i < n; i++)
		total += lens[i];
	plain = xmalloc(total + 1);
	for (size_t i = 0; i < n; i++) {
		memcpy(plain + off, parts[i], lens[i]);
		off += lens[i];
	}
	b64 = imap_auth_b64(plain, total);
	explicit_bzero(plain, total);
	free(plain);
	return b64;
}

char *
imap_auth_plain_b64(const char *user, const char *pass)
{
	/* RFC 4616: authzid NUL authcid NUL passwd, authzid empty */
	const char *parts[] = { "", user, "", pass };
	size_t lens[] = { 1, strlen(user), 1, strlen(pass) };

	return imap_auth_b64_join(parts, lens, 4);
}

char *
imap_auth_xoauth2_b64(const char *user, const char *token)
{
	const char *parts[] = { "user=", user, "\001auth=Bearer ", token,
				"\001\001" };
	size_t lens[] = { 5, strlen(user), 13, strlen(token), 2 };

	if (strpbrk(user, "\001\r\n") != NULL ||
	    strpbrk(token, "\001\r\n") != NULL)
		return NULL;
	return imap_auth_b64_join(parts, lens, 5);
}

/* Cuts buf (len bytes, NUL-terminated) at its first line end and returns a
   copy of that first line, or NULL if it is empty or holds a NUL. */
static char *
imap_auth_first_line(char *buf, size_t len)
{
	size_t n = strcspn(buf, "\r\n");

	if (n == 0 || (n < len && buf[n] == '\0'))	/* empty, or a NUL */
		return NULL;
	return xstrndup(buf, n);
}

/* Milliseconds left until deadline (CLOCK_MONOTONIC), 0 if passed. */
static int
imap_auth_ms_left(const struct timespec *deadline)
{
	long long ms = wallclock_ms_left(deadline);

	return ms > 60000 ? 60000 : (int)ms;
}

/* Runs cmd through /bin/sh -c with stdout on a pipe, in its own process
   group. Returns the child's pid and *fd_r (the read end), or -1. */
static pid_t
imap_auth_spawn(const char *cmd, int *fd_r, struct err *err)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		err_set(err, ERR_TEMP, "oauth_token_command: pipe: %s",
			strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		err_set(err, ERR_TEMP, "oauth_token_command: fork: %s",
			strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		sigset_t none;

		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		/* poll and run block SIGTERM/SIGINT: not for the command */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);	/* also here: no race with the kill below */
	close(p[1]);
	*fd_r = p[0];
	return pid;
}

/* Waits for pid until deadline, then kills its process group. Returns the
   wait status, or -1 if it had to be killed. */
static int
imap_auth_reap(pid_t pid, const struct timespec *deadline)
{
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (imap_auth_ms_left(deadline) == 0)
			break;
		poll(NULL, 0, 20);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return -1;
}

char *
imap_auth_token_command(const char *cmd, unsigned timeout_s,
			struct err *err)
{
	char buf[SECRET_MAX + 1];
	struct timespec deadline;
	char *line = NULL;
	size_t len = 0;
	bool timed_out = false;
	int fd = -1, status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_s ? timeout_s : 30;
	pid = imap_auth_spawn(cmd, &fd, err);
	if (pid < 0)
		return NULL;
	/* read until EOF or the deadline; keep the first bytes up to the
	   cap and drain the rest, so the command never blocks on a full pipe */
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int ms = imap_auth_ms_left(&deadline);
		char scratch[512], *dst = scratch;
		size_t room = sizeof(scratch);
		ssize_t r;

		if (ms == 0) {
			timed_out = true;
			break;
		}
		r = poll(&pfd, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (r == 0)
			continue;	/* the deadline is checked above */
		if (len < sizeof(buf) - 1) {
			dst = buf + len;
			room = sizeof(buf) - 1 - len;
		}
		r = read(fd, dst, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (dst != scratch)
			len += (size_t)r;
		explicit_bzero(scratch, sizeof(scratch));
	}
	buf[len] = '\0';
	close(fd);
	status = imap_auth_reap(pid, &deadline);
	if (timed_out || status < 0) {
		err_set(err, ERR_TEMP, "oauth_token_command timed out after "
			"%us", timeout_s ? timeout_s : 30);
		goto out;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		err_set(err, ERR_FATAL, "oauth_token_command could not be "
			"run (exit status 127)");
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status))
			err_set(err, ERR_TEMP, "oauth_token_command failed "
				"(exit status %d)", WEXITSTATUS(status));
		else
			err_set(err, ERR_TEMP, "oauth_token_command killed by "
				"signal %d", WTERMSIG(status));
		goto out;
	}
	if (strcspn(buf, "\r\n") >= SECRET_MAX) {
		err_set(err, ERR_FATAL, "oauth_token_command: first line too "
			"long");
		goto out;
	}
	line = imap_auth_first_line(buf, len);
	if (line == NULL)
		err_set(err, ERR_TEMP, "oauth_token_command printed no token");
out:
	explicit_bzero(buf, sizeof(buf));
	return line;
}
