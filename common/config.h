/* common/config.h - the effective configuration as plain C structs
   (docs/SPEC.md §9); cli/config.c fills it from the INI file. */
#ifndef RG_CONFIG_H
#define RG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/dsa.h"
#include "common/err.h"
#include "common/report.h"

enum imap_security { IMAP_SEC_IMAPS = 0, IMAP_SEC_STARTTLS, IMAP_SEC_NONE };
enum imap_auth { IMAP_AUTH_LOGIN = 0, IMAP_AUTH_PLAIN, IMAP_AUTH_XOAUTH2 };

struct config_mailbox {
	char *name;		/* from the group name "[mailbox NAME]" */
	char *folder;
	enum report_stream stream;
	char *processed_folder;
	char *quarantine_folder;
	char *from;		/* "Name <addr>" of mail about cases of this
				   mailbox's stream; "": [smtp] from */
};

/* The wording of one own-initiative clause ([dsa] clause_NAME_en/_zh). */
struct config_dsa_clause {
	char *en;
	char *zh;
};

struct config {
	char *path;		/* the file read, or NULL for defaults */
	/* [store] */
	char *store_path;
	char *attachments_dir;
	char *store_group;		/* group the database files are shared
					   with (0640), NULL = none (0600) */
	/* [imap] */
	char *imap_host;
	unsigned imap_port;
	enum imap_security imap_security;
	char *imap_ca_file;		/* NULL = system CAs */
	char *imap_user;
	char *imap_password_file;
	enum imap_auth imap_auth;
	char *imap_oauth_token_file;
	char *imap_oauth_token_command;
	bool imap_allow_plaintext;
	unsigned imap_timeout;		/* seconds, default 30 */
	unsigned imap_poll_seconds;	/* polling interval without IDLE, 60 */
	unsigned imap_idle_seconds;	/* re-IDLE after, default 1740 (29 min) */
	unsigned imap_fetch_batch;	/* UIDs per FETCH, default 100 */
	/* [mailbox NAME] ... */
	struct config_mailbox *mailboxes;
	size_t n_mailboxes;
	/* [smtp] */
	char *smtp_url;
	char *smtp_ca_file;
	char *smtp_user;
	char *smtp_password_file;
	char *smtp_from;		/* "Name <addr>" */
	bool smtp_allow_plaintext;
	unsigned smtp_timeout;		/* seconds, default 60 */
	unsigned smtp_retry_base;	/* first retry after, seconds, 60 */
	unsigned smtp_give_up_after;	/* seconds, default 172800 (2 days) */
	/* [marketplace] */
	char *marketplace_hosts;	/* comma/space separated */
	char *listing_path;
	char *registry_hosts;		/* comma/space separated */
	/* [intake] */
	char *case_prefix_ip;
	char *case_prefix_abuse;
	char *language;			/* en | zh */
	char *rules_file;		/* NULL = built-in rules */
	char *templates_dir;		/* operator overrides, NULL = none */
	char *trusted_authserv_id;	/* NULL = ignore Authentication-Results */
	char *gateway_addresses;	/* our own addresses, never answered */
	char *message_id_host;		/* host part of our Message-IDs */
	unsigned ack_limit_hour;	/* answers per recipient per hour, 5 */
	unsigned ack_limit_day;		/* per day, 20 */
	unsigned max_attempts;		/* parses of a message before it is
					   quarantined unparsed, 3 */
	unsigned ack_limit_domain_hour;	/* per recipient domain per hour, 20 */
	unsigned ack_limit_global_hour;	/* all answers per hour, 200 */
	/* [workflow] */
	bool business_days;		/* deadlines in business days */
	unsigned counter_answer_days;	/* the rights holder's time to answer
					   a counter-notice, in business
					   days; default 10 */
	/* [limits] */
	uint64_t max_message_bytes;
	uint64_t max_header_bytes;
	unsigned max_mime_parts;
	unsigned max_mime_depth;
	unsigned max_links;
	unsigned max_attachments;
	/* [documents] */
	bool documents_enabled;		/* read attached documents, true */
	unsigned documents_max_pages;	/* 200 */
	uint64_t documents_max_bytes;	/* 20 MiB */
	unsigned documents_seconds;	/* 10 */
	bool documents_ocr;		/* false */
	/* [web] */
	char *web_listen;		/* "127.0.0.1:8080" */
	char *web_allowed_hosts;	/* Host names served, NULL = loopback
					   names only */
	char *web_user_header;		/* trusted proxy's user header, NULL =
					   none */
	bool web_decisions;		/* the console may decide cases */
	bool web_https;			/* served through a TLS proxy: cookies
					   Secure with the __Host- prefix */
	unsigned web_login_failures;	/* failed sign-ins that lock, 5 */
	unsigned web_lockout_minutes;	/* how long they lock, 15 */
	unsigned web_session_idle_minutes;	/* idle sign-out, 120 */
	unsigned web_session_hours;	/* absolute sign-out, 12 */
	unsigned web_header_timeout_seconds;	/* a request's whole head, 10 */
	/* [portal] */
	char *portal_listen;		/* "127.0.0.1:8090" */
	char *portal_base_url;		/* public https://HOST[/PATH] of the
					   portal, for links in mails; NULL =
					   unset (the portal refuses to start) */
	unsigned portal_max_upload_mb;	/* one submission's body, 25 */
	unsigned portal_max_files;	/* files of one submission, 20 */
	unsigned portal_rate_per_hour;	/* submissions per client address
					   and per email address, 20 */
	unsigned portal_header_timeout_seconds;	/* a request's whole head,
						   10 */
	char *portal_client_header;	/* a trusted proxy's header naming the
					   client address, NULL = none */
	char *portal_secret_file;	/* key of the case links in mails
					   (/status/REF?t=...); NULL = no
					   links */
	/* [dsa] (Digital Services Act, docs/SPEC.md §9) */
	char *dsa_territorial_scope;	/* EEA country codes, blank separated;
					   default all 30 */
	char *dsa_terms_clause;		/* the policy clause a "terms" ground
					   names */
	char *dsa_redress_text;		/* out-of-court bodies, en */
	char *dsa_redress_text_zh;	/* the same in Chinese; NULL = use
					   dsa_redress_text */
	enum dsa_automated dsa_automated;	/* none */
	char *dsa_api_url;		/* Transparency Database base URL */
	char *dsa_token_file;		/* its bearer token; NULL = no submit */
	char *dsa_trusted_flaggers;	/* addresses and @domains, NULL = none */
	unsigned dsa_unfounded_warn;	/* unfounded notices that warn, 2 */
	unsigned dsa_unfounded_window_days;	/* counted over, 180 */
	unsigned dsa_unfounded_suspend;	/* that hold new reports, 3 */
	unsigned dsa_suspend_days;	/* how long they are held, 30 */
	unsigned dsa_repeat_window_days;	/* removals counted over, 365 */
	unsigned dsa_repeat_threshold;	/* removals making a repeat
					   infringer, 3 */
	struct config_dsa_clause dsa_clauses[DSA_CLAUSE_COUNT];
					/* by enum dsa_clause */
};

#endif
