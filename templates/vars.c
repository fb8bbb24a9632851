/* templates/vars.c - the value model of templates: a scope of named text
   values, flags and lists of item scopes, each owned by its parent. */
#include <stdarg.h>
#include <string.h>

#include "common/mem.h"
#include "templates/template-int.h"

struct tvars *
tvars_new(void)
{
	return xcalloc(1, sizeof(struct tvars));
}

static void
tvars_clear_value(struct tvar *t)
{
	free(t->text);
	t->text = NULL;
	for (size_t i = 0; i < t->n_items; i++)
		tvars_free(&t->items[i]);
	free(t->items);
	t->items = NULL;
	t->n_items = 0;
	t->cap_items = 0;
	t->flag = false;
}

void
tvars_free(struct tvars **v)
{
	if (v == NULL || *v == NULL)
		return;
	for (size_t i = 0; i < (*v)->n; i++) {
		tvars_clear_value(&(*v)->v[i]);
		free((*v)->v[i].name);
	}
	free((*v)->v);
	free(*v);
	*v = NULL;
}

const struct tvar *
tvars_find(const struct tvars *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i].name, name) == 0)
			return &v->v[i];
	return NULL;
}

/* Returns the slot for name, emptied and typed as type (new or reused). */
static struct tvar *
tvars_slot(struct tvars *v, const char *name, enum tvar_type type)
{
	struct tvar *t = NULL;

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i].name, name) == 0) {
			t = &v->v[i];
			break;
		}
	if (t == NULL) {
		v->v = xgrow(v->v, v->n, &v->cap, sizeof(*v->v));
		t = &v->v[v->n++];
		memset(t, 0, sizeof(*t));
		t->name = xstrdup(name);
	} else {
		tvars_clear_value(t);
	}
	t->type = type;
	return t;
}

void
tvars_set(struct tvars *v, const char *name, const char *value)
{
	struct tvar *t = tvars_slot(v, name, TVAR_TEXT);

	t->text = xstrdup(value ? value : "");
}

void
tvars_setf(struct tvars *v, const char *name, const char *fmt, ...)
{
	struct tvar *t = tvars_slot(v, name, TVAR_TEXT);
	va_list ap;

	va_start(ap, fmt);
	t->text = xvasprintf(fmt, ap);
	va_end(ap);
}

void
tvars_set_bool(struct tvars *v, const char *name, bool value)
{
	tvars_slot(v, name, TVAR_FLAG)->flag = value;
}

void
tvars_set_list(struct tvars *v, const char *name)
{
	tvars_slot(v, name, TVAR_LIST);
}

struct tvars *
tvars_add_item(struct tvars *v, const char *list)
{
	const struct tvar *found = tvars_find(v, list);
	struct tvar *t;

	if (found != NULL && found->type == TVAR_LIST)
		t = &v->v[found - v->v];
	else
		t = tvars_slot(v, list, TVAR_LIST);
	t->items = xgrow(t->items, t->n_items, &t->cap_items,
			 sizeof(*t->items));
	t->items[t->n_items] = tvars_new();
	return t->items[t->n_items++];
}

const char *
tvars_get(const struct tvars *v, const char *name)
{
	const struct tvar *t = tvars_find(v, name);

	return t != NULL && t->type == TVAR_TEXT ? t->text : NULL;
}

size_t
tvars_count(const struct tvars *v, const char *list)
{
	const struct tvar *t = tvars_find(v, list);

	return t != NULL && t->type == TVAR_LIST ? t->n_items : 0;
}
