-- Population (issue 13 §6): the buildings of each region at every level of
-- its path — the city, the county, the township, the village and the grid —
-- so that the building list's total ("how many in my city") is one row, not
-- a count of the city's 100,000 buildings on every page. Buildings always
-- lie in a grid; a grid's path is 68 characters and its ancestors' the
-- first 13, 26, 39 and 52.

CREATE TABLE building_tallies (
    region_path TEXT COLLATE "C" PRIMARY KEY,
    n           BIGINT NOT NULL
);

INSERT INTO building_tallies (region_path, n)
SELECT p, COUNT(*) FROM (
    SELECT region_path AS p FROM buildings
    UNION ALL
    SELECT substr(region_path, 1, 13) FROM buildings WHERE length(region_path) > 13
    UNION ALL
    SELECT substr(region_path, 1, 26) FROM buildings WHERE length(region_path) > 26
    UNION ALL
    SELECT substr(region_path, 1, 39) FROM buildings WHERE length(region_path) > 39
    UNION ALL
    SELECT substr(region_path, 1, 52) FROM buildings WHERE length(region_path) > 52
) AS levels GROUP BY p;
