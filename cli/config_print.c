/* cli/config_print.c - writes the effective configuration as INI
   (reportgate check-config): every key of the table in order, inline
   secrets masked, and a comment under each file the service will read
   saying whether this process can read it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/mem.h"
#include "cli/config-int.h"

#define CONFIG_MASK "********"

/* Returns a copy of url with the password of "user:password@" masked. */
static char *
config_print_mask_url(const char *url)
{
	const char *auth = strstr(url, "://"), *at, *colon;
	size_t hostpart;

	if (auth == NULL)
		return xstrdup(url);
	auth += 3;
	hostpart = strcspn(auth, "/?#");
	at = memchr(auth, '@', hostpart);
	if (at == NULL)
		return xstrdup(url);
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon == NULL)
		return xstrdup(url);
	return xasprintf("%.*s%s%s", (int)(colon + 1 - url), url, CONFIG_MASK,
			 at);
}

/* True when v, written bare, would not read back as itself. */
static bool
config_print_needs_quotes(const char *v)
{
	size_t n = strlen(v);

	if (n == 0)
		return false;
	if (v[0] == ' ' || v[0] == '\t' || v[0] == '#' || v[0] == ';' ||
	    v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    (n >= 2 && v[0] == '"' && v[n - 1] == '"'))
		return true;
	for (size_t i = 1; i < n; i++)
		if ((v[i] == '#' || v[i] == ';') &&
		    (v[i - 1] == ' ' || v[i - 1] == '\t'))
			return true;
	return false;
}

/* Writes a comment saying whether the file or directory path can be
   read; for a secret file also whether others may read it. */
static void
config_print_access(FILE *f, const struct config_key *key, const char *path)
{
	struct stat st;
	int mode = key->type == CONFIG_DIR ? R_OK | X_OK : R_OK;

	if (stat(path, &st) < 0 || access(path, mode) < 0) {
		fprintf(f, "# not readable: %s\n", strerror(errno));
		return;
	}
	if (key->type == CONFIG_DIR && !S_ISDIR(st.st_mode)) {
		fprintf(f, "# not a directory\n");
		return;
	}
	if (key->type != CONFIG_DIR && !S_ISREG(st.st_mode)) {
		fprintf(f, "# not a regular file\n");
		return;
	}
	if (key->type == CONFIG_SECRET_FILE &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		fprintf(f, "# readable; warning: mode %04o lets group or others "
			"in (chmod 600)\n", (unsigned)(st.st_mode & 07777));
		return;
	}
	fprintf(f, "# readable\n");
}

static void
config_print_key(FILE *f, const struct config_key *key, const void *base)
{
	char *v = config_key_format(key, base), *shown;

	if (key->mask == CONFIG_MASK_ALL && *v != '\0')
		shown = xstrdup(CONFIG_MASK);
	else if (key->mask == CONFIG_MASK_URL)
		shown = config_print_mask_url(v);
	else
		shown = xstrdup(v);
	if (config_print_needs_quotes(shown))
		fprintf(f, "%s = \"%s\"\n", key->key, shown);
	else
		fprintf(f, "%s%s%s\n", key->key, *shown ? " = " : " =", shown);
	if (*v != '\0' && (key->type == CONFIG_FILE ||
			   key->type == CONFIG_SECRET_FILE ||
			   key->type == CONFIG_DIR))
		config_print_access(f, key, v);
	free(shown);
	free(v);
}

static void
config_print_mailboxes(FILE *f, const struct config *cfg)
{
	if (cfg->n_mailboxes == 0)
		fprintf(f, "\n# no [mailbox NAME] group: poll has no folder "
			"to watch\n");
	for (size_t i = 0; i < cfg->n_mailboxes; i++) {
		fprintf(f, "\n[%s %s]\n", CONFIG_GROUP_MAILBOX,
			cfg->mailboxes[i].name);
		for (const struct config_key *k = config_keys; k->group; k++)
			if (strcmp(k->group, CONFIG_GROUP_MAILBOX) == 0)
				config_print_key(f, k, &cfg->mailboxes[i]);
	}
}

void
config_print(const struct config *cfg, void *file)
{
	FILE *f = file;
	const char *group = NULL;
	bool mailboxes_done = false;

	fprintf(f, "# reportgate: effective configuration, from %s\n",
		cfg->path ? cfg->path : "the built-in defaults (no file)");
	for (const struct config_key *k = config_keys; k->group; k++) {
		if (strcmp(k->group, CONFIG_GROUP_MAILBOX) == 0) {
			if (!mailboxes_done)
				config_print_mailboxes(f, cfg);
			mailboxes_done = true;
			group = k->group;
			continue;
		}
		if (group == NULL || strcmp(group, k->group) != 0)
			fprintf(f, "\n[%s]\n", k->group);
		group = k->group;
		config_print_key(f, k, cfg);
	}
}
