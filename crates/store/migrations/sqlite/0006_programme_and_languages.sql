-- A programme event may have a mode of its own (`in_person`, `online`, `hybrid`); none stored, it has the meeting's.
ALTER TABLE programme_event ADD COLUMN mode TEXT;

-- An organisation has one or more languages of authentic texts, a JSON list like `languages`.
ALTER TABLE organisation ADD COLUMN authentic_languages TEXT NOT NULL DEFAULT '[]';
UPDATE organisation SET authentic_languages = '["' || authentic_language || '"]';
ALTER TABLE organisation DROP COLUMN authentic_language;

-- Kinds of programme event of the organisation's own: a JSON list of {kind, names, admits}.
ALTER TABLE organisation ADD COLUMN event_kinds TEXT NOT NULL DEFAULT '[]';
