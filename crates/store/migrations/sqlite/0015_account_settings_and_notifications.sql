-- What an account sets for herself: the zone she reads instants in, where and of what she is told; and whether an
-- administrator disabled it (a disabled account signs in no more, and its sessions and tokens answer as unknown).
-- A version, so that two administrators changing one account at once do not overwrite each other.
ALTER TABLE account ADD COLUMN time_zone TEXT;
ALTER TABLE account ADD COLUMN email TEXT;
ALTER TABLE account ADD COLUMN notifications TEXT NOT NULL
    DEFAULT '["draft_circulated","silence_opened","silence_broken","silence_concluded","deadline_near"]';
ALTER TABLE account ADD COLUMN disabled_at_us BIGINT;
ALTER TABLE account ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- One row per account told of one event, written in the transaction of the event; also the mail outbox: a row to
-- mail is 'pending' until an instance claims it (claimed_until_us), sends it and marks it 'sent', or, after a
-- failure, tries again from next_attempt_at_us. 'none': not to be mailed (no address).
CREATE TABLE notification (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    at_us BIGINT NOT NULL,
    deadline_us BIGINT,
    by_state TEXT,
    mail_status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at_us BIGINT NOT NULL,
    claimed_until_us BIGINT,
    sent_at_us BIGINT,
    UNIQUE (account_id, event)
);

CREATE INDEX notification_of_account ON notification (account_id, at_us);
CREATE INDEX notification_mail_due ON notification (mail_status, next_attempt_at_us);
