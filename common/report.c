/* common/report.c - report model: lifetime, names, completeness. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "report.h"

struct report *
report_new(void)
{
	struct report *r = xcalloc(1, sizeof(*r));

	return r;
}

void
report_free(struct report **rp)
{
	struct report *r;
	size_t i;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	free(r->file);
	free(r->message_id);
	free(r->in_reply_to);
	strv_free(&r->references);
	strv_free(&r->reasons);
	free(r->possible);
	free(r->date);
	free(r->from_name);
	free(r->from_address);
	free(r->reply_to_name);
	free(r->reply_to_address);
	free(r->return_path);
	free(r->subject);
	free(r->case_ref);
	free(r->submitter_name);
	free(r->submitter_email);
	free(r->submitter_org);
	free(r->rights_holder);
	for (i = 0; i < r->n_ip_rights; i++) {
		free(r->ip_rights[i].type);
		free(r->ip_rights[i].registration_number);
		free(r->ip_rights[i].jurisdiction);
	}
	free(r->ip_rights);
	for (i = 0; i < r->n_listings; i++) {
		free(r->listings[i].url);
		free(r->listings[i].listing_id);
		free(r->listings[i].found_as);
		free(r->listings[i].doc_attachment);
		free(r->listings[i].doc_where);
	}
	free(r->listings);
	strv_free(&r->other_links);
	strv_free(&r->registry_links);
	for (i = 0; i < r->n_attachments; i++) {
		free(r->attachments[i].filename);
		free(r->attachments[i].content_type);
	}
	free(r->attachments);
	free(r->body_text);
	free(r->lang);
	free(r->dmarc);
	free(r->dmarc_from);
	free(r->bounced_message_id);
	strv_free(&r->bounced_recipients);
	free(r->bounce_status);
	strv_free(&r->warnings);
	free(r);
	*rp = NULL;
}

void
report_warn(struct report *r, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *detail = NULL, *line;

	if (r->warnings.n > REPORT_MAX_WARNINGS)
		return;
	if (r->warnings.n == REPORT_MAX_WARNINGS) {
		strv_push(&r->warnings, "too_many_warnings: further warnings "
			  "were dropped");
		return;
	}
	if (fmt != NULL) {
		va_start(ap, fmt);
		detail = xvasprintf(fmt, ap);
		va_end(ap);
	}
	line = detail ? xasprintf("%s: %s", code, detail) : xstrdup(code);
	free(detail);
	if (strv_contains(&r->warnings, line))
		free(line);
	else
		strv_push_take(&r->warnings, line);
}

static char *
report_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

bool
report_add_listing(struct report *r, const char *url, const char *listing_id,
		   const char *found_as)
{
	struct report_listing *l;

	for (size_t i = 0; i < r->n_listings; i++)
		if (strcmp(r->listings[i].listing_id, listing_id) == 0)
			return false;
	r->listings = xreallocarray(r->listings, r->n_listings + 1,
				    sizeof(*r->listings));
	l = &r->listings[r->n_listings++];
	memset(l, 0, sizeof(*l));
	l->url = xstrdup(url);
	l->listing_id = xstrdup(listing_id);
	l->found_as = report_dup(found_as);
	return true;
}

struct report_attachment *
report_add_attachment(struct report *r, const struct report_attachment *a)
{
	struct report_attachment *n;

	r->attachments = xreallocarray(r->attachments, r->n_attachments + 1,
				       sizeof(*r->attachments));
	n = &r->attachments[r->n_attachments++];
	*n = *a;
	n->filename = report_dup(a->filename);
	n->content_type = report_dup(a->content_type);
	return n;
}

void
report_add_ip_right(struct report *r, const char *type, const char *reg,
		    const char *jurisdiction)
{
	struct report_ip_right *ip;

	r->ip_rights = xreallocarray(r->ip_rights, r->n_ip_rights + 1,
				     sizeof(*r->ip_rights));
	ip = &r->ip_rights[r->n_ip_rights++];
	ip->type = xstrdup(type);
	ip->registration_number = report_dup(reg);
	ip->jurisdiction = report_dup(jurisdiction);
}

static const char *const kind_names[] = {
	"ip_report", "abuse_report", "follow_up", "counter_notice",
	"counter_notice_response", "auto_reply", "bounce"
};
static const char *const stream_names[] = { "ip", "abuse" };
static const char *const acting_names[] = { "unknown", "agent",
					    "rights_holder" };
static const char *const evidence_names[] = { "other", "identity",
					      "authorization", "ownership" };
static const char *const category_names[] = {
	NULL, "malware", "illegal_content", "privacy", "fraud",
	"platform_abuse", "other"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
report_kind_name(enum report_kind k)
{
	return (size_t)k < NELEM(kind_names) ? kind_names[k] : "unknown";
}

const char *
report_stream_name(enum report_stream s)
{
	return (size_t)s < NELEM(stream_names) ? stream_names[s] : "unknown";
}

const char *
report_acting_name(enum acting_as a)
{
	return (size_t)a < NELEM(acting_names) ? acting_names[a] : "unknown";
}

const char *
report_evidence_name(enum evidence_kind e)
{
	return (size_t)e < NELEM(evidence_names) ? evidence_names[e] : "other";
}

const char *
report_decision_name(enum decision d)
{
	switch (d) {
	case DECISION_ACCEPT:
		return "accept";
	case DECISION_REJECT:
		return "reject";
	case DECISION_NONE:
		break;
	}
	return NULL;
}

const char *
report_category_name(enum abuse_category c)
{
	return (size_t)c < NELEM(category_names) ? category_names[c] : NULL;
}

const char *
report_requirement_name(enum requirement r)
{
	switch (r) {
	case REQ_IDENTITY_PROOF:
		return "identity_proof";
	case REQ_AUTHORIZATION:
		return "authorization";
	case REQ_OWNERSHIP_PROOF:
		return "ownership_proof";
	case REQ_LISTING_LINKS:
		return "listing_links";
	case REQ_DESCRIPTION:
		return "description";
	}
	return "unknown";
}

static int
report_lookup(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0) {
			*out = (int)i;
			return 0;
		}
	return -1;
}

int
report_kind_parse(const char *s, enum report_kind *kind_r)
{
	int v;

	if (report_lookup(kind_names, NELEM(kind_names), s, &v) < 0)
		return -1;
	*kind_r = (enum report_kind)v;
	return 0;
}

int
report_stream_parse(const char *s, enum report_stream *stream_r)
{
	int v;

	if (report_lookup(stream_names, NELEM(stream_names), s, &v) < 0)
		return -1;
	*stream_r = (enum report_stream)v;
	return 0;
}

bool
report_is_new_case(const struct report *r)
{
	return r->kind == KIND_IP_REPORT || r->kind == KIND_ABUSE_REPORT;
}

bool
report_wants_ack(const struct report *r)
{
	return r->kind != KIND_AUTO_REPLY && r->kind != KIND_BOUNCE;
}

void
report_compute_missing(struct report *r)
{
	unsigned need = 0;

	switch (r->kind) {
	case KIND_IP_REPORT:
		need = REQ_IDENTITY_PROOF | REQ_OWNERSHIP_PROOF |
		       REQ_LISTING_LINKS;
		if (r->acting_as == ACTING_AGENT)
			need |= REQ_AUTHORIZATION;
		break;
	case KIND_ABUSE_REPORT:
		need = REQ_LISTING_LINKS | REQ_DESCRIPTION;
		break;
	default:
		break;
	}
	r->missing = need & ~r->evidence;
}

bool
report_is_complete(const struct report *r)
{
	return r->missing == 0;
}
