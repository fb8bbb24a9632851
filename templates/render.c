/* templates/render.c - the template engine: compiles template text into a
   flat op list ({{name}}, {{#s}}..{{/s}}, {{^s}}..{{/s}}, {{! c }}) and
   renders it against a stack of value scopes. Values are appended
   verbatim and never scanned for tags. */
#include <string.h>

#include "common/mem.h"
#include "templates/template-int.h"

#define RENDER_MAX_NAME 64

static void
render_push(struct render_tmpl *t, const struct render_op *op)
{
	t->ops = xgrow(t->ops, t->n_ops, &t->cap_ops, sizeof(*t->ops));
	t->ops[t->n_ops++] = *op;
}

void
render_tmpl_free(struct render_tmpl **t)
{
	if (t == NULL || *t == NULL)
		return;
	for (size_t i = 0; i < (*t)->n_ops; i++)
		free((*t)->ops[i].name);
	free((*t)->ops);
	free((*t)->src);
	free(*t);
	*t = NULL;
}

static bool
render_name_ok(const char *s, size_t len, bool section)
{
	if (section && len > 1 && s[len - 1] == '?')
		len--;
	if (len == 0 || len > RENDER_MAX_NAME || s[0] == '.' ||
	    s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

static unsigned
render_count_lines(const char *s, size_t from, size_t to)
{
	unsigned n = 0;

	for (size_t i = from; i < to; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

/* Whether the tag at src[open..tag_end) stands alone on its line; if so
   sets *line_start (first byte of the line) and *after (first byte after
   the line's newline, or len). Never looks before min. */
static bool
render_standalone(const char *src, size_t len, size_t min, size_t open,
		  size_t tag_end, size_t *line_start, size_t *after)
{
	size_t ls = open, re = tag_end;

	while (ls > min && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
		ls--;
	if (ls > 0 && src[ls - 1] != '\n')
		return false;
	while (re < len && (src[re] == ' ' || src[re] == '\t'))
		re++;
	if (re < len && src[re] == '\r' && re + 1 < len && src[re + 1] == '\n')
		re += 2;
	else if (re < len && src[re] == '\n')
		re++;
	else if (re < len)
		return false;
	*line_start = ls;
	*after = re;
	return true;
}

/* Whether {{/name}} (name[0..len)) closes the section op. */
static bool
render_end_matches(const struct render_op *op, const char *name, size_t len)
{
	size_t olen = strlen(op->name);

	if (op->once) {
		if (len == 0 || name[len - 1] != '?')
			return false;
		len--;
	}
	return olen == len && memcmp(op->name, name, len) == 0;
}

struct render_tmpl *
render_compile(const char *text, size_t len, const char *where,
	       unsigned first_line, struct err *err)
{
	struct render_tmpl *t = xcalloc(1, sizeof(*t));
	size_t stack[TEMPLATE_MAX_DEPTH];
	size_t depth = 0, pos = 0, text_start = 0;
	unsigned line = first_line, line_pos = 0;
	const char *src;

	if (len > TEMPLATE_MAX_FILE) {
		err_set(err, ERR_FATAL, "%s: template larger than %d bytes",
			where, TEMPLATE_MAX_FILE);
		goto fail;
	}
	/* a copy without NULs, so strstr sees all of it */
	if (memchr(text, '\0', len) != NULL) {
		err_set(err, ERR_FATAL, "%s: template contains a NUL byte",
			where);
		goto fail;
	}
	t->src = xstrndup(text, len);
	src = t->src;
	for (;;) {
		const char *o = strstr(src + pos, "{{");
		const char *c;
		size_t open, close, tag_end, seg_end, next, nlen, ls, after;
		const char *name;
		char kind;
		struct render_op op = { 0 };

		if (o == NULL)
			break;
		open = (size_t)(o - src);
		line += render_count_lines(src, line_pos, open);
		line_pos = open;
		c = strstr(src + open + 2, "}}");
		if (c == NULL) {
			err_set(err, ERR_FATAL, "%s:%u: unclosed tag \"{{\"",
				where, line);
			goto fail;
		}
		close = (size_t)(c - src);
		tag_end = close + 2;
		kind = src[open + 2];
		name = src + open + 2;
		if (kind == '#' || kind == '^' || kind == '/' || kind == '!')
			name++;
		while (name < src + close && (*name == ' ' || *name == '\t'))
			name++;
		nlen = (size_t)(src + close - name);
		while (nlen > 0 && (name[nlen - 1] == ' ' ||
				    name[nlen - 1] == '\t'))
			nlen--;
		if (kind != '!' &&
		    !render_name_ok(name, nlen, kind == '#' || kind == '^' ||
						    kind == '/')) {
			err_set(err, ERR_FATAL, "%s:%u: bad tag \"%.*s\"",
				where, line, (int)(tag_end - open > 80 ? 80 :
						   tag_end - open),
				src + open);
			goto fail;
		}
		seg_end = open;
		next = tag_end;
		if (kind == '#' || kind == '^' || kind == '/' || kind == '!') {
			if (render_standalone(src, len, text_start, open,
					      tag_end, &ls, &after)) {
				seg_end = ls;
				next = after;
			}
		}
		if (seg_end > text_start) {
			op.type = ROP_TEXT;
			op.text = src + text_start;
			op.len = seg_end - text_start;
			op.line = line;
			render_push(t, &op);
		}
		memset(&op, 0, sizeof(op));
		op.line = line;
		switch (kind) {
		case '!':
			break;
		case '#':
		case '^':
			if (depth == TEMPLATE_MAX_DEPTH) {
				err_set(err, ERR_FATAL,
					"%s:%u: sections nested deeper than %d",
					where, line, TEMPLATE_MAX_DEPTH);
				goto fail;
			}
			op.type = kind == '#' ? ROP_SECTION : ROP_INVERTED;
			op.once = name[nlen - 1] == '?';
			op.name = xstrndup(name, op.once ? nlen - 1 : nlen);
			stack[depth++] = t->n_ops;
			render_push(t, &op);
			break;
		case '/':
			if (depth == 0 ||
			    !render_end_matches(&t->ops[stack[depth - 1]],
						name, nlen)) {
				err_set(err, ERR_FATAL,
					"%s:%u: \"{{/%.*s}}\" closes %s%s%s",
					where, line, (int)nlen, name,
					depth ? "\"{{#" : "no section",
					depth ? t->ops[stack[depth - 1]].name
					      : "",
					depth ? (t->ops[stack[depth - 1]].once
						 ? "?}}\"" : "}}\"") : "");
				goto fail;
			}
			op.type = ROP_END;
			op.name = xstrndup(name, nlen);
			t->ops[stack[--depth]].end = t->n_ops;
			render_push(t, &op);
			break;
		default:
			op.type = ROP_VAR;
			op.name = xstrndup(name, nlen);
			render_push(t, &op);
			break;
		}
		pos = text_start = next;
	}
	if (depth > 0) {
		const struct render_op *top = &t->ops[stack[depth - 1]];

		err_set(err, ERR_FATAL, "%s:%u: section \"%s\" is never closed",
			where, top->line, top->name);
		goto fail;
	}
	if (len > text_start) {
		struct render_op op = { 0 };

		op.type = ROP_TEXT;
		op.text = src + text_start;
		op.len = len - text_start;
		op.line = line;
		render_push(t, &op);
	}
	return t;
fail:
	render_tmpl_free(&t);
	return NULL;
}

/* Scopes: the built-ins, the caller's vars, then one per nested list. */
#define RENDER_MAX_SCOPES (TEMPLATE_MAX_DEPTH + 4)

static const struct tvar *
render_find(const struct tvars *const *scopes, size_t n, const char *name)
{
	for (size_t i = n; i > 0; i--) {
		const struct tvar *t = tvars_find(scopes[i - 1], name);

		if (t != NULL)
			return t;
	}
	return NULL;
}

static bool
render_truthy(const struct tvar *t)
{
	switch (t->type) {
	case TVAR_TEXT:
		return t->text[0] != '\0';
	case TVAR_FLAG:
		return t->flag;
	case TVAR_LIST:
		return t->n_items > 0;
	}
	return false;
}

static int
render_range(const struct render_tmpl *t, size_t i, size_t end,
	     const struct tvars **scopes, size_t n, struct buf *out,
	     const char *where, struct err *err)
{
	while (i < end) {
		const struct render_op *op = &t->ops[i];
		const struct tvar *v = NULL;

		if (op->type == ROP_TEXT) {
			if (buf_append(out, op->text, op->len) < 0)
				goto toobig;
			i++;
			continue;
		}
		if (op->type == ROP_END) {
			i++;
			continue;
		}
		v = render_find(scopes, n, op->name);
		if (v == NULL) {
			err_set(err, ERR_FATAL, "%s:%u: unknown name \"%s\"",
				where, op->line, op->name);
			return -1;
		}
		if (op->type == ROP_VAR) {
			if (v->type != TVAR_TEXT) {
				err_set(err, ERR_FATAL,
					"%s:%u: \"%s\" is a %s, not text",
					where, op->line, op->name,
					v->type == TVAR_LIST ? "list" : "flag");
				return -1;
			}
			if (buf_puts(out, v->text) < 0)
				goto toobig;
			i++;
			continue;
		}
		if (op->type == ROP_INVERTED) {
			if (!render_truthy(v) &&
			    render_range(t, i + 1, op->end, scopes, n, out,
					 where, err) < 0)
				return -1;
		} else if (v->type == TVAR_LIST && !op->once) {
			for (size_t k = 0; k < v->n_items; k++) {
				scopes[n] = v->items[k];
				if (render_range(t, i + 1, op->end, scopes,
						 n + 1, out, where, err) < 0)
					return -1;
			}
		} else if (render_truthy(v) &&
			   render_range(t, i + 1, op->end, scopes, n, out,
					where, err) < 0) {
			return -1;
		}
		i = op->end + 1;
	}
	return 0;
toobig:
	err_set(err, ERR_MSG, "%s: output larger than %zu bytes", where,
		out->max);
	return -1;
}

/* Appends t rendered with scopes[0..n) (scopes[n-1] innermost) to out
   (capped by the caller). Returns 0, or -1 with err set: an unknown name
   or a list/flag used as text (ERR_FATAL, naming where and the line), or
   out's cap reached (ERR_MSG). */
static int
render_run(const struct render_tmpl *t, const struct tvars *const *scopes,
	   size_t n, struct buf *out, const char *where, struct err *err)
{
	const struct tvars *stack[RENDER_MAX_SCOPES];

	if (n > 3) {
		err_set(err, ERR_FATAL, "%s: too many scopes", where);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		stack[i] = scopes[i];
	return render_range(t, 0, t->n_ops, stack, n, out, where, err);
}

int
template_render_text(const char *text, const struct tvars *vars,
		     char **out_r, struct err *err)
{
	struct render_tmpl *t;
	struct buf out;
	int ret = -1;

	*out_r = NULL;
	buf_init(&out, TEMPLATE_MAX_OUTPUT);
	t = render_compile(text, strlen(text), "text", 1, err);
	if (t == NULL)
		goto out;
	if (render_run(t, &vars, 1, &out, "text", err) < 0)
		goto out;
	*out_r = buf_take(&out);
	ret = 0;
out:
	buf_free(&out);
	render_tmpl_free(&t);
	return ret;
}

/* Makes the rendered subject one line: CR, LF, TAB become spaces; leading
   and trailing spaces go. */
static char *
render_subject_line(char *s)
{
	size_t len, start = 0;

	for (char *p = s; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	while (s[start] == ' ')
		start++;
	memmove(s, s + start, len - start + 1);
	return s;
}

int
template_render(const struct template_set *set, const char *name,
		const char *lang, const struct tvars *vars, char **subject_r,
		char **body_r, struct err *err)
{
	const struct render_tmpl *subject, *body;
	const struct tvars *scopes[2];
	struct tvars *builtin = tvars_new();
	const char *path;
	struct buf out;
	int ret = -1;

	*subject_r = NULL;
	*body_r = NULL;
	buf_init(&out, TEMPLATE_MAX_OUTPUT);
	if (set_lookup(set, name, lang, &subject, &body, &path) < 1) {
		err_set(err, ERR_FATAL, "no template \"%s\"", name);
		goto out;
	}
	tvars_set(builtin, "form", template_set_form(set, lang));
	scopes[0] = builtin;
	scopes[1] = vars;
	if (render_run(subject, scopes, 2, &out, path, err) < 0)
		goto out;
	*subject_r = render_subject_line(buf_take(&out));
	if (render_run(body, scopes, 2, &out, path, err) < 0)
		goto out;
	*body_r = buf_take(&out);
	ret = 0;
out:
	if (ret < 0)
		xfree(subject_r);
	buf_free(&out);
	tvars_free(&builtin);
	return ret;
}
