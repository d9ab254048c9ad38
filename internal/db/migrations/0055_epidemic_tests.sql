-- Epidemic prevention (issue 16): test results (检测) and campaign coverage
-- (应检尽检).

-- One row per result as a laboratory sends it, once: a resend of the same
-- (ID number, sample time, institution) is a duplicate and writes nothing.
-- The ID number is sealed with its blind index; resident_id, grid_code and
-- region_path are where the resident it matched lives (for an unmatched
-- person, the region of the sender), and scope reads region_path.
CREATE TABLE epi_tests (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    id_enc        TEXT NOT NULL,
    id_idx        TEXT COLLATE "C" NOT NULL,
    sampled_at    TIMESTAMPTZ NOT NULL,
    kind          TEXT NOT NULL,               -- nucleic_acid, antigen, culture, other
    pathogen      TEXT NOT NULL,
    result        TEXT NOT NULL,               -- positive, negative, invalid
    institution   TEXT NOT NULL,
    disease_code  TEXT COLLATE "C" NOT NULL DEFAULT '',
    resident_id   TEXT COLLATE "C",
    grid_code     TEXT NOT NULL DEFAULT '',
    region_path   TEXT COLLATE "C" NOT NULL,
    person_id     TEXT COLLATE "C",            -- the risk person a positive result named
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX epi_tests_once ON epi_tests (id_idx, sampled_at, institution);
CREATE INDEX epi_tests_scope ON epi_tests (region_path, sampled_at);

-- Each tested resident once, with the days (Beijing, YYYYMMDD, ascending,
-- comma-separated) they were sampled on and where they live as of their
-- latest result: the untested list's "who has a result in the window", and
-- what the coverage tally is moved from. Its row is also the lock that
-- serialises two batches naming the same resident.
CREATE TABLE epi_test_residents (
    resident_id  TEXT COLLATE "C" PRIMARY KEY,
    region_path  TEXT COLLATE "C" NOT NULL,
    days         TEXT NOT NULL DEFAULT ''
);

-- Coverage: per region (every level), day and prev_day — the resident's
-- previous test day, 0 for none — the residents sampled on day whose previous
-- test was on prev_day. A resident is tested in a window [from, to] exactly
-- when one of their days in it has its previous day before from (the first
-- one in the window does, no later one does), so the distinct residents
-- tested in the window are SUM(n) over day BETWEEN from AND to AND
-- prev_day < from: rows of one region, never the results (a db.Tally).
CREATE TABLE epi_test_tallies (
    region_path  TEXT COLLATE "C" NOT NULL,
    day          INTEGER NOT NULL,
    prev_day     INTEGER NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (region_path, day, prev_day)
);

-- The results list's totals: results per region (every level), sample day
-- and result, so that a county's list over a campaign's week is counted
-- from a few rows (a db.Tally); a list searching a name counts its rows.
CREATE TABLE epi_test_counts (
    region_path  TEXT COLLATE "C" NOT NULL,
    day          INTEGER NOT NULL,
    result       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (region_path, day, result)
);
-- the newest results of a large subtree, walked from the newest
CREATE INDEX epi_tests_time ON epi_tests (sampled_at);
