-- The press: publishers (the organisation's press service or a member state's ministry), their publications,
-- and the publisher a press account belongs to.

CREATE TABLE publisher (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    state_id BIGINT REFERENCES state (id),
    time_zone TEXT NOT NULL,
    categories TEXT NOT NULL
);

-- Meetings and documents are JSON lists of keys; instants are microseconds UTC. `hits` is written by the insert
-- and then only by the atomic `hits = hits + 1` of a view, never by a change of the record.
CREATE TABLE publication (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    publisher_id BIGINT NOT NULL REFERENCES publisher (id),
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    language TEXT NOT NULL,
    translation_of TEXT,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    status TEXT NOT NULL,
    scheduled_at_us BIGINT,
    published_at_us BIGINT,
    meetings TEXT NOT NULL,
    documents TEXT NOT NULL,
    hits BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX publication_status ON publication (status, scheduled_at_us);

ALTER TABLE account ADD COLUMN publisher TEXT;
