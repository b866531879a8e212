-- The meetings around a day and a year's meetings, without reading every meeting. The organisation's page and a
-- body's read the meetings that end soonest from the day (or latest before it) in the order of the first two,
-- which stop at the page's end; the calendar reads a year's meetings by the day they start from the third (the
-- organisation's) or the fourth (a body's). The index on `body_id` alone is the prefix of two.
CREATE INDEX meeting_organisation_ends ON meeting (organisation_id, ends_on);
CREATE INDEX meeting_body_ends ON meeting (body_id, ends_on);
CREATE INDEX meeting_organisation_starts ON meeting (organisation_id, starts_on);
CREATE INDEX meeting_body_starts ON meeting (body_id, starts_on);
DROP INDEX meeting_body;
