-- Venues and check-ins (issue 17): the places people gather (场所) with
-- their printed QR code (场所码), and who was there when. Check-ins are the
-- biggest table of the module (a city: 30 M rows over the 14 days they are
-- kept), so their rows are integers only: a venue and a visitor by number,
-- times as Unix seconds. A contact trace reads them by venue and time.

-- A venue. id is internal (check-ins name it); the API names a venue by its
-- code. qr_token is the poster's changing part: rotating it voids the posters
-- printed before, the code stays.
CREATE TABLE epi_venues (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT COLLATE "C" NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    kind                 TEXT NOT NULL,  -- school, market, clinic, restaurant, workplace, transport, other
    address              TEXT NOT NULL DEFAULT '',
    lng                  DOUBLE PRECISION,
    lat                  DOUBLE PRECISION,
    grid_code            TEXT NOT NULL DEFAULT '',
    region_path          TEXT COLLATE "C" NOT NULL,
    default_stay_minutes INTEGER NOT NULL,
    qr_token             TEXT NOT NULL,
    qr_rotated_at        TIMESTAMPTZ NOT NULL,
    closed_at            TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_venues_scope ON epi_venues (region_path, name);

-- A person who checked in somewhere: one row per ID number (its blind
-- index) or, failing one, per resident. A resident checking in by either is
-- the same visitor. Deleted with their last check-in.
CREATE TABLE epi_visitors (
    id           INTEGER PRIMARY KEY,
    id_idx       TEXT COLLATE "C" NOT NULL DEFAULT '',
    id_enc       TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    phone_enc    TEXT NOT NULL DEFAULT '',
    resident_id  TEXT COLLATE "C",
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX epi_visitors_idx ON epi_visitors (id_idx) WHERE id_idx <> '';
CREATE UNIQUE INDEX epi_visitors_resident ON epi_visitors (resident_id) WHERE resident_id IS NOT NULL;

-- A stay: time_in and time_out in Unix seconds; no time_out: the venue's
-- default stay. The key makes a repeated upload of the same check-in one row.
CREATE TABLE epi_venue_checkins (
    venue_id    INTEGER NOT NULL,
    time_in     BIGINT NOT NULL,
    visitor_id  INTEGER NOT NULL,
    time_out    BIGINT,
    PRIMARY KEY (venue_id, time_in, visitor_id)
);
CREATE INDEX epi_venue_checkins_visitor ON epi_venue_checkins (visitor_id, time_in);
