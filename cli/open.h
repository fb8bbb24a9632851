/* cli/open.h - how every command that works on the store starts: the
   configuration, then the store, and when there is no configuration
   file, an error that says which file was looked for. */
#ifndef RG_CLI_OPEN_H
#define RG_CLI_OPEN_H

#include "common/err.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "store/store.h"

/* Loads the configuration g names (config_load) and opens its store.
   Returns 0 with *cfg_r and *store_r owned by the caller (config_free,
   store_close), or -1 with err set and both NULL. */
int cli_open(const struct global_opts *g, struct config **cfg_r,
	     struct store **store_r, struct err *err);

/* When cfg holds only the built-in defaults (no configuration file was
   found), rewrites err to lead with that: "no configuration file: looked
   for /etc/reportgate/reportgate.conf (...); with the built-in defaults:
   " and err's own message.
   Leaves err alone when cfg came from a file. */
void cli_explain_defaults(const struct config *cfg, struct err *err);

#endif
