/* documents/documents.h - text and links from attached documents (PDF,
   DOCX, XLSX, ODT/ODS, CSV, TXT, HTML, ZIP of these, TNEF), read in a
   sandboxed child process.

   The caller hands over one attachment's bytes; documents_extract() runs
   the helper program (reportgate-extract) with only those bytes as its
   standard input, under seccomp and rlimits, killed at a time limit, and
   returns what it found. A crash, a hang or a limit in the child is a
   warning in the result, never an error of the caller. Calls only
   common/. */
#ifndef RG_DOCUMENTS_H
#define RG_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strv.h"

/* The formats read (documents_sniff). */
enum doc_type {
	DOC_NONE = 0,
	DOC_PDF,
	DOC_DOCX,
	DOC_XLSX,
	DOC_ODF,	/* ODT or ODS: content.xml */
	DOC_CSV,
	DOC_TEXT,
	DOC_HTML,
	DOC_ZIP,	/* an archive holding documents (one level) */
	DOC_TNEF,	/* Outlook's winmail.dat */
	DOC_IMAGE	/* JPEG, PNG, TIFF: read only with OCR */
};

/* [documents] settings. documents_cfg_init() fills the defaults; the
   strings are owned by the cfg (documents_cfg_clear). */
struct documents_cfg {
	bool enabled;		/* default false here; config turns it on */
	unsigned max_pages;	/* default 200 pages (and sheets, slides) */
	uint64_t max_bytes;	/* default 20 MiB: bigger documents are not
				   read; also the most text one may yield */
	unsigned seconds;	/* default 10: the child is killed after */
	bool ocr;		/* default false: images are not read */
	char *helper;		/* path of reportgate-extract; NULL = the
				   REPORTGATE_EXTRACT environment variable,
				   else the installed one */
	char *fault;		/* tests only: makes the child fail
				   ("crash", "hang", "memory", "spew",
				   "socket", "open"); NULL in production */
};

/* One block of text from one place of a document, with the links that
   place holds as annotations or hyperlink relationships (links written
   in the text itself are in text). */
struct doc_piece {
	char *where;		/* "page 3", "sheet Links", "list.csv in
				   a.zip, sheet 1"; "" for the whole file */
	char *text;		/* UTF-8, NUL-terminated */
	size_t len;
	struct strv links;
};

/* A file a container held that becomes an attachment of the report
   (TNEF attachments). */
struct doc_file {
	char *name;		/* as the container names it, may be NULL */
	unsigned char *data;
	size_t len;
};

/* What documents_extract() found. All owned by the result. */
struct doc_result {
	enum doc_type type;
	struct doc_piece *pieces;
	size_t n_pieces;
	struct doc_file *files;
	size_t n_files;
	char *body;		/* TNEF: the message body text, or NULL */
	unsigned pages;		/* pages or sheets read */
	struct strv warnings;	/* "code: detail" */
	bool failed;		/* the child crashed, hung or hit a limit */
};

/* Fills cfg with the defaults above. */
void documents_cfg_init(struct documents_cfg *cfg);
/* Frees what cfg owns. */
void documents_cfg_clear(struct documents_cfg *cfg);

/* Returns the format of data[0..len) from its first bytes, and for plain
   text from its file name (may be NULL) and content type (may be NULL):
   DOC_NONE for what is not read. Zip files are told apart by their
   entries' names. Pure function, no process. */
enum doc_type documents_sniff(const void *data, size_t len,
			      const char *filename, const char *content_type);
/* Returns the name of a type ("pdf", "xlsx", ...; static). */
const char *documents_type_name(enum doc_type t);
/* Parses a type name; returns DOC_NONE when unknown. */
enum doc_type documents_type_parse(const char *name);

/* Reads data[0..len) (borrowed) as a document of the given type in the
   sandboxed child and fills res (initialised here; free with
   documents_result_free). Returns 0 when the child ended normally, or -1
   when it failed (crash, signal, time or output limit, or the helper
   could not run): then res->failed is set, res->warnings says why, and
   res holds what arrived before. */
int documents_extract(const void *data, size_t len, enum doc_type type,
		      const struct documents_cfg *cfg,
		      struct doc_result *res);
/* Frees what res owns; res is left empty. */
void documents_result_free(struct doc_result *res);

/* The child's side: runs in reportgate-extract. Reads the document from
   fd 0 (a sealed memory file), applies the rlimits and the seccomp
   filter, extracts and writes records to fd 1. argv holds "--type T",
   "--max-pages N", "--max-bytes N", "--seconds N", "--ocr 0|1" and the
   test-only "--fault F". Returns the exit status. */
int documents_child_main(int argc, char **argv);

#endif
