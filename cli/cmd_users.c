/* cli/cmd_users.c - reportgate users (SPEC §8): the staff accounts of the
   web console. users add NAME --role ROLE, users passwd NAME, users
   disable NAME, users enable NAME, users list [--json]. A password is
   read from standard input: asked twice without echo on a terminal,
   the first line of a pipe otherwise; it is stored only as an argon2id
   hash. Exit 0 done, 1 failure explained, 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/wallclock.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "console/auth.h"
#include "store/store.h"

/* The shortest password accepted. */
#define USERS_PASSWORD_MIN 8

static void
users_usage(FILE *f)
{
	fprintf(f, "usage: reportgate users add NAME --role "
		"viewer|reviewer|decider|admin\n"
		"       reportgate users passwd NAME\n"
		"       reportgate users disable NAME\n"
		"       reportgate users enable NAME\n"
		"       reportgate users list [--json]\n\n"
		"Staff accounts of the web console (reportgate serve). The\n"
		"password is read from standard input: twice, without echo, on a\n"
		"terminal; the first line otherwise. At least %d bytes.\n"
		"Roles: viewer reads; reviewer also notes, asks for information\n"
		"or evidence and assigns; decider also accepts, rejects, acts and\n"
		"closes; admin also manages accounts.\n", USERS_PASSWORD_MIN);
}

/* Reads one line of at most AUTH_PASSWORD_MAX bytes from stdin into out
   (AUTH_PASSWORD_MAX + 2 bytes), without its newline; on a terminal
   prompt is shown and echo is off. Returns 0, or -1 at end of input or
   when the line is too long. */
static int
users_read_line(const char *prompt, bool tty, char *out)
{
	struct termios old, quiet;
	bool restore = false;
	size_t n;
	char *r;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	r = fgets(out, AUTH_PASSWORD_MAX + 2, stdin);
	if (restore) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (r == NULL)
		return -1;
	n = strlen(out);
	if (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (n > AUTH_PASSWORD_MAX)
		return -1;
	if (n > 0 && out[n - 1] == '\r')
		out[--n] = '\0';
	return 0;
}

/* Reads the new password and hashes it into hash (AUTH_HASH_MAX bytes).
   Returns 0, or -1 after saying why. */
static int
users_password(char *hash)
{
	char p1[AUTH_PASSWORD_MAX + 2], p2[AUTH_PASSWORD_MAX + 2];
	bool tty = isatty(STDIN_FILENO) == 1;
	int ret = -1;

	if (users_read_line("Password: ", tty, p1) < 0) {
		fprintf(stderr, "reportgate users: no password on standard "
			"input (or longer than %d bytes)\n", AUTH_PASSWORD_MAX);
		goto out;
	}
	if (tty && (users_read_line("Again: ", tty, p2) < 0 ||
		    strcmp(p1, p2) != 0)) {
		fprintf(stderr, "reportgate users: the two passwords differ\n");
		goto out;
	}
	if (strlen(p1) < USERS_PASSWORD_MIN) {
		fprintf(stderr, "reportgate users: the password must have at "
			"least %d bytes\n", USERS_PASSWORD_MIN);
		goto out;
	}
	if (auth_hash(p1, hash) < 0) {
		fprintf(stderr, "reportgate users: out of memory hashing the "
			"password\n");
		goto out;
	}
	ret = 0;
out:
	explicit_bzero(p1, sizeof(p1));
	explicit_bzero(p2, sizeof(p2));
	return ret;
}

/* users list: one account a line, or a JSON array. */
static int
users_list(struct store *s, bool as_json)
{
	struct store_account *v = NULL;
	struct json j;
	struct buf b;
	struct err err;
	size_t n = 0, i;
	time_t now = wallclock_now();

	err_clear(&err);
	if (store_account_list(s, &v, &n, &err) < 0) {
		fprintf(stderr, "reportgate users: %s\n", err.msg);
		return 1;
	}
	if (as_json) {
		buf_init(&b, 0);
		json_init(&j, &b);
		json_begin_array(&j);
		for (i = 0; i < n; i++) {
			json_begin_object(&j);
			json_kv_string(&j, "name", v[i].name);
			json_kv_string(&j, "role", v[i].role);
			json_kv_bool(&j, "disabled", v[i].disabled);
			json_kv_bool(&j, "locked", v[i].locked_until > now);
			json_kv_int(&j, "created", v[i].created);
			json_end_object(&j);
		}
		json_end_array(&j);
		printf("%s\n", buf_str(&b));
		buf_free(&b);
	} else {
		for (i = 0; i < n; i++)
			printf("%s\t%s%s%s\n", v[i].name, v[i].role,
			       v[i].disabled ? "\tdisabled" : "",
			       v[i].locked_until > now ? "\tlocked" : "");
	}
	store_accounts_free(v, n);
	return 0;
}

/* Runs verb on account name. Returns the exit status. */
static int
users_change(struct store *s, const char *verb, const char *name,
	     const char *role)
{
	char hash[AUTH_HASH_MAX];
	struct err err;
	int rc;

	err_clear(&err);
	if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		if (users_password(hash) < 0)
			return 1;
		if (strcmp(verb, "add") == 0)
			rc = store_account_add(s, name, role, hash,
					       wallclock_now(), &err);
		else
			rc = store_account_set_password(s, name, hash, &err);
		explicit_bzero(hash, sizeof(hash));
	} else {
		rc = store_account_set_disabled(s, name,
						strcmp(verb, "disable") == 0,
						&err);
	}
	if (rc < 0) {
		fprintf(stderr, "reportgate users: %s\n", err.msg);
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "reportgate users: %s: %s\n", name,
			strcmp(verb, "add") == 0 ? "the name is taken" :
			"no such account");
		return 1;
	}
	printf("%s: %s\n", name, strcmp(verb, "add") == 0 ? "added" :
	       strcmp(verb, "passwd") == 0 ? "new password (its sessions "
	       "ended)" : strcmp(verb, "disable") == 0 ? "disabled (its "
	       "sessions ended)" : "enabled");
	return 0;
}

int
cmd_users(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *verb, *name = NULL, *role = NULL;
	struct config *cfg = NULL;
	struct store *s = NULL;
	bool as_json = false;
	struct err err;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'j': as_json = true; break;
		case 'h': users_usage(stdout); return 0;
		default: users_usage(stderr); return 2;
		}
	}
	if (optind >= argc)
		goto usage;
	verb = argv[optind++];
	if (strcmp(verb, "list") == 0) {
		if (optind != argc || role != NULL)
			goto usage;
	} else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0 ||
		   strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		if (optind + 1 != argc || as_json ||
		    (strcmp(verb, "add") == 0) != (role != NULL))
			goto usage;
		name = argv[optind];
		if (!auth_name_ok(name)) {
			fprintf(stderr, "reportgate users: an account name is 1 "
				"to %d of a-z A-Z 0-9 . _ @ -, starting with a "
				"letter or digit\n", AUTH_NAME_MAX);
			return 2;
		}
		if (role != NULL && auth_role_parse(role) == ROLE_NONE) {
			fprintf(stderr, "reportgate users: the role is viewer, "
				"reviewer, decider or admin\n");
			return 2;
		}
	} else {
		goto usage;
	}
	if (auth_init() < 0) {
		fprintf(stderr, "reportgate users: libsodium cannot be "
			"initialised\n");
		return 1;
	}
	err_clear(&err);
	if ((cfg = config_load(g->config_path, &err)) == NULL) {
		fprintf(stderr, "reportgate users: %s\n", err.msg);
		return 1;
	}
	if ((s = store_open_group(cfg->store_path, cfg->attachments_dir,
				  cfg->store_group, &err)) == NULL) {
		fprintf(stderr, "reportgate users: %s\n", err.msg);
		goto out;
	}
	ret = name == NULL ? users_list(s, as_json) :
	      users_change(s, verb, name, role);
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
usage:
	users_usage(stderr);
	return 2;
}
