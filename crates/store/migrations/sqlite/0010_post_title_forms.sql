-- The forms of a post's title in the cases of languages that decline it (an announcement writes "под
-- председательством Министра …"): a JSON map language → case → form, or nothing.

ALTER TABLE post ADD COLUMN title_forms TEXT;
