-- An account's own calendar feed, read by calendar apps without a session at a secret address: only the hash of
-- its token is kept (as for API tokens). One link per account; replacing it makes the old one stop at once.
CREATE TABLE calendar_link (
    account_id BIGINT PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at_us BIGINT NOT NULL
);
