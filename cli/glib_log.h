/* cli/glib_log.h - routes GLib and GMime g_log output into our own
   key=value log sink (docs/DEVELOPERS.md, "Logging"), so no library
   prints its own lines. */
#ifndef RG_GLIB_LOG_H
#define RG_GLIB_LOG_H

/* Installs the handlers (default handler and structured writer) once per
   process; later calls do nothing. Each GLib message becomes one line
   "comp=glib event=glib.<level> domain=D text=T" at our matching level
   (error, critical -> error; warning -> warn; message, info -> info;
   debug -> debug), the text quoted with log_q. GLib still aborts after a
   fatal message (G_LOG_LEVEL_ERROR), as it always does. */
void glib_log_install(void);

#endif
