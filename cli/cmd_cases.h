/* cli/cmd_cases.h - what the files of `reportgate cases` share. */
#ifndef RG_CMD_CASES_H
#define RG_CMD_CASES_H

#include <stddef.h>
#include <time.h>

#include "common/json.h"
#include "cli/config.h"
#include "store/store.h"

/* Writes everything cases show --json shows of case ref into an open
   object (export adds to it). Returns 1, 0 when no case, -1 on error. */
int cases_json_full(struct store *s, const char *ref, struct json *j,
		    int64_t *case_id_r, struct err *err);
/* Prints "REF STATUS" of case ref. */
int cases_print_status(struct store *s, const char *ref, struct err *err);

/* cmd_cases_act.c: prints the usage of the decisions to f. */
void cases_act_usage(FILE *f);
/* cmd_cases_act.c: accept|reject|request-info|request-evidence|act|
   close|note; argv[0] is the subcommand. Returns the exit status. */
int cases_act(const struct config *cfg, struct store *s, int argc,
	      char **argv);
/* cmd_cases_act.c: the login name of the process, for "who" when no
   name is given (getlogin, $USER, the password entry, else "uid N").
   Static storage. */
const char *cases_act_login(void);
/* The state of evidence request q at now: "answered", "closed",
   "overdue" (open past its deadline) or "open". Static. */
const char *cases_evreq_state(const struct store_evreq *q, time_t now);
/* cmd_cases_complaint.c: complaint REF [--listing ID ...] uphold|reverse
   --reason T, and open --listing ID ... --ground G --clause C
   --explanation T; argv[0] is the subcommand. Returns the exit status. */
int cases_complaint(const struct config *cfg, struct store *s, int argc,
		    char **argv);
void cases_complaint_usage(FILE *f);
/* cmd_cases_complaint.c: writes into an open object the keys ground,
   clause, explanation of case c and its complaints[] (listing,
   party, address, decision, decided_by, created, answer_by, outcome,
   reason, outcome_by, outcome_at); a store error leaves the array
   empty. */
void cases_json_complaints(struct json *j, struct store *s,
			   const struct store_case *c);
/* cmd_cases_export.c: export REF --json, attachment REF SHA256 --out F. */
int cases_export(struct store *s, int argc, char **argv);
int cases_attachment(struct store *s, int argc, char **argv);
/* cmd_cases_assign.c: assign REF NAME [--as WHO]. */
int cases_assign(struct store *s, int argc, char **argv);

#endif
