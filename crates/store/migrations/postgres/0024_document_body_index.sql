-- A body's documents: its page counts those the reader may see (`b.code = $2` and the visibility) and the
-- register filters by body. Without an index on `body_id` every document was read: 23–50 ms of the body's page at
-- 100,000 documents on SQLite (bench/scale-pages.py), 1–2 ms with it.
CREATE INDEX document_body ON document (body_id, visibility);
