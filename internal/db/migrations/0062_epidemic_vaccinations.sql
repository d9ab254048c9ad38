-- Vaccination records (疫苗接种, issue 17): one row per person (the ID
-- number's blind index), vaccine and dose — an import naming the same dose
-- again is the same row. A record matched to a living resident carries the
-- resident's region path and age group and is counted in the tallies; one
-- that matches nobody is kept (region_path '') and counted nowhere.
CREATE TABLE epi_vaccinations (
    id_idx      TEXT COLLATE "C" NOT NULL,
    vaccine     TEXT COLLATE "C" NOT NULL,
    dose        INTEGER NOT NULL,
    id_enc      TEXT NOT NULL,
    given_on    TEXT NOT NULL,  -- YYYY-MM-DD, Beijing
    unit        TEXT NOT NULL,
    birth_ymd   INTEGER NOT NULL,
    resident_id TEXT COLLATE "C",
    region_path TEXT COLLATE "C" NOT NULL DEFAULT '',
    age_group   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id_idx, vaccine, dose)
);
-- the ageing job's birthdays: people crossing an age group's boundary
CREATE INDEX epi_vaccinations_birth ON epi_vaccinations (birth_ymd) WHERE region_path <> '';

-- Coverage counts (db.Tally) at every level of the resident's path: people
-- with at least one dose of the vaccine, and doses, per age group.
CREATE TABLE epi_vaccination_tallies (
    region_path TEXT COLLATE "C" NOT NULL,
    vaccine     TEXT COLLATE "C" NOT NULL,
    age_group   TEXT NOT NULL,
    people      BIGINT NOT NULL,
    doses       BIGINT NOT NULL,
    PRIMARY KEY (region_path, vaccine, age_group)
);

-- The last day (YYYYMMDD, Beijing) the ageing job moved people between age
-- groups: after a pause it catches up from there.
CREATE TABLE epi_vaccination_aged (
    id  INTEGER PRIMARY KEY,
    day INTEGER NOT NULL
);
