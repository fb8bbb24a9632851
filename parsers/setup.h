/* parsers/setup.h - turns the plain struct config into the settings of
   the modules below intake (parser_cfg, ...), so no module below intake
   ever sees struct config. */
#ifndef RG_SETUP_H
#define RG_SETUP_H

#include "common/err.h"
#include "common/strv.h"
#include "common/config.h"
#include "parsers/parser.h"

/* The largest rules file read (intake.rules_file), in bytes. */
#define SETUP_RULES_MAX (1024 * 1024)

/* Appends each item of a comma/space separated list (NULL = none) to
   out, once each. */
void setup_split_list(const char *list, struct strv *out);

/* Fills *out (parser_cfg_init first, then every setting config has:
   marketplace hosts, listing_path, registry hosts, case prefixes,
   trusted_authserv_id and [limits]); out->stream stays STREAM_IP, the
   caller sets it per mailbox. Rules come from intake.rules_file when it
   is set (parsed with parser_rules_parse; the new rule set goes to
   *rules_r, owned by the caller, who frees it after *out), else
   parser_rules_builtin() (*rules_r = NULL); out->rules borrows them.
   Returns 0, or -1 with err set (ERR_FATAL naming intake.rules_file) and
   *out cleared. The caller frees *out with parser_cfg_clear. */
int setup_parser_cfg(const struct config *cfg, struct parser_cfg *out,
		     struct parser_rules **rules_r, struct err *err);

#endif
