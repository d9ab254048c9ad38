-- Grids and teams: the "three teams and one person" (三队伍一人员) who work
-- in the grids, and the party branches linked to communities and grids. The
-- grids themselves are regions of level 'grid'.

CREATE TABLE team_members (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    phone_enc   TEXT NOT NULL,
    phone_idx   TEXT NOT NULL,
    user_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    unit_id     TEXT REFERENCES units (id),
    duty        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    region_path TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX team_members_scope ON team_members (region_path, type);
CREATE UNIQUE INDEX team_members_phone ON team_members (phone_idx, type);
CREATE INDEX team_members_user ON team_members (user_id);
CREATE INDEX team_members_unit ON team_members (unit_id);

-- The grids a member serves; grid_path (the grid's region path) lets a
-- scope query find them without joining regions.
CREATE TABLE team_member_grids (
    member_id TEXT NOT NULL REFERENCES team_members (id) ON DELETE CASCADE,
    grid_code TEXT NOT NULL REFERENCES regions (code),
    grid_path TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (member_id, grid_code)
);
CREATE INDEX team_member_grids_path ON team_member_grids (grid_path, member_id);

-- Party branches (units of type party_branch) linked to the communities
-- (villages) and grids they cover.
CREATE TABLE party_branch_links (
    unit_id     TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    region_path TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (region_code, unit_id)
);
CREATE INDEX party_branch_links_path ON party_branch_links (region_path);
CREATE INDEX party_branch_links_unit ON party_branch_links (unit_id);
