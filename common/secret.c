/* common/secret.c - secrets kept in files of their own (passwords, tokens):
   read the first line, warn when the file is readable by others, and wipe
   every copy when done. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/log.h"
#include "common/mem.h"
#include "common/secret.h"

char *
secret_read(const char *path, struct err *err)
{
	char data[SECRET_MAX + 1], qp[128];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	char *nl, *ret = NULL;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err_set(err, ERR_FATAL, "%s: cannot open: %s", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_FATAL, "%s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		log_warn("config", "secret.mode", "path=%s mode=%04o",
			 log_q(qp, sizeof(qp), path),
			 (unsigned)(st.st_mode & 07777));
	while (len < sizeof(data)) {
		n = read(fd, data + len, sizeof(data) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, ERR_FATAL, "%s: cannot read: %s", path,
				strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	nl = memchr(data, '\n', len);
	if (nl != NULL)
		len = (size_t)(nl - data);
	else if (len > SECRET_MAX) {
		err_set(err, ERR_FATAL, "%s: first line longer than %d bytes",
			path, SECRET_MAX);
		goto out;
	}
	if (len > 0 && data[len - 1] == '\r')
		len--;
	if (len == 0 || memchr(data, '\0', len) != NULL) {
		err_set(err, ERR_FATAL, "%s: %s", path,
			len == 0 ? "empty first line" : "contains a NUL byte");
		goto out;
	}
	ret = xstrndup(data, len);
out:
	explicit_bzero(data, sizeof(data));
	close(fd);
	return ret;
}

void
secret_free(char **secret)
{
	if (secret == NULL || *secret == NULL)
		return;
	explicit_bzero(*secret, strlen(*secret));
	free(*secret);
	*secret = NULL;
}
