# documents: text and links from attached documents, read in a sandboxed
# child (reportgate-extract). Calls only common/; parsers/ calls it.
noinst_LIBRARIES += documents/libdocuments.a
documents_libdocuments_a_SOURCES = documents/documents.h \
	documents/doc-int.h documents/sniff.c documents/sandbox.c \
	documents/wire.c documents/docclass.c documents/docclass.h
documents_libdocuments_a_CFLAGS = $(AM_CFLAGS) \
	-DRG_EXTRACT_PATH='"$(pkglibexecdir)/reportgate-extract"'
DOCUMENTS_LIBS = documents/libdocuments.a common/libcommon.a

# The child's readers: only reportgate-extract links them (and the fuzz
# targets), so the parent never loads poppler, libarchive or libytnef.
noinst_LIBRARIES += documents/libextract.a
documents_libextract_a_SOURCES = documents/child.c \
	documents/sandbox_child.c documents/ex_pdf.c documents/ex_ooxml.c \
	documents/ex_text.c documents/ex_html.c documents/ex_zip.c \
	documents/ex_tnef.c documents/ex_ocr.c documents/charset.c \
	documents/zipread.c
documents_libextract_a_CFLAGS = $(AM_CFLAGS) $(POPPLER_CFLAGS) \
	$(ARCHIVE_CFLAGS) $(XML_CFLAGS) $(SECCOMP_CFLAGS) $(YTNEF_CFLAGS) \
	$(TESSERACT_CFLAGS)
EXTRACT_LIBS_NO_OCR = documents/libextract.a documents/libdocuments.a \
	common/libcommon.a $(POPPLER_LIBS) $(ARCHIVE_LIBS) $(XML_LIBS) \
	$(SECCOMP_LIBS) $(YTNEF_LIBS) -lm
EXTRACT_LIBS = $(EXTRACT_LIBS_NO_OCR) $(TESSERACT_LIBS)

# Two readers: reportgate-extract without the OCR engine (its own
# ex_ocr.o, built with RG_OCR_OFF, comes before libextract.a's, so the
# archive's is never linked, nor tesseract), and reportgate-extract-ocr
# with it, started only when [documents] ocr is on and a document may
# need it (documents/sandbox.c).
pkglibexec_PROGRAMS = reportgate-extract reportgate-extract-ocr
reportgate_extract_SOURCES = documents/extract_main.c documents/ex_ocr.c
reportgate_extract_CFLAGS = $(AM_CFLAGS) -DRG_OCR_OFF
reportgate_extract_LDADD = $(EXTRACT_LIBS_NO_OCR)
reportgate_extract_ocr_SOURCES = documents/extract_main.c
reportgate_extract_ocr_LDADD = $(EXTRACT_LIBS)

check_PROGRAMS += tests/unit/test-documents
TESTS += tests/unit/test-documents
tests_unit_test_documents_SOURCES = tests/unit/test-documents.c
tests_unit_test_documents_LDADD = tests/lib/libtest.a $(DOCUMENTS_LIBS)
TESTS += tests/integration/documents.sh
EXTRA_DIST += tests/documents/mkdocs.py tests/documents/mkmails.py \
	tests/integration/documents.sh
