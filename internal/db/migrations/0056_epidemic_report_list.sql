-- The county CDC's review list at city scale (issue 16): its total and its
-- page must not cost every card of the county.
--
-- The cards per placement, status and disease at every level of the
-- placement's path — the city, the county, the township, the village and
-- the grid — so that a list's total by region, status and disease is a few
-- rows (db.Tally), moved in the transaction of every write of a card. A
-- card lies in a grid (68 characters) or a region's pool; the ancestors'
-- paths are the first 13, 26, 39 and 52 characters.
CREATE TABLE epi_report_list_tallies (
    region_path  TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    disease_code TEXT COLLATE "C" NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (region_path, status, disease_code)
);

INSERT INTO epi_report_list_tallies (region_path, status, disease_code, n)
SELECT p, status, disease_code, COUNT(*) FROM (
    SELECT region_path AS p, status, disease_code FROM epi_reports
    UNION ALL
    SELECT substr(region_path, 1, 13), status, disease_code FROM epi_reports WHERE length(region_path) > 13
    UNION ALL
    SELECT substr(region_path, 1, 26), status, disease_code FROM epi_reports WHERE length(region_path) > 26
    UNION ALL
    SELECT substr(region_path, 1, 39), status, disease_code FROM epi_reports WHERE length(region_path) > 39
    UNION ALL
    SELECT substr(region_path, 1, 52), status, disease_code FROM epi_reports WHERE length(region_path) > 52
) AS levels GROUP BY p, status, disease_code;

-- A page newest first walked off an index in filed_at order, the region
-- (and the other filter) read off the index entry, not the card: a county's
-- twenty newest after a few hundred entries, where sorting its matches read
-- every one of its cards. Which one a page walks is chosen by the tallies
-- (report_list.go).
CREATE INDEX epi_reports_newest ON epi_reports (filed_at, id, region_path);
CREATE INDEX epi_reports_status ON epi_reports (status, filed_at, id, region_path, disease_code);
CREATE INDEX epi_reports_disease ON epi_reports (disease_code, filed_at, id, region_path, status);
