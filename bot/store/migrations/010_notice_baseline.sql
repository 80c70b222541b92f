-- 010: the change notices' baseline (what each channel was last told about the sessions) kept per session,
-- one row per (channel scope, slug): the hash of its facts and the facts as JSON (bot.course.changes.Facts).
-- A notice that falls due reads and rewrites only the rows of the sessions that differ, where it used to
-- decode and rewrite one JSON value of every session ahead in meta (10-11 s at 50,000 sessions). A baseline
-- kept in meta by an earlier version is moved into these rows by the notice service on first use (the
-- hashes are computed in Python: bot.services.notices).
CREATE TABLE notice_baseline (
    scope TEXT NOT NULL,
    slug TEXT NOT NULL,
    hash BLOB NOT NULL,
    facts TEXT NOT NULL,
    PRIMARY KEY (scope, slug)
) WITHOUT ROWID;

-- A sync told which files changed (a file watcher, a commit's diff) reads only those rows and the ones whose
-- stat it does not trust yet (bot.store.sync: the narrow read), and counts the served sessions before a
-- position for dating by position: both by index, never a pass over every post.
CREATE INDEX posts_untrusted ON posts(file) WHERE stat IS NULL;
CREATE INDEX posts_position ON posts(position, meeting) WHERE served = 1;
