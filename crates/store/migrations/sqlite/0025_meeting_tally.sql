-- How many meetings of each body start in each year, by kind and status: the cadence of every body on the
-- organisation's page is checked against these counts, which the write transaction keeps (a meeting's row is
-- counted out before it changes or goes, and counted in once written). Counting the meetings themselves read
-- every one of them (11 ms at 10,000 meetings, growing with each); the tally grows with the years only.
CREATE TABLE meeting_tally (
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    body_id INTEGER NOT NULL REFERENCES body (id),
    year TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    meetings INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, body_id, year, kind, status)
);
INSERT INTO meeting_tally (organisation_id, body_id, year, kind, status, meetings)
SELECT organisation_id, body_id, SUBSTR(starts_on, 1, 4), kind, status, COUNT(*) FROM meeting
GROUP BY organisation_id, body_id, SUBSTR(starts_on, 1, 4), kind, status;
