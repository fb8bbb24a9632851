/* cli/cmd_cases.c - reportgate cases list / search / show (SPEC §8)
   and the dispatch of the other cases subcommands. list --json prints
   one object a line with the keys of SPEC §8; "submitter" is the submitter's
   email address (string or null), "rights_holder" the rights holder's
   name (string or null). list --overdue runs the deadline check first
   (reminders queued) and lists the cases with an overdue request. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/deadline.h"
#include "common/json.h"
#include "common/mem.h"
#include "cli/cmd_cases.h"
#include "cli/cmd_sor.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open.h"
#include "common/wallclock.h"
#include "workflow/workflow.h"
#include "store/store.h"

/* t as ISO 8601 UTC in the array buf ("-" if it cannot be shown). */
#define CASES_TIME(t, buf) \
	wallclock_utc((t), WALLCLOCK_ISO, (buf), sizeof(buf))

static void
cases_usage(FILE *f)
{
	fprintf(f, "usage: reportgate cases list [--status S] [--stream ip|abuse] "
		"[--all] [--overdue] [--json] [--quarantine]\n"
		"       reportgate cases show REF [--json]\n"
		"       reportgate cases search TEXT [--json]\n"
		"       reportgate cases accept|reject|request-info|"
		"request-evidence|close-request|act|close|note|unflag|set|move REF "
		"... "
		"[--as NAME]\n"
		"       reportgate cases complaint REF [--listing ID ...] "
		"uphold|reverse --reason TEXT [--as NAME]\n"
		"       reportgate cases open --listing ID ... --ground terms "
		"--clause CLAUSE --explanation TEXT [--as NAME]\n"
		"       reportgate cases export REF --json\n"
		"       reportgate cases attachment REF SHA256 --out FILE\n"
		"       reportgate cases assign REF NAME|- [--as WHO]\n"
		"Run 'reportgate cases accept --help' for the decisions' "
		"options.\n");
}

/* Writes the SPEC §8 list keys of c into an open object. */
static void
cases_json_case(struct json *j, const struct store_case *c)
{
	char t[32];

	json_kv_string(j, "ref", c->ref);
	json_kv_string(j, "stream", c->stream);
	json_kv_string(j, "status", c->status);
	json_kv_string(j, "kind", c->kind);
	json_kv_string(j, "created", CASES_TIME(c->created, t));
	json_kv_string(j, "updated", CASES_TIME(c->updated, t));
	json_kv_string(j, "submitter", c->submitter_email);
	json_kv_string(j, "rights_holder", c->rights_holder);
	json_kv_strv(j, "listings", &c->listings);
	json_kv_strv(j, "missing", &c->missing);
	json_kv_string(j, "source_type", c->source_type);
	json_kv_bool(j, "held", c->held);
	json_kv_bool(j, "repeat_infringer", c->repeat_infringer);
}

/* True when case id has an open evidence request past its deadline. */
static bool
cases_is_overdue(int64_t id, const struct store_evreq *q, size_t nq,
		 time_t now)
{
	for (size_t i = 0; i < nq; i++)
		if (q[i].case_id == id &&
		    strcmp(cases_evreq_state(&q[i], now), "overdue") == 0)
			return true;
	return false;
}

static bool
cases_is_trusted(const struct store_case *c)
{
	return c->source_type != NULL &&
	       strcmp(c->source_type, "trusted_flagger") == 0;
}

static void
cases_print_list(const struct store_case *v, size_t n, int as_json,
		 const struct store_evreq *q, size_t nq, time_t now)
{
	bool overdue;
	struct buf b;
	struct json j;
	char t[32];
	size_t i, k;

	buf_init(&b, 0);
	if (!as_json && n > 0)
		printf("%-17s %-6s %-17s %-24s %-20s %s\n", "REF", "STREAM",
		       "STATUS", "KIND", "CREATED", "MISSING / FLAGS");
	for (i = 0; i < n; i++) {
		overdue = cases_is_overdue(v[i].id, q, nq, now);
		if (!as_json) {
			buf_reset(&b);
			for (k = 0; k < v[i].missing.n; k++)
				buf_printf(&b, "%s%s", k ? "," : "",
					   v[i].missing.v[k]);
			printf("%-17s %-6s %-17s %-24s %-20s %s%s%s%s%s%s%s"
			       "\n", v[i].ref, v[i].stream, v[i].status,
			       v[i].kind, CASES_TIME(v[i].created, t),
			       b.len ? buf_str(&b) : "-",
			       v[i].needs_staff ? " [needs staff]" : "",
			       v[i].linked_ref ? " [linked]" : "",
			       overdue ? " [overdue]" : "",
			       cases_is_trusted(&v[i]) ? " [trusted flagger]" :
			       "",
			       v[i].held ? " [held]" : "",
			       v[i].repeat_infringer ?
			       " [repeat infringer]" : "");
			continue;
		}
		buf_reset(&b);
		json_init(&j, &b);
		json_begin_object(&j);
		cases_json_case(&j, &v[i]);
		json_kv_bool(&j, "overdue", overdue);
		json_kv_bool(&j, "needs_staff", v[i].needs_staff);
		json_end_object(&j);
		printf("%s\n", buf_str(&b));
	}
	buf_free(&b);
}

static void
cases_print_quarantine(const struct store_quarantine *q, size_t n,
		       int as_json)
{
	struct buf b;
	struct json j;
	char t[32];
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		if (!as_json) {
			/* Mailbox names may come from file names: escape. */
			json_escape(&b, q[i].mailbox, strlen(q[i].mailbox));
			printf("%s %s:%u:%u %s %llu bytes: %s\n",
			       CASES_TIME(q[i].time, t), buf_str(&b),
			       q[i].uidvalidity, q[i].uid, q[i].sha256,
			       (unsigned long long)q[i].size, q[i].reason);
			continue;
		}
		json_init(&j, &b);
		json_begin_object(&j);
		json_kv_int(&j, "id", q[i].id);
		json_kv_string(&j, "time", CASES_TIME(q[i].time, t));
		json_kv_string(&j, "mailbox", q[i].mailbox);
		json_kv_int(&j, "uidvalidity", q[i].uidvalidity);
		json_kv_int(&j, "uid", q[i].uid);
		json_kv_string(&j, "sha256", q[i].sha256);
		json_kv_int(&j, "size", (int64_t)q[i].size);
		json_kv_string(&j, "reason", q[i].reason);
		json_kv_bool(&j, "raw_kept", q[i].message_id != 0);
		json_end_object(&j);
		printf("%s\n", buf_str(&b));
	}
	buf_free(&b);
}

/* The deadline check before list --overdue: reminders are queued. */
static int
cases_overdue(const struct config *cfg, struct store *s, time_t now,
	      struct err *err)
{
	struct workflow_env *e;
	int n;

	if ((e = workflow_env_new(cfg, s, "system", err)) == NULL)
		return -1;
	n = workflow_deadlines(s, e->mailq, now, err);
	if (n > 0)
		fprintf(stderr, "reportgate cases list: %d reminder%s %s\n",
			n, n == 1 ? "" : "s", e->mailq ? "queued" :
			"due (mails are off: smtp.from is empty)");
	workflow_env_free(&e);
	return n < 0 ? -1 : 0;
}

static int
cases_list(const struct config *cfg, struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "stream", required_argument, NULL, 'S' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quarantine", no_argument, NULL, 'q' },
		{ "all", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_case_filter f = { NULL, NULL, false, 0, true };
	struct store_evreq *q = NULL;
	size_t nq = 0;
	struct store_case *v = NULL;
	struct store_quarantine *qu = NULL;
	int c, as_json = 0, quarantine = 0;
	enum case_status st;
	struct err err;
	size_t n = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			f.status = optarg;
			if (workflow_status_parse(optarg, &st) < 0) {
				fprintf(stderr, "reportgate cases list: no "
					"status '%s'\n", optarg);
				return 2;
			}
			break;
		case 'S': f.stream = optarg; break;
		case 'o': f.overdue = true; break;
		case 'A': f.hide_closed = false; break;
		case 'j': as_json = 1; break;
		case 'q': quarantine = 1; break;
		case 'h': cases_usage(stdout); return 0;
		default: cases_usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		cases_usage(stderr);
		return 2;
	}
	if (quarantine) {
		if (store_quarantine_list(s, &qu, &n, &err) < 0)
			goto fail;
		cases_print_quarantine(qu, n, as_json);
		store_quarantine_free(qu, n);
		return 0;
	}
	f.now = wallclock_now();
	if (f.overdue && cases_overdue(cfg, s, f.now, &err) < 0)
		goto fail;
	if (store_case_list(s, &f, &v, &n, &err) < 0 ||
	    store_evreq_list(s, 0, &q, &nq, &err) < 0) {
		store_cases_free(v, n);
		goto fail;
	}
	cases_print_list(v, n, as_json, q, nq, f.now);
	store_cases_free(v, n);
	store_evreqs_free(q, nq);
	return 0;
fail:
	fprintf(stderr, "reportgate cases list: %s\n", err.msg);
	return 1;
}

static int
cases_search(struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_case *v = NULL;
	int c, as_json = 0;
	struct err err;
	size_t n = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = 1; break;
		case 'h': cases_usage(stdout); return 0;
		default: cases_usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc || argv[optind][0] == '\0') {
		cases_usage(stderr);
		return 2;
	}
	if (store_case_search(s, argv[optind], &v, &n, &err) < 0) {
		fprintf(stderr, "reportgate cases search: %s\n", err.msg);
		return 1;
	}
	cases_print_list(v, n, as_json, NULL, 0, 0);
	store_cases_free(v, n);
	return 0;
}

/* The directory's vendor of listing_id among v's vendors, or NULL. */
static const struct store_vendor *
cases_vendor_of(const struct store_case_view *v, const char *listing_id)
{
	for (size_t i = 0; i < v->n_vendors; i++)
		if (strv_contains(&v->vendors[i].listing_ids, listing_id))
			return &v->vendors[i];
	return NULL;
}

static void
cases_json_links(struct json *j, const char *key,
		 const struct store_case_link *l, size_t n, const char *via)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_kv_string(j, "ref", l[i].ref);
		json_kv_string(j, "status", l[i].status);
		json_kv_string(j, via, l[i].via);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
cases_json_messages(struct json *j, struct store *s,
		    const struct store_case_view *v)
{
	struct err err;
	char *text;
	char t[32];
	size_t i, k;

	json_key(j, "messages");
	json_begin_array(j);
	for (i = 0; i < v->n_msgs; i++) {
		const struct store_message *m = &v->msgs[i];

		json_begin_object(j);
		json_kv_int(j, "id", m->id);
		json_kv_string(j, "received", CASES_TIME(m->received, t));
		json_kv_string(j, "mailbox", m->mailbox);
		json_kv_int(j, "uidvalidity", m->uidvalidity);
		json_kv_int(j, "uid", m->uid);
		json_kv_string(j, "message_id", m->message_id);
		json_kv_string(j, "from", m->from_address);
		json_kv_string(j, "subject", m->subject);
		json_kv_string(j, "kind", m->kind);
		text = workflow_message_text(s, m->id, &err);
		json_kv_string(j, "text", text ? text : err.msg);
		free(text);
		json_kv_string(j, "sha256", m->sha256);
		json_kv_int(j, "size", (int64_t)m->size);
		json_key(j, "attachments");
		json_begin_array(j);
		for (k = 0; k < m->n_attachments; k++) {
			const struct store_attachment *a = &m->attachments[k];

			json_begin_object(j);
			json_kv_string(j, "filename", a->filename);
			json_kv_string(j, "content_type", a->content_type);
			json_kv_int(j, "size", (int64_t)a->size);
			json_kv_string(j, "sha256", a->sha256);
			json_kv_string(j, "evidence", a->evidence);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

const char *
cases_evreq_state(const struct store_evreq *q, time_t now)
{
	if (q->satisfied_at)
		return "answered";
	if (q->closed_at)
		return "closed";
	return deadline_passed(q->deadline, now) ? "overdue" : "open";
}

/* vendor_actions[] and counter_notices[] of v. */
static void
cases_json_disputes(struct json *j, const struct store_case_view *v)
{
	char t[32], dl[16];
	size_t i;

	json_key(j, "vendor_actions");
	json_begin_array(j);
	for (i = 0; i < v->n_actions; i++) {
		json_begin_object(j);
		json_kv_string(j, "vendor_email", v->actions[i].vendor_email);
		json_kv_string(j, "action", v->actions[i].action);
		json_kv_string(j, "reason", v->actions[i].reason);
		json_kv_string(j, "actor", v->actions[i].actor);
		json_kv_string(j, "created", CASES_TIME(v->actions[i].created, t));
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "counter_notices");
	json_begin_array(j);
	for (i = 0; i < v->n_counters; i++) {
		json_begin_object(j);
		json_kv_string(j, "vendor_email", v->counters[i].vendor_email);
		json_kv_int(j, "message", v->counters[i].message_id);
		deadline_format(v->counters[i].deadline, dl, sizeof(dl));
		json_kv_string(j, "answer_due", dl);
		json_kv_string(j, "answer", v->counters[i].answer);
		json_kv_string(j, "forwarded_as",
			       v->counters[i].forward_message_id);
		json_end_object(j);
	}
	json_end_array(j);
}

/* Writes the key statements: the case's statements of reasons as
   mailed, oldest first. Returns 0, or -1 with err set. */
static int
cases_json_statements(struct json *j, struct store *s, int64_t case_id,
		      struct err *err)
{
	struct store_statement_filter f = { 0 };
	struct store_statement *st = NULL;
	size_t n = 0, i;

	f.case_id = case_id;
	if (store_statement_list(s, &f, &st, &n, err) < 0)
		return -1;
	json_key(j, "statements");
	json_begin_array(j);
	for (i = 0; i < n; i++)
		sor_statement_json(j, &st[i]);
	json_end_array(j);
	store_statements_free(st, n);
	return 0;
}

static void
cases_json_view(struct json *j, struct store *s,
		const struct store_case_view *v)
{
	char t[32], due[16];
	time_t now = wallclock_now();
	size_t i;

	cases_json_case(j, v->c);
	json_kv_string(j, "submitter_name", v->c->submitter_name);
	json_kv_string(j, "submitter_organization", v->c->submitter_org);
	json_kv_string(j, "acting_as", v->c->acting_as);
	json_kv_string(j, "reporter", v->c->reporter);
	json_kv_string(j, "category", v->c->category);
	json_kv_string(j, "enforcement", v->c->enforcement);
	json_kv_bool(j, "needs_staff", v->c->needs_staff);
	json_kv_string(j, "linked_to", v->c->linked_ref);
	json_kv_strv(j, "linked_from", &v->linked_from);
	cases_json_links(j, "same_listing", v->links, v->n_links, "listing");
	cases_json_links(j, "same_vendor", v->same_vendor, v->n_same_vendor,
			 "vendor_email");
	json_key(j, "ip_rights");
	json_begin_array(j);
	for (i = 0; i < v->n_rights; i++) {
		json_begin_object(j);
		json_kv_string(j, "type", v->rights[i].type);
		json_kv_string(j, "registration_number",
			       v->rights[i].registration);
		json_kv_string(j, "jurisdiction", v->rights[i].jurisdiction);
		json_end_object(j);
	}
	json_end_array(j);
	json_kv_string(j, "ip_rights_from", v->rights_corrected ? "staff" :
		       "reports");
	cases_json_messages(j, s, v);
	json_key(j, "listing_details");
	json_begin_array(j);
	for (i = 0; i < v->n_listings; i++) {
		const struct store_vendor *vd =
			cases_vendor_of(v, v->listings[i].listing_id);

		json_begin_object(j);
		json_kv_string(j, "listing_id", v->listings[i].listing_id);
		json_kv_string(j, "url", v->listings[i].url);
		json_kv_int(j, "message", v->listings[i].message_id);
		json_kv_string(j, "vendor_email", v->listings[i].vendor_email);
		json_kv_string(j, "vendor_name", vd ? vd->name : NULL);
		json_kv_bool(j, "in_directory", vd != NULL);
		json_kv_string(j, "status", v->listings[i].track);
		json_kv_string(j, "decided_by", v->listings[i].decided_by);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "evidence_requests");
	json_begin_array(j);
	for (i = 0; i < v->n_evreqs; i++) {
		const struct store_evreq *q = &v->evreqs[i];

		json_begin_object(j);
		json_kv_int(j, "id", q->id);
		json_kv_string(j, "party_role", q->role);
		json_kv_string(j, "party", q->party);
		json_kv_string(j, "state", cases_evreq_state(q, now));
		deadline_format(q->deadline, due, sizeof(due));
		json_kv_string(j, "due", due);
		json_kv_string(j, "text", q->text);
		json_kv_string(j, "created", CASES_TIME(q->created, t));
		json_kv_string(j, "deadline", CASES_TIME(q->deadline, t));
		json_kv_string(j, "satisfied", q->satisfied_at ?
			       CASES_TIME(q->satisfied_at, t) : NULL);
		json_kv_string(j, "reminded", q->reminded_at ?
			       CASES_TIME(q->reminded_at, t) : NULL);
		json_kv_string(j, "closed", q->closed_at ?
			       CASES_TIME(q->closed_at, t) : NULL);
		json_kv_string(j, "closed_why", q->closed_why);
		json_end_object(j);
	}
	json_end_array(j);
	cases_json_disputes(j, v);
	cases_json_complaints(j, s, v->c);
	json_key(j, "outbox");
	json_begin_array(j);
	for (i = 0; i < v->n_outbox; i++) {
		const struct store_outbox_mail *o = &v->outbox[i];

		json_begin_object(j);
		json_kv_int(j, "id", o->id);
		json_kv_string(j, "kind", o->kind);
		json_kv_string(j, "message_id", o->message_id);
		json_kv_string(j, "subject", o->subject);
		json_kv_string(j, "status", o->status);
		json_kv_string(j, "created", CASES_TIME(o->created, t));
		json_kv_int(j, "attempts", o->attempts);
		json_kv_string(j, "last_error", o->last_error);
		json_kv_strv(j, "recipients", &o->recipients);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "events");
	json_begin_array(j);
	for (i = 0; i < v->n_events; i++) {
		const struct store_event *e = &v->events[i];

		json_begin_object(j);
		json_kv_string(j, "time", CASES_TIME(e->time, t));
		json_kv_string(j, "actor", e->actor);
		json_kv_string(j, "type", e->type);
		json_kv_int(j, "message", e->message_id);
		/* detail is a JSON object kept as text. */
		json_kv_string(j, "detail", e->detail);
		json_end_object(j);
	}
	json_end_array(j);
}

int
cases_json_full(struct store *s, const char *ref, struct json *j,
		int64_t *case_id_r, struct err *err)
{
	struct store_case_view v;
	int rc;

	if ((rc = store_case_view_load(s, ref, &v, err)) <= 0)
		return rc;
	cases_json_view(j, s, &v);
	if (cases_json_statements(j, s, v.c->id, err) < 0) {
		store_case_view_free(&v);
		return -1;
	}
	if (case_id_r != NULL)
		*case_id_r = v.c->id;
	store_case_view_free(&v);
	return 1;
}

/* Prints s (from mail) with control characters made visible. */
static void
cases_put(const char *label, const char *s)
{
	printf("%s", label);
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
	if (s == NULL)
		printf("-");
	putchar('\n');
}

static void
cases_show_links(const char *title, const struct store_case_link *l,
		 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%s %s (%s) via ", title, l[i].ref, l[i].status);
		cases_put("", l[i].via);
	}
}

/* Prints text (from mail) indented, control characters but newlines and
   tabs made visible. */
static void
cases_put_text(const char *text)
{
	const char *p;

	printf("    | ");
	for (p = text; p && *p; p++) {
		if (*p == '\n')
			printf("\n    | ");
		else
			putchar((unsigned char)*p < 0x20 && *p != '\t' ?
				'?' : *p == 0x7f ? '?' : *p);
	}
	putchar('\n');
}

static void
cases_show_messages(struct store *s, const struct store_case_view *v)
{
	struct err err;
	char t[32], *text;
	size_t i, k;

	printf("\nmessages:\n");
	for (i = 0; i < v->n_msgs; i++) {
		const struct store_message *m = &v->msgs[i];

		printf("  #%lld %s %s sha256 %s\n", (long long)m->id,
		       CASES_TIME(m->received, t),
		       m->kind ? m->kind : "-", m->sha256);
		cases_put("    from: ", m->from_address);
		cases_put("    subject: ", m->subject);
		for (k = 0; k < m->n_attachments; k++) {
			printf("    attachment %s %s %llu bytes sha256 %s: ",
			       m->attachments[k].evidence,
			       m->attachments[k].content_type ?
			       m->attachments[k].content_type : "-",
			       (unsigned long long)m->attachments[k].size,
			       m->attachments[k].sha256);
			cases_put("", m->attachments[k].filename);
		}
		text = workflow_message_text(s, m->id, &err);
		cases_put_text(text ? text : err.msg);
		free(text);
	}
}

static void
cases_show_text(struct store *s, const struct store_case_view *v)
{
	const struct store_case *c = v->c;
	const struct store_vendor *vd;
	char t[32], t2[32];
	size_t i, k;

	printf("%s  %s  %s  (%s)%s%s%s%s\n", c->ref, c->stream, c->status,
	       c->kind, c->needs_staff ? "  NEEDS STAFF" : "",
	       cases_is_trusted(c) ? "  [trusted flagger]" : "",
	       c->held ? "  [held]" : "",
	       c->repeat_infringer ? "  [repeat infringer]" : "");
	cases_put("source type: ", c->source_type);
	printf("created %s", CASES_TIME(c->created, t));
	printf("  updated %s\n", CASES_TIME(c->updated, t));
	cases_put("submitter: ", c->submitter_email);
	cases_put("submitter name: ", c->submitter_name);
	cases_put("rights holder: ", c->rights_holder);
	for (i = 0; i < v->n_rights; i++) {
		char *line = xasprintf("%s %s %s%s", v->rights[i].type,
				       v->rights[i].jurisdiction ?
				       v->rights[i].jurisdiction : "-",
				       v->rights[i].registration ?
				       v->rights[i].registration : "-",
				       v->rights_corrected ?
				       " (set by staff)" : "");

		cases_put("right: ", line);
		free(line);
	}
	printf("acting as: %s\n", c->acting_as);
	if (c->enforcement)
		printf("enforcement: %s\n", c->enforcement);
	printf("missing:");
	for (i = 0; i < c->missing.n; i++)
		printf(" %s", c->missing.v[i]);
	printf("%s\n", c->missing.n ? "" : " nothing");
	if (c->linked_ref)
		printf("linked to: %s\n", c->linked_ref);
	for (i = 0; i < v->linked_from.n; i++)
		printf("linked from: %s\n", v->linked_from.v[i]);
	cases_show_links("same listing:", v->links, v->n_links);
	cases_show_links("same vendor:", v->same_vendor, v->n_same_vendor);
	printf("\nlistings:\n");
	for (i = 0; i < v->n_listings; i++) {
		cases_put("  ", v->listings[i].url);
		vd = cases_vendor_of(v, v->listings[i].listing_id);
		if (vd == NULL) {
			printf("    vendor: not in the listing directory\n");
			printf("    status: %s\n", v->listings[i].track);
			continue;
		}
		cases_put("    vendor: ", vd->name);
		cases_put("    vendor email: ", vd->email);
		printf("    status: %s\n", v->listings[i].track);
	}
	cases_show_messages(s, v);
	if (v->n_evreqs)
		printf("\nevidence requests:\n");
	for (i = 0; i < v->n_evreqs; i++) {
		const struct store_evreq *q = &v->evreqs[i];

		printf("  #%lld to %s (%s) due %s: %s%s\n", (long long)q->id,
		       q->party, q->role, CASES_TIME(q->deadline, t),
		       q->satisfied_at ? "answered " : "open",
		       q->satisfied_at ? CASES_TIME(q->satisfied_at, t2) : "");
		cases_put("    ", q->text);
	}
	if (v->n_outbox)
		printf("\noutbox:\n");
	for (i = 0; i < v->n_outbox; i++) {
		printf("  #%lld %s %s attempts %d\n", (long long)v->outbox[i].id,
		       v->outbox[i].kind, v->outbox[i].status,
		       v->outbox[i].attempts);
		for (k = 0; k < v->outbox[i].recipients.n; k++)
			cases_put("    to: ", v->outbox[i].recipients.v[k]);
	}
	printf("\nevents:\n");
	for (i = 0; i < v->n_events; i++) {
		printf("  %s %s %s ", CASES_TIME(v->events[i].time, t),
		       v->events[i].actor, v->events[i].type);
		cases_put("", v->events[i].detail);
	}
}

static int
cases_show(struct store *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_case_view v = { 0 };
	int c, as_json = 0, rc;
	struct err err;
	struct buf b;
	struct json j;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = 1; break;
		case 'h': cases_usage(stdout); return 0;
		default: cases_usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		cases_usage(stderr);
		return 2;
	}
	rc = store_case_view_load(s, argv[optind], &v, &err);
	if (rc == 0)
		fprintf(stderr, "reportgate cases show: no case %s\n",
			argv[optind]);
	if (rc < 0)
		fprintf(stderr, "reportgate cases show: %s\n", err.msg);
	if (rc <= 0)
		return 1;
	if (as_json) {
		buf_init(&b, 0);
		json_init(&j, &b);
		json_begin_object(&j);
		cases_json_view(&j, s, &v);
		rc = cases_json_statements(&j, s, v.c->id, &err);
		json_end_object(&j);
		if (rc == 0)
			printf("%s\n", buf_str(&b));
		else
			fprintf(stderr, "reportgate cases show: %s\n",
				err.msg);
		buf_free(&b);
		if (rc < 0) {
			store_case_view_free(&v);
			return 1;
		}
	} else {
		cases_show_text(s, &v);
	}
	store_case_view_free(&v);
	return 0;
}

int
cases_print_status(struct store *s, const char *ref, struct err *err)
{
	struct store_case *c = NULL;
	int rc;

	if ((rc = store_case_get(s, ref, &c, err)) <= 0)
		return -1;
	printf("%s %s\n", c->ref, c->status);
	store_cases_free(c, 1);
	return 0;
}

static const char *const cases_decisions[] = {
	"accept", "reject", "request-info", "request-evidence", "act",
	"close", "note", "close-request", "unflag", "set", "move", "release",
	"complaint", "open", NULL
};

int
cmd_cases(int argc, char **argv, const struct global_opts *g)
{
	static const char *const reads[] = {
		"list", "show", "search", "export", "attachment", "assign",
		NULL
	};
	struct config *cfg = NULL;
	struct store *s = NULL;
	const char *sub;
	struct err err;
	bool known = false, decision = false;
	int ret = 1;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		cases_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	for (size_t i = 0; reads[i]; i++)
		known |= strcmp(sub, reads[i]) == 0;
	for (size_t i = 0; cases_decisions[i]; i++)
		decision |= strcmp(sub, cases_decisions[i]) == 0;
	if (!known && !decision) {
		fprintf(stderr, "reportgate cases: unknown subcommand '%s'\n",
			sub);
		cases_usage(stderr);
		return 2;
	}
	/* a subcommand's --help needs neither configuration nor store */
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			if (strcmp(sub, "complaint") == 0 ||
			    strcmp(sub, "open") == 0)
				cases_complaint_usage(stdout);
			else if (decision)
				cases_act_usage(stdout);
			else
				cases_usage(stdout);
			return 0;
		}
	}
	err_clear(&err);
	if (cli_open(g, &cfg, &s, &err) < 0) {
		fprintf(stderr, "reportgate cases: %s\n", err.msg);
		goto out;
	}
	if (strcmp(sub, "complaint") == 0 || strcmp(sub, "open") == 0)
		ret = cases_complaint(cfg, s, argc - 1, argv + 1);
	else if (decision)
		ret = cases_act(cfg, s, argc - 1, argv + 1);
	else if (strcmp(sub, "list") == 0)
		ret = cases_list(cfg, s, argc - 1, argv + 1);
	else if (strcmp(sub, "show") == 0)
		ret = cases_show(s, argc - 1, argv + 1);
	else if (strcmp(sub, "search") == 0)
		ret = cases_search(s, argc - 1, argv + 1);
	else if (strcmp(sub, "export") == 0)
		ret = cases_export(s, argc - 1, argv + 1);
	else if (strcmp(sub, "assign") == 0)
		ret = cases_assign(s, argc - 1, argv + 1);
	else
		ret = cases_attachment(s, argc - 1, argv + 1);
out:
	store_close(&s);
	config_free(&cfg);
	return ret;
}
