/* cli/glib_log.c - GLib/GMime g_log output -> common/log.c. Both
   paths are covered: g_log() reaches the default handler, and
   g_log_structured() (G_LOG_USE_STRUCTURED code) reaches the writer. */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "common/log.h"
#include "common/mem.h"
#include "cli/glib_log.h"

/* Maps the most severe level bit in flags to ours and to an event name. */
static enum log_level
glib_log_level(GLogLevelFlags flags, const char **event_r)
{
	if (flags & G_LOG_LEVEL_ERROR) {
		*event_r = "glib.error";
		return LOG_LVL_ERROR;
	}
	if (flags & G_LOG_LEVEL_CRITICAL) {
		*event_r = "glib.critical";
		return LOG_LVL_ERROR;
	}
	if (flags & G_LOG_LEVEL_WARNING) {
		*event_r = "glib.warning";
		return LOG_LVL_WARN;
	}
	if (flags & G_LOG_LEVEL_MESSAGE) {
		*event_r = "glib.message";
		return LOG_LVL_INFO;
	}
	if (flags & G_LOG_LEVEL_INFO) {
		*event_r = "glib.info";
		return LOG_LVL_INFO;
	}
	*event_r = "glib.debug";
	return LOG_LVL_DEBUG;
}

static void
glib_log_emit(GLogLevelFlags flags, const char *domain, const char *text)
{
	char qd[64], qt[512];
	const char *event;
	enum log_level lvl = glib_log_level(flags, &event);

	if (lvl > log_get_level())
		return;
	log_msg(lvl, "glib", event, "domain=%s text=%s",
		log_q(qd, sizeof(qd), domain ? domain : "-"),
		log_q(qt, sizeof(qt), text));
}

static void
glib_log_handler(const gchar *domain, GLogLevelFlags flags,
		 const gchar *message, gpointer data)
{
	(void)data;
	glib_log_emit(flags, domain, message);
}

/* Copies a structured field's value to a new C string (length -1 means
   NUL-terminated). */
static char *
glib_log_field(const GLogField *f)
{
	if (f->length < 0)
		return xstrdup(f->value ? (const char *)f->value : "");
	return xstrndup(f->value, (size_t)f->length);
}

static GLogWriterOutput
glib_log_writer(GLogLevelFlags flags, const GLogField *fields, gsize n,
		gpointer data)
{
	char *domain = NULL, *text = NULL;

	(void)data;
	for (gsize i = 0; i < n; i++) {
		if (strcmp(fields[i].key, "MESSAGE") == 0 && text == NULL)
			text = glib_log_field(&fields[i]);
		else if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 &&
			 domain == NULL)
			domain = glib_log_field(&fields[i]);
	}
	glib_log_emit(flags, domain, text ? text : "");
	free(domain);
	free(text);
	return G_LOG_WRITER_HANDLED;
}

void
glib_log_install(void)
{
	static bool installed;

	if (installed)
		return;
	installed = true;
	g_log_set_default_handler(glib_log_handler, NULL);
	/* may be set only once per process: GLib aborts on a second call */
	g_log_set_writer_func(glib_log_writer, NULL, NULL);
}
