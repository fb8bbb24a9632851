/* cli/config.c - the configuration (SPEC §9): one table of keys and
   defaults, read from one INI file with GKeyFile (GLib stays in this file),
   checked, and copied into a plain struct config. Also reads secret
   files. Relative paths in the file are relative to the current
   directory of the process (systemd: WorkingDirectory=, default /). */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "common/hostport.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "cli/config-int.h"
#include "common/file.h"

/* CONFIG_ENUM fields are written through an int *. */
_Static_assert(sizeof(enum imap_security) == sizeof(int), "enum size");
_Static_assert(sizeof(enum imap_auth) == sizeof(int), "enum size");
_Static_assert(sizeof(enum report_stream) == sizeof(int), "enum size");
_Static_assert(sizeof(enum dsa_automated) == sizeof(int), "enum size");

static const char *const config_security_names[] = {
	"imaps", "starttls", "none", NULL	/* enum imap_security */
};
static const char *const config_auth_names[] = {
	"login", "plain", "xoauth2", NULL	/* enum imap_auth */
};
static const char *const config_stream_names[] = {
	"ip", "abuse", NULL			/* enum report_stream */
};
static const char *const config_language_names[] = { "en", "zh", NULL };

#define CFG(f) offsetof(struct config, f)
#define MBX(f) offsetof(struct config_mailbox, f)
#define CLAUSE(c, lang) (CFG(dsa_clauses) + \
	(c) * sizeof(struct config_dsa_clause) + \
	offsetof(struct config_dsa_clause, lang))
#define KEY(g, k, t, d, o) .group = g, .key = k, .type = t, .def = d, .off = o

/* Every key, its type and its default. The defaults are parsed by the
   same code as the file, so they obey the same rules. */
const struct config_key config_keys[] = {
	{ KEY("store", "path", CONFIG_STR_REQ,
	      "/var/lib/reportgate/reportgate.db", CFG(store_path)) },
	{ KEY("store", "attachments_dir", CONFIG_STR_REQ,
	      "/var/lib/reportgate/attachments", CFG(attachments_dir)) },
	/* empty: the database files are the owner's alone (0600) */
	{ KEY("store", "group", CONFIG_STR, "", CFG(store_group)),
	  .check = config_check_group },

	{ KEY("imap", "host", CONFIG_STR, "", CFG(imap_host)),
	  .check = config_check_token },
	/* 993; 143 when security is not imaps and port is not set */
	{ KEY("imap", "port", CONFIG_UINT, "993", CFG(imap_port)),
	  .min = 1, .max = 65535 },
	{ KEY("imap", "security", CONFIG_ENUM, "imaps", CFG(imap_security)),
	  .names = config_security_names },
	{ KEY("imap", "ca_file", CONFIG_FILE, "", CFG(imap_ca_file)) },
	{ KEY("imap", "user", CONFIG_STR, "", CFG(imap_user)) },
	{ KEY("imap", "password_file", CONFIG_SECRET_FILE, "",
	      CFG(imap_password_file)) },
	{ KEY("imap", "auth", CONFIG_ENUM, "login", CFG(imap_auth)),
	  .names = config_auth_names },
	{ KEY("imap", "oauth_token_file", CONFIG_SECRET_FILE, "",
	      CFG(imap_oauth_token_file)) },
	{ KEY("imap", "oauth_token_command", CONFIG_STR, "",
	      CFG(imap_oauth_token_command)), .mask = CONFIG_MASK_ALL },
	{ KEY("imap", "allow_plaintext", CONFIG_BOOL, "false",
	      CFG(imap_allow_plaintext)) },
	{ KEY("imap", "timeout", CONFIG_UINT, "30", CFG(imap_timeout)),
	  .min = 1, .max = 3600 },
	{ KEY("imap", "poll_seconds", CONFIG_UINT, "60", CFG(imap_poll_seconds)),
	  .min = 1, .max = 86400 },
	/* RFC 2177: re-issue IDLE at least every 29 minutes */
	{ KEY("imap", "idle_seconds", CONFIG_UINT, "1740", CFG(imap_idle_seconds)),
	  .min = 10, .max = 1740 },
	{ KEY("imap", "fetch_batch", CONFIG_UINT, "100", CFG(imap_fetch_batch)),
	  .min = 1, .max = 10000 },

	/* one [mailbox NAME] group per watched folder */
	{ KEY(CONFIG_GROUP_MAILBOX, "folder", CONFIG_STR_REQ, "INBOX",
	      MBX(folder)) },
	{ KEY(CONFIG_GROUP_MAILBOX, "stream", CONFIG_ENUM, "ip", MBX(stream)),
	  .names = config_stream_names },
	{ KEY(CONFIG_GROUP_MAILBOX, "processed_folder", CONFIG_STR, "Processed",
	      MBX(processed_folder)) },
	{ KEY(CONFIG_GROUP_MAILBOX, "quarantine_folder", CONFIG_STR,
	      "Quarantine", MBX(quarantine_folder)) },
	/* empty: [smtp] from */
	{ KEY(CONFIG_GROUP_MAILBOX, "from", CONFIG_STR, "", MBX(from)),
	  .check = config_check_from },

	{ KEY("smtp", "url", CONFIG_STR, "", CFG(smtp_url)),
	  .mask = CONFIG_MASK_URL, .check = config_check_url },
	{ KEY("smtp", "ca_file", CONFIG_FILE, "", CFG(smtp_ca_file)) },
	{ KEY("smtp", "user", CONFIG_STR, "", CFG(smtp_user)) },
	{ KEY("smtp", "password_file", CONFIG_SECRET_FILE, "",
	      CFG(smtp_password_file)) },
	{ KEY("smtp", "from", CONFIG_STR, "", CFG(smtp_from)),
	  .check = config_check_from },
	{ KEY("smtp", "allow_plaintext", CONFIG_BOOL, "false",
	      CFG(smtp_allow_plaintext)) },
	{ KEY("smtp", "timeout", CONFIG_UINT, "60", CFG(smtp_timeout)),
	  .min = 1, .max = 3600 },
	{ KEY("smtp", "retry_base", CONFIG_UINT, "60", CFG(smtp_retry_base)),
	  .min = 1, .max = 86400 },
	{ KEY("smtp", "give_up_after", CONFIG_UINT, "172800",
	      CFG(smtp_give_up_after)),
	  .min = 60, .max = 31536000 },

	{ KEY("marketplace", "hosts", CONFIG_STR_REQ,
	      "marketplace.alibabacloud.com", CFG(marketplace_hosts)),
	  .check = config_check_hosts },
	{ KEY("marketplace", "listing_path", CONFIG_STR_REQ,
	      "^/products/[0-9]+/([A-Za-z0-9_-]+)\\.html$", CFG(listing_path)),
	  .check = config_check_regex },
	{ KEY("marketplace", "registry_hosts", CONFIG_STR,
	      "tsdr.uspto.gov euipo.europa.eu branddb.wipo.int "
	      "patents.google.com sbj.cnipa.gov.cn", CFG(registry_hosts)),
	  .check = config_check_hosts },

	{ KEY("intake", "case_prefix_ip", CONFIG_STR_REQ, "IPR",
	      CFG(case_prefix_ip)),
	  .check = config_check_prefix },
	{ KEY("intake", "case_prefix_abuse", CONFIG_STR_REQ, "ABR",
	      CFG(case_prefix_abuse)),
	  .check = config_check_prefix },
	{ KEY("intake", "language", CONFIG_WORD, "en", CFG(language)),
	  .names = config_language_names },
	{ KEY("intake", "rules_file", CONFIG_FILE, "", CFG(rules_file)) },
	{ KEY("intake", "templates_dir", CONFIG_DIR, "", CFG(templates_dir)) },
	{ KEY("intake", "trusted_authserv_id", CONFIG_STR, "",
	      CFG(trusted_authserv_id)),
	  .check = config_check_token },
	{ KEY("intake", "gateway_addresses", CONFIG_STR, "",
	      CFG(gateway_addresses)),
	  .check = config_check_addresses },
	/* empty: the domain of smtp.from */
	{ KEY("intake", "message_id_host", CONFIG_STR, "",
	      CFG(message_id_host)),
	  .check = config_check_host },
	{ KEY("intake", "ack_limit_hour", CONFIG_UINT, "5", CFG(ack_limit_hour)),
	  .min = 1, .max = 100000 },
	{ KEY("intake", "ack_limit_day", CONFIG_UINT, "20", CFG(ack_limit_day)),
	  .min = 1, .max = 100000 },
	{ KEY("intake", "max_attempts", CONFIG_UINT, "3", CFG(max_attempts)),
	  .min = 1, .max = 100 },
	{ KEY("intake", "ack_limit_domain_hour", CONFIG_UINT, "20",
	      CFG(ack_limit_domain_hour)), .min = 1, .max = 1000000 },
	{ KEY("intake", "ack_limit_global_hour", CONFIG_UINT, "200",
	      CFG(ack_limit_global_hour)), .min = 1, .max = 10000000 },

	{ KEY("workflow", "business_days", CONFIG_BOOL, "false",
	      CFG(business_days)) },
	{ KEY("workflow", "counter_notice_answer_days", CONFIG_UINT, "10",
	      CFG(counter_answer_days)), .min = 1, .max = 3650 },

	{ KEY("limits", "max_message_bytes", CONFIG_BYTES, "134217728",
	      CFG(max_message_bytes)),
	  .min = 1024, .max = UINT64_C(4294967296) },
	{ KEY("limits", "max_header_bytes", CONFIG_BYTES, "262144",
	      CFG(max_header_bytes)),
	  .min = 1024, .max = 67108864 },
	{ KEY("limits", "max_mime_parts", CONFIG_UINT, "1000",
	      CFG(max_mime_parts)),
	  .min = 1, .max = 100000 },
	{ KEY("limits", "max_mime_depth", CONFIG_UINT, "20", CFG(max_mime_depth)),
	  .min = 1, .max = 1000 },
	{ KEY("limits", "max_links", CONFIG_UINT, "500", CFG(max_links)),
	  .min = 1, .max = 100000 },
	{ KEY("limits", "max_attachments", CONFIG_UINT, "200",
	      CFG(max_attachments)),
	  .min = 1, .max = 100000 },

	{ KEY("documents", "enabled", CONFIG_BOOL, "true",
	      CFG(documents_enabled)) },
	{ KEY("documents", "max_pages", CONFIG_UINT, "200",
	      CFG(documents_max_pages)),
	  .min = 1, .max = 100000 },
	{ KEY("documents", "max_bytes", CONFIG_BYTES, "20971520",
	      CFG(documents_max_bytes)),
	  .min = 1024, .max = UINT64_C(1073741824) },
	{ KEY("documents", "seconds", CONFIG_UINT, "10",
	      CFG(documents_seconds)),
	  .min = 1, .max = 3600 },
	{ KEY("documents", "ocr", CONFIG_BOOL, "false", CFG(documents_ocr)) },

	{ KEY("web", "listen", CONFIG_STR_REQ, "127.0.0.1:8080", CFG(web_listen)),
	  .check = config_check_listen },
	/* empty: no proxy in front; the actor is serve's --as or login */
	{ KEY("web", "user_header", CONFIG_STR, "", CFG(web_user_header)),
	  .check = config_check_header },
	{ KEY("web", "decisions", CONFIG_BOOL, "false", CFG(web_decisions)) },
	{ KEY("web", "https", CONFIG_BOOL, "false", CFG(web_https)) },
	{ KEY("web", "login_failures", CONFIG_UINT, "5",
	      CFG(web_login_failures)),
	  .min = 1, .max = 1000 },
	{ KEY("web", "lockout_minutes", CONFIG_UINT, "15",
	      CFG(web_lockout_minutes)),
	  .min = 1, .max = 10080 },
	{ KEY("web", "session_idle_minutes", CONFIG_UINT, "120",
	      CFG(web_session_idle_minutes)),
	  .min = 1, .max = 10080 },
	{ KEY("web", "session_hours", CONFIG_UINT, "12",
	      CFG(web_session_hours)),
	  .min = 1, .max = 720 },
	/* the idle timeout restarts with every byte; this does not */
	{ KEY("web", "header_timeout_seconds", CONFIG_UINT, "10",
	      CFG(web_header_timeout_seconds)),
	  .min = 1, .max = 3600 },
	/* empty: only loopback names; a public listen needs it */
	{ KEY("web", "allowed_hosts", CONFIG_STR, "", CFG(web_allowed_hosts)) },

	{ KEY("portal", "listen", CONFIG_STR_REQ, "127.0.0.1:8090",
	      CFG(portal_listen)),
	  .check = config_check_listen },
	{ KEY("portal", "base_url", CONFIG_STR, "", CFG(portal_base_url)),
	  .check = config_check_base_url },
	{ KEY("portal", "max_upload_mb", CONFIG_UINT, "25",
	      CFG(portal_max_upload_mb)),
	  .min = 1, .max = 1024 },
	{ KEY("portal", "max_files", CONFIG_UINT, "20", CFG(portal_max_files)),
	  .min = 1, .max = 200 },
	{ KEY("portal", "rate_per_hour", CONFIG_UINT, "20",
	      CFG(portal_rate_per_hour)),
	  .min = 1, .max = 100000 },
	{ KEY("portal", "header_timeout_seconds", CONFIG_UINT, "10",
	      CFG(portal_header_timeout_seconds)),
	  .min = 1, .max = 3600 },
	/* empty: the client address is the connection's */
	{ KEY("portal", "client_header", CONFIG_STR, "",
	      CFG(portal_client_header)),
	  .check = config_check_header },
	/* empty: mails carry no link to a case's page */
	{ KEY("portal", "secret_file", CONFIG_SECRET_FILE, "",
	      CFG(portal_secret_file)) },

	/* [dsa]: the Digital Services Act (SPEC §9) */
	{ KEY("dsa", "territorial_scope", CONFIG_STR_REQ, dsa_eea_default,
	      CFG(dsa_territorial_scope)),
	  .check = config_check_scope },
	{ KEY("dsa", "terms_clause", CONFIG_STR_REQ, "Marketplace Terms of Use",
	      CFG(dsa_terms_clause)),
	  .check = config_check_text },
	{ KEY("dsa", "redress_text", CONFIG_STR_REQ,
	      "an out-of-court dispute settlement body certified under "
	      "Article 21 of Regulation (EU) 2022/2065 (the European "
	      "Commission publishes the list of certified bodies)",
	      CFG(dsa_redress_text)),
	  .check = config_check_text },
	{ KEY("dsa", "redress_text_zh", CONFIG_STR,
	      "依据欧盟《数字服务法》（条例 (EU) 2022/2065）第21条认证的"
	      "庭外争议解决机构（认证机构名单由欧盟委员会公布）",
	      CFG(dsa_redress_text_zh)),
	  .check = config_check_text },
	{ KEY("dsa", "automated", CONFIG_ENUM, "none", CFG(dsa_automated)),
	  .names = dsa_automated_names },
	{ KEY("dsa", "api_url", CONFIG_STR,
	      "https://transparency.dsa.ec.europa.eu", CFG(dsa_api_url)),
	  .check = config_check_api_url },
	/* empty: sor submit refuses to start */
	{ KEY("dsa", "token_file", CONFIG_SECRET_FILE, "", CFG(dsa_token_file)) },
	{ KEY("dsa", "trusted_flaggers", CONFIG_STR, "",
	      CFG(dsa_trusted_flaggers)),
	  .check = config_check_flaggers },
	{ KEY("dsa", "unfounded_warn", CONFIG_UINT, "2", CFG(dsa_unfounded_warn)),
	  .min = 1, .max = 1000 },
	{ KEY("dsa", "unfounded_window_days", CONFIG_UINT, "180",
	      CFG(dsa_unfounded_window_days)),
	  .min = 1, .max = 3650 },
	{ KEY("dsa", "unfounded_suspend", CONFIG_UINT, "3",
	      CFG(dsa_unfounded_suspend)),
	  .min = 2, .max = 1000 },
	{ KEY("dsa", "suspend_days", CONFIG_UINT, "30", CFG(dsa_suspend_days)),
	  .min = 1, .max = 3650 },
	{ KEY("dsa", "repeat_window_days", CONFIG_UINT, "365",
	      CFG(dsa_repeat_window_days)),
	  .min = 1, .max = 3650 },
	{ KEY("dsa", "repeat_threshold", CONFIG_UINT, "3",
	      CFG(dsa_repeat_threshold)),
	  .min = 1, .max = 1000 },
	/* the own-initiative clauses (cases open --clause NAME) */
	{ KEY("dsa", "clause_inactive_en", CONFIG_STR_REQ,
	      "the product has not been purchased for more than six months",
	      CLAUSE(DSA_CLAUSE_INACTIVE, en)), .check = config_check_text },
	{ KEY("dsa", "clause_inactive_zh", CONFIG_STR_REQ,
	      "该产品超过六个月无人购买",
	      CLAUSE(DSA_CLAUSE_INACTIVE, zh)), .check = config_check_text },
	{ KEY("dsa", "clause_negative_feedback_en", CONFIG_STR_REQ,
	      "users have consistently given the product negative feedback",
	      CLAUSE(DSA_CLAUSE_NEGATIVE_FEEDBACK, en)),
	  .check = config_check_text },
	{ KEY("dsa", "clause_negative_feedback_zh", CONFIG_STR_REQ,
	      "用户对该产品持续给出负面评价",
	      CLAUSE(DSA_CLAUSE_NEGATIVE_FEEDBACK, zh)),
	  .check = config_check_text },
	{ KEY("dsa", "clause_outdated_en", CONFIG_STR_REQ,
	      "the product has not been kept up to date with bug fixes and "
	      "patches", CLAUSE(DSA_CLAUSE_OUTDATED, en)),
	  .check = config_check_text },
	{ KEY("dsa", "clause_outdated_zh", CONFIG_STR_REQ,
	      "该产品未及时更新缺陷修复和安全补丁",
	      CLAUSE(DSA_CLAUSE_OUTDATED, zh)), .check = config_check_text },
	{ KEY("dsa", "clause_breach_en", CONFIG_STR_REQ,
	      "the listing breaches the marketplace's terms",
	      CLAUSE(DSA_CLAUSE_BREACH, en)), .check = config_check_text },
	{ KEY("dsa", "clause_breach_zh", CONFIG_STR_REQ,
	      "该商品违反了市场条款",
	      CLAUSE(DSA_CLAUSE_BREACH, zh)), .check = config_check_text },
	{ KEY("dsa", "clause_prohibited_en", CONFIG_STR_REQ,
	      "the listing contains prohibited content",
	      CLAUSE(DSA_CLAUSE_PROHIBITED, en)), .check = config_check_text },
	{ KEY("dsa", "clause_prohibited_zh", CONFIG_STR_REQ,
	      "该商品包含禁止发布的内容",
	      CLAUSE(DSA_CLAUSE_PROHIBITED, zh)), .check = config_check_text },
	{ KEY("dsa", "clause_malware_en", CONFIG_STR_REQ,
	      "the product contains malware",
	      CLAUSE(DSA_CLAUSE_MALWARE, en)), .check = config_check_text },
	{ KEY("dsa", "clause_malware_zh", CONFIG_STR_REQ,
	      "该产品包含恶意软件",
	      CLAUSE(DSA_CLAUSE_MALWARE, zh)), .check = config_check_text },
	{ KEY("dsa", "clause_personal_data_en", CONFIG_STR_REQ,
	      "the product collects personal data beyond what is reasonable",
	      CLAUSE(DSA_CLAUSE_PERSONAL_DATA, en)),
	  .check = config_check_text },
	{ KEY("dsa", "clause_personal_data_zh", CONFIG_STR_REQ,
	      "该产品不合理地收集个人数据",
	      CLAUSE(DSA_CLAUSE_PERSONAL_DATA, zh)),
	  .check = config_check_text },
	{ .group = NULL }
};

/* ---- parsing values ---- */

/* Parses an unsigned decimal number (digits only: no sign, no spaces).
   Returns 0, or -1 if s is not one or does not fit. */
static int
config_parse_u64(const char *s, uint64_t *v_r)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v_r = v;
	return 0;
}

/* A number of bytes with an optional K, M or G (binary) suffix. */
static int
config_parse_bytes(const char *s, uint64_t *v_r)
{
	size_t n = strlen(s);
	unsigned shift = 0;
	uint64_t v;
	char *num;
	int ret;

	if (n > 1) {
		switch (s[n - 1]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		default: break;
		}
	}
	num = xstrndup(s, shift ? n - 1 : n);
	ret = config_parse_u64(num, &v);
	free(num);
	if (ret < 0 || v > (UINT64_MAX >> shift))
		return -1;
	*v_r = v << shift;
	return 0;
}

static int
config_parse_bool(const char *s, bool *v_r)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 ||
	    strcmp(s, "1") == 0)
		*v_r = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 ||
		 strcmp(s, "0") == 0)
		*v_r = false;
	else
		return -1;
	return 0;
}

static int
config_name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Returns the address of key's field in base (a struct config, or a
   struct config_mailbox for the mailbox group). */
static void *
config_key_field(const struct config_key *key, const void *base)
{
	return (char *)(uintptr_t)base + key->off;
}

/* Sets key's field in base from the cleaned value v. Returns 0, or -1
   with the reason in why. */
static int
config_key_set(const struct config_key *key, void *base, const char *v,
	       char *why, size_t whysz)
{
	void *field = config_key_field(key, base);
	const char *reason = NULL;
	uint64_t n;
	bool b;
	int i;

	switch (key->type) {
	case CONFIG_STR_REQ:
		if (*v == '\0') {
			snprintf(why, whysz, "must not be empty");
			return -1;
		}
		__attribute__((fallthrough));
	case CONFIG_STR:
	case CONFIG_FILE:
	case CONFIG_SECRET_FILE:
	case CONFIG_DIR:
		if (*v != '\0' && key->check != NULL &&
		    key->check(v, &reason) < 0) {
			snprintf(why, whysz, "%s", reason);
			return -1;
		}
		free(*(char **)field);
		*(char **)field = *v != '\0' ? xstrdup(v) : NULL;
		return 0;
	case CONFIG_UINT:
	case CONFIG_BYTES:
		if ((key->type == CONFIG_UINT ? config_parse_u64(v, &n)
					      : config_parse_bytes(v, &n)) < 0 ||
		    n < key->min || n > key->max) {
			snprintf(why, whysz, "must be a number from %llu to %llu",
				 (unsigned long long)key->min,
				 (unsigned long long)key->max);
			return -1;
		}
		if (key->type == CONFIG_UINT)
			*(unsigned *)field = (unsigned)n;
		else
			*(uint64_t *)field = n;
		return 0;
	case CONFIG_BOOL:
		if (config_parse_bool(v, &b) < 0) {
			snprintf(why, whysz, "must be true or false");
			return -1;
		}
		*(bool *)field = b;
		return 0;
	case CONFIG_ENUM:
	case CONFIG_WORD:
		i = config_name_index(key->names, v);
		if (i < 0) {
			struct buf set;

			buf_init(&set, 0);
			for (int j = 0; key->names[j] != NULL; j++)
				buf_printf(&set, "%s%s", j ? " | " : "",
					   key->names[j]);
			snprintf(why, whysz, "must be one of %s", buf_str(&set));
			buf_free(&set);
			return -1;
		}
		if (key->type == CONFIG_ENUM) {
			*(int *)field = i;
		} else {
			free(*(char **)field);
			*(char **)field = xstrdup(key->names[i]);
		}
		return 0;
	}
	snprintf(why, whysz, "unknown type");
	return -1;
}

char *
config_key_format(const struct config_key *key, const void *base)
{
	const void *field = config_key_field(key, base);
	const char *s;

	switch (key->type) {
	case CONFIG_STR:
	case CONFIG_STR_REQ:
	case CONFIG_FILE:
	case CONFIG_SECRET_FILE:
	case CONFIG_DIR:
	case CONFIG_WORD:
		s = *(char *const *)field;
		return xstrdup(s ? s : "");
	case CONFIG_UINT:
		return xasprintf("%u", *(const unsigned *)field);
	case CONFIG_BYTES:
		return xasprintf("%llu",
				 (unsigned long long)*(const uint64_t *)field);
	case CONFIG_BOOL:
		return xstrdup(*(const bool *)field ? "true" : "false");
	case CONFIG_ENUM:
		return xstrdup(key->names[*(const int *)field]);
	}
	return xstrdup("");
}

/* Returns the value GKeyFile gives raw, cleaned: an unquoted comment
   (" #..." or " ;...", or a value that starts with # or ;) cut off,
   surrounding blanks trimmed, and one pair of enclosing double quotes
   removed. GKeyFile itself only knows whole-line comments. */
static char *
config_clean_value(const char *raw)
{
	size_t i, start, end = strlen(raw);
	bool quoted = false;

	for (i = 0; raw[i] != '\0'; i++) {
		if (raw[i] == '"') {
			quoted = !quoted;
		} else if (!quoted && (raw[i] == '#' || raw[i] == ';') &&
			   (i == 0 || raw[i - 1] == ' ' || raw[i - 1] == '\t')) {
			end = i;
			break;
		}
	}
	start = strspn(raw, " \t");
	while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t'))
		end--;
	if (end - start >= 2 && raw[start] == '"' && raw[end - 1] == '"' &&
	    memchr(raw + start + 1, '"', end - start - 2) == NULL) {
		start++;
		end--;
	}
	return xstrndup(raw + start, end - start);
}

/* ---- the key file ---- */

static const struct config_key *
config_key_find(const char *group, const char *key)
{
	for (const struct config_key *k = config_keys; k->group; k++)
		if (strcmp(k->group, group) == 0 &&
		    (key == NULL || strcmp(k->key, key) == 0))
			return k;
	return NULL;
}

static void
config_set_defaults(void *base, bool mailbox)
{
	char why[160];
	int rc;

	for (const struct config_key *k = config_keys; k->group; k++) {
		if (mailbox != (strcmp(k->group, CONFIG_GROUP_MAILBOX) == 0))
			continue;
		rc = config_key_set(k, base, k->def, why, sizeof(why));
		assert(rc == 0);
		(void)rc;
	}
}

struct config *
config_new_defaults(void)
{
	struct config *cfg = xcalloc(1, sizeof(*cfg));

	config_set_defaults(cfg, false);
	return cfg;
}

/* Frees the strings of base (struct config, or config_mailbox). */
static void
config_free_strings(void *base, bool mailbox)
{
	for (const struct config_key *k = config_keys; k->group; k++) {
		if (mailbox != (strcmp(k->group, CONFIG_GROUP_MAILBOX) == 0))
			continue;
		if (k->type != CONFIG_UINT && k->type != CONFIG_BYTES &&
		    k->type != CONFIG_BOOL && k->type != CONFIG_ENUM)
			free(*(char **)config_key_field(k, base));
	}
}

void
config_free(struct config **cfgp)
{
	struct config *cfg = cfgp ? *cfgp : NULL;

	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->n_mailboxes; i++) {
		config_free_strings(&cfg->mailboxes[i], true);
		free(cfg->mailboxes[i].name);
	}
	free(cfg->mailboxes);
	config_free_strings(cfg, false);
	free(cfg->path);
	free(cfg);
	*cfgp = NULL;
}

const struct config_mailbox *
config_mailbox_find(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_mailboxes; i++)
		if (strcmp(cfg->mailboxes[i].name, name) == 0)
			return &cfg->mailboxes[i];
	return NULL;
}

const char *
config_resolve_path(const char *path, bool *explicit_r)
{
	const char *env = getenv("REPORTGATE_CONFIG");

	*explicit_r = true;
	if (path != NULL)
		return path;
	if (env != NULL && *env != '\0')
		return env;
	*explicit_r = false;
	return CONFIG_DEFAULT_PATH;
}


/* GKeyFile refuses "[group]  # comment" (SPEC §9 allows one, and
   tests/fixtures/config/spec-sample.conf has one): blank
   out a comment after a group header, in place. */
static void
config_strip_group_comments(char *text, size_t len)
{
	char *line = text, *end = text + len, *nl, *p;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		p = line;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (p < nl && *p == '[') {
			p = memchr(p, ']', (size_t)(nl - p));
			if (p != NULL) {
				p++;
				while (p < nl && (*p == ' ' || *p == '\t'))
					p++;
				if (p < nl && (*p == '#' || *p == ';'))
					memset(p, ' ', (size_t)(nl - p));
			}
		}
		line = nl + 1;
	}
}

/* Returns the NAME of a "mailbox NAME" group (new string), "" for a
   mailbox group without a name, or NULL when group is no mailbox. */
static char *
config_mailbox_name(const char *group)
{
	size_t n = strlen(CONFIG_GROUP_MAILBOX), end;
	const char *p;

	if (strncmp(group, CONFIG_GROUP_MAILBOX, n) != 0 ||
	    (group[n] != '\0' && group[n] != ' ' && group[n] != '\t'))
		return NULL;
	p = group + n;
	p += strspn(p, " \t");
	end = strlen(p);
	while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t'))
		end--;
	return xstrndup(p, end);
}

static int
config_add_mailbox(struct config *cfg, const char *group, char *name,
		   struct config_mailbox **mb_r, struct err *err)
{
	struct config_mailbox *mb;
	size_t n = strlen(name);

	if (n == 0 || n > 64 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_.-") != n) {
		err_set(err, ERR_FATAL,
			"%s: a mailbox group needs a NAME of 1-64 letters, "
			"digits, _ . - ([mailbox NAME]) (%s)", group, cfg->path);
		free(name);
		return -1;
	}
	if (config_mailbox_find(cfg, name) != NULL) {
		err_set(err, ERR_FATAL, "%s: mailbox %s is defined twice (%s)",
			group, name, cfg->path);
		free(name);
		return -1;
	}
	cfg->mailboxes = xreallocarray(cfg->mailboxes, cfg->n_mailboxes + 1,
				       sizeof(*cfg->mailboxes));
	mb = &cfg->mailboxes[cfg->n_mailboxes++];
	memset(mb, 0, sizeof(*mb));
	mb->name = name;
	config_set_defaults(mb, true);
	*mb_r = mb;
	return 0;
}

/* Reads every key of group into base. Returns 0 or -1 with err set. */
static int
config_read_group(struct config *cfg, GKeyFile *kf, const char *group,
		  const char *table_group, void *base, struct err *err)
{
	const struct config_key *key;
	gchar **keys = g_key_file_get_keys(kf, group, NULL, NULL);
	char why[160], qv[64];
	gchar *raw;
	char *v;
	int ret = -1;

	for (size_t i = 0; keys != NULL && keys[i] != NULL; i++) {
		key = config_key_find(table_group, keys[i]);
		if (key == NULL) {
			err_set(err, ERR_FATAL, "%s.%s: unknown key (%s)", group,
				keys[i], cfg->path);
			goto out;
		}
		raw = g_key_file_get_value(kf, group, keys[i], NULL);
		/* get_value, unlike get_string, does not check UTF-8 */
		if (raw == NULL || !utf8_valid(raw, strlen(raw))) {
			g_free(raw);
			err_set(err, ERR_FATAL, "%s.%s: not valid UTF-8 (%s)",
				group, keys[i], cfg->path);
			goto out;
		}
		v = config_clean_value(raw);
		g_free(raw);
		if (config_key_set(key, base, v, why, sizeof(why)) < 0) {
			err_set(err, ERR_FATAL, "%s.%s: bad value %s: %s (%s)",
				group, keys[i], log_q(qv, sizeof(qv), v), why,
				cfg->path);
			free(v);
			goto out;
		}
		free(v);
	}
	ret = 0;
out:
	g_strfreev(keys);
	return ret;
}

static int
config_read_groups(struct config *cfg, GKeyFile *kf, struct err *err)
{
	gchar **groups = g_key_file_get_groups(kf, NULL);
	struct config_mailbox *mb;
	gchar **keys;
	char *name;
	int ret = -1;

	for (size_t i = 0; groups[i] != NULL; i++) {
		const char *g = groups[i];

		name = config_mailbox_name(g);
		if (name != NULL) {
			if (config_add_mailbox(cfg, g, name, &mb, err) < 0 ||
			    config_read_group(cfg, kf, g, CONFIG_GROUP_MAILBOX,
					      mb, err) < 0)
				goto out;
		} else if (config_key_find(g, NULL) != NULL) {
			if (config_read_group(cfg, kf, g, g, cfg, err) < 0)
				goto out;
		} else {
			keys = g_key_file_get_keys(kf, g, NULL, NULL);
			if (keys != NULL && keys[0] != NULL)
				err_set(err, ERR_FATAL,
					"%s.%s: unknown group [%s] (%s)", g,
					keys[0], g, cfg->path);
			else
				err_set(err, ERR_FATAL,
					"%s: unknown group [%s] (%s)", g, g,
					cfg->path);
			g_strfreev(keys);
			goto out;
		}
	}
	ret = 0;
out:
	g_strfreev(groups);
	return ret;
}

/* Checks between keys, once everything is read. */
static int
config_check_all(struct config *cfg, GKeyFile *kf, struct err *err)
{
	const char *file = cfg->path;

	if (!g_key_file_has_key(kf, "imap", "port", NULL) &&
	    cfg->imap_security != IMAP_SEC_IMAPS)
		cfg->imap_port = 143;
	if (cfg->imap_security == IMAP_SEC_NONE && !cfg->imap_allow_plaintext) {
		err_set(err, ERR_FATAL, "imap.security: none needs "
			"imap.allow_plaintext = true (%s)", file);
		return -1;
	}
	if (cfg->imap_oauth_token_file && cfg->imap_oauth_token_command) {
		err_set(err, ERR_FATAL, "imap.oauth_token_command: set only one "
			"of oauth_token_file and oauth_token_command (%s)", file);
		return -1;
	}
	if (cfg->imap_auth == IMAP_AUTH_XOAUTH2 && cfg->imap_host &&
	    !cfg->imap_oauth_token_file && !cfg->imap_oauth_token_command) {
		err_set(err, ERR_FATAL, "imap.auth: xoauth2 needs "
			"oauth_token_file or oauth_token_command (%s)", file);
		return -1;
	}
	if (strcmp(cfg->case_prefix_ip, cfg->case_prefix_abuse) == 0) {
		err_set(err, ERR_FATAL, "intake.case_prefix_abuse: must differ "
			"from case_prefix_ip (%s)", file);
		return -1;
	}
	if (cfg->ack_limit_hour > cfg->ack_limit_day) {
		err_set(err, ERR_FATAL, "intake.ack_limit_hour: must not exceed "
			"ack_limit_day (%s)", file);
		return -1;
	}
	if (cfg->dsa_unfounded_warn >= cfg->dsa_unfounded_suspend) {
		err_set(err, ERR_FATAL, "dsa.unfounded_warn: must be below "
			"unfounded_suspend (the warning comes first) (%s)", file);
		return -1;
	}
	if (cfg->max_header_bytes > cfg->max_message_bytes) {
		err_set(err, ERR_FATAL, "limits.max_header_bytes: must not "
			"exceed max_message_bytes (%s)", file);
		return -1;
	}
	for (size_t i = 0; i < cfg->n_mailboxes; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cfg->mailboxes[i].folder,
				   cfg->mailboxes[j].folder) == 0) {
				err_set(err, ERR_FATAL, "mailbox %s.folder: "
					"already watched by [mailbox %s] (%s)",
					cfg->mailboxes[i].name,
					cfg->mailboxes[j].name, file);
				return -1;
			}
	return 0;
}

struct config *
config_load(const char *path, struct err *err)
{
	struct config *cfg = NULL, *ret = NULL;
	GKeyFile *kf = NULL;
	GError *gerr = NULL;
	char *text = NULL;
	size_t len = 0;
	bool explicit;
	const char *file = config_resolve_path(path, &explicit);
	int rc;

	rc = file_read_all(file, CONFIG_FILE_MAX, &text, &len, err);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		if (explicit)
			err_set(err, ERR_FATAL, "%s: no such file", file);
		else
			ret = config_new_defaults();
		goto out;
	}
	if (memchr(text, '\0', len) != NULL) {
		err_set(err, ERR_FATAL, "%s: contains a NUL byte", file);
		goto out;
	}
	config_strip_group_comments(text, len);
	kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &gerr)) {
		err_set(err, ERR_FATAL, "%s: %s", file, gerr->message);
		goto out;
	}
	cfg = config_new_defaults();
	cfg->path = xstrdup(file);
	if (config_read_groups(cfg, kf, err) < 0 ||
	    config_check_all(cfg, kf, err) < 0)
		goto out;
	ret = cfg;
	cfg = NULL;
out:
	config_free(&cfg);
	if (gerr != NULL)
		g_error_free(gerr);
	if (kf != NULL)
		g_key_file_free(kf);
	free(text);
	return ret;
}

