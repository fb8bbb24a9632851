/* store/store-complaints.h - the store's part for complaints against
   decisions (DSA Art. 20, docs/WORKFLOW.md "Complaints") and for the
   cases staff open on their own initiative, which go through the same
   decisions and complaints. Included by store/store.h, after the types
   it uses. */
#ifndef RG_STORE_COMPLAINTS_H
#define RG_STORE_COMPLAINTS_H

/* ---- complaints (complaints.c; DSA Art. 20, docs/WORKFLOW.md
   "Complaints") ---- */

/* A decision mail the gateway sent. */
struct store_decision_mail {
	int64_t outbox_id;
	char kind[32];		/* decision | case_rejected */
	time_t created;
};
/* Finds the latest decision mail (outbox kind decision or case_rejected)
   of case case_id sent to address (case-insensitive) whose Message-ID
   (without <>) is one of refs. Returns 1 with *d filled, 0 when refs
   name none, -1 on error. */
int store_complaint_mail(struct store *store, int64_t case_id,
			 const struct strv *refs, const char *address,
			 struct store_decision_mail *d, struct err *err);
/* A new complaint; strings borrowed. */
struct store_complaint_new {
	int64_t case_id;
	const char *listing_id;	/* NULL: the decision on the whole case */
	const char *party;	/* vendor | reporter */
	const char *address;	/* the complainant (stored lower-case) */
	int64_t message_id;	/* the complaint mail, 0: none */
	const char *decision;	/* removed | reinstated | rejected |
				   action_taken */
	const char *decided_by;	/* the account that took it */
	time_t now, answer_by;
	const char *lang;	/* the complainant's, en | zh */
};
/* Records c; *id_r (may be NULL) gets its id. Returns 0 or -1. */
int store_complaint_add(struct store *store,
			const struct store_complaint_new *c, int64_t *id_r,
			struct err *err);
/* One complaint as stored; every string owned. */
struct store_complaint {
	int64_t id;
	char *listing_id;	/* NULL: the whole case */
	char *party, *address, *decision, *decided_by;
	time_t created, answer_by;
	char *outcome;		/* NULL pending, uphold | reverse */
	char *reason, *outcome_by;
	time_t outcome_at;
	int64_t message_id;
	char *lang;		/* en | zh */
};
/* The complaints of case case_id, oldest first, in a new array owned by
   the caller (store_complaints_free). Returns 0 or -1. */
int store_complaints(struct store *store, int64_t case_id,
		     struct store_complaint **c_r, size_t *n_r,
		     struct err *err);
void store_complaints_free(struct store_complaint *c, size_t n);
/* Records the outcome (uphold | reverse) of pending complaint id of case
   case_id with reason and the deciding actor. Returns 1, 0 when it is
   not pending, -1 on error. */
int store_complaint_decide(struct store *store, int64_t case_id, int64_t id,
			   const char *outcome, const char *reason,
			   const char *actor, time_t now, struct err *err);
/* The account that took the latest decision on case case_id (a listing
   removed or reinstated, an enforcement, a reinstatement, a rejection,
   an account action): 1 with *actor_r (owned by the caller), 0 when
   none was taken, -1 on error. */
int store_case_decider(struct store *store, int64_t case_id, char **actor_r,
		       struct err *err);

/* ---- own-initiative cases (initiative.c) ---- */

/* A case staff open on their own initiative (source voluntary); strings
   borrowed. */
struct store_case_open {
	const char *prefix;
	enum report_stream stream;
	const char *ground;		/* terms | illegal */
	const char *clause;		/* the policy clause, or NULL */
	const char *explanation;
	const char *actor;
	const struct strv *listings;	/* listing ids, at least one */
	time_t now;
};
/* Creates the case (kind own_initiative, status ready_for_review, no
   reporter, nothing missing) with its listings and an event
   "case.opened" by actor, inside the caller's transaction. Returns 0 with
   the id in *id_r and the reference in ref_r (size >= 32), or -1. */
int store_case_open(struct store *store, const struct store_case_open *o,
		    int64_t *id_r, char *ref_r, size_t ref_size,
		    struct err *err);

#endif
