-- The meetings around a day and their counts by year, without reading every meeting: the organisation's page, a
-- body's page and the calendar read the meetings that end soonest from today (or latest before it) by the first
-- two, and count a body's meetings by year for its cadence from the third alone (every column it reads is in it).
-- The index on `body_id` alone is the second's prefix.
CREATE INDEX meeting_organisation_ends ON meeting (organisation_id, ends_on, starts_on);
CREATE INDEX meeting_body_ends ON meeting (body_id, ends_on, starts_on);
CREATE INDEX meeting_counts ON meeting (organisation_id, body_id, starts_on, kind, status);
DROP INDEX meeting_body;
