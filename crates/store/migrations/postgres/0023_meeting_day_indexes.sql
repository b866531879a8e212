-- The meetings around a day, a year's meetings and their counts by year, without reading every meeting. The
-- organisation's page and a body's read the meetings that end soonest from the day (or latest before it) in the
-- order of the first two, which stop at the page's end; the calendar reads a year's meetings by the day they
-- start, from the third (the organisation's) or the fourth (a body's); a body's cadence is checked against counts
-- by year, kind and status read from the third or the fourth alone (every column the count reads is in them).
-- The index on `body_id` alone is the prefix of two.
CREATE INDEX meeting_organisation_ends ON meeting (organisation_id, ends_on);
CREATE INDEX meeting_body_ends ON meeting (body_id, ends_on);
CREATE INDEX meeting_organisation_starts ON meeting (organisation_id, starts_on, body_id, kind, status);
CREATE INDEX meeting_body_starts ON meeting (body_id, starts_on, kind, status);
DROP INDEX meeting_body;
