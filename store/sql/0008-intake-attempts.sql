-- 0008-intake-attempts: poll records each message it takes up before it
-- is parsed, so that a message that stops the process every time (a
-- parser fault, memory) is quarantined after [intake] max_attempts
-- instead of stalling its mailbox; and an index on outbox.created for the
-- hourly answer limits (per domain and global) that count recent mails.
CREATE TABLE intake_attempts (
	mailbox TEXT NOT NULL,
	uidvalidity INTEGER NOT NULL,
	uid INTEGER NOT NULL,
	attempts INTEGER NOT NULL,	-- parses begun, none finished
	updated INTEGER NOT NULL,
	PRIMARY KEY (mailbox, uidvalidity, uid)
) STRICT;
CREATE INDEX outbox_created ON outbox(created);
