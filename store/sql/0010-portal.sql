-- 0010-portal: the online reporting channel (`reportgate portal`,
-- docs/SPEC.md §8). A complete form is held here until its sender opens the
-- link mailed to the address it gave (48 hours); its files are stored
-- like attachments, under their SHA-256, and named by portal_files.
-- Opening the link files the message the form became through the
-- pipeline; messages.channel records that it came by the web form.
CREATE TABLE portal_pending (
	id INTEGER PRIMARY KEY,
	token_sha256 TEXT NOT NULL,	-- hex SHA-256 of the link's token
	stream TEXT NOT NULL CHECK (stream IN ('ip', 'abuse')),
	email TEXT NOT NULL,		-- lower case
	from_name TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,		-- the text part of the message
	message_id TEXT NOT NULL,	-- without <>
	headers TEXT NOT NULL,		-- extra header lines, CRLF-ended
	lang TEXT NOT NULL,		-- en | zh: of the pages and mails
	created INTEGER NOT NULL,
	expires INTEGER NOT NULL,
	confirmed INTEGER,		-- when its link was opened
	case_ref TEXT			-- the case it filed
) STRICT;
CREATE INDEX portal_pending_email ON portal_pending(email, created);
CREATE INDEX portal_pending_expires ON portal_pending(expires);

CREATE TABLE portal_files (
	pending_id INTEGER NOT NULL REFERENCES portal_pending(id)
		ON DELETE CASCADE,
	seq INTEGER NOT NULL,		-- order in the message
	field TEXT NOT NULL CHECK (field IN ('identity', 'authorization',
		'ownership', 'evidence')),
	name TEXT NOT NULL,		-- ours, e.g. identity-1.pdf
	content_type TEXT NOT NULL,	-- from the bytes
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	PRIMARY KEY (pending_id, seq)
) STRICT;
CREATE INDEX portal_files_sha ON portal_files(sha256);

ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail'
	CHECK (channel IN ('mail', 'web'));
