/* portal/portal_form.h - what a posted form says and whether it is
   complete: the checks of each field, then the message the form becomes
   (portal_mime), parsed by the same parser a mail goes through, so the
   same rules decide what is missing; the listing lines are classified
   one by one with the parser's own link rules (parser_link_check). */
#ifndef RG_PORTAL_FORM_H
#define RG_PORTAL_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "parsers/parser.h"
#include "portal/portal_mime.h"
#include "portal/portal_upload.h"

enum portal_form_kind { PORTAL_FORM_IP = 0, PORTAL_FORM_ABUSE };

/* What is wrong with one field. */
enum portal_problem {
	PP_REQUIRED = 1,	/* empty */
	PP_EMAIL,		/* not an address */
	PP_CHOICE,		/* not one of the options */
	PP_ONE_LINE,		/* a line break in a one-line field */
	PP_LOOKALIKE,		/* detail: a link imitating the marketplace */
	PP_NOT_LISTING,		/* detail: a link but not a listing */
	PP_NOT_LINK,		/* detail: a line that is no link */
	PP_NO_LISTING,		/* no listing link at all */
	PP_MISSING_FILE,	/* the evidence this field holds is missing */
	PP_DESCRIPTION,		/* the description is missing or too short */
	PP_STATEMENT		/* a statement not confirmed */
};

/* field: a PF_* value, or PF_N + a PFF_* value for a file field. */
struct portal_issue {
	int field;
	enum portal_problem problem;
	char *detail;		/* owned; NULL when none */
};
struct portal_check {
	struct portal_issue *v;	/* owned */
	size_t n;
};
void portal_check_clear(struct portal_check *c);
/* Returns true if field has an issue in c. */
bool portal_check_has(const struct portal_check *c, int field);

/* The message a complete form becomes, ready to hold or to write. */
struct portal_msg {
	enum report_stream stream;
	char *email;		/* lower case */
	char *from_name;
	char *subject;
	char *body;
	char **names;		/* one per file of the upload: ours */
	size_t n_names;
};
void portal_msg_clear(struct portal_msg *m);

/* Checks form kind as read in in, against the listing rules and the
   requirements of pcfg (whose stream is replaced by the form's), and
   fills *m with the message it becomes. Writes that message to an
   anonymous file of store and parses it as a mail: its missing items
   become issues of the fields that would supply them. Returns 0 with
   *c empty when complete, 0 with issues in *c, or -1 with err set (a
   file could not be read or written). m and c are the caller's to clear
   either way. headers are the extra header lines of the message. */
int portal_form_check(enum portal_form_kind kind,
		      const struct portal_upload_result *in,
		      const struct parser_cfg *pcfg, struct store *store,
		      const char *to_addr, const char *message_id,
		      const char *headers, time_t now, struct portal_msg *m,
		      struct portal_check *c, struct err *err);

/* Fills mm (whose files array, of n_files entries, the caller provides
   with fds and sizes) from m: the message's envelope and text. */
void portal_form_mime(const struct portal_msg *m, const char *to_addr,
		      const char *message_id, const char *headers,
		      time_t date, struct portal_mime *mm);

/* Returns the evidence field a file field names in the message text
   ("Identity proof", ...), or NULL for evidence files (static). */
const char *portal_form_file_label(enum portal_file_field f);

#endif
