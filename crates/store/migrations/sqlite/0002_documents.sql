-- From draft to decision: documents with revisions and language versions, positions, silence procedures,
-- referrals, agenda outcomes; plans, the yearly statements list, the legal basis register.
-- Sponsors and an item's documents are JSON lists of codes and keys; visibility queries match them with LIKE on
-- the quoted code, which the JSON form makes exact.

ALTER TABLE organisation ADD COLUMN register TEXT NOT NULL DEFAULT '{}';
ALTER TABLE agenda_item ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agenda_item ADD COLUMN outcome TEXT;

CREATE TABLE document (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    body_id BIGINT NOT NULL REFERENCES body (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    sponsors TEXT NOT NULL,
    original_language TEXT NOT NULL,
    visibility TEXT NOT NULL,
    amends_id BIGINT REFERENCES document (id),
    amendment TEXT,
    period_from TEXT,
    period_to TEXT,
    in_force_on TEXT,
    -- Kept by the use cases, never by a plain change of the record:
    status TEXT NOT NULL DEFAULT 'draft',
    symbol TEXT UNIQUE,
    series TEXT,
    series_number BIGINT,
    outcome TEXT
);
CREATE INDEX document_organisation ON document (organisation_id, status);

CREATE TABLE document_revision (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document (id),
    number BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE document_text (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    revision_id BIGINT NOT NULL REFERENCES document_revision (id),
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (revision_id, language)
);

CREATE TABLE position (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    revision_id BIGINT NOT NULL REFERENCES document_revision (id),
    state_code TEXT NOT NULL,
    position TEXT NOT NULL,
    text TEXT,
    recorded_by TEXT NOT NULL,
    on_behalf BIGINT NOT NULL,
    at_us BIGINT NOT NULL,
    UNIQUE (revision_id, state_code)
);

CREATE TABLE silence_procedure (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document (id),
    revision_number BIGINT NOT NULL,
    opened_at_us BIGINT NOT NULL,
    deadline_us BIGINT NOT NULL,
    opened_by TEXT NOT NULL,
    status TEXT NOT NULL,
    closed_at_us BIGINT
);
CREATE INDEX silence_due ON silence_procedure (status, deadline_us);

CREATE TABLE silence_received (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id BIGINT NOT NULL REFERENCES silence_procedure (id),
    state_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    at_us BIGINT NOT NULL
);

CREATE TABLE referral (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES document (id),
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    agenda_item_id BIGINT REFERENCES agenda_item (id),
    referred_at_us BIGINT NOT NULL,
    referred_by TEXT NOT NULL,
    outcome TEXT,
    decided_at_us BIGINT
);

CREATE TABLE plan_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES document (id),
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    period_from TEXT,
    period_to TEXT,
    responsible TEXT NOT NULL,
    status TEXT NOT NULL,
    meeting_id BIGINT REFERENCES meeting (id),
    progress TEXT NOT NULL
);

CREATE TABLE statements_list (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id),
    body_id BIGINT NOT NULL REFERENCES body (id),
    year BIGINT NOT NULL,
    cutoff TEXT NOT NULL,
    document_id BIGINT REFERENCES document (id)
);

CREATE TABLE proposal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    list_id BIGINT NOT NULL REFERENCES statements_list (id),
    key TEXT NOT NULL UNIQUE,
    state_id BIGINT NOT NULL REFERENCES state (id),
    topic TEXT NOT NULL,
    forum TEXT NOT NULL,
    draft TEXT,
    included BIGINT NOT NULL
);

CREATE TABLE instruction (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    list_id BIGINT NOT NULL REFERENCES statements_list (id),
    forum TEXT NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (list_id, forum)
);

CREATE TABLE delivery (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL REFERENCES proposal (id),
    on_day TEXT NOT NULL,
    forum TEXT NOT NULL,
    state_id BIGINT NOT NULL REFERENCES state (id)
);

CREATE TABLE signature (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES document (id),
    state_id BIGINT NOT NULL REFERENCES state (id),
    signed_on TEXT,
    ratified_on TEXT,
    UNIQUE (document_id, state_id)
);
