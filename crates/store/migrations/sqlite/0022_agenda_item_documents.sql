-- Which agenda items carry a document, by the document's key: the index of the JSON list `agenda_item.documents`
-- (which keeps the item's own order), so that a document's items are found by the key instead of a LIKE over every
-- item of the record. Written with the item, in the same transaction; gone with it.
CREATE TABLE agenda_item_document (
    agenda_item_id BIGINT NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    document_key TEXT NOT NULL,
    PRIMARY KEY (agenda_item_id, document_key)
);
CREATE INDEX agenda_item_document_key ON agenda_item_document (document_key);

INSERT INTO agenda_item_document (agenda_item_id, document_key)
SELECT DISTINCT i.id, j.value FROM agenda_item i, json_each(i.documents) j;
