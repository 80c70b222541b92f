-- 001: the cache of the course site (posts, readings, full-text index, problems, meta).
-- One row per post FILE; a session is served under its slug by exactly one file (served = 1).

CREATE TABLE posts (
    file         TEXT PRIMARY KEY,               -- path relative to the site root, POSIX separators
    content_hash TEXT NOT NULL,                  -- hash of the file bytes last seen (good or not)
    good_hash    TEXT,                           -- hash of the bytes the stored session was parsed from
    parsed_at    TEXT,                           -- when the stored session was last parsed successfully
    error        TEXT,                           -- why the current bytes failed to parse (NULL if they parsed)
    slug         TEXT,                           -- NULL until the file has parsed once
    served       INTEGER NOT NULL DEFAULT 0,     -- 1: this file's session is the one served under slug
    position     INTEGER,                        -- index in the site's (Jekyll) order among served sessions
    title        TEXT,
    lecture      TEXT,
    date         TEXT,                           -- ISO date, from the post, the calendar or the schedule page
    url          TEXT,
    collection   TEXT,
    meeting      INTEGER NOT NULL DEFAULT 1,
    sort_key     TEXT,
    front_date   TEXT,
    session      TEXT                            -- JSON: the whole parsed session (roles, tags, readings)
);
CREATE UNIQUE INDEX posts_served_slug ON posts(slug) WHERE served = 1;
CREATE INDEX posts_date ON posts(date) WHERE served = 1;

CREATE TABLE readings (
    id            INTEGER PRIMARY KEY,
    file          TEXT NOT NULL REFERENCES posts(file) ON DELETE CASCADE,
    position      INTEGER NOT NULL,               -- order in the post
    section       TEXT,
    required      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    urls          TEXT NOT NULL DEFAULT '[]',     -- JSON list
    abstract      TEXT NOT NULL DEFAULT '',
    line          INTEGER NOT NULL DEFAULT 0,
    session_title TEXT NOT NULL DEFAULT '',
    UNIQUE (file, position)
);

CREATE VIRTUAL TABLE readings_fts USING fts5(
    title, abstract, session_title,
    content = 'readings', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER readings_ai AFTER INSERT ON readings BEGIN
    INSERT INTO readings_fts(rowid, title, abstract, session_title)
    VALUES (new.id, new.title, new.abstract, new.session_title);
END;

CREATE TRIGGER readings_ad AFTER DELETE ON readings BEGIN
    INSERT INTO readings_fts(readings_fts, rowid, title, abstract, session_title)
    VALUES ('delete', old.id, old.title, old.abstract, old.session_title);
END;

CREATE TRIGGER readings_au AFTER UPDATE ON readings BEGIN
    INSERT INTO readings_fts(readings_fts, rowid, title, abstract, session_title)
    VALUES ('delete', old.id, old.title, old.abstract, old.session_title);
    INSERT INTO readings_fts(rowid, title, abstract, session_title)
    VALUES (new.id, new.title, new.abstract, new.session_title);
END;

-- Findings from parsing (scope 'parse', kept with the file until it is parsed again) and from the
-- whole-site pass of each sync (scope 'site': site configuration, duplicate slugs; replaced every sync).
CREATE TABLE problems (
    id       INTEGER PRIMARY KEY,
    scope    TEXT NOT NULL CHECK (scope IN ('parse', 'site')),
    file     TEXT NOT NULL,
    line     INTEGER NOT NULL DEFAULT 0,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    message  TEXT NOT NULL
);
CREATE INDEX problems_file ON problems(scope, file);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
