/* templates/set.c - loading a template set from disk: the built-in
   directory, where each <lang>/<name>.txt is a template and form-<lang>.txt
   a report form, and an operator override directory of the same layout
   whose files win. Every file is read once, checked and compiled here. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/mem.h"
#include "common/strv.h"
#include "common/utf8.h"
#include "templates/template-int.h"

#define SET_NLANGS 2
static const char *const set_langs[SET_NLANGS] = { "en", "zh" };

struct set_entry {
	char *name;			/* owned */
	char *path[SET_NLANGS];		/* owned; NULL if that lang lacks it */
	struct render_tmpl *subject[SET_NLANGS];
	struct render_tmpl *body[SET_NLANGS];
};

struct template_set {
	struct set_entry *e;		/* sorted by name */
	size_t n;
	char *form[SET_NLANGS];		/* owned; form[1] may be NULL */
};

static int
set_lang_index(const char *lang)
{
	for (int i = 0; i < SET_NLANGS; i++)
		if (lang != NULL && strcmp(lang, set_langs[i]) == 0)
			return i;
	return 0;
}

/* Reads path into a new string owned by the caller (CRLF becomes LF).
   Returns 1, 0 when missing_ok and the file does not exist, or -1. */
static int
set_read_file(const char *path, bool missing_ok, char **text_r,
	      struct err *err)
{
	FILE *f;
	struct stat st;
	char *data = NULL;
	size_t len, o = 0;
	int ret = -1;

	*text_r = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;
		err_set(err, ERR_FATAL, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_FATAL, "%s: not a regular file", path);
		goto out;
	}
	data = xmalloc(TEMPLATE_MAX_FILE + 2);
	len = fread(data, 1, TEMPLATE_MAX_FILE + 1, f);
	if (ferror(f)) {
		err_set(err, ERR_FATAL, "%s: read error", path);
		goto out;
	}
	if (len > TEMPLATE_MAX_FILE) {
		err_set(err, ERR_FATAL, "%s: larger than %d bytes", path,
			TEMPLATE_MAX_FILE);
		goto out;
	}
	if (!utf8_valid(data, len)) {
		err_set(err, ERR_FATAL, "%s: not UTF-8 text", path);
		goto out;
	}
	for (size_t i = 0; i < len; i++)
		if (!(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n'))
			data[o++] = data[i];
	data[o] = '\0';
	*text_r = data;
	data = NULL;
	ret = 1;
out:
	free(data);
	fclose(f);
	return ret;
}

/* Splits a template file into its Subject line and body and compiles
   both. Returns 0 or -1 with err set. */
static int
set_compile_file(struct set_entry *e, int li, const char *path,
		 struct err *err)
{
	char *text = NULL;
	const char *subj, *eol, *body;
	int ret = -1;

	if (set_read_file(path, false, &text, err) < 0)
		return -1;
	if (strncmp(text, "Subject:", 8) != 0) {
		err_set(err, ERR_FATAL, "%s:1: must start with \"Subject:\"",
			path);
		goto out;
	}
	subj = text + 8;
	while (*subj == ' ')
		subj++;
	eol = strchr(subj, '\n');
	if (eol == NULL || eol[1] != '\n') {
		err_set(err, ERR_FATAL,
			"%s:2: the Subject line must be followed by a blank line",
			path);
		goto out;
	}
	body = eol + 2;
	e->subject[li] = render_compile(subj, (size_t)(eol - subj), path, 1,
					err);
	if (e->subject[li] == NULL)
		goto out;
	e->body[li] = render_compile(body, strlen(body), path, 3, err);
	if (e->body[li] == NULL)
		goto out;
	ret = 0;
out:
	free(text);
	return ret;
}

/* Whether name is "<[a-z0-9_]+>.txt"; sets *stem_len. */
static bool
set_file_name(const char *name, size_t *stem_len)
{
	size_t len = strlen(name);

	if (len <= 4 || strcmp(name + len - 4, ".txt") != 0)
		return false;
	*stem_len = len - 4;
	return true;
}

static bool
set_stem_ok(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return false;
	return len > 0;
}

/* Lists the template names in dir (sorted). Returns 1, 0 if dir does not
   exist and missing_ok, or -1 (a bad .txt name, an unreadable dir). */
static int
set_list_dir(const char *dir, bool missing_ok, struct strv *names,
	     struct err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t stem;

	if (d == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;
		err_set(err, ERR_FATAL, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !set_file_name(de->d_name, &stem))
			continue;
		if (!set_stem_ok(de->d_name, stem)) {
			err_set(err, ERR_FATAL,
				"%s/%s: a template name is [a-z0-9_]+.txt",
				dir, de->d_name);
			closedir(d);
			return -1;
		}
		strv_push_take(names, xstrndup(de->d_name, stem));
	}
	closedir(d);
	return 1;
}

static int
set_cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct set_entry *)a)->name,
		      ((const struct set_entry *)b)->name);
}

static struct set_entry *
set_find(const struct template_set *set, const char *name)
{
	struct set_entry key = { 0 };

	if (set->n == 0)
		return NULL;
	key.name = (char *)(uintptr_t)name;
	return bsearch(&key, set->e, set->n, sizeof(*set->e), set_cmp_entry);
}

/* Loads one language: builtin names, each from override if present there;
   an override file without a built-in of that name is an error. */
static int
set_load_lang(struct template_set *set, int li, const char *builtin_dir,
	      const char *override_dir, struct err *err)
{
	struct strv names = { 0 }, over = { 0 };
	char *dir = NULL, *odir = NULL, *path = NULL;
	int ret = -1, r = -1;

	dir = xasprintf("%s/%s", builtin_dir, set_langs[li]);
	r = set_list_dir(dir, li != 0, &names, err);
	if (r < 0)
		goto out;
	if (r == 0 && li == 0)
		goto out;
	if (override_dir != NULL) {
		odir = xasprintf("%s/%s", override_dir, set_langs[li]);
		if (set_list_dir(odir, true, &over, err) < 0)
			goto out;
	}
	for (size_t i = 0; i < over.n; i++) {
		if (!strv_contains(&names, over.v[i])) {
			if (li == 0 || set_find(set, over.v[i]) == NULL) {
				err_set(err, ERR_FATAL,
					"%s/%s.txt: no built-in template of "
					"that name", odir, over.v[i]);
				goto out;
			}
			strv_push(&names, over.v[i]);
		}
	}
	if (li == 0) {
		set->e = xcalloc(names.n ? names.n : 1, sizeof(*set->e));
		for (size_t i = 0; i < names.n; i++)
			set->e[set->n++].name = xstrdup(names.v[i]);
		qsort(set->e, set->n, sizeof(*set->e), set_cmp_entry);
	}
	for (size_t i = 0; i < names.n; i++) {
		struct set_entry *e = set_find(set, names.v[i]);

		if (e == NULL) {
			err_set(err, ERR_FATAL,
				"%s/%s.txt: no English template of that name",
				dir, names.v[i]);
			goto out;
		}
		xfree(&path);
		if (odir != NULL && strv_contains(&over, names.v[i]))
			path = xasprintf("%s/%s.txt", odir, names.v[i]);
		else
			path = xasprintf("%s/%s.txt", dir, names.v[i]);
		if (set_compile_file(e, li, path, err) < 0)
			goto out;
		e->path[li] = path;
		path = NULL;
	}
	ret = 0;
out:
	if (r == 0 && li == 0)
		err_set(err, ERR_FATAL, "%s: no such directory", dir);
	free(path);
	free(odir);
	free(dir);
	strv_free(&over);
	strv_free(&names);
	return ret;
}

static int
set_load_form(struct template_set *set, int li, const char *builtin_dir,
	      const char *override_dir, struct err *err)
{
	char *path = NULL;
	int r = 0;

	if (override_dir != NULL) {
		path = xasprintf("%s/form-%s.txt", override_dir,
				 set_langs[li]);
		r = set_read_file(path, true, &set->form[li], err);
		xfree(&path);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	path = xasprintf("%s/form-%s.txt", builtin_dir, set_langs[li]);
	r = set_read_file(path, li != 0, &set->form[li], err);
	free(path);
	return r < 0 ? -1 : 0;
}

struct template_set *
template_set_load(const char *builtin_dir, const char *override_dir,
		  struct err *err)
{
	struct template_set *set = xcalloc(1, sizeof(*set));

	for (int li = 0; li < SET_NLANGS; li++) {
		if (set_load_lang(set, li, builtin_dir, override_dir, err) < 0)
			goto fail;
		if (set_load_form(set, li, builtin_dir, override_dir, err) < 0)
			goto fail;
	}
	return set;
fail:
	template_set_free(&set);
	return NULL;
}

void
template_set_free(struct template_set **set)
{
	if (set == NULL || *set == NULL)
		return;
	for (size_t i = 0; i < (*set)->n; i++) {
		struct set_entry *e = &(*set)->e[i];

		for (int li = 0; li < SET_NLANGS; li++) {
			free(e->path[li]);
			render_tmpl_free(&e->subject[li]);
			render_tmpl_free(&e->body[li]);
		}
		free(e->name);
	}
	for (int li = 0; li < SET_NLANGS; li++)
		free((*set)->form[li]);
	free((*set)->e);
	free(*set);
	*set = NULL;
}

size_t
template_set_count(const struct template_set *set)
{
	return set->n;
}

const char *
template_set_name(const struct template_set *set, size_t i)
{
	return i < set->n ? set->e[i].name : NULL;
}

int
set_lookup(const struct template_set *set, const char *name,
	   const char *lang, const struct render_tmpl **subject_r,
	   const struct render_tmpl **body_r, const char **path_r)
{
	const struct set_entry *e = set_find(set, name);
	int li = set_lang_index(lang);

	if (e == NULL)
		return 0;
	if (e->body[li] == NULL)
		li = 0;
	if (e->body[li] == NULL)
		return 0;
	*subject_r = e->subject[li];
	*body_r = e->body[li];
	*path_r = e->path[li];
	return 1;
}

const char *
template_set_path(const struct template_set *set, const char *name,
		  const char *lang)
{
	const struct render_tmpl *s, *b;
	const char *path;

	return set_lookup(set, name, lang, &s, &b, &path) == 1 ? path : NULL;
}

const char *
template_set_form(const struct template_set *set, const char *lang)
{
	int li = set_lang_index(lang);

	return set->form[li] != NULL ? set->form[li] : set->form[0];
}

const char *
template_builtin_dir(void)
{
	const char *env = getenv("RG_TEMPLATES_DIR");
	struct stat st;

	if (env != NULL && env[0] != '\0')
		return env;
	if (stat(RG_DATADIR "/templates/en", &st) == 0 && S_ISDIR(st.st_mode))
		return RG_DATADIR "/templates";
	return RG_SRCDIR "/templates";
}
