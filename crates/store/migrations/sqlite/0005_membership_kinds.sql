-- Kinds of membership per organisation (a JSON list; empty: the four built-in kinds), and a body's own
-- composition over time where it differs from the organisation's: its seats.
ALTER TABLE organisation ADD COLUMN membership_kinds TEXT NOT NULL DEFAULT '[]';
