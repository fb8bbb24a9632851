/* store/store-sor.h - the store's part for statements of reasons (DSA
   Art. 17) and their submission to the Transparency Database (Art.
   24(5)): table statements (store/sql/0013-statements.sql). Included by
   store/store.h, after the types it uses. */
#ifndef RG_STORE_SOR_H
#define RG_STORE_SOR_H

/* One statement of reasons: one restriction. Strings owned by the
   struct (store_statements_free); on store_statement_add they are the
   caller's. */
struct store_statement {
	int64_t id;
	int64_t case_id;
	char *ref;		/* the case's reference (read only) */
	char *vendor_email;	/* NULL: no vendor known */
	char *restriction;	/* removal | posting_restriction |
				   suspension | termination */
	char *listing_id;	/* the listing removed; NULL: an account */
	char *listings;		/* listing ids named, blank separated */
	char *lang;		/* en | zh: the language mailed */
	char *ground;		/* illegal | terms */
	char *legal_ground;	/* the right or law, or the policy clause */
	char *explanation;
	char *source_type;	/* article_16 | trusted_flagger |
				   other_notification | voluntary */
	char *category;		/* STATEMENT_CATEGORY_... */
	char *keywords;		/* KEYWORD_..., blank separated, or "" */
	char *territorial_scope;	/* country codes, blank separated */
	char *automated;	/* none | detection | partial | full */
	time_t content_date;	/* when the notice (or case) came in */
	time_t applied;		/* when the decision was taken */
	time_t until;		/* end of the restriction, 0: indefinite */
	char *facts;		/* facts and circumstances */
	char *text;		/* the statement as mailed */
	bool mailed;
	char *decided_by;
	char *tdb_uuid;		/* NULL: not yet in the database */
	time_t tdb_sent_at;
	int tdb_attempts;
	time_t tdb_next;	/* next submission not before */
	char *tdb_error;	/* last failure, or NULL */
};

/* Adds st (id, ref and the tdb_ members are ignored). Returns 0 and the
   new id in *id_r (may be NULL), or -1 with err set. */
int store_statement_add(struct store *store, const struct store_statement *st,
			int64_t *id_r, struct err *err);

/* Which statements store_statement_list returns. */
struct store_statement_filter {
	int64_t case_id;	/* 0: every case */
	time_t since, until;	/* applied in [since, until); 0: open */
	bool unsent;		/* only those without tdb_uuid whose tdb_next
				   is not after now */
	time_t now;
};
/* Lists the statements matching f (NULL: all), oldest first. Returns 0
   and a new array owned by the caller (store_statements_free), or -1. */
int store_statement_list(struct store *store,
			 const struct store_statement_filter *f,
			 struct store_statement **st_r, size_t *n_r,
			 struct err *err);
void store_statements_free(struct store_statement *st, size_t n);

/* Records that statement id is in the Transparency Database under uuid
   (at now). Returns 0, or -1 with err set. */
int store_statement_sent(struct store *store, int64_t id, const char *uuid,
			 time_t now, struct err *err);
/* Records a failed submission of statement id: one more attempt, why,
   and no new try before next. Returns 0, or -1 with err set. */
int store_statement_failed(struct store *store, int64_t id, const char *why,
			   time_t next, struct err *err);

/* The DSA side of case id as far as this store's schema keeps it: the
   source type of its notice and, for a case staff opened on their own
   initiative, its ground, policy clause and explanation. Strings owned
   by the struct (store_case_dsa_free). */
struct store_case_dsa {
	char *source_type;	/* never NULL: article_16 when not kept */
	char *ground;		/* illegal | terms, or NULL */
	char *clause;		/* an own-initiative clause name, or NULL */
	char *explanation;	/* or NULL */
};
/* Reads them for case id. Returns 0, or -1 with err set. */
int store_case_dsa(struct store *store, int64_t case_id,
		   struct store_case_dsa *d, struct err *err);
void store_case_dsa_free(struct store_case_dsa *d);

#endif
