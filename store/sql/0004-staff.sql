-- 0004-staff: what the staff workflow keeps beside a case: the latest
-- enforcement, links between open cases that report the same listing,
-- the role asked by an evidence request, and the full-text index.

-- The enforcement of the latest enforce event (removal, ...); NULL when
-- none. Every enforce event also names its enforcement.
ALTER TABLE cases ADD COLUMN enforcement TEXT;

-- The role of the party an evidence request asks (vendor |
-- rights_holder); party is that party's address, one row per address;
-- name and lang address the reminder like the request.
ALTER TABLE evidence_requests ADD COLUMN role TEXT NOT NULL DEFAULT 'rights_holder';
ALTER TABLE evidence_requests ADD COLUMN name TEXT;
ALTER TABLE evidence_requests ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';

-- Two cases that report the same listing; case_id < other_id, so each
-- pair is kept once per listing.
CREATE TABLE case_links (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	other_id INTEGER NOT NULL REFERENCES cases(id),
	listing_id TEXT NOT NULL,
	created INTEGER NOT NULL,
	UNIQUE (case_id, other_id, listing_id),
	CHECK (case_id < other_id)
) STRICT;
CREATE INDEX case_links_other ON case_links(other_id);

-- cases search: subjects, bodies, listing ids and parties of each case.
-- trigram matches any substring of 3 or more characters (Chinese too);
-- shorter queries use LIKE on the same table. source: subject | body |
-- listing | party. Rows are written by the store (store/search.c).
CREATE VIRTUAL TABLE case_search USING fts5(
	text, case_id UNINDEXED, source UNINDEXED, tokenize = 'trigram'
);
