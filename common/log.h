/* common/log.h - one key=value line per event
   (docs/DEVELOPERS.md, "Logging"; docs/SPEC.md §7).
   Example: ts=2026-09-01T10:22:03Z level=info comp=intake event=report.stored
   msg=INBOX:1717:42 case=IPR-2026-000001
   Any value that comes from mail goes through log_q() first. */
#ifndef RG_LOG_H
#define RG_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_LVL_ERROR = 0, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* Sets the most verbose level written, and whether lines go to syslog(3)
   instead of stderr. */
void log_init(enum log_level max, bool use_syslog);
/* Returns the current maximum level. */
enum log_level log_get_level(void);

/* Writes one line: ts, level, comp, event, then fmt's "key=value" pairs
   (may be NULL or ""). */
void log_msg(enum log_level lvl, const char *comp, const char *event,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define log_error(comp, event, ...) log_msg(LOG_LVL_ERROR, comp, event, __VA_ARGS__)
#define log_warn(comp, event, ...) log_msg(LOG_LVL_WARN, comp, event, __VA_ARGS__)
#define log_info(comp, event, ...) log_msg(LOG_LVL_INFO, comp, event, __VA_ARGS__)
#define log_debug(comp, event, ...) log_msg(LOG_LVL_DEBUG, comp, event, __VA_ARGS__)

/* Writes value into out (size bytes) as one log token: bare when it is
   made of safe characters, else in double quotes with \" \\ \n \r \t and
   \xNN escapes for control bytes and invalid UTF-8; truncated to fit with
   a trailing "...". NULL becomes "-". Returns out. */
const char *log_q(char *out, size_t size, const char *value);

#endif
