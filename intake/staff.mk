# intake: the staff workflow (decisions, counter-notices, deadlines) and
# the cases / listings commands.
reportgate_SOURCES += intake/workflow.c intake/workflow.h \
	intake/workflow-int.h intake/workflow_mail.c intake/deadlines.c \
	intake/cmd_cases.h intake/cmd_cases_act.c intake/cmd_cases_export.c \
	intake/cmd_listings.c
EXTRA_DIST += tests/integration/workflow.sh tests/integration/mkmail.py \
	tests/integration/story.sh
TESTS += tests/integration/workflow.sh tests/integration/story.sh
