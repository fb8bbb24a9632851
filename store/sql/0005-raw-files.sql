-- 0005-raw-files: a message's raw bytes move out of the database into the
-- content-addressed file store beside the attachments
-- (attachments_dir/<ab>/<sha256>): one write instead of a BLOB written to
-- the WAL and again by the checkpoint. raw_file = 1: the bytes are that
-- file; 0: in the raw column (rows from before), or not kept when raw is
-- NULL too.
ALTER TABLE messages ADD COLUMN raw_file INTEGER NOT NULL DEFAULT 0
	CHECK (raw_file IN (0, 1));
