/* common/report.h - the report model: what one mail says, as the parser
   understood it (SPEC §2-§6). Plain data, read-mostly: the parser fills
   it, every other module receives a const struct report *. */
#ifndef RG_REPORT_H
#define RG_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "strv.h"

enum report_kind {
	KIND_IP_REPORT = 0,
	KIND_ABUSE_REPORT,
	KIND_FOLLOW_UP,
	KIND_COUNTER_NOTICE,
	KIND_COUNTER_NOTICE_RESPONSE,
	KIND_AUTO_REPLY,
	KIND_BOUNCE
};

enum report_stream { STREAM_IP = 0, STREAM_ABUSE };

enum acting_as { ACTING_UNKNOWN = 0, ACTING_AGENT, ACTING_RIGHTS_HOLDER };

enum evidence_kind {
	EVIDENCE_OTHER = 0,
	EVIDENCE_IDENTITY,
	EVIDENCE_AUTHORIZATION,
	EVIDENCE_OWNERSHIP
};

enum decision { DECISION_NONE = 0, DECISION_ACCEPT, DECISION_REJECT };

enum abuse_category {
	CATEGORY_NONE = 0,	/* not an abuse report: JSON null */
	CATEGORY_MALWARE,
	CATEGORY_ILLEGAL_CONTENT,
	CATEGORY_PRIVACY,
	CATEGORY_FRAUD,
	CATEGORY_PLATFORM_ABUSE,
	CATEGORY_OTHER
};

/* The requirements of SPEC §4.2, as bits, in the order of "missing"
   (SPEC §6). */
enum requirement {
	REQ_IDENTITY_PROOF = 1 << 0,
	REQ_AUTHORIZATION = 1 << 1,
	REQ_OWNERSHIP_PROOF = 1 << 2,
	REQ_LISTING_LINKS = 1 << 3,
	REQ_DESCRIPTION = 1 << 4
};

struct report_listing {
	char *url;		/* normalised: https, lower-case host, no query */
	char *listing_id;
	char *found_as;		/* the link as written in the mail */
	char *doc_attachment;	/* NULL, or the attached document it was
				   read from (its file name) */
	char *doc_where;	/* NULL, or where in it: "page 2",
				   "sheet Links", "a.csv: " (in a zip) */
};

struct report_ip_right {
	char *type;		/* trademark | copyright | patent | other */
	char *registration_number;	/* may be NULL */
	char *jurisdiction;		/* may be NULL */
};

struct report_attachment {
	char *filename;		/* decoded UTF-8, may be NULL */
	char *content_type;	/* "type/subtype", lower case */
	uint64_t size;		/* decoded bytes */
	char sha256[65];	/* hex of the decoded bytes */
	enum evidence_kind evidence;
	const char *evidence_by;	/* static: "form", "line", "name",
					   "content", or NULL (other) */
	/* what its content says, when it was read as a document */
	const char *doc_type;		/* static: "pdf", "xlsx", ... or NULL */
	unsigned doc_pages;		/* pages or sheets read */
	enum evidence_kind doc_evidence;	/* class of its text */
	const char *doc_why;		/* static: what decided doc_evidence */
};

struct report {
	char *file;		/* path as given to parse; may be NULL */
	char *message_id;	/* without <> */
	char *in_reply_to;	/* first id, without <> */
	struct strv references;	/* ids without <> (In-Reply-To first) */
	char *date;		/* ISO 8601 UTC, NULL if absent or bad */
	char *from_name;
	char *from_address;
	char *reply_to_name;
	char *reply_to_address;	/* NULL when no Reply-To */
	char *return_path;	/* address in Return-Path, "" for <> */
	char *subject;		/* decoded UTF-8 */
	enum report_stream stream;
	enum report_kind kind;
	char *case_ref;		/* e.g. IPR-2026-000123, or NULL */
	enum decision decision;
	bool disputes;		/* the text disputes the report (what a
				   vendor's counter-notice does) */
	char *possible;		/* "counter_notice" or "answer": the text may
				   be one, unsure (staff look); else NULL */
	struct strv reasons;	/* on what kind and decision were decided */
	bool auto_submitted;	/* any RFC 3834 / list / OOO signal */
	bool is_list;		/* List-Id / Precedence list or bulk */
	enum acting_as acting_as;
	char *submitter_name;
	char *submitter_email;
	char *submitter_org;
	char *rights_holder;	/* name, or NULL */
	struct report_ip_right *ip_rights;
	size_t n_ip_rights;
	struct report_listing *listings;
	size_t n_listings;
	struct strv other_links;	/* normalised, not listings */
	struct strv registry_links;	/* subset of other_links: IP registries */
	struct report_attachment *attachments;
	size_t n_attachments;
	unsigned evidence;	/* REQ_* bits that are satisfied */
	unsigned missing;	/* REQ_* bits still missing (ip/abuse only) */
	enum abuse_category category;
	char *body_text;	/* non-quoted text of the mail, capped */
	size_t quoted_lines;	/* non-empty lines of quoted earlier mail
				   left out of body_text (top level) */
	char *lang;		/* "en" or "zh": language of the text */
	char *dmarc;		/* "pass"/"fail"/... from the trusted
				   Authentication-Results, else NULL */
	char *dmarc_from;	/* its header.from (lower case), or NULL */
	char *bounced_message_id;	/* bounce: id of the mail it reports */
	struct strv bounced_recipients;	/* bounce: failed recipients */
	char *bounce_status;	/* bounce: e.g. "5.1.1", or NULL */
	struct strv warnings;	/* "code: detail" strings */
	uint64_t size;		/* bytes of the raw message */
};

/* Returns a new empty report owned by the caller (report_free). */
struct report *report_new(void);
/* Frees report and everything it owns; NULL-safe; sets *report = NULL. */
void report_free(struct report **report);

/* Adds a warning "code: detail" (detail may be NULL); copies both. At most
   REPORT_MAX_WARNINGS are kept; the rest are counted in one last line. */
#define REPORT_MAX_WARNINGS 64
void report_warn(struct report *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a listing (copies the strings) unless one with the same
   listing_id is there. Returns true if added. */
bool report_add_listing(struct report *r, const char *url,
			const char *listing_id, const char *found_as);
/* Appends a copy of a; returns the stored element (owned by r). */
struct report_attachment *report_add_attachment(struct report *r,
		const struct report_attachment *a);
/* Appends an IP right (copies; NULLs allowed except type). */
void report_add_ip_right(struct report *r, const char *type,
			 const char *reg, const char *jurisdiction);

/* Returns the contract name (SPEC §6) of each enum value (static strings). */
const char *report_kind_name(enum report_kind k);
const char *report_stream_name(enum report_stream s);
const char *report_acting_name(enum acting_as a);
const char *report_evidence_name(enum evidence_kind e);
const char *report_decision_name(enum decision d);	/* NULL for none */
const char *report_category_name(enum abuse_category c);	/* NULL for none */
const char *report_requirement_name(enum requirement r);
/* Parse such a name back; return 0 and set *_r, or -1 if unknown. */
int report_kind_parse(const char *s, enum report_kind *kind_r);
int report_stream_parse(const char *s, enum report_stream *stream_r);

/* Returns true for ip_report and abuse_report. */
bool report_is_new_case(const struct report *r);
/* Returns true unless kind is auto_reply or bounce: whether the sender may
   get an answer at all, before rate limits and address checks. */
bool report_wants_ack(const struct report *r);

/* Computes r->missing from r->evidence, r->kind and r->acting_as
   (SPEC §4.2): identity, authorization (agents only), ownership, links for
   ip_report; links, description for abuse_report; none otherwise. */
void report_compute_missing(struct report *r);
/* Returns true when r->missing is empty. */
bool report_is_complete(const struct report *r);

/* Appends the SPEC §6 JSON object for r (one line, no newline, fixed key
   order) to out. */
void report_to_json(const struct report *r, struct buf *out);

#endif
