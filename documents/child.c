/* documents/child.c - reportgate-extract's work: take the document from
   fd 0, confine the process, run the reader of its type, send records on
   fd 1 (doc-int.h). The test-only --fault switch makes it fail on purpose
   after it is confined, so the tests see the parent survive a crash, a
   hang, a memory or output flood and a forbidden system call ("count"
   instead says how many documents this process has read, "ocr-linked"
   whether the OCR engine's library is loaded). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/mem.h"
#include "documents/doc-int.h"

int
ex_any(struct doc_ctx *x, const unsigned char *data, size_t len,
       enum doc_type type)
{
	switch (type) {
	case DOC_PDF:
		return ex_pdf(x, data, len);
	case DOC_DOCX:
	case DOC_XLSX:
	case DOC_ODF:
		return ex_ooxml(x, data, len, type);
	case DOC_CSV:
	case DOC_TEXT:
		return ex_text(x, data, len, type);
	case DOC_HTML:
		return ex_html(x, data, len);
	case DOC_ZIP:
		return ex_zip(x, data, len);
	case DOC_TNEF:
		return ex_tnef(x, data, len);
	case DOC_IMAGE:
		return ex_image(x, data, len);
	case DOC_NONE:
		break;
	}
	wire_warn(x, "document_not_read", "unknown type");
	return -1;
}

/* dl_iterate_phdr's callback: 1 for the tesseract library. */
static int
child_has_ocr(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	return info->dlpi_name != NULL &&
	       strstr(info->dlpi_name, "libtesseract") != NULL;
}

/* The failures the tests ask for (--fault). Returns only for an unknown
   name. */
static void
child_fault(struct doc_ctx *x, const char *f)
{
	if (strcmp(f, "crash") == 0) {
		volatile uintptr_t bad = 16;	/* an unmapped page */

		wire_text(x, "page 1", "before the crash", 16);
		*(volatile int *)bad = 1;
	} else if (strcmp(f, "hang") == 0) {
		for (volatile unsigned long i = 0;; i++)
			;
	} else if (strcmp(f, "sleep") == 0) {
		for (;;)
			pause();
	} else if (strcmp(f, "memory") == 0) {
		for (;;) {
			char *p = xmalloc(1u << 20);

			memset(p, 1, 1u << 20);
		}
	} else if (strcmp(f, "spew") == 0) {
		static char junk[65536];

		memset(junk, 'x', sizeof(junk));
		for (;;)
			wire_put(x, WIRE_WARN, "spew", 4, junk, sizeof(junk));
	} else if (strcmp(f, "socket") == 0) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		wire_warn(x, "fault", "socket returned %d", s);
	} else if (strcmp(f, "open") == 0) {
		int fd = open("/etc/passwd", O_RDONLY);
		char b[256];
		ssize_t n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;

		if (n > 0)
			wire_text(x, "leak", b, (size_t)n);
		wire_warn(x, "fault", "open returned %d", fd);
	} else if (strcmp(f, "ocr-linked") == 0) {
		/* the loaded objects, read from memory (no file opened) */
		wire_warn(x, "fault", "the OCR engine is %sloaded",
			  dl_iterate_phdr(child_has_ocr, NULL) ? "" : "not ");
	} else if (strcmp(f, "open-poppler-write") == 0) {
		int fd = open("/usr/share/poppler/cMap/reportgate-test",
			      O_WRONLY | O_CREAT, 0600);

		wire_warn(x, "fault", "open for writing returned %d", fd);
	}
}

/* Receives the next request on fd 0: a type name and a memory file.
   Returns the file's descriptor (*type set), or -1 when the parent has
   closed the socket or sent no file. */
static int
child_receive(enum doc_type *type)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char name[16];
	struct iovec iov = { name, sizeof(name) - 1 };
	struct msghdr msg;
	struct cmsghdr *c;
	ssize_t n;
	int fd = -1;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	do
		n = recvmsg(0, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	name[n] = '\0';
	*type = documents_type_parse(name);
	c = CMSG_FIRSTHDR(&msg);
	if (c != NULL && c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* Reads the document in fd (closed here) as type and writes its records,
   then the page count and the end record. */
static void
child_one(struct doc_ctx *x, int fd, enum doc_type type)
{
	struct stat st;
	void *map = NULL;
	char pages[16];

	x->pages = 0;
	x->written = 0;
	x->full = false;
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	if (fstat(fd, &st) < 0 || (uint64_t)st.st_size > x->max_bytes)
		wire_warn(x, "document_too_large", "more than %llu bytes",
			  (unsigned long long)x->max_bytes);
	else if (st.st_size > 0 &&
		 (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			     fd, 0)) == MAP_FAILED)
		map = NULL;
	close(fd);
	if (map != NULL || st.st_size == 0)
		ex_any(x, map ? map : "", map ? (size_t)st.st_size : 0, type);
	if (map != NULL)
		munmap(map, (size_t)st.st_size);
	snprintf(pages, sizeof(pages), "%u",
		 x->pages > x->max_pages ? x->max_pages : x->pages);
	wire_put(x, WIRE_PAGES, "", 0, pages, strlen(pages));
	wire_put(x, WIRE_END, "", 0, "", 0);
}

int
documents_child_main(int argc, char **argv)
{
	struct doc_ctx x;
	enum doc_type type = DOC_NONE;
	const char *fault = NULL;
	unsigned seconds = 10, served = 0;
	int fd;

	memset(&x, 0, sizeof(x));
	x.fd = 1;
	x.max_pages = 200;
	x.max_bytes = 20u << 20;
	x.prefix = "";
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (strcmp(k, "--max-pages") == 0)
			x.max_pages = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(k, "--max-bytes") == 0)
			x.max_bytes = strtoull(v, NULL, 10);
		else if (strcmp(k, "--seconds") == 0)
			seconds = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(k, "--ocr") == 0)
			x.ocr = strcmp(v, "1") == 0;
		else if (strcmp(k, "--fault") == 0)
			fault = v;
	}
	signal(SIGPIPE, SIG_DFL);
	/* records go to a copy of fd 1; fd 1 itself becomes /dev/null (fd
	   2), as libraries print there */
	x.fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
	if (x.fd < 0 || dup2(2, 1) < 0)
		return 2;
	x.seconds = seconds ? seconds : 1;
	/* what opens files, before the sandbox is sealed: the OCR engine and
	   its data (only when the parent asks: it costs ~0.3 s of CPU), and
	   iconv's converters */
	if (x.ocr)
		ocr_open(&x);
	charset_open();
	/* a reader serves the documents of one mail, which get 3 x seconds
	   in all (parsers/docs.c); each one's wall-clock deadline is the
	   parent's */
	if (sandbox_confine(3 * x.seconds, x.max_bytes) < 0) {
		fprintf(stderr, "reportgate-extract: cannot confine\n");
		return 2;
	}
	while ((fd = child_receive(&type)) >= 0) {
		served++;
		if (fault != NULL && strcmp(fault, "count") == 0) {
			wire_warn(&x, "fault", "document %u of this reader",
				  served);
		} else if (fault != NULL) {
			child_fault(&x, fault);
			fault = NULL;
		}
		child_one(&x, fd, type);
	}
	ocr_close(&x);
	return 0;
}
