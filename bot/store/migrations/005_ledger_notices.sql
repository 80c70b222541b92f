-- 005: change notices and staff alerts go through the ledger like digests and reminders (exactly once).
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with the wider `kind` check,
-- its rows and indexes kept.
CREATE TABLE ledger_new (
    platform     TEXT NOT NULL,
    channel      TEXT NOT NULL,
    key          TEXT NOT NULL,                  -- 'digest:2024-W09', 'reminder:S0-L11', 'changes:...', 'alert:...'
    kind         TEXT NOT NULL CHECK (kind IN ('digest', 'reminder', 'notice', 'alert')),
    message_id   TEXT,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'skipped')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    session_slug TEXT,
    due_at       TEXT,
    PRIMARY KEY (platform, channel, key)
);
INSERT INTO ledger_new SELECT platform, channel, key, kind, message_id, content_hash, status, attempts, last_error,
    created_at, updated_at, session_slug, due_at FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_status ON ledger(platform, channel, status);
CREATE INDEX ledger_session ON ledger(session_slug) WHERE session_slug IS NOT NULL;

-- The commit of the course repository a post's current session was parsed from (NULL: a local folder).
ALTER TABLE posts ADD COLUMN source_commit TEXT;
