-- Notifiable disease report cards (传染病报告卡, issue 16): as a hospital or
-- clinic files them, matched to a resident by the ID number's blind index,
-- placed in a grid (or a pool), checked for duplicates and reviewed by the
-- county CDC. A correction (订正) is a card of its own naming the card it
-- corrects (corrects); that card becomes 'corrected'.
CREATE TABLE epi_reports (
    id             TEXT COLLATE "C" PRIMARY KEY,
    card_no        TEXT NOT NULL,
    report_type    TEXT NOT NULL,               -- initial, correction
    corrects       TEXT COLLATE "C",            -- the card a correction corrects
    corrected_by   TEXT COLLATE "C",            -- the correction that corrected this card
    name           TEXT NOT NULL,
    parent_name    TEXT NOT NULL DEFAULT '',
    id_enc         TEXT NOT NULL DEFAULT '',
    id_idx         TEXT COLLATE "C" NOT NULL DEFAULT '',
    phone_enc      TEXT NOT NULL DEFAULT '',
    phone_idx      TEXT COLLATE "C" NOT NULL DEFAULT '',
    sex            TEXT NOT NULL,
    birth_date     TEXT NOT NULL DEFAULT '',
    age            INTEGER,
    age_unit       TEXT NOT NULL DEFAULT '',
    work_unit      TEXT NOT NULL DEFAULT '',
    school_class   TEXT NOT NULL DEFAULT '',
    belongs        TEXT NOT NULL,
    address        TEXT NOT NULL,
    address_code   TEXT NOT NULL DEFAULT '',
    occupation     TEXT NOT NULL,
    classification TEXT NOT NULL,
    course         TEXT NOT NULL DEFAULT '',
    onset_date     TEXT NOT NULL DEFAULT '',
    diagnosed_at   TIMESTAMPTZ NOT NULL,
    death_date     TEXT NOT NULL DEFAULT '',
    disease_code   TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    subtype        TEXT NOT NULL DEFAULT '',
    reporting_unit TEXT NOT NULL,
    doctor         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    -- who filed it: the account's unit and region (timeliness is per unit)
    unit_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    unit_path      TEXT COLLATE "C" NOT NULL,
    filed_by       TEXT NOT NULL,
    filed_at       TIMESTAMPTZ NOT NULL,
    -- where the patient was placed: a grid's path, or a pool's region
    region_path    TEXT COLLATE "C" NOT NULL,
    grid_code      TEXT NOT NULL DEFAULT '',
    pooled         BOOLEAN NOT NULL DEFAULT FALSE,
    resident_id    TEXT COLLATE "C",
    person_id      TEXT COLLATE "C",
    urgent         BOOLEAN NOT NULL DEFAULT FALSE, -- 甲 or managed as 甲: 2-hour report, 2-hour review
    report_hours   INTEGER NOT NULL,
    on_time        BOOLEAN NOT NULL,
    status         TEXT NOT NULL,               -- filed, reviewed, returned, duplicate, corrected
    review_due     TIMESTAMPTZ NOT NULL,
    reviewed_at    TIMESTAMPTZ,
    reviewed_by    TEXT NOT NULL DEFAULT '',
    review_on_time BOOLEAN,
    return_reason  TEXT NOT NULL DEFAULT '',
    -- 查重: an earlier card of the same person and disease; dup_resolution
    -- is the reviewer's word on it (kept, duplicate), '' while open
    duplicate_of   TEXT COLLATE "C",
    dup_resolution TEXT NOT NULL DEFAULT '',
    event_id       TEXT COLLATE "C",
    updated_at     TIMESTAMPTZ NOT NULL
);
-- the review list: a county's cards by status, the newest first (keyset on filed_at, id)
CREATE INDEX epi_reports_scope ON epi_reports (region_path, status, filed_at, id);
CREATE INDEX epi_reports_filed ON epi_reports (region_path, filed_at, id);
-- a unit's own cards (a hospital account sees only these)
CREATE INDEX epi_reports_unit ON epi_reports (unit_id, filed_at, id);
-- 查重: the cards of one person and disease
CREATE INDEX epi_reports_person ON epi_reports (id_idx, disease_code) WHERE id_idx <> '';
-- one initial card per number and unit; a correction keeps the number
CREATE UNIQUE INDEX epi_reports_card_no ON epi_reports (unit_id, card_no) WHERE report_type = 'initial';

-- Timeliness per reporting unit and day filed (Beijing), counted at every
-- level of the unit's region path (db.Tally): cards filed (initial ones),
-- filed on time, reviewed, reviewed on time.
CREATE TABLE epi_report_tallies (
    region_path    TEXT COLLATE "C" NOT NULL,
    unit_id        TEXT COLLATE "C" NOT NULL,
    day            TEXT NOT NULL,
    cards          BIGINT NOT NULL DEFAULT 0,
    on_time        BIGINT NOT NULL DEFAULT 0,
    reviewed       BIGINT NOT NULL DEFAULT 0,
    review_on_time BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_path, unit_id, day)
);
