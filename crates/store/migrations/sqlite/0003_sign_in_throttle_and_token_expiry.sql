-- Sign-in throttling, shared by every instance: one counter per key, 'account:<address>:<user name>' for one
-- account's attempts from one client address and 'address:<address>' for all attempts from it. Writers replace a
-- counter only if it is still the one they read, so that concurrent attempts cannot count twice as one.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at_us BIGINT NOT NULL,
    next_attempt_at_us BIGINT NOT NULL
);

CREATE INDEX sign_in_throttle_last_failure ON sign_in_throttle (last_failure_at_us);

-- API tokens expire and can be revoked. Tokens made before this migration get 90 days from now.
ALTER TABLE api_token ADD COLUMN created_at_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN expires_at_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN revoked_at_us BIGINT;
UPDATE api_token SET created_at_us = CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER), expires_at_us = CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER) + 7776000000000;
