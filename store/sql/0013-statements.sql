-- 0013-statements: statements of reasons (DSA Art. 17, docs/WORKFLOW.md
-- "Statements of reasons"): one row per restriction - a listing removed,
-- or a vendor's account suspended, terminated or restricted from
-- posting - holding the statement exactly as it was mailed to the vendor
-- and the facts the Transparency Database export needs (Art. 24(5)),
-- with the state of its submission there.

-- id is never reused (AUTOINCREMENT): the statement's puid is made of it.
-- restriction: removal | posting_restriction | suspension | termination;
-- listing_id: the listing removed (NULL for an account restriction);
-- listings: the listing ids the statement names, blank separated.
-- ground illegal (legal_ground: the right or law) | terms (legal_ground:
-- the policy clause); source_type: where the notice came from;
-- category and keywords: the Transparency Database's STATEMENT_CATEGORY_
-- and KEYWORD_ values; territorial_scope: country codes, blank
-- separated; automated: none | detection | partial | full;
-- content_date: when the notice (or the case) came in; applied: when
-- the decision was taken; until: when the restriction ends (NULL:
-- indefinite); facts: the decision's facts and circumstances; text:
-- the statement as mailed (mailed 0: no mail went out, mails are off).
-- tdb_uuid: the Transparency Database's uuid once accepted there (or a
-- duplicate puid was refused); tdb_attempts, tdb_next, tdb_error: the
-- failed submissions so far, the next try and the last error.
CREATE TABLE statements (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	vendor_email TEXT,
	restriction TEXT NOT NULL CHECK (restriction IN ('removal',
		'posting_restriction', 'suspension', 'termination')),
	listing_id TEXT,
	listings TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL CHECK (lang IN ('en', 'zh')),
	ground TEXT NOT NULL CHECK (ground IN ('illegal', 'terms')),
	legal_ground TEXT NOT NULL,
	explanation TEXT NOT NULL,
	source_type TEXT NOT NULL CHECK (source_type IN ('article_16',
		'trusted_flagger', 'other_notification', 'voluntary')),
	category TEXT NOT NULL,
	keywords TEXT NOT NULL DEFAULT '',
	territorial_scope TEXT NOT NULL,
	automated TEXT NOT NULL CHECK (automated IN ('none', 'detection',
		'partial', 'full')),
	content_date INTEGER NOT NULL,
	applied INTEGER NOT NULL,
	until INTEGER,
	facts TEXT NOT NULL,
	text TEXT NOT NULL,
	mailed INTEGER NOT NULL DEFAULT 0 CHECK (mailed IN (0, 1)),
	decided_by TEXT NOT NULL,
	tdb_uuid TEXT,
	tdb_sent_at INTEGER,
	tdb_attempts INTEGER NOT NULL DEFAULT 0,
	tdb_next INTEGER NOT NULL DEFAULT 0,
	tdb_error TEXT
) STRICT;
CREATE INDEX statements_case ON statements(case_id);
CREATE INDEX statements_applied ON statements(applied);
CREATE INDEX statements_unsent ON statements(tdb_next) WHERE tdb_uuid IS NULL;
