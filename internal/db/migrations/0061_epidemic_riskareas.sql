-- Risk areas (风险区域, issue 17): the rule sets that say how an area's level
-- falls when no new case appears in it, kept as versions (a new version
-- supersedes the one in force and both stay: an area follows the version it
-- was published under), the areas — a region, a grid or a drawn polygon —
-- with their level and status, and each area's history of changes.

-- A version of a rule set. code names the series (one series per owner
-- region and code); rules is JSON: {"levels": [...], "downgrades": [{"from":
-- "high", "to": "medium", "days": 7}, …]}.
CREATE TABLE epi_risk_rulesets (
    id             TEXT COLLATE "C" PRIMARY KEY,
    code           TEXT COLLATE "C" NOT NULL,
    name           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    owner_path     TEXT COLLATE "C" NOT NULL,
    rules          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    effective_from TIMESTAMPTZ NOT NULL,
    superseded_at  TIMESTAMPTZ,
    created_by     TEXT COLLATE "C" NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX epi_risk_rulesets_version ON epi_risk_rulesets (owner_path, code, version);
-- one version in force per series
CREATE UNIQUE INDEX epi_risk_rulesets_current ON epi_risk_rulesets (owner_path, code) WHERE superseded_at IS NULL;

-- An area. region_path is where it belongs (scope): the region or grid it
-- names, or for a polygon the lowest region holding every vertex. geometry is
-- the polygon's GeoJSON (WGS-84), '' for a region or grid; the bounding box
-- narrows a point's test. last_case_at is the newest case found inside;
-- level_since when its level last changed; both drive the downgrades.
CREATE TABLE epi_risk_areas (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,  -- region, grid, polygon
    region_code  TEXT COLLATE "C" NOT NULL,
    region_path  TEXT COLLATE "C" NOT NULL,
    geometry     TEXT NOT NULL DEFAULT '',
    min_lng      DOUBLE PRECISION,
    min_lat      DOUBLE PRECISION,
    max_lng      DOUBLE PRECISION,
    max_lat      DOUBLE PRECISION,
    level        TEXT NOT NULL,  -- high, medium, low
    status       TEXT NOT NULL,  -- draft, published, downgraded, lifted
    ruleset_id   TEXT COLLATE "C" NOT NULL REFERENCES epi_risk_rulesets (id),
    valid_from   TIMESTAMPTZ,
    valid_to     TIMESTAMPTZ,
    level_since  TIMESTAMPTZ,
    last_case_at TIMESTAMPTZ,
    residents    INTEGER NOT NULL DEFAULT 0,
    notice_id    TEXT COLLATE "C" NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT COLLATE "C" NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX epi_risk_areas_scope ON epi_risk_areas (region_path, status);
CREATE INDEX epi_risk_areas_status ON epi_risk_areas (status, region_path);

-- What happened to an area, in order: created, published, downgraded (by
-- the rules or by hand), lifted, each with the notice it issued.
CREATE TABLE epi_risk_area_history (
    area_id     TEXT COLLATE "C" NOT NULL REFERENCES epi_risk_areas (id),
    seq         INTEGER NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    action      TEXT NOT NULL,
    from_level  TEXT NOT NULL DEFAULT '',
    to_level    TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    by_name     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    notice_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (area_id, seq)
);
