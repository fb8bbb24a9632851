/* store/store-standing.h - the store's part for the Digital Services
   Act's notice handling (docs/WORKFLOW.md "Notice sources, misuse and
   repeat infringers"): the source type of a case's notice, held cases,
   notices rejected as manifestly unfounded and the standing of their
   reporters, removals per vendor and repeat infringers. Included by
   store/store.h, after the types it uses. */
#ifndef RG_STORE_STANDING_H
#define RG_STORE_STANDING_H

/* The source types of a notice (cases.source_type). */
#define STORE_SOURCE_ARTICLE_16 "article_16"
#define STORE_SOURCE_TRUSTED_FLAGGER "trusted_flagger"
#define STORE_SOURCE_OTHER "other_notification"
#define STORE_SOURCE_VOLUNTARY "voluntary"

/* Returns true when name is one of the four source types above. */
bool store_source_type_valid(const char *name);

/* Sets case id's source type (one of STORE_SOURCE_*). Returns 0, or -1
   with err set (ERR_MSG for an unknown name). */
int store_case_set_source(struct store *store, int64_t case_id,
			  const char *source_type, struct err *err);

/* Sets or clears case id's held flag and appends an event "case.held"
   {"reason"} or "case.released" {"reason"} by actor. Returns 1 changed,
   0 when the flag already was so (nothing written), -1 on error. */
int store_case_set_held(struct store *store, int64_t case_id, bool held,
			const char *actor, const char *reason, time_t now,
			struct err *err);

/* Marks case id rejected as manifestly unfounded at now (it counts
   against its reporter); appends an event "case.unfounded" by actor.
   Returns 0, or -1 with err set. */
int store_case_mark_unfounded(struct store *store, int64_t case_id,
			      const char *actor, time_t now, struct err *err);

/* Sets *n_r to the number of cases of reporter address (case-insensitive)
   marked unfounded at or after since. Returns 0 or -1. */
int store_unfounded_count(struct store *store, const char *address,
			  time_t since, int *n_r, struct err *err);

/* What the gateway holds against a reporter; times 0: never. */
struct store_reporter_standing {
	time_t warned_at;
	time_t suspended_at;
	time_t suspended_until;
};
/* Reads address's standing (case-insensitive): 1 found, 0 none (*r
   zeroed), -1 on error. */
int store_reporter_standing(struct store *store, const char *address,
			    struct store_reporter_standing *r,
			    struct err *err);
/* Records that address was warned at now. Returns 0 or -1. */
int store_reporter_warn(struct store *store, const char *address, time_t now,
			struct err *err);
/* Records that address is suspended from now until until. Returns 0 or
   -1. */
int store_reporter_suspend(struct store *store, const char *address,
			   time_t now, time_t until, struct err *err);

/* Sets *n_r to the number of listings of vendor (directory address,
   case-insensitive) whose track is "removed", decided at or after
   since. Returns 0 or -1. */
int store_vendor_removals(struct store *store, const char *vendor,
			  time_t since, int *n_r, struct err *err);
/* Records vendor as a repeat infringer since now, with removals counted
   in the window; keeps an earlier record. Returns 1 newly recorded, 0
   already recorded, -1 on error. */
int store_vendor_set_repeat(struct store *store, const char *vendor,
			    int removals, time_t now, struct err *err);
/* Returns 1 when vendor (case-insensitive) is recorded a repeat
   infringer and still has threshold or more removals decided at or after
   since (vendors list's repeat_infringer), 0 if not, -1 on error. */
int store_vendor_is_repeat(struct store *store, const char *vendor,
			   time_t since, int threshold, struct err *err);
/* Flags case id a repeat infringer's (and appends one event
   "case.repeat_infringer" {"vendor"} by actor) when the directory's
   vendor of one of its listings is recorded as a repeat infringer and
   still has threshold or more removals decided at or after since.
   Returns 1 flagged now, 0 not (or already), -1 on error. */
int store_case_mark_repeat(struct store *store, int64_t case_id,
			   time_t since, int threshold, const char *actor,
			   time_t now, struct err *err);

/* One vendor of the listing directory with its counts (vendors list). */
struct store_vendor_row {
	char *email;		/* lower case; owned */
	char *name;		/* owned; may be NULL */
	int listings;		/* in the directory */
	int cases;		/* cases reporting one of its listings */
	int removals;		/* listings removed, ever */
	int removals_window;	/* of those, decided at or after since */
	int account_actions;	/* restrictions, suspensions, terminations */
	time_t repeat_since;	/* recorded a repeat infringer; 0: never */
	bool repeat_infringer;	/* recorded, and still threshold or more
				   removals in the window */
};
/* Every vendor of the listing directory, by address, counted with
   removals decided at or after since against threshold. Returns 0 and a
   new array owned by the caller (store_vendor_rows_free), or -1. */
int store_vendor_list(struct store *store, time_t since, int threshold,
		      struct store_vendor_row **v_r, size_t *n_r,
		      struct err *err);
void store_vendor_rows_free(struct store_vendor_row *v, size_t n);

#endif
