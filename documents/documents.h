/* documents/documents.h - text and links from attached documents (PDF,
   DOCX, XLSX, ODT/ODS, CSV, TXT, HTML, ZIP of these, TNEF), read in a
   sandboxed child process.

   The caller hands over one attachment's bytes at a time; a reader
   (struct doc_reader, one per mail) passes them to its helper process
   (reportgate-extract, under Landlock, seccomp and rlimits, killed at a
   time limit) and returns what it found; documents_extract() does it
   with a reader of its own. A crash, a hang or a limit in the child is a
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
	bool no_reuse;		/* benchmarks only: a reader process per
				   document, as before readers were reused */
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

/* A sandboxed reader process that reads several documents one after
   another: those of one mail (never share one between mails: a document
   that took the reader over could see the next). Started at its first
   document, restarted after a failure, and restarted with the OCR engine
   when a document that may need it comes to a reader without it. */
struct doc_reader;

/* Returns a reader with no process yet (owned by the caller:
   documents_reader_free). */
struct doc_reader *documents_reader_new(void);
/* Kills the reader's process, if any, frees rd (NULL-safe) and sets
   *rd = NULL. */
void documents_reader_free(struct doc_reader **rd);
/* Reads data[0..len) (borrowed) as a document of the given type in rd's
   sandboxed process (started if needed) and fills res (initialised here;
   free with documents_result_free). Returns 0 when the reader finished
   the document, or -1 when it failed (crash, signal, time or output
   limit, or the helper could not run): then res->failed is set,
   res->warnings says why, res holds what arrived before, and the next
   document gets a new process. */
int documents_reader_extract(struct doc_reader *rd, const void *data,
			     size_t len, enum doc_type type,
			     const struct documents_cfg *cfg,
			     struct doc_result *res);
/* documents_reader_extract with a reader of its own, for one document.
   Returns as it does. */
int documents_extract(const void *data, size_t len, enum doc_type type,
		      const struct documents_cfg *cfg,
		      struct doc_result *res);
/* Frees what res owns; res is left empty. */
void documents_result_free(struct doc_result *res);

/* The child's side: runs in reportgate-extract. Loads what must be
   loaded from files (the OCR engine with "--ocr 1", iconv's
   converters), applies the rlimits, Landlock and the seccomp filter,
   then serves requests on fd 0 (a socket: each message is a type name
   with a sealed memory file holding the document) until it closes,
   writing each document's records to fd 1, ended by an end record.
   argv holds "--max-pages N", "--max-bytes N", "--seconds N",
   "--ocr 0|1" and the test-only "--fault F". Returns the exit status. */
int documents_child_main(int argc, char **argv);

#endif
