/* templates/template-int.h - what vars.c, render.c and set.c share inside
   the templates module: the value representation and compiled templates.
   Never included from another module. */
#ifndef RG_TEMPLATE_INT_H
#define RG_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"
#include "templates/template.h"

enum tvar_type { TVAR_TEXT = 0, TVAR_FLAG, TVAR_LIST };

struct tvar {
	char *name;		/* owned */
	enum tvar_type type;
	char *text;		/* TVAR_TEXT: owned, never NULL */
	bool flag;		/* TVAR_FLAG */
	struct tvars **items;	/* TVAR_LIST: owned item scopes */
	size_t n_items;
	size_t cap_items;
};

struct tvars {
	struct tvar *v;
	size_t n;
	size_t cap;
};

/* Returns the value called name in v itself, or NULL. Borrowed. */
const struct tvar *tvars_find(const struct tvars *v, const char *name);

/* A compiled template: a flat list of ops; a section op's end is the index
   of its matching end op. */
enum render_op_type {
	ROP_TEXT = 0,
	ROP_VAR,
	ROP_SECTION,
	ROP_INVERTED,
	ROP_END
};

struct render_op {
	enum render_op_type type;
	const char *text;	/* ROP_TEXT: into the template's src */
	size_t len;
	char *name;		/* ROP_VAR/SECTION/INVERTED/END: owned */
	size_t end;		/* ROP_SECTION/INVERTED: index of ROP_END */
	bool once;		/* {{#name?}}: once if truthy, no item scope */
	unsigned line;		/* line in the file, for errors */
};

struct render_tmpl {
	char *src;		/* owned copy of the template text */
	struct render_op *ops;
	size_t n_ops;
	size_t cap_ops;
};

/* Compiles text[0..len) (a copy is kept). where names the source in
   errors ("path" or "text"), first_line is the file line of text[0].
   Returns a template owned by the caller (render_tmpl_free), or NULL with
   err set (ERR_FATAL) for an unclosed tag or section, a mismatched end,
   a bad name or nesting past TEMPLATE_MAX_DEPTH. */
struct render_tmpl *render_compile(const char *text, size_t len,
				   const char *where, unsigned first_line,
				   struct err *err);
/* Frees t; NULL-safe; sets *t = NULL. */
void render_tmpl_free(struct render_tmpl **t);

/* Looks up (name, lang) in set with the en fallback; NULL if absent.
   *subject_r and *body_r are borrowed from set; *path_r too. */
int set_lookup(const struct template_set *set, const char *name,
	       const char *lang, const struct render_tmpl **subject_r,
	       const struct render_tmpl **body_r, const char **path_r);

#endif
