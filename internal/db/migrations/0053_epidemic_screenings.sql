-- Screening lists (排查协查, issue 16): a list of risk persons pushed down
-- the region tree, distributed to the grids and verified one by one.

-- A screening list as it was taken in. region_path is the uploader's region:
-- the pool of the persons nothing places lower, and the list's scope.
CREATE TABLE epi_screenings (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT NOT NULL,
    disease_code  TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    category      TEXT NOT NULL,
    deadline      TIMESTAMPTZ NOT NULL,
    region_path   TEXT COLLATE "C" NOT NULL,
    file_name     TEXT NOT NULL DEFAULT '',
    rows_read     INTEGER NOT NULL DEFAULT 0,   -- non-blank data rows of the list
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_screenings_scope ON epi_screenings (region_path, created_at);

-- The rows of a list that were refused, each with its reason: never a
-- silent drop.
CREATE TABLE epi_screening_rejects (
    screening_id TEXT COLLATE "C" NOT NULL REFERENCES epi_screenings (id),
    line         INTEGER NOT NULL,
    field        TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL,
    PRIMARY KEY (screening_id, line)
);

-- Progress per list and region path (db.Tally): where each person the list
-- names stands now. received is distributed + pool.
CREATE TABLE epi_screening_tallies (
    screening_id TEXT COLLATE "C" NOT NULL,
    region_path  TEXT COLLATE "C" NOT NULL,
    distributed  BIGINT NOT NULL DEFAULT 0,   -- in a grid
    pool         BIGINT NOT NULL DEFAULT 0,   -- in a region's pool, to be assigned by hand
    verified     BIGINT NOT NULL DEFAULT 0,   -- verified, a measure decided or reported back
    overdue      BIGINT NOT NULL DEFAULT 0,   -- past the deadline and not verified
    PRIMARY KEY (screening_id, region_path)
);

-- What happened to a person, oldest first: each step of the verification,
-- an assignment by hand, a merge, an escalation.
CREATE TABLE epi_person_history (
    id          TEXT COLLATE "C" PRIMARY KEY,
    person_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_persons (id),
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    lng         DOUBLE PRECISION,
    lat         DOUBLE PRECISION,
    user_id     TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_person_history_person ON epi_person_history (person_id, at);

ALTER TABLE epi_persons ADD COLUMN destination TEXT NOT NULL DEFAULT '';
ALTER TABLE epi_persons ADD COLUMN overdue_at TIMESTAMPTZ;
ALTER TABLE epi_persons ADD COLUMN merged_into TEXT COLLATE "C";
-- the overdue sweep's work: open verifications past their deadline
CREATE INDEX epi_persons_due ON epi_persons (deadline)
    WHERE overdue_at IS NULL AND deadline IS NOT NULL AND state IN ('assigned', 'visited') AND merged_into IS NULL;
-- the persons lists: a grid's share by state, the earliest deadline first
-- (a grid is a leaf: its persons' path is the grid's, an equality), and
-- a wider scope walked in the lists' order
CREATE INDEX epi_persons_open ON epi_persons (region_path, state, deadline, id) WHERE merged_into IS NULL;
CREATE INDEX epi_persons_order ON epi_persons (state, deadline, id) WHERE merged_into IS NULL;
-- what the list said of the person (备注)
ALTER TABLE epi_person_sources ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- a list's address names the building it is in (population.MatchAddresses)
CREATE INDEX buildings_address ON buildings (address) WHERE address <> '';
