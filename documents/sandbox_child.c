/* documents/sandbox_child.c - the child confines itself before it reads
   the document: rlimits (CPU seconds, address space, no files written,
   no core dumps, few descriptors), a Landlock ruleset where the kernel
   has Landlock, and a seccomp filter (libseccomp).

   The filter allows what the readers need: receiving documents (memory
   files) on fd 0 with recvmsg, mapping and reading them, writing records
   to fd 1, memory, signals, time, futexes. Opening
   files answers EPERM (the document is the only file the child has),
   with one exception: when the kernel enforces Landlock, the ruleset
   allows reading files under SANDBOX_READ_DIR only (poppler's CMaps and
   character tables, which it opens lazily when a PDF uses a CJK font it
   does not embed), and the filter then allows openat for reading only
   (no O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_PATH): Landlock judges the
   path, seccomp the flags. Without Landlock nothing is opened and such
   text stays unread. Starting programs or processes, sockets and ptrace
   kill the child (SIGSYS), which the parent reports. Everything else
   answers EPERM. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/sanitizer.h"
#include "documents/doc-int.h"

static int
sandbox_limit(int what, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	return setrlimit(what, &rl);
}

/* Address space for a document of at most max_bytes: the libraries'
   mappings, the document itself and room for the readers' data. */
static rlim_t
sandbox_as(uint64_t max_bytes)
{
	uint64_t as = (UINT64_C(512) << 20) + 16 * max_bytes;

	return as > (UINT64_C(4) << 30) ? (rlim_t)(UINT64_C(4) << 30)
					 : (rlim_t)as;
}

#ifndef SANDBOX_READ_DIR
#define SANDBOX_READ_DIR "/usr/share/poppler"	/* poppler-data */
#endif

/* Every file system right of Landlock's first ABI: all are handled, so
   all are refused but those a rule grants. */
#define SANDBOX_LL_ALL ((UINT64_C(1) << 13) - 1)

/* Restricts the process, with Landlock, to reading files and listing
   directories under dir. Returns 0, or -1 when the kernel has no
   Landlock (or dir does not exist): then nothing is restricted by it. */
static int
sandbox_landlock(const char *dir)
{
	struct landlock_ruleset_attr ra = { .handled_access_fs =
					    SANDBOX_LL_ALL };
	struct landlock_path_beneath_attr pb = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE |
				  LANDLOCK_ACCESS_FS_READ_DIR,
	};
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);
	int rs, rc = -1;

	if (abi < 1)
		return -1;
	rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0);
	if (rs < 0)
		return -1;
	pb.parent_fd = open(dir, O_PATH | O_CLOEXEC | O_DIRECTORY);
	if (pb.parent_fd >= 0 &&
	    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0) == 0 &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	    syscall(SYS_landlock_restrict_self, rs, 0) == 0)
		rc = 0;
	if (pb.parent_fd >= 0)
		close(pb.parent_fd);
	close(rs);
	return rc;
}

int
sandbox_confine(unsigned seconds, uint64_t max_bytes)
{
	static const int allow[] = {
		SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv),
		SCMP_SYS(writev), SCMP_SYS(pread64), SCMP_SYS(lseek),
		SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(close),
		SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
		SCMP_SYS(mprotect), SCMP_SYS(brk), SCMP_SYS(madvise),
		SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack),
		SCMP_SYS(futex), SCMP_SYS(clock_gettime),
		SCMP_SYS(gettimeofday), SCMP_SYS(getrandom),
		SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(exit),
		SCMP_SYS(exit_group), SCMP_SYS(sched_yield),
		SCMP_SYS(fcntl),
	};
	static const int kill[] = {
		SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(fork),
		SCMP_SYS(vfork), SCMP_SYS(socket), SCMP_SYS(socketpair),
		SCMP_SYS(connect), SCMP_SYS(ptrace), SCMP_SYS(process_vm_writev),
		SCMP_SYS(process_vm_readv),
	};
	scmp_filter_ctx f;
	pid_t self = getpid();
	int rc = 0;

#if !RG_ASAN	/* ASan reserves terabytes of shadow */
	if (sandbox_limit(RLIMIT_AS, sandbox_as(max_bytes),
			  sandbox_as(max_bytes)) < 0)
		return -1;
#else
	(void)max_bytes;
	(void)sandbox_as;
#endif
	if (sandbox_limit(RLIMIT_CPU, seconds, seconds + 1) < 0 ||
	    sandbox_limit(RLIMIT_FSIZE, 0, 0) < 0 ||
	    sandbox_limit(RLIMIT_CORE, 0, 0) < 0 ||
	    sandbox_limit(RLIMIT_NOFILE, 8, 8) < 0)
		return -1;
	f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (f == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(allow) / sizeof(allow[0]) && rc == 0;
	     i++)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, allow[i], 0);
	for (size_t i = 0; i < sizeof(kill) / sizeof(kill[0]) && rc == 0;
	     i++)
		rc = seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, kill[i], 0);
	/* signals to itself only: abort() raises SIGABRT with tgkill */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
				      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self, 0));
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
				      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self, 0));
	/* the next document, with its memory file, on fd 0 only */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(recvmsg), 1,
				      SCMP_A0(SCMP_CMP_EQ, 0, 0));
	/* read-only opens, for the paths Landlock allows */
	if (rc == 0 && sandbox_landlock(SANDBOX_READ_DIR) == 0) {
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ,
					      (scmp_datum_t)(O_ACCMODE | O_CREAT |
							     O_TRUNC | O_APPEND |
							     O_PATH),
					      0));
		/* poppler lists the CMap directories */
		if (rc == 0)
			rc = seccomp_rule_add(f, SCMP_ACT_ALLOW,
					      SCMP_SYS(getdents64), 0);
	}
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc == 0 ? 0 : -1;
}
