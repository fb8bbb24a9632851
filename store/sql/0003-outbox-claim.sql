-- 0003-outbox-claim: the sender claims a recipient (claimed = time) in its
-- own committed transaction before the SMTP transaction and clears it with
-- the result. A claim found by the next sender means a sender died in
-- between: the delivery is in doubt (in_doubt counts such recoveries).
-- Indexes for the per-recipient rate limit and the per-case sequence.
ALTER TABLE outbox_recipients ADD COLUMN claimed INTEGER;
ALTER TABLE outbox_recipients ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_recipients_address ON outbox_recipients(address);
CREATE INDEX outbox_case ON outbox(case_id);
