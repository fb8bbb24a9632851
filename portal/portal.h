/* portal/portal.h - the public reporting portal (reportgate portal): a
   web process apart from the staff console, on libmicrohttpd. It serves
   the report forms (/report/ip, /report/abuse), holds a complete form
   until the address it gives opens the link mailed to it (/confirm/ID),
   and then files it through the same pipeline a mail goes through. It
   can read no staff page and holds no staff session. */
#ifndef RG_PORTAL_H
#define RG_PORTAL_H

#include <time.h>

#include "common/config.h"
#include "common/err.h"
#include "intake/pipeline.h"
#include "parsers/parser.h"
#include "store/store.h"
#include "web/web_listen.h"

struct portal;	/* opaque: the running daemon */

/* What the portal works with; everything borrowed, to outlive it. The
   store and the pipeline are used only by the daemon's one thread. */
struct portal_settings {
	const struct config *cfg;	/* [portal], [smtp] from, [intake] */
	struct store *store;
	struct pipeline *pipeline;	/* files confirmed forms */
	const struct parser_cfg *parser_cfg;	/* the pipeline's rules */
	time_t (*clock)(void);		/* NULL: time() */
};

/* Starts serving on l in one internal thread. Needs cfg->portal_base_url
   and cfg->smtp_from. Returns a new portal owned by the caller
   (portal_stop), or NULL with err set (ERR_FATAL). */
struct portal *portal_start(const struct web_listen *l,
			    const struct portal_settings *set,
			    struct err *err);
/* Returns the port the portal listens on. */
unsigned portal_port(const struct portal *p);
/* Stops the daemon and frees p; NULL-safe; sets *p = NULL. */
void portal_stop(struct portal **p);

#endif
