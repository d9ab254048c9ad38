-- Population (issue 3): resident_tallies at every level of the path — the
-- city, the county, the township and the village as well as the grid, as
-- event_tallies — so that "how many in my county" (with a stored tag or
-- not) is one row, not a sum over its eight hundred grids. Residents always
-- lie in a grid, so the rows so far are the grids'; a grid's path is 68
-- characters and its ancestors' the first 13, 26, 39 and 52.

INSERT INTO resident_tallies (tag, region_path, n)
SELECT tag, p, SUM(n) FROM (
    SELECT tag, substr(region_path, 1, 13) AS p, n FROM resident_tallies WHERE length(region_path) > 13
    UNION ALL
    SELECT tag, substr(region_path, 1, 26), n FROM resident_tallies WHERE length(region_path) > 26
    UNION ALL
    SELECT tag, substr(region_path, 1, 39), n FROM resident_tallies WHERE length(region_path) > 39
    UNION ALL
    SELECT tag, substr(region_path, 1, 52), n FROM resident_tallies WHERE length(region_path) > 52
) AS levels GROUP BY tag, p;
