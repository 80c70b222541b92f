-- 002: the posting ledger (what the bot posted where, for exactly-once delivery) and the instance lock.
-- Times are ISO 8601 UTC text written by the application's clock (injectable in tests).

-- One row per scheduled message per channel. A row is written 'pending' BEFORE the platform is asked
-- to post, and marked 'sent' with the platform's message id after it confirms; a 'pending' row found at
-- start-up is reconciled against the channel before anything is resent. 'skipped': a post missed while
-- the bot was down, too late to be useful (never posted).
-- The key is scoped by platform and channel so that trying the bot in console mode on a cache does not
-- mark the week's digest as posted on Discord.
CREATE TABLE ledger (
    platform     TEXT NOT NULL,                  -- 'discord', 'slack', 'console'
    channel      TEXT NOT NULL,                  -- platform channel id (text)
    key          TEXT NOT NULL,                  -- 'digest:2024-W09', 'reminder:S0-L11'
    kind         TEXT NOT NULL CHECK (kind IN ('digest', 'reminder')),
    message_id   TEXT,                           -- the platform's id, once sent
    content_hash TEXT NOT NULL,                  -- Message.content_hash of what was (to be) posted
    status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'skipped')),
    attempts     INTEGER NOT NULL DEFAULT 0,     -- failed attempts to post (or edit) so far
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    session_slug TEXT,                           -- reminders: the session; digests: NULL
    due_at       TEXT,                           -- when the message fell due (digest: the cron fire time)
    PRIMARY KEY (platform, channel, key)
);
CREATE INDEX ledger_status ON ledger(platform, channel, status);
CREATE INDEX ledger_session ON ledger(session_slug) WHERE session_slug IS NOT NULL;

-- At most one running bot posts for a cache file: a single row, taken in a BEGIN IMMEDIATE transaction.
-- A holder whose heartbeat is old, or whose pid is dead on this host, may be taken over.
CREATE TABLE instance_lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT NOT NULL,                  -- random per holder: tells two handles in one process apart
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
