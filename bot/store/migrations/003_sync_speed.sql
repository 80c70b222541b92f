-- 003: faster syncs.
-- The full-text index of readings is maintained by the sync itself, in bulk (one INSERT ... SELECT per
-- sync), instead of by per-row triggers: indexing 50,000 readings this way takes half the time.
-- Every write to `readings` must therefore update `readings_fts` too (bot/store/sync.py does).
DROP TRIGGER IF EXISTS readings_ai;
DROP TRIGGER IF EXISTS readings_ad;
DROP TRIGGER IF EXISTS readings_au;

-- "size:mtime_ns" of the file when its content_hash was taken, recorded only when the modification
-- time was safely in the past (so a later edit within the same clock tick cannot hide behind it).
-- A sync does not read a file whose size and mtime still match; NULL means always read and hash it.
ALTER TABLE posts ADD COLUMN stat TEXT;
