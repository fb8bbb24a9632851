/* workflow/sor.c - statements of reasons (DSA Art. 17, docs/WORKFLOW.md
   "Statements of reasons"): for each decision mail that tells a vendor of
   a restriction, the statement in the mail's language with every element
   filled from the case - what is restricted, where and for how long, the
   notice it rests on, automated means, the ground and its explanation,
   and the redress - stored with the decision exactly as mailed, with the
   facts the Transparency Database export needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/buf.h"
#include "common/dsa.h"
#include "common/mem.h"
#include "common/wallclock.h"
#include "workflow/workflow-int.h"

static void
sor_date(time_t t, char *out, size_t size)
{
	wallclock_utc(t, "%Y-%m-%d", out, size);
}

/* t plus months calendar months (UTC). */
static time_t
sor_add_months(time_t t, int months)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_mon += months;
	return timegm(&tm);
}

/* The notice: when it came in, the first message of the case (else the
   case's creation). */
static time_t
sor_notice_time(const struct workflow_case *wc)
{
	return wc->n_msgs > 0 && wc->msgs[0].received > 0 ?
		wc->msgs[0].received : wc->c->created;
}

/* True when message m came from the reporter. */
static bool
sor_from_reporter(const struct workflow_case *wc,
		  const struct store_message *m)
{
	const char *rep = workflow_reporter(wc);

	return m->from_address != NULL && rep != NULL &&
		strcasecmp(m->from_address, rep) == 0;
}

/* Sets list attachments to the documents the reporter sent: the evidence
   examined. Returns how many; appends their classes (en) to classes. */
static size_t
sor_evidence_list(const struct workflow_case *wc, struct tvars *v,
		  const char *lang, struct buf *classes)
{
	size_t n = 0;

	tvars_set_list(v, "attachments");
	for (size_t i = 0; i < wc->n_msgs; i++) {
		const struct store_message *m = &wc->msgs[i];

		if (!sor_from_reporter(wc, m))
			continue;
		for (size_t k = 0; k < m->n_attachments; k++) {
			const struct store_attachment *a = &m->attachments[k];
			struct tvars *item = tvars_add_item(v, "attachments");
			const char *ev = a->evidence ? a->evidence : "other";

			tvars_set(item, "filename", a->filename ? a->filename :
				  strcmp(lang, "zh") == 0 ? "（无文件名）" :
				  "(no file name)");
			tvars_set(item, "evidence.title",
				  ackvars_title("evidence", ev, lang, ev));
			buf_printf(classes, "%s%s", n ? ", " : "",
				   ackvars_title("evidence", ev, "en", ev));
			n++;
		}
	}
	return n;
}

/* The Transparency Database category of the decision, and its keywords
   (blank separated) appended to kw. Static. */
static const char *
sor_category(const struct workflow_case *wc, const struct store_case_dsa *d,
	     struct buf *kw)
{
	int clause = d->clause ? dsa_name_index(dsa_clause_names, d->clause)
			       : -1;
	const char *cat = wc->c->category;

	if (clause == DSA_CLAUSE_PROHIBITED ||
	    (clause < 0 && cat && strcmp(cat, "illegal_content") == 0)) {
		buf_puts(kw, "KEYWORD_PROHIBITED_PRODUCTS");
		return "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS";
	}
	if (clause == DSA_CLAUSE_MALWARE ||
	    (clause < 0 && cat && strcmp(cat, "malware") == 0))
		return "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY";
	if (clause == DSA_CLAUSE_PERSONAL_DATA ||
	    (clause < 0 && cat && strcmp(cat, "privacy") == 0)) {
		buf_puts(kw, "KEYWORD_MISSING_PROCESSING_GROUND");
		return "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS";
	}
	if (clause < 0 && cat && strcmp(cat, "fraud") == 0)
		return "STATEMENT_CATEGORY_SCAMS_AND_FRAUD";
	if (clause < 0 && strcmp(wc->c->stream, "ip") == 0) {
		for (size_t i = 0; i < wc->n_rights; i++) {
			const char *t = wc->rights[i].type, *k =
				strcmp(t, "trademark") == 0 ?
				"KEYWORD_TRADEMARK_INFRINGEMENT" :
				strcmp(t, "copyright") == 0 ?
				"KEYWORD_COPYRIGHT_INFRINGEMENT" :
				strcmp(t, "patent") == 0 ?
				"KEYWORD_PATENT_INFRINGEMENT" : NULL;

			if (k != NULL && strstr(buf_str(kw), k) == NULL)
				buf_printf(kw, "%s%s", kw->len ? " " : "",
					   k);
		}
		return "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS";
	}
	return "STATEMENT_CATEGORY_OTHER_VIOLATION_TC";
}

/* The legal ground of an "illegal" decision in lang, into b. */
static void
sor_legal_ground(const struct workflow_env *e, const struct workflow_case *wc,
		 const struct store_case_dsa *d, const char *lang,
		 struct buf *b)
{
	bool zh = strcmp(lang, "zh") == 0;
	int clause = d->clause ? dsa_name_index(dsa_clause_names, d->clause)
			       : -1;

	if (clause >= 0) {
		buf_puts(b, zh ? e->cfg->dsa_clauses[clause].zh :
			 e->cfg->dsa_clauses[clause].en);
		return;
	}
	if (strcmp(wc->c->stream, "ip") != 0) {
		buf_printf(b, zh ? "违法内容（%s）" : "illegal content (%s)",
			   ackvars_title("category", wc->c->category, lang,
					 zh ? "其他" : "other"));
		return;
	}
	buf_puts(b, zh ? "侵犯通知中主张的知识产权" :
		 "infringement of the intellectual property right claimed "
		 "in the notice");
	for (size_t i = 0; i < wc->n_rights; i++) {
		const struct store_right *r = &wc->rights[i];

		buf_printf(b, "%s%s", i == 0 ? (zh ? "（" : " (") :
			   (zh ? "；" : "; "),
			   ackvars_title("ip_type", r->type, lang, r->type));
		if (r->registration)
			buf_printf(b, " %s", r->registration);
		if (r->jurisdiction)
			buf_printf(b, zh ? "，%s" : ", %s", r->jurisdiction);
	}
	if (wc->n_rights > 0)
		buf_puts(b, zh ? "）" : ")");
	buf_puts(b, zh ? "，违反保护该权利的法律" :
		 ", contrary to the law that protects that right");
}

/* The facts and circumstances (English, for the Transparency Database):
   no names or addresses of people. */
static void
sor_facts(const struct workflow_case *wc, const struct store_case_dsa *d,
	  const char *restriction, const struct store_vendor *vd,
	  time_t applied, time_t until, size_t n_evidence,
	  const char *classes, struct buf *b)
{
	char day[16];

	if (strcmp(d->source_type, "voluntary") == 0) {
		buf_puts(b, "Own-initiative review by the marketplace's staff");
		if (d->clause)
			buf_printf(b, " under its policy clause '%s'",
				   d->clause);
		buf_puts(b, ". ");
	} else {
		sor_date(sor_notice_time(wc), day, sizeof(day));
		buf_printf(b, "Notice received on %s (%s)", day,
			   strcmp(d->source_type, "trusted_flagger") == 0 ?
			   "from a trusted flagger" :
			   strcmp(d->source_type, "other_notification") == 0 ?
			   "another type of notification" :
			   "under Article 16 DSA");
		if (strcmp(wc->c->stream, "ip") == 0) {
			buf_puts(b, " claiming infringement of");
			for (size_t i = 0; i < wc->n_rights; i++)
				buf_printf(b, "%s %s%s%s", i ? ";" : "",
					   wc->rights[i].type,
					   wc->rights[i].registration ? " " :
					   "", wc->rights[i].registration ?
					   wc->rights[i].registration : "");
			if (wc->n_rights == 0)
				buf_puts(b, " an intellectual property right");
		} else {
			buf_printf(b, " reporting %s",
				   ackvars_title("category", wc->c->category,
					 "en", "abuse"));
		}
		buf_printf(b, "; evidence examined: %zu document(s)%s%s%s. ",
			   n_evidence, n_evidence ? " (" : "", classes,
			   n_evidence ? ")" : "");
	}
	sor_date(applied, day, sizeof(day));
	if (strcmp(restriction, "removal") == 0) {
		buf_printf(b, "On %s the marketplace removed listing(s)", day);
		for (size_t i = 0; i < vd->listing_ids.n; i++)
			buf_printf(b, " %s", vd->listing_ids.v[i]);
		buf_puts(b, ".");
	} else {
		buf_printf(b, "On %s the marketplace %s the vendor's account",
			   day, strcmp(restriction, "suspension") == 0 ?
			   "suspended" : strcmp(restriction, "termination") ==
			   0 ? "terminated" : "restricted the posting rights of");
		if (until > 0) {
			sor_date(until, day, sizeof(day));
			buf_printf(b, " until %s", day);
		}
		buf_puts(b, ".");
	}
}

/* Copies the scope into a blank separated list of codes; sets *eea when
   it is the whole EEA. */
static char *
sor_scope(const char *cfg_scope, bool *eea)
{
	struct buf b;
	const char *p = cfg_scope;
	size_t n, count = 0;

	buf_init(&b, 0);
	while (*p != '\0') {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n == 0)
			break;
		buf_printf(&b, "%s%.*s", count ? " " : "", (int)n, p);
		p += n;
		count++;
	}
	*eea = strcmp(buf_str(&b), dsa_eea_default) == 0;
	return buf_take(&b);
}

/* What the statement template shows besides the stored row. */
struct sor_shown {
	const char *clause_words;	/* the own-initiative clause, lang */
	const char *legal;		/* the legal ground, lang */
	const char *category;		/* abuse reported as, lang, or NULL */
	bool eea;			/* the scope is the whole EEA */
	bool account;			/* an account restriction */
	const char *vendor;		/* its address */
	time_t notice;			/* when the notice came in */
};

/* Sets every sor.* value of the statement template. */
static void
sor_vars(const struct workflow_env *e, const struct store_statement *st,
	 const struct sor_shown *sh, struct tvars *v)
{
	bool zh = strcmp(st->lang, "zh") == 0;
	char day[16];

	sor_date(st->applied, day, sizeof(day));
	tvars_set(v, "sor.date", day);
	tvars_set(v, "sor.account", sh->account ? sh->vendor : NULL);
	tvars_set(v, "sor.scope", st->territorial_scope);
	tvars_set_bool(v, "sor.scope_eea", sh->eea);
	if (st->until > 0)
		sor_date(st->until, day, sizeof(day));
	tvars_set(v, "sor.until", st->until > 0 ? day : NULL);
	tvars_set_bool(v, "sor.article_16",
		       strcmp(st->source_type, "article_16") == 0);
	tvars_set_bool(v, "sor.trusted_flagger",
		       strcmp(st->source_type, "trusted_flagger") == 0);
	tvars_set_bool(v, "sor.other_notification",
		       strcmp(st->source_type, "other_notification") == 0);
	tvars_set_bool(v, "sor.voluntary",
		       strcmp(st->source_type, "voluntary") == 0);
	sor_date(sh->notice, day, sizeof(day));
	tvars_set(v, "sor.notice_date", day);
	tvars_set(v, "sor.category", sh->category);
	tvars_set_bool(v, "sor.automated_none",
		       strcmp(st->automated, "none") == 0);
	tvars_set_bool(v, "sor.automated_detection",
		       strcmp(st->automated, "detection") == 0);
	tvars_set_bool(v, "sor.automated_partial",
		       strcmp(st->automated, "partial") == 0);
	tvars_set_bool(v, "sor.automated_full",
		       strcmp(st->automated, "full") == 0);
	tvars_set_bool(v, "sor.illegal", strcmp(st->ground, "illegal") == 0);
	tvars_set_bool(v, "sor.terms", strcmp(st->ground, "terms") == 0);
	tvars_set(v, "sor.legal_ground", sh->legal);
	tvars_set(v, "sor.terms_clause", e->cfg->dsa_terms_clause);
	tvars_set(v, "sor.clause", sh->clause_words);
	tvars_set(v, "sor.explanation", st->explanation);
	sor_date(sor_add_months(st->applied, 6), day, sizeof(day));
	tvars_set(v, "sor.complain_by", day);
	tvars_set(v, "sor.redress", zh && e->cfg->dsa_redress_text_zh ?
		  e->cfg->dsa_redress_text_zh : e->cfg->dsa_redress_text);
}

/* The policy ground of a "terms" decision (English, stored): the terms
   clause, and the own-initiative clause's wording. New string. */
static char *
sor_terms_ground(const struct workflow_env *e, int clause)
{
	if (clause >= 0)
		return xasprintf("%s: %s", e->cfg->dsa_terms_clause,
				 e->cfg->dsa_clauses[clause].en);
	return xstrdup(e->cfg->dsa_terms_clause);
}

/* Drops the line breaks at the end of s. */
static void
sor_chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

int
workflow_sor_issue(const struct workflow_env *e,
		   const struct workflow_case *wc, const char *restriction,
		   const struct workflow_sor_opts *o, const char *reason,
		   const struct store_vendor *vd, const char *lang,
		   struct tvars *dv, struct err *err)
{
	static const struct workflow_sor_opts none = { NULL, NULL, 0 };
	bool account = strcmp(restriction, "removal") != 0;
	bool zh = strcmp(lang, "zh") == 0;
	struct store_statement *st = xcalloc(1, sizeof(*st));
	struct buf kw, legal, classes, facts, ids;
	struct sor_shown sh = { 0 };
	struct store_case_dsa d;
	struct tvars *v = NULL;
	char *subject = NULL;
	size_t n_ev, i;
	int clause, ret = -1;

	if (o == NULL)
		o = &none;
	if (store_case_dsa(e->store, wc->c->id, &d, err) < 0) {
		free(st);
		return -1;
	}
	buf_init(&kw, 0);
	buf_init(&legal, 0);
	buf_init(&classes, 0);
	buf_init(&facts, 0);
	buf_init(&ids, 0);
	clause = d.clause ? dsa_name_index(dsa_clause_names, d.clause) : -1;
	st->case_id = wc->c->id;
	st->vendor_email = vd->email ? xstrdup(vd->email) : NULL;
	st->restriction = xstrdup(restriction);
	st->lang = xstrdup(lang);
	st->ground = xstrdup(o->ground ? o->ground : d.ground ? d.ground :
			     strcmp(wc->c->stream, "ip") == 0 ? "illegal" :
			     "terms");
	st->explanation = xstrdup(o->explanation && *o->explanation ?
				  o->explanation : d.explanation &&
				  *d.explanation ? d.explanation :
				  reason ? reason : "");
	st->source_type = xstrdup(d.source_type);
	st->category = xstrdup(sor_category(wc, &d, &kw));
	st->keywords = buf_take(&kw);
	st->territorial_scope = sor_scope(e->cfg->dsa_territorial_scope,
					  &sh.eea);
	st->automated = xstrdup(dsa_automated_names[e->cfg->dsa_automated]);
	st->content_date = sor_notice_time(wc);
	st->applied = e->now;
	st->until = account && strcmp(restriction, "termination") != 0 ?
		o->until : 0;
	st->decided_by = xstrdup(e->actor ? e->actor : "");
	st->mailed = e->mailq != NULL && vd->email != NULL && *vd->email;
	for (i = 0; i < vd->listing_ids.n; i++)
		buf_printf(&ids, "%s%s", i ? " " : "", vd->listing_ids.v[i]);
	st->listings = buf_take(&ids);
	if (strcmp(st->ground, "illegal") == 0) {
		sor_legal_ground(e, wc, &d, "en", &legal);
		st->legal_ground = buf_take(&legal);
		sor_legal_ground(e, wc, &d, lang, &legal);
	} else {
		st->legal_ground = sor_terms_ground(e, clause);
	}
	sh.clause_words = clause < 0 ? NULL : zh ?
		e->cfg->dsa_clauses[clause].zh : e->cfg->dsa_clauses[clause].en;
	sh.legal = buf_str(&legal);
	sh.category = strcmp(wc->c->stream, "ip") != 0 &&
		strcmp(d.source_type, "voluntary") != 0 ?
		ackvars_title("category", wc->c->category, lang, NULL) : NULL;
	sh.account = account;
	sh.vendor = vd->email;
	sh.notice = st->content_date;

	v = workflow_vars(e, wc, lang);
	ackvars_set_action(v, restriction, lang);
	workflow_vars_vendor(v, vd);
	n_ev = sor_evidence_list(wc, v, lang, &classes);
	sor_facts(wc, &d, restriction, vd, st->applied, st->until, n_ev,
		  buf_str(&classes), &facts);
	st->facts = buf_take(&facts);
	sor_vars(e, st, &sh, v);
	if (template_render(e->own_templates, "statement_of_reasons", lang, v,
			    &subject, &st->text, err) < 0)
		goto out;
	sor_chomp(st->text);
	/* One statement per restriction: each listing removed, or the
	   account. */
	if (account) {
		if (store_statement_add(e->store, st, NULL, err) < 0)
			goto out;
	} else {
		for (i = 0; i < vd->listing_ids.n; i++) {
			free(st->listing_id);
			st->listing_id = xstrdup(vd->listing_ids.v[i]);
			if (store_statement_add(e->store, st, NULL, err) < 0)
				goto out;
		}
	}
	tvars_set(dv, "statement", st->text);
	ret = 0;
out:
	tvars_free(&v);
	free(subject);
	store_statements_free(st, 1);
	buf_free(&kw);
	buf_free(&legal);
	buf_free(&classes);
	buf_free(&facts);
	buf_free(&ids);
	store_case_dsa_free(&d);
	return ret;
}
