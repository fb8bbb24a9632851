# tests: source policy and integration tests (each prints TAP).
TESTS += tests/check-src.sh
EXTRA_DIST += tests/check-src.sh
include tests/fuzz.mk
TESTS += tests/integration/e2e-imap.sh
EXTRA_DIST += tests/integration/e2e-imap.sh
# Two vendors on one case, per listing, through Dovecot, SMTP and run.
TESTS += tests/integration/dispute.sh tests/integration/dispute-words.sh
EXTRA_DIST += tests/integration/dispute.sh tests/integration/dispute-words.sh
# Complaints against decisions and own-initiative cases (DSA Art. 20).
TESTS += tests/integration/complaints.sh
EXTRA_DIST += tests/integration/complaints.sh
# The transparency report's figures over a story timed with RG_NOW.
TESTS += tests/integration/report.sh
EXTRA_DIST += tests/integration/report.sh
# Issue 17's story: notices to decisions, statements and the report,
# through Dovecot, SMTP and the test clock.
TESTS += tests/integration/dsa-story.sh
EXTRA_DIST += tests/integration/dsa-story.sh
# Trusted flaggers, misuse and repeat infringers through Dovecot and SMTP.
TESTS += tests/integration/flaggers.sh
EXTRA_DIST += tests/integration/flaggers.sh
