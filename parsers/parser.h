/* parsers/parser.h - one mail's bytes in, one struct report out (SPEC §2-§6).
   No network, no store, no logging above debug: malformed mail is data,
   recorded in report->warnings, never an error. */
#ifndef RG_PARSER_H
#define RG_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/report.h"
#include "common/strv.h"
#include "documents/documents.h"

struct parser_rules;	/* opaque: the keyword families of the rules file */

/* Optional sink for decoded attachment bytes, so intake can store them by
   content hash while the parser streams them (the parser itself writes no
   files). begin returns a handle (NULL = skip this attachment); write
   returns 0 or -1 (then the sink is told ok=0 at end); end receives the
   SHA-256 hex of what was written and whether it all arrived. */
struct parser_sink {
	void *ctx;
	void *(*begin)(void *ctx);
	int (*write)(void *handle, const void *data, size_t len);
	int (*end)(void *handle, const char *sha256_hex, int ok);
};

/* Limits and settings. parser_cfg_init() fills safe defaults; the
   strings and vectors are owned by the cfg (parser_cfg_clear). */
struct parser_cfg {
	enum report_stream stream;	/* mailbox stream: ip | abuse */
	uint64_t max_message_bytes;	/* default 128 MiB: past it only headers */
	size_t max_header_bytes;	/* default 256 KiB for all headers */
	unsigned max_parts;		/* default 1000 MIME parts */
	unsigned max_depth;		/* default 20 levels of nesting */
	unsigned max_links;		/* default 500 links kept */
	unsigned max_attachments;	/* default 200 */
	size_t max_text_bytes;		/* default 4 MiB of text analysed */
	struct strv marketplace_hosts;	/* default marketplace.alibabacloud.com */
	char *listing_path;		/* POSIX ERE, group 1 = listing id */
	struct strv registry_hosts;	/* SPEC §4.2 default list */
	char *prefix_ip;		/* "IPR" */
	char *prefix_abuse;		/* "ABR" */
	char *trusted_authserv_id;	/* NULL: Authentication-Results ignored */
	const struct parser_rules *rules;	/* borrowed; NULL = built-in */
	const struct parser_sink *sink;		/* borrowed; may be NULL */
	struct documents_cfg documents;	/* attached documents (owned);
					   off by default */
};

/* Once per process, before any parse: initialises GMime. */
void parser_global_init(void);
/* Once at exit: shuts GMime down (keeps leak checkers quiet). */
void parser_global_shutdown(void);

/* Fills cfg with the defaults of SPEC §5 and §9 and the limits above. */
void parser_cfg_init(struct parser_cfg *cfg);
/* Frees what cfg owns (not rules or sink). */
void parser_cfg_clear(struct parser_cfg *cfg);

/* Parses the rules file text (the format of parsers/rules/evidence.rules).
   Returns a new rule set owned by the caller, or NULL with err set
   (ERR_FATAL, naming the line). */
struct parser_rules *parser_rules_parse(const char *text, size_t len,
					struct err *err);
/* Returns the rules built from the copy of evidence.rules compiled into
   the program (never NULL; owned by the parser module, do not free). */
const struct parser_rules *parser_rules_builtin(void);
void parser_rules_free(struct parser_rules **rules);

/* Parses the message readable from fd (seekable file or pipe; the fd is
   not closed; a pipe is spooled to a temporary file first so memory stays
   bounded). On success returns 0 and a new report owned by the caller in
   *report_r; a message that makes no sense still yields a report with
   warnings. Returns -1 with err set only when fd cannot be read. */
int parser_parse_fd(int fd, const struct parser_cfg *cfg,
		    struct report **report_r, struct err *err);
/* The same for a message in memory (borrowed; not copied for big data). */
int parser_parse_mem(const void *data, size_t len,
		     const struct parser_cfg *cfg, struct report **report_r,
		     struct err *err);

/* Returns 1 and a copy of the first case reference (PREFIX-YYYY-NNNNNN
   with one of cfg's prefixes) found in text, owned by the caller in
   *ref_r; 0 if none. */
int parser_find_case_ref(const char *text, const struct parser_cfg *cfg,
			 char **ref_r);

/* What one line of a listing field is, by the listing rules a mail's
   links go through (unwrapping, normalising, the marketplace hosts and
   listing path, the look-alike test of SPEC §5). */
enum parser_link_class {
	PARSER_LINK_LISTING = 0,	/* a marketplace listing */
	PARSER_LINK_LOOKALIKE,		/* a host imitating the marketplace */
	PARSER_LINK_OTHER,		/* a link, but not to a listing */
	PARSER_LINK_NONE		/* no link at all */
};

/* Classifies line (one link as typed into a form; NUL-terminated) with
   the same functions that sort the links of a mail. Returns the class;
   for PARSER_LINK_LISTING, *listing_r (may be NULL) receives the
   normalised listing URL, owned by the caller (free); else NULL. */
enum parser_link_class parser_link_check(const char *line,
					 const struct parser_cfg *cfg,
					 char **listing_r);

#endif
