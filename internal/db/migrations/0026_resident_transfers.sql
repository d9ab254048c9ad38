-- Population (issue 13): transfer requests between regions.

-- A region asks the region holding a resident to hand them over. The ID
-- number is sealed like the residents' own; the name is as the requester
-- typed it. resident_id is the resident the ID number and name matched when
-- the request was filed, NULL when none did: such a request waits at the root
-- of the tree (holder_path), where only the city level sees it, so that the
-- requester cannot tell it from one waiting for a holder.
CREATE TABLE resident_transfers (
    id           TEXT COLLATE "C" PRIMARY KEY,
    id_enc       TEXT NOT NULL,
    id_idx       TEXT COLLATE "C" NOT NULL,
    name         TEXT NOT NULL,
    resident_id  TEXT COLLATE "C" REFERENCES residents (id),
    -- the resident's grid when filed
    from_grid_code TEXT,
    -- who decides: the path of the resident's grid when filed, or the root's
    holder_path  TEXT COLLATE "C" NOT NULL,
    to_grid_code TEXT NOT NULL REFERENCES regions (code),
    to_path      TEXT COLLATE "C" NOT NULL,
    reason       TEXT NOT NULL,
    -- pending, approved, refused
    status       TEXT NOT NULL,
    requester_id TEXT NOT NULL,
    requester    TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    decider_id   TEXT,
    decider      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMPTZ
);
-- the holding region's incoming requests, and the requesting region's outgoing ones, newest first
CREATE INDEX resident_transfers_holder ON resident_transfers (holder_path, created_at);
CREATE INDEX resident_transfers_target ON resident_transfers (to_path, created_at);
-- one open request per person and target grid
CREATE UNIQUE INDEX resident_transfers_open ON resident_transfers (id_idx, to_grid_code) WHERE status = 'pending';
