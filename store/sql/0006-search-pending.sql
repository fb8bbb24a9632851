-- 0006-search-pending: text waiting for the full-text index. Filing a
-- message writes its searchable text here, a plain insert; then
-- store_search_catch_up moves every waiting row into case_search in one
-- transaction (poll: once per batch; ingest: at the end), so FTS5 builds
-- one index segment for many messages instead of one per message, which
-- had cost more than the rest of the filing transaction. Search reads
-- both tables, so a filed message is always found.
CREATE TABLE search_pending (
	id INTEGER PRIMARY KEY,
	text TEXT NOT NULL,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	source TEXT NOT NULL
) STRICT;
