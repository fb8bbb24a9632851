# intake: poll part - IMAP intake (poll.c) and the long-running commands
# poll and run, sharing their setup (service.c) and stop signals.
reportgate_SOURCES += intake/poll.c intake/poll.h intake/poll_work.c intake/poll_work.h intake/service.c \
	intake/service.h intake/signals.c intake/signals.h \
	intake/cmd_poll.c intake/cmd_run.c
EXTRA_DIST += tests/integration/poll.sh tests/integration/poll-crash.sh \
	deploy/demo.sh
TESTS += tests/integration/poll.sh tests/integration/poll-crash.sh
