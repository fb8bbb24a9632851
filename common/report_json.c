/* common/report_json.c - the SPEC §6 JSON form of a report (contract:
   fixed key order, so goldens compare byte for byte). */
#include "json.h"
#include "report.h"

static void
rj_party(struct json *j, const char *key, const char *name,
	 const char *address)
{
	json_key(j, key);
	if (name == NULL && address == NULL) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kv_string(j, "name", name);
	json_kv_string(j, "address", address);
	json_end_object(j);
}

static void
rj_missing(struct json *j, unsigned bits)
{
	static const enum requirement order[] = {
		REQ_IDENTITY_PROOF, REQ_AUTHORIZATION, REQ_OWNERSHIP_PROOF,
		REQ_LISTING_LINKS, REQ_DESCRIPTION
	};

	json_key(j, "missing");
	json_begin_array(j);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (bits & order[i])
			json_string(j, report_requirement_name(order[i]));
	json_end_array(j);
}

/* "document": where a listing was read, when not from the mail's text:
   {"attachment": file name, "where": "page 2" / "sheet Links" / null}. */
static void
rj_listing_document(struct json *j, const struct report_listing *l)
{
	json_key(j, "document");
	if (l->doc_attachment == NULL) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kv_string(j, "attachment", l->doc_attachment);
	json_kv_string(j, "where", l->doc_where);
	json_end_object(j);
}

/* "document": what was read from an attachment's content, or null:
   {"type": "pdf", "pages": N, "evidence": class of its text, "why":
   what decided that class or null}. */
static void
rj_attachment_document(struct json *j, const struct report_attachment *a)
{
	json_key(j, "document");
	if (a->doc_type == NULL) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kv_string(j, "type", a->doc_type);
	json_kv_int(j, "pages", (int64_t)a->doc_pages);
	json_kv_string(j, "evidence", report_evidence_name(a->doc_evidence));
	json_kv_string(j, "why", a->doc_why);
	json_end_object(j);
}

void
report_to_json(const struct report *r, struct buf *out)
{
	struct json j;
	size_t i;

	json_init(&j, out);
	json_begin_object(&j);
	json_kv_string(&j, "schema", "reportgate.report/2");
	json_kv_string(&j, "file", r->file);
	json_kv_string(&j, "message_id", r->message_id);
	json_kv_string(&j, "in_reply_to", r->in_reply_to);
	json_kv_string(&j, "date", r->date);
	rj_party(&j, "from", r->from_name, r->from_address);
	rj_party(&j, "reply_to", r->reply_to_name, r->reply_to_address);
	json_kv_string(&j, "subject", r->subject);
	json_kv_string(&j, "kind", report_kind_name(r->kind));
	json_kv_string(&j, "stream", report_stream_name(r->stream));
	json_kv_string(&j, "case_ref", r->case_ref);
	json_kv_string(&j, "decision", report_decision_name(r->decision));
	json_kv_bool(&j, "disputes", r->disputes);
	json_kv_string(&j, "possible", r->possible);
	json_kv_strv(&j, "reasons", &r->reasons);
	json_kv_bool(&j, "auto_submitted", r->auto_submitted);
	json_kv_string(&j, "acting_as", report_acting_name(r->acting_as));

	json_key(&j, "submitter");
	json_begin_object(&j);
	json_kv_string(&j, "name", r->submitter_name);
	json_kv_string(&j, "email", r->submitter_email);
	json_kv_string(&j, "organization", r->submitter_org);
	json_end_object(&j);

	json_key(&j, "rights_holder");
	if (r->rights_holder == NULL) {
		json_null(&j);
	} else {
		json_begin_object(&j);
		json_kv_string(&j, "name", r->rights_holder);
		json_end_object(&j);
	}

	json_key(&j, "ip_rights");
	json_begin_array(&j);
	for (i = 0; i < r->n_ip_rights; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "type", r->ip_rights[i].type);
		json_kv_string(&j, "registration_number",
			       r->ip_rights[i].registration_number);
		json_kv_string(&j, "jurisdiction", r->ip_rights[i].jurisdiction);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_key(&j, "listings");
	json_begin_array(&j);
	for (i = 0; i < r->n_listings; i++) {
		json_begin_object(&j);
		json_kv_string(&j, "url", r->listings[i].url);
		json_kv_string(&j, "listing_id", r->listings[i].listing_id);
		json_kv_string(&j, "found_as", r->listings[i].found_as);
		rj_listing_document(&j, &r->listings[i]);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_kv_strv(&j, "other_links", &r->other_links);

	json_key(&j, "attachments");
	json_begin_array(&j);
	for (i = 0; i < r->n_attachments; i++) {
		const struct report_attachment *a = &r->attachments[i];

		json_begin_object(&j);
		json_kv_string(&j, "filename", a->filename);
		json_kv_string(&j, "content_type", a->content_type);
		json_kv_int(&j, "size", (int64_t)a->size);
		json_kv_string(&j, "sha256", a->sha256);
		json_kv_string(&j, "evidence", report_evidence_name(a->evidence));
		json_kv_string(&j, "evidence_by", a->evidence_by);
		rj_attachment_document(&j, a);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_key(&j, "evidence");
	json_begin_object(&j);
	json_kv_bool(&j, "identity_proof", r->evidence & REQ_IDENTITY_PROOF);
	json_kv_bool(&j, "authorization", r->evidence & REQ_AUTHORIZATION);
	json_kv_bool(&j, "ownership_proof", r->evidence & REQ_OWNERSHIP_PROOF);
	json_end_object(&j);
	rj_missing(&j, r->missing);
	json_kv_bool(&j, "complete",
		     report_is_new_case(r) && report_is_complete(r));
	json_kv_string(&j, "category", report_category_name(r->category));
	json_kv_string(&j, "language", r->lang);
	json_kv_strv(&j, "warnings", &r->warnings);
	json_end_object(&j);
}
