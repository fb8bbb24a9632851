/* tests/unit/test-store-files.c - a database shared with a group
   ([store] group, store_open_group): the database, its WAL and SHM are
   that group's with mode 0640 whatever the umask, a group that does not
   exist is refused, and without a group they stay 0600. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/mem.h"
#include "../../store/store.h"
#include "../lib/testlib.h"

static char tmpdir[64];

/* The mode bits of path (and its group in *gid), or -1. */
static int
t_mode(const char *path, long *gid)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	*gid = (long)sb.st_gid;
	return (int)(sb.st_mode & 07777);
}

/* A group to share with that is not the process's own when it can be
   (root: "adm" or another system group), else the process's group. */
static const struct group *
t_group(void)
{
	static const char *const names[] = { "adm", "sys", "daemon", "bin" };
	const struct group *g;

	if (getuid() == 0)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if ((g = getgrnam(names[i])) != NULL &&
			    g->gr_gid != getgid())
				return g;
	return getgrgid(getgid());
}

int
main(void)
{
	const struct group *g;
	struct store *s;
	struct err err;
	char *p, *wal, *shm, *att, *name;
	long gp = -1, gw = -1, gs = -1;
	mode_t old;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-storefiles-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	p = xasprintf("%s/rg.db", tmpdir);
	wal = xasprintf("%s-wal", p);
	shm = xasprintf("%s-shm", p);
	att = xasprintf("%s/att", tmpdir);
	test_begin("[store] group");
	g = t_group();
	test_ok(g != NULL, "a group to share with");
	if (g == NULL)
		return test_done();
	name = xstrdup(g->gr_name);
	err_clear(&err);
	old = umask(022);
	s = store_open_group(p, att, name, &err);
	umask(old);
	test_ok(s != NULL, "opens with group %s (%s)", name, err.msg);
	test_ok(t_mode(p, &gp) == 0640 && t_mode(wal, &gw) == 0640 &&
		t_mode(shm, &gs) == 0640, "under umask 022 the database, "
		"WAL and SHM are 0640");
	test_ok(gp == (long)getgrnam(name)->gr_gid && gw == gp && gs == gp,
		"and the group's (%ld %ld %ld)", gp, gw, gs);
	store_close(&s);
	chmod(p, 0600);
	s = store_open_group(p, att, name, &err);
	test_ok(s != NULL && t_mode(p, &gp) == 0640,
		"an existing 0600 database is opened to the group");
	store_close(&s);
	s = store_open_group(p, att, "no-such-group-rg", &err);
	test_ok(s == NULL && strstr(err.msg, "no group") != NULL,
		"a group that does not exist: refused (%s)", err.msg);
	store_close(&s);
	unlink(p);
	unlink(wal);
	unlink(shm);
	s = store_open_group(p, att, NULL, &err);
	test_ok(s != NULL && t_mode(p, &gp) == 0600 &&
		t_mode(wal, &gw) == 0600, "without a group: 0600");
	store_close(&s);
	free(name);
	free(p);
	free(wal);
	free(shm);
	free(att);
	return test_done_rmdir(tmpdir);
}
