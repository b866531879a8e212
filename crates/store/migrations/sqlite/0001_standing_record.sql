-- The council's standing record: states, cities, people, organisations, posts, mandates, memberships, bodies,
-- meetings with their programme, delegations and agenda; accounts; the hash-chained audit log.
-- Texts in several languages and small lists are JSON text; days are 'YYYY-MM-DD' text; instants are integer
-- microseconds UTC; booleans are integers (sqlx's Any driver reads them the same on both engines).

CREATE TABLE state (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    official_name TEXT
);

CREATE TABLE city (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    state_id BIGINT NOT NULL REFERENCES state (id),
    time_zone TEXT NOT NULL,
    names TEXT NOT NULL
);

CREATE TABLE person (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    names TEXT NOT NULL
);

CREATE TABLE organisation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    abbreviation TEXT,
    languages TEXT NOT NULL,
    authentic_language TEXT NOT NULL,
    chairmanship TEXT NOT NULL
);

CREATE TABLE post (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    state_id BIGINT REFERENCES state (id),
    organisation_id BIGINT REFERENCES organisation (id)
);
CREATE INDEX post_role_state ON post (role, state_id);

CREATE TABLE mandate (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES person (id),
    post_id BIGINT NOT NULL REFERENCES post (id),
    starts_on TEXT,
    ends_on TEXT,
    acting BIGINT NOT NULL
);
CREATE INDEX mandate_person ON mandate (person_id);
CREATE INDEX mandate_post ON mandate (post_id);

CREATE TABLE membership (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    state_id BIGINT NOT NULL REFERENCES state (id),
    kind TEXT NOT NULL,
    starts_on TEXT,
    ends_on TEXT
);
CREATE INDEX membership_organisation ON membership (organisation_id);

CREATE TABLE body (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    abbreviation TEXT,
    parent_id BIGINT REFERENCES body (id),
    representative_role TEXT NOT NULL,
    chair_rule TEXT NOT NULL,
    decision_rule TEXT NOT NULL,
    regular_meetings_per_year BIGINT NOT NULL,
    UNIQUE (organisation_id, code)
);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    body_id BIGINT NOT NULL REFERENCES body (id),
    joint_with TEXT NOT NULL,
    kind TEXT NOT NULL,
    city_id BIGINT NOT NULL REFERENCES city (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    chair_person_id BIGINT REFERENCES person (id)
);
CREATE INDEX meeting_days ON meeting (starts_on, ends_on);
CREATE INDEX meeting_body ON meeting (body_id);

CREATE TABLE programme_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT,
    title TEXT,
    on_day TEXT NOT NULL,
    at_time TEXT,
    UNIQUE (meeting_id, key)
);

CREATE TABLE delegation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    state_id BIGINT NOT NULL REFERENCES state (id),
    head_person_id BIGINT NOT NULL REFERENCES person (id),
    members TEXT NOT NULL,
    UNIQUE (meeting_id, state_id)
);

CREATE TABLE agenda (
    meeting_id BIGINT PRIMARY KEY REFERENCES meeting (id),
    status TEXT NOT NULL,
    adopted_at_us BIGINT,
    adopted_by TEXT
);

-- Numbers are kept 1..n by the use cases (inside the serialised write transaction), not by a unique index,
-- so that renumbering can move items one at a time.
CREATE TABLE agenda_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    sitting_key TEXT,
    visibility TEXT NOT NULL
);
CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, visibility);

CREATE TABLE account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    state_code TEXT,
    head_of_delegation BIGINT NOT NULL,
    language TEXT,
    password_hash TEXT NOT NULL
);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at_us BIGINT NOT NULL
);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE
);

-- One row: the last audit entry's number and hash. Every write transaction updates it first, which serialises
-- writers on both engines and keeps the chain linear.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at_us BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    scope TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_scope ON audit_log (scope, at_us);
