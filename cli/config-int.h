/* cli/config-int.h - the table of configuration keys shared by
   config.c (defaults, reading, checks) and config_print.c (writing).
   Internal to intake: not for any other module. */
#ifndef RG_CONFIG_INT_H
#define RG_CONFIG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/config.h"

enum config_type {
	CONFIG_STR,		/* string; empty = NULL */
	CONFIG_STR_REQ,		/* string that must not be empty */
	CONFIG_FILE,		/* path of a file we read; empty = NULL */
	CONFIG_SECRET_FILE,	/* path of a file holding a secret */
	CONFIG_DIR,		/* path of a directory we read; empty = NULL */
	CONFIG_UINT,		/* unsigned in [min, max] */
	CONFIG_BYTES,		/* uint64_t in [min, max], K/M/G suffix allowed */
	CONFIG_BOOL,		/* true|false|yes|no|1|0 */
	CONFIG_ENUM,		/* enum: index of the value in names */
	CONFIG_WORD		/* string, one of names */
};

/* How config_print shows a value. */
enum config_mask {
	CONFIG_SHOW = 0,
	CONFIG_MASK_ALL,	/* an inline secret: "********" */
	CONFIG_MASK_URL		/* a URL: the password of user:pass@ masked */
};

/* Checks a cleaned, non-empty string value. Returns 0, or -1 with a
   static reason in *why. */
typedef int config_check_fn(const char *value, const char **why);

/* The value checks (config_check.c): each returns 0 when v is acceptable,
   else -1 with *why set to a static reason. */
config_check_fn config_check_token, config_check_host, config_check_hosts,
	config_check_addresses, config_check_from, config_check_url,
	config_check_regex, config_check_prefix, config_check_listen,
	config_check_header, config_check_base_url, config_check_text,
	config_check_scope, config_check_flaggers, config_check_api_url,
	config_check_group;

struct config_key {
	const char *group;	/* "mailbox" stands for every [mailbox NAME] */
	const char *key;
	enum config_type type;
	const char *def;	/* the default, as written in the file */
	size_t off;		/* into struct config (or config_mailbox) */
	uint64_t min, max;	/* CONFIG_UINT, CONFIG_BYTES */
	const char *const *names;	/* CONFIG_ENUM, CONFIG_WORD */
	enum config_mask mask;
	config_check_fn *check;	/* extra check of a non-empty string */
};

/* The table, in the order config_print writes it; ends with a zeroed
   entry. */
extern const struct config_key config_keys[];

#define CONFIG_GROUP_MAILBOX "mailbox"


/* Returns key's value in base as the text the file would hold (not
   masked), owned by the caller. */
char *config_key_format(const struct config_key *key, const void *base);

#endif
