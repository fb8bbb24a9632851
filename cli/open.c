/* cli/open.c - the configuration and the store, opened for a command. */
#include <stddef.h>

#include "cli/open.h"

void
cli_explain_defaults(const struct config *cfg, struct err *err)
{
	struct err e;

	if (cfg == NULL || cfg->path != NULL)
		return;
	e = *err;
	err_set(err, e.class, "no configuration file: looked for %s (none "
		"there; name one with --config FILE or $REPORTGATE_CONFIG); "
		"with the built-in defaults: %s", CONFIG_DEFAULT_PATH, e.msg);
}

int
cli_open(const struct global_opts *g, struct config **cfg_r,
	 struct store **store_r, struct err *err)
{
	*store_r = NULL;
	if ((*cfg_r = config_load(g->config_path, err)) == NULL)
		return -1;
	*store_r = store_open_group((*cfg_r)->store_path,
				    (*cfg_r)->attachments_dir,
				    (*cfg_r)->store_group, err);
	if (*store_r == NULL) {
		cli_explain_defaults(*cfg_r, err);
		config_free(cfg_r);
		return -1;
	}
	return 0;
}
