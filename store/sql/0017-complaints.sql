-- 0017-complaints: internal complaints against decisions (DSA Art. 20,
-- docs/WORKFLOW.md "Complaints") and cases staff open on their own
-- initiative (source type voluntary, `cases open`).

-- A listing's track may be `complaint`: its vendor (or the reporter)
-- complained of the decision on it; decided_by is the staff account
-- that took the last decision (removed or reinstated) on the listing,
-- which may not decide a complaint against it. SQLite cannot change a
-- CHECK constraint in place: the table is rebuilt with the same rows.
CREATE TABLE case_listings_new (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	listing_id TEXT NOT NULL,
	url TEXT NOT NULL,
	message_id INTEGER REFERENCES messages(id),	-- where first found
	track TEXT NOT NULL DEFAULT 'reported'
		CHECK (track IN ('reported', 'notified', 'counter_noticed',
			'counter_accepted', 'counter_rejected', 'removed',
			'reinstated', 'no_action', 'complaint')),
	track_updated INTEGER,
	decided_by TEXT,
	UNIQUE (case_id, listing_id)
);
INSERT INTO case_listings_new (case_id, listing_id, url, message_id, track,
	track_updated, decided_by)
SELECT l.case_id, l.listing_id, l.url, l.message_id, l.track,
	l.track_updated,
	(SELECT e.actor FROM events e WHERE e.case_id = l.case_id
		AND e.type = 'listing.track'
		AND json_extract(e.detail, '$.listing') = l.listing_id
		AND json_extract(e.detail, '$.to') IN ('removed', 'reinstated')
		ORDER BY e.id DESC LIMIT 1)
FROM case_listings l ORDER BY l.rowid;
DROP TABLE case_listings;
ALTER TABLE case_listings_new RENAME TO case_listings;
CREATE INDEX case_listings_listing ON case_listings(listing_id);

-- An own-initiative case (`cases open`, source_type voluntary, 0014)
-- keeps the ground it was opened on (terms | illegal), the policy clause
-- (inactive, negative_feedback, outdated, breach, prohibited, malware,
-- personal_data) and staff's explanation.
ALTER TABLE cases ADD COLUMN ground TEXT;
ALTER TABLE cases ADD COLUMN clause TEXT;
ALTER TABLE cases ADD COLUMN explanation TEXT;

-- One complaint of a party against a decision: listing_id NULL when it
-- is against the decision on the case as a whole (a rejected report, an
-- account action, a case without listings). decision: what was decided
-- (removed, reinstated, rejected, action_taken); decided_by: the account
-- that decided it. outcome uphold | reverse, by outcome_by (never
-- decided_by), with the reason the parties are told.
CREATE TABLE complaints (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	listing_id TEXT,
	party TEXT NOT NULL CHECK (party IN ('vendor', 'reporter')),
	address TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'en',	-- the complainant's: en | zh
	message_id INTEGER REFERENCES messages(id),
	decision TEXT NOT NULL,
	decided_by TEXT NOT NULL,
	created INTEGER NOT NULL,
	answer_by INTEGER NOT NULL,
	outcome TEXT CHECK (outcome IS NULL OR outcome IN ('uphold',
		'reverse')),
	reason TEXT,
	outcome_by TEXT,
	outcome_at INTEGER
) STRICT;
CREATE INDEX complaints_case ON complaints(case_id);
