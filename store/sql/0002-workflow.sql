-- 0002-workflow: the listing directory (CSV import) and evidence requests.

CREATE TABLE listing_directory (
	listing_id TEXT PRIMARY KEY,
	vendor_name TEXT,
	vendor_email TEXT,		-- lower-case
	title TEXT,
	imported INTEGER NOT NULL
) STRICT;
CREATE INDEX listing_directory_vendor ON listing_directory(vendor_email);

CREATE TABLE evidence_requests (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	party TEXT NOT NULL,		-- address asked
	deadline INTEGER NOT NULL,
	text TEXT NOT NULL,
	created INTEGER NOT NULL,
	satisfied_at INTEGER,
	reminded_at INTEGER
) STRICT;
CREATE INDEX evidence_requests_case ON evidence_requests(case_id);
CREATE INDEX evidence_requests_open ON evidence_requests(satisfied_at, deadline);
