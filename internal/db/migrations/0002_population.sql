-- Population (issue 3): buildings, households, residents, their key-population
-- tags and their history. Residents always sit in a grid; region_path is the
-- grid's path, so "my subtree" is one range on every index below. Ids, codes
-- and blind indexes are binary-collated: PostgreSQL then compares them with
-- memcmp instead of the locale's rules (grid_code stays as regions.code is,
-- since the two are joined).

CREATE TABLE buildings (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    lng         DOUBLE PRECISION,
    lat         DOUBLE PRECISION,
    grid_code   TEXT NOT NULL REFERENCES regions (code),
    region_path TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX buildings_scope ON buildings (region_path, name);

CREATE TABLE households (
    id               TEXT COLLATE "C" PRIMARY KEY,
    building_id      TEXT COLLATE "C" NOT NULL REFERENCES buildings (id),
    room             TEXT NOT NULL,
    -- no foreign key: residents references households, and SQLite cannot add
    -- the second half of a cycle later; the service checks the head instead
    head_resident_id TEXT COLLATE "C",
    grid_code        TEXT NOT NULL,
    region_path      TEXT COLLATE "C" NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX households_room ON households (building_id, room);
CREATE INDEX households_scope ON households (region_path);

CREATE TABLE residents (
    id             TEXT COLLATE "C" PRIMARY KEY,
    name           TEXT COLLATE "C" NOT NULL,
    -- national ID number: AES-GCM sealed, and its HMAC blind index for lookups
    id_enc         TEXT NOT NULL,
    id_idx         TEXT COLLATE "C" NOT NULL,
    -- derived from the ID number; birth_ymd is yyyymmdd so that ages are integer ranges
    gender         TEXT NOT NULL,
    birth_ymd      INTEGER NOT NULL,
    ethnicity      TEXT NOT NULL DEFAULT '',
    phone_enc      TEXT NOT NULL DEFAULT '',
    phone_idx      TEXT COLLATE "C",
    household_id   TEXT COLLATE "C" REFERENCES households (id),
    building_id    TEXT COLLATE "C" REFERENCES buildings (id),
    address        TEXT NOT NULL DEFAULT '',
    grid_code      TEXT NOT NULL REFERENCES regions (code),
    -- the county of the grid: the equality prefix of the name and age indexes
    county_code    TEXT COLLATE "C" NOT NULL,
    region_path    TEXT COLLATE "C" NOT NULL,
    residence_type TEXT NOT NULL,
    status         TEXT NOT NULL,
    -- stored tags, comma-separated codes; age-based tags are never stored
    tags           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    deleted_at     TIMESTAMPTZ
);
-- one row per person ever: a deleted resident imported again is restored
CREATE UNIQUE INDEX residents_id_idx ON residents (id_idx);
CREATE INDEX residents_phone ON residents (phone_idx) WHERE phone_idx IS NOT NULL;
-- The list indexes hold living residents only and end with deleted_at (always
-- NULL in them): SQLite counts a query's "deleted_at IS NULL" as a column it
-- must read, and would visit the table for every row without it.
-- browsing a subtree in order, and counting it; with the birth date, an age
-- range below a county reads the index alone
CREATE INDEX residents_scope ON residents (region_path, name, birth_ymd, deleted_at) WHERE deleted_at IS NULL;
-- a name prefix inside a county (or each county of the city)
CREATE INDEX residents_name ON residents (county_code, name, deleted_at) WHERE deleted_at IS NULL;
-- an age range inside a county: 65+, 0-6, age_min/age_max; a county's count
CREATE INDEX residents_birth ON residents (county_code, birth_ymd, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX residents_household ON residents (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX residents_building ON residents (building_id) WHERE building_id IS NOT NULL;

-- The stored tags of living (not deleted) residents, keyed so that "tag T in
-- subtree P" is one index range, in the same order as the plain list.
CREATE TABLE resident_tags (
    tag         TEXT COLLATE "C" NOT NULL,
    region_path TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    resident_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tag, region_path, name, resident_id)
);

-- Append-only, read per resident. No key and no NOT NULL: on SQLite a
-- statement writing several rows under a constraint that may fail keeps a
-- journal of every page it touches; without one, a batch's history is written
-- many rows per statement. The service always fills every column.
CREATE TABLE resident_history (
    id          TEXT,
    resident_id TEXT COLLATE "C",
    at          TIMESTAMPTZ,
    actor_id    TEXT,
    actor       TEXT,
    action      TEXT,
    detail      TEXT
);
CREATE INDEX resident_history_resident ON resident_history (resident_id, at);
