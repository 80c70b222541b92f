-- 004: full-text search matches word forms: "jailbreak" finds "Jailbreaks", "align" finds "alignment".
-- The index is rebuilt with the Porter stemmer over the same external content (the readings table).
DROP TABLE readings_fts;

CREATE VIRTUAL TABLE readings_fts USING fts5(
    title, abstract, session_title,
    content = 'readings', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO readings_fts(readings_fts) VALUES ('rebuild');
