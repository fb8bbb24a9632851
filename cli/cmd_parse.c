/* cli/cmd_parse.c - reportgate parse [--stream ip|abuse] [--json]
   [-j N] FILE... (SPEC §6): parses each file ("-" is stdin) and prints
   its report as one JSON object a line, in the order of the files. Many
   files are shared out among N worker processes (one per CPU by
   default), which hand their lines back through pipes. Touches no store
   and sends nothing. With or without --json the output is the same
   one-line JSON object per file (--json is accepted for the contract's
   sake). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"
#include "common/report.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "parsers/setup.h"
#include "parsers/parser.h"

/* Worker processes at most; a worker's share of files at least. */
#define PARSE_JOBS_MAX 16
#define PARSE_FILES_PER_JOB 8

static void
cmd_parse_usage(FILE *f)
{
	fprintf(f, "usage: reportgate parse [--stream ip|abuse] [--json] "
		"FILE...\n"
		"Parses each mail file (- for standard input) and prints "
		"one JSON report a line.\n"
		"  --stream S   the mailbox stream the mail came from "
		"(ip, the default, or abuse)\n"
		"  --json       one JSON object per line (the only output "
		"form)\n"
		"  --jobs N     worker processes for many files (default: "
		"one per CPU, at most %d)\n"
		"  --help       this text\n"
		"Exit status: 0 every file was read, 1 a file could not be "
		"read, 2 bad usage.\n", PARSE_JOBS_MAX);
}

/* Parses one file and appends its report line (ending in a newline) to
   line. Returns 0, or -1 when the file cannot be read (reported on
   stderr). */
static int
cmd_parse_one(const char *path, const struct parser_cfg *cfg,
	      struct buf *line)
{
	struct report *r = NULL;
	struct err err;
	int fd, ret = -1;

	err_clear(&err);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			fprintf(stderr, "reportgate parse: %s: %s\n", path,
				strerror(errno));
			return -1;
		}
	}
	if (parser_parse_fd(fd, cfg, &r, &err) < 0) {
		fprintf(stderr, "reportgate parse: %s: %s\n", path, err.msg);
		goto out;
	}
	r->file = xstrdup(path);
	report_to_json(r, line);
	buf_putc(line, '\n');
	ret = 0;
out:
	report_free(&r);
	if (fd != STDIN_FILENO)
		close(fd);
	return ret;
}

/* A worker: parses files[k], files[k + jobs], ... and writes to wfd, for
   each, '0' and its report line, or "1\n" when it could not be read.
   Never returns. */
__attribute__((noreturn)) static void
cmd_parse_worker(char **files, int n, int k, int jobs,
		 const struct parser_cfg *cfg, int wfd)
{
	FILE *out = fdopen(wfd, "w");
	struct buf line;

	if (out == NULL)
		_exit(1);
	buf_init(&line, 0);
	for (int i = k; i < n; i += jobs) {
		buf_reset(&line);
		if (cmd_parse_one(files[i], cfg, &line) == 0) {
			fputc('0', out);
			fwrite(line.data, 1, line.len, out);
		} else {
			fputs("1\n", out);
		}
		if (fflush(out) != 0)
			_exit(1);
	}
	buf_free(&line);
	_exit(fclose(out) == 0 ? 0 : 1);
}

/* Copies the next record of a worker (see cmd_parse_worker) to stdout.
   Returns 0, or -1 when the file was not read or the worker died. */
static int
cmd_parse_relay(FILE *in)
{
	int kind = getc(in), c;

	while ((c = getc(in)) != EOF && c != '\n')
		if (kind == '0')
			putchar(c);
	if (kind != '0' || c == EOF)
		return -1;
	putchar('\n');
	return 0;
}

/* Parses files[0..n) in jobs worker processes and prints the reports in
   the order of the files. Returns the exit status. */
static int
cmd_parse_parallel(char **files, int n, int jobs, const struct parser_cfg *cfg)
{
	FILE *in[PARSE_JOBS_MAX] = { NULL };
	pid_t pid[PARSE_JOBS_MAX];
	int status = 0, started = 0;

	fflush(stdout);
	fflush(stderr);
	for (int k = 0; k < jobs; k++) {
		int fds[2];

		if (pipe(fds) < 0)
			break;
		pid[k] = fork();
		if (pid[k] == 0) {
			close(fds[0]);
			for (int j = 0; j < k; j++)
				fclose(in[j]);
			cmd_parse_worker(files, n, k, jobs, cfg, fds[1]);
		}
		close(fds[1]);
		if (pid[k] < 0) {
			close(fds[0]);
			break;
		}
		in[k] = fdopen(fds[0], "r");
		started++;
	}
	if (started < jobs) {
		fprintf(stderr, "reportgate parse: cannot start workers: %s\n",
			strerror(errno));
		for (int k = 0; k < started; k++) {
			kill(pid[k], SIGTERM);
			fclose(in[k]);
			waitpid(pid[k], NULL, 0);
		}
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (cmd_parse_relay(in[i % jobs]) < 0)
			status = 1;
	fflush(stdout);
	for (int k = 0; k < jobs; k++) {
		int ws = 0;

		fclose(in[k]);
		if (waitpid(pid[k], &ws, 0) < 0 || !WIFEXITED(ws) ||
		    WEXITSTATUS(ws) != 0) {
			fprintf(stderr, "reportgate parse: worker %d failed\n",
				k + 1);
			status = 1;
		}
	}
	return status;
}

/* How many workers for n files: jobs_opt when given (>= 1), else one
   per CPU; never more than n / PARSE_FILES_PER_JOB (small runs stay in
   one process), nor PARSE_JOBS_MAX; 1 when a file is standard input. */
static int
cmd_parse_jobs(char **files, int n, long jobs_opt)
{
	long jobs = jobs_opt > 0 ? jobs_opt : sysconf(_SC_NPROCESSORS_ONLN);

	for (int i = 0; i < n; i++)
		if (strcmp(files[i], "-") == 0)
			return 1;
	if (jobs_opt <= 0 && jobs > n / PARSE_FILES_PER_JOB)
		jobs = n / PARSE_FILES_PER_JOB;
	if (jobs > n)
		jobs = n;
	if (jobs > PARSE_JOBS_MAX)
		jobs = PARSE_JOBS_MAX;
	return jobs < 1 ? 1 : (int)jobs;
}

int
cmd_parse(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
		{ "stream", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct parser_cfg cfg;
	struct parser_rules *rules = NULL;
	struct config *conf;
	struct err err = { ERR_NONE, "" };
	enum report_stream stream = STREAM_IP;
	long jobs_opt = 0;
	char *end;
	int c, jobs, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (report_stream_parse(optarg, &stream) < 0) {
				fprintf(stderr, "reportgate parse: unknown "
					"stream '%s' (ip or abuse)\n", optarg);
				return 2;
			}
			break;
		case 'j':
			break;
		case 'J':
			errno = 0;
			jobs_opt = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    jobs_opt < 1 || jobs_opt > PARSE_JOBS_MAX) {
				fprintf(stderr, "reportgate parse: --jobs "
					"wants 1 to %d\n", PARSE_JOBS_MAX);
				return 2;
			}
			break;
		case 'h':
			cmd_parse_usage(stdout);
			return 0;
		default:
			cmd_parse_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		cmd_parse_usage(stderr);
		return 2;
	}
	/* the marketplace, prefixes, limits and rules of the configuration
	   (the defaults when no file is given and /etc has none); GMime is
	   initialised once for the process in main.c */
	conf = config_load(g->config_path, &err);
	if (conf == NULL) {
		fprintf(stderr, "reportgate parse: %s\n", err.msg);
		return 1;
	}
	if (setup_parser_cfg(conf, &cfg, &rules, &err) < 0) {
		fprintf(stderr, "reportgate parse: %s\n", err.msg);
		config_free(&conf);
		return 1;
	}
	cfg.stream = stream;
	jobs = cmd_parse_jobs(argv + optind, argc - optind, jobs_opt);
	if (jobs > 1)
		status = cmd_parse_parallel(argv + optind, argc - optind, jobs,
					    &cfg);
	if (jobs <= 1 || status < 0) {
		struct buf line;

		status = 0;
		buf_init(&line, 0);
		for (int i = optind; i < argc; i++) {
			buf_reset(&line);
			if (cmd_parse_one(argv[i], &cfg, &line) < 0)
				status = 1;
			fwrite(line.data, 1, line.len, stdout);
			fflush(stdout);
		}
		buf_free(&line);
	}
	parser_cfg_clear(&cfg);
	parser_rules_free(&rules);
	config_free(&conf);
	return status;
}
