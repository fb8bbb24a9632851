/* common/log.c - key=value logging to stderr or syslog. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "buf.h"
#include "log.h"
#include "mem.h"
#include "utf8.h"
#include "wallclock.h"

static enum log_level log_max = LOG_LVL_INFO;
static bool log_syslog;

static const char *const log_names[] = { "error", "warn", "info", "debug" };

void
log_init(enum log_level max, bool use_syslog)
{
	log_max = max;
	if (use_syslog && !log_syslog)
		openlog("reportgate", LOG_PID, LOG_MAIL);
	log_syslog = use_syslog;
}

enum log_level
log_get_level(void)
{
	return log_max;
}

void
log_msg(enum log_level lvl, const char *comp, const char *event,
	const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char ts[32];
	time_t now;
	char *rest = NULL;
	va_list ap;

	if (lvl > log_max)
		return;
	if (fmt != NULL && *fmt != '\0') {
		va_start(ap, fmt);
		rest = xvasprintf(fmt, ap);
		va_end(ap);
	}
	if (log_syslog) {
		syslog(prio[lvl], "level=%s comp=%s event=%s%s%s", log_names[lvl],
		       comp, event, rest ? " " : "", rest ? rest : "");
	} else {
		now = time(NULL);
		wallclock_utc(now, WALLCLOCK_ISO, ts, sizeof(ts));
		fprintf(stderr, "ts=%s level=%s comp=%s event=%s%s%s\n", ts,
			log_names[lvl], comp, event, rest ? " " : "",
			rest ? rest : "");
	}
	free(rest);
}

static bool
log_safe_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-_.:/@+,%[]<>", c) != NULL;
}

const char *
log_q(char *out, size_t size, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	struct buf b;
	bool bare = true;
	size_t i, n, len, keep;

	if (size == 0)
		return out;
	if (value == NULL) {
		snprintf(out, size, "-");
		return out;
	}
	len = strlen(value);
	for (i = 0; i < len; i++)
		if (!log_safe_char(p[i]))
			bare = false;
	if (bare && len > 0 && len < size) {
		memcpy(out, value, len + 1);
		return out;
	}
	buf_init(&b, 0);
	buf_putc(&b, '"');
	for (i = 0; i < len;) {
		n = utf8_seq_len(p + i, len - i);
		if (p[i] == '"' || p[i] == '\\') {
			buf_putc(&b, '\\');
			buf_putc(&b, (char)p[i]);
			i++;
		} else if (p[i] == '\n') {
			buf_puts(&b, "\\n");
			i++;
		} else if (p[i] == '\r') {
			buf_puts(&b, "\\r");
			i++;
		} else if (p[i] == '\t') {
			buf_puts(&b, "\\t");
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f || n == 0) {
			buf_printf(&b, "\\x%02x", p[i]);
			i++;
		} else {
			buf_append(&b, p + i, n);
			i += n;
		}
	}
	buf_putc(&b, '"');
	if (b.len < size) {
		memcpy(out, b.data, b.len + 1);
	} else if (size < 6) {
		snprintf(out, size, "\"\"");
	} else {
		/* keep a prefix that does not cut an escape or a sequence */
		keep = utf8_prefix(b.data, size - 5);
		while (keep > 1 && b.data[keep - 1] == '\\')
			keep--;
		memcpy(out, b.data, keep);
		memcpy(out + keep, "...\"", 5);
	}
	buf_free(&b);
	return out;
}
