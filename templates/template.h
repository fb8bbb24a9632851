/* templates/template.h - the mails reportgate sends: a value model
   (struct tvars), a template set loaded from disk (built-in directory plus
   an operator override directory) and a small renderer.

   Template syntax (one file per mail and language, <dir>/<lang>/<name>.txt):
     first line "Subject: ...", then one blank line, then the body;
     {{name}}            the text value of name (dotted names: case.ref);
     {{#name}}..{{/name}} a list: once per item, the item being the
                         innermost scope (outer names stay visible);
                         a flag or text: once if true / non-empty;
     {{^name}}..{{/name}} once if the list is empty, the flag false or the
                         text empty;
     {{#name?}}..{{/name?}} once if name is true / non-empty, without
                         entering an item (a heading above a list);
     {{! comment }}      nothing.
   A section or comment tag alone on its line removes the whole line.
   Values are inserted verbatim and never evaluated: "{{x}}" inside a value
   stays "{{x}}". A name no scope defines is a render error naming it.
   Limits: a template file <= 64 KiB, section nesting <= 8, output
   <= 1 MiB. Every template sees a built-in "form": the plain-text report
   form (SPEC §4.5) in the render language, unless the caller sets "form".
   The variables each template uses are listed in templates/VARIABLES.md. */
#ifndef RG_TEMPLATE_H
#define RG_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "common/report.h"

#define TEMPLATE_MAX_FILE (64 * 1024)
#define TEMPLATE_MAX_OUTPUT (1024 * 1024)
#define TEMPLATE_MAX_DEPTH 8

/* ---- values (templates/vars.c) ---- */

/* A scope of named values: text, flags and lists of item scopes. */
struct tvars;

/* Returns a new empty scope owned by the caller (tvars_free). */
struct tvars *tvars_new(void);
/* Frees v and every item scope it owns; NULL-safe; sets *v = NULL. */
void tvars_free(struct tvars **v);
/* Sets name to a copy of value (NULL means ""), replacing any earlier
   value of name whatever its type. Both strings stay the caller's. */
void tvars_set(struct tvars *v, const char *name, const char *value);
/* Sets name to formatted text. */
void tvars_setf(struct tvars *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets name to a flag. */
void tvars_set_bool(struct tvars *v, const char *name, bool value);
/* Makes name an empty list (replacing what it was), so that templates
   can test {{^name}} without items being added. */
void tvars_set_list(struct tvars *v, const char *name);
/* Appends a new empty item scope to the list name (made a list first if
   it is not one) and returns it. The item is owned by v and lives until v
   is freed or name is set again. */
struct tvars *tvars_add_item(struct tvars *v, const char *list);
/* Returns the text value of name in v itself (not outer scopes), or NULL
   when name is unset or not text. Borrowed from v. */
const char *tvars_get(const struct tvars *v, const char *name);
/* Returns the number of items of list name in v, 0 if none or no list. */
size_t tvars_count(const struct tvars *v, const char *list);

/* ---- template sets (templates/set.c) ---- */

/* Every template of every language, compiled, and the report forms. */
struct template_set;

/* Loads builtin_dir/{en,zh}/<name>.txt and builtin_dir/form-{en,zh}.txt;
   a file of the same relative path in override_dir (may be NULL) wins.
   Every template must exist in en; zh may lack some (render falls back to
   en). An override file naming no built-in template, a bad file name, an
   oversized or non-UTF-8 file or a syntax error fails the load. Returns a
   set owned by the caller (template_set_free), or NULL with err set
   (ERR_FATAL) naming the file and line. */
struct template_set *template_set_load(const char *builtin_dir,
				       const char *override_dir,
				       struct err *err);
/* Frees set; NULL-safe; sets *set = NULL. */
void template_set_free(struct template_set **set);
/* Returns how many distinct template names set has (en names). */
size_t template_set_count(const struct template_set *set);
/* Returns the i-th template name in sorted order (borrowed), or NULL. */
const char *template_set_name(const struct template_set *set, size_t i);
/* Returns the path of the file the template (lang, name) was loaded from,
   after the zh -> en fallback, or NULL if there is none. Borrowed. */
const char *template_set_path(const struct template_set *set,
			      const char *name, const char *lang);
/* Returns the report form text for lang ("zh" falls back to "en").
   Borrowed from set. */
const char *template_set_form(const struct template_set *set,
			      const char *lang);

/* Returns the built-in template directory: $RG_TEMPLATES_DIR if set, else
   the installed pkgdatadir/templates if it holds en/, else the source
   tree's templates/. Static or environment storage, never NULL. */
const char *template_builtin_dir(void);

/* ---- rendering (templates/render.c) ---- */

/* Renders template name in lang ("en" or "zh"; a missing zh file, or any
   other lang, falls back to en) with vars. On success returns 0 and sets
   *subject_r (one line: CR, LF and TAB become spaces) and *body_r, both
   owned by the caller (free). Returns -1 with err set and both NULL for an
   unknown template or name (ERR_FATAL) or output past the cap (ERR_MSG). */
int template_render(const struct template_set *set, const char *name,
		    const char *lang, const struct tvars *vars,
		    char **subject_r, char **body_r, struct err *err);
/* Compiles and renders text (no Subject line; same syntax and limits)
   with vars. Returns 0 and *out_r owned by the caller, or -1 with err set
   and *out_r NULL. For tests and one-off texts. */
int template_render_text(const char *text, const struct tvars *vars,
			 char **out_r, struct err *err);

/* ---- acknowledgement values (templates/ackvars.c) ---- */

/* Fills v for the acknowledgement of report r (the caller keeps r):
   case.ref = ref, now = now_text (the caller formats the clock), lang;
   recipient.name, sender.name, sender.email, report.subject, report.kind,
   report.kind.title, report.stream, report.category(.title), is_ip,
   is_abuse, submitter.name/.email/.organization, rights_holder,
   acting_as, is_agent; lists rights {type, type.title, registration,
   jurisdiction}, listings {url, id}, attachments {filename, content_type,
   evidence, evidence.title}; missing {code, title, how} from r->missing
   and complete. Every name is set (maybe empty) so templates never meet
   an unknown one. Titles and "how" are in lang (zh, else en). */
void ackvars_fill(struct tvars *v, const struct report *r, const char *ref,
		  const char *lang, const char *now_text);
/* Resets list missing and flag complete from REQ_* bits (e.g. what the
   case as a whole still misses after a follow-up). */
void ackvars_set_missing(struct tvars *v, unsigned missing,
			 const char *lang);
/* Appends an item {url, id} to list listings (after tvars_set_list when
   only some listings should show, e.g. one vendor's or new ones). */
void ackvars_add_listing(struct tvars *v, const struct report_listing *l);
/* Sets action (removal, posting_restriction, suspension, termination or
   reinstatement), action.title in lang and flag reinstatement. Returns 0,
   or -1 (nothing set) for an unknown action. */
int ackvars_set_action(struct tvars *v, const char *action,
		       const char *lang);
/* Plain words for a requirement in lang: its title and what would
   satisfy it. Static strings. */
const char *ackvars_requirement_title(enum requirement req,
				      const char *lang);
const char *ackvars_requirement_how(enum requirement req, const char *lang);
/* The title in lang of name in one of the vocabularies the templates
   use: kind "evidence" (identity, authorization, ...), "ip_type"
   (trademark, copyright, patent, other) or "category" (the abuse
   categories). Static string, or dflt when kind or name is unknown. */
const char *ackvars_title(const char *kind, const char *name,
			  const char *lang, const char *dflt);

#endif
