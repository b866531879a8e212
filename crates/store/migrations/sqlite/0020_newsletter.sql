-- The newsletter: the addresses subscribed to a publisher's newsletter (double opt-in: 'pending' until the
-- address is confirmed, 'unsubscribed' when its reader ends it), the newsletters sent (one per publisher and
-- month), and the newsletter's mail outbox: a row is 'pending' until an instance claims it (claimed_until_us),
-- sends it and marks it 'sent', or, after a failure, tries again from next_attempt_at_us, or gives up ('failed').
-- A confirmation has no issue; a subscriber gets each issue at most once (UNIQUE).
CREATE TABLE subscriber (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    publisher TEXT NOT NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at_us BIGINT NOT NULL,
    confirmed_at_us BIGINT,
    unsubscribed_at_us BIGINT,
    UNIQUE (publisher, email)
);

CREATE TABLE newsletter_issue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    publisher TEXT NOT NULL,
    month TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    sent_at_us BIGINT NOT NULL,
    recipients BIGINT NOT NULL,
    UNIQUE (publisher, month)
);

CREATE TABLE newsletter_mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber_id BIGINT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
    issue_id BIGINT REFERENCES newsletter_issue (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at_us BIGINT NOT NULL,
    claimed_until_us BIGINT,
    sent_at_us BIGINT,
    UNIQUE (subscriber_id, issue_id)
);

CREATE INDEX newsletter_mail_due ON newsletter_mail (status, next_attempt_at_us);
