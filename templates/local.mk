# templates: the mails reportgate sends, and their renderer. Depends on
# common only (libc); reads template files from disk, nothing else.
noinst_LIBRARIES += templates/libtemplates.a
templates_libtemplates_a_SOURCES = templates/template.h \
	templates/template-int.h \
	templates/vars.c \
	templates/render.c \
	templates/set.c \
	templates/ackvars.c

# The template files, installed to $(pkgdatadir)/templates/{en,zh}.
templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = templates/form-en.txt templates/form-zh.txt
templatesendir = $(pkgdatadir)/templates/en
dist_templatesen_DATA = \
	templates/en/ack_complete.txt \
	templates/en/ack_incomplete.txt \
	templates/en/followup_received.txt \
	templates/en/vendor_notice.txt \
	templates/en/counter_notice_forwarded.txt \
	templates/en/counter_response_recorded.txt \
	templates/en/evidence_request.txt \
	templates/en/evidence_reminder.txt \
	templates/en/decision.txt \
	templates/en/case_rejected.txt \
	templates/en/request_info.txt \
	templates/en/complaint_received.txt \
	templates/en/complaint_decided.txt \
	templates/en/statement_of_reasons.txt \
	templates/en/reporter_warning.txt
templateszhdir = $(pkgdatadir)/templates/zh
dist_templateszh_DATA = \
	templates/zh/ack_complete.txt \
	templates/zh/ack_incomplete.txt \
	templates/zh/followup_received.txt \
	templates/zh/vendor_notice.txt \
	templates/zh/counter_notice_forwarded.txt \
	templates/zh/counter_response_recorded.txt \
	templates/zh/evidence_request.txt \
	templates/zh/evidence_reminder.txt \
	templates/zh/decision.txt \
	templates/zh/case_rejected.txt \
	templates/zh/request_info.txt \
	templates/zh/complaint_received.txt \
	templates/zh/complaint_decided.txt \
	templates/zh/statement_of_reasons.txt \
	templates/zh/reporter_warning.txt
EXTRA_DIST += templates/VARIABLES.md tests/fixtures/templates

check_PROGRAMS += tests/unit/test-templates
TESTS += tests/unit/test-templates
tests_unit_test_templates_SOURCES = tests/unit/test-templates.c
tests_unit_test_templates_LDADD = templates/libtemplates.a \
	tests/lib/libtest.a common/libcommon.a
