/* store/attachments.c - attachment files stored by content hash under
   attachments_dir/<ab>/<sha256>: written to a temporary file in the same
   directory, fsynced, then renamed, so a file under its hash name is
   always complete. The name from the mail is never used for a path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/mem.h"
#include "store/store-int.h"

struct store_att {
	struct store *store;	/* foreign */
	char *tmp_path;		/* owned */
	int fd;
	bool failed;
};

static bool
attachments_hex_ok(const char *sha)
{
	size_t i;

	if (sha == NULL || strlen(sha) != 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') ||
		      (sha[i] >= 'a' && sha[i] <= 'f')))
			return false;
	return true;
}

char *
store_att_path(struct store *s, const char *sha)
{
	if (!attachments_hex_ok(sha))
		return NULL;
	return xasprintf("%s/%.2s/%s", s->att_dir, sha, sha);
}

struct store_att *
store_att_begin(struct store *s, struct err *err)
{
	struct store_att *a = xcalloc(1, sizeof(*a));

	a->store = s;
	a->tmp_path = xasprintf("%s/.tmp-XXXXXX", s->att_dir);
	a->fd = mkstemp(a->tmp_path);
	if (a->fd < 0) {
		err_set(err, ERR_FATAL, "cannot create a file in %s: %s",
			s->att_dir, strerror(errno));
		free(a->tmp_path);
		free(a);
		return NULL;
	}
	return a;
}

int
store_att_write(struct store_att *a, const void *data, size_t len,
		struct err *err)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(a->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			a->failed = true;
			err_set(err, ERR_TEMP, "writing attachment: %s",
				strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
attachments_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

int
store_att_finish(struct store_att *a, const char *sha, bool ok,
		 struct err *err)
{
	char *dir = NULL, *path = NULL;
	struct stat sb;
	int ret = -1;

	if (a == NULL)
		return 0;
	if (!ok || a->failed) {
		ret = 0;
		goto out;
	}
	if ((path = store_att_path(a->store, sha)) == NULL) {
		err_set(err, ERR_FATAL, "bad attachment hash");
		goto out;
	}
	dir = xasprintf("%s/%.2s", a->store->att_dir, sha);
	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		err_set(err, ERR_TEMP, "cannot create %s: %s", dir,
			strerror(errno));
		goto out;
	}
	if (stat(path, &sb) == 0) {	/* same bytes already stored */
		ret = 0;
		goto out;
	}
	if (fsync(a->fd) < 0 || close(a->fd) < 0) {
		a->fd = -1;
		err_set(err, ERR_TEMP, "writing attachment: %s",
			strerror(errno));
		goto out;
	}
	a->fd = -1;
	if (rename(a->tmp_path, path) < 0) {
		err_set(err, ERR_TEMP, "storing attachment: %s",
			strerror(errno));
		goto out;
	}
	free(a->tmp_path);
	a->tmp_path = NULL;
	if (attachments_fsync_dir(dir) < 0) {
		err_set(err, ERR_TEMP, "syncing %s: %s", dir, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (a->fd >= 0)
		close(a->fd);
	if (a->tmp_path != NULL)
		unlink(a->tmp_path);
	free(a->tmp_path);
	free(dir);
	free(path);
	free(a);
	return ret;
}
