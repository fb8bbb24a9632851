/* bench/rss.c - runs a command and reports its wall time and peak RSS
   (ru_maxrss of the child and every descendant it waited for), so
   bench/run.sh needs no /usr/bin/time. Appends one line
   "wall=SECONDS cpu=SECONDS maxrss_kb=KB status=N" (cpu = user + system
   time) to OUT (or stderr) and exits with the command's status
   (128+signal when killed).

   Usage: rss [-o OUT] COMMAND [ARG...] */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char *out = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	int status, code, argi = 1;
	pid_t pid;
	FILE *f;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		argi = 3;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: rss [-o OUT] COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("rss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "rss: %s: %s\n", argv[argi], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("rss: wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	f = out != NULL ? fopen(out, "a") : stderr;
	if (f == NULL) {
		perror("rss: open output");
		return 2;
	}
	fprintf(f, "wall=%.3f cpu=%.3f maxrss_kb=%ld status=%d\n",
		(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
				1e6,
		ru.ru_maxrss, code);
	if (f != stderr)
		fclose(f);
	return code;
}
