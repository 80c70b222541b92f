-- 007: readings are stored once, as rows of `readings` (which the full-text index reads). The session
-- document in `posts.session` keeps roles, tags and a digest of the readings (for telling what a sync
-- changed), no longer a second copy of every reading.
UPDATE posts SET session = json_remove(session, '$.readings') WHERE session IS NOT NULL;
-- The next sync parses every file again, so each document gets its readings' digest.
DELETE FROM meta WHERE key = 'parse_context';
