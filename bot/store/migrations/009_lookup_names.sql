-- 009: the names lookups resolve queries by, kept in SQLite: one row per (kind, normalised name, file)
-- of each served session - its slug, lecture id, title and title words (bot.store.index.name_rows).
-- A one-shot command (the command line) resolves a query from these rows and the few sessions they
-- name, instead of building the in-memory name index of every session (2.5 s at 50,000 sessions).
-- Rows cannot be computed in SQL (Unicode case folding): every sync rewrites those of the files it
-- wrote (bot.store.names.refresh), and a cache filled before this migration is filled once, from
-- Python, on its first lookup (meta.lookup_names says the rows are complete).
CREATE TABLE lookup_names (
    kind TEXT NOT NULL CHECK (kind IN ('slug', 'lecture', 'title', 'word')),
    name TEXT NOT NULL,
    file TEXT NOT NULL REFERENCES posts(file) ON DELETE CASCADE,
    PRIMARY KEY (kind, name, file)
) WITHOUT ROWID;
CREATE INDEX lookup_names_file ON lookup_names(file);

-- an empty cache has every row already
INSERT INTO meta(key, value) SELECT 'lookup_names', '1' WHERE NOT EXISTS (SELECT 1 FROM posts);
