-- The event list's totals (issue 4): beside each region's rows per status and
-- matter, rows per status for all matters, so that a list filtered by region
-- (and status) sums a few dozen rows, not every matter's. They are spread
-- over eight shards (matter_code '*0' … '*7', by the event's id; no matter
-- code begins with '*'): each step of the workflow moves the city's rows,
-- and on PostgreSQL one row for all of them would queue every step in the
-- city behind the one before it. This fills shard '*0' with the totals.

INSERT INTO event_tallies (region_path, status, matter_code, n)
SELECT region_path, status, '*0', SUM(n) FROM event_tallies GROUP BY region_path, status;

-- a region's rows for one matter (or all: the shards), each status
CREATE INDEX event_tallies_matter ON event_tallies (region_path, matter_code, status);

-- PostgreSQL estimates a region's share of the events from a histogram of
-- region_path; with the default hundred buckets a township (one case in two
-- hundred) falls inside one, is guessed at a tenth of its size, and its
-- newest page is read and sorted off the region index (58 ms) instead of
-- walked off events_newest (0.6 ms). A thousand buckets tell them apart.
-- postgres only
ALTER TABLE events ALTER COLUMN region_path SET STATISTICS 1000;
