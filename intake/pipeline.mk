# intake: pipeline part (one message -> one transaction), ingest, cases.
reportgate_SOURCES += intake/pipeline.c intake/pipeline.h \
	intake/pipeline_route.c intake/mbox.c intake/mbox.h \
	intake/cmd_ingest.c intake/cmd_cases.c
EXTRA_DIST += tests/integration/ingest.sh
TESTS += tests/integration/ingest.sh
