/* documents/ex_tnef.c - Outlook's winmail.dat (TNEF, libytnef): each
   attachment it holds is sent back as a file (it becomes an attachment
   of the report, read like one), and the message body (the plain body,
   else PR_BODY, else the compressed RTF with its control words removed)
   as body text. Runs in the sandboxed child. */
#include <stdio.h>	/* ytnef.h needs FILE */
#include <stdlib.h>
#include <string.h>
#include <ytnef.h>

#include "common/buf.h"
#include "documents/doc-int.h"

/* A string property of props as UTF-8 into b (UTF-16 for PT_UNICODE). */
static bool
ex_tnef_prop(MAPIProps *props, unsigned id, struct buf *b)
{
	variableLength *v = MAPIFindProperty(props, PROP_TAG(PT_UNICODE, id));

	if (v != MAPI_UNDEFINED && v != NULL && v->size > 0) {
		ex_text_utf16(v->data, (size_t)v->size, false, b);
		return true;
	}
	v = MAPIFindProperty(props, PROP_TAG(PT_STRING8, id));
	if (v != MAPI_UNDEFINED && v != NULL && v->size > 0) {
		buf_append(b, v->data, strnlen((const char *)v->data,
					       (size_t)v->size));
		return true;
	}
	return false;
}

/* RTF to text: control words and groups of destinations ({\*...}) are
   dropped, \par and \line end lines, \'hh is the byte hh. */
static void
ex_tnef_rtf(const unsigned char *s, size_t len, struct buf *b)
{
	unsigned skip = 0, depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '{') {
			depth++;
			if (i + 2 < len && s[i + 1] == '\\' && s[i + 2] == '*' &&
			    skip == 0)
				skip = depth;
		} else if (s[i] == '}') {
			if (skip == depth)
				skip = 0;
			if (depth > 0)
				depth--;
		} else if (s[i] == '\\') {
			size_t j = i + 1;

			if (j < len && s[j] == '\'' && j + 2 < len) {
				char hex[3] = { (char)s[j + 1], (char)s[j + 2], 0 };

				if (skip == 0)
					buf_putc(b, (char)strtoul(hex, NULL, 16));
				i = j + 2;
				continue;
			}
			if (j < len && (s[j] == '\\' || s[j] == '{' ||
					s[j] == '}')) {
				if (skip == 0)
					buf_putc(b, (char)s[j]);
				i = j;
				continue;
			}
			while (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
					   (s[j] >= 'A' && s[j] <= 'Z')))
				j++;
			if (skip == 0 && ((j - i - 1 == 3 &&
					   memcmp(s + i + 1, "par", 3) == 0) ||
					  (j - i - 1 == 4 &&
					   memcmp(s + i + 1, "line", 4) == 0)))
				buf_putc(b, '\n');
			while (j < len && (s[j] == '-' || (s[j] >= '0' &&
							   s[j] <= '9')))
				j++;
			if (j < len && s[j] == ' ')
				j++;
			i = j - 1;
		} else if (skip == 0 && s[i] != '\r' && s[i] != '\n') {
			buf_putc(b, (char)s[i]);
		}
	}
}

static void
ex_tnef_body(struct doc_ctx *x, TNEFStruct *t)
{
	struct buf b;
	variableLength *rtf;

	buf_init(&b, (size_t)x->max_bytes);
	if (t->body.size > 0 && t->body.data != NULL) {
		buf_append(&b, t->body.data, strnlen((const char *)t->body.data,
						     (size_t)t->body.size));
	} else if (!ex_tnef_prop(&t->MapiProperties, PR_BODY, &b)) {
		rtf = MAPIFindProperty(&t->MapiProperties,
				       PROP_TAG(PT_BINARY, PR_RTF_COMPRESSED));
		if (rtf != MAPI_UNDEFINED && rtf != NULL) {
			int n = 0;
			BYTE *d = DecompressRTF(rtf, &n);

			if (d != NULL && n > 0)
				ex_tnef_rtf(d, (size_t)n, &b);
			free(d);
		}
	}
	if (b.len > 0)
		wire_put(x, WIRE_BODY, "", 0, b.data, b.len);
	buf_free(&b);
}

int
ex_tnef(struct doc_ctx *x, const unsigned char *data, size_t len)
{
	TNEFStruct t;
	unsigned n = 0;

	TNEFInitialize(&t);
	t.Debug = 0;	/* else libytnef prints each record to stdout */
	if (len > 0x7fffffff ||
	    TNEFParseMemory((BYTE *)(uintptr_t)data, (long)len, &t) < 0) {
		wire_warn(x, "document_unreadable", "not a readable TNEF "
			  "(winmail.dat)");
		TNEFFree(&t);
		return -1;
	}
	wire_page(x);
	ex_tnef_body(x, &t);
	for (Attachment *a = t.starting_attach.next; a != NULL; a = a->next) {
		struct buf name;

		if (a->FileData.data == NULL || a->FileData.size <= 0)
			continue;
		if (++n > 200) {
			wire_warn(x, "too_many_attachments", "only the first "
				  "200 files of winmail.dat are listed");
			break;
		}
		buf_init(&name, 4096);
		if (!ex_tnef_prop(&a->MAPI, PR_ATTACH_LONG_FILENAME, &name) &&
		    a->Title.data != NULL && a->Title.size > 0)
			buf_append(&name, a->Title.data,
				   strnlen((const char *)a->Title.data,
					   (size_t)a->Title.size));
		wire_put(x, WIRE_FILE, name.data ? name.data : "", name.len,
			 a->FileData.data, (size_t)a->FileData.size);
		buf_free(&name);
	}
	TNEFFree(&t);
	return 0;
}
