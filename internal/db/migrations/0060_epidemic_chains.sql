-- Transmission chains and outbreaks (issue 17). The exposures between risk
-- persons (epi_persons) are a graph; its connected components are chains,
-- kept as exposures arrive: a union-find persisted as a members table
-- (person → chain) where a merge relabels the smaller side, so that adding
-- an exposure touches its two chains only and never the world. Removing one
-- re-splits its own component (a BFS over that chain's edges).

-- A chain: its size (persons) and edges, its first and latest exposure
-- dates (YYYY-MM-DD, Beijing), and active_until, the last day of follow-up
-- after its latest exposure (the disease's close-contact protocol, or its
-- incubation period without one): active while today <= active_until.
CREATE TABLE epi_chains (
    id            TEXT COLLATE "C" PRIMARY KEY,
    disease_code  TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    size          INTEGER NOT NULL,
    edges         INTEGER NOT NULL,
    first_date    TEXT NOT NULL,
    latest_date   TEXT NOT NULL,
    active_until  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_chains_disease ON epi_chains (disease_code, active_until);
-- every column a list shows: a county's list joins its region rows to this
-- index alone, never to the table
CREATE INDEX epi_chains_list ON epi_chains (id, disease_code, active_until, latest_date, first_date, size, edges);

-- The union-find: which chain a person is in. A person joins with their
-- first exposure and leaves when their last one is removed.
CREATE TABLE epi_chain_members (
    person_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES epi_persons (id),
    chain_id   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX epi_chain_members_chain ON epi_chain_members (chain_id, person_id);

-- An exposure: source may have infected target. The same pair, kind and
-- day is one row, so that a retried push adds nothing.
CREATE TABLE epi_exposures (
    id          TEXT COLLATE "C" PRIMARY KEY,
    source_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_persons (id),
    target_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_persons (id),
    kind        TEXT NOT NULL,
    day         TEXT NOT NULL,
    certainty   TEXT NOT NULL,
    venue_code  TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL DEFAULT '',
    chain_id    TEXT COLLATE "C" NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX epi_exposures_pair ON epi_exposures (source_id, target_id, kind, day);
CREATE INDEX epi_exposures_target ON epi_exposures (target_id);
CREATE INDEX epi_exposures_chain ON epi_exposures (chain_id, day);

-- The regions a chain touches, as a tally: its members at every level of
-- their region paths, so that "the chains touching a county" is one index
-- range and a chain's grids are its rows at grid level. A row that falls to
-- 0 is deleted, so that the range is read off the key alone.
CREATE TABLE epi_chain_regions (
    region_path  TEXT COLLATE "C" NOT NULL,
    chain_id     TEXT COLLATE "C" NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (region_path, chain_id)
);
CREATE INDEX epi_chain_regions_chain ON epi_chain_regions (chain_id, region_path);

-- An outbreak (聚集性疫情): a named cluster the CDC declares over chains or a
-- venue. level: I–IV of the national public-health-emergency grading;
-- status: declared → controlled → closed.
CREATE TABLE epi_outbreaks (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT NOT NULL,
    disease_code TEXT COLLATE "C" NOT NULL REFERENCES epi_diseases (code),
    region_path  TEXT COLLATE "C" NOT NULL,
    level        TEXT NOT NULL,
    status       TEXT NOT NULL,
    venue_code   TEXT NOT NULL DEFAULT '',
    signal_id    TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    declared_by  TEXT NOT NULL,
    declared_at  TIMESTAMPTZ NOT NULL,
    closed_at    TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_outbreaks_scope ON epi_outbreaks (region_path, declared_at);

-- The chains an outbreak covers; a merge moves the row to the chain that
-- absorbed its own.
CREATE TABLE epi_outbreak_chains (
    outbreak_id  TEXT COLLATE "C" NOT NULL,
    chain_id     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (outbreak_id, chain_id)
);
CREATE INDEX epi_outbreak_chains_chain ON epi_outbreak_chains (chain_id);

-- An outbreak's timeline: declared, chains added, level changed,
-- controlled, closed — each with who and when.
CREATE TABLE epi_outbreak_events (
    outbreak_id  TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     TEXT NOT NULL,
    actor        TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (outbreak_id, seq)
);
