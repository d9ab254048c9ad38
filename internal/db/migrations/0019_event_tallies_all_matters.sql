-- The event list's totals (issue 4): beside each region's rows per status and
-- matter, a row per status for all matters (matter_code ''), so that a
-- list filtered by region (and status) sums a dozen rows, not every
-- matter's. No matter has the empty code.

INSERT INTO event_tallies (region_path, status, matter_code, n)
SELECT region_path, status, '', SUM(n) FROM event_tallies GROUP BY region_path, status;

-- a region's rows for one matter (or all, ''), each status
CREATE INDEX event_tallies_matter ON event_tallies (region_path, matter_code, status);
