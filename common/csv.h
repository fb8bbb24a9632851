/* common/csv.h - an RFC 4180 CSV reader for files people export from
   spreadsheets (the listing directory, SPEC §8): quoted fields, doubled
   quotes, CRLF or LF, newlines inside quotes, a UTF-8 BOM, capped fields.
   A bad record is reported by the line it starts on and skipped; the
   reader goes on with the next one. Header rows are the caller's
   business: the first record is returned like any other. */
#ifndef RG_CSV_H
#define RG_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "strv.h"

#define CSV_MAX_FIELD 4096	/* bytes of one field, after unquoting */
#define CSV_MAX_FIELDS 64	/* fields in one record */
#define CSV_MAX_RECORD (1024 * 1024)	/* raw bytes of one record */

struct csv_reader;	/* opaque: position, line count, window */

/* Returns a reader over data[0..len), which it borrows: data must stay
   valid and unchanged until csv_reader_free. */
struct csv_reader *csv_reader_new(const char *data, size_t len);
/* Returns a reader that reads fp from its current position in chunks,
   holding at most one record (plus a chunk) in memory. fp is borrowed:
   the caller closes it after csv_reader_free. */
struct csv_reader *csv_reader_new_file(FILE *fp);
/* Frees the reader; NULL-safe; sets *r = NULL. */
void csv_reader_free(struct csv_reader **r);

/* Reads the next record. fields_r is emptied first (strv_free), then gets
   one string per field (copies owned by fields_r; the caller strv_frees it
   in the end; an empty field is ""). *line_r gets the 1-based physical
   line where the record starts (lines end at LF, CRLF or a lone CR).
   Lines with no byte at all are skipped, so a blank line is no record.
   Returns 1 with a record; 0 at the end of the input; -1 for a bad record,
   with fields_r empty and *err_r set to a static reason ("unterminated
   quoted field", "field too long", "too many fields", "record too long",
   "quote inside an unquoted field", "text after a closing quote",
   "invalid UTF-8 or NUL byte", "read error"). After -1 the next call goes
   on after the bad record; after an unterminated quote, which swallows
   the rest of the input, it goes on at the line after the one the record
   started on. After "read error" every further call returns 0. */
int csv_next(struct csv_reader *r, struct strv *fields_r, unsigned *line_r,
	     const char **err_r);

#endif
