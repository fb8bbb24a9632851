# workflow: the case's life at work - the staff decisions, what a party's
# mail does to its case, the deadline and reminder check, and the mails
# each of them queues (docs/WORKFLOW.md). The state machine's table itself
# is common/casestate.c, since the store checks every move against it.
reportgate_SOURCES += workflow/workflow.c workflow/workflow.h \
	workflow/workflow-int.h workflow/workflow_mail.c workflow/deadlines.c \
	workflow/listings.c workflow/msgtext.c workflow/correct.c \
	workflow/complaints.c workflow/sor.c workflow/sor_json.c \
	workflow/standing.c

TESTS += tests/integration/workflow.sh tests/integration/story.sh \
	tests/integration/security.sh tests/integration/links.sh \
	tests/integration/sor.sh
EXTRA_DIST += tests/integration/workflow.sh tests/integration/mkmail.py \
	tests/integration/story.sh tests/integration/security.sh tests/integration/links.sh docs/WORKFLOW.md \
	tests/integration/sor.sh tests/integration/tdb_server.py
