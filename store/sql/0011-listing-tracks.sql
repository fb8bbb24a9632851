-- 0011-listing-tracks: a case is a dispute per listing and per vendor
-- (docs/WORKFLOW.md "Per-listing tracks"). Each listing of a case has its
-- own track; account-level actions are kept per vendor; evidence
-- requests can be closed (by staff, or when the listings they concern
-- are decided); counter-notices are kept per vendor with the rights
-- holder's answer deadline; staff corrections of the rights claimed,
-- and the old references of a case moved to the other stream.

-- reported -> notified -> counter_noticed -> counter_accepted |
-- counter_rejected, ending removed | reinstated | no_action.
ALTER TABLE case_listings ADD COLUMN track TEXT NOT NULL DEFAULT 'reported'
	CHECK (track IN ('reported', 'notified', 'counter_noticed',
		'counter_accepted', 'counter_rejected', 'removed', 'reinstated',
		'no_action'));
ALTER TABLE case_listings ADD COLUMN track_updated INTEGER;

-- posting_restriction, suspension, termination on a vendor's account.
-- vendor_email NULL: recorded before this migration on a case whose
-- listings had no vendor in the directory.
CREATE TABLE vendor_actions (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	vendor_email TEXT,
	action TEXT NOT NULL CHECK (action IN ('posting_restriction',
		'suspension', 'termination')),
	reason TEXT,
	actor TEXT NOT NULL,
	created INTEGER NOT NULL
) STRICT;
CREATE INDEX vendor_actions_case ON vendor_actions(case_id);

-- closed_at: the request no longer waits (staff closed it, or every
-- listing it concerns was decided); closed_why says which.
ALTER TABLE evidence_requests ADD COLUMN closed_at INTEGER;
ALTER TABLE evidence_requests ADD COLUMN closed_why TEXT;

-- One row per counter-notice a vendor filed on a case: the forward's
-- answer deadline, the rights holder's answer (accept | reject), and
-- whether staff were flagged when the deadline passed unanswered.
CREATE TABLE counter_notices (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	vendor_email TEXT NOT NULL,
	message_id INTEGER REFERENCES messages(id),
	created INTEGER NOT NULL,
	deadline INTEGER NOT NULL,
	answer TEXT CHECK (answer IS NULL OR answer IN ('accept', 'reject')),
	answered_at INTEGER,
	flagged_at INTEGER
) STRICT;
CREATE INDEX counter_notices_case ON counter_notices(case_id);

-- The rights claimed as corrected by staff (cases set --right); when a
-- case has rows here they replace what the parser read.
CREATE TABLE case_rights (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	position INTEGER NOT NULL,
	type TEXT NOT NULL,
	jurisdiction TEXT,
	registration TEXT,
	UNIQUE (case_id, position)
) STRICT;

-- The former references of a case moved to the other stream: mail
-- naming them still finds the case.
CREATE TABLE case_aliases (
	ref TEXT PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id)
) STRICT;

-- Each existing case's listings get the track its history says. The
-- status a case had before it was closed is the "from" of its close
-- event.
CREATE TEMP TABLE m8_case AS
SELECT c.id AS id,
	CASE WHEN c.status = 'closed' THEN coalesce((
		SELECT json_extract(e.detail, '$.from') FROM events e
		WHERE e.case_id = c.id AND e.type = 'case.status'
		AND json_extract(e.detail, '$.action') = 'close'
		ORDER BY e.id DESC LIMIT 1), 'rejected')
	ELSE c.status END AS st,
	(SELECT json_extract(e.detail, '$.action') FROM events e
		WHERE e.case_id = c.id AND e.type = 'case.status'
		AND json_extract(e.detail, '$.action') IN ('enforce', 'reinstate')
		ORDER BY e.id DESC LIMIT 1) AS last_outcome,
	EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
		AND e.type = 'case.status'
		AND json_extract(e.detail, '$.enforcement') = 'removal') AS removal,
	c.updated AS updated
FROM cases c;

UPDATE case_listings SET
	track = (SELECT CASE
		WHEN m.st IN ('action_taken', 'reinstated') THEN
			CASE WHEN m.last_outcome = 'reinstate' THEN 'reinstated'
			WHEN m.removal THEN 'removed'
			ELSE 'no_action' END
		WHEN m.st IN ('rejected', 'incomplete', 'info_requested',
			'ready_for_review', 'accepted') AND
			(SELECT status FROM cases WHERE id = m.id) = 'closed'
			THEN 'no_action'
		WHEN m.st = 'rejected' THEN 'no_action'
		WHEN m.st IN ('vendor_notified', 'counter_noticed',
			'counter_accepted', 'counter_rejected') AND EXISTS (
			SELECT 1 FROM listing_directory d
			WHERE d.listing_id = case_listings.listing_id
			AND d.vendor_email IS NOT NULL AND d.vendor_email != '')
			THEN CASE m.st WHEN 'vendor_notified' THEN 'notified'
				ELSE m.st END
		ELSE 'reported' END
		FROM m8_case m WHERE m.id = case_listings.case_id),
	track_updated = (SELECT updated FROM m8_case m
		WHERE m.id = case_listings.case_id);

-- Account-level enforcements of the old release: one row per enforce
-- event per vendor of the case's listings (or one without a vendor).
INSERT INTO vendor_actions (case_id, vendor_email, action, reason, actor,
	created)
SELECT e.case_id, v.vendor_email, json_extract(e.detail, '$.enforcement'),
	json_extract(e.detail, '$.reason'), e.actor, e.time
FROM events e
LEFT JOIN (SELECT DISTINCT l.case_id AS case_id, d.vendor_email AS vendor_email
	FROM case_listings l JOIN listing_directory d
	ON d.listing_id = l.listing_id
	WHERE d.vendor_email IS NOT NULL AND d.vendor_email != '') v
	ON v.case_id = e.case_id
WHERE e.type = 'case.status'
AND json_extract(e.detail, '$.action') = 'enforce'
AND json_extract(e.detail, '$.enforcement') IN ('posting_restriction',
	'suspension', 'termination')
ORDER BY e.id;

-- Requests of cases that are closed, or whose listings are all decided,
-- no longer wait.
UPDATE evidence_requests SET closed_at = (SELECT updated FROM cases c
		WHERE c.id = evidence_requests.case_id),
	closed_why = 'decided'
WHERE satisfied_at IS NULL AND case_id IN (SELECT id FROM cases
	WHERE status IN ('closed', 'rejected', 'action_taken', 'reinstated'));

-- A pending counter-notice of the old release, answerable by its vendor.
INSERT INTO counter_notices (case_id, vendor_email, message_id, created,
	deadline, answer, answered_at)
SELECT e.case_id, lower(coalesce(m.from_address, e.actor)), e.message_id,
	e.time, e.time + 14 * 86400,
	(SELECT CASE json_extract(a.detail, '$.action')
		WHEN 'counter_accept' THEN 'accept' ELSE 'reject' END
		FROM events a WHERE a.case_id = e.case_id
		AND a.type = 'case.status' AND a.id > e.id
		AND json_extract(a.detail, '$.action') IN ('counter_accept',
			'counter_reject') ORDER BY a.id LIMIT 1),
	(SELECT a.time FROM events a WHERE a.case_id = e.case_id
		AND a.type = 'case.status' AND a.id > e.id
		AND json_extract(a.detail, '$.action') IN ('counter_accept',
			'counter_reject') ORDER BY a.id LIMIT 1)
FROM events e LEFT JOIN messages m ON m.id = e.message_id
WHERE e.type = 'case.status'
AND json_extract(e.detail, '$.action') = 'counter_notice'
ORDER BY e.id;

DROP TABLE m8_case;
