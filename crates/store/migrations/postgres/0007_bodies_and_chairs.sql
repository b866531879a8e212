-- Bodies with several higher bodies (`parents`, a JSON list of codes, the usual one first; `parent_id` keeps the
-- first, under its foreign key), a body that prepares the drafts of another, a body chaired by the holder of a
-- post; and a document's steps through preparatory and higher bodies (agreed at …, approved and submitted to …).

ALTER TABLE body ADD COLUMN parents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE body ADD COLUMN prepares_for_id BIGINT REFERENCES body (id);
ALTER TABLE body ADD COLUMN chair_post_id BIGINT REFERENCES post (id);
UPDATE body SET parents = '["' || (SELECT p.code FROM body p WHERE p.id = body.parent_id) || '"]'
    WHERE parent_id IS NOT NULL;

ALTER TABLE document ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
