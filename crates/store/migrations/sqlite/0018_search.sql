-- Search: one entry per language of each searchable row (document, meeting, agenda item, publication), written in
-- the transaction that changes the row's text. `stems` holds the distinct stems of the entry's title and text
-- (secretariat_core::rules::search::terms), one space between them; `title` is the row's title as JSON (language
-- → text), `body` the original text the snippet quotes. Rows that exist before this migration are indexed when
-- the store starts (SqlStore::connect), since stemming is done in Rust, not in SQL.
CREATE TABLE search_entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    row_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    number BIGINT,
    title TEXT NOT NULL,
    on_day TEXT,
    at_us BIGINT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    stems TEXT NOT NULL
);
CREATE INDEX search_entry_row ON search_entry (kind, row_id);

-- The stems in FTS5, by the entry's id: which entries hold any of a query's stems, without reading them all.
-- unicode61 without diacritic removal keeps `й` and `и` apart, as the stems do.
CREATE VIRTUAL TABLE search_fts USING fts5 (stems, tokenize = 'unicode61 remove_diacritics 0');
CREATE TRIGGER search_entry_indexed AFTER INSERT ON search_entry BEGIN
    INSERT INTO search_fts (rowid, stems) VALUES (new.id, new.stems);
END;
CREATE TRIGGER search_entry_removed AFTER DELETE ON search_entry BEGIN
    DELETE FROM search_fts WHERE rowid = old.id;
END;
