/* intake/config-stub.c - TEMPORARY stand-in for config.c (written in
   parallel), removed at merge. Reads only [store] path/attachments_dir,
   [intake] case_prefix_ip/case_prefix_abuse and [limits]
   max_message_bytes; everything else keeps its default. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "intake/config.h"

static void
config_stub_str(GKeyFile *kf, const char *group, const char *key, char **dst)
{
	gchar *v = g_key_file_get_string(kf, group, key, NULL);

	if (v != NULL) {
		g_strstrip(v);
		free(*dst);
		*dst = xstrdup(v);
		g_free(v);
	}
}

struct config *
config_load(const char *path, struct err *err)
{
	struct config *c = xcalloc(1, sizeof(*c));
	const char *env = getenv("REPORTGATE_CONFIG");
	GKeyFile *kf;
	GError *gerr = NULL;
	gchar *v;

	c->store_path = xstrdup(getenv("REPORTGATE_DB") ?
				getenv("REPORTGATE_DB") : "reportgate.db");
	c->attachments_dir = xasprintf("%s.attachments", c->store_path);
	c->case_prefix_ip = xstrdup("IPR");
	c->case_prefix_abuse = xstrdup("ABR");
	c->language = xstrdup("en");
	c->max_message_bytes = 64ull << 20;
	if (path == NULL && env != NULL && *env)
		path = env;
	if (path == NULL)
		return c;
	c->path = xstrdup(path);
	kf = g_key_file_new();
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
		err_set(err, ERR_FATAL, "%s: %s", path, gerr->message);
		g_error_free(gerr);
		g_key_file_free(kf);
		config_free(&c);
		return NULL;
	}
	config_stub_str(kf, "store", "path", &c->store_path);
	config_stub_str(kf, "store", "attachments_dir", &c->attachments_dir);
	config_stub_str(kf, "intake", "case_prefix_ip", &c->case_prefix_ip);
	config_stub_str(kf, "intake", "case_prefix_abuse",
			&c->case_prefix_abuse);
	if ((v = g_key_file_get_string(kf, "limits", "max_message_bytes",
				       NULL)) != NULL) {
		c->max_message_bytes = strtoull(v, NULL, 10);
		g_free(v);
	}
	g_key_file_free(kf);
	return c;
}

void
config_free(struct config **cp)
{
	struct config *c;

	if (cp == NULL || *cp == NULL)
		return;
	c = *cp;
	free(c->path);
	free(c->store_path);
	free(c->attachments_dir);
	free(c->case_prefix_ip);
	free(c->case_prefix_abuse);
	free(c->language);
	free(c);
	*cp = NULL;
}
