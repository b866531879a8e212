-- The amendments of a document: a document's page reads them (`am.key = $1` joined on `dc.amends_id`). Without an
-- index on `amends_id` every document was read to find them: 17 ms of the page's 27 at 100,000 documents on
-- SQLite (bench/scale-pages.py); with it, one lookup.
CREATE INDEX document_amends ON document (amends_id);
