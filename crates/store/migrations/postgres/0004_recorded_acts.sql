-- Recorded acts happen on their own day: a session of 2020 keyed in today keeps its 2020 instants.
-- The audit entry keeps both the instant it was written (at_us) and the instant the act it records happened
-- (occurred_at_us; NULL in entries written before, whose hashes therefore stay as they were).
ALTER TABLE audit_log ADD COLUMN occurred_at_us BIGINT;

-- When a document was circulated and agreed: what later acts on it may not precede (NULL: not known).
ALTER TABLE document ADD COLUMN circulated_at_us BIGINT;
ALTER TABLE document ADD COLUMN agreed_at_us BIGINT;

-- A referral's outcome is recorded at a meeting of the receiving body, or by that body's written procedure.
ALTER TABLE referral ADD COLUMN decided_by TEXT;
