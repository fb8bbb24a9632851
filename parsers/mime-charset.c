/* parsers/mime-charset.c - the charsets of the MIME side: the fallbacks
   for raw 8-bit headers and for bodies without a known charset, and the
   iconv descriptors kept open so glibc keeps their modules loaded. */
#include <iconv.h>
#include <pthread.h>
#include <string.h>

#include <gmime/gmime.h>

#include "common/mem.h"
#include "parsers/mime-gm.h"

/* Fallbacks for raw 8-bit headers: UTF-8, then the Chinese superset
   (raw 8-bit headers here are mostly GBK), then Western. Bodies with no
   or an unknown charset: UTF-8, then Western. */
const char *mime_header_charsets[] = {
	"UTF-8", "GB18030", "windows-1252", NULL
};
const char *mime_body_charsets[] = { "UTF-8", "windows-1252", NULL };

/* glibc unloads a gconv module when the last descriptor using it is
   closed, and GMime opens and closes one per text part and encoded
   header: mails in a few charsets paid a dlopen and a dlclose per part
   (some 5% of the parse time). One descriptor per charset seen stays
   open until mime_global_shutdown, keeping its module loaded; it is
   never used to convert anything. */
#define MIME_PIN_MAX 32
static struct {
	char *name;		/* iconv's name for the charset */
	iconv_t cd;		/* (iconv_t)-1 when iconv has none */
} mime_pins[MIME_PIN_MAX];
static size_t mime_n_pins;
static pthread_mutex_t mime_pin_lock = PTHREAD_MUTEX_INITIALIZER;

void
mime_pin_charset(const char *charset)
{
	const char *name = g_mime_charset_iconv_name(charset);
	size_t i;

	if (name == NULL)
		return;
	pthread_mutex_lock(&mime_pin_lock);
	for (i = 0; i < mime_n_pins; i++)
		if (strcmp(mime_pins[i].name, name) == 0)
			break;
	if (i == mime_n_pins && i < MIME_PIN_MAX) {
		mime_pins[i].name = xstrdup(name);
		mime_pins[i].cd = iconv_open("UTF-8", name);
		mime_n_pins++;
	}
	pthread_mutex_unlock(&mime_pin_lock);
}

void
mime_pins_release(void)
{
	pthread_mutex_lock(&mime_pin_lock);
	for (size_t i = 0; i < mime_n_pins; i++) {
		if (mime_pins[i].cd != (iconv_t)-1)
			iconv_close(mime_pins[i].cd);
		free(mime_pins[i].name);
	}
	mime_n_pins = 0;
	pthread_mutex_unlock(&mime_pin_lock);
}
