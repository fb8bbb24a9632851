/* parsers/kind.c - what a message is (SPEC §2), the case it names (SPEC §3),
   and an ACCEPT / REJECT answer.
   Plain C on facts gathered by mime.c; no GLib. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "parsers/mime-int.h"
#include "parsers/parser-int.h"

static bool
kind_is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Returns the length of the case reference PREFIX-YYYY-NNNNNN at s for
   prefix (matched case-insensitively), or 0. */
static size_t
kind_ref_at(const char *s, const char *prefix)
{
	size_t n = strlen(prefix), i;

	/* the first letter first: this runs at every byte of a text */
	if (n == 0 || ((*s ^ *prefix) & ~0x20) != 0 ||
	    strncasecmp(s, prefix, n) != 0 || s[n] != '-')
		return 0;
	for (i = 1; i <= 4; i++)
		if (!isdigit((unsigned char)s[n + i]))
			return 0;
	if (s[n + 5] != '-')
		return 0;
	for (i = 6; i <= 11; i++)
		if (!isdigit((unsigned char)s[n + i]))
			return 0;
	if (kind_is_word_char(s[n + 12]))
		return 0;
	return n + 12;
}

/* Copies the reference at s (length len) with its prefix in upper
   case. */
static char *
kind_ref_copy(const char *s, size_t len)
{
	char *ref = xstrndup(s, len);

	for (char *p = ref; *p && *p != '-'; p++)
		*p = (char)toupper((unsigned char)*p);
	return ref;
}

int
parser_find_case_ref(const char *text, const struct parser_cfg *cfg,
		     char **ref_r)
{
	const char *prefixes[2] = { cfg->prefix_ip, cfg->prefix_abuse };
	char first[5];
	size_t len, nf = 0;

	if (text == NULL)
		return 0;
	/* the prefixes' first letters, both cases: strpbrk jumps to the
	   next place a reference may start instead of trying every byte */
	for (int i = 0; i < 2; i++)
		if (prefixes[i] != NULL && prefixes[i][0] != '\0') {
			first[nf++] = (char)toupper((unsigned char)prefixes[i][0]);
			first[nf++] = (char)tolower((unsigned char)prefixes[i][0]);
		}
	first[nf] = '\0';
	if (nf == 0)
		return 0;
	for (const char *s = text; (s = strpbrk(s, first)) != NULL; s++) {
		if (s > text && kind_is_word_char(s[-1]))
			continue;
		for (int i = 0; i < 2; i++) {
			if (prefixes[i] == NULL)
				continue;
			len = kind_ref_at(s, prefixes[i]);
			if (len > 0) {
				*ref_r = kind_ref_copy(s, len);
				return 1;
			}
		}
	}
	return 0;
}

/* A Message-ID the gateway made: <PREFIX-YYYY-NNNNNN.SEQ.RANDOM@HOST>
   (id given without the brackets). */
static int
kind_ref_from_id(const char *id, const struct parser_cfg *cfg, char **ref_r)
{
	const char *prefixes[2] = { cfg->prefix_ip, cfg->prefix_abuse };
	size_t len;

	if (id == NULL)
		return 0;
	for (int i = 0; i < 2; i++) {
		if (prefixes[i] == NULL)
			continue;
		len = kind_ref_at(id, prefixes[i]);
		if (len > 0 && id[len] == '.' && strchr(id + len, '@')) {
			*ref_r = kind_ref_copy(id, len);
			return 1;
		}
	}
	return 0;
}

/* SPEC §3: subject, then In-Reply-To and References (newest first), then
   the non-quoted text. */
static char *
kind_case_ref(const struct report *r, const struct kind_input *in,
	      const struct parser_cfg *cfg)
{
	char *ref = NULL;

	if (parser_find_case_ref(in->subject, cfg, &ref) > 0)
		return ref;
	if (kind_ref_from_id(r->in_reply_to, cfg, &ref) > 0)
		return ref;
	for (size_t i = r->references.n; i > 0; i--)
		if (kind_ref_from_id(r->references.v[i - 1], cfg, &ref) > 0)
			return ref;
	if (parser_find_case_ref(in->text, cfg, &ref) > 0)
		return ref;
	if (kind_ref_from_id(r->bounced_message_id, cfg, &ref) > 0)
		return ref;
	return NULL;
}

/* Skips white space, a UTF-8 BOM, no-break and ideographic spaces. */
static const char *
kind_skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xc2\xa0", 2) == 0)
			s += 2;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0 ||
			 strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		else
			return s;
	}
}

static bool
kind_is_ooo_subject(const char *subject)
{
	static const char *const prefixes[] = {
		"out of office", "out of the office", "automatic reply",
		"auto reply", "auto-reply", "autoreply", "auto response",
		"自动回复", "自動回覆", "不在办公室", NULL
	};
	const char *s;

	if (subject == NULL)
		return false;
	s = kind_skip_space(subject);
	if (*s == '[')
		s = kind_skip_space(s + 1);
	for (int i = 0; prefixes[i]; i++)
		if (strncasecmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* The first token of a header value, e.g. "auto-replied" of
   "auto-replied; owner-email=x", compared case-insensitively. */
static bool
kind_token_is(const char *value, const char *word)
{
	size_t n = strlen(word);

	if (value == NULL)
		return false;
	value = kind_skip_space(value);
	return strncasecmp(value, word, n) == 0 &&
	       !kind_is_word_char(value[n]) && value[n] != '-';
}

static bool
kind_null_sender(const char *return_path)
{
	const char *s;

	if (return_path == NULL)
		return false;
	s = kind_skip_space(return_path);
	if (*s != '<')
		return false;
	s = kind_skip_space(s + 1);
	return *s == '>';
}

static bool
kind_is_mailer_daemon(const char *address)
{
	return address != NULL &&
	       strncasecmp(address, "mailer-daemon", 13) == 0 &&
	       (address[13] == '@' || address[13] == '\0');
}

void
kind_decide(struct report *r, const struct kind_input *in,
	    const struct parser_cfg *cfg)
{
	bool bounce, arf, list;

	bounce = kind_token_is(in->report_type, "delivery-status") ||
		 kind_null_sender(in->return_path) ||
		 kind_is_mailer_daemon(in->from_address);
	list = in->list_id != NULL || kind_token_is(in->precedence, "bulk") ||
	       kind_token_is(in->precedence, "list");
	r->is_list = list;
	r->auto_submitted =
		(in->auto_submitted != NULL &&
		 !kind_token_is(in->auto_submitted, "no") &&
		 *kind_skip_space(in->auto_submitted) != '\0') ||
		in->x_autoreply != NULL || list ||
		kind_token_is(in->precedence, "junk") ||
		kind_token_is(in->report_type, "disposition-notification") ||
		kind_is_ooo_subject(in->subject);
	arf = kind_token_is(in->report_type, "feedback-report") ||
	      in->has_feedback_report;

	free(r->case_ref);
	r->case_ref = kind_case_ref(r, in, cfg);
	r->decision = DECISION_NONE;
	if (bounce) {
		r->kind = KIND_BOUNCE;
	} else if (r->auto_submitted) {
		r->kind = KIND_AUTO_REPLY;
	} else if (arf) {
		r->kind = KIND_ABUSE_REPORT;
	} else if (r->case_ref != NULL) {
		/* the text's reading; the pipeline weighs it with the
		   sender's role in the case (docs/PARSING.md 3) */
		reply_read(r, in->subject, in->own_text, cfg);
		if (r->decision != DECISION_NONE)
			r->kind = KIND_COUNTER_NOTICE_RESPONSE;
		else if (r->disputes)
			r->kind = KIND_COUNTER_NOTICE;
		else
			r->kind = KIND_FOLLOW_UP;
	} else {
		r->kind = r->stream == STREAM_ABUSE ? KIND_ABUSE_REPORT
						    : KIND_IP_REPORT;
	}
}
