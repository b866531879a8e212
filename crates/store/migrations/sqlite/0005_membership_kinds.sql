-- Kinds of membership per organisation (a JSON list; empty: the four built-in kinds), and a body's own
-- composition over time where it differs from the organisation's: its seats.
ALTER TABLE organisation ADD COLUMN membership_kinds TEXT NOT NULL DEFAULT '[]';

CREATE TABLE seat (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES body (id),
    state_id BIGINT NOT NULL REFERENCES state (id),
    kind TEXT NOT NULL,
    starts_on TEXT,
    ends_on TEXT
);
CREATE INDEX seat_body ON seat (body_id);
