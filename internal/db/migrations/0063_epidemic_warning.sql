-- Early warning (监测预警, issue 17): daily counts per disease and region,
-- the detection methods configured per disease and level, and the signals
-- they raise for the county CDC to verify, dismiss or confirm.

-- Daily counts per region path, disease (or syndrome) and source, at every
-- level of the path (db.Tally): a township's series is its own rows. Report
-- cards count by their diagnosis day (Beijing) at their placement; the
-- other sources (fever clinics, pharmacies, schools) by what they post.
CREATE TABLE epi_warning_counts (
    region_path  TEXT COLLATE "C" NOT NULL,
    disease_code TEXT COLLATE "C" NOT NULL,
    source       TEXT COLLATE "C" NOT NULL,  -- report, fever_clinic, pharmacy, school_absence
    day          TEXT COLLATE "C" NOT NULL,  -- YYYY-MM-DD, Beijing
    n            BIGINT NOT NULL,
    PRIMARY KEY (region_path, disease_code, source, day)
);
-- a day's evaluation reads the rows of that day
CREATE INDEX epi_warning_counts_day ON epi_warning_counts (day, region_path);

-- What each source posted per region, day and disease: a repeated post of
-- the same key replaces its count, and the tally moves by the difference.
CREATE TABLE epi_warning_posts (
    source       TEXT COLLATE "C" NOT NULL,
    region_code  TEXT COLLATE "C" NOT NULL,
    day          TEXT COLLATE "C" NOT NULL,
    disease_code TEXT COLLATE "C" NOT NULL,
    region_path  TEXT COLLATE "C" NOT NULL,
    n            BIGINT NOT NULL,
    posted_by    TEXT NOT NULL,
    posted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, region_code, day, disease_code)
);

-- The methods configured apart from the defaults (docs/epidemic-warning.md):
-- per disease (or syndrome), region level, method and source.
CREATE TABLE epi_warning_methods (
    disease_code TEXT COLLATE "C" NOT NULL,
    level        TEXT NOT NULL,             -- grid, village, township, county, city
    method       TEXT NOT NULL,             -- fixed, C1, C2, C3
    source       TEXT COLLATE "C" NOT NULL,
    enabled      BOOLEAN NOT NULL,
    threshold    DOUBLE PRECISION NOT NULL, -- fixed: cases in 7 days; EARS: standard deviations
    min_sigma    DOUBLE PRECISION NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (disease_code, level, method, source)
);

-- The module's settings (suppression window, confirm opens an event) and
-- the last day the scheduled evaluation closed.
CREATE TABLE epi_warning_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A signal (预警信号) and its handling by the county CDC.
CREATE TABLE epi_warning_signals (
    id               TEXT COLLATE "C" PRIMARY KEY,
    disease_code     TEXT COLLATE "C" NOT NULL,
    disease_name     TEXT NOT NULL,              -- as they were named when raised: a list reads no other table
    source           TEXT COLLATE "C" NOT NULL,
    region_path      TEXT COLLATE "C" NOT NULL,
    region_name      TEXT NOT NULL,
    region_level     TEXT NOT NULL,
    county_path      TEXT COLLATE "C" NOT NULL,  -- whose queue: the county's (the city's for a city signal)
    method           TEXT NOT NULL,              -- the first method that flagged
    methods          TEXT NOT NULL,              -- every method that flagged, ",C1,C2,"
    day              TEXT COLLATE "C" NOT NULL,
    count            BIGINT NOT NULL,
    threshold        DOUBLE PRECISION NOT NULL,
    level            TEXT NOT NULL,              -- red, orange, yellow, blue
    rank             INTEGER NOT NULL,           -- 4 red … 1 blue
    status           TEXT NOT NULL,              -- open, verifying, dismissed, confirmed
    card_id          TEXT COLLATE "C",           -- the 甲 card that raised it at once
    raised_at        TIMESTAMPTZ NOT NULL,
    first_action_at  TIMESTAMPTZ,
    response_seconds BIGINT,
    verified_at      TIMESTAMPTZ,
    verified_by      TEXT NOT NULL DEFAULT '',
    closed_at        TIMESTAMPTZ,
    closed_by        TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    outbreak_id      TEXT NOT NULL DEFAULT '',
    event_id         TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);
-- the queue and the list: a county's signals, the newest day first
CREATE INDEX epi_warning_signals_scope ON epi_warning_signals (region_path, day);
-- suppression: the last signals of a region and disease
CREATE INDEX epi_warning_signals_recent ON epi_warning_signals (region_path, disease_code, day);
-- response times per county over a period
CREATE INDEX epi_warning_signals_county ON epi_warning_signals (county_path, raised_at);
