/* cli/config.h - reading and printing the configuration file (GLib's
   GKeyFile); the settings themselves are struct config (common/config.h). */
#ifndef RG_CLI_CONFIG_H
#define RG_CLI_CONFIG_H

#include <stdbool.h>
#include "common/config.h"
#include "common/err.h"

/* Where the configuration is looked for when no path is given. */
#define CONFIG_DEFAULT_PATH "/etc/reportgate/reportgate.conf"
/* The largest configuration file read, in bytes. */
#define CONFIG_FILE_MAX (1024 * 1024)

/* Reads path (NULL: $REPORTGATE_CONFIG, then /etc/reportgate/
   reportgate.conf; a missing default file gives the defaults). Returns a
   new config owned by the caller, or NULL with err set (ERR_FATAL) naming
   "group.key" for an unknown or bad key. */
struct config *config_load(const char *path, struct err *err);
void config_free(struct config **cfg);
/* Writes the effective configuration as INI to f, secrets masked. */
void config_print(const struct config *cfg, void *file /* FILE * */);
/* Returns a new config holding only the built-in defaults (path NULL),
   owned by the caller (config_free). */
struct config *config_new_defaults(void);
/* Returns the file config_load(path) reads: path itself, else a non-empty
   $REPORTGATE_CONFIG, else CONFIG_DEFAULT_PATH (borrowed). *explicit_r is
   set to false only for the built-in default, whose absence is no error. */
const char *config_resolve_path(const char *path, bool *explicit_r);
/* Finds the mailbox named name. Returns it (borrowed) or NULL. */
const struct config_mailbox *config_mailbox_find(const struct config *cfg,
						 const char *name);

#endif
