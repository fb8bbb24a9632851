-- 0016-portal-state: what the portal keeps across restarts (README, "The
-- public portal"): the key of its forms' CSRF tokens, the posts of each
-- client address in the current hour, and the form tokens already used
-- (a form is sent once). Before, all three lived in the process and a
-- restart reset the rates, reopened used forms and voided open ones.
CREATE TABLE portal_keys (
	name TEXT PRIMARY KEY,		-- 'csrf'
	key BLOB NOT NULL
) STRICT;

CREATE TABLE portal_rates (
	client TEXT PRIMARY KEY,	-- the client address
	since INTEGER NOT NULL,		-- its first post of the hour counted
	n INTEGER NOT NULL
) STRICT;
CREATE INDEX portal_rates_since ON portal_rates(since);

CREATE TABLE portal_used_tokens (
	mac TEXT PRIMARY KEY,		-- the token's HMAC, hex
	expires INTEGER NOT NULL	-- when the token would be stale anyway
) STRICT;
CREATE INDEX portal_used_tokens_expires ON portal_used_tokens(expires);
