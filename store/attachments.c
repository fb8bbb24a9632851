/* store/attachments.c - attachment files stored by content hash under
   attachments_dir/<ab>/<sha256>: written to an anonymous file (O_TMPFILE;
   else a temporary name) and only then linked (renamed) under its hash,
   so a file under its hash name is complete once written. Parse workers
   of poll write files at the same time (att_lock). Messages' raw bytes
   are kept the same way, by the hash of the message (the poller's spool
   file is linked, not copied: att_adopt). The fsyncs are batched:
   store_flush or store_sync_files (before the IMAP MOVE of a batch), or
   every ATT_SYNC_MAX files, syncs every file and directory finished
   since the last sync at once; an existing file of
   the wrong size is replaced. The name from the mail is never used for a
   path. */
#define _GNU_SOURCE	/* syncfs, O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <unistd.h>

#include "common/file.h"
#include "common/mem.h"
#include "store/store-int.h"

/* Files finished before their fsync is forced (bounds the list). */
#define ATT_SYNC_MAX 1024

struct store_att {
	struct store *store;	/* foreign */
	char *tmp_path;		/* owned; NULL: fd is an O_TMPFILE file */
	uint64_t size;		/* bytes written */
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

/* Opens a named temporary file in att_dir into a->fd / a->tmp_path.
   Returns 0, or -1 with err set. */
static int
att_open_named(struct store_att *a, struct err *err)
{
	a->tmp_path = xasprintf("%s/.tmp-XXXXXX", a->store->att_dir);
	a->fd = mkstemp(a->tmp_path);
	if (a->fd < 0) {
		err_set(err, ERR_FATAL, "cannot create a file in %s: %s",
			a->store->att_dir, strerror(errno));
		free(a->tmp_path);
		a->tmp_path = NULL;
		return -1;
	}
	return 0;
}

static int att_subdir(struct store *s, const char *sha, char **dir_r,
		      struct err *err);

/* Where new files go on disk. ext4 puts a new file's inode in the block
   group of its directory and scans that group's free inodes from the
   start; without a journal it skips, one by one, every inode freed in
   the last seconds to minutes (recently_deleted). With every new file
   made in att_dir itself, deletions near the store (a clean-up, a mail
   server's expunges on the same disk) made each new file scan thousands
   of inodes: a quarter of poll's CPU time in the benchmark. So new
   anonymous files are made in the hash subdirectories in turn, and
   att_dir is marked a top directory (chattr +T), for ext4 to spread
   those subdirectories over block groups as it does home directories.
   Both are hints: where unsupported, nothing changes. */
void
att_dir_spread(struct store *s)
{
	int fd, flags = 0;

	if ((fd = open(s->att_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
	    !(flags & FS_TOPDIR_FL)) {
		flags |= FS_TOPDIR_FL;
		(void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

int
store_att_anon(struct store *s)
{
	unsigned k = __atomic_fetch_add(&s->att_spread, 1, __ATOMIC_RELAXED);
	char hex[3];
	char *dir = NULL;
	struct err err;
	int fd;

	snprintf(hex, sizeof(hex), "%02x", k & 0xffu);
	if (att_subdir(s, hex, &dir, &err) < 0) {
		free(dir);
		dir = NULL;
	}
	fd = file_anon(dir ? dir : s->att_dir, true);
	free(dir);
	return fd;
}

/* New files are anonymous (O_TMPFILE) until linked under their hash:
   no temporary name is created in, renamed out of and locked on the
   one top directory, which serialised the parse workers of poll. Where
   the file system or /proc cannot do it, named temporary files are
   used (att_anon < 0). */
struct store_att *
store_att_begin(struct store *s, struct err *err)
{
	struct store_att *a = xcalloc(1, sizeof(*a));

	a->store = s;
	a->fd = -1;
	if (__atomic_load_n(&s->att_anon, __ATOMIC_RELAXED) >= 0)
		a->fd = store_att_anon(s);
	if (a->fd < 0) {
		__atomic_store_n(&s->att_anon, -1, __ATOMIC_RELAXED);
		if (att_open_named(a, err) < 0) {
			free(a);
			return NULL;
		}
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
		a->size += (uint64_t)n;
	}
	return 0;
}

static int
attachments_fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

/* More files than this are made durable with one syncfs(2) of the
   directory's file system rather than an fsync each: a batch of 100
   messages leaves some 300 files, and their fsyncs one by one cost more
   than the writing did. */
#define ATT_SYNCFS_MIN 16

/* syncfs(2) of att_dir's file system. Returns 0, or -1 with err set. */
static int
att_syncfs(struct store *s, struct err *err)
{
	int fd = open(s->att_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0 || syncfs(fd) < 0) {
		err_set(err, ERR_TEMP, "syncing %s: %s", s->att_dir,
			strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/* att_flush with att_lock held. */
static int
att_flush_locked(struct store *s, struct err *err)
{
	size_t i;
	int ret = 0;

	if (s->att_files.n + s->att_dirs.n > ATT_SYNCFS_MIN) {
		ret = att_syncfs(s, err);
		if (ret == 0) {
			strv_free(&s->att_files);
			strv_free(&s->att_dirs);
		}
		return ret;
	}
	for (i = 0; i < s->att_files.n && ret == 0; i++)
		if (attachments_fsync_path(s->att_files.v[i], O_RDONLY) < 0 &&
		    errno != ENOENT) {
			err_set(err, ERR_TEMP, "syncing %s: %s",
				s->att_files.v[i], strerror(errno));
			ret = -1;
		}
	for (i = 0; i < s->att_dirs.n && ret == 0; i++)
		if (attachments_fsync_path(s->att_dirs.v[i],
					   O_RDONLY | O_DIRECTORY) < 0) {
			err_set(err, ERR_TEMP, "syncing %s: %s",
				s->att_dirs.v[i], strerror(errno));
			ret = -1;
		}
	if (ret == 0) {
		strv_free(&s->att_files);
		strv_free(&s->att_dirs);
	}
	return ret;
}

/* Without the lock held during the syncfs (parse workers finishing
   files meanwhile would wait for it): the lists are taken first, and
   put back if the sync fails. */
int
att_flush(struct store *s, struct err *err)
{
	struct strv files, dirs;
	int ret;

	pthread_mutex_lock(&s->att_lock);
	if (s->att_files.n + s->att_dirs.n <= ATT_SYNCFS_MIN) {
		ret = att_flush_locked(s, err);
		pthread_mutex_unlock(&s->att_lock);
		return ret;
	}
	files = s->att_files;
	dirs = s->att_dirs;
	memset(&s->att_files, 0, sizeof(s->att_files));
	memset(&s->att_dirs, 0, sizeof(s->att_dirs));
	pthread_mutex_unlock(&s->att_lock);
	if ((ret = att_syncfs(s, err)) < 0) {
		pthread_mutex_lock(&s->att_lock);
		for (size_t i = 0; i < files.n; i++)
			strv_push_unique(&s->att_files, files.v[i]);
		for (size_t i = 0; i < dirs.n; i++)
			strv_push_unique(&s->att_dirs, dirs.v[i]);
		pthread_mutex_unlock(&s->att_lock);
	}
	strv_free(&files);
	strv_free(&dirs);
	return ret;
}

static int att_link(struct store_att *a, const char *path);

/* Links fd, an anonymous file of size bytes on att_dir's file system
   (the poller's spool), under sha: the raw bytes without a copy.
   Returns 1 when done, 0 when fd is no such file (copy it), -1 with err
   set. */
static int
att_adopt(struct store *s, int fd, const char *sha, uint64_t size,
	  struct err *err)
{
	struct store_att a = { s, NULL, size, fd, false };
	char *path, *dir = NULL;
	struct stat sb;
	int ret = 0;

	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_nlink != 0 ||
	    (uint64_t)sb.st_size != size)
		return 0;
	if ((path = store_att_path(s, sha)) == NULL) {
		err_set(err, ERR_FATAL, "bad message hash");
		return -1;
	}
	if (att_subdir(s, sha, &dir, err) < 0) {
		ret = -1;
	} else if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		   (uint64_t)sb.st_size == size) {
		ret = 1;	/* the same bytes are stored already */
	} else if (att_link(&a, path) == 0) {
		pthread_mutex_lock(&s->att_lock);
		strv_push_take(&s->att_files, path);
		path = NULL;
		strv_push_unique(&s->att_dirs, dir);
		ret = s->att_files.n >= ATT_SYNC_MAX ?
		      att_flush_locked(s, err) : 0;
		pthread_mutex_unlock(&s->att_lock);
		ret = ret < 0 ? -1 : 1;
	}	/* else not linkable (another file system, no /proc): copy */
	free(dir);
	free(path);
	return ret;
}

int
store_raw_put(struct store *s, int fd, const char *sha, uint64_t size,
	      struct err *err)
{
	struct store_att *a;
	char chunk[65536];
	uint64_t off = 0;
	ssize_t n;
	int rc;

	if ((rc = att_adopt(s, fd, sha, size, err)) != 0)
		return rc < 0 ? -1 : 0;
	if ((a = store_att_begin(s, err)) == NULL)
		return -1;
	while (off < size) {
		size_t want = size - off < sizeof(chunk) ?
			(size_t)(size - off) : sizeof(chunk);

		n = pread(fd, chunk, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_set(err, ERR_FATAL, "read spooled message: %s",
				n < 0 ? strerror(errno) : "short file");
			store_att_finish(a, sha, false, NULL);
			return -1;
		}
		if (store_att_write(a, chunk, (size_t)n, err) < 0) {
			store_att_finish(a, sha, false, NULL);
			return -1;
		}
		off += (uint64_t)n;
	}
	return store_att_finish(a, sha, true, err);
}

int
store_blob_ok(struct store *s, const char *sha, uint64_t size)
{
	char *path = store_att_path(s, sha);
	struct stat sb;
	int ok;

	ok = path != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	     (uint64_t)sb.st_size == size;
	free(path);
	return ok;
}

/* Makes sure att_dir/<ab> exists (remembered per prefix); the path of
   that directory into *dir_r (owned by the caller). Returns 0, or -1
   with err set. */
static int
att_subdir(struct store *s, const char *sha, char **dir_r, struct err *err)
{
	char ab_hex[3] = { sha[0], sha[1], '\0' };
	unsigned ab = (unsigned)strtoul(ab_hex, NULL, 16) & 0xff;
	bool known, made;

	*dir_r = xasprintf("%s/%.2s", s->att_dir, sha);
	pthread_mutex_lock(&s->att_lock);
	known = s->att_subdirs[ab];
	pthread_mutex_unlock(&s->att_lock);
	if (known)
		return 0;
	made = mkdir(*dir_r, 0750) == 0;
	if (!made && errno != EEXIST) {
		err_set(err, ERR_TEMP, "cannot create %s: %s", *dir_r,
			strerror(errno));
		return -1;
	}
	pthread_mutex_lock(&s->att_lock);
	if (made)
		strv_push_unique(&s->att_dirs, s->att_dir);
	s->att_subdirs[ab] = true;
	pthread_mutex_unlock(&s->att_lock);
	return 0;
}

/* Gives the anonymous file of a the name path (replacing a file there).
   Returns 0, or -1 with errno set. */
static int
att_link(struct store_att *a, const char *path)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", a->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	/* a short file under that name (a power loss): replace it */
	if (unlink(path) < 0 && errno != ENOENT)
		return -1;
	return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

/* When the anonymous file cannot be linked (no /proc): copies it into a
   named temporary file, which then takes its place in a. Returns 0, or
   -1 with err set. */
static int
att_to_named(struct store_att *a, struct err *err)
{
	char chunk[65536];
	int anon = a->fd;
	off_t off = 0;
	ssize_t n;

	if (att_open_named(a, err) < 0) {
		a->fd = anon;
		return -1;
	}
	while ((n = pread(anon, chunk, sizeof(chunk), off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(a->fd, chunk, (size_t)n) != n) {
			err_set(err, ERR_TEMP, "copying attachment: %s",
				strerror(errno));
			close(anon);
			return -1;
		}
		off += n;
	}
	close(anon);
	return 0;
}

int
store_att_finish(struct store_att *a, const char *sha, bool ok,
		 struct err *err)
{
	struct store *s;
	char *dir = NULL, *path = NULL;
	struct stat sb;
	int ret = -1;

	if (a == NULL)
		return 0;
	s = a->store;
	if (!ok || a->failed) {
		ret = 0;
		goto out;
	}
	if ((path = store_att_path(s, sha)) == NULL) {
		err_set(err, ERR_FATAL, "bad attachment hash");
		goto out;
	}
	if (att_subdir(s, sha, &dir, err) < 0)
		goto out;
	/* The same bytes already stored: keep that file, unless a power
	   loss before its flush left it short. */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size == a->size) {
		ret = 0;
		goto out;
	}
	if (a->tmp_path == NULL && att_link(a, path) < 0) {
		if (errno != ENOENT && errno != EPERM && errno != EACCES &&
		    errno != EXDEV && errno != ENOTDIR) {
			err_set(err, ERR_TEMP, "storing attachment: %s",
				strerror(errno));
			goto out;
		}
		/* no /proc: named files from now on */
		__atomic_store_n(&s->att_anon, -1, __ATOMIC_RELAXED);
		if (att_to_named(a, err) < 0)
			goto out;
	}
	if (close(a->fd) < 0) {
		a->fd = -1;
		err_set(err, ERR_TEMP, "writing attachment: %s",
			strerror(errno));
		goto out;
	}
	a->fd = -1;
	if (a->tmp_path != NULL && rename(a->tmp_path, path) < 0) {
		err_set(err, ERR_TEMP, "storing attachment: %s",
			strerror(errno));
		goto out;
	}
	free(a->tmp_path);
	a->tmp_path = NULL;
	pthread_mutex_lock(&s->att_lock);
	strv_push_take(&s->att_files, path);
	path = NULL;
	strv_push_unique(&s->att_dirs, dir);
	ret = s->att_files.n >= ATT_SYNC_MAX ? att_flush_locked(s, err) : 0;
	pthread_mutex_unlock(&s->att_lock);
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
