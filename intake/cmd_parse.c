/* intake/cmd_parse.c - reportgate parse [--stream ip|abuse] [--json]
   FILE... (SPEC 6): parses each file ("-" is stdin) and prints its
   report as one JSON object a line. Touches no store and sends nothing.
   With or without --json the output is the same one-line JSON object per
   file (--json is accepted for the contract's sake). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"
#include "common/report.h"
#include "intake/commands.h"
#include "intake/config.h"
#include "intake/setup.h"
#include "parsers/parser.h"

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
		"  --help       this text\n"
		"Exit status: 0 every file was read, 1 a file could not be "
		"read, 2 bad usage.\n");
}

/* Parses one file and prints its report. Returns 0, or -1 when the file
   cannot be read (reported on stderr). */
static int
cmd_parse_one(const char *path, const struct parser_cfg *cfg)
{
	struct report *r = NULL;
	struct err err;
	struct buf out;
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
	buf_init(&out, 0);
	report_to_json(r, &out);
	buf_putc(&out, '\n');
	fwrite(out.data, 1, out.len, stdout);
	fflush(stdout);
	buf_free(&out);
	ret = 0;
out:
	report_free(&r);
	if (fd != STDIN_FILENO)
		close(fd);
	return ret;
}

int
cmd_parse(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
		{ "stream", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct parser_cfg cfg;
	struct parser_rules *rules = NULL;
	struct config *conf;
	struct err err = { ERR_NONE, "" };
	enum report_stream stream = STREAM_IP;
	int c, status = 0;

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
	for (int i = optind; i < argc; i++)
		if (cmd_parse_one(argv[i], &cfg) < 0)
			status = 1;
	parser_cfg_clear(&cfg);
	parser_rules_free(&rules);
	config_free(&conf);
	return status;
}
