/* tests/unit/test-csv.c - the CSV reader: good rows, bad rows by line
   number, BOM, CRLF, quotes, embedded newlines, caps. Every input is read
   twice, from memory and from a FILE *, and must give the same result. */
#include <stdio.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/csv.h"
#include "../../common/mem.h"
#include "../../common/strv.h"
#include "../lib/testlib.h"

/* Reads every record of r into a transcript owned by the caller: one line
   per record, "L:f1|f2" for a record and "L!reason" for a bad one, where
   L is the start line; a field over 20 bytes is written as "<N bytes>". */
static char *
transcript(struct csv_reader *r)
{
	struct strv fields = { 0 };
	struct buf out;
	const char *err;
	unsigned line, guard = 0;
	size_t i;
	int rc;

	buf_init(&out, 0);
	while ((rc = csv_next(r, &fields, &line, &err)) != 0 && guard++ < 1000) {
		if (rc < 0) {
			buf_printf(&out, "%u!%s\n", line, err);
			continue;
		}
		buf_printf(&out, "%u:", line);
		for (i = 0; i < fields.n; i++) {
			if (i > 0)
				buf_putc(&out, '|');
			if (strlen(fields.v[i]) > 20)
				buf_printf(&out, "<%zu bytes>",
					   strlen(fields.v[i]));
			else
				buf_puts(&out, fields.v[i]);
		}
		buf_putc(&out, '\n');
	}
	strv_free(&fields);
	return buf_take(&out);
}

/* Reads data[0..len) from memory and from a temporary file and checks
   both transcripts against want. */
static void
check_len(const char *what, const char *data, size_t len, const char *want)
{
	struct csv_reader *r;
	char *got;
	FILE *fp;

	r = csv_reader_new(data, len);
	got = transcript(r);
	csv_reader_free(&r);
	test_ok(r == NULL, "%s: free sets NULL", what);
	test_streq(got, want, what);
	free(got);

	fp = tmpfile();
	if (fp == NULL || fwrite(data, 1, len, fp) != len ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		test_ok(false, "%s: temporary file", what);
		if (fp != NULL)
			fclose(fp);
		return;
	}
	r = csv_reader_new_file(fp);
	got = transcript(r);
	csv_reader_free(&r);
	fclose(fp);
	test_streq(got, want, "same from a FILE *");
	free(got);
}

static void
check(const char *what, const char *data, const char *want)
{
	check_len(what, data, strlen(data), want);
}

static void
t_good(void)
{
	test_begin("good records");
	check("LF", "listing_id,vendor_name\nabc,Acme\n",
	      "1:listing_id|vendor_name\n2:abc|Acme\n");
	check("CRLF", "a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	check("lone CR", "a,b\rc,d\r", "1:a|b\n2:c|d\n");
	check("no final newline", "a,b\nc,d", "1:a|b\n2:c|d\n");
	check("BOM", "\xEF\xBB\xBFid,name\nx,y\n", "1:id|name\n2:x|y\n");
	check("BOM only at the start", "a\n\xEF\xBB\xBF" "b\n",
	      "1:a\n2:\xEF\xBB\xBF" "b\n");
	check("quotes", "\"a,b\",\"say \"\"hi\"\"\",plain\n",
	      "1:a,b|say \"hi\"|plain\n");
	check("empty fields", ",,\n\"\",x,\"\"\n", "1:||\n2:|x|\n");
	check("embedded LF", "1,\"line1\nline2\",x\n2,y,z\n",
	      "1:1|line1\nline2|x\n3:2|y|z\n");
	check("embedded CRLF kept", "1,\"a\r\nb\"\r\n2\r\n",
	      "1:1|a\r\nb\n3:2\n");
	check("blank lines skipped", "a\n\n\r\n\nb\n", "1:a\n5:b\n");
	check("spaces kept", " a , b \n", "1: a | b \n");
	check("UTF-8", "\xe5\x95\x86\xe5\xba\x97,caf\xc3\xa9\n",
	      "1:\xe5\x95\x86\xe5\xba\x97|caf\xc3\xa9\n");
	check("empty input", "", "");
	check("only a BOM", "\xEF\xBB\xBF", "");
	check("only newlines", "\n\r\n\n", "");
}

static void
t_bad(void)
{
	test_begin("bad records");
	check("stray quotes",
	      "ok1,x\nbad\"quote,y\nok2,z\n\"abc\"def,1\nok3\n",
	      "1:ok1|x\n2!quote inside an unquoted field\n3:ok2|z\n"
	      "4!text after a closing quote\n5:ok3\n");
	check("unterminated quote resumes on the next line",
	      "a,b\n\"unterminated,c\nd,e\nf,g\n",
	      "1:a|b\n2!unterminated quoted field\n3:d|e\n4:f|g\n");
	check("unterminated on the last line", "a\n\"b,c",
	      "1:a\n2!unterminated quoted field\n");
	check("invalid UTF-8", "caf\xe9,x\nok\n",
	      "1!invalid UTF-8 or NUL byte\n2:ok\n");
	check_len("NUL byte", "a\0b,x\nok\n", 9,
		  "1!invalid UTF-8 or NUL byte\n2:ok\n");
	check("bad row after a multi-line record",
	      "\"x\ny\",1\n\"z\"q\nlast\n",
	      "1:x\ny|1\n3!text after a closing quote\n4:last\n");
}

static void
t_caps(void)
{
	struct buf b;
	int i;

	test_begin("caps");
	buf_init(&b, 0);
	for (i = 0; i < CSV_MAX_FIELD; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, ",x\n\"");
	for (i = 0; i < CSV_MAX_FIELD; i++)
		buf_puts(&b, "\"\"");	/* 4096 bytes once unquoted */
	buf_puts(&b, "\"\n");
	for (i = 0; i <= CSV_MAX_FIELD; i++)
		buf_putc(&b, 'b');
	buf_puts(&b, "\nok\n");
	check("field cap", buf_str(&b),
	      "1:<4096 bytes>|x\n2:<4096 bytes>\n3!field too long\n4:ok\n");

	buf_reset(&b);
	for (i = 1; i < CSV_MAX_FIELDS; i++)
		buf_puts(&b, "f,");
	buf_puts(&b, "f\n");
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		buf_puts(&b, "f,");
	buf_puts(&b, "f\nok\n");
	{
		struct csv_reader *r = csv_reader_new(b.data, b.len);
		struct strv fields = { 0 };
		const char *err = NULL;
		unsigned line = 0;

		test_ok(csv_next(r, &fields, &line, &err) == 1 &&
			fields.n == CSV_MAX_FIELDS, "64 fields are fine");
		test_ok(csv_next(r, &fields, &line, &err) < 0 && line == 2 &&
			fields.n == 0, "65 fields refused on line 2");
		test_streq(err, "too many fields", "reason");
		test_ok(csv_next(r, &fields, &line, &err) == 1 && line == 3 &&
			fields.n == 1, "next row read");
		test_ok(csv_next(r, &fields, &line, &err) == 0, "then end");
		test_ok(csv_next(r, &fields, &line, &err) == 0, "end stays");
		strv_free(&fields);
		csv_reader_free(&r);
		csv_reader_free(&r);	/* NULL-safe */
	}

	/* a record over CSV_MAX_RECORD raw bytes, outside quotes */
	buf_reset(&b);
	buf_puts(&b, "first\n");
	for (i = 0; i < CSV_MAX_RECORD / 3 + 10; i++)
		buf_puts(&b, "\"\",");
	buf_puts(&b, "x\nafter,1\n");
	check("record cap", buf_str(&b),
	      "1:first\n2!record too long\n3:after|1\n");

	/* an open quote that runs past the cap resumes on its next line */
	buf_reset(&b);
	buf_puts(&b, "\"open\nnext,2\n");
	for (i = 0; i < CSV_MAX_RECORD + 10; i++)
		buf_putc(&b, 'z');
	buf_puts(&b, "\nend\n");
	check("open quote past the cap", buf_str(&b),
	      "1!unterminated quoted field\n2:next|2\n"
	      "3!record too long\n4:end\n");

	/* ... or after its own line when that line is over the cap */
	buf_reset(&b);
	buf_puts(&b, "\"");
	for (i = 0; i < CSV_MAX_RECORD + 10; i++)
		buf_putc(&b, 'z');
	buf_puts(&b, "\nend\n");
	check("open quote on a line over the cap", buf_str(&b),
	      "1!unterminated quoted field\n2:end\n");
	buf_free(&b);
}

static void
t_read_error(void)
{
	struct csv_reader *r;
	struct strv fields = { 0 };
	const char *err = NULL;
	unsigned line = 0;
	FILE *fp;

	test_begin("read error");
	fp = fopen(test_path("unit"), "r");	/* a directory: EISDIR */
	if (fp == NULL) {
		test_skip("cannot open a directory as a FILE");
		return;
	}
	r = csv_reader_new_file(fp);
	test_ok(csv_next(r, &fields, &line, &err) < 0, "read error is -1");
	test_streq(err, "read error", "reason");
	test_ok(csv_next(r, &fields, &line, &err) == 0, "then the end");
	csv_reader_free(&r);
	fclose(fp);
}

int
main(void)
{
	t_good();
	t_bad();
	t_caps();
	t_read_error();
	return test_done();
}
