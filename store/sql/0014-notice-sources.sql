-- 0014-notice-sources: the Digital Services Act's side of a notice
-- (docs/WORKFLOW.md "Notice sources, misuse and repeat infringers"):
-- where a case's notice came from, whether its processing is held
-- (Art. 23: the reporter's notices are suspended), whether staff found
-- it manifestly unfounded, and whether its vendor was a repeat
-- infringer when it was filed; and the standing of reporters and
-- vendors that the counts lead to.

-- article_16: a notice (the default, every case filed before this);
-- trusted_flagger: a notice from a configured trusted flagger whose
-- address was authenticated (Art. 22); other_notification: a notice
-- from another source (an authority, say); voluntary: a case staff
-- opened on their own initiative.
ALTER TABLE cases ADD COLUMN source_type TEXT NOT NULL DEFAULT 'article_16'
	CHECK (source_type IN ('article_16', 'trusted_flagger',
		'other_notification', 'voluntary'));
-- 1: filed while its reporter was suspended; nothing is decided on it
-- until staff release it.
ALTER TABLE cases ADD COLUMN held INTEGER NOT NULL DEFAULT 0
	CHECK (held IN (0, 1));
-- When staff rejected the case as manifestly unfounded; NULL: not so.
ALTER TABLE cases ADD COLUMN unfounded_at INTEGER;
-- 1: a vendor of one of its listings was a repeat infringer when the
-- listing was added.
ALTER TABLE cases ADD COLUMN repeat_infringer INTEGER NOT NULL DEFAULT 0
	CHECK (repeat_infringer IN (0, 1));
-- Unfounded notices of one reporter in a window, through an index.
CREATE INDEX cases_unfounded ON cases(reporter, unfounded_at)
	WHERE unfounded_at IS NOT NULL;

-- A reporter (lower-case address) that was warned or suspended for
-- manifestly unfounded notices: the latest warning and suspension.
CREATE TABLE reporter_standing (
	address TEXT PRIMARY KEY,
	warned_at INTEGER,
	suspended_at INTEGER,
	suspended_until INTEGER		-- new notices are held until then
) STRICT;

-- A vendor (lower-case address, as in listing_directory) whose removals
-- in the window reached the threshold: since when it is a repeat
-- infringer, and how many removals it had then.
CREATE TABLE vendor_standing (
	vendor_email TEXT PRIMARY KEY,
	repeat_since INTEGER NOT NULL,
	removals INTEGER NOT NULL
) STRICT;

-- The console's queues and cases list put held cases last and trusted
-- flaggers' notices first, then order by age or by last activity: an
-- index for each order.
CREATE INDEX cases_priority_created ON cases(held,
	source_type <> 'trusted_flagger', created);
CREATE INDEX cases_priority_updated ON cases(held,
	source_type <> 'trusted_flagger', updated DESC);
