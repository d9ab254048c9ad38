-- The overdue list at city scale (issue 4): running events per region (at
-- every level of the path, as in event_tallies) and UTC day of their next
-- deadline, kept by the event service with every save. "Overdue in my
-- county now" is then the days before today from here, plus today's
-- deadlines already passed, counted off events_deadline: a day's worth of
-- the city's deadlines, not every running case of the county.

CREATE TABLE event_due_tallies (
    region_path TEXT COLLATE "C" NOT NULL,
    due_day     INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (region_path, due_day)
);

CREATE INDEX events_deadline ON events (next_deadline, region_path) WHERE next_deadline IS NOT NULL;

-- The newest running events first, with what the overdue filter reads: a
-- page of a county's overdue cases walks this until it has found them,
-- without reading a row it will not show.
CREATE INDEX events_running ON events (reported_at, id, region_path, next_deadline) WHERE next_deadline IS NOT NULL;

-- sqlite only
INSERT INTO event_due_tallies (region_path, due_day, n)
SELECT p, d, SUM(n) FROM (
    SELECT region_path AS p, CAST(strftime('%Y%m%d', next_deadline) AS INTEGER) AS d, COUNT(*) AS n FROM events WHERE next_deadline IS NOT NULL
        GROUP BY region_path, CAST(strftime('%Y%m%d', next_deadline) AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 13), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 13 GROUP BY substr(region_path, 1, 13), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 26), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 26 GROUP BY substr(region_path, 1, 26), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 39), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 39 GROUP BY substr(region_path, 1, 39), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 52), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 52 GROUP BY substr(region_path, 1, 52), CAST(strftime('%Y%m%d', next_deadline) AS INTEGER)
) AS levels GROUP BY p, d;

-- postgres only
INSERT INTO event_due_tallies (region_path, due_day, n)
SELECT p, d, SUM(n) FROM (
    SELECT region_path AS p, CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER) AS d, COUNT(*) AS n FROM events WHERE next_deadline IS NOT NULL
        GROUP BY region_path, CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 13), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 13 GROUP BY substr(region_path, 1, 13), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 26), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 26 GROUP BY substr(region_path, 1, 26), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 39), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 39 GROUP BY substr(region_path, 1, 39), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)
    UNION ALL
    SELECT substr(region_path, 1, 52), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER), COUNT(*) FROM events
        WHERE next_deadline IS NOT NULL AND length(region_path) > 52 GROUP BY substr(region_path, 1, 52), CAST(to_char(next_deadline AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER)
) AS levels GROUP BY p, d;
