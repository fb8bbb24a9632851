/* tests/unit/test-documents.c - documents/: sniffing, each reader through
   the real sandboxed child (reportgate-extract, from $REPORTGATE_EXTRACT)
   on documents written by tests/documents/mkdocs.py, the bombs, the
   failures the child is made to have (--fault), and the evidence classes
   read from content with their hard negatives. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "autoconfig.h"
#include "../../common/sanitizer.h"
#include "../../common/mem.h"
#include "../../documents/docclass.h"
#include "../../documents/documents.h"
#include "../lib/testlib.h"

#define L1 "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00001.html"
#define L2 "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00002.html"
#define L3 "https://marketplace.alibabacloud.com/products/56838014/sgcmgj00003.html"

extern char **environ;
static char dir[] = "/tmp/rg-docs.XXXXXX";
static struct documents_cfg cfg;

static void
make_docs(void)
{
	char *argv[] = { (char *)(uintptr_t)"python3", NULL, dir, NULL };
	pid_t pid;
	int st;

	argv[1] = xstrdup(test_path("documents/mkdocs.py"));
	if (mkdtemp(dir) == NULL ||
	    posix_spawnp(&pid, "python3", NULL, NULL, argv, environ) != 0 ||
	    waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		printf("Bail out! mkdocs.py failed\n");
		exit(1);
	}
	free(argv[1]);
}

/* Extracts dir/name with the reader rd (NULL: a reader of its own);
   returns as documents_reader_extract. */
static int
run_in(struct doc_reader *rd, const char *name, struct doc_result *res)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t len = 0;
	char *data = test_read_file(path, &len);
	enum doc_type t;
	int rc;

	free(path);
	if (data == NULL) {
		memset(res, 0, sizeof(*res));
		return -2;
	}
	t = documents_sniff(data, len, name, NULL);
	rc = rd != NULL ? documents_reader_extract(rd, data, len, t, &cfg, res)
			: documents_extract(data, len, t, &cfg, res);
	free(data);
	return rc;
}

/* Extracts dir/name with a reader of its own. */
static int
run(const char *name, struct doc_result *res)
{
	return run_in(NULL, name, res);
}

/* Whether some piece (whose where contains where, if not NULL) has s in
   its text or as a link. */
static bool
has(const struct doc_result *r, const char *where, const char *s)
{
	for (size_t i = 0; i < r->n_pieces; i++) {
		const struct doc_piece *p = &r->pieces[i];

		if (where != NULL && strstr(p->where, where) == NULL)
			continue;
		if (strstr(p->text, s) != NULL || strv_contains(&p->links, s))
			return true;
	}
	return false;
}

static bool
warned(const struct doc_result *r, const char *code)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		if (strncmp(r->warnings.v[i], code, strlen(code)) == 0)
			return true;
	return false;
}

static void
test_sniff(void)
{
	test_begin("sniff");
	test_ok(documents_sniff("%PDF-1.4\n", 9, NULL, NULL) == DOC_PDF, "pdf");
	test_ok(documents_sniff("a,b\n", 4, "x.CSV", NULL) == DOC_CSV, "csv");
	test_ok(documents_sniff("hi", 2, NULL, "text/plain") == DOC_TEXT, "txt");
	test_ok(documents_sniff("<p>", 3, "a.htm", NULL) == DOC_HTML, "html");
	test_ok(documents_sniff("\x78\x9f\x3e\x22\1", 5, NULL, NULL) == DOC_TNEF,
		"tnef");
	test_ok(documents_sniff("\x7f" "ELF\0\1", 6, "a.txt", NULL) == DOC_NONE,
		"binary is not text");
	test_ok(documents_sniff("hi", 2, "a.exe", "application/x-foo") ==
		DOC_NONE, "unknown");
	test_ok(documents_type_parse(documents_type_name(DOC_XLSX)) == DOC_XLSX,
		"type names round-trip");
}

static void
test_formats(void)
{
	struct doc_result r;
	int rc;

	test_begin("formats");
	test_ok(run("links.pdf", &r) == 0 && r.type == DOC_PDF, "pdf read");
	test_ok(has(&r, "page 1", L1), "pdf: text link on page 1");
	test_ok(has(&r, "page 2", L2), "pdf: annotation on page 2");
	test_ok(!has(&r, "page 1", L2), "pdf: annotation not on page 1");
	test_ok(r.pages == 2, "pdf: 2 pages (%u)", r.pages);
	documents_result_free(&r);

	test_ok(run("links.docx", &r) == 0 && r.type == DOC_DOCX, "docx read");
	test_ok(has(&r, NULL, L1) && has(&r, NULL, L2) &&
		has(&r, NULL, "Dear team"), "docx: text and hyperlink");
	documents_result_free(&r);

	test_ok(run("links.xlsx", &r) == 0 && r.type == DOC_XLSX, "xlsx read");
	test_ok(has(&r, "sheet Links", L1), "xlsx: shared string cell");
	test_ok(has(&r, "sheet Links", L2), "xlsx: hyperlink relationship");
	test_ok(has(&r, "sheet Links", L3), "xlsx: HYPERLINK formula");
	test_ok(has(&r, "sheet Summary", "Acme\t3"), "xlsx: cells in a row");
	test_ok(r.pages == 2, "xlsx: 2 sheets (%u)", r.pages);
	documents_result_free(&r);

	test_ok(run("links.ods", &r) == 0 && r.type == DOC_ODF &&
		has(&r, "sheet Listings", L1) && has(&r, "sheet Listings", L2),
		"ods: cell link in its sheet");
	documents_result_free(&r);

	test_ok(run("links.csv", &r) == 0 && r.type == DOC_CSV &&
		has(&r, NULL, L1 "\t") && has(&r, NULL, "fake, cheap"),
		"csv: fields by tabs, quoted comma kept");
	documents_result_free(&r);

	test_ok(run("links.txt", &r) == 0 && has(&r, NULL, L3),
		"txt: UTF-16 with BOM");
	documents_result_free(&r);

	test_ok(run("links.html", &r) == 0 && has(&r, NULL, L1) &&
		has(&r, NULL, L2) && !has(&r, NULL, "<title>") &&
		!has(&r, NULL, "x\n"), "html: href, text, no head");
	documents_result_free(&r);

	test_ok(run("links.zip", &r) == 0 && r.type == DOC_ZIP, "zip read");
	test_ok(has(&r, "list.csv", L1), "zip: member csv named");
	test_ok(has(&r, "more/links.xlsx: sheet S", L2),
		"zip: member xlsx and its sheet named");
	test_ok(!has(&r, NULL, L3) && warned(&r, "document_nested_archive"),
		"zip: the zip inside is not opened, a warning says so");
	documents_result_free(&r);

	rc = run("winmail.dat", &r);
	test_ok(rc == 0 && r.type == DOC_TNEF, "tnef read (%s)",
		r.warnings.n ? r.warnings.v[0] : "no warning");
	test_ok(r.body != NULL && strstr(r.body, "attached list") != NULL,
		"tnef: body text");
	test_ok(r.n_files == 2 && strcmp(r.files[0].name, "list.csv") == 0 &&
		strcmp(r.files[1].name, "poa.pdf") == 0 &&
		r.files[1].len > 100 && memcmp(r.files[1].data, "%PDF", 4) == 0,
		"tnef: its two attachments, named, with their bytes");
	documents_result_free(&r);
}

static void
test_bombs(void)
{
	struct doc_result r;
	struct timespec a, b;
	double s;

	test_begin("bombs and limits");
	clock_gettime(CLOCK_MONOTONIC, &a);
	test_ok(run("pages10k.pdf", &r) == 0 && r.pages == 200 &&
		warned(&r, "document_page_limit") && has(&r, "page 200", L1) &&
		!has(&r, "page 201", L1), "10,000 pages: 200 read, a warning");
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	test_ok(s < cfg.seconds, "10,000 pages within the time limit (%.2f s)",
		s);
	documents_result_free(&r);

	test_ok(run("zipbomb.zip", &r) == 0 && warned(&r, "document_bomb") &&
		r.n_pieces == 0, "zip of 200 MB of zeros: a warning, nothing read");
	documents_result_free(&r);
	test_ok(run("xlsxbomb.xlsx", &r) == 0 && warned(&r, "document_bomb"),
		"xlsx with 64 MB of shared strings: a warning");
	documents_result_free(&r);
	test_ok(run("nested.zip", &r) == 0 &&
		warned(&r, "document_nested_archive") && !has(&r, NULL, L1),
		"zip in a zip in a zip: not opened, a warning");
	documents_result_free(&r);
}

static void
test_faults(void)
{
	static const struct {
		const char *fault, *warning;
	} t[] = {
		{ "crash", "document_failed: the reader crashed (signal 11)" },
		{ "hang", "document_time_limit" },
		/* the parent's deadline; on a machine loaded to a run queue
		   of 20 the kernel's CPU limit was once seen first */
		{ "sleep", "document_time_limit" },
		{ "memory", "document_failed: the reader crashed (signal 6)" },
		{ "spew", "document_output_limit" },
		{ "socket", "document_failed: the reader made a forbidden" },
	};
	struct doc_result r;

	test_begin("the child fails; the parent goes on");
	cfg.seconds = 2;
	cfg.max_bytes = 4u << 20;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc;

#if RG_ASAN
		if (strcmp(t[i].fault, "memory") == 0) {
			test_skip("memory: ASan builds set no address-space "
				  "limit (its shadow memory needs terabytes)");
			continue;
		}
#endif
		cfg.fault = xstrdup(t[i].fault);
		/* filling 576 MiB (or writing 4 MiB under ASan) may take
		   longer than 2 s on a busy machine */
		cfg.seconds = strcmp(t[i].fault, "memory") == 0 ||
			      strcmp(t[i].fault, "spew") == 0 ? 30 : 2;
		rc = run("links.csv", &r);
		test_ok(rc == -1 && r.failed &&
			warned(&r, t[i].warning), "%s: %.160s", t[i].fault,
			r.warnings.n ? r.warnings.v[0] : "(no warning)");
		xfree(&cfg.fault);
		documents_result_free(&r);
	}
	cfg.fault = xstrdup("open");
	test_ok(run("links.csv", &r) == 0 && !has(&r, NULL, "root:") &&
		warned(&r, "fault: open returned -1"),
		"open of /etc/passwd is refused in the child");
	xfree(&cfg.fault);
	documents_result_free(&r);
	cfg.helper = xstrdup("/nonexistent/reportgate-extract");
	test_ok(run("links.csv", &r) == -1 && warned(&r, "document_failed"),
		"no helper: a warning");
	xfree(&cfg.helper);
	documents_result_free(&r);
	cfg.seconds = 10;
	cfg.max_bytes = 20u << 20;
}

/* The class of a generated document, from its extracted text. */
static enum evidence_kind
class_of(const char *name, const char **why)
{
	struct doc_result r;
	struct strv none = { 0 };
	char *all = xstrdup("");
	enum evidence_kind k;

	(void)none;
	run(name, &r);
	for (size_t i = 0; i < r.n_pieces; i++) {
		char *j = xasprintf("%s%s", all, r.pieces[i].text);

		free(all);
		all = j;
	}
	k = docclass_of(all, strlen(all), why);
	free(all);
	documents_result_free(&r);
	return k;
}

static enum evidence_kind
class_text(const char *text)
{
	const char *why;

	return docclass_of(text, strlen(text), &why);
}

static void
test_classes(void)
{
	static const struct {
		const char *name;
		enum evidence_kind kind;
	} t[] = {
		{ "passport.pdf", EVIDENCE_IDENTITY },
		{ "passport-bad.pdf", EVIDENCE_OTHER },
		{ "poa.pdf", EVIDENCE_AUTHORIZATION },
		{ "poa-zh.docx", EVIDENCE_AUTHORIZATION },
		{ "cert.pdf", EVIDENCE_OWNERSHIP },
		{ "license-zh.pdf", EVIDENCE_IDENTITY },
		{ "invoice.pdf", EVIDENCE_OTHER },
		{ "cease.docx", EVIDENCE_OTHER },
		{ "brochure.pdf", EVIDENCE_OTHER },
		{ "notarial.pdf", EVIDENCE_OTHER },
		{ "links.xlsx", EVIDENCE_OTHER },
	};
	const char *why;

	test_begin("evidence from content");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum evidence_kind k = class_of(t[i].name, &why);

		test_ok(k == t[i].kind, "%s: %s (%s)", t[i].name,
			report_evidence_name(k), why ? why : "-");
	}
	test_ok(class_text("营业执照\n统一社会信用代码") == EVIDENCE_IDENTITY,
		"营业执照");
	test_ok(class_text("居民身份证 公民身份号码 11010519491231002X") ==
		EVIDENCE_IDENTITY, "resident ID number");
	test_ok(class_text("公民身份号码 110105194912310021") == EVIDENCE_OTHER,
		"resident ID number, wrong check character");
	test_ok(class_text("NOTARIAL CERTIFICATE\n(2026) No. 1\nWe certify the "
			   "signature below.\n\n\nThe attached Power of "
			   "Attorney was signed before me.") ==
		EVIDENCE_AUTHORIZATION, "a notarised power of attorney");
	test_ok(docclass_mrz_td3("L898902C36UTO7408122F1204159ZE184226B<<<<<10",
				 44), "ICAO 9303 specimen TD3");
	test_ok(!docclass_mrz_td3("L898902C36UTO7408122F1204159ZE184226B<<<<<11",
				  44), "specimen with a wrong composite digit");
}

/* One reader process reads a mail's documents one after another; another
   mail has its own; a failure or the need for OCR starts a new one. */
static void
test_reuse(void)
{
	static const char *const names[] = { "links.csv", "links.pdf",
					     "links.docx", "links.xlsx" };
	struct doc_reader *rd = documents_reader_new();
	struct doc_reader *other = documents_reader_new();
	struct doc_result r;
	bool ok = true;

	test_begin("a reader per mail");
	cfg.fault = xstrdup("count");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *want = xasprintf("fault: document %zu of this reader",
				       i + 1);

		ok = ok && run_in(rd, names[i], &r) == 0 &&
		     warned(&r, want) && has(&r, NULL, L1) && r.pages >= 1;
		free(want);
		documents_result_free(&r);
	}
	test_ok(ok, "four documents, one process, each read in full");
	test_ok(run_in(other, "links.csv", &r) == 0 &&
		warned(&r, "fault: document 1 of this reader"),
		"another mail's reader is another process");
	documents_result_free(&r);
#ifdef HAVE_TESSERACT
	cfg.ocr = true;
	cfg.seconds = 60;	/* loading the engine under ASan at load 15 */
	test_ok(run_in(rd, "links.pdf", &r) == 0 &&
		warned(&r, "fault: document 1 of this reader"),
		"ocr = true: a reader without the engine is replaced by one "
		"with it for a PDF");
	documents_result_free(&r);
	test_ok(run_in(rd, "links.csv", &r) == 0 &&
		warned(&r, "fault: document 2 of this reader"),
		"... which then reads the next document");
	documents_result_free(&r);
	cfg.ocr = false;
	cfg.seconds = 10;
#endif
	xfree(&cfg.fault);
	documents_reader_free(&other);
	other = documents_reader_new();
	cfg.fault = xstrdup("crash");
	test_ok(run_in(other, "links.csv", &r) == -1 &&
		warned(&r, "document_failed: the reader crashed"),
		"a crash fails this document");
	documents_result_free(&r);
	xfree(&cfg.fault);
	test_ok(run_in(other, "links.pdf", &r) == 0 && has(&r, "page 1", L1),
		"the next document gets a new process (without the fault)");
	documents_result_free(&r);
	documents_reader_free(&rd);
	documents_reader_free(&other);
	test_ok(rd == NULL && other == NULL, "readers freed");
}

/* The reader started without OCR has no OCR engine loaded (its start
   costs half the CPU time); the one started for OCR has it. */
static void
test_ocr_reader(void)
{
	struct doc_result r;

	test_begin("a reader without OCR does not load the engine");
	cfg.fault = xstrdup("ocr-linked");
	test_ok(run("links.pdf", &r) == 0 &&
		warned(&r, "fault: the OCR engine is not loaded") &&
		has(&r, "page 1", L1),
		"ocr = false: a PDF read without the engine loaded");
	documents_result_free(&r);
#ifdef HAVE_TESSERACT
	cfg.ocr = true;
	cfg.seconds = 60;	/* loading the engine under ASan at load 15 */
	test_ok(run("links.csv", &r) == 0 &&
		warned(&r, "fault: the OCR engine is not loaded"),
		"ocr = true, a CSV: without the engine");
	documents_result_free(&r);
	test_ok(run("links.pdf", &r) == 0 &&
		warned(&r, "fault: the OCR engine is loaded") &&
		has(&r, "page 1", L1),
		"ocr = true, a PDF: reportgate-extract-ocr, with it");
	documents_result_free(&r);
	cfg.ocr = false;
	cfg.seconds = 10;
#endif
	xfree(&cfg.fault);
}

/* CSV and TXT files in GBK, Big5 and Shift_JIS are read as UTF-8. */
static void
test_charsets(void)
{
	static const struct {
		const char *name, *link, *text;
	} t[] = {
		{ "gbk.csv", L1, "链接\t备注" },
		{ "gbk-poa.txt", NULL, "授权委托书" },
		{ "big5.txt", L2, "侵權商品清單" },
		{ "sjis.csv", L3, "商標登録第1234567号" },
		{ "sjis-kana.txt", L3, "侵害品のリストです" },
	};
	struct doc_result r;

	test_begin("legacy encodings");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		test_ok(run(t[i].name, &r) == 0 &&
			(t[i].link == NULL || has(&r, NULL, t[i].link)) &&
			has(&r, NULL, t[i].text), "%s: %s", t[i].name,
			t[i].text);
		documents_result_free(&r);
	}
}

/* Whether this kernel enforces Landlock (the CJK PDF case needs it). */
static bool
landlock_on(void)
{
	return syscall(SYS_landlock_create_ruleset, NULL, 0,
		       LANDLOCK_CREATE_RULESET_VERSION) >= 1;
}

/* A PDF in a CJK font it does not embed: poppler opens its CMaps
   (poppler-data) in the sandbox, read-only, under /usr/share/poppler. */
static void
test_cmaps(void)
{
	struct doc_result r;

	test_begin("cjk fonts not embedded");
	if (!landlock_on() || access("/usr/share/poppler/cMap", R_OK) != 0) {
		test_skip("no Landlock in this kernel, or no poppler-data");
		return;
	}
	test_ok(run("cjk-nofont.pdf", &r) == 0 &&
		has(&r, "page 1", "商标注册证") &&
		has(&r, "page 1", "第12345678号") && has(&r, "page 1", L1),
		"text read through poppler's CMaps");
	documents_result_free(&r);
	cfg.fault = xstrdup("open");
	test_ok(run("links.csv", &r) == 0 && !has(&r, NULL, "root:") &&
		warned(&r, "fault: open returned -1"),
		"still no /etc/passwd with the CMaps readable");
	xfree(&cfg.fault);
	documents_result_free(&r);
	cfg.fault = xstrdup("open-poppler-write");
	test_ok(run("links.csv", &r) == 0 &&
		warned(&r, "fault: open for writing returned -1"),
		"no file under /usr/share/poppler opened for writing");
	xfree(&cfg.fault);
	documents_result_free(&r);
}

/* OCR ([documents] ocr = true): images and scanned PDF pages generated
   by mkdocs.py (text rendered by poppler) give their text, so the link
   and the registration number in them are read as in a text document. */
static void
test_ocr(void)
{
	static const char *const images[] = { "scan-cert.png", "scan-cert.jpg" };
	struct doc_result r;
	struct timespec a, b;
	const char *why = NULL;
	enum evidence_kind k;
	double s;

	test_begin("ocr");
	test_ok(run("scan-cert.png", &r) == 0 && r.n_pieces == 0 &&
		warned(&r, "document_not_read"),
		"ocr = false: an image is not read, a warning says so");
	documents_result_free(&r);
#ifndef HAVE_TESSERACT
	test_skip("this build has no tesseract (libtesseract-dev)");
	return;
#endif
	cfg.ocr = true;
	cfg.seconds = 60;	/* a page takes 0.5 s of CPU: minutes at load 20 */
	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		test_ok(run(images[i], &r) == 0 && r.pages == 1 &&
			has(&r, "image", L1) &&
			has(&r, "image", "Reg. No. 1,234,567"),
			"%s: the link and the registration number read (%s)",
			images[i], r.warnings.n ? r.warnings.v[0] : "no warning");
		documents_result_free(&r);
	}
	k = class_of("scan-cert.png", &why);
	test_ok(k == EVIDENCE_OWNERSHIP &&
		strcmp(why, "registration certificate") == 0,
		"scanned certificate: ownership by content (%s)",
		why ? why : "none");
	test_ok(run("scan-cert.pdf", &r) == 0 && r.pages == 2 &&
		has(&r, "page 1", "cover letter") && has(&r, "page 2", L1) &&
		has(&r, "page 2", "1,234,567") && !has(&r, "page 1", L1),
		"image-only PDF: each page read by OCR in its place");
	documents_result_free(&r);
	test_ok(run("links.pdf", &r) == 0 && has(&r, "page 1", L1) &&
		r.warnings.n == 0, "a PDF with text is read as before");
	documents_result_free(&r);
	test_ok(run("huge.png", &r) == 0 && r.n_pieces == 0 &&
		warned(&r, "document_too_large: image of 8000x6000"),
		"48 megapixels: not decoded, a warning");
	documents_result_free(&r);
	cfg.seconds = 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	run("scan40.pdf", &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	test_ok(s < 3.0 && (warned(&r, "ocr_time_limit") ||
			    warned(&r, "document_time_limit")),
		"40 scanned pages, 2 s: stopped at the time limit (%.2f s, %s)",
		s, r.warnings.n ? r.warnings.v[0] : "no warning");
	documents_result_free(&r);
	cfg.seconds = 10;
	cfg.ocr = false;
}

int
main(void)
{
	char *cmd;

	documents_cfg_init(&cfg);
	cfg.enabled = true;
	make_docs();
	test_sniff();
	test_formats();
	test_bombs();
	test_faults();
	test_classes();
	test_charsets();
	test_reuse();
	test_ocr_reader();
	test_cmaps();
	test_ocr();
	documents_cfg_clear(&cfg);
	cmd = xasprintf("%s", dir);
	for (int i = 0; i < 1; i++) {
		/* remove the generated documents */
		char *rm[] = { (char *)(uintptr_t)"rm", (char *)(uintptr_t)"-rf",
			       cmd, NULL };
		pid_t pid;

		if (posix_spawnp(&pid, "rm", NULL, NULL, rm, environ) == 0)
			waitpid(pid, NULL, 0);
	}
	free(cmd);
	return test_done();
}
