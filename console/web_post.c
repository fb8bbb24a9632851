/* console/web_post.c - the body of a decision form: libmicrohttpd's post
   processor delivers each field in pieces, which are collected into
   capped buffers; a field sent twice, a value that is not clean UTF-8
   text, or a body over the cap is refused. Unknown fields are ignored. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "console/web_post.h"
#include "web/web_mhd.h"

/* The fields of struct web_form, in this order. */
enum web_post_field {
	WEB_POST_TOKEN = 0,
	WEB_POST_ACTION,
	WEB_POST_REASON,
	WEB_POST_TEXT,
	WEB_POST_PARTY,
	WEB_POST_WHAT,
	WEB_POST_DAYS,
	WEB_POST_USER,
	WEB_POST_PASSWORD,
	WEB_POST_ASSIGNEE,
	WEB_POST_CASE,		/* may repeat: the values joined by LF */
	WEB_POST_LISTING,	/* may repeat: the values joined by LF */
	WEB_POST_VENDOR,
	WEB_POST_REQUEST,
	WEB_POST_RIGHTS,
	WEB_POST_HOLDER,
	WEB_POST_GROUND,
	WEB_POST_EXPLANATION,
	WEB_POST_UNTIL,
	WEB_POST_N
};
static const char *const web_post_names[WEB_POST_N] = {
	"token", "action", "reason", "text", "party", "what", "days",
	"user", "password", "assignee", "case", "listing", "vendor",
	"request", "rights", "holder", "ground", "explanation", "until"
};

/* libmicrohttpd's buffer for parsing keys (its documented minimum). */
#define WEB_POST_PP_BUFFER 1024

struct web_post {
	struct MHD_PostProcessor *pp;	/* owned; NULL once finished */
	struct buf value[WEB_POST_N];
	bool seen[WEB_POST_N];
	int last;			/* field of the previous piece, -1 */
	size_t max, total;
	bool too_large, twice;
};

static enum MHD_Result
web_post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
	      const char *filename, const char *content_type,
	      const char *transfer_encoding, const char *data, uint64_t off,
	      size_t size)
{
	struct web_post *p = cls;
	int i;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	for (i = 0; i < WEB_POST_N; i++)
		if (key != NULL && strcmp(key, web_post_names[i]) == 0)
			break;
	if (i == WEB_POST_N) {
		p->last = -1;
		return MHD_YES;
	}
	/* A value comes in pieces with growing offsets (an empty piece may
	   come first); a new start after the field had text, or after
	   another field, is the field sent twice. */
	if ((i == WEB_POST_CASE || i == WEB_POST_LISTING) && p->seen[i] &&
	    (p->last != i || off == 0)) {
		/* The next case of a bulk form, the next listing checked: a
		   new line. */
		if (buf_putc(&p->value[i], '\n') < 0)
			p->too_large = true;
	} else if (p->seen[i] &&
		   (p->last != i || (off == 0 && p->value[i].len > 0))) {
		p->twice = true;
	}
	p->seen[i] = true;
	p->last = i;
	if (size > 0 && buf_append(&p->value[i], data, size) < 0)
		p->too_large = true;
	return p->twice || p->too_large ? MHD_NO : MHD_YES;
}

struct web_post *
web_post_new(struct MHD_Connection *c, size_t max)
{
	struct web_post *p = xcalloc(1, sizeof(*p));
	int i;

	for (i = 0; i < WEB_POST_N; i++)
		buf_init(&p->value[i], max);
	p->max = max;
	p->last = -1;
	p->pp = MHD_create_post_processor(c, WEB_POST_PP_BUFFER,
					  web_post_iter, p);
	if (p->pp == NULL)
		web_post_free(&p);
	return p;
}

void
web_post_feed(struct web_post *p, const char *data, size_t n)
{
	if (p->too_large || p->twice || p->pp == NULL)
		return;
	if (n > p->max - p->total) {
		p->too_large = true;
		return;
	}
	p->total += n;
	/* MHD_NO means the iterator stopped (flags set) or bad encoding,
	   which the post processor skips over; the flags decide. */
	(void)MHD_post_process(p->pp, data, n);
}

int
web_post_finish(struct web_post *p, struct web_form *f, unsigned *status_r,
		const char **why_r)
{
	const char **slot[WEB_POST_N] = {
		&f->token, &f->action, &f->reason, &f->text, &f->party,
		&f->what, &f->days, &f->user, &f->password, &f->assignee,
		&f->cases, &f->listings, &f->vendor, &f->request, &f->rights,
		&f->holder, &f->ground, &f->explanation, &f->until
	};
	int i;

	memset(f, 0, sizeof(*f));
	if (p->pp != NULL) {
		/* The last value is delivered here; its return value only
		   says whether the body ended cleanly, which is not needed. */
		(void)MHD_destroy_post_processor(p->pp);
		p->pp = NULL;
	}
	if (p->too_large) {
		*status_r = 413;
		*why_r = "The form is too large.";
		return -1;
	}
	if (p->twice) {
		*status_r = 400;
		*why_r = "A field of the form was sent twice.";
		return -1;
	}
	for (i = 0; i < WEB_POST_N; i++) {
		if (!p->seen[i])
			continue;
		if (!web_mhd_clean_text(&p->value[i])) {
			*status_r = 400;
			*why_r = "The form holds text that is not UTF-8 or has "
				 "control characters.";
			return -1;
		}
		*slot[i] = buf_str(&p->value[i]);
	}
	return 0;
}

void
web_post_free(struct web_post **pp)
{
	struct web_post *p;
	int i;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	if (p->pp != NULL)
		(void)MHD_destroy_post_processor(p->pp);
	for (i = 0; i < WEB_POST_N; i++) {
		/* A password must not linger in freed memory. */
		if (p->value[i].data != NULL)
			explicit_bzero(p->value[i].data, p->value[i].len);
		buf_free(&p->value[i]);
	}
	free(p);
	*pp = NULL;
}
