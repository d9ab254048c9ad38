-- Control measures (issue 16): what a protocol version orders for a risk
-- person, laid on the calendar as stages; their history, daily check-ins,
-- the isolation sites (隔离点) and the stays that hold their rooms.

-- Isolation sites. rooms is the JSON list of room names; capacity its length.
CREATE TABLE epi_sites (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    region_path  TEXT COLLATE "C" NOT NULL,
    lng          DOUBLE PRECISION,
    lat          DOUBLE PRECISION,
    rooms        TEXT NOT NULL DEFAULT '[]',
    capacity     INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_sites_scope ON epi_sites (region_path, name);

-- A measure: one per order, following one protocol version. A person has at
-- most one open measure. Its scope is its person's (joined, so that a person
-- moved from a pool to a grid takes their measure along). checked_through is
-- the last Beijing day the check-in sweep has looked at.
CREATE TABLE epi_measures (
    id               TEXT COLLATE "C" PRIMARY KEY,
    person_id        TEXT COLLATE "C" NOT NULL REFERENCES epi_persons (id),
    protocol_id      TEXT COLLATE "C" NOT NULL REFERENCES epi_protocols (id),
    protocol_version INTEGER NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    state            TEXT NOT NULL,               -- active, ended
    end_reason       TEXT NOT NULL DEFAULT '',    -- completed, released
    checked_through  TEXT NOT NULL DEFAULT '',
    ordered_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ
);
CREATE UNIQUE INDEX epi_measures_open ON epi_measures (person_id) WHERE ended_at IS NULL;
CREATE INDEX epi_measures_active ON epi_measures (state, end_date);

-- A measure's stages on the calendar (Beijing days, both ends included),
-- ordered by start; test_dates is a JSON list of days.
CREATE TABLE epi_measure_stages (
    measure_id       TEXT COLLATE "C" NOT NULL REFERENCES epi_measures (id),
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    checkins_per_day INTEGER NOT NULL,
    test_dates       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (measure_id, start_date)
);

-- Every order, extension, change, assignment and release: the person's
-- history of measures.
CREATE TABLE epi_measure_events (
    id          TEXT COLLATE "C" PRIMARY KEY,
    measure_id  TEXT COLLATE "C" NOT NULL REFERENCES epi_measures (id),
    person_id   TEXT COLLATE "C" NOT NULL,
    action      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',
    user_id     TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_measure_events_measure ON epi_measure_events (measure_id, at);
CREATE INDEX epi_measure_events_person ON epi_measure_events (person_id, at);

-- Daily check-ins; day is the Beijing date.
CREATE TABLE epi_checkins (
    id           TEXT COLLATE "C" PRIMARY KEY,
    measure_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_measures (id),
    day          TEXT NOT NULL,
    temperature  DOUBLE PRECISION NOT NULL,
    symptoms     TEXT NOT NULL DEFAULT '[]',
    test_taken   BOOLEAN NOT NULL DEFAULT FALSE,
    note         TEXT NOT NULL DEFAULT '',
    fever        BOOLEAN NOT NULL DEFAULT FALSE,
    by_self      BOOLEAN NOT NULL DEFAULT FALSE,
    user_id      TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_checkins_measure ON epi_checkins (measure_id, day);

-- A missed day alerted once: the sweep's record per measure and day.
CREATE TABLE epi_missed_checkins (
    measure_id  TEXT COLLATE "C" NOT NULL REFERENCES epi_measures (id),
    day         TEXT NOT NULL,
    done        INTEGER NOT NULL,
    wanted      INTEGER NOT NULL,
    PRIMARY KEY (measure_id, day)
);

-- A room held by a centralised-isolation stay, from its stage's first day to
-- its last; released when the measure ends or the stage is over. Two
-- assignments never hold one room: the unique index among unreleased stays.
CREATE TABLE epi_stays (
    id           TEXT COLLATE "C" PRIMARY KEY,
    measure_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_measures (id),
    site_id      TEXT COLLATE "C" NOT NULL REFERENCES epi_sites (id),
    room         TEXT NOT NULL,
    until_date   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    released_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX epi_stays_room ON epi_stays (site_id, room) WHERE released_at IS NULL;
CREATE UNIQUE INDEX epi_stays_measure ON epi_stays (measure_id) WHERE released_at IS NULL;
