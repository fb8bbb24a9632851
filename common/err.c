/* common/err.c - struct err helpers. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

void
err_set(struct err *err, enum err_class class, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->class = class;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void
err_clear(struct err *err)
{
	if (err == NULL)
		return;
	err->class = ERR_NONE;
	err->msg[0] = '\0';
}

const char *
err_class_name(enum err_class class)
{
	switch (class) {
	case ERR_TEMP:
		return "temp";
	case ERR_MSG:
		return "msg";
	case ERR_FATAL:
		return "fatal";
	case ERR_NONE:
		break;
	}
	return "none";
}
