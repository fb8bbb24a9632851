-- 0015-counter-forward: each counter-notice keeps the outbox mail that
-- forwarded it to the rights holder, so that the rights holder's answer
-- is matched to its vendor by the Message-ID it replies to
-- (In-Reply-To / References) when several vendors' counter-notices are
-- pending on one case (docs/WORKFLOW.md "Per-listing tracks").
ALTER TABLE counter_notices ADD COLUMN forward_outbox_id INTEGER
	REFERENCES outbox(id);

-- Stores written before: every counter-notice row was added together
-- with its forward, so the k-th counter-notice of a case (by id) was
-- forwarded by the k-th counter_notice_forwarded mail of that case.
UPDATE counter_notices SET forward_outbox_id = (
	SELECT f.id
	FROM (SELECT id, case_id, row_number() OVER
		(PARTITION BY case_id ORDER BY id) AS k
	      FROM outbox WHERE kind = 'counter_notice_forwarded') f
	JOIN (SELECT id, case_id, row_number() OVER
		(PARTITION BY case_id ORDER BY id) AS k
	      FROM counter_notices) c
	  ON c.case_id = f.case_id AND c.k = f.k
	WHERE c.id = counter_notices.id);
