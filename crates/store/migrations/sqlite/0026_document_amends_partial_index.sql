-- The index of amendments holds only the documents that amend another. Once the import refreshes the planner's
-- statistics (`ANALYZE`), the whole-table index told the planner that one `amends_id` stands for every document
-- (almost all are NULL, counted as one value), and SQLite 3.46 then read every document to find a document's
-- amendments: 18–34 ms of the document page at 100,000 documents (bench/scale-pages.py). A comparison
-- `dc.amends_id = am.id` implies `amends_id IS NOT NULL`, so the query still finds them by this index.
DROP INDEX document_amends;
CREATE INDEX document_amends ON document (amends_id) WHERE amends_id IS NOT NULL;
