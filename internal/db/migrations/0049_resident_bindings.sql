-- Residents' accounts bound to their record in the population (issue 15,
-- 实名认证). One row per account that tried: linked to a resident (and
-- their household), a claim the community confirms or rejects, or a
-- rejected claim. id_enc is the ID number given, sealed; id_idx its blind
-- index, by which it was matched. An ID number is linked to one account at
-- most. region_path is the account's region, for the console's scope.
CREATE TABLE resident_bindings (
    user_id      TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    name         TEXT NOT NULL,
    id_enc       TEXT NOT NULL,
    id_idx       TEXT COLLATE "C" NOT NULL,
    resident_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
    household_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    region_path  TEXT COLLATE "C" NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX resident_bindings_linked ON resident_bindings (id_idx) WHERE status = 'linked';
CREATE INDEX resident_bindings_region ON resident_bindings (region_path, status);

-- a resident's own reports, newest first
CREATE INDEX events_reporter ON events (reporter_id, reported_at);
