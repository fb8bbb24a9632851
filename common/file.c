/* common/file.c - reads a small regular file whole, bounded; makes
   anonymous temporary files. */
#define _GNU_SOURCE	/* O_TMPFILE, mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/buf.h"
#include "common/file.h"
#include "common/mem.h"

int
file_read_all(const char *path, size_t max, char **text_r,
		 size_t *len_r, struct err *err)
{
	struct buf b;
	struct stat st;
	char chunk[8192];
	ssize_t n;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		err_set(err, ERR_FATAL, "%s: cannot open: %s", path,
			strerror(errno));
		return -1;
	}
	buf_init(&b, max);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_FATAL, "%s: not a regular file", path);
		goto out;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, ERR_FATAL, "%s: cannot read: %s", path,
				strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (buf_append(&b, chunk, (size_t)n) < 0) {
			err_set(err, ERR_FATAL, "%s: larger than %zu bytes",
				path, max);
			goto out;
		}
	}
	*len_r = b.len;
	*text_r = buf_take(&b);
	ret = 1;
out:
	buf_free(&b);
	close(fd);
	return ret;
}

int
file_anon(const char *dir, bool linkable)
{
	char *path;
	int fd, e;

	if (dir == NULL || *dir == '\0')
		dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC | (linkable ? 0 : O_EXCL),
		  0600);
	if (fd >= 0 || linkable ||
	    (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	path = xasprintf("%s/reportgate-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	e = errno;
	if (fd >= 0)
		unlink(path);
	free(path);
	errno = e;
	return fd;
}
