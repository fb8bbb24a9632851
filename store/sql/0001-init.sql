-- 0001-init: cases, messages, attachments, events, outbox, sync state.
-- Times are Unix seconds (UTC). Addresses are stored lower-case.
-- A migration that has shipped is never edited: add 000N-*.sql instead.

-- Case reference counters: one row per (prefix, year); the next number is
-- taken inside the transaction that files the case, so numbers have no
-- gaps and never repeat.
CREATE TABLE ref_counters (
	prefix TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (prefix, year)
) STRICT;

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	stream TEXT NOT NULL CHECK (stream IN ('ip', 'abuse')),
	kind TEXT NOT NULL,		-- kind of the first message
	status TEXT NOT NULL,		-- incomplete | ready_for_review | ...
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	submitter_name TEXT,
	submitter_email TEXT,
	submitter_org TEXT,
	rights_holder TEXT,
	acting_as TEXT NOT NULL DEFAULT 'unknown'
		CHECK (acting_as IN ('unknown', 'agent', 'rights_holder')),
	reporter TEXT,			-- From address of the first message
	category TEXT,			-- abuse category, NULL for IP
	missing TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(missing)),
	needs_staff INTEGER NOT NULL DEFAULT 0 CHECK (needs_staff IN (0, 1)),
	linked_case_id INTEGER REFERENCES cases(id)
) STRICT;
CREATE INDEX cases_status ON cases(status);

-- Every inbound message, byte for byte. raw is NULL only for a message
-- quarantined as too large (it stays in its mailbox or file). kind is NULL
-- for a quarantined message that was never parsed.
CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,
	size INTEGER NOT NULL,
	raw BLOB,
	mailbox TEXT NOT NULL,		-- first location it was seen at
	uidvalidity INTEGER NOT NULL,
	uid INTEGER NOT NULL,
	message_id TEXT,
	from_name TEXT,
	from_address TEXT,
	subject TEXT,
	kind TEXT,
	report TEXT CHECK (report IS NULL OR json_valid(report)),
	bounced_message_id TEXT,
	received INTEGER NOT NULL,
	case_id INTEGER REFERENCES cases(id)
) STRICT;
CREATE INDEX messages_case ON messages(case_id);
CREATE INDEX messages_bounced ON messages(bounced_message_id);

-- Every place a message was seen (IMAP mailbox/UIDVALIDITY/UID or
-- "file:<path>"/0/index). A re-fetch after a crash or a UIDVALIDITY change
-- finds the SHA-256 and only adds a row here.
CREATE TABLE message_locations (
	mailbox TEXT NOT NULL,
	uidvalidity INTEGER NOT NULL,
	uid INTEGER NOT NULL,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	seen INTEGER NOT NULL,
	UNIQUE (mailbox, uidvalidity, uid)
) STRICT;
CREATE INDEX message_locations_msg ON message_locations(message_id);

-- Addresses that belong to a case, with their role (reporter, submitter,
-- vendor, ...): the sender check for follow-ups.
CREATE TABLE case_parties (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	address TEXT NOT NULL,
	role TEXT NOT NULL,
	UNIQUE (case_id, address, role)
) STRICT;
CREATE INDEX case_parties_address ON case_parties(address);

CREATE TABLE case_listings (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	listing_id TEXT NOT NULL,
	url TEXT NOT NULL,
	message_id INTEGER REFERENCES messages(id),	-- where first found
	UNIQUE (case_id, listing_id)
) STRICT;
CREATE INDEX case_listings_listing ON case_listings(listing_id);

-- Attachment bytes live in attachments_dir/<ab>/<sha256>; the file name
-- from the mail is only ever kept here.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	sha256 TEXT NOT NULL,
	filename TEXT,
	content_type TEXT,
	size INTEGER NOT NULL,
	evidence TEXT NOT NULL DEFAULT 'other'
		CHECK (evidence IN ('other', 'identity', 'authorization', 'ownership'))
) STRICT;
CREATE INDEX attachments_message ON attachments(message_id);
CREATE INDEX attachments_sha ON attachments(sha256);

-- Evidence items of a case, derived from its messages: which requirement
-- (SPEC 4 names) each message satisfied and by what.
CREATE TABLE case_evidence (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	message_id INTEGER NOT NULL REFERENCES messages(id),
	requirement TEXT NOT NULL,
	source TEXT NOT NULL,		-- attachment | registry_link | listing | text
	detail TEXT,			-- file name, URL or listing id
	UNIQUE (case_id, message_id, requirement, source, detail)
) STRICT;

-- The append-only event log. case_id NULL: a global event (e.g. a dropped
-- auto-reply). detail is a JSON object.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER REFERENCES cases(id),
	message_id INTEGER REFERENCES messages(id),
	time INTEGER NOT NULL,
	actor TEXT NOT NULL,
	type TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX events_case ON events(case_id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

-- Rendered mails waiting for SMTP, and their per-recipient delivery.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	case_id INTEGER REFERENCES cases(id),
	kind TEXT NOT NULL,		-- ack, vendor_notice, ...
	message_id TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL,
	raw BLOB NOT NULL,
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'sent', 'failed')),
	created INTEGER NOT NULL,
	next_attempt INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt);

CREATE TABLE outbox_recipients (
	outbox_id INTEGER NOT NULL REFERENCES outbox(id),
	address TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_attempt INTEGER,
	next_attempt INTEGER NOT NULL,
	last_error TEXT,
	UNIQUE (outbox_id, address)
) STRICT;

-- Per-mailbox IMAP sync state.
CREATE TABLE sync_state (
	mailbox TEXT PRIMARY KEY,
	uidvalidity INTEGER NOT NULL,
	last_uid INTEGER NOT NULL,
	updated INTEGER NOT NULL
) STRICT;

-- Messages the pipeline could not process: never dropped.
CREATE TABLE quarantine (
	id INTEGER PRIMARY KEY,
	message_id INTEGER REFERENCES messages(id),
	mailbox TEXT NOT NULL,
	uidvalidity INTEGER NOT NULL,
	uid INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	reason TEXT NOT NULL,
	time INTEGER NOT NULL
) STRICT;
