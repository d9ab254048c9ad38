-- The event list at city scale (issue 4): running counts of events per
-- region, status and matter at every level of their path (city, county, township,
-- village, grid), kept by the event service in the same transaction as every
-- status change, so that a list's total is a row or ten, not a count of a
-- county's cases. This fills them from the rows already there: region codes
-- are 12 digits and a grid's 15, so the levels' paths are the first 13, 26,
-- 39 and 52 characters of a grid's path, and the path itself.

CREATE TABLE event_tallies (
    region_path TEXT COLLATE "C" NOT NULL,
    status      TEXT NOT NULL,
    matter_code TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (region_path, status, matter_code)
);

INSERT INTO event_tallies (region_path, status, matter_code, n)
SELECT p, status, matter_code, SUM(n) FROM (
    SELECT region_path AS p, status, matter_code, COUNT(*) AS n FROM events GROUP BY region_path, status, matter_code
    UNION ALL
    SELECT substr(region_path, 1, 13), status, matter_code, COUNT(*) FROM events WHERE length(region_path) > 13
        GROUP BY substr(region_path, 1, 13), status, matter_code
    UNION ALL
    SELECT substr(region_path, 1, 26), status, matter_code, COUNT(*) FROM events WHERE length(region_path) > 26
        GROUP BY substr(region_path, 1, 26), status, matter_code
    UNION ALL
    SELECT substr(region_path, 1, 39), status, matter_code, COUNT(*) FROM events WHERE length(region_path) > 39
        GROUP BY substr(region_path, 1, 39), status, matter_code
    UNION ALL
    SELECT substr(region_path, 1, 52), status, matter_code, COUNT(*) FROM events WHERE length(region_path) > 52
        GROUP BY substr(region_path, 1, 52), status, matter_code
) AS levels GROUP BY p, status, matter_code;
