# intake: acknowledgements and the outbox - mailq (template -> queued
# mail), ack (the pipeline's ack hook), outbox + send (SMTP drain).
reportgate_SOURCES += intake/mailq.c intake/mailq.h intake/ack.c \
	intake/ack.h intake/outbox.c intake/outbox.h intake/cmd_send.c \
	intake/wallclock.c intake/wallclock.h
EXTRA_DIST += tests/integration/acks.sh tests/integration/send-crash.sh \
	tests/integration/mailcheck.py
TESTS += tests/integration/acks.sh tests/integration/send-crash.sh
CLEANFILES += send-crash.counts
