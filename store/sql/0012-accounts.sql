-- 0012-accounts: staff accounts of the web console, their sign-in
-- sessions, failed sign-ins per address, and the staff member a case is
-- assigned to.

-- One staff account. role: viewer | reviewer | decider | admin.
-- password is an argon2id string ($argon2id$v=19$m=...,t=...,p=...$salt$hash)
-- as libsodium's crypto_pwhash_str writes it. failures counts the failed
-- sign-ins since the last good one; locked_until (Unix seconds, 0: not
-- locked) is set when they reach the configured limit.
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'decider', 'admin')),
	password TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A signed-in browser. hash is the SHA-256 (hex) of the 32 random bytes
-- the cookie carries; the bytes themselves are never stored. A session
-- ends when idle too long, when too old, at sign-out, or when its
-- account is disabled (rows deleted).
CREATE TABLE sessions (
	hash TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	created INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);

-- One failed sign-in from address (the client's IP address), for the
-- per-address limit. Rows older than the lockout period are deleted.
CREATE TABLE login_failures (
	address TEXT NOT NULL,
	time INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_address ON login_failures(address, time);

-- The account name the case is assigned to, NULL: unassigned.
ALTER TABLE cases ADD COLUMN assignee TEXT;
-- The console's queues (store/queues.c): pages in order of age or of
-- last activity, and counts per queue, each through an index.
CREATE INDEX cases_assignee ON cases(assignee, status);
CREATE INDEX cases_needs_staff ON cases(needs_staff, status);
CREATE INDEX cases_created ON cases(created);
CREATE INDEX cases_updated ON cases(updated);
